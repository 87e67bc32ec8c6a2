"""The evaluation gate: each corpus's headline figures must hold the floors they reached before.

Run (from the repository root)::

    python -m benchmarks.eval_gate [--corpora ../shared/corpora] [--baseline FILE] [--raise-floors]

``benchmarks/eval_baseline.json`` holds, per corpus, a floor for each headline figure (a ceiling for a
figure where lower is better, such as PAN-13's granularity) and a digest of the corpus folder's files,
so a floor is only ever compared with figures of the data it was measured on. The gate runs
``benchmarks.evaluate`` on every corpus of the baseline, prints one table and exits

* 0 when every figure holds its bound,
* 1 when a figure falls below its floor or rises above its ceiling (or is missing),
* 2 when a corpus folder is missing or unreadable, or its files no longer match the digest.

``--raise-floors`` writes improved figures back as the new bounds. It never lowers one: when a figure
fails, nothing is written and the gate says so; a bound is lowered only by editing the baseline by
hand, with the reason in the commit body.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from tabulate import tabulate

from benchmarks import evaluate
from provenance.io.atomic import write_atomic

__all__ = [
    "BASELINE",
    "Bound",
    "Row",
    "check_figures",
    "corpus_digest",
    "load_baseline",
    "main",
    "raise_bounds",
    "run_gate",
]

BASELINE = Path(__file__).resolve().parent / "eval_baseline.json"
"""The committed floors and ceilings, with the digest of the data each corpus's were measured on."""

Measure = Callable[[str, Path], evaluate.Figures]
"""Figures of one corpus folder (``evaluate.run`` in use; fabricated in the tests)."""


@dataclass(frozen=True)
class Bound:
    """One bound of one figure: a floor (``≥``) or a ceiling (``≤``)."""

    figure: str
    """The figure's name in the corpus evaluator's output."""
    kind: Literal["floor", "ceiling"]
    """``floor`` when higher is better, ``ceiling`` when lower is better."""
    value: float
    """The bound itself."""

    def holds(self, value: object) -> bool:
        """Whether ``value`` (a figure, possibly missing) keeps this bound.

        >>> floor = Bound("f1", "floor", 0.8)
        >>> floor.holds(0.8), floor.holds(0.79), floor.holds(None), Bound("g", "ceiling", 1.05).holds(1.1)
        (True, False, False, False)
        """
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        return value >= self.value if self.kind == "floor" else value <= self.value

    def improved_by(self, value: object) -> bool:
        """Whether ``value`` is strictly better than the bound (so ``--raise-floors`` would move it)."""
        return self.holds(value) and value != self.value


@dataclass(frozen=True)
class Row:
    """One line of the gate's table."""

    corpus: str
    """The corpus folder's name."""
    bound: Bound
    """The bound checked."""
    value: object
    """The figure measured now (``None`` when the evaluator gave none)."""

    @property
    def status(self) -> str:
        """``ok``, ``better`` (raise the bound with ``--raise-floors``) or ``FAIL``."""
        if not self.bound.holds(self.value):
            return "FAIL"
        return "better" if self.bound.improved_by(self.value) else "ok"


def load_baseline(path: Path) -> dict[str, Any]:
    """The baseline file: ``{"corpora": {NAME: {"digest", "files", "floors", "ceilings"}}}``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("corpora"), dict):
        raise ValueError(f"{path}: no 'corpora' object")
    return data


def _bounds(entry: dict[str, Any]) -> list[Bound]:
    floors = [Bound(name, "floor", value) for name, value in entry.get("floors", {}).items()]
    return floors + [Bound(name, "ceiling", value) for name, value in entry.get("ceilings", {}).items()]


def check_figures(corpus: str, entry: dict[str, Any], figures: evaluate.Figures) -> list[Row]:
    """One row per bound of ``entry`` (a corpus of the baseline), against the measured ``figures``.

    >>> [r.status for r in check_figures("x", {"floors": {"a": 0.5, "b": 0.5}, "ceilings": {"g": 1.1}},
    ...                                  {"a": 0.5, "b": 0.4, "g": 1.0})]
    ['ok', 'FAIL', 'better']
    """
    return [Row(corpus, bound, figures.get(bound.figure)) for bound in _bounds(entry)]


def raise_bounds(baseline: dict[str, Any], rows: Iterable[Row]) -> list[Row]:
    """Move each bound ``rows`` improved on to the measured figure, in ``baseline``; the rows moved.

    Never lowers a floor (nor raises a ceiling): a row that fails its bound is refused with ``ValueError``
    and ``baseline`` is left as it was.
    """
    rows = list(rows)
    failing = [r for r in rows if r.status == "FAIL"]
    if failing:
        named = ", ".join(f"{r.corpus} {r.bound.figure} {r.value} (bound {r.bound.value})" for r in failing)
        raise ValueError(f"refusing to lower a bound: {named}")
    moved = [r for r in rows if r.status == "better"]
    for r in moved:
        baseline["corpora"][r.corpus]["floors" if r.bound.kind == "floor" else "ceilings"][r.bound.figure] = r.value
    return moved


def corpus_digest(folder: Path) -> tuple[str, int]:
    """``sha256:HEX`` of every file under ``folder`` (relative path and content, in path order), and their count."""
    files = sorted((p for p in folder.rglob("*") if p.is_file()), key=lambda p: p.relative_to(folder).as_posix())
    total = hashlib.sha256()
    for path in files:
        content = hashlib.sha256(path.read_bytes()).hexdigest()
        total.update(f"{path.relative_to(folder).as_posix()}\0{content}\n".encode())
    return f"sha256:{total.hexdigest()}", len(files)


def _measure(corpus: str, folder: Path) -> evaluate.Figures:
    return evaluate.run(corpus, folder)


def _say(message: str) -> None:
    print(f"eval-gate: {message}", file=sys.stderr)


def run_gate(
    baseline_path: Path,
    corpora: Path,
    *,
    raise_floors: bool = False,
    measure: Measure = _measure,
) -> int:
    """Check every corpus of the baseline under ``corpora``; print the table; the exit status (0, 1 or 2)."""
    try:
        baseline = load_baseline(baseline_path)
    except (OSError, ValueError) as err:
        _say(f"cannot read the baseline: {err}")
        return 2
    rows: list[Row] = []
    errors = 0
    digests: dict[Path, tuple[str, int]] = {}  # chrome reads the folder article_extraction_benchmark reads
    for corpus, entry in baseline["corpora"].items():
        folder = corpora / evaluate.FOLDERS.get(corpus, corpus)  # "credits" reads the corpora folder itself
        if not folder.is_dir():
            _say(f"{folder}: not found (the gate needs every corpus of {baseline_path.name})")
            errors += 1
            continue
        try:
            if folder not in digests:
                digests[folder] = corpus_digest(folder)
            digest, count = digests[folder]
        except OSError as err:
            _say(f"{folder}: cannot be read ({err})")
            errors += 1
            continue
        if digest != entry.get("digest"):
            _say(
                f"{folder}: its {count} files are not the data the floors were measured on "
                f"(digest {digest}, baseline {entry.get('digest')}); re-measure with "
                f"`python -m benchmarks.evaluate {corpus} {folder} --json` and rewrite its entry by hand"
            )
            errors += 1
            continue
        start = time.perf_counter()
        try:
            figures = measure(corpus, folder)
        except evaluate.CorpusError as err:
            _say(str(err))
            errors += 1
            continue
        _say(f"{corpus}: measured in {time.perf_counter() - start:.1f} s")
        rows += check_figures(corpus, entry, figures)
    table = [
        (r.corpus, r.bound.figure, f"{'≥' if r.bound.kind == 'floor' else '≤'} {r.bound.value}", r.value, r.status)
        for r in rows
    ]
    # Figures as written (1.0, not tabulate's 1), so a row reads like the baseline file.
    headers = ["corpus", "figure", "bound", "now", "status"]
    print(tabulate(table, headers=headers, tablefmt="github", disable_numparse=True))
    failed = [r for r in rows if r.status == "FAIL"]
    if raise_floors and errors:
        _say("not raising: some corpora could not be measured")
    elif raise_floors:
        try:
            moved = raise_bounds(baseline, rows)
        except ValueError as err:
            _say(
                f"{err}; a floor is never lowered (nor a ceiling raised) by --raise-floors: fix the figures, or "
                f"change the bound by hand in {baseline_path.name} with the reason in the commit body"
            )
        else:
            if moved:
                write_atomic(baseline_path, json.dumps(baseline, indent=2, ensure_ascii=False) + "\n")
                _say(
                    f"raised {len(moved)} bound(s) in {baseline_path}: "
                    + ", ".join(f"{r.corpus} {r.bound.figure} {r.bound.value} -> {r.value}" for r in moved)
                )
            else:
                _say("no figure improved; nothing to raise")
    if errors:
        return 2
    if failed:
        _say(f"{len(failed)} figure(s) past their bound: " + ", ".join(f"{r.corpus} {r.bound.figure}" for r in failed))
        return 1
    _say(f"{len(rows)} figures of {len(baseline['corpora'])} corpora hold their bounds")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=evaluate.CORPORA, help="folder holding the corpus folders")
    parser.add_argument("--baseline", type=Path, default=BASELINE, help="the floors file")
    parser.add_argument("--raise-floors", action="store_true", help="write improved figures back as the bounds")
    args = parser.parse_args(argv)
    return run_gate(args.baseline, args.corpora, raise_floors=args.raise_floors)


if __name__ == "__main__":
    sys.exit(main())
