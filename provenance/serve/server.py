"""The desk's HTTP server: uvicorn's h11 protocol with a deadline for a request's headers and a cap on
open connections (:func:`server_options`).

uvicorn times out a connection only once a response has gone (``timeout_keep_alive``): a client that
connects and sends nothing, or half a request line, held its socket for ever, so idle sockets piled up
until the process ran out of file descriptors; the desk then answered nothing, and asyncio logged a
traceback for every attempt to accept one (152,045 in a minute, 62 MB of log). Here a request's line and
headers must arrive within :attr:`DeskConfig.header_seconds <provenance.serve.desk.DeskConfig.header_seconds>`
of the connection (or of the previous response), or the connection is closed; at most
:attr:`DeskConfig.max_connections <provenance.serve.desk.DeskConfig.max_connections>` are open (and never
more than half the process's file limit): one more closes the connection that has waited longest for its
headers, so a crowd of idle sockets cannot lock a browser out; and running out of descriptors anyway is
one warning a minute, not a traceback per attempt.
"""

from __future__ import annotations

import asyncio
import logging
import resource
import time
from typing import Any, ClassVar

from uvicorn.protocols.http.h11_impl import H11Protocol

from .desk import DeskConfig

__all__ = ["connection_cap", "server_options"]

_LOG = logging.getLogger("provenance.serve")
_OUT_OF_FILES = "socket.accept() out of system resource"
"""asyncio's message when ``accept()`` fails for want of a descriptor (EMFILE, ENFILE, ENOBUFS, ENOMEM)."""
_WARN_EVERY = 60.0
"""Seconds between two warnings that the process is out of descriptors (asyncio retries every second,
and in Python 3.11 logs each of up to ``backlog`` attempts a time: 2,048 tracebacks a second)."""


def connection_cap(max_connections: int) -> int:
    """The connections the desk keeps open: ``max_connections``, and at most half the process's soft limit
    of open files (the rest for the index, its segments, the workers and the log).

    >>> connection_cap(1)
    1
    """
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return max_connections
    return max(1, min(max_connections, soft // 2))


class _Guarded(H11Protocol):
    """uvicorn's h11 protocol, each connection given :attr:`header_seconds` for a request's line and headers,
    at most :attr:`cap` open at once (:func:`_protocol` makes one class a server, :attr:`waiting` shared)."""

    header_seconds: ClassVar[float]
    """Seconds a request's line and headers may take (:attr:`DeskConfig.header_seconds`)."""
    cap: ClassVar[int]
    """Connections open at once (:func:`connection_cap`)."""
    waiting: ClassVar[dict[_Guarded, asyncio.TimerHandle]]
    """The connections waiting for a request's headers, oldest first, and their deadlines."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        _quiet_when_out_of_files(self.loop)
        self._await_headers()
        if len(self.connections) > self.cap:  # one closing is counted until asyncio has closed it
            next((p for p in self.waiting if p is not self), self)._headers_late()

    def _await_headers(self) -> None:
        self._headers_arrived()
        self.waiting[self] = self.loop.call_later(self.header_seconds, self._headers_late)

    def _headers_arrived(self) -> None:
        timer = self.waiting.pop(self, None)
        if timer is not None:
            timer.cancel()

    def _headers_late(self) -> None:
        self._headers_arrived()
        if not self.transport.is_closing():
            self.transport.close()

    def handle_events(self) -> None:
        cycle = self.cycle
        super().handle_events()
        if self.cycle is not cycle:  # a request's headers are in: the app's own limits take over
            self._headers_arrived()

    def on_response_complete(self) -> None:
        if not self.transport.is_closing():
            self._await_headers()  # the next request on this connection (pipelined: already in)
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._headers_arrived()
        super().connection_lost(exc)


def _protocol(header_seconds: float, cap: int) -> type[_Guarded]:
    """:class:`_Guarded` for one server: ``header_seconds`` for a request's headers, ``cap`` connections."""
    waiting: dict[_Guarded, asyncio.TimerHandle] = {}
    return type("Guarded", (_Guarded,), {"header_seconds": header_seconds, "cap": cap, "waiting": waiting})


def _quiet_when_out_of_files(loop: asyncio.AbstractEventLoop) -> None:
    """Log running out of descriptors as one warning a minute (see :data:`_WARN_EVERY`) on ``loop``, the rest
    as asyncio does; installed once per loop."""
    if getattr(loop.get_exception_handler(), "provenance", False):
        return
    last = [-_WARN_EVERY]

    def handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if context.get("message") != _OUT_OF_FILES:
            loop.default_exception_handler(context)
            return
        now = time.monotonic()
        if now - last[0] >= _WARN_EVERY:
            last[0] = now
            error = context.get("exception")
            reason = getattr(error, "strerror", None) or type(error).__name__
            _LOG.warning("out of file descriptors (%s): new connections wait until some close", reason)

    handler.provenance = True  # type: ignore[attr-defined]
    loop.set_exception_handler(handler)


def server_options(config: DeskConfig) -> dict[str, Any]:
    """uvicorn's options for the desk (``uvicorn.run(app, **options)``, ``uvicorn.Config``): its h11
    protocol with ``config``'s deadline for a request's headers and cap on open connections, and no
    ``Server`` header."""
    return {"http": _protocol(config.header_seconds, connection_cap(config.max_connections)), "server_header": False}
