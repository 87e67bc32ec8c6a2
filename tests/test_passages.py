"""Reused passages: joining a pair's alignments, and leaving out stock phrases."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.detect.passages import merge_passages
from provenance.models import Alignment


def _al(a: tuple[int, int], b: tuple[int, int]) -> Alignment:
    return Alignment(a_sentences=(0,), b_sentences=(0,), a_span=a, b_span=b, score=1.0)


def test_consecutive_sentences_form_one_passage_and_distant_ones_two() -> None:
    als = [_al((0, 100), (500, 600)), _al((101, 200), (601, 700)), _al((9000, 9100), (20000, 20100))]
    assert merge_passages(als, max_gap=1000) == [((0, 200), (500, 700)), ((9000, 9100), (20000, 20100))]


def test_stray_match_of_a_repeated_sentence_does_not_split_the_passage() -> None:
    copied = [_al((0, 100), (5000, 5100)), _al((101, 200), (5101, 5200)), _al((201, 300), (5201, 5300))]
    # Sentence 101-200 of A also matches a copy far earlier in B (sorted before its true match).
    stray = _al((101, 200), (10, 110))
    passages = merge_passages([*copied, stray], max_gap=1000)
    assert ((0, 300), (5000, 5300)) in passages  # the copied passage stays whole
    assert len(passages) == 2


def test_short_passages_are_left_out_on_either_side() -> None:
    als = [_al((0, 200), (0, 200)), _al((5000, 5010), (6000, 6100)), _al((8000, 8100), (9000, 9030))]
    assert merge_passages(als, max_gap=100, min_chars=50) == [((0, 200), (0, 200))]
    assert len(merge_passages(als, max_gap=100)) == 3


def _merge_looking_back_over_all(als: list[Alignment], max_gap: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The rule as the module doc states it, every passage tried for every alignment."""
    passages: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for al in sorted(als, key=lambda x: (x.a_span, x.b_span)):
        for k in range(len(passages) - 1, -1, -1):
            (a0, a1), (b0, b1) = passages[k]
            if al.a_span[0] - a1 <= max_gap and abs(al.b_span[0] - b1) <= max_gap and al.b_span[1] >= b0:
                passages[k] = ((a0, max(a1, al.a_span[1])), (min(b0, al.b_span[0]), max(b1, al.b_span[1])))
                break
        else:
            passages.append((al.a_span, al.b_span))
    return sorted(passages)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3000), st.integers(1, 300), st.integers(0, 3000), st.integers(1, 300)), max_size=40
    ),
    st.integers(0, 400),
)
def test_passages_equal_a_look_back_over_every_passage(spans: list[tuple[int, int, int, int]], max_gap: int) -> None:
    # merge_passages stops looking at passages no later alignment can continue;
    # the passages must be those of the rule applied to every passage.
    als = [_al((a, a + la), (b, b + lb)) for a, la, b, lb in spans]
    assert merge_passages(als, max_gap=max_gap) == _merge_looking_back_over_all(als, max_gap)
