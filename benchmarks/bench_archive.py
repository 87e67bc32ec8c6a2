"""The archive scan at scale: `provenance scan FOLDER --archive` of a `corpus` folder, timed, its peak
memory read, and its pairs scored against the injected reprints.

    python -m benchmarks.bench_archive --folder DIR --truth T1.jsonl [--truth T2.jsonl ...] --jobs 2
    python -m benchmarks.bench_archive --n 20000          # generates the corpus in a temporary folder

The run is one `provenance scan --archive` in a child process (:mod:`.peak`): the index built or brought up
to date, the key join, every candidate verified, `pairs.jsonl` and the summaries written. Scored: the share
of injected reprints found (by band of share reused), and the pairs found outside every reprint tree of the
truth (two articles no chain of reprints links: unrelated text reported as reuse).
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from collections import defaultdict
from pathlib import Path

from .corpus import Reprint, Truth, generate, read_truth, write_folder, write_truth
from .peak import index_files, run_cli


def _trees(reprints: list[Reprint]) -> dict[str, str]:
    """Article → the first article of its reprint tree (union of every reprint with its source)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in reprints:
        a, b = find(r.id), find(r.source)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {x: find(x) for x in parent}


def score(pairs_file: Path, reprints: list[Reprint]) -> dict[str, object]:
    """Recall of the injected reprints by share band, and pairs found outside every reprint tree."""
    found: set[tuple[str, str]] = set()
    with pairs_file.open(encoding="utf-8") as fh:
        for line in fh:
            pair = json.loads(line)
            found.add((min(pair["a"], pair["b"]), max(pair["a"], pair["b"])))
    tree = _trees(reprints)
    bands: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in reprints:
        band = "share >= 0.3" if r.share >= 0.3 else "share 0.1-0.3" if r.share >= 0.1 else "share < 0.1"
        bands[band][1] += 1
        bands[band][0] += (min(r.id, r.source), max(r.id, r.source)) in found
    outside = sum(1 for a, b in found if tree.get(a, a) != tree.get(b, b))
    return {
        "pairs": len(found),
        "recall": {band: f"{hit}/{total} ({hit / max(1, total):.4f})" for band, (hit, total) in sorted(bands.items())},
        "pairs outside every reprint tree": outside,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folder", type=Path, help="a corpus.py folder (default: generate --n articles)")
    parser.add_argument("--truth", type=Path, action="append", default=[], help="its reprints (repeatable)")
    parser.add_argument("--n", type=int, default=20_000, help="articles to generate without --folder")
    parser.add_argument("--reprint-every", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, help="output folder (default: a temporary one)")
    parser.add_argument("--index", type=Path, help="index file (default: one in the output folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = args.folder
        truths = list(args.truth)
        if folder is None:
            truth = Truth()
            folder = work / "corpus"
            write_folder(generate(args.n, reprint_every=args.reprint_every, truth=truth), folder)
            write_truth(truth.reprints, work / "truth.jsonl")
            truths = [work / "truth.jsonl"]
        out = args.out or work / "out"
        index = args.index or out / "index.sqlite"
        cli = ["scan", str(folder), "--archive", "--jobs", str(args.jobs), "--out", str(out), "--index", str(index)]
        run = run_cli(cli, cwd=folder.parent)
        if run.returncode != 0:
            raise SystemExit(f"provenance {' '.join(cli)}: exit {run.returncode}: {run.stderr.strip()[-500:]}")
        stages = re.search(r"index ([\d.]+) s, pairs ([\d.]+) s", run.stdout)
        reprints = [r for t in truths for r in read_truth(t)]
        size = sum(f.stat().st_size for f in index_files(index))
        print(f"`provenance {' '.join(cli)}`")
        print("| measure | value |\n| --- | --- |")
        print(f"| wall time, end to end | {run.seconds:.1f} s |")
        if stages:
            print(f"| of which the index (build or update) | {float(stages[1]):.1f} s |")
            print(f"| of which the key join, verification and outputs | {float(stages[2]):.1f} s |")
        print(
            f"| peak memory (RSS): the scan / its largest worker | {run.peak_kib / 1024:,.0f} / "
            f"{run.workers_kib / 1024:,.0f} MiB |"
        )
        print(f"| index size | {size / 2**20:,.0f} MiB |")
        print(f"| pairs.jsonl | {(out / 'pairs.jsonl').stat().st_size / 2**20:,.1f} MiB |")
        for key, value in score(out / "pairs.jsonl", reprints).items():
            if isinstance(value, dict):
                for band, figure in value.items():
                    print(f"| injected reprints found, {band} | {figure} |")
            else:
                print(f"| {key} | {value:,} |" if isinstance(value, int) else f"| {key} | {value} |")
        print(run.stdout.strip())


if __name__ == "__main__":
    main()
