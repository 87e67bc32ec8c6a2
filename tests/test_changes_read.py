"""A check's changes read source → new text in every output (docs/ci-gate.md).

Round six, newuser 10: ``check --format json``, ``gate --format json``, ``POST /api/check`` and the reprint
desk's page called the words a new text dropped an "insertion" and the words it added a "deletion" (the
changes were classified with the new text as ``a`` and only the text output turned them round).  Now the
check classifies them once from the source's side: ``a`` is the source's words, ``b`` the new text's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import SEED_B, commit_all, seeds_repo

from provenance.cli import main


def edited(text: str) -> str:
    """``text`` (seed 001) with one word added ("very") and one dropped ("highly")."""
    assert "bright future" in text and "highly rich" in text
    return text.replace("bright future", "very bright future", 1).replace("highly rich", "rich", 1)


EXPECTED = {("insertion", "", "very"), ("deletion", "highly", "")}
"""(kind, a, b) of the two changes read source → new text: "very" only the new text has, "highly" only the source."""


def changes_of(document: dict[str, object], source: str = SEED_B) -> set[tuple[str, str, str]]:
    """(kind, a, b) of the changes of the match with ``source`` in a check's JSON document (one file)."""
    (checked,) = document["files"]  # type: ignore[misc]
    (match,) = [m for m in checked["matches"] if m["source"] == source]
    return {(c["kind"], c["a"], c["b"]) for c in match["changes"]}


def test_check_json_and_text_read_the_changes_source_to_new_text(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "new.txt").write_text(edited((seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8")), "utf-8")
    args = ["check", "new.txt", "--corpus", str(seeds_dir)]
    as_json = CliRunner().invoke(main, [*args, "--format", "json"])
    assert as_json.exit_code == 1, as_json.output  # a near-exact copy
    assert changes_of(json.loads(as_json.stdout)) == EXPECTED
    as_text = CliRunner().invoke(main, args)
    line = next(line for line in as_text.stdout.splitlines() if SEED_B in line)
    assert "insertion '' → 'very'" in line and "deletion 'highly' → ''" in line


def test_gate_json_reads_the_changes_source_to_new_text(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = seeds_repo(tmp_path, seeds_dir, monkeypatch, without=())
    source = (repo / "seeds" / f"{SEED_B}.txt").read_text(encoding="utf-8")
    (repo / "seeds" / "zz_edited.txt").write_text(edited(source), encoding="utf-8")
    commit_all(repo, "an edited copy")
    result = CliRunner().invoke(main, ["gate", "--base", "HEAD~1", "--format", "json"])
    assert result.exit_code == 1, result.output
    assert changes_of(json.loads(result.stdout)) == EXPECTED
