"""LSH banding: which document pairs are proposed for verification."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from datasketch import MinHash
from helpers import SEED_IDS, random_words

from provenance import Document, prepare
from provenance.detect.candidates import band_keys, candidate_pairs, collision_probability
from provenance.detect.signatures import DocumentSignature, shingle_hashes, signature_of

SHINGLE, NUM_PERM, WINDOW, BANDS, ROWS = 5, 128, 40, 64, 2


def _corpus() -> list[list[str]]:
    """30 unrelated random-word documents, then documents reusing passages of them."""
    rng = random.Random(2024)
    docs = [random_words(rng, rng.randrange(120, 260)) for _ in range(30)]
    # A verbatim passage of doc 3 inside new text.
    docs.append(random_words(rng, 50) + docs[3][40:110] + random_words(rng, 80))
    # A lightly edited passage of doc 7 (one word in 25 replaced).
    passage = [w if i % 25 else "edited" for i, w in enumerate(docs[7][10:120])]
    docs.append(random_words(rng, 30) + passage)
    # A short quote (half a window) of doc 11: low window Jaccard.
    docs.append(random_words(rng, 150) + docs[11][60:75] + random_words(rng, 60))
    # The same passage of doc 20 in two more documents.
    docs.append(docs[20][:90] + random_words(rng, 100))
    docs.append(random_words(rng, 100) + docs[20][:90])
    return docs


def _window_sets(tokens: list[str]) -> list[set[int]]:
    hashes = shingle_hashes(tokens, SHINGLE).tolist()
    step = WINDOW // 2
    starts = [0]
    while starts[-1] + WINDOW < len(hashes):
        starts.append(starts[-1] + step)
    return [set(hashes[s : s + WINDOW]) for s in starts]


def _best_window_jaccard(a: list[set[int]], b: list[set[int]]) -> float:
    return max(len(x & y) / len(x | y) for x in a for y in b)


@pytest.fixture(scope="module")
def corpus() -> tuple[list[DocumentSignature], dict[tuple[int, int], float]]:
    docs = _corpus()
    signatures = [signature_of(d, shingle_size=SHINGLE, num_perm=NUM_PERM, window=WINDOW) for d in docs]
    windows = [_window_sets(d) for d in docs]
    for sig, sets in zip(signatures, windows, strict=True):
        assert len(sig.windows) == len(sets)
    best = {
        (i, j): _best_window_jaccard(windows[i], windows[j]) for i, j in itertools.combinations(range(len(docs)), 2)
    }
    return signatures, best


def test_every_high_similarity_pair_is_a_candidate(
    corpus: tuple[list[DocumentSignature], dict[tuple[int, int], float]],
) -> None:
    signatures, best = corpus
    found = {(c.a, c.b) for c in candidate_pairs(signatures, bands=BANDS, rows=ROWS)}
    high = {pair for pair, s in best.items() if s >= 0.5}
    assert {(3, 30), (7, 31), (20, 33), (20, 34), (33, 34)} <= high
    assert high <= found


def test_candidates_share_shingles(corpus: tuple[list[DocumentSignature], dict[tuple[int, int], float]]) -> None:
    signatures, best = corpus
    for cand in candidate_pairs(signatures, bands=BANDS, rows=ROWS):
        assert best[(cand.a, cand.b)] > 0, "a pair without a shared shingle collided"


def test_candidates_match_a_brute_force_band_join(
    corpus: tuple[list[DocumentSignature], dict[tuple[int, int], float]],
) -> None:
    # Buckets over max_bucket pair each holder with the lowest one only, kept for half the smaller's keys.
    signatures, _ = corpus
    for max_bucket, wide_share in ((64, 0.5), (2, 0.0), (2, 0.5)):
        keys = [set(band_keys(s.windows, bands=BANDS, rows=ROWS).ravel().tolist()) for s in signatures]
        holders: dict[int, list[int]] = {}
        for doc, doc_keys in enumerate(keys):
            for key in doc_keys:
                holders.setdefault(key, []).append(doc)
        expected = {}
        for i, j in itertools.combinations(range(len(keys)), 2):
            shared = sum(1 for k in keys[i] & keys[j] if len(holders[k]) <= max_bucket)
            star = sum(1 for k in keys[i] & keys[j] if len(holders[k]) > max_bucket and holders[k][0] == i)
            if shared:
                expected[(i, j)] = shared
            elif wide_share and star >= wide_share * min(len(keys[i]), len(keys[j])):
                expected[(i, j)] = star
        got = candidate_pairs(signatures, bands=BANDS, rows=ROWS, max_bucket=max_bucket, wide_share=wide_share)
        assert [(c.a, c.b) for c in got] == sorted(expected)
        assert {(c.a, c.b): c.collisions for c in got} == expected
        assert all(c.a < c.b for c in got)
    assert expected[(20, 33)] > BANDS  # the passage of doc 20 three documents hold: buckets of three at max_bucket 2


def test_max_bucket_ignores_boilerplate_buckets() -> None:
    rng = np.random.default_rng(5)
    boilerplate = rng.integers(0, 2**32, size=(1, NUM_PERM), dtype=np.uint32)
    signatures = [
        DocumentSignature(
            np.vstack([rng.integers(0, 2**32, size=(2, NUM_PERM), dtype=np.uint32), boilerplate]),
            np.zeros(0, dtype=np.uint32),
        )
        for _ in range(6)
    ]
    everyone = list(itertools.combinations(range(6), 2))
    got = candidate_pairs(signatures, bands=BANDS, rows=ROWS, max_bucket=6)
    assert [(c.a, c.b) for c in got] == everyone
    assert all(c.collisions == BANDS for c in got)
    assert candidate_pairs(signatures, bands=BANDS, rows=ROWS, max_bucket=5) == []


def test_max_bucket_on_text_with_a_shared_footer() -> None:
    rng = random.Random(5)
    footer = random_words(rng, 60)
    signatures = [signature_of(random_words(rng, 100) + footer) for _ in range(6)]
    loose = {(c.a, c.b): c.collisions for c in candidate_pairs(signatures, bands=BANDS, rows=ROWS, max_bucket=6)}
    strict = {(c.a, c.b): c.collisions for c in candidate_pairs(signatures, bands=BANDS, rows=ROWS, max_bucket=5)}
    assert set(loose) == set(itertools.combinations(range(6), 2))
    # The footer-only windows land in buckets of all six documents, dropped at max_bucket=5.
    assert sum(strict.values()) < sum(loose.values())
    assert all(strict.get(pair, 0) <= n - BANDS for pair, n in loose.items())


def test_a_document_repeating_itself_is_no_pair() -> None:
    rng = random.Random(6)
    passage = random_words(rng, 80)
    signatures = [signature_of(passage + random_words(rng, 50) + passage), signature_of(random_words(rng, 200))]
    assert candidate_pairs(signatures, bands=BANDS, rows=ROWS) == []


def test_no_signatures_no_pairs() -> None:
    assert candidate_pairs([], bands=BANDS, rows=ROWS) == []
    empty = signature_of([])
    assert candidate_pairs([empty, empty], bands=BANDS, rows=ROWS) == []


def test_band_keys_shape_and_band_position() -> None:
    windows = np.arange(2 * 16, dtype=np.uint32).reshape(2, 16)
    keys = band_keys(windows, bands=4, rows=4)
    assert keys.shape == (2, 4)
    assert keys.dtype == np.uint64
    # The same values in different bands give different keys.
    same = np.tile(np.array([7, 7], dtype=np.uint32), (1, 4))
    same_keys = band_keys(same, bands=4, rows=2)
    assert len(set(same_keys.ravel().tolist())) == 4
    # Keys depend only on their band's values.
    changed = windows.copy()
    changed[0, 15] += 1
    new_keys = band_keys(changed, bands=4, rows=4)
    assert np.array_equal(new_keys[0, :3], keys[0, :3])
    assert new_keys[0, 3] != keys[0, 3]
    assert np.array_equal(new_keys[1], keys[1])


def test_band_keys_rejects_more_values_than_permutations() -> None:
    windows = np.zeros((3, 16), dtype=np.uint32)
    with pytest.raises(ValueError, match="exceeds num_perm"):
        band_keys(windows, bands=9, rows=2)
    assert band_keys(windows, bands=8, rows=2).shape == (3, 8)


@pytest.mark.parametrize(("s", "bands", "rows"), [(0.5, 32, 4), (0.2, 64, 2), (0.03, 64, 2), (0.8, 1, 1), (0.3, 7, 3)])
def test_collision_probability_formula(s: float, bands: int, rows: int) -> None:
    assert collision_probability(s, bands=bands, rows=rows) == pytest.approx(1 - (1 - s**rows) ** bands)


def test_collision_probability_bounds_and_monotonicity() -> None:
    assert collision_probability(0.0, bands=64, rows=2) == 0.0
    assert collision_probability(1.0, bands=64, rows=2) == 1.0
    values = [collision_probability(s / 20, bands=16, rows=3) for s in range(21)]
    assert values == sorted(values)


def test_collision_probability_matches_observed_collisions() -> None:
    """Sets of Jaccard 1/3, banded 4 x 2 over many independent permutation groups."""
    bands, rows, trials = 4, 2, 1000
    set_a, set_b = range(0, 100), range(50, 150)
    per_trial = bands * rows
    sigs = []
    for values in (set_a, set_b):
        m = MinHash(num_perm=per_trial * trials, seed=11, hashfunc=lambda x: x)
        m.update_batch(list(values))
        sigs.append(np.asarray(m.hashvalues).reshape(trials, per_trial))
    keys_a = band_keys(sigs[0], bands=bands, rows=rows)
    keys_b = band_keys(sigs[1], bands=bands, rows=rows)
    observed = float(np.mean((keys_a == keys_b).any(axis=1)))
    expected = collision_probability(1 / 3, bands=bands, rows=rows)
    assert expected == pytest.approx(0.376, abs=0.001)
    assert abs(observed - expected) < 0.06


def test_seed_windows_separate_reuse_from_topic(seed_docs: dict[str, Document]) -> None:
    """The README's figures (How it works): topical seed pairs share almost no window, the reuse pair a lot."""
    docs = [prepare(seed_docs[i]) for i in SEED_IDS]
    tokens = [[t for s in d.sentences for t in s.tokens] for d in docs]
    windows = [_window_sets(t) for t in tokens]
    signatures = [signature_of(t, shingle_size=SHINGLE, num_perm=NUM_PERM, window=WINDOW) for t in tokens]
    for i, j in itertools.combinations(range(len(docs)), 2):
        best = _best_window_jaccard(windows[i], windows[j])
        if (i, j) == (0, 1):
            assert best >= 0.5
        else:
            assert best < 0.04
    found = candidate_pairs(signatures, bands=BANDS, rows=ROWS)
    assert [(c.a, c.b) for c in found] == [(0, 1)]
    assert found[0].collisions > BANDS


@pytest.mark.parametrize(("bands_per_pass", "docs_per_block"), [(1, 1), (3, 5), (BANDS, 1000)])
def test_candidates_do_not_depend_on_how_the_join_is_cut(
    corpus: tuple[list[DocumentSignature], dict[tuple[int, int], float]],
    bands_per_pass: int,
    docs_per_block: int,
) -> None:
    # The join runs a few bands and a block of documents at a time to bound memory;
    # any cut gives the pairs and collision counts of one join over everything.
    signatures, _ = corpus
    whole = [(c.a, c.b, c.collisions) for c in candidate_pairs(signatures, bands=BANDS, rows=ROWS)]
    cut = candidate_pairs(
        signatures, bands=BANDS, rows=ROWS, bands_per_pass=bands_per_pass, docs_per_block=docs_per_block
    )
    assert [(c.a, c.b, c.collisions) for c in cut] == whole and whole
