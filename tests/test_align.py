"""Sentence alignment: reorderings, splits, merges, and what must not align."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from rapidfuzz.distance import Indel

from provenance.detect import align as align_module
from provenance.detect.align import (
    REWRITE_FEATURES,
    REWRITE_FLOORS,
    align_sentences,
    rewrite_features,
    rewrite_score,
    similarity_matrices,
    token_ids,
)
from provenance.models import Sentence
from provenance.settings import Settings
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


REWRITE_OFF = (-1e9, 0.0, 0.0, 0.0, 0.0, 0.0)  # an intercept no figure overcomes
REWRITE_FEATURES_AND_FLOORS = (*REWRITE_FEATURES, *REWRITE_FLOORS)


def _features(a: list[Sentence], b: list[Sentence]) -> np.ndarray:
    _, similarity, containment = similarity_matrices(*token_ids(a, b))
    return rewrite_features(a, b, (similarity, containment), np.array([0]), np.array([0]))


def test_rewrite_below_the_similarity_threshold_aligns() -> None:
    a, b = split_sentences(REWRITE_A), split_sentences(REWRITE_B)
    _, similarity, _ = similarity_matrices(*token_ids(a, b))
    assert 0.5 <= similarity[0, 0] < 0.6
    (al,) = align_sentences(a, b)
    assert (al.a_span, al.b_span) == (a[0].span, b[0].span)  # a whole-sentence match, not a partial one
    assert rewrite_score(_features(a, b), Settings().rewrite_weights)[0] >= 0.0
    assert align_sentences(a, b, rewrite_weights=REWRITE_OFF) == []  # the rewrite decision is what aligns it


def test_topical_sentence_with_other_content_words_does_not_align() -> None:
    a, b = split_sentences(TOPICAL_A), split_sentences(TOPICAL_B)
    lcs, similarity, _ = similarity_matrices(*token_ids(a, b))
    assert 0.5 <= similarity[0, 0] < 0.6 and lcs[0, 0] >= 5  # as close in wording as the rewrite
    assert rewrite_score(_features(a, b), Settings().rewrite_weights)[0] < 0.0
    assert align_sentences(a, b) == []
    # The pair reaches the rewrite decision (which refuses it): with a generous intercept and no
    # content-word floor it aligns.
    generous = (10.0, *Settings().rewrite_weights[1:])
    assert len(align_sentences(a, b, rewrite_weights=generous, rewrite_content_dice=0.0)) == 1


def test_content_word_floor_keeps_a_same_topic_pair_apart() -> None:
    # Weighed alone, MSRP's figures would call this pair one sentence (its score is just above 0):
    # the content-word floor is what keeps it apart.
    a = split_sentences("Iran and Russia signed the agreement in Moscow on Friday.")
    b = split_sentences("Iran and Russia will discuss the agreement again in Tehran next month.")
    figures = _features(a, b)
    assert rewrite_score(figures, Settings().rewrite_weights)[0] >= 0.0
    assert figures[0, REWRITE_FEATURES_AND_FLOORS.index("content_dice")] < Settings().rewrite_content_dice
    assert align_sentences(a, b) == []
    assert len(align_sentences(a, b, rewrite_content_dice=0.0)) == 1


def test_two_kept_phrases_stand_in_for_the_content_word_floor() -> None:
    # A rewrite that renames most content words (index of factory activity / gauge of
    # manufacturing, May / last month) but keeps two three-word phrases of the original.
    a = split_sentences("The index of factory activity slipped to 51.2 in May from 52.4 in April, the survey showed.")
    b = split_sentences("The survey's gauge of manufacturing dipped to 51.2 last month from 52.4 in April.")
    figures = _features(a, b)
    assert figures[0, REWRITE_FEATURES_AND_FLOORS.index("content_dice")] < Settings().rewrite_content_dice
    assert figures[0, REWRITE_FEATURES_AND_FLOORS.index("shared_word_trigrams")] >= Settings().rewrite_phrase_trigrams
    assert rewrite_score(figures, Settings().rewrite_weights)[0] >= 0.0
    (al,) = align_sentences(a, b)
    assert (al.a_span, al.b_span) == (a[0].span, b[0].span)
    assert align_sentences(a, b, rewrite_phrase_trigrams=100) == []  # the phrases are what let it through
    # The same-topic pair shares one phrase ("iran and russia"): still kept apart.
    a = split_sentences("Iran and Russia signed the agreement in Moscow on Friday.")
    b = split_sentences("Iran and Russia will discuss the agreement again in Tehran next month.")
    assert _features(a, b)[0, REWRITE_FEATURES_AND_FLOORS.index("shared_word_trigrams")] == 1
    assert align_sentences(a, b) == []


def test_rewrite_features_from_the_callers_token_ids_match_their_own() -> None:
    a = split_sentences(f"{REWRITE_A} {TOPICAL_A} {S1}")
    b = split_sentences(f"{TOPICAL_B} {S1} {REWRITE_B}")
    vocabulary = align_module._vocabulary(a, b)
    _, similarity, containment = similarity_matrices(vocabulary[0], vocabulary[1])
    rows, cols = np.array([2, 0, 1, 0]), np.array([1, 2, 0, 0])
    own = rewrite_features(a, b, (similarity, containment), rows, cols)
    given = rewrite_features(a, b, (similarity, containment), rows, cols, vocabulary)
    assert own.shape == (4, len(REWRITE_FEATURES_AND_FLOORS))
    np.testing.assert_allclose(given, own)
    assert own[1, REWRITE_FEATURES_AND_FLOORS.index("content_dice")] > 0.5  # the rewrite pair


def test_bigram_floor_keeps_two_definitions_of_one_term_apart() -> None:
    # Two definitions written apart share the term's words but hardly a phrase.
    a = split_sentences(
        "Bayes theorem relates the conditional and marginal probabilities of two events A and B, "
        "where B has a probability above zero."
    )
    b = split_sentences(
        "Bayes theorem is an important theorem relating conditional probabilities, and it lets us "
        "work out the probability of A given B from that of B given A."
    )
    figures = _features(a, b)
    assert rewrite_score(figures, Settings().rewrite_weights)[0] >= 0.0
    assert figures[0, REWRITE_FEATURES_AND_FLOORS.index("content_dice")] >= Settings().rewrite_content_dice
    assert align_sentences(a, b) == []
    assert len(align_sentences(a, b, rewrite_bigram_dice=0.0)) == 1


def test_a_long_shared_run_aligns_whatever_the_weighing() -> None:
    # Noisy extraction cuts a copied passage mid-sentence: the run is copied, the rest is not.
    a = split_sentences(
        "Gardeners in the valley planted early potatoes under fleece this week, and rich in fatty acids "
        "which help maintain a healthy heart and assist joint mobility"
    )
    b = split_sentences(
        "Rich in fatty acids which help maintain a healthy heart and assist joint mobility, our capsules "
        "are made by expert pharmacists using only the purest oils"
    )
    assert rewrite_score(_features(a, b), Settings().rewrite_weights)[0] < 0.0
    assert len(align_sentences(a, b)) == 1
    assert align_sentences(a, b, rewrite_shared_trigrams=100) == []


MOVED_A = "The new bridge will open to traffic in March, said Maria Lopez, the city's transport director."
MOVED_B = "Maria Lopez, the city's transport director, said on the radio: the new bridge opens to traffic in March."


def test_sentence_with_its_attribution_moved_aligns() -> None:
    a, b = split_sentences(MOVED_A), split_sentences(MOVED_B)
    _, similarity, _ = similarity_matrices(*token_ids(a, b))
    assert similarity[0, 0] < 0.5  # far below the threshold: the words are the same, their order is not
    (al,) = align_sentences(a, b)
    assert (al.a_span, al.b_span) == (a[0].span, b[0].span)
    assert align_sentences(a, b, rewrite_weights=REWRITE_OFF) == []


def _dice(x: set[Any], y: set[Any]) -> float:
    return 2 * len(x & y) / (len(x) + len(y)) if x or y else 0.0


def _plain_features(x: Sentence, y: Sentence) -> list[float]:
    """The rewrite features of one pair by plain sets: the reference the sparse products must match."""
    lcs = Indel.similarity(list(x.tokens), list(y.tokens)) / 2
    grams = [{" ".join(s.tokens)[k : k + 3] for k in range(len(" ".join(s.tokens)) - 2)} for s in (x, y)]
    content = [{t for t in s.tokens if t not in FUNCTION_WORDS} for s in (x, y)]
    return [
        2 * lcs / (len(x.tokens) + len(y.tokens)),
        lcs / min(len(x.tokens), len(y.tokens)),
        _dice(set(zip(x.tokens, x.tokens[1:], strict=False)), set(zip(y.tokens, y.tokens[1:], strict=False))),
        _dice(*grams),
        math.log1p(max(len(content[0] - content[1]), len(content[1] - content[0]))),
        _dice(*content),
        len(
            set(zip(*(x.tokens[k:] for k in range(3)), strict=False))
            & set(zip(*(y.tokens[k:] for k in range(3)), strict=False))
        ),
    ]


@pytest.mark.parametrize("dense_cells", [align_module._DENSE_CELLS, 0])  # 0: the sparse products of big inputs
def test_rewrite_features_match_plain_sets(dense_cells: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(align_module, "_DENSE_CELLS", dense_cells)
    a = split_sentences(" ".join([S1, S2, REWRITE_A, "Naïve café owners met in Zürich on Monday. Ok ok."]))
    b = split_sentences(" ".join([S3, REWRITE_B, S4, "Café owners in Zurich met on Monday, naïvely. No."]))
    _, similarity, containment = similarity_matrices(*token_ids(a, b))
    rows, cols = np.array([0, 2, 2, 1, 3, 4, 3]), np.array([0, 1, 2, 1, 3, 4, 4])
    got = rewrite_features(a, b, (similarity, containment), rows, cols)
    assert got.shape == (len(rows), len(REWRITE_FEATURES_AND_FLOORS))
    for k, (i, j) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        assert got[k].tolist() == pytest.approx(_plain_features(a[i], b[j]))
    empty = np.array([], dtype=int)
    assert rewrite_features(a, b, (similarity, containment), empty, empty).shape == (
        0,
        len(REWRITE_FEATURES_AND_FLOORS),
    )


@pytest.mark.parametrize("path", ["core", "dense", "sparse"])
def test_pair_overlap_counts_sets(path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Repeated codes count once; 13 and 21 columns leave the last byte of each bit row part-filled.
    # The compiled core merges sorted sets; without it, bit rows (dense) or a sparse product.
    if path != "core":
        monkeypatch.setattr(align_module, "_core", None)
    monkeypatch.setattr(align_module, "_DENSE_CELLS", 0 if path == "sparse" else align_module._DENSE_CELLS)
    rng = np.random.default_rng(7)
    for width in (13, 21):
        owners = np.repeat(np.arange(9), 12)
        codes = rng.integers(0, width, len(owners))
        rows, cols = np.array([0, 3, 3, 1, 2]), np.array([0, 1, 4, 3, 2])
        sets = [set(codes[owners == i].tolist()) for i in range(9)]
        common, size_a, size_b = align_module.pair_overlap(codes, owners, (4, 5), rows, cols, width)
        pairs = list(zip(rows.tolist(), (4 + cols).tolist(), strict=True))
        assert common.tolist() == [len(sets[i] & sets[j]) for i, j in pairs]
        assert size_a.tolist() == [len(sets[i]) for i, _ in pairs]
        assert size_b.tolist() == [len(sets[j]) for _, j in pairs]


def test_rewrite_features_take_lone_surrogates() -> None:
    # Text decoded with errors="surrogateescape" keeps lone surrogates; the trigrams must not fail on them.
    a, b = (
        split_sentences("Prices rose \udce9 sharply in the city today."),
        split_sentences("Prices rose sharply today."),
    )
    assert _features(a, b).shape == (1, len(REWRITE_FEATURES_AND_FLOORS))


def test_rewrite_weights_follow_the_feature_order() -> None:
    settings = Settings()
    named = [settings.rewrite_intercept, *(getattr(settings, f"rewrite_weight_{n}") for n in REWRITE_FEATURES)]
    assert list(settings.rewrite_weights) == named


def test_a_sentence_found_whole_in_a_longer_one_aligns_it_whole_on_its_content_words() -> None:
    a = split_sentences("You protest an unfair tax assessment.")
    b = split_sentences(
        "A written appraisal from an independent local valuer often helps you protest an unfair tax assessment."
    )
    figures = _features(a, b)
    assert figures[0, REWRITE_FEATURES_AND_FLOORS.index("containment")] == 1.0
    assert rewrite_score(figures, Settings().rewrite_weights)[0] < 0.0  # the weights, fitted without such pairs, refuse
    (al,) = align_sentences(a, b)
    assert al.b_span == b[0].span  # one to one: the whole longer sentence
    # Without the rule only the covered part of the longer sentence aligns.
    (part,) = align_sentences(a, b, rewrite_whole_content_dice=1.0)
    assert part.b_span != b[0].span


def test_a_sentence_contained_both_ways_aligns_once() -> None:
    # Two sentences of A inside one of B, none matched one to one: A's first is attached to B's sentence
    # and B's sentence to A's first; that link was listed twice, so its alignment was reported twice.
    a = split_sentences(
        "The talks would resume soon. Rain fell all day in the north of the country. After the summit in Geneva ended."
    )
    b = split_sentences(
        "The minister said on Friday that the talks would resume soon after the summit in Geneva ended, "
        "officials and diplomats confirmed."
    )
    assert [(al.a_sentences, al.b_sentences) for al in align_sentences(a, b)] == [((0,), (0,)), ((2,), (0,))]


def test_a_quote_split_by_its_capitals_aligns_whole_with_its_run_together_copy() -> None:
    """The Hill's "We are here to Get. It. OUT," Noem tweeted (DEV page 156770d6) splits into "…to Get.",
    "It." and "OUT,” Noem tweeted…"; a reprint writing "get it out" keeps one sentence. "It." is too short to
    align, so the group {Get., OUT…} was not contiguous and came out as two one-to-one pairs, each with the
    whole reprint sentence: the sentence twice, and three high "insertions in a quotation" (one of them
    "Noem tweeted Monday night", which both texts hold, outside the quotation)."""
    a = (
        "Noem cited the backlash as proof that the campaign was working. Twitter can make a joke of it, but Meth "
        "is a serious problem in SD. We are here to Get. It. OUT,” Noem tweeted Monday night. Noem later tweeted "
        "that the epidemic needs to be a dinner table conversation."
    )
    b = a.replace("Get. It. OUT", "get it out")
    assert _pairs(a, b) == [((0,), (0,)), ((1,), (1,)), ((2, 3, 4), (2,)), ((5,), (3,))]
    assert _pairs(b, a) == [((0,), (0,)), ((1,), (1,)), ((2,), (2, 3, 4)), ((3,), (5,))]
    (group,) = [al for al in align_sentences(split_sentences(a), split_sentences(b)) if len(al.a_sentences) == 3]
    assert group.score == 1.0
    # A sentence long enough to align that aligns nowhere still keeps the group apart.
    kept = a.replace("It. OUT", "The campaign cost the state far more than expected this year. OUT")
    assert ((2, 3, 4), (2,)) not in _pairs(kept, b)
