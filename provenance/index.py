"""The persistent index: one SQLite file of per-document signatures and band keys.

Per document it holds the content hash, metadata (id, path, size, mtime), the
sentence offsets, the MinHash window signatures, the shingle hashes and, in
their own table keyed by band key, the LSH band keys, so finding a new text's
candidates is an indexed lookup rather than a scan of the corpus.  The keys are
those of :func:`provenance.candidates.band_keys` over
:func:`provenance.signatures.signature_of`, so the index proposes exactly the
pairs the in-memory scan would.

Safety: the database runs in WAL mode and an update is one transaction (a
large one commits every 5,000 signed files), so an interrupted update (Ctrl-C,
kill) leaves a consistent index: the previous one (plus whole batches); a
busy timeout makes a second writer wait instead of failing or corrupting it.  A
corrupt or foreign file, or one built with other signature settings, raises
:class:`IndexFileError` with a one-line message suggesting a rebuild.

>>> from provenance.settings import Settings
>>> with Index.open(":memory:", Settings()) as index:
...     index.count()
0
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import numpy as np

from .candidates import band_keys
from .load import LoadError, load_file
from .models import Document, LoadProblem
from .parallel import parallel_map
from .pipeline import prepare, sign
from .settings import Settings
from .signatures import DocumentSignature

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
    "signature_settings",
    "stored_signatures",
]

DEFAULT_INDEX_PATH = ".provenance/index.sqlite"
SCHEMA_VERSION = 1
_APPLICATION_ID = 0x50524F56  # "PROV": marks the file as a provenance index
_BUSY_TIMEOUT_MS = 30_000
_CACHE_KIB = 512 * 1024  # SQLite page cache per connection
_QUERY_CHUNK = 500  # band keys per SELECT (well under SQLite's bound-parameter limit)
_INSERT_BATCH = 2_000_000  # band-key rows buffered before a sorted bulk insert
_COMMIT_EVERY = 5_000  # signed files per transaction of a large update
REBUILD_HINT = "run `provenance index --rebuild PATH...`"

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs (
    rowid INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    characters INTEGER NOT NULL,
    sentences BLOB NOT NULL,
    windows BLOB NOT NULL,
    shingles BLOB NOT NULL
);
CREATE TABLE bands (key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (key, doc)) WITHOUT ROWID;
"""


class IndexFileError(Exception):
    """The index file cannot be used (corrupt, foreign, other settings); one line."""


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
    """An indexed document whose windows share ``collisions`` band keys with a query."""

    doc_id: str
    path: str
    collisions: int
    estimated_jaccard: float


def content_hash(text: str) -> str:
    """SHA-256 of a document's text (UTF-8), the key of incremental updates."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def signature_settings(settings: Settings) -> dict[str, int]:
    """The settings an index's stored signatures and band keys depend on."""
    return {
        "shingle_size": settings.shingle_size,
        "num_perm": settings.num_perm,
        "seed": settings.seed,
        "window": settings.window,
        "lsh_bands": settings.lsh_bands,
        "lsh_rows": settings.lsh_rows,
    }


def _key_array(windows: np.ndarray, settings: Settings) -> np.ndarray:
    """Distinct band keys of a document, as SQLite's signed 64-bit integers."""
    if len(windows) == 0:
        return np.zeros(0, dtype=np.int64)
    keys = band_keys(windows, bands=settings.lsh_bands, rows=settings.lsh_rows).ravel()
    return np.unique(keys).view(np.int64)


def _keys(windows: np.ndarray, settings: Settings) -> list[int]:
    return [int(k) for k in _key_array(windows, settings)]


@dataclass(frozen=True)
class _Signed:
    """A file read and signed (in a worker process) for :meth:`Index.update`."""

    doc_id: str
    digest: str
    characters: int
    spans: bytes
    signature: DocumentSignature | None
    """None when the content hash is the stored one (nothing to sign)."""


def _read_and_sign(settings: Settings, item: tuple[str, str | None]) -> _Signed | LoadProblem:
    path, stored_digest = item
    try:
        doc = load_file(path, max_bytes=settings.max_file_bytes)
    except LoadError as err:
        return LoadProblem(path, str(err))
    digest = content_hash(doc.text)
    if digest == stored_digest:
        return _Signed(doc.id, digest, doc.characters, b"", None)
    doc = prepare(doc)
    spans = np.array([s.span for s in doc.sentences], dtype=np.int64).reshape(-1, 2)
    return _Signed(doc.id, digest, doc.characters, spans.tobytes(), sign(doc, settings))


def _remove_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


class Index:
    """An open index file; use :meth:`open` (a context manager)."""

    def __init__(self, conn: sqlite3.Connection, path: str, settings: Settings) -> None:
        self._conn = conn
        self._pending: list[tuple[np.ndarray, np.ndarray]] = []
        self._pending_rows = 0
        self.path = path
        self.settings = settings

    # -- opening ---------------------------------------------------------------

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], settings: Settings, *, create: bool = True, rebuild: bool = False
    ) -> Index:
        """Open (or create) the index at ``path`` for these settings.

        Raises :class:`IndexFileError` for a corrupt or foreign file, another
        schema version or other signature settings (``rebuild=True`` deletes
        the file and starts afresh instead).
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
        # NORMAL is safe with WAL (a power cut may lose the last commit, never corrupt
        # the file); a large page cache keeps the band-key B-tree's random inserts in memory.
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
            tables = {"meta", "docs", "bands"}
        if app_id != _APPLICATION_ID or not {"meta", "docs", "bands"} <= tables:
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
        """Close the database connection."""
        self._conn.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------

    def count(self) -> int:
        """How many documents the index holds."""
        return int(self._conn.execute("SELECT COUNT(*) FROM docs").fetchone()[0])

    def documents(self) -> list[tuple[str, str]]:
        """(document id, path) of every indexed document, by id."""
        return [(r[0], r[1]) for r in self._conn.execute("SELECT doc_id, path FROM docs ORDER BY doc_id")]

    def signature(self, doc_id: str) -> DocumentSignature | None:
        """The stored signatures of a document, or None when it is not indexed."""
        row = self._conn.execute("SELECT windows, shingles FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        windows = np.frombuffer(row[0], dtype=np.uint32).reshape(-1, self.settings.num_perm)
        return DocumentSignature(windows, np.frombuffer(row[1], dtype=np.uint32))

    def stored_hash(self, doc_id: str) -> str | None:
        """The content hash stored for a document id, if any."""
        row = self._conn.execute("SELECT hash FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
        return None if row is None else str(row[0])

    def sentence_spans(self, doc_id: str) -> list[tuple[int, int]]:
        """The stored sentence offsets of a document (empty when not indexed)."""
        row = self._conn.execute("SELECT sentences FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            return []
        flat = np.frombuffer(row[0], dtype=np.int64).reshape(-1, 2)
        return [(int(s), int(e)) for s, e in flat]

    def candidates(self, signature: DocumentSignature, *, exclude: str | None = None) -> list[Candidate]:
        """Indexed documents sharing a band key with ``signature``, most collisions first.

        Buckets holding more than ``max_bucket`` documents are ignored, as in
        the in-memory scan; ``exclude`` drops one document id (the query itself).
        """
        keys = _keys(signature.windows, self.settings)
        rows: list[tuple[int, int]] = []
        for start in range(0, len(keys), _QUERY_CHUNK):
            chunk = keys[start : start + _QUERY_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows.extend(self._conn.execute(f"SELECT key, doc FROM bands WHERE key IN ({marks})", chunk).fetchall())
        if not rows:
            return []
        pairs = np.array(rows, dtype=np.int64)
        _, inverse, sizes = np.unique(pairs[:, 0], return_inverse=True, return_counts=True)
        kept = pairs[sizes[inverse] <= self.settings.max_bucket, 1]
        docs, counts = np.unique(kept, return_counts=True)
        found: list[Candidate] = []
        whole = signature.whole
        for rowid, n in zip(docs.tolist(), counts.tolist(), strict=True):
            doc_id, path, blob = self._conn.execute(
                "SELECT doc_id, path, windows FROM docs WHERE rowid = ?", (rowid,)
            ).fetchone()
            if doc_id == exclude:
                continue
            other = np.frombuffer(blob, dtype=np.uint32).reshape(-1, self.settings.num_perm).min(axis=0)
            found.append(Candidate(doc_id, path, n, round(float(np.mean(other == whole)), 4)))
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
        """Bring the index in line with these files, in one transaction (or batches of 5,000 signed files).

        A file whose size and mtime are as stored is skipped unread; one whose
        content hash is unchanged only has its metadata refreshed; others are
        (re)signed.  With ``prune``, indexed files not among ``paths`` are
        dropped.  ``jobs`` processes read and sign the files (0: every core);
        this process writes them, in path order, whatever the number of jobs.
        ``_fail_after`` raises after that many signed files (tests of
        interrupted updates).
        """
        try:
            return self._update(paths, prune=prune, progress=progress, jobs=jobs, fail_after=_fail_after)
        except sqlite3.Error as err:
            hint = "another process holds it; try again" if "locked" in str(err) else REBUILD_HINT
            raise IndexFileError(f"{self.path}: index update failed ({err}); {hint}") from None

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
        conn = self._conn
        known = {
            row[0]: (row[1], row[2], row[3], row[4])
            for row in conn.execute("SELECT path, rowid, size, mtime_ns, hash FROM docs")
        }
        added = changed = unchanged = removed = signed = 0
        problems: list[LoadProblem] = []
        # Stat every file first; those to read are read and signed by the workers, in order.
        stats: list[os.stat_result | LoadProblem | None] = []
        to_read: list[tuple[str, str | None]] = []
        for path in files:
            try:
                stat = os.stat(path)
            except OSError as err:
                stats.append(LoadProblem(path, err.strerror or str(err)))
                continue
            old = known.get(path)
            if old is not None and old[1] == stat.st_size and old[2] == stat.st_mtime_ns:
                stats.append(None)
                continue
            stats.append(stat)
            to_read.append((path, None if old is None else old[3]))
        signed_files = parallel_map(_read_and_sign, to_read, shared=self.settings, jobs=jobs)
        conn.execute("BEGIN IMMEDIATE")
        try:
            for n, (path, entry) in enumerate(zip(files, stats, strict=True), 1):
                if progress:
                    progress(n, len(files))
                if isinstance(entry, LoadProblem):
                    problems.append(entry)
                    continue
                if entry is None:
                    unchanged += 1
                    continue
                old = known.get(path)
                got = next(signed_files)
                if isinstance(got, LoadProblem):
                    problems.append(got)
                    continue
                if got.signature is None and old is not None:
                    conn.execute(
                        "UPDATE docs SET size = ?, mtime_ns = ? WHERE rowid = ?",
                        (entry.st_size, entry.st_mtime_ns, old[0]),
                    )
                    unchanged += 1
                    continue
                clash = conn.execute(
                    "SELECT path FROM docs WHERE doc_id = ? AND path != ?", (got.doc_id, path)
                ).fetchone()
                if clash is not None and clash[0] in files:
                    problems.append(LoadProblem(path, f"duplicate document id {got.doc_id!r} (also {clash[0]})"))
                    continue
                if clash is not None:
                    self._delete(clash[0])  # the document moved: its old path is gone
                if old is not None:
                    self._delete(path)
                self._insert(path, got, entry.st_size, entry.st_mtime_ns)
                signed += 1
                if old is None:
                    added += 1
                else:
                    changed += 1
                if fail_after is not None and signed >= fail_after:
                    raise RuntimeError("simulated interruption")
                if signed % _COMMIT_EVERY == 0:
                    # A checkpoint for large builds: what is committed is a consistent index
                    # (a re-run goes on from there), and the WAL file stays small.
                    self._flush()
                    conn.execute("COMMIT")
                    conn.execute("BEGIN IMMEDIATE")
            self._flush()
            if prune:
                wanted = set(files)
                for path in sorted(set(known) - wanted):
                    if self._delete(path):
                        removed += 1
            conn.execute("COMMIT")
        except BaseException:
            signed_files.close()  # stops the workers
            self._pending, self._pending_rows = [], 0
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return UpdateStats(added, changed, unchanged, removed, tuple(problems))

    def _insert(self, path: str, got: _Signed, size: int, mtime_ns: int) -> None:
        sig = got.signature
        assert sig is not None
        cursor = self._conn.execute(
            "INSERT INTO docs (doc_id, path, hash, size, mtime_ns, characters, sentences, windows, shingles)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                got.doc_id,
                os.path.normpath(path),
                got.digest,
                size,
                mtime_ns,
                got.characters,
                got.spans,
                np.ascontiguousarray(sig.windows, dtype=np.uint32).tobytes(),
                np.ascontiguousarray(sig.shingles, dtype=np.uint32).tobytes(),
            ),
        )
        keys = _key_array(sig.windows, self.settings)
        self._pending.append((keys, np.full(len(keys), cursor.lastrowid, dtype=np.int64)))
        self._pending_rows += len(keys)
        if self._pending_rows >= _INSERT_BATCH:
            self._flush()

    def _flush(self) -> None:
        """Insert the buffered band keys sorted by key: B-tree appends, not random inserts."""
        if not self._pending:
            return
        keys = np.concatenate([k for k, _ in self._pending])
        docs = np.concatenate([d for _, d in self._pending])
        self._pending, self._pending_rows = [], 0
        order = np.lexsort((docs, keys))
        self._conn.executemany(
            "INSERT INTO bands VALUES (?, ?)", zip(keys[order].tolist(), docs[order].tolist(), strict=True)
        )

    def _delete(self, path: str) -> bool:
        self._flush()
        row = self._conn.execute("SELECT rowid, windows FROM docs WHERE path = ?", (path,)).fetchone()
        if row is None:
            return False
        rowid, blob = row
        windows = np.frombuffer(blob, dtype=np.uint32).reshape(-1, self.settings.num_perm)
        # Delete by primary key (key, doc): no second index on doc is needed.
        self._conn.executemany(
            "DELETE FROM bands WHERE key = ? AND doc = ?", ((k, rowid) for k in _keys(windows, self.settings))
        )
        self._conn.execute("DELETE FROM docs WHERE rowid = ?", (rowid,))
        return True


def corpus_files(paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    """The ``.txt`` files named by ``paths`` (a folder stands for the files directly inside it)."""
    found: list[str] = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            found.extend(str(f) for f in sorted(p.iterdir()) if f.suffix.lower() == ".txt" and f.is_file())
        else:
            found.append(str(p))
    return found


def stored_signatures(
    path: str | os.PathLike[str], documents: Iterable[Document], settings: Settings
) -> dict[str, DocumentSignature]:
    """Signatures of the ``documents`` whose text is indexed unchanged at ``path`` (none when no file).

    Raises :class:`IndexFileError` when the file is not a usable index.
    """
    if not Path(path).is_file():
        return {}
    found: dict[str, DocumentSignature] = {}
    with Index.open(path, settings, create=False) as index:
        try:
            for doc in documents:
                if index.stored_hash(doc.id) == content_hash(doc.text):
                    sig = index.signature(doc.id)
                    if sig is not None:
                        found[doc.id] = sig
        except sqlite3.Error as err:
            raise IndexFileError(f"{path}: index read failed ({err}); {REBUILD_HINT}") from None
    return found
