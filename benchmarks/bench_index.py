"""The persistent index at scale: build, re-index unchanged, check one article.

Run: ``.venv/bin/python -m benchmarks.bench_index [--n 100000] [--queries 200] [--dir DIR]``.

Generates ``--n`` synthetic articles with :func:`corpus.generate` (seeded,
deterministic; one article in ``--reprint-every`` an edited partial reprint).  Then times building the index,
re-indexing the unchanged corpus, and checking single articles against the
open index (signature, index key lookup, verification of candidates and
verdict), and prints a table.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from tabulate import tabulate

from benchmarks.corpus import Truth, write_folder
from benchmarks.corpus import generate as generate_articles
from benchmarks.peak import index_files, p99
from provenance.ci import Policy, check_documents
from provenance.index import Index, corpus_files
from provenance.io.load import load_file
from provenance.settings import Settings


def generate(folder: Path, n: int, *, seed: int = 7, reprint_every: int = 500) -> list[str]:
    """Write ``n`` articles of :mod:`corpus` into ``folder``; return the ids of the reprints."""
    truth = Truth()
    write_folder(generate_articles(n, seed=seed, reprint_every=reprint_every, truth=truth), folder)
    return sorted(r.id for r in truth.reprints)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000, help="articles to generate")
    parser.add_argument("--queries", type=int, default=200, help="articles checked against the open index")
    parser.add_argument("--reprint-every", type=int, default=500)
    parser.add_argument("--dir", help="work folder (default: a temporary one, removed afterwards)")
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.dir or tmp)
        corpus = work / "corpus"
        corpus.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        reprints = generate(corpus, args.n, reprint_every=args.reprint_every)
        t_gen = time.perf_counter() - start
        db = work / "index.sqlite"
        files = corpus_files([corpus])
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
        picks = sorted(set(reprints) | {ids[int(i)] for i in rng.integers(0, args.n, args.queries)})
        picks = picks[: args.queries]
        latencies: list[float] = []
        failing = 0
        policy = Policy()
        with Index.open(db, settings) as index:
            for doc_id in picks:
                doc = load_file(corpus / f"{doc_id}.txt")
                start = time.perf_counter()
                (result,) = check_documents([doc], index, settings, policy)
                latencies.append((time.perf_counter() - start) * 1000)
                failing += result.verdict == "fail"
        # The SQLite file and its key segments (PATH.keys/), which hold most of it.
        size = sum(f.stat().st_size for f in index_files(db)) / 2**20
        reprinted = set(reprints)
        rows = [
            ("articles", f"{args.n:,}"),
            ("generate", f"{t_gen:.1f} s"),
            ("build index", f"{t_build:.1f} s ({args.n / t_build:,.0f} articles/s)"),
            ("re-index unchanged", f"{t_again:.2f} s ({t_again / t_build:.1%} of the build)"),
            ("index size", f"{size:,.0f} MiB"),
            ("check one article, p50", f"{statistics.median(latencies):.1f} ms"),
            ("check one article, p99", f"{p99(latencies):.1f} ms"),
            (
                "checked / failing",
                f"{len(latencies)} / {failing} (reprints among them: {len(set(picks) & reprinted)})",
            ),
        ]
        print(tabulate(rows, headers=["measure", "value"]))


if __name__ == "__main__":
    main()
