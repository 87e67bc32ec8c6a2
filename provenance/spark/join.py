"""The candidate join on Spark: documents' band keys grouped by key, each bucket's pairs found in one partition.

The same pairs and collision counts as :func:`provenance.detect.candidates.candidate_pairs`, for a
corpus whose band keys do not fit one machine: each block of documents sends one row per group of
keys (:func:`key_groups`), a partition holds whole groups, hence whole buckets, and NumPy finds
their pairs there (:func:`provenance.detect.candidates.colliding_pairs`); a bucket of more than
``max_bucket`` documents pairs its members with its lowest only, kept when the two share enough keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import numpy as np

from ..detect.candidates import colliding_pairs, pair_counts, wide_kept

if TYPE_CHECKING:
    from pyspark import RDD

__all__ = ["DOCS_PER_BLOCK", "candidate_join", "key_groups"]

DOCS_PER_BLOCK = 1024
"""Documents whose band keys :func:`candidate_join` splits into groups at once (bounds memory, not results)."""


def key_groups(keys: np.ndarray, groups: int) -> np.ndarray:
    """The group, ``0 .. groups - 1``, of each int64 band key: the key as unsigned, modulo ``groups``.

    Band keys are already mixed 64-bit hashes, so the groups are even; equal keys share a group.
    """
    return (keys.view(np.uint64) % np.uint64(groups)).astype(np.int64)


def _split_block(numbers: list[int], packed: list[bytes], groups: int) -> Iterator[tuple[int, tuple[bytes, bytes]]]:
    """One block of documents as rows ``(group, (keys, documents))``, one per group holding any of their keys.

    ``keys`` are the group's int64 keys and ``documents`` (int32) the number of the document of each.
    """
    parts = [np.frombuffer(p, dtype=np.int64) for p in packed]
    keys = np.concatenate([np.zeros(0, dtype=np.int64), *parts])
    docs = np.repeat(np.asarray(numbers, dtype=np.int32), [len(p) for p in parts])
    group = key_groups(keys, groups)
    order = np.argsort(group, kind="stable")
    keys, docs = keys[order], docs[order]
    bounds = np.r_[0, np.cumsum(np.bincount(group, minlength=groups))]
    for g in np.flatnonzero(np.diff(bounds)).tolist():
        start, stop = bounds[g], bounds[g + 1]
        yield g, (keys[start:stop].tobytes(), docs[start:stop].tobytes())


def _grouped_keys(
    documents: Iterable[tuple[int, bytes]], groups: int, docs_per_block: int
) -> Iterator[tuple[int, tuple[bytes, bytes]]]:
    """The band keys of a partition's documents ``(number, int64 keys)`` as rows ``(group, (keys, documents))``.

    Every ``docs_per_block`` documents make one row per group (see :func:`_split_block`).
    """
    numbers: list[int] = []
    packed: list[bytes] = []
    for number, keys in documents:
        numbers.append(number)
        packed.append(keys)
        if len(numbers) == docs_per_block:
            yield from _split_block(numbers, packed, groups)
            numbers, packed = [], []
    if numbers:
        yield from _split_block(numbers, packed, groups)


def _group_pair_counts(
    rows: Iterable[tuple[int, tuple[bytes, bytes]]], n_docs: int, max_bucket: int, wide_share: float
) -> Iterator[tuple[int, tuple[int, int]]]:
    """Pair codes ``a * n_docs + b`` and their counts ``(shared, wide)`` from one partition's rows
    ``(group, (keys, documents))``.

    A partition holds whole groups, hence whole buckets: the pairs of its buckets of 2 to
    ``max_bucket`` documents (``shared``) and the stars of its wider ones (``wide``, with ``wide_share``)
    are found as the local engine finds them (:func:`provenance.detect.candidates.colliding_pairs`),
    each counted once per bucket.
    """
    keys_parts, docs_parts = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int32)]
    for _group, (keys, docs) in rows:
        keys_parts.append(np.frombuffer(keys, dtype=np.int64))
        docs_parts.append(np.frombuffer(docs, dtype=np.int32))
    keys_all, docs_all = np.concatenate(keys_parts), np.concatenate(docs_parts)
    del keys_parts, docs_parts
    # which orders each key's documents; each document's keys are counted apart (candidate_join's held)
    found = colliding_pairs(keys_all, docs_all, n_docs, max_bucket, count_held=False)
    codes, shared, wide = pair_counts(found.pairs, found.stars if wide_share > 0 else found.stars[:0])
    yield from zip(codes.tolist(), zip(shared.tolist(), wide.tolist(), strict=True), strict=True)


def _added(x: tuple[int, int], y: tuple[int, int]) -> tuple[int, int]:
    return x[0] + y[0], x[1] + y[1]


def _wide_pairs(
    rows: Iterable[tuple[int, tuple[tuple[tuple[int, int], int], int]]], wide_share: float
) -> Iterator[tuple[int, int, int]]:
    """The star-only pairs ``(a, b, wide)`` of rows ``(b, (((a, wide), keys of a), keys of b))`` that
    :func:`~provenance.detect.candidates.wide_kept` keeps, a partition at once."""
    items = list(rows)
    if not items:
        return
    b = np.array([r[0] for r in items], dtype=np.int64)
    a = np.array([r[1][0][0][0] for r in items], dtype=np.int64)
    wide = np.array([r[1][0][0][1] for r in items], dtype=np.int64)
    smaller = np.minimum([r[1][0][1] for r in items], [r[1][1] for r in items])
    kept = wide_kept(np.zeros(len(items), dtype=np.int64), wide, smaller, wide_share=wide_share)
    yield from zip(a[kept].tolist(), b[kept].tolist(), wide[kept].tolist(), strict=True)


def candidate_join(
    documents: RDD[tuple[int, bytes]],
    *,
    n_docs: int,
    max_bucket: int,
    wide_share: float,
    groups: int,
    docs_per_block: int = DOCS_PER_BLOCK,
) -> RDD[tuple[int, int, int]]:
    """Candidate pairs ``(a, b, collisions)``, ``a < b``, from documents ``(number, distinct band keys)``.

    Documents are numbered ``0 .. n_docs - 1``; their distinct band keys come packed as int64
    bytes.  The same pairs and collision counts as :func:`provenance.detect.candidates.candidate_pairs`
    over the documents in number order: buckets of 2 to ``max_bucket`` documents pair their documents,
    ``collisions`` the number of keys the two share in such buckets; larger ones pair each document with
    their lowest only, a candidate when the two share ``wide_share`` of the smaller one's keys
    (:func:`~provenance.detect.candidates.wide_kept`: the keys of the two are joined to those pairs only).

    The join moves a few rows, not one a key: each block of ``docs_per_block`` documents sends
    one row per group of keys (:func:`key_groups`; ``groups`` partitions, one group each), so every
    bucket is whole in one partition, where NumPy finds its pairs; the counts of a pair are summed
    over the partitions (into as many partitions as ``documents`` has: candidate pairs are few).
    A partition holds about ``1 / groups`` of all keys.
    """
    parts = documents.getNumPartitions()
    counted = (
        documents.mapPartitions(lambda docs: _grouped_keys(docs, groups, docs_per_block))
        .partitionBy(groups, lambda group: int(group))
        .mapPartitions(lambda rows: _group_pair_counts(rows, n_docs, max_bucket, wide_share))
        .reduceByKey(_added, parts)
    )
    shared = counted.filter(lambda item: item[1][0] > 0).map(
        lambda item: (item[0] // n_docs, item[0] % n_docs, item[1][0])
    )
    if wide_share <= 0:
        return shared
    held = documents.mapValues(lambda keys: len(keys) // 8)
    wide = (
        counted.filter(lambda item: item[1][0] == 0)
        .map(lambda item: (item[0] // n_docs, (item[0] % n_docs, item[1][1])))
        .join(held, parts)
        .map(lambda row: (row[1][0][0], ((row[0], row[1][0][1]), row[1][1])))
        .join(held, parts)
        .mapPartitions(lambda rows: _wide_pairs(rows, wide_share))
    )
    return shared.union(wide)
