"""Writing results to disk without ever leaving a half-written file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

__all__ = ["write_atomic", "write_atomic_binary"]


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` via a temporary file and a rename.

    A crash or kill mid-write leaves the previous file as it was.
    """
    # backslashreplace: a lone surrogate (undecodable bytes) is written as \udcff, never an error.
    data = text.encode("utf-8", "backslashreplace")
    write_atomic_binary(path, lambda handle: handle.write(data))


def write_atomic_binary(
    path: str | os.PathLike[str], write: Callable[[BinaryIO], object], *, replace: bool = True
) -> None:
    """Let ``write`` fill a temporary file beside ``path``, sync it, and rename it over ``path``.

    A crash or kill mid-write leaves the previous file as it was (the index's key
    segments are written this way, with ``numpy.save``).  The file gets the
    permissions of the file it replaces, or those a new file gets under the
    process's umask (not the owner-only ones of a temporary file).  Without ``replace``
    the file is only ever new: :class:`FileExistsError` when anything holds the name by
    then (a file, a folder, a symbolic link even to nothing), however soon after a look
    found it free (another process's write is never replaced).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(tmp, target)
        else:
            _put_new(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def _put_new(tmp: str, target: Path) -> None:
    """Give the complete file ``tmp`` the name ``target`` only if nothing has it (:class:`FileExistsError`).

    A hard link is that test and the naming in one step; where the file system has no hard links, the name
    is claimed by creating it exclusively (``O_EXCL``: never through a link), then the file renamed onto
    the claim.
    """
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:  # no hard links here (FAT, some network shares)
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            os.replace(tmp, target)
        except BaseException:
            target.unlink(missing_ok=True)  # the claim, empty
            raise
    else:
        os.unlink(tmp)


def _mode_for(target: Path) -> int:
    """The permission bits ``target`` keeps, or a new file's under the umask."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
