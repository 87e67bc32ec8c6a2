"""Direct quotations in a document's original text, as character spans.

Two forms are found:

* *marked* quotations, between double quote marks, straight (``"``) or curly
  (“ ” „ « »), in any mix (``"It works.”``).  A quotation never runs past the end
  of its paragraph (line): news copy quoting over several paragraphs opens each
  paragraph with a mark and closes only the last one, so a mark left open at a
  line end closes there.  A closing curly mark with no opening one in its line
  closes a quotation that began at the line start.
* *introduced* quotations without marks: the rest of the line after
  ``said:``, ``stated:`` or ``told <someone>:``, up to the next such cue or mark
  (a colon is what makes it direct speech; ``he said that …`` is reported speech
  and not a quotation).

Spans cover the quoted words only: the marks, the spaces and the punctuation at
either end are left out, so ``text[start:end]`` starts and ends with a word.

>>> text = 'He said: we agree. “It is fair,” she said.'
>>> [text[s:e] for s, e in (q.span for q in find_quotations(text))]
['we agree', 'It is fair']
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..models import Span

__all__ = ["Quotation", "QuoteSpans", "find_quotations", "inside_quotation"]

_OPENERS = "“„«‟"
_CLOSERS = "”»"
_MARKS = re.compile(r"[\"“”„‟«»]")
_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
_INTRODUCED = re.compile(r"\b(?:said|says|stated|states|told(?:\s+[\w'’]+){0,3}|tells(?:\s+[\w'’]+){0,3})\s*:\s*")
_EDGE = re.compile(r"\w")


@dataclass(frozen=True)
class Quotation:
    """One direct quotation: the span of its words and whether it was marked."""

    span: Span
    marked: bool = True
    """True for quote marks, False for a quotation introduced by said/stated/told and a colon."""


def _trim(text: str, start: int, end: int) -> Span | None:
    """The span narrowed to start and end on a word character; None if it has none."""
    first = _EDGE.search(text, start, end)
    if first is None:
        return None
    last = end
    while last > first.start() and not _EDGE.match(text[last - 1]):
        last -= 1
    return first.start(), last


def _marked_in_line(text: str, start: int, end: int) -> list[Span]:
    spans: list[Span] = []
    open_at: int | None = None
    for m in _MARKS.finditer(text, start, end):
        mark, pos = m.group(), m.start()
        if mark in _OPENERS or (mark == '"' and open_at is None):
            if open_at is not None:
                spans.append((open_at, pos))
            open_at = pos + 1
        elif open_at is not None:
            spans.append((open_at, pos))
            open_at = None
        elif mark in _CLOSERS and not spans:
            spans.append((start, pos))  # continued from an earlier paragraph
    if open_at is not None:
        spans.append((open_at, end))
    return spans


def find_quotations(text: str) -> tuple[Quotation, ...]:
    """Every direct quotation of ``text``, in text order (see the module doc)."""
    found: list[Quotation] = []
    for line in _LINE.finditer(text):
        start, end = line.span()
        marked = _marked_in_line(text, start, end)
        spans = [(s, e, True) for s, e in marked]
        # Marked spans are disjoint and in text order (``[s - 1, e)`` too): the one that may hold a
        # "said:" and the next one after it are found by bisection, not by a scan of every mark.
        opens = [s - 1 for s, _ in marked]
        cues = list(_INTRODUCED.finditer(text, start, end))
        for m, after in itertools.zip_longest(cues, cues[1:]):
            at = bisect.bisect_right(opens, m.end())
            if (at == 0 or m.end() >= marked[at - 1][1]) and not _MARKS.match(text, m.end()):
                # up to the next mark or the next "said:": quotations never nest ("He said: " ten thousand
                # times made ten thousand quotations to the line's end, and the quote check quadratic)
                stop = opens[at] if at < len(opens) else end
                if after is not None and after.start() < stop:  # its sentence, not the next speaker's name
                    cut = max(text.rfind(p, m.end(), after.start()) for p in ".!?")
                    stop = cut + 1 if cut >= m.end() else after.start()
                spans.append((m.end(), stop, False))
        for s, e, is_marked in sorted(spans):
            trimmed = _trim(text, s, e)
            if trimmed is not None:
                found.append(Quotation(trimmed, is_marked))
    return tuple(found)


def inside_quotation(span: Span, quotations: tuple[Quotation, ...]) -> bool:
    """True when ``span`` overlaps a quotation; an empty span must lie strictly inside one.

    >>> q = (Quotation((10, 20)),)
    >>> inside_quotation((12, 14), q), inside_quotation((20, 25), q), inside_quotation((15, 15), q)
    (True, False, True)
    >>> inside_quotation((20, 20), q)
    False
    """
    start, end = span
    for quote in quotations:
        qs, qe = quote.span
        if (end > start and start < qe and qs < end) or (end == start and qs < start < qe):
            return True
    return False


class QuoteSpans:
    """A text's quotations, asked whether a span falls in one in O(log n) (:func:`inside_quotation`
    asks each quotation in turn, which for every change of a text of 30,000 quotations is quadratic).

    Starts are kept sorted with the running maximum of the ends: among the quotations starting
    before a point, one reaches past it exactly when that maximum does.

    >>> spans = QuoteSpans([Quotation((10, 20)), Quotation((12, 40))])
    >>> spans.covers((30, 35)), spans.covers((40, 45)), spans.covers((15, 15)), spans.covers((10, 10))
    (True, False, True, False)
    """

    def __init__(self, quotations: Iterable[Quotation]) -> None:
        ordered = sorted(q.span for q in quotations)
        self._starts = [start for start, _ in ordered]
        self._reach = list(itertools.accumulate((end for _, end in ordered), max))
        self._starts_array = np.asarray(self._starts, dtype=np.int64)
        self._reach_array = np.asarray(self._reach, dtype=np.int64)

    def covers_all(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """:meth:`covers` of every span ``(starts[i], ends[i])`` at once (non-empty spans: tokens).

        >>> QuoteSpans([Quotation((10, 20))]).covers_all(np.array([0, 12, 20]), np.array([5, 15, 25])).tolist()
        [False, True, False]
        """
        if not self._starts:
            return np.zeros(len(starts), dtype=bool)
        before = np.searchsorted(self._starts_array, np.maximum(starts, ends), side="left")
        reach = self._reach_array[np.maximum(before - 1, 0)]
        return np.asarray((before > 0) & (reach > starts))

    def covers(self, span: Span) -> bool:
        """True when ``span`` overlaps a quotation; an empty span must lie strictly inside one
        (as :func:`inside_quotation`)."""
        start, end = span
        before = bisect.bisect_left(self._starts, max(start, end))  # the quotations starting before its end
        return before > 0 and self._reach[before - 1] > start
