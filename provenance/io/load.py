"""Reading articles from disk: the only place the pipeline touches input files.

Plain text (``.txt``), Markdown (``.md``, ``.markdown``), HTML pages (``.html``,
``.htm``) and JSON Lines exports (``.jsonl``, one article a line) are read; the
formats themselves are handled by :mod:`provenance.io.formats`. A file (or a JSONL
line) that cannot be used (empty, binary, undecodable, too large, unreadable,
malformed) is returned as a :class:`~provenance.models.LoadProblem` with a
one-line reason, so the caller reports it and goes on with the rest.
"""

from __future__ import annotations

import errno
import functools
import io
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import numpy as np

from ..errors import ProvenanceError
from ..models import Document, LoadProblem
from ..settings import Settings
from .formats import DecodeError, declared_meta, decode, decode_html, extract_html, mask_markdown

__all__ = [
    "BAD_NAME_REASON",
    "OUTSIDE_REASON",
    "LoadError",
    "articles_in_bytes",
    "corpus_paths",
    "jsonl_line",
    "load_article",
    "load_articles",
    "load_file",
    "load_folder",
    "load_jsonl",
    "load_paths",
    "outside_roots",
]

TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES


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


def _read(p: Path, max_bytes: int, *, links: bool = True) -> bytes:
    try:
        fd, info = _open(p, links=links)
        with os.fdopen(fd, "rb") as handle:
            if info.st_size > max_bytes:
                raise LoadError(_too_large(info.st_size, max_bytes))
            data = handle.read(max_bytes + 1)
    except OSError as err:
        raise LoadError(err.strerror or str(err)) from None
    if len(data) > max_bytes:  # grew since stat()
        raise LoadError(f"file too large (over the limit of {max_bytes:,} bytes)")
    return data


def load_file(
    path: str | os.PathLike[str], *, max_bytes: int = Settings.max_file_bytes, links: bool = True
) -> Document:
    """Load one text, Markdown or HTML file as a :class:`Document` whose id is the file stem.

    Raises :class:`LoadError` for a file that is empty, binary, undecodable, has
    no article text, or is larger than ``max_bytes`` (checked before reading, so
    nothing huge is read). Text that is not UTF-8 is decoded with a detected
    encoding, recorded in :attr:`Document.encoding`.  With ``links=False`` a symbolic link is
    refused, never read (check and gate: a pull request may add a link to any file).
    """
    p = Path(path)
    if p.suffix.lower() in JSONL_SUFFIXES:
        raise LoadError(
            "a JSON Lines file holds many articles (name one as FILE.jsonl:LINE, or read them with load_jsonl)"
        )
    return _parse(str(p), p.name, _read(p, max_bytes, links=links))


def _parse(path: str, name: str, data: bytes) -> Document:
    """The article of a text, Markdown or HTML file's bytes; ``name`` gives its id and format."""
    suffix = PurePosixPath(name).suffix.lower()
    try:
        text, encoding = decode_html(data) if suffix in HTML_SUFFIXES else decode(data)
        declared = None
        fmt = "text"
        if suffix in HTML_SUFFIXES:
            text, declared = extract_html(text)
            fmt = "html"
        elif suffix in MARKDOWN_SUFFIXES:
            text, declared = mask_markdown(text)
            fmt = "markdown"
            if not text.strip():
                raise LoadError("no text (only Markdown markup)")
    except DecodeError as err:
        raise LoadError(str(err)) from None
    return Document(id=PurePosixPath(name).stem, path=path, text=text, declared=declared, encoding=encoding, format=fmt)


def articles_in_bytes(
    path: str, data: bytes, *, max_bytes: int = Settings.max_file_bytes
) -> Iterator[Document | LoadProblem]:
    """The articles of a file's bytes read elsewhere (a Hadoop file system), by the rules of
    :func:`load_articles`; ``path`` is kept as written (a URI) and its last part names the file.

    >>> [d.id for d in articles_in_bytes("hdfs://host/news/a.md", b"# Title\\n\\nSome text.")]
    ['a']
    """
    name = path.rsplit("/", 1)[-1]
    if PurePosixPath(name).suffix.lower() in JSONL_SUFFIXES:
        yield from _jsonl_lines(io.BytesIO(data), path, max_bytes)
        return
    if len(data) > max_bytes:
        yield LoadProblem(path, _too_large(len(data), max_bytes))
        return
    try:
        yield _parse(path, name, data)
    except LoadError as err:
        yield LoadProblem(path, str(err))


def _jsonl_document(line: bytes, where: str) -> Document:
    try:
        record = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise LoadError(f"not valid UTF-8 (byte 0x{line[err.start]:02x} at offset {err.start})") from None
    except json.JSONDecodeError as err:
        raise LoadError(f"not valid JSON ({err.msg} at column {err.colno})") from None
    except RecursionError:  # json's parser recurses once per level of [ or {
        raise LoadError("not valid JSON (nested too deeply)") from None
    except ValueError:  # an integer of more digits than int() converts (sys.get_int_max_str_digits)
        raise LoadError("not valid JSON (a number too long to read)") from None
    if not isinstance(record, dict):
        raise LoadError("expected a JSON object with 'id' and 'text'")
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
    declared = declared_meta(
        date=record.get("date"), outlet=record.get("outlet"), title=record.get("title"), url=record.get("url")
    )
    return Document(id=ident.strip(), path=where, text=text, declared=declared, format="jsonl")


def jsonl_line(path: str) -> tuple[str, int] | None:
    """The file and line of a JSON Lines article's path (``file.jsonl:LINE``, as :func:`load_jsonl`
    names it), or None for any other path.

    >>> jsonl_line("export.jsonl:12"), jsonl_line("a.txt")
    (('export.jsonl', 12), None)
    """
    file, colon, number = path.rpartition(":")
    if not colon or not (number.isascii() and number.isdigit()) or not file.lower().endswith(JSONL_SUFFIXES):
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
    Raises :class:`LoadError` when the file cannot be opened (``links``: as :func:`load_file`).
    """
    p = Path(path)
    try:
        handle = os.fdopen(_open(p, links=links)[0], "rb")
    except OSError as err:
        raise LoadError(err.strerror or str(err)) from None
    with handle:
        yield from _jsonl_lines(handle, str(p), max_bytes)


def _jsonl_lines(handle: BinaryIO, path: str, max_bytes: int) -> Iterator[Document | LoadProblem]:
    """The articles of a JSON Lines stream, a line at a time (see :func:`load_jsonl`)."""
    number = 0
    while True:
        try:
            line = handle.readline(max_bytes + 1)
        except OSError as err:
            yield LoadProblem(f"{path}:{number + 1}", err.strerror or str(err))
            return
        if not line:
            return
        number += 1
        item = _line_article(line, f"{path}:{number}", max_bytes)
        while len(line) > max_bytes and not line.endswith(b"\n"):  # skip the rest of a long line
            line = handle.readline(max_bytes + 1)
        if item is not None:
            yield item


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
    path: str | os.PathLike[str], *, max_bytes: int = Settings.max_file_bytes, links: bool = True
) -> Iterator[Document | LoadProblem]:
    """The articles of one file: its :class:`Document`, or one a line of a JSON Lines export.

    What cannot be read is a :class:`LoadProblem` (the file's, or a line's), never an exception.
    """
    if Path(path).suffix.lower() in JSONL_SUFFIXES:
        try:
            yield from load_jsonl(path, max_bytes=max_bytes, links=links)
        except LoadError as err:
            yield LoadProblem(str(path), str(err))
        return
    try:
        yield load_file(path, max_bytes=max_bytes, links=links)
    except LoadError as err:
        yield LoadProblem(str(path), str(err))


def load_article(path: str, *, max_bytes: int = Settings.max_file_bytes, links: bool = True) -> Document:
    """One article by its path: a file, or ``file.jsonl:LINE``, a line of a JSON Lines export
    (the paths :func:`load_articles` gives, which the index stores).

    A line is read where it starts: the export's line starts are found once (a pass over its bytes,
    kept while its size and mtime stay the same), so loading candidates from a large export does not
    parse every line before theirs.  Raises :class:`LoadError` when the article cannot be read, or
    the export has no article on that line.
    """
    at = jsonl_line(path)
    if at is None:
        return load_file(path, max_bytes=max_bytes, links=links)
    file, number = at
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


OUTSIDE_REASON = "symbolic link pointing outside the corpus (not followed)"
"""The problem reason of a link whose target is outside the corpus (the target is never named)."""
BAD_NAME_REASON = "file name is not valid UTF-8"
"""The problem reason of a file whose name cannot be shown or stored as text."""
_SURROGATE = re.compile("[\ud800-\udfff]")  # undecodable bytes of a name, as os.fsdecode keeps them


def _shown_name(path: str | os.PathLike[str]) -> str:
    """A file name whose undecodable bytes are shown as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def load_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    max_bytes: int = Settings.max_file_bytes,
    roots: Sequence[str | os.PathLike[str]] | None = None,
    links: bool = True,
) -> tuple[list[Document], list[LoadProblem]]:
    """Load the given files (a JSONL file gives many documents), collecting problems instead of stopping.

    With ``roots``, a symbolic link that points outside all of them is a problem, never read; with
    ``links=False``, every symbolic link is (check and gate).
    """
    documents: list[Document] = []
    problems: list[LoadProblem] = []
    seen: dict[str, str] = {}
    for path in paths:
        if _SURROGATE.search(str(path)):
            problems.append(LoadProblem(_shown_name(path), BAD_NAME_REASON))
            continue
        if roots is not None and outside_roots(path, roots):
            problems.append(LoadProblem(str(path), OUTSIDE_REASON))
            continue
        for item in load_articles(path, max_bytes=max_bytes, links=links):
            if isinstance(item, LoadProblem):
                problems.append(item)
            elif item.id in seen:
                problems.append(LoadProblem(item.path, f"duplicate document id {item.id!r} (also {seen[item.id]})"))
            else:
                seen[item.id] = item.path
                documents.append(item)
    return documents, problems


def _entries(root: Path, suffixes: tuple[str, ...]) -> tuple[list[Path], list[LoadProblem]]:
    """The article files directly inside ``root`` in name order, and the entries set aside.

    Symbolic links that leave ``root`` and special files (FIFOs, devices, sockets)
    are reported, never opened; sub-folders are passed over silently.
    """
    files: list[Path] = []
    problems: list[LoadProblem] = []
    # scandir: the entry type comes with the listing, so a folder of a million plain
    # files costs no system call per file; links and special files are looked at closely.
    with os.scandir(root) as listing:
        entries = sorted(listing, key=lambda e: e.name)
    for entry in entries:
        if os.path.splitext(entry.name)[1].lower() not in suffixes:
            continue
        p = root / entry.name
        if _SURROGATE.search(str(p)):  # bytes no text can hold: skipped before any stage sees them
            problems.append(LoadProblem(_shown_name(p), BAD_NAME_REASON))
            continue
        try:
            if entry.is_symlink():
                if outside_roots(p, [root]):
                    problems.append(LoadProblem(str(p), OUTSIDE_REASON))
                    continue
                mode = p.stat().st_mode
            elif entry.is_file(follow_symlinks=False):
                files.append(p)
                continue
            else:
                mode = entry.stat(follow_symlinks=False).st_mode
        except OSError as err:  # a dangling link, a file gone since listing
            problems.append(LoadProblem(str(p), err.strerror or str(err)))
            continue
        if stat.S_ISDIR(mode):
            continue
        why = _not_regular(mode)
        if why is not None:
            problems.append(LoadProblem(str(p), why))
            continue
        files.append(p)
    return files, problems


def load_folder(
    folder: str | os.PathLike[str], *, max_bytes: int = Settings.max_file_bytes
) -> tuple[list[Document], list[LoadProblem]]:
    """Load every article file (``.txt``, ``.md``, ``.html``, ``.jsonl``…) directly inside ``folder``, in name order.

    A symbolic link pointing outside ``folder`` and a special file (FIFO, device)
    is a problem, never opened.  Raises :class:`LoadError` when ``folder`` is not
    a readable directory.
    """
    root = Path(folder)
    if not root.is_dir():
        raise LoadError(f"{folder}: not a directory")
    try:
        entries, skipped = _entries(root, SUFFIXES)
    except OSError as err:
        raise LoadError(f"{folder}: {err.strerror or err}") from None
    documents, problems = load_paths(entries, max_bytes=max_bytes)
    return documents, sorted([*skipped, *problems], key=lambda p: p.path)


def corpus_paths(paths: Sequence[str | os.PathLike[str]]) -> tuple[list[str], list[LoadProblem]]:
    """The article files named by ``paths``, each once (a folder stands for the ``.txt``, ``.md``,
    ``.html`` and ``.jsonl`` files directly inside it, as :func:`load_folder` reads them), and those set aside.

    Inside a folder, symbolic links leaving it and special files are problems;
    a file named directly is kept unless it is a link leaving the current folder.
    Raises :class:`LoadError` for an unreadable folder.
    """
    found: list[str] = []
    problems: list[LoadProblem] = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            try:
                files, skipped = _entries(p, SUFFIXES)
            except OSError as err:
                raise LoadError(f"{path}: {err.strerror or err}") from None
            found.extend(str(f) for f in files)
            problems.extend(skipped)
        elif _SURROGATE.search(str(p)):
            problems.append(LoadProblem(_shown_name(p), BAD_NAME_REASON))
        elif outside_roots(p, ["."]):
            problems.append(LoadProblem(str(p), OUTSIDE_REASON))
        else:
            found.append(str(p))
    # A file named both directly and through its folder is listed (or reported) once.
    return list(dict.fromkeys(found)), list(dict.fromkeys(problems))
