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

from .signatures import DocumentSignature

__all__ = ["CandidatePair", "band_keys", "candidate_pairs", "collision_probability"]

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
    values = windows[:, : bands * rows].astype(np.uint64).reshape(len(windows), bands, rows)
    with np.errstate(over="ignore"):
        keys = np.arange(1, bands + 1, dtype=np.uint64)[None, :] * _M2
        keys = np.broadcast_to(keys, (len(windows), bands)).copy()
        for r in range(rows):
            keys = (keys ^ values[:, :, r]) * _M1
            keys ^= keys >> np.uint64(31)
    return keys


def candidate_pairs(
    signatures: Sequence[DocumentSignature],
    *,
    bands: int,
    rows: int,
    max_bucket: int = 64,
) -> list[CandidatePair]:
    """Document pairs sharing at least one band key, with collision counts.

    Buckets holding more than ``max_bucket`` documents are boilerplate shared by
    much of the corpus (a site footer, a stock phrase) and are ignored.  Pairs are
    returned sorted, with ``a < b``.
    """
    per_doc = [band_keys(sig.windows, bands=bands, rows=rows).ravel() for sig in signatures]
    if not per_doc:
        return []
    keys = np.concatenate(per_doc)
    docs = np.repeat(np.arange(len(per_doc), dtype=np.int64), [len(k) for k in per_doc])
    # One entry per (key, document): a document colliding with itself is no pair.
    order = np.lexsort((docs, keys))
    keys, docs = keys[order], docs[order]
    distinct = np.ones(len(keys), dtype=bool)
    distinct[1:] = (keys[1:] != keys[:-1]) | (docs[1:] != docs[:-1])
    keys, docs = keys[distinct], docs[distinct]
    if len(keys) == 0:
        return []
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    shared = (sizes >= 2) & (sizes <= max_bucket)
    counts: dict[tuple[int, int], int] = {}
    for start, size in zip(starts[shared].tolist(), sizes[shared].tolist(), strict=False):
        members = docs[start : start + size].tolist()
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                counts[(a, b)] = counts.get((a, b), 0) + 1
    return [CandidatePair(a, b, n) for (a, b), n in sorted(counts.items())]
