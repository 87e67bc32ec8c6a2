"""The gate's wall time through the CLI: 10,000 indexed articles, a pull request adding one.

Run: ``.venv/bin/python -m benchmarks.bench_gate [--n 10000] [--runs 10] [--dir DIR]``.

Generates ``--n`` articles of :mod:`benchmarks.corpus` into ``articles/`` of a temporary git repository
(policy ``folder = "articles"``), commits them, builds the index with ``provenance index``, then commits
one new article (an edited reprint of a corpus article: its candidates are verified and it fails) and
times ``provenance gate --base HEAD~1`` in a child process, ``--runs`` times each way:

- *index up to date*: the index as the previous run left it (a developer's machine; a cache hit);
- *after a checkout*: every corpus file's mtime changed first (and git's index refreshed), as a fresh
  ``actions/checkout`` leaves them with a restored index (each file is read and hashed again, none is
  keyed again);
- *no index file*: the index built in memory by the gate itself (what a workflow without the cache does),
  timed ``--cold-runs`` times.

Then, with the index up to date again, the one-shot ``provenance check pr-reprint.txt`` both ways, run by
turns: as it reads the index by default (the listing the index records: no corpus folder listed when none
changed) and with ``--refresh`` (every corpus file listed and compared with the index first: what every
check and gate did before issue 27).  ``--from DIR`` links the first ``--n`` files of a ``corpus.py``
folder instead of generating them (a large corpus generated once).

Prints p50 and p95 of each (p95 by nearest rank), and the ratio of the check's p50 both ways.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tabulate import tabulate

from benchmarks.corpus import generate, write_folder


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _cli(repo: Path, *args: str) -> tuple[float, int]:
    """Wall seconds and exit code of ``provenance ARGS`` run in ``repo`` (a new interpreter each time)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "provenance.cli", *args], cwd=repo, env=env, capture_output=True)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"provenance {' '.join(args)}: exit {done.returncode}\n{done.stderr.decode()}")
    return wall, done.returncode


def _percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile ``q`` (0..100) of ``values``."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def _touch_all(folder: Path) -> None:
    """New mtimes for every file, as a fresh checkout leaves them."""
    now = time.time_ns()
    for n, entry in enumerate(os.scandir(folder)):
        os.utime(entry.path, ns=(now + n, now + n))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="articles in the corpus")
    parser.add_argument("--runs", type=int, default=10, help="gate runs timed per case (at least 10)")
    parser.add_argument("--cold-runs", type=int, default=3, help="gate runs timed without an index file")
    parser.add_argument("--dir", help="work folder (default: a temporary one, removed afterwards)")
    parser.add_argument("--from", dest="source", help="link the first --n .txt files of this corpus.py folder")
    args = parser.parse_args()
    if args.runs < 10:
        parser.error("--runs: at least 10")
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(args.dir or tmp) / "newsroom"
        corpus = repo / "articles"
        start = time.perf_counter()
        if args.source:
            corpus.mkdir(parents=True)
            for name in sorted(n for n in os.listdir(args.source) if n.endswith(".txt"))[: args.n]:
                os.link(Path(args.source) / name, corpus / name)
        else:
            write_folder(generate(args.n, seed=7, reprint_every=500), corpus)
        t_generate = time.perf_counter() - start
        (repo / "pyproject.toml").write_text('[tool.provenance.policy]\nfolder = "articles"\n', encoding="utf-8")
        _git(repo, "init", "-q")
        _git(repo, "config", "user.email", "bench@example.org")
        _git(repo, "config", "user.name", "bench")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-qm", "corpus")
        t_build, _ = _cli(repo, "index", "articles", "--quiet")
        # The pull request: an article of the corpus reprinted under a lead of its own, its paragraphs swapped.
        source = (corpus / sorted(os.listdir(corpus))[args.n // 2]).read_text(encoding="utf-8")
        paragraphs = source.split("\n\n")
        paragraphs[1:3] = paragraphs[2:0:-1]
        lead = "Our correspondent adds a paragraph of her own before the reprinted report begins here.\n\n"
        (corpus / "pr-reprint.txt").write_text(lead + "\n\n".join(paragraphs), encoding="utf-8")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-qm", "one new article")
        gate = ("gate", "--base", "HEAD~1", "--format", "json")
        _, code = _cli(repo, *gate)  # first run: the new article joins the index
        assert code == 1, "the reprint should fail the gate"
        warm = [_cli(repo, *gate)[0] for _ in range(args.runs)]
        checkout = []
        for _ in range(args.runs):
            _touch_all(corpus)
            # A fresh checkout's git index holds the new mtimes (the gate compares commits, never the working
            # tree, since issue 27; git's index is refreshed as a checkout leaves it all the same).
            _git(repo, "update-index", "-q", "--refresh")
            checkout.append(_cli(repo, *gate)[0])
        _cli(repo, "index", "articles", "--quiet")  # the listing recorded again, with the new mtimes
        reads: list[float] = []
        refreshes: list[float] = []
        check = ("check", "articles/pr-reprint.txt", "--format", "json")
        for _ in range(args.runs):
            reads.append(_cli(repo, *check)[0])
            refreshes.append(_cli(repo, *check, "--refresh")[0])
        shutil.rmtree(repo / ".provenance")
        cold = [_cli(repo, *gate)[0] for _ in range(args.cold_runs)]

    def row(name: str, times: list[float], low: float, high: float) -> list[object]:
        return [name, len(times), f"{low:.2f}", f"{high:.2f}"]

    rows = [
        row("index up to date", warm, _percentile(warm, 50), _percentile(warm, 95)),
        row("after a checkout (new mtimes)", checkout, _percentile(checkout, 50), _percentile(checkout, 95)),
        row("no index file (built in memory): median, max", cold, statistics.median(cold), max(cold)),
        row("`check FILE`, the index as recorded (default)", reads, _percentile(reads, 50), _percentile(reads, 95)),
        row(
            "`check FILE --refresh` (every file listed and compared: the old read path)",
            refreshes,
            _percentile(refreshes, 50),
            _percentile(refreshes, 95),
        ),
    ]
    print(f"{args.n:,} articles generated in {t_generate:.1f} s; `provenance index` built in {t_build:.1f} s")
    print(tabulate(rows, headers=["gate run (CLI, 1 new article)", "runs", "p50 s", "p95 s"], tablefmt="github"))
    ratio = _percentile(refreshes, 50) / _percentile(reads, 50)
    print(f"check FILE: {ratio:.1f}x faster as recorded than with --refresh (p50, runs taken by turns)")


if __name__ == "__main__":
    main()
