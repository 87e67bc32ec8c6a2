"""The HTML report: an index of many pairs, and each pair's two texts side by side, in one self-contained page.

No network fetches: the CSS and script are package assets (``assets/``) inlined
into the page, there are no fonts, images or external scripts, and a
Content-Security-Policy lets only those two blocks (by their SHA-256) run or
apply. All article text is untrusted and goes through :func:`.escape.escape`.

The scan report opens with the pair index (sortable by share, changes by
severity, relation and date; filtered by relation, kind of change and severity;
searched over ids and titles; grouped by cluster), then each cluster's graph
(inline SVG from :mod:`.svg`), the corpus spelling table and the altered
quotations, then a section per pair. A pair's detail (its provenance, the two
texts and its tables) waits in the page as a JSON string and is built when the
section nears the viewport or is linked to, so a report of a thousand pairs is
interactive as soon as its index is. In a detail, each aligned sentence sits
across from its counterpart and a sentence only one side has gets a row of its
own (never across from the other side's). One encoding each: the kind of a
change is its colour, its severity its border (bold for high), a quotation a
background tint. Keys: ``j``/``k`` next/previous change, ``n``/``p``
next/previous pair, ``/`` the search box; every change is reachable with Tab.
Under 700 pixels the columns stack and the index rows become cards.
"""

from __future__ import annotations

import base64
import bisect
import dataclasses
import functools
import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

from ..detect.changes import SEVERITY_ORDER
from ..detect.gaps import excerpt
from ..io.formats import link_target
from ..models import Alignment, Change, Document, DocumentMeta, PairResult, QuoteCheck, ScanResult, Span
from ..text.normalize import mixed_script_note
from ..text.quotes import find_quotations
from ..text.spanindex import SpanIndex
from .escape import escape
from .svg import cluster_svg, node_label
from .text import moved_summary, sentences_label

__all__ = ["csp_source", "relation_sentence", "render_html", "render_pair_html", "stylesheet"]

_RELATION = {
    "a-from-b": "{a} took its text from {b}",
    "b-from-a": "{b} took its text from {a}",
    "common-source": "{a} and {b} share a common source",
    "undetermined": "which of {a} and {b} came first is undetermined",
}
_RELATION_SHORT = {
    "a-from-b": "copied",
    "b-from-a": "copied",
    "common-source": "common source",
    "undetermined": "undetermined",
    "none": "not decided",
}

_KINDS = (
    "name-variant",
    "number",
    "date",
    "reversal",
    "attribution",
    "wording",
    "synonym",
    "reorder",
    "insertion",
    "deletion",
)
_SEVERITIES = ("high", "medium", "low")

_TITLE_IN_INDEX = 200
"""Characters of a title kept in the index and its search text."""
_SPELLING_DOCS = 12
"""Documents listed for one spelling before the rest fold into a count."""

_e = escape
"""Text for HTML (:func:`.escape.escape`): every value from an article or a file goes through it."""

_UNWRITTEN = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""What JSON would leave raw but the page never holds: DEL and C1 controls (a terminal's CSI is 0x9B), line
separators, bidirectional overrides, and lone surrogates (a file's undecodable bytes, which UTF-8 cannot
write)."""


def _blob(markup: str) -> str:
    r"""Markup as a JSON string safe inside ``<script type="application/json">``: no ``</`` can end the
    element and no ``<!`` start a comment there (the only two sequences its raw text reacts to).

    >>> _blob('<p>a & "b"</script><!--</p>')
    '"<p>a & \\"b\\"<\\/script>\\u003c!--<\\/p>"'
    """
    text = json.dumps(markup, ensure_ascii=False).replace("</", "<\\/").replace("<!", "\\u003c!")
    return _UNWRITTEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@functools.cache
def _asset(name: str) -> str:
    """A file of ``assets/`` (the page's CSS and script), as shipped in the package."""
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


def stylesheet() -> str:
    """The report's CSS (the reprint desk's pages use it too)."""
    return _asset("report.css")


def csp_source(text: str) -> str:
    """A CSP source allowing exactly this inline block (a ``<script>`` or ``<style>``'s content)."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


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


@dataclass(frozen=True)
class _Text:
    """A document's text as a page shows it: escaped in place, or (``ref`` set) as references into one copy of
    the text that the page's script slices and escapes, so a text in many pairs is in the file once."""

    doc: Document
    ref: int | None = None
    """The document's number in the page's text store (``<script id="doc-N">``), or None to inline."""

    def piece(self, start: int, end: int) -> str:
        r"""``text[start:end]`` escaped, or a reference the script resolves: ``\x00N:start:end\x00`` (a NUL
        never survives escaping, so it cannot occur otherwise in the markup)."""
        if self.ref is None:
            return _e(self.doc.text[start:end])
        return f"\x00{self.ref}:{start}:{end}\x00"

    @functools.cached_property
    def quotations(self) -> tuple[Span, ...]:
        """The spans of the text's direct quotations (found once, however many pairs show the text)."""
        return tuple(q.span for q in find_quotations(self.doc.text))


def _marked(text: _Text, span: Span, marks: Sequence[_Mark]) -> str:
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
        out.append("".join(m.open for m in active) + text.piece(x, y) + "".join(m.close for m in reversed(active)))
    return "".join(out)


def _oriented(pair: PairResult) -> tuple[str, str, bool]:
    """The pair's ids source first when its direction is decided (and whether it is), else as stored."""
    if pair.source is None or pair.copy is None:
        return pair.a, pair.b, False
    return pair.source, pair.copy, True


def _pair_name(pair: PairResult) -> str:
    first, second, directed = _oriented(pair)
    return f"{_e(first)} {'→' if directed else '↔'} {_e(second)}"


def _roles(pair: PairResult) -> dict[str, str]:
    """What each side is, where the direction is decided: ``{"a": "source", "b": "copy"}`` or nothing."""
    first, _, directed = _oriented(pair)
    if not directed:
        return {}
    return {"a": "source", "b": "copy"} if first == pair.a else {"a": "copy", "b": "source"}


def relation_sentence(relation: str, a: str, b: str) -> str | None:
    """A provenance relation read as a sentence, ``a`` and ``b`` as the pair names them (None for no relation).

    >>> relation_sentence("b-from-a", "x", "y")
    'y took its text from x'
    """
    template = _RELATION.get(relation)
    return None if template is None else template.format(a=a, b=b)


def _relation(pair: PairResult) -> str:
    prov = pair.provenance
    if prov is None:
        said = "No reuse: neither text is the other's source." if not pair.is_reuse else "No provenance decided."
        return f'<div class="verdict"><p class="relation">{said}</p></div>'
    lines = [
        '<div class="verdict">',
        f'<p class="relation">{_e(relation_sentence(prov.relation, pair.a, pair.b) or prov.relation)}'
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


def _reach(starts: Iterable[int]) -> list[int]:
    """The furthest start so far at each alignment (in A order): what :func:`_slot` searches."""
    return list(itertools.accumulate(starts, max))


def _slot(position: int, reach: Sequence[int]) -> int:
    """Index of the first alignment (in A order) that starts after ``position`` on this side, found by a binary
    search of :func:`_reach` (the first alignment starting after it is the first whose reach passes it; B's
    starts are in no order): a text of many sentences outside a pair of many alignments stays n log n.

    >>> starts = [10, 40, 20, 50]
    >>> [_slot(p, _reach(starts)) for p in (5, 15, 30, 45, 60)]
    [0, 1, 1, 3, 4]
    """
    return bisect.bisect_right(reach, position)


_SHOWN_ONLY = 2
"""Sentences of a run only one side has that are shown; the rest fold into a <details>."""


def _marks(marks: Sequence[_Mark]) -> SpanIndex[_Mark]:
    """Marks looked up by span (a text of 10,000 quotations stays linear)."""
    return SpanIndex(((m.start, m.end), m) for m in marks)


def _plain_cell(text: _Text, pieces: Sequence[tuple[Span, bool]], quotes: SpanIndex[_Mark]) -> str:
    out = []
    for span, chrome in pieces:
        body = _marked(text, span, quotes.touching(*span))
        out.append(f'<span class="chrome" title="set aside as boilerplate">{body}</span>' if chrome else body)
    if len(out) > _SHOWN_ONLY + 1:
        rest = len(out) - _SHOWN_ONLY
        return (
            " ".join(out[:_SHOWN_ONLY])
            + f"<details><summary>{rest} more sentence(s) only here</summary>{' '.join(out[_SHOWN_ONLY:])}</details>"
        )
    return " ".join(out)


_ONLY_TAG = {"source": "dropped by the copy", "copy": "added by the copy"}


def _only_row(
    side: str, label: str, role: str | None, text: _Text, pieces: Sequence[tuple[Span, bool]], quotes: SpanIndex[_Mark]
) -> str:
    """A row for sentences only one side has: that side filled, the other left empty, so nothing faces it."""
    tag = f"only in {label}" + (f" ({_ONLY_TAG[role]})" if role else "")
    cell = f'<div class="{side}"><span class="tag">{tag}</span>{_plain_cell(text, pieces, quotes)}</div>'
    empty = f'<div class="{"b" if side == "a" else "a"} empty"></div>'
    return f'<div class="row only only-{side}" role="row"><div class="n"></div>{cell if side == "a" else empty}' + (
        f"{empty}</div>" if side == "a" else f"{cell}</div>"
    )


def _quote_marks(pair: PairResult, text: _Text, side: str) -> list[_Mark]:
    """Every direct quotation of the text, and its counterpart in the other text; altered ones so marked."""
    kinds: dict[Span, bool] = dict.fromkeys(text.quotations, True)
    for check in pair.quotes:
        span = check.a_span if side == "a" else check.b_span
        kinds[span] = kinds.get(span, True) and check.verbatim
    marks = []
    for (start, end), verbatim in sorted(kinds.items()):
        cls, title = ("q", "quotation") if verbatim else ("q altered", "quotation, altered between the texts")
        marks.append(_Mark(start, end, f'<span class="{cls}" title="{title}">', "</span>", 0))
    return marks


def _side_by_side(pair: PairResult, text_a: _Text, text_b: _Text, anchor: str) -> str:
    doc_a, doc_b = text_a.doc, text_b.doc
    ordered = sorted(pair.alignments, key=lambda al: al.a_span)
    quote_marks = {"a": _marks(_quote_marks(pair, text_a, "a")), "b": _marks(_quote_marks(pair, text_b, "b"))}
    starts_a = _reach(al.a_span[0] for al in ordered)
    starts_b = _reach(al.b_span[0] for al in ordered)
    slots: dict[int, tuple[list[tuple[Span, bool]], list[tuple[Span, bool]]]] = {}
    for span, chrome in _unaligned(doc_a, [al.a_span for al in ordered]):
        slots.setdefault(_slot(span[0], starts_a), ([], []))[0].append((span, chrome))
    for span, chrome in _unaligned(doc_b, [al.b_span for al in ordered]):
        slots.setdefault(_slot(span[0], starts_b), ([], []))[1].append((span, chrome))
    label_a, label_b = _e(doc_a.id), _e(doc_b.id)
    roles = _roles(pair)
    head_a = label_a + (f" ({roles['a']})" if roles else "")
    head_b = label_b + (f" ({roles['b']})" if roles else "")
    rows = [f'<div class="row head" role="row"><div class="n">#</div><div>{head_a}</div><div>{head_b}</div></div>']
    number = 0

    def only_rows(slot: int) -> None:
        left, right = slots.get(slot, ([], []))
        if left:
            rows.append(_only_row("a", label_a, roles.get("a"), text_a, left, quote_marks["a"]))
        if right:
            rows.append(_only_row("b", label_b, roles.get("b"), text_b, right, quote_marks["b"]))

    for n, al in enumerate(ordered):
        only_rows(n)
        marks_a = quote_marks["a"].touching(*al.a_span)
        marks_b = quote_marks["b"].touching(*al.b_span)
        for change in sorted(al.changes, key=lambda c: (c.a_span, c.b_span)):
            number += 1
            marks_a.append(_change_mark(change, "a", number))
            marks_b.append(_change_mark(change, "b", number))
        rows.append(
            f'<div class="row aligned" role="row" id="{anchor}-s{n + 1}"><div class="n">'
            f'<a href="#{anchor}-s{n + 1}" title="score {al.score:.2f}">{n + 1}</a></div>'
            f'<div class="a"><span class="side">{label_a}</span>{_marked(text_a, al.a_span, marks_a)}</div>'
            f'<div class="b"><span class="side">{label_b}</span>{_marked(text_b, al.b_span, marks_b)}</div></div>'
        )
    only_rows(len(ordered))
    return '<div class="sbs" role="table">\n' + "\n".join(rows) + "\n</div>"


def _change_table(alignments: Sequence[Alignment], anchor: str, doc_a: Document, doc_b: Document) -> str:
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
        f"<th>{_e(doc_a.id)}</th><th>{_e(doc_b.id)}</th></tr></thead><tbody>{rows}</tbody></table></div></details>"
    )


_QUOTE_WIDTH = 160
"""Characters of a quotation shown in a fidelity table."""


def _cut(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _altered_words(check: QuoteCheck) -> str:
    return "; ".join(f"{_e(c.a) or '–'} → {_e(c.b) or '–'}" for c in check.changes)


def _quote_table(pair: PairResult, doc_a: Document, doc_b: Document) -> str:
    """Quote fidelity: each aligned quotation, verbatim or with the words that changed."""
    altered = sum(not q.verbatim for q in pair.quotes)
    head = f"<h3>Quote fidelity ({len(pair.quotes)} quotation(s), {altered} altered)</h3>"
    if not pair.quotes:
        return head + '<p class="muted">No aligned quotation.</p>'
    where = {"a": _e(doc_a.id), "b": _e(doc_b.id), "both": "both"}
    rows = "".join(
        f"<tr><td>{n}</td><td>{where[q.quoted_in]}</td>"
        f"<td>{'verbatim' if q.verbatim else '<strong>altered</strong>'}</td><td>{_altered_words(q)}</td>"
        f"<td>{_e(_cut(doc_a.text[q.a_span[0] : q.a_span[1]], _QUOTE_WIDTH))}</td>"
        f"<td>{_e(_cut(doc_b.text[q.b_span[0] : q.b_span[1]], _QUOTE_WIDTH))}</td></tr>"
        for n, q in enumerate(pair.quotes, 1)
    )
    return (
        head + '<div class="scroll"><table class="quotes"><thead><tr><th>#</th><th>quoted in</th><th>fidelity</th>'
        f"<th>altered words</th><th>{_e(doc_a.id)}</th><th>{_e(doc_b.id)}</th></tr></thead><tbody>{rows}"
        "</tbody></table></div>"
    )


def _legend() -> str:
    kinds = "".join(f'<mark class="k-{k}">{k}</mark>' for k in _KINDS)
    return (
        f'<p class="legend muted">Kind of change (colour): {kinds}<br>Severity (border): '
        '<mark class="s-high">high</mark> <mark class="s-medium">medium</mark> <mark>low</mark>; '
        '<span class="q">quotation</span> <span class="q altered">altered quotation</span> (tint); '
        '<span class="chrome">boilerplate set aside</span>; ‸ marks where words were added or removed.</p>'
    )


_GAP_HEAD = {"source": "Dropped from the source", "copy": "Added by the copy"}


def _unaligned_passages(pair: PairResult, doc_a: Document, doc_b: Document) -> str:
    """What each side has that the other lacks: for a decided direction, what the copy added and dropped."""
    roles = _roles(pair)
    parts = []
    sides = (
        ("a", doc_a, pair.unaligned_a, pair.unaligned_share_a),
        ("b", doc_b, pair.unaligned_b, pair.unaligned_share_b),
    )
    for side, doc, passages, share in sides:
        if not passages:
            continue
        head = _GAP_HEAD.get(roles.get(side, ""), "Only in")
        items = "".join(
            f'<li><span class="muted">{sentences_label(p.sentences)}, {p.characters} characters:</span> '
            f"{_e(excerpt(doc.text, p))}</li>"
            for p in passages
        )
        parts.append(
            f'<details class="gap-{side}"><summary>{head} {_e(doc.id)}: {len(passages)} passage(s), {share:.0%} of '
            f"its text</summary><ul>{items}</ul></details>"
        )
    moved = moved_summary(pair)
    if moved is not None:
        parts.append(f'<p class="moved muted">{_e(moved[0].upper() + moved[1:])}.</p>')
    return f'<div class="gaps">{"".join(parts)}</div>' if parts else ""


def _pair_detail(pair: PairResult, text_a: _Text, text_b: _Text, anchor: str) -> str:
    """Everything about one pair below its heading: provenance, figures, what one side lacks, the texts,
    its tables."""
    doc_a, doc_b = text_a.doc, text_b.doc
    return (
        f"{_relation(pair)}\n{_figures(pair)}\n{_unaligned_passages(pair, doc_a, doc_b)}\n"
        f"{_side_by_side(pair, text_a, text_b, anchor)}\n"
        f"{_change_table(pair.alignments, anchor, doc_a, doc_b)}\n{_quote_table(pair, doc_a, doc_b)}"
    )


def _titles(*docs: Document) -> str:
    titles = [d.meta.title for d in docs if d.meta is not None and d.meta.title]
    return " · ".join(_e(_cut(t, _TITLE_IN_INDEX)) for t in titles)


def _pair_section(pair: PairResult, text_a: _Text, text_b: _Text, n: int, *, lazy: bool) -> str:
    """A pair's section; with ``lazy`` its detail follows as a JSON string the page's script puts in place."""
    anchor = f"pair-{n}"
    detail = _pair_detail(pair, text_a, text_b, anchor)
    titles = _titles(text_a.doc, text_b.doc)
    section = (
        f'<section class="pair" id="{anchor}" data-n="{n}" tabindex="-1" aria-labelledby="{anchor}-h"'
        f'{"" if lazy else " data-open"}>\n<h2 id="{anchor}-h">{n}. {_pair_name(pair)}</h2>\n'
        + (f'<p class="muted">{titles}</p>\n' if titles else "")
        + f'<div class="detail">{"" if lazy else detail}</div>\n'
        '<p><a href="#index">Back to the index</a></p>\n</section>'
    )
    if lazy:
        section += f'\n<script type="application/json" id="pd-{n}">{_blob(detail)}</script>'
    return section


_KEYS = (
    '<p class="keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous change, <kbd>n</kbd>/<kbd>p</kbd> next/previous'
    " pair, <kbd>/</kbd> search; Tab moves through the changes.</p>"
)


def _page(title: str, body: str, rest: str = "") -> str:
    """The page: ``body``, the script (so what ``body`` holds answers while ``rest`` is still parsing), ``rest``."""
    css, js = _asset("report.css"), _asset("report.js")
    policy = (
        f"default-src 'none'; style-src {csp_source(css)}; script-src {csp_source(js)}; "
        "base-uri 'none'; form-action 'none'"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        f"<title>{_e(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n{body}\n"
        f"<script>{js}</script>\n{rest}{chr(10) if rest else ''}</body>\n</html>\n"
    )


def render_pair_html(pair: PairResult, doc_a: Document, doc_b: Document) -> str:
    """A single comparison as a self-contained HTML page (``provenance compare --format html``)."""
    title = f"Provenance: {doc_a.id} ↔ {doc_b.id}"
    body = (
        f"<header><h1>{_e(title)}</h1><p>{_e(f'Comparison of {doc_a.path} and {doc_b.path}.')}</p>{_KEYS}</header>"
        f'\n<main>\n<nav id="index"></nav>\n{_legend()}\n'
        f"{_pair_section(pair, _Text(doc_a), _Text(doc_b), 1, lazy=False)}\n</main>"
    )
    return _page(title, body)


def _title_cell(meta: DocumentMeta | None) -> str:
    """A document's title, a link to the original page where it declares an http(s) URL."""
    if meta is None:
        return ""
    target = link_target(meta.url)
    if target is None:
        return _e(meta.title or "")
    return f'<a href="{_e(target)}" rel="noopener noreferrer nofollow">{_e(meta.title or "original")}</a>'


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


def _cluster_of(result: ScanResult) -> dict[str, int]:
    """Each clustered document's cluster number (from 1)."""
    return {doc: n for n, cluster in enumerate(result.clusters, 1) for doc in cluster.documents}


def _origin(origin: str | None) -> str:
    return _e(node_label(origin)) if origin else "undetermined"


def _options(name: str, label: str, values: Iterable[tuple[str, str]]) -> str:
    opts = "".join(f'<option value="{_e(v)}">{_e(text)}</option>' for v, text in values)
    return f'<label for="{name}">{label}<select id="{name}"><option value="">all</option>{opts}</select></label>'


def _index_row(pair: PairResult, n: int, by_id: dict[str, Document], group: str) -> str:
    """One pair of the index, with what the script sorts, filters and searches on as data attributes."""
    doc_a, doc_b = by_id[pair.a], by_id[pair.b]
    relation = pair.provenance.relation if pair.provenance else "none"
    changes = [c for al in pair.alignments for c in al.changes]
    count = {s: sum(c.severity == s for c in changes) for s in _SEVERITIES}
    kinds = " ".join(sorted({c.kind for c in changes}))
    severities = " ".join(s for s in _SEVERITIES if count[s])
    dates = sorted(d.meta.date for d in (doc_a, doc_b) if d.meta is not None and d.meta.date)
    titles = [d.meta.title for d in (doc_a, doc_b) if d.meta is not None and d.meta.title]
    search = " ".join([pair.a, pair.b, *(_cut(t, _TITLE_IN_INDEX) for t in titles)]).lower()
    shown = " · ".join(f'<span class="sev-{s}">{count[s]} {s}</span>' for s in _SEVERITIES if count[s]) or "none"
    rank = count["high"] * 10**8 + min(count["medium"], 9999) * 10**4 + min(count["low"], 9999)  # high first
    when = " → ".join(f'<span class="nw">{_e(d)}</span>' for d in dict.fromkeys(dates)) or "–"
    title_line = f'<span class="titles">{_titles(doc_a, doc_b)}</span>' if titles else ""
    return (
        f'<tr class="p" data-n="{n}" data-group="{group}" data-share="{max(pair.share_a, pair.share_b):.4f}"'
        f' data-sev="{rank}" data-rel="{relation}" data-kinds="{kinds}" data-sevs="{severities}"'
        f' data-date="{_e(dates[-1] if dates else "")}" data-q="{_e(search)}">'
        f'<td class="pid"><a href="#pair-{n}">{n}. {_pair_name(pair)}</a>{title_line}</td>'
        f'<td data-label="relation">{_RELATION_SHORT[relation]}</td>'
        f'<td data-label="aligned share" class="nw">{pair.share_a:.0%} / {pair.share_b:.0%}</td>'
        f'<td data-label="changes" class="sev">{shown}</td>'
        f'<td data-label="date">{when}</td></tr>'
    )


def _index(result: ScanResult, by_id: dict[str, Document]) -> str:
    """The pair index: controls, then one table body per cluster (and an ungrouped body the script fills)."""
    cluster_of = _cluster_of(result)
    groups: dict[int, list[str]] = {}
    for n, pair in enumerate(result.pairs, 1):
        k = cluster_of.get(pair.a, 0)
        groups.setdefault(k, []).append(_index_row(pair, n, by_id, f"g-{k}"))
    bodies = []
    for k in sorted(groups, key=lambda k: (k == 0, k)):
        if k:
            cluster = result.clusters[k - 1]
            head = (
                f'<a href="#cluster-{k}">Cluster {k}</a>: {len(cluster.documents)} documents, '
                f"{len(groups[k])} pair(s), origin {_origin(cluster.origin)}"
            )
        else:
            head = "Not in a cluster"
        bodies.append(
            f'<tbody class="cluster" id="g-{k}"><tr class="group"><th colspan="5">{head}</th></tr>'
            + "".join(groups[k])
            + "</tbody>"
        )
    relations = sorted({p.provenance.relation if p.provenance else "none" for p in result.pairs})
    kinds = [k for k in _KINDS if any(c.kind == k for p in result.pairs for al in p.alignments for c in al.changes)]
    sorts = (("n", "pair"), ("share", "aligned share"), ("sev", "changes"), ("rel", "relation"), ("date", "date"))
    sort_options = "".join(
        f'<option value="{k}:{d}">{text}, {"highest" if d == "desc" else "lowest"} first</option>'
        if k in ("share", "sev")
        else f'<option value="{k}:{d}">{text}{", reversed" if d == "desc" else ""}</option>'
        for k, text in sorts
        for d in ("asc", "desc")
    )
    controls = (
        '<div class="controls" role="search">'
        '<label for="q">search ids and titles<input type="search" id="q" autocomplete="off"></label>'
        + _options("f-rel", "relation", ((r, f"{_RELATION_SHORT[r]} ({r})") for r in relations))
        + _options("f-kind", "kind of change", ((k, k) for k in kinds))
        + _options("f-sev", "severity", ((s, f"has {s}") for s in _SEVERITIES))
        + f'<label for="sort">sort<select id="sort">{sort_options}</select></label>'
        '<label for="group" class="check">group by cluster<input type="checkbox" id="group" checked></label>'
        '</div><p class="muted" id="shown" aria-live="polite"></p>'
    )
    heads = "".join(
        f'<th data-sort="{k}" scope="col"><button type="button">{text}</button></th>'
        for k, text in (("n", "pair"), ("rel", "relation"), ("share", "aligned share"), ("sev", "changes"))
    )
    heads += '<th data-sort="date" scope="col"><button type="button">date</button></th>'
    empty = '<tbody><tr><td colspan="5">No reuse found.</td></tr></tbody>' if not result.pairs else ""
    return (
        f'<nav id="index" aria-label="Pairs"><h2>Reuse pairs ({len(result.pairs)})</h2>{controls}'
        f'<table id="pairs"><thead><tr>{heads}</tr></thead>{"".join(bodies)}{empty}'
        '<tbody id="flat" hidden></tbody></table></nav>'
    )


def _clusters_section(result: ScanResult) -> str:
    parts = [f'<section id="clusters"><h2>Clusters ({len(result.clusters)})</h2>']
    if not result.clusters:
        parts.append('<p class="muted">No reuse, so no cluster.</p>')
    pairs_of: dict[int, list[int]] = {}
    cluster_of = _cluster_of(result)
    for n, pair in enumerate(result.pairs, 1):
        pairs_of.setdefault(cluster_of.get(pair.a, 0), []).append(n)
    for k, cluster in enumerate(result.clusters, 1):
        name = f"Cluster {k}: {len(cluster.documents)} documents, origin {_origin(cluster.origin)}"
        links = ", ".join(f'<a href="#pair-{n}">{n}</a>' for n in pairs_of.get(k, []))
        external = f"<p>External sources: {_e(', '.join(cluster.external))}</p>" if cluster.external else ""
        parts.append(
            f'<div class="cluster" id="cluster-{k}"><h3>{name}</h3>'
            f'<div class="graph">{cluster_svg(cluster, label=f"Cluster {k}")}</div>{external}'
            f'<p class="muted">Pairs: {links}</p></div>'
        )
    parts.append("</section>")
    return "".join(parts)


def _spellings_section(result: ScanResult) -> str:
    head = '<section id="spellings"><h2>Name spellings</h2>'
    if not result.spellings:
        return head + '<p class="muted">Every name is spelled one way across the corpus.</p></section>'
    rows = []
    for name in result.spellings:
        for s in name.spellings:
            docs = [f"{_e(doc)} ({n})" for doc, n in s.documents]
            listed = ", ".join(docs[:_SPELLING_DOCS]) + (
                f" and {len(docs) - _SPELLING_DOCS} more" if len(docs) > _SPELLING_DOCS else ""
            )
            rows.append(
                f"<tr><td>{_e(name.name)}</td><td>{_e(s.spelling)}</td><td>{s.count}</td><td>{listed}</td></tr>"
            )
    return (
        head + "<p>Names written more than one way across the corpus (each spelling with its documents and counts)."
        '</p><div class="scroll"><table class="spellings"><thead><tr><th>name</th><th>spelling</th><th>count</th>'
        f"<th>documents</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div></section>"
    )


def _quotes_section(result: ScanResult) -> str:
    """Quote fidelity over the corpus: every pair's quotations counted, the altered ones listed."""
    quoted = [(n, p) for n, p in enumerate(result.pairs, 1) if p.quotes]
    total = sum(len(p.quotes) for _, p in quoted)
    altered = [(n, p, q) for n, p in quoted for q in p.quotes if not q.verbatim]
    parts = [
        f'<section id="quotes"><h2>Quote fidelity</h2><p>{total} aligned quotation(s) in {len(quoted)} pair(s), '
        f"{len(altered)} altered between the texts.</p>"
    ]
    if altered:
        rows = "".join(
            f'<tr><td><a href="#pair-{n}">{n}. {_pair_name(p)}</a></td><td>{_altered_words(q)}</td></tr>'
            for n, p, q in altered
        )
        parts.append(
            '<div class="scroll"><table class="quotes"><thead><tr><th>pair</th><th>altered words</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div>"
        )
    parts.append("</section>")
    return "".join(parts)


def render_html(result: ScanResult) -> str:
    """The scan report as one self-contained HTML page (``reports/provenance.html``)."""
    by_id = {d.id: d for d in result.documents}
    title = "Provenance report"
    summary = _e(
        f"{len(result.documents)} documents, {result.candidates} candidate pair(s), {len(result.pairs)} reuse pair(s)."
    )
    toc = (
        '<p class="toc"><a href="#index">Pairs</a><a href="#clusters">Clusters</a><a href="#spellings">Spellings</a>'
        '<a href="#quotes">Quote fidelity</a><a href="#documents">Documents</a><a href="#set-aside">Set aside</a></p>'
    )
    paired = sorted({x for p in result.pairs for x in (p.a, p.b)})
    texts = {doc_id: _Text(by_id[doc_id], k) for k, doc_id in enumerate(paired)}
    store = [f'<script type="application/json" id="doc-{t.ref}">{_blob(t.doc.text)}</script>' for t in texts.values()]
    sections = [_pair_section(p, texts[p.a], texts[p.b], n, lazy=True) for n, p in enumerate(result.pairs, 1)]
    # The index and the corpus tables come before the script, so they answer while the pairs still parse.
    body = "\n".join(
        [
            f"<header><h1>{_e(title)}</h1><p>{summary}</p>{toc}{_KEYS}</header>",
            "<main>",
            _index(result, by_id),
            _clusters_section(result),
            _spellings_section(result),
            _quotes_section(result),
        ]
    )
    rest = "\n".join(
        [
            f'<section id="details"><h2>Pairs in detail</h2>{_legend()}</section>',
            *sections,
            _documents_table(result),
            _set_aside_section(result),
            "</main>",
            *store,
        ]
    )
    return _page(title, body, rest)
