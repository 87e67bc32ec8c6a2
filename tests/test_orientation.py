"""Orientation: a pair whose direction is decided reads source → copy in every output (issue 25).

The corpus is made so the copy's id sorts first (``a_copy`` before ``b_source``) and its direction is
known (it credits the source's outlet and is dated later): the changes must read "three → four" and
the "D.C." the copy added must be an insertion, whatever the id order.
"""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import FolderBuilder

from provenance import Document, compare, load_folder, pipeline, scan
from provenance.cli import main
from provenance.detect.signatures import estimated_jaccard
from provenance.models import PairResult, ScanResult
from provenance.pipeline import describe_document, direction, orient, prepare, set_aside, sign, verify, verify_candidate
from provenance.report import render_json, render_markdown, render_pair_markdown, render_pair_text, result_to_dict
from provenance.report.json import SCHEMA_VERSION
from provenance.settings import Settings

SOURCE = """---
title: Council approves three bridges
outlet: Harbor Post
date: 2025-03-01
---
The city council approved three new bridges over the river on Monday after a long debate that lasted into the night.
The mayor said construction would begin in the spring and take about two years to finish.
Residents of the eastern district have asked for a crossing for more than a decade, officials said.
Funding comes from a regional transport grant and a local bond issue approved last year.
Opponents argued that the money would be better spent on repairing the old ferry terminal downtown.
"""
COPY = """---
title: Bridges for the east side
outlet: Valley Daily
date: 2025-03-03
---
Local readers have followed this story closely, and we bring it to you in full with our own notes on the decision.
The city council approved four new bridges over the river on Monday after a long debate that lasted into the night.
The mayor said construction would begin in the spring and take about two years to finish in Washington, D.C.
Residents of the eastern district have asked for a crossing for more than a decade, officials said.
Funding comes from a regional transport grant and a local bond issue approved last year.
Source: Harbor Post
"""
FILES = {"a_copy.md": COPY, "b_source.md": SOURCE}


@pytest.fixture
def corpus(make_folder: FolderBuilder) -> Path:
    return make_folder(FILES)


@pytest.fixture
def result(corpus: Path) -> ScanResult:
    documents, problems = load_folder(str(corpus))
    assert not problems
    return scan(documents)


def _changes(pair: PairResult) -> list[tuple[str, str, str]]:
    return [(c.kind, c.a, c.b) for al in pair.alignments for c in al.changes]


def test_a_scan_reads_source_to_copy_when_the_copy_sorts_first(result: ScanResult) -> None:
    (pair,) = result.pairs
    assert (pair.a, pair.b) == ("b_source", "a_copy")
    assert pair.provenance is not None and pair.provenance.relation == "b-from-a"
    assert (pair.source, pair.copy) == ("b_source", "a_copy")
    changes = _changes(pair)
    assert ("number", "three", "four") in changes
    added = [c for c in changes if "D.C" in c[2]]
    assert added and all(kind == "insertion" and a == "" for kind, a, _ in added), changes
    assert not any(kind == "deletion" for kind, _, _ in changes), changes


def test_the_oriented_pair_has_its_spans_and_shares_on_the_right_texts(result: ScanResult) -> None:
    (pair,) = result.pairs
    by_id = {d.id: d for d in result.documents}
    source, copy = by_id["b_source"].text, by_id["a_copy"].text
    for al in pair.alignments:
        assert source[al.a_span[0] : al.a_span[1]] in source and "three" not in copy[al.b_span[0] : al.b_span[1]]
        for c in al.changes:
            assert source[c.a_span[0] : c.a_span[1]] == c.a and copy[c.b_span[0] : c.b_span[1]] == c.b
    # The copy added its own lead: a smaller share of it is aligned than of the source.
    assert pair.share_b < pair.share_a
    assert [al.a_sentences for al in pair.alignments] == sorted(al.a_sentences for al in pair.alignments)


def test_orienting_equals_verifying_the_other_way_round(result: ScanResult) -> None:
    """The oriented pair is the pair a comparison of source with copy finds (changes classified afresh)."""
    (pair,) = result.pairs
    by_id = {d.id: d for d in result.documents}
    direct = compare(by_id["b_source"], by_id["a_copy"])
    assert _changes(direct) == _changes(pair)
    assert (direct.share_a, direct.share_b, direct.containment_a) == (pair.share_a, pair.share_b, pair.containment_a)
    assert direct.quotes == pair.quotes


def _kept_pair(a: Document, b: Document, settings: Settings) -> PairResult | None:
    # What verify_candidate must equal: verify, decide the direction, orient (each pair classified afresh).
    sig_a, sig_b = sign(a, settings), sign(b, settings)
    pair = verify(a, b, settings, signatures=(sig_a, sig_b), estimated_jaccard=estimated_jaccard(sig_a, sig_b))
    return orient(direction(pair, a, b, settings), a, b, settings)[0] if pair.is_reuse else None


def _prepared(folder: Path, settings: Settings) -> list[Document]:
    documents, _ = load_folder(str(folder))
    prepared = [describe_document(prepare(d, settings), settings) for d in sorted(documents, key=lambda d: d.id)]
    return list(set_aside(prepared, settings)[0])


@pytest.mark.parametrize("folder", ["corpus", "seeds"])
def test_verify_candidate_equals_verify_then_orient(folder: str, corpus: Path, request: pytest.FixtureRequest) -> None:
    # Every pair of the seeds (reuse, topic only, both directions) and the oriented pair above.
    settings = Settings()
    docs = _prepared(corpus if folder == "corpus" else Path(request.config.rootpath) / "seeds", settings)
    signed = [sign(d, settings) for d in docs]
    for i, j in itertools.combinations(range(len(docs)), 2):
        fast = verify_candidate(docs[i], docs[j], signed[i], signed[j], settings)
        assert fast == _kept_pair(docs[i], docs[j], settings), (docs[i].id, docs[j].id)


def test_a_kept_pair_is_classified_once_and_a_dropped_one_never(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Neither the reuse rule nor the direction reads the changes: the copy-first pair (oriented) was
    # classified twice, a candidate that is not reuse once for nothing.
    settings = Settings()
    copy, source = _prepared(corpus, settings)
    unrelated = describe_document(
        prepare(Document("c", "c.txt", "Weather: rain later in the week, forecasters said."), settings), settings
    )
    calls: list[tuple[str, str]] = []
    classify = pipeline._classified
    monkeypatch.setattr(
        pipeline, "_classified", lambda a, b, *rest: calls.append((a.id, b.id)) or classify(a, b, *rest)
    )
    pair = verify_candidate(copy, source, sign(copy, settings), sign(source, settings), settings)
    assert pair is not None and (pair.a, pair.b) == ("b_source", "a_copy")
    assert calls == [("b_source", "a_copy")]
    calls.clear()
    assert verify_candidate(copy, unrelated, sign(copy, settings), sign(unrelated, settings), settings) is None
    assert calls == []


def test_a_candidate_is_weighed_by_the_reuse_rule_once(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The rule weighs every aligned word against both texts' quotations (narrative_words): a kept pair
    # was weighed twice on the same alignments, once to keep it and once more to measure it.
    settings = Settings()
    copy, source = _prepared(corpus, settings)
    calls: list[tuple[str, str]] = []
    rule = pipeline.is_reuse
    monkeypatch.setattr(pipeline, "is_reuse", lambda a, b, *rest: calls.append((a.id, b.id)) or rule(a, b, *rest))
    pair = verify_candidate(copy, source, sign(copy, settings), sign(source, settings), settings)
    assert pair is not None and pair.is_reuse
    assert calls == [("a_copy", "b_source")]


def test_evidence_names_the_documents_never_a_or_b(result: ScanResult) -> None:
    (pair,) = result.pairs
    assert pair.provenance is not None
    evidence = " | ".join(pair.provenance.evidence)
    assert "a_copy credits b_source's outlet Harbor Post" in evidence
    assert "dates: a_copy 2025-03-03, b_source 2025-03-01; a_copy is later" in evidence
    assert not any(reason.startswith(("a ", "b ", "a's", "b's")) for reason in pair.provenance.evidence)


def test_the_markdown_report_reads_source_to_copy(result: ScanResult) -> None:
    markdown = render_markdown(result)
    assert "### b\\_source → a\\_copy" in markdown
    assert "a\\_copy ↔" not in markdown and "a\\_copy →" not in markdown
    row = next(line for line in markdown.splitlines() if "| number" in line)
    assert row.index("three") < row.index("four")


def test_the_json_pair_says_which_is_the_source(result: ScanResult) -> None:
    data = json.loads(render_json(result_to_dict(result)))
    assert data["schema_version"] == SCHEMA_VERSION == 2
    (pair,) = data["pairs"]
    assert (pair["a"], pair["b"], pair["source"], pair["copy"]) == ("b_source", "a_copy", "b_source", "a_copy")
    numbers = [c for al in pair["alignments"] for c in al["changes"] if c["kind"] == "number"]
    assert [(c["a"], c["b"]) for c in numbers] == [("three", "four")]


def test_compare_reads_source_to_copy_whatever_the_argument_order(corpus: Path) -> None:
    for first, second in (("a_copy.md", "b_source.md"), ("b_source.md", "a_copy.md")):
        out = CliRunner().invoke(main, ["compare", str(corpus / first), str(corpus / second)])
        assert out.exit_code == 0, out.output
        assert out.stdout.splitlines()[0].startswith("b_source -> a_copy: REUSE"), out.stdout
        assert "'three' -> 'four'" in out.stdout and "'four' -> 'three'" not in out.stdout
        data = json.loads(
            CliRunner().invoke(main, ["compare", str(corpus / first), str(corpus / second), "--format", "json"]).stdout
        )
        assert (data["source"], data["copy"]) == ("b_source", "a_copy")


def test_orient_leaves_an_undetermined_pair_in_id_order() -> None:
    text = (
        "The city council approved three new bridges over the river on Monday after a long debate. "
        "The mayor said construction would begin in the spring and take about two years to finish. "
    )
    a, b = Document("x1", "x1.txt", text), Document("x2", "x2.txt", text + "Nothing else was said.")
    pair = compare(a, b)
    assert pair.provenance is not None and pair.provenance.relation == "undetermined"
    from provenance.pipeline import orient

    assert orient(pair, a, b) == (pair, a, b)
    assert (pair.source, pair.copy) == (None, None)
    shown = render_pair_text(pair, a, b)
    assert shown.splitlines()[0] == "x1  <->  x2: REUSE (direction undetermined)"
    assert "# x1 ↔ x2 (direction undetermined)" in render_pair_markdown(pair, a, b)


def test_check_still_reads_source_to_new_text(corpus: Path, tmp_path: Path) -> None:
    new = tmp_path / "incoming.md"
    new.write_text(COPY, encoding="utf-8")
    out = CliRunner().invoke(
        main,
        ["check", str(new), "--corpus", str(corpus), "--index", str(tmp_path / "i.sqlite"), "--fail-share", "0.95"],
    )
    assert out.exit_code in (0, 1), out.output
    assert "number 'three' → 'four'" in out.stdout, out.stdout
    # Words only the new text has read as an insertion (they were listed as a deletion, issue 25).
    assert "insertion '' → 'D.C'" in out.stdout and "deletion '' →" not in out.stdout, out.stdout
    assert "adds 21% of its own in 1 passage(s), leaves out 1 passage(s) of the source" in out.stdout
    data = json.loads(
        CliRunner()
        .invoke(
            main,
            ["check", str(new), "--corpus", str(corpus), "--index", str(tmp_path / "i.sqlite"), "--format", "json"],
        )
        .stdout
    )
    (match,) = [m for m in data["files"][0]["matches"] if m["source"] == "b_source"]
    (added,) = match["added"]
    assert COPY[added["span"][0] : added["span"][1]].startswith("Local readers") and 0.2 < match["added_share"] < 0.22


@pytest.mark.spark
@pytest.mark.skipif(shutil.which("java") is None, reason="Java is not installed (the Spark engine needs Java 17+)")
def test_the_spark_engine_orients_the_pair_as_the_local_engine(corpus: Path, result: ScanResult) -> None:
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install '.[spark]')")
    from provenance.spark import scan_spark, spark_session

    distributed = scan_spark(str(corpus), Settings(), spark=spark_session("local[2]"), parquet=False)
    assert [(p.a, p.b) for p in distributed.pairs] == [("b_source", "a_copy")]
    assert render_json(result_to_dict(distributed)) == render_json(result_to_dict(result))
    assert render_markdown(distributed) == render_markdown(result)
