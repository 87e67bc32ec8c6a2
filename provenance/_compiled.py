"""The compiled text core (``provenance/_core.c``), or None where the package was installed without a C compiler.

Every module that uses it imports it from here (``from .._compiled import core as _core``) and keeps a plain
path beside each call that gives the same values (tests/test_fastpath.py); a test turns a module's core off
by setting that module's ``_core`` to None.  A core built by an older version, without one of the functions
this one calls, is not used at all: every module takes its plain path, rather than some failing on a missing
name.
"""

from __future__ import annotations

__all__ = ["FUNCTIONS", "core"]

FUNCTIONS = (
    "words",
    "census_words",
    "census_counts",
    "census_tally",
    "lines_holding",
    "sentences",
    "crc32_words",
    "block_minima",
    "index_keys",
    "band_keys",
    "repeated",
    "set_overlaps",
    "word_codes",
)
"""The functions of the core the package calls (``provenance/_core.pyi``)."""

try:
    from . import _core as core
except ImportError:  # pragma: no cover - installed without a C compiler: the plain paths
    core = None  # type: ignore[assignment]
if core is not None and not all(hasattr(core, name) for name in FUNCTIONS):  # pragma: no cover - a stale build
    core = None  # type: ignore[assignment]
