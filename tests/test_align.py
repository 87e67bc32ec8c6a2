"""Sentence alignment: reorderings, splits, merges, and what must not align."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from provenance.detect.align import align_sentences, content_dice, similarity_matrices, token_ids
from provenance.text.lexicon import FUNCTION_WORDS
from provenance.text.sentences import split_sentences

S1 = "The minister said the agreement would strengthen trade between the two countries."
S2 = "Officials expect the new transport corridor to cut shipping costs by a third."
S3 = "Both governments plan to sign further deals on energy and banking next year."
S4 = "Critics in parliament warned that the treaty had been negotiated in secret."


def _pairs(text_a: str, text_b: str, **kwargs: Any) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    alignments = align_sentences(split_sentences(text_a), split_sentences(text_b), **kwargs)
    return [(al.a_sentences, al.b_sentences) for al in alignments]


def test_reordered_sentences_align() -> None:
    a = " ".join([S1, S2, S3, S4])
    b = " ".join([S3, S1, S4, S2])
    alignments = align_sentences(split_sentences(a), split_sentences(b))
    pairs = [(al.a_sentences, al.b_sentences) for al in alignments]
    assert pairs == [((0,), (1,)), ((1,), (3,)), ((2,), (0,)), ((3,), (2,))]
    assert all(al.score == 1.0 for al in alignments)
    for al in alignments:
        assert a[al.a_span[0] : al.a_span[1]] == b[al.b_span[0] : al.b_span[1]]


def test_sentence_split_in_two_aligns_with_both_parts() -> None:
    a = (
        "The minister said the agreement would strengthen trade between the two countries "
        "and open new transport routes across the region."
    )
    b = (
        "The minister said the agreement would strengthen trade between the two countries. "
        "It would open new transport routes across the region."
    )
    alignments = align_sentences(split_sentences(a), split_sentences(b))
    assert len(alignments) == 1
    (al,) = alignments
    assert al.a_sentences == (0,)
    assert al.b_sentences == (0, 1)
    assert al.a_span == (0, len(a))
    assert al.b_span == (0, len(b))
    assert 0.85 < al.score < 1.0
    # And the other way round: two sentences merged into one.
    (merged,) = align_sentences(split_sentences(b), split_sentences(a))
    assert (merged.a_sentences, merged.b_sentences) == ((0, 1), (0,))
    assert merged.score == al.score


def test_short_sentence_inside_a_long_one_reports_the_covered_part() -> None:
    a = (
        "Officials said on Monday that the new bridge over the river will open in May, "
        "months behind schedule and far over its original budget."
    )
    b = "Weather was fine. The new bridge over the river will open in May."
    (al,) = align_sentences(split_sentences(a), split_sentences(b))
    assert (al.a_sentences, al.b_sentences) == ((0,), (1,))
    assert a[al.a_span[0] : al.a_span[1]] == "the new bridge over the river will open in May"
    assert b[al.b_span[0] : al.b_span[1]] == "The new bridge over the river will open in May."


@pytest.mark.parametrize(
    ("text_a", "text_b"),
    [
        (
            "Iran and Russia signed the agreement in Moscow on Friday.",
            "Iran and Russia will discuss the agreement again in Tehran next month.",
        ),
        (
            "Iran and Russia signed a strategic partnership treaty in Moscow on Friday. "
            "Oil prices rose sharply in Asian trading on Monday morning.",
            "Russian officials in Moscow welcomed the Iranian delegation for talks on energy. "
            "Analysts expect Iran to expand its oil exports to Asia this year.",
        ),
    ],
)
def test_unrelated_sentences_on_the_same_topic_do_not_align(text_a: str, text_b: str) -> None:
    assert align_sentences(split_sentences(text_a), split_sentences(text_b)) == []


def test_curly_and_straight_quotes_align_with_score_one() -> None:
    a = 'He said "the deal is done" and left the room - quickly.'
    b = "He said \u201cthe deal is done\u201d and left the room \u2014 quickly."
    (al,) = align_sentences(split_sentences(a), split_sentences(b))
    assert al.score == 1.0
    assert al.a_span == (0, len(a))
    assert al.b_span == (0, len(b))


def test_short_sentences_never_align() -> None:
    assert _pairs("QR Code. Moscow.", "QR Code. Moscow.") == []
    assert _pairs("QR Code. Moscow.", "QR Code. Moscow.", min_tokens=1) == [((0,), (0,)), ((1,), (1,))]


def test_threshold_decides_a_borderline_pair() -> None:
    a = "Iran and Russia signed the agreement in Moscow on Friday."
    b = "Iran and Russia will discuss the agreement again in Tehran next month."
    assert _pairs(a, b) == []
    assert _pairs(a, b, similarity_threshold=0.5) == [((0,), (0,))]


def test_best_match_wins_over_a_weaker_one() -> None:
    near = "The minister said the new treaty would boost trade between the two nations."
    assert _pairs(near, S1) == [((0,), (0,))]
    assert _pairs(f"{near} {S1}", S1) == [((1,), (0,))]
    assert _pairs(S1, f"{S1} {near}") == [((0,), (0,))]
    assert _pairs(f"{near} {S1}", f"{S1} {near}") == [((0,), (1,)), ((1,), (0,))]


def test_empty_sides_give_no_alignments() -> None:
    assert align_sentences([], split_sentences(S1)) == []
    assert align_sentences(split_sentences(S1), []) == []


def test_similarity_matrices_figures() -> None:
    a = split_sentences("A b c d. E f g h i j.")
    b = split_sentences("A b x d. E f g.")
    ids_a, ids_b = token_ids(a, b)
    assert ids_a[0][:2] == ids_b[0][:2]
    assert ids_a[0][2] != ids_b[0][2]
    lcs, similarity, containment = similarity_matrices(ids_a, ids_b)
    assert lcs.shape == similarity.shape == containment.shape == (2, 2)
    assert lcs[0, 0] == 3
    assert similarity[0, 0] == pytest.approx(2 * 3 / 8)
    assert lcs[1, 1] == 3
    assert containment[1, 1] == pytest.approx(1.0)
    assert similarity[1, 1] == pytest.approx(6 / 9)
    assert np.all(lcs[0, 1] == 0) and np.all(lcs[1, 0] == 0)


REWRITE_A = "Profit rose 12 percent on strong phone sales, the company said on Monday."
REWRITE_B = "Strong phone sales lifted profit by 12 percent, the company reported on Monday."
TOPICAL_A = "The minister said on Monday that the talks in the capital would resume in the spring."
TOPICAL_B = "The police said on Monday that the protest in the north of the country had ended."


def test_rewrite_below_the_similarity_threshold_aligns_on_its_content_words() -> None:
    a, b = split_sentences(REWRITE_A), split_sentences(REWRITE_B)
    _, similarity, _ = similarity_matrices(*token_ids(a, b))
    assert 0.5 <= similarity[0, 0] < 0.6
    (al,) = align_sentences(a, b)
    assert (al.a_span, al.b_span) == (a[0].span, b[0].span)  # a whole-sentence match, not a partial one
    # The rewrite path is what aligns it (its content words are also 0.8 alike: the reorder path off too).
    assert align_sentences(a, b, rewrite_similarity=0.6, reorder_content_dice=1.0) == []


def test_topical_sentence_with_other_content_words_does_not_align() -> None:
    a, b = split_sentences(TOPICAL_A), split_sentences(TOPICAL_B)
    lcs, similarity, _ = similarity_matrices(*token_ids(a, b))
    assert 0.5 <= similarity[0, 0] < 0.6 and lcs[0, 0] >= 5  # as close in wording as the rewrite
    assert content_dice(a, b, np.array([0]), np.array([0]))[0] < 0.5
    assert align_sentences(a, b) == []
    assert len(align_sentences(a, b, rewrite_content_dice=0.0)) == 1


MOVED_A = "The new bridge will open to traffic in March, said Maria Lopez, the city's transport director."
MOVED_B = "Maria Lopez, the city's transport director, said on the radio: the new bridge opens to traffic in March."


def test_sentence_with_its_attribution_moved_aligns_on_its_content_words() -> None:
    a, b = split_sentences(MOVED_A), split_sentences(MOVED_B)
    _, similarity, _ = similarity_matrices(*token_ids(a, b))
    assert similarity[0, 0] < 0.5  # below the rewrite path: the words are the same, their order is not
    assert content_dice(a, b, np.array([0]), np.array([0]))[0] >= 0.8
    (al,) = align_sentences(a, b)
    assert (al.a_span, al.b_span) == (a[0].span, b[0].span)
    assert align_sentences(a, b, reorder_content_dice=1.0) == []  # the reorder path is what aligns it
    # Two sentences on one topic share too few content words to count as one sentence reordered.
    topical_a, topical_b = split_sentences(TOPICAL_A), split_sentences(TOPICAL_B)
    assert align_sentences(topical_a, topical_b, rewrite_content_dice=1.0) == []


def test_content_dice_matches_plain_sets() -> None:
    a = split_sentences(" ".join([S1, S2, REWRITE_A]))
    b = split_sentences(" ".join([S3, REWRITE_B, S4]))
    rows, cols = np.array([0, 2, 2, 1]), np.array([0, 1, 2, 1])
    got = content_dice(a, b, rows, cols)
    for k, (i, j) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        x = {t for t in a[i].tokens if t not in FUNCTION_WORDS}
        y = {t for t in b[j].tokens if t not in FUNCTION_WORDS}
        assert got[k] == pytest.approx(2 * len(x & y) / (len(x) + len(y)))
    assert content_dice(a, b, np.array([], dtype=int), np.array([], dtype=int)).shape == (0,)
