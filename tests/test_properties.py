"""Properties that hold for any input (hypothesis; see conftest.py for the profile)."""

from __future__ import annotations

import itertools

from helpers import check_pair_spans
from hypothesis import example, given
from hypothesis import strategies as st

from provenance import Document, compare
from provenance.normalize import fold
from provenance.report.markdown import cell
from provenance.sentences import split_sentences

# Text that exercises folding: typography, invisible and combining characters,
# ligatures, line breaks, abbreviations and sentence punctuation.
_PIECES = [
    "a",
    "B",
    "7",
    " ",
    ".",
    "!",
    "?",
    '"',
    "'",
    "\n",
    "\r\n",
    "\u2026",
    "\u00bd",
    "\ufb01",
    "\u200b",
    "\u00ad",
    "\u0301",
    "\u201c",
    "\u201d",
    "\u2019",
    "\u2014",
    "\u00a0",
    "%",
    ",",
    "Mr.",
    "U.S.",
    " The ",
    " the ",
    "15%",
    "20-year",
]
tricky_text = st.one_of(st.text(), st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))

WORDS = [
    "iran",
    "russia",
    "minister",
    "said",
    "agreement",
    "trade",
    "energy",
    "cooperation",
    "the",
    "of",
    "and",
    "in",
    "transport",
    "corridor",
    "moscow",
    "tehran",
    "deal",
    "security",
    "defense",
    "peace",
    "countries",
    "strategic",
    "partnership",
    "new",
    "two",
    "will",
]


@st.composite
def sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14))
    end = draw(st.sampled_from([".", "!", "?", "."]))
    return " ".join(words).capitalize() + end


word_text = st.lists(sentence(), min_size=1, max_size=8).map(" ".join)


@given(tricky_text)
def test_fold_and_split_never_raise_and_spans_stay_inside(text: str) -> None:
    folded = fold(text)
    if folded.offsets is None:
        assert len(folded.text) == len(text)
    else:
        assert folded.ends is not None
        assert len(folded.offsets) == len(folded.ends) == len(folded.text)
        assert list(folded.offsets) == sorted(folded.offsets)
        assert list(folded.ends) == sorted(folded.ends)
        assert all(s < e <= len(text) for s, e in zip(folded.offsets, folded.ends, strict=True))
    sentences = split_sentences(text)
    assert [s.index for s in sentences] == list(range(len(sentences)))
    for previous, current in itertools.pairwise(sentences):
        assert previous.span[1] <= current.span[0]
    for s in sentences:
        start, end = s.span
        assert 0 <= start < end <= len(text)
        assert s.tokens and len(s.tokens) == len(s.token_spans)
        for token_start, token_end in s.token_spans:
            assert start <= token_start < token_end <= end


@given(tricky_text)
def test_original_span_stays_inside_the_text(text: str) -> None:
    folded = fold(text)
    n = len(folded.text)
    for lo in range(0, n + 1, max(1, n // 7)):
        for hi in range(lo, n + 1, max(1, n // 5)):
            start, end = folded.original_span((lo, hi))
            assert 0 <= start <= end <= len(text)
            assert (start == end) == (lo == hi)
    if n:
        # The whole folded text maps to the whole text but leading invisible characters.
        start, end = folded.original_span((0, n))
        assert end == len(text)
        assert fold(text[:start]).text == ""


@given(word_text)
def test_a_text_compared_with_itself(text: str) -> None:
    result = compare(Document("a", "a.txt", text), Document("b", "b.txt", text))
    sentences = split_sentences(text)
    assert len(result.alignments) == sum(1 for s in sentences if len(s.tokens) >= 3)
    for al in result.alignments:
        assert al.score == 1.0
        assert al.changes == ()
        assert al.a_span == al.b_span
    assert result.share_a == result.share_b
    assert result.jaccard == 1.0
    assert result.estimated_jaccard == 1.0


@st.composite
def edited_pair(draw: st.DrawFn) -> tuple[str, str]:
    """A text and a copy with some words replaced, inserted or deleted, and some typography changed."""
    text = draw(word_text)
    words = text.split(" ")
    edited: list[str] = []
    for word in words:
        action = draw(st.sampled_from(["keep"] * 6 + ["replace", "insert", "delete", "upper"]))
        if action == "replace":
            edited.append(draw(st.sampled_from(WORDS)) + ("." if word.endswith(".") else ""))
        elif action == "insert":
            edited += [word, draw(st.sampled_from(WORDS))]
        elif action == "delete" and not word.endswith((".", "!", "?")):
            continue
        elif action == "upper":
            edited.append(word.upper())
        else:
            edited.append(word)
    other = " ".join(edited).replace("'", "\u2019")
    return text, other


@given(edited_pair())
def test_spans_match_the_reported_texts(pair: tuple[str, str]) -> None:
    text_a, text_b = pair
    result = compare(Document("a", "a.txt", text_a), Document("b", "b.txt", text_b))
    check_pair_spans(result.alignments, text_a, text_b)
    for al in result.alignments:
        assert 0.0 < al.score <= 1.0
        if al.score == 1.0:
            assert al.changes == ()
        for change in al.changes:
            assert change.a or change.b
            assert change.kind != "insertion" or change.a == ""
            assert change.kind != "deletion" or change.b == ""


@given(word_text, word_text)
def test_compare_is_symmetric(text_a: str, text_b: str) -> None:
    forward = compare(Document("a", "a.txt", text_a), Document("b", "b.txt", text_b))
    backward = compare(Document("b", "b.txt", text_b), Document("a", "a.txt", text_a))
    assert (forward.share_a, forward.share_b) == (backward.share_b, backward.share_a)
    assert (forward.containment_a, forward.containment_b) == (backward.containment_b, backward.containment_a)
    assert forward.jaccard == backward.jaccard
    assert forward.is_reuse == backward.is_reuse
    assert len(forward.alignments) == len(backward.alignments)


@given(word_text, word_text)
def test_shares_are_between_zero_and_one_for_one_to_one_alignments(text_a: str, text_b: str) -> None:
    result = compare(Document("a", "a.txt", text_a), Document("b", "b.txt", text_b))
    for figure in (result.jaccard, result.containment_a, result.containment_b):
        assert 0.0 <= figure <= 1.0
    assert result.share_a >= 0.0 and result.share_b >= 0.0
    if all(len(al.a_sentences) == len(al.b_sentences) == 1 for al in result.alignments):
        assert result.share_a <= 1.0 and result.share_b <= 1.0


@given(word_text, word_text)
@example(
    "Alpha alpha alpha alpha alpha.",
    "Alpha alpha alpha. Alpha alpha alpha alpha alpha alpha alpha alpha alpha.",
)
def test_shares_are_between_zero_and_one(text_a: str, text_b: str) -> None:
    result = compare(Document("a", "a.txt", text_a), Document("b", "b.txt", text_b))
    assert 0.0 <= result.share_a <= 1.0
    assert 0.0 <= result.share_b <= 1.0


@given(st.text())
def test_markdown_cell_is_one_line_with_escaped_pipes(text: str) -> None:
    out = cell(text)
    assert "\n" not in out and "\r" not in out
    # Every pipe is preceded by an odd number of backslashes (escaped).
    for i, char in enumerate(out):
        if char == "|":
            run = len(out[:i]) - len(out[:i].rstrip("\\"))
            assert run % 2 == 1
