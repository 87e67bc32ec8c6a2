"""What a change added: the files and JSON Lines lines new since a git ref (everything that runs git)."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

from ..io.load import SUFFIXES
from .policy import GateError

__all__ = ["changed_files", "new_lines"]


def changed_files(base: str, folder: str, *, cwd: str | os.PathLike[str] = ".") -> list[str]:
    """Article files (``.txt``, ``.md``, ``.html``, ``.jsonl``, as ``scan`` reads them) added or modified
    under ``folder`` since ``base`` (relative to ``cwd``)."""
    # --no-renames: a renamed (and edited) text is a new text here, listed as added.
    # -z: names verbatim, NUL-separated (git otherwise quotes names with newlines or non-ASCII).
    command = ["git", "diff", "-z", "--name-only", "--relative", "--no-renames", "--diff-filter=AM", base, "--", folder]
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    except OSError as err:
        raise GateError(f"cannot run git: {err.strerror or err}") from None
    if done.returncode != 0:
        first = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["git diff failed"])[0]
        raise GateError(f"git diff against {base!r}: {first}")
    names = (os.fsdecode(name) for name in done.stdout.split(b"\0") if name)
    return sorted(name for name in names if name.lower().endswith(SUFFIXES))


def new_lines(base: str, path: str, *, cwd: str | os.PathLike[str] = ".") -> set[int] | None:
    """The numbers of the lines of the JSON Lines export ``path`` whose text was not a line of it at
    ``base``: what an edit added or changed (None when the file is new, or not a regular file).

    A pull request appending to an export is checked on what it appends, not on every line again.
    """
    where = Path(cwd) / path
    try:
        if not stat.S_ISREG(os.lstat(where).st_mode):
            return None
        current = where.read_bytes()
    except OSError:
        return None  # the loader reports it
    # "./" makes the path relative to cwd, as changed_files lists it.
    command = ["git", "show", f"{base}:./{path}"]
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    except OSError as err:
        raise GateError(f"cannot run git: {err.strerror or err}") from None
    if done.returncode != 0:
        return None  # not in base: every line is new
    before = {line.rstrip(b"\r") for line in done.stdout.split(b"\n")}
    return {n for n, line in enumerate(current.split(b"\n"), 1) if line.rstrip(b"\r") not in before}
