"""Window MinHash signatures: bit-for-bit datasketch, per window and whole."""

from __future__ import annotations

import random

import numpy as np
import pytest
from datasketch import MinHash
from helpers import random_words

from provenance.detect.signatures import (
    permutations,
    shingle_containment,
    shingle_hashes,
    signature_of,
    window_minhashes,
)


def _datasketch(hashes: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    minhash = MinHash(num_perm=num_perm, seed=seed, hashfunc=lambda x: x)
    minhash.update_batch([int(h) for h in hashes])
    return np.asarray(minhash.hashvalues)


def _expected_windows(hashes: np.ndarray, window: int, num_perm: int, seed: int) -> list[np.ndarray]:
    """A window of ``window`` shingles every ``window // 2`` shingles until one reaches the end."""
    step = max(1, window // 2)
    starts = [0]
    while starts[-1] + window < len(hashes):
        starts.append(starts[-1] + step)
    return [_datasketch(hashes[s : s + window], num_perm, seed) for s in starts]


@pytest.fixture(scope="module")
def tokens() -> list[str]:
    rng = random.Random(7)
    # A small vocabulary so that shingles repeat inside the text.
    return random_words(rng, 157, vocabulary=12)


@pytest.mark.parametrize(("num_perm", "seed"), [(128, 1), (64, 42), (16, 0)])
def test_whole_signature_equals_datasketch(tokens: list[str], num_perm: int, seed: int) -> None:
    sig = signature_of(tokens, shingle_size=5, num_perm=num_perm, seed=seed, window=40)
    hashes = shingle_hashes(tokens, 5)
    expected = _datasketch(hashes, num_perm, seed)
    assert sig.whole.dtype == expected.dtype == np.uint32
    assert np.array_equal(sig.whole, expected)


@pytest.mark.parametrize("window", [40, 10, 4, 2])
def test_each_window_equals_datasketch_of_its_slice(tokens: list[str], window: int) -> None:
    sig = signature_of(tokens, shingle_size=3, num_perm=32, seed=5, window=window)
    hashes = shingle_hashes(tokens, 3)
    expected = _expected_windows(hashes, window, 32, 5)
    assert sig.windows.shape == (len(expected), 32)
    for got, want in zip(sig.windows, expected, strict=True):
        assert np.array_equal(got, want)


@pytest.mark.parametrize("n_tokens", [5, 6, 24, 25, 44, 45, 46, 65])
def test_window_count_at_the_edges(n_tokens: int) -> None:
    toks = random_words(random.Random(n_tokens), n_tokens)
    sig = signature_of(toks, shingle_size=5, num_perm=16, window=40)
    hashes = shingle_hashes(toks, 5)
    expected = _expected_windows(hashes, 40, 16, 1)
    assert len(sig.windows) == len(expected)
    for got, want in zip(sig.windows, expected, strict=True):
        assert np.array_equal(got, want)


@pytest.mark.parametrize("window", [5, 1])
def test_odd_window_is_rejected(tokens: list[str], window: int) -> None:
    # Windows are two half-window blocks, so an odd size cannot be honoured.
    with pytest.raises(ValueError, match="even"):
        signature_of(tokens, shingle_size=3, num_perm=16, seed=1, window=window)


def test_whole_is_minimum_of_windows(tokens: list[str]) -> None:
    sig = signature_of(tokens, shingle_size=5, num_perm=64, window=10)
    assert len(sig.windows) > 1
    assert np.array_equal(sig.whole, sig.windows.min(axis=0))


def test_shingles_are_the_sorted_unique_shingle_hashes(tokens: list[str]) -> None:
    sig = signature_of(tokens, shingle_size=4)
    hashes = shingle_hashes(tokens, 4)
    assert np.array_equal(sig.shingles, np.unique(hashes))
    assert len(sig.shingles) < len(hashes)  # the small vocabulary repeats shingles


def test_shingle_hashes_shape_order_and_content() -> None:
    toks = ["the", "cat", "sat", "on", "the", "mat"]
    hashes = shingle_hashes(toks, 2)
    assert hashes.dtype == np.uint32
    assert hashes.shape == (5,)
    # Equal shingles hash equally, different ones (here) differently, in text order.
    again = shingle_hashes(["sat", "on", "the", "cat", "sat"], 2)
    assert again[3] == hashes[1]  # "cat sat"
    assert again[1] == hashes[3]  # "on the"
    assert len(set(hashes.tolist())) == 5
    # Word order inside a shingle matters.
    assert shingle_hashes(["a", "b"], 2)[0] != shingle_hashes(["b", "a"], 2)[0]


def test_short_text_is_one_shingle_and_empty_text_none() -> None:
    assert shingle_hashes(["only", "two"], 5).shape == (1,)
    assert shingle_hashes(["only", "two"], 5)[0] == shingle_hashes(["only", "two"], 2)[0]
    assert shingle_hashes([], 5).shape == (0,)
    empty = signature_of([], num_perm=16)
    assert empty.windows.shape == (0, 16)
    assert empty.whole.shape == (16,)
    assert np.all(empty.whole == np.uint32(0xFFFFFFFF))
    assert np.array_equal(empty.whole, _datasketch(np.zeros(0, dtype=np.uint32), 16, 1))


def test_permutations_are_datasketch_permutations() -> None:
    a, b = permutations(32, 9)
    ref_a, ref_b = MinHash(num_perm=32, seed=9).permutations
    assert np.array_equal(a, ref_a)
    assert np.array_equal(b, ref_b)
    assert np.all(a % 2 == 1)


def test_signatures_estimate_jaccard() -> None:
    rng = random.Random(3)
    shared = random_words(rng, 300)
    a = shared + random_words(rng, 300)
    b = shared + random_words(rng, 300)
    sig_a = signature_of(a, num_perm=256, window=1000)
    sig_b = signature_of(b, num_perm=256, window=1000)
    common = len(np.intersect1d(sig_a.shingles, sig_b.shingles))
    exact = common / (len(sig_a.shingles) + len(sig_b.shingles) - common)
    estimate = float(np.mean(sig_a.whole == sig_b.whole))
    assert 0.25 < exact < 0.4
    assert abs(estimate - exact) < 0.12


@pytest.mark.parametrize("first", [1, 3, 8])
def test_first_permutations_are_the_columns_of_the_full_signature(first: int) -> None:
    hashes = shingle_hashes(random_words(random.Random(first), 300), 5)
    full = window_minhashes(hashes, num_perm=32, seed=3, window=10)
    assert (window_minhashes(hashes, num_perm=32, seed=3, window=10, first=first) == full[:, :first]).all()
    assert (full == signature_of(random_words(random.Random(first), 300), num_perm=32, seed=3, window=10).windows).all()


@pytest.mark.parametrize("size", [1, 3, 5])
def test_shingle_containment_equals_plain_set_containment(size: int) -> None:
    rng = random.Random(size)
    a = random_words(rng, 120, vocabulary=15)
    b = a[30:90] + random_words(rng, 50, vocabulary=15)
    shingles_a = {tuple(a[i : i + size]) for i in range(len(a) - size + 1)}
    shingles_b = {tuple(b[i : i + size]) for i in range(len(b) - size + 1)}
    common = len(shingles_a & shingles_b)
    expected = (round(common / len(shingles_a), 4), round(common / len(shingles_b), 4))
    assert shingle_containment(a, b, size) == expected
    assert shingle_containment(b, a, size) == expected[::-1]


def test_shingle_containment_of_an_empty_side_is_zero() -> None:
    assert shingle_containment([], ["a", "b", "c"], 3) == (0.0, 0.0)
