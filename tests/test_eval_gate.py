"""The evaluation gate (benchmarks/eval_gate.py): its comparisons on fabricated figures, once on the real corpora."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from benchmarks import eval_gate, evaluate

Figures = dict[str, Any]


@pytest.fixture
def corpora(tmp_path: Path) -> Path:
    """Two tiny corpus folders (their content only feeds the digest; the figures are fabricated)."""
    root = tmp_path / "corpora"
    (root / "msrp").mkdir(parents=True)
    (root / "msrp" / "pairs.txt").write_text("1\tA sentence.\tThe sentence.\n", encoding="utf-8")
    (root / "pan").mkdir()
    (root / "pan" / "susp").mkdir()
    (root / "pan" / "susp" / "s1.txt").write_text("A suspicious text.", encoding="utf-8")
    return root


@pytest.fixture
def baseline(tmp_path: Path, corpora: Path) -> Path:
    """A baseline of both folders, with floors and one ceiling."""
    entries = {}
    for name, floors, ceilings in (
        ("msrp", {"accuracy": 0.7, "f1": 0.8}, {}),
        ("pan", {"plagdet": 0.75}, {"granularity": 1.05}),
    ):
        digest, count = eval_gate.corpus_digest(corpora / name)
        entries[name] = {"digest": digest, "files": count, "floors": floors, "ceilings": ceilings}
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps({"corpora": entries}, indent=2) + "\n", encoding="utf-8")
    return path


def _measured(figures: dict[str, Figures]) -> Callable[[str, Path], Figures]:
    def measure(corpus: str, folder: Path) -> Figures:
        assert folder.name == corpus
        return figures[corpus]

    return measure


AT_BOUNDS = {"msrp": {"accuracy": 0.7, "f1": 0.8, "pairs": 10}, "pan": {"plagdet": 0.75, "granularity": 1.05}}


def _gate(baseline: Path, corpora: Path, figures: dict[str, Figures], *, raise_floors: bool = False) -> int:
    return eval_gate.run_gate(baseline, corpora, raise_floors=raise_floors, measure=_measured(figures))


def test_figures_at_their_bounds_pass(baseline: Path, corpora: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _gate(baseline, corpora, AT_BOUNDS) == 0
    out, err = capsys.readouterr()
    assert out.count("| ok ") == 4 and "FAIL" not in out
    assert "4 figures of 2 corpora hold their bounds" in err


@pytest.mark.parametrize(
    ("corpus", "figure", "value"),
    [("msrp", "f1", 0.7999), ("pan", "granularity", 1.0501), ("msrp", "accuracy", None)],
)
def test_a_figure_past_its_bound_fails(
    baseline: Path, corpora: Path, capsys: pytest.CaptureFixture[str], corpus: str, figure: str, value: float | None
) -> None:
    figures = {name: dict(figs) for name, figs in AT_BOUNDS.items()}
    if value is None:
        del figures[corpus][figure]  # a figure the evaluator no longer gives fails too
    else:
        figures[corpus][figure] = value
    assert _gate(baseline, corpora, figures) == 1
    out, err = capsys.readouterr()
    assert out.count("FAIL") == 1
    assert f"past their bound: {corpus} {figure}" in err


def test_raise_floors_moves_improved_bounds_only(
    baseline: Path, corpora: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    better = {"msrp": {"accuracy": 0.72, "f1": 0.8}, "pan": {"plagdet": 0.75, "granularity": 1.01}}
    assert _gate(baseline, corpora, better) == 0
    assert "better" in capsys.readouterr().out
    before = json.loads(baseline.read_text(encoding="utf-8"))
    assert _gate(baseline, corpora, better, raise_floors=True) == 0
    assert "raised 2 bound(s)" in capsys.readouterr().err
    after = json.loads(baseline.read_text(encoding="utf-8"))
    assert after["corpora"]["msrp"]["floors"] == {"accuracy": 0.72, "f1": 0.8}
    assert after["corpora"]["pan"]["ceilings"] == {"granularity": 1.01}
    assert after["corpora"]["pan"]["floors"] == before["corpora"]["pan"]["floors"]
    assert after["corpora"]["msrp"]["digest"] == before["corpora"]["msrp"]["digest"]
    # The old figures now fail the raised bounds.
    assert _gate(baseline, corpora, AT_BOUNDS) == 1


def test_raise_floors_refuses_to_lower_a_bound(
    baseline: Path, corpora: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    worse = {"msrp": {"accuracy": 0.9, "f1": 0.6}, "pan": AT_BOUNDS["pan"]}
    written = baseline.read_bytes()
    assert _gate(baseline, corpora, worse, raise_floors=True) == 1
    err = capsys.readouterr().err
    assert "refusing to lower a bound: msrp f1 0.6 (bound 0.8)" in err
    assert "never lowered" in err
    assert baseline.read_bytes() == written  # not even the improved accuracy is written


def test_raise_bounds_never_lowers() -> None:
    base = {"corpora": {"c": {"floors": {"a": 0.5}, "ceilings": {"g": 1.1}}}}
    rows = eval_gate.check_figures("c", base["corpora"]["c"], {"a": 0.4, "g": 1.0})
    with pytest.raises(ValueError, match="refusing to lower"):
        eval_gate.raise_bounds(base, rows)
    assert base["corpora"]["c"] == {"floors": {"a": 0.5}, "ceilings": {"g": 1.1}}


def test_changed_corpus_data_is_a_digest_mismatch(
    baseline: Path, corpora: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (corpora / "pan" / "susp" / "s1.txt").write_text("A suspicious text, edited.", encoding="utf-8")
    measured: list[str] = []

    def measure(corpus: str, folder: Path) -> Figures:
        measured.append(corpus)
        return AT_BOUNDS[corpus]

    assert eval_gate.run_gate(baseline, corpora, measure=measure) == 2
    err = capsys.readouterr().err
    assert "pan: its 1 files are not the data the floors were measured on" in err
    assert measured == ["msrp"]  # floors are never compared with figures of other data


def test_missing_or_unreadable_corpus_is_exit_2(
    baseline: Path, corpora: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (corpora / "msrp" / "pairs.txt").unlink()
    (corpora / "msrp").rmdir()
    assert _gate(baseline, corpora, AT_BOUNDS) == 2
    assert "msrp: not found" in capsys.readouterr().err

    def unreadable(corpus: str, folder: Path) -> Figures:
        raise evaluate.CorpusError(f"{folder}: not a readable {corpus} folder")

    assert eval_gate.run_gate(baseline, corpora, measure=unreadable) == 2
    assert eval_gate.run_gate(baseline.with_name("absent.json"), corpora) == 2


def test_a_corpus_is_read_from_the_folder_evaluate_names(tmp_path: Path, corpora: Path) -> None:
    # "credits" reads the folder holding the corpora (benchmarks.evaluate.FOLDERS), not corpora/credits.
    assert evaluate.FOLDERS["credits"] == "."
    digest, count = eval_gate.corpus_digest(corpora)
    path = tmp_path / "credits.json"
    entry = {"digest": digest, "files": count, "floors": {"credit_recall": 0.9}, "ceilings": {}}
    path.write_text(json.dumps({"corpora": {"credits": entry}}), encoding="utf-8")
    read: list[Path] = []

    def measure(corpus: str, folder: Path) -> Figures:
        read.append(folder)
        return {"credit_recall": 0.95}

    assert eval_gate.run_gate(path, corpora, measure=measure) == 0
    assert [p.resolve() for p in read] == [corpora.resolve()]


def test_digest_follows_names_and_content_not_creation_order(tmp_path: Path) -> None:
    def folder(name: str, files: dict[str, str]) -> Path:
        for rel, text in files.items():
            (tmp_path / name / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name / rel).write_text(text, encoding="utf-8")
        return tmp_path / name

    one = folder("one", {"a.txt": "x", "d/b.txt": "y"})
    two = folder("two", {"d/b.txt": "y", "a.txt": "x"})
    digest, count = eval_gate.corpus_digest(one)
    assert eval_gate.corpus_digest(two) == (digest, count) and count == 2
    assert eval_gate.corpus_digest(folder("renamed", {"c.txt": "x", "d/b.txt": "y"}))[0] != digest
    assert eval_gate.corpus_digest(folder("edited", {"a.txt": "z", "d/b.txt": "y"}))[0] != digest


def test_committed_baseline_bounds_every_target_figure_the_right_way() -> None:
    baseline = eval_gate.load_baseline(eval_gate.BASELINE)
    assert set(baseline["corpora"]) == set(evaluate.EVALUATORS)
    for corpus, goals in evaluate.GOALS.items():
        entry = baseline["corpora"][corpus]
        assert entry["digest"].startswith("sha256:") and entry["files"] > 0
        for figure, op, _ in goals:
            assert figure in entry["floors" if op == "≥" else "ceilings"], (corpus, figure)


@pytest.mark.slow
def test_gate_holds_on_the_real_corpora(capsys: pytest.CaptureFixture[str]) -> None:
    if not evaluate.CORPORA.is_dir():
        pytest.skip(f"{evaluate.CORPORA}: the evaluation corpora are not here")
    assert eval_gate.main([]) == 0, capsys.readouterr().err
