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
from .policy import GateError

__all__ = ["BASELINE_VERSION", "load_baseline", "write_baseline"]

BASELINE_VERSION = 1


def load_baseline(path: str | os.PathLike[str]) -> frozenset[frozenset[str]]:
    """The accepted pairs of a baseline file (empty when the file does not exist)."""
    p = Path(path)
    if not p.exists():
        return frozenset()
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        pairs = frozenset(frozenset((str(e["a"]), str(e["b"]))) for e in data["pairs"])
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as err:
        raise GateError(f"{path}: not a valid baseline file ({type(err).__name__}: {err})") from None
    return pairs


def write_baseline(path: str | os.PathLike[str], pairs: Iterable[tuple[str, str]]) -> int:
    """Write the accepted pairs (sorted, deterministic) atomically; return how many."""
    entries = sorted({tuple(sorted(p)) for p in pairs})
    data = {"version": BASELINE_VERSION, "pairs": [{"a": a, "b": b} for a, b in entries]}
    write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return len(entries)
