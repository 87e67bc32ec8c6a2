"""Shared quotations are not reuse: what two reports of one event have in common without copying.

Two reporters at one press conference quote the same speaker, with the speaker's name and title, and
write the rest themselves; two stories on one topic may quote one official's different remarks with the
same attribution ("Steve Clarke, deputy associate administrator for exploration in NASA's Science
Mission Directorate, said").  Neither is text reuse.  Two rules keep them out:

* an aligned sentence pair whose quotations say different things (:func:`other_quotation`: each side
  quotes at least ``_QUOTE_MIN_WORDS`` words in a row and one at least ``_REMARK_MIN_WORDS``, less than
  half of each side's quoted words occur in the other sentence at all, and the sentences are not
  near-identical as a whole)
  pairs two remarks by one speaker, not one sentence: it is no alignment (a short quotation with words
  swapped stays one sentence, its change reported);
* a pair whose aligned sentences share quoted words is reuse only when they share at least
  ``reuse_min_narrative_words`` words outside quotations, or in sentences copied word for word
  (:func:`narrative_words`): a copy shares the story told around the quotes, or the quoted sentences
  whole with their attributions.  A shorter text aligned nearly whole (:data:`WHOLE_TEXT_SHARE`) is a
  copy whatever it quotes (a statement reprinted).

>>> from provenance.models import Document
>>> from provenance.pipeline import compare
>>> said = ", Steve Clarke, deputy associate administrator for exploration at NASA, said on Monday."
>>> a = Document("a", "a", '"We need more landers for the science we plan to fly soon and often"' + said)
>>> b = Document("b", "b", '"The schedule was moved up because the payloads are ready earlier"' + said)
>>> compare(a, b).alignments
()
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from ..models import Alignment, Document
from ..text.quotes import QuoteSpans

__all__ = ["VERBATIM_SCORE", "WHOLE_TEXT_SHARE", "narrative_words", "other_quotation", "quoted_tokens"]

VERBATIM_SCORE = 0.95
"""An aligned sentence pair this alike (the aligner's score: a word in twenty changed at most) is copied
text, its quotation and attribution alike."""
_ATTRIBUTION_MIN_WORDS = 2  # "he said": what a sentence copied whole shares outside its quotation
WHOLE_TEXT_SHARE = 0.8
"""A shorter text with this share of its sentences aligned is copied whole: no quotation rule applies."""

_QUOTE_MIN_WORDS = 3  # a shorter quotation on a side: a phrase in quotes, not a remark to compare...
_REMARK_MIN_WORDS = 6  # ...and one side's quotation runs this long: a remark, not a few words altered
_QUOTE_MIN_SHARE = 0.5  # of each side's quoted words, fewer than this in the other sentence: two remarks
# Sentences this alike as a whole (the aligner's score) are one sentence whatever their marks say: a
# straight mark left open across a hard-wrapped line quotes the wrong words (PAN-13 essays).
_SAME_SENTENCE_SCORE = 0.8


def quoted_tokens(doc: Document, sentences: Sequence[int], quotes: QuoteSpans) -> tuple[list[str], list[str], int]:
    """The tokens of ``doc``'s ``sentences`` inside a quotation, those outside (each in text order), and the
    longest run of quoted tokens (a quotation's length in words)."""
    inside: list[str] = []
    outside: list[str] = []
    longest = 0
    for index in sentences:
        sentence = doc.sentences[index]
        if not sentence.tokens:
            continue
        flat = np.frombuffer(sentence.token_spans.flat(), dtype=np.int32)
        covered = quotes.covers_all(flat[0::2], flat[1::2])
        run = 0
        for token, quoted in zip(sentence.tokens, covered.tolist(), strict=True):
            (inside if quoted else outside).append(token)
            run = run + 1 if quoted else 0
            longest = max(longest, run)
    return inside, outside, longest


def other_quotation(a: Document, b: Document, alignment: Alignment, quotes: tuple[QuoteSpans, QuoteSpans]) -> bool:
    """Whether ``alignment`` pairs two different quotations (with the same attribution, say)."""
    if alignment.score >= _SAME_SENTENCE_SCORE:
        return False
    quoted_a, told_a, run_a = quoted_tokens(a, alignment.a_sentences, quotes[0])
    quoted_b, told_b, run_b = quoted_tokens(b, alignment.b_sentences, quotes[1])
    if min(run_a, run_b) < _QUOTE_MIN_WORDS or max(run_a, run_b) < _REMARK_MIN_WORDS:
        return False  # a phrase in quotes, or a short quotation altered ("We will win" / "We shall prevail")
    # Each side's quoted words mostly absent from the other sentence, quoted or not: a copy cannot make its
    # source's remark "another" by moving the marks onto three words of its own.
    return (
        _contained(quoted_a, [*quoted_b, *told_b]) < _QUOTE_MIN_SHARE
        and _contained(quoted_b, [*quoted_a, *told_a]) < _QUOTE_MIN_SHARE
    )


def _contained(words: Sequence[str], other: Sequence[str]) -> float:
    """The share of ``words`` (as a multiset) that ``other`` holds."""
    return sum((Counter(words) & Counter(other)).values()) / len(words) if words else 1.0


def narrative_words(
    a: Document, b: Document, alignments: Sequence[Alignment], quotes: tuple[QuoteSpans, QuoteSpans]
) -> int | None:
    """The words the aligned sentences share (a multiset intersection, per alignment) less those both sides
    quote: what the two texts tell alike around their quotations; None when they share no quoted word
    (nothing for the rule to weigh: a copy of prose, in any script).

    A word one side alone quotes counts (a quotation mark lost, or one left open across a hard-wrapped
    line, takes no copied sentence away), and so does every word of a sentence copied word for word
    (:data:`VERBATIM_SCORE`) with its attribution: two reporters of one call take a remark down alike,
    never the sentence around it too ("… ,” Commerzbank analyst Carsten Fritsch said." copied whole is
    copied text); a sentence both quote whole (a club's statement) is the statement's.
    """
    total = quoted = 0
    for alignment in alignments:
        quoted_a, told_a, _ = quoted_tokens(a, alignment.a_sentences, quotes[0])
        quoted_b, told_b, _ = quoted_tokens(b, alignment.b_sentences, quotes[1])
        shared = sum(((Counter(quoted_a) + Counter(told_a)) & (Counter(quoted_b) + Counter(told_b))).values())
        both = sum((Counter(quoted_a) & Counter(quoted_b)).values())
        quoted += both
        # copied whole with its attribution ("… ,” he said."): a sentence both quote entirely (a statement
        # both stories quote, "Tottenham said in a statement: …") is the statement's, whoever quotes it
        attributed = shared - both >= _ATTRIBUTION_MIN_WORDS
        total += shared if alignment.score >= VERBATIM_SCORE and attributed else shared - both
    return None if quoted == 0 else total
