"""Lineage stage: direction of reuse on the seeds, on the fixtures and rule by rule."""

from __future__ import annotations

import dataclasses
import gzip
import html
import json
from pathlib import Path

import pytest
from helpers import SEED_A, SEED_B, reuse_pair

from provenance import ScanResult, compare, load_file, load_folder, scan
from provenance.io.formats import merge_meta
from provenance.models import Attribution, Document, DocumentMeta, PairResult
from provenance.settings import Settings
from provenance.spark.read import Record
from provenance.spark.scan import _document as spark_document
from provenance.text.metadata import describe
from provenance.verdict.lineage import decide

DATA = Path(__file__).parent / "data" / "lineage"
BENCHMARK = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "article_extraction_benchmark"
needs_benchmark = pytest.mark.skipif(not BENCHMARK.is_dir(), reason="article extraction benchmark not present")


def _truth() -> list[tuple[str, str, str, str, tuple[str, ...]]]:
    rows = []
    for line in (DATA / "truth.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            case, a, b, relation, *rest = line.split("\t")
            upstream = tuple(x.strip() for x in rest[0].split(",") if x.strip()) if rest else ()
            rows.append((case, a, b, relation, upstream))
    return rows


def _params() -> list[object]:
    """The truth rows; those noted ``known-limit`` must fail (strict xfail) until the rules improve."""
    params: list[object] = []
    lines = [x for x in (DATA / "truth.tsv").read_text(encoding="utf-8").splitlines() if x.strip() and x[0] != "#"]
    for row, line in zip(_truth(), lines, strict=True):
        limit = line.split("\t")[5:6] == ["known-limit"]
        marks = [pytest.mark.xfail(strict=True, reason="a known limit noted in truth.tsv")] if limit else []
        params.append(pytest.param(*row, marks=marks, id=f"{row[0]}:{row[1]}/{row[2]}"))
    return params


_pair = reuse_pair


def _credit(*names: str) -> tuple[Attribution, ...]:
    return tuple(Attribution(name, (0, len(name))) for name in names)


def test_seed_pair_is_common_source_from_sputnik(seed_scan: ScanResult) -> None:
    (pair,) = seed_scan.pairs
    assert (pair.a, pair.b) == (SEED_A, SEED_B)
    assert pair.provenance is not None
    assert pair.provenance.relation == "common-source"
    assert pair.provenance.upstream == ("Sputnik",)
    assert 0 < pair.provenance.confidence <= 1
    assert any("Sputnik" in reason for reason in pair.provenance.evidence)


def test_fixtures_have_at_least_25_articles() -> None:
    assert len(list(DATA.glob("*/*.txt"))) >= 25
    assert {row[3] for row in _truth()} == {"a-from-b", "b-from-a", "common-source", "undetermined"}


@pytest.mark.parametrize(("case", "a", "b", "relation", "upstream"), _params())
def test_fixture_relations(case: str, a: str, b: str, relation: str, upstream: tuple[str, ...]) -> None:
    docs, problems = load_folder(DATA / case)
    assert problems == []
    pairs = {frozenset((p.a, p.b)): p for p in scan(docs).pairs}
    pair = pairs[frozenset((a, b))]
    assert pair.provenance is not None
    # A scan shows a pair source → copy (issue 25): truth.tsv's "a-from-b" is "b-from-a" the other way round.
    if relation == "a-from-b":
        assert (pair.a, pair.b, pair.provenance.relation) == (b, a, "b-from-a")
        assert (pair.source, pair.copy) == (b, a)
    else:
        assert (pair.a, pair.b, pair.provenance.relation) == (a, b, relation)
    assert set(upstream) <= set(pair.provenance.upstream)
    if relation == "undetermined":
        assert pair.provenance.confidence == 0.0
    else:
        assert 0 < pair.provenance.confidence <= 1


def test_crediting_the_others_outlet_makes_the_reprint() -> None:
    source = DocumentMeta(outlet="Coastal Post")
    reprint = DocumentMeta(outlet="Valley Weekly", attributions=_credit("Coastal Post"))
    assert decide(_pair(), reprint, source).relation == "a-from-b"
    assert decide(_pair(), source, reprint).relation == "b-from-a"


def test_an_outlet_cited_deep_in_both_texts_credits_nobody() -> None:
    """A copy of a Reuters story without its dateline keeps the story's "sources told Reuters": the evidence
    said "copy credits reuters's outlet Reuters" (b-from-a 0.90) from a sentence the copy carried along."""
    told = Attribution("Reuters", (900, 912), story=False)
    wire = DocumentMeta(outlet="Reuters", attributions=(Attribution("Reuters", (0, 9), story=True), told))
    copy = DocumentMeta(attributions=(told,))
    found = decide(_pair(), wire, copy)
    assert found.relation == "undetermined" and not any("credits wire" in e for e in found.evidence)
    assert "b cites Reuters in the story" in found.evidence
    # cited for one fact the source itself does not cite so: the copy's own credit
    assert decide(_pair(), DocumentMeta(outlet="Reuters"), copy).relation == "b-from-a"


def test_later_date_is_the_reprint_and_same_day_without_times_is_no_order() -> None:
    early, late = DocumentMeta(date="2024-05-02"), DocumentMeta(date="2024-05-04")
    assert decide(_pair(), early, late).relation == "b-from-a"
    assert decide(_pair(), late, early).relation == "a-from-b"
    timed = DocumentMeta(date="2024-05-02T09:00")
    assert decide(_pair(), early, timed).relation == "undetermined"


def test_containment_alone_takes_the_contained_text_as_reprint() -> None:
    result = decide(_pair(share_a=1.0, share_b=0.5), None, None)
    assert result.relation == "a-from-b"
    assert any("contains" in reason for reason in result.evidence)
    assert decide(_pair(share_a=0.95, share_b=0.9), None, None).relation == "undetermined"


def test_two_texts_aligned_almost_whole_are_not_said_to_contain_neither() -> None:
    """ "neither contains the other (100% of a, 95% of b aligned)" contradicted its own figures."""
    evidence = decide(_pair(share_a=1.0, share_b=0.95), None, None).evidence
    # "...: no order" read as contradicting a verdict the dates decided (a new user's pass): it is one clue
    assert "each holds nearly all of the other (100% of a, 95% of b aligned): containment gives no order" in evidence
    assert not any(line.startswith("neither contains") for line in evidence)
    low = decide(_pair(share_a=0.5, share_b=0.4), None, None).evidence
    assert "neither contains the other (50% of a, 40% of b aligned)" in low


def test_nearly_all_is_said_only_of_a_share_that_reaches_the_contained_share() -> None:
    """ "each holds nearly all of the other (80% of a, 94% of b aligned)" when a fifth of a is missing: the
    rule's own bar for "contained" is lineage_contained_share (90%)."""
    evidence = decide(_pair(share_a=0.8, share_b=0.94), None, None).evidence
    line = next(e for e in evidence if "aligned" in e)
    assert line == "a holds nearly all of b (94% of b aligned); 80% of a is aligned, less than 20 points lower: " + (
        "containment gives no order"
    )
    flipped = decide(_pair(share_a=0.94, share_b=0.8), None, None).evidence
    assert "b holds nearly all of a (94% of a aligned); 80% of b is aligned" in next(
        e for e in flipped if "aligned" in e
    )
    assert not any("each holds" in e for e in evidence + flipped)
    # Exactly the margin apart is lower "by at least" the margin (0.95 - 0.2 is 0.7499999… in floating point).
    exact = decide(_pair(share_a=0.95, share_b=0.75), None, None)
    assert exact.relation == "a-from-b"
    assert "b contains a's aligned sentences plus more (95% of a, 75% of b)" in exact.evidence


def test_shared_upstream_beats_a_date_and_lowers_confidence() -> None:
    a = DocumentMeta(date="2024-01-01", attributions=_credit("AFP"))
    b = DocumentMeta(date="2024-01-02", attributions=_credit("AFP"))
    dated = decide(_pair(), a, b)
    undated = decide(_pair(), DocumentMeta(attributions=_credit("AFP")), DocumentMeta(attributions=_credit("AFP")))
    assert dated.relation == undated.relation == "common-source"
    assert dated.upstream == ("AFP",)
    assert dated.confidence < undated.confidence


def test_no_evidence_is_undetermined() -> None:
    result = decide(_pair(), None, None)
    assert (result.relation, result.confidence, result.upstream) == ("undetermined", 0.0, ())


def test_weights_come_from_settings() -> None:
    a, b = DocumentMeta(date="2024-05-02"), DocumentMeta(date="2024-05-04")
    assert decide(_pair(), a, b, weight_date=0.3).confidence == 0.3


def test_evidence_names_the_texts_by_id_never_a_and_b() -> None:
    pair = dataclasses.replace(_pair(share_a=1.0, share_b=0.5), a="wire_copy", b="herald")
    source = DocumentMeta(outlet="Coastal Herald", date="2024-05-02")
    reprint = DocumentMeta(outlet="Valley Weekly", date="2024-05-04", attributions=_credit("Coastal Herald"))
    evidence = decide(pair, reprint, source).evidence
    assert evidence == (
        "wire_copy credits herald's outlet Coastal Herald",
        "dates: wire_copy 2024-05-04, herald 2024-05-02; wire_copy is later",
        "herald contains wire_copy's aligned sentences plus more (100% of wire_copy, 50% of herald)",
        "wire_copy's outlet: Valley Weekly",
        "herald's outlet: Coastal Herald",
        "wire_copy credits Coastal Herald",
    )


# Wire stories among the extraction benchmark's DEV pages, each on a paper's site that runs it under the agency's
# dateline ("HAYWARD, Calif. (AP) —", "WASHINGTON (Reuters) -"), dated 2019 by the page.
PAPER_PAGES = ("5caf91b8", "a6968f42", "aec5deea", "c467d507", "d0382c0d", "db6b0816", "359fee22")
AGENCY_PAGES = ("82b6d780", "e7994d55")  # AP's own, on hosted.ap.org: ap.org is the page's outlet


def _dev_page(tmp_path: Path, prefix: str) -> tuple[Document, str]:
    """The DEV page ``prefix`` as served (loaded as a scan loads it) and its true article body."""
    (page,) = (BENCHMARK / "html").glob(f"{prefix}*.html.gz")
    path = tmp_path / f"{prefix}.html"
    path.write_bytes(gzip.decompress(page.read_bytes()))
    truth = json.loads((BENCHMARK / "ground-truth.json").read_text(encoding="utf-8"))
    return load_file(path), truth[page.name.removesuffix(".html.gz")]["articleBody"]


def _copy(tmp_path: Path, name: str, text: str) -> Document:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return load_file(tmp_path / name)


def _herald(body: str) -> str:
    """``body`` run by a paper of its own, two years on: masthead, page metadata, the agency's dateline kept."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>\n" for p in body.split("\n") if p.strip())
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>A story - Mountain Herald</title>'
        '<meta property="og:site_name" content="Mountain Herald">'
        '<meta property="article:published_time" content="2021-03-04T08:00:00Z">'
        '<link rel="canonical" href="https://www.mountainherald.example/news/story.html"></head>'
        f"<body><header>Mountain Herald</header><article><h1>A story</h1>\n{paragraphs}</article></body></html>"
    )


def _both_ways(one: Document, other: Document) -> list[PairResult]:
    return [compare(one, other), compare(other, one)]


@needs_benchmark
@pytest.mark.parametrize("prefix", PAPER_PAGES)
def test_a_later_copy_keeping_the_wire_dateline_is_no_source_of_the_page_it_copies(tmp_path: Path, prefix: str) -> None:
    """A plain copy of a paper's wire story, dated two years on, keeping "(AP) —" and naming no outlet: its
    dateline was read as its own outlet AP, which the paper's page credits, and that credit (0.9) outweighed
    the date (0.6): the copy came out the source of the page (0.60) in both orders for the six AP pages and
    ScienceAlert's Reuters one. Both texts credit the agency; the date decides."""
    page, body = _dev_page(tmp_path, prefix)
    copy = _copy(tmp_path, "copy.txt", f"Published: 4 March 2021\n\n{body}\n")
    for pair in _both_ways(page, copy):
        assert pair.provenance is not None
        assert (pair.source, pair.copy, pair.provenance.confidence) == (prefix, "copy", 0.35), pair.provenance
        assert any(e.startswith("both credit ") and "only its dateline" in e for e in pair.provenance.evidence)


@needs_benchmark
@pytest.mark.parametrize("prefix", PAPER_PAGES[:2] + AGENCY_PAGES)
def test_a_papers_reprint_keeping_the_wire_dateline_stays_the_reprint(tmp_path: Path, prefix: str) -> None:
    """A paper's copy (masthead, page metadata, later date) of the wire story: against AP's own hosted page the
    reprint (the page's outlet is its own, ap.org); against an undated plain text of the story, only
    its dateline naming its outlet, the reprint at a lower weight (no date says otherwise); against another
    paper's page, both credit the agency: a common source."""
    page, body = _dev_page(tmp_path, prefix)
    herald = _copy(tmp_path, "herald.html", _herald(body))
    plain = _copy(tmp_path, "plain.txt", body + "\n")
    for pair in _both_ways(herald, plain):
        assert pair.provenance is not None
        assert (pair.source, pair.copy, pair.provenance.confidence) == ("plain", "herald", 0.5)
    for pair in _both_ways(herald, page):
        assert pair.provenance is not None
        if prefix in AGENCY_PAGES:
            assert (pair.source, pair.copy) == (prefix, "herald")
            assert pair.provenance.confidence > 0.9
        else:
            assert pair.provenance.relation == "common-source" and pair.provenance.upstream == ("AP",)


def test_an_outlet_read_from_the_dateline_alone_is_marked_so() -> None:
    story = "WASHINGTON (AP) — The Senate passed the bill on Tuesday after a long debate.\n\nIt goes to the House."
    own = describe(story)
    assert (own.outlet, own.outlet_from_dateline) == ("AP", True)
    paper = describe(f"Valley Weekly\n\n{story}")
    assert (paper.outlet, paper.outlet_from_dateline) == ("Valley Weekly", False)
    reprinted = describe(f"{story}\n\nThis article first appeared in AP.")
    assert (reprinted.outlet, reprinted.outlet_from_dateline) == (None, False)
    declared = merge_meta(own, DocumentMeta(outlet="ap.org"))
    assert (declared.outlet, declared.outlet_from_dateline) == ("ap.org", False)
    assert merge_meta(own, DocumentMeta(date="2019-11-20")).outlet_from_dateline
    # a Spark record's own outlet column (or address) names the outlet, as a page's metadata does
    for column in ({"outlet": "AP"}, {"url": "https://apnews.com/x"}):
        meta = spark_document(Record("wire", "wire.jsonl", story, **column), Settings()).meta
        assert meta is not None and meta.outlet_from_dateline is False, column
    dated = spark_document(Record("wire", "wire.jsonl", story, date="2019-11-20"), Settings()).meta
    assert dated is not None and dated.outlet_from_dateline


def test_a_credit_of_an_outlet_only_a_dateline_names_yields_to_a_date() -> None:
    wire = DocumentMeta(outlet="AP", outlet_from_dateline=True, attributions=_credit("AP"))
    paper = DocumentMeta(outlet="Valley Weekly", date="2019-11-20", attributions=_credit("AP"))
    undated = decide(_pair(), paper, wire)
    assert (undated.relation, undated.confidence) == ("a-from-b", 0.5)
    assert undated.evidence[0] == (
        "both credit AP; only its dateline names b's outlet: b may be AP's own copy, a a reprint"
    )
    later = dataclasses.replace(wire, date="2021-03-04")
    assert (decide(_pair(), paper, later).relation, decide(_pair(), later, paper).relation) == ("b-from-a", "a-from-b")
    assert decide(_pair(), paper, later).confidence == 0.35
    assert decide(_pair(), paper, later, weight_dateline=0.7).relation == "a-from-b"
    # an outlet of the text's own (a masthead, an address, page metadata) keeps the credit's full weight
    own = dataclasses.replace(wire, outlet_from_dateline=False, date="2021-03-04")
    assert decide(_pair(), paper, own).relation == "a-from-b"
