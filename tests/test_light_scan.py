"""The scan's light path: band keys on disk, documents held without token spans, pair documents prepared again."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from helpers import BRIEF

from benchmarks.corpus import generate
from provenance import Document, Settings, pipeline, scan
from provenance.detect import spill
from provenance.detect.candidates import candidate_pairs
from provenance.detect.spill import KeySpill, document_keys, spilled_pairs
from provenance.models import ScanResult
from provenance.pipeline import describe_document, light, prepare, prepared_again, report_form, set_aside, sign
from provenance.text import boilerplate

_FOOTER = "Copyright 2024 The Daily Planet. All rights reserved.\nComments are closed."
_MASTHEAD = "The Daily Planet: news from the city and the region every day"


def _corpus() -> list[Document]:
    """Generated articles with reprints, some carrying recurring and site chrome, one without words."""
    docs = []
    for n, art in enumerate(generate(24, seed=11, reprint_every=4)):
        text = art.text
        if n % 3 == 0:
            text = f"{_MASTHEAD}\n{text}\n{_FOOTER}\nMost read stories on the site today"
        docs.append(Document(art.id, f"{art.id}.txt", text))
    docs.append(Document("z-empty", "z-empty.txt", "... --- ..."))
    return docs


def _prepared(docs: list[Document], settings: Settings) -> list[Document]:
    return [describe_document(prepare(d, settings), settings) for d in sorted(docs, key=lambda d: d.id)]


def test_prepared_again_equals_the_prepared_document_field_by_field() -> None:
    settings = Settings()
    originals = sorted(_corpus(), key=lambda d: d.id)
    whole, _ = set_aside(_prepared(originals, settings), settings)
    lightly, _ = set_aside([light(d) for d in _prepared(originals, settings)], settings)
    assert any(d.set_aside for d in whole) and any(not d.set_aside for d in whole)
    for original, full, stripped in zip(originals, whole, lightly, strict=True):
        assert stripped.set_aside == full.set_aside  # the boilerplate stage decides alike on light documents
        again = prepared_again(original, stripped, settings)
        for field in dataclasses.fields(Document):
            assert getattr(again, field.name) == getattr(full, field.name), (original.id, field.name)
        assert sign(again, settings).windows.tolist() == sign(full, settings).windows.tolist()
        assert sign(stripped, settings).windows.tolist() == sign(full, settings).windows.tolist()


def test_light_and_report_forms_keep_what_the_reports_read() -> None:
    doc = describe_document(prepare(_corpus()[0]), Settings())
    for form in (light(doc), report_form(doc)):
        assert [s.span for s in form.sentences] == [s.span for s in doc.sentences]
        assert all(len(s.token_spans) == 0 for s in form.sentences)
        assert (form.text, form.meta, form.set_aside) == (doc.text, doc.meta, doc.set_aside)
    assert [s.tokens for s in light(doc).sentences] == [s.tokens for s in doc.sentences]


@pytest.mark.parametrize("buffer_keys", [7, 1 << 22])
def test_spilled_pairs_are_the_candidate_pairs(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch, buffer_keys: int
) -> None:
    # Written out a few keys at a time or all at the end: the same pairs and collision counts as the
    # in-memory join, buckets over max_bucket ignored alike.
    monkeypatch.setattr(spill, "_BUFFER_KEYS", buffer_keys)
    settings = Settings()
    docs, _ = set_aside(_prepared(_corpus(), settings), settings)
    signatures = [sign(d, settings) for d in docs]
    for max_bucket in (2, 64):
        expected = candidate_pairs(signatures, bands=settings.lsh_bands, rows=settings.lsh_rows, max_bucket=max_bucket)
        store = KeySpill(f"{tmp_path}/{max_bucket}", groups=5)
        for i, sig in enumerate(signatures):
            store.add(i, document_keys(sig, bands=settings.lsh_bands, rows=settings.lsh_rows))
        assert spilled_pairs([store], len(docs), max_bucket=max_bucket) == expected
        assert expected and any(c.collisions > 1 for c in expected)


def test_dropped_keys_give_way_to_those_signed_again(tmp_path: object) -> None:
    # A document signed again (its boilerplate set aside) joins with its new keys only.
    keys = [np.array(k, dtype=np.uint64) for k in ([1, 2, 3], [1, 2], [3, 4])]
    early, late = KeySpill(f"{tmp_path}/early", groups=3), KeySpill(f"{tmp_path}/late", groups=3)
    for i, k in enumerate(keys):
        early.add(i, k)
    late.add(0, np.array([4, 9], dtype=np.uint64))
    dropped = np.array([True, False, False])
    pairs = spilled_pairs([early, late], 3, max_bucket=64, dropped=[dropped])
    assert [(c.a, c.b, c.collisions) for c in pairs] == [(0, 2, 1)]
    assert [(c.a, c.b) for c in spilled_pairs([early], 3, max_bucket=64)] == [(0, 1), (0, 2)]


def test_scan_reports_pair_documents_whole_and_the_others_light(seed_scan: ScanResult) -> None:
    in_pairs = {x for p in seed_scan.pairs for x in (p.a, p.b)}
    assert in_pairs and len(in_pairs) < len(seed_scan.documents)
    for doc in seed_scan.documents:
        if doc.id in in_pairs:
            assert all(len(s.token_spans) == len(s.tokens) for s in doc.sentences)
            assert any(s.tokens for s in doc.sentences)


def test_a_scan_with_boilerplate_is_the_same_for_any_jobs() -> None:
    docs = _corpus()
    one = scan(docs, jobs=1)
    assert one.pairs and one.boilerplate
    two = scan(docs, jobs=2)
    assert two == one
    # What came back from the workers carries the scan's own copy of each text, not one more.
    texts = {d.id: d.text for d in docs}
    assert all(doc.text is texts[doc.id] for doc in two.documents)


def _site_corpus() -> list[Document]:
    """Generated articles, the pages of each outlet with two or more sharing a long footer (site chrome),
    a third of them the masthead and footer of :func:`_corpus`, and a line a chrome file lists."""
    settings = Settings()
    arts = list(generate(40, seed=5, reprint_every=5))
    outlets = [describe_document(Document(a.id, a.id, a.text), settings).meta.outlet for a in arts]
    docs = []
    for n, (art, outlet) in enumerate(zip(arts, outlets, strict=True)):
        text = art.text
        if outlet and outlets.count(outlet) > 1:
            text += f"\n{outlet} is published for readers across the whole region by its own newsroom every day."
        if n % 3 == 0:
            text = f"{_MASTHEAD}\n{text}\n{_FOOTER}"
        if n % 4 == 0:
            text += "\nPlease send your letters to the editor."
        docs.append(Document(art.id, f"{art.id}.txt", text))
    # a brief of one-line paragraphs three outlets reprint: its recurring lines are its text
    docs += [Document(f"brief{n}", f"brief{n}.txt", f"{BRIEF}\n{_FOOTER}") for n in range(3)]
    return docs


def test_the_scan_sets_aside_what_the_whole_documents_would(tmp_path: object) -> None:
    # The corpus's boilerplate counted from sketches (the words by digest), each document's own where
    # it is prepared: the same lines, reasons and spans set aside as the stage run on whole documents.
    chrome = f"{tmp_path}/chrome.txt"
    with open(chrome, "w", encoding="utf-8") as out:
        out.write("please send * to the editor\n")
    settings = Settings(chrome_file=chrome)
    docs = _site_corpus()
    expected_docs, expected_lines = set_aside(_prepared(docs, settings), settings)
    assert {line.reason for line in expected_lines} == {"pattern", "recurring", "site", "listed"}
    for jobs in (1, 2):
        result = scan(docs, settings, jobs=jobs)
        assert result.boilerplate == expected_lines
        assert [d.set_aside for d in result.documents] == [d.set_aside for d in expected_docs]
        reference = scan(expected_docs, settings, jobs=jobs)  # came set aside: the stage is not run again
        assert result.pairs == reference.pairs and result.candidates == reference.candidates
    briefs = {(p.a, p.b) for p in result.pairs if p.a.startswith("brief")}
    assert briefs == {("brief0", "brief1"), ("brief0", "brief2"), ("brief1", "brief2")}


def test_what_comes_back_of_a_document_holds_none_of_its_words() -> None:
    # The first pass sends back the report form and a sketch of digests: no stage holds every
    # document's sentences' words.
    settings = Settings()
    ordered = sorted(_site_corpus(), key=lambda d: d.id)
    for i in range(len(ordered)):
        doc, keys, sketch, _, _ = pipeline._prepare_one((ordered, {}, settings, None, True), i)
        assert doc.text == "" and all(s.tokens == () for s in doc.sentences) and keys is not None
        assert sketch is not None and sketch.sentences.dtype == boilerplate.SKETCH


def test_words_stand_for_the_tokens_they_digest() -> None:
    tokens = ("the", "minister", "said")
    words = boilerplate.Words.of(tokens)
    assert len(words) == 3 and words == boilerplate.Words.of(list(tokens))
    assert words != boilerplate.Words.of(("the", "minister", "says")) and not boilerplate.Words.of(())
    assert {words: 1}.get(boilerplate.Words.of(tokens)) == 1


def test_prepared_again_keeps_the_metadata_found_in_the_first_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    # The metadata of a candidate document was found once, in the first pass: preparing it again for
    # verification splits it again but does not look for its metadata a second time.
    settings = Settings()
    original = _corpus()[0]
    first = describe_document(prepare(original, settings), settings)
    monkeypatch.setattr(pipeline, "describe", lambda *a, **k: pytest.fail("metadata found again"))
    again = prepared_again(original, light(first), settings)
    assert again == first


def test_each_first_pass_process_spills_its_own_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    # Runs of three documents a task: the join reads one spill a process (and the late one), with the
    # pairs and figures one process gives.
    seen: list[int] = []
    join = pipeline.spilled_pairs

    def counted(spills: list[KeySpill], *args: object, **kwargs: object) -> object:
        seen.append(len(spills))
        return join(spills, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "spilled_pairs", counted)
    monkeypatch.setattr(pipeline, "_SPAN", 3)
    docs = _site_corpus()
    assert len(docs) > 6
    assert scan(docs, jobs=2) == scan(docs, jobs=1)
    assert seen[1] == 2 and 2 <= seen[0] <= 3


def test_a_census_process_that_ends_without_its_census_is_counted_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # The spelling census is counted aside in processes of its own; one that dies leaves the scan whole.
    docs = _site_corpus()
    expected = scan(docs, jobs=1)
    monkeypatch.setattr(pipeline, "_count_aside", lambda documents, part, send: send.close())
    assert scan(docs, jobs=2) == expected
