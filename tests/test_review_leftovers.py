"""Leftovers of the last review: the gate on symbolic links, the racy folder time of the recorded listing,
the rows an index update reads for a changed folder, and the pairs the reprint desk shows."""

from __future__ import annotations

import json
import os
import random
import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from helpers import SEED_A, SEED_B, assert_one_line_error, commit_all, random_words, seeds_repo

from provenance.cli import main
from provenance.index import Index
from provenance.index.state import RACY_NS, recorded, stale_folders, sync
from provenance.settings import Settings

# -- the gate and check refuse a symbolic link a change adds ----------------------------------------


@pytest.fixture
def repo(tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose first commit holds every seed but 000."""
    return seeds_repo(tmp_path, seeds_dir, monkeypatch, without=(SEED_A,))


def _gate(*args: str) -> Result:
    return CliRunner().invoke(main, ["gate", "--base", "HEAD~1", *args])


def test_the_gate_refuses_an_added_link_to_a_copy(repo: Path) -> None:
    """A link in the article folder to a copy kept elsewhere in the repository is published as an article:
    the gate skipped it, unread, and passed (exit 0)."""
    (repo / "elsewhere").mkdir()
    (repo / "elsewhere" / "copy.txt").write_text((repo / "seeds" / f"{SEED_B}.txt").read_text(encoding="utf-8"))
    (repo / "seeds" / "reprint.txt").symlink_to("../elsewhere/copy.txt")
    commit_all(repo, "add a link")
    for fmt in ("text", "json"):
        line = assert_one_line_error(_gate("--format", fmt))
        assert line == "provenance: error: seeds/reprint.txt: a symbolic link; not read"


def test_a_text_the_change_turns_into_a_link_is_refused(repo: Path) -> None:
    """A text of the base replaced by a link is a change of type git's ``--diff-filter=AM`` left out:
    the gate saw no new article and passed."""
    article = repo / "seeds" / f"{SEED_B}.txt"
    article.unlink()
    article.symlink_to("../pyproject.toml")
    commit_all(repo, "turn a text into a link")
    line = assert_one_line_error(_gate())
    assert line == f"provenance: error: seeds/{SEED_B}.txt: a symbolic link; not read"


def test_a_link_already_in_the_base_is_not_the_changes(repo: Path, seeds_dir: Path) -> None:
    (repo / "seeds" / "old-link.txt").symlink_to(f"{SEED_B}.txt")
    commit_all(repo, "a link, reviewed before")
    (repo / "seeds" / "fresh.txt").write_text("A short new article about nothing else at all.\n", encoding="utf-8")
    commit_all(repo, "add an article")
    result = _gate()
    assert result.exit_code == 0, result.output
    assert "a symbolic link" not in result.output


def test_check_refuses_a_link_it_is_given(repo: Path) -> None:
    (repo / "seeds" / "copy.txt").symlink_to(f"{SEED_B}.txt")
    export = repo / "feed.jsonl"
    export.symlink_to("seeds/nowhere.jsonl")
    for args, name in ((["seeds/copy.txt"], "seeds/copy.txt"), (["feed.jsonl:1"], "feed.jsonl")):
        line = assert_one_line_error(CliRunner().invoke(main, ["check", *args, "--corpus", "seeds"]))
        assert line == f"provenance: error: {name}: a symbolic link; not read"
    assert os.path.islink(export)


# -- a file added in the tick the folder was listed in (racily clean) -------------------------------


def test_a_file_added_in_the_tick_of_the_listing_is_found(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder whose time equals the recorded one was taken as unchanged: a file added in the same
    filesystem tick as the listing (made deterministic by setting the folder's time back) was missed
    until ``--refresh``."""
    monkeypatch.chdir(tmp_path)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "old.txt").write_text("An older article about the harbour fees and the ferry timetable.\n")
    os.utime(corpus, ns=(time.time_ns(),) * 2)  # the folder last changed just before the listing
    assert CliRunner().invoke(main, ["index", "corpus", "--quiet"]).exit_code == 0
    with Index.open(tmp_path / ".provenance" / "index.sqlite", Settings()) as index:
        listing = recorded(index)
    assert listing is not None
    (root,) = listing.roots
    recorded_time = listing.roots[root][""]
    assert recorded_time >= listing.taken_ns - RACY_NS  # racily clean: the folder cannot vouch for itself
    shutil.copy(seeds_dir / f"{SEED_B}.txt", corpus / "same-tick.txt")
    os.utime(corpus, ns=(recorded_time, recorded_time))  # the addition in the tick of the listing
    shutil.copy(seeds_dir / f"{SEED_B}.txt", tmp_path / "new.txt")
    result = CliRunner().invoke(main, ["check", "new.txt", "--corpus", "corpus", "--format", "json"])
    assert result.exit_code == 1, result.output
    assert [m["source"] for f in json.loads(result.stdout)["files"] for m in f["matches"]] == ["same-tick"]
    with Index.open(tmp_path / ".provenance" / "index.sqlite", Settings()) as index:
        again = recorded(index)
    assert again is not None and again.taken_ns > listing.taken_ns and again.roots[root][""] == recorded_time
    # The boundary: a time older than the listing by RACY_NS vouches for its folder, a later one does not.
    vouching = replace(again, taken_ns=recorded_time + RACY_NS + 1)
    assert stale_folders(vouching) == {} and stale_folders(replace(vouching, taken_ns=recorded_time + RACY_NS)) == {
        root: [""]
    }


# -- the rows an update reads for a changed folder -------------------------------------------------


def test_the_rows_read_for_a_changed_folder_are_its_own_files(tmp_path: Path) -> None:
    """The rows of ``articles`` are those of its own files: never a sibling's whose name it starts
    (``articles2``, ``articles.old``), nor any below it (read before, then dropped: every descendant of a
    changed top folder read for its few files).  Names sorting just before and after ``/`` included."""
    rng = random.Random(11)
    corpus = tmp_path / "corpus"
    names = [
        "articles/a.txt",
        "articles/sub.txt",
        "articles/sub/x.txt",
        "articles/sub/deeper/y.txt",
        "articles/sub-y/z.txt",
        "articles/sub0/w.txt",
        "articles/zz.md",
        "articles2/b.txt",
        "articles.old/c.txt",
        "articles-x/d.txt",
    ]
    for name in names:
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(" ".join(random_words(rng, 60)) + ".\n", encoding="utf-8")
    lines = [json.dumps({"id": f"w{n}", "text": " ".join(random_words(rng, 60))}) for n in (1, 2)]
    (corpus / "articles" / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Index.open(tmp_path / "ix.sqlite", Settings()) as index:
        sync(index, [str(corpus)], full=True)
        stored = [path for _, path in index.documents()]
        root = os.path.realpath(corpus)
        folders = {os.path.dirname(p.split(".jsonl:")[0]) for p in stored}
        assert len(folders) == 8
        for folder in sorted(folders):
            expected = sorted(p for p in stored if os.path.dirname(p.split(".jsonl:")[0]) == folder)
            assert sorted(row[-1] for row in index._stored_rows([], {folder})) == expected, folder
        own = sorted(os.path.relpath(row[-1], root) for row in index._stored_rows([], {f"{root}/articles"}))
        assert own == [f"articles/{n}" for n in ("a.txt", "feed.jsonl:1", "feed.jsonl:2", "sub.txt", "zz.md")]
