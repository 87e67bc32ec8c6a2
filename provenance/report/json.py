"""Machine-readable output: the schema documented in docs/output.md."""

from __future__ import annotations

import json
import re
from typing import Any

from ..detect.gaps import excerpt, moved_passages
from ..models import (
    Alignment,
    Change,
    Cluster,
    Document,
    DocumentMeta,
    NameSpellings,
    PairResult,
    Provenance,
    QuoteCheck,
    ScanResult,
    UnalignedPassage,
)

__all__ = ["SCHEMA_VERSION", "pair_to_dict", "render_json", "result_to_dict"]

SCHEMA_VERSION = 2
"""2: a pair whose direction is decided is oriented (``a`` the source, ``b`` the copy, named again in
``source`` and ``copy``) and lists its unaligned passages; 1: ``a`` and ``b`` in id order."""


def _change(change: Change) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "a": change.a,
        "b": change.b,
        "a_span": list(change.a_span),
        "b_span": list(change.b_span),
        "in_quote": change.in_quote,
        "severity": change.severity,
    }


def _quote(check: QuoteCheck, text_a: str, text_b: str) -> dict[str, Any]:
    return {
        "quoted_in": check.quoted_in,
        "a_span": list(check.a_span),
        "b_span": list(check.b_span),
        "a_text": text_a[check.a_span[0] : check.a_span[1]],
        "b_text": text_b[check.b_span[0] : check.b_span[1]],
        "verbatim": check.verbatim,
        "altered": [{"kind": c.kind, "a": c.a, "b": c.b} for c in check.changes],
    }


def _spellings(name: NameSpellings) -> dict[str, Any]:
    return {
        "name": name.name,
        "spellings": [
            {
                "spelling": s.spelling,
                "count": s.count,
                "documents": [{"id": doc, "count": n} for doc, n in s.documents],
            }
            for s in name.spellings
        ],
    }


def _alignment(al: Alignment, text_a: str, text_b: str) -> dict[str, Any]:
    return {
        "a_sentences": list(al.a_sentences),
        "b_sentences": list(al.b_sentences),
        "a_span": list(al.a_span),
        "b_span": list(al.b_span),
        "score": al.score,
        "a_text": text_a[al.a_span[0] : al.a_span[1]],
        "b_text": text_b[al.b_span[0] : al.b_span[1]],
        "changes": [_change(c) for c in al.changes],
    }


def _passage(passage: UnalignedPassage, text: str) -> dict[str, Any]:
    return {
        "sentences": list(passage.sentences),
        "span": list(passage.span),
        "characters": passage.characters,
        "excerpt": excerpt(text, passage),
    }


def _provenance(prov: Provenance | None) -> dict[str, Any] | None:
    if prov is None:
        return None
    return {
        "relation": prov.relation,
        "confidence": prov.confidence,
        "evidence": list(prov.evidence),
        "upstream": list(prov.upstream),
    }


def _meta(meta: DocumentMeta | None, text: str) -> dict[str, Any]:
    meta = meta or DocumentMeta()
    return {
        "date": meta.date,
        "outlet": meta.outlet,
        "title": meta.title,
        "attributions": [
            {"source": a.source, "span": list(a.span), "text": text[a.span[0] : a.span[1]], "date": a.date}
            for a in meta.attributions
        ],
        "mentions": [
            {"source": a.source, "span": list(a.span), "text": text[a.span[0] : a.span[1]], "date": a.date}
            for a in meta.mentions
        ],
        "mixed_script": list(meta.mixed_script),
        **({"url": meta.url} if meta.url else {}),  # only a page that declares one: other reports stay as they were
    }


def _cluster(cluster: Cluster) -> dict[str, Any]:
    return {
        "documents": list(cluster.documents),
        "external": list(cluster.external),
        "origin": cluster.origin,
        "edges": [
            {"source": e.source, "target": e.target, "relation": e.relation, "confidence": e.confidence}
            for e in cluster.edges
        ],
    }


def pair_to_dict(pair: PairResult, doc_a: Document, doc_b: Document) -> dict[str, Any]:
    """One entry of ``pairs``: ids, similarity figures, alignments, provenance and unaligned passages."""
    return {
        "a": pair.a,
        "b": pair.b,
        "source": pair.source,
        "copy": pair.copy,
        "is_reuse": pair.is_reuse,
        "share_a": pair.share_a,
        "share_b": pair.share_b,
        "estimated_jaccard": pair.estimated_jaccard,
        "jaccard": pair.jaccard,
        "containment_a": pair.containment_a,
        "containment_b": pair.containment_b,
        "aligned_sentences": len(pair.alignments),
        "changes": sum(len(al.changes) for al in pair.alignments),
        "alignments": [_alignment(al, doc_a.text, doc_b.text) for al in pair.alignments],
        "provenance": _provenance(pair.provenance),
        "quotes": [_quote(q, doc_a.text, doc_b.text) for q in pair.quotes],
        "unaligned_share_a": pair.unaligned_share_a,
        "unaligned_share_b": pair.unaligned_share_b,
        "unaligned_a": [_passage(p, doc_a.text) for p in pair.unaligned_a],
        "unaligned_b": [_passage(p, doc_b.text) for p in pair.unaligned_b],
        "moved": [
            {"a_sentences": list(a_run), "b_sentences": list(b_run)} for a_run, b_run in moved_passages(pair.alignments)
        ],
    }


def _document(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "path": doc.path,
        "characters": doc.characters,
        "sentences": len(doc.sentences),
        **_meta(doc.meta, doc.text),
        "format": doc.format,
        "encoding": doc.encoding,
        "set_aside": [list(span) for span in doc.set_aside],
        **({"extraction_warning": doc.extraction_warning} if doc.extraction_warning else {}),
    }


def result_to_dict(result: ScanResult) -> dict[str, Any]:
    """The whole scan as plain data (``schema_version`` first)."""
    by_id = {d.id: d for d in result.documents}
    return {
        "schema_version": SCHEMA_VERSION,
        "settings": result.settings.as_dict(),
        "documents": [_document(d) for d in result.documents],
        "skipped": [{"path": p.path, "reason": p.reason} for p in result.problems],
        "limits": [{"id": limit.id, "path": limit.path, "note": limit.note} for limit in result.limits],
        "candidates": result.candidates,
        "pairs": [pair_to_dict(p, by_id[p.a], by_id[p.b]) for p in result.pairs],
        "clusters": [_cluster(c) for c in result.clusters],
        "spellings": [_spellings(n) for n in result.spellings],
        "boilerplate": [
            {"text": line.text, "reason": line.reason, "documents": list(line.documents)} for line in result.boilerplate
        ],
    }


_CONTROL = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_COMMAND, _COMMAND_ESCAPED = "##[", "\\u0023#["  # "##[" never overlaps itself: a replace finds each


def render_json(data: dict[str, Any]) -> str:
    r"""Stable JSON text (UTF-8, two-space indent, trailing newline).

    JSON escapes only the C0 control characters; DEL and the C1 ones (U+0080-U+009F,
    which some terminals obey, as CSI U+009B) and the bidirectional overrides and isolates
    (U+202A-U+202E, U+2066-U+2069: an id shown reversed) are escaped too, so the text is safe
    to print.  So is the first "#" of "##[", which GitHub's runner would take for a command in a
    job's log ("##[set-output name=verdict]pass" in an id).  They can only stand inside strings, so
    the JSON means the same.

    >>> render_json({"t": "a\x9b31mb"})
    '{\n  "t": "a\\u009b31mb"\n}\n'
    >>> render_json({"id": "invoice\u202etxt.exe"})
    '{\n  "id": "invoice\\u202etxt.exe"\n}\n'
    >>> render_json({"id": "##[set-output name=v]pass"})
    '{\n  "id": "\\u0023#[set-output name=v]pass"\n}\n'
    """
    return _escaped(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


def render_json_line(data: dict[str, Any]) -> str:
    r"""One line of JSON Lines, escaped as :func:`render_json` escapes (no newline at the end).

    >>> render_json_line({"t": "a\x85b", "n": [1, 2]})
    '{"t":"a\\u0085b","n":[1,2]}'
    """
    return _escaped(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def _escaped(text: str) -> str:
    if _COMMAND in text:
        text = text.replace(_COMMAND, _COMMAND_ESCAPED)
    # A character class alone, no alternative: the regex engine scans for it in C (20 -> 11 ms at 2.6 MB).
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
