"""The index's keys on disk: sorted key segments, looked up by binary search.

``PATH.keys/`` (beside the index file ``PATH``) holds the *segments*: pairs of
memory-mapped NumPy arrays, the keys of a batch of documents sorted by key
(``NNNNNNNN.keys.npy``, uint64) and the document each key belongs to
(``NNNNNNNN.docs.npy``, uint32 row ids of the index's ``docs`` table); the
index's ``segments`` table lists them (id and number of entries).  Looking up a
text's candidates is a binary search of its keys in each segment (a few,
however large the corpus), not a scan of the corpus, and building the index is
appending sorted arrays, not inserting rows into a B-tree.

Safety: a segment file is written to a temporary name, synced and renamed
before the transaction that lists it commits, so an interrupted update leaves
the previous segments plus whole batches.  Files no committed transaction lists
(an interrupted write, a segment merged away) are deleted by the next update
(:meth:`Segments.tidy`).  A deleted document's keys stay in their segment until
segments are merged (more than ``_MAX_SEGMENTS`` of them, or a quarter of the
keys dead) and are never returned meanwhile (the index drops row ids it no
longer holds).  An in-memory index (``:memory:``) keeps its segments in memory.

Reading: a segment's files are checked when first mapped (:meth:`Segments.arrays`):
1-D arrays of the right types, as long as each other and as the ``segments``
table says, keys in order; anything else raises
:class:`~provenance.index.errors.IndexFileError` instead of a traceback or, for
keys out of order, lookups that silently miss.  The order is checked by reading
every key (a vectorised pass, 0.5 to 1.3 ms per million keys, and the pages of a
million articles' 80 million keys read from disk), so a segment written by this
package is *sealed*: the ``meta`` row ``segment:ID``, written in the transaction
that lists it, records its two files' inode, size and modification time, and a
segment whose files are still those is not read through again; any other file
(rewritten, replaced, restored from elsewhere, or of an index that records no
seal) is checked in full: its entries against the digest recorded when it was
written (``meta`` row ``digest:ID``: a file whose data was zeroed or torn, its
header intact, read as keys "in order" and made a verbatim copy pass), its order,
and its row ids against the highest the index ever gave.

>>> import sqlite3
>>> conn = sqlite3.connect(":memory:")
>>> _ = conn.execute("CREATE TABLE segments (id INTEGER PRIMARY KEY AUTOINCREMENT, entries INTEGER NOT NULL)")
>>> segments = Segments(conn, ":memory:")
>>> segments.add(np.array([3, 7], dtype=np.uint64), 1)
>>> segments.add(np.array([7, 9], dtype=np.uint64), 2)
>>> segments.flush()
>>> list(segments.entries())
[(3, 1), (7, 1), (7, 2), (9, 2)]
>>> segments.lookup(np.array([7, 9], dtype=np.uint64), max_bucket=64, min_collisions=2)
{2: 2}
"""

from __future__ import annotations

import contextlib
import functools
import json
import math
import os
import re
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np

from ..detect.candidates import collisions_needed
from ..io.atomic import write_atomic_binary
from .errors import REBUILD_HINT, IndexFileError, SegmentGone

__all__ = ["Segments", "keys_dir", "remove_keys"]

_MAX_SEGMENTS = 8  # more segments than this after an update: the smallest are merged
_MAX_DEAD_SHARE = 0.25  # more dead keys than this share: every segment is merged
_KEY_DTYPE = np.dtype(np.uint64)
_DOC_DTYPE = np.dtype(np.uint32)
_SEGMENT_NAME = re.compile(r"\.?[0-9]{8}\.(?:keys|docs)\.npy(?:\.\w+\.tmp)?")  # what _write makes, nothing else
_ORDER_CHUNK = 1 << 20  # keys compared at a time when checking a segment's order (1 MiB of booleans)


def keys_dir(index_path: str) -> Path:
    """The folder of an index file's key segments (``PATH.keys``)."""
    return Path(f"{index_path}.keys")


def remove_keys(index_path: str) -> None:
    """Delete an index file's key segments, if any, and their folder when nothing else is left in it: any other
    file a user keeps there stays (never through a link)."""
    folder = keys_dir(index_path)
    if folder.is_symlink() or not folder.is_dir():
        return
    for file in folder.iterdir():
        if _SEGMENT_NAME.fullmatch(file.name) and not file.is_symlink():
            file.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        folder.rmdir()


def _ascending(keys: np.ndarray) -> bool:
    """Whether ``keys`` never decrease (vectorised, a chunk at a time to bound the temporary arrays)."""
    for start in range(0, len(keys) - 1, _ORDER_CHUNK):
        part = keys[start : start + _ORDER_CHUNK + 1]
        if not bool(np.all(part[1:] >= part[:-1])):
            return False
    return True


_MIX = np.uint64(0x9E3779B97F4A7C15)  # an odd 64-bit constant (the golden ratio's): zeros do not sum to zero


def _digest(keys: np.ndarray, docs: np.ndarray) -> str:
    """A checksum of a segment's entries, recorded when the segment is written and compared when its files
    are not those it was written as, so a file whose data was zeroed or torn is never trusted.

    Each entry, mixed with a constant, is weighted by an odd number that grows with its position, and the
    products summed modulo 2**64: a vectorised pass a chunk at a time (about 3 ms per million entries,
    a fifth of a cryptographic hash's time), which any zeroed, torn, shifted or reordered run of
    entries changes.  It guards against damage; whoever may write the index folder may write this too.

    >>> keys, docs = np.array([5, 9], dtype=np.uint64), np.array([1, 1], dtype=np.uint32)
    >>> _digest(keys, docs) == _digest(keys[::-1].copy(), docs), _digest(keys, docs) == _digest(keys * 0, docs)
    (False, False)
    """
    sums = []
    for array in (keys, docs):
        total = 0
        for start in range(0, len(array), _ORDER_CHUNK):
            part = np.asarray(array[start : start + _ORDER_CHUNK], dtype=np.uint64)
            weights = np.arange(start, start + len(part), dtype=np.uint64) * np.uint64(2) + np.uint64(1)
            total = (total + int(np.sum((part ^ _MIX) * weights, dtype=np.uint64))) % 2**64
        sums.append(f"{len(array)}:{total:016x}")
    return " ".join(sums)


def _identity(path: Path) -> tuple[int, int, int, int]:
    """A file's device, inode, size and modification time (ns): what a segment's seal records."""
    info = os.stat(path)
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def _regular(index_path: str, file: Path) -> None:
    """Raise :class:`IndexFileError` when a segment file is there but is no regular file: a symbolic link (to
    ``/dev/zero``, to a file outside) is never followed, a FIFO never opened (a read of it waits forever)."""
    try:
        mode = os.lstat(file).st_mode
    except FileNotFoundError:
        return  # said as missing when read
    if stat.S_ISLNK(mode):
        raise IndexFileError(f"{index_path}: segment {file.name} is a symbolic link, never read; {REBUILD_HINT}")
    if not stat.S_ISREG(mode):
        raise IndexFileError(f"{index_path}: segment {file.name} is not a regular file; {REBUILD_HINT}")


def _ranges(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The positions ``lo[i]..hi[i]-1`` of every i, concatenated."""
    lengths = hi - lo
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.repeat(lo - (np.cumsum(lengths) - lengths), lengths)
    return np.asarray(np.arange(total, dtype=np.int64) + starts)


class _Chunks:
    """A binary file as NumPy sees a plain writer: with only ``write``, ``numpy.save`` writes the array
    through it in chunks, and a write that fails raises the OSError the system gave (``No space left on
    device``, ``File too large``).  Handed the file itself, NumPy writes with C's ``fwrite`` and raises
    ``52523 requested and 28656 written``, which names no reason."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle

    def write(self, data: bytes) -> int:
        return self._handle.write(data)


def save_array(handle: BinaryIO, *, array: np.ndarray) -> None:
    """Write ``array`` to ``handle`` as a ``.npy`` file (no pickles), a failed write raising the system's
    reason.

    >>> import io
    >>> buffer = io.BytesIO()
    >>> save_array(buffer, array=np.arange(3, dtype=np.int64))
    >>> np.load(io.BytesIO(buffer.getvalue())).tolist()
    [0, 1, 2]
    """
    np.save(_Chunks(handle), array, allow_pickle=False)


class Segments:
    """The key segments of one open index: its ``segments`` table and their files.

    Segments written or merged away count from the open transaction of ``conn``;
    the index calls :meth:`committed` or :meth:`rolled_back` when it ends.
    """

    def __init__(self, conn: sqlite3.Connection, index_path: str) -> None:
        self._conn = conn
        self._path = index_path
        self._keys_dir = None if index_path == ":memory:" else keys_dir(index_path)
        self._in_memory: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._mapped: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._pending: list[tuple[np.ndarray, int]] = []
        self._written: list[int] = []  # segments written by the open transaction
        self._retired: list[int] = []  # segments merged away by the open transaction

    def close(self) -> None:
        """Unmap the segments."""
        self._mapped.clear()

    # -- reading ---------------------------------------------------------------

    def _files(self, segment: int) -> tuple[Path, Path]:
        assert self._keys_dir is not None
        return self._keys_dir / f"{segment:08d}.keys.npy", self._keys_dir / f"{segment:08d}.docs.npy"

    def ids(self) -> list[int]:
        """The listed segments, oldest first."""
        return [int(r[0]) for r in self._conn.execute("SELECT id FROM segments ORDER BY id")]

    def arrays(self, segment: int) -> tuple[np.ndarray, np.ndarray]:
        """The (keys, docs) arrays of a segment, memory-mapped from its files."""
        if self._keys_dir is None:
            return self._in_memory[segment]
        arrays = self._mapped.get(segment)
        if arrays is None:
            keys_path, docs_path = self._files(segment)
            for file in (keys_path, docs_path):
                _regular(self._path, file)
            try:
                arrays = (np.load(keys_path, mmap_mode="r"), np.load(docs_path, mmap_mode="r"))
            except FileNotFoundError as err:
                missing = Path(err.filename).name if err.filename else keys_path.name
                raise SegmentGone(f"{self._path}: segment {missing} is missing; {REBUILD_HINT}") from None
            except (OSError, ValueError, EOFError) as err:
                raise IndexFileError(
                    f"{self._path}: segment {keys_path.name} unreadable ({err}); {REBUILD_HINT}"
                ) from None
            sealed = self._sealed(segment, (keys_path, docs_path))
            problem = self._problem(segment, (keys_path.name, arrays[0]), (docs_path.name, arrays[1]), sealed)
            if problem is not None:
                raise IndexFileError(f"{self._path}: segment {problem}; {REBUILD_HINT}")
            self._mapped[segment] = arrays
        return arrays

    def _sealed(self, segment: int, files: tuple[Path, Path]) -> bool:
        """Whether the segment's files (as mapped) are those it was written as (its seal: the module's text)."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (f"segment:{segment}",)).fetchone()
        try:
            return row is not None and json.loads(row[0]) == [list(_identity(f)) for f in files]
        except (OSError, ValueError, TypeError):
            return False

    def _problem(
        self, segment: int, keys: tuple[str, np.ndarray], docs: tuple[str, np.ndarray], sealed: bool = False
    ) -> str | None:
        """What is wrong with a segment's (file name, array) pairs as read from disk, if anything.

        Checked once per open index and segment, before any lookup: a binary search
        over keys out of order would silently miss matches instead of failing (the
        order of a ``sealed`` segment, as written, is not read through again).
        """
        for (name, array), dtype in ((keys, _KEY_DTYPE), (docs, _DOC_DTYPE)):
            if array.ndim != 1:
                return f"{name} holds an array of {array.ndim} dimensions, not of one"
            if array.dtype != dtype:
                return f"{name} holds {array.dtype} values, not {dtype}"
        (keys_name, key_array), (docs_name, doc_array) = keys, docs
        if len(doc_array) != len(key_array):
            return f"{docs_name} holds {len(doc_array)} entries, its keys {len(key_array)}"
        row = self._conn.execute("SELECT entries FROM segments WHERE id = ?", (segment,)).fetchone()
        listed = None if row is None else row[0]
        if listed != len(key_array):
            return f"{keys_name} holds {len(key_array)} entries, the index lists {listed}"
        if sealed:
            return None
        if not _ascending(key_array):
            return f"{keys_name} holds keys out of order"
        written = self._conn.execute("SELECT value FROM meta WHERE key = ?", (f"digest:{segment}",)).fetchone()
        if written is not None and written[0] != _digest(key_array, doc_array):
            return f"{keys_name} and {docs_name} do not hold what was written (a damaged or torn file)"
        top = self._conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'docs'").fetchone()
        if len(doc_array) and (top is None or int(doc_array.max()) > int(top[0])):
            return f"{docs_name} names documents the index never held"
        return None

    def entries(self) -> Iterator[tuple[int, int]]:
        """Every (key, row id) entry of every segment, dead ones included, segment by segment."""
        for segment in self.ids():
            keys, docs = self.arrays(segment)
            yield from zip(keys.tolist(), docs.tolist(), strict=True)

    def lookup(
        self,
        wanted: np.ndarray,
        *,
        max_bucket: int,
        min_collisions: int,
        uncounted: Callable[[], tuple[np.ndarray, np.ndarray]] | None = None,
        wide_share: float = 0.0,
        bands: int | None = None,
        row_keys: Callable[[np.ndarray], np.ndarray] | None = None,
    ) -> dict[int, int]:
        """Row ids holding at least ``min_collisions`` of the ``wanted`` keys (sorted, distinct): their count.

        With ``bands`` (keys a window), a short text needs fewer
        (:func:`~provenance.detect.candidates.collisions_needed`): ``wanted`` of one window needs one key, and
        so does a row of one window, when ``row_keys`` gives the key counts of row ids (asked only of rows
        holding fewer than ``min_collisions``).

        Keys held by more than ``max_bucket`` entries (dead ones included) are ignored; ``uncounted`` gives
        (keys, sorted and distinct, and how many of the entries holding each not to count), asked only when a
        wanted key is over that limit: it takes the texts being checked out of that count, so a change's own
        copies cannot make a key look like boilerplate. With
        ``wide_share``, a row holding that share of the ``wanted`` keys, counting the ignored keys' first
        ``max_bucket`` holders in each segment, is found all the same (a story archived more than
        ``max_bucket`` times is no boilerplate).
        Raises :class:`~provenance.index.errors.SegmentGone` when a listed segment's file is gone.
        """
        spans: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        sizes = np.zeros(len(wanted), dtype=np.int64)
        for segment in self.ids():
            keys, docs = self.arrays(segment)
            lo = np.searchsorted(keys, wanted, side="left")
            hi = np.searchsorted(keys, wanted, side="right")
            sizes += hi - lo
            spans.append((docs, lo, hi))
        if uncounted is not None and (sizes > max_bucket).any() and len((held_keys := uncounted())[0]):
            keys, counts = held_keys
            at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
            held = keys[at] == wanted
            sizes[held] -= counts[at[held]]
        kept = sizes <= max_bucket
        hits = [np.asarray(docs[_ranges(lo[kept], hi[kept])]) for docs, lo, hi in spans]
        if not hits:
            return {}
        rowids, counts = np.unique(np.concatenate(hits), return_counts=True)
        chosen = counts >= min_collisions
        if bands is not None and min_collisions > 1:
            need = collisions_needed(len(wanted), min_collisions=min_collisions, bands=bands)
            if row_keys is not None and need == min_collisions and not chosen.all():
                fewer = np.flatnonzero(~chosen)
                need = np.full(len(rowids), min_collisions, dtype=np.int64)
                need[fewer] = collisions_needed(row_keys(rowids[fewer]), min_collisions=min_collisions, bands=bands)
            chosen = counts >= need
        found = dict(zip(rowids[chosen].tolist(), counts[chosen].tolist(), strict=True))
        wide = ~kept
        if wide_share > 0 and wide.any():
            # A key over the limit is read up to max_bucket holders a segment (the first indexed: a key's
            # documents are in insertion order), and counts only for a text holding wide_share of the keys.
            firsts = [
                np.asarray(docs[_ranges(lo[wide], np.minimum(hi[wide], lo[wide] + max_bucket))])
                for docs, lo, hi in spans
            ]
            rowids, counts = np.unique(np.concatenate(hits + firsts), return_counts=True)
            chosen = counts >= max(min_collisions, math.ceil(wide_share * len(wanted)))
            found.update(zip(rowids[chosen].tolist(), counts[chosen].tolist(), strict=True))
        return found

    # -- writing (inside the index's open transaction) ---------------------------

    def add(self, keys: np.ndarray, rowid: int) -> None:
        """Queue a document's keys (sorted, distinct) for the next :meth:`flush`."""
        self._pending.append((keys, rowid))

    def flush(self) -> None:
        """Write the documents keyed since the last flush as one segment."""
        if not self._pending:
            return
        keys = np.concatenate([k for k, _ in self._pending])
        docs = np.repeat(np.array([d for _, d in self._pending], dtype=np.uint32), [len(k) for k, _ in self._pending])
        self._pending = []
        # Row ids grow in insertion order: a stable sort by key keeps each key's documents in order.
        order = np.argsort(keys, kind="stable")
        self._write(keys[order], docs[order])

    def merge(self, live_keys: int, live_rows: Callable[[], np.ndarray]) -> None:
        """Merge the smallest segments (all of them when many keys are dead) into one.

        ``live_keys`` is the number of keys the index's documents hold; ``live_rows``
        gives their row ids (uint32), asked for only when some keys are dead.
        """
        rows = self._conn.execute("SELECT id, entries FROM segments ORDER BY entries, id").fetchall()
        total = sum(int(r[1]) for r in rows)
        dead = total - live_keys
        if dead > _MAX_DEAD_SHARE * total and len(rows) > 0:
            chosen = [int(r[0]) for r in rows]
        elif len(rows) > _MAX_SEGMENTS:
            chosen = [int(r[0]) for r in rows[: len(rows) - _MAX_SEGMENTS // 2 + 1]]
        else:
            return
        keys = np.concatenate([self.arrays(s)[0] for s in chosen])
        docs = np.concatenate([self.arrays(s)[1] for s in chosen])
        if dead:
            alive = np.isin(docs, live_rows())
            keys, docs = keys[alive], docs[alive]
        # Each segment is sorted: a stable sort merges the runs.
        order = np.argsort(keys, kind="stable")
        self._conn.executemany("DELETE FROM segments WHERE id = ?", ((s,) for s in chosen))
        self._conn.executemany(
            "DELETE FROM meta WHERE key = ?", ((f"{kind}:{s}",) for s in chosen for kind in ("segment", "digest"))
        )
        self._retired.extend(chosen)
        self._write(np.ascontiguousarray(keys[order]), np.ascontiguousarray(docs[order]))

    def _write(self, keys: np.ndarray, docs: np.ndarray) -> None:
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
            keys_path, docs_path = self._files(segment)
            for target, array in ((keys_path, keys), (docs_path, docs)):
                write_atomic_binary(target, functools.partial(save_array, array=array))
            self._seal(segment, (keys_path, docs_path))  # sorted here: its order need not be read again
            self._conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"digest:{segment}", _digest(keys, docs)))

    def _seal(self, segment: int, files: tuple[Path, Path]) -> None:
        """Record the identity of a segment's files, checked or written, in the open transaction."""
        seal = json.dumps([list(_identity(f)) for f in files])
        self._conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"segment:{segment}", seal))

    def tidy(self) -> None:
        """Delete segment files no committed transaction lists; refuse when a listed one is missing; check
        in full and seal the listed segments whose seal is not that of their files.

        Runs under the write lock, before an update adds to the index.
        """
        if self._keys_dir is None:
            return
        listed = {s: self._files(s) for s in self.ids()}
        for files in listed.values():
            for file in files:
                if not file.is_file():
                    raise SegmentGone(f"{self._path}: segment {file.name} is missing; {REBUILD_HINT}")
        if not self._keys_dir.is_dir():
            return
        names = {f.name for files in listed.values() for f in files}
        for file in self._keys_dir.iterdir():  # segment files alone: never another file a user keeps there
            if file.name not in names and _SEGMENT_NAME.fullmatch(file.name) and not file.is_symlink():
                file.unlink(missing_ok=True)
        for segment, files in listed.items():  # restored from a cache, say: checked in full once, and sealed
            if not self._sealed(segment, files):
                self.arrays(segment)
                self._seal(segment, files)

    def committed(self) -> None:
        """The open transaction committed: the segments it merged away go."""
        self._drop(self._retired)
        self._retired, self._written = [], []

    def rolled_back(self) -> None:
        """The open transaction rolled back: the segments it wrote go."""
        self._drop(self._written)
        self._pending, self._retired, self._written = [], [], []

    def _drop(self, segments: Iterable[int]) -> None:
        for segment in segments:
            self._mapped.pop(segment, None)
            self._in_memory.pop(segment, None)
            if self._keys_dir is not None:
                for file in self._files(segment):
                    file.unlink(missing_ok=True)
