"""The four-class reuse rule, on hand-made pair figures."""

from __future__ import annotations

import dataclasses

import pytest

from provenance.models import Alignment, Document, PairResult
from provenance.pipeline import compare
from provenance.verdict.reuse_class import ReuseClassRule, reuse_class

BLANK = PairResult(
    a="src",
    b="answer",
    is_reuse=False,
    share_a=0.0,
    share_b=0.0,
    estimated_jaccard=None,
    jaccard=0.0,
    containment_a=0.0,
    containment_b=0.0,
)
CLOSE = Alignment(a_sentences=(0,), b_sentences=(0,), a_span=(0, 100), b_span=(0, 100), score=0.9)
"""A whole-sentence match at full similarity over B's characters 0-100."""
REWRITE = Alignment(a_sentences=(1,), b_sentences=(1,), a_span=(100, 200), b_span=(100, 200), score=0.55)
"""A rewrite over B's characters 100-200, below the aligner's 0.6."""


@pytest.mark.parametrize(
    ("share_b", "containment_b", "short_b", "expected"),
    [
        (0.0, 0.0, 0.03, "non"),  # a few stock phrases only
        (0.3, 0.0, 0.05, "non"),  # below the short-shingle floor whatever aligns
        (0.3, 0.28, 0.30, "cut"),  # a little copied, in long runs
        (1.0, 0.60, 0.90, "light"),  # much kept, but runs broken (0.60 < 0.75 x 0.90)
        (0.1, 0.05, 0.20, "heavy"),  # runs broken and few sentences recognisable
        (0.3, 0.10, 0.15, "light"),  # long runs, but too little kept to be a copy
    ],
)
def test_rule_order(share_b: float, containment_b: float, short_b: float, expected: str) -> None:
    pair = dataclasses.replace(
        BLANK, share_b=share_b, containment_b=containment_b, short_containment_b=short_b, alignments=(CLOSE,)
    )
    assert reuse_class(pair) == expected


def test_light_counts_only_alignments_at_full_similarity() -> None:
    # Half of B's aligned characters come from a rewrite: 0.5 aligned, 0.25 at full similarity.
    pair = dataclasses.replace(
        BLANK, share_b=0.5, containment_b=0.05, short_containment_b=0.2, alignments=(CLOSE, REWRITE)
    )
    assert reuse_class(pair) == "heavy"
    assert reuse_class(pair, ReuseClassRule(light_share=0.25)) == "light"
    assert reuse_class(pair, ReuseClassRule(light_min_score=0.5)) == "light"


def test_rule_thresholds_are_used() -> None:
    pair = dataclasses.replace(BLANK, share_b=0.5, containment_b=0.1, short_containment_b=0.2, alignments=(CLOSE,))
    assert reuse_class(pair) == "light"
    assert reuse_class(pair, ReuseClassRule(light_share=0.6)) == "heavy"
    assert reuse_class(pair, ReuseClassRule(min_short_containment=0.25)) == "non"


SOURCE = (
    "Dynamic programming solves a problem by breaking it into overlapping subproblems. "
    "Each subproblem is solved only once and its answer is stored in a table. "
    "The stored answers are then combined to give the solution of the whole problem. "
    "Richard Bellman introduced the method in the nineteen fifties for planning problems."
)


def test_compare_measures_short_containment_both_ways() -> None:
    copy = "Each subproblem is solved only once and its answer is stored in a table."
    revised = "Every subproblem gets solved once, and the answer is kept in a table."
    other = "A greedy method picks the best local choice at every step without looking back."
    source = Document("s", "s", SOURCE)
    copied = compare(source, Document("c", "c", copy))
    assert copied.short_containment_b == 1.0 and 0 < copied.short_containment_a < 1
    assert reuse_class(copied) == "cut"
    changed = compare(source, Document("r", "r", revised))
    assert 0 < changed.short_containment_b < copied.short_containment_b
    assert compare(source, Document("o", "o", other)).short_containment_b == 0.0
    assert reuse_class(compare(source, Document("o", "o", other))) == "non"
