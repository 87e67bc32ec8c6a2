"""The ofac_sdn_name_variants figures per fold of entities, to see that a name rule
helps across the list rather than on a few names.

Run: ``python -m benchmarks.eval_ofac_folds [PATH] [--folds 5] [--misses]`` (PATH: an
ofac_sdn_name_variants folder, default ``../shared/corpora/ofac_sdn_name_variants``).
Entities are split by ``ent_num`` modulo the number of folds; each fold is scored
with the harness's own pair construction (``evaluate.evaluate_ofac``) on that
fold's rows alone (so its negatives are drawn from the same fold). Nothing is
fitted here: the name rules have no per-fold parameters, so the spread over the
folds shows how much a rule depends on the particular names of the list.
``--misses`` lists the positives the decision rejects and the namesake pairs it
accepts (over the whole folder).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tabulate import tabulate

from benchmarks import evaluate


def _misses(path: Path) -> None:
    positives, _, namesakes = evaluate.ofac_pairs(path)
    for a, b in positives:
        if not evaluate.is_name_variant(a, b):
            print(f"miss  {' '.join(a)} | {' '.join(b)}")
    for a, b in namesakes:
        if evaluate.is_name_variant(a, b):
            print(f"namesake accepted: {' '.join(a)} | {' '.join(b)}")


def fold_figures(path: Path, folds: int) -> list[evaluate.Figures]:
    """The harness's ofac figures of each fold (entities with ``ent_num % folds == k``)."""
    settings = evaluate.Settings()
    return [
        evaluate.ofac_figures(
            *evaluate.ofac_pairs(path, keep=lambda e, k=k: e.isdigit() and int(e) % folds == k), settings
        )
        for k in range(folds)
    ]


def _row(name: object, f: evaluate.Figures) -> tuple[object, ...]:
    return (
        name,
        f["positives"],
        f["negatives"],
        f["name_variant_precision"],
        f["name_variant_recall"],
        f"{f['namesake_false_variants']}/{f['namesake_pairs']}",
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", default=str(evaluate.CORPORA / "ofac_sdn_name_variants"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args(argv)
    path = Path(args.path)
    if not path.is_dir():
        print(f"eval_ofac_folds: {path}: not found; skipped", file=sys.stderr)
        return
    rows = [_row(k, f) for k, f in enumerate(fold_figures(path, args.folds))]
    rows.append(_row("all", evaluate.evaluate_ofac(path, evaluate.Settings())))
    headers = ["fold", "positives", "negatives", "precision", "recall", "namesakes accepted"]
    print(tabulate(rows, headers=headers, tablefmt="github", floatfmt=".4f"))
    if args.misses:
        _misses(path)


if __name__ == "__main__":
    main()
