"""What changed inside an aligned sentence pair, word by word, and of what kind.

Word sequences are diffed with :func:`rapidfuzz.distance.Indel.opcodes` (over
case-folded tokens, so quote marks, dashes, spacing and sentence-initial case
never count), and each run of differing words becomes one :class:`Change`:

* ``name-variant``: capitalised words spelled a little differently (Araqchi /
  Araghchi), the same name in another transliteration;
* ``number``: the figures on the two sides differ (15% / 38%);
* ``insertion`` / ``deletion``: words on one side only;
* ``wording``: any other replacement.

>>> from provenance.sentences import split_sentences
>>> from provenance.align import align_sentences
>>> ta, tb = "Araqchi said it rose 15%.", "Araghchi said it rose 38%."
>>> al = align_sentences(split_sentences(ta), split_sentences(tb), similarity_threshold=0.5)[0]
>>> [(c.kind, c.a, c.b) for c in changes_between(al, split_sentences(ta), ta, split_sentences(tb), tb)]
[('name-variant', 'Araqchi', 'Araghchi'), ('number', '15%', '38%')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz.distance import Indel, Levenshtein

from .models import Alignment, Change, ChangeKind, Sentence, Span

__all__ = ["changes_between", "classify", "diff_blocks"]

_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_NAME_SIMILARITY = 0.6

Block = tuple[str, int, int, int, int]


def diff_blocks(a: Sequence[str], b: Sequence[str]) -> list[Block]:
    """difflib-style opcodes over two token sequences, adjacent edits merged.

    >>> diff_blocks(["a", "big", "cat"], ["a", "huge", "cat"])
    [('equal', 0, 1, 0, 1), ('replace', 1, 2, 1, 2), ('equal', 2, 3, 2, 3)]
    """
    runs: list[Block] = []
    for op in Indel.opcodes(list(a), list(b)):
        if op.tag != "equal" and runs and runs[-1][0] != "equal":
            # Indel has no "replace": a deletion next to an insertion is one.
            _, a0, _, b0, _ = runs.pop()
            runs.append(("edit", a0, op.src_end, b0, op.dest_end))
        else:
            runs.append((op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end))
    return [
        (
            tag if tag == "equal" else "replace" if a1 > a0 and b1 > b0 else "delete" if a1 > a0 else "insert",
            a0,
            a1,
            b0,
            b1,
        )
        for tag, a0, a1, b0, b1 in runs
    ]


def _numbers(words: Sequence[str]) -> list[str]:
    return [n.replace(",", "") for w in words for n in _NUMBER_RE.findall(w)]


def _is_name(word: str) -> bool:
    return word[:1].isupper()


def classify(a_words: Sequence[str], b_words: Sequence[str]) -> ChangeKind:
    """Kind of one replacement, from the words (original case) on each side.

    >>> classify(["Araqchi"], ["Araghchi"])
    'name-variant'
    >>> classify(["Putin"], ["Lavrov"])
    'wording'
    >>> classify(["20", "years"], ["20-year"])
    'wording'
    """
    if not a_words:
        return "insertion"
    if not b_words:
        return "deletion"
    numbers_a, numbers_b = _numbers(a_words), _numbers(b_words)
    if numbers_a and numbers_b and numbers_a != numbers_b:
        return "number"
    if (
        len(a_words) == len(b_words)
        and all(_is_name(x) and _is_name(y) for x, y in zip(a_words, b_words, strict=False))
        and all(
            Levenshtein.normalized_similarity(x.lower(), y.lower()) >= _NAME_SIMILARITY
            for x, y in zip(a_words, b_words, strict=False)
        )
    ):
        return "name-variant"
    return "wording"


def _tokens_in(sentences: Sequence[Sentence], indices: Sequence[int], span: Span) -> tuple[list[str], list[Span]]:
    keys: list[str] = []
    spans: list[Span] = []
    for i in indices:
        for key, tspan in zip(sentences[i].tokens, sentences[i].token_spans, strict=False):
            if tspan[0] >= span[0] and tspan[1] <= span[1]:
                keys.append(key)
                spans.append(tspan)
    return keys, spans


def _side(spans: list[Span], start: int, end: int, anchor: int) -> Span:
    if end > start:
        return spans[start][0], spans[end - 1][1]
    return anchor, anchor


def changes_between(
    alignment: Alignment,
    sentences_a: Sequence[Sentence],
    text_a: str,
    sentences_b: Sequence[Sentence],
    text_b: str,
) -> tuple[Change, ...]:
    """The classified word-level changes inside one alignment, in text order."""
    keys_a, spans_a = _tokens_in(sentences_a, alignment.a_sentences, alignment.a_span)
    keys_b, spans_b = _tokens_in(sentences_b, alignment.b_sentences, alignment.b_span)
    changes: list[Change] = []
    for tag, a0, a1, b0, b1 in diff_blocks(keys_a, keys_b):
        if tag == "equal":
            continue
        # Where an edit has nothing on one side, anchor it after the previous word.
        anchor_a = spans_a[a0 - 1][1] if a0 > 0 else alignment.a_span[0]
        anchor_b = spans_b[b0 - 1][1] if b0 > 0 else alignment.b_span[0]
        span_a = _side(spans_a, a0, a1, anchor_a)
        span_b = _side(spans_b, b0, b1, anchor_b)
        words_a = [text_a[s:e] for s, e in spans_a[a0:a1]]
        words_b = [text_b[s:e] for s, e in spans_b[b0:b1]]
        changes.append(
            Change(
                kind=classify(words_a, words_b),
                a=text_a[span_a[0] : span_a[1]],
                b=text_b[span_b[0] : span_b[1]],
                a_span=span_a,
                b_span=span_b,
            )
        )
    return tuple(changes)
