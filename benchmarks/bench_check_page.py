"""What ``check`` costs an HTML page: the page parsed once (its shown lines kept from its extraction) or twice.

Run (from the repository root)::

    python -m benchmarks.bench_check_page [PATH] [--runs 3]

PATH is the article extraction benchmark's DEV folder (``html/*.html.gz``; default
``../shared/corpora/article_extraction_benchmark``).  Every DEV page is unpacked into a temporary folder and an
index of the 90 is built in memory; each page is then loaded and checked against it as ``provenance check``
loads and checks a file (:func:`~provenance.io.load.load_paths`, then
:func:`~provenance.ci.check.check_documents`), two ways by turns in this process:

* ``twice``: loaded without its shown lines, as before: the check reads the page from its file again and
  parses it again (:func:`~provenance.io.formats.shown_text`) for what it shows outside its article;
* ``once``: loaded with them (``shown=True``, as the check loads a file now): the outside is read from the
  lines the extraction's parse gave, the file not read again unless a match needs its line.

Printed: the median page's time each way (load, check, both: the least of ``--runs`` each), the total over the
pages, the ratio (``--cpu``: CPU time, less moved by other work on a shared machine), and whether the two ways
give every page the same checks and the same outside text (they must).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from tabulate import tabulate

from benchmarks import CORPORA
from benchmarks.eval_chrome import unpack
from provenance.ci import check as check_module
from provenance.ci.check import check_documents
from provenance.ci.policy import Policy
from provenance.index import Index
from provenance.index.state import sync
from provenance.io.load import CorpusRules, load_paths
from provenance.pipeline import prepare
from provenance.settings import Settings

DEFAULT = CORPORA / "article_extraction_benchmark"
WAYS = ("twice", "once")


def measure(path: Path, runs: int = 3, clock: Callable[[], float] = time.perf_counter) -> dict[str, object]:
    """The figures of the module's docstring, timed by ``clock``."""
    settings, policy = Settings(), Policy()
    spent: dict[str, dict[str, list[float]]] = {way: {"load": [], "check": [], "both": []} for way in WAYS}
    same = outside_same = 0
    with tempfile.TemporaryDirectory() as tmp, Index.open(":memory:", settings) as index:
        folder = Path(tmp)
        files = [str(f) for _, f in sorted(unpack(path, folder).items())]
        sync(index, [tmp], CorpusRules())
        for file in files:
            least = {way: {"load": float("inf"), "check": float("inf"), "both": float("inf")} for way in WAYS}
            results = {}
            for _ in range(runs):
                for way in WAYS:
                    start = clock()
                    docs, _ = load_paths([file], links=False, shown=way == "once")
                    loaded = clock()
                    checks = check_documents(docs, index, settings, policy)
                    done = clock()
                    for part, ms in (("load", loaded - start), ("check", done - loaded), ("both", done - start)):
                        least[way][part] = min(least[way][part], 1000 * ms)
                    around = check_module._outside(prepare(docs[0], settings), settings)
                    results[way] = (checks, None if around is None else around.text.text)
            for way in WAYS:
                for part, ms in least[way].items():
                    spent[way][part].append(ms)
            same += results["twice"][0] == results["once"][0]
            outside_same += results["twice"][1] == results["once"][1]
    figures: dict[str, object] = {"pages": len(spent["once"]["both"])}
    for way in WAYS:
        for part in ("load", "check", "both"):
            figures[f"{part}_ms_median_{way}"] = round(statistics.median(spent[way][part]), 1)
        figures[f"both_ms_total_{way}"] = round(sum(spent[way]["both"]), 1)
    figures["check_ms_saved_median"] = round(
        statistics.median(t - o for t, o in zip(spent["twice"]["check"], spent["once"]["check"], strict=True)), 1
    )
    figures["ratio_once_to_twice_total"] = round(sum(spent["once"]["both"]) / sum(spent["twice"]["both"]), 3)
    figures["pages_same_checks"] = same
    figures["pages_same_outside_text"] = outside_same
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT), help="the benchmark's DEV folder")
    parser.add_argument("--runs", type=int, default=3, help="timed loads and checks of each page each way")
    parser.add_argument("--cpu", action="store_true", help="time CPU (time.process_time), not wall time")
    args = parser.parse_args(argv)
    clock = time.process_time if args.cpu else time.perf_counter
    print(tabulate(measure(Path(args.path), args.runs, clock).items(), headers=["figure", "value"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
