"""Reading articles from disk: the only place the pipeline touches input files.

Plain text (``.txt``), Markdown (``.md``, ``.markdown``), HTML pages (``.html``,
``.htm``) and JSON Lines exports (``.jsonl``, one article a line) are read; the
formats themselves are handled by :mod:`provenance.io.formats`. A file (or a JSONL
line) that cannot be used (empty, binary, undecodable, too large, unreadable,
malformed) is returned as a :class:`~provenance.models.LoadProblem` with a
one-line reason, so the caller reports it and goes on with the rest.
"""

from __future__ import annotations

import bisect
import contextlib
import errno
import functools
import gzip
import io
import json
import os
import re
import stat
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import numpy as np

from ..errors import ProvenanceError
from ..models import Document, LoadProblem
from ..parallel import effective_jobs, parallel_map, runs
from ..settings import ConfigTable, Settings, SettingsError
from .formats import (
    DecodeError,
    declared_meta,
    decode,
    decode_html,
    extract_page,
    has_words,
    html_page,
    mask_markdown,
)

__all__ = [
    "ARTICLE_LINK_REASON",
    "ARTICLE_SUFFIXES",
    "BAD_NAME_REASON",
    "EXPORT_SUFFIXES",
    "FOLDER_LINK_REASON",
    "GZIP_LIMIT_REASON",
    "NO_ARTICLES",
    "OUTSIDE_REASON",
    "SERVER_PAGE_SUFFIXES",
    "UNREAD_PAGE",
    "UNREAD_PAGE_SUFFIXES",
    "CanonicalPaths",
    "CorpusListing",
    "CorpusRules",
    "LoadError",
    "StreamLines",
    "UnreadFiles",
    "article_bytes",
    "articles_in_bytes",
    "blank_lines",
    "canonical_path",
    "corpus_ids",
    "corpus_members",
    "corpus_paths",
    "file_stem",
    "folder_path",
    "format_suffix",
    "inner_name",
    "jsonl_line",
    "kind_suffix",
    "linked_part",
    "list_corpus",
    "list_folder",
    "list_folders",
    "load_article",
    "load_articles",
    "load_file",
    "load_folder",
    "load_jsonl",
    "load_paths",
    "outside_roots",
    "read_article_bytes",
    "titled_text",
    "unread_summary",
]

TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
GZIP_SUFFIX = ".gz"
"""What a gzip-compressed article's name ends with, after its format's suffix (``story.html.gz``): archives are
often stored compressed, and a folder of ``.html.gz`` pages was indexed as "1 documents", its README."""
ARTICLE_SUFFIXES = SUFFIXES + tuple(s + GZIP_SUFFIX for s in SUFFIXES)
"""Every suffix of an article file: each format's, and each followed by ``.gz``."""
EXPORT_SUFFIXES = JSONL_SUFFIXES + tuple(s + GZIP_SUFFIX for s in JSONL_SUFFIXES)
"""The suffixes of a file holding many articles, one a line (a JSON Lines export, compressed or not)."""
UNREAD_PAGE_SUFFIXES = (
    *(".mkd", ".mkdn", ".mkdown", ".mdown", ".mdwn", ".markdn", ".mdtext", ".mdtxt", ".mdx"),
    *(".xhtml", ".xht", ".shtml"),
    *(".rst", ".adoc", ".asciidoc", ".org", ".textile", ".pandoc", ".pdc", ".mmark"),
)
"""Pages a static site publishes that the loader does not read: Jekyll's and Hugo's other spellings of
Markdown, XHTML and server-side HTML, and the other markups Hugo renders.  A copy saved as
``seeds/copy.mkd`` was no article of the corpus, and the gate said "no new or modified articles"."""
SERVER_PAGE_SUFFIXES = (".php", ".php3", ".php4", ".php5", ".php7", ".phtml", ".asp", ".aspx", ".jsp", ".cfm")
"""Pages a server sends as HTML whatever they begin with (PHP's, ASP's, JSP's and ColdFusion's default type is
``text/html``; what lies outside their code is sent as it is): ``check``, ``compare``, ``extract`` and
``accept`` refuse one as a page, never reading it as text.  The sniff (:func:`~provenance.io.formats.html_page`)
is how a browser reads a file it is not told the type of; a ``copy.php`` beginning with a word ("Islam Times:",
``&nbsp;``) and then seeds/001 with each word in a ``<span>`` is such a page, and passed, "no reuse found"."""
UNREAD_PAGE = "a page in a format provenance does not read"
"""What a file of :data:`UNREAD_PAGE_SUFFIXES` is called, by the gate and by ``check``, ``compare``, ``extract``."""


class LoadError(ProvenanceError):
    """A file could not be loaded; the message names the problem, not the file."""


_SPECIAL = {
    stat.S_IFIFO: "named pipe",
    stat.S_IFCHR: "character device",
    stat.S_IFBLK: "block device",
    stat.S_IFSOCK: "socket",
    stat.S_IFDIR: "directory",
}
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _not_regular(mode: int) -> str | None:
    """Why a file of this mode is never opened (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    return f"not a regular file ({_SPECIAL.get(stat.S_IFMT(mode), 'special file')})"


def _too_large(size: int, max_bytes: int) -> str:
    return f"file too large ({size:,} bytes; the limit is {max_bytes:,})"


def format_suffix(name: str) -> str:
    """The suffix naming the format of the file ``name`` (lower case): its last, or the one before a ``.gz``.

    >>> format_suffix("2019/Story.HTML.gz"), format_suffix("a.txt"), format_suffix("a.gz"), format_suffix("x")
    ('.html', '.txt', '', '')
    """
    stem, suffix = os.path.splitext(name)
    if suffix.lower() == GZIP_SUFFIX:
        suffix = os.path.splitext(stem)[1]
    return suffix.lower()


def kind_suffix(name: str) -> str:
    """The suffix telling what kind of file ``name`` is (lower case): its format's (:func:`format_suffix`),
    followed by ``.gz`` when it is compressed.

    >>> kind_suffix("2019/Story.HTML.gz"), kind_suffix("a.txt"), kind_suffix("a.gz"), kind_suffix("LICENSE")
    ('.html.gz', '.txt', '.gz', '')
    """
    suffix = os.path.splitext(name)[1].lower()
    return format_suffix(name) + suffix if suffix == GZIP_SUFFIX else suffix


def _compressed(name: str) -> bool:
    return name.lower().endswith(GZIP_SUFFIX)


def inner_name(name: str) -> str:
    """A file's name as it is without its ``.gz`` (``a.html.gz`` is ``a.html``): it gives the format and stem."""
    return name[: -len(GZIP_SUFFIX)] if _compressed(name) else name


def file_stem(path: str | os.PathLike[str]) -> str:
    """The id of a file named outside any corpus folder: its name without its suffix, and without a ``.gz``
    before that (a compressed article is named as the file it compresses).

    >>> file_stem("news/story.html.gz"), file_stem("story.txt"), file_stem("x.gz")
    ('story', 'story', 'x')
    """
    return PurePosixPath(inner_name(Path(path).name)).stem


GZIP_LIMIT_REASON = "decompresses to more than the limit"
"""How the reason a compressed file is refused for what it decompresses to begins (a gzip bomb: the desk
answers it 413, as a text over its limit)."""


def _gunzip(compressed: BinaryIO, max_bytes: int) -> bytes:
    """The decompressed bytes of a gzip stream, read a block at a time and never more than ``max_bytes`` of
    them: a file that holds more (a gzip bomb: 10 MB of zeros compress to 10 kB) is refused when its
    decompressed text passes the limit, before the rest is decompressed.  Raises :class:`LoadError` for a
    stream that is not gzip, is cut short or corrupt, or decompresses to more than ``max_bytes``."""
    try:
        with gzip.GzipFile(fileobj=compressed, mode="rb") as stream:
            data = stream.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as err:  # gzip.BadGzipFile is an OSError
        raise LoadError(f"not a readable gzip file ({err})") from None
    if len(data) > max_bytes:
        raise LoadError(f"{GZIP_LIMIT_REASON} of {max_bytes:,} bytes (a gzip bomb?)")
    return data


def read_article_bytes(path: str | os.PathLike[str], max_bytes: int, *, links: bool = True) -> bytes:
    """The bytes of the article file at ``path`` as its reader reads them: a ``.gz`` file's decompressed
    (:func:`_gunzip`), at most ``max_bytes`` either way.  Raises :class:`LoadError`."""
    return article_bytes(os.fspath(path), _read(path, max_bytes, links=links), max_bytes)


def article_bytes(name: str, data: bytes, max_bytes: int) -> bytes:
    """The bytes ``data`` of an article file named ``name`` (read elsewhere: an upload) as its reader reads
    them, as :func:`read_article_bytes` does.  Raises :class:`LoadError`.

    >>> article_bytes("a.html.gz", gzip.compress(b"<p>Text.</p>", mtime=0), 100)
    b'<p>Text.</p>'
    """
    return _gunzip(io.BytesIO(data), max_bytes) if _compressed(name) else data


NO_ARTICLES = "no readable article files"
"""The error of a corpus that holds no article (``scan``, ``index``, ``check``): a check against nothing would
pass any text, a scan of nothing would look like a scan that found nothing."""
LINK_REASON = "symbolic link (check and gate never read one)"
"""The problem reason of a symbolic link where links are not read (``links=False``: check and gate)."""
SWAPPED_REASON = "file replaced while being read (not read)"
"""The problem reason of a file that is not, once opened, the file that was looked at."""


def _open(path: str | os.PathLike[str], *, links: bool) -> tuple[int, os.stat_result]:
    """A descriptor of the regular file at ``path`` and its status, opened without following a
    symbolic link unless ``links`` (then its target, which the caller has checked, is opened).

    The file is looked at first (opening a FIFO or a device could block or have effects), then
    opened non-blocking, and what was opened must be the file looked at: a file swapped for a link,
    a FIFO or another file in between is refused, not read.  Raises :class:`LoadError` or OSError.
    """
    seen = os.lstat(path)
    flags = _OPEN_FLAGS
    if stat.S_ISLNK(seen.st_mode):
        if not links:
            raise LoadError(LINK_REASON)
        seen = os.stat(path)
    else:
        flags |= _NO_FOLLOW
    why = _not_regular(seen.st_mode)
    if why is not None:
        raise LoadError(why)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        if err.errno == errno.ELOOP:  # became a link since lstat()
            raise LoadError(SWAPPED_REASON) from None
        raise
    opened = os.fstat(fd)
    if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (seen.st_dev, seen.st_ino):
        os.close(fd)
        raise LoadError(SWAPPED_REASON)
    return fd, opened


def _read(p: str | os.PathLike[str], max_bytes: int, *, links: bool = True) -> bytes:
    try:
        fd, info = _open(p, links=links)
        with os.fdopen(fd, "rb") as handle:
            if info.st_size > max_bytes:
                raise LoadError(_too_large(info.st_size, max_bytes))
            # Asked for the file's size and a byte: a read of ``max_bytes + 1`` sets aside that many bytes
            # (10 MB by default) for every file, however small, and then shrinks them.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:  # grew since stat(): read on to the limit, as before
                data += handle.read(max_bytes + 1 - len(data))
    except OSError as err:
        raise LoadError(err.strerror or str(err)) from None
    if len(data) > max_bytes:  # grew since stat()
        raise LoadError(f"file too large (over the limit of {max_bytes:,} bytes)")
    return data


def load_file(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = Settings.max_file_bytes,
    links: bool = True,
    doc_id: str | None = None,
    shown: bool = False,
) -> Document:
    """Load one text, Markdown or HTML file as a :class:`Document` whose id is ``doc_id``, else the file stem
    (a corpus file's id is given by :func:`list_corpus`: its path inside the corpus folder).  With ``shown``,
    an HTML page keeps its lines as shown (:attr:`Document.shown_lines`): a page a check reads.

    Raises :class:`LoadError` for a file that is empty, binary, undecodable, has
    no article text, or is larger than ``max_bytes`` (checked before reading, so
    nothing huge is read). Text that is not UTF-8 is decoded with a detected
    encoding, recorded in :attr:`Document.encoding`.  With ``links=False`` a symbolic link is
    refused, never read (check and gate: a pull request may add a link to any file).
    """
    p = Path(path)
    suffix = format_suffix(p.name)
    if suffix in JSONL_SUFFIXES:
        raise LoadError(  # the caller names the file; the command to type names it too
            f"a JSON Lines file holds one article a line: name one by its line, as {path}:1 (scan and index read "
            "them all)"
        )
    # Read as plain text, a page's markup was words and its chrome a credit (a whole page as .xhtml passed
    # `check`), and a JSON file's escapes changed figures; the gate refuses such pages, the desk such names.
    if suffix in UNREAD_PAGE_SUFFIXES:
        raise LoadError(f"{UNREAD_PAGE}; save it as .txt, .md or .html")
    if suffix == ".json":
        raise LoadError(
            'a JSON file, not JSON Lines: provenance reads a .jsonl export, one {"id", "text"} object a line'
        )
    return _parse(str(p), inner_name(p.name), read_article_bytes(p, max_bytes, links=links), doc_id, shown)


def _parse(path: str, name: str, data: bytes, doc_id: str | None = None, shown: bool = False) -> Document:
    """The article of a text, Markdown or HTML file's (decompressed) bytes; ``name`` (without a ``.gz``) gives
    its format, and its id unless ``doc_id`` is given; an HTML page with its shown lines when ``shown``."""
    suffix = PurePosixPath(name).suffix.lower()
    try:
        text, encoding = decode_html(data) if suffix in HTML_SUFFIXES else decode(data)
        declared = None
        fmt = "text"
        warning = None
        lines = None
        if suffix in HTML_SUFFIXES:
            page = extract_page(text, shown=shown)
            text, declared, warning, lines = page.text, page.declared, page.warning, page.shown
            fmt = "html"
        elif suffix in MARKDOWN_SUFFIXES:
            text, declared = mask_markdown(text)
            fmt = "markdown"
            if not text.strip():
                raise LoadError("no text (only Markdown markup)")
        elif suffix in SERVER_PAGE_SUFFIXES:
            raise LoadError(f"{UNREAD_PAGE} (a page a server sends as HTML); save it as .html")
        elif suffix not in TEXT_SUFFIXES and html_page(text):  # a page of another suffix or none: a .txt is text
            raise LoadError(f"{UNREAD_PAGE} (an HTML page under another suffix); save it as .html")
    except DecodeError as err:
        raise LoadError(str(err)) from None
    ident = doc_id if doc_id is not None else PurePosixPath(name).stem
    return Document(
        id=ident,
        path=path,
        text=text,
        declared=declared,
        encoding=encoding,
        format=fmt,
        extraction_warning=warning,
        shown_lines=lines,
    )


def articles_in_bytes(
    path: str,
    data: bytes,
    *,
    max_bytes: int = Settings.max_file_bytes,
    doc_id: str | None = None,
    shown: bool = False,
) -> Iterator[Document | LoadProblem]:
    """The articles of a file's bytes read elsewhere (a Hadoop file system, an upload), by the rules of
    :func:`load_articles`; ``path`` is kept as written (a URI) and its last part names the file
    (and its id, unless ``doc_id`` is given); an HTML page with its shown lines when ``shown``.

    >>> [d.id for d in articles_in_bytes("hdfs://host/news/a.md", b"# Title\\n\\nSome text.")]
    ['a']
    >>> [d.id for d in articles_in_bytes("hdfs://host/news/b.txt.gz", gzip.compress(b"Some text.", mtime=0))]
    ['b']
    """
    name = path.rsplit("/", 1)[-1]
    if format_suffix(name) in JSONL_SUFFIXES:  # as load_jsonl streams it, compressed or not
        yield from _jsonl_lines(io.BufferedReader(io.BytesIO(data)), path, max_bytes, compressed=_compressed(name))
        return
    try:
        data = article_bytes(name, data, max_bytes)
    except LoadError as err:
        yield LoadProblem(path, str(err))
        return
    if len(data) > max_bytes:
        yield LoadProblem(path, _too_large(len(data), max_bytes))
        return
    try:
        yield _parse(path, inner_name(name), data, doc_id, shown)
    except LoadError as err:
        yield LoadProblem(path, str(err))


_FIELDS = frozenset(("id", "text", "date", "outlet", "title", "url"))
"""The keys of a JSON Lines article that are read."""


class _Record(dict[str, object]):
    """A JSON object as :func:`json.loads` builds it, with the keys it held more than once."""

    repeated: frozenset[str] = frozenset()
    """Keys the object held more than once (json keeps the last value)."""


def _record(pairs: list[tuple[str, object]]) -> _Record:
    record = _Record(pairs)
    if len(record) != len(pairs):
        record.repeated = frozenset(k for k, n in Counter(k for k, _ in pairs).items() if n > 1)
    return record


def titled_text(title: object, text: str) -> str:
    """An export line's ``text``, after its ``title`` when that holds 25 words or more (no headline does: a
    copy a site shows as the page's heading), as the local loader and Spark's records read it.

    >>> titled_text("Talks resume", "Body."), titled_text("word " * 25, "Body.").endswith("\\n\\nBody.")
    ('Body.', True)
    """
    if isinstance(title, str) and has_words(title):
        return f"{_SURROGATE.sub(chr(0xFFFD), title)}\n\n{text}"
    return text


def _jsonl_document(line: bytes, where: str) -> Document:
    try:
        record = json.loads(line.decode("utf-8-sig"), object_pairs_hook=_record)
    except UnicodeDecodeError as err:
        raise LoadError(f"not valid UTF-8 (byte 0x{line[err.start]:02x} at offset {err.start})") from None
    except json.JSONDecodeError as err:
        raise LoadError(f"not valid JSON ({err.msg} at column {err.colno})") from None
    except RecursionError:  # json's parser recurses once per level of [ or {
        raise LoadError("not valid JSON (nested too deeply)") from None
    except ValueError:  # an integer of more digits than int() converts (sys.get_int_max_str_digits)
        raise LoadError("not valid JSON (a number too long to read)") from None
    if not isinstance(record, _Record):
        raise LoadError("expected a JSON object with 'id' and 'text'")
    if twice := sorted(_FIELDS & record.repeated):
        # json keeps a key's last value, other readers its first: a line {"text": COPY, "text": "short"} was
        # checked as "short", and a site whose reader keeps the first value publishes the copy.
        raise LoadError(f"the key {twice[0]!r} given twice (readers differ on which value counts)")
    ident, text = record.get("id"), record.get("text")
    if isinstance(text, str):  # JSON may escape lone surrogates, which no later stage can encode
        text = _SURROGATE.sub("\ufffd", text)
    if isinstance(ident, str):
        ident = _SURROGATE.sub("\ufffd", ident)
    if isinstance(ident, int) and not isinstance(ident, bool):
        ident = str(ident)
    if not isinstance(ident, str) or not ident.strip():
        raise LoadError("missing 'id' (a non-empty string)")
    if not isinstance(text, str) or not text.strip():
        raise LoadError("missing 'text' (a non-empty string)")
    title = record.get("title")
    declared = declared_meta(date=record.get("date"), outlet=record.get("outlet"), title=title, url=record.get("url"))
    text = titled_text(title, text)
    return Document(id=ident.strip(), path=where, text=text, declared=declared, format="jsonl")


def jsonl_line(path: str) -> tuple[str, int] | None:
    """The file and line of a JSON Lines article's path (``file.jsonl:LINE``, as :func:`load_jsonl`
    names it), or None for any other path.

    >>> jsonl_line("export.jsonl:12"), jsonl_line("a.txt")
    (('export.jsonl', 12), None)
    """
    file, colon, number = path.rpartition(":")
    if not colon or not (number.isascii() and number.isdigit()) or not file.lower().endswith(EXPORT_SUFFIXES):
        return None
    return file, int(number)


def load_jsonl(
    path: str | os.PathLike[str], *, max_bytes: int = Settings.max_file_bytes, links: bool = True
) -> Iterator[Document | LoadProblem]:
    """Documents from a JSON Lines export, streamed a line at a time.

    Each line is one article (``id``, ``text``, optional ``date``, ``url``,
    ``outlet``, ``title``); its path is ``file.jsonl:LINE``. A bad line is a
    :class:`LoadProblem` naming that line and the others still load; a line
    longer than ``max_bytes`` is skipped without being read whole.
    A compressed export (``.jsonl.gz``) is decompressed as it is read, by the same rules a line at a time:
    neither it nor its text is bounded as a whole.  Raises :class:`LoadError` when the file cannot be opened
    (``links``: as :func:`load_file`).
    """
    p = Path(path)
    try:
        handle = os.fdopen(_open(p, links=links)[0], "rb")
    except OSError as err:
        raise LoadError(err.strerror or str(err)) from None
    with handle:
        yield from _jsonl_lines(handle, str(p), max_bytes, compressed=_compressed(p.name))


_READ_ERRORS = (OSError, EOFError, zlib.error)
"""What reading a stream raises: OSError (gzip.BadGzipFile is one), and a gzip stream's EOFError (cut short)
and zlib.error (corrupt)."""


class StreamLines:
    """The lines of a binary stream (a file, a :class:`gzip.GzipFile`), numbered as :func:`load_jsonl` numbers
    them: each line as the pieces of at most ``chunk`` bytes it is read in, lazily (those its reader leaves
    are passed over, never held: memory bounded by a chunk however long a line); after a blank line (white
    space alone), the blank lines that follow it are passed a buffer at a time (a gzip bomb of newlines costs
    no loop a line).  The one reading of an export's lines, for the loader and for the gate's new lines of
    an export (:mod:`provenance.ci.git`).

    >>> lines = StreamLines(io.BufferedReader(io.BytesIO(b"ab\\n\\n\\n  \\ncdefg\\nh")), chunk=3)
    >>> [(number, b"".join(pieces)) for number, pieces in lines]
    [(1, b'ab\\n'), (2, b'\\n'), (5, b'cdefg\\n'), (6, b'h')]
    """

    def __init__(self, stream: io.BufferedReader | gzip.GzipFile, *, chunk: int) -> None:
        self._stream = stream
        self._chunk = chunk
        self.number = 0
        """The number of the line last read (0 before the first)."""
        self.within = False
        """Whether a failure to read came within that line (its rest), not after it."""

    def __iter__(self) -> Iterator[tuple[int, Iterator[bytes]]]:
        stream = self._stream
        while line := stream.readline(self._chunk):
            self.number += 1
            self.within = True
            pieces = self._pieces(line)
            yield self.number, pieces
            for _ in pieces:  # the rest of the line its reader left, read and dropped
                pass
            self.within = False
            if not line.strip():  # blank lines are passed a buffer at a time (after one: peeking costs a copy)
                while blank := blank_lines(stream.peek(1)[: self._chunk]):  # whole blank lines only
                    self.number += stream.read(blank).count(b"\n")

    def _pieces(self, line: bytes) -> Iterator[bytes]:
        yield line
        while not line.endswith(b"\n") and (line := self._stream.readline(self._chunk)):
            yield line


def _jsonl_lines(
    handle: io.BufferedReader, path: str, max_bytes: int, *, compressed: bool = False
) -> Iterator[Document | LoadProblem]:
    """The articles of a JSON Lines stream (gzip-``compressed``: decompressed as it is read), a line at a time
    (see :func:`load_jsonl`): never more than ``max_bytes + 1`` bytes of it held at once.  A stream that
    cannot be read on (an I/O error, a gzip stream corrupt or cut short) ends with a problem naming the line
    reached; the lines before it are read."""
    stream: io.BufferedReader | gzip.GzipFile = gzip.GzipFile(fileobj=handle, mode="rb") if compressed else handle
    reader = StreamLines(stream, chunk=max_bytes + 1)  # a line's first piece is read, the rest of a long one not
    bad = first = last = 0
    failure: LoadProblem | None = None
    try:
        for number, pieces in reader:
            item = _line_article(next(pieces), f"{path}:{number}", max_bytes)
            if isinstance(item, LoadProblem) and (bad := bad + 1) > NAMED_LINE_PROBLEMS:
                first, last = first or number, number  # counted, not kept: a bomb of bad lines holds no list
            elif item is not None:
                yield item
    except _READ_ERRORS as err:
        reached = reader.number if reader.within else reader.number + 1  # a failure within a long line names it
        failure = LoadProblem(f"{path}:{reached}", _read_failure(err, compressed))
    if bad > NAMED_LINE_PROBLEMS:
        lines = f"line {first:,}" if first == last else f"lines {first:,} to {last:,}"
        more = f"and {bad - NAMED_LINE_PROBLEMS:,} more lines could not be read ({lines}; the first"
        yield LoadProblem(path, f"{more} {NAMED_LINE_PROBLEMS} are named)")
    if failure is not None:
        yield failure


NAMED_LINE_PROBLEMS = 100
"""Bad lines of one export named each by a problem, at most; the rest are counted in one closing problem
(``and 2,999,900 more lines could not be read (lines 101 to 3,000,000; …)``).  An export this broken is
broken as a whole, and its first hundred say how; a problem kept for each of them held 3 billion problems
in memory for a 10 MB ``.jsonl.gz`` of ``{}`` lines (10 GB of text), or a 10 MB plain one 3.3 million."""


def blank_lines(data: bytes) -> int:
    """How many bytes at the start of ``data`` are whole blank lines (white space alone, as ``bytes.strip``
    strips it).

    >>> blank_lines(b"\\n \\r\\n\\t\\n  {"), blank_lines(b"  \\n"), blank_lines(b"{}\\n"), blank_lines(b"   ")
    (6, 3, 0, 0)
    """
    space = len(data) - len(data.lstrip(b" \t\n\r\x0b\x0c"))
    return data.rfind(b"\n", 0, space) + 1


def _read_failure(err: BaseException, compressed: bool) -> str:
    """The problem reason of a stream whose reading failed with ``err``."""
    if compressed:
        return f"not a readable gzip file ({err})"
    return (err.strerror if isinstance(err, OSError) else None) or str(err)


def _line_article(line: bytes, where: str, max_bytes: int) -> Document | LoadProblem | None:
    """The article of one line of an export as read with ``readline(max_bytes + 1)``
    (None for a blank line)."""
    if len(line) > max_bytes and not line.endswith(b"\n"):
        return LoadProblem(where, f"line too large (over {max_bytes:,} bytes)")
    if not line.strip():
        return None
    try:
        return _jsonl_document(line, where)
    except LoadError as err:
        return LoadProblem(where, str(err))


def load_articles(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = Settings.max_file_bytes,
    links: bool = True,
    doc_id: str | None = None,
    shown: bool = False,
) -> Iterator[Document | LoadProblem]:
    """The articles of one file: its :class:`Document` (id ``doc_id``, else its stem; an HTML page with its
    shown lines when ``shown``), or one a line of a JSON Lines export (each line's ``id`` field; ``doc_id`` is
    not used).

    What cannot be read is a :class:`LoadProblem` (the file's, or a line's), never an exception.
    """
    if format_suffix(Path(path).name) in JSONL_SUFFIXES:
        try:
            yield from load_jsonl(path, max_bytes=max_bytes, links=links)
        except LoadError as err:
            yield LoadProblem(str(path), str(err))
        return
    try:
        yield load_file(path, max_bytes=max_bytes, links=links, doc_id=doc_id, shown=shown)
    except LoadError as err:
        yield LoadProblem(str(path), str(err))


def load_article(
    path: str, *, max_bytes: int = Settings.max_file_bytes, links: bool = True, doc_id: str | None = None
) -> Document:
    """One article by its path: a file (id ``doc_id``, else its stem), or ``file.jsonl:LINE``, a line of a
    JSON Lines export (the paths :func:`load_articles` gives, which the index stores).

    A line is read where it starts: the export's line starts are found once (a pass over its bytes,
    kept while its size and mtime stay the same), so loading candidates from a large export does not
    parse every line before theirs; a compressed export's access points likewise (:func:`_gzip_access`),
    and a line is decompressed from the one before it.  Raises :class:`LoadError` when the article cannot
    be read, or the export has no article on that line.
    """
    at = jsonl_line(path)
    if at is None:
        return load_file(path, max_bytes=max_bytes, links=links, doc_id=doc_id)
    file, number = at
    if _compressed(file):
        return _compressed_line(file, number, max_bytes=max_bytes, links=links)
    try:
        fd, info = _open(file, links=links)
        with os.fdopen(fd, "rb") as handle:
            starts = _line_starts(file, info.st_size, info.st_mtime_ns)
            if not 1 <= number <= len(starts):
                raise LoadError(f"no article on line {number}")
            handle.seek(int(starts[number - 1]))
            line = handle.readline(max_bytes + 1)
    except OSError as err:
        raise LoadError(err.strerror or str(err)) from None
    return _numbered_line(line, file, number, max_bytes)


def _compressed_line(file: str, number: int, *, max_bytes: int, links: bool) -> Document:
    """The article on line ``number`` of the compressed export ``file``, decompressed from the access point
    before it (:func:`_gzip_access`, read by ``indexed_gzip``), its line bounded by ``max_bytes`` as
    :func:`load_jsonl` bounds it.  Raises :class:`LoadError`."""
    try:
        fd, info = _open(file, links=links)
        with os.fdopen(fd, "rb") as handle:
            access = _gzip_access(file, info.st_size, info.st_mtime_ns, links=links)
            if number > access.lines and access.failure is not None:
                raise LoadError(access.failure)  # the line lies past where the stream could be read
            if not 1 <= number <= access.lines:
                raise LoadError(f"no article on line {number}")
            try:
                line = _line_from(access, handle, number, max_bytes + 1)
            except (OSError, ValueError):  # indexed_gzip's ZranError is an OSError, NotCoveredError a ValueError
                if access.failure is None:
                    raise
                return _streamed_line(handle, file, number, max_bytes)
    except (OSError, ValueError) as err:
        raise LoadError(f"not a readable gzip file ({err})") from None
    return _numbered_line(line, file, number, max_bytes)


def _streamed_line(handle: io.BufferedReader, file: str, number: int, max_bytes: int) -> Document:
    """The article on line ``number`` of the compressed export ``handle``, streamed from its start: a line of a
    damaged export between its last access point and the damage, which ``indexed_gzip`` reads past (zlib's
    error on the damage loses the block of text before it), and the streaming reader reads.  Linear in the
    line's place, for such lines alone.  Raises :class:`LoadError`."""
    handle.seek(0)
    where = f"{Path(file)}:{number}"
    for item in _jsonl_lines(handle, str(Path(file)), max_bytes, compressed=True):
        if item.path == where:
            if isinstance(item, LoadProblem):
                raise LoadError(item.reason)
            return item
    raise LoadError(f"no article on line {number}")


_ACCESS_SPACING = 1 << 20
"""Decompressed bytes between two of ``indexed_gzip``'s access points of a compressed export, at least: each
read of it is decompressed from the point before, so about half this more than asked (~2 ms a line)."""
_ACCESS_POINTS = 256
"""Access points of one compressed export, at most: each holds 32 kB (deflate's window), so ~8 MB an export
whatever its size; past 256 MiB of text they are spaced further apart (a 10 GB bomb's every 40 MB)."""
_LINE_MARK_SPACING = 1 << 16
"""Decompressed bytes between two line marks (where a read starts, and how many newlines lie before it):
a line asked is looked for from the mark before it, one read of about this size."""
_LINE_MARKS = 1 << 16
"""Line marks of one compressed export, at most (~1 MB): past it every other one is dropped and their
spacing doubles (a 10 GB bomb's every 256 kB)."""


@dataclass(frozen=True)
class _GzipAccess:
    """How to read a line of a compressed export from near it, found in one pass over it
    (:func:`_gzip_access`): ``indexed_gzip``'s index of it, and line marks."""

    index: bytes
    """``indexed_gzip``'s access points (``export_index``), imported before each read."""
    spacing: int
    """Their spacing, in decompressed bytes."""
    marks: tuple[int, ...]
    """Decompressed offsets of the line marks, in order, 0 first."""
    newlines: tuple[int, ...]
    """Newlines before each mark, to look a line's mark up."""
    size: int
    """Decompressed bytes read before the stream's end or failure: no read goes past them."""
    lines: int
    """Lines of its text (a last one without a newline counted, unless the stream failed within it)."""
    failure: str | None
    """Why the stream could not be read to its end (the lines before that are read), or None."""


@functools.lru_cache(maxsize=4)
def _gzip_access(file: str, size: int, mtime_ns: int, *, links: bool) -> _GzipAccess:
    """How to read the lines of the compressed export ``file`` from near them (``size`` and ``mtime_ns`` key
    the cache), so loading k candidates of one export is one pass over it and k short reads, not k passes.

    The pass reads the text as :func:`load_jsonl` streams it (``gzip.GzipFile``, its read buffer at a time):
    the same lines, and the same failure (cut short, corrupt, a bad checksum, junk after) on the same line,
    which ``indexed_gzip`` does not all tell (it reads a stream cut short or followed by junk as if whole).
    ``indexed_gzip`` then indexes the text that was read."""
    with os.fdopen(_open(file, links=links)[0], "rb") as handle:
        marks, newlines, spacing = [0], [0], _LINE_MARK_SPACING
        out, count, last, failure = 0, 0, b"\n", None
        try:
            with gzip.GzipFile(fileobj=handle, mode="rb") as stream:
                while data := stream.read1(io.DEFAULT_BUFFER_SIZE):  # as readline reads it, the same failure
                    if out - marks[-1] >= spacing:
                        marks.append(out)
                        newlines.append(count)
                        if len(marks) > _LINE_MARKS:
                            marks, newlines, spacing = marks[::2], newlines[::2], spacing * 2
                    out += len(data)
                    count += data.count(b"\n")
                    last = data[-1:]
        except _READ_ERRORS as err:
            failure = _read_failure(err, compressed=True)
        points = max(_ACCESS_SPACING, -(-out // _ACCESS_POINTS))
        index = io.BytesIO()
        if out:
            from indexed_gzip import IndexedGzipFile  # here: 43 ms of import a one-shot check of no export skips

            handle.seek(0)
            with IndexedGzipFile(fileobj=handle, spacing=points, skip_crc_check=True) as indexed:
                with contextlib.suppress(OSError, ValueError):  # damage: the points before it are kept
                    indexed.seek(out)  # the index built up to where the pass read
                indexed.export_index(fileobj=index)
    lines = count + (last != b"\n" and failure is None)  # a last line cut by a failure is the failure's
    return _GzipAccess(index.getvalue(), points, tuple(marks), tuple(newlines), out, lines, failure)


def _line_from(access: _GzipAccess, handle: BinaryIO, number: int, limit: int) -> bytes:
    """Line ``number`` of the export ``handle`` (:func:`_gzip_access` gives ``access``), read from the mark
    before it as ``readline(limit)`` reads it.  Raises OSError or ValueError (``indexed_gzip``'s)."""
    # The last mark with fewer than number - 1 newlines before it: line ``number`` starts after it.
    mark = max(0, bisect.bisect_right(access.newlines, number - 2) - 1)
    start, skip = access.marks[mark], number - 1 - access.newlines[mark]
    end = access.marks[mark + 1] if mark + 1 < len(access.marks) else access.size  # holds that line's start
    # Each read of indexed_gzip decompresses from its access point before, so a line is one read where it can
    # be: from the mark, a block more than the next mark (reads of whole blocks are not split by the buffer),
    # then a long line in doubling steps.
    block = _LINE_MARK_SPACING
    from indexed_gzip import IndexedGzipFile

    with IndexedGzipFile(fileobj=handle, spacing=access.spacing, skip_crc_check=True, buffer_size=block) as indexed:
        indexed.import_index(fileobj=io.BytesIO(access.index))
        indexed.seek(start)
        data = indexed.read(min(-(-(end - start) // block) * block + block, access.size - start))
        begin = 0
        for _ in range(skip):
            begin = data.index(b"\n", begin) + 1
        parts, got, at, step = [data[begin:]], len(data) - begin, start + len(data), 2 * block
        while b"\n" not in parts[-1] and got < limit and (ask := min(step, access.size - at)) > 0:
            parts.append(indexed.read(min(ask, -(-(limit - got) // block) * block)))  # whole blocks, to the limit
            got, at, step = got + len(parts[-1]), at + len(parts[-1]), step * 2
    text = b"".join(parts)
    stop = text.find(b"\n")
    return text[: stop + 1 if 0 <= stop < limit else limit]


def _numbered_line(line: bytes, file: str, number: int, max_bytes: int) -> Document:
    """The article ``line``, line ``number`` of the export ``file``.  Raises :class:`LoadError`."""
    item = _line_article(line, f"{Path(file)}:{number}", max_bytes)
    if item is None:
        raise LoadError(f"no article on line {number}")
    if isinstance(item, LoadProblem):
        raise LoadError(item.reason)
    return item


@functools.lru_cache(maxsize=16)
def _line_starts(file: str, size: int, mtime_ns: int) -> np.ndarray:
    """Byte offsets where the lines of ``file`` start (``size`` and ``mtime_ns`` key the cache)."""
    found = [np.zeros(1, dtype=np.int64)]
    offset = 0
    with os.fdopen(_open(file, links=True)[0], "rb") as handle:
        while chunk := handle.read(1 << 24):
            found.append(np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 0x0A) + (offset + 1))
            offset += len(chunk)
    starts = np.concatenate(found)
    return starts[:-1] if len(starts) > 1 and starts[-1] == offset else starts  # no line after a final newline


def outside_roots(path: str | os.PathLike[str], roots: Sequence[str | os.PathLike[str]]) -> bool:
    """True when ``path`` is a symbolic link whose target lies outside every one of ``roots``.

    A link's target is never read or shown; a link inside a root (``a.txt -> b.txt``) is fine.
    """
    p = Path(path)
    try:
        if not p.is_symlink() and not any(part.is_symlink() for part in p.parents):
            return False
        target = os.path.realpath(p)
    except (OSError, ValueError):
        return True
    for root in roots:
        base = os.path.realpath(root)
        try:
            if os.path.commonpath([base, target]) == base:
                return False
        except ValueError:  # different drives
            continue
    return True


def linked_part(path: str | os.PathLike[str]) -> str | None:
    """The first part of ``path`` below the working folder (where the gate runs: the repository's top) that
    is a symbolic link, the path itself included, or None: a file that decides a verdict (a baseline, a
    chrome list) is never read through a link, a folder a change replaced by one (``meta -> /elsewhere``)
    as much as the file.  The parts are looked at as written (``meta/../b.json`` passes through ``meta``);
    of a path outside the working folder, only the path itself.

    >>> linked_part("no/such/file.json") is None
    True
    """
    name = os.fspath(path)
    relative = name
    if os.path.isabs(name):
        here = os.path.abspath(".")
        if os.path.commonpath([here, os.path.abspath(name)]) != here:
            return name if os.path.islink(name) else None
        relative = os.path.relpath(name, here)  # below the working folder, as written in it
    parts = [part for part in Path(relative).parts if part != "."]
    for n in range(len(parts)):
        if parts[n] != ".." and os.path.islink(os.path.join(*parts[: n + 1])):
            return os.path.join(*parts[: n + 1])
    return None


OUTSIDE_REASON = "symbolic link pointing outside the corpus (not followed)"
"""The problem reason of a link whose target is outside the corpus (the target is never named)."""
BAD_NAME_REASON = "file name is not valid UTF-8"
"""The problem reason of a file whose name cannot be shown or stored as text."""
_SURROGATE = re.compile("[\ud800-\udfff]")  # undecodable bytes of a name, as os.fsdecode keeps them


def _shown_name(path: str | os.PathLike[str]) -> str:
    """A file name whose undecodable bytes are shown as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


_LOAD_SPAN = 512
"""Most files a loading process reads at a time when several load a corpus (``jobs``): enough that sending the
articles back costs little beside reading them, few enough that the processes end together."""
_LOAD_RUNS_A_PROCESS = 4
"""Runs a loading process gets at least (when there are files enough): a run of :data:`_LOAD_SPAN` files is
30 ms of ``.txt`` but 17 s of web pages (trafilatura, about 34 ms a page), so a folder of fewer files than one
run was read by one process whatever ``jobs`` said; four runs each also let the processes end together."""


def _load_runs(n: int, jobs: int) -> list[tuple[int, int]]:
    """The runs ``[start, end)`` of ``n`` listed files that ``jobs`` loading processes read: at most
    :data:`_LOAD_SPAN` files each, and at least :data:`_LOAD_RUNS_A_PROCESS` runs a process when ``n`` allows.

    >>> _load_runs(90, 2)[:3], len(_load_runs(90, 2)), _load_runs(90, 1), len(_load_runs(100_000, 2))
    ([(0, 12), (12, 24), (24, 36)], 8, [(0, 90)], 196)
    """
    span = max(1, min(_LOAD_SPAN, -(-n // (_LOAD_RUNS_A_PROCESS * effective_jobs(jobs)))))
    return runs(n, span, jobs=jobs)


def load_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    max_bytes: int = Settings.max_file_bytes,
    roots: Sequence[str | os.PathLike[str]] | None = None,
    links: bool = True,
    ids: Mapping[str, str] | None = None,
    jobs: int = 1,
    shown: bool = False,
) -> tuple[list[Document], list[LoadProblem]]:
    """Load the given files (a JSONL file gives many documents), collecting problems instead of stopping.

    With ``roots``, a symbolic link that points outside all of them is a problem, never read; with
    ``links=False``, every symbolic link is (check and gate).  ``ids`` gives a file's id by its path
    (as :func:`list_corpus` lists it, or its :func:`canonical_path`); a file not in it is named by its stem.
    Of two articles with one id, the first (in the order given) is kept and the other reported.
    ``jobs`` processes read the files, in runs (:func:`_load_runs`, :func:`~provenance.parallel.parallel_map`):
    the same documents and problems, in the same order, for any number.  With ``shown``, an HTML page keeps its
    lines as shown (:attr:`Document.shown_lines`): the files a check reads outside their article too.
    """
    listed = list(paths)
    documents: list[Document] = []
    problems: list[LoadProblem] = []
    seen: dict[str, str] = {}
    shared = (listed, max_bytes, roots, links, ids, shown)
    for items in parallel_map(_load_span, _load_runs(len(listed), jobs), shared=shared, jobs=jobs, chunksize=1):
        for item in items:
            if isinstance(item, LoadProblem):
                problems.append(item)
            elif item.id in seen:
                problems.append(LoadProblem(item.path, f"duplicate document id {item.id!r} (also {seen[item.id]})"))
            else:
                seen[item.id] = item.path
                documents.append(item)
    return documents, problems


_LoadShared = tuple[
    list[str | os.PathLike[str]], int, Sequence[str | os.PathLike[str]] | None, bool, Mapping[str, str] | None, bool
]
"""What loading processes share: the paths, the size limit, the roots, whether links are read, the ids, whether
a page keeps its shown lines."""


def _load_span(shared: _LoadShared, span: tuple[int, int]) -> list[Document | LoadProblem]:
    """The articles and problems of the files ``paths[start:end]``, in order (ids not yet checked for repeats)."""
    paths, max_bytes, roots, links, ids, shown = shared
    items: list[Document | LoadProblem] = []
    for path in paths[span[0] : span[1]]:
        if _SURROGATE.search(str(path)):
            items.append(LoadProblem(_shown_name(path), BAD_NAME_REASON))
        elif roots is not None and outside_roots(path, roots):
            items.append(LoadProblem(str(path), OUTSIDE_REASON))
        else:
            items.extend(load_articles(path, max_bytes=max_bytes, links=links, doc_id=_id_of(path, ids), shown=shown))
    return items


def _id_of(path: str | os.PathLike[str], ids: Mapping[str, str] | None) -> str | None:
    """The id ``ids`` gives the file at ``path`` (spelled as listed, or any other way), or None."""
    if not ids:
        return None
    found = ids.get(os.fspath(path))
    if found is None:
        try:
            found = ids.get(canonical_path(path))
        except (OSError, ValueError):
            return None
    return found


# -- the corpus: which files under a folder are articles, and their ids ----------------------------

DEFAULT_INCLUDE = tuple(f"**/*{suffix}" for suffix in ARTICLE_SUFFIXES)
"""Every article file, at any depth: ``**/*.txt``, ``**/*.md``, … ``**/*.jsonl``, and each compressed
(``**/*.txt.gz``, … ``**/*.jsonl.gz``)."""
_READ_SUFFIXES = frozenset(SUFFIXES)
"""The suffixes of the formats the loader reads, to look one up."""
REPORT_NAMES = ("provenance.md", "provenance.html", "provenance.json")
"""The scan's own report files: never articles, wherever they are (a report holds the texts it pairs)."""
FOLDER_LINK_REASON = "symbolic link to a folder (not followed)"
"""The problem reason of a link to a folder inside a corpus folder: its files would be read twice, or forever."""
ARTICLE_LINK_REASON = "symbolic link to an article of the corpus (read there, not twice)"
"""The problem reason of a link to a file the listing reads anyway: read twice, the article paired with
itself as a near-exact copy (an archive filing one story under two sections by a link)."""


@functools.lru_cache(maxsize=64)
def _glob_pattern(globs: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regular expression matching a relative POSIX path that any of ``globs`` matches (None: no globs)."""
    if not globs:
        return None
    return re.compile("|".join(f"(?:{_glob_regex(g)})" for g in globs), re.IGNORECASE | re.DOTALL)


def _glob_regex(glob: str) -> str:
    """A glob as a regular expression over a path relative to the corpus folder (POSIX separators).

    ``*`` and ``?`` stay inside one folder name, ``[…]`` is a set of characters, and ``**`` as a whole
    part of the path stands for any number of folders (none included): ``**/*.txt`` matches ``a.txt``
    and ``2019/11/a.txt``; ``drafts/**`` everything under ``drafts``.

    >>> [bool(re.fullmatch(_glob_regex(g), "2019/11/a.txt")) for g in ("**/*.txt", "*.txt", "2019/**")]
    [True, False, True]
    """
    parts = glob.replace("\\", "/").strip("/").split("/")
    out: list[str] = []
    for n, part in enumerate(parts):
        last = n == len(parts) - 1
        if part == "**":
            out.append(".*" if last else "(?:[^/]*/)*")
            continue
        i = 0
        while i < len(part):
            c = part[i]
            if c == "*":
                out.append("[^/]*")
                while i + 1 < len(part) and part[i + 1] == "*":
                    i += 1
            elif c == "?":
                out.append("[^/]")
            elif c == "[" and "]" in part[i + 2 :]:
                end = part.index("]", i + 2)
                inner = part[i + 1 : end]
                negate = inner[:1] in ("!", "^")
                body = inner[1:] if negate else inner
                out.append("[" + ("^/" if negate else "") + body.replace("\\", "\\\\").replace("/", "") + "]")
                i = end
            else:
                out.append(re.escape(c))
            i += 1
        if not last:
            out.append("/")
    return "".join(out)


def _suffix_only(globs: tuple[str, ...]) -> frozenset[str] | None:
    """The suffixes of ``globs`` when each is ``**/*.SUFFIX`` (a plain suffix): the listing then compares
    suffixes rather than matching a pattern per file; None otherwise."""
    found = set()
    for glob in globs:
        m = re.fullmatch(r"\*\*/\*(\.[A-Za-z0-9_-]+(?:\.gz)?)", glob, re.IGNORECASE)
        if m is None:
            return None
        found.add(m.group(1).lower())
    return frozenset(found)


@dataclass(frozen=True)
class CorpusRules:
    """Which files under a corpus folder are articles: the keys of ``[tool.provenance.corpus]``.

    scan, index, check (``--corpus``), gate and baseline list a corpus folder by these rules, through
    :func:`list_corpus`, and the gate keeps only the changed files they admit.  Globs match a file's
    path inside the folder (POSIX separators, any case).  Whatever they say, a file or folder whose
    name starts with ``.`` (``.git``, ``.provenance``, the baseline, ``.NAME.*.tmp`` files being
    written) and the scan's own report files (``provenance.md``, ``.html``, ``.json``) are never articles.

    >>> CorpusRules().admits("2019/11/story.txt"), CorpusRules().admits(".provenance/x.txt")
    (True, False)
    >>> CorpusRules(exclude=("drafts/**",)).admits("drafts/a.md")
    False
    """

    include: tuple[str, ...] = DEFAULT_INCLUDE
    """Globs of the article files: every file of a format the loader reads (``.txt``, ``.md``, ``.markdown``,
    ``.html``, ``.htm``, ``.jsonl``), gzip-compressed or not (``.html.gz``: archives are often stored so), in
    the folder and every folder below it, since a newsroom files its stories by year and month; ``["*.txt"]``
    reads only the folder itself."""
    exclude: tuple[str, ...] = ()
    """Globs of files set aside among those included (``drafts/**``: a whole folder, never listed). None by
    default: hidden files and folders, report files and temporary files are never articles anyway."""
    _fast: frozenset[str] | None = field(default=None, init=False, repr=False, compare=False)
    _include: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)
    _exclude: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)
    _depth: int | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("include", "exclude"):
            value = getattr(self, name)
            if isinstance(value, list):
                object.__setattr__(self, name, tuple(value))
            value = getattr(self, name)
            if not isinstance(value, tuple) or not all(isinstance(g, str) and g.strip() for g in value):
                raise SettingsError(f"[tool.provenance.corpus] {name} must be a list of non-empty globs")
        object.__setattr__(self, "_fast", _suffix_only(self.include))
        object.__setattr__(self, "_include", _glob_pattern(self.include))
        object.__setattr__(self, "_exclude", _glob_pattern(self.exclude))
        # Without "**", no include glob reaches deeper than its own folders: the listing stops there.
        deep = any("**" in g for g in self.include)
        object.__setattr__(self, "_depth", None if deep else max((g.count("/") for g in self.include), default=0))

    @classmethod
    def from_config(cls, config: ConfigTable) -> CorpusRules:
        """The rules of the ``corpus`` sub-table of ``config`` (``[tool.provenance.corpus]``), else the defaults."""
        table = config.values.get("corpus", {})
        where = "defaults" if config.path is None else f"{config.path} [tool.provenance.corpus]"
        if not isinstance(table, dict):
            raise SettingsError(f"{where}: [tool.provenance.corpus] must be a table")
        values = {key.replace("-", "_"): value for key, value in table.items()}
        unknown = sorted(set(values) - {"include", "exclude"})
        if unknown:
            raise SettingsError(f"{where}: unknown corpus key {unknown[0]!r} (use include, exclude)")
        for key, value in values.items():
            if not isinstance(value, list) or not all(isinstance(g, str) and g.strip() for g in value):
                raise SettingsError(f"{where}: {key} must be a list of non-empty globs")
        return cls(**{key: tuple(value) for key, value in values.items()})

    def _file(self, relative: str, name: str) -> bool:
        """Whether a plain file at ``relative`` (its folders already admitted) is an article."""
        if name[:1] == "." or name.lower() in REPORT_NAMES:
            return False
        if self._fast is not None:
            suffix = os.path.splitext(name)[1].lower()
            # "a.html.gz": "**/*.gz" admits it, and so does "**/*.html.gz"
            if suffix not in self._fast and (suffix != GZIP_SUFFIX or kind_suffix(name) not in self._fast):
                return False
        elif self._include is None or self._include.fullmatch(relative) is None:
            return False
        return self._exclude is None or self._exclude.fullmatch(relative) is None

    def _folder(self, relative: str, name: str) -> bool:
        """Whether the listing goes into the folder at ``relative`` (its parents already admitted)."""
        if name[:1] == ".":
            return False
        if self._depth is not None and relative.count("/") >= self._depth:
            return False
        # A folder every path below which an exclude glob matches ("drafts/**") is not listed at all.
        return self._exclude is None or self._exclude.fullmatch(relative + "/") is None

    def unread(self, relative: str, name: str) -> bool:
        """Whether the plain file ``name`` at ``relative`` (not an article by these rules) is one no reader reads,
        passed over where the listing could have read it: not hidden, no report, not set aside by ``exclude``,
        of a format the loader does not read (a ``.pdf``, a ``.zip``, a ``LICENSE``).

        >>> CorpusRules().unread("a/x.pdf", "x.pdf"), CorpusRules().unread(".x.pdf", ".x.pdf")
        (True, False)
        >>> CorpusRules(include=("*.md",)).unread("x.txt", "x.txt")
        False
        """
        suffix = os.path.splitext(name)[1].lower()
        if suffix in _READ_SUFFIXES or name[:1] == "." or name.lower() in REPORT_NAMES:
            return False
        if suffix == GZIP_SUFFIX and format_suffix(name) in _READ_SUFFIXES:
            return False
        return self._exclude is None or self._exclude.fullmatch(relative) is None

    def unread_page(self, relative: str) -> bool:
        """Whether the file at ``relative`` is a page a site publishes in a format the loader does not read
        (:data:`UNREAD_PAGE_SUFFIXES`) that these rules do not set aside (hidden, or excluded): the gate
        refuses it rather than pass it unread.

        >>> CorpusRules().unread_page("2019/copy.mkd"), CorpusRules(exclude=("docs/**",)).unread_page("docs/a.rst")
        (True, False)
        >>> CorpusRules().unread_page("2019/copy.mkd.gz"), CorpusRules().unread_page("2019/copy.md.gz")
        (True, False)
        """
        if format_suffix(relative) not in UNREAD_PAGE_SUFFIXES:  # compressed or not
            return False
        return _any_file(self.exclude).admits(relative)

    def admits(self, relative: str) -> bool:
        """Whether the file at ``relative`` (a path inside the corpus folder) is an article by these rules."""
        parts = relative.replace(os.sep, "/").split("/")
        if any(p in ("", ".", "..") for p in parts):
            return False
        for n in range(1, len(parts)):
            if not self._folder("/".join(parts[:n]), parts[n - 1]):
                return False
        return self._file("/".join(parts), parts[-1])


@functools.lru_cache(maxsize=8)
def _any_file(exclude: tuple[str, ...]) -> CorpusRules:
    """Rules admitting every file these ``exclude`` globs do not set aside (hidden ones never)."""
    return CorpusRules(include=("**/*",), exclude=exclude)


def canonical_path(path: str | os.PathLike[str]) -> str:
    """How a file's path is stored and compared: its folder resolved (links followed), the file's own name
    kept (a link is not followed), relative to the current folder when inside it, else absolute.

    ``seeds/a.txt``, ``./seeds/a.txt`` and ``/abs/path/to/seeds/a.txt`` (the current folder being
    ``/abs/path/to``) are all ``seeds/a.txt``; a line of an export, ``x.jsonl:3``, keeps its line.
    """
    return CanonicalPaths()(path)


class CanonicalPaths:
    """:func:`canonical_path` for many paths: each folder is resolved once, not once a file."""

    def __init__(self) -> None:
        self._cwd = os.path.realpath(os.getcwd())
        self._folders: dict[str, str] = {}

    def folder(self, folder: str) -> str:
        """A folder's canonical spelling (``.`` for the current folder)."""
        known = self._folders.get(folder)
        if known is None:
            real = os.path.realpath(folder or ".")
            if real == self._cwd:
                known = "."
            elif real.startswith(self._cwd.rstrip(os.sep) + os.sep):
                known = real[len(self._cwd.rstrip(os.sep)) + 1 :]
            else:
                known = real
            self._folders[folder] = known
        return known

    def root(self, folder: str | os.PathLike[str]) -> str:
        """A corpus folder's canonical spelling, the folder itself not resolved when it is a link."""
        text = os.fspath(folder)
        head, slash, tail = text.rpartition("/")
        if slash and head and tail not in ("", ".", "..") and head[-1] != "/" and os.sep == "/":
            # What the lines below do for the plain "folder/name" of a listing, without splitting again
            # (a listing's 20,000 paths given to an update): 0.35 of 1.6 s of a refresh.
            return self.join(self._folders.get(head) or self.folder(head), tail)
        stripped = text.rstrip("/" + os.sep) or text
        head, tail = os.path.split(stripped)
        if tail in ("", ".", ".."):
            return self.folder(stripped)
        return self.join(self.folder(head), tail)

    @staticmethod
    def join(folder: str, name: str) -> str:
        """The path of ``name`` (one part: a file's or a folder's own name) in the canonical ``folder``, as
        ``os.path.join`` spells it, without its generality (a listing's every path is joined here)."""
        if folder == ".":
            return name
        return folder + name if folder.endswith(os.sep) else f"{folder}{os.sep}{name}"

    def __call__(self, path: str | os.PathLike[str]) -> str:
        return self.root(path)


@dataclass(frozen=True)
class UnreadFiles:
    """The plain files of some folders that no reader reads (:meth:`CorpusRules.unread`): how many of each kind
    (:func:`kind_suffix`) each folder holds, never their paths (a folder of a million ``.pdf`` files is one
    count, not a million names held to the end of a scan).

    >>> both = UnreadFiles.of(["a/x.pdf", "a/y.PDF", "b/z.zip"]) | UnreadFiles.of(["a/x.pdf", "a/y.pdf"])
    >>> both.folders, both.kinds()
    ({'a': {'.pdf': 2}, 'b': {'.zip': 1}}, {'.pdf': 2, '.zip': 1})
    """

    folders: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    """Of each folder holding some (spelled as the listing spells its files' folder), the count of each kind."""

    @classmethod
    def of(cls, paths: Iterable[str]) -> UnreadFiles:
        """The files ``paths`` (each once) counted as a listing counts them (Spark's listing of a URI)."""
        folders: dict[str, dict[str, int]] = {}
        for path in dict.fromkeys(paths):
            folder, _, name = path.rpartition("/")
            _count_unread(folders.setdefault(folder, {}), name)
        return cls(folders)

    def __or__(self, other: UnreadFiles) -> UnreadFiles:
        """Both, a folder counted in both counted as ``other`` counts it (two listings may list one folder)."""
        return UnreadFiles({**self.folders, **other.folders})

    def kinds(self) -> dict[str, int]:
        """The count of each kind, over every folder."""
        total: dict[str, int] = {}
        for kinds in self.folders.values():
            for kind, n in kinds.items():
                total[kind] = total.get(kind, 0) + n
        return total


@dataclass(frozen=True)
class CorpusListing:
    """The article files named by some paths (folders and files), their ids, and what was set aside."""

    files: tuple[str, ...] = ()
    """Their paths (:func:`canonical_path`), each once: a folder's files by path, in the order the paths came."""
    ids: Mapping[str, str] = field(default_factory=dict)
    """The id of each file that is not a JSON Lines export, by path (:func:`corpus_ids`)."""
    problems: tuple[LoadProblem, ...] = ()
    """Links leaving a folder, links to folders, special files, names that are not UTF-8, unreadable folders."""
    folders: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    """Of each folder named (by :meth:`CanonicalPaths.root`), the modification time (ns) of every folder
    listed below it, by its path inside it (``""``: itself): what the index records to tell later which
    folders gained or lost a file (:mod:`provenance.index.state`)."""
    unread: UnreadFiles = field(default_factory=lambda: UnreadFiles())
    """The plain files of the folders listed that no reader reads (:meth:`CorpusRules.unread`), passed over,
    counted: scan and index say how many, once (:func:`unread_summary`)."""

    def id_of(self, path: str | os.PathLike[str]) -> str | None:
        """The id of the listed file at ``path`` (spelled any way), or None when it is not listed here."""
        return _id_of(path, self.ids)


def corpus_ids(relatives: Iterable[str]) -> dict[str, str]:
    """The id of each article file of a folder, by its path inside it (POSIX): that path without its
    extension, or with it where two files would otherwise share an id (``story.html`` and ``story.txt``).
    A JSON Lines export has no id of its own (each line has one) and is left out.

    >>> corpus_ids(["2019/a.txt", "story.html", "story.txt", "x.jsonl"])
    {'2019/a.txt': '2019/a', 'story.html': 'story.html', 'story.txt': 'story.txt'}

    A compressed file's id is the one it would have without its ``.gz``, so the two spellings of one article
    beside each other keep their whole names, as any two files of one id do:

    >>> corpus_ids(["a.html.gz", "b.md.gz", "b.txt", "x.jsonl.gz"])
    {'a.html.gz': 'a', 'b.md.gz': 'b.md.gz', 'b.txt': 'b.txt'}
    """
    bases: dict[str, str] = {}
    count: dict[str, int] = {}
    for relative in relatives:
        stem, suffix = os.path.splitext(inner_name(relative))
        if suffix.lower() in JSONL_SUFFIXES:
            continue
        base = stem if stem and not stem.endswith("/") else relative
        bases[relative] = base
        count[base] = count.get(base, 0) + 1
    return {relative: (relative if count[base] > 1 else base) for relative, base in bases.items()}


def _walk(
    root: str,
    rules: CorpusRules,
    start: Iterable[str] = ("",),
    skip: AbstractSet[str] = frozenset(),
    passed: Callable[[str], bool] | None = None,
) -> tuple[list[tuple[str, str]], list[LoadProblem], dict[str, int], dict[str, dict[str, int]]]:
    """The article files under the folder ``root`` as (path inside it, path), the entries set aside, the
    modification time (ns) of each folder listed, by its path inside ``root`` (``""``: ``root``), and the
    plain files no reader reads (:meth:`CorpusRules.unread`) counted by kind a folder
    (:attr:`UnreadFiles.folders`), but those ``passed`` names (by path: the index's own files).

    Folders are listed with ``os.scandir``, whose entries carry their type: a folder of a million plain
    files costs no system call per file; only links and special files are looked at closely.  Links are
    never followed into folders; a link leaving ``root`` and a special file are reported, never opened.
    ``start`` (paths inside ``root``) are the folders listed, and every folder below them except those in
    ``skip`` (a refresh lists only the folders that changed: :func:`list_folders`); a ``start`` folder that
    no longer exists lists nothing.  A folder's time is read before it is listed, so a file added while
    it is listed leaves it looking changed.  Raises OSError when ``root`` itself cannot be listed.
    """
    found: list[tuple[str, str]] = []
    problems: list[LoadProblem] = []
    folders: dict[str, int] = {}
    unread: dict[str, dict[str, int]] = {}
    pending = list(start)
    starts = set(pending)
    within = root if root.endswith("/") else f"{root}/"  # os.path.join(root, relative), once a file
    while pending:
        inner = pending.pop()
        folder = os.path.join(root, inner) if inner else root
        try:
            mtime = os.stat(folder).st_mtime_ns
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as err:
            if not inner:
                raise
            if not (inner in starts and isinstance(err, (FileNotFoundError, NotADirectoryError))):
                problems.append(LoadProblem(folder, err.strerror or str(err)))
            continue
        folders[inner] = mtime
        kinds: dict[str, int] = {}  # of the files no reader reads here
        for entry in entries:
            name = entry.name
            relative = f"{inner}/{name}" if inner else name
            full = relative if root == "." else within + relative
            try:
                if entry.is_dir(follow_symlinks=False):
                    if rules._folder(relative, name):
                        if _SURROGATE.search(name):
                            problems.append(LoadProblem(_shown_name(full), BAD_NAME_REASON))
                        elif relative not in skip:
                            pending.append(relative)
                    continue
                if entry.is_file(follow_symlinks=False):
                    if rules._file(relative, name):
                        if _SURROGATE.search(name):  # bytes no text can hold: skipped before any stage sees them
                            problems.append(LoadProblem(_shown_name(full), BAD_NAME_REASON))
                        else:
                            found.append((relative, full))
                    elif rules.unread(relative, name) and (passed is None or not passed(full)):
                        _count_unread(kinds, name)
                    continue
                if name[:1] == ".":
                    continue
                if _SURROGATE.search(name):
                    if rules._file(relative, name):
                        problems.append(LoadProblem(_shown_name(full), BAD_NAME_REASON))
                    continue
                if entry.is_symlink():
                    if not rules._file(relative, name):
                        # A link to a folder is named (its files are not articles here), any other passed over.
                        if os.path.isdir(full):
                            linked = OUTSIDE_REASON if outside_roots(full, [root]) else FOLDER_LINK_REASON
                            problems.append(LoadProblem(full, linked))
                        continue
                    if outside_roots(full, [root]):
                        problems.append(LoadProblem(full, OUTSIDE_REASON))
                        continue
                    mode = os.stat(full).st_mode
                    if stat.S_ISDIR(mode):
                        problems.append(LoadProblem(full, FOLDER_LINK_REASON))
                        continue
                    if _member(os.path.realpath(full), os.path.realpath(root), rules):
                        problems.append(LoadProblem(full, ARTICLE_LINK_REASON))
                        continue
                elif rules._file(relative, name):
                    mode = entry.stat(follow_symlinks=False).st_mode
                else:
                    continue
            except OSError as err:  # a dangling link, a file gone since listing
                problems.append(LoadProblem(full, err.strerror or str(err)))
                continue
            why = _not_regular(mode)
            if why is not None:
                problems.append(LoadProblem(full, why))
                continue
            found.append((relative, full))
        if kinds:
            unread[folder_path(root, inner)] = kinds
    found.sort()
    return found, problems, folders, unread


def list_corpus(
    paths: Sequence[str | os.PathLike[str]],
    rules: CorpusRules | None = None,
    *,
    passed: Callable[[str], bool] | None = None,
) -> CorpusListing:
    """The article files named by ``paths`` and their ids: THE corpus listing of scan, index, check and gate.
    ``passed`` names files not counted among those no reader reads (the index's own: :func:`~provenance.index.
    state.index_own`).

    A folder stands for the files below it that ``rules`` admit (every article file at any depth by
    default), each named by its path inside the folder (:func:`corpus_ids`); a file named directly is kept
    as it is (whatever its name; its id its stem) unless it is a link leaving the current folder.  Paths are
    :func:`canonical_path` spellings, so a folder named ``seeds``, ``./seeds`` or by its absolute path lists
    the same paths.  Raises :class:`LoadError` for a folder that cannot be listed.
    """
    rules = CorpusRules() if rules is None else rules
    canonical = CanonicalPaths()
    files: dict[str, None] = {}
    ids: dict[str, str] = {}
    direct: dict[str, str] = {}
    problems: list[LoadProblem] = []
    folders: dict[str, dict[str, int]] = {}
    unread: dict[str, dict[str, int]] = {}
    for path in paths:
        p = Path(path)
        if p.is_dir():
            root = canonical.root(path)
            try:
                found, skipped, folders[root], kinds = _walk(root, rules, passed=passed)
            except OSError as err:
                raise LoadError(f"{path}: {err.strerror or err}") from None
            _add_found(found, files, ids)
            problems.extend(skipped)
            unread.update(kinds)  # a folder two paths list is counted once
        elif _SURROGATE.search(str(p)):
            problems.append(LoadProblem(_shown_name(p), BAD_NAME_REASON))
        elif outside_roots(p, ["."]):
            problems.append(LoadProblem(str(p), OUTSIDE_REASON))
        else:
            full = canonical(path)
            files[full] = None
            if format_suffix(p.name) not in JSONL_SUFFIXES:
                direct[full] = file_stem(p)
    # A file named both directly and through its folder is listed (or reported) once, with its folder's id.
    for full, stem in direct.items():
        ids.setdefault(full, stem)
    return CorpusListing(tuple(files), ids, tuple(dict.fromkeys(problems)), folders, UnreadFiles(unread))


def _add_found(found: list[tuple[str, str]], files: dict[str, None], ids: dict[str, str]) -> None:
    """Add the (path inside the folder, path) of a folder's files to ``files`` and their ids to ``ids``.

    An id depends only on the files of the article's own folder (:func:`corpus_ids`), so listing some
    folders of a corpus gives their files the ids a listing of the whole corpus gives them.
    """
    named = corpus_ids(relative for relative, _ in found)
    for relative, full in found:
        files[full] = None
        if relative in named:
            ids[full] = named[relative]


def list_folders(
    root: str,
    changed: Iterable[str],
    known: AbstractSet[str],
    rules: CorpusRules | None = None,
    *,
    passed: Callable[[str], bool] | None = None,
) -> CorpusListing:
    """The article files of some folders of the corpus folder ``root`` (a :meth:`CanonicalPaths.root`
    spelling): those directly in each ``changed`` folder (paths inside ``root``), and those at any depth
    below them in folders not ``known`` (folders made since); a changed folder since removed lists nothing.

    Ids are those :func:`list_corpus` gives the files; :attr:`CorpusListing.folders` holds the times of
    the folders listed.  Raises :class:`LoadError` when ``root`` itself cannot be listed.
    """
    rules = CorpusRules() if rules is None else rules
    files: dict[str, None] = {}
    ids: dict[str, str] = {}
    try:
        found, problems, folders, unread = _walk(root, rules, start=sorted(set(changed)), skip=known, passed=passed)
    except OSError as err:
        raise LoadError(f"{root}: {err.strerror or err}") from None
    _add_found(found, files, ids)
    return CorpusListing(tuple(files), ids, tuple(dict.fromkeys(problems)), {root: folders}, UnreadFiles(unread))


def corpus_members(
    files: Iterable[str], folders: Sequence[str | os.PathLike[str]], rules: CorpusRules | None = None
) -> list[str]:
    """The ``files`` that :func:`list_corpus` would list for ``folders`` (a ``FILE.jsonl:LINE`` by its
    file), in their order, decided file by file: no folder is listed (a pre-commit hook names a few
    staged files of a corpus of any size).

    A member lies below one of ``folders`` through real folders (a link to a folder is never followed),
    ``rules`` admit its path inside it, and it is a regular file, or a link to one inside that folder.
    """
    rules = CorpusRules() if rules is None else rules
    roots = [os.path.abspath(f) for f in folders]
    kept = []
    for name in files:
        at = jsonl_line(name)
        full = os.path.abspath(name if at is None else at[0])
        if any(_member(full, root, rules) for root in roots):
            kept.append(name)
    return kept


def _member(full: str, root: str, rules: CorpusRules) -> bool:
    """Whether the absolute path ``full`` is an article file :func:`_walk` lists under the folder ``root``."""
    relative = os.path.relpath(full, root)
    if relative.startswith(os.pardir) or os.path.isabs(relative) or _SURROGATE.search(relative):
        return False
    if not rules.admits(relative):
        return False
    try:
        folder = root
        for part in relative.split(os.sep)[:-1]:  # each folder a real one, as the listing enters them
            folder = os.path.join(folder, part)
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                return False
        mode = os.lstat(full).st_mode
        if stat.S_ISLNK(mode):
            if outside_roots(full, [root]):
                return False
            mode = os.stat(full).st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode)


def folder_path(root: str, inner: str) -> str:
    """The path of the folder ``inner`` (a path inside the corpus folder ``root``, ``""`` for itself) as
    the listing spells its files' folder: ``os.path.dirname`` of any file listed in it.

    >>> folder_path(".", ""), folder_path(".", "2019"), folder_path("news", ""), folder_path("news", "2019")
    ('', '2019', 'news', 'news/2019')
    """
    if root == ".":
        return inner
    return os.path.join(root, inner) if inner else root


def load_folder(
    folder: str | os.PathLike[str],
    *,
    max_bytes: int = Settings.max_file_bytes,
    rules: CorpusRules | None = None,
    jobs: int = 1,
    listing: CorpusListing | None = None,
) -> tuple[list[Document], list[LoadProblem]]:
    """Load every article file of ``folder`` (``.txt``, ``.md``, ``.html``, ``.jsonl``… at any depth, or as
    ``rules`` say), listed by :func:`list_corpus` (or given: its ``listing``, :func:`list_folder`), in path order.

    A symbolic link pointing outside ``folder`` and a special file (FIFO, device)
    is a problem, never opened.  Raises :class:`LoadError` when ``folder`` is not
    a readable directory.  ``jobs`` processes read the files (:func:`load_paths`).
    """
    listing = list_folder(folder, rules) if listing is None else listing
    documents, problems = load_paths(listing.files, max_bytes=max_bytes, ids=listing.ids, jobs=jobs)
    return documents, sorted([*listing.problems, *problems], key=lambda p: p.path)


def list_folder(folder: str | os.PathLike[str], rules: CorpusRules | None = None) -> CorpusListing:
    """:func:`list_corpus` of the one folder ``folder``.  Raises :class:`LoadError` when it is no readable folder."""
    if not Path(folder).is_dir():  # a mistyped folder is missing, not a file: say which
        raise LoadError(f"{folder}: " + ("not a directory" if os.path.lexists(folder) else "no such folder"))
    return list_corpus([folder], rules)


def unread_summary(unread: UnreadFiles) -> str | None:
    """One line saying how many of the files ``unread`` (:attr:`CorpusListing.unread`) no reader reads, by
    suffix, most first (None for none).

    >>> unread_summary(UnreadFiles.of(["a/x.pdf", "a/y.PDF", "a/z.zip", "a/LICENSE", "a/p.pdf.gz"]))
    'skipped 5 files no reader reads: .pdf (2), (no suffix) (1), .pdf.gz (1), .zip (1)'
    >>> unread_summary(UnreadFiles()) is None
    True
    """
    kinds = unread.kinds()
    if not kinds:
        return None
    total = sum(kinds.values())
    ranked = sorted(kinds.items(), key=lambda kind: (-kind[1], kind[0]))
    shown = ", ".join(f"{kind} ({n:,})" for kind, n in ranked[:_UNREAD_KINDS])
    more = f" and {len(ranked) - _UNREAD_KINDS} other kinds" if len(ranked) > _UNREAD_KINDS else ""
    return f"skipped {total:,} file{'s' if total != 1 else ''} no reader reads: {shown}{more}"


_UNREAD_KINDS = 6
"""Most kinds of file :func:`unread_summary` names: a line, not a list."""


MAX_UNREAD_KINDS = 16
"""The kinds of unread files counted apart in one folder (:class:`UnreadFiles`); the rest are counted as
``(other)``: a folder whose every file has a suffix of its own held a count for each, as many as its files."""


def _count_unread(kinds: dict[str, int], name: str) -> None:
    """Count the file ``name`` in ``kinds`` by how :func:`unread_summary` names its kind: its suffix (with the
    one before a ``.gz``), past :data:`MAX_UNREAD_KINDS` kinds ``(other)``.

    >>> kinds = {}
    >>> for n in range(20):
    ...     _count_unread(kinds, f"file.x{n}")
    >>> len(kinds), kinds["(other)"]
    (17, 4)
    """
    kind = kind_suffix(name) or "(no suffix)"
    if kind not in kinds and len(kinds) >= MAX_UNREAD_KINDS:
        kind = "(other)"
    kinds[kind] = kinds.get(kind, 0) + 1


def corpus_paths(
    paths: Sequence[str | os.PathLike[str]], rules: CorpusRules | None = None
) -> tuple[list[str], list[LoadProblem]]:
    """The article files named by ``paths`` and those set aside: :func:`list_corpus` without the ids.

    Raises :class:`LoadError` for an unreadable folder.
    """
    listing = list_corpus(paths, rules)
    return list(listing.files), list(listing.problems)
