"""Fit the aligner's rewrite decision (``rewrite_*`` settings) on MSRP, with 10-fold cross-validation.

Run: ``python -m benchmarks.tune_align_rewrite [PATH]`` (PATH: a folder of
``msr_paraphrase_*.txt`` files, default ``../shared/corpora/msrp``). The
decision scored is the one ``benchmarks/evaluate.py msrp`` scores: does
:func:`provenance.detect.align.align_sentences` align the two sentences. Pairs
at token similarity >= ``similarity_threshold`` always align; the rewrite
decision only weighs the pairs below it that share ``min_shared_tokens`` words in
order, so the logistic regression is fitted on those (one sentence a side, the
five :data:`~provenance.detect.align.REWRITE_FEATURES`, Newton's method with a
small ridge penalty); the floors (``rewrite_content_dice``, waived at
``rewrite_phrase_trigrams`` shared word trigrams, ``rewrite_bigram_dice``) and the
shared-run path (``rewrite_shared_trigrams``) keep their settings, so the CV figures
are those of the whole decision; the same CV is then printed for other values of
``rewrite_phrase_trigrams`` (how it was chosen). The pairs are shuffled with a fixed seed and cut into ten
folds; each fold is aligned with weights fitted on the other nine, and the
pooled held-out accuracy and F1 are the CV figures. Then the weights fitted on
all pairs, rounded as the settings ship them, are printed with their in-sample
figures. Nothing here is used at evaluation time.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
from pathlib import Path

import numpy as np
from tabulate import tabulate

from benchmarks.evaluate import CORPORA, Figures, _aligns, _msrp_rows, msrp_figures
from provenance.detect.align import REWRITE_FEATURES, rewrite_features, similarity_matrices, token_ids
from provenance.settings import Settings
from provenance.text.sentences import split_sentences

FOLDS = 10
RIDGE = 1e-5
"""L2 penalty per pair on the weights (not the intercept): only keeps Newton's steps finite."""
DIGITS = 1
"""Decimals the shipped weights keep (coarse on purpose: a handful of readable numbers)."""


def fit_logistic(x: np.ndarray, y: np.ndarray, *, ridge: float = RIDGE, steps: int = 30) -> np.ndarray:
    """Intercept and weights of a ridge-penalised logistic regression of ``y`` (0/1) on ``x``.

    >>> x = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> w = fit_logistic(x, np.array([0, 0, 1, 1]), ridge=0.1)
    >>> bool(w[0] + 1.0 * w[1] < 0 < w[0] + 2.0 * w[1])
    True
    """
    xb = np.hstack([np.ones((len(x), 1)), x])
    penalty = ridge * len(y) * np.diag([0.0] + [1.0] * x.shape[1])
    w = np.zeros(xb.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        gradient = xb.T @ (p - y) + penalty @ w
        hessian = (xb * (p * (1.0 - p))[:, None]).T @ xb + penalty
        w = w - np.linalg.solve(hessian, gradient)
    return w


def band_features(rows: list[tuple[int, str, str]], settings: Settings) -> dict[int, np.ndarray]:
    """The rewrite features of every pair (by index) the rewrite decision weighs: one sentence a
    side, both long enough, below ``similarity_threshold``, sharing ``min_shared_tokens`` in order."""
    found: dict[int, np.ndarray] = {}
    for k, (_, s1, s2) in enumerate(rows):
        a, b = split_sentences(s1), split_sentences(s2)
        if len(a) != 1 or len(b) != 1 or min(len(a[0].tokens), len(b[0].tokens)) < settings.min_sentence_tokens:
            continue
        lcs, similarity, containment = similarity_matrices(*token_ids(a, b))
        if similarity[0, 0] < settings.similarity_threshold and lcs[0, 0] >= settings.min_shared_tokens:
            figures = rewrite_features(a, b, (similarity, containment), np.array([0]), np.array([0]))
            found[k] = figures[0, : len(REWRITE_FEATURES)]
    return found


def with_weights(settings: Settings, weights: np.ndarray) -> Settings:
    """``settings`` with the rewrite intercept and weights replaced (rounded to :data:`DIGITS`)."""
    names = ["rewrite_intercept", *(f"rewrite_weight_{name}" for name in REWRITE_FEATURES)]
    return dataclasses.replace(settings, **{n: round(float(w), DIGITS) for n, w in zip(names, weights, strict=True)})


def cross_validate(
    rows: list[tuple[int, str, str]], band: dict[int, np.ndarray], base: Settings
) -> tuple[list[tuple[float, ...]], Figures]:
    """Each fold's rounded weights (fitted on the other folds' band pairs) and the pooled
    held-out figures of the whole decision with ``base``'s other settings."""
    labels = np.array([label for label, _, _ in rows])
    order = list(range(len(rows)))
    random.Random(0).shuffle(order)
    said = [False] * len(rows)
    table = []
    for fold in (order[k::FOLDS] for k in range(FOLDS)):
        held = set(fold)
        train = [k for k in band if k not in held]
        settings = with_weights(base, fit_logistic(np.array([band[k] for k in train]), labels[train]))
        table.append(settings.rewrite_weights)
        for k in fold:
            said[k] = _aligns(rows[k][1], rows[k][2], settings)
    return table, msrp_figures(said, labels.tolist())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", type=Path, default=CORPORA / "msrp")
    path = parser.parse_args().path
    rows = _msrp_rows(path) if path.is_dir() else []
    if not rows:
        print(f"{path}: no msr_paraphrase_*.txt pairs here; skipped", file=sys.stderr)
        return
    base = Settings()
    labels = np.array([label for label, _, _ in rows])
    band = band_features(rows, base)
    table, cv = cross_validate(rows, band, base)
    print(tabulate(table, headers=["intercept", *REWRITE_FEATURES]))
    print(f"{FOLDS}-fold CV: accuracy {cv['accuracy']}, F1 {cv['f1']} over {len(rows)} pairs ({len(band)} in the band)")
    for phrases in (1, 2, 3, 5, 1_000):
        _, other = cross_validate(rows, band, dataclasses.replace(base, rewrite_phrase_trigrams=phrases))
        print(f"  rewrite_phrase_trigrams {phrases}: CV accuracy {other['accuracy']}, F1 {other['f1']}")
    settings = with_weights(base, fit_logistic(np.array(list(band.values())), labels[list(band)]))
    dev = msrp_figures([_aligns(s1, s2, settings) for _, s1, s2 in rows], labels.tolist())
    print(f"fitted on all pairs: {dict(zip(['intercept', *REWRITE_FEATURES], settings.rewrite_weights, strict=True))}")
    print(f"in-sample with them: accuracy {dev['accuracy']}, F1 {dev['f1']}")
    print(f"all-paraphrase baseline: accuracy {labels.mean():.4f}, F1 {2 * labels.mean() / (1 + labels.mean()):.4f}")


if __name__ == "__main__":
    main()
