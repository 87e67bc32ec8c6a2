"""The HTML report: two texts side by side, changes highlighted, in one self-contained page.

No network fetches: CSS and the few lines of keyboard script are inline, there
are no fonts, images or external scripts, and a Content-Security-Policy forbids
loading anything. All article text is untrusted and goes through
:func:`html.escape`. The page is an index of the pairs followed by a section per
pair: the provenance relation and its evidence first, then the two texts in two
columns, each aligned sentence across from its counterpart and the sentences
only one side has in between; changes are ``<mark>`` elements whose classes
give their kind and severity, quotations are underlined, boilerplate is shown
struck through. Keys: ``j``/``k`` next/previous change, ``n``/``p``
next/previous pair; every change is also reachable with Tab. Under 700 pixels
the columns stack.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..detect.changes import SEVERITY_ORDER
from ..io.formats import link_target
from ..models import Alignment, Change, Document, DocumentMeta, PairResult, ScanResult, Span
from ..text.normalize import mixed_script_note
from ..text.quotes import find_quotations
from ..text.spanindex import SpanIndex

__all__ = ["render_html", "render_pair_html"]

_RELATION = {
    "a-from-b": "{a} took its text from {b}",
    "b-from-a": "{b} took its text from {a}",
    "common-source": "{a} and {b} share a common source",
    "undetermined": "which of {a} and {b} came first is undetermined",
}

_CSS = """
:root{--fg:#1b1b1b;--muted:#5a5a5a;--line:#d6d6d6;--bg:#fff;--soft:#f5f5f2}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
 color:var(--fg);background:var(--bg)}
header,main{max-width:1200px;margin:0 auto;padding:0 16px}
h1{font-size:1.6rem;margin:1rem 0 .3rem}h2{font-size:1.3rem;margin:2rem 0 .5rem}
h3{font-size:1.05rem;margin:1rem 0 .3rem}
a{color:#0645ad}a:focus,mark:focus{outline:3px solid #ff9800;outline-offset:1px}
.muted,.keys{color:var(--muted);font-size:.9rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
.scroll{overflow-x:auto}
.pair{border-top:3px solid var(--fg);margin-top:2rem}
.verdict{background:var(--soft);border-left:5px solid #3a6ea5;padding:8px 12px;margin:.5rem 0}
.verdict .relation{font-weight:700;font-size:1.1rem}
.sbs{border:1px solid var(--line)}
.row{display:grid;grid-template-columns:2.5rem 1fr 1fr;border-top:1px solid var(--line)}
.row:first-child{border-top:0}
.row,mark{scroll-margin-top:3.5rem}
.row>div{padding:6px 8px;white-space:pre-wrap;overflow-wrap:anywhere}
.row .n{color:var(--muted);font-size:.8rem;text-align:right}
.row.head{font-weight:700;background:var(--soft);position:sticky;top:0;z-index:1}
.row.only>div{color:var(--muted);background:#fbfbfb}
.row.aligned .a{border-right:1px solid var(--line)}
details summary{cursor:pointer;color:#0645ad;white-space:normal}
.chrome{text-decoration:line-through;color:#999}
mark{border-radius:3px;padding:0 1px;color:inherit;background:#fff3a8}
mark.k-name-variant{background:#e7d4ff}mark.k-number,mark.k-date{background:#ffc9c9}
mark.k-attribution{background:#ffd9a8}mark.k-synonym{background:#d3f5d3}mark.k-reorder{background:#cfe4ff}
mark.k-wording{background:#fff3a8}mark.k-insertion,mark.k-deletion{background:#e6e6e6}
mark.s-high{box-shadow:inset 0 -3px 0 #c62828}mark.s-medium{box-shadow:inset 0 -2px 0 #8a6d00}
mark.gap{padding:0 2px;font-weight:700}
.q{text-decoration:underline dotted #3a6ea5 2px;text-underline-offset:3px}
.q.altered{text-decoration-style:dashed;text-decoration-color:#b85c00}
.legend mark{display:inline-block;margin:2px 4px 2px 0}
.side{display:none}
@media (max-width:700px){
 body{font-size:15px}
 .row{grid-template-columns:1fr}
 .row .n{text-align:left}
 .row.head{display:none}
 .row.aligned .a{border-right:0;border-bottom:1px dashed var(--line)}
 .side{display:block;font-size:.75rem;color:var(--muted);font-weight:700}
 .row .empty{display:none}
}
"""

_JS = """
(function(){
  var marks=Array.prototype.slice.call(document.querySelectorAll('mark.chg'));
  var pairs=Array.prototype.slice.call(document.querySelectorAll('section.pair'));
  var at={mark:-1,pair:-1};
  function go(list,key,step){
    if(!list.length){return;}
    at[key]=Math.max(0,Math.min(list.length-1,at[key]+step));
    var el=list[at[key]];
    el.focus({preventScroll:true});
    el.scrollIntoView({block:'center'});
  }
  document.addEventListener('keydown',function(e){
    if(e.ctrlKey||e.metaKey||e.altKey){return;}
    var t=e.target&&e.target.tagName;
    if(t==='INPUT'||t==='TEXTAREA'){return;}
    if(e.key==='j'){go(marks,'mark',1);}
    else if(e.key==='k'){go(marks,'mark',-1);}
    else if(e.key==='n'){go(pairs,'pair',1);}
    else if(e.key==='p'){go(pairs,'pair',-1);}
  });
})();
"""

_KINDS = ("name-variant", "number", "date", "attribution", "wording", "synonym", "reorder", "insertion", "deletion")


# Control characters (an ANSI escape in an article, which ``compare --format html`` would send to a
# terminal) are shown as \xNN, never written; line breaks and tabs stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _e(text: str) -> str:
    r"""Text for HTML: markup escaped, control characters shown.

    >>> _e('<b class="x">\x1b[31m</b>')
    '&lt;b class=&quot;x&quot;&gt;\\x1b[31m&lt;/b&gt;'
    """
    return html.escape(_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text), quote=True)


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    open: str
    close: str
    order: int
    """Outer marks (quotations) open before inner ones (changes)."""


def _change_mark(change: Change, side: str, number: int) -> _Mark:
    start, end = change.a_span if side == "a" else change.b_span
    label = f"{change.kind}, {change.severity}{', in a quotation' if change.in_quote else ''}: "
    label += f"{change.a or '(nothing)'} → {change.b or '(nothing)'}"
    classes = f"chg k-{change.kind} s-{change.severity}" + (" gap" if start == end else "")
    attrs = f'class="{classes}" tabindex="0" title="{_e(label)}" data-change="{number}"'
    return _Mark(start, end, f"<mark {attrs}>", "</mark>", 1)


def _marked(text: str, span: Span, marks: Sequence[_Mark]) -> str:
    """``text[span]`` escaped, with each mark's tags around its part (split where marks overlap)."""
    lo, hi = span
    # A mark reaching past the span (a quotation over several sentences) is cut to it.
    inside = [
        dataclasses.replace(m, start=max(lo, m.start), end=min(hi, m.end))
        for m in marks
        if m.start < m.end and m.start < hi and m.end > lo
    ]
    points = [m for m in marks if lo <= m.start == m.end <= hi]
    cuts = sorted({lo, hi, *(m.start for m in inside), *(m.end for m in inside), *(m.start for m in points)})
    out: list[str] = []
    for x, y in zip(cuts, [*cuts[1:], hi], strict=True):
        out += [f"{m.open}‸{m.close}" for m in points if m.start == x]
        if y <= x:
            continue
        active = sorted((m for m in inside if m.start <= x and y <= m.end), key=lambda m: m.order)
        out.append("".join(m.open for m in active) + _e(text[x:y]) + "".join(m.close for m in reversed(active)))
    return "".join(out)


def _relation(pair: PairResult) -> str:
    prov = pair.provenance
    if prov is None:
        return '<div class="verdict"><p class="relation">No provenance decided.</p></div>'
    lines = [
        '<div class="verdict">',
        f'<p class="relation">{_e(_RELATION[prov.relation].format(a=pair.a, b=pair.b))}'
        f' <span class="muted">(relation {_e(prov.relation)}, confidence {prov.confidence:.2f})</span></p>',
    ]
    if prov.upstream:
        lines.append(f"<p>Both credit: {_e(', '.join(prov.upstream))}</p>")
    if prov.evidence:
        lines.append("<ul>" + "".join(f"<li>{_e(reason)}</li>" for reason in prov.evidence) + "</ul>")
    lines.append("</div>")
    return "\n".join(lines)


def _figures(pair: PairResult) -> str:
    changes = sum(len(al.changes) for al in pair.alignments)
    estimate = "–" if pair.estimated_jaccard is None else f"{pair.estimated_jaccard:.3f}"
    return (
        f'<p class="muted">{"Reuse" if pair.is_reuse else "Not reuse"}: {len(pair.alignments)} aligned sentence'
        f" group(s), {changes} change(s); aligned share {_e(pair.a)} {pair.share_a:.0%}, {_e(pair.b)} "
        f"{pair.share_b:.0%}; Jaccard {pair.jaccard:.3f} (estimated {estimate}).</p>"
    )


def _unaligned(doc: Document, covered: Sequence[Span]) -> list[tuple[Span, bool]]:
    """Sentences outside every alignment, and boilerplate, in text order (span, is boilerplate)."""
    aligned = SpanIndex((span, span) for span in covered if span[0] < span[1])
    free = [(s.span, False) for s in doc.sentences if s.tokens and not aligned.overlapping(*s.span)]
    return sorted(free + [(span, True) for span in doc.set_aside])


def _slot(position: int, starts: Sequence[int]) -> int:
    """Index of the first alignment (in A order) that starts after ``position`` on this side."""
    for n, start in enumerate(starts):
        if start > position:
            return n
    return len(starts)


_SHOWN_ONLY = 2
"""Sentences of a run only one side has that are shown; the rest fold into a <details>."""


def _marks(marks: Sequence[_Mark]) -> SpanIndex[_Mark]:
    """Marks looked up by span (a text of 10,000 quotations stays linear)."""
    return SpanIndex(((m.start, m.end), m) for m in marks)


def _plain_cell(doc: Document, pieces: Sequence[tuple[Span, bool]], quotes: SpanIndex[_Mark]) -> str:
    out = []
    for span, chrome in pieces:
        body = _marked(doc.text, span, quotes.touching(*span))
        out.append(f'<span class="chrome" title="set aside as boilerplate">{body}</span>' if chrome else body)
    if len(out) > _SHOWN_ONLY + 1:
        rest = len(out) - _SHOWN_ONLY
        return (
            " ".join(out[:_SHOWN_ONLY])
            + f"<details><summary>{rest} more sentence(s) only here</summary>{' '.join(out[_SHOWN_ONLY:])}</details>"
        )
    return " ".join(out)


def _only_cell(
    side: str, label: str, doc: Document, pieces: Sequence[tuple[Span, bool]], quotes: SpanIndex[_Mark]
) -> str:
    if not pieces:
        return f'<div class="{side} empty"></div>'
    return f'<div class="{side}"><span class="side">{label} only</span>{_plain_cell(doc, pieces, quotes)}</div>'


def _quote_marks(pair: PairResult, doc: Document, side: str) -> list[_Mark]:
    """Every direct quotation of ``doc``, and its counterpart in the other text; altered ones so marked."""
    kinds: dict[Span, bool] = {q.span: True for q in find_quotations(doc.text)}
    for check in pair.quotes:
        span = check.a_span if side == "a" else check.b_span
        kinds[span] = kinds.get(span, True) and check.verbatim
    marks = []
    for (start, end), verbatim in sorted(kinds.items()):
        cls, title = ("q", "quotation") if verbatim else ("q altered", "quotation, altered between the texts")
        marks.append(_Mark(start, end, f'<span class="{cls}" title="{title}">', "</span>", 0))
    return marks


def _side_by_side(pair: PairResult, doc_a: Document, doc_b: Document, anchor: str) -> str:
    ordered = sorted(pair.alignments, key=lambda al: al.a_span)
    quote_marks = {"a": _marks(_quote_marks(pair, doc_a, "a")), "b": _marks(_quote_marks(pair, doc_b, "b"))}
    starts_a = [al.a_span[0] for al in ordered]
    starts_b = [al.b_span[0] for al in ordered]
    slots: dict[int, tuple[list[tuple[Span, bool]], list[tuple[Span, bool]]]] = {}
    for span, chrome in _unaligned(doc_a, [al.a_span for al in ordered]):
        slots.setdefault(_slot(span[0], starts_a), ([], []))[0].append((span, chrome))
    for span, chrome in _unaligned(doc_b, [al.b_span for al in ordered]):
        slots.setdefault(_slot(span[0], starts_b), ([], []))[1].append((span, chrome))
    label_a, label_b = _e(doc_a.id), _e(doc_b.id)
    rows = [f'<div class="row head" role="row"><div class="n">#</div><div>{label_a}</div><div>{label_b}</div></div>']
    number = 0

    def only_row(slot: int) -> None:
        if slot not in slots:
            return
        left, right = slots[slot]
        rows.append(
            '<div class="row only" role="row"><div class="n"></div>'
            + _only_cell("a", label_a, doc_a, left, quote_marks["a"])
            + _only_cell("b", label_b, doc_b, right, quote_marks["b"])
            + "</div>"
        )

    for n, al in enumerate(ordered):
        only_row(n)
        marks_a = quote_marks["a"].touching(*al.a_span)
        marks_b = quote_marks["b"].touching(*al.b_span)
        for change in sorted(al.changes, key=lambda c: (c.a_span, c.b_span)):
            number += 1
            marks_a.append(_change_mark(change, "a", number))
            marks_b.append(_change_mark(change, "b", number))
        rows.append(
            f'<div class="row aligned" role="row" id="{anchor}-s{n + 1}"><div class="n">'
            f'<a href="#{anchor}-s{n + 1}" title="score {al.score:.2f}">{n + 1}</a></div>'
            f'<div class="a"><span class="side">{label_a}</span>{_marked(doc_a.text, al.a_span, marks_a)}</div>'
            f'<div class="b"><span class="side">{label_b}</span>{_marked(doc_b.text, al.b_span, marks_b)}</div></div>'
        )
    only_row(len(ordered))
    return '<div class="sbs" role="table">\n' + "\n".join(rows) + "\n</div>"


def _change_table(alignments: Sequence[Alignment], anchor: str) -> str:
    ranked = sorted(
        ((n, c) for n, al in enumerate(sorted(alignments, key=lambda al: al.a_span), 1) for c in al.changes),
        key=lambda item: SEVERITY_ORDER[item[1].severity],
    )
    if not ranked:
        return '<p class="muted">No changes inside the aligned sentences.</p>'
    rows = "".join(
        f'<tr><td><a href="#{anchor}-s{n}">{n}</a></td><td>{c.severity}</td><td>{c.kind}</td>'
        f"<td>{'yes' if c.in_quote else ''}</td><td>{_e(c.a)}</td><td>{_e(c.b)}</td></tr>"
        for n, c in ranked
    )
    return (
        f"<details><summary>All {len(ranked)} change(s), highest severity first</summary>"
        '<div class="scroll"><table><thead><tr><th>#</th><th>severity</th><th>kind</th><th>in quote</th>'
        f"<th>A</th><th>B</th></tr></thead><tbody>{rows}</tbody></table></div></details>"
    )


def _legend() -> str:
    kinds = "".join(f'<mark class="k-{k}">{k}</mark>' for k in _KINDS)
    return (
        f'<p class="legend muted">Change kinds: {kinds}<br>Severity: <mark class="s-high">high</mark> '
        '<mark class="s-medium">medium</mark> <mark>low</mark> (underline); '
        '<span class="q">quotation</span>, <span class="q altered">altered quotation</span>, '
        '<span class="chrome">boilerplate set aside</span>; ‸ marks where words were added or removed.</p>'
    )


def _pair_section(pair: PairResult, doc_a: Document, doc_b: Document, n: int) -> str:
    anchor = f"pair-{n}"
    return (
        f'<section class="pair" id="{anchor}" tabindex="-1" aria-labelledby="{anchor}-h">\n'
        f'<h2 id="{anchor}-h">{n}. {_e(doc_a.id)} ↔ {_e(doc_b.id)}</h2>\n'
        f"{_relation(pair)}\n{_figures(pair)}\n{_side_by_side(pair, doc_a, doc_b, anchor)}\n"
        f"{_change_table(pair.alignments, anchor)}\n"
        '<p><a href="#index">Back to the index</a></p>\n</section>'
    )


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n"
        f"<script>{_JS}</script>\n</body>\n</html>\n"
    )


def _header(title: str, summary: str) -> str:
    return (
        f'<header><h1>{_e(title)}</h1><p>{summary}</p><p class="keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous '
        "change, <kbd>n</kbd>/<kbd>p</kbd> next/previous pair; Tab moves through the changes.</p></header>"
    )


def render_pair_html(pair: PairResult, doc_a: Document, doc_b: Document) -> str:
    """A single comparison as a self-contained HTML page (``provenance compare --format html``)."""
    title = f"Provenance: {doc_a.id} ↔ {doc_b.id}"
    body = _header(title, _e(f"Comparison of {doc_a.path} and {doc_b.path}.")) + "\n<main>\n"
    body += '<nav id="index"></nav>\n' + _legend() + "\n" + _pair_section(pair, doc_a, doc_b, 1) + "\n</main>"
    return _page(title, body)


def _documents_table(result: ScanResult) -> str:
    rows = []
    for d in result.documents:
        meta = d.meta
        rows.append(
            f"<tr><td>{_e(d.id)}</td><td>{_e(d.format)}</td><td>{_e(d.encoding or 'UTF-8')}</td>"
            f"<td>{_e(meta.date or '') if meta else ''}</td><td>{_e(meta.outlet or '') if meta else ''}</td>"
            f"<td>{_title_cell(meta)}</td><td>{len(d.sentences)}</td></tr>"
        )
    return (
        '<section id="documents"><h2>Documents</h2><div class="scroll"><table><thead><tr><th>id</th><th>format</th>'
        "<th>encoding</th><th>date</th><th>outlet</th><th>title</th><th>sentences</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></div></section>"
    )


def _title_cell(meta: DocumentMeta | None) -> str:
    """A document's title, a link to the original page where it declares an http(s) URL."""
    if meta is None:
        return ""
    target = link_target(meta.url)
    if target is None:
        return _e(meta.title or "")
    return f'<a href="{_e(target)}" rel="noopener noreferrer nofollow">{_e(meta.title or "original")}</a>'


def _set_aside_section(result: ScanResult) -> str:
    parts = ['<section id="set-aside"><h2>Set aside</h2>']
    if result.problems:
        parts.append("<h3>Skipped files</h3><ul>")
        parts += [f"<li>{_e(p.path)}: {_e(p.reason)}</li>" for p in result.problems]
        parts.append("</ul>")
    if result.limits:
        parts.append("<h3>Alignment limits</h3><ul>")
        parts += [f"<li>{_e(limit.path)}: {_e(limit.note)}</li>" for limit in result.limits]
        parts.append("</ul>")
    short = [d for d in result.documents if d.extraction_warning is not None]
    if short:
        parts.append("<h3>Extraction warnings</h3><ul>")
        parts += [f"<li>{_e(d.path)}: {_e(d.extraction_warning or '')}</li>" for d in short]
        parts.append("</ul>")
    mixed = [d for d in result.documents if d.meta is not None and d.meta.mixed_script]
    if mixed:
        parts.append("<h3>Mixed-script text</h3><ul>")
        parts += [f"<li>{_e(d.path)}: {_e(mixed_script_note(d.meta.mixed_script) or '')}</li>" for d in mixed if d.meta]
        parts.append("</ul>")
    parts.append(f"<h3>Boilerplate lines ({len(result.boilerplate)})</h3>")
    if result.boilerplate:
        parts.append("<ul>")
        parts += [
            f'<li><span class="chrome">{_e(line.text)}</span> <span class="muted">({line.reason}; '
            f"{_e(', '.join(line.documents))})</span></li>"
            for line in result.boilerplate
        ]
        parts.append("</ul>")
    else:
        parts.append('<p class="muted">None.</p>')
    parts.append("</section>")
    return "".join(parts)


def render_html(result: ScanResult) -> str:
    """The scan report as one self-contained HTML page (``reports/provenance.html``)."""
    by_id = {d.id: d for d in result.documents}
    title = "Provenance report"
    summary = _e(
        f"{len(result.documents)} documents, {result.candidates} candidate pair(s), {len(result.pairs)} reuse pair(s)."
    )
    index_rows = []
    for n, p in enumerate(result.pairs, 1):
        relation = p.provenance.relation if p.provenance else "–"
        changes = [c for al in p.alignments for c in al.changes]
        high = sum(c.severity == "high" for c in changes)
        index_rows.append(
            f'<tr><td><a href="#pair-{n}">{n}. {_e(p.a)} ↔ {_e(p.b)}</a></td><td>{_e(relation)}</td>'
            f"<td>{p.share_a:.0%} / {p.share_b:.0%}</td><td>{len(changes)} ({high} high)</td></tr>"
        )
    index = (
        '<nav id="index" aria-label="Pairs"><h2>Reuse pairs</h2><div class="scroll"><table><thead><tr><th>pair</th>'
        "<th>relation</th><th>aligned share</th><th>changes</th></tr></thead><tbody>"
        + ("".join(index_rows) or '<tr><td colspan="4">No reuse found.</td></tr>')
        + "</tbody></table></div></nav>"
    )
    sections = [_pair_section(p, by_id[p.a], by_id[p.b], n) for n, p in enumerate(result.pairs, 1)]
    body = (
        _header(title, summary)
        + "\n<main>\n"
        + index
        + "\n"
        + _legend()
        + "\n"
        + "\n".join(sections)
        + "\n"
        + _documents_table(result)
        + "\n"
        + _set_aside_section(result)
        + "\n</main>"
    )
    return _page(title, body)
