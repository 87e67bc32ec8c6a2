"""A corpus's LSH band keys held on disk between signing and the candidate join.

A window's 64 band keys take as much room as its MinHash (512 bytes); an article of 5 KB has about 37
windows, so a scan of 100,000 articles holds 1.9 GB of keys, most of its memory, from the first
document signed to the join.  :class:`KeySpill` appends each document's distinct keys, as they come,
to one of ``groups`` files chosen by the key (equal keys share a file, as the Spark engine's key
groups), and :func:`spilled_pairs` joins one file at a time: the join holds a group's keys, not
the corpus's.  The pairs and collision counts are those of
:func:`~provenance.detect.candidates.candidate_pairs` (tests/test_spill.py holds them equal).

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     spill = KeySpill(tmp, groups=4)
...     for doc, keys in enumerate([[5, 9], [9, 11], [5, 11, 12]]):
...         spill.add(doc, np.array(keys, dtype=np.uint64))
...     spilled_pairs([spill], 3, max_bucket=64)
[CandidatePair(a=0, b=1, collisions=1), CandidatePair(a=0, b=2, collisions=1), CandidatePair(a=1, b=2, collisions=1)]
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

import numpy as np

from .._compiled import core as _core
from ..settings import Settings
from .candidates import CandidatePair, Collided, band_keys, colliding_pairs, counted_pairs
from .signatures import DocumentSignature, distinct

__all__ = ["KeySpill", "document_keys", "spilled_pairs"]

_BUFFER_KEYS = 1 << 22
"""Keys held in memory before they are written out (32 MB; a memory bound, not a tunable)."""


def document_keys(signature: DocumentSignature, *, bands: int, rows: int) -> np.ndarray:
    """A document's distinct band keys (uint64), every window and band together, as the join reads them.

    The band's position is mixed into its key (:func:`~provenance.detect.candidates.band_keys`), so
    one set of keys stands for all the bands, as in the Spark engine.  The compiled core computes and
    sorts them in one call (:func:`provenance._core.band_keys`, the same keys).
    """
    windows = signature.windows
    if _core is not None and windows.dtype == np.uint32 and windows.ndim == 2 and bands * rows <= windows.shape[1]:
        packed = _core.band_keys(np.ascontiguousarray(windows), windows.shape[1], bands, rows)
        return np.frombuffer(packed, dtype=np.uint64)
    return distinct(band_keys(windows, bands=bands, rows=rows).ravel())


class KeySpill:
    """Documents' band keys appended to ``groups`` files under ``directory`` (created if missing).

    Keys are buffered and written a group at a time; :meth:`read` gives a group's keys and the
    number of the document of each, in the order they were added.
    """

    def __init__(self, directory: str | os.PathLike[str], *, groups: int = 32) -> None:
        self._dir = os.fspath(directory)
        os.makedirs(self._dir, exist_ok=True)
        if not 0 < groups <= 1 << 16:
            raise ValueError(f"groups must be 1 to 65,536, not {groups}")
        self.groups = groups
        self._keys: list[np.ndarray] = []
        self._docs: list[np.ndarray] = []
        self._held = 0

    def add(self, doc: int, keys: np.ndarray) -> None:
        """Document number ``doc``'s keys (uint64)."""
        self._keys.append(np.asarray(keys, dtype=np.uint64))
        self._docs.append(np.full(len(keys), doc, dtype=np.int32))
        self._held += len(keys)
        if self._held >= _BUFFER_KEYS:
            self.flush()

    def _path(self, group: int, kind: str) -> str:
        return os.path.join(self._dir, f"{group}.{kind}")

    def flush(self) -> None:
        """Write the keys held so far to their groups' files (reading a group or enough keys held does it too)."""
        if not self._held:
            return
        keys, docs = np.concatenate(self._keys), np.concatenate(self._docs)
        self._keys, self._docs, self._held = [], [], 0
        group = (keys % np.uint64(self.groups)).astype(np.uint16)
        # within a group, in the order added; a stable sort of 16-bit numbers is a radix sort (linear),
        # several times quicker than the merge sort of machine-size ones, which held up the main process
        order = np.argsort(group, kind="stable")
        keys, docs = keys[order], docs[order]
        bounds = np.r_[0, np.cumsum(np.bincount(group, minlength=self.groups))]
        for g in np.flatnonzero(np.diff(bounds)).tolist():
            start, stop = bounds[g], bounds[g + 1]
            with open(self._path(g, "keys"), "ab") as out:
                out.write(keys[start:stop].tobytes())
            with open(self._path(g, "docs"), "ab") as out:
                out.write(docs[start:stop].tobytes())

    def read(self, group: int) -> tuple[np.ndarray, np.ndarray]:
        """Group ``group``'s keys (uint64) and the document (int32) of each."""
        self.flush()
        if not os.path.exists(self._path(group, "keys")):
            return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int32)
        return np.fromfile(self._path(group, "keys"), dtype=np.uint64), np.fromfile(
            self._path(group, "docs"), dtype=np.int32
        )


def spilled_pairs(
    spills: Sequence[KeySpill],
    n_docs: int,
    *,
    max_bucket: int,
    wide_share: float = Settings.wide_share,
    dropped: Sequence[np.ndarray | None] = (),
) -> list[CandidatePair]:
    """Document pairs sharing a band key, with collision counts, from the keys of ``spills`` (one
    ``groups`` for all), as :func:`~provenance.detect.candidates.candidate_pairs` finds them.

    Buckets over ``max_bucket`` documents count as the in-memory join counts them (their stars, and
    ``wide_share``; :func:`~provenance.detect.candidates.wide_kept`).  ``dropped[k]``, when given, is a
    boolean array by document: the keys ``spills[k]`` holds for those documents are left out (a document
    signed again after its boilerplate was set aside).
    """
    return counted_pairs(_groups(spills, n_docs, max_bucket, dropped), n_docs, wide_share=wide_share)


def _groups(
    spills: Sequence[KeySpill], n_docs: int, max_bucket: int, dropped: Sequence[np.ndarray | None]
) -> Iterator[Collided]:
    """The join of each group of keys of :func:`spilled_pairs`, one group at a time."""
    for group in range(spills[0].groups if spills else 0):
        keys_parts, docs_parts = [], []
        for k, spill in enumerate(spills):
            keys, docs = spill.read(group)
            mask = dropped[k] if k < len(dropped) else None
            if mask is not None:
                kept = ~mask[docs]
                keys, docs = keys[kept], docs[kept]
            keys_parts.append(keys)
            docs_parts.append(docs)
        keys, docs = np.concatenate(keys_parts), np.concatenate(docs_parts)
        yield colliding_pairs(keys, docs, n_docs, max_bucket)  # which orders each key's documents
