"""Reading articles from disk: the only place the pipeline touches input files.

A file that cannot be used (empty, binary, not UTF-8, too large, unreadable) is
returned as a :class:`~provenance.models.LoadProblem` with a one-line reason, so
the caller reports it and goes on with the rest.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .models import Document, LoadProblem

__all__ = ["LoadError", "decode_text", "load_file", "load_folder", "load_paths"]

SUFFIXES = (".txt",)


class LoadError(Exception):
    """A file could not be loaded; the message names the problem, not the file."""


def _decode(data: bytes) -> str:
    if not data.strip():
        raise LoadError("empty file")
    if b"\x00" in data:
        raise LoadError("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise LoadError(f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start})") from None
    if not text.strip():
        raise LoadError("no text (only white space)")
    return text


def decode_text(data: bytes) -> str:
    """A file's bytes as text, by the rules of :func:`load_file` (raises :class:`LoadError`)."""
    return _decode(data)


def load_file(path: str | os.PathLike[str], *, max_bytes: int = 10_000_000) -> Document:
    """Load one text file as a :class:`Document` whose id is the file stem.

    Raises :class:`LoadError` for a file that is empty, binary, not UTF-8 or
    larger than ``max_bytes`` (checked before reading, so nothing huge is read).
    """
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise LoadError(f"file too large ({size:,} bytes; the limit is {max_bytes:,})")
        with p.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as err:
        raise LoadError(err.strerror or str(err)) from None
    return Document(id=p.stem, path=str(p), text=_decode(data))


def load_paths(
    paths: Iterable[str | os.PathLike[str]], *, max_bytes: int = 10_000_000
) -> tuple[list[Document], list[LoadProblem]]:
    """Load the given files, collecting problems instead of stopping at one."""
    documents: list[Document] = []
    problems: list[LoadProblem] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            doc = load_file(path, max_bytes=max_bytes)
        except LoadError as err:
            problems.append(LoadProblem(str(path), str(err)))
            continue
        if doc.id in seen:
            problems.append(LoadProblem(str(path), f"duplicate document id {doc.id!r} (also {seen[doc.id]})"))
            continue
        seen[doc.id] = doc.path
        documents.append(doc)
    return documents, problems


def load_folder(
    folder: str | os.PathLike[str], *, max_bytes: int = 10_000_000
) -> tuple[list[Document], list[LoadProblem]]:
    """Load every ``.txt`` file directly inside ``folder``, in name order.

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
