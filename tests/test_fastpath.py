"""The compiled text core (provenance/_core.c) against the plain Python it replaces, on random and hostile text.

Every function of the core must give exactly what the plain path gives: the same words, keys, spans,
census words, CRC-32 values and MinHash windows, so the reports are byte-identical with or without it.
"""

from __future__ import annotations

import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.corpus import generate, write_folder
from provenance import _core
from provenance.cli import main
from provenance.detect import signatures
from provenance.detect.candidates import colliding_pairs
from provenance.models import Document
from provenance.text import boilerplate, sentences
from provenance.text.normalize import fold
from provenance.verdict import spellings

# Characters where the word patterns decide: ASCII classes, joiners, marks, digits of other scripts
# (Arabic-Indic ٣ is a digit, superscript ² and Roman ⅰ are alphanumeric but not digits), letters that
# lower-case to two characters (İ) or by context (Σ), white space Python's re knows (\x1c, \u3000, \x85),
# combining marks and soft hyphens (folding keeps an offset map), look-alike Cyrillic, an astral letter.
_HOSTILE = "aZq09_ .,:;%)('\"-’\n\t\r\u00a0\x1c\x85\u3000éİıΣσς٣²ⅰ\u0301\u00ad\u200bßﬁ字аеоДz\U00010400!?…“”«»"


def _plain_census_words(text: str) -> tuple[list[str], list[str]]:
    found = spellings._WORD_RE.findall(text)
    return [word for _, word in found], [word for mid, word in found if mid]


SEEDS = Path(__file__).resolve().parent.parent / "seeds"
texts = st.text(alphabet=st.sampled_from(_HOSTILE) | st.characters(), max_size=300)


def test_the_core_is_built() -> None:
    # The development install compiles it; the other tests would compare the plain path with itself.
    assert sentences._core is _core and signatures._core is _core and spellings._core is _core


@settings(max_examples=400, deadline=None)
@given(texts, st.data())
def test_words_are_the_regex_words(text: str, data: st.DataObject) -> None:
    folded = fold(text)
    start = data.draw(st.integers(0, len(folded.text)))
    stop = data.draw(st.integers(start, len(folded.text)))
    assert sentences._words(folded, start, stop) == sentences._plain_words(folded, start, stop)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_split_sentences_and_word_keys_are_unchanged(text: str) -> None:
    fast = sentences.split_sentences(text, max_tokens=7), sentences.word_keys(text)
    core, sentences._core = sentences._core, None
    try:
        plain = sentences.split_sentences(text, max_tokens=7), sentences.word_keys(text)
    finally:
        sentences._core = core
    assert fast == plain


_PROSE = st.text(alphabet=st.sampled_from("aB.!?\"')]([ \n\t\x1c\u3000-Mr"), max_size=200) | texts


@settings(max_examples=500, deadline=None)
@given(_PROSE)
def test_sentence_bounds_are_those_of_each_line(text: str) -> None:
    ftext = fold(text).text
    by_line: list[tuple[int, int]] = []
    start = 0
    for end in [i for i, c in enumerate(ftext) if c == "\n"] + [len(ftext)]:
        by_line += [b for b in sentences._line_sentence_bounds(ftext, start, end) if b[0] < b[1]]
        start = end + 1
    assert sentences._sentence_bounds(ftext) == by_line


@settings(max_examples=400, deadline=None)
@given(texts)
def test_census_words_are_the_regex_words(text: str) -> None:
    assert spellings.census_words(text) == _plain_census_words(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=12).filter(lambda w: "\x00" not in w), max_size=50))
def test_token_hashes_are_zlib_crc32(words: list[str]) -> None:
    expected = [zlib.crc32(w.encode("utf-8")) for w in words]
    assert signatures._token_hashes(words).tolist() == expected
    assert signatures._plain_token_hashes(words).tolist() == expected


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 2**32 - 1), max_size=300),
    st.sampled_from([2, 4, 10, 40]),
    st.sampled_from([None, 1, 3]),
)
def test_window_minhashes_are_the_numpy_ones(values: list[int], window: int, first: int | None) -> None:
    hashes = np.array(values, dtype=np.uint32)
    fast = signatures.window_minhashes(hashes, num_perm=32, seed=3, window=window, first=first)
    core, signatures._core = signatures._core, None
    try:
        plain = signatures.window_minhashes(hashes, num_perm=32, seed=3, window=window, first=first)
    finally:
        signatures._core = core
    assert fast.dtype == plain.dtype == np.uint32 and fast.shape == plain.shape
    assert np.array_equal(fast, plain)
    fast[...] = 0  # a caller may write into the windows it gets


@pytest.mark.parametrize("step", [1, 3, 10, 11, 2**62, sys.maxsize])
def test_block_minima_of_any_step_are_the_numpy_ones(step: int) -> None:
    """A step past the text is one block, never an overflowed count (``n + step - 1`` wrapped: no blocks)."""
    hashes = np.arange(1, 11, dtype=np.uint32)
    a, b = signatures.permutations(4, 3)
    core = np.frombuffer(_core.block_minima(hashes, a, b, step), dtype=np.uint32).reshape(-1, 4)
    assert np.array_equal(core, signatures._plain_block_minima(hashes, a, b, min(step, len(hashes))))


@settings(max_examples=100, deadline=None)
@given(st.lists(texts, min_size=1, max_size=6))
def test_spelling_table_is_unchanged(bodies: list[str]) -> None:
    names = ["Araqchi", "Araghchi", "Sergei", "Sergey", "Tehran", "Teheran"]
    docs = [
        Document(f"d{i}", f"d{i}", f"{body} {names[i % 6]} met {names[(i + 1) % 6]}.") for i, body in enumerate(bodies)
    ]
    fast = spellings.spelling_table(docs), spellings.word_census(docs)
    core, spellings._core = spellings._core, None
    try:
        plain = spellings.spelling_table(docs), spellings.word_census(docs)
    finally:
        spellings._core = core
    assert fast == plain


@pytest.mark.parametrize(
    "text",
    [
        "." * 100_000,
        "Hello world " + "." * 50_000 + " end",
        "a" * 100_000,
        "1." * 50_000,
        "x'" * 50_000,
        "A-" * 50_000,
        ("He said, " + " " * 1000) * 50,
        "Σ" * 10_000 + "İ" * 10_000,
    ],
    ids=["dots", "dots-inside", "one-word", "figure", "apostrophes", "hyphens", "spaces", "lower-case-grows"],
)
def test_hostile_shapes_match_the_plain_path(text: str) -> None:
    folded = fold(text)
    assert sentences._words(folded, 0, len(folded.text)) == sentences._plain_words(folded, 0, len(folded.text))
    assert spellings.census_words(text) == _plain_census_words(text)


def _reports(folder: Path, out: Path) -> dict[str, bytes]:
    result = CliRunner().invoke(main, ["scan", str(folder), "--out", str(out), "--quiet", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_reports_are_byte_identical_without_the_core(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    write_folder(generate(80, seed=5, reprint_every=8), corpus)
    for seed in SEEDS.glob("*.txt"):  # real news copy: curly quotes, accents, names spelled two ways
        (corpus / seed.name).write_bytes(seed.read_bytes())
    fast = _reports(corpus, tmp_path / "fast")
    for module in (sentences, signatures, spellings):
        monkeypatch.setattr(module, "_core", None)
    plain = _reports(corpus, tmp_path / "plain")
    assert b"reuse" in fast["provenance.md"] and fast == plain


def _plain_colliding_pairs(keys: np.ndarray, docs: np.ndarray, n_docs: int, max_bucket: int) -> list[int]:
    """Every pair of documents sharing a key of a bucket of at most ``max_bucket`` documents, by brute force."""
    buckets: dict[int, set[int]] = {}
    for key, doc in zip(keys.tolist(), docs.tolist(), strict=True):
        buckets.setdefault(key, set()).add(doc)
    return sorted(
        a * n_docs + b
        for members in buckets.values()
        if 2 <= len(members) <= max_bucket
        for a in members
        for b in members
        if a < b
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 9)), max_size=120), st.integers(2, 6))
def test_colliding_pairs_are_the_brute_force_pairs(entries: list[tuple[int, int]], max_bucket: int) -> None:
    entries.sort(key=lambda e: e[1])  # documents come in ascending order
    keys = np.array([k * 0x9E3779B97F4A7C15 % 2**64 for k, _ in entries], dtype=np.uint64)
    docs = np.array([d for _, d in entries], dtype=np.int32)
    found = colliding_pairs(keys, docs, 10, max_bucket)
    assert sorted(found.tolist()) == _plain_colliding_pairs(keys, docs, 10, max_bucket)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["read", "more", ":", "share", "this", "Story", "code", "qr", "copyright", "2024", "the", "»"]),
        max_size=8,
    ).map(" ".join)
    | texts
)
def test_is_chrome_is_any_chrome_pattern(text: str) -> None:
    flat = boilerplate._flat(text)
    assert boilerplate.is_chrome(text) == any(p.search(flat) for p in boilerplate.CHROME_PATTERNS)
