"""The persistent index: document records in SQLite, their LSH keys in sorted segments.

``PATH`` (default ``.provenance/index.sqlite``) holds, per article (a ``.txt``,
``.md`` or ``.html`` file, or a line ``file.jsonl:LINE`` of a JSON Lines export), its
content hash, id, path, and its file's size and mtime; ``PATH.keys/`` holds the *segments*:
pairs of memory-mapped NumPy arrays, the LSH keys of a batch of documents
sorted by key (``NNNNNNNN.keys.npy``, uint64) and the document each key belongs
to (``NNNNNNNN.docs.npy``, uint32 row ids).  Looking up a text's candidates is
a binary search of its keys in each segment (a few, however large the corpus),
not a scan of the corpus, and building the index is appending sorted arrays,
not inserting rows into a B-tree.

The keys are LSH band keys (:func:`provenance.detect.candidates.band_keys`) of the
same window MinHashes as the scan, with a sparser banding
(``index_bands`` × ``index_rows``, default 3 × 1: each key is one window's
minimum under one permutation): about 80 keys an article instead of the scan's
2,200, so a million articles take about a gigabyte of keys.  A document is a
candidate when it shares ``index_min_collisions`` (2) keys with the query;
keys held by more than ``max_bucket`` documents are ignored, as in the scan.

Safety: the database runs in WAL mode; an update is one transaction (a large
one commits a segment every 50,000 signed files), and a segment file is
written to a temporary name, synced and renamed before the transaction that
lists it commits, so an interrupted update (Ctrl-C, kill) leaves a consistent
index: the previous one plus whole batches.  Files no committed transaction
lists (an interrupted write, a segment merged away) are deleted by the next
update.  Deleting a document deletes its record; its keys stay in their segment
until segments are merged (more than ``_MAX_SEGMENTS`` of them, or a quarter of
the keys dead) and are never returned meanwhile.  A corrupt or foreign file, or
one built with other signature settings, raises :class:`IndexFileError` with a
one-line message suggesting a rebuild.

>>> from provenance.settings import Settings
>>> with Index.open(":memory:", Settings()) as index:
...     index.count()
0
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Literal, NamedTuple

import numpy as np

from ..detect.candidates import band_keys
from ..detect.signatures import DocumentSignature, distinct, permutations, shingle_hashes, window_minhashes
from ..errors import ProvenanceError
from ..io.atomic import write_atomic_binary
from ..io.load import corpus_paths, jsonl_line, load_articles
from ..models import LoadProblem
from ..parallel import parallel_map
from ..settings import Settings
from ..text.sentences import word_keys

__all__ = [
    "DEFAULT_INDEX_PATH",
    "REBUILD_HINT",
    "SCHEMA_VERSION",
    "Candidate",
    "Index",
    "IndexFileError",
    "UpdateStats",
    "content_hash",
    "corpus_files",
    "index_keys",
    "signature_settings",
]

DEFAULT_INDEX_PATH = ".provenance/index.sqlite"
SCHEMA_VERSION = 2
_APPLICATION_ID = 0x50524F56  # "PROV": marks the file as a provenance index
_BUSY_TIMEOUT_MS = 30_000
_CACHE_KIB = 256 * 1024  # SQLite page cache per connection
_QUERY_CHUNK = 500  # row ids per SELECT (well under SQLite's bound-parameter limit)
_SEGMENT_DOCS = 50_000  # signed files per segment (and per transaction) of a large update
_MAX_SEGMENTS = 8  # more segments than this after an update: the smallest are merged
_MAX_DEAD_SHARE = 0.25  # more dead keys than this share: every segment is merged
REBUILD_HINT = "run `provenance index --rebuild PATH...`"

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


class IndexFileError(ProvenanceError):
    """The index file cannot be used (corrupt, foreign, other settings); one line."""


class _SegmentGone(IndexFileError):
    """A listed segment's file is missing (merged away by another process meanwhile, or deleted)."""


@dataclass(frozen=True)
class UpdateStats:
    """What one :meth:`Index.update` did."""

    added: int
    changed: int
    unchanged: int
    removed: int
    problems: tuple[LoadProblem, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """An indexed document sharing ``collisions`` index keys with a query."""

    doc_id: str
    path: str
    collisions: int


def content_hash(text: str) -> str:
    """SHA-256 of a document's text (UTF-8), the key of incremental updates."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def signature_settings(settings: Settings) -> dict[str, int]:
    """The settings an index's keys depend on."""
    return {
        "shingle_size": settings.shingle_size,
        "num_perm": settings.num_perm,
        "seed": settings.seed,
        "window": settings.window,
        "index_bands": settings.index_bands,
        "index_rows": settings.index_rows,
    }


def index_keys(windows: np.ndarray, settings: Settings) -> np.ndarray:
    """The distinct index keys (sorted uint64) of a document's window MinHashes.

    ``windows`` needs only the first ``index_bands * index_rows`` permutations.
    """
    if len(windows) == 0:
        return np.zeros(0, dtype=np.uint64)
    return distinct(band_keys(windows, bands=settings.index_bands, rows=settings.index_rows).ravel())


def _text_keys(text: str, settings: Settings) -> np.ndarray:
    """Index keys straight from a text: words, shingles, the few permutations needed."""
    hashes = shingle_hashes(word_keys(text), settings.shingle_size)
    windows = window_minhashes(
        hashes,
        num_perm=settings.num_perm,
        seed=settings.seed,
        window=settings.window,
        first=settings.index_bands * settings.index_rows,
    )
    return index_keys(windows, settings)


@dataclass(frozen=True)
class _Signed:
    """An article read and keyed (in a worker process) for :meth:`Index.update`."""

    path: str
    """The article's path: its file's, or ``file.jsonl:LINE`` for a line of a JSON Lines export."""
    doc_id: str
    digest: str
    characters: int
    keys: np.ndarray | None
    """None when the content hash is the stored one (nothing to key)."""


def _read_and_sign(settings: Settings, item: tuple[str, dict[str, tuple[str, str]]]) -> list[_Signed | LoadProblem]:
    """The articles of one file (one, or one a line of a JSON Lines export), read and keyed.

    ``item`` is the file and the stored id and content hash of its articles by path: an article
    stored under the same id with the same hash is not keyed again.
    """
    path, stored = item
    signed: list[_Signed | LoadProblem] = []
    for article in load_articles(path, max_bytes=settings.max_file_bytes):
        if isinstance(article, LoadProblem):
            signed.append(article)
            continue
        where = os.path.normpath(article.path)
        digest = content_hash(article.text)
        keys = None if stored.get(where) == (article.id, digest) else _text_keys(article.text, settings)
        signed.append(_Signed(where, article.id, digest, article.characters, keys))
    return signed


class _Row(NamedTuple):
    """What an update reads of an indexed article's row."""

    rowid: int
    size: int
    mtime_ns: int
    digest: str
    doc_id: str


class _Stored(NamedTuple):
    """What :meth:`Index._store` did with an article."""

    path: str
    kind: Literal["unchanged", "added", "changed"]


def _file_of(path: str) -> str:
    """The file an indexed article's path names (``x.jsonl:3`` is in ``x.jsonl``)."""
    line = jsonl_line(path)
    return path if line is None else line[0]


def _ranges(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The positions ``lo[i]..hi[i]-1`` of every i, concatenated."""
    lengths = hi - lo
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.repeat(lo - (np.cumsum(lengths) - lengths), lengths)
    return np.asarray(np.arange(total, dtype=np.int64) + starts)


def _remove_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(f"{path}.keys", ignore_errors=True)


class Index:
    """An open index file; use :meth:`open` (a context manager)."""

    def __init__(self, conn: sqlite3.Connection, path: str, settings: Settings) -> None:
        self._conn = conn
        self.path = path
        self.settings = settings
        self._keys_dir = None if path == ":memory:" else Path(f"{path}.keys")
        self._in_memory: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._mapped: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._pending: list[tuple[np.ndarray, int]] = []
        self._written: list[int] = []  # segments written by the open transaction
        self._retired: list[int] = []  # segments merged away by the open transaction

    # -- opening ---------------------------------------------------------------

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], settings: Settings, *, create: bool = True, rebuild: bool = False
    ) -> Index:
        """Open (or create) the index at ``path`` for these settings.

        Raises :class:`IndexFileError` for a corrupt or foreign file, another
        schema version or other signature settings (``rebuild=True`` deletes
        the file and its keys and starts afresh instead).
        """
        name = str(path)
        memory = name == ":memory:"
        if not memory:
            target = Path(name)
            if rebuild:
                _remove_files(target)
            if not target.exists() and not create:
                raise IndexFileError(f"{name}: no index; run `provenance index PATH...`")
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
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
            raise IndexFileError(f"{name}: not a usable provenance index ({err}); {REBUILD_HINT}") from None
        except IndexFileError:
            conn.close()
            raise
        return index

    def _prepare(self) -> None:
        conn = self._conn
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        # NORMAL is safe with WAL (a power cut may lose the last commit, never corrupt the file).
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
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
        if app_id != _APPLICATION_ID or not {"meta", "docs"} <= tables:
            raise IndexFileError(f"{self.path}: not a provenance index (a foreign SQLite file); {REBUILD_HINT}")
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("schema_version") != str(SCHEMA_VERSION):
            raise IndexFileError(
                f"{self.path}: index schema version {meta.get('schema_version')} is not {SCHEMA_VERSION}; "
                f"{REBUILD_HINT}"
            )
        stored = json.loads(meta.get("settings", "{}"))
        wanted = signature_settings(self.settings)
        if stored != wanted:
            differing = ", ".join(f"{k} {stored.get(k)} → {v}" for k, v in wanted.items() if stored.get(k) != v)
            raise IndexFileError(
                f"{self.path}: index built with other signature settings ({differing}); {REBUILD_HINT}"
            )

    def close(self) -> None:
        """Close the database connection and unmap the segments."""
        self._mapped.clear()
        self._conn.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- segments --------------------------------------------------------------

    def _segment_paths(self, segment: int) -> tuple[Path, Path]:
        assert self._keys_dir is not None
        return self._keys_dir / f"{segment:08d}.keys.npy", self._keys_dir / f"{segment:08d}.docs.npy"

    def _segment(self, segment: int) -> tuple[np.ndarray, np.ndarray]:
        """The (keys, docs) arrays of a segment, memory-mapped from its files."""
        if self._keys_dir is None:
            return self._in_memory[segment]
        arrays = self._mapped.get(segment)
        if arrays is None:
            keys_path, docs_path = self._segment_paths(segment)
            try:
                arrays = (np.load(keys_path, mmap_mode="r"), np.load(docs_path, mmap_mode="r"))
            except FileNotFoundError:
                raise _SegmentGone(f"{self.path}: segment {keys_path.name} is missing; {REBUILD_HINT}") from None
            except (OSError, ValueError) as err:
                raise IndexFileError(
                    f"{self.path}: segment {keys_path.name} unreadable ({err}); {REBUILD_HINT}"
                ) from None
            self._mapped[segment] = arrays
        return arrays

    def _segment_ids(self) -> list[int]:
        return [int(r[0]) for r in self._conn.execute("SELECT id FROM segments ORDER BY id")]

    def _write_segment(self, keys: np.ndarray, docs: np.ndarray) -> None:
        """Store sorted (key, doc) entries as a new segment of the open transaction."""
        if len(keys) == 0:
            return
        cursor = self._conn.execute("INSERT INTO segments (entries) VALUES (?)", (len(keys),))
        segment = int(cursor.lastrowid or 0)
        self._written.append(segment)
        if self._keys_dir is None:
            self._in_memory[segment] = (keys, docs)
        else:
            self._keys_dir.mkdir(parents=True, exist_ok=True)
            keys_path, docs_path = self._segment_paths(segment)
            for target, array in ((keys_path, keys), (docs_path, docs)):
                write_atomic_binary(target, functools.partial(np.save, arr=array, allow_pickle=False))

    def _drop_segment_files(self, segments: Iterable[int]) -> None:
        for segment in segments:
            self._mapped.pop(segment, None)
            self._in_memory.pop(segment, None)
            if self._keys_dir is not None:
                for file in self._segment_paths(segment):
                    file.unlink(missing_ok=True)

    def _tidy_segment_files(self) -> None:
        """Delete segment files no committed transaction lists; refuse when a listed one is missing.

        Runs under the write lock, before an update adds to the index.
        """
        if self._keys_dir is None:
            return
        listed = {s: self._segment_paths(s) for s in self._segment_ids()}
        for files in listed.values():
            for file in files:
                if not file.is_file():
                    raise _SegmentGone(f"{self.path}: segment {file.name} is missing; {REBUILD_HINT}")
        if not self._keys_dir.is_dir():
            return
        names = {f.name for files in listed.values() for f in files}
        for file in self._keys_dir.iterdir():
            if file.name not in names:
                file.unlink(missing_ok=True)

    def _flush(self) -> None:
        """Write the documents keyed since the last flush as one segment."""
        if not self._pending:
            return
        keys = np.concatenate([k for k, _ in self._pending])
        docs = np.repeat(np.array([d for _, d in self._pending], dtype=np.uint32), [len(k) for k, _ in self._pending])
        self._pending = []
        # Row ids grow in insertion order: a stable sort by key keeps each key's documents in order.
        order = np.argsort(keys, kind="stable")
        self._write_segment(keys[order], docs[order])

    def _merge(self) -> None:
        """Merge the smallest segments (all of them when many keys are dead) into one."""
        rows = self._conn.execute("SELECT id, entries FROM segments ORDER BY entries, id").fetchall()
        total = sum(int(r[1]) for r in rows)
        live = int(self._conn.execute("SELECT COALESCE(SUM(keys), 0) FROM docs").fetchone()[0])
        dead = total - live
        if dead > _MAX_DEAD_SHARE * total and len(rows) > 0:
            chosen = [int(r[0]) for r in rows]
        elif len(rows) > _MAX_SEGMENTS:
            chosen = [int(r[0]) for r in rows[: len(rows) - _MAX_SEGMENTS // 2 + 1]]
        else:
            return
        keys = np.concatenate([self._segment(s)[0] for s in chosen])
        docs = np.concatenate([self._segment(s)[1] for s in chosen])
        if dead:
            live_ids = np.fromiter((r[0] for r in self._conn.execute("SELECT rowid FROM docs")), dtype=np.uint32)
            alive = np.isin(docs, live_ids)
            keys, docs = keys[alive], docs[alive]
        # Each segment is sorted: a stable sort merges the runs.
        order = np.argsort(keys, kind="stable")
        self._conn.executemany("DELETE FROM segments WHERE id = ?", ((s,) for s in chosen))
        self._retired.extend(chosen)
        self._write_segment(np.ascontiguousarray(keys[order]), np.ascontiguousarray(docs[order]))

    # -- reading ---------------------------------------------------------------

    def count(self) -> int:
        """How many documents the index holds."""
        return int(self._conn.execute("SELECT COUNT(*) FROM docs").fetchone()[0])

    def documents(self) -> list[tuple[str, str]]:
        """(document id, path) of every indexed document, by id."""
        return [(r[0], r[1]) for r in self._conn.execute("SELECT doc_id, path FROM docs ORDER BY doc_id")]

    def stored_hash(self, doc_id: str) -> str | None:
        """The content hash stored for a document id, if any."""
        row = self._conn.execute("SELECT hash FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
        return None if row is None else str(row[0])

    def entries(self) -> list[tuple[int, str]]:
        """Every live (key, document id) entry, sorted: what the index would answer."""
        names = dict(self._conn.execute("SELECT rowid, doc_id FROM docs").fetchall())
        found: list[tuple[int, str]] = []
        for segment in self._segment_ids():
            keys, docs = self._segment(segment)
            found += [(k, names[d]) for k, d in zip(keys.tolist(), docs.tolist(), strict=True) if d in names]
        return sorted(found)

    def candidates(self, signature: DocumentSignature, *, exclude: str | None = None) -> list[Candidate]:
        """Indexed documents sharing ``index_min_collisions`` keys with ``signature``, most first.

        Keys held by more than ``max_bucket`` documents are ignored, as in the
        in-memory scan; ``exclude`` drops one document id (the query itself).
        """
        wanted = index_keys(signature.windows, self.settings)
        if len(wanted) == 0:
            return []
        try:
            return self._lookup(wanted, exclude)
        except _SegmentGone:  # a writer may have merged segments between listing and reading them
            return self._lookup(wanted, exclude)

    def _lookup(self, wanted: np.ndarray, exclude: str | None) -> list[Candidate]:
        spans: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        sizes = np.zeros(len(wanted), dtype=np.int64)
        for segment in self._segment_ids():
            keys, docs = self._segment(segment)
            lo = np.searchsorted(keys, wanted, side="left")
            hi = np.searchsorted(keys, wanted, side="right")
            sizes += hi - lo
            spans.append((docs, lo, hi))
        kept = sizes <= self.settings.max_bucket
        hits = [np.asarray(docs[_ranges(lo[kept], hi[kept])]) for docs, lo, hi in spans]
        if not hits:
            return []
        rowids, counts = np.unique(np.concatenate(hits), return_counts=True)
        chosen = counts >= self.settings.index_min_collisions
        collisions = dict(zip(rowids[chosen].tolist(), counts[chosen].tolist(), strict=True))
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

    # -- writing ---------------------------------------------------------------

    def update(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        prune: bool = True,
        progress: Callable[[int, int], None] | None = None,
        jobs: int = 1,
        _fail_after: int | None = None,
    ) -> UpdateStats:
        """Bring the index in line with these files, in one transaction (or one per 50,000 signed files).

        A file whose size and mtime are as stored is skipped unread; one whose
        content hash is unchanged only has its metadata refreshed; others are
        (re)keyed.  With ``prune``, indexed files not among ``paths`` are
        dropped.  ``jobs`` processes read and key the files (0: every core);
        this process writes them, in path order, whatever the number of jobs.
        ``_fail_after`` raises after that many keyed files (tests of
        interrupted updates).
        """
        try:
            return self._update(paths, prune=prune, progress=progress, jobs=jobs, fail_after=_fail_after)
        except sqlite3.Error as err:
            hint = "another process holds it; try again" if "locked" in str(err) else REBUILD_HINT
            raise IndexFileError(f"{self.path}: index update failed ({err}); {hint}") from None
        except OSError as err:
            raise IndexFileError(f"{self.path}: index update failed ({err.strerror or err})") from None

    def _commit(self) -> None:
        self._conn.execute("COMMIT")
        self._drop_segment_files(self._retired)
        self._retired, self._written = [], []

    def _rollback(self) -> None:
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")
        self._drop_segment_files(self._written)
        self._pending, self._retired, self._written = [], [], []

    def _update(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        prune: bool,
        progress: Callable[[int, int], None] | None,
        jobs: int,
        fail_after: int | None,
    ) -> UpdateStats:
        files = sorted({os.path.normpath(os.fspath(p)) for p in paths})
        wanted = set(files)
        conn = self._conn
        known = {
            row[0]: _Row(*row[1:]) for row in conn.execute("SELECT path, rowid, size, mtime_ns, hash, doc_id FROM docs")
        }
        # The indexed articles of each file: its own, or those of a JSON Lines export's lines.
        rows_of: dict[str, list[str]] = {}
        for row_path in known:
            rows_of.setdefault(_file_of(row_path), []).append(row_path)
        counts: Counter[str] = Counter()
        problems: list[LoadProblem] = []
        moved: set[str] = set()  # rows dropped during this update as their article moved elsewhere
        # Stat every file first; those to read are read and keyed by the workers, in order.
        stats: list[os.stat_result | LoadProblem | None] = []
        to_read: list[tuple[str, dict[str, tuple[str, str]]]] = []
        for path in files:
            try:
                stat = os.stat(path)
            except OSError as err:
                stats.append(LoadProblem(path, err.strerror or str(err)))
                continue
            rows = {r: known[r] for r in rows_of.get(path, [])}
            if rows and all(r.size == stat.st_size and r.mtime_ns == stat.st_mtime_ns for r in rows.values()):
                stats.append(None)
                continue
            stats.append(stat)
            to_read.append((path, {r: (row.doc_id, row.digest) for r, row in rows.items()}))
        if to_read:  # the permutations once, here, not once in every worker
            permutations(self.settings.num_perm, self.settings.seed)
        signed_files = parallel_map(_read_and_sign, to_read, shared=self.settings, jobs=jobs, chunksize=64)
        conn.execute("BEGIN IMMEDIATE")
        try:
            self._tidy_segment_files()
            for n, (path, entry) in enumerate(zip(files, stats, strict=True), 1):
                if progress:
                    progress(n, len(files))
                if isinstance(entry, LoadProblem):
                    problems.append(entry)
                    continue
                if entry is None:
                    counts["unchanged"] += len(rows_of[path])
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
                        # A checkpoint for large builds: what is committed is a consistent index
                        # (a re-run goes on from there); merging as it goes keeps each merge small.
                        self._flush()
                        self._merge()
                        self._commit()
                        conn.execute("BEGIN IMMEDIATE")
                # Articles the file no longer holds (lines gone from an export, a file that no longer loads).
                counts["removed"] += sum(self._delete(gone) for gone in rows_of.get(path, []) if gone not in kept)
            self._flush()
            if prune:
                stale = (r for r in sorted(set(known) - wanted) if _file_of(r) not in wanted)
                counts["removed"] += sum(self._delete(r) for r in stale)
            self._merge()
            self._commit()
        except BaseException:
            signed_files.close()  # stops the workers
            self._rollback()
            raise
        return UpdateStats(counts["added"], counts["changed"], counts["unchanged"], counts["removed"], tuple(problems))

    def _store(
        self, got: _Signed, old: _Row | None, stat: os.stat_result, kept: set[str], moved: set[str], wanted: set[str]
    ) -> _Stored | LoadProblem:
        """Record one article read during an update: refresh, insert or replace its row.

        ``old`` is its stored row (None when new, or dropped during this update as another article
        took its id); ``kept`` holds the articles of its file recorded so far, ``moved`` the rows
        dropped so far, ``wanted`` the files of the update.
        """
        if got.keys is None and old is not None:  # same id, same text: only the file's metadata moved on
            self._conn.execute(
                "UPDATE docs SET size = ?, mtime_ns = ? WHERE rowid = ?", (stat.st_size, stat.st_mtime_ns, old.rowid)
            )
            return _Stored(got.path, "unchanged")
        # Not keyed and its row gone (moved): an article kept during this update took its id, so the
        # clash below finds it and reports a duplicate.
        clash = self._conn.execute(
            "SELECT path FROM docs WHERE doc_id = ? AND path != ?", (got.doc_id, got.path)
        ).fetchone()
        if clash is not None:
            other = _file_of(clash[0])
            if clash[0] in kept or (other != _file_of(got.path) and other in wanted):
                return LoadProblem(got.path, f"duplicate document id {got.doc_id!r} (also {clash[0]})")
            # The article moved (to another file, or another line of this export): its old row goes.
            self._delete(clash[0])
            moved.add(clash[0])
        if old is not None:
            self._delete(got.path)
        self._insert(got, stat.st_size, stat.st_mtime_ns)
        return _Stored(got.path, "added" if old is None else "changed")

    def _insert(self, got: _Signed, size: int, mtime_ns: int) -> None:
        assert got.keys is not None
        cursor = self._conn.execute(
            "INSERT INTO docs (doc_id, path, hash, size, mtime_ns, characters, keys) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (got.doc_id, got.path, got.digest, size, mtime_ns, got.characters, len(got.keys)),
        )
        self._pending.append((got.keys, int(cursor.lastrowid or 0)))

    def _delete(self, path: str) -> bool:
        """Drop a document's record (its keys die with it)."""
        return self._conn.execute("DELETE FROM docs WHERE path = ?", (path,)).rowcount > 0


def corpus_files(paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    """The article files named by ``paths`` (:func:`provenance.io.load.corpus_paths`, without its problems)."""
    return corpus_paths(paths)[0]
