"""Benchmarks, evaluations and tuning scripts, run from the repository root as ``python -m benchmarks.NAME``.

Not shipped in the wheel. The scripts import each other as ``from benchmarks import corpus``, and the
tests import them the same way (pytest's ``pythonpath`` setting puts the repository root on the path).
"""

import importlib.util
import sys
from pathlib import Path

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
"""Where the corpora are kept, beside the repository (``../shared/corpora``): every script's default."""


def import_baseline(folder: Path, name: str = "provenance_baseline") -> str:
    """Import the ``provenance`` package kept in ``folder`` (an older tree) as ``name``; return ``name``.

    The benchmarks that compare the working tree with an older commit run both in one process, the older
    one under another name (``git archive COMMIT provenance | tar -x -C DIR``).
    """
    package = folder / "provenance"
    spec = importlib.util.spec_from_file_location(
        name, package / "__init__.py", submodule_search_locations=[str(package)]
    )
    if spec is None or spec.loader is None:
        raise SystemExit(f"{folder}: no provenance package here")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return name
