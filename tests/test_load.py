"""Reading articles: good files load, bad ones become problems with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import SEED_IDS, FolderBuilder

from provenance import LoadError, load_file, load_folder
from provenance.io.load import load_paths


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


def test_missing_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="No such file"):
        load_file(tmp_path / "missing.txt")


def test_load_folder_reads_txt_files_in_name_order(make_folder: FolderBuilder) -> None:
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
    (folder / "sub.txt").mkdir()
    (folder / "sub.txt" / "inner.txt").write_text("Nested files are not read.", encoding="utf-8")
    docs, problems = load_folder(folder)
    assert [d.id for d in docs] == ["a", "b", "c", "notes"]
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
    with pytest.raises(LoadError, match="not a directory"):
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
