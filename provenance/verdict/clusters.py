"""Clusters: reuse pairs grouped into connected components, each with its provenance graph.

An edge runs from a source to the text taken from it: document → document for
``a-from-b``/``b-from-a``, external source → each document for
``common-source``; ``undetermined`` pairs are links without a direction. The
likely origin of a cluster is its one root (a node with no incoming edge); with
several roots, or none, the origin is undetermined.

>>> from provenance.models import PairResult, Provenance
>>> p = PairResult(
...     a="x", b="y", is_reuse=True, share_a=1, share_b=1, estimated_jaccard=None, jaccard=1,
...     containment_a=1, containment_b=1, provenance=Provenance("b-from-a", 0.9),
... )
>>> [(c.origin, c.edges) for c in clusters([p])]
[('x', (Edge(source='x', target='y', relation='b-from-a', confidence=0.9),))]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from ..models import Cluster, Document, Edge, PairResult
from ..text.metadata import same_source, source_key

__all__ = ["EXTERNAL", "clusters", "components", "outlets"]

EXTERNAL = "external:"
"""Prefix of node names that are sources outside the corpus."""


def _find(parent: dict[str, str], x: str) -> str:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def components(links: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each member of ``links`` -> the least member of its connected component (union-find with path
    halving: near-linear in the links).

    >>> components([("b", "c"), ("d", "e"), ("c", "a")])
    {'b': 'a', 'c': 'a', 'd': 'd', 'e': 'd', 'a': 'a'}
    """
    parent: dict[str, str] = {}
    for a, b in links:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = _find(parent, a), _find(parent, b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: _find(parent, x) for x in parent}


def _edges(pair: PairResult) -> list[Edge]:
    prov = pair.provenance
    relation = prov.relation if prov else "undetermined"
    confidence = prov.confidence if prov else 0.0
    if relation == "a-from-b":
        return [Edge(pair.b, pair.a, relation, confidence)]
    if relation == "b-from-a":
        return [Edge(pair.a, pair.b, relation, confidence)]
    if relation == "common-source" and prov and prov.upstream:
        return [
            Edge(EXTERNAL + source, doc, relation, confidence) for source in prov.upstream for doc in (pair.a, pair.b)
        ]
    return [Edge(pair.a, pair.b, "undetermined", confidence)]


def _resolver(outlets: Mapping[str, str], docs: Sequence[str]) -> Callable[[Edge], Edge]:
    """Per cluster: an external source that is the outlet of a document in the cluster becomes that document.

    Each outlet is folded once and each source matched against them once, not once per edge
    (a wire story reprinted by every outlet of a cluster credits one source on every edge).
    """
    folded = [(doc, source_key(outlets[doc])) for doc in docs if doc in outlets]
    matching: dict[str, list[str]] = {}

    def resolve(edge: Edge) -> Edge:
        if not edge.source.startswith(EXTERNAL):
            return edge
        found = matching.get(edge.source)
        if found is None:
            key = source_key(edge.source[len(EXTERNAL) :])
            found = matching[edge.source] = [doc for doc, outlet in folded if same_source(key, outlet)]
        for doc in found:
            if doc != edge.target:
                return Edge(doc, edge.target, "b-from-a" if doc < edge.target else "a-from-b", edge.confidence)
        return edge

    return resolve


def outlets(documents: Sequence[Document]) -> dict[str, str]:
    """Document id → the outlet its metadata names, for the documents that name one."""
    return {d.id: d.meta.outlet for d in documents if d.meta and d.meta.outlet}


def clusters(pairs: Sequence[PairResult], outlets: Mapping[str, str] | None = None) -> tuple[Cluster, ...]:
    """The connected components of ``pairs``, in order of their first document id.

    ``outlets`` (document id → outlet) lets a credited source that is itself in
    the cluster (a wire story and two reprints crediting its agency) be drawn as
    that document rather than as an external source.
    """
    outlets = outlets or {}
    component = components((pair.a, pair.b) for pair in pairs)
    groups: dict[str, list[PairResult]] = {}
    for pair in pairs:
        groups.setdefault(component[pair.a], []).append(pair)
    out: list[Cluster] = []
    for root in sorted(groups):
        members = groups[root]
        docs = sorted({x for p in members for x in (p.a, p.b)})
        best: dict[tuple[str, str], Edge] = {}
        resolve = _resolver(outlets, docs)
        for edge in (resolve(e) for p in members for e in _edges(p)):
            key = (edge.source, edge.target)
            if key not in best or edge.confidence > best[key].confidence:
                best[key] = edge
        edges = [best[key] for key in sorted(best)]
        external = sorted({e.source[len(EXTERNAL) :] for e in edges if e.source.startswith(EXTERNAL)})
        directed = [e for e in edges if e.relation != "undetermined"]
        nodes = set(docs) | {EXTERNAL + x for x in external}
        roots = sorted(nodes - {e.target for e in directed})
        undirected = any(e.relation == "undetermined" for e in edges)
        origin = roots[0] if len(roots) == 1 and not undirected else None
        out.append(Cluster(tuple(docs), tuple(external), tuple(edges), origin))
    return tuple(out)
