"""The Markdown report: documents, reuse pairs (source → copy where the direction is decided), aligned
sentences, changes, and the passages one text has and the other lacks."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tabulate import tabulate

from ..detect.changes import SEVERITY_ORDER
from ..detect.gaps import excerpt
from ..io.formats import link_target
from ..models import Cluster, Document, NameSpellings, PairResult, ScanResult
from ..verdict.clusters import EXTERNAL
from .text import heading, moved_summary, printable, unaligned_sides

__all__ = ["cell", "render_markdown", "render_pair_markdown"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>#])")
_CELL_WIDTH = 400
_QUOTE_WIDTH = 160
_DIRECTION = {"b-from-a": "a → b", "a-from-b": "b → a", "common-source": "common source"}
"""The direction column of the pair table: source → copy, or why there is none (else undetermined)."""


def cell(text: str, *, limit: int = _CELL_WIDTH) -> str:
    """Text made safe for one Markdown table cell: one line, markup escaped, control characters shown.

    >>> cell("a | b\\n<c>")
    'a \\\\| b \\\\<c\\\\>'
    """
    flat = printable(" ".join(text.split()))
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return _MD_SPECIAL.sub(r"\\\1", flat)


def _table(rows: Sequence[Sequence[object]], headers: Sequence[str]) -> str:
    return tabulate(rows, headers=list(headers), tablefmt="github", disable_numparse=True)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _pair_body(pair: PairResult, doc_a: Document, doc_b: Document) -> list[str]:
    out: list[str] = []
    rows = []
    for n, al in enumerate(pair.alignments, 1):
        rows.append(
            [
                str(n),
                cell(doc_a.text[al.a_span[0] : al.a_span[1]]),
                cell(doc_b.text[al.b_span[0] : al.b_span[1]]),
                f"{al.score:.2f}",
            ]
        )
    out.append(f"#### Aligned sentences ({len(rows)})")
    out.append("")
    out.append(_table(rows, ["#", cell(doc_a.id), cell(doc_b.id), "score"]) if rows else "_None._")
    out.append("")
    ranked = sorted(
        ((n, change) for n, al in enumerate(pair.alignments, 1) for change in al.changes),
        key=lambda item: SEVERITY_ORDER[item[1].severity],
    )
    change_rows = [[str(n), c.severity, c.kind, "yes" if c.in_quote else "", cell(c.a), cell(c.b)] for n, c in ranked]
    out.append(f"#### Changes ({len(change_rows)}), highest severity first")
    out.append("")
    headers = ["#", "severity", "kind", "in quote", cell(doc_a.id), cell(doc_b.id)]
    out.append(_table(change_rows, headers) if change_rows else "_None._")
    out.append("")
    quote_rows = [
        [
            str(n),
            {"a": cell(doc_a.id), "b": cell(doc_b.id), "both": "both"}[q.quoted_in],
            "verbatim" if q.verbatim else "**altered**",
            "; ".join(f"{cell(c.a) or '–'} → {cell(c.b) or '–'}" for c in q.changes),
            cell(doc_a.text[q.a_span[0] : q.a_span[1]], limit=_QUOTE_WIDTH),
            cell(doc_b.text[q.b_span[0] : q.b_span[1]], limit=_QUOTE_WIDTH),
        ]
        for n, q in enumerate(pair.quotes, 1)
    ]
    altered = sum(not q.verbatim for q in pair.quotes)
    out.append(f"#### Quote fidelity ({len(quote_rows)} quotation(s), {altered} altered)")
    out.append("")
    headers = ["#", "quoted in", "fidelity", "altered words", cell(doc_a.id), cell(doc_b.id)]
    out.append(_table(quote_rows, headers) if quote_rows else "_No aligned quotation._")
    out.append("")
    texts = {"a": doc_a.text, "b": doc_b.text}
    for label, side, passages, share in unaligned_sides(pair):
        out.append(f"#### {cell(label[0].upper() + label[1:])} ({len(passages)} passage(s), {_pct(share)} of its text)")
        out.append("")
        passage_rows = [
            [str(n), f"{p.span[0]}–{p.span[1]}", str(p.characters), cell(excerpt(texts[side], p))]
            for n, p in enumerate(passages, 1)
        ]
        out.append(_table(passage_rows, ["#", "span", "characters", "excerpt"]) if passage_rows else "_None._")
        out.append("")
    return out


def _spelling_section(spellings: Sequence[NameSpellings]) -> list[str]:
    out = ["## Name spellings", ""]
    if not spellings:
        return [*out, "_Every name is spelled one way across the corpus._", ""]
    out.append("Names written more than one way across the corpus (each spelling with its documents and counts).")
    out.append("")
    rows = [
        [
            cell(name.name),
            cell(s.spelling),
            str(s.count),
            ", ".join(f"{cell(doc)} ({n})" for doc, n in s.documents),
        ]
        for name in spellings
        for s in name.spellings
    ]
    out.append(_table(rows, ["name", "spelling", "count", "documents"]))
    out.append("")
    return out


def _figures(pair: PairResult) -> list[str]:
    unaligned = ", ".join(
        f"{cell(label)} {_pct(share)} ({len(passages)} passage(s))"
        for label, _, passages, share in unaligned_sides(pair)
    )
    relation = pair.provenance.relation if pair.provenance else ""
    shown = f"{cell(pair.source)} is the source, {cell(pair.copy)} the copy" if pair.source and pair.copy else None
    return [
        f"- direction: {_shown_direction(pair, shown, relation)}",
        f"- aligned share: {_pct(pair.share_a)} of {cell(pair.a)}, {_pct(pair.share_b)} of {cell(pair.b)}",
        f"- unaligned: {unaligned}",
        *([f"- {cell(moved)}"] if (moved := moved_summary(pair)) else []),
        f"- shingle Jaccard: {_num(pair.jaccard)} exact, {_num(pair.estimated_jaccard)} estimated (MinHash); "
        f"containment {_pct(pair.containment_a)} / {_pct(pair.containment_b)}",
        f"- verdict: {'reuse' if pair.is_reuse else 'no reuse'}",
        *_direction(pair),
        "",
    ]


def _shown_direction(pair: PairResult, shown: str | None, relation: str) -> str:
    if not pair.is_reuse:
        return "none (no reuse: no source, no copy)"
    return shown or "undetermined" + (" (common source)" if relation == "common-source" else "")


def _direction(pair: PairResult) -> list[str]:
    prov = pair.provenance
    if prov is None:
        return []
    upstream = f", upstream {cell(', '.join(prov.upstream))}" if prov.upstream else ""
    lines = [f"- provenance: **{prov.relation}** (confidence {prov.confidence:.2f}{upstream})"]
    lines += [f"  - {cell(reason)}" for reason in prov.evidence]
    return lines


def _metadata_section(documents: Sequence[Document]) -> list[str]:
    rows = []
    for d in documents:
        meta = d.meta
        if meta is None:
            continue
        # each credit once: a wire story credits the wire in its dateline and its copyright line
        credits = "; ".join(dict.fromkeys(f"{a.source} ({a.date})" if a.date else a.source for a in meta.attributions))
        title = cell(meta.title or "–")
        target = link_target(meta.url)
        if target is not None:  # a link to the original page
            title = f"[{title}](<{target}>)" if meta.title else f"[original](<{target}>)"
        rows.append([cell(d.id), meta.date or "–", cell(meta.outlet or "–"), title, cell(credits or "–")])
    if not rows:
        return []
    return ["## Document metadata", "", _table(rows, ["id", "date", "outlet", "title", "credits"]), ""]


def _label(node: str) -> str:
    return f"{node[len(EXTERNAL) :]} (external)" if node.startswith(EXTERNAL) else node


def _mermaid_label(node: str) -> str:
    """A node label for a quoted Mermaid label: one line, no quote, no tag, no ``%%{init…}%%``
    directive (Mermaid entity codes; ``#`` first, so a name cannot spell an entity of its own).

    >>> _mermaid_label('a%%{init: {"theme": "dark"}}%%<b>')
    "a#37;#37;{init: {'theme': 'dark'}}#37;#37;#lt;b#gt;"
    """
    flat = printable(" ".join(_label(node).split())).replace('"', "'").replace("#", "#35;")
    return flat.replace("&", "#amp;").replace("<", "#lt;").replace(">", "#gt;").replace("%", "#37;")


def _cluster_lines(n: int, cluster: Cluster) -> list[str]:
    origin = _label(cluster.origin) if cluster.origin else "undetermined"
    out = [f"### Cluster {n}: {len(cluster.documents)} documents, origin {cell(origin)}", ""]
    nodes = sorted({x for e in cluster.edges for x in (e.source, e.target)})
    ids = {node: f"n{i}" for i, node in enumerate(nodes)}
    out += ["```mermaid", "graph TD"]
    out += [f'  {ids[node]}["{_mermaid_label(node)}"]' for node in nodes]
    for e in cluster.edges:
        if e.relation == "undetermined":
            out.append(f"  {ids[e.source]} -.- {ids[e.target]}")
        else:
            out.append(f"  {ids[e.source]} -->|{e.relation} {e.confidence:.2f}| {ids[e.target]}")
    out += ["```", ""]
    children: dict[str, list[str]] = {}
    for e in cluster.edges:
        if e.relation != "undetermined":
            children.setdefault(e.source, []).append(e.target)
    targets = {t for ts in children.values() for t in ts}
    seen: set[str] = set()

    def walk(node: str, depth: int) -> None:
        mark = "" if node not in seen else " (see above)"
        out.append(f"{'  ' * depth}- {cell(_label(node))}{mark}")
        if node in seen:
            return
        seen.add(node)
        for child in children.get(node, []):
            walk(child, depth + 1)

    for root in [x for x in nodes if x not in targets and x in children]:
        walk(root, 0)
    for e in cluster.edges:
        if e.relation == "undetermined":
            out.append(f"- {cell(e.source)} ~ {cell(e.target)} (direction undetermined)")
    out.append("")
    return out


def _input_notes(result: ScanResult) -> list[str]:
    """Alignment limits applied, mixed-script texts, encodings assumed and boilerplate lines set aside
    (nothing when there are none)."""
    out: list[str] = []
    if result.limits:
        out += ["## Alignment limits", ""]
        out.append(_table([[cell(limit.path), cell(limit.note)] for limit in result.limits], ["file", "note"]))
        out.append("")
    mixed = [d for d in result.documents if d.meta is not None and d.meta.mixed_script]
    if mixed:
        out += [
            "## Mixed-script text",
            "",
            "Words mixing Latin letters with look-alikes of another script (matched as the Latin they imitate).",
            "",
        ]
        rows = [
            [cell(d.path), str(len(d.meta.mixed_script)), cell(", ".join(d.meta.mixed_script[:8]))]
            for d in mixed
            if d.meta is not None
        ]
        out.append(_table(rows, ["file", "words", "for example"]))
        out.append("")
    short = [d for d in result.documents if d.extraction_warning is not None]
    if short:
        out += ["## Extraction warnings", "", "HTML pages whose extracted text may be incomplete.", ""]
        out.append(_table([[cell(d.path), cell(d.extraction_warning or "")] for d in short], ["file", "warning"]))
        out.append("")
    decoded = [d for d in result.documents if d.encoding is not None]
    if decoded:
        out += ["## Encodings assumed", ""]
        out.append(_table([[cell(d.path), cell(d.encoding or "")] for d in decoded], ["file", "read as"]))
        out.append("")
    if result.boilerplate:
        out += ["## Boilerplate set aside", "", "Lines never counted as reuse (site chrome).", ""]
        rows = [[cell(b.text), b.reason, cell(", ".join(b.documents))] for b in result.boilerplate]
        out.append(_table(rows, ["line", "why", "documents"]))
        out.append("")
    return out


def render_pair_markdown(pair: PairResult, doc_a: Document, doc_b: Document) -> str:
    """A single comparison as Markdown (``provenance compare --format markdown``)."""
    lines = [f"# {cell(heading(pair))}", ""]
    lines += _figures(pair)
    lines += _pair_body(pair, doc_a, doc_b)
    return "\n".join(lines).rstrip() + "\n"


def render_markdown(result: ScanResult) -> str:
    """The scan report (``reports/provenance.md``)."""
    by_id = {d.id: d for d in result.documents}
    lines = ["# Provenance report", ""]
    lines.append(
        f"{len(result.documents)} documents scanned, {result.candidates} candidate pair(s) from the LSH index, "
        f"**{len(result.pairs)} reuse pair(s)** confirmed by sentence alignment."
    )
    lines.append("")
    lines.append("## Documents")
    lines.append("")
    lines.append(
        _table(
            [[cell(d.id), str(d.characters), str(len(d.sentences)), cell(d.path)] for d in result.documents],
            ["id", "characters", "sentences", "path"],
        )
    )
    lines.append("")
    lines += _metadata_section(result.documents)
    if result.problems:
        lines.append("## Skipped files")
        lines.append("")
        lines.append(_table([[cell(p.path), cell(p.reason)] for p in result.problems], ["file", "reason"]))
        lines.append("")
    lines += _input_notes(result)
    lines.append("## Reuse pairs")
    lines.append("")
    if not result.pairs:
        lines.append("_No reuse found._")
        lines.append("")
    else:
        lines.append(
            _table(
                [
                    [
                        cell(p.a),
                        cell(p.b),
                        _DIRECTION.get(p.provenance.relation if p.provenance else "", "undetermined"),
                        _pct(p.share_a),
                        _pct(p.share_b),
                        _num(p.estimated_jaccard),
                        _num(p.jaccard),
                        str(len(p.alignments)),
                        str(sum(len(al.changes) for al in p.alignments)),
                    ]
                    for p in result.pairs
                ],
                ["a", "b", "direction", "share of a", "share of b", "Jaccard (est.)", "Jaccard", "aligned", "changes"],
            )
        )
        lines.append("")
    if result.clusters:
        lines += ["## Clusters", ""]
        for n, cluster in enumerate(result.clusters, 1):
            lines += _cluster_lines(n, cluster)
        lines += ["## Pairs in detail", ""]
    for pair in result.pairs:
        lines.append(f"### {cell(heading(pair))}")
        lines.append("")
        lines += _figures(pair)
        lines += _pair_body(pair, by_id[pair.a], by_id[pair.b])
    lines += _spelling_section(result.spellings)
    return "\n".join(lines).rstrip() + "\n"
