"""Clusters: connected components of reuse pairs, their origin and graph."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import SEED_A, SEED_B

from provenance import ScanResult, load_folder, scan
from provenance.models import PairResult, Provenance
from provenance.report.json import render_json, result_to_dict
from provenance.report.markdown import render_markdown
from provenance.verdict.clusters import EXTERNAL, clusters

DATA = Path(__file__).parent / "data" / "lineage"


def _pair(a: str, b: str, relation: str, upstream: tuple[str, ...] = ()) -> PairResult:
    prov = Provenance(relation, 0.5, (), upstream)  # type: ignore[arg-type]
    return PairResult(
        a=a,
        b=b,
        is_reuse=True,
        share_a=0.5,
        share_b=0.5,
        estimated_jaccard=None,
        jaccard=0.3,
        containment_a=0.5,
        containment_b=0.5,
        provenance=prov,
    )


def test_components_and_origins() -> None:
    found = clusters(
        [
            _pair("w", "x", "b-from-a"),
            _pair("x", "y", "b-from-a"),
            _pair("p", "q", "undetermined"),
            _pair("m", "n", "common-source", ("AFP",)),
        ]
    )
    assert [c.documents for c in found] == [("m", "n"), ("p", "q"), ("w", "x", "y")]
    assert [c.origin for c in found] == [EXTERNAL + "AFP", None, "w"]
    assert found[0].external == ("AFP",)


def test_seed_cluster_origin_is_sputnik(seed_scan: ScanResult) -> None:
    (cluster,) = clusters(seed_scan.pairs)
    assert cluster.documents == (SEED_A, SEED_B)
    assert cluster.origin == EXTERNAL + "Sputnik"
    md = render_markdown(seed_scan)
    assert "```mermaid\ngraph TD" in md
    assert "origin Sputnik (external)" in md
    data = json.loads(render_json(result_to_dict(seed_scan)))
    assert data["clusters"][0]["origin"] == EXTERNAL + "Sputnik"
    assert data["pairs"][0]["provenance"]["relation"] == "common-source"
    assert data["pairs"][0]["provenance"]["upstream"] == ["Sputnik"]
    by_id = {d["id"]: d for d in data["documents"]}
    assert by_id[SEED_A]["date"] == "2025-01-16T07:09"
    assert by_id[SEED_A]["outlet"] == "Islam Times"
    assert [a["source"] for a in by_id[SEED_B]["attributions"]] == ["Sputnik"]


def test_three_way_cluster_has_the_wire_story_as_origin() -> None:
    docs, _ = load_folder(DATA / "three_way")
    result = scan(docs)
    outlets = {d.id: d.meta.outlet for d in result.documents if d.meta and d.meta.outlet}
    (cluster,) = clusters(result.pairs, outlets)
    assert cluster.origin == "a_wire"
    md = render_markdown(result)
    graph = md.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert graph.count("-->") == len(cluster.edges)
    listing = md.split("```\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert listing[0] == "- a\\_wire"
    assert all(line.startswith("  - ") for line in listing[1:])
