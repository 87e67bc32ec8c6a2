"""``check`` of one long text that reprints nothing, against an index, now and in a baseline package.

Run: ``.venv/bin/python -m benchmarks.bench_check_long --baseline DIR [--articles 400] [--turns 5]
[--with-seeds] [--cpu]``.

The index holds ``--articles`` synthetic articles (:mod:`benchmarks.corpus`); the checked texts are the
seeds' text repeated to 10 kB, 100 kB and 1 MB (real news text: typographic quotes and dashes, which the
text folding reads on its slow path), so no candidate is verified and the time is the text's own: read,
prepared, signed, looked up.  With ``--with-seeds`` the seeds are indexed too: the long text then reprints
them, and their candidates are verified (alignment, changes, credits) as a long copy's are.
``--baseline DIR`` holds an older ``provenance`` package (``git archive COMMIT provenance | tar -x -C DIR``,
the compiled ``_core`` copied beside it); the two check the same text by turns and each gives its median.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
from pathlib import Path

from tabulate import tabulate

from benchmarks import import_baseline
from benchmarks.bench_index import _checker
from benchmarks.corpus import generate, write_folder
from provenance.index import Index, corpus_files
from provenance.settings import Settings

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, required=True, help="a folder holding an older provenance package")
    parser.add_argument("--articles", type=int, default=400, help="synthetic articles in the index")
    parser.add_argument("--turns", type=int, default=5, help="checks of each text by each package")
    parser.add_argument("--cpu", action="store_true", help="time CPU (time.process_time), not wall time")
    parser.add_argument(
        "--with-seeds", action="store_true", help="index the seeds too: the long text reprints them (verified)"
    )
    args = parser.parse_args()
    baseline = import_baseline(args.baseline)
    seeds = "\n\n".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))
    rows = []
    with tempfile.TemporaryDirectory() as work, contextlib.ExitStack() as stack:
        folder = Path(work) / "corpus"
        folder.mkdir()
        write_folder(generate(args.articles, seed=3, reprint_every=50), folder)
        if args.with_seeds:
            for seed in sorted(SEEDS.glob("*.txt")):
                (folder / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
        db = Path(work) / "index.db"
        with Index.open(db, Settings()) as index:
            index.update(corpus_files([folder]))
        clock = time.process_time if args.cpu else time.perf_counter
        now, before = _checker("provenance", db, stack, clock), _checker(baseline, db, stack, clock)
        for size in (10_000, 100_000, 1_000_000):
            path = Path(work) / f"long{size}.txt"
            path.write_text((seeds * (size // len(seeds) + 1))[:size], encoding="utf-8")
            times: tuple[list[float], list[float]] = ([], [])
            for turn in range(args.turns):
                for checker, into in ((now, times[0]), (before, times[1]))[:: 1 if turn % 2 else -1]:
                    into.append(checker(path)[0])
            a, b = statistics.median(times[0]), statistics.median(times[1])
            rows.append([f"{size:,} characters", f"{a:.1f} ms", f"{b:.1f} ms", f"{a / b:.2f}x"])
    print(tabulate(rows, headers=["checked text", "check, now", "check, baseline", "now / baseline"]))


if __name__ == "__main__":
    main()
