"""SpanIndex answers as a scan of every item would, in the same order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from provenance.text.spanindex import SpanIndex

spans = st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda p: (p[0], p[0] + p[1]))


@given(st.lists(spans, max_size=30), spans)
def test_queries_equal_a_scan_of_every_item(items: list[tuple[int, int]], query: tuple[int, int]) -> None:
    index = SpanIndex((span, n) for n, span in enumerate(items))
    lo, hi = query
    by_start = sorted(range(len(items)), key=lambda n: items[n][0])
    # Shares a character with [lo, hi); an empty item lying strictly inside counts.
    assert index.overlapping(lo, hi) == [n for n, (s, e) in enumerate(items) if s < hi and lo < e]
    assert index.touching(lo, hi) == [n for n in by_start if items[n][0] <= hi and items[n][1] >= lo]
    assert index.within(lo, hi) == [n for n in by_start if lo <= items[n][0] and items[n][1] <= hi]


def test_an_empty_index_finds_nothing() -> None:
    index: SpanIndex[str] = SpanIndex([])
    assert index.overlapping(0, 10) == index.touching(0, 10) == index.within(0, 10) == []
