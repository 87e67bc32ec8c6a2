"""Reused passages: a pair's aligned sentences joined where they run on.

A copied paragraph aligns sentence by sentence; a reader (and PAN's scoring)
thinks of it as one passage. Alignments are taken in the order of A, and each
joins the most recent passage it continues: one that ends on side A at most
``max_gap`` characters before it starts, whose end on side B is within
``max_gap`` of its start there (either way, since B's sentences may be
reordered a little), and that it does not lie wholly before on side B.  Looking
past the latest passage matters when a repeated sentence of A also matched a
stray copy elsewhere in B: that match starts a passage of its own, and the
sentences after it still join the passage they continue.

Passages shorter than ``min_chars`` on either side are left out: a run of a
few words ("One of the", a copyright line) recurs between unrelated texts and
is no reused passage.

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

from collections.abc import Sequence

from ..models import Alignment, Span

__all__ = ["merge_passages"]


def _continues(passage: tuple[Span, Span], al: Alignment, max_gap: int) -> bool:
    (_, a1), (b0, b1) = passage
    return al.a_span[0] - a1 <= max_gap and abs(al.b_span[0] - b1) <= max_gap and al.b_span[1] >= b0


def merge_passages(alignments: Sequence[Alignment], *, max_gap: int, min_chars: int = 0) -> list[tuple[Span, Span]]:
    """``(a_span, b_span)`` of each passage of at least ``min_chars`` on both sides, in the order of A."""
    passages: list[tuple[Span, Span]] = []
    live: list[int] = []  # passages a later alignment may still continue, oldest first
    for al in sorted(alignments, key=lambda x: (x.a_span, x.b_span)):
        # Alignments come in the order of A: a passage ending more than max_gap
        # before this one starts can continue no later one either.
        live = [k for k in live if al.a_span[0] - passages[k][0][1] <= max_gap]
        k = next((k for k in reversed(live) if _continues(passages[k], al, max_gap)), None)
        if k is None:
            live.append(len(passages))
            passages.append((al.a_span, al.b_span))
            continue
        (a0, a1), (b0, b1) = passages[k]
        passages[k] = ((a0, max(a1, al.a_span[1])), (min(b0, al.b_span[0]), max(b1, al.b_span[1])))
    kept = [(a, b) for a, b in passages if min(a[1] - a[0], b[1] - b[0]) >= min_chars]
    return sorted(kept)
