"""The desk's HTTP server: uvicorn's h11 protocol with a deadline for a request's headers and a cap on
open connections (:func:`server_options`).

uvicorn times out a connection only once a response has gone (``timeout_keep_alive``): a client that
connects and sends nothing, or half a request line, held its socket for ever, so idle sockets piled up
until the process ran out of file descriptors; the desk then answered nothing, and asyncio logged a
traceback for every attempt to accept one (152,045 in a minute, 62 MB of log). Here a request's line and
headers must arrive within :attr:`DeskConfig.header_seconds <provenance.serve.desk.DeskConfig.header_seconds>`
of the connection (or of the previous response), or the connection is closed; a connection whose client
reads none of its answers for as long is reset; at most
:attr:`DeskConfig.max_connections <provenance.serve.desk.DeskConfig.max_connections>` are open (and never
more than half the process's file limit): one more closes the connection that has waited longest for its
headers, for its client to read, or with requests pipelined, so a crowd of idle or unread sockets cannot
lock a browser out; and running out of descriptors anyway is one warning a minute, not a traceback per
attempt.
"""

from __future__ import annotations

import asyncio
import logging
import resource
import time
from typing import Any, ClassVar, TypeVar

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .desk import DeskConfig

__all__ = ["connection_cap", "server_options"]

_T = TypeVar("_T")
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
    """uvicorn's h11 protocol, each connection given :attr:`header_seconds` for a request's line and headers
    and as long to take some of its answers once they back up, at most :attr:`cap` open at once
    (:func:`_protocol` makes one class a server, :attr:`waiting` and :attr:`stalled` shared).

    A client that pipelines requests and reads no answer is not waiting for headers: its answers fill the
    socket's buffers until asyncio pauses writing (``pause_writing``, past 64 KiB), and the next answer waits
    for a drain that never comes; 256 of them held the cap, and every new connection was the one closed.
    Such a connection is now :attr:`stalled` (writing paused, or closing with answers unsent); one whose
    unsent bytes have not dropped for :attr:`header_seconds` is reset (``close()`` would wait for them
    for ever), and one past the cap closes the oldest of the waiting, the stalled and the pipelining (with
    2,000 requests each, 256 such connections are answered for ~20 s before they stall). Reading stops while a
    request is answered (uvicorn pauses it when h11 holds a pipelined one), so a connection buffers at most
    one read (256 KiB) of requests."""

    header_seconds: ClassVar[float]
    """Seconds a request's line and headers may take, and unsent answers may stay unread
    (:attr:`DeskConfig.header_seconds`)."""
    cap: ClassVar[int]
    """Connections open at once (:func:`connection_cap`)."""
    waiting: ClassVar[dict[_Guarded, asyncio.TimerHandle]]
    """The connections waiting for a request's headers, oldest first, and their deadlines."""
    stalled: ClassVar[dict[_Guarded, float]]
    """The connections whose answers back up (writing paused, or closing with bytes unsent), oldest first,
    and since when (the loop's clock)."""
    pipelining: ClassVar[dict[_Guarded, float]]
    """The connections holding a request sent before the answer to the one before (no browser does), oldest
    first, and since when (the loop's clock)."""

    _drain: asyncio.TimerHandle | None = None
    """The next look at this connection's unsent bytes, while there are any."""
    _unsent: int = 0
    """This connection's unsent bytes at the last look (or after its last write)."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        _quiet_when_out_of_files(self.loop)
        self._await_headers()
        if len(self.connections) > self.cap:  # one closing is counted until asyncio has closed it
            self._oldest_idle()._evict()

    def _oldest_idle(self) -> _Guarded:
        """The connection that has longest waited for headers, for its client to read, or held requests sent
        ahead of their answers; else this one."""
        oldest = [(p, timer.when() - self.header_seconds) for p, timer in _firsts(self.waiting, self)]
        oldest += _firsts(self.stalled, self) + _firsts(self.pipelining, self)
        return min(oldest, key=lambda pair: pair[1], default=(self, 0.0))[0]

    def _evict(self) -> None:
        self._headers_arrived()
        self._unstall()
        self.pipelining.pop(self, None)
        if self.transport.get_write_buffer_size():
            self.transport.abort()  # close() would wait for the client to read them
        elif not self.transport.is_closing():
            self.transport.close()

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
        self._watch_unsent()

    def _watch_unsent(self) -> None:
        """After a write or a close: look at the unsent bytes again in :attr:`header_seconds`, and count the
        connection stalled while writing is paused or it is closing with some unsent."""
        self._unsent = self.transport.get_write_buffer_size()
        if self._drain is not None:
            self._drain.cancel()
            self._drain = None
        if self._unsent:
            self._drain = self.loop.call_later(self.header_seconds, self._look_at_unsent)
            if self.flow.write_paused or self.transport.is_closing():
                self.stalled.setdefault(self, self.loop.time())
        else:
            self._unstall()

    def _look_at_unsent(self) -> None:
        self._drain = None
        unsent = self.transport.get_write_buffer_size()
        if unsent and unsent >= self._unsent and (self.flow.write_paused or self.transport.is_closing()):
            self._evict()  # the client read nothing of its answers for header_seconds
        else:
            self._watch_unsent()

    def _unstall(self) -> None:
        self.stalled.pop(self, None)
        if self._drain is not None and not self.transport.get_write_buffer_size():
            self._drain.cancel()
            self._drain = None

    def pause_writing(self) -> None:
        super().pause_writing()
        self._watch_unsent()

    def resume_writing(self) -> None:
        super().resume_writing()
        if not self.transport.is_closing():
            self.stalled.pop(self, None)

    def handle_events(self) -> None:
        cycle = self.cycle
        super().handle_events()
        if self.cycle is not cycle:  # a request's headers are in: the app's own limits take over
            self._headers_arrived()
        if self.flow.read_paused and self.conn.their_state is h11.DONE:  # h11 said PAUSED: a request ahead
            self.pipelining.setdefault(self, self.loop.time())
        else:
            self.pipelining.pop(self, None)

    def on_response_complete(self) -> None:
        if not self.transport.is_closing():
            self._await_headers()  # the next request on this connection (pipelined: already in)
        self._watch_unsent()
        super().on_response_complete()

    def timeout_keep_alive_handler(self) -> None:
        super().timeout_keep_alive_handler()
        self._watch_unsent()

    def connection_lost(self, exc: Exception | None) -> None:
        self._headers_arrived()
        self.stalled.pop(self, None)
        self.pipelining.pop(self, None)
        if self._drain is not None:
            self._drain.cancel()
            self._drain = None
        super().connection_lost(exc)


def _firsts(connections: dict[_Guarded, _T], besides: _Guarded) -> list[tuple[_Guarded, _T]]:
    """The first of ``connections`` (the oldest) other than ``besides``, as a list of at most one pair."""
    for connection, value in connections.items():
        if connection is not besides:
            return [(connection, value)]
    return []


def _protocol(header_seconds: float, cap: int) -> type[_Guarded]:
    """:class:`_Guarded` for one server: ``header_seconds`` for a request's headers (and to read answers),
    ``cap`` connections."""
    waiting: dict[_Guarded, asyncio.TimerHandle] = {}
    stalled: dict[_Guarded, float] = {}
    pipelining: dict[_Guarded, float] = {}
    shared = {"waiting": waiting, "stalled": stalled, "pipelining": pipelining}
    return type("Guarded", (_Guarded,), {"header_seconds": header_seconds, "cap": cap, **shared})


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
