"""What an index records of the corpus it was last brought in line with, and the read path's refresh.

``provenance index FOLDER`` lists every file of the corpus and brings the index in
line with them; then it records, in the index, the folders it named, the corpus
rules it listed them by, and the modification time of every folder it listed
(:attr:`~provenance.io.load.CorpusListing.folders`).  Adding, removing or renaming
a file changes its folder's time (a new folder changes its parent's), so a later
``check`` or ``gate`` (:func:`sync`) stats those folders instead of listing the
corpus: when none changed, the index is used as it is (no listing, no file
compared: a check costs the same at a million articles as at a thousand); when
some did, only those folders are listed and their files brought in line; only
when the index records no listing of these folders with these rules (an index
of other folders, an older index, an interrupted update) is the whole corpus
listed and compared, as ``index`` does, and the listing then recorded.

A folder's time has a filesystem's resolution (a kernel tick, a second on some filesystems): a file
added in the tick of the folder's last change, after the folder was listed, leaves its time as recorded.
As git does with racily clean entries, the listing keeps the moment it was taken (read before any folder
is), and a folder whose recorded time is not older than that moment by :data:`RACY_NS` is listed again by
the next check, until its time is.

What a folder's time does not show: an article edited in place (its file written
over, not replaced).  ``index`` (or ``check --refresh``) finds it by comparing every
file's size and time with the index.  A JSON Lines export grows in place: its size
and time are recorded too, and an export whose size or time changed is compared.  An update first forgets the recorded
listing and records the new one only once it has committed, so an interrupted one
leaves an index that the next check lists again in full.

>>> from provenance.settings import Settings
>>> from provenance.index import Index
>>> with Index.open(":memory:", Settings()) as index:
...     recorded(index) is None
True
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..io.load import (
    EXPORT_SUFFIXES,
    CanonicalPaths,
    CorpusListing,
    CorpusRules,
    UnreadFiles,
    folder_path,
    list_corpus,
    list_folders,
)
from ..models import LoadProblem
from .errors import IndexNotWritable
from .store import Index, UpdateStats, is_index_file

__all__ = [
    "RACY_NS",
    "Listing",
    "Synced",
    "forget",
    "index_own",
    "other_corpus",
    "record",
    "recorded",
    "stale_folders",
    "sync",
]

_KEY = "corpus"  # the meta row holding the recorded listing
RACY_NS = 2_000_000_000
"""How much older than the listing a folder's recorded time must be to vouch for the folder: the
coarsest timestamp in use (FAT's two seconds) covers one-second filesystems and the kernel's coarse clock
(a folder changed within it of the listing is listed once more: a few folders, once)."""


@dataclass(frozen=True)
class Listing:
    """The listing an index records: what it was last brought in line with."""

    roots: Mapping[str, Mapping[str, int]]
    """Each corpus folder (canonical spelling): the time (ns) of every folder listed below it, by its path inside."""
    rules: tuple[tuple[str, ...], tuple[str, ...]]
    """The corpus rules' include and exclude globs it was listed by."""
    exports: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    """The JSON Lines exports among its files, with their size and time when listed (an export grows in
    place, which its folder's time does not show)."""
    taken_ns: int = 0
    """The moment (ns, wall clock) just before its folders were listed: a folder whose recorded time is not
    older by :data:`RACY_NS` may have changed since, in the same timestamp tick (racily clean)."""


@dataclass(frozen=True)
class Synced:
    """What :func:`sync` did to bring an index in line with the corpus."""

    how: Literal["recorded", "folders", "full"]
    """``recorded``: no folder changed, the index used as it is; ``folders``: the changed folders listed
    again; ``full``: the whole corpus listed and compared (no usable recorded listing, or asked for)."""
    stats: UpdateStats | None = None
    """The update, when there was one."""
    problems: tuple[LoadProblem, ...] = ()
    """Files of the listing, or articles, that could not be indexed."""
    changed: int = 0
    """Folders found changed (``folders``)."""
    elsewhere: tuple[str, ...] = ()
    """The folders the index file records, when they are not the corpus asked for (:func:`other_corpus`): the
    check ran on an index built in memory, the file left as it is."""
    unread: UnreadFiles = field(default_factory=lambda: UnreadFiles())
    """The files of the folders listed that no reader reads (:attr:`~provenance.io.load.CorpusListing.unread`),
    the index's own left out (:func:`index_own`)."""
    read_only: bool = False
    """The index file could not be written and the corpus had changed since it was brought in line: the
    check ran on an index built in memory."""


def _rules_key(rules: CorpusRules) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(rules.include), tuple(rules.exclude)


def recorded(index: Index) -> Listing | None:
    """The listing ``index`` records, or None (none recorded, or unreadable: then the corpus is listed)."""
    raw = index.meta(_KEY)
    if raw is None:
        return None
    try:
        data = json.loads(raw)
        roots = {str(r): {str(k): int(v) for k, v in inner.items()} for r, inner in data["roots"].items()}
        include, exclude = (tuple(str(g) for g in part) for part in data["rules"])
        exports = {str(e): (int(size), int(mtime)) for e, (size, mtime) in data["exports"].items()}
        taken = int(data["taken"])  # a listing without its moment cannot tell a racily clean folder
    except (ValueError, TypeError, KeyError, AttributeError):
        return None  # a listing this version cannot read: listing the corpus again is always right
    return Listing(roots, (include, exclude), exports, taken)


def other_corpus(index: Index, paths: Sequence[str | os.PathLike[str]]) -> tuple[str, ...]:
    """The folders (or files) ``index`` records a listing of, sorted, when one of them is outside ``paths``:
    an index of another corpus, or of a larger one, which :func:`sync` for ``paths`` would empty of its
    articles there. Empty when every one is inside ``paths`` (a sync only adds), or none is recorded."""
    before = recorded(index)
    if before is None:
        return ()
    canonical = CanonicalPaths()
    wanted = [os.path.abspath(canonical.root(p)) for p in paths]

    def inside(root: str) -> bool:
        full = os.path.abspath(root)
        return any(full == w or full.startswith(w.rstrip(os.sep) + os.sep) for w in wanted)

    return () if all(inside(root) for root in before.roots) else tuple(sorted(before.roots))


def record(index: Index, listing: Listing) -> None:
    """Record ``listing`` in ``index`` (its own transaction)."""
    data = {"roots": listing.roots, "rules": listing.rules, "exports": listing.exports, "taken": listing.taken_ns}
    index.set_meta(_KEY, json.dumps(data, sort_keys=True, separators=(",", ":")))


def forget(index: Index) -> None:
    """Drop the recorded listing (before an update: an interrupted one must not look complete)."""
    index.set_meta(_KEY, None)


def stale_folders(listing: Listing) -> dict[str, list[str]]:
    """The recorded folders whose time is not the recorded one (or that are gone), or was too close to the
    moment of the listing to vouch for it (racily clean: :data:`RACY_NS`), by corpus folder."""
    changed: dict[str, list[str]] = {}
    racy = listing.taken_ns - RACY_NS
    for root, folders in listing.roots.items():
        for inner, mtime in folders.items():
            try:
                now = os.stat(os.path.join(root, inner) if inner else root).st_mtime_ns
            except OSError:
                now = None
            if now != mtime or mtime >= racy:
                changed.setdefault(root, []).append(inner)
    return changed


def _stat(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _exports(files: Iterable[str]) -> dict[str, tuple[int, int]]:
    """The JSON Lines exports among ``files`` with their size and time (read before they are indexed)."""
    found = {f: _stat(f) for f in files if f.lower().endswith(EXPORT_SUFFIXES)}
    return {f: seen for f, seen in found.items() if seen is not None}


def _full(
    index: Index,
    paths: Sequence[str | os.PathLike[str]],
    rules: CorpusRules,
    *,
    jobs: int,
    progress: Callable[[int, int], None] | None,
) -> Synced:
    taken = time.time_ns()  # before any folder is listed: a change after that may share a folder's tick
    listing: CorpusListing = list_corpus(paths, rules, passed=index_own(index.path, paths))
    exports = _exports(listing.files)
    forget(index)
    stats = index.update(listing.files, ids=listing.ids, jobs=jobs, progress=progress)
    if paths and all(Path(p).is_dir() for p in paths):  # a listing of folders only is recorded
        record(index, Listing(listing.folders, _rules_key(rules), exports, taken))
    return Synced("full", stats, (*listing.problems, *stats.problems), unread=listing.unread)


def _writable(index: Index) -> None:
    """Raise :class:`IndexNotWritable` when ``index``, opened read-only, would have to be updated."""
    if index.read_only:
        raise IndexNotWritable(f"{index.path}: cannot bring the index in line with the corpus: it is read-only")


def sync(
    index: Index,
    paths: Sequence[str | os.PathLike[str]],
    rules: CorpusRules | None = None,
    *,
    full: bool = False,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Synced:
    """Bring ``index`` in line with the corpus of ``paths`` (folders or files) as cheaply as its recorded
    listing allows (see the module's text); ``full`` lists and compares every file whatever is recorded.

    Raises :class:`~provenance.io.load.LoadError` for a corpus folder that cannot be listed and
    :class:`~provenance.index.IndexFileError` for an update that fails (:class:`IndexNotWritable` when
    ``index`` was opened read-only and the corpus changed since it was brought in line).
    """
    rules = CorpusRules() if rules is None else rules
    canonical = CanonicalPaths()
    before = None if full else recorded(index)
    wanted = {canonical.root(p) for p in paths}
    if before is None or set(before.roots) != wanted or before.rules != _rules_key(rules):
        _writable(index)
        return _full(index, paths, rules, jobs=jobs, progress=progress)
    changed = stale_folders(before)
    grown = [e for e, seen in before.exports.items() if _stat(e) != seen]
    if not changed and not grown:
        return Synced("recorded")
    _writable(index)
    files: dict[str, None] = {}
    ids: dict[str, str] = {}
    problems: list[LoadProblem] = []
    unread = UnreadFiles()
    own = index_own(index.path, paths)
    scope: set[str] = set()
    roots = {root: dict(folders) for root, folders in before.roots.items()}
    # The folders not listed again were older than the last moment by RACY_NS, so older than this one too.
    taken = time.time_ns()
    for root, inners in changed.items():
        listing = list_folders(root, inners, set(roots[root]), rules, passed=own)
        files.update(dict.fromkeys(listing.files))
        ids.update(listing.ids)
        problems.extend(listing.problems)
        unread |= listing.unread
        scope.update(folder_path(root, inner) for inner in inners)
        for inner in inners:
            roots[root].pop(inner, None)
        roots[root].update(listing.folders[root])
    # An export that grew in a folder that did not change is compared too.
    exports = {e: seen for e, seen in before.exports.items() if os.path.dirname(e) not in scope}
    again = [e for e in grown if e in exports and e not in files]
    exports.update(_exports([*files, *again]))
    forget(index)
    stats = index.update([*files, *again], ids=ids, prune=scope, jobs=jobs, progress=progress)
    record(index, Listing(roots, before.rules, exports, taken))
    changes = sum(len(v) for v in changed.values())
    return Synced("folders", stats, (*problems, *stats.problems), changes, unread=unread)


def index_own(index_path: str, roots: Sequence[str | os.PathLike[str]]) -> Callable[[str], bool] | None:
    """Whether a file that a listing of the corpus ``roots`` names is one of the index ``index_path``'s own
    files, not counted among those no reader reads: :func:`~provenance.index.is_index_file` (not
    ``ix.sqlite.bak``, which only starts with its name), and the others of its folder when that folder lies
    within a corpus folder (``corpus/.provenance/``); an index beside or above the corpus folders (``--index
    ix.sqlite`` for ``corpus/``) hides none of theirs.  None for an index in memory."""
    if index_path == ":memory:":
        return None
    named = re.sub(r"\.rebuilding-[0-9]+\Z", "", index_path)  # a rebuild's: those of the index it replaces
    folder = os.path.dirname(os.path.abspath(named))
    within = any(folder.startswith(os.path.join(os.path.abspath(r), "")) for r in roots)

    def own(path: str) -> bool:
        return is_index_file(named, path) or (within and os.path.abspath(path).startswith(folder + os.sep))

    return own
