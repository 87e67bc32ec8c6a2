"""Progress bars on stderr for long runs (tqdm), silent when stderr is no terminal or with ``--quiet``.

:class:`Progress` is the ``progress(stage, done, total)`` callback that
:func:`provenance.pipeline.scan` and :meth:`provenance.index.Index.update`
accept: one bar per stage, closed when the stage is done or the run ends.

>>> with Progress(enabled=False) as progress:
...     progress("signatures", 1, 2)
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any

from tqdm import tqdm

__all__ = ["Progress"]

# No monitor thread: --jobs forks worker processes, and a fork must not copy a running thread.
tqdm.monitor_interval = 0


class Progress:
    """One tqdm bar per stage; does nothing when disabled."""

    def __init__(self, *, enabled: bool | None = None, quiet: bool = False) -> None:
        self.enabled = (not quiet and sys.stderr.isatty()) if enabled is None else enabled
        self._bars: dict[str, Any] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        """Move ``stage``'s bar to ``done`` of ``total``."""
        if not self.enabled:
            return
        bar = self._bars.get(stage)
        if bar is None:
            bar = self._bars[stage] = tqdm(total=total, desc=stage, unit="doc", file=sys.stderr, leave=False)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    def close(self) -> None:
        """Close every bar still open."""
        for bar in self._bars.values():
            bar.close()
        self._bars.clear()

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
