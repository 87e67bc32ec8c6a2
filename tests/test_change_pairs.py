"""The hand-written sentence pairs of tests/data/change_pairs.jsonl, one test each.

The same file feeds benchmarks/eval_changes.py (precision and recall per kind).
Each pair lists every change an editor should see, with its kind and its text
on both sides; a pair with none is a hard negative (typography, the same
figure written two ways).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from provenance.detect.changes import changes_in_texts
from provenance.models import CHANGE_KINDS

DATA = Path(__file__).parent / "data" / "change_pairs.jsonl"
PAIRS: list[dict[str, Any]] = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
KINDS = set(CHANGE_KINDS)


def _key(kind: str, a: str, b: str) -> tuple[str, str, str]:
    return kind, " ".join(a.split()), " ".join(b.split())


def test_the_set_covers_every_kind_and_hard_negatives() -> None:
    assert len(PAIRS) >= 60
    assert len({p["id"] for p in PAIRS}) == len(PAIRS)
    kinds = Counter(c["kind"] for p in PAIRS for c in p["changes"])
    assert set(kinds) == KINDS
    assert min(kinds.values()) >= 5
    negatives = [p for p in PAIRS if not p["changes"]]
    assert len(negatives) >= 10
    # Look-alike names are in the set and expected as something else than a variant.
    assert sum(1 for p in PAIRS if "hard negative" in p.get("note", "") and p["changes"]) >= 8
    assert any(c.get("in_quote") for p in PAIRS for c in p["changes"])


@pytest.mark.parametrize("pair", PAIRS, ids=[p["id"] for p in PAIRS])
def test_pair(pair: dict[str, Any]) -> None:
    changes = changes_in_texts(pair["a"], pair["b"])
    got = Counter(_key(c.kind, c.a, c.b) for c in changes)
    assert got == Counter(_key(c["kind"], c["a"], c["b"]) for c in pair["changes"])
    expected_quote = {_key(c["kind"], c["a"], c["b"]): c.get("in_quote", False) for c in pair["changes"]}
    for change in changes:
        assert change.in_quote == expected_quote[_key(change.kind, change.a, change.b)]
        assert pair["a"][change.a_span[0] : change.a_span[1]] == change.a
        assert pair["b"][change.b_span[0] : change.b_span[1]] == change.b
