"""The Spark engine beside the local engine on a generated corpus: time and parity.

Run: ``.venv/bin/python -m benchmarks.bench_spark [--n 10000] [--master 'local[2]'] [--dir DIR]``.

Generates ``--n`` articles of :mod:`corpus` (through :func:`bench_index.generate`; one in
``--reprint-every`` an edited partial reprint of an earlier one) unless ``--dir``'s ``corpus`` folder holds
some already, scans the folder with the local engine (``provenance scan --jobs``, a process of its own) and
with the Spark engine (``scan_spark`` on ``--master``; the JVM start is timed apart), and prints
the times, the candidate and reuse pair counts and whether the two ``provenance.json`` (and
``provenance.md``) are byte-identical.
"""

from __future__ import annotations

import argparse
import difflib
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

from tabulate import tabulate

from benchmarks.bench_index import generate
from benchmarks.peak import run_cli
from provenance.report import render_json, render_markdown, result_to_dict
from provenance.settings import Settings
from provenance.spark import scan_spark, spark_session


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000, help="articles to generate")
    parser.add_argument("--reprint-every", type=int, default=500)
    parser.add_argument("--master", default="local[2]", help="Spark master URL")
    parser.add_argument(
        "--driver-memory", help="spark.driver.memory (default: the engine's, half of this machine's memory)"
    )
    parser.add_argument("--skip-local", action="store_true", help="time only the Spark engine")
    parser.add_argument("--jobs", type=int, default=2, help="processes of the local engine (scan --jobs)")
    parser.add_argument(
        "--shuffle-partitions", type=int, help="spark.sql.shuffle.partitions (the engine sets 8 for local masters)"
    )
    parser.add_argument("--dir", help="work folder (default: a temporary one, removed afterwards)")
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.dir or tmp)
        corpus = work / "corpus"
        corpus.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        if not any(corpus.iterdir()):
            generate(corpus, args.n, reprint_every=args.reprint_every)
        t_gen = time.perf_counter() - start
        # A --dir holding a corpus already is scanned as it is, whatever --n says.
        articles = sum(1 for f in corpus.iterdir() if f.suffix == ".txt")
        rows: list[tuple[str, str]] = [("articles", f"{articles:,}"), ("generate", f"{t_gen:.1f} s")]

        local: tuple[str, str] | None = None
        if not args.skip_local:
            # The local engine as a user runs it, in its own process: its memory is measured
            # alone and handed back to the system before the Spark driver starts.
            out = work / "local"
            scanned = run_cli(
                ["scan", str(corpus), "--out", str(out), "--format", "json,markdown", "--jobs", str(args.jobs), "-q"],
                check=True,
            )
            rows.append(
                (
                    f"local engine (provenance scan --jobs {args.jobs})",
                    f"{scanned.seconds:.1f} s ({articles / scanned.seconds:,.0f} articles/s)",
                )
            )
            rows.append(
                (
                    "local engine: peak memory (RSS), main process / largest worker (with pages shared with the main)",
                    f"{scanned.peak_kib / 1024:,.0f} MiB / {scanned.workers_kib / 1024:,.0f} MiB",
                )
            )
            local = (
                (out / "provenance.json").read_text(encoding="utf-8"),
                (out / "provenance.md").read_text(encoding="utf-8"),
            )

        start = time.perf_counter()
        conf = {"spark.driver.memory": args.driver_memory} if args.driver_memory else {}
        if args.shuffle_partitions:
            conf["spark.sql.shuffle.partitions"] = str(args.shuffle_partitions)
        session = spark_session(args.master, conf=conf)
        t_start = time.perf_counter() - start
        stages: list[tuple[str, float]] = []
        start = time.perf_counter()
        result = scan_spark(
            str(corpus),
            settings,
            spark=session,
            parquet_dir=str(work / "pairs.parquet"),
            parquet=True,
            progress=lambda message: stages.append((message, time.perf_counter() - start)),
        )
        t_spark = time.perf_counter() - start
        session.stop()
        rows.append((f"Spark engine ({args.master}): JVM start", f"{t_start:.1f} s"))
        rows.append((f"Spark engine ({args.master}): scan", f"{t_spark:.1f} s ({articles / t_spark:,.0f} articles/s)"))
        rows += [(f"  at {message}", f"{at:.1f} s") for message, at in stages]
        rows.append(("candidate pairs / reuse pairs (Spark)", f"{result.candidates:,} / {len(result.pairs):,}"))
        if local is not None:
            local_json, local_md = local
            report = json.loads(local_json)
            rows.append(
                ("candidate pairs / reuse pairs (local)", f"{report['candidates']:,} / {len(report['pairs']):,}")
            )
            spark_json = render_json(result_to_dict(result))
            same_json, same_md = spark_json == local_json, render_markdown(result) == local_md
            rows.append(("provenance.json / .md byte-identical", f"{same_json} / {same_md}"))
            if not same_json:
                lines = difflib.unified_diff(local_json.splitlines(), spark_json.splitlines(), "local", "spark", n=1)
                print("\n".join(itertools.islice(lines, 40)), file=sys.stderr)
        print(tabulate(rows, headers=["measure", "value"]))


if __name__ == "__main__":
    main()
