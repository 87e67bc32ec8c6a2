"""The four-class reuse rule, on hand-made pair figures."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest
from helpers import SEED_B

from provenance.models import Alignment, Document, PairResult
from provenance.pipeline import compare, prepare, words
from provenance.verdict.reuse_class import ReuseClassRule, content_containment, reuse_class

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
    ("content_b", "share_b", "containment_b", "short_b", "expected"),
    [
        (0.2, 0.0, 0.0, 0.03, "non"),  # the topic's terms only
        (0.3, 0.3, 0.0, 0.05, "non"),  # below the content-word floor whatever aligns
        (0.3, 0.0, 0.05, 0.10, "non"),  # stock phrases of the topic, in words of its own
        (0.5, 0.0, 0.0, 0.02, "heavy"),  # every 3-word run broken, the source's words kept
        (0.6, 0.3, 0.28, 0.30, "cut"),  # a little copied, in long runs
        (0.8, 1.0, 0.60, 0.90, "light"),  # much kept, but runs broken (0.60 < 0.75 x 0.90)
        (0.5, 0.1, 0.05, 0.20, "heavy"),  # runs broken and few sentences recognisable
        (0.5, 0.3, 0.10, 0.15, "light"),  # long runs, but too little kept to be a copy
    ],
)
def test_rule_order(content_b: float, share_b: float, containment_b: float, short_b: float, expected: str) -> None:
    pair = dataclasses.replace(
        BLANK, share_b=share_b, containment_b=containment_b, short_containment_b=short_b, alignments=(CLOSE,)
    )
    assert reuse_class(pair, content_b) == expected


def test_light_counts_only_alignments_at_full_similarity() -> None:
    # Half of B's aligned characters come from a rewrite: 0.5 aligned, 0.25 at full similarity.
    pair = dataclasses.replace(
        BLANK, share_b=0.5, containment_b=0.05, short_containment_b=0.2, alignments=(CLOSE, REWRITE)
    )
    assert reuse_class(pair, 0.5) == "heavy"
    assert reuse_class(pair, 0.5, ReuseClassRule(light_share=0.25)) == "light"
    assert reuse_class(pair, 0.5, ReuseClassRule(light_min_score=0.5)) == "light"


def test_rule_thresholds_are_used() -> None:
    pair = dataclasses.replace(BLANK, share_b=0.5, containment_b=0.1, short_containment_b=0.2, alignments=(CLOSE,))
    assert reuse_class(pair, 0.5) == "light"
    assert reuse_class(pair, 0.5, ReuseClassRule(light_share=0.6)) == "heavy"
    assert reuse_class(pair, 0.5, ReuseClassRule(min_content_containment=0.6)) == "non"


def test_content_containment_counts_distinct_content_words_of_b() -> None:
    def share(b: str) -> float:
        return content_containment(["the", "cat", "sat", "on", "the", "mat"], b.split(" ") if b else [])

    assert share("the cat and the cat on a mat") == 1.0  # function words left out, each word once
    assert share("a cat lay on a rug") == 0.3333  # cat of cat, lay, rug
    assert share("of the and") == 0.0  # no content word at all
    assert share("") == 0.0


SOURCE = (
    "Dynamic programming solves a problem by breaking it into overlapping subproblems. "
    "Each subproblem is solved only once and its answer is stored in a table. "
    "The stored answers are then combined to give the solution of the whole problem. "
    "Richard Bellman introduced the method in the nineteen fifties for planning problems."
)


def _classed(text: str) -> str:
    source, answer = prepare(Document("s", "s", SOURCE)), prepare(Document("b", "b", text))
    return reuse_class(compare(source, answer), content_containment(words(source), words(answer)))


def test_compare_measures_short_containment_both_ways() -> None:
    copy = "Each subproblem is solved only once and its answer is stored in a table."
    revised = "Every subproblem gets solved once, and the answer is kept in a table."
    other = "A greedy method picks the best local choice at every step without looking back."
    source = Document("s", "s", SOURCE)
    copied = compare(source, Document("c", "c", copy))
    assert copied.short_containment_b == 1.0 and 0 < copied.short_containment_a < 1
    assert _classed(copy) == "cut"
    changed = compare(source, Document("r", "r", revised))
    assert 0 < changed.short_containment_b < copied.short_containment_b
    assert compare(source, Document("o", "o", other)).short_containment_b == 0.0
    assert _classed(other) == "non"


def test_a_heavy_rewrite_is_reuse_and_stock_phrases_are_not() -> None:
    # Every 3-word run of the source broken (3-word containment 0.05, once the floor for non), its words kept.
    rewrite = (
        "Bellman came up with this method for planning back in the fifties. It breaks a problem up into "
        "subproblems that overlap, solving every subproblem once and keeping each answer in a table; combining "
        "those stored answers then gives the solution to the whole problem."
    )
    assert _classed(rewrite) == "heavy"
    # Written without the source, sharing one of its phrases (3-word containment 0.11) but few of its words.
    other = (
        "A greedy method picks the best local choice at every step without looking back, so it runs fast. "
        "It solves a problem by breaking it down, yet it may miss the best overall result, and nothing is "
        "stored for later."
    )
    assert _classed(other) == "non"


def test_a_whole_copy_padded_with_words_of_its_own_is_never_non(seeds_dir: Path) -> None:
    """Seed 001 copied whole, then 800 made-up words: 0.26 of its distinct content words occur in the source,
    below the ``non`` floor, and the copy was classed ``non`` (written independently) while the pipeline
    verifies it as reuse of the whole source.  A verified pair is never ``non``."""
    story = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8")
    rng = random.Random(1)
    padding = " ".join(
        "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3)) for _ in range(800)
    )
    source = prepare(Document("src", "src", story))
    copy = prepare(Document("copy", "copy", f"{story}\n\n{padding}."))
    pair = compare(source, copy)
    content = content_containment(words(source), words(copy))
    assert pair.is_reuse and pair.share_a == 1.0 and content < ReuseClassRule().min_content_containment
    assert reuse_class(pair, content) == "cut"
