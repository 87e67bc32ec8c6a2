"""Items looked up by their character span, without scanning them all.

Quote fidelity asks which aligned words and changes fall inside each quotation;
the HTML report asks which marks touch each sentence.  With thousands of each
(a text of 10,000 quotations), testing every item against every query is
quadratic.  :class:`SpanIndex` keeps the items sorted by start and answers from
the few whose start lies within the longest item's length of the query: O(log n
+ hits) when items are short, as words, changes and quotations are.

>>> index = SpanIndex([((0, 4), "a"), ((5, 9), "b"), ((20, 30), "c")])
>>> index.overlapping(3, 6), index.within(4, 10), index.touching(9, 20)
(['a', 'b'], ['b'], ['b', 'c'])
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Generic, TypeVar

from ..models import Span

__all__ = ["SpanIndex"]

T = TypeVar("T")


class SpanIndex(Generic[T]):
    """Items with a ``(start, end)`` span, queried by span; results keep the items' given order."""

    def __init__(self, items: Iterable[tuple[Span, T]]) -> None:
        # Sorted by start; ties keep the given order (the sort is stable), as do the results.
        self._items = sorted(((span, n, item) for n, (span, item) in enumerate(items)), key=lambda x: x[0][0])
        self._starts = [span[0] for span, _, _ in self._items]
        self._longest = max((e - s for (s, e), _, _ in self._items), default=0)

    def _from(self, start: int, last_start: int, *, inclusive: bool) -> list[tuple[Span, int, T]]:
        """Items that start between ``start - longest`` and ``last_start`` (included or not)."""
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = (bisect.bisect_right if inclusive else bisect.bisect_left)(self._starts, last_start)
        return self._items[lo:hi]

    def overlapping(self, start: int, end: int) -> list[T]:
        """Items sharing a character with ``[start, end)`` (an empty item: lying strictly inside), in given order."""
        hits = [(n, item) for (s, e), n, item in self._from(start, end, inclusive=False) if start < e]
        return [item for _, item in sorted(hits, key=lambda x: x[0])]

    def touching(self, start: int, end: int) -> list[T]:
        """Items overlapping ``[start, end]`` or meeting it at an end point, by start."""
        return [item for (_, e), _, item in self._from(start, end, inclusive=True) if e >= start]

    def within(self, start: int, end: int) -> list[T]:
        """Items lying inside ``[start, end]``, by start."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_right(self._starts, end)
        return [item for (_, e), _, item in self._items[lo:hi] if e <= end]
