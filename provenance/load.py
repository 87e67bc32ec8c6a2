"""Reading articles from disk: the only place the pipeline touches input files.

Plain text (``.txt``), Markdown (``.md``, ``.markdown``), HTML pages (``.html``,
``.htm``) and JSON Lines exports (``.jsonl``, one article a line) are read; the
formats themselves are handled by :mod:`provenance.inputs`. A file (or a JSONL
line) that cannot be used (empty, binary, undecodable, too large, unreadable,
malformed) is returned as a :class:`~provenance.models.LoadProblem` with a
one-line reason, so the caller reports it and goes on with the rest.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .inputs import DecodeError, declared_meta, decode, decode_html, extract_html, mask_markdown
from .models import Document, LoadProblem

__all__ = ["LoadError", "decode_text", "load_file", "load_folder", "load_jsonl", "load_paths"]

TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES


class LoadError(Exception):
    """A file could not be loaded; the message names the problem, not the file."""


def decode_text(data: bytes) -> str:
    """A text file's bytes as text, by the rules of :func:`load_file` (raises :class:`LoadError`)."""
    try:
        return decode(data)[0]
    except DecodeError as err:
        raise LoadError(str(err)) from None


def _read(p: Path, max_bytes: int) -> bytes:
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise LoadError(f"file too large ({size:,} bytes; the limit is {max_bytes:,})")
        with p.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except OSError as err:
        raise LoadError(err.strerror or str(err)) from None


def load_file(path: str | os.PathLike[str], *, max_bytes: int = 10_000_000) -> Document:
    """Load one text, Markdown or HTML file as a :class:`Document` whose id is the file stem.

    Raises :class:`LoadError` for a file that is empty, binary, undecodable, has
    no article text, or is larger than ``max_bytes`` (checked before reading, so
    nothing huge is read). Text that is not UTF-8 is decoded with a detected
    encoding, recorded in :attr:`Document.encoding`.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        raise LoadError("a JSON Lines file holds many articles (scan its folder, or use load_jsonl)")
    data = _read(p, max_bytes)
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
    return Document(id=p.stem, path=str(p), text=text, declared=declared, encoding=encoding, format=fmt)


def _jsonl_document(line: bytes, where: str) -> Document:
    try:
        record = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise LoadError(f"not valid UTF-8 (byte 0x{line[err.start]:02x} at offset {err.start})") from None
    except json.JSONDecodeError as err:
        raise LoadError(f"not valid JSON ({err.msg} at column {err.colno})") from None
    if not isinstance(record, dict):
        raise LoadError("expected a JSON object with 'id' and 'text'")
    ident, text = record.get("id"), record.get("text")
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


def load_jsonl(path: str | os.PathLike[str], *, max_bytes: int = 10_000_000) -> Iterator[Document | LoadProblem]:
    """Documents from a JSON Lines export, streamed a line at a time.

    Each line is one article (``id``, ``text``, optional ``date``, ``url``,
    ``outlet``, ``title``); its path is ``file.jsonl:LINE``. A bad line is a
    :class:`LoadProblem` naming that line and the others still load; a line
    longer than ``max_bytes`` is skipped without being read whole.
    Raises :class:`LoadError` when the file cannot be opened.
    """
    p = Path(path)
    try:
        handle = p.open("rb")
    except OSError as err:
        raise LoadError(err.strerror or str(err)) from None
    with handle:
        number = 0
        while True:
            try:
                line = handle.readline(max_bytes + 1)
            except OSError as err:
                yield LoadProblem(f"{p}:{number + 1}", err.strerror or str(err))
                return
            if not line:
                return
            number += 1
            where = f"{p}:{number}"
            if len(line) > max_bytes and not line.endswith(b"\n"):
                while line and not line.endswith(b"\n"):  # skip the rest of the long line
                    line = handle.readline(max_bytes + 1)
                yield LoadProblem(where, f"line too large (over {max_bytes:,} bytes)")
                continue
            if not line.strip():
                continue
            try:
                yield _jsonl_document(line, where)
            except LoadError as err:
                yield LoadProblem(where, str(err))


def _load_one(path: str | os.PathLike[str], max_bytes: int) -> Iterator[Document | LoadProblem]:
    if Path(path).suffix.lower() in JSONL_SUFFIXES:
        try:
            yield from load_jsonl(path, max_bytes=max_bytes)
        except LoadError as err:
            yield LoadProblem(str(path), str(err))
        return
    try:
        yield load_file(path, max_bytes=max_bytes)
    except LoadError as err:
        yield LoadProblem(str(path), str(err))


def load_paths(
    paths: Iterable[str | os.PathLike[str]], *, max_bytes: int = 10_000_000
) -> tuple[list[Document], list[LoadProblem]]:
    """Load the given files (a JSONL file gives many documents), collecting problems instead of stopping."""
    documents: list[Document] = []
    problems: list[LoadProblem] = []
    seen: dict[str, str] = {}
    for path in paths:
        for item in _load_one(path, max_bytes):
            if isinstance(item, LoadProblem):
                problems.append(item)
            elif item.id in seen:
                problems.append(LoadProblem(item.path, f"duplicate document id {item.id!r} (also {seen[item.id]})"))
            else:
                seen[item.id] = item.path
                documents.append(item)
    return documents, problems


def load_folder(
    folder: str | os.PathLike[str], *, max_bytes: int = 10_000_000
) -> tuple[list[Document], list[LoadProblem]]:
    """Load every article file (``.txt``, ``.md``, ``.html``, ``.jsonl``…) directly inside ``folder``, in name order.

    Raises :class:`LoadError` when ``folder`` is not a readable directory.
    """
    root = Path(folder)
    if not root.is_dir():
        raise LoadError(f"{folder}: not a directory")
    try:
        entries = sorted(p for p in root.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())
    except OSError as err:
        raise LoadError(f"{folder}: {err.strerror or err}") from None
    return load_paths(entries, max_bytes=max_bytes)
