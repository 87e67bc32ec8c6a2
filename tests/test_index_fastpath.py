"""The index's compiled keying (``_core.index_keys``) against the plain NumPy path it replaces.

An index built with the compiled core must hold exactly the keys of one built without it: the same
words, shingles, window minima and band keys, on random and hostile text and for any signature settings.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.corpus import generate, write_folder
from provenance import _core
from provenance.index import Index
from provenance.index import keys as index_keys_module
from provenance.index.keys import Signed, content_hash, plain_text_keys, read_and_sign, text_keys
from provenance.io.load import load_articles
from provenance.models import LoadProblem
from provenance.settings import Settings

# Where the word pattern, lower-casing and folding decide (as tests/test_fastpath.py): ASCII classes,
# joiners, digits of other scripts, letters that lower-case to two characters (İ) or by context (Σ),
# white space, combining marks, look-alike Cyrillic, an astral letter.
_HOSTILE = "aZq09_ .,:;%)('\"-’\n\t\r\u00a0\x1c\x85\u3000éİıΣσς٣²ⅰ\u0301\u00ad\u200bßﬁ字аеоДz\U00010400!?…“”«»"
_HOSTILE += "字あアー々ก\u0e34\u0e48ๆ๐\U00020000。！？「」、"  # unspaced scripts: a word a letter
texts = st.text(alphabet=st.sampled_from(_HOSTILE) | st.characters(), max_size=400)
prose = st.lists(st.sampled_from(["the", "Cat", "sat", "ON", "mat", "İz", "naïve", "3,5%", "x-y"]), max_size=300)


def test_the_index_keys_with_the_core() -> None:
    # The development install compiles it; the other tests would compare the plain path with itself.
    assert index_keys_module._core is _core and hasattr(_core, "index_keys")


@settings(max_examples=300, deadline=None)
@given(
    texts | prose.map(" ".join),
    st.integers(1, 7),
    st.sampled_from([2, 4, 10, 40]),
    st.tuples(st.integers(1, 6), st.integers(1, 3)),
    st.integers(0, 3),
)
def test_text_keys_are_the_plain_keys(
    text: str, shingle_size: int, window: int, banding: tuple[int, int], seed: int
) -> None:
    bands, rows = banding
    chosen = Settings(shingle_size=shingle_size, window=window, index_bands=bands, index_rows=rows, seed=seed)
    fast, plain = text_keys(text, chosen), plain_text_keys(text, chosen)
    assert fast.dtype == plain.dtype == np.uint64
    assert fast.tolist() == plain.tolist()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "word",
        "." * 100_000,
        "a" * 100_000,
        "one two three " * 20_000,
        "1." * 50_000,
        "Σ" * 10_000 + " İ" * 10_000,
        "\U00010400 " * 5_000,
    ],
    ids=["empty", "one-word", "dots", "one-long-word", "long", "figure", "lower-case-grows", "astral"],
)
def test_hostile_shapes_give_the_plain_keys(text: str) -> None:
    assert text_keys(text, Settings()).tolist() == plain_text_keys(text, Settings()).tolist()


def test_a_signed_article_pickles_small_and_whole() -> None:
    keys = text_keys("one two three four five six seven eight nine ten", Settings())
    for signed in (Signed("c/a.txt", "a", "00ff", 52, keys), Signed("c/a.txt", "a", "00ff", 52, None)):
        back = pickle.loads(pickle.dumps(signed))
        assert (back.path, back.doc_id, back.digest, back.characters) == ("c/a.txt", "a", "00ff", 52)
        assert (back.keys is None) == (signed.keys is None)
        if signed.keys is not None and back.keys is not None:
            assert back.keys.dtype == np.uint64 and back.keys.tolist() == signed.keys.tolist()
    # No dataclass state and NumPy array header: a tuple and the keys' bytes.
    assert len(pickle.dumps(Signed("c/a.txt", "a", "00ff", 52, keys))) < 80 + 8 * len(keys)


def test_read_and_sign_keys_a_file_as_the_plain_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_folder(generate(30, seed=3, reprint_every=5), tmp_path / "corpus")
    files = sorted(str(p) for p in (tmp_path / "corpus").iterdir())
    fast = [read_and_sign(Settings(), (f, {}, None)) for f in files]
    monkeypatch.setattr(index_keys_module, "_core", None)
    plain = [read_and_sign(Settings(), (f, {}, None)) for f in files]
    assert [
        [(s.path, s.digest, s.keys.tolist()) for s in got if isinstance(s, Signed) and s.keys is not None]
        for got in fast
    ] == [
        [(s.path, s.digest, s.keys.tolist()) for s in got if isinstance(s, Signed) and s.keys is not None]
        for got in plain
    ]


def _loaded(path: str, limit: int) -> list[object]:
    """What the index keyed of a file before the lean read: :func:`load_articles`' articles and problems."""
    return [
        got
        if isinstance(got, LoadProblem)
        else (os.path.normpath(got.path), got.id, content_hash(got.text), got.characters)
        for got in load_articles(path, max_bytes=limit, doc_id="the-id")
    ]


def test_a_text_file_reads_as_load_articles_reads_it(tmp_path: Path) -> None:
    files = {
        "plain.txt": b"A plain article, with words.\n",
        "UPPER.TXT": b"Shouting in the suffix.",
        "bom.txt": "\ufeffA byte-order mark first.".encode(),
        "utf16.txt": "A UTF-16 text, marked.".encode("utf-16"),
        "latin.txt": "Caf\xe9 cr\xe8me, na\xefve: a Western text.".encode("cp1252"),
        "empty.txt": b"",
        "blank.txt": b" \n\t ",
        "binary.txt": b"text\x00more",
        "large.txt": b"word " * 400,
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "link.txt").symlink_to(tmp_path / "plain.txt")
    (tmp_path / "folder.txt").mkdir()
    limit = 1_000
    chosen = Settings(max_file_bytes=limit)
    for name in [*files, "link.txt", "folder.txt", "gone.txt"]:
        path = str(tmp_path / ".." / tmp_path.name / name)  # spelled with ".." as a caller may
        got = read_and_sign(chosen, (path, {}, "the-id"))
        assert [g if isinstance(g, LoadProblem) else (g.path, g.doc_id, g.digest, g.characters) for g in got] == (
            _loaded(path, limit)
        ), name


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_index_built_with_the_core_is_the_plain_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    corpus = tmp_path / "corpus"
    write_folder(generate(120, seed=11, reprint_every=6), corpus)
    (corpus / "hostile.txt").write_text("İstanbul ΣΟΦΙΑ naïve—café " * 40 + "\u200b\u0301 3,5% x-y", encoding="utf-8")
    files = sorted(str(p) for p in corpus.iterdir())

    def build(name: str) -> list[tuple[int, str]]:
        with Index.open(tmp_path / name / "index.sqlite", Settings()) as index:
            stats = index.update(files, jobs=jobs)
            assert stats.added == len(files) and not stats.problems
            return index.entries()

    fast = build("fast")
    monkeypatch.setattr(index_keys_module, "_core", None)
    plain = build("plain")
    assert len(fast) > 78 * 100 and fast == plain
