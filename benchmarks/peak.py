"""Run the provenance CLI in a child process: its exit code, output, wall time and peak memory.

The child reports its own high-water resident size (``VmHWM`` in
``/proc/self/status``) and its workers' (``RUSAGE_CHILDREN``) as it exits. The
parent's ``ru_maxrss`` of the child (``wait4``, ``RUSAGE_CHILDREN``) is not the
child's own: Linux starts a forked child's high-water mark at the parent's
resident size and keeps it across ``exec``, so a child of a large benchmark
process would report at least that process's size.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CliRun", "index_files", "p99", "run_cli"]

ROOT = Path(__file__).resolve().parent.parent

_WRAPPER = """
import resource, runpy, sys
out = sys.argv[1]
sys.argv = ['provenance'] + sys.argv[2:]
try:
    runpy.run_module('provenance.cli', run_name='__main__')
finally:
    try:
        own = int([x.split()[1] for x in open('/proc/self/status') if x.startswith('VmHWM')][0])
    except (OSError, IndexError):  # no /proc: the process's own maximum, as the kernel keeps it
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    open(out, 'w').write(f"{own} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
"""


@dataclass(frozen=True)
class CliRun:
    """One ``provenance`` command line run in a child process."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_kib: int
    """The child's own peak resident size."""
    workers_kib: int
    """The largest of its worker processes' peaks (0 without workers)."""
    cpu_seconds: float = 0.0
    """CPU time (user and system) of the child and its worker processes."""


def run_cli(
    args: list[str],
    *,
    cwd: str | os.PathLike[str] | None = None,
    check: bool = False,
    root: str | os.PathLike[str] = ROOT,
) -> CliRun:
    """``provenance ARGS`` in a child process (the package of ``root``: this checkout's unless another
    tree is given, e.g. an earlier commit's for a before-and-after figure), measured."""
    with tempfile.TemporaryDirectory() as tmp:
        peak = Path(tmp) / "peak"
        out, err = Path(tmp) / "stdout", Path(tmp) / "stderr"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-c", _WRAPPER, str(peak), *args],
                cwd=cwd,
                stdout=stdout,
                stderr=stderr,
                env={**os.environ, "PYTHONPATH": str(root)},
                check=False,
            )
            seconds = time.perf_counter() - start
            now = resource.getrusage(resource.RUSAGE_CHILDREN)  # the child's, its workers' counted in when reaped
            cpu = now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime
        if peak.exists():
            own, workers = (int(x) for x in peak.read_text().split())
        else:  # killed (SIGKILL, the OOM killer) before its exit handler ran: no figure to give
            own = workers = 0
            print(f"peak: provenance {' '.join(args)}: ended before reporting its memory (shown as 0)", file=sys.stderr)
        run = CliRun(
            proc.returncode,
            out.read_bytes().decode("utf-8", "replace"),
            err.read_bytes().decode("utf-8", "replace"),
            seconds,
            own,
            workers,
            cpu,
        )
    if check and run.returncode != 0:
        raise subprocess.CalledProcessError(run.returncode, ["provenance", *args], run.stdout, run.stderr)
    return run


def p99(values: list[float]) -> float:
    """The 99th percentile of ``values`` (nearest rank, sorted copy): the latency
    figure the scale and index benchmarks print beside the median."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def index_files(db: Path) -> list[Path]:
    """The files an index at ``db`` occupies: the SQLite file (and its journal, if any)
    and its key segments (``DB.keys/``), for the benchmarks' index size."""
    candidates = [db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}-journal"), *Path(f"{db}.keys").rglob("*")]
    return [f for f in candidates if f.is_file()]
