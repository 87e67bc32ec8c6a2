"""What bounds the evaluation figures that stay below target: the best any one threshold can do.

Run (from the repository root)::

    python -m benchmarks.eval_limits [--corpora ../shared/corpora] [--json]

For each of ``pan13_text_alignment_subset``, ``msrp`` and ``clough_stevenson`` found under
``--corpora`` (a missing folder is skipped with a message), every feature the pipeline computes
for a pair is swept over all its thresholds *on the folder's own labels*, and the best figure a
rule "feature >= t" reaches is printed. A threshold chosen on the labels it is scored on is an
upper bound of what a rule on that feature can do, not a figure of the pipeline
(``evaluate.py`` gives those, with default settings and nothing fitted). When even this bound
stays below the issue's target, no threshold on that feature can meet it.

* pan13: the pairs the scan reports, listed in the truth or not ("extra"); per feature, the
  quartiles of each group and the best pair precision at pair recall >= 0.98 (recall counts
  every truth pair, reported or not); and ``listed_offsets_ceiling``, the ``listed_*`` figures of
  passages that take each listed case's one side as stated and place the other where its text best
  matches: what the noise in the stated offsets leaves of a perfect text alignment.
* msrp: lexical similarities of the two sentences (rapidfuzz, in C++ over the whole file):
  the best accuracy and the best F1 of one threshold, and of two thresholds joined by "or" or
  "and" (each at 40 quantiles).
* clough_stevenson: the best binary accuracy (reuse vs non) of one threshold on each pair figure,
  and the answers nearest the other label on content-word containment (the figure the rule uses).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel
from tabulate import tabulate

from benchmarks import evaluate
from provenance.pipeline import covered_length
from provenance.settings import Settings
from provenance.text.lexicon import FUNCTION_WORDS
from provenance.text.sentences import word_keys

Figures = dict[str, Any]
PAN_MIN_RECALL = dict((name, bound) for name, _, bound in evaluate.GOALS["pan13_text_alignment_subset"])["pair_recall"]
"""The pan13 pair-recall target: a threshold must keep at least this recall."""
QUANTILES = 40
"""Thresholds tried per score when two scores are joined."""


def sweep(scores: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every rule ``score >= t`` over the distinct scores, highest ``t`` first:
    (thresholds, true positives, false positives).

    >>> t, tp, fp = sweep(np.array([0.9, 0.2, 0.9, 0.5]), np.array([1, 0, 0, 1]))
    >>> t.tolist(), tp.tolist(), fp.tolist()
    ([0.9, 0.5, 0.2], [1, 2, 2], [1, 1, 2])
    """
    order = np.argsort(-scores, kind="stable")
    ranked, hits = scores[order], labels[order].astype(np.int64)
    tp, fp = np.cumsum(hits), np.cumsum(1 - hits)
    last = np.flatnonzero(np.append(ranked[1:] != ranked[:-1], True))  # the last of each tied run
    return ranked[last], tp[last], fp[last]


def best_accuracy(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """(best accuracy of a rule ``score >= t``, its ``t``); saying no to all counts too (``t`` = inf).  Of rules
    equally right, the highest ``t`` (the first :func:`sweep` gives).

    >>> best_accuracy(np.array([0.1, 0.4, 0.35, 0.8]), np.array([0, 0, 1, 1]))
    (0.75, 0.8)
    >>> best_accuracy(np.array([0.1, 0.4, 0.35, 0.8, 0.5]), np.array([0, 0, 1, 1, 1]))
    (0.8, 0.5)
    """
    t, tp, fp = sweep(scores, labels)
    positives, n = int(labels.sum()), len(labels)
    right = tp + (n - positives - fp)
    i = int(np.argmax(right))
    if n - positives > right[i]:
        return (n - positives) / n, float("inf")
    return float(right[i]) / n, float(t[i])


def best_f1(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """(best F1 of a rule ``score >= t``, its ``t``).

    >>> best_f1(np.array([0.1, 0.4, 0.35, 0.8]), np.array([0, 0, 1, 1]))
    (0.8, 0.35)
    """
    t, tp, fp = sweep(scores, labels)
    f1 = 2 * tp / (tp + fp + int(labels.sum()))
    i = int(np.argmax(f1))
    return float(f1[i]), float(t[i])


def best_joined(a: np.ndarray, b: np.ndarray, labels: np.ndarray, quantiles: int = QUANTILES) -> Figures:
    """The best accuracy of ``a >= s or b >= t`` and of ``a >= s and b >= t``, with ``s`` and ``t``
    at ``quantiles`` quantiles of each score (one boolean matrix per threshold of ``a``)."""
    qs = np.linspace(0, 1, quantiles)
    ta, tb = np.unique(np.quantile(a, qs)), np.unique(np.quantile(b, qs))
    over_b = b[None, :] >= tb[:, None]  # thresholds of b x pairs
    truth = labels.astype(bool)
    best = {"or": 0.0, "and": 0.0}
    for s in ta:
        over_a = a >= s
        for name, said in (("or", over_a | over_b), ("and", over_a & over_b)):
            best[name] = max(best[name], float((said == truth).mean(axis=1).max()))
    return best


def _targets(corpus: str) -> str:
    return ", ".join(f"{name} {op} {bound:g}" for name, op, bound in evaluate.GOALS[corpus])


def _quartiles(values: np.ndarray) -> str:
    if not len(values):
        return "-"
    q1, q2, q3 = np.quantile(values, [0.25, 0.5, 0.75])
    return f"{q1:.3g} / {q2:.3g} / {q3:.3g}"


# --------------------------------------------------------------------------- pan13
def pan_limits(path: Path, settings: Settings) -> Figures:
    """Reported pan13 pairs, listed or extra, per feature: quartiles and the best precision at
    recall >= :data:`PAN_MIN_RECALL` of any threshold."""
    truth = set(evaluate.pan_cases(path))
    found = evaluate.pan_scan(path, settings)
    keys = sorted(found.detections)
    listed = np.array([key in truth for key in keys])

    features: dict[str, list[float]] = {
        "longest passage (suspicious chars)": [],
        "passage chars (suspicious)": [],
        "share of the suspicious text": [],
        "share of the source text": [],
        "passages": [],
        "alignments": [],
    }
    for key in keys:
        passages = found.detections[key]
        susp_chars = covered_length([p[0] for p in passages])
        features["longest passage (suspicious chars)"].append(max(p[0][1] - p[0][0] for p in passages))
        features["passage chars (suspicious)"].append(susp_chars)
        features["share of the suspicious text"].append(susp_chars / max(1, len(found.texts[key[0]])))
        features["share of the source text"].append(
            covered_length([p[1] for p in passages]) / max(1, len(found.texts[key[1]]))
        )
        features["passages"].append(len(passages))
        features["alignments"].append(found.alignments[key])
    rows = []
    need = PAN_MIN_RECALL * len(truth)
    for name, values in features.items():
        scores = np.array(values, dtype=np.float64)
        t, tp, fp = sweep(scores, listed)
        ok = tp >= need
        precision = tp[ok] / (tp[ok] + fp[ok])
        best = int(np.argmax(precision)) if ok.any() else None
        rows.append(
            {
                "feature": name,
                "listed (quartiles)": _quartiles(scores[listed]),
                "extra (quartiles)": _quartiles(scores[~listed]),
                f"best precision at recall >= {PAN_MIN_RECALL:g}": None
                if best is None
                else round(float(precision[best]), 4),
                "threshold": None if best is None else float(t[ok][best]),
            }
        )
    located = {
        key: [evaluate.located_case(found.texts[key[0]], found.texts[key[1]], c) or c for c in v]
        for key, v in evaluate.pan_cases(path).items()
        if key[0] in found.texts and key[1] in found.texts
    }
    return {
        "truth_pairs": len(truth),
        "reported_pairs": len(keys),
        "listed_offsets_ceiling": offset_ceiling(found.texts, located),
        "listed": int(listed.sum()),
        "extra": int((~listed).sum()),
        "targets": _targets("pan13_text_alignment_subset"),
        "features": rows,
    }


def offset_ceiling(texts: dict[str, str], cases: evaluate.Cases) -> Figures:
    """``listed_*`` figures of passages that a detector reading the text perfectly could report.

    Each listed case's one side is taken as stated and its other side placed where that text best
    matches (rapidfuzz's best partial alignment): the offsets of this noisy re-extraction do not
    always cover the same text on both sides, so even such passages do not score 1. Not a strict
    bound (a detector may place both sides elsewhere), but what the noise in the offsets leaves.
    """
    figures: Figures = {}
    for stated in ("suspicious", "source"):
        passages: evaluate.Cases = {}
        for key, truth in cases.items():
            found = []
            for (t0, t1), (s0, s1) in truth:
                if stated == "suspicious":
                    at = fuzz.partial_ratio_alignment(texts[key[0]][t0:t1], texts[key[1]])
                    found.append(((t0, t1), (at.dest_start, at.dest_end)))
                else:
                    at = fuzz.partial_ratio_alignment(texts[key[1]][s0:s1], texts[key[0]])
                    found.append(((at.dest_start, at.dest_end), (s0, s1)))
            passages[key] = found
        listed = evaluate.listed_figures(cases, passages)
        figures[f"{stated} side as stated"] = {
            name: listed[f"listed_{name}"] for name in ("plagdet", "char_precision", "char_recall", "granularity")
        }
    return figures


# --------------------------------------------------------------------------- msrp
def _content(words: list[str]) -> list[str]:
    return [w for w in words if w not in FUNCTION_WORDS]


def msrp_scores(rows: Sequence[tuple[int, str, str]]) -> dict[str, np.ndarray]:
    """Lexical similarities of each pair's two sentences, each in [0, 1], over the pipeline's word keys
    (:func:`provenance.text.sentences.word_keys`: typography folded, lower case)."""
    first, second = [r[1] for r in rows], [r[2] for r in rows]
    w1, w2 = [word_keys(s) for s in first], [word_keys(s) for s in second]
    c1, c2 = [_content(w) for w in w1], [_content(w) for w in w2]

    def indel(x: list[list[str]], y: list[list[str]]) -> np.ndarray:
        return process.cpdist(x, y, scorer=Indel.normalized_similarity, dtype=np.float64)

    def ratio(scorer: Any) -> np.ndarray:
        return process.cpdist(first, second, scorer=scorer, processor=str.lower, dtype=np.float64) / 100

    return {
        "word LCS (2·LCS / words)": indel(w1, w2),
        "content-word LCS": indel(c1, c2),
        # Dice of two sets: the LCS of their sorted members is their intersection.
        "word Dice": indel([sorted(set(w)) for w in w1], [sorted(set(w)) for w in w2]),
        "content-word Dice": indel([sorted(set(c)) for c in c1], [sorted(set(c)) for c in c2]),
        "character ratio": ratio(fuzz.ratio),
        "token sort ratio": ratio(fuzz.token_sort_ratio),
        "token set ratio": ratio(fuzz.token_set_ratio),
    }


def msrp_limits(path: Path, settings: Settings) -> Figures:
    """The best accuracy and F1 of one threshold on each lexical score, and of two joined."""
    rows = evaluate._msrp_rows(path)
    labels = np.array([label for label, _, _ in rows], dtype=np.int64)
    scores = msrp_scores(rows)
    own = evaluate.evaluate_msrp(path, settings)
    table = [{"score": "the aligner's decision (default settings)", "accuracy": own["accuracy"], "F1": own["f1"]}]
    for name, values in scores.items():
        acc, t_acc = best_accuracy(values, labels)
        f1, _ = best_f1(values, labels)
        table.append(
            {"score": name, "accuracy": round(acc, 4), "F1": round(f1, 4), "at (best accuracy)": round(t_acc, 3)}
        )
    joined = {
        f"{a} | {b}": best_joined(scores[a], scores[b], labels) for a, b in itertools.combinations(sorted(scores), 2)
    }
    best_or = max(joined.items(), key=lambda kv: kv[1]["or"])
    best_and = max(joined.items(), key=lambda kv: kv[1]["and"])
    return {
        "targets": _targets("msrp"),
        "pairs": len(rows),
        "all_positive_accuracy": round(float(labels.mean()), 4),
        "scores": table,
        "best_or_of_two": {"scores": best_or[0], "accuracy": round(best_or[1]["or"], 4)},
        "best_and_of_two": {"scores": best_and[0], "accuracy": round(best_and[1]["and"], 4)},
    }


# --------------------------------------------------------------------------- clough_stevenson
def _extremes(pairs: Sequence[evaluate.CloughAnswer], *, reuse: bool, n: int = 4) -> list[str]:
    """The ``n`` answers of one side (reuse or non) nearest the other on content-word containment."""
    side = [(a.content_b, a.pair.b, a.category) for a in pairs if (a.category != "non") == reuse]
    side.sort(key=lambda r: (r[0], r[1]), reverse=not reuse)
    return [f"{name} ({category}) {value:.3f}" for value, name, category in side[:n]]


def clough_limits(path: Path, settings: Settings) -> Figures:
    """The best binary accuracy of one threshold on each pair figure, and the answers where the
    reuse and non labels overlap on content-word containment."""
    pairs = evaluate.clough_pairs(path, settings)
    labels = np.array([a.category != "non" for a in pairs], dtype=np.int64)
    features = {
        "content words of the answer in the original": [a.content_b for a in pairs],
        "3-word containment of the answer": [a.pair.short_containment_b for a in pairs],
        "5-word containment of the answer": [a.pair.containment_b for a in pairs],
        "aligned share of the answer": [a.pair.share_b for a in pairs],
        "aligned share of the original": [a.pair.share_a for a in pairs],
        "5-word Jaccard": [a.pair.jaccard for a in pairs],
    }
    table = []
    for name, values in features.items():
        acc, t = best_accuracy(np.array(values, dtype=np.float64), labels)
        table.append(
            {"figure": name, "best binary accuracy": round(acc, 4), "right": round(acc * len(pairs)), "at": round(t, 4)}
        )
    return {
        "targets": _targets("clough_stevenson"),
        "answers": len(pairs),
        "binary": table,
        # Where the labels overlap on the figure the rule uses: no threshold separates these.
        "reuse_answers_lowest_content_containment": _extremes(pairs, reuse=True),
        "non_answers_highest_content_containment": _extremes(pairs, reuse=False),
    }


LIMITS = {
    "pan13_text_alignment_subset": pan_limits,
    "msrp": msrp_limits,
    "clough_stevenson": clough_limits,
}


def _print(corpus: str, figures: Figures) -> None:
    print(f"## {corpus}\n")
    for key, value in figures.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            print(tabulate(value, headers="keys", tablefmt="github", missingval="-"), "\n")
        else:
            print(f"- {key}: {json.dumps(value, ensure_ascii=False)}")
    print()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--corpora", default=str(evaluate.CORPORA), help="folder holding the corpora (default: %(default)s)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object, by corpus")
    args = parser.parse_args(argv)
    settings = Settings()
    results: Figures = {}
    for corpus, limits in LIMITS.items():
        folder = Path(args.corpora) / corpus
        if not folder.is_dir():
            print(f"eval_limits: {folder}: not found; skipped", file=sys.stderr)
            continue
        try:
            results[corpus] = evaluate.run(corpus, folder, settings, measure=limits)
        except evaluate.CorpusError as err:
            print(f"eval_limits: {err}", file=sys.stderr)
            return 2
        if not args.json:
            _print(corpus, results[corpus])
    if args.json:
        print(json.dumps(results, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
