"""The candidate screen: an upper bound on the aligner's links, so screening changes no scan's result."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from benchmarks.corpus import generate
from provenance import Document, Settings, pipeline, scan
from provenance.detect.candidates import CandidatePair
from provenance.detect.screen import SpilledWords, WordSpill, linkable_pairs, words_of
from provenance.pipeline import align, describe_document, prepare

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
_SHARED = "The committee will meet again next week in the capital to review the figures, officials said."


def _prepared(texts: list[str], settings: Settings) -> list[Document]:
    docs = [Document(f"d{n}", f"d{n}.txt", text) for n, text in enumerate(texts)]
    return [describe_document(prepare(doc, settings), settings) for doc in docs]


def _reworded(text: str, rng: np.random.Generator) -> str:
    # A copy edited the ways the aligner must still see: words dropped, swapped and replaced, sentences cut.
    words = text.split()
    for _ in range(len(words) // 6):
        k = int(rng.integers(len(words)))
        roll = rng.random()
        if roll < 0.4:
            del words[k]
        elif roll < 0.7 and k + 1 < len(words):
            words[k], words[k + 1] = words[k + 1], words[k]
        else:
            words[k] = "replaced"
    return " ".join(words)


@pytest.mark.parametrize(
    "settings",
    [
        Settings(),
        Settings(min_shared_tokens=3, similarity_threshold=0.4, rewrite_content_dice=0.2, rewrite_phrase_trigrams=1),
        Settings(containment_threshold=0.5, rewrite_whole_content_dice=0.3, min_sentence_tokens=1),
    ],
)
def test_the_aligner_never_links_more_sentence_pairs_than_the_bound(settings: Settings) -> None:
    # Every pair of generated articles (reprints among them), edited copies of them and the seeds: the
    # alignments found never outnumber the pairs the screen counts, and pairs without any are found.
    rng = np.random.default_rng(3)
    texts = [art.text for art in generate(16, seed=5, reprint_every=3)]
    texts += [_reworded(t, rng) for t in texts[:6]]
    texts += [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    docs = _prepared(texts, settings)
    words = [words_of(d.sentences) for d in docs]
    aligned = unlinked = 0
    for i, j in itertools.combinations(range(len(docs)), 2):
        found = len(align(docs[i].sentences, docs[j].sentences, settings))
        bound = linkable_pairs(words[i], words[j], settings)
        assert found <= bound, (i, j)
        aligned += found > 0
        unlinked += bound == 0
    assert aligned >= 10 and unlinked >= 10


def test_spilled_words_read_back_as_written(tmp_path: Path) -> None:
    # Records of odd lengths (padding), a document without sentences and one whose sentences have no words.
    settings = Settings()
    texts = ["One two three. Four five six seven.", "", "... --- ...", "Alpha beta gamma delta epsilon zeta eta."]
    docs = _prepared(texts, settings)
    spill = WordSpill(tmp_path)
    places = [spill.add(words_of(d.sentences)) for d in docs[:2]]
    spill.flush()
    again = WordSpill(tmp_path)  # the same process's file, appended to by a later task
    places += [again.add(words_of(d.sentences)) for d in docs[2:]]
    again.flush()
    read = SpilledWords(tmp_path, [*places, None])
    for n, doc in enumerate(docs):
        codes, counts = words_of(doc.sentences)
        got = read[n]
        assert got is not None
        assert got[0].tolist() == codes.tolist() and got[1].tolist() == counts.tolist()
    assert read[len(docs)] is None
    read.close()  # the maps closed (the spill folder may go); a later read opens its file again
    again_read = read[3]
    assert again_read is not None and again_read[1].tolist() == words_of(docs[3].sentences)[1].tolist()


def test_screening_changes_no_scan_result(monkeypatch: pytest.MonkeyPatch) -> None:
    # Generated articles, a sixth of them reprints, a third sharing one sentence (a chance candidate
    # each pair of them, as LSH finds at scale): the scan with the screen equals the scan verifying every
    # candidate, and the screen kept few of the candidates.
    docs = []
    for n, art in enumerate(generate(120, seed=13, reprint_every=6)):
        paragraphs = art.text.split("\n\n")
        if n % 3 == 0:
            paragraphs.insert(len(paragraphs) // 2, _SHARED)
        docs.append(Document(art.id, f"{art.id}.txt", "\n\n".join(paragraphs)))
    kept: list[bool] = []
    real = pipeline._linkable

    def counted(shared: tuple[SpilledWords, Settings], cand: CandidatePair) -> bool:
        kept.append(real(shared, cand))
        return kept[-1]

    monkeypatch.setattr(pipeline, "_linkable", counted)
    screened = scan(docs, jobs=1)
    assert len(kept) == screened.candidates >= 700 and sum(kept) <= 50 and len(screened.pairs) >= 15
    assert scan(docs, jobs=2) == screened
    monkeypatch.setattr(pipeline, "_linkable", lambda shared, cand: True)
    assert scan(docs, jobs=1) == screened


def test_past_the_aligners_cap_the_bound_is_every_pair() -> None:
    # 3,000 copies of one sentence: no matrix of 3,000 x 3,000 sentence pairs, the trivial bound instead.
    settings = Settings()
    many = _prepared(["The minister said the talks would resume in May. " * 3000], settings)[0]
    other = _prepared(["Markets closed higher on Friday after a quiet week of trading."], settings)[0]
    assert linkable_pairs(words_of(many.sentences), words_of(other.sentences), settings) == 3000
    small = Settings(max_align_sentences=5000)
    assert linkable_pairs(words_of(many.sentences), words_of(other.sentences), small) == 0
