"""The baseline file: the reuse pairs a project has accepted, which later checks pass.

A JSON document ``{"version": 1, "pairs": [{"a": ID, "b": ID}, …]}``, sorted so the
file only changes when the accepted pairs do.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from ..io.atomic import write_atomic
from ..report.json import render_json
from .policy import GateError

__all__ = ["BASELINE_VERSION", "load_baseline", "parse_baseline", "write_baseline"]

BASELINE_VERSION = 1


def load_baseline(path: str | os.PathLike[str]) -> frozenset[frozenset[str]]:
    """The accepted pairs of a baseline file (empty when the file does not exist)."""
    p = Path(path)
    if not p.exists():
        return frozenset()
    try:
        data = p.read_bytes()
    except OSError as err:
        raise GateError(f"{path}: not a valid baseline file ({type(err).__name__}: {err})") from None
    return parse_baseline(data, str(path))


def parse_baseline(data: bytes, source: str) -> frozenset[frozenset[str]]:
    """The accepted pairs of a baseline file's bytes (``source`` names it in the error)."""
    try:
        document = json.loads(data.decode("utf-8"))
        return frozenset(frozenset((str(e["a"]), str(e["b"]))) for e in document["pairs"])
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, RecursionError) as err:
        raise GateError(f"{source}: not a valid baseline file ({type(err).__name__}: {err})") from None


def write_baseline(path: str | os.PathLike[str], pairs: Iterable[tuple[str, str]]) -> int:
    """Write the accepted pairs (sorted, deterministic) atomically; return how many."""
    entries = sorted({tuple(sorted(p)) for p in pairs})
    data = {"version": BASELINE_VERSION, "pairs": [{"a": a, "b": b} for a, b in entries]}
    write_atomic(path, render_json(data))  # DEL and C1 controls escaped, as in every JSON output
    return len(entries)
