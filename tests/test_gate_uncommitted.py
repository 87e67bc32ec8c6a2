"""The gate says which baseline entries it read are not committed.

Round seven: after ``provenance accept`` (not committed), a local gate listed the new entry as "added" by
the change, as if the pull request carried it.  The gate reads the checkout, as it reads every file it
checks (in CI a clean checkout of the commit: the same); locally an entry nobody committed is now marked
so, in the text and the JSON, since CI, reading the commit, will not have it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from helpers import SEED_A, SEED_B, SEED_IDS, commit_all, seeds_repo

from provenance.cli import main

BASELINE = "seeds/.provenance-baseline.json"


@pytest.fixture
def repo(tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A change that adds a copy of a seed, its entry accepted in the checkout but not committed."""
    root = seeds_repo(tmp_path, seeds_dir, monkeypatch, without=(SEED_A, SEED_IDS[4]))
    shutil.copy(root / "seeds" / f"{SEED_B}.txt", root / "seeds" / "zz_reprint.txt")
    commit_all(root, "a reprint")
    accepted = CliRunner().invoke(main, ["accept", "seeds/zz_reprint.txt", "--source", f"seeds/{SEED_B}.txt"])
    assert accepted.exit_code == 0, accepted.output
    return root


def _gate(*args: str) -> Result:
    return CliRunner().invoke(main, ["gate", "--base", "HEAD~1", *args])


def test_an_uncommitted_entry_is_marked(repo: Path) -> None:
    text = _gate()
    assert text.exit_code == 0, text.output  # the checkout's baseline, as the gate reads every file
    assert (
        f"{BASELINE}: 1 baseline entry (1 not committed: read from the checkout; CI reads the commit) added"
        in text.stdout
    )
    assert "[not committed]" in text.stdout
    (entry,) = json.loads(_gate("--format", "json").stdout)["baseline_added"]["entries"]
    assert entry["new"] == "zz_reprint" and entry["committed"] is False


def test_a_committed_entry_is_listed_as_before(repo: Path) -> None:
    commit_all(repo, "accept the reprint")
    text = _gate()
    assert text.exit_code == 0, text.output
    assert f"{BASELINE}: 1 baseline entry added: WARN: review them" in text.stdout
    assert "not committed" not in text.stdout
    (entry,) = json.loads(_gate("--format", "json").stdout)["baseline_added"]["entries"]
    assert entry["committed"] is True
