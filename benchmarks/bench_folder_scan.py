"""The folder scan end to end, before and after: ``provenance scan CORPUS --jobs J`` of another tree and of
this checkout, by turns, in child processes (:func:`benchmarks.peak.run_cli`: wall seconds, CPU seconds of
the scan and its workers, the process's own peak and its largest worker's), with the load average before
and after each run, each tree's medians, and whether the three reports of the last two runs are
byte-identical (``cmp``).

The other tree is an earlier commit's package, e.g. ``git archive f831ace | tar -x -C BEFORE`` with the
compiled core (``provenance/_core*.so``) copied in.  The machine's other work shows in the load average;
a figure is worth what the load beside it allows.

    python -m benchmarks.bench_folder_scan DIR --before BEFORE --jobs 2 --work SCRATCH
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import statistics
from pathlib import Path

from .peak import ROOT, run_cli

REPORTS = ("provenance.md", "provenance.json", "provenance.html")
"""The reports compared."""


def main() -> None:
    """Run the scans by turns and print one Markdown row a run, then the comparison of the reports."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="folder of articles (python -m benchmarks.corpus N DIR)")
    parser.add_argument("--before", required=True, help="the other tree (a package to compare with)")
    parser.add_argument("--jobs", default="2")
    parser.add_argument("--rounds", type=int, default=1, help="before-after pairs run (default 1)")
    parser.add_argument("--work", default=None, help="scratch folder, the scans' working directory and output")
    parser.add_argument("--after-first", action="store_true", help="run this checkout first in each round")
    args = parser.parse_args()
    work = Path(args.work or Path(os.environ.get("TMPDIR", "/tmp")) / "bench_folder_scan")
    work.mkdir(parents=True, exist_ok=True)
    trees = [("before", Path(args.before).resolve()), ("after", ROOT)]
    if args.after_first:
        trees.reverse()
    print("| run | tree | seconds | CPU seconds | main / worker MiB | load average |")
    print("| --- | --- | --- | --- | --- | --- |")
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in trees}
    for n in range(1, args.rounds + 1):
        for name, root in trees:
            out = work / name
            shutil.rmtree(out, ignore_errors=True)
            before = os.getloadavg()[0]
            run = run_cli(["scan", args.corpus, "--jobs", args.jobs, "--out", str(out), "--quiet"], cwd=work, root=root)
            after = os.getloadavg()[0]
            if run.returncode != 0:
                raise SystemExit(f"{name}: exit {run.returncode}\n{run.stderr[-2000:]}")
            runs[name].append((run.seconds, run.cpu_seconds))
            print(
                f"| {n} | {name} | {run.seconds:.2f} | {run.cpu_seconds:.2f} "
                f"| {run.peak_kib / 1024:,.0f} / {run.workers_kib / 1024:,.0f} | {before:.1f} → {after:.1f} |",
                flush=True,
            )
    for name, timed in runs.items():
        wall, cpu = (statistics.median(t[i] for t in timed) for i in (0, 1))
        print(f"{name}: median of {len(timed)}: {wall:.2f} s wall, {cpu:.2f} s CPU")
    same = [filecmp.cmp(work / "before" / r, work / "after" / r, shallow=False) for r in REPORTS]
    print(", ".join(f"{r} {'identical' if s else 'DIFFERS'}" for r, s in zip(REPORTS, same, strict=True)))


if __name__ == "__main__":
    main()
