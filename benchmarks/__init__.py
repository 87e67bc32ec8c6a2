"""Benchmarks, evaluations and tuning scripts, run from the repository root as ``python -m benchmarks.NAME``.

Not shipped in the wheel. The scripts import each other as ``from benchmarks import corpus``, and the
tests import them the same way (pytest's ``pythonpath`` setting puts the repository root on the path).
"""

from pathlib import Path

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
"""Where the corpora are kept, beside the repository (``../shared/corpora``): every script's default."""
