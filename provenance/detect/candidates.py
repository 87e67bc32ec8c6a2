"""LSH banding over passage-window signatures: which document pairs to verify.

Each window signature is cut into ``bands`` bands of ``rows`` values; each band
is hashed to one 64-bit *band key*.  Two windows whose keys agree in any band
collide, and the pair of their documents becomes a candidate.  Collisions are
found as a sort-join over all keys at once (the same plan a Spark job uses),
not by querying windows one at a time.

With ``rows`` values per band, a window pair of Jaccard ``s`` collides with
probability ``1 - (1 - s**rows) ** bands``; see :func:`collision_probability`.

>>> round(collision_probability(0.5, bands=32, rows=4), 3)
0.873
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .._compiled import core as _core
from ..settings import Settings
from .signatures import DocumentSignature

__all__ = ["CandidatePair", "band_keys", "candidate_pairs", "colliding_pairs", "collision_probability"]

_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xBF58476D1CE4E5B9)


@dataclass(frozen=True)
class CandidatePair:
    """Two documents (by position) whose windows collided in ``collisions`` bands."""

    a: int
    b: int
    collisions: int


def collision_probability(similarity: float, *, bands: int, rows: int) -> float:
    """Probability that two windows of Jaccard ``similarity`` share a band."""
    return float(1.0 - (1.0 - similarity**rows) ** bands)


def band_keys(windows: np.ndarray, *, bands: int, rows: int) -> np.ndarray:
    """64-bit key of every band of every window: shape (windows, bands).

    The band's position is mixed into its key, so equal values in different
    bands never collide.
    """
    if bands * rows > windows.shape[1]:
        raise ValueError(f"bands * rows = {bands * rows} exceeds num_perm = {windows.shape[1]}")
    return _keys_of_bands(windows[:, : bands * rows], rows=rows, first=0)


def _keys_of_bands(values: np.ndarray, *, rows: int, first: int) -> np.ndarray:
    """Keys of consecutive bands from band ``first`` on, given those bands' values (``rows`` a band)."""
    count = values.shape[1] // rows
    if values.dtype.kind != "u":  # unsigned values widen to uint64 as they are read
        values = values.astype(np.uint64)
    values = values.reshape(len(values), count, rows)
    keys = np.empty((len(values), count), dtype=np.uint64)
    with np.errstate(over="ignore"):
        keys[:] = np.arange(first + 1, first + count + 1, dtype=np.uint64) * _M2
        shifted = np.empty_like(keys)
        for r in range(rows):  # in place: no new array a step
            np.bitwise_xor(keys, values[:, :, r], out=keys)
            np.multiply(keys, _M1, out=keys)
            np.right_shift(keys, np.uint64(31), out=shifted)
            keys ^= shifted
    return keys


def _repeated(keys: np.ndarray) -> np.ndarray:
    """The positions of ``keys`` whose value another position shares, and a few more, in no set order.

    One sort of plain 64-bit integers, each a key's high bits over its position (an argsort is four times
    slower): a key met twice has its high bits met twice, so no such position is missed.  Two keys that
    differ only in the low bits come along too; the exact join that follows drops them.

    >>> sorted(_repeated(np.array([50, 90, 50, 10, 90, 90], dtype=np.uint64)).tolist())
    [0, 1, 2, 4, 5]

    The compiled core finds exactly those shared by another, by a radix sort of the keys with their positions
    (:func:`provenance._core.repeated`: linear, four times quicker than NumPy's sort of 350,000 keys here).
    """
    if _core is not None:
        found = _core.repeated(np.ascontiguousarray(keys, dtype=np.uint64))
        return np.frombuffer(found, dtype=np.int64).astype(np.intp, copy=False)
    n = len(keys)
    bits = np.uint64(max(n - 1, 1).bit_length())
    low = (np.uint64(1) << bits) - np.uint64(1)
    packed = np.sort((keys.astype(np.uint64, copy=False) & ~low) | np.arange(n, dtype=np.uint64))
    high = packed >> bits
    again = high[1:] == high[:-1]
    kept = np.zeros(n, dtype=bool)
    kept[1:] = again
    kept[:-1] |= again
    return (packed[kept] & low).astype(np.intp)


def colliding_pairs(keys: np.ndarray, docs: np.ndarray, n_docs: int, max_bucket: int) -> np.ndarray:
    """Pair codes ``a * n_docs + b`` (a < b), one for every bucket two documents share.

    ``keys[i]`` is a band key of document ``docs[i]`` (documents numbered ``0 .. n_docs - 1``, the entries
    in any order); buckets of more than ``max_bucket`` documents are ignored.
    The join of :func:`candidate_pairs`, and of the Spark engine's key groups.

    >>> colliding_pairs(np.array([7, 7, 9, 9, 9]), np.array([0, 2, 0, 1, 2]), 3, 64).tolist()
    [2, 1, 2, 5]
    """
    # Only a key met more than once can join two documents: about one entry in ten here, found first.
    at = _repeated(keys)
    keys, docs = keys[at], docs[at]
    # One entry per (key, document): a document colliding with itself is no pair.  Entries are ordered by
    # (key, doc): an unstable argsort by key, then the documents of each run of one key sorted as codes
    # ``run * n_docs + doc`` (NumPy's vectorised sorts; twice as fast as one stable argsort).
    order = np.argsort(keys)
    keys = keys[order]
    run = np.zeros(len(keys), dtype=np.int64)
    np.cumsum(keys[1:] != keys[:-1], out=run[1:])
    docs = np.sort(run * n_docs + docs[order]) % n_docs
    distinct = np.ones(len(keys), dtype=bool)
    distinct[1:] = (keys[1:] != keys[:-1]) | (docs[1:] != docs[:-1])
    keys, docs = keys[distinct], docs[distinct]
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    shared = (sizes >= 2) & (sizes <= max_bucket)
    starts, sizes = starts[shared], sizes[shared]
    codes = [np.zeros(0, dtype=np.int64)]
    # Every pair of every bucket, a bucket size at a time (at most max_bucket sizes), not a pair at a time.
    for size in np.unique(sizes).tolist():
        first = starts[sizes == size]
        i, j = np.triu_indices(size, 1)
        a = docs[first[:, None] + i[None, :]].astype(np.int64)
        b = docs[first[:, None] + j[None, :]].astype(np.int64)
        codes.append((a * n_docs + b).ravel())
    return np.concatenate(codes)


def candidate_pairs(
    signatures: Sequence[DocumentSignature],
    *,
    bands: int,
    rows: int,
    max_bucket: int = Settings.max_bucket,
    bands_per_pass: int = 8,
    docs_per_block: int = 4096,
) -> list[CandidatePair]:
    """Document pairs sharing at least one band key, with collision counts.

    Buckets holding more than ``max_bucket`` documents are boilerplate shared by
    much of the corpus (a site footer, a stock phrase) and are ignored.  Pairs are
    returned sorted, with ``a < b``.

    The join runs ``bands_per_pass`` bands at a time, computing keys from the
    windows of ``docs_per_block`` documents at once, so its memory stays a
    fraction of the signatures' own; these bound memory only, the pairs and
    counts are the same for any values.
    """
    n_docs = len(signatures)
    if n_docs == 0:
        return []
    if bands * rows > signatures[0].windows.shape[1]:
        raise ValueError(f"bands * rows = {bands * rows} exceeds num_perm = {signatures[0].windows.shape[1]}")
    counts = np.array([len(sig.windows) for sig in signatures])
    doc_of_window = np.repeat(np.arange(n_docs, dtype=np.int32), counts)
    codes = [np.zeros(0, dtype=np.int64)]
    for first in range(0, bands, bands_per_pass):
        stop = min(bands, first + bands_per_pass)
        columns = slice(first * rows, stop * rows)
        keys = np.concatenate(
            [
                _keys_of_bands(
                    np.concatenate([sig.windows[:, columns] for sig in signatures[block : block + docs_per_block]]),
                    rows=rows,
                    first=first,
                ).ravel()
                for block in range(0, n_docs, docs_per_block)
            ]
        )
        docs = np.repeat(doc_of_window, stop - first)
        codes.append(colliding_pairs(keys, docs, n_docs, max_bucket))
    found, collisions = np.unique(np.concatenate(codes), return_counts=True)
    return [
        CandidatePair(a, b, n)
        for a, b, n in zip((found // n_docs).tolist(), (found % n_docs).tolist(), collisions.tolist(), strict=True)
    ]
