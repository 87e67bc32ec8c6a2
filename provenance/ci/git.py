"""What a change added: the files and JSON Lines lines new since a git ref (everything that runs git)."""

from __future__ import annotations

import atexit
import contextlib
import functools
import gzip
import hashlib
import io
import os
import re
import stat
import subprocess
import tempfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from ..io.load import GZIP_SUFFIX, CorpusRules, StreamLines
from ..settings import ConfigTable, config_from_text
from .policy import GateError

__all__ = [
    "changed_files",
    "committed",
    "config_at",
    "default_base",
    "file_at",
    "fork_point",
    "linked_files",
    "new_lines",
    "resolve_commit",
    "submodules",
    "top_level",
    "unread_pages",
]


def _git(
    command: list[str], cwd: str | os.PathLike[str], given: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *command], cwd=cwd, input=given, capture_output=True, check=False)
    except OSError as err:
        raise GateError(f"cannot run git: {err.strerror or err}") from None


_CHANGE = "the gate checks the commits a change adds"


def top_level(cwd: str | os.PathLike[str] = ".") -> str:
    """The working tree's top folder; :class:`GateError` outside a repository (every later question would
    be answered for a base the user never gave)."""
    done = _git(["rev-parse", "--show-toplevel"], cwd)
    top = os.fsdecode(done.stdout.rstrip(b"\n"))
    if done.returncode != 0 or not top:
        said = (done.stderr.decode("utf-8", "replace").strip().splitlines() or [""])[0]
        if said and "not a git repository" not in said:  # git's own reason ("detected dubious ownership …")
            raise GateError(f"git rev-parse: {said}")
        raise GateError(
            f"not in a git repository: {_CHANGE}; run it in the repository, or check files with "
            "`provenance check FILE...`"
        )
    return top


def _commit(ref: str, cwd: str | os.PathLike[str]) -> str | None:
    """The full id of the commit ``ref`` names (read after ``--end-of-options``), or None."""
    done = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], cwd)
    commit = done.stdout.decode("ascii", "replace").strip()
    return commit if done.returncode == 0 and re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", commit) else None


def resolve_commit(base: str, *, cwd: str | os.PathLike[str] = ".") -> str:
    """The full id of the commit ``base`` names, or :class:`GateError`.

    A ref comes from a workflow file or a command line a pull request may shape: git reads it only
    after ``--end-of-options`` (so ``--output=FILE`` is a ref that does not exist, never an option),
    and every later git command gets the commit id this returns, never the ref as given.
    """
    commit = _commit(base, cwd)
    if commit is None and base == "HEAD":  # asked of the change itself, whatever --base is
        raise GateError(f"HEAD: no commit yet; {_CHANGE}: commit it first")
    if commit is None:
        raise GateError(f"--base {base!r}: not a commit of this repository")
    return commit


def _ref(name: str, cwd: str | os.PathLike[str]) -> str | None:
    """The short name of the ref ``name`` (``refs/remotes/origin/main`` → ``origin/main``) when it names a
    commit, else None."""
    done = _git(["rev-parse", "--verify", "--quiet", "--symbolic-full-name", "--end-of-options", name], cwd)
    full = os.fsdecode(done.stdout.strip())
    if done.returncode != 0 or not full.startswith("refs/"):
        return None
    exists = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{full}^{{commit}}"], cwd)
    return full.removeprefix("refs/remotes/").removeprefix("refs/heads/") if exists.returncode == 0 else None


def default_base(*, cwd: str | os.PathLike[str] = ".") -> str:
    """The ref the gate compares with when it is given none: the branch the change will merge into, whose
    fork point (:func:`fork_point`) is where the change starts, however many commits it has.

    In order: ``origin/$GITHUB_BASE_REF`` (a pull request's target, in its GitHub Actions workflow), the
    remote's default branch (``origin/HEAD``), ``origin/main`` or ``origin/master`` (or the branch
    ``init.defaultBranch`` names), then a local branch of those names other than the current one.  Raises
    :class:`GateError` when there is none (on the default branch of a repository without a remote): the
    last commit alone (``HEAD~1``, the default before) passed whatever a branch's earlier commits added.
    """
    configured = _git(["config", "--get", "init.defaultBranch"], cwd).stdout.decode("utf-8", "replace").strip()
    names = list(dict.fromkeys(n for n in (configured, "main", "master") if n))
    target = os.environ.get("GITHUB_BASE_REF", "").strip()
    remote = [f"refs/remotes/origin/{target}"] if target else []
    remote += ["refs/remotes/origin/HEAD", *(f"refs/remotes/origin/{n}" for n in names)]
    for name in remote:
        if found := _ref(name, cwd):
            return found  # origin/HEAD read as the branch it points to (origin/main)
    current = os.fsdecode(_git(["symbolic-ref", "--quiet", "HEAD"], cwd).stdout.strip()).removeprefix("refs/heads/")
    for name in names:
        if name != current and (found := _ref(f"refs/heads/{name}", cwd)):
            return found
    where = f"HEAD is on {current}" if current in names else f"no {' or '.join(names)} branch"
    raise GateError(
        f"no --base given and no branch to compare with (no origin/HEAD, and {where}): give --base REF, the "
        "branch the change merges into (e.g. origin/main), or HEAD~1"
    )


def changed_files(
    base: str, folder: str, *, cwd: str | os.PathLike[str] = ".", rules: CorpusRules | None = None
) -> list[str]:
    """Files added, modified or changed in type (a text made a symbolic link) under ``folder`` (relative to
    ``cwd``) by the commits since ``HEAD`` left ``base`` (:func:`fork_point`) that are articles of the corpus
    as ``scan`` and ``index`` list it: those ``rules`` admit (by default every ``.txt``, ``.md``, ``.html``
    and ``.jsonl`` file at any depth, never a hidden one).  A symbolic link among them is the caller's to
    refuse; one unchanged since ``base`` is not listed.

    The gate judges a change as committed, as a pull request holds it: the two commits' trees are compared,
    never the working tree (whose comparison stats every file of the checkout: 0.6 s at 400,000 articles).
    An uncommitted edit is ``check``'s, or the pre-commit hook's; an untracked file never was the gate's.
    """
    rules = CorpusRules() if rules is None else rules
    return _kept(base, folder, cwd, rules.admits)


def unread_pages(
    base: str, folder: str, *, cwd: str | os.PathLike[str] = ".", rules: CorpusRules | None = None
) -> list[str]:
    """Files the commits since ``base`` add or modify under ``folder`` that a site publishes as pages in a
    format no provenance reader reads (``seeds/copy.mkd``, ``.xhtml``, ``.rst``:
    :meth:`~provenance.io.load.CorpusRules.unread_page`), unless ``rules`` set them aside: the caller's to
    refuse, since :func:`changed_files` never lists them and the change would pass unread."""
    rules = CorpusRules() if rules is None else rules
    return _kept(base, folder, cwd, rules.unread_page)


def _kept(base: str, folder: str, cwd: str | os.PathLike[str], keep: Callable[[str], bool]) -> list[str]:
    """The changed files (:func:`_changed`) whose path inside ``folder`` ``keep`` accepts, sorted."""
    names = (name for name, _ in _changed(base, folder, cwd))  # links and submodules too: the caller refuses them
    # --relative: names are relative to cwd, as folder is (or absolute); the rules read the path inside folder.
    inside = os.path.abspath(os.path.join(cwd, folder))
    here = os.path.abspath(cwd)
    # A file the working tree no longer holds was not there to check (as when the working tree was compared).
    return sorted(
        n
        for n in names
        if keep(os.path.relpath(os.path.join(here, n), inside)) and os.path.lexists(os.path.join(here, n))
    )


def linked_files(base: str, folder: str, *, cwd: str | os.PathLike[str] = ".") -> list[str]:
    """Symbolic links the commits from ``base`` to ``HEAD`` add under ``folder`` (or make of a file), whatever
    their names: a link ``seeds/2025 -> ../drafts`` has no article suffix, so the corpus rules never list it,
    yet a site publishes what it points to.  Read from git's modes (120000), never from the working tree."""
    return sorted(name for name, mode in _changed(base, folder, cwd) if mode == "120000")


def submodules(base: str, folder: str, *, cwd: str | os.PathLike[str] = ".") -> list[str]:
    """Submodules (gitlinks, mode 160000) the commits from ``base`` to ``HEAD`` add under ``folder`` (or make
    of a file): git lists a submodule as one entry, never the files of the other repository it pins, so a
    copy filed there was never checked, though a checkout with its submodules (and a site built from it)
    holds it.  Read from git's modes, as :func:`linked_files` reads links."""
    return sorted(name for name, mode in _changed(base, folder, cwd) if mode == "160000")


def fork_point(base: str, *, cwd: str | os.PathLike[str] = ".") -> str:
    """The commit the change starts from: where ``HEAD``'s history left ``base``'s (``git merge-base``), so a
    branch behind ``base`` is judged on its own commits, as a pull request shows them, never on the edits
    ``base`` made since (which the branch's older files would seem to undo); ``base`` itself when the two
    histories share no commit.
    """
    return _fork_point(resolve_commit(base, cwd=cwd), resolve_commit("HEAD", cwd=cwd), os.path.abspath(cwd))


@functools.lru_cache(maxsize=4)
def _fork_point(commit: str, head: str, cwd: str) -> str:
    done = _git(["merge-base", "--end-of-options", commit, head], cwd)
    found = done.stdout.decode("ascii", "replace").strip()
    return found if done.returncode == 0 and re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", found) else commit


def _changed(base: str, folder: str, cwd: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """(path relative to ``cwd``, mode at ``HEAD``) of every file the commits since ``HEAD`` left ``base``
    (:func:`fork_point`) add, modify or change in type under ``folder``: one tree comparison, read once
    however often it is asked (0.39 s at a million files in one folder)."""
    head, here = resolve_commit("HEAD", cwd=cwd), os.path.abspath(cwd)
    return _changed_at(_fork_point(resolve_commit(base, cwd=cwd), head, here), head, folder, here)


@functools.lru_cache(maxsize=4)
def _changed_at(commit: str, head: str, folder: str, cwd: str) -> list[tuple[str, str]]:
    # --no-renames: a renamed (and edited) text is a new text here, listed as added.
    # T: a text the change turned into a symbolic link (or back) is a changed file, never an unchanged one.
    # -z: names verbatim, NUL-separated (git otherwise quotes names with newlines or non-ASCII).
    command = ["diff", "--raw", "-z", "--relative", "--no-renames", "--diff-filter=AMT", "--end-of-options"]
    done = _git([*command, commit, head, "--", folder], cwd)
    if done.returncode != 0:
        first = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["git diff failed"])[0]
        raise GateError(f"git diff of {commit[:12]}..{head[:12]}: {first}")
    fields = done.stdout.split(b"\0")
    # ":<old mode> <new mode> <old id> <new id> <status>", then the path
    return [
        (os.fsdecode(path), info[1:].split(b" ")[1].decode("ascii", "replace"))
        for info, path in zip(fields[0::2], fields[1::2], strict=False)
        if info.startswith(b":") and path
    ]


def file_at(base: str, path: str, *, cwd: str | os.PathLike[str] = ".") -> bytes | None:
    """The bytes of ``path`` (relative to ``cwd``) as they are at ``base``, or None when no file is there.

    What the gate must trust (the policy, the baseline) is read from the base revision this way,
    never from the pull request under review.  One blob is read from the commit's tree
    (``git cat-file --batch``), without loading git's index of the checkout (``git show`` of a missing
    path reads all of it to explain the error: 0.2 s at 400,000 files); a link is read as the link,
    never followed.
    """
    if any(c in path for c in "\n\r\0"):  # git reads the name as one line
        raise GateError(f"{path!r}: a file name git cannot read at {base!r}")
    name = f"{resolve_commit(base, cwd=cwd)}:./{path}\n".encode("utf-8", "surrogateescape")
    done = _git(["cat-file", "--batch"], cwd, name)
    header, _, body = done.stdout.partition(b"\n")
    fields = header.split()
    # "<id> blob <size>" then the bytes; "<name> missing" (or "ambiguous") when there is no such file.
    if done.returncode != 0 or len(fields) != 3 or fields[1] != b"blob" or not fields[2].isdigit():
        return None
    size = int(fields[2])
    return body[:size] if len(body) > size else None


def config_at(base: str, name: str, *, cwd: str | os.PathLike[str] = ".") -> ConfigTable:
    """The ``[tool.provenance]`` table of the config file ``name`` as it is at ``base``, with the chrome file
    it names (relative to it) read at ``base`` too, into a private copy: what decides a verdict is never
    read from the change under review (a pull request listing its copy's sentences as chrome)."""
    text = file_at(base, name, cwd=cwd)
    if text is None:
        return ConfigTable()
    table = config_from_text(text.decode("utf-8", "replace"), f"{base}:{name}", root=os.path.dirname(name) or ".")
    values = dict(table.values)
    for key in ("chrome_file", "chrome-file"):
        named = values.get(key)
        if not isinstance(named, str) or not named:
            continue
        here = os.path.abspath(cwd)
        where = os.path.relpath(os.path.join(here, os.path.dirname(name), named), here)
        if not where.startswith(".."):  # in the repository, however written (an absolute path too): at base
            where = os.path.normpath(where)
            body = file_at(base, where, cwd=cwd)
            if body is None:
                raise GateError(f"{base}:{where}: chrome_file is not a file at the base revision")
            values[key] = _private_copy(body)
    return ConfigTable(values, table.path, table.root)


def _private_copy(body: bytes) -> str:
    """A temporary file holding ``body``, removed when the process ends."""
    fd, path = tempfile.mkstemp(prefix="provenance-base-", suffix=".txt")
    with os.fdopen(fd, "wb") as handle:
        handle.write(body)
    atexit.register(lambda: Path(path).unlink(missing_ok=True))
    return path


def committed(paths: list[str], *, ref: str = "HEAD", cwd: str | os.PathLike[str] = ".") -> list[str]:
    """Those of ``paths`` (files or folders, relative to ``cwd``) that the commit ``ref`` holds, with every
    file under a folder: what a change committed there (an index the gate would open as the corpus's)."""
    here = os.path.abspath(cwd)
    inside = [p for p in paths if not os.path.relpath(os.path.join(here, p), here).startswith("..")]
    if not inside:
        return []
    done = _git(["ls-tree", "-r", "-z", "--name-only", resolve_commit(ref, cwd=cwd), "--", *inside], cwd)
    if done.returncode != 0:
        first = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["git ls-tree failed"])[0]
        raise GateError(f"git ls-tree {ref!r}: {first}")
    return sorted(os.fsdecode(name) for name in done.stdout.split(b"\0") if name)


def new_lines(base: str, path: str, *, cwd: str | os.PathLike[str] = ".") -> set[int] | None:
    """The numbers of the lines of the JSON Lines export ``path`` whose text was not a line of it where the
    change started (:func:`fork_point` of ``base``): what an edit added or changed (None when the file is
    new, or not a regular file).

    A pull request appending to an export is checked on what it appends, not on every line again.
    """
    where = Path(cwd) / path
    try:
        if not stat.S_ISREG(os.lstat(where).st_mode):
            return None
        current = where.read_bytes()
    except OSError:
        return None  # the loader reports it
    # "./" makes the path relative to cwd, as changed_files lists it; the lines as the branch found them.
    old = file_at(fork_point(base, cwd=cwd), path, cwd=cwd)
    if old is None:
        return None  # not in base: every line is new
    if path.lower().endswith(GZIP_SUFFIX):  # an export.jsonl.gz: its lines decompressed, as the loader reads them
        before = {digest for _, digest in _gzip_lines(old)}
        return {n for n, digest in _gzip_lines(current) if digest not in before}
    before = {line.rstrip(b"\r") for line in old.split(b"\n")}
    return {n for n, line in enumerate(current.split(b"\n"), 1) if line.rstrip(b"\r") not in before}


_CHUNK = 1 << 20
"""Bytes of a compressed export's line read at once by :func:`_gzip_lines` (a longer line is digested on)."""


def _gzip_lines(data: bytes) -> Iterator[tuple[int, bytes]]:
    """The number and digest of each line of the compressed export ``data`` holding more than white space,
    numbered as :func:`~provenance.io.load.load_jsonl` numbers them (:class:`~provenance.io.load.StreamLines`:
    memory bounded by a chunk however long a line, a run of blank lines passed a buffer at a time), and the
    lines before a stream cut short or corrupt (which the loader reports)."""
    with contextlib.suppress(OSError, EOFError, zlib.error):
        for number, pieces in StreamLines(gzip.GzipFile(fileobj=io.BytesIO(data), mode="rb"), chunk=_CHUNK):
            digest, blank = hashlib.blake2b(digest_size=16), True
            for piece in pieces:
                digest.update(piece.rstrip(b"\r\n"))
                blank = blank and not piece.strip()
            if not blank:  # white space alone is no article to the loader
                yield number, digest.digest()
