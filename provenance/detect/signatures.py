"""Word-shingle MinHash signatures, per passage window, vectorised with NumPy.

A reprint often shares only part of its source, so one signature per document
would dilute the shared part with everything else.  Each document is cut into
overlapping *windows* of ``window`` shingles (step ``window // 2``); each window
gets a MinHash, and the document's own signature is the element-wise minimum of
its windows (which is exactly the MinHash of all its shingles).

The signatures are bit-for-bit those of :class:`datasketch.MinHash` with the
default ``affine32`` scheme fed the same 32-bit shingle hashes (the test suite
checks this): the hashing is done once per token, the shingle hashes and the
permutations are computed on whole arrays, not one shingle at a time.

>>> sig = signature_of(["the", "cat", "sat", "on", "the", "mat"], shingle_size=2, num_perm=16)
>>> sig.windows.shape
(1, 16)
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .._compiled import core as _core
from ..settings import Settings

__all__ = [
    "DocumentSignature",
    "distinct",
    "estimated_jaccard",
    "permutations",
    "shingle_containment",
    "shingle_hashes",
    "signature_of",
    "window_minhashes",
]

_MASK32 = np.uint64(0xFFFFFFFF)
_SHINGLE_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant (golden ratio)
_EMPTY = np.uint32(0xFFFFFFFF)


def distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values of a 1-D array, as :func:`numpy.unique` gives them.

    A sort and one comparison of neighbours: on the few hundred to few thousand integers of one
    document this is about ten times faster than ``np.unique``, which NumPy 2.3+ computes
    with a hash table before sorting.

    >>> distinct(np.array([3, 1, 3, 2, 1])).tolist()
    [1, 2, 3]
    """
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


@dataclass(frozen=True, eq=False)
class DocumentSignature:
    """MinHash signatures of one document: per window, and for the whole text."""

    windows: np.ndarray
    """uint32 array of shape (number of windows, num_perm)."""
    shingles: np.ndarray
    """Sorted unique uint32 shingle hashes (for exact Jaccard and containment)."""

    @property
    def whole(self) -> np.ndarray:
        """The MinHash of all the document's shingles."""
        if len(self.windows) == 0:
            return np.full(self.windows.shape[1], _EMPTY, dtype=np.uint32)
        return np.asarray(self.windows.min(axis=0))

    def whole_only(self) -> DocumentSignature:
        """The signature with its windows folded into the one whole-text row.

        What verification needs (estimated Jaccard, shingles) once candidates are
        found, at a fraction of the memory; a window-less signature stays so.

        >>> sig = signature_of("one two three four five six seven".split(), shingle_size=2, window=2)
        >>> sig.windows.shape, sig.whole_only().windows.shape
        ((5, 128), (1, 128))
        >>> bool((sig.whole_only().whole == sig.whole).all())
        True
        """
        if len(self.windows) <= 1:
            return self
        return DocumentSignature(self.whole[None, :], self.shingles)


@lru_cache(maxsize=8)
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) affine permutation parameters datasketch uses for this seed.

    Drawn here as ``datasketch.MinHash(num_perm, seed)`` draws them for its default scheme (affine32:
    an odd ``a`` and any ``b`` below 2**32, from ``RandomState(seed)``), not by importing datasketch,
    which imports SciPy: 0.7 s of a 1.1 s gate or pre-commit run. tests/test_signatures.py and
    tests/test_integrations.py hold them equal to datasketch's.

    >>> a, b = permutations(128, 1)
    >>> a.dtype, a.shape, bool((a % 2 == 1).all())
    (dtype('uint32'), (128,), True)
    """
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    a.flags.writeable = b.flags.writeable = False  # shared by every caller through the cache
    return a, b


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (datasketch's pre-mix for ``affine32``)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return np.asarray(h ^ (h >> np.uint32(16)), dtype=np.uint32)


def _token_hashes(tokens: list[str] | tuple[str, ...]) -> np.ndarray:
    if _core is not None:  # one C call: no bytes object a token
        return np.frombuffer(_core.crc32_words(tokens), dtype=np.uint32).astype(np.uint64)
    return _plain_token_hashes(tokens)


def _plain_token_hashes(tokens: list[str] | tuple[str, ...]) -> np.ndarray:
    # CRC-32 of each token's UTF-8 bytes; encoded in one call (tokens never hold NUL), which is
    # 40% faster than encoding them one by one.
    data = "\x00".join(tokens).encode("utf-8").split(b"\x00")
    return np.fromiter(map(zlib.crc32, data), dtype=np.uint64, count=len(tokens))


def shingle_hashes(tokens: list[str] | tuple[str, ...], shingle_size: int) -> np.ndarray:
    """32-bit hashes of the consecutive ``shingle_size``-word shingles, in order.

    A text shorter than one shingle yields one shingle of all its words.

    >>> shingle_hashes(["a", "b", "c"], 2).shape
    (2,)
    """
    if not tokens:
        return np.zeros(0, dtype=np.uint32)
    words = _token_hashes(tokens)
    k = min(shingle_size, len(words))
    n = len(words) - k + 1
    acc = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            acc = acc * _SHINGLE_MULTIPLIER + words[j : j + n]
        acc ^= acc >> np.uint64(29)
        acc *= _SHINGLE_MULTIPLIER
        acc ^= acc >> np.uint64(32)
    return (acc & _MASK32).astype(np.uint32)


@lru_cache(maxsize=256)
def _unique_shingles(tokens: tuple[str, ...], shingle_size: int) -> np.ndarray:
    # A document is verified against several candidates; hash its shingles once.
    return distinct(shingle_hashes(tokens, shingle_size))


def shingle_containment(
    tokens_a: list[str] | tuple[str, ...], tokens_b: list[str] | tuple[str, ...], shingle_size: int
) -> tuple[float, float]:
    """Share of A's distinct ``shingle_size``-word shingles found in B, and of B's in A.

    Exact (over the 32-bit shingle hashes), computed on whole arrays; a
    document's shingles are kept for the next pair it is verified in.

    >>> shingle_containment("the cat sat on the mat".split(), "the cat sat on a rug".split(), 3)
    (0.5, 0.5)
    """
    ha, hb = _unique_shingles(tuple(tokens_a), shingle_size), _unique_shingles(tuple(tokens_b), shingle_size)
    if len(ha) == 0 or len(hb) == 0:
        return 0.0, 0.0
    common = len(np.intersect1d(ha, hb, assume_unique=True))
    return round(common / len(ha), 4), round(common / len(hb), 4)


_BLOCKS_PER_CHUNK = 2048
"""Blocks of shingles whose permuted values are held at once (a memory bound, not a tunable)."""


def _minhash_rows(hashes: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Permuted values, one row per shingle: ``a * fmix(h) + b`` mod 2**32."""
    with np.errstate(over="ignore"):
        mixed = _fmix32(hashes.astype(np.uint32))
        return np.asarray(mixed[:, None] * a[None, :] + b[None, :], dtype=np.uint32)


def window_minhashes(
    hashes: np.ndarray, *, num_perm: int = 128, seed: int = 1, window: int = 40, first: int | None = None
) -> np.ndarray:
    """MinHash of every window of ``window`` shingle hashes (step ``window // 2``).

    ``first`` computes only the first permutations of the ``num_perm`` (the
    persistent index keys on a few of them): the columns are those of the full
    signature, not a smaller signature's.

    >>> full = window_minhashes(shingle_hashes(list("abcdefgh"), 2), num_perm=16, window=4)
    >>> bool((window_minhashes(shingle_hashes(list("abcdefgh"), 2), num_perm=16, window=4, first=3)
    ...       == full[:, :3]).all())
    True
    """
    if window < 2 or window % 2:
        raise ValueError("window must be an even number of at least 2")
    a, b = permutations(num_perm, seed)
    if first is not None:
        a, b = a[:first], b[:first]
    if len(hashes) == 0:
        return np.zeros((0, len(a)), dtype=np.uint32)
    step = window // 2
    if _core is not None:  # one pass of C a shingle, no shingle-by-permutation matrix
        hashes = np.ascontiguousarray(hashes, dtype=np.uint32)
        a, b = np.ascontiguousarray(a), np.ascontiguousarray(b)
        mins = np.frombuffer(_core.block_minima(hashes, a, b, step), dtype=np.uint32)
        return _windows_of_blocks(mins.reshape(-1, len(a)))
    return _windows_of_blocks(_plain_block_minima(hashes, a, b, step))


def _windows_of_blocks(blocks: np.ndarray) -> np.ndarray:
    """Window minima from block minima: a window is two consecutive blocks (one block alone)."""
    return np.minimum(blocks[:-1], blocks[1:]) if len(blocks) > 1 else np.array(blocks)


def _plain_block_minima(hashes: np.ndarray, a: np.ndarray, b: np.ndarray, step: int) -> np.ndarray:
    """Minima of the permuted values over blocks of ``step`` shingles, in NumPy (the compiled core's reference)."""
    # Minima over blocks of `step` shingles; a window is two consecutive blocks. The
    # shingle-by-permutation rows are made a chunk of whole blocks at a time, so memory
    # stays bounded for a text of megabytes (the result is the same).
    chunk = step * _BLOCKS_PER_CHUNK
    return np.concatenate(
        [
            np.minimum.reduceat(
                _minhash_rows(hashes[start : start + chunk], a, b),
                np.arange(0, min(chunk, len(hashes) - start), step),
                axis=0,
            )
            for start in range(0, len(hashes), chunk)
        ]
    )


def signature_of(
    tokens: list[str] | tuple[str, ...],
    *,
    shingle_size: int = Settings.shingle_size,
    num_perm: int = Settings.num_perm,
    seed: int = Settings.seed,
    window: int = Settings.window,
) -> DocumentSignature:
    """MinHash signatures of a token sequence, per window of ``window`` shingles."""
    hashes = shingle_hashes(tokens, shingle_size)
    windows = window_minhashes(hashes, num_perm=num_perm, seed=seed, window=window)
    return DocumentSignature(windows, distinct(hashes))


def estimated_jaccard(a: DocumentSignature, b: DocumentSignature) -> float:
    """Jaccard of two documents' shingle sets as their whole-text MinHashes estimate it (4 decimals).

    >>> sig = signature_of("one two three four five six".split(), shingle_size=2, num_perm=16)
    >>> estimated_jaccard(sig, sig)
    1.0
    """
    if len(a.windows) == 0 or len(b.windows) == 0:
        return 0.0
    return round(float(np.mean(a.whole == b.whole)), 4)
