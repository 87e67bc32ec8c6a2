"""Unaligned passages: what one text of a pair has and the other lacks.

A reprint's own lead, a paragraph it added, a paragraph it dropped from its source: the
sentences of one side that no alignment covers, merged into runs of consecutive sentences.
A sentence an alignment covers, one set aside as site chrome (no words left) or one alignment
never compared (past ``max_align_sentences``) ends a run; runs shorter than ``min_chars``
sentence characters (a dateline, a byline) are left out.  One pass over the sentences and one
over the alignments: linear in the document.

>>> from provenance.models import Alignment
>>> from provenance.text.sentences import split_sentences
>>> text = "Our own lead comes first here. The council met today at noon. It voted for the plan."
>>> sentences = split_sentences(text)
>>> al = Alignment(a_sentences=(1,), b_sentences=(0,), a_span=sentences[1].span, b_span=(0, 1), score=1.0)
>>> [(p.sentences, text[p.span[0] : p.span[1]]) for p in unaligned_passages(sentences, [al], "a", min_chars=0)]
[((0, 1), 'Our own lead comes first here.'), ((2, 3), 'It voted for the plan.')]
>>> [p.characters for p in unaligned_passages(sentences, [al], "a", min_chars=25)]
[30]
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Iterable, Sequence
from typing import Literal

from ..models import Alignment, Sentence, UnalignedPassage
from ..settings import Settings

__all__ = ["excerpt", "moved_passages", "unaligned_passages", "unaligned_share"]

_EXCERPT_CHARS = 120
"""Characters of a passage shown in a report (its spans give the rest)."""


def unaligned_passages(
    sentences: Sequence[Sentence],
    alignments: Iterable[Alignment],
    side: Literal["a", "b"],
    *,
    min_chars: int = Settings.unaligned_min_chars,
    compared: Collection[int] | None = None,
) -> tuple[UnalignedPassage, ...]:
    """The runs of ``sentences`` (side ``side`` of ``alignments``) that no alignment covers, in text order.

    ``compared``: the indices of the sentences the aligner compared, when not all
    (:func:`~provenance.detect.align.compared_sentences`): a sentence it never compared is not known
    to be missing from the other text, so it is never listed.
    """
    covered = bytearray(len(sentences))
    for al in alignments:
        for index in al.a_sentences if side == "a" else al.b_sentences:
            covered[index] = 1
    if compared is not None:
        seen = bytearray(len(sentences))
        for index in compared:
            seen[index] = 1
        for index, was_seen in enumerate(seen):
            covered[index] |= not was_seen
    runs: list[UnalignedPassage] = []
    first, chars = -1, 0
    for index, sentence in enumerate(sentences):
        if covered[index] or not sentence.tokens:
            if first >= 0 and chars >= min_chars:
                runs.append(_passage(sentences, first, index, chars))
            first, chars = -1, 0
            continue
        if first < 0:
            first = index
        chars += sentence.span[1] - sentence.span[0]
    if first >= 0 and chars >= min_chars:
        runs.append(_passage(sentences, first, len(sentences), chars))
    return tuple(runs)


def _passage(sentences: Sequence[Sentence], first: int, end: int, chars: int) -> UnalignedPassage:
    return UnalignedPassage(
        sentences=(first, end), span=(sentences[first].span[0], sentences[end - 1].span[1]), characters=chars
    )


def unaligned_share(sentences: Sequence[Sentence], passages: Sequence[UnalignedPassage]) -> float:
    """Share of the sentence characters (of sentences with words) that ``passages`` hold, to four places.

    >>> from provenance.text.sentences import split_sentences
    >>> sentences = split_sentences("Four words are here. And four more here.")
    >>> unaligned_share(sentences, unaligned_passages(sentences, [], "a", min_chars=0))
    1.0
    """
    content = sum(s.span[1] - s.span[0] for s in sentences if s.tokens)
    return round(sum(p.characters for p in passages) / content, 4) if content else 0.0


def excerpt(text: str, passage: UnalignedPassage, *, limit: int = _EXCERPT_CHARS) -> str:
    """The start of a passage's text on one line, cut at ``limit`` characters with an ellipsis.

    >>> passage = UnalignedPassage(sentences=(0, 1), span=(0, 23), characters=23)
    >>> excerpt("Our own\\nlead, at length.", passage, limit=12)
    'Our own lea…'
    """
    start, end = passage.span
    # The flattened start of the passage is a prefix of the flattened passage: the passage is read a longer
    # start at a time until its first ``limit`` characters are known, never a long passage whole (a text in
    # a thousand pairs, each report shows the excerpt of each of its passages).
    reach = max(limit, 64)
    while True:
        stop = min(end, start + reach)
        flat = " ".join(text[start:stop].split())
        if len(flat) > limit or stop >= end:
            return flat if len(flat) <= limit else flat[: limit - 1] + "…"
        reach *= 4


Run = tuple[int, int]
"""A run of sentences: the first one's index and one past the last one's."""


def moved_passages(alignments: Sequence[Alignment]) -> list[tuple[Run, Run]]:
    """The aligned passages that stand in another order in B than in A: (A's sentences, B's sentences) of each
    run of consecutive alignments (in A's order) outside the longest run of alignments B keeps in A's order
    (a longest increasing subsequence of their places in B, found in n log n).  An editor's "paragraphs
    moved: source ¶17-18 now at ¶13-14".

    >>> from provenance.models import Alignment
    >>> def al(a, b):
    ...     return Alignment(a_sentences=(a,), b_sentences=(b,), a_span=(a, a + 1), b_span=(b, b + 1), score=1.0)
    >>> moved_passages([al(0, 0), al(1, 3), al(2, 4), al(3, 1), al(4, 2)])
    [((1, 3), (3, 5))]
    >>> moved_passages([al(0, 0), al(1, 1)])
    []
    """
    ordered = sorted(alignments, key=lambda al: al.a_span)
    places = [al.b_span[0] for al in ordered]
    tails: list[int] = []  # tails[k]: the place ending the best increasing run of length k + 1 found so far
    tail_at: list[int] = []  # its alignment
    before = [-1] * len(places)
    for i, place in enumerate(places):
        k = bisect.bisect_left(tails, place)
        if k == len(tails):
            tails.append(place)
            tail_at.append(i)
        else:
            tails[k], tail_at[k] = place, i
        before[i] = tail_at[k - 1] if k else -1
    kept = set()
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        kept.add(i)
        i = before[i]
    runs: list[tuple[Run, Run]] = []
    start = None
    for i in range(len(ordered) + 1):
        moved = i < len(ordered) and i not in kept
        if moved and start is None:
            start = i
        elif not moved and start is not None:
            group = ordered[start:i]
            a_run = (min(s for al in group for s in al.a_sentences), max(s for al in group for s in al.a_sentences) + 1)
            b_run = (min(s for al in group for s in al.b_sentences), max(s for al in group for s in al.b_sentences) + 1)
            runs.append((a_run, b_run))
            start = None
    return runs
