"""Choose the aligner's rewrite path (``rewrite_similarity``, ``rewrite_content_dice``) by 10-fold CV on MSRP.

Run: ``python -m benchmarks.tune_align_rewrite [PATH]`` (PATH: a folder of
``msr_paraphrase_*.txt`` files, default ``../shared/corpora/msrp``). The
decision is the one ``benchmarks/evaluate.py msrp`` scores: does
:func:`provenance.detect.align.align_sentences` align the two sentences. The pairs are
shuffled with a fixed seed and cut into ten folds; for each fold the grid point
with the best accuracy on the other nine (ties: the first in grid order) is
applied to it, and the pooled held-out accuracy and F1 are the CV figures.
The full-data figures of every grid point are printed too, so the cost of a
stricter point (chosen for PAN13's passage precision, see the README) can be
read off. Nothing here is used at evaluation time.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import random
import sys
from pathlib import Path

from tabulate import tabulate

from benchmarks.evaluate import CORPORA, _aligns, _msrp_rows, msrp_figures
from provenance.settings import Settings

GRID = {
    "rewrite_similarity": [0.45, 0.5, 0.55, 0.6],
    "rewrite_content_dice": [0.3, 0.4, 0.5, 0.6],
}
FOLDS = 10


def _figures(said: list[bool], labels: list[int]) -> tuple[float, float]:
    figures = msrp_figures(said, labels)
    return float(figures["accuracy"] or 0.0), float(figures["f1"] or 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", type=Path, default=CORPORA / "msrp")
    path = parser.parse_args().path
    rows = _msrp_rows(path) if path.is_dir() else []
    if not rows:
        print(f"{path}: no msr_paraphrase_*.txt pairs here; skipped", file=sys.stderr)
        return
    labels = [label for label, _, _ in rows]
    points = list(itertools.product(*GRID.values()))
    said: dict[tuple[float, ...], list[bool]] = {}
    table = []
    for point in points:
        settings = dataclasses.replace(Settings(), **dict(zip(GRID, point, strict=True)))
        said[point] = [_aligns(s1, s2, settings) for _, s1, s2 in rows]
        table.append((*point, *(round(x, 4) for x in _figures(said[point], labels))))
    print(tabulate(table, headers=[*GRID, "accuracy", "f1"]))
    order = list(range(len(rows)))
    random.Random(0).shuffle(order)
    folds = [order[k::FOLDS] for k in range(FOLDS)]
    held_said: list[bool] = []
    held_labels: list[int] = []
    chosen = []
    for fold in folds:
        held = set(fold)
        train = [i for i in order if i not in held]

        def train_accuracy(point: tuple[float, ...], train: list[int] = train) -> int:
            return sum(said[point][i] == (labels[i] == 1) for i in train)

        best = max(points, key=train_accuracy)
        chosen.append(best)
        held_said += [said[best][i] for i in fold]
        held_labels += [labels[i] for i in fold]
    accuracy, f1 = _figures(held_said, held_labels)
    print(f"chosen per fold: {chosen}")
    print(f"{FOLDS}-fold CV accuracy {accuracy:.4f}, F1 {f1:.4f} over {len(rows)} pairs")


if __name__ == "__main__":
    main()
