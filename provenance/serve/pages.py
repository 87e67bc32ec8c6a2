"""The desk's HTML pages: the check form and its result, the archive's articles, clusters and spellings.

Every value from an article, a file name or a request goes through :func:`esc`, the reports' own escaping
(:func:`provenance.report.escape.escape`: markup escaped, control characters and bidirectional overrides
spelled out), and the pages share the report's stylesheet. The pages load nothing (no fonts, images, scripts
or styles from anywhere: the Content-Security-Policy of :mod:`.app` forbids it) and every form carries the
CSRF token. The side by side view of a match is the HTML report's own page
(:func:`provenance.report.render_pair_html`), shown in a sandboxed frame: one look, one code path, and nothing
in it runs but the report's own script.

>>> esc('<b onclick="x">\\x1b[2J</b>')
'&lt;b onclick=&quot;x&quot;&gt;\\\\x1b[2J&lt;/b&gt;'
"""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Sequence
from urllib.parse import quote

from ..ci import FileCheck, Match, each_edit_once
from ..io.load import file_stem, jsonl_line
from ..models import Document, NameSpellings
from ..report import render_pair_html
from ..report.escape import escape as esc
from ..report.html import csp_source, relation_sentence, stylesheet
from .desk import ArticleView, CheckOutcome, Survey, related

__all__ = [
    "api_page",
    "article_page",
    "articles_page",
    "check_page",
    "clusters_page",
    "error_page",
    "esc",
    "relation_phrase",
    "result_page",
    "spellings_page",
]

_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
"""A script the report runs (its data blocks are ``<script type="application/json">``, never run)."""

_CSS = (
    stylesheet()
    + """
header{max-width:none;background:#1f3a5f;color:#fff;padding:8px 16px}header a{color:#fff;margin-right:1rem}
header strong{margin-right:2rem}main{padding-bottom:3rem}
textarea{width:100%;min-height:14rem;font:inherit}label{display:block;margin:.6rem 0 .2rem;font-weight:600}
button{font:inherit;padding:4px 14px;margin-top:.6rem}
.verdict{border-left:6px solid #888;font-size:1.1rem}
.v-fail{border-color:#c62828}.v-warn{border-color:#b85c00}.v-pass{border-color:#2e7d32}
iframe{width:100%;height:70vh;border:1px solid var(--line)}
.error{border-left:6px solid #c62828;background:#fdecea;padding:8px 12px}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--soft);padding:8px}
"""
)
"""The report's stylesheet (one look: the same marks, tables and colours), and the desk's own parts."""


def _url(doc_id: str) -> str:
    return "/articles/" + quote(doc_id, safe="")


def _page(title: str, body: str) -> str:
    nav = (
        '<header><strong>Reprint desk</strong><a href="/">Check</a><a href="/articles">Articles</a>'
        '<a href="/clusters">Clusters</a><a href="/spellings">Spellings</a><a href="/api">API</a></header>'
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{_CSS}</style></head>"
        f"<body>{nav}<main>{body}</main></body></html>\n"
    )


def _form(csrf: str, text: str = "") -> str:
    return (
        '<form method="post" action="/check" enctype="multipart/form-data" id="check-form">'
        f'<input type="hidden" name="csrf" value="{esc(csrf)}">'
        '<label for="text">Paste an article</label>'
        f'<textarea id="text" name="text" spellcheck="false">{esc(text)}</textarea>'
        '<label for="file">or upload a file (.txt, .md, .html, or a .jsonl of one line; any of them .gz)</label>'
        '<input type="file" id="file" name="file" accept=".txt,.md,.markdown,.html,.htm,.jsonl,.gz">'
        '<div><button type="submit" id="check">Check against the archive</button></div></form>'
        '<p class="muted">Nothing you check is kept unless you add it to the archive.</p>'
    )


def relation_phrase(match: Match, this: str = "this text") -> str:
    """How a match relates to the checked text, read source → copy (the checked text is side ``a``)."""
    source, relation = match.source_id, match.relation or ""
    sentence = relation_sentence(relation, this, source)  # the HTML report's words, this text as ``a``
    if sentence is None:
        return "no direction decided"
    arrow = {"a-from-b": f"{source} → {this}: ", "b-from-a": f"{this} → {source}: "}.get(relation, "")
    return arrow + sentence


def _changes(match: Match) -> str:
    if not match.changes:
        return ""
    items = "".join(
        f'<li><mark class="k-{esc(c.kind)}">{esc(c.a or "(nothing)")} → {esc(c.b or "(nothing)")}</mark> '
        f'<span class="muted">{esc(c.kind)}, {esc(c.severity)}{", in a quotation" if c.in_quote else ""}</span></li>'
        for c in each_edit_once(match.changes)
    )
    return f"<p>Most severe changes ({esc(match.source_id)} → this text):</p><ul>{items}</ul>"


def _matches_table(check: FileCheck, this: str) -> str:
    if not check.matches:
        return '<p id="no-reuse">No reuse found in the archive.</p>'
    rows = "".join(
        f'<tr class="match" data-source="{esc(m.source_id)}"><td><a href="{esc(_url(m.source_id))}">'
        f"{esc(m.source_id)}</a></td><td>{esc(m.verdict)}</td><td>{m.share_new:.0%}</td><td>{m.share_source:.0%}</td>"
        f"<td>{esc(relation_phrase(m, this))}</td><td>{esc(m.credit or '')}</td><td>{esc(m.reason)}</td></tr>"
        for m in check.matches
    )
    return (
        '<table id="matches"><thead><tr><th>archive article</th><th>gate verdict of this text</th>'
        "<th>share of this text</th><th>share of that text</th><th>relation (source → copy)</th>"
        "<th>credit seen</th><th>why</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _variants(spellings: Sequence[tuple[str, str]], source: str) -> str:
    """The names spelled differently, each as (in the source, in the checked text)."""
    if not spellings:
        return ""
    items = ", ".join(f'<mark class="k-name-variant">{esc(old)} → {esc(new)}</mark>' for old, new in spellings)
    return f'<p class="spellings">Names spelled differently ({esc(source)} → this text): {items}</p>'


def check_page(csrf: str) -> str:
    """The check form."""
    return _page("Reprint desk: check", "<h1>Where did this come from?</h1>" + _form(csrf))


def result_page(csrf: str, outcome: CheckOutcome, *, raw: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    """A check's result (and the form again), and the CSP sources of the scripts of the report's pages it
    frames: those scripts, no other, may run, each in a sandboxed frame of an origin of its own."""
    scripts: set[str] = set()
    check = outcome.checks[0]
    text = outcome.text
    this = check.path
    notes = "".join(f"<li>{esc(n)}</li>" for n in check.notes)
    parts = [
        f"<h1>Check of {esc(this)}</h1>",
        f'<div class="verdict v-{esc(check.verdict)}" id="verdict">Verdict by the policy: '
        f"<strong>{esc(check.verdict.upper())}</strong> ({len(check.matches)} match(es) in the archive)</div>",
        f'<ul class="notes">{notes}</ul>' if notes else "",
        _matches_table(check, this),
    ]
    for m in check.matches:
        parts.append(f'<section class="detail" id="m-{esc(m.source_id)}"><h2>{esc(m.source_id)}</h2>')
        parts.append(f"<p>{esc(relation_phrase(m, this))}. {esc(m.reason)}.</p>")
        parts.append(_changes(m))
        for source, pair, doc_a, doc_b in outcome.pages:
            if source == m.source_id:
                # Compared source first; read each change source → this text whichever side the source is.
                names = [c for al in pair.alignments for c in al.changes if c.kind == "name-variant"]
                variants = [(c.a, c.b) if pair.a == source else (c.b, c.a) for c in names]
                parts.append(_variants(sorted(set(variants)), source))
                page = render_pair_html(pair, doc_a, doc_b)
                scripts.update(csp_source(script) for script in _SCRIPT.findall(page))
                parts.append(
                    f'<iframe class="sbs" title="{esc(source)} and this text side by side" sandbox="allow-scripts" '
                    f'srcdoc="{esc(page)}"></iframe>'
                )
        parts.append("</section>")
    parts.append(_add_form(csrf, text, raw, name))
    parts.append("<h2>Check another text</h2>" + _form(csrf))
    return _page(f"Reprint desk: {this}", "".join(parts)), tuple(sorted(scripts))


def _add_form(csrf: str, text: Document, raw: bytes, name: str) -> str:
    """The form that adds the checked file (its bytes as uploaded) to the archive: named as the file, not as
    the check names an export's line (``export.jsonl:1`` was refused 415 when added, as no name of a format)."""
    name = (jsonl_line(name) or (name, 0))[0]
    stem = file_stem(name)
    return (
        '<h2>Add to the archive</h2><form method="post" action="/archive" enctype="multipart/form-data" id="add-form">'
        f'<input type="hidden" name="csrf" value="{esc(csrf)}">'
        f'<input type="hidden" name="name" value="{esc(name)}">'
        f'<input type="hidden" name="content" value="{base64.b64encode(raw).decode("ascii")}">'
        f'<label for="doc-id">Archive id</label><input id="doc-id" name="id" value="{esc(stem or text.id)}" required>'
        '<div><button type="submit">Add to archive</button></div></form>'
        '<p class="muted">Adds the text to the archive folder and the index: later checks compare with it.</p>'
    )


def _list(ids: Sequence[str]) -> str:
    if not ids:
        return '<p class="muted">None.</p>'
    return "<ul>" + "".join(f'<li><a href="{esc(_url(i))}">{esc(i)}</a></li>' for i in ids) + "</ul>"


def article_page(view: ArticleView) -> str:
    """An archived article: what it reuses, what reuses it, what shares a source with it, and its text."""
    doc, check = view.document, view.check
    meta = doc.meta
    facts = [("path", doc.path), ("format", doc.format), ("characters", f"{len(doc.text):,}")]
    if meta is not None:
        facts += [(k, v) for k, v in (("title", meta.title), ("date", meta.date), ("outlet", meta.outlet)) if v]
        if meta.attributions:
            facts.append(("credits", ", ".join(sorted({a.source for a in meta.attributions}))))
    groups = related(check)
    body = (
        f"<h1>{esc(doc.id)}</h1><table>"
        + "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in facts)
        + "</table>"
        + f'<h2>Reused by</h2><div id="reused-by">{_list(groups["reused_by"])}</div>'
        + f'<h2>Reuses</h2><div id="reuses">{_list(groups["reuses"])}</div>'
        + '<h2>Shares text with (common source or direction undetermined)</h2><div id="shares">'
        + _list(groups["shares"])
        + "</div><h2>Matches</h2>"
        + _matches_table(check, doc.id)
        + f"<h2>Text</h2><pre>{esc(doc.text)}</pre>"
    )
    return _page(f"Reprint desk: {doc.id}", body)


def articles_page(ids: Sequence[str], query: str, page: int, total: int, per_page: int) -> str:
    """One page of the archive's article ids, filtered by ``query`` (a part of the id)."""
    form = (
        '<form method="get" action="/articles"><label for="q">Find an article by id</label>'
        f'<input id="q" name="q" value="{esc(query)}"> <button type="submit">Find</button></form>'
    )
    more = ""
    if (page + 1) * per_page < total:
        more = f'<p><a href="/articles?q={esc(quote(query))}&amp;page={page + 1}">Next page</a></p>'
    shown = f"{total:,} article(s)" + (f" matching {esc(query)!s}" if query else "")
    return _page("Reprint desk: articles", f"<h1>Articles</h1>{form}<p>{shown}</p>{_list(ids)}{more}")


def _pending(what: str) -> str:
    return _page(
        f"Reprint desk: {what}",
        f'<h1>{esc(what.capitalize())}</h1><p id="pending">The archive is being surveyed (a scan of every '
        "article); reload this page in a moment.</p>",
    )


def _as_of(survey: Survey) -> str:
    stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(survey.finished))
    return f'<p class="muted">{len(survey.result.documents):,} articles, surveyed {stamp}.</p>'


def clusters_page(survey: Survey | None) -> str:
    """The archive's reuse clusters: members, likely origin, and source → copy edges."""
    if survey is None:
        return _pending("clusters")
    parts = ["<h1>Clusters</h1>", _as_of(survey)]
    if not survey.result.clusters:
        parts.append('<p class="muted">No reuse in the archive.</p>')
    for n, cluster in enumerate(survey.result.clusters, 1):
        origin = cluster.origin or "undetermined"
        parts.append(f'<section class="cluster"><h2>Cluster {n}: {len(cluster.documents)} articles</h2>')
        parts.append(f"<p>Likely origin: {esc(origin)}</p>")
        if cluster.external:
            parts.append(f"<p>Credited by both texts of a pair: {esc(', '.join(cluster.external))}</p>")
        parts.append(_list(cluster.documents))
        edges = "".join(
            f'<tr><td><a href="{esc(_url(e.source))}">{esc(e.source)}</a></td>'
            f'<td><a href="{esc(_url(e.target))}">{esc(e.target)}</a></td><td>{esc(e.relation)}</td>'
            f"<td>{e.confidence:.2f}</td></tr>"
            for e in cluster.edges
        )
        parts.append(
            "<table><thead><tr><th>source</th><th>copy</th><th>relation</th><th>confidence</th></tr></thead>"
            f"<tbody>{edges}</tbody></table></section>"
        )
    return _page("Reprint desk: clusters", "".join(parts))


def spellings_page(survey: Survey | None) -> str:
    """The archive's spelling table: names written more than one way, with their articles."""
    if survey is None:
        return _pending("spellings")
    return _page(
        "Reprint desk: spellings", "<h1>Name spellings</h1>" + _as_of(survey) + _spellings(survey.result.spellings)
    )


def _spellings(spellings: Sequence[NameSpellings]) -> str:
    if not spellings:
        return '<p class="muted">No name is written more than one way.</p>'
    rows = "".join(
        f'<tr><td>{esc(name.name)}</td><td><mark class="k-name-variant">{esc(s.spelling)}</mark></td>'
        f"<td>{s.count}</td><td>"
        + ", ".join(f'<a href="{esc(_url(d))}">{esc(d)}</a> ({n})' for d, n in s.documents)
        + "</td></tr>"
        for name in spellings
        for s in name.spellings
    )
    return (
        '<table id="spellings"><thead><tr><th>name</th><th>spelling</th><th>count</th><th>articles</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def error_page(status: int, message: str) -> str:
    """An error as a page: the status and the one-line message."""
    return _page(
        f"Reprint desk: error {status}",
        f'<h1>Error {status}</h1><p class="error" id="error">{esc(message)}</p>'
        '<p><a href="/">Back to the check</a></p>',
    )


def api_page() -> str:
    """What the API offers, in short (the schema is ``/api/openapi.json``)."""
    body = (
        "<h1>API</h1><ul>"
        '<li><code>POST /api/check</code> with JSON <code>{"text": "…", "name": "article.txt"}</code>: '
        "the JSON of <code>provenance check --format json</code>.</li>"
        "<li><code>GET /api/articles/{id}</code>: an archived article and what reuses it or it reuses.</li>"
        "<li><code>GET /api/health</code>: the number of archived articles.</li>"
        '<li><a href="/api/openapi.json">/api/openapi.json</a>: the OpenAPI schema.</li></ul>'
        '<p>Errors are JSON: <code>{"error": {"status": 413, "message": "…"}}</code> with that HTTP status.</p>'
    )
    return _page("Reprint desk: API", body)
