"""A cluster's provenance graph as inline SVG: a deterministic layered drawing, no script, no fetch.

Sources sit above what was taken from them: a node's layer is its distance from
a root (a node nothing points to) along directed edges; ``undetermined`` edges
are dashed lines that set no layer. Within a layer nodes follow the mean
position of their parents, then their names, and a layer wider than
``_PER_ROW`` nodes wraps onto further rows. Every label is escaped and cut to
``_LABEL`` characters (the whole name is in the node's ``<title>``).

>>> from provenance.models import Cluster, Edge
>>> svg = cluster_svg(Cluster(("x", "y<"), (), (Edge("x", "y<", "b-from-a", 0.9),), "x"), label="Cluster 1")
>>> svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and "y&lt;" in svg and "<polygon" in svg
True
"""

from __future__ import annotations

from collections import deque

from ..models import Cluster
from ..verdict.clusters import EXTERNAL
from .escape import escape

__all__ = ["cluster_svg", "node_label"]

_PER_ROW = 6
_LABEL = 22
_W, _H = 170, 34
"""A node's box."""
_GAP_X, _GAP_Y = 24, 56


def node_label(node: str) -> str:
    """A node's name for people: ``external:X`` reads ``X (external)``."""
    return f"{node[len(EXTERNAL) :]} (external)" if node.startswith(EXTERNAL) else node


def _e(text: str) -> str:
    return escape(" ".join(text.split()))


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _LABEL else flat[: _LABEL - 1] + "…"


def _layers(cluster: Cluster) -> list[list[str]]:
    """Nodes by layer (distance from a root along directed edges), each layer ordered."""
    nodes = sorted({*cluster.documents, *(x for e in cluster.edges for x in (e.source, e.target))})
    children: dict[str, list[str]] = {n: [] for n in nodes}
    parents: dict[str, list[str]] = {n: [] for n in nodes}
    for e in cluster.edges:
        if e.relation != "undetermined":
            children[e.source].append(e.target)
            parents[e.target].append(e.source)
    depth = {n: 0 for n in nodes if not parents[n]}
    queue = deque(sorted(depth))
    while queue:  # breadth first: each node at its shortest distance from a root
        node = queue.popleft()
        for child in sorted(children[node]):
            if child not in depth:
                depth[child] = depth[node] + 1
                queue.append(child)
    for n in nodes:  # a directed cycle has no root: its nodes join the top layer
        depth.setdefault(n, 0)
    layers: list[list[str]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    members_of: list[list[str]] = [[] for _ in layers]
    for n in nodes:  # one pass, not one per layer: a chain of n articles has n layers
        members_of[depth[n]].append(n)
    position: dict[str, float] = {}
    for layer, members in zip(layers, members_of, strict=True):

        def place(n: str) -> tuple[float, str]:
            known = [position[p] for p in parents[n] if p in position]
            return (sum(known) / len(known) if known else 0.0, n)

        layer.extend(sorted(members, key=place))
        position.update((n, float(i)) for i, n in enumerate(layer))
    return layers


def cluster_svg(cluster: Cluster, *, label: str) -> str:
    """The cluster's graph as an ``<svg>`` element (``label`` names it for screen readers)."""
    rows: list[list[str]] = []
    for layer in _layers(cluster):
        rows += [layer[i : i + _PER_ROW] for i in range(0, len(layer), _PER_ROW)]
    width = max((len(r) for r in rows), default=1) * (_W + _GAP_X) + _GAP_X
    height = len(rows) * (_H + _GAP_Y) + _GAP_Y // 2
    centre: dict[str, tuple[int, int]] = {}
    for y, row in enumerate(rows):
        offset = (width - len(row) * (_W + _GAP_X) + _GAP_X) // 2
        for x, node in enumerate(row):
            centre[node] = (offset + x * (_W + _GAP_X) + _W // 2, _GAP_Y // 2 + y * (_H + _GAP_Y) + _H // 2)
    edges = []
    for e in cluster.edges:
        (x1, y1), (x2, y2) = centre[e.source], centre[e.target]
        directed = e.relation != "undetermined"
        # From the bottom of the source's box to the top of the target's (or side to side in one row).
        if y1 == y2:
            x1, x2 = (x1 + _W // 2, x2 - _W // 2) if x1 < x2 else (x1 - _W // 2, x2 + _W // 2)
        else:
            y1, y2 = (y1 + _H // 2, y2 - _H // 2) if y1 < y2 else (y1 - _H // 2, y2 + _H // 2)
        title = f"{node_label(e.source)} → {node_label(e.target)}: {e.relation} {e.confidence:.2f}"
        line = f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"' + ("" if directed else ' class="undetermined"')
        edges.append(f"<g>{line}><title>{_e(title)}</title></line>{_arrow(x1, y1, x2, y2) if directed else ''}</g>")
    nodes = []
    for node, (cx, cy) in sorted(centre.items()):
        kind = " external" if node.startswith(EXTERNAL) else ""
        kind += " origin" if node == cluster.origin else ""
        name = node_label(node)
        nodes.append(
            f'<g class="node{kind}"><title>{_e(name)}</title>'
            f'<rect x="{cx - _W // 2}" y="{cy - _H // 2}" width="{_W}" height="{_H}" rx="5"></rect>'
            f'<text x="{cx}" y="{cy + 4}" text-anchor="middle">{_e(_short(name))}</text></g>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' role="img" aria-label="{_e(label)}">' + "".join(edges) + "".join(nodes) + "</svg>"
    )


def _arrow(x1: int, y1: int, x2: int, y2: int) -> str:
    """An arrowhead at ``(x2, y2)`` pointing along the line (a polygon: no marker ids to clash)."""
    dx, dy = x2 - x1, y2 - y1
    length = max(1.0, (dx * dx + dy * dy) ** 0.5)
    ux, uy = dx / length, dy / length
    bx, by = x2 - 9 * ux, y2 - 9 * uy
    points = [(x2, y2), (bx - 4 * uy, by + 4 * ux), (bx + 4 * uy, by - 4 * ux)]
    return '<polygon points="' + " ".join(f"{px:.1f},{py:.1f}" for px, py in points) + '"></polygon>'
