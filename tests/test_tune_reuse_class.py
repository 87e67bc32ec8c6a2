"""The issue-28 models of `benchmarks/tune_reuse_class.py`, on made-up figures."""

from __future__ import annotations

import numpy as np

from benchmarks.tune_reuse_class import (
    CLASSES,
    NON_FIGURES,
    _chosen_non_figure,
    _loto,
    _ordinal,
    _tree,
    tiling_coverage,
)


def _words(text: str) -> list[str]:
    return text.split()


def test_tiling_takes_the_longest_runs_first_and_drops_short_ones() -> None:
    source = _words("the cat sat on the mat and then the dog ran off")
    # "the dog ran off" (4) and "the cat sat" (3) tile; "mat" alone is below the minimum.
    answer = _words("the dog ran off while the cat sat near a mat")
    assert tiling_coverage(source, answer, 3) == 7 / 11
    assert tiling_coverage(source, answer, 4) == 4 / 11
    assert tiling_coverage(source, source, 5) == 1.0
    assert tiling_coverage(source, _words("nothing in common here"), 1) == 0.0
    # A source word is tiled once: the answer repeating a run gets one tile for it.
    assert tiling_coverage(_words("a b c"), _words("a b c a b c"), 3) == 0.5


def test_ordinal_model_follows_the_order_of_reuse() -> None:
    # One figure rising from non to cut: the model places new answers by where they fall.
    x = np.array([[v] for v in (0.0, 0.05, 0.3, 0.35, 0.6, 0.65, 0.9, 0.95)])
    y = np.array([CLASSES.index(c) for c in ("non", "non", "heavy", "heavy", "light", "light", "cut", "cut")])
    said = _ordinal(x, y, np.array([[0.02], [0.33], [0.62], [0.97]]))
    assert [CLASSES[k] for k in said] == ["non", "heavy", "light", "cut"]
    # A depth-2 tree has room for three splits' worth of leaves: the first split (the first best) sets non
    # apart, the second heavy; light and cut share a leaf (the majority tie goes to the first class, cut).
    assert [CLASSES[k] for k in _tree(x, y, np.array([[0.02], [0.33], [0.97]]), depth=2)] == ["non", "heavy", "cut"]


def test_loto_applies_the_grid_point_best_on_the_other_tasks() -> None:
    y = np.array([0, 1, 0, 1])
    tasks = np.array(["a", "a", "b", "b"])
    # Point 0 is right on task a only, point 1 on task b only: each task gets the other's choice.
    said = np.array([[0, 1, 1, 0], [1, 0, 0, 1]])
    assert _loto(said, y, tasks).tolist() == [1, 0, 1, 0]


def test_the_non_figure_is_chosen_on_the_training_tasks_ties_to_the_widest_gap() -> None:
    # Two non and two heavy answers a task; every other figure is flat (no cut, no light).
    tasks = np.array([t for t in "abc" for _ in range(4)])
    y = np.array([CLASSES.index(c) for _ in "abc" for c in ("non", "non", "heavy", "heavy")])
    figures = {name: np.zeros(len(y)) for name in NON_FIGURES}
    # 1-word containment (listed first) separates tasks a and b by a hair, and fails on task c.
    figures["c1"] = np.array([0.1, 0.45, 0.5, 0.9, 0.1, 0.45, 0.5, 0.9, 0.1, 0.52, 0.9, 0.95])
    # Content words separate every task, by a wide gap.
    figures["content"] = np.array([0.1, 0.2, 0.6, 0.7, 0.1, 0.2, 0.6, 0.7, 0.15, 0.2, 0.65, 0.7])
    predicted, picks = _chosen_non_figure(figures, y, tasks)
    # Held out, task c is judged by content words (tied with c1 on tasks a and b, with the wider gap).
    assert [name for _, name, _ in picks] == ["content", "content", "content"]
    assert predicted.tolist() == y.tolist()
