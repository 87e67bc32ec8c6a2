"""The rows an index update reads for a changed corpus folder: its own files, or everything below it.

Run: ``.venv/bin/python -m benchmarks.bench_folder_rows [--folders 40] [--files 500] [--runs 7] [--dir DIR]``.

Writes a nested corpus (``--folders`` sub-folders of ``--files`` articles of :mod:`benchmarks.corpus` each,
and a few articles at the top), indexes it, then adds one article at the top: the top folder's time
changes, so the next ``check`` lists that folder and the update compares the rows stored for it
(:meth:`provenance.index.Index._stored_rows`).  Times, by turns in this process, the rows read for that
folder as the update reads them now and as it read them before (every row below the folder, filtered in
Python: a reference copy of the old query), and prints the rows each returns and reads, and the ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tabulate import tabulate

from benchmarks.corpus import generate, write_folder
from provenance.index import Index
from provenance.index.state import sync
from provenance.settings import Settings

_COLUMNS = "SELECT path, rowid, size, mtime_ns, hash, doc_id FROM docs"


def _subtree_rows(index: Index, folder: str) -> tuple[list[tuple[Any, ...]], int]:
    """The folder's own rows as the update read them before: every row below it, kept by dirname."""
    rows = list(index._conn.execute(f"{_COLUMNS} WHERE path > ? AND path < ?", (f"{folder}/", f"{folder}0")))
    return [r for r in rows if os.path.dirname(r[0].split(":")[0]) == folder], len(rows)


def _current_rows(index: Index, folder: str) -> tuple[list[tuple[Any, ...]], int]:
    """The folder's own rows as the update reads them now, and the rows SQLite returned for them: each
    query after the first was sought past a sub-folder, whose one row it read to find it."""
    queries: list[str] = []
    index._conn.set_trace_callback(queries.append)
    try:
        rows = list(index._stored_rows([], {folder}))
    finally:
        index._conn.set_trace_callback(None)
    return rows, len(rows) + len(queries) - 1


def _time(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _articles(n: int, seed: int, prefix: str) -> Iterator[Any]:
    return generate(n, seed=seed, prefix=prefix, reprint_every=10**9)


def main() -> None:
    """Build the corpus, then time the two ways of reading the changed folder's rows by turns."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folders", type=int, default=40, help="sub-folders of the top folder")
    parser.add_argument("--files", type=int, default=500, help="articles in each sub-folder")
    parser.add_argument("--runs", type=int, default=7, help="timed reads each way (by turns; median shown)")
    parser.add_argument("--dir", help="work folder (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as work:
        corpus = Path(work) / "corpus"
        for k in range(args.folders):
            write_folder(_articles(args.files, k + 1, f"f{k:03d}_"), corpus / f"{k:03d}")
        write_folder(_articles(5, 999, "top"), corpus)
        start = time.perf_counter()
        with Index.open(Path(work) / "index.sqlite", Settings()) as index:
            sync(index, [str(corpus)], full=True)
            built = time.perf_counter() - start
            write_folder(_articles(1, 1000, "new"), corpus)
            top = os.path.realpath(corpus)
            rows_now, read_now = _current_rows(index, top)
            rows_before, read_before = _subtree_rows(index, top)
            assert sorted(rows_now) == sorted(rows_before), "the two ways disagree"
            now, before = [], []
            for _ in range(args.runs):  # by turns: a machine shared with others slows both alike
                now.append(_time(lambda: _current_rows(index, top), 1))
                before.append(_time(lambda: _subtree_rows(index, top), 1))
            done = sync(index, [str(corpus)])
    total = args.folders * args.files + 5
    print(f"{total:,} articles in {args.folders} sub-folders and the top one; indexed in {built:.1f} s")
    print(f"one article added at the top: the check after it brought the index in line ({done.how}, {done.stats})")
    table = [
        ["every row below the folder, kept by dirname (before)", read_before, len(rows_before)],
        ["its own files by ranges of the path index (now)", read_now, len(rows_now)],
    ]
    for row, times in zip(table, (before, now), strict=True):
        row.append(f"{statistics.median(times) * 1e3:.2f}")
    print(tabulate(table, headers=["read", "rows read", "rows kept", "ms (median)"], tablefmt="github"))
    print(f"{statistics.median(before) / statistics.median(now):.1f}x faster")


if __name__ == "__main__":
    main()
