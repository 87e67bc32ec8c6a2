"""Sentence and word splitting with spans into the original text.

News copy is split at line breaks (paragraphs, headlines, datelines) and, within
a line, after ``.``, ``!`` or ``?`` (and any closing quotes or brackets) when the
next word starts a sentence, unless the period ends a known abbreviation or an
initial.  Chinese and Japanese sentences also end at 。, and at ！ or ？ after one of their
letters, with no space after them; in the scripts written without spaces (Han, kana, Thai,
Lao) each letter is a word.  Splitting runs on folded text (:mod:`provenance.text.normalize`),
so curly and straight quotes behave alike, and every span is mapped back to the original.

>>> [s.tokens for s in split_sentences('He said: "It works." Then he left.')]
[('he', 'said', 'it', 'works'), ('then', 'he', 'left')]
"""

from __future__ import annotations

import dataclasses
import functools
import re
import sys
from array import array
from collections.abc import Collection

import numpy as np

from .._compiled import core as _core
from ..models import Sentence, Span, Spans
from ..settings import Settings
from .normalize import FoldedText, fold, fold_key

__all__ = ["UNSPACED_MARKS", "UNSPACED_RANGES", "split_sentences", "tokenize", "word_keys", "word_re"]

# Scripts written without spaces between words: Han ideographs (with their iteration marks 々 〆 〇 and
# Hangzhou numerals), Hiragana, Katakana (and the prolonged sound mark ー), Thai and Lao.  No word boundary
# shows in them, so each of their letters is a word of its own, as text-reuse tools shingle CJK text by
# characters: a copied sentence then matches letter for letter, where a run of 40 letters between two
# commas made one "word" that one changed letter hid whole.  Only the word characters (``\w``) of these
# blocks count (not 、 。 ・ 「」); the Thai and Lao digits are left out, numbers as elsewhere.  Sorted ranges,
# the same in provenance/_core.c (``in_unspaced_block``; tests/test_fastpath.py checks their edges).
UNSPACED_RANGES = (
    (0x0E01, 0x0E4F),  # Thai letters and marks (0E50-0E59: digits)
    (0x0E81, 0x0ECF),  # Lao letters and marks (0ED0-0ED9: digits)
    (0x0EDC, 0x0EFF),  # Lao letters
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3021, 0x3029),  # Hangzhou numerals
    (0x3031, 0x3035),  # kana repeat marks
    (0x3038, 0x303C),  # more Hangzhou numerals, 〻 〼
    (0x3041, 0x30FF),  # Hiragana, Katakana
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0xFF66, 0xFF9F),  # half-width Katakana (NFKC folds them, kept for unfolded text)
    (0x1B000, 0x1B16F),  # Kana Supplement, Extended-A, Small Kana Extension
    (0x20000, 0x323AF),  # CJK Extensions B to H, Compatibility Supplement
)
# The vowel and tone marks of Thai and Lao (no word characters): each joins the letter it follows.
UNSPACED_MARKS: tuple[tuple[int, int], ...] = ((0x0E31, 0x0E31), (0x0E34, 0x0E3A), (0x0E47, 0x0E4E))
UNSPACED_MARKS += ((0x0EB1, 0x0EB1), (0x0EB4, 0x0EBC), (0x0EC8, 0x0ECE))


def _char_class(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in ranges)


_UNSPACED = _char_class(UNSPACED_RANGES)
_UNSPACED_MARK = _char_class(UNSPACED_MARKS)


# The compiled core finds words and sentence ends without the patterns below (they are the plain paths'
# and the reference the core is tested against): each is compiled when first asked for, not at every start
# of the package (16 ms of a one-shot check).
#
# A word: a number with its separators and unit (1,000.5 / 15% / 20-year), or letters/digits joined by
# apostrophes or inner hyphens (a run of word characters stops at a letter of an unspaced script); or one
# letter of an unspaced script with its marks.  Text without such letters splits as ``\w+`` alone did.
@functools.cache
def word_re() -> re.Pattern[str]:
    """The pattern of a word (above), compiled once, when first asked for."""
    return re.compile(
        rf"(?:\d+(?:[.,:]\d+)*%?|[^\W{_UNSPACED}]+)(?:['\-][^\W{_UNSPACED}]+)*|[{_UNSPACED}](?<=\w)[{_UNSPACED_MARK}]*"
    )


_GROUP, _SPAN = re.Match.group, re.Match.span

# Candidate sentence ends: terminal punctuation, closing quotes/brackets, space.  A match starts
# only where a run of terminal punctuation starts and takes the run whole (possessive): a run of
# 100,000 dots is one attempt, not one per dot, each scanning to its end.  The pattern opens with the
# punctuation and looks back at the character before it after (the same test as a look-behind first):
# so the regex engine skips to the next ".", "!" or "?" instead of trying every position (5x faster).
#
# Chinese and Japanese end sentences with 。 (and ！ ？, folded to ! ?) and put no space after them: a run
# of marks holding 。, or one that follows a letter of an unspaced script, ends a sentence with or without
# a space after it; a mark after a Latin word still needs the space ("Yahoo!ニュース", "3.5").  Their
# corner brackets and lenticular brackets close and open quotations as "" do.
_MARKS = ".!?\u3002"
_CLOSERS = "\"')]\u300d\u300f\u3011\u3015\u3009\u300b\u3017\u3019\u301b"
_OPENERS = "\"'([\u300c\u300e\u3010\u3014\u3008\u300a\u3016\u3018\u301a"


@functools.cache
def _end_re(space: str) -> re.Pattern[str]:
    marks, closers, openers = (re.escape(chars) for chars in (_MARKS, _CLOSERS, _OPENERS))
    unspaced_end = rf"(?=(?<=[{_UNSPACED}].)(?<=\w.)|(?<=\u3002)|[.!?]*+\u3002)"
    after = rf"[{marks}]*+[{closers}]*+"
    return re.compile(
        rf"[{marks}](?<![{marks}][{marks}])"
        rf"(?:{unspaced_end}{after}(?={space}*[{openers}]*\w)|{after}(?={space}+[{openers}]*\w))"
    )


_LINE_SPACE = r"\s"
# The same ends found over a whole text at once: the space after an end may not hold the "\n" that ends
# its line, so a match is one the line's own search finds, and a line costs no search of its own.
_TEXT_SPACE = r"[^\S\n]"
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "maj",
        "adm",
        "sen",
        "rep",
        "gov",
        "pres",
        "st",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "bros",
        "vs",
        "etc",
        "no",
        "nos",
        "vol",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "approx",
        "est",
        "dept",
        "univ",
        "ave",
        "blvd",
        "mt",
        "ft",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
        "a.m",
        "p.m",
    ]
)
_LOWER_START_RE = re.compile(rf"\s+[{re.escape(_OPENERS)}]*[a-z]")
_HIRAGANA_RE = re.compile("[\u3041-\u309f]")


def tokenize(folded: FoldedText, start: int = 0, end: int | None = None) -> list[tuple[str, Span]]:
    """Word tokens of ``folded.text[start:end]`` as (key, original span) pairs.

    >>> tokenize(fold("Iran\u2019s 15% rise"))
    [("iran's", (0, 6)), ('15%', (7, 10)), ('rise', (11, 15))]
    """
    keys, spans = _words(folded, start, len(folded.text) if end is None else end)
    return list(zip(keys, spans, strict=True))


def _words(folded: FoldedText, start: int, stop: int) -> tuple[tuple[str, ...], Spans]:
    """The keys (interned) and packed original spans of the words of ``folded.text[start:stop]``."""
    if _core is not None:  # one pass of C: no match object, no Python call a word
        keys, packed = _core.words(folded.text, start, stop)
        flat = array("i", packed)
        if folded.offsets is None:
            return keys, Spans._packed(flat)
        return keys, Spans(map(folded.original_span, zip(flat[0::2], flat[1::2], strict=True)))
    return _plain_words(folded, start, stop)


def _plain_words(folded: FoldedText, start: int, stop: int) -> tuple[tuple[str, ...], Spans]:
    """:func:`_words` in plain Python (the reference the compiled core is tested against)."""
    matches = list(word_re().finditer(folded.text, start, stop))
    keys = tuple(map(sys.intern, map(fold_key, map(_GROUP, matches))))
    spans = map(_SPAN, matches)
    if folded.offsets is not None:  # folding moved characters: map back to the original
        spans = map(folded.original_span, spans)
    return keys, Spans(spans)


def word_keys(text: str) -> list[str]:
    """The matching keys of every word of ``text``, in order, without splitting sentences.

    The same sequence as the tokens of :func:`split_sentences`, one sentence
    after another (no word crosses a sentence end), at a third of the cost: what
    signing needs when no alignment follows (the persistent index).

    >>> word_keys('He said: "It works." Then he left.')
    ['he', 'said', 'it', 'works', 'then', 'he', 'left']
    """
    folded = fold(text).text
    if _core is not None:
        return list(_core.words(folded, 0, len(folded))[0])
    if "\u0130" in folded or "\u03a3" in folded:
        # İ lower-cases to two characters and Σ by its context (final sigma): word by word.
        return list(map(fold_key, word_re().findall(folded)))
    # Elsewhere lower-casing maps character to character, keeping every word boundary: one call.
    return word_re().findall(fold_key(folded))


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``dot`` ends an abbreviation or an initial."""
    begin = dot
    while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] == "."):
        begin -= 1
    word = text[begin:dot]
    if not word:
        return False
    if len(word) == 1 and word.isalpha() and word.isupper():
        return True  # an initial: "J. Smith"
    return word.lower() in _ABBREVIATIONS


def _is_sentence_end(text: str, m: re.Match[str]) -> bool:
    """Whether a candidate end (a match of ``_end_re(_LINE_SPACE)``) ends a sentence."""
    if m.group()[0] == "." and len(m.group().rstrip(_CLOSERS)) == 1 and _is_abbreviation(text, m.start()):
        return False
    # "... world peace," he said: a quote ending in ! or ? that runs on in
    # lower case is one sentence; so is 「…。」と言った, a Japanese quotation running on in Hiragana.
    if m.group()[-1] in _CLOSERS and _HIRAGANA_RE.match(text, m.end()):
        return False
    return not _LOWER_START_RE.match(text, m.end())


def _line_sentence_bounds(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of the line ``text[start:end]`` (the plain reference of :func:`_sentence_bounds`)."""
    bounds: list[tuple[int, int]] = []
    begin = start
    for m in _end_re(_LINE_SPACE).finditer(text, start, end):
        if _is_sentence_end(text, m):
            bounds.append((begin, m.end()))
            begin = m.end()
    bounds.append((begin, end))
    return bounds


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    """The ``[start, end)`` of every sentence of every line of ``text``, in order (a line without an end
    is one; an empty line none): one search of the whole text.

    >>> _sentence_bounds("One. Two\\n\\nMr. Three? four")
    [(0, 4), (4, 8), (10, 25)]
    """
    bounds: list[tuple[int, int]] = []
    begin = 0
    for m in _end_re(_TEXT_SPACE).finditer(text):
        if _is_sentence_end(text, m):
            line = text.rfind("\n", begin, m.start())
            if line >= 0:  # lines ended before this sentence end
                _add_lines(bounds, text, begin, line)
                begin = line + 1
            bounds.append((begin, m.end()))
            begin = m.end()
    _add_lines(bounds, text, begin, len(text))
    return bounds


def _add_lines(bounds: list[tuple[int, int]], text: str, begin: int, end: int) -> None:
    """The lines of ``text[begin:end]``, where no sentence ends, as bounds; empty lines left out."""
    while True:
        line = text.find("\n", begin, end)
        stop = end if line < 0 else line
        if stop > begin:
            bounds.append((begin, stop))
        if line < 0:
            return
        begin = line + 1


def _sentence(index: int, span: Span, tokens: tuple[str, ...], token_spans: Spans) -> Sentence:
    """``Sentence(index, span, tokens, token_spans)`` for spans already packed, at a third of the cost: a
    frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` and then runs
    ``__post_init__``; here the fields go in at once, in the same order (a corpus has millions).

    >>> _sentence(0, (0, 3), ("one",), Spans([(0, 3)])) == Sentence(0, (0, 3), ("one",), Spans([(0, 3)]))
    True
    """
    sentence = _NEW(Sentence)
    _SET(sentence, "index", index)  # Sentence has slots: no dictionary to fill at once
    _SET(sentence, "span", span)
    _SET(sentence, "tokens", tokens)
    _SET(sentence, "token_spans", token_spans)
    return sentence


_NEW = object.__new__
_SET = object.__setattr__


MAX_WRAPPED_WORDS = 7
"""The most words a line may hold to be read as one of a text wrapped short (:func:`unwrapped`): a text
hard-wrapped at 30 characters holds about five a line, a line of eight or more has four shingles of its own
and aligns, and a headline or a byline stands alone before a long paragraph (its neighbour is no short line)."""
_WORD_IN_LINE = re.compile(r"[^\W_]+")


def unwrapped(text: str, pairs: Collection[int] = ()) -> str:
    r"""``text`` with each line break inside a run of two or more short lines (of one to
    :data:`MAX_WRAPPED_WORDS` words: a rule of ``___`` is none) read as a space, but after a line that ends a
    sentence: the same length, each character in its place; a line of site chrome (:func:`.boilerplate.is_chrome`)
    stays a line of its own: neither the line before it nor the line after it is joined to it (nor set aside with
    it).  A copy hard-wrapped a few words a line (Markdown renders a paragraph's lines as one paragraph; a plain
    text wrapped at 25 characters, a line a ``<br>``, a table a word a cell) is read in sentences, as a reader
    reads it; each line was a sentence of its own, too short to align, and a copy of 001 wrapped at 30 characters
    passed.  ``pairs``: the offsets of the first break of each two that are one (the ``\r`` of a ``\r\n``, which
    folding makes two breaks): a copy with CRLF line endings held an empty line between each two lines, and one
    wrapped at 20 characters passed.

    >>> unwrapped("Iran and Russia\nsign a pact\non Friday.\nThe Kremlin said so in a long statement on Monday.")
    'Iran and Russia sign a pact on Friday.\nThe Kremlin said so in a long statement on Monday.'
    >>> unwrapped("A headline alone\nThe story's first sentence, long enough to stand on its own line.")
    "A headline alone\nThe story's first sentence, long enough to stand on its own line."
    >>> unwrapped("Iran and Russia\n\nsign a pact", pairs={15})
    'Iran and Russia  sign a pact'
    """
    if "\n" not in text:
        return text
    from .boilerplate import is_chrome  # which reads sentences

    read = text
    if pairs:  # the first break of a pair read as a space: its line runs to the second
        chars = list(text)
        for at in pairs:
            chars[at] = " "
        read = "".join(chars)
    lines, start = [], 0
    for line in read.split("\n"):
        lines.append((start, start + len(line)))
        start += len(line) + 1
    short = [0 < len(_WORD_IN_LINE.findall(read, start, end)) <= MAX_WRAPPED_WORDS for start, end in lines]
    chrome = functools.cache(lambda i: is_chrome(read[slice(*lines[i])].strip()))
    joined = None
    for i in range(len(lines) - 1):
        if not (short[i] and short[i + 1]):
            continue
        start, end = lines[i]
        tail = read[start:end].rstrip()
        if tail.rstrip(_CLOSERS)[-1:] in tuple(_MARKS) or chrome(i) or chrome(i + 1):
            continue  # a sentence ends with the line, or chrome (set aside whole) on either side: its break stays
        if joined is None:
            joined = list(text)
        joined[end] = " "
        if end - 1 in pairs:
            joined[end - 1] = " "
    return text if joined is None else "".join(joined)


def _paired_breaks(text: str, folded: FoldedText) -> frozenset[int]:
    """The offsets in ``folded`` of the first break of each ``\r\n`` of ``text`` (folding makes each of the
    two a break: :func:`unwrapped` reads them as one)."""
    if "\r\n" not in text:
        return frozenset()
    pairs = []
    for found in _PAIRED_BREAK.finditer(folded.text):
        start, end = folded.original_span((found.start(), found.start() + 2))
        if text[start:end] == "\r\n":
            pairs.append(found.start())
    return frozenset(pairs)


_PAIRED_BREAK = re.compile(r"\n(?=\n)")


def split_sentences(
    text: str, folded: FoldedText | None = None, *, max_tokens: int = Settings.max_sentence_tokens
) -> tuple[Sentence, ...]:
    """Split ``text`` into sentences with original spans and matching tokens.

    Sentences without any word (a line of punctuation) are dropped; indices are
    consecutive over the sentences kept.  A run of more than ``max_tokens`` words
    without a sentence end (a 5 MB line) is cut into pieces of ``max_tokens``
    words, so no later stage sees an unbounded sentence.
    """
    folded = folded if folded is not None else fold(text)
    joined = unwrapped(folded.text, _paired_breaks(text, folded))
    if joined is not folded.text:  # one character for one: the offsets stand
        folded = dataclasses.replace(folded, text=joined)
    if _core is not None:
        return _compiled_sentences(folded, max_tokens)
    ftext = folded.text
    sentences: list[Sentence] = []
    for begin, end in _sentence_bounds(ftext):
        keys, spans = _words(folded, begin, end)
        if not keys:
            continue
        # Trim the span to its visible text.
        while begin < end and ftext[begin].isspace():
            begin += 1
        while end > begin and ftext[end - 1].isspace():
            end -= 1
        span = folded.original_span((begin, end))
        n = len(keys)
        if n <= max_tokens:
            sentences.append(_sentence(len(sentences), span, keys, spans))
            continue
        for first in range(0, n, max_tokens):
            last = min(first + max_tokens, n)
            piece = spans[first:last]
            start = span[0] if first == 0 else piece[0][0]
            stop = span[1] if last == n else piece[-1][1]
            sentences.append(_sentence(len(sentences), (start, stop), keys[first:last], piece))
    return tuple(sentences)


def _compiled_sentences(folded: FoldedText, max_tokens: int) -> tuple[Sentence, ...]:
    """:func:`split_sentences` in one call of the compiled core a text: the bounds, the words, the trimming and
    the pieces in C, one record a sentence here (spans mapped to the original when folding moved characters)."""
    pieces = _core.sentences(folded.text, _ABBREVIATIONS, max_tokens)
    if folded.offsets is None:
        return tuple(
            _sentence(i, (start, stop), keys, Spans._packed(array("i", packed)))
            for i, (start, stop, keys, packed) in enumerate(pieces)
        )
    original = folded.original_span
    mapped = _original_token_spans(folded, b"".join(packed for *_, packed in pieces))
    if mapped is None:
        sentences: list[Sentence] = []
        for i, (start, stop, keys, packed) in enumerate(pieces):
            flat = array("i", packed)
            spans = Spans(map(original, zip(flat[0::2], flat[1::2], strict=True)))
            sentences.append(_sentence(i, original((start, stop)), keys, spans))
        return tuple(sentences)
    out: list[Sentence] = []
    at = 0
    for i, (start, stop, keys, packed) in enumerate(pieces):
        flat = array("i")
        flat.frombytes(mapped[at : at + len(packed)])
        at += len(packed)
        out.append(_sentence(i, original((start, stop)), keys, Spans._packed(flat)))
    return tuple(out)


def _original_token_spans(folded: FoldedText, packed: bytes) -> bytes | None:
    """The token spans ``packed`` (``start, end`` pairs of the folded text, native ints) mapped to the original
    text as :meth:`FoldedText.original_span` maps each, in one pass for the whole text rather than a call a
    word; None where that map is not the first character's offset and the last one's end (characters put in
    reading order, or a token without characters).

    >>> folded = fold("ﬁne cafe\u0301 time")  # the ligature is two letters folded, the accent one
    >>> array("i", _original_token_spans(folded, array("i", [0, 4, 5, 9]).tobytes())).tolist()
    [0, 3, 4, 9]
    >>> [*folded.original_span((0, 4)), *folded.original_span((5, 9))]
    [0, 3, 4, 9]
    """
    if folded.offsets is None or folded.ends is None or folded.reordered:
        return None
    flat = np.frombuffer(packed, dtype=np.intc)
    starts, stops = flat[0::2], flat[1::2]
    if not bool((stops > starts).all()):
        return None
    offsets, ends = np.frombuffer(folded.offsets, dtype=np.intc), np.frombuffer(folded.ends, dtype=np.intc)
    out = np.empty(len(flat), dtype=np.intc)
    out[0::2], out[1::2] = offsets[starts], ends[stops - 1]
    return out.tobytes()
