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

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from .._compiled import core as _core
from ..settings import Settings
from .signatures import DocumentSignature

__all__ = [
    "CandidatePair",
    "Collided",
    "band_keys",
    "bucket_pairs",
    "candidate_pairs",
    "colliding_pairs",
    "collision_probability",
    "collisions_needed",
    "counted_pairs",
    "pair_counts",
    "wide_kept",
]

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


@dataclass(frozen=True)
class Collided:
    """What one join of band keys finds (:func:`colliding_pairs`): pair codes ``a * n_docs + b``, ``a < b``."""

    pairs: np.ndarray
    """A code for every bucket of 2 to ``max_bucket`` documents the two share (int64)."""
    stars: np.ndarray
    """A code for every bucket of more than ``max_bucket`` documents: each member paired with the bucket's lowest
    document only (int64), a candidate only when the two share enough keys (:func:`wide_kept`)."""
    held: np.ndarray
    """Distinct keys each document holds among the entries joined (int64, ``n_docs`` of them)."""


def colliding_pairs(
    keys: np.ndarray, docs: np.ndarray, n_docs: int, max_bucket: int, *, count_held: bool = True
) -> Collided:
    """The pairs of documents sharing each bucket, and the keys each document holds (:class:`Collided`).

    ``keys[i]`` is a band key of document ``docs[i]`` (documents numbered ``0 .. n_docs - 1``, the entries
    in any order).  A bucket of more than ``max_bucket`` documents makes no pairs (quadratic, and mostly
    boilerplate) but a star: each member with the bucket's lowest document, linear in its size.
    The join of :func:`candidate_pairs`, of the spilled scan's groups and of the Spark engine's key groups.
    Without ``count_held`` (Spark, which counts each document's keys itself) ``held`` is left empty: it is
    an array of ``n_docs`` for each join, whatever the join's size.

    >>> found = colliding_pairs(np.array([7, 7, 9, 9, 9, 9]), np.array([0, 2, 0, 1, 2, 2]), 3, 2)
    >>> found.pairs.tolist(), found.stars.tolist(), found.held.tolist()
    ([2], [1, 2], [2, 1, 2])
    """
    none = np.zeros(0, dtype=np.int64)
    held = np.bincount(docs, minlength=n_docs).astype(np.int64) if count_held else none
    # Only a key met more than once can join two documents: about one entry in ten here, found first.
    at = _repeated(keys)
    keys, docs = keys[at], docs[at]
    if count_held:
        held -= np.bincount(docs, minlength=n_docs)
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
    if count_held:
        held += np.bincount(docs, minlength=n_docs)
    if len(keys) == 0:
        return Collided(none, none, held)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    # A wide bucket's members, each after the bucket's lowest document (its first: documents are sorted).
    wide = np.repeat(sizes > max_bucket, sizes)
    wide[starts] = False
    lowest = np.repeat(docs[starts], sizes)
    stars = lowest[wide].astype(np.int64) * n_docs + docs[wide]
    shared = (sizes >= 2) & (sizes <= max_bucket)
    a, b = bucket_pairs(docs, starts[shared], sizes[shared])
    return Collided(a.astype(np.int64) * n_docs + b, stars, held)


def bucket_pairs(docs: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The two members of every pair in each bucket ``docs[start : start + size]``: ``(first, second)``, the
    first earlier in its bucket; a bucket size at a time (at most ``max_bucket`` sizes), not a pair at a time.

    >>> [x.tolist() for x in bucket_pairs(np.array([4, 5, 6, 7, 8]), np.array([0, 2]), np.array([2, 3]))]
    [[4, 6, 6, 7], [5, 7, 8, 8]]
    """
    firsts, seconds = [docs[:0]], [docs[:0]]
    for size in np.unique(sizes).tolist():
        begin = starts[sizes == size][:, None]
        i, j = np.triu_indices(size, 1)
        firsts.append(docs[begin + i].ravel())
        seconds.append(docs[begin + j].ravel())
    return np.concatenate(firsts), np.concatenate(seconds)


def collisions_needed(keys: np.ndarray | int, *, min_collisions: int, bands: int) -> np.ndarray:
    """Keys a pair must share to be a candidate, from the key count of its text with fewer keys (``keys``):
    ``min_collisions``, but no more than one a window of that text (``bands`` keys a window).

    A text of one window (a paragraph or a brief, up to ``window`` shingles) holds ``bands`` keys, and a
    copy of it inside a longer text's windows, which start every ``window / 2`` shingles, often keeps just
    one: 1 of the 12 paragraphs of seed 001 over ``reuse_min_chars``, checked alone, shared one key of
    three with 001 and passed. A long text still needs ``min_collisions``: one chance 5-word phrase pairs
    nothing.

    >>> collisions_needed(np.array([0, 3, 5, 80]), min_collisions=2, bands=3).tolist()
    [1, 1, 2, 2]
    """
    return np.minimum(min_collisions, np.maximum(1, -(-np.asarray(keys, dtype=np.int64) // bands)))


def wide_kept(
    shared: np.ndarray,
    wide: np.ndarray,
    smaller: np.ndarray,
    *,
    wide_share: float,
    min_collisions: int | np.ndarray = 1,
) -> np.ndarray:
    """Which pairs are candidates, from the keys each shares in buckets of at most ``max_bucket`` documents
    (``shared``), in wider ones as their star (``wide``), and the keys of its smaller document (``smaller``).

    ``min_collisions`` keys (one figure, or one a pair) shared in buckets within the limit make a candidate, as
    ever; counting the wide
    buckets too, ``wide_share`` of the smaller document's keys make one (a story copied more than
    ``max_bucket`` times); a footer many pages share is a small part of each page's keys, and pairs none.

    >>> wide_kept(np.array([1, 0, 0]), np.array([0, 60, 10]), np.array([80, 100, 100]), wide_share=0.5).tolist()
    [True, True, False]
    """
    enough = np.maximum(min_collisions, wide_share * smaller) if wide_share > 0 else np.inf
    return np.asarray((shared >= min_collisions) | (shared + wide >= enough), dtype=bool)


def pair_counts(pairs: np.ndarray, stars: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each pair code of ``pairs`` or ``stars`` once, sorted, and how many times each is among either.

    >>> [x.tolist() for x in pair_counts(np.array([5, 2, 5]), np.array([7, 5, 7]))]
    [[2, 5, 7], [1, 2, 0], [0, 1, 2]]
    """
    if len(stars) == 0:
        codes, shared = np.unique(pairs, return_counts=True)
        return codes, shared, np.zeros(len(codes), dtype=np.int64)
    codes, inverse = np.unique(np.concatenate([pairs, stars]), return_inverse=True)
    shared = np.bincount(inverse[: len(pairs)], minlength=len(codes))
    return codes, shared, np.bincount(inverse[len(pairs) :], minlength=len(codes))


def counted_pairs(found: Iterable[Collided], n_docs: int, *, wide_share: float) -> list[CandidatePair]:
    """The candidate pairs, sorted, with collision counts, from the joins of all the keys' groups (or passes),
    read one at a time (each document's keys added up as they come, not held a join each).

    A pair's collisions are the buckets of at most ``max_bucket`` documents it shares; a pair found only as
    a wide bucket's star (:func:`wide_kept`) counts those buckets instead.
    """
    none = np.zeros(0, dtype=np.int64)
    pairs, stars, held = [none], [none], np.zeros(n_docs, dtype=np.int64)
    for part in found:
        pairs.append(part.pairs)
        if wide_share > 0 and len(part.stars):
            stars.append(part.stars)
        held += part.held
    codes, shared, wide = pair_counts(np.concatenate(pairs), np.concatenate(stars))
    a, b = codes // n_docs, codes % n_docs
    if len(stars) > 1:
        kept = wide_kept(shared, wide, np.minimum(held[a], held[b]), wide_share=wide_share)
        a, b, shared = a[kept], b[kept], np.where(shared > 0, shared, wide)[kept]
    return [CandidatePair(x, y, n) for x, y, n in zip(a.tolist(), b.tolist(), shared.tolist(), strict=True)]


def candidate_pairs(
    signatures: Sequence[DocumentSignature],
    *,
    bands: int,
    rows: int,
    max_bucket: int = Settings.max_bucket,
    wide_share: float = Settings.wide_share,
    bands_per_pass: int = 8,
    docs_per_block: int = 4096,
) -> list[CandidatePair]:
    """Document pairs sharing at least one band key, with collision counts.

    Buckets holding more than ``max_bucket`` documents are mostly boilerplate shared by
    much of the corpus (a site footer, a stock phrase): they pair each member with their
    lowest document only, a candidate when the two share ``wide_share`` of the smaller
    one's keys (a story copied that often; :func:`wide_kept`).  Pairs are returned
    sorted, with ``a < b``.

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
    return counted_pairs(
        _passes(
            signatures,
            bands=bands,
            rows=rows,
            max_bucket=max_bucket,
            bands_per_pass=bands_per_pass,
            docs_per_block=docs_per_block,
        ),
        n_docs,
        wide_share=wide_share,
    )


def _passes(
    signatures: Sequence[DocumentSignature],
    *,
    bands: int,
    rows: int,
    max_bucket: int,
    bands_per_pass: int,
    docs_per_block: int,
) -> Iterator[Collided]:
    """The join of each ``bands_per_pass`` bands of :func:`candidate_pairs`, one pass at a time."""
    n_docs = len(signatures)
    counts = np.array([len(sig.windows) for sig in signatures])
    doc_of_window = np.repeat(np.arange(n_docs, dtype=np.int32), counts)
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
        yield colliding_pairs(keys, docs, n_docs, max_bucket)
