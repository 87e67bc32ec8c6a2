"""Golden reports: a fresh scan of seeds/ writes reports/provenance.{md,json,html} byte for byte.

The committed reports are what ``make report`` (``provenance scan seeds --out reports``, from the
repository root) writes; any change to a report shows up here as a diff to review. When the change is
intended, rewrite them with ``pytest tests/test_golden.py --update-golden`` (or
``PROVENANCE_UPDATE_GOLDEN=1``) and commit them with the reason.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import main

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
NAMES = ("provenance.md", "provenance.json", "provenance.html")
HOW_TO_UPDATE = (
    "if the change is intended, rewrite the golden reports with "
    "`.venv/bin/python -m pytest tests/test_golden.py --update-golden` (or PROVENANCE_UPDATE_GOLDEN=1) "
    "and commit them with the reason"
)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reports of a scan of seeds/ run as ``make report`` runs it (from the root, the path ``seeds``)."""
    out = tmp_path_factory.mktemp("golden")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)  # the reports name files by the path given, and settings come from ./pyproject.toml
        result = CliRunner().invoke(main, ["scan", "seeds", "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def _difference(golden: bytes, now: bytes) -> str:
    """Where the bytes first differ, and a short unified diff of the lines around it."""
    at = next((i for i, (x, y) in enumerate(zip(golden, now, strict=False)) if x != y), min(len(golden), len(now)))
    line = golden[:at].count(b"\n") + 1
    diff = difflib.unified_diff(
        golden.decode("utf-8", "replace").splitlines(),
        now.decode("utf-8", "replace").splitlines(),
        "committed",
        "fresh scan",
        n=1,
        lineterm="",
    )
    shown = [d[:200] for d in diff][:20]
    return f"first difference at byte {at} (line {line}); {len(golden)} bytes committed, {len(now)} now\n" + "\n".join(
        shown
    )


@pytest.mark.parametrize("name", NAMES)
def test_report_matches_the_committed_golden_file(name: str, fresh: Path, update_golden: bool) -> None:
    now = (fresh / name).read_bytes()
    golden_path = REPORTS / name
    if update_golden:
        if not golden_path.exists() or golden_path.read_bytes() != now:
            golden_path.write_bytes(now)
        return
    golden = golden_path.read_bytes()
    if golden != now:
        pytest.fail(f"reports/{name} differs from a fresh scan of seeds/: {_difference(golden, now)}\n{HOW_TO_UPDATE}")
