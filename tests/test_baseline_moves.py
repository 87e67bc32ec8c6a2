"""An article moved or renamed with its bytes unchanged keeps its baseline entry.

Round seven, newuser 02: the archive holds an original (Tehran Times, 2025-01-16) and a credited reprint
(Gulf Daily, two days later) that the baseline accepted.  Moving the ORIGINAL to ``articles/archive/``
(or renaming the folder both are in) failed the gate: an entry names texts by id, an id is a path, so
the entry no longer applied although its digests still matched both files; the gate then named the
reprint "the source" and advised accepting the original as a reprint of its own reprint.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import branch_off_main, commit_all, gate_files, git, reuse_pair, work_in, write_gulf_archive

from provenance.ci import Baseline, Entry, Policy
from provenance.ci.check import FileCheck, Match, describe_match, judge
from provenance.ci.github import workflow_commands
from provenance.cli import main
from provenance.models import Document, Provenance, UnalignedPassage
from provenance.report.checks import next_steps

ORIGINAL = "articles/wire/original.md"
REPRINT = "articles/wire/gulf-reprint.html"


def _archive(root: Path, seeds_dir: Path, *, accepted: bool) -> None:
    write_gulf_archive(root, seeds_dir, ORIGINAL, REPRINT)
    if accepted:
        result = CliRunner().invoke(main, ["accept", REPRINT, "--source", ORIGINAL, "--reason", "syndication deal"])
        assert result.exit_code == 0, result.output


@pytest.fixture
def newsroom(tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository on ``main`` holding an original, its reprint accepted in the baseline, and other stories."""
    root = tmp_path / "newsroom"
    root.mkdir()
    work_in(root, monkeypatch)
    _archive(root, seeds_dir, accepted=True)
    branch_off_main(root, "archive", "move")
    return root


def test_the_original_moved_to_another_folder_passes(newsroom: Path) -> None:
    (newsroom / "articles" / "archive").mkdir()
    git(newsroom, "mv", ORIGINAL, "articles/archive/original.md")
    commit_all(newsroom, "move the original to the archive")
    result, files = gate_files()
    assert result.exit_code == 0, result.output
    (match,) = files["articles/archive/original.md"]["matches"]  # type: ignore[misc]
    assert match["source"] == "wire/gulf-reprint" and match["verdict"] == "pass"
    assert match["relation"] == "b-from-a"  # the corpus text reprints the moved one
    assert "accepted as wire/original, moved to archive/original since" in match["reason"]


def test_a_renamed_folder_keeps_both_texts_accepted(newsroom: Path) -> None:
    git(newsroom, "mv", "articles/wire", "articles/agency")
    commit_all(newsroom, "rename wire/ to agency/")
    result, files = gate_files()
    assert result.exit_code == 0, result.output
    assert {path: f["verdict"] for path, f in files.items()} == {
        "articles/agency/gulf-reprint.html": "pass",
        "articles/agency/original.md": "pass",
    }


def _copy_fails_unaccepted(newsroom: Path, message: str) -> None:
    """Commit the change; the gate fails ``articles/copy.html`` with matches no baseline entry accepts."""
    commit_all(newsroom, message)
    result, files = gate_files()
    assert result.exit_code == 1, result.output
    matches = files["articles/copy.html"]["matches"]
    assert matches and not any("accepted" in m["reason"] for m in matches)  # type: ignore[attr-defined]


def test_a_copy_of_an_accepted_text_takes_no_entry(newsroom: Path) -> None:
    """The text is still where the entry says: a copy of it elsewhere is not the text accepted."""
    shutil.copy(newsroom / REPRINT, newsroom / "articles" / "copy.html")
    _copy_fails_unaccepted(newsroom, "a copy")


def test_a_copy_of_an_accepted_text_edited_since_takes_no_entry(newsroom: Path) -> None:
    """The reprint is copied, then edited where it is: its id is still there, so the entry stays with it
    (edited: no longer accepted), although the copy is now the one text holding the accepted bytes."""
    shutil.copy(newsroom / REPRINT, newsroom / "articles" / "copy.html")
    page = (newsroom / REPRINT).read_text(encoding="utf-8")
    (newsroom / REPRINT).write_text(
        page.replace("</article>", "<p>The deal was signed in Moscow, not Tehran.</p></article>"), "utf-8"
    )
    _copy_fails_unaccepted(newsroom, "a copy, and the reprint corrected")


def test_a_checked_text_moved_out_of_the_corpus_is_the_one_accepted(newsroom: Path) -> None:
    """The original moved out of the indexed folder and checked where it is now: no indexed text holds
    its accepted bytes, the checked text does, so the entry follows it there."""
    (newsroom / "elsewhere").mkdir()
    git(newsroom, "mv", ORIGINAL, "elsewhere/original.md")
    result = CliRunner().invoke(main, ["check", "--format", "json", "elsewhere/original.md"])
    assert result.exit_code == 0, result.output
    (checked,) = json.loads(result.stdout)["files"]
    (match,) = checked["matches"]
    assert match["source"] == "wire/gulf-reprint" and match["verdict"] == "pass"
    assert "accepted as wire/original, moved to original since" in match["reason"]


def test_a_text_moved_and_copied_is_not_guessed(newsroom: Path) -> None:
    """Two texts hold the accepted bytes where the entry's id is gone: neither is taken for it."""
    (newsroom / "articles" / "archive").mkdir()
    git(newsroom, "mv", ORIGINAL, "articles/archive/original.md")
    shutil.copy(newsroom / "articles/archive/original.md", newsroom / "articles" / "original-copy.md")
    commit_all(newsroom, "move and copy")
    result, files = gate_files()
    assert result.exit_code == 1, result.output
    matches = files["articles/archive/original.md"]["matches"]
    assert not any("accepted" in m["reason"] for m in matches)  # type: ignore[attr-defined]


def test_relocated_renames_only_the_moved_side() -> None:
    entry = Entry("wire/copy", "wire/original", "1" * 64, "2" * 64, share_new=0.9, share_source=0.9, by="accept")
    moved = Baseline((entry,)).relocated({("wire/original", "2" * 64): "archive/original"})
    assert moved.accepting("wire/copy", "1" * 64, "archive/original", "2" * 64) is not None
    assert moved.reprinting("archive/original", "wire/copy", 0.9) is not None
    assert Baseline((entry,)).relocated({("wire/original", "f" * 64): "archive/original"}) == Baseline((entry,))


def test_a_failing_original_is_never_told_to_accept_its_reprint_as_source(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No entry: the original, added after its reprint, fails; the next step accepts the REPRINT."""
    root = tmp_path / "newsroom"
    root.mkdir()
    work_in(root, monkeypatch)
    _archive(root, seeds_dir, accepted=False)
    original = (root / ORIGINAL).read_text(encoding="utf-8")
    (root / ORIGINAL).unlink()
    branch_off_main(root, "archive", "add")
    (root / ORIGINAL).write_text(original, encoding="utf-8")
    commit_all(root, "add the original")
    result = CliRunner().invoke(main, ["gate", "--base", "main"])
    assert result.exit_code == 1, result.output
    assert f"provenance accept --source {ORIGINAL} --reason '…' -- {REPRINT}" in result.output
    assert f"--source {REPRINT}" not in result.output
    assert "of the source" not in result.output


def test_next_steps_follow_the_relation() -> None:
    fail = Match(
        "wire",
        "seeds/wire.txt",
        0.9,
        0.9,
        True,
        "fail",
        "at or above the fail share 50%",
        relation="b-from-a",
        dropped=(UnalignedPassage(sentences=(3, 4), span=(200, 260), characters=60),),
    )
    check = FileCheck("seeds/original.txt", "original", "fail", (fail,))
    _, commands = next_steps([check], "seeds/.provenance-baseline.json")
    assert commands == [
        "provenance compare -- seeds/original.txt seeds/wire.txt",
        "provenance accept --source seeds/original.txt --reason '…' -- seeds/wire.txt",
    ]
    assert "leaves out 1 passage(s) of that text" in describe_match(fail)


def test_a_pair_two_checked_texts_fail_by_is_one_next_step() -> None:
    """Before: two texts of one change failing against each other (an archived original and the brief appended
    to its export, the original read as reprinted by it) gave the same compare and accept commands twice."""
    brief = Match("original", "seeds/original.txt", 0.9, 0.3, True, "fail", "at or above the fail share 50%")
    original = replace(brief, source_id="brief", source_path="seeds/brief.txt", relation="b-from-a")
    checks = [
        FileCheck("seeds/original.txt", "original", "fail", (original,)),
        FileCheck("seeds/brief.txt", "brief", "fail", (brief,)),
    ]
    _, commands = next_steps(checks, "seeds/.provenance-baseline.json")
    assert commands == [
        "provenance compare -- seeds/original.txt seeds/brief.txt",
        "provenance accept --source seeds/original.txt --reason '…' -- seeds/brief.txt",
    ]


def test_a_text_its_corpus_text_reprints_is_not_said_to_reuse_it() -> None:
    """Relation b-from-a (the corpus text reprints the new one): the annotation's title says the new text is
    reused by it, and a fail on the share of it reproduced names it "that text", never "the source"."""
    pair = replace(reuse_pair(share_a=0.3, share_b=0.9), provenance=Provenance("b-from-a", 0.9))
    new = Document(id="a", path="articles/a.txt", text="The new text.")
    reprint = Document(id="b", path="articles/b.txt", text="A corpus text that reprints it.")
    match = judge(pair, new, reprint, Policy(), Baseline())
    assert match is not None and match.verdict == "fail" and match.relation == "b-from-a"
    assert match.reason == "reproduces that text at or above the fail source share 80%"
    check = FileCheck("articles/a.txt", "a", "fail", (match,))
    assert ",title=provenance%3A reused by b::" in workflow_commands([check])
    ahead = judge(replace(pair, provenance=Provenance("a-from-b", 0.9)), new, reprint, Policy(), Baseline())
    assert ahead is not None and ahead.reason.startswith("reproduces the source at or above")
    assert ",title=provenance%3A reuses b::" in workflow_commands([FileCheck("articles/a.txt", "a", "fail", (ahead,))])


def test_nothing_moved_reads_no_whole_index(tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every check relocates the baseline first: with every accepted text where it was, the ids are looked up
    and the index's (id, digest) pairs are not read whole (a second a check on a million texts)."""
    from provenance.ci.check import _relocated
    from provenance.index import Index
    from provenance.settings import Settings

    paths = sorted(str(p) for p in seeds_dir.iterdir() if p.suffix in (".txt", ".md", ".html"))[:2]
    with Index.open(tmp_path / "index.sqlite", Settings()) as index:
        index.update(paths)
        (first, _), (second, _) = index.documents()[:2]
        baseline = Baseline((Entry(new=first, source=second, new_sha256="1" * 64, source_sha256="2" * 64),))

        def whole(self: Index) -> dict[str, str]:
            raise AssertionError("read the whole index")

        monkeypatch.setattr(Index, "hashes", whole)
        assert _relocated(baseline, index, []) == baseline
