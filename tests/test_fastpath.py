"""The compiled text core (provenance/_core.c) against the plain Python it replaces, on random and hostile text.

Every function of the core must give exactly what the plain path gives: the same words, keys, spans,
census words, CRC-32 values and MinHash windows, so the reports are byte-identical with or without it.
"""

from __future__ import annotations

import re
import sys
import unicodedata
import zlib
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import regex
from click.testing import CliRunner
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from benchmarks.corpus import generate, write_folder
from provenance import _compiled, _core
from provenance.cli import main
from provenance.detect import align, candidates, screen, signatures, spill
from provenance.detect.candidates import band_keys, colliding_pairs
from provenance.models import Document
from provenance.text import boilerplate, metadata, normalize, sentences
from provenance.text.lexicon import FUNCTION_WORDS
from provenance.text.normalize import fold
from provenance.verdict import spellings

# Characters where the word patterns decide: ASCII classes, joiners, marks, digits of other scripts
# (Arabic-Indic ٣ is a digit, superscript ² and Roman ⅰ are alphanumeric but not digits), letters that
# lower-case to two characters (İ) or by context (Σ), white space Python's re knows (\x1c, \u3000, \x85),
# combining marks and soft hyphens (folding keeps an offset map), look-alike Cyrillic, an astral letter.
# Letters of scripts written without spaces (each a word: Han, kana, the prolonged sound mark, a Thai letter
# and its marks, an astral Han letter, a Han letter NFKC changes), the letters and digits at their blocks'
# edges (ๆ, ๐, ໜ), the Japanese sentence ends, brackets and punctuation (。！？「」『』、・, half-width ｡ ｢ ｣).
_HOSTILE = "aZq09_ .,:;%)('\"-’\n\t\r\u00a0\x1c\x85\u3000éİıΣσς٣²ⅰ\u0301\u00ad\u200bßﬁ字аеоДz\U00010400!?…“”«»"
_HOSTILE += "字あアー々ก\u0e34\u0e48ๆ๐ໜ\U00020000\uf900。！？「」『』【】、・｡｢｣ｱ"


def _plain_census_words(text: str) -> tuple[list[str], list[str]]:
    found = spellings._WORD_RE.findall(text)
    return [word for _, word in found], [word for mid, word in found if mid]


SEEDS = Path(__file__).resolve().parent.parent / "seeds"
texts = st.text(alphabet=st.sampled_from(_HOSTILE) | st.characters(), max_size=300)


def test_the_functions_checked_are_those_the_core_declares() -> None:
    # provenance._compiled uses the core only when it has every function the package calls: the stub's list.
    stub = (Path(_compiled.__file__).parent / "_core.pyi").read_text(encoding="utf-8")
    declared = re.findall(r"^def (\w+)\(", stub, flags=re.MULTILINE)
    assert sorted(declared) == sorted(_compiled.FUNCTIONS) and _compiled.core is _core
    assert all(callable(getattr(_core, name)) for name in _compiled.FUNCTIONS)


def test_the_core_is_built() -> None:
    # The development install compiles it; the other tests would compare the plain path with itself.
    assert sentences._core is _core and signatures._core is _core and spellings._core is _core
    assert metadata._core is _core and screen._core is _core and spill._core is _core
    assert candidates._core is _core


@settings(max_examples=400, deadline=None)
@given(texts, st.data())
def test_words_are_the_regex_words(text: str, data: st.DataObject) -> None:
    folded = fold(text)
    start = data.draw(st.integers(0, len(folded.text)))
    stop = data.draw(st.integers(start, len(folded.text)))
    assert sentences._words(folded, start, stop) == sentences._plain_words(folded, start, stop)


def test_the_core_knows_the_same_unspaced_blocks_and_marks() -> None:
    # Each edge of sentences.UNSPACED_RANGES and UNSPACED_MARKS (and the code point either side) after a letter,
    # a mark, a digit and a Han letter: the core's hand-written ranges split as the regex's do.
    edges = {
        c + d for lo, hi in sentences.UNSPACED_RANGES + sentences.UNSPACED_MARKS for c in (lo, hi) for d in (-1, 0, 1)
    }
    text = " ".join(f"a{chr(c)}\u0e48{chr(c)}1{chr(c)}字{chr(c)}。{chr(c)}!" for c in sorted(edges))
    folded = fold(text)
    assert sentences._words(folded, 0, len(folded.text)) == sentences._plain_words(folded, 0, len(folded.text))
    core, sentences._core = sentences._core, None
    try:
        plain = sentences.split_sentences(text)
    finally:
        sentences._core = core
    assert sentences.split_sentences(text) == plain


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


_PROSE = st.text(alphabet=st.sampled_from("aB.!?\"')]([ \n\t\x1c\u3000-Mr字あ。「」ก\u0e48"), max_size=200) | texts


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
@given(st.integers(0, 60), st.sampled_from([(64, 2), (32, 4), (3, 1), (1, 128)]), st.integers(0, 2**32 - 1))
def test_band_keys_are_the_numpy_ones(windows: int, banding: tuple[int, int], seed: int) -> None:
    # Random window minima (repeats among them: a small range), keyed and made distinct by the core and by NumPy.
    bands, rows = banding
    values = np.random.default_rng(seed).integers(0, 1 << (seed % 32 + 1), (windows, 128), dtype=np.uint32)
    signature = signatures.DocumentSignature(values, np.zeros(0, dtype=np.uint32))
    expected = signatures.distinct(band_keys(values, bands=bands, rows=rows).ravel())
    assert spill.document_keys(signature, bands=bands, rows=rows).tolist() == expected.tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=12), max_size=40))
def test_word_codes_are_the_plain_ones(words: list[str]) -> None:
    # The candidate screen's codes: a word's hash with its lowest bit telling a content word.
    codes = screen.word_codes(words)
    assert codes.tolist() == screen.plain_word_codes(words).tolist()
    assert [code & 1 for code in codes.tolist()] == [int(w not in FUNCTION_WORDS) for w in words]
    assert len(set(codes.tolist())) == len(set(words))


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
    for module in (sentences, signatures, spellings, metadata, spill, align, candidates):
        monkeypatch.setattr(module, "_core", None)
    monkeypatch.setattr(screen, "SCREENS", False)  # no screen without the core: every candidate verified
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
    # In any order: the join of several spills (a scan over processes, documents signed again) is not sorted.
    keys = np.array([k * 0x9E3779B97F4A7C15 % 2**64 for k, _ in entries], dtype=np.uint64)
    docs = np.array([d for _, d in entries], dtype=np.int32)
    found = colliding_pairs(keys, docs, 10, max_bucket)
    assert sorted(found.pairs.tolist()) == _plain_colliding_pairs(keys, docs, 10, max_bucket)
    # A bucket over the limit: each member with the lowest, once; and each document's distinct keys.
    buckets: dict[int, set[int]] = {}
    for key, doc in zip(keys.tolist(), docs.tolist(), strict=True):
        buckets.setdefault(key, set()).add(doc)
    stars = [min(m) * 10 + d for m in buckets.values() if len(m) > max_bucket for d in m if d != min(m)]
    assert sorted(found.stars.tolist()) == sorted(stars)
    assert found.held.tolist() == [sum(d in m for m in buckets.values()) for d in range(10)]
    alone = colliding_pairs(keys, docs, 10, max_bucket, count_held=False)  # Spark counts each document's keys
    assert (alone.pairs.tolist(), alone.stars.tolist(), len(alone.held)) == (
        found.pairs.tolist(),
        found.stars.tolist(),
        0,
    )


def test_a_spark_partition_counts_no_array_of_every_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each Spark partition's join built three arrays of n_docs (the keys each document holds), which Spark
    threw away: 10,000 entries of a 10-million-document corpus took 148 ms a partition instead of 1 ms."""
    from provenance.spark import join

    asked = []
    real = join.colliding_pairs

    def spy(*args: object, **kwargs: object) -> candidates.Collided:
        asked.append(kwargs.get("count_held", True))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(join, "colliding_pairs", spy)
    keys, docs = np.array([5, 5, 9], dtype=np.int64), np.array([0, 1, 1], dtype=np.int32)
    rows = [(0, (keys.tobytes(), docs.tobytes()))]
    assert list(join._group_pair_counts(rows, 10_000_000, 64, 0.5)) == [(1, (1, 0))]
    assert asked == [False]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 40) | st.integers(0, 2**64 - 1), max_size=300), st.integers(0, 63))
def test_repeated_keys_are_those_another_position_holds(values: list[int], shift: int) -> None:
    # Keys alike in their low bits, their high bits or not at all (the radix passes skipped or not): the
    # core finds exactly the positions whose key another holds, in key order, positions ascending within.
    keys = np.array([(v << shift) % 2**64 for v in values], dtype=np.uint64)
    found = candidates._repeated(keys).tolist()
    held = Counter(keys.tolist())
    expected = sorted((k, i) for i, k in enumerate(keys.tolist()) if held[k] > 1)
    assert found == [i for _, i in expected]


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


def _plain_split(text: str, max_tokens: int) -> tuple[object, ...]:
    core, sentences._core = sentences._core, None
    try:
        return sentences.split_sentences(text, max_tokens=max_tokens)
    finally:
        sentences._core = core


@settings(max_examples=500, deadline=None)
@given(_PROSE, st.integers(1, 9))
def test_sentences_in_one_call_are_the_plain_split(text: str, max_tokens: int) -> None:
    # Abbreviations, initials, runs of marks, closing quotes, lines, long sentences cut in pieces.
    assert sentences.split_sentences(text, max_tokens=max_tokens) == _plain_split(text, max_tokens)


@pytest.mark.parametrize(
    "text",
    [
        'Mr. Smith met J. Doe. U.S. officials said no. Dr.Who? Yes!! "Go." he said.\n\nNext... line',
        "." * 100_000,
        "Hello world " + "." * 50_000 + " end",
        "a. " * 50_000,
        "a" * 100_000 + ". B",
        ("x " * 30 + "\n") * 2_000,
        "İnc. Σ. ǅ. ß. K. The end",
        "Mr.\u00a0Smith. Mr\u3000. Smith \u00ad\u200bsoft.\u0301 Next",
    ],
    ids=["prose", "dots", "dots-inside", "short-sentences", "long-word", "lines", "case-changing", "folded"],
)
def test_hostile_sentences_are_the_plain_split(text: str) -> None:
    assert sentences.split_sentences(text, max_tokens=7) == _plain_split(text, 7)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_census_counts_are_the_census_words_counted(text: str) -> None:
    words, mid = _plain_census_words(text)
    assert spellings.census_counts(text) == (dict(Counter(words)), set(mid))


_NEEDLES = st.text(alphabet=st.sampled_from("byBY:(c)©his\u00e9\u0100\U00010400 "), min_size=1, max_size=4)


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("byBY:(c)©his\u00e9\u0100\U00010400 \n") | st.characters(), max_size=200),
    st.lists(_NEEDLES, max_size=8),
)
def test_lines_holding_are_the_lines_str_find_finds(text: str, words: list[str]) -> None:
    found = _core.lines_holding(text, words)
    assert [set(lines) for lines in found] == [metadata._lines_holding(word, text) for word in words]
    assert all(list(lines) == sorted(set(lines)) for lines in found)


@pytest.mark.parametrize("words", [[""], ["a\nb"], [3]])
def test_lines_holding_refuses_what_is_no_word(words: list[object]) -> None:
    with pytest.raises(ValueError):
        _core.lines_holding("a b", words)


_PHRASES = st.lists(
    st.sampled_from(
        [
            *(" Reuters", " reported", " by", "By ", "BY", " Reporting by", " interview with", " citing", " this"),
            *(" from", " according to", " the", " BBC", " said in a statement", " first ran in", " Source:", " told"),
            *("\n", " x", "©", " (c) 2020", " Copyright", " contributed to this report", " wrote"),
            " This article was taken from",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_PHRASES | texts)
def test_attributions_are_those_of_the_plain_search(text: str) -> None:
    for pattern, needs, _ in metadata._ATTRIBUTION_PATTERNS:  # the lines the core finds lose no match
        found = metadata._lines_needed(text)
        assert [m.span() for m in metadata._matches(pattern, needs, text, found)] == [
            m.span() for m in pattern.finditer(text)
        ]
    fast = metadata.describe(text)
    core, metadata._core = metadata._core, None
    try:
        assert metadata.describe(text) == fast
    finally:
        metadata._core = core


def _regex_fold(text: str) -> str:
    """Folding without moved characters as a regex pass of the whole text (what ``fold`` did before)."""
    table, pattern, astral = normalize._full_table()
    folded = pattern.sub(lambda m: table[ord(m.group())], text)
    return folded.translate(astral)


_FOLDED = "\u2018\u2019\u201c\u201d\u2013\u2014\u00a0\u3000\x0b\x1c\x7f\t\r"
_FOLDED += "\u0430\u0435\u043e\u0440\u0441\u0445\u0455\u0456\u0458"
_FOLDED += "\u03bf\u03b1\u0391\U0001d5ba\U00010400é字"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(_FOLDED + "ab .\n") | st.characters(), max_size=200))
@example("\uffa0").via("a Hangul filler alone: a space, no offset moves")
@example("a\u3164b\u200bc\ufff9").via("a filler beside characters no browser draws")
def test_fold_replaces_what_the_regex_pass_replaces(text: str) -> None:
    assume(not normalize._OVERRIDES.search(text))  # shown in another order: test_normalize reads those
    shown = text.translate(normalize._BLANK_SPACES)  # the Hangul fillers a browser draws blank, one for one
    visible = regex.sub(r"[\p{Default_Ignorable_Code_Point}\ufff9-\ufffb]", "", shown)
    if unicodedata.is_normalized("NFKC", visible):
        assert fold(text).text == _regex_fold(visible)
    slow = not unicodedata.is_normalized("NFKC", shown) or visible != shown
    assert (fold(text).offsets is not None) == slow


def test_fold_of_many_distinct_replacements_is_one_regex_pass() -> None:
    text = "".join(c * 3 + " x " for c in _FOLDED if unicodedata.is_normalized("NFKC", c)) * 100
    assert unicodedata.is_normalized("NFKC", text) and not regex.search(r"\p{Default_Ignorable_Code_Point}", text)
    assert len({c for c in text if ord(c) in normalize._full_table()[0]}) > normalize._REPLACED_ONE_BY_ONE
    assert fold(text).text == _regex_fold(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 9)), max_size=150),
    st.integers(2, 6),
    st.sampled_from([1, 3, 0x9E3779B97F4A7C15]),
)
def test_colliding_pairs_of_keys_alike_in_their_high_bits(
    entries: list[tuple[int, int]], max_bucket: int, spread: int
) -> None:
    # Small keys share their high bits: the first sort keeps them all, the exact join must part them.
    entries.sort(key=lambda e: e[1])
    keys = np.array([k * spread % 2**64 for k, _ in entries], dtype=np.uint64)
    docs = np.array([d for _, d in entries], dtype=np.int32)
    found = colliding_pairs(keys, docs, 10, max_bucket).pairs
    assert sorted(found.tolist()) == _plain_colliding_pairs(keys, docs, 10, max_bucket)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab `'\t\n\x00\x7f\u00a0\u2014é") | st.characters(), max_size=80))
def test_flat_text_is_the_folded_text_with_its_white_space_collapsed(text: str) -> None:
    assert boilerplate._flat(text) == " ".join(fold(text).text.split())
