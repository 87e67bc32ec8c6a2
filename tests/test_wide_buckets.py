"""Band buckets of more than ``max_bucket`` documents: a story copied that often is paired, a shared footer is not."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from helpers import random_words

from provenance import Document, Settings, scan
from provenance.detect.candidates import CandidatePair, candidate_pairs
from provenance.detect.signatures import DocumentSignature, signature_of
from provenance.detect.spill import KeySpill, document_keys, spilled_pairs

SEED = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))[0]
COPIES = 71  # over max_bucket (64): every band key of the story is in a bucket of 71


def _copies() -> list[Document]:
    text = SEED.read_text(encoding="utf-8")
    return [Document(f"copy{n:03d}", f"copy{n:03d}.txt", text) for n in range(COPIES)]


def _pages(n: int, *, seed: int) -> list[list[str]]:
    """``n`` pages of unrelated words, each ending in the same 60-word site footer."""
    rng = random.Random(seed)
    footer = random_words(rng, 60)
    return [random_words(rng, 240) + footer for _ in range(n)]


def _signatures(tokens: list[list[str]]) -> list[DocumentSignature]:
    return [signature_of(t) for t in tokens]


def _spilled(signatures: list[DocumentSignature], tmp_path: Path, settings: Settings) -> list[CandidatePair]:
    store = KeySpill(tmp_path, groups=5)
    for n, sig in enumerate(signatures):
        store.add(n, document_keys(sig, bands=settings.lsh_bands, rows=settings.lsh_rows))
    return spilled_pairs([store], len(signatures), max_bucket=settings.max_bucket, wide_share=settings.wide_share)


def _joined(signatures: list[DocumentSignature], settings: Settings) -> list[CandidatePair]:
    return candidate_pairs(
        signatures,
        bands=settings.lsh_bands,
        rows=settings.lsh_rows,
        max_bucket=settings.max_bucket,
        wide_share=settings.wide_share,
    )


def test_a_story_copied_more_than_max_bucket_times_makes_one_cluster() -> None:
    # Each copy paired with the first (not all 2,485 pairs), and the pairs join every copy in one cluster.
    result = scan(_copies(), Settings())
    assert result.candidates == COPIES - 1
    assert len(result.pairs) == COPIES - 1
    assert len(result.clusters) == 1 and len(result.clusters[0].documents) == COPIES


def test_a_footer_shared_by_more_than_max_bucket_pages_pairs_none(tmp_path: Path) -> None:
    # The footer's keys are in buckets of 80 pages, a small part of each page's keys: it pairs none of them
    # (the pairs found are those of windows running from a page into the footer, as without wide pairs).
    settings = Settings()
    signatures = _signatures(_pages(80, seed=3))
    found = _joined(signatures, settings)
    assert found == _joined(signatures, Settings(wide_share=0.0)) == _spilled(signatures, tmp_path, settings)
    # ... though with every bucket counted the footer pairs all 3,160 of them, with more keys each.
    loose = {(c.a, c.b): c.collisions for c in _joined(signatures, Settings(max_bucket=100))}
    assert len(loose) == 80 * 79 // 2 > len(found)
    assert all(c.collisions < loose[(c.a, c.b)] for c in found)


def test_wide_share_zero_pairs_nothing_through_a_wide_bucket() -> None:
    settings = Settings(wide_share=0.0)
    assert _joined(_signatures([random_words(random.Random(4), 300)] * COPIES), settings) == []


@pytest.mark.parametrize("max_bucket", [64, 8])
def test_the_spill_path_finds_what_the_in_memory_join_finds(tmp_path: Path, max_bucket: int) -> None:
    # Copies of a story, pages with a footer, and pages quoting the story: buckets on both sides of the limit.
    rng = random.Random(5)
    story = random_words(rng, 300)
    tokens = [story] * COPIES + _pages(70, seed=6)
    tokens += [random_words(rng, 100) + story[n * 10 : n * 10 + 150] for n in range(12)]
    order = rng.sample(range(len(tokens)), len(tokens))  # copies and pages mixed, the lowest copy not first
    signatures = _signatures([tokens[i] for i in order])
    settings = Settings(max_bucket=max_bucket)
    expected = _joined(signatures, settings)
    assert _spilled(signatures, tmp_path, settings) == expected
    # Every copy paired with the lowest-numbered copy, and no two other copies paired (no bucket's all pairs).
    copies = {order.index(i) for i in range(COPIES)}
    lowest = min(copies)
    found = {(c.a, c.b) for c in expected}
    assert {(lowest, c) for c in copies - {lowest}} <= found
    assert not any(a in copies and b in copies and lowest not in (a, b) for a, b in found)
