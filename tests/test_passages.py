"""Reused passages: joining a pair's alignments, and leaving out stock phrases."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.detect.passages import drop_echoes, merge_passages, passage_edges, refine_edges
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


def test_a_stray_match_far_off_on_one_side_does_not_stretch_the_passage() -> None:
    # Two copied sentences, then a short sentence of A that also matched 2,500 characters on in B
    # (within max_gap): without a skew bound the passage ran over 2,500 characters of B never reused.
    copied = [_al((0, 100), (1000, 1100)), _al((101, 200), (1101, 1200))]
    stray = _al((210, 260), (3700, 3750))
    assert merge_passages([*copied, stray], max_gap=3000) == [((0, 260), (1000, 3750))]
    assert merge_passages([*copied, stray], max_gap=3000, max_skew=250) == [
        ((0, 200), (1000, 1200)),
        ((210, 260), (3700, 3750)),
    ]
    # A sentence dropped on one side (a gap of one sentence) still continues the passage.
    dropped = _al((350, 450), (1201, 1300))
    assert merge_passages([*copied, dropped], max_gap=3000, max_skew=250) == [((0, 450), (1000, 1300))]


_COPIED = (
    "The old mill on the river turned grain into flour for three villages for over a century. "
    "Its wheel was rebuilt twice after floods carried away the wooden paddles. "
    "Farmers waited in line with their carts during the busy weeks after the harvest."
)


def test_edges_move_to_where_the_shared_words_start_and_end() -> None:
    # A copied the passage from the middle of B's sentence, and its own sentences run on around it:
    # the aligned sentences of B start before the copy and end after it.
    a = "We asked our grandparents about old jobs, and they said: " + _COPIED + " We drew pictures of tools."
    b = "Some people walked to market every day, while " + _COPIED + " Then the railway came to town."
    a0, b0 = a.index("The old mill"), b.index("The old mill")
    # The sentence-level passage: all of B's first sentence, A from its second sentence on.
    refined = refine_edges(a, b, (a.index("Its wheel"), a.index(" We drew")), (0, len(b)), edge_chars=400, gap_words=1)
    (s_a, e_a), (s_b, e_b) = refined
    assert a[s_a:e_a] == _COPIED and b[s_b:e_b] == _COPIED  # to the full stop closing both
    assert (s_a, s_b) == (a0, b0)


def test_an_edge_crosses_a_noisy_word_but_not_unrelated_text() -> None:
    noisy = _COPIED.replace("century", "centmy")  # OCR-like noise in one copy
    a = "Weather and gardens fill this first line of a page. " + noisy
    b = "Trains and stations fill another first line here. " + _COPIED  # "first line": shared, unrelated
    start = a.index("Its wheel"), b.index("Its wheel")
    (s_a, _), (s_b, _) = refine_edges(a, b, (start[0], len(a)), (start[1], len(b)), edge_chars=400, gap_words=1)
    assert a[s_a:].startswith("The old mill") and b[s_b:].startswith("The old mill")
    (s_a, _), _ = refine_edges(a, b, (start[0], len(a)), (start[1], len(b)), edge_chars=400, gap_words=0)
    assert a[s_a:].startswith("for over a century") is False and a[s_a:].startswith(("Its wheel", "for over"))


def test_a_passage_without_shared_words_near_an_edge_keeps_it() -> None:
    a, b = "x " * 50 + "alpha beta", "y " * 50 + "gamma delta"
    assert refine_edges(a, b, (10, 60), (20, 70), edge_chars=30, gap_words=1) == ((10, 60), (20, 70))


def test_text_matched_again_elsewhere_is_reported_once() -> None:
    main = ((1000, 1600), (200, 800))
    echo = ((1100, 1200), (5000, 5100))  # a sentence of the copied passage that B also holds elsewhere
    other = ((3000, 3400), (7000, 7400))  # another copied passage
    assert drop_echoes([main, echo, other], max_share=0.5) == [main, other]
    assert drop_echoes([main, echo, other], max_share=1.0) == [main, echo, other]


def test_passage_edges_joins_trims_drops_echoes_and_short_passages() -> None:
    b = "Some people walked to market every day, while " + _COPIED + " Then the railway came to town."
    a = "Grandparents said: " + _COPIED + " Other things. " + _COPIED.split(". ")[1] + "."
    sents_a = [
        (a.index("The old"), a.index(" Its")),
        (a.index("Its"), a.index(" Farmers")),
        (a.index("Farmers"), a.index(" Other")),
    ]
    sents_b = [(0, b.index(" Its")), (b.index("Its"), b.index(" Farmers")), (b.index("Farmers"), b.index(" Then"))]
    als = [_al(x, y) for x, y in zip(sents_a, sents_b, strict=True)]
    echo_a = a.rindex("Its wheel")
    als.append(_al((echo_a, len(a)), sents_b[1]))
    found = passage_edges(als, a, b, max_gap=3000, max_skew=250, edge_chars=400, gap_words=1, echo_share=0.5)
    assert len(found) == 1
    (s_a, e_a), (s_b, e_b) = found[0]
    assert b[s_b:e_b] == _COPIED and a[s_a:e_a] == _COPIED
    # Passages are measured after their edges moved.
    kw = {"max_gap": 3000, "max_skew": 250, "edge_chars": 400, "gap_words": 1, "echo_share": 0.5}
    assert passage_edges(als, a, b, min_chars=len(_COPIED), **kw) == found
    assert passage_edges(als, a, b, min_chars=len(_COPIED) + 1, **kw) == []


def _echoes_by_brute_force(passages: list[tuple[tuple[int, int], tuple[int, int]]], share: float) -> list[object]:
    """The echo rule as stated: longest first, each kept passage's characters counted one by one."""
    kept: list[tuple[tuple[int, int], tuple[int, int]]] = []
    seen: tuple[set[int], set[int]] = (set(), set())
    for p in sorted(passages, key=lambda p: (-(p[0][1] - p[0][0] + p[1][1] - p[1][0]), p)):
        inside = [len(set(range(*p[side])) & seen[side]) for side in (0, 1)]
        if any(inside[side] > share * (p[side][1] - p[side][0]) for side in (0, 1)):
            continue
        kept.append(p)
        for side in (0, 1):
            seen[side].update(range(*p[side]))
    return sorted(kept)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 300), st.integers(1, 80), st.integers(0, 300), st.integers(1, 80)), max_size=25),
    st.sampled_from([0.0, 0.3, 0.5, 0.8, 1.0]),
)
def test_echoes_equal_a_character_by_character_count(spans: list[tuple[int, int, int, int]], share: float) -> None:
    passages = [((a, a + la), (b, b + lb)) for a, la, b, lb in spans]
    assert drop_echoes(passages, max_share=share) == _echoes_by_brute_force(passages, share)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab .", max_size=300), st.text(alphabet="ab .", max_size=300), st.data())
def test_refined_edges_stay_in_the_texts_and_near_where_they_were(a: str, b: str, data: st.DataObject) -> None:
    a0 = data.draw(st.integers(0, len(a)))
    b0 = data.draw(st.integers(0, len(b)))
    a1, b1 = data.draw(st.integers(a0, len(a))), data.draw(st.integers(b0, len(b)))
    (s_a, e_a), (s_b, e_b) = refine_edges(a, b, (a0, a1), (b0, b1), edge_chars=40, gap_words=1)
    assert 0 <= s_a <= e_a <= len(a) and 0 <= s_b <= e_b <= len(b)
    # An edge moves at most edge_chars, plus the closing punctuation taken in.
    assert abs(s_a - a0) <= 40 and abs(s_b - b0) <= 40 and abs(e_a - a1) <= 43 and abs(e_b - b1) <= 43
