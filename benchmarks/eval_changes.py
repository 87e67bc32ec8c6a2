"""Precision and recall of the change classifier, per kind, on the hand-written
sentence pairs of ``tests/data/change_pairs.jsonl`` (the test suite reads the same file).

A predicted change counts as correct when an expected change of the pair has
the same kind and the same text on both sides (spaces normalised); a pair with
no expected change (a hard negative) scores every prediction as a false positive.

    python -m benchmarks.eval_changes [--verbose] [--split dev|blind]

The pairs marked ``"split": "blind"`` were written after the classifier and
scored before any change made for them (see the README for those figures).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from provenance.detect.changes import changes_in_texts
from provenance.models import CHANGE_KINDS

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "change_pairs.jsonl"
KINDS = CHANGE_KINDS


def load_pairs(path: Path = DATA) -> list[dict[str, object]]:
    """The fixture pairs, one JSON object a line."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _key(kind: str, a: str, b: str) -> tuple[str, str, str]:
    return kind, " ".join(a.split()), " ".join(b.split())


def evaluate(pairs: list[dict[str, object]], *, verbose: bool = False) -> dict[str, tuple[int, int, int]]:
    """(true positives, false positives, false negatives) per kind."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    quote_right = quote_total = 0
    for pair in pairs:
        expected = Counter(_key(c["kind"], c["a"], c["b"]) for c in pair["changes"])  # type: ignore[attr-defined]
        quoted = {_key(c["kind"], c["a"], c["b"]): c.get("in_quote", False) for c in pair["changes"]}  # type: ignore[attr-defined]
        got = changes_in_texts(str(pair["a"]), str(pair["b"]))
        predicted = Counter(_key(c.kind, c.a, c.b) for c in got)
        for key, n in (predicted & expected).items():
            tp[key[0]] += n
        for key, n in (predicted - expected).items():
            fp[key[0]] += n
        for key, n in (expected - predicted).items():
            fn[key[0]] += n
        for change in got:
            key = _key(change.kind, change.a, change.b)
            if key in quoted:
                quote_total += 1
                quote_right += change.in_quote == quoted[key]
        if verbose and predicted != expected:
            print(f"{pair['id']}: expected {sorted(expected)} got {sorted(predicted)}")
    print(f"{'kind':<14}{'expected':>9}{'predicted':>10}{'precision':>11}{'recall':>8}")
    result = {}
    for kind in KINDS:
        t, p, n = tp[kind], fp[kind], fn[kind]
        precision = t / (t + p) if t + p else 1.0
        recall = t / (t + n) if t + n else 1.0
        print(f"{kind:<14}{t + n:>9}{t + p:>10}{precision:>11.2f}{recall:>8.2f}")
        result[kind] = (t, p, n)
    negatives = [p for p in pairs if not p["changes"]]
    clean = sum(not changes_in_texts(str(p["a"]), str(p["b"])) for p in negatives)
    print(
        f"{len(pairs)} pairs; no-change pairs with no change found: {clean}/{len(negatives)}; "
        f"in_quote right on {quote_right}/{quote_total} matched changes"
    )
    return result


def main(argv: list[str]) -> None:
    """Score all pairs, or one split (``--split dev`` / ``--split blind``)."""
    pairs = load_pairs()
    if "--split" in argv:
        split = argv[argv.index("--split") + 1]
        pairs = [p for p in pairs if p.get("split", "dev") == split]
    evaluate(pairs, verbose="--verbose" in argv)


if __name__ == "__main__":
    main(sys.argv[1:])
