"""Unaligned passages (provenance.detect.gaps): runs of sentences no alignment covers, and their share."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from provenance.detect.gaps import excerpt, unaligned_passages, unaligned_share
from provenance.models import Alignment, Document, Sentence, Spans, UnalignedPassage
from provenance.pipeline import compare, prepare, set_aside
from provenance.settings import Settings
from provenance.text.sentences import split_sentences

BODY = (
    "The city council approved three new bridges over the river on Monday after a long debate. "
    "The mayor said construction would begin in the spring and take about two years to finish. "
)


def _sentences(lengths: list[int]) -> list[Sentence]:
    """Sentences of the given lengths (0: no words, as set-aside chrome), one space apart."""
    out, at = [], 0
    for i, n in enumerate(lengths):
        tokens = tuple(f"w{i}" for _ in range(max(1, n // 5))) if n else ()
        out.append(Sentence(i, (at, at + max(n, 3)), tokens, Spans()))
        at += max(n, 3) + 1
    return out


def _al(a: tuple[int, ...], b: tuple[int, ...]) -> Alignment:
    return Alignment(a_sentences=a, b_sentences=b, a_span=(0, 1), b_span=(0, 1), score=1.0)


def _reference(sentences: list[Sentence], covered: set[int], min_chars: int) -> list[tuple[tuple[int, int], int]]:
    """Plain reference: every maximal run of uncovered sentences with words, at least min_chars long."""
    runs: list[tuple[tuple[int, int], int]] = []
    i = 0
    while i < len(sentences):
        if i in covered or not sentences[i].tokens:
            i += 1
            continue
        j = i
        while j < len(sentences) and j not in covered and sentences[j].tokens:
            j += 1
        chars = sum(s.span[1] - s.span[0] for s in sentences[i:j])
        if chars >= min_chars:
            runs.append(((i, j), chars))
        i = j
    return runs


def test_runs_are_merged_and_end_at_covered_and_set_aside_sentences() -> None:
    sentences = _sentences([60, 40, 50, 0, 70, 80, 10])
    passages = unaligned_passages(sentences, [_al((2,), (0,))], "a", min_chars=50)
    assert [(p.sentences, p.characters) for p in passages] == [((0, 2), 100), ((4, 7), 160)]
    assert passages[0].span == (sentences[0].span[0], sentences[1].span[1])
    # The other side of the alignment counts for side "b" only.
    assert unaligned_passages(sentences, [_al((0,), (2,))], "b", min_chars=50) == passages


def test_tiny_fragments_are_left_out_and_the_share_counts_what_is_listed() -> None:
    sentences = _sentences([30, 100, 30])
    covered = [_al((1,), (0,))]
    assert unaligned_passages(sentences, covered, "a", min_chars=50) == ()
    kept = unaligned_passages(sentences, covered, "a", min_chars=30)
    assert [p.sentences for p in kept] == [(0, 1), (2, 3)]
    assert unaligned_share(sentences, kept) == round(60 / 160, 4)


def test_sentences_alignment_never_compared_are_not_listed() -> None:
    """Past max_align_sentences the aligner leaves distinct sentences out: not known to be missing."""
    text = " ".join(f"Sentence number {i} says something else entirely here." for i in range(12))
    sentences = split_sentences(text)
    assert len(sentences) == 12
    passages = unaligned_passages(sentences, [], "a", min_chars=0, compared=[*range(5), 8, 9])
    assert [p.sentences for p in passages] == [(0, 5), (8, 10)]


@given(
    st.lists(st.integers(min_value=0, max_value=120), max_size=40),
    st.sets(st.integers(min_value=0, max_value=39)),
    st.integers(min_value=0, max_value=200),
)
def test_matches_the_reference_on_random_sentences(lengths: list[int], covered: set[int], min_chars: int) -> None:
    sentences = _sentences(lengths)
    covered = {i for i in covered if i < len(sentences)}
    alignments = [_al((i,), (0,)) for i in sorted(covered)]
    found = unaligned_passages(sentences, alignments, "a", min_chars=min_chars)
    assert [(p.sentences, p.characters) for p in found] == _reference(sentences, covered, min_chars)


def test_ten_thousand_sentences_one_pass() -> None:
    """10,000 sentences, every third covered by one of 3,334 alignments and each covered sentence listed
    in ten more (a repeated sentence pairs with every copy): a loop over the alignments per sentence
    would make 3·10^8 steps."""
    sentences = _sentences([60] * 10_000)
    alignments = [_al((i,), (0,)) for i in range(0, 10_000, 3) for _ in range(11)]
    passages = unaligned_passages(sentences, alignments, "a", min_chars=100)
    assert len(passages) == 3333
    assert all(p.sentences[1] - p.sentences[0] == 2 and p.characters == 120 for p in passages)
    assert unaligned_share(sentences, passages) == round(3333 * 120 / 600_000, 4)
    # When the aligner compared only the first 1,000 sentences, only they are listed.
    limited = unaligned_passages(sentences, alignments, "a", min_chars=100, compared=range(1000))
    assert len(limited) == 333 and limited[-1].sentences == (997, 999)


def test_excerpt_is_one_line_and_short() -> None:
    text = "Our own\n\nlead   paragraph, " + "word " * 100
    sentences = split_sentences(text)
    (passage,) = unaligned_passages(sentences, [], "a", min_chars=0)
    shown = excerpt(text, passage, limit=30)
    assert shown == "Our own lead paragraph, word …" and len(shown) == 30


def test_a_pair_lists_what_each_text_has_and_the_other_lacks() -> None:
    lead = "Our correspondent adds a lead of her own about the bridge and the people who will use it. "
    tail = "Opponents argued that the money would be better spent on repairing the old ferry terminal. "
    source, copy = Document("s", "s.txt", BODY + tail), Document("c", "c.txt", lead + BODY + "Photo by Ann.")
    pair = compare(source, copy)
    assert [source.text[slice(*p.span)] for p in pair.unaligned_a] == [tail.strip()]
    assert [copy.text[slice(*p.span)] for p in pair.unaligned_b] == [lead.strip()]  # "Photo by Ann.": too short
    content = sum(s.span[1] - s.span[0] for s in split_sentences(copy.text) if s.tokens)
    assert pair.unaligned_share_b == round(len(lead.strip()) / content, 4)


def test_chrome_set_aside_is_never_an_added_passage() -> None:
    chrome = "READ: Officials across the region weigh in on the new bridge plans and their cost\n"
    settings = Settings()
    docs = [prepare(Document("a", "a.txt", BODY), settings), prepare(Document("b", "b.txt", chrome + BODY), settings)]
    (a, b), lines = set_aside(docs, settings)
    assert b.set_aside and [line.reason for line in lines] == ["pattern"]
    pair = compare(a, b, settings)
    assert pair.alignments and pair.unaligned_b == () and pair.unaligned_share_b == 0.0


class _Reads(str):
    """A text that counts the characters its slices read."""

    read = 0

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        piece = str.__getitem__(self, key)
        _Reads.read += len(piece)
        return piece


def test_an_excerpt_reads_the_start_of_a_long_passage_only() -> None:
    # Each report flattened a passage whole to show its first 120 characters: a passage of a 10 MB text in a
    # thousand pairs was split a thousand times in each report.
    text = _Reads("Word  and\n more words. " * 200_000)
    passage = UnalignedPassage(sentences=(0, 200_000), span=(3, len(text)), characters=len(text) - 3)
    assert excerpt(text, passage) == " ".join(text[3:].split())[:119] + "…"
    _Reads.read = 0
    excerpt(text, passage)
    assert _Reads.read < 1_000


@given(
    st.text(alphabet=st.sampled_from("ab \n\t\u00a0."), max_size=400),
    st.integers(0, 400),
    st.integers(0, 400),
    st.integers(0, 150),
)
def test_an_excerpt_is_the_start_of_the_passage_flattened(text: str, start: int, end: int, limit: int) -> None:
    start, end = sorted((min(start, len(text)), min(end, len(text))))
    passage = UnalignedPassage(sentences=(0, 1), span=(start, end), characters=end - start)
    flat = " ".join(text[start:end].split())
    assert excerpt(text, passage, limit=limit) == (flat if len(flat) <= limit else flat[: limit - 1] + "…")
