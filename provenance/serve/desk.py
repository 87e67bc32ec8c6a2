"""The reprint desk's work, apart from the web: check a text, read an article, survey the archive, add to it.

:class:`Desk` owns a bounded pool of worker threads, each with its own read connection to the index
(:class:`~provenance.index.Index` answers each lookup from one commit, so a check never sees a half-written
update of ``provenance index``). Work beyond the pool waits in a bounded queue; beyond that the desk is
busy (:class:`DeskBusy`, 503) rather than piling up texts in memory. A check is the gate's:
:func:`provenance.ci.check_documents` on the uploaded text, judged by the configured policy, and the JSON
the API returns is :func:`provenance.report.checks.to_json` of it, as ``provenance check --format json``.

>>> upload_name("../../etc/passwd.txt"), upload_name("Le Monde, 3 mai.HTML")
('passwd.txt', 'Le_Monde_3_mai.HTML')
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TypeVar

from ..ci import Baseline, FileCheck, Policy, check_documents, load_baseline, worst_verdict
from ..ci.lines import page_of
from ..errors import ProvenanceError
from ..index import REBUILD_HINT, Index, IndexFileError
from ..index.state import recorded
from ..io.atomic import write_atomic_binary
from ..io.formats import html_markup, html_page
from ..io.load import (
    EXPORT_SUFFIXES,
    GZIP_LIMIT_REASON,
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    MARKDOWN_SUFFIXES,
    LoadError,
    article_bytes,
    articles_in_bytes,
    format_suffix,
    inner_name,
    jsonl_line,
    kind_suffix,
    load_article,
)
from ..models import Document, LoadProblem, PairResult, ScanResult
from ..pipeline import compare, describe_document, direction, prepare, scan, set_aside
from ..settings import Settings

__all__ = [
    "ARCHIVE_SUFFIXES",
    "ArticleView",
    "CheckOutcome",
    "Desk",
    "DeskBusy",
    "DeskConfig",
    "DeskError",
    "Survey",
    "default_archive",
    "paste_names",
    "related",
    "upload_name",
]

_T = TypeVar("_T")

ARCHIVE_SUFFIXES = (".txt", *MARKDOWN_SUFFIXES, *HTML_SUFFIXES, *JSONL_SUFFIXES)
"""What the desk reads: the formats of the corpus (a ``.jsonl`` upload holds one article, one line), each
also gzip-compressed (``article.html.gz``), as the CLI reads them."""
_UPLOAD_FOLDER = "<desk>"
"""The made-up folder an uploaded text's path is in: no file of the archive or the machine is ever
taken for it (a check never compares a text with the archive file of the same path)."""
_LOG = logging.getLogger("provenance.serve")
_UNSAFE = re.compile(r"[^\w.\-]+")
_ID = re.compile(r"[\w][\w.\-]{0,127}")


NO_ARCHIVE = "no archive folder to add to; start the desk with --archive DIR, the folder `provenance index` was given"
"""Why "add to archive" is refused when the desk's archive folder is not there (the policy's ``folder`` by
default, ``seeds``: the desk's first users ran ``provenance index news`` and were told only "seeds: no archive
folder")."""


def default_archive(index: str, settings: Settings, folder: str) -> str:
    """The folder "add to archive" writes into when the desk is given no ``--archive``: the policy's
    ``folder``, or, when that is no folder here, the one folder the index records a listing of (``provenance
    index news`` then ``provenance serve``: the archive the desk reads is ``news``). ``folder`` when the index
    records none, or several, or cannot be read (the desk then says why it cannot open it).

    >>> default_archive("no-such-index.sqlite", Settings(), "seeds")
    'seeds'
    """
    if Path(folder).is_dir() or not Path(index).is_file():
        return folder
    try:
        opened = Index.open(index, settings, read_only=True)
    except ProvenanceError:
        return folder
    try:
        listing = recorded(opened)
    finally:
        opened.close()
    roots = [root for root in (listing.roots if listing is not None else ()) if Path(root).is_dir()]
    return roots[0] if len(roots) == 1 else folder


class DeskError(ProvenanceError):
    """A request the desk refuses, with the HTTP status to answer it with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class DeskBusy(DeskError):
    """Every worker is busy and the queue is full: try again shortly (503)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, 503)


@dataclass(frozen=True)
class DeskConfig:
    """How the desk runs: its index, its limits and its pool. Every default says why it is what it is."""

    index: str = ".provenance/index.sqlite"
    """The index file (``provenance index`` builds it); the policy's ``index`` key by default."""
    archive: str = "seeds"
    """The corpus folder "add to archive" writes a text into (the policy's ``folder`` by default)."""
    max_upload_bytes: int = 2_000_000
    """A text's bytes, uploaded, pasted or added (a request's body is held to what such a text takes in its
    encoding: :func:`provenance.serve.app._body_limits`): a long article as an HTML page is ~300 KB; 2 MB
    leaves room, not a dump."""
    max_text_chars: int = 200_000
    """Characters of the text read from an upload: ~30,000 words, far past any news article; the cost of a
    check grows with it."""
    workers: int = 2
    """Threads checking at once: one per core of the 2-core machine this is measured on."""
    queue: int = 16
    """Checks waiting for a worker before the desk answers 503 (a burst of uploads waits, memory stays
    bounded: at most ``workers + queue`` texts in flight)."""
    shown_pairs: int = 3
    """Matches of a check shown side by side on the page (the pairs the check verified, read source first)."""
    max_survey: int = 20_000
    """Archive size above which the desk draws no clusters or spelling table (that is a full scan: run
    ``provenance scan`` instead)."""
    header_seconds: float = 10.0
    """Seconds a connection has to send a request's line and headers, from its opening or from the previous
    response (then closed), and for its client to read some of its answers once they back up (then reset): a
    browser sends them in one packet and reads as they come, 10 s allows a slow mobile link; an idle,
    half-sent or unread connection otherwise held a file descriptor for ever (:mod:`provenance.serve.server`)."""
    max_connections: int = 256
    """Connections open at once, and at most half the process's file limit (one more closes the one that has
    waited longest for its headers, for its client to read, or with requests pipelined): a newsroom's desk
    serves a few browsers of 6 connections each."""


@dataclass(frozen=True)
class CheckOutcome:
    """A check of one uploaded text: the gate's result, and the pairs to show side by side."""

    checks: tuple[FileCheck, ...]
    """As :func:`provenance.ci.check_documents` returns them (one, the uploaded text)."""
    text: Document
    """The uploaded text as read."""
    pages: tuple[tuple[str, PairResult, Document, Document], ...] = ()
    """(source id, pair, source, text): the pairs of the first :attr:`DeskConfig.shown_pairs` matches as the
    check verified them, read source first as ``provenance compare SOURCE TEXT`` reads them (for the HTML
    report's renderer)."""


@dataclass(frozen=True)
class ArticleView:
    """An archived article and what reuses it or what it reuses (its check against the rest of the index)."""

    document: Document
    check: FileCheck


@dataclass(frozen=True)
class Survey:
    """The archive scanned whole: its reuse clusters and spelling table, as of ``finished`` (epoch seconds)."""

    result: ScanResult
    finished: float
    documents: tuple[tuple[str, str], ...] = ()
    """The (id, path) list it was computed for (a new list computes it again)."""


def paste_names(text: str) -> tuple[str, ...]:
    """The names a pasted text (the form's box, the API's text of no name) is read by, each a reading the desk
    checks (:meth:`Desk.check_paste`): ``pasted.html`` alone when it begins as an HTML page
    (:func:`~provenance.io.formats.html_page`, as a file of another suffix is sniffed); ``pasted.txt``, and
    ``pasted.html`` after it when it holds markup anywhere (:func:`~provenance.io.formats.html_markup`: a tag
    of any name, a comment, a character reference), as a story's body pasted from a CMS does; else
    ``pasted.txt``.  A page's source pasted was read as text, its markup words: a copy of seeds/001 with each
    word in a ``<span>`` passed, "no reuse found", and so did one after a word ("Islam Times: ") or ``&nbsp;``.

    >>> paste_names("<head><title>Talks</title></head><p>Talks resume."), paste_names("Talks resume <p> soon.")
    (('pasted.html',), ('pasted.txt', 'pasted.html'))
    >>> paste_names("Talks resume soon (3 < 4).")
    ('pasted.txt',)
    """
    if html_page(text):
        return ("pasted.html",)
    return ("pasted.txt", "pasted.html") if html_markup(text) else ("pasted.txt",)


def upload_name(name: str) -> str:
    """A safe file name for an uploaded or pasted text: its last part, odd characters as ``_``."""
    base = PurePosixPath(name.replace("\\", "/")).name
    return _UNSAFE.sub("_", base).strip("._")[:128] or "pasted.txt"


def _suffix(name: str) -> str:
    """The suffix of a name the desk reads (``.html``, or ``.html.gz`` compressed); 415 for any other.

    >>> _suffix("Story.HTML.gz"), _suffix("a.txt")
    ('.html.gz', '.txt')
    """
    if format_suffix(name) not in ARCHIVE_SUFFIXES:
        kinds = ", ".join(ARCHIVE_SUFFIXES)
        raise DeskError(f"{name}: not a text the desk reads (one of {kinds}, or one of them .gz)", 415)
    return kind_suffix(name)


class _Local(threading.local):
    """A worker thread's own index connection (an SQLite connection belongs to the thread that opened it)."""

    def __init__(self) -> None:
        self.index: Index | None = None
        self.inode: tuple[int, int] | None = None


class Desk:
    """The desk's engine: a bounded pool of workers over one index; use as a context manager."""

    def __init__(self, config: DeskConfig, settings: Settings, policy: Policy) -> None:
        self.config = config
        self.settings = settings
        self.policy = policy
        if not Path(config.index).is_file():
            raise IndexFileError(f"{config.index}: no index; run `provenance index {config.archive}` first")
        Index.open(config.index, settings, create=False).close()  # fails now on a foreign or stale file
        self._pool = ThreadPoolExecutor(max(1, config.workers), thread_name_prefix="desk")
        self._local = _Local()
        self._pending = 0
        self._lock = threading.Lock()
        self._survey: Survey | None = None
        self._surveying: threading.Thread | None = None
        self._survey_failed: str | None = None
        self._writing = threading.Lock()

    def close(self) -> None:
        """Wait for running work to end, then stop the workers, and wait for a survey being computed: a thread
        left running past the desk holds locks (an import's, a logger's) that a process forked later (a scan's
        workers) inherits held, and waits on for ever."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            thread = self._surveying
        if thread is not None:
            thread.join()

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the pool -----------------------------------------------------------------

    async def run(self, work: Callable[[], _T]) -> _T:
        """``work()`` on a worker thread; :class:`DeskBusy` when ``workers + queue`` are already in flight.
        Work counts until it ends, not until its request does: a client that goes away frees no slot early."""
        with self._lock:
            if self._pending >= self.config.workers + self.config.queue:
                raise DeskBusy(f"the desk is busy ({self._pending} checks in flight); try again in a moment")
            self._pending += 1
        try:
            future = self._pool.submit(work)
        except BaseException:
            self._done()
            raise
        future.add_done_callback(self._done)
        return await asyncio.wrap_future(future)

    def _done(self, *_: object) -> None:
        with self._lock:
            self._pending -= 1

    def index(self) -> Index:
        """This worker thread's read connection to the index, opened again when the file was replaced
        (``provenance index --rebuild``)."""
        try:
            info = os.stat(self.config.index)
        except OSError:
            raise IndexFileError(f"{self.config.index}: the index is gone; run `provenance index`") from None
        inode = (info.st_dev, info.st_ino)
        local = self._local
        if local.index is None or local.inode != inode:
            if local.index is not None:
                local.index.close()
            local.index = Index.open(self.config.index, self.settings, create=False)
            local.inode = inode
        return local.index

    def _read(self, work: Callable[[Index], _T]) -> _T:
        index = self.index()
        try:
            return work(index)
        except sqlite3.Error as err:
            raise IndexFileError(f"{index.path}: index read failed ({err}); {REBUILD_HINT}") from None

    # -- checking -----------------------------------------------------------------

    def read_upload(self, name: str, data: bytes) -> Document:
        """The article of an uploaded (or pasted) text named ``name``: :class:`DeskError` when it is too
        long, not a format the desk reads, unreadable, or a ``.jsonl`` of more than one article.  A ``.gz`` is
        read decompressed as the CLI reads it, to ``max_upload_bytes`` of text (a gzip bomb: 413, one line)."""
        return self._read_upload(name, data)[0]

    def _read_upload(self, name: str, data: bytes, *, shown: bool = False) -> tuple[Document, str | None]:
        """:meth:`read_upload`, and the HTML page of an upload that is one (its bytes decompressed once, for
        both), else None.  With ``shown``, an HTML page keeps its lines as shown (:attr:`Document.shown_lines`):
        compared outside its article body too, without parsing it again."""
        name = upload_name(name)
        _suffix(name)
        if len(data) > self.config.max_upload_bytes:
            raise DeskError(f"{name}: {len(data):,} bytes, over the limit of {self.config.max_upload_bytes:,}", 413)
        path = read_as = f"{_UPLOAD_FOLDER}/{name}"
        if format_suffix(name) not in JSONL_SUFFIXES:  # an export is streamed, compressed or not
            try:
                data = article_bytes(name, data, self.config.max_upload_bytes)
            except LoadError as err:
                raise _unread(name, str(err)) from None
            read_as = inner_name(path)
        found: list[Document] = []
        for item in articles_in_bytes(read_as, data, max_bytes=self.config.max_upload_bytes, shown=shown):
            if isinstance(item, LoadProblem):
                raise _unread(name, item.reason)
            found.append(item)
            if len(found) > 1:
                raise DeskError(f"{name}: a .jsonl upload holds one article (one line); this one holds more", 422)
        if not found or not found[0].text.strip():
            raise DeskError(f"{name}: no text to check", 422)
        doc = found[0] if read_as == path else replace(found[0], path=path)  # named as uploaded, ".gz" and all
        if len(doc.text) > self.config.max_text_chars:
            raise DeskError(
                f"{name}: a text of {len(doc.text):,} characters, over the limit of {self.config.max_text_chars:,}",
                413,
            )
        return doc, page_of(read_as, data, self.config.max_upload_bytes) if doc.format == "html" else None

    def baseline(self) -> Baseline:
        """The policy's baseline as it is now (``provenance accept`` may have added to it)."""
        return load_baseline(self.policy.baseline_file)

    def check_upload(self, name: str, data: bytes, *, pages: bool = False) -> CheckOutcome:
        """Check the text uploaded (or pasted) as ``name`` (:meth:`read_upload`), an HTML page with what it
        shows outside its article body (an aside, a footer…), as ``check`` reads a page's file: :meth:`check`."""
        doc, page = self._read_upload(name, data, shown=True)
        return self.check(doc, pages=pages, page=page)

    def check_paste(self, text: str, *, pages: bool = False) -> CheckOutcome:
        """Check a pasted text by each of its readings (:func:`paste_names`), the outcome of the worst verdict
        (the first reading's on a tie): a paste holding markup is a text or a page's fragment, whichever it
        is published as, so a copy hidden from either reading is found by the other.  A reading that cannot
        be read refuses the paste (:class:`DeskError`, as an upload of it is refused): a page's reading passed
        over left the text's alone, which reads a copy a word a ``<span>`` as markup words, and passed it."""
        data = text.encode("utf-8", "surrogatepass")
        outcomes = [self.check_upload(name, data, pages=pages) for name in paste_names(text)]
        worst = worst_verdict(outcome.checks[0].verdict for outcome in outcomes)
        return next(outcome for outcome in outcomes if outcome.checks[0].verdict == worst)

    def check(self, doc: Document, *, pages: bool = False, page: str | None = None) -> CheckOutcome:
        """Check ``doc`` against the index by the policy (a worker's job); with ``pages``, the pairs of the
        first :attr:`DeskConfig.shown_pairs` matches, as the check verified them, for the side-by-side view.
        ``page`` is the HTML ``doc`` was read from (an upload's), compared outside its article body too."""
        baseline = self.baseline()
        html = None if page is None else {doc.path: page}

        def work(index: Index) -> tuple[list[FileCheck], list[tuple[str, PairResult, Document, Document]]]:
            verified: list[tuple[str, PairResult, Document, Document]] = []  # afresh should a read be tried again
            kept = verified if pages else None
            checks = check_documents(
                [doc], index, self.settings, self.policy, baseline=baseline, verified_pairs=kept, pages=html
            )
            return checks, verified

        checks, verified = self._read(work)
        shown = _shown_name(doc)
        checks = [replace(c, path=shown) for c in checks]
        by_source = {source_id: (pair, source, new) for source_id, pair, source, new in verified}
        views: list[tuple[str, PairResult, Document, Document]] = []
        for match in checks[0].matches[: self.config.shown_pairs] if pages else ():
            pair, source, new = by_source[match.source_id]
            # Shown as named, not <desk>/…
            views.append((match.source_id, *_source_first(pair, source, replace(new, path=shown), self.settings)))
        return CheckOutcome(tuple(checks), doc, tuple(views))

    # -- browsing -----------------------------------------------------------------

    def missing(self, sample: int = 20) -> list[str]:
        """Paths of the first ``sample`` archived articles whose file is not found from the current folder
        (the index stores paths as ``provenance index`` was given them: the desk runs where it ran)."""
        paths = [path for _, path in self.documents()[:sample]]
        return [p for p in paths if not Path((jsonl_line(p) or (p, 0))[0]).is_file()]

    def documents(self) -> list[tuple[str, str]]:
        """(id, path) of every archived article, by id."""
        return self._read(lambda index: index.documents())

    def count(self) -> int:
        """How many articles the archive holds (a count, not the listing)."""
        return self._read(lambda index: index.count())

    def article(self, doc_id: str) -> ArticleView:
        """The archived article ``doc_id`` and its matches in the rest of the archive (404 when unknown)."""
        path = self._read(lambda index: index.path_of(doc_id))  # not the listing: a million rows a view
        if path is None:
            raise DeskError(f"no article {doc_id!r} in the archive", 404)
        try:
            doc = load_article(path, max_bytes=self.settings.max_file_bytes, links=False, doc_id=doc_id)
        except LoadError as err:
            raise DeskError(f"{doc_id}: {path} cannot be read ({err})", 410) from None
        baseline = self.baseline()
        checks = self._read(lambda index: check_documents([doc], index, self.settings, self.policy, baseline=baseline))
        doc = describe_document(prepare(doc, self.settings), self.settings)
        return ArticleView(doc, checks[0])

    def survey(self) -> Survey | None:
        """The archive's clusters and spelling table; None while they are computed (in the background,
        once for each list of articles)."""
        held = self.count()  # an archive past the bound is refused without listing it (a million rows)
        if held > self.config.max_survey:
            raise DeskError(
                f"the archive holds {held:,} articles, more than the desk surveys "
                f"({self.config.max_survey:,}); run `provenance scan` for its clusters and spellings",
                422,
            )
        listing = tuple(self.documents())
        with self._lock:
            if self._survey_failed is not None:
                failed, self._survey_failed = self._survey_failed, None
                raise DeskError(f"the survey of the archive failed ({failed}); reload to try again", 500)
            if self._survey is not None and self._survey.documents == listing:
                return self._survey
            if self._surveying is None or not self._surveying.is_alive():
                self._surveying = threading.Thread(
                    target=self._compute_survey, args=(listing,), name="desk-survey", daemon=True
                )
                self._surveying.start()
            return None

    def wait_survey(self, timeout: float) -> Survey | None:
        """The survey, waiting up to ``timeout`` seconds for one being computed (tests, the API)."""
        survey = self.survey()
        thread = self._surveying
        if survey is None and thread is not None:
            thread.join(timeout)
            survey = self.survey()
        return survey

    def _compute_survey(self, listing: tuple[tuple[str, str], ...]) -> None:
        docs: list[Document] = []
        problems: list[LoadProblem] = []
        for doc_id, path in listing:
            try:
                docs.append(load_article(path, max_bytes=self.settings.max_file_bytes, links=False, doc_id=doc_id))
            except LoadError as err:
                problems.append(LoadProblem(path, str(err)))
        try:
            result = scan(docs, self.settings, problems=problems)
        except Exception as err:  # said on the next request (its kind; the details, paths and all, in the log)
            _LOG.exception("the survey of the archive failed")
            with self._lock:
                self._survey_failed = type(err).__name__
            return
        with self._lock:
            self._survey = Survey(result, time.time(), listing)

    # -- adding -------------------------------------------------------------------

    def add(self, doc_id: str, name: str, data: bytes) -> str:
        """Write ``data`` into the archive folder as ``doc_id`` + the suffix of ``name`` and index it; returns
        the id. :class:`DeskError` 409 when the id or the file is taken."""
        if not _ID.fullmatch(doc_id):
            raise DeskError(f"{doc_id!r}: an id is letters, digits, '.', '-' and '_' (at most 128)", 422)
        suffix = _suffix(upload_name(name))
        doc = self.read_upload(f"{doc_id}{suffix}", data)  # refuses what a check would refuse
        folder = Path(self.config.archive)
        if not folder.is_dir():
            raise DeskError(f"{folder}: {NO_ARCHIVE}", 409)
        target = folder / f"{doc_id}{suffix}"
        added = doc.id if suffix in EXPORT_SUFFIXES else doc_id  # an export's article keeps its own id
        if not _ID.fullmatch(added):  # which the export states: held to the rule the form's id is held to
            raise DeskError(f"{added!r}: the export's id is not letters, digits, '.', '-' and '_' (at most 128)", 422)
        taken = DeskError(f"{added}: already in the archive ({target})", 409)
        with self._writing:
            # lexists: a dangling symlink is taken too (a link is never written through, nor replaced).
            held = self._read(lambda index: index.path_of(doc_id) or index.path_of(added))  # not the listing
            if held is not None or os.path.lexists(target):
                raise taken
            try:  # never over a file another process (a second desk, a copy) put there since the look
                write_atomic_binary(target, lambda handle: handle.write(data), replace=False)
            except FileExistsError:
                raise taken from None
            try:
                stats = self.index().update([str(target)], ids={str(target): doc_id}, prune=False)
            except BaseException:
                target.unlink()  # not indexed, so not added: trying again must find the name free
                raise
            if stats.problems:
                target.unlink()
                raise DeskError(f"{target}: not added, the index cannot read it ({stats.problems[0].reason})", 422)
        return added


def _source_first(
    pair: PairResult, source: Document, new: Document, settings: Settings
) -> tuple[PairResult, Document, Document]:
    """A check's pair as ``provenance compare SOURCE TEXT`` shows it, with the two documents in that order:
    read source → new text as the check read it (:func:`~provenance.ci.check.read_from_source`: the source
    as ``a``, its changes classified from the source's side), its direction decided afresh for that order,
    nothing aligned or classified again.  Only when the view sets aside chrome (boilerplate lines) that
    the check kept (it verifies without chrome only what the outlet or the chrome file marks as such) are
    the texts without it compared, as the view always showed them.
    """
    (source_shown, new_shown), chrome = set_aside([source, new], settings)
    if chrome:  # none when the check verified the texts without it: set_aside leaves those as they are
        return compare(source_shown, new_shown, settings), source_shown, new_shown
    if not pair.is_reuse:  # a warning's overlap: no source, no copy
        return replace(pair, provenance=None), source, new
    return direction(pair, source, new, settings), source, new


def _unread(name: str, reason: str) -> DeskError:
    """The error of an upload that could not be read: 413 for a ``.gz`` decompressing past the limit (a gzip
    bomb, as a text over its limit), else 422."""
    return DeskError(f"{name}: {reason}", 413 if reason.startswith(GZIP_LIMIT_REASON) else 422)


def _shown_name(doc: Document) -> str:
    """The name a check shows for an uploaded text: as uploaded, without the made-up folder."""
    prefix = f"{_UPLOAD_FOLDER}/"
    return doc.path[len(prefix) :] if doc.path.startswith(prefix) else doc.path


def related(check: FileCheck) -> dict[str, list[str]]:
    """The ids of an article's matches by how they relate to it: ``reuses`` (it took text from them),
    ``reused_by`` (they took text from it) and ``shares`` (a common source, or no direction decided)."""
    out: dict[str, list[str]] = {"reuses": [], "reused_by": [], "shares": []}
    for m in check.matches:
        key = {"a-from-b": "reuses", "b-from-a": "reused_by"}.get(m.relation or "", "shares")
        out[key].append(m.source_id)
    return out
