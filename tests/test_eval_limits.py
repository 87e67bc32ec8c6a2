"""benchmarks/eval_limits.py: the threshold sweeps against brute force, and the script on the
fixture folders of tests/data/eval (our own writing, shaped like the real corpora)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from benchmarks import eval_limits as limits

DATA = Path(__file__).parent / "data" / "eval"


def _brute(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Best accuracy and best F1 of ``score >= t`` over every t, one threshold at a time."""
    accuracy, f1 = float(labels.size - labels.sum()) / labels.size, 0.0
    for t in np.unique(scores):
        said = scores >= t
        tp = int((said & (labels == 1)).sum())
        fp, fn = int((said & (labels == 0)).sum()), int((~said & (labels == 1)).sum())
        accuracy = max(accuracy, float((said == (labels == 1)).mean()))
        f1 = max(f1, 2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return accuracy, f1


@pytest.mark.parametrize("seed", range(20))
def test_sweeps_match_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 40))
    scores = rng.integers(0, 6, size=n).astype(np.float64) / 5  # many ties
    labels = rng.integers(0, 2, size=n)
    accuracy, f1 = _brute(scores, labels)
    assert limits.best_accuracy(scores, labels)[0] == pytest.approx(accuracy)
    if labels.any():
        assert limits.best_f1(scores, labels)[0] == pytest.approx(f1)
    t, tp, fp = limits.sweep(scores, labels)
    assert list(t) == sorted(set(scores.tolist()), reverse=True)  # one rule per distinct score
    assert tp[-1] == labels.sum() and fp[-1] == n - labels.sum()  # the lowest threshold says yes to all


def test_joined_scores_reach_what_neither_does_alone() -> None:
    # Positives are high on a or on b, never on both: "or" separates them, neither score alone does.
    a = np.array([0.9, 0.1, 0.1, 0.1, 0.2])
    b = np.array([0.1, 0.9, 0.1, 0.2, 0.1])
    labels = np.array([1, 1, 0, 0, 0])
    assert limits.best_accuracy(a, labels)[0] == pytest.approx(0.8)
    joined = limits.best_joined(a, b, labels, quantiles=11)
    assert joined["or"] == pytest.approx(1.0) and joined["and"] < 1.0


def test_script_on_fixture_folders(capsys: pytest.CaptureFixture[str]) -> None:
    assert limits.main(["--corpora", str(DATA), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"pan13_text_alignment_subset", "msrp", "clough_stevenson"}
    pan = out["pan13_text_alignment_subset"]
    assert (pan["truth_pairs"], pan["listed"], pan["extra"]) == (1, 1, 0)
    assert {row["best precision at recall >= 0.98"] for row in pan["features"]} == {1.0}
    msrp = out["msrp"]
    assert msrp["pairs"] == 4 and msrp["scores"][0]["accuracy"] == 1.0
    assert all(0.5 <= row["accuracy"] <= 1.0 for row in msrp["scores"])
    clough = out["clough_stevenson"]
    assert clough["answers"] == 4
    assert max(row["best binary accuracy"] for row in clough["binary"]) == 1.0
    assert len(clough["reuse_answers_lowest_content_containment"]) == 2  # the fixture's cut and light answers


def test_missing_corpora_are_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert limits.main(["--corpora", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert err.count("not found; skipped") == 3 and str(tmp_path) in err


def test_unreadable_folder_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "msrp").mkdir()
    (tmp_path / "msrp" / "msr_paraphrase_train.txt").write_bytes(b"\xff\xfe\x00bad")
    assert limits.main(["--corpora", str(tmp_path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].endswith("pan13_text_alignment_subset: not found; skipped")
    assert len(lines) == 2 and "msrp: not a readable msrp folder (UnicodeDecodeError" in lines[1]


def test_offset_ceiling_is_one_where_the_offsets_cover_the_same_text_and_drops_where_shifted() -> None:
    copied = "The old mill on the river turned grain into flour for three villages for over a century."
    texts = {"s": "Our notes begin here. " + copied + " More notes.", "r": "Source intro text. " + copied}
    at_s, at_r = texts["s"].index(copied), texts["r"].index(copied)
    right = ((at_s, at_s + len(copied)), (at_r, at_r + len(copied)))
    ceiling = limits.offset_ceiling(texts, {("s", "r"): [right]})
    assert {f["plagdet"] for f in ceiling.values()} == {1.0}
    # The suspicious offsets shifted 15 characters into the text before the copy (a noisy re-extraction).
    shifted = ((at_s - 15, at_s + len(copied) - 15), right[1])
    ceiling = limits.offset_ceiling(texts, {("s", "r"): [shifted]})
    assert all(0.5 < f["plagdet"] < 1.0 for f in ceiling.values())
