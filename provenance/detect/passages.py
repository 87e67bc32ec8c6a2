"""Reused passages: a pair's aligned sentences joined where they run on, with edges where the reuse is.

A copied paragraph aligns sentence by sentence; a reader (and PAN's scoring)
thinks of it as one passage. Alignments are taken in the order of A, and each
joins the most recent passage it continues: one that ends on side A at most
``max_gap`` characters before it starts, whose end on side B is within
``max_gap`` of its start there (either way, since B's sentences may be
reordered a little), and that it does not lie wholly before on side B.  Looking
past the latest passage matters when a repeated sentence of A also matched a
stray copy elsewhere in B: that match starts a passage of its own, and the
sentences after it still join the passage they continue.  With ``max_skew``,
an alignment also joins only when the two gaps it leaves, on A and on B, differ
by at most that many characters: a copied passage runs on side by side, while a
stray match of a short sentence far off on one side would stretch the passage
over text that was never reused.

Passages shorter than ``min_chars`` on either side are left out: a run of a
few words ("One of the", a copyright line) recurs between unrelated texts and
is no reused passage.

Sentences are coarse: a passage may be copied from the middle of a sentence, or
end inside one. :func:`passage_edges` moves each edge to where the shared words
start and end (:func:`refine_edges`): within ``edge_chars`` of it on both sides,
the texts' words are matched (rapidfuzz's LCS over word lists), an edge moves
to the first (last) shared run of two words or more inside the passage, leaving
out unmatched leading (trailing) words, and then outward over further shared
words as long as they follow one another with at most ``edge_gap_words``
unshared words between (a noisy word, a dropped one), into a neighbouring
sentence that only partly matched.  Every window is bounded, so the cost is
linear in the number of passages.  Then a passage whose text on either side lies
more than ``echo_share`` inside longer passages is the same text matched again
elsewhere (a sentence both texts hold twice) and is left out
(:func:`drop_echoes`, longest first, against the sorted union of what is kept).

>>> from provenance.models import Alignment
>>> als = [
...     Alignment(a_sentences=(0,), b_sentences=(0,), a_span=(0, 50), b_span=(100, 150), score=1.0),
...     Alignment(a_sentences=(1,), b_sentences=(1,), a_span=(52, 90), b_span=(151, 190), score=1.0),
... ]
>>> merge_passages(als, max_gap=10)
[((0, 90), (100, 190))]
>>> stray = Alignment(a_sentences=(1,), b_sentences=(7,), a_span=(52, 90), b_span=(5000, 5038), score=0.8)
>>> merge_passages([*als, stray], max_gap=10)
[((0, 90), (100, 190)), ((52, 90), (5000, 5038))]
>>> merge_passages([*als, stray], max_gap=10, min_chars=40)
[((0, 90), (100, 190))]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from rapidfuzz.distance import LCSseq

from ..models import Alignment, Span

__all__ = ["drop_echoes", "merge_passages", "passage_edges", "refine_edges"]

_WORD = re.compile(r"\w+")
# An edge moves inside a passage only to a shared run at least this long: one shared
# word ("the") is chance, two in a row rarely are.
_ANCHOR_WORDS = 2
# Closing punctuation taken in after the last shared word: a full stop, a quotation mark, a bracket.
_CLOSING = re.compile(r"[^\w\s]")
_MAX_CLOSING = 3


def _continues(passage: tuple[Span, Span], al: Alignment, max_gap: int, max_skew: int | None) -> bool:
    (_, a1), (b0, b1) = passage
    gap_a, gap_b = al.a_span[0] - a1, al.b_span[0] - b1
    if max_skew is not None and abs(max(gap_a, 0) - max(gap_b, 0)) > max_skew:
        return False
    return gap_a <= max_gap and abs(gap_b) <= max_gap and al.b_span[1] >= b0


def merge_passages(
    alignments: Sequence[Alignment], *, max_gap: int, min_chars: int = 0, max_skew: int | None = None
) -> list[tuple[Span, Span]]:
    """``(a_span, b_span)`` of each passage of at least ``min_chars`` on both sides, in the order of A."""
    passages: list[tuple[Span, Span]] = []
    live: list[int] = []  # passages a later alignment may still continue, oldest first
    for al in sorted(alignments, key=lambda x: (x.a_span, x.b_span)):
        # Alignments come in the order of A: a passage ending more than max_gap
        # before this one starts can continue no later one either.
        live = [k for k in live if al.a_span[0] - passages[k][0][1] <= max_gap]
        k = next((k for k in reversed(live) if _continues(passages[k], al, max_gap, max_skew)), None)
        if k is None:
            live.append(len(passages))
            passages.append((al.a_span, al.b_span))
            continue
        (a0, a1), (b0, b1) = passages[k]
        passages[k] = ((a0, max(a1, al.a_span[1])), (min(b0, al.b_span[0]), max(b1, al.b_span[1])))
    kept = [(a, b) for a, b in passages if min(a[1] - a[0], b[1] - b[0]) >= min_chars]
    return sorted(kept)


def _words(text: str, lo: int, hi: int) -> tuple[list[str], list[Span]]:
    spans = [m.span() for m in _WORD.finditer(text, lo, hi)]
    return [text[s:e].lower() for s, e in spans], spans


def _runs(
    text_a: str, text_b: str, window_a: Span, window_b: Span
) -> tuple[list[tuple[int, int, int]], list[Span], list[Span]]:
    """Shared word runs ``(i, j, size)`` of two windows (LCS matching blocks), with the words' spans."""
    words_a, spans_a = _words(text_a, *window_a)
    words_b, spans_b = _words(text_b, *window_b)
    blocks = LCSseq.opcodes(words_a, words_b).as_matching_blocks()
    return [(m.a, m.b, m.size) for m in blocks if m.size], spans_a, spans_b


def _chain(runs: list[tuple[int, int, int]], anchor: int, step: int, gap: int) -> int:
    """The last run reached from ``anchor`` going ``step`` (-1 back, +1 on) with at most ``gap`` words between."""
    k = anchor
    while 0 <= k + step < len(runs):
        first, second = (runs[k + step], runs[k]) if step < 0 else (runs[k], runs[k + step])
        if second[0] - (first[0] + first[2]) > gap or second[1] - (first[1] + first[2]) > gap:
            break
        k += step
    return k


def refine_edges(
    text_a: str, text_b: str, span_a: Span, span_b: Span, *, edge_chars: int, gap_words: int
) -> tuple[Span, Span]:
    """The passage ``(span_a, span_b)`` with each edge moved to where the shared words start and end.

    >>> a = "Weather was fine. He said the council approved the new budget for schools today. Then rain."
    >>> b = "Other news first. The council approved the new budget for schools today. Sports next."
    >>> (sa, ea), (sb, eb) = refine_edges(a, b, (18, 81), (18, 73), edge_chars=100, gap_words=1)
    >>> a[sa:ea], b[sb:eb]
    ('the council approved the new budget for schools today.', 'The council approved the new budget for schools today.')
    >>> c = "Intro here. The reuse starts mid sentence. It runs on."
    >>> d = "Unrelated words, then the reuse starts mid sentence. It runs on. More."
    >>> at_c, at_d = c.index("It"), d.index("It")  # only the last sentences aligned
    >>> (sa, ea), (sb, eb) = refine_edges(c, d, (at_c, len(c)), (at_d, at_d + 11), edge_chars=100, gap_words=1)
    >>> c[sa:ea], d[sb:eb]
    ('The reuse starts mid sentence. It runs on.', 'the reuse starts mid sentence. It runs on.')
    """
    (a0, a1), (b0, b1) = span_a, span_b
    # The start: runs within edge_chars around it on both sides, up to the passage's end.
    runs, sa, sb = _runs(
        text_a,
        text_b,
        (max(0, a0 - edge_chars), min(a1, a0 + edge_chars)),
        (max(0, b0 - edge_chars), min(b1, b0 + edge_chars)),
    )
    # The first run of two words or more reaching into the passage on both sides.
    inside = [
        k
        for k, (i, j, size) in enumerate(runs)
        if size >= _ANCHOR_WORDS and sa[i + size - 1][1] > a0 and sb[j + size - 1][1] > b0
    ]
    if inside:
        first = runs[_chain(runs, inside[0], -1, gap_words)]
        a0, b0 = sa[first[0]][0], sb[first[1]][0]
    # The end, likewise.
    runs, sa, sb = _runs(
        text_a,
        text_b,
        (max(a0, a1 - edge_chars), min(len(text_a), a1 + edge_chars)),
        (max(b0, b1 - edge_chars), min(len(text_b), b1 + edge_chars)),
    )
    inside = [k for k, (i, j, size) in enumerate(runs) if size >= _ANCHOR_WORDS and sa[i][0] < a1 and sb[j][0] < b1]
    if inside:
        last = runs[_chain(runs, inside[-1], 1, gap_words)]
        a1, b1 = sa[last[0] + last[2] - 1][1], sb[last[1] + last[2] - 1][1]
        # The same punctuation closing both (a full stop, a quotation mark) belongs to the passage.
        for _ in range(_MAX_CLOSING):
            if a1 >= len(text_a) or b1 >= len(text_b) or text_a[a1] != text_b[b1] or not _CLOSING.match(text_a[a1]):
                break
            a1, b1 = a1 + 1, b1 + 1
    return (a0, a1), (b0, b1)


def passage_edges(
    alignments: Sequence[Alignment],
    text_a: str,
    text_b: str,
    *,
    max_gap: int,
    min_chars: int = 0,
    max_skew: int | None = None,
    edge_chars: int = 0,
    gap_words: int = 0,
    echo_share: float | None = None,
) -> list[tuple[Span, Span]]:
    """The passages of :func:`merge_passages`, each edge moved by :func:`refine_edges` (``edge_chars`` > 0)."""
    passages = merge_passages(alignments, max_gap=max_gap, max_skew=max_skew)
    if edge_chars:
        passages = [refine_edges(text_a, text_b, a, b, edge_chars=edge_chars, gap_words=gap_words) for a, b in passages]
    if echo_share is not None:
        passages = drop_echoes(passages, max_share=echo_share)
    return sorted((a, b) for a, b in passages if min(a[1] - a[0], b[1] - b[0]) >= min_chars)


def _covered(spans: list[Span], span: Span) -> int:
    """Characters of ``span`` inside the sorted, disjoint ``spans``."""
    k = max(bisect.bisect_right(spans, (span[0], span[0])) - 1, 0)
    total = 0
    while k < len(spans) and spans[k][0] < span[1]:
        total += max(0, min(spans[k][1], span[1]) - max(spans[k][0], span[0]))
        k += 1
    return total


def _add(spans: list[Span], span: Span) -> None:
    """Insert ``span`` into the sorted, disjoint ``spans``, joining what it overlaps."""
    lo = bisect.bisect_left(spans, (span[0], span[0]))
    if lo and spans[lo - 1][1] >= span[0]:
        lo -= 1
    hi = lo
    s, e = span
    while hi < len(spans) and spans[hi][0] <= e:
        s, e = min(s, spans[hi][0]), max(e, spans[hi][1])
        hi += 1
    spans[lo:hi] = [(s, e)]


def drop_echoes(passages: Sequence[tuple[Span, Span]], *, max_share: float) -> list[tuple[Span, Span]]:
    """The passages, longest first, leaving out one whose text on either side is more than ``max_share``
    inside longer passages: the same text matched again elsewhere in the other document (a sentence
    both texts repeat), reported once, with its longest counterpart.

    >>> drop_echoes([((0, 500), (0, 500)), ((100, 200), (900, 1000)), ((600, 700), (600, 700))], max_share=0.5)
    [((0, 500), (0, 500)), ((600, 700), (600, 700))]
    """
    kept: list[tuple[Span, Span]] = []
    seen_a: list[Span] = []
    seen_b: list[Span] = []
    for a, b in sorted(passages, key=lambda p: (-(p[0][1] - p[0][0] + p[1][1] - p[1][0]), p)):
        if _covered(seen_a, a) > max_share * (a[1] - a[0]) or _covered(seen_b, b) > max_share * (b[1] - b[0]):
            continue
        kept.append((a, b))
        _add(seen_a, a)
        _add(seen_b, b)
    return sorted(kept)
