"""The persistent index: document records in SQLite, their keys in sorted segments.

``PATH`` (default ``.provenance/index.sqlite``) holds, per article (a ``.txt``,
``.md`` or ``.html`` file, or a line ``file.jsonl:LINE`` of a JSON Lines export), its
content hash, id, path, and its file's size and mtime, and the list of key
segments; ``PATH.keys/`` holds the segments themselves (:mod:`.segments`): the
keys of the articles (:mod:`.keys`) sorted, looked up by binary search.
:class:`Index` is the facade over both: it opens and validates the file,
brings it in line with a set of files (:meth:`Index.update`) and answers a
text's candidates (:meth:`Index.candidates`).

Safety: the database runs in WAL mode; an update is one transaction (a large
one commits a segment every 50,000 signed files), and the segments it writes
reach the disk before the transaction that lists them commits, so an
interrupted update (Ctrl-C, kill) leaves a consistent index: the previous one
plus whole batches.  Deleting a document deletes its record; its keys are
never returned again.  A corrupt or foreign file, one built with other
signature settings, or content that reads but is wrong (settings that are not
JSON, a segment of the wrong shape, type or length, keys out of order: see
:mod:`.segments`) raises :class:`IndexFileError` with a one-line message
suggesting a rebuild.

Concurrency: an update takes the write lock before it reads what is stored
(waiting up to the busy timeout for another update to finish), so concurrent
updates take turns and each sees what the other committed; one that finds
another process committed between two of its checkpoints starts over from what
is now stored.  A lookup reads the segment list and the rows in one read
transaction, so it answers from one commit while a writer commits the next.

>>> from provenance.settings import Settings
>>> with Index.open(":memory:", Settings()) as index:
...     index.count()
0
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import stat
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, NamedTuple, TypeVar

import numpy as np

from ..detect.signatures import DocumentSignature, permutations
from ..io.load import EXPORT_SUFFIXES, CanonicalPaths, corpus_paths, file_stem, jsonl_line
from ..models import Document, LoadProblem
from ..parallel import parallel_map
from ..settings import Settings
from .errors import REBUILD_HINT, IndexFileError, IndexNotWritable, SegmentGone
from .keys import Signed, index_keys, read_and_sign, sign_loaded, signature_settings
from .segments import Segments, keys_dir, remove_keys

__all__ = [
    "DEFAULT_INDEX_PATH",
    "SCHEMA_VERSION",
    "Candidate",
    "Index",
    "UpdateStats",
    "corpus_files",
    "rebuilding",
    "refuse_links",
]

DEFAULT_INDEX_PATH = ".provenance/index.sqlite"
SCHEMA_VERSION = 2
_APPLICATION_ID = 0x50524F56  # "PROV": marks the file as a provenance index
_BUSY_TIMEOUT_MS = 30_000
_CACHE_KIB = 256 * 1024  # SQLite page cache per connection
_QUERY_CHUNK = 500  # row ids per SELECT (well under SQLite's bound-parameter limit)
_SEGMENT_DOCS = 50_000  # signed files per segment (and per transaction) of a large update
_LOOKUP_TRIES = 3  # snapshots a lookup tries when a writer merges segments away under it

_T = TypeVar("_T")

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    characters INTEGER NOT NULL,
    keys INTEGER NOT NULL
);
CREATE TABLE segments (id INTEGER PRIMARY KEY AUTOINCREMENT, entries INTEGER NOT NULL);
"""
_TABLES = {"meta", "docs", "segments"}
_COLUMNS = {
    "meta": {"key", "value"},
    "docs": {"rowid", "doc_id", "path", "hash", "size", "mtime_ns", "characters", "keys"},
    "segments": {"id", "entries"},
}
"""Each table's columns: a file whose tables differ (another version, another tool's table of that name)
is refused at open, not met as "no such column" in the middle of a check."""


@dataclass(frozen=True)
class UpdateStats:
    """What one :meth:`Index.update` did."""

    added: int
    """Articles keyed for the first time."""
    changed: int
    """Articles whose text changed, keyed again."""
    unchanged: int
    """Articles left as they were (their file unchanged, or its text the same)."""
    removed: int
    """Articles dropped (their file gone from the paths, or no longer holding them)."""
    problems: tuple[LoadProblem, ...] = ()
    """Files or articles that could not be indexed, and why."""


@dataclass(frozen=True)
class Candidate:
    """An indexed document sharing ``collisions`` index keys with a query."""

    doc_id: str
    """The indexed document's id."""
    path: str
    """Its path as indexed."""
    collisions: int
    """Index keys it shares with the query."""


class _Row(NamedTuple):
    """What an update reads of an indexed article's row."""

    rowid: int
    size: int
    mtime_ns: int
    digest: str
    doc_id: str
    path: str


class _Seen(NamedTuple):
    """The size and modification time an update found a file with."""

    size: int
    mtime_ns: int


class _Overtaken(Exception):
    """Another process committed to the index between two checkpoints of an update (which starts over)."""


class _Stored(NamedTuple):
    """What :meth:`Index._store` did with an article."""

    path: str
    kind: Literal["unchanged", "added", "changed"]


def _file_of(path: str) -> str:
    """The file an indexed article's path names (``x.jsonl:3`` is in ``x.jsonl``)."""
    line = jsonl_line(path)
    return path if line is None else line[0]


_GITIGNORE = "# Created by provenance: the index is rebuilt from the corpus, never committed.\n*\n"


def _ignore_folder(folder: Path) -> None:
    """Put a ``.gitignore`` ignoring everything in ``folder``, a folder the index has just made (as pytest
    does for its cache): ``provenance index`` then leaves ``git status`` clean in any repository."""
    try:
        with open(folder / ".gitignore", "x", encoding="utf-8") as handle:
            handle.write(_GITIGNORE)
    except FileExistsError:
        pass  # another process made the folder and wrote it first


_DUPLICATE, _DUPLICATE_END = "duplicate:", "duplicate;"  # the meta keys of skipped duplicates, as a range
_SIDECARS = ("", "-wal", "-shm", "-journal")  # the index file and SQLite's files beside it


def is_index_file(index_path: str, path: str) -> bool:
    """Whether ``path`` is one of the index ``index_path``'s own files: the file itself, SQLite's companions of
    it (``-wal``, ``-shm``, ``-journal``), a key segment in ``PATH.keys/``, or a rebuild's ``PATH.rebuilding-PID``
    and its companions.  Nothing else that starts with the name (``ix.sqlite.bak``, a copy kept by hand).

    >>> [is_index_file("ix.sqlite", p) for p in ("ix.sqlite-wal", "ix.sqlite.keys/00000001.keys.npy")]
    [True, True]
    >>> [is_index_file("ix.sqlite", p) for p in ("ix.sqlite.bak", "ix.sqlite.keys.zip", "ix.sqlite.rebuilding-x")]
    [False, False, False]
    """
    own, full = os.path.abspath(index_path), os.path.abspath(path)
    if not full.startswith(own):
        return False
    rest = full[len(own) :]
    build = _LEFT_BUILD.match(rest)
    if build is not None:  # a rebuild's file is an index of its own name
        rest = rest[build.end() :]
    return rest in _SIDECARS or rest.startswith(f".keys{os.sep}")


def refuse_links(path: str) -> None:
    """Raise :class:`IndexFileError` when the index file, a SQLite file beside it, its key folder or a folder
    it is in below the working folder is a symbolic link (or the key folder is not a folder): an index is
    never read, written or tidied through a link a change may have planted (``PATH.keys -> $HOME`` made
    tidying delete every file there, ``.provenance -> planted`` served a committed index)."""
    relative = os.path.relpath(path)
    # The folders it is in, below the working folder (".provenance -> planted/" served a committed index).
    above = [] if relative.startswith("..") else list(Path(relative).parents)[-2::-1]
    for name in (*map(str, above), *(f"{path}{suffix}" for suffix in _SIDECARS), str(keys_dir(path))):
        if os.path.islink(name):
            raise IndexFileError(f"{name}: a symbolic link; an index is never used through one")
    keys = keys_dir(path)
    if keys.exists() and not keys.is_dir():
        raise IndexFileError(f"{keys}: not a folder; {REBUILD_HINT}")


def _own_rows(path: str, rows_of: Mapping[str, list[str]], known: Mapping[str, _Row]) -> list[str]:
    """The stored articles of the file ``path``: those of an export's lines (``rows_of``), and its own row."""
    lines = rows_of.get(path, [])
    return [path, *lines] if path in known else lines


def _unchanged(path: str, row: tuple[Any, ...]) -> bool:
    """Whether the file ``path`` is still there as an index row recorded it (size and time): an article in it
    has not moved, whatever file of this update claims its id (a partial update lists only some folders)."""
    try:
        info = os.stat(path)
    except OSError:
        return False
    return (info.st_size, info.st_mtime_ns) == (row[1], row[2])


def _remove_files(path: str) -> None:
    for suffix in _SIDECARS:
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    remove_keys(path)


_SQLITE_MAGIC = b"SQLite format 3\x00"
NOT_OURS_HINT = "give another --index path (--rebuild replaces only a provenance index)"


def index_file_kind(path: str) -> str:
    """What the file at ``path`` is, read from its header alone: ``"none"`` (missing or empty), ``"index"``
    (an SQLite file marked as a provenance index, however damaged past its header), ``"sqlite"`` (another
    program's database) or ``"other"`` (not an SQLite file: a README given as ``--index``)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return "other"  # a folder, a FIFO (an open would wait forever), a device
        with open(path, "rb") as handle:
            head = handle.read(100)
    except FileNotFoundError:
        return "none"
    except OSError:
        return "other"
    if not head:
        return "none"
    if not head.startswith(_SQLITE_MAGIC) or len(head) < 72:
        return "other"
    if int.from_bytes(head[68:72], "big") == _APPLICATION_ID:
        return "index"
    # A new index's mark may still be in its write-ahead log: SQLite reads it there.
    return "index" if _read_only_value(path, "PRAGMA application_id") == _APPLICATION_ID else "sqlite"


def _read_only_value(path: str, query: str) -> object:
    """The first value ``query`` gives on the SQLite file at ``path`` opened read-only (None on any error)."""
    try:
        conn = sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute(query).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return None if row is None else row[0]


def _not_ours(path: str, kind: str) -> IndexFileError:
    what = "another program's SQLite database" if kind == "sqlite" else "not an SQLite file"
    return IndexFileError(f"{path}: not a provenance index ({what}); {NOT_OURS_HINT}")


@contextlib.contextmanager
def rebuilding(path: str, settings: Settings) -> Iterator[Index]:
    """An empty index to build afresh, put in the place of the index at ``path`` only once the block ends
    without an error: an interrupted or failed rebuild leaves the index that was there (it deleted it first,
    and a rebuild killed after a second left 0 documents).  Built beside it (``PATH.rebuilding-PID``), then moved
    in: its segment files into ``PATH.keys`` (segment files alone: whatever else a user keeps there stays;
    the old index's segments the new one does not list are tidied by the next update), then its file over
    ``PATH``.  A file at ``PATH`` that is not a provenance index is never replaced."""
    kind = index_file_kind(path)
    if kind in ("sqlite", "other"):
        raise _not_ours(path, kind)
    building = f"{path}.rebuilding-{os.getpid()}"  # one a process: two rebuilds at once never share one
    refuse_links(path)
    refuse_links(building)
    _remove_left_builds(path)
    after = _last_segment(path) if kind == "index" else 0
    try:
        with Index.open(building, settings) as index:
            # its segments numbered after the old index's: moving them in never overwrites a file the old
            # index (and whoever reads it meanwhile) still lists
            index.number_segments_after(after)
            yield index
            index.detach_journal()
    except BaseException:
        _remove_files(building)
        raise
    _move_in(building, path)


_LEFT_BUILD = re.compile(r"\.rebuilding-([0-9]+)")


def _remove_left_builds(path: str) -> None:
    """Delete what rebuilds of ``path`` killed before they could clean up left: ``PATH.rebuilding-PID`` files
    (and their sidecars and keys) of processes no longer running; never a link, never a running rebuild's."""
    folder, name = os.path.split(path)
    try:
        entries = os.listdir(folder or ".")
    except OSError:
        return
    for entry in sorted(entries):
        found = _LEFT_BUILD.fullmatch(entry[len(name) :]) if entry.startswith(name) else None
        left = os.path.join(folder, entry)
        if found is None or os.path.islink(left) or index_file_kind(left) not in ("index", "none"):
            continue  # a user's file of that name, or a link: left alone
        try:
            os.kill(int(found.group(1)), 0)
        except ProcessLookupError:
            _remove_files(os.path.join(folder, entry))
        except (PermissionError, OverflowError, ValueError):
            continue  # another user's process, or no process number at all: left alone


def _last_segment(path: str) -> int:
    """The highest segment number the index at ``path`` ever gave (0 when it cannot be read)."""
    last = _read_only_value(path, "SELECT seq FROM sqlite_sequence WHERE name = 'segments'")
    return last if isinstance(last, int) else 0


def _move_in(building: str, path: str) -> None:
    """Put the closed index ``building`` (its journal detached) in the place of ``path``."""
    new_keys, keys = keys_dir(building), keys_dir(path)
    try:
        if new_keys.is_dir():
            keys.mkdir(exist_ok=True)
            for file in sorted(new_keys.iterdir()):
                os.replace(file, keys / file.name)
            new_keys.rmdir()
        for suffix in _SIDECARS[1:]:  # the old file's journal would be read as the new file's
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(building, path)
        conn = sqlite3.connect(path)
        try:
            conn.execute("PRAGMA journal_mode = WAL")  # as an index is made: readers beside a writer
        finally:
            conn.close()
    except (OSError, sqlite3.Error) as err:
        reason = getattr(err, "strerror", None) or err
        raise IndexFileError(f"{path}: cannot put the rebuilt index in place: {reason}") from None


def _failed_update(path: str, err: sqlite3.Error) -> IndexFileError:
    """The one line of an update SQLite refused: what to do depends on why (a rebuild needs more room than
    the update that found the disk full, and mends nothing another process holds).

    >>> str(_failed_update("ix.sqlite", sqlite3.OperationalError("database or disk is full"))).split("; ")[1]
    'free some space and run it again (the index keeps what it had committed)'
    """
    if "locked" in str(err):
        hint = "another process holds it; try again"
    elif "full" in str(err):
        hint = "free some space and run it again (the index keeps what it had committed)"
    else:
        hint = REBUILD_HINT
    return IndexFileError(f"{path}: index update failed ({err}); {hint}")


def _why_not_written(path: str, err: sqlite3.Error) -> str:
    """Why SQLite could not write the index at ``path``: a read-only file system said so, not a question of
    permissions (SQLite's own words, ``unable to open database file``, name neither)."""
    try:
        read_only = bool(os.statvfs(Path(path).absolute().parent).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs here: SQLite's words
        read_only = False
    return "a read-only file system" if read_only else f"{err}; check its permissions"


class Index:
    """An open index file; use :meth:`open` (a context manager)."""

    def __init__(self, conn: sqlite3.Connection, path: str, settings: Settings, *, read_only: bool = False) -> None:
        self._conn = conn
        self.path = path
        self.settings = settings
        self.read_only = read_only
        """Opened read-only (``Index.open(..., read_only=True)``): looked up, never updated."""
        self._segments = Segments(conn, path)
        self._duplicates: set[str] = set()  # articles skipped for a duplicate id (``meta`` keys ``duplicate:PATH``)

    # -- opening ---------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        settings: Settings,
        *,
        create: bool = True,
        rebuild: bool = False,
        read_only: bool = False,
    ) -> Index:
        """Open (or create) the index at ``path`` for these settings.

        Raises :class:`IndexFileError` for a corrupt or foreign file, another
        schema version or other signature settings (``rebuild=True`` deletes
        the file and its keys and starts afresh instead), and
        :class:`IndexNotWritable` for a file that cannot be written
        (``read_only=True`` opens such a file to be read only).
        """
        name = str(path)
        if read_only:
            return cls._open_read_only(name, settings)
        memory = name == ":memory:"
        if not memory:
            target = Path(name)
            refuse_links(name)
            if rebuild:
                if (kind := index_file_kind(name)) in ("sqlite", "other"):
                    raise _not_ours(name, kind)
                _remove_files(name)
            if not target.exists() and not create:
                raise IndexFileError(f"{name}: no index; run `provenance index PATH...`")
            try:
                if not target.parent.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    _ignore_folder(target.parent)
            except OSError as err:
                raise IndexFileError(f"{name}: cannot create: {err.strerror or err}") from None
        try:
            conn = sqlite3.connect(name, timeout=_BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as err:
            raise IndexFileError(f"{name}: cannot open index ({err})") from None
        try:
            index = cls(conn, name, settings)
            index._prepare()
        except sqlite3.DatabaseError as err:
            conn.close()
            if "readonly" in str(err) or "unable to open" in str(err):
                raise IndexNotWritable(f"{name}: cannot write the index ({_why_not_written(name, err)})") from None
            if not memory and (kind := index_file_kind(name)) in ("sqlite", "other"):
                raise _not_ours(name, kind) from None
            raise IndexFileError(f"{name}: not a usable provenance index ({err}); {REBUILD_HINT}") from None
        except IndexFileError:
            conn.close()
            raise
        return index

    @classmethod
    def _open_read_only(cls, name: str, settings: Settings) -> Index:
        """The index at ``name`` opened to be read only, for a folder or file system no one here may write
        (a shared archive's index mounted read-only): SQLite opens a file in WAL mode there only when told
        it cannot change (``immutable``), since it cannot make the shared-memory file beside it."""
        refuse_links(name)
        uri = Path(name).absolute().as_uri()
        last: sqlite3.Error | None = None
        for query in ("mode=ro", "mode=ro&immutable=1"):
            try:
                conn = sqlite3.connect(
                    f"{uri}?{query}", uri=True, timeout=_BUSY_TIMEOUT_MS / 1000, isolation_level=None
                )
            except sqlite3.Error as err:
                last = err
                continue
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                index = cls(conn, name, settings, read_only=True)
                index._prepare()
                return index
            except sqlite3.DatabaseError as err:
                conn.close()
                last = err
                if "unable to open" not in str(err):
                    break
            except IndexFileError:
                conn.close()
                raise
        raise IndexFileError(f"{name}: cannot read the index ({last}); {REBUILD_HINT}")

    def _prepare(self) -> None:
        conn = self._conn
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        # NORMAL is safe with WAL (a power cut may lose the last commit, never corrupt the file).
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if not tables and self.read_only:
            raise _not_ours(self.path, "sqlite")
        if not tables:
            if self.path != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("BEGIN IMMEDIATE")
            try:
                # A second process may have created it meanwhile: look again under the lock.
                if not conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
                    # Statement by statement: executescript() would COMMIT the transaction early.
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    conn.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
                    conn.executemany(
                        "INSERT INTO meta VALUES (?, ?)",
                        [
                            ("schema_version", str(SCHEMA_VERSION)),
                            ("settings", json.dumps(signature_settings(self.settings), sort_keys=True)),
                        ],
                    )
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            app_id = _APPLICATION_ID
            tables = set(_TABLES)
        if app_id != _APPLICATION_ID:
            raise _not_ours(self.path, "sqlite")
        columns = {table: {row[1] for row in conn.execute(f"PRAGMA table_info({table})")} for table in sorted(_COLUMNS)}
        if any(columns[table] != wanted for table, wanted in _COLUMNS.items()):
            raise IndexFileError(f"{self.path}: index tables are not those of this version; {REBUILD_HINT}")
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("schema_version") != str(SCHEMA_VERSION):
            raise IndexFileError(
                f"{self.path}: index schema version {meta.get('schema_version')} is not {SCHEMA_VERSION}; "
                f"{REBUILD_HINT}"
            )
        try:
            stored = json.loads(meta.get("settings", "{}"))
        except (TypeError, ValueError):
            stored = None
        if not isinstance(stored, dict):
            raise IndexFileError(f"{self.path}: index settings unreadable (not a JSON object); {REBUILD_HINT}")
        wanted = signature_settings(self.settings)
        if stored != wanted:
            differing = ", ".join(f"{k} {stored.get(k)} → {v}" for k, v in wanted.items() if stored.get(k) != v)
            raise IndexFileError(
                f"{self.path}: index built with other signature settings ({differing}); {REBUILD_HINT}"
            )

    def number_segments_after(self, last: int) -> None:
        """Number this (empty) index's segments from ``last + 1`` on."""
        if last <= 0:
            return
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            self._conn.execute("DELETE FROM sqlite_sequence WHERE name = 'segments'")
            self._conn.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('segments', ?)", (last,))
            self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise

    def detach_journal(self) -> None:
        """Fold the write-ahead log into the file and leave WAL mode until the next open, so that the file
        alone holds the index (to be moved elsewhere when closed)."""
        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._conn.execute("PRAGMA journal_mode = DELETE")

    def close(self) -> None:
        """Close the database connection and unmap the segments."""
        self._segments.close()
        self._conn.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- segments --------------------------------------------------------------

    def _merge(self) -> None:
        """Merge segments when there are many, or many dead keys (:meth:`Segments.merge`)."""
        live = int(self._conn.execute("SELECT COALESCE(SUM(keys), 0) FROM docs").fetchone()[0])
        self._segments.merge(live, self._live_rows)

    def _live_rows(self) -> np.ndarray:
        return np.fromiter((r[0] for r in self._conn.execute("SELECT rowid FROM docs")), dtype=np.uint32)

    # -- reading ---------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        """A value of the index's ``meta`` table (the schema version, the settings, the recorded listing)."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str | None) -> None:
        """Set (or, with None, delete) a value of the ``meta`` table, in a transaction of its own."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                if value is None:
                    self._conn.execute("DELETE FROM meta WHERE key = ?", (key,))
                else:
                    self._conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as err:
            raise _failed_update(self.path, err) from None

    def ids_of(self, paths: Iterable[str]) -> dict[str, str]:
        """The stored document id of each of ``paths`` (stored spellings) the index holds."""
        wanted = list(dict.fromkeys(paths))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), _QUERY_CHUNK):
            chunk = wanted[start : start + _QUERY_CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(self._conn.execute(f"SELECT path, doc_id FROM docs WHERE path IN ({marks})", chunk))
        return found

    def known_ids(self, doc_ids: Iterable[str]) -> set[str]:
        """Those of ``doc_ids`` the index holds a document of (lookups by the id's own index, however large
        the index: what :meth:`hashes` would read whole)."""
        wanted = list(dict.fromkeys(doc_ids))
        found: set[str] = set()
        for start in range(0, len(wanted), _QUERY_CHUNK):
            chunk = wanted[start : start + _QUERY_CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(
                str(r[0]) for r in self._conn.execute(f"SELECT doc_id FROM docs WHERE doc_id IN ({marks})", chunk)
            )
        return found

    def hashes(self) -> dict[str, str]:
        """Document id → content hash of every indexed document (one pass over the documents: the hash
        column has no index of its own)."""
        return dict(self._conn.execute("SELECT doc_id, hash FROM docs"))

    def duplicates(self) -> list[tuple[str, str]]:
        """(article, holder) of each article an update skipped as its id was another's (the holder's)."""
        rows = self._conn.execute(
            "SELECT key, value FROM meta WHERE key >= ? AND key < ? ORDER BY key", (_DUPLICATE, _DUPLICATE_END)
        )
        return [(str(key)[len(_DUPLICATE) :], str(value)) for key, value in rows]

    def count(self) -> int:
        """How many documents the index holds."""
        return int(self._conn.execute("SELECT COUNT(*) FROM docs").fetchone()[0])

    def is_empty(self) -> bool:
        """Whether the index holds no document (one row read, where :meth:`count` reads them all)."""
        return self._conn.execute("SELECT 1 FROM docs LIMIT 1").fetchone() is None

    def documents(self) -> list[tuple[str, str]]:
        """(document id, path) of every indexed document, by id."""
        return [(r[0], r[1]) for r in self._conn.execute("SELECT doc_id, path FROM docs ORDER BY doc_id")]

    def path_of(self, doc_id: str) -> str | None:
        """The path of the indexed document ``doc_id``, if any (one row read by the id's own index)."""
        row = self._conn.execute("SELECT path FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
        return None if row is None else str(row[0])

    def stored_hash(self, doc_id: str) -> str | None:
        """The content hash stored for a document id, if any."""
        row = self._conn.execute("SELECT hash FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
        return None if row is None else str(row[0])

    def entries(self) -> list[tuple[int, str]]:
        """Every live (key, document id) entry, sorted: what the index would answer."""

        def read() -> list[tuple[int, str]]:
            names = dict(self._conn.execute("SELECT rowid, doc_id FROM docs").fetchall())
            return sorted((k, names[d]) for k, d in self._segments.entries() if d in names)

        return self._snapshot(read)

    @contextlib.contextmanager
    def reading(self) -> Iterator[tuple[list[tuple[np.ndarray, np.ndarray]], np.ndarray]]:
        """The (keys, row ids) arrays of every segment and the live row ids (sorted), of one commit.

        Held in one read transaction while the caller reads them (the archive scan's key join).
        """
        began = not self._conn.in_transaction
        if began:
            self._conn.execute("BEGIN")
        try:
            arrays = [self._segments.arrays(segment) for segment in self._segments.ids()]
            yield arrays, np.sort(self._live_rows())
        finally:
            if began and self._conn.in_transaction:
                self._conn.execute("COMMIT")

    def rows(self, rowids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """Row id → (document id, path) of those of ``rowids`` the index holds."""
        found: dict[int, tuple[str, str]] = {}
        for start in range(0, len(rowids), _QUERY_CHUNK):
            chunk = rowids[start : start + _QUERY_CHUNK]
            marks = ",".join("?" * len(chunk))
            for rowid, doc_id, path in self._conn.execute(
                f"SELECT rowid, doc_id, path FROM docs WHERE rowid IN ({marks})", chunk
            ):
                found[int(rowid)] = (str(doc_id), str(path))
        return found

    def candidates(
        self,
        signature: DocumentSignature,
        *,
        exclude: str | None = None,
        uncounted: Callable[[], tuple[np.ndarray, np.ndarray]] | None = None,
    ) -> list[Candidate]:
        """Indexed documents sharing ``index_min_collisions`` keys with ``signature``, most first.

        Keys held by more than ``max_bucket`` documents are ignored (as such buckets are in the scan, but
        for a pair holding ``wide_share`` of the keys), unless a document holds ``index_wide_share`` of the
        keys with them (a story archived that often), not counting those ``uncounted()`` says
        (:func:`~provenance.index.keys.key_counts` of the texts being checked, asked only when a key is over
        the limit); ``exclude`` drops one document id (the query itself).
        """
        wanted = index_keys(signature.windows, self.settings)
        if len(wanted) == 0:
            return []
        for _ in range(_LOOKUP_TRIES - 1):
            try:
                return self._snapshot(lambda: self._lookup(wanted, exclude, uncounted))
            except SegmentGone:  # a writer merged segments away after this snapshot began: look again
                continue
        return self._snapshot(lambda: self._lookup(wanted, exclude, uncounted))

    def _snapshot(self, read: Callable[[], _T]) -> _T:
        """``read()`` in one read transaction: the segments it lists and the rows it reads are of one commit.

        Without it a writer committing between two statements could pair the segments of
        one commit with the rows of the next: an answer neither commit gives.
        """
        if self._conn.in_transaction:
            return read()
        self._conn.execute("BEGIN")
        try:
            return read()
        finally:
            if self._conn.in_transaction:
                self._conn.execute("COMMIT")

    def _lookup(
        self,
        wanted: np.ndarray,
        exclude: str | None,
        uncounted: Callable[[], tuple[np.ndarray, np.ndarray]] | None,
    ) -> list[Candidate]:
        collisions = self._segments.lookup(
            wanted,
            max_bucket=self.settings.max_bucket,
            min_collisions=self.settings.index_min_collisions,
            uncounted=uncounted,
            wide_share=self.settings.index_wide_share,
            bands=self.settings.index_bands,
            row_keys=self._key_counts,
        )
        found: list[Candidate] = []
        ids = list(collisions)
        for start in range(0, len(ids), _QUERY_CHUNK):
            chunk = ids[start : start + _QUERY_CHUNK]
            marks = ",".join("?" * len(chunk))
            for rowid, doc_id, path in self._conn.execute(
                f"SELECT rowid, doc_id, path FROM docs WHERE rowid IN ({marks})", chunk
            ):
                if doc_id != exclude:
                    found.append(Candidate(doc_id, path, collisions[rowid]))
        found.sort(key=lambda c: (-c.collisions, c.doc_id))
        return found

    def _key_counts(self, rowids: np.ndarray) -> np.ndarray:
        """The stored key count of each of ``rowids`` that is a short text's (fewer keys than ``index_bands`` x
        ``index_min_collisions``, the only counts that lower the keys a pair needs); the most a count can be for
        any other (a row no longer held too): SQLite leaves the long ones out, not Python."""
        held: dict[int, int] = {}
        ids = rowids.tolist()
        short = self.settings.index_bands * self.settings.index_min_collisions
        for start in range(0, len(ids), _QUERY_CHUNK):
            chunk = ids[start : start + _QUERY_CHUNK]
            marks = ",".join("?" * len(chunk))
            held.update(
                self._conn.execute(
                    f"SELECT rowid, keys FROM docs WHERE rowid IN ({marks}) AND keys < ?", [*chunk, short]
                )
            )
        most = np.iinfo(np.int64).max
        return np.fromiter((held.get(rowid, most) for rowid in ids), dtype=np.int64, count=len(ids))

    # -- writing ---------------------------------------------------------------

    def update(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        ids: Mapping[str, str] | None = None,
        prune: bool | AbstractSet[str] = True,
        progress: Callable[[int, int], None] | None = None,
        jobs: int = 1,
        articles: Mapping[str, Document] | None = None,
        _fail_after: int | None = None,
    ) -> UpdateStats:
        """Bring the index in line with these files, in one transaction (or one per 50,000 signed files).

        A file whose size and mtime are as stored is skipped unread; one whose
        content hash is unchanged only has its metadata refreshed; others are
        (re)keyed, as is one whose id is no longer the stored one.  ``ids`` gives a file's id
        by its path (:attr:`~provenance.io.load.CorpusListing.ids`; a file not in it: its stem).
        Paths are stored as :func:`~provenance.io.load.canonical_path` spells them, so a corpus
        named ``seeds``, ``./seeds`` or ``/abs/path/to/seeds`` is one set of keys.  With ``prune``,
        indexed files not among ``paths`` are dropped; ``prune`` a set of folders (as ``os.path.dirname``
        spells a stored path's folder) drops only those directly in them, and reads only the stored rows
        of ``paths`` and of those folders (a refresh of a few folders of a large index).  ``jobs``
        processes read and key the files (0: every core); this process writes them, in path order,
        whatever the number of jobs.
        ``articles``: the one article of files the caller has read already, by their canonical path (a
        file's own, not an export's): keyed from its text, the file not read again.
        ``_fail_after`` raises after that many keyed files (tests of
        interrupted updates).

        Concurrent updates take turns: each holds the write lock (waiting up to
        the busy timeout for it) from reading what is stored to its commit, and
        starts over when another process wrote between two of its checkpoints.
        """
        canonical = CanonicalPaths()
        named: dict[str, str] = {}
        for given in paths:
            path = canonical(given)
            found = None if ids is None else ids.get(os.fspath(given))
            if found is not None or path not in named:
                named[path] = found if found is not None else file_stem(path)
        files = sorted(named)
        counts: Counter[str] = Counter()
        again = 0  # articles added or changed by earlier passes, which a later pass finds unchanged
        try:
            while True:
                try:
                    stats = self._update(
                        files,
                        named,
                        counts,
                        prune=prune,
                        progress=progress,
                        jobs=jobs,
                        articles=articles,
                        fail_after=_fail_after,
                    )
                    return replace(stats, unchanged=max(0, stats.unchanged - again))
                except _Overtaken:
                    # What this update committed so far stays (and counts); the rest is looked at afresh.
                    del counts["unchanged"]
                    again = counts["added"] + counts["changed"]
        except sqlite3.Error as err:
            raise _failed_update(self.path, err) from None
        except OSError as err:
            raise IndexFileError(f"{self.path}: index update failed ({err.strerror or err})") from None

    def _commit(self) -> None:
        self._conn.execute("COMMIT")
        self._segments.committed()

    def _rollback(self) -> None:
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")
        self._segments.rolled_back()

    def _update(
        self,
        files: list[str],
        named: Mapping[str, str],
        counts: Counter[str],
        *,
        prune: bool | AbstractSet[str],
        progress: Callable[[int, int], None] | None,
        jobs: int,
        articles: Mapping[str, Document] | None,
        fail_after: int | None,
    ) -> UpdateStats:
        """One pass of :meth:`update` over ``files`` (canonical, sorted; ``named``: their ids).

        ``counts`` holds what earlier passes of this update committed and gets this
        pass's.  Raises :class:`_Overtaken` when another process committed between
        two checkpoints of this pass.
        """
        wanted = set(files)
        conn = self._conn
        signed_files: Generator[list[Signed | LoadProblem], None, None] | None = None
        # The write lock before reading what is stored: another update committing between the
        # read and the write would make this one insert rows that are already there.
        conn.execute("BEGIN IMMEDIATE")
        try:
            known = {row.path: row for row in map(_Row._make, self._stored_rows(files, prune))}
            # The indexed articles of each file: its own, or those of a JSON Lines export's lines (only
            # those hold a ":" in their path: every other row is its file's one row, found in ``known``).
            rows_of: dict[str, list[str]] = {}
            for row_path in known:
                if ":" in row_path and (file := _file_of(row_path)) != row_path:
                    rows_of.setdefault(file, []).append(row_path)
            problems: list[LoadProblem] = []
            self._duplicates = {path for path, _ in self.duplicates()}
            moved: set[str] = set()  # rows dropped during this update as their article moved elsewhere
            # Stat every file first; those to read are read and keyed by the workers, in order.
            # (size, mtime) of each file, not its os.stat_result: a tenth of the memory, a million times.
            stats: list[_Seen | LoadProblem | None] = []
            to_read: list[tuple[str, dict[str, tuple[str, str]], str | None]] = []
            for path in files:
                try:
                    stat = os.stat(path)
                except OSError as err:
                    stats.append(LoadProblem(path, err.strerror or str(err)))
                    continue
                export = path.lower().endswith(EXPORT_SUFFIXES)
                own = known.get(path)
                if own is not None and not export:
                    # A plain file's one row (nearly every file): the test below without building a dict.
                    if own.doc_id == named[path] and (own.size, own.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
                        stats.append(None)
                        continue
                    rows = {path: own}
                else:
                    rows = {r: known[r] for r in _own_rows(path, rows_of, known)}
                    # A file's id may change with no edit to it (a file of the same stem added beside it).
                    same_id = export or all(row.doc_id == named[path] for row in rows.values())
                    if (
                        rows
                        and same_id
                        and all(r.size == stat.st_size and r.mtime_ns == stat.st_mtime_ns for r in rows.values())
                    ):
                        stats.append(None)
                        continue
                stats.append(_Seen(stat.st_size, stat.st_mtime_ns))
                to_read.append(
                    (path, {r: (row.doc_id, row.digest) for r, row in rows.items()}, None if export else named[path])
                )
            if to_read:  # the permutations once, here, not once in every worker
                permutations(self.settings.num_perm, self.settings.seed)
            signed_files = (
                parallel_map(read_and_sign, to_read, shared=self.settings, jobs=jobs, chunksize=64)
                if articles is None
                else parallel_map(sign_loaded, to_read, shared=(self.settings, articles), jobs=jobs, chunksize=64)
            )
            self._segments.tidy()
            unchanged = 0  # files skipped unread, counted at once (a Counter's += a file is a Python call)
            for n, (path, entry) in enumerate(zip(files, stats, strict=True), 1):
                if progress:
                    progress(n, len(files))
                if isinstance(entry, LoadProblem):
                    problems.append(entry)
                    continue
                if entry is None:
                    unchanged += len(_own_rows(path, rows_of, known))
                    continue
                kept: set[str] = set()
                for got in next(signed_files):
                    if isinstance(got, LoadProblem):
                        problems.append(got)
                        continue
                    old = None if got.path in moved else known.get(got.path)
                    outcome = self._store(got, old, entry, kept, moved, wanted)
                    if isinstance(outcome, LoadProblem):
                        problems.append(outcome)
                        continue
                    kept.add(outcome.path)
                    counts[outcome.kind] += 1
                    if outcome.kind == "unchanged":
                        continue
                    signed = counts["added"] + counts["changed"]
                    if fail_after is not None and signed >= fail_after:
                        raise RuntimeError("simulated interruption")
                    if signed % _SEGMENT_DOCS == 0:
                        self._checkpoint()
                # Articles the file no longer holds (lines gone from an export, a file that no longer loads).
                gone = [r for r in _own_rows(path, rows_of, known) if r not in kept]
                counts["removed"] += sum(self._delete(r) for r in gone)
            counts["unchanged"] += unchanged
            self._segments.flush()
            if prune:
                stale = (
                    r
                    for r in sorted(set(known) - wanted)
                    if _file_of(r) not in wanted and (prune is True or os.path.dirname(_file_of(r)) in prune)
                )
                counts["removed"] += sum(self._delete(r) for r in stale)
            self._merge()
            self._commit()
        except BaseException:
            if signed_files is not None:
                signed_files.close()  # stops the workers
            self._rollback()
            raise
        return UpdateStats(counts["added"], counts["changed"], counts["unchanged"], counts["removed"], tuple(problems))

    def _stored_rows(self, files: Sequence[str], prune: bool | AbstractSet[str]) -> Iterator[tuple[Any, ...]]:
        """The stored (rowid, size, mtime_ns, hash, doc_id, path) rows an update compares: every row, or
        (``prune`` not True) those of the folders of ``prune`` and of the ``files`` outside them (an
        export's by line), each row once: a file of a pruned folder is found by its folder's rows, not
        looked up again (a refresh of one folder of 20,000 files reads each row once, not twice)."""
        columns = "SELECT rowid, size, mtime_ns, hash, doc_id, path FROM docs"
        if prune is True:
            yield from self._conn.execute(columns)
            return
        folders = set(prune or ())
        for folder in sorted(folders):
            if not folder or folder.endswith("/"):
                for row in self._conn.execute(columns):
                    if os.path.dirname(_file_of(row[-1])) == folder:
                        yield row
            else:  # every row of it is directly in it (the file of an export's line too)
                yield from self._folder_rows(columns, folder)
        rest = [f for f in files if os.path.dirname(f) not in folders] if folders else files
        plain = [f for f in rest if not f.lower().endswith(EXPORT_SUFFIXES)]
        for start in range(0, len(plain), _QUERY_CHUNK):
            chunk = plain[start : start + _QUERY_CHUNK]
            yield from self._conn.execute(f"{columns} WHERE path IN ({','.join('?' * len(chunk))})", chunk)
        for export in rest:
            if export.lower().endswith(EXPORT_SUFFIXES):  # its lines: "x.jsonl:1" up to (not) "x.jsonl;"
                yield from self._conn.execute(f"{columns} WHERE path > ? AND path < ?", (f"{export}:", f"{export};"))

    def _folder_rows(self, columns: str, folder: str) -> Iterator[tuple[Any, ...]]:
        """The rows of ``columns`` (path last) of the files directly in ``folder``, by ranges of the path
        index: a sub-folder's rows are never read (one row of it is, to seek past it), so a changed top
        folder costs its own files, not the corpus below it (``"0"`` is the character after ``"/"``)."""
        query = f"{columns} WHERE path >= ? AND path < ? ORDER BY path"
        start, high = len(folder) + 1, f"{folder}0"
        low: str | None = f"{folder}/"
        while low is not None:
            rows, low = self._conn.execute(query, (low, high)), None
            for row in rows:
                cut = row[-1].find("/", start)
                if cut < 0:
                    yield row
                else:  # "folder/sub/…": go on past every path of the sub-folder
                    low = f"{row[-1][:cut]}0"
                    break

    def _checkpoint(self) -> None:
        """Commit what an update did so far and take the write lock again (a large build's checkpoint).

        What is committed is a consistent index (a re-run goes on from there); merging as it goes keeps
        each merge small.  Raises :class:`_Overtaken` when another process committed in between: what
        this pass read of the index is then out of date.
        """
        self._segments.flush()
        self._merge()
        version = self._data_version()  # read before the commit, which does not change it
        self._commit()
        self._conn.execute("BEGIN IMMEDIATE")
        if self._data_version() != version:
            raise _Overtaken

    def _data_version(self) -> int:
        """SQLite's count of commits by other connections (it changes when another process commits)."""
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def _store(
        self, got: Signed, old: _Row | None, stat: _Seen, kept: set[str], moved: set[str], wanted: set[str]
    ) -> _Stored | LoadProblem:
        """Record one article read during an update: refresh, insert or replace its row.

        ``old`` is its stored row (None when new, or dropped during this update as another article
        took its id); ``kept`` holds the articles of its file recorded so far, ``moved`` the rows
        dropped so far, ``wanted`` the files of the update.
        """
        if got.keys is None and old is not None:  # same id, same text: only the file's metadata moved on
            self._conn.execute(
                "UPDATE docs SET size = ?, mtime_ns = ? WHERE rowid = ?", (stat.size, stat.mtime_ns, old.rowid)
            )
            return _Stored(got.path, "unchanged")
        if old is None and got.keys is not None:
            # A new article (nearly all of a build): inserted at once, the id's uniqueness checked by
            # its index; a clash aborts the INSERT alone and is looked at below.
            try:
                self._insert(got, stat.size, stat.mtime_ns)
                return _Stored(got.path, "added")
            except sqlite3.IntegrityError:
                pass
        # Not keyed and its row gone (moved): an article kept during this update took its id, so the
        # clash below finds it and reports a duplicate.
        clash = self._conn.execute(
            "SELECT path, size, mtime_ns FROM docs WHERE doc_id = ? AND path != ?", (got.doc_id, got.path)
        ).fetchone()
        if clash is not None:
            other = _file_of(clash[0])
            if clash[0] in kept or (other != _file_of(got.path) and (other in wanted or _unchanged(other, clash))):
                # Kept in the index: check and gate refuse an article that takes an id the corpus holds.
                self._conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (_DUPLICATE + got.path, clash[0]))
                self._duplicates.add(got.path)
                return LoadProblem(got.path, f"duplicate document id {got.doc_id!r} (also {clash[0]})")
            # The article moved (to another file, or another line of this export): its old row goes.
            self._delete(clash[0])
            moved.add(clash[0])
        if old is not None:
            self._delete(got.path)
        self._insert(got, stat.size, stat.mtime_ns)
        if got.path in self._duplicates:  # no longer a duplicate
            self._conn.execute("DELETE FROM meta WHERE key = ?", (_DUPLICATE + got.path,))
            self._duplicates.discard(got.path)
        return _Stored(got.path, "added" if old is None else "changed")

    def _insert(self, got: Signed, size: int, mtime_ns: int) -> None:
        assert got.keys is not None
        cursor = self._conn.execute(
            "INSERT INTO docs (doc_id, path, hash, size, mtime_ns, characters, keys) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (got.doc_id, got.path, got.digest, size, mtime_ns, got.characters, len(got.keys)),
        )
        self._segments.add(got.keys, int(cursor.lastrowid or 0))

    def _delete(self, path: str) -> bool:
        """Drop a document's record (its keys die with it)."""
        return self._conn.execute("DELETE FROM docs WHERE path = ?", (path,)).rowcount > 0


def corpus_files(paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    """The article files named by ``paths`` (:func:`provenance.io.load.corpus_paths`, without its problems)."""
    return corpus_paths(paths)[0]
