"""``check`` classifies the changes once, on the pairs it reports: the same changes a whole verification gives.

Issue 27: ``check`` classified the changes of every candidate it verified (most are not reported) and
again after setting the chrome of two pages of one site aside; now it measures first and classifies the
pairs it keeps, with the documents they were measured on.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_chrome import FOOTER, LETTERS

from provenance.cli import main
from provenance.io.load import load_file
from provenance.pipeline import compare

FRONT = "---\ntitle: Letter\noutlet: The New York Times\n---\n"


def _changes_of_check(tmp_path: Path, new: str, corpus: dict[str, str]) -> tuple[list[dict[str, object]], str]:
    (tmp_path / "corpus").mkdir()
    for name, text in corpus.items():
        (tmp_path / "corpus" / name).write_text(text, encoding="utf-8")
    (tmp_path / "new.md").write_text(new, encoding="utf-8")
    args = ["check", "new.md", "--corpus", "corpus", "--format", "json", "--max-changes", "1000"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1), result.output
    (checked,) = json.loads(result.stdout)["files"]
    (match,) = checked["matches"]
    return match["changes"], match["source_path"]


def _keys(changes: list[dict[str, object]]) -> set[tuple[object, ...]]:
    return {(c["kind"], c["a"], c["b"], tuple(c["a_span"]), tuple(c["b_span"])) for c in changes}  # type: ignore[arg-type]


@pytest.mark.parametrize("front", [FRONT, ""], ids=["chrome set aside, verified again", "verified once"])
def test_a_reported_match_has_the_changes_a_whole_verification_finds(
    front: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    source = LETTERS[0].replace("a third of demand", "30 percent of demand")
    edited = source.replace("30 percent", "35 percent").replace("Midtown", "Midtown Manhattan")
    footer = f"\n{FOOTER}\n" if front else "\n"
    corpus = {f"letter{n}.md": f"{front}{body}{footer}" for n, body in enumerate([source, LETTERS[1]])}
    changes, source = _changes_of_check(tmp_path, f"{front}{edited}{footer}", corpus)
    whole = compare(load_file("new.md"), load_file(source))
    expected = [
        {"kind": c.kind, "a": c.a, "b": c.b, "a_span": c.a_span, "b_span": c.b_span}
        for al in whole.alignments
        for c in al.changes
    ]
    assert {c["kind"] for c in changes} >= {"number"}
    assert _keys(changes) == _keys(expected)
