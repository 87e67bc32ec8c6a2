"""Choose the passage settings by k-fold cross-validation over PAN-13's suspicious documents.

Run (from the repository root)::

    python -m benchmarks.tune_passages [PATH] [--folds 5] [--seed 0]

PATH is a ``pan13_text_alignment_subset`` folder (default: the DEV part under ``../shared/corpora``).
The folder is scanned once with the default settings; every combination of the passage settings in
``GRID`` then joins and trims the same alignments. The suspicious documents are dealt into folds (a
seeded shuffle, all pairs of one suspicious document in one fold); each fold's setting is the one with
the best ``listed_plagdet`` on the other folds (granularity at most ``MAX_GRANULARITY``), and its
passages on the held-out fold are pooled. The figures of the pooled held-out passages are the
cross-validated estimate; the settings each fold chose show how steady the choice is.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import random
import sys
from collections.abc import Sequence
from pathlib import Path

from tabulate import tabulate

from benchmarks import CORPORA
from benchmarks.evaluate import Cases, listed_figures, located_case, pan_cases, pan_passages, pan_scan
from provenance.settings import Settings

GRID: dict[str, tuple[int | float, ...]] = {
    "passage_max_skew": (250, 500, 1000, 3000),
    "passage_edge_chars": (0, 200, 400),
    "passage_edge_gap_words": (1, 2),
    "passage_echo_share": (0.5, 0.8, 1.0),
    "passage_min_chars": (50, 100, 150, 200),
}
"""The values tried (``passage_max_skew`` 3000 = ``passage_max_gap``: no skew bound; ``passage_echo_share``
1.0: no passage left out as an echo). Bounded a priori: a skew under one sentence (~250 characters) would
split a reprint that drops a sentence on one side, and an echo is a passage *mostly* (more than half)
reported already."""
MAX_GRANULARITY = 1.02


def _grid() -> list[dict[str, int | float]]:
    names = list(GRID)
    return [dict(zip(names, values, strict=True)) for values in itertools.product(*GRID.values())]


def cross_validate(path: Path, folds: int, seed: int) -> tuple[list[dict[str, object]], dict[str, object]]:
    """(each fold's choice with its training and held-out plagdet, the pooled held-out figures)."""
    base = Settings()
    found = pan_scan(path, base)
    truth = pan_cases(path)
    cases: Cases = {
        key: [located_case(found.texts[key[0]], found.texts[key[1]], c) or c for c in v]
        if key[0] in found.texts and key[1] in found.texts
        else v
        for key, v in truth.items()
    }
    grid = _grid()
    detections: list[Cases] = []
    for values in grid:
        settings = dataclasses.replace(base, **values)
        detections.append(
            {
                key: pan_passages(als, found.texts[key[0]], found.texts[key[1]], settings)
                for key, als in found.aligned.items()
            }
        )
    suspicious = sorted(found.suspicious)
    random.Random(seed).shuffle(suspicious)
    fold_of = {doc: k % folds for k, doc in enumerate(suspicious)}

    def part(table: Cases, keep: Sequence[int]) -> Cases:
        return {key: v for key, v in table.items() if fold_of.get(key[0]) in keep}

    rows: list[dict[str, object]] = []
    held_out: Cases = {}
    for fold in range(folds):
        train = [k for k in range(folds) if k != fold]
        best, best_score = 0, -1.0
        for i, dets in enumerate(detections):
            figures = listed_figures(part(cases, train), part(dets, train))
            plagdet = figures["listed_plagdet"] or 0.0
            if figures["listed_granularity"] <= MAX_GRANULARITY and plagdet > best_score:
                best, best_score = i, plagdet
        held = part(detections[best], [fold])
        held_out.update(held)
        test = listed_figures(part(cases, [fold]), held)
        rows.append({"fold": fold, **grid[best], "train_plagdet": best_score, "test_plagdet": test["listed_plagdet"]})
    pooled = listed_figures(cases, held_out)
    return rows, pooled


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", default=str(CORPORA / "pan13_text_alignment_subset"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    path = Path(args.path)
    if not path.is_dir():
        print(f"tune_passages: {path}: not found", file=sys.stderr)
        return 2
    rows, pooled = cross_validate(path, args.folds, args.seed)
    print(tabulate(rows, headers="keys", tablefmt="github"))
    print()
    print(tabulate(sorted(pooled.items()), headers=["pooled held-out", "value"], tablefmt="github"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
