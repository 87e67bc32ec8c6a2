"""Reading articles: good files load, bad ones become problems with a reason."""

from __future__ import annotations

import gzip
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import SEED_IDS, FolderBuilder

from provenance import LoadError, load_file, load_folder
from provenance.io import load as load_module
from provenance.io.load import LINK_REASON, SWAPPED_REASON, load_article, load_jsonl, load_paths


def test_load_file_id_path_and_text(tmp_path: Path) -> None:
    path = tmp_path / "article-1.txt"
    path.write_text("Caf\u00e9 \u201cquotes\u201d stay as they are.\n", encoding="utf-8")
    doc = load_file(path)
    assert doc.id == "article-1"
    assert doc.path == str(path)
    assert doc.text == "Caf\u00e9 \u201cquotes\u201d stay as they are.\n"
    assert doc.characters == len(doc.text)
    assert doc.sentences == ()


def test_utf8_bom_is_not_part_of_the_text(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfHello world. Second sentence.")
    doc = load_file(path)
    assert doc.text == "Hello world. Second sentence."
    assert "\ufeff" not in doc.text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n ", "empty file"),
        (b"ab\x00cd", "binary file (contains NUL bytes)"),
        (b"\xef\xbb\xbf", "no text (only white space)"),
        ("\u00a0\u2003\n".encode(), "no text (only white space)"),
    ],
)
def test_bad_files_raise_load_error_with_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(LoadError) as err:
        load_file(path)
    assert str(err.value) == reason


def test_too_large_file_is_rejected_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 100, encoding="utf-8")
    with pytest.raises(LoadError, match=r"file too large \(500 bytes; the limit is 499\)"):
        load_file(path, max_bytes=499)
    assert load_file(path, max_bytes=500).text == "word " * 100


def test_a_small_file_is_read_without_a_buffer_of_the_limit(tmp_path: Path) -> None:
    # Reading asked for max_bytes + 1 bytes, which sets that many aside for every file (10 MB by default).
    import tracemalloc

    path = tmp_path / "small.txt"
    path.write_text("A short article of a few words.", encoding="utf-8")
    tracemalloc.start()
    try:
        text = load_file(path, max_bytes=50_000_000).text
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert text == "A short article of a few words."
    assert peak < 1_000_000


def test_a_file_grown_since_its_stat_is_read_to_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "growing.txt"
    path.write_text("word " * 100, encoding="utf-8")
    opened = load_module._open

    def stale(p: Any, *, links: bool) -> tuple[int, Any]:  # the size as stat() saw it before the file grew
        fd, info = opened(p, links=links)
        return fd, os.stat_result((*info[:6], 10, *info[7:]))

    monkeypatch.setattr(load_module, "_open", stale)
    assert load_file(path, max_bytes=500).text == "word " * 100
    with pytest.raises(LoadError, match=r"file too large \(over the limit of 499 bytes\)"):
        load_file(path, max_bytes=499)


def test_missing_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="No such file"):
        load_file(tmp_path / "missing.txt")


def test_load_folder_reads_article_files_in_path_order(make_folder: FolderBuilder) -> None:
    folder = make_folder(
        {
            "b.txt": "Second article text.",
            "a.txt": "First article text.",
            "c.TXT": "Upper-case suffix.",
            "notes.md": "Markdown *is* an article now.",
            "notes.rst": "Not an article.",
            "README": "Not an article either.",
        }
    )
    (folder / "sub.txt").mkdir()  # a folder named like a file is a folder: its files are read, by their path
    (folder / "sub.txt" / "inner.txt").write_text("Nested files are read.", encoding="utf-8")
    docs, problems = load_folder(folder)
    assert [d.id for d in docs] == ["a", "b", "c", "notes", "sub.txt/inner"]
    assert problems == []


def test_load_folder_reports_bad_files_and_keeps_going(make_folder: FolderBuilder) -> None:
    folder = make_folder(
        {
            "good.txt": "A perfectly good article.",
            "empty.txt": b"",
            "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00",
            "latin.txt": b"caf\xe9",
            "bom.txt": b"\xef\xbb\xbfWith a BOM.",
        }
    )
    docs, problems = load_folder(folder)
    # Issue 9 changed this: latin.txt used to be skipped; now it loads, its encoding named.
    assert [d.id for d in docs] == ["bom", "good", "latin"]
    assert docs[0].text == "With a BOM."
    assert (docs[2].text, docs[2].encoding) == ("caf\u00e9", "cp1252")
    assert (docs[0].encoding, docs[1].encoding) == (None, None)
    assert {Path(p.path).name: p.reason for p in problems} == {
        "binary.txt": "binary file (contains NUL bytes)",
        "empty.txt": "empty file",
    }


def test_duplicate_ids_are_reported(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first, second = tmp_path / "one" / "story.txt", tmp_path / "two" / "story.txt"
    first.write_text("First story.", encoding="utf-8")
    second.write_text("Second story.", encoding="utf-8")
    docs, problems = load_paths([first, second])
    assert [d.path for d in docs] == [str(first)]
    assert len(problems) == 1
    assert problems[0].path == str(second)
    assert "duplicate document id 'story'" in problems[0].reason
    assert str(first) in problems[0].reason


def test_load_folder_rejects_missing_folder_and_files(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"missing: no such folder$"):
        load_folder(tmp_path / "missing")
    file = tmp_path / "file.txt"
    file.write_text("text", encoding="utf-8")
    with pytest.raises(LoadError, match="not a directory"):
        load_folder(file)


def test_load_folder_on_seeds(seeds_dir: Path) -> None:
    docs, problems = load_folder(seeds_dir)
    assert problems == []
    assert tuple(d.id for d in docs) == SEED_IDS
    for doc in docs:
        assert doc.text == (seeds_dir / f"{doc.id}.txt").read_text(encoding="utf-8-sig")
        assert doc.characters > 2000


def _swap_after_lstat(monkeypatch: pytest.MonkeyPatch, path: Path, swap: Callable[[], None]) -> None:
    """Make the loader's look at ``path`` see it as it is now, and ``swap`` it right after."""
    real_lstat = os.lstat

    def lstat_then_swap(p: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        seen = real_lstat(p, *args, **kwargs)
        if Path(p) == path:
            swap()
        return seen

    monkeypatch.setattr(load_module.os, "lstat", lstat_then_swap)


def test_a_file_swapped_for_a_link_between_look_and_open_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader opened by name and followed what the name had become (no O_NOFOLLOW, no re-check)."""
    secret = tmp_path / "secret.txt"
    secret.write_text("The secret text that must never be read by the loader.", encoding="utf-8")
    article = tmp_path / "corpus" / "a.txt"
    article.parent.mkdir()
    article.write_text("An ordinary article about the talks in Vienna.", encoding="utf-8")

    def to_link() -> None:
        article.unlink()
        article.symlink_to(secret)

    _swap_after_lstat(monkeypatch, article, to_link)
    with pytest.raises(LoadError, match=re.escape(SWAPPED_REASON)):
        load_file(article)


def test_a_file_swapped_for_another_file_between_look_and_open_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("An ordinary article about the talks in Vienna.", encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("Some other text put in its place.", encoding="utf-8")
    _swap_after_lstat(monkeypatch, article, lambda: os.replace(other, article))
    with pytest.raises(LoadError, match=re.escape(SWAPPED_REASON)):
        load_file(article)


def test_links_false_never_reads_a_link_wherever_it_points(tmp_path: Path) -> None:
    """Check and gate: a link inside the repository (``notes.txt -> ../.git/config``) was read and printed."""
    (tmp_path / "target.txt").write_text("Text of the file the link points at, inside the corpus.", encoding="utf-8")
    link = tmp_path / "notes.txt"
    link.symlink_to("target.txt")
    export = tmp_path / "target.jsonl"
    export.write_text('{"id": "x", "text": "An article in an export."}\n', encoding="utf-8")
    (tmp_path / "export.jsonl").symlink_to("target.jsonl")
    assert load_file(link).text.startswith("Text of the file")  # scan follows a link inside the corpus
    for path in (link, tmp_path / "export.jsonl"):
        with pytest.raises(LoadError, match=re.escape(LINK_REASON)):
            load_article(str(path), links=False) if path.suffix == ".txt" else list(load_jsonl(path, links=False))
    with pytest.raises(LoadError, match=re.escape(LINK_REASON)):
        load_article(f"{tmp_path / 'export.jsonl'}:1", links=False)
    docs, problems = load_paths([link], links=False)
    assert docs == [] and [p.reason for p in problems] == [LINK_REASON]


@pytest.mark.parametrize("name", ["brief.jsonl", "archive.jsonl.gz"])
def test_an_export_named_as_a_file_is_told_how_to_name_its_line(name: str, tmp_path: Path) -> None:
    """Before: "a JSON Lines file holds many articles: name one as FILE.jsonl:LINE", said of an export of one
    line too, and naming no file: ``compare brief.jsonl new.txt`` left the editor to guess the spelling."""
    path = tmp_path / name
    line = b'{"id": "brief", "text": "Three cases of plague have been diagnosed in China."}\n'
    path.write_bytes(gzip.compress(line) if name.endswith(".gz") else line)
    with pytest.raises(LoadError, match=re.escape(f"one article a line: name one by its line, as {path}:1 (")):
        load_file(path)
