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
check and gate did before issue 27).  ``--from DIR`` links the first ``--n`` files of ``corpus.py``
folders (given once or more; names sorted across them) instead of generating them (a large corpus generated
once).  ``--shard K`` keeps at most ``K`` files a folder (``articles/0000/…``, ``articles/0001/…``, in name
order), the layout a large archive keeps in git: a pull request's tree comparison then reads the few folders
it touched, not one tree of every article.  ``--warm-only`` times the gate with the index up to date and the
one-shot check as recorded, nothing else (at a million articles the other cases take hours).

Prints p50 and p95 of each (p95 by nearest rank), and the ratio of the check's p50 both ways.
"""

from __future__ import annotations

import argparse
import compileall
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

import provenance
from benchmarks.corpus import generate, write_folder


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _cli(repo: Path, *args: str) -> tuple[float, int]:
    """Wall seconds and exit code of ``provenance ARGS`` run in ``repo`` (a new interpreter each time).

    Run as an installed package runs: from its compiled bytecode (``pip install`` writes it; a
    ``PYTHONDONTWRITEBYTECODE`` in the environment would compile every module on every run, 0.14 s here).
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_") and k != "PYTHONDONTWRITEBYTECODE"}
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
    for n, path in enumerate(p for p in folder.rglob("*") if p.is_file()):
        os.utime(path, ns=(now + n, now + n))


def _link(sources: list[str], n: int, corpus: Path, shard: int | None) -> None:
    """Hard-link the first ``n`` ``.txt`` files of ``sources`` (names sorted) into ``corpus``, ``shard`` a folder."""
    names = sorted((name, src) for src in sources for name in os.listdir(src) if name.endswith(".txt"))[:n]
    for i, (name, src) in enumerate(names):
        folder = corpus / f"{i // shard:04d}" if shard else corpus
        if not shard or i % shard == 0:
            folder.mkdir(parents=True, exist_ok=True)
        os.link(Path(src) / name, folder / name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="articles in the corpus")
    parser.add_argument("--runs", type=int, default=10, help="gate runs timed per case (at least 10)")
    parser.add_argument("--cold-runs", type=int, default=3, help="gate runs timed without an index file")
    parser.add_argument("--dir", help="work folder (default: a temporary one, removed afterwards)")
    parser.add_argument(
        "--from", dest="source", action="append", help="link the first --n .txt files of these corpus.py folders"
    )
    parser.add_argument("--shard", type=int, help="at most this many files a folder of articles/")
    parser.add_argument("--jobs", type=int, default=1, help="processes of `provenance index` building the index")
    parser.add_argument("--warm-only", action="store_true", help="only the gate, index up to date, and `check`")
    args = parser.parse_args()
    if args.runs < 10:
        parser.error("--runs: at least 10")
    if args.shard is not None and args.shard < 1:
        parser.error("--shard: at least 1")
    compileall.compile_dir(Path(provenance.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(args.dir or tmp) / "newsroom"
        corpus = repo / "articles"
        start = time.perf_counter()
        if args.source:
            _link(args.source, args.n, corpus, args.shard)
        elif args.shard:
            parser.error("--shard: only with --from")
        else:
            write_folder(generate(args.n, seed=7, reprint_every=500), corpus)
        t_generate = time.perf_counter() - start
        (repo / "pyproject.toml").write_text('[tool.provenance.policy]\nfolder = "articles"\n', encoding="utf-8")
        _git(repo, "init", "-q")
        _git(repo, "config", "user.email", "bench@example.org")
        _git(repo, "config", "user.name", "bench")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-qm", "corpus")
        t_build, _ = _cli(repo, "index", "articles", "--quiet", "--jobs", str(args.jobs))
        # The pull request: an article of the corpus reprinted under a lead of its own, its paragraphs swapped.
        middle = sorted(p for p in corpus.rglob("*.txt"))[args.n // 2]
        source = middle.read_text(encoding="utf-8")
        paragraphs = source.split("\n\n")
        paragraphs[1:3] = paragraphs[2:0:-1]
        lead = "Our correspondent adds a paragraph of her own before the reprinted report begins here.\n\n"
        (middle.parent / "pr-reprint.txt").write_text(lead + "\n\n".join(paragraphs), encoding="utf-8")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-qm", "one new article")
        gate = ("gate", "--base", "HEAD~1", "--format", "json")
        _, code = _cli(repo, *gate)  # first run: the new article joins the index
        assert code == 1, "the reprint should fail the gate"
        warm = [_cli(repo, *gate)[0] for _ in range(args.runs)]
        checkout: list[float] = []
        for _ in range(0 if args.warm_only else args.runs):
            _touch_all(corpus)
            # A fresh checkout's git index holds the new mtimes (the gate compares commits, never the working
            # tree, since issue 27; git's index is refreshed as a checkout leaves it all the same).
            _git(repo, "update-index", "-q", "--refresh")
            checkout.append(_cli(repo, *gate)[0])
        if checkout:
            _cli(repo, "index", "articles", "--quiet")  # the listing recorded again, with the new mtimes
        reads: list[float] = []
        refreshes: list[float] = []
        check = ("check", str((middle.parent / "pr-reprint.txt").relative_to(repo)), "--format", "json")
        for _ in range(args.runs):
            reads.append(_cli(repo, *check)[0])
            if not args.warm_only:
                refreshes.append(_cli(repo, *check, "--refresh")[0])
        cold: list[float] = []
        if not args.warm_only:
            shutil.rmtree(repo / ".provenance")
            cold = [_cli(repo, *gate)[0] for _ in range(args.cold_runs)]

    def row(name: str, times: list[float], median: bool = False) -> list[object]:
        low, high = (
            (statistics.median(times), max(times)) if median else (_percentile(times, 50), _percentile(times, 95))
        )
        return [name, len(times), f"{low:.2f}", f"{high:.2f}"]

    cases = [
        ("index up to date", warm, False),
        ("after a checkout (new mtimes)", checkout, False),
        ("no index file (built in memory): median, max", cold, True),
        ("`check FILE`, the index as recorded (default)", reads, False),
        ("`check FILE --refresh` (every file listed and compared: the old read path)", refreshes, False),
    ]
    rows = [row(name, times, median) for name, times, median in cases if times]
    print(f"{args.n:,} articles generated in {t_generate:.1f} s; `provenance index` built in {t_build:.1f} s")
    print(tabulate(rows, headers=["gate run (CLI, 1 new article)", "runs", "p50 s", "p95 s"], tablefmt="github"))
    if refreshes:
        ratio = _percentile(refreshes, 50) / _percentile(reads, 50)
        print(f"check FILE: {ratio:.1f}x faster as recorded than with --refresh (p50, runs taken by turns)")


if __name__ == "__main__":
    main()
