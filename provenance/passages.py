"""Reused passages: a pair's aligned sentences joined where they run on.

A copied paragraph aligns sentence by sentence; a reader (and PAN's scoring)
thinks of it as one passage. Alignments are taken in the order of A, and the
next one joins the current passage when it starts at most ``max_gap``
characters after the passage's end on side A and within ``max_gap`` of the
passage's end on side B (either way, since B's sentences may be reordered a
little).

>>> from provenance.models import Alignment
>>> als = [Alignment((0,), (0,), (0, 50), (100, 150), 1.0), Alignment((1,), (1,), (52, 90), (151, 190), 1.0)]
>>> merge_passages(als, max_gap=10)
[((0, 90), (100, 190))]
"""

from __future__ import annotations

from collections.abc import Sequence

from .models import Alignment, Span

__all__ = ["merge_passages"]


def merge_passages(alignments: Sequence[Alignment], *, max_gap: int) -> list[tuple[Span, Span]]:
    """``(a_span, b_span)`` of each passage, in the order of A."""
    passages: list[tuple[Span, Span]] = []
    for al in sorted(alignments, key=lambda x: (x.a_span, x.b_span)):
        if passages:
            (a0, a1), (b0, b1) = passages[-1]
            if al.a_span[0] - a1 <= max_gap and abs(al.b_span[0] - b1) <= max_gap and al.b_span[1] >= b0:
                passages[-1] = ((a0, max(a1, al.a_span[1])), (min(b0, al.b_span[0]), max(b1, al.b_span[1])))
                continue
        passages.append((al.a_span, al.b_span))
    return passages
