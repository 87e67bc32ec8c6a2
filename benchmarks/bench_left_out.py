"""What of a checked page's shown lines its article text leaves out (``_left_out``), now and in an older package.

Run (from the repository root)::

    python -m benchmarks.bench_left_out --baseline DIR [PATH] [--runs 5]

PATH is the article extraction benchmark's DEV folder (default ``../shared/corpora/article_extraction_benchmark``);
``--baseline DIR`` holds an older ``provenance`` package (``git archive COMMIT provenance | tar -x -C DIR``, the
compiled ``_core`` copied beside it).  Each DEV page is extracted once with its shown lines
(``extract_page(html, shown=True)``); then each package reads what of those lines the article text leaves out,
by turns: :meth:`ShownText.of <provenance.io.formats.ShownText.of>` (the article text indexed, every line looked
up) and the lines' lookup alone (the index built before).  Printed: the median page and the total over the
pages each way (the least of ``--runs``), the ratio, and whether both give every page the same parts.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tabulate import tabulate

from benchmarks import CORPORA, import_baseline
from benchmarks.eval_extraction import pages
from provenance.io.formats import DecodeError, extract_page

DEFAULT = CORPORA / "article_extraction_benchmark"


def _least(work: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """The least time of ``runs`` calls of ``work`` (ms), and what it gave."""
    best, out = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        out = work()
        best = min(best, 1000 * (time.perf_counter() - start))
    return best, out


def _parts(left_out: Callable[[str, Any], str], lines: Sequence[str], kept: Any) -> list[str]:
    return [left_out(line, kept) for line in lines]


def measure(path: Path, baseline: str, runs: int = 5) -> dict[str, object]:
    """The figures of the module's docstring."""
    packages = {
        "before": importlib.import_module(f"{baseline}.io.formats"),
        "now": importlib.import_module("provenance.io.formats"),
    }
    read = []
    for page in pages(path):
        try:
            found = extract_page(page.html, shown=True)
        except DecodeError:
            continue
        assert found.shown is not None
        read.append((found.shown, found.text))
    spent: dict[str, dict[str, list[float]]] = {way: {"of": [], "lookup": []} for way in packages}
    same = 0
    for page_lines, text in read:
        parts = {}
        lines = page_lines.lines
        for way, formats in packages.items():
            given = page_lines if hasattr(formats, "ShownLines") else lines  # an older package takes the lines
            ms, shown = _least(functools.partial(formats.ShownText.of, given, text), runs)
            spent[way]["of"].append(ms)
            assert shown.lines == lines
            kept = formats._Voter(text)
            ms, parts[way] = _least(functools.partial(_parts, formats._left_out, lines, kept), runs)
            spent[way]["lookup"].append(ms)
        same += parts["now"] == parts["before"]
    figures: dict[str, object] = {"pages": len(read), "lines": sum(len(shown.lines) for shown, _ in read)}
    for part in ("of", "lookup"):
        for way in ("before", "now"):
            figures[f"{part}_ms_median_{way}"] = round(statistics.median(spent[way][part]), 2)
            figures[f"{part}_ms_total_{way}"] = round(sum(spent[way][part]), 1)
        figures[f"{part}_ratio_now_to_before"] = round(sum(spent["now"][part]) / sum(spent["before"][part]), 3)
    figures["pages_same_parts"] = same
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT), help="the benchmark's DEV folder")
    parser.add_argument("--baseline", type=Path, required=True, help="a folder holding an older provenance package")
    parser.add_argument("--runs", type=int, default=5, help="timed reads of each page each way (the least kept)")
    args = parser.parse_args(argv)
    figures = measure(Path(args.path), import_baseline(args.baseline), args.runs)
    print(tabulate(figures.items(), headers=["figure", "value"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
