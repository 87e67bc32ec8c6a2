"""Run one function over many items on several cores, results in input order.

``jobs`` worker processes (``os.cpu_count()`` for 0) each inherit the shared
data by ``fork`` — nothing is pickled on the way in but the items, and the
results come back in the order of the items, so the output never depends on
the number of jobs.  With one job, or where ``fork`` is unavailable, it is a
plain ``map`` in this process.

>>> list(parallel_map(lambda shared, x: shared + x, [1, 2, 3], shared=10, jobs=2))
[11, 12, 13]
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Generator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from multiprocessing.context import ForkContext

__all__ = ["effective_jobs", "fork_context", "ignore_interrupt", "parallel_map", "runs"]

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")

_TASK: tuple[Callable[[Any, Any], Any], Any] | None = None


def effective_jobs(jobs: int) -> int:
    """The number of processes ``jobs`` stands for (0 or less: every core)."""
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def runs(n: int, size: int, *, jobs: int | None = None) -> list[tuple[int, int]]:
    """The runs ``[start, end)`` of ``size`` items (the last shorter) that cover ``n`` items: the tasks of a
    :func:`parallel_map` over a sequence; one run of all when ``jobs`` stands for a single process.

    >>> runs(5, 2), runs(5, 2, jobs=1), runs(0, 2)
    ([(0, 2), (2, 4), (4, 5)], [(0, 5)], [])
    """
    if jobs is not None and effective_jobs(jobs) <= 1:
        size = max(1, n)
    return [(i, min(i + size, n)) for i in range(0, n, size)]


def ignore_interrupt(parent: int | None = None) -> None:
    """Leave Ctrl-C to the main process (a worker's first call): the terminal sends SIGINT to every process
    of the group, and workers that took it printed their tracebacks while the main process, waiting on
    results that never came, could hang holding the index's write lock.  The main process stops them
    (with SIGTERM, which ends a worker at once: the main process's handler of it is not inherited).

    A worker also ends with its ``parent`` (the process that started it): killed (``kill -9``, the OOM
    killer, a cancelled CI job), it stops no worker, and one sat for an hour on a lock of the dead pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if parent is not None:
        _end_with(parent)


def _end_with(parent: int) -> None:
    """End this process when ``parent`` ends (Linux's parent-death signal; elsewhere nothing), and at once
    when it has ended already (before the signal was asked for)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


_PR_SET_PDEATHSIG = 1
"""prctl's option: the signal this process gets when its parent ends."""


def _run(item: Any) -> Any:
    assert _TASK is not None
    func, shared = _TASK
    return func(shared, item)


def fork_context() -> ForkContext | None:
    """multiprocessing's fork context, or None where processes cannot fork.  multiprocessing is imported
    here, once workers are asked for: a one-shot check imports none of it (12 ms of its start)."""
    import multiprocessing

    return multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


def parallel_map(
    func: Callable[[S, T], R], items: Sequence[T], *, shared: S, jobs: int = 1, chunksize: int = 16
) -> Generator[R, None, None]:
    """``func(shared, item)`` for every item, in order, over ``jobs`` processes."""
    global _TASK
    jobs = min(effective_jobs(jobs), len(items))
    context = fork_context() if jobs > 1 else None
    if context is None:
        for item in items:
            yield func(shared, item)
        return
    _TASK = (func, shared)
    try:
        with context.Pool(jobs, initializer=ignore_interrupt, initargs=(os.getpid(),)) as pool:
            yield from pool.imap(_run, items, chunksize=max(1, min(chunksize, len(items) // (4 * jobs) or 1)))
    finally:
        _TASK = None
