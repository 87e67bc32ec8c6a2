"""The persistent index at scale: build, re-index unchanged, check one article.

Run: ``.venv/bin/python -m benchmarks.bench_index [--n 100000] [--queries 200] [--dir DIR]``.

Generates ``--n`` synthetic articles with :func:`corpus.generate` (seeded,
deterministic; one article in ``--reprint-every`` an edited partial reprint).  Then times building the index,
re-indexing the unchanged corpus, and checking single articles against the
open index (signature, index key lookup, verification of candidates and
verdict), and prints a table.  Then what a one-shot ``provenance check`` pays
before its first answer, by turns: opening the index and looking up one
article's keys with the segments sealed (as written: :mod:`provenance.index.segments`)
and with their seals dropped (every key read to check the order: what every
open did before), and the refresh of the corpus by its recorded listing
(:func:`provenance.index.state.sync`: folders stat'ed) against listing and
comparing every file (``--refresh``: what every check did before), and the refresh after one article
is added to the corpus's folder (the first check or gate after a pull request: the folder listed again and
every file of it compared with the index).

``--baseline DIR``: a folder holding an older ``provenance`` package (``git archive COMMIT provenance
| tar -x -C DIR``, with the compiled ``_core`` copied beside it), whose ``check_documents`` checks the
same articles against the same index in this process, the two alternating article by article for
``--turns`` turns (each article's median of its turns counts), so that a load on the machine weighs on
both; the table gives both latencies, their ratio and how many results are identical.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import importlib
import importlib.util
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from tabulate import tabulate

from benchmarks import import_baseline
from benchmarks.corpus import Truth, read_truth, write_folder
from benchmarks.corpus import generate as generate_articles
from benchmarks.peak import index_files, p99
from provenance.index import Index, corpus_files
from provenance.index.state import sync
from provenance.io.load import load_file
from provenance.settings import Settings


def generate(folder: Path, n: int, *, seed: int = 7, reprint_every: int = 500) -> list[str]:
    """Write ``n`` articles of :mod:`corpus` into ``folder``; return the ids of the reprints."""
    truth = Truth()
    write_folder(generate_articles(n, seed=seed, reprint_every=reprint_every, truth=truth), folder)
    return sorted(r.id for r in truth.reprints)


Checker = Callable[[Path], tuple[float, Any]]
"""Check one article file against the open index: milliseconds taken and the ``FileCheck``."""


def _checker(
    package: str, db: Path, stack: contextlib.ExitStack, clock: Callable[[], float] = time.perf_counter
) -> Checker:
    """A :data:`Checker` with ``package``'s ``check_documents`` and its index open on ``db`` (closed by ``stack``),
    timed by ``clock`` (``time.process_time``: CPU time, the steadier figure on a loaded machine)."""
    ci = importlib.import_module(f"{package}.ci")
    load_article = importlib.import_module(f"{package}.io.load").load_file
    settings = importlib.import_module(f"{package}.settings").Settings()
    policy = ci.Policy()
    index = stack.enter_context(importlib.import_module(f"{package}.index").Index.open(db, settings))

    def check(path: Path) -> tuple[float, Any]:
        doc = load_article(path)
        start = clock()
        (result,) = ci.check_documents([doc], index, settings, policy)
        return (clock() - start) * 1000, result

    return check


def _checks(checkers: dict[str, Checker], paths: list[Path], turns: int) -> dict[str, tuple[list[float], list[Any]]]:
    """Each article checked by each checker, by turns (who goes first alternates); per checker the
    median milliseconds of each article over the turns, and its results."""
    times: dict[str, list[list[float]]] = {name: [[] for _ in paths] for name in checkers}
    results: dict[str, list[Any]] = {name: [None] * len(paths) for name in checkers}
    for turn in range(turns):
        for n, path in enumerate(paths):
            for name in list(checkers)[:: 1 if (n + turn) % 2 == 0 else -1]:
                ms, results[name][n] = checkers[name](path)
                times[name][n].append(ms)
    return {name: ([statistics.median(t) for t in times[name]], results[name]) for name in checkers}


def _first_lookups(db: Path, settings: Settings, article: Path, turns: int) -> list[tuple[str, str]]:
    """Open the index and look one article up, by turns sealed and with the seals dropped (p50 ms)."""
    from provenance.pipeline import prepare, sign

    signature = sign(prepare(load_file(article), settings), settings)
    times: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(turns):
        for sealed in (True, False):
            with Index.open(db, settings) as index:
                seals = [
                    (k, v) for k, v in index._conn.execute("SELECT key, value FROM meta WHERE key LIKE 'segment:%'")
                ]
                if not sealed:
                    index._conn.execute("DELETE FROM meta WHERE key LIKE 'segment:%'")
                start = time.perf_counter()
                index.candidates(signature)
                times[sealed].append((time.perf_counter() - start) * 1000)
                index._conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", seals)
    ratio = statistics.median(times[False]) / statistics.median(times[True])
    return [
        ("open + first lookup, segments sealed, p50", f"{statistics.median(times[True]):.1f} ms"),
        ("open + first lookup, every key read, p50", f"{statistics.median(times[False]):.1f} ms ({ratio:.1f}x)"),
    ]


def _refreshes(db: Path, settings: Settings, corpus: Path, turns: int) -> list[tuple[str, str]]:
    """The refresh before a check, by turns: by the recorded listing, and listing and comparing every file."""
    with Index.open(db, settings) as index:
        sync(index, [corpus], full=True)  # records the listing
    times: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(turns):
        for full in (False, True):
            with Index.open(db, settings) as index:
                start = time.perf_counter()
                done = sync(index, [corpus], full=full)
                times[full].append((time.perf_counter() - start) * 1000)
                assert done.how == ("full" if full else "recorded")
    ratio = statistics.median(times[True]) / statistics.median(times[False])
    return [
        ("refresh by the recorded listing (default), p50", f"{statistics.median(times[False]):.1f} ms"),
        ("refresh listing every file (--refresh), p50", f"{statistics.median(times[True]):.0f} ms ({ratio:,.0f}x)"),
    ]


def _added_refreshes(db: Path, packages: dict[str, str], corpus: Path, turns: int) -> list[tuple[str, str]]:
    """The refresh after one article is added to the corpus (the first check or gate after a pull request:
    its folder listed again and every file of it compared with the index), by turns of each package's
    :func:`sync`, in wall and CPU milliseconds (the CPU time is the steadier on a shared machine); the
    article is removed again, untimed, after each."""
    new = corpus / "zz-bench-added.txt"
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in packages}
    for _ in range(turns):
        for name, package in packages.items():
            index_cls = importlib.import_module(f"{package}.index").Index
            sync_of = importlib.import_module(f"{package}.index.state").sync
            settings = importlib.import_module(f"{package}.settings").Settings()
            with index_cls.open(db, settings) as index:
                sync_of(index, [corpus])  # the listing recorded, the corpus as it was
                new.write_text("A new article of the pull request. It says what nobody said before.\n", "utf-8")
                start, cpu = time.perf_counter(), time.process_time()
                done = sync_of(index, [corpus])
                times[name].append(((time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000))
                assert done.how == "folders" and done.stats.added == 1, done
                new.unlink()
                sync_of(index, [corpus])
    wall, cpu = (statistics.median(t[i] for t in times["now"]) for i in (0, 1))
    rows = [("refresh after one article added to its folder, p50", f"{wall:.0f} ms ({cpu:.0f} ms CPU)")]
    if "baseline" in times:
        old_wall, old_cpu = (statistics.median(t[i] for t in times["baseline"]) for i in (0, 1))
        rows.append(("baseline: refresh after one article added, p50", _ratio(wall, old_wall)))
        rows.append(("baseline: the same in CPU time, p50", _ratio(cpu, old_cpu)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000, help="articles to generate")
    parser.add_argument("--queries", type=int, default=200, help="articles checked against the open index")
    parser.add_argument("--reprint-every", type=int, default=500)
    parser.add_argument("--dir", help="work folder (default: a temporary one, removed afterwards)")
    parser.add_argument("--index", help="with --from: an index of it built beforehand (no build timed)")
    parser.add_argument("--truth", help="with --from: its reprints (corpus.py --truth), checked among the queries")
    parser.add_argument("--from", dest="source", help="index this corpus.py folder (of --n articles) as it is")
    parser.add_argument("--turns", type=int, default=5, help="turns of the open, refresh and baseline comparisons")
    parser.add_argument("--baseline", type=Path, help="a folder holding an older provenance package")
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.dir or tmp)
        corpus = Path(args.source) if args.source else work / "corpus"
        corpus.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        # A corpus generated once (--from): its reprints from --truth (corpus.py --truth), if given.
        if args.source:
            reprints = [r.id for r in read_truth(args.truth)] if args.truth else []
        else:
            reprints = generate(corpus, args.n, reprint_every=args.reprint_every)
        t_gen = time.perf_counter() - start
        db = Path(args.index) if args.index else work / "index.sqlite"
        files = corpus_files([corpus])
        t_build = t_again = float("nan")
        if not args.index:  # else built beforehand (`provenance index FOLDER --jobs 2`, timed there)
            start = time.perf_counter()
            with Index.open(db, settings, rebuild=True) as index:
                index.update(files)
            t_build = time.perf_counter() - start
            start = time.perf_counter()
            with Index.open(db, settings) as index:
                stats = index.update(files)
            t_again = time.perf_counter() - start
            assert stats.unchanged == len(files)
        rng = np.random.default_rng(1)
        ids = sorted(p.stem for p in corpus.glob("*.txt"))
        if args.truth:  # half of the queries reprints, sampled
            reprints = sorted(rng.choice(reprints, min(len(reprints), args.queries // 2), replace=False).tolist())
        picks = sorted(set(reprints) | {ids[int(i)] for i in rng.integers(0, len(ids), args.queries)})
        picks = picks[: args.queries]
        with contextlib.ExitStack() as stack:
            checkers = {"now": _checker("provenance", db, stack)}
            if args.baseline:
                checkers["baseline"] = _checker(import_baseline(args.baseline), db, stack)
            paths = [corpus / f"{doc_id}.txt" for doc_id in picks]
            checked = _checks(checkers, paths, args.turns if args.baseline else 1)
        latencies, results = checked["now"]
        failing = sum(result.verdict == "fail" for result in results)
        compared = []
        if args.baseline:
            old, old_results = checked["baseline"]
            same = sum(
                dataclasses.asdict(a) == dataclasses.asdict(b) for a, b in zip(results, old_results, strict=True)
            )
            compared = [
                ("baseline: check one article, p50", _ratio(statistics.median(latencies), statistics.median(old))),
                ("baseline: check one article, p99", _ratio(p99(latencies), p99(old))),
                ("results identical to the baseline's", f"{same} / {len(results)}"),
            ]
        opened = _first_lookups(db, settings, corpus / f"{picks[0]}.txt", args.turns)
        refreshed = _refreshes(db, settings, corpus, args.turns)
        packages = {"now": "provenance"}
        if args.baseline:
            packages["baseline"] = "provenance_baseline"
        added = _added_refreshes(db, packages, corpus, args.turns)
        # The SQLite file and its key segments (PATH.keys/), which hold most of it.
        size = sum(f.stat().st_size for f in index_files(db)) / 2**20
        reprinted = set(reprints)
        rows = [
            ("articles", f"{args.n:,}"),
            *(
                [("index", f"{args.index} (built beforehand)")]
                if args.index
                else [
                    ("generate", f"{t_gen:.1f} s"),
                    ("build index", f"{t_build:.1f} s ({args.n / t_build:,.0f} articles/s)"),
                    ("re-index unchanged", f"{t_again:.2f} s ({t_again / t_build:.1%} of the build)"),
                ]
            ),
            ("index size", f"{size:,.0f} MiB"),
            ("check one article, p50", f"{statistics.median(latencies):.1f} ms"),
            ("check one article, p99", f"{p99(latencies):.1f} ms"),
            (
                "checked / failing",
                f"{len(latencies)} / {failing} (reprints among them: {len(set(picks) & reprinted)})",
            ),
            *compared,
            *opened,
            *refreshed,
            *added,
        ]
        print(tabulate(rows, headers=["measure", "value"]))


def _ratio(now: float, before: float) -> str:
    return f"{before:.1f} ms (now {now / before:.2f}x its time)"


if __name__ == "__main__":
    main()
