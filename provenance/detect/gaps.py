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

from collections.abc import Iterable, Sequence
from typing import Literal

from ..models import Alignment, Sentence, UnalignedPassage
from ..settings import Settings
from .align import aligned_subset

__all__ = ["excerpt", "unaligned_passages", "unaligned_share"]

_EXCERPT_CHARS = 120
"""Characters of a passage shown in a report (its spans give the rest)."""


def unaligned_passages(
    sentences: Sequence[Sentence],
    alignments: Iterable[Alignment],
    side: Literal["a", "b"],
    *,
    min_chars: int = Settings.unaligned_min_chars,
    max_sentences: int = Settings.max_align_sentences,
) -> tuple[UnalignedPassage, ...]:
    """The runs of ``sentences`` (side ``side`` of ``alignments``) that no alignment covers, in text order.

    ``max_sentences`` is the aligner's (:func:`~provenance.detect.align.aligned_subset`): a sentence
    it never compared is not known to be missing from the other text, so it is never listed.
    """
    covered = bytearray(len(sentences))
    for al in alignments:
        for index in al.a_sentences if side == "a" else al.b_sentences:
            covered[index] = 1
    if len(sentences) > max_sentences:
        compared = bytearray(len(sentences))
        for index in aligned_subset(sentences, max_sentences):
            compared[index] = 1
        for index, seen in enumerate(compared):
            covered[index] |= not seen
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
    flat = " ".join(text[passage.span[0] : passage.span[1]].split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
