"""The HTML report's markup: self-contained, escaped, changes marked by kind and severity, many pairs indexed."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re
from collections.abc import Callable
from html import escape as html_escape
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner
from helpers import SEED_A, SEED_B

from provenance import Document, DocumentMeta, ScanResult, Settings, compare, scan
from provenance.cli import main
from provenance.models import Cluster, Edge
from provenance.report import render_html, render_pair_html
from provenance.report.html import _e
from provenance.report.svg import cluster_svg


class _Collect(HTMLParser):
    """Tags, attributes and text of a page, and whether it nests properly."""

    VOID = frozenset({"meta", "br", "link", "img", "input", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.marks: list[tuple[str, str]] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[str, list[str]] = {}
        self._mark_text: list[str] | None = None
        self._mark_class = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs += [(tag, k, v) for k, v in attrs]
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag == "mark":
            self._mark_text, self._mark_class = [], dict(attrs).get("class") or ""

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()
        if tag == "mark" and self._mark_text is not None:
            self.marks.append((self._mark_class, "".join(self._mark_text)))
            self._mark_text = None

    def handle_data(self, data: str) -> None:
        if self._mark_text is not None:
            self._mark_text.append(data)
        if self.stack:
            self.texts.setdefault(self.stack[-1], []).append(data)


def _parse(page: str) -> _Collect:
    parser = _Collect()
    parser.feed(page)
    parser.close()
    assert parser.errors == [] and parser.stack == []
    return parser


_BLOB = r'<script type="application/json" id="{}-(\d+)">(.*?)</script>'


def _details(page: str) -> dict[str, str]:
    """Each pair's detail as the page's script builds it: the JSON markup with its text references resolved
    against the page's one copy of each document (sliced by code point, escaped as the renderer does)."""
    texts = {k: json.loads(v) for k, v in re.findall(_BLOB.format("doc"), page, re.DOTALL)}

    def build(markup: str) -> str:
        parts = markup.split("\x00")
        for i in range(1, len(parts), 2):
            ref, start, end = parts[i].split(":")
            parts[i] = _e(texts[ref][int(start) : int(end)])
        return "".join(parts)

    return {n: build(json.loads(blob)) for n, blob in re.findall(_BLOB.format("pd"), page, re.DOTALL)}


def _opened(page: str) -> str:
    """The page with every pair's detail in its section, as after scrolling through it all."""
    details = _details(page)

    def fill(m: re.Match[str]) -> str:
        return m.group(0).replace('<div class="detail"></div>', f'<div class="detail">{details[m.group(1)]}</div>', 1)

    return re.sub(r'<section class="pair" id="pair-(\d+)".*?</section>', fill, page, flags=re.DOTALL)


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_scan_report_is_self_contained_and_well_formed(seed_scan: ScanResult) -> None:
    page = render_html(seed_scan)
    assert page == render_html(seed_scan)  # deterministic
    parsed = _parse(page)
    assert not [a for a in parsed.attrs if a[1] in ("src", "srcset") or (a[0] == "link" and a[1] == "href")]
    assert not re.search(r"https?://[^\s\"'<]*\.(?:css|js|woff2?)", page)
    assert "@import" not in page and "url(" not in page
    assert 'name="viewport"' in page and "@media (max-width:700px)" in page
    # The policy lets exactly the page's own style and script apply, by hash: nothing inline otherwise.
    (policy,) = [a[2] for a in parsed.attrs if a[0] == "meta" and a[1] == "content" and "default-src" in (a[2] or "")]
    assert policy is not None and "default-src 'none'" in policy and "unsafe-inline" not in policy
    (style,) = re.findall(r"<style>(.*?)</style>", page, re.DOTALL)
    (script,) = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert f"style-src {_csp_hash(style)};" in policy and f"script-src {_csp_hash(script)};" in policy
    assert not [a for a in parsed.attrs if a[1] == "style" or a[1].startswith("on")]
    # Index links to each pair section, whose detail opens with the provenance relation.
    assert '<a href="#pair-1">' in page and 'id="pair-1"' in page
    section = _opened(page).split('id="pair-1"', 1)[1]
    assert section.index('class="verdict"') < section.index('class="sbs"')
    assert "share a common source" in section and "both credit Sputnik" in section


def test_details_wait_as_references_and_build_what_the_pair_page_shows(seed_scan: ScanResult) -> None:
    page = render_html(seed_scan)
    (pair,) = seed_scan.pairs
    by_id = {d.id: d for d in seed_scan.documents}
    # A text is in the page once, the pair's detail points into it, and resolved it is the inline rendering.
    assert page.count('<script type="application/json" id="doc-') == 2
    assert by_id[SEED_A].text[:200] not in json.loads(re.findall(_BLOB.format("pd"), page, re.DOTALL)[0][1])
    alone = render_pair_html(pair, by_id[pair.a], by_id[pair.b])
    inline = re.search(r'<div class="detail">(.*?)</div>\n<p><a href="#index">', alone, re.DOTALL)
    assert inline and _details(page) == {"1": inline.group(1)}


def test_changes_are_marked_by_kind_and_severity(seed_scan: ScanResult) -> None:
    page = _opened(render_html(seed_scan))
    parsed = _parse(page)
    (pair,) = seed_scan.pairs
    marks = [(cls, text) for cls, text in parsed.marks if "chg" in cls.split()]
    # Each change is marked once on each side (a zero-width side shows a caret).
    assert len(marks) == 2 * sum(len(al.changes) for al in pair.alignments)
    assert ("chg k-name-variant s-medium", "Araqchi") in marks
    assert ("chg k-name-variant s-medium", "Araghchi") in marks
    # Quotations are tinted; one cut across rows still covers its words in each.
    assert page.count('<span class="q"') + page.count('<span class="q altered"') > 20
    assert '<span class="q" title="quotation">It is an entirely comprehensive agreement.</span>' in page
    for al in pair.alignments:
        for change in al.changes:
            if change.a:
                assert any(f"k-{change.kind}" in c and f"s-{change.severity}" in c and t == change.a for c, t in marks)


def test_one_encoding_per_mark() -> None:
    # Kind is a colour, severity a border, a quotation a tint: no underline left to stack on the same words.
    page = render_html(ScanResult(documents=(), problems=(), pairs=()))
    css = re.search(r"<style>(.*?)</style>", page, re.DOTALL)
    assert css
    assert "underline" not in css.group(1) and "box-shadow" not in css.group(1)
    rules = dict(re.findall(r"(?<=[}\n])(mark\.s-high|mark\.s-medium|\.q|\.q\.altered)\{([^}]*)\}", css.group(1)))
    assert "border-width" in rules["mark.s-high"] and "border-width" in rules["mark.s-medium"]
    assert rules[".q"].startswith("background") and rules[".q.altered"].startswith("background")


def test_one_sided_rows_never_face_each_other(seed_scan: ScanResult) -> None:
    page = _opened(render_html(seed_scan))
    rows = re.findall(r'<div class="row only only-([ab])" role="row">(.*?)</div>\n', page)
    assert {side for side, _ in rows} == {"a", "b"}
    for side, row in rows:
        other = "b" if side == "a" else "a"
        # The other side's cell is empty, so nothing sits across from these sentences.
        assert f'<div class="{other} empty"></div>' in row and f'<div class="{side}"><span class="tag">' in row


def test_corpus_tables_and_unaligned_passages(seed_scan: ScanResult) -> None:
    page = _opened(render_html(seed_scan))
    parsed = _parse(page)
    spellings = page.split('<section id="spellings">', 1)[1].split("</section>", 1)[0]
    assert "<td>Araghchi</td><td>Araqchi</td><td>8</td>" in spellings
    (pair,) = seed_scan.pairs
    checks, altered = len(pair.quotes), sum(not q.verbatim for q in pair.quotes)
    assert altered > 0
    quotes = page.split('<section id="quotes">', 1)[1].split("</section>", 1)[0]
    assert f"{checks} aligned quotation(s) in 1 pair(s), {altered} altered" in quotes
    assert quotes.count("<tr>") == 1 + altered and "simplify → facilitate" in quotes
    detail = page.split('id="pair-1"', 1)[1]
    assert f"<h3>Quote fidelity ({checks} quotation(s), {altered} altered)</h3>" in detail
    # 000/001 share a source: neither copied the other, so each side's own passages are "only in" it.
    assert (
        detail.count('<details class="gap-') == 2 and f"Only in {SEED_A}: {len(pair.unaligned_a)} passage(s)" in detail
    )
    assert ("svg", "role", "img") in parsed.attrs and "Sputnik (external)" in page


def test_untrusted_text_is_escaped() -> None:
    evil = '<script>alert("x")</script> <img src=x onerror=alert(1)> & "quotes"'
    base = "Officials confirmed the new bridge over the river opens in May after four years of work."
    a = Document("a<b>", "a.txt", f"{base} {evil}\nThe mayor said the toll would stay at two euros for cars.")
    b = Document("b&c", "b.txt", f"{base} {evil}!\nThe mayor said the toll would stay at three euros for cars.")
    page = render_pair_html(compare(a, b), a, b)
    parsed = _parse(page)
    assert "<script>alert" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;" in page and "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;" in page
    assert "a&lt;b&gt;" in page and "b&amp;c" in page
    assert [t for _, t in parsed.marks if t in ("two", "three")] == ["two", "three"]
    assert page.count("<script") == 1  # the page's own script, nothing from the text


HOSTILE = "\"><script>alert(1)</script><!--<img src=x onerror=alert(2)>\x1b[31m'</svg>"


_STORY = (
    "The minister said the new budget of 4.5 billion dollars would be approved by parliament next week. "
    "Officials added that the plan covers schools, hospitals and roads in every province of the country. "
    "Opposition leaders called the figures unrealistic and asked for an independent audit of the spending. "
)


def _scan_two(id_tail: str, text_tail: str, title: Callable[[str], str]) -> tuple[list[Document], ScanResult]:
    """Two copies of one story, ``a`` and ``b`` (ids ending in ``id_tail``, texts in ``text_tail``), and their scan."""
    docs = [
        Document(
            id=f"{side}{id_tail}",
            path=f"{side}.txt",
            text=f"{_STORY}{text_tail}",
            declared=DocumentMeta(title=title(side), date=f"2025-01-0{n + 1}"),
        )
        for n, side in enumerate("ab")
    ]
    return docs, scan(docs, Settings())


def test_hostile_ids_and_titles_in_the_index_graph_and_stores() -> None:
    docs, result = _scan_two(f"{HOSTILE}", f"\n“{HOSTILE}” he said.</script>", lambda side: f"Title {HOSTILE}")
    assert result.pairs and result.clusters
    page = render_html(result)
    parsed = _parse(page)
    # Only the page's own script runs; the stores are data, each one whole JSON value.
    scripts = [attrs for tag, attrs in parsed.tags if tag == "script"]
    assert [s.get("type") for s in scripts].count(None) == 1
    assert len(scripts) == 1 + 2 + len(result.pairs)  # the script, two texts, one detail
    assert not [t for t, _ in parsed.tags if t in ("img", "iframe")]
    for kind in ("doc", "pd"):
        for _, blob in re.findall(_BLOB.format(kind), page, re.DOTALL):
            json.loads(blob)
    texts = [json.loads(v) for _, v in re.findall(_BLOB.format("doc"), page, re.DOTALL)]
    assert sorted(texts) == sorted(d.text for d in docs)  # the raw text, to be escaped when shown
    # Data attributes: one index row with only the renderer's attributes; its search text is the ids and titles.
    (row,) = [attrs for tag, attrs in parsed.tags if tag == "tr" and attrs.get("class") == "p"]
    names = "class data-n data-group data-share data-sev data-rel data-kinds data-sevs data-date data-q"
    assert set(row) == set(names.split())
    wanted = " ".join([f"a{HOSTILE}", f"b{HOSTILE}", f"Title {HOSTILE}", f"Title {HOSTILE}"]).lower()
    assert row["data-q"] == wanted.replace("\x1b", "\\x1b")
    # The graph: labels are text inside <text>/<title>, never markup.
    svg = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "<script" not in svg and "<img" not in svg and "&lt;script&gt;" in svg
    # The details, built as the script builds them: the text shown escaped.
    detail = _details(page)["1"]
    assert "<script" not in detail and "&lt;/script&gt;" in detail and "\\x1b[31m" in detail


def test_cluster_svg_is_deterministic_and_escaped() -> None:
    nodes = ("b", f"x{HOSTILE}", "external:Agency <b>")
    cluster = Cluster(
        documents=nodes[:2],
        external=("Agency <b>",),
        edges=(
            Edge(nodes[2], "b", "common-source", 0.8),
            Edge(nodes[2], nodes[1], "common-source", 0.8),
            Edge("b", nodes[1], "undetermined", 0.2),
        ),
        origin=nodes[2],
    )
    svg = cluster_svg(cluster, label=f"Cluster {HOSTILE}")
    assert svg == cluster_svg(cluster, label=f"Cluster {HOSTILE}")
    parsed = _parse(svg)
    assert {t for t, _ in parsed.tags} == {"svg", "g", "title", "rect", "text", "line", "polygon"}
    assert "Agency &lt;b&gt; (external)" in svg and 'aria-label="Cluster &quot;&gt;&lt;script&gt;' in svg
    # The source sits above both texts it gave; the undetermined link is dashed and has no arrowhead.
    labels = [a for t, a in parsed.tags if t == "text"]
    ys = {t: float(a["y"] or 0) for t, a in zip(parsed.texts["text"], labels, strict=True)}
    other = next(t for t in ys if t.startswith("x"))
    assert ys["Agency <b> (external)"] < ys["b"] == ys[other]
    assert svg.count('class="undetermined"') == 1 and svg.count("<polygon") == 2


def test_cluster_svg_chain_one_layer_each() -> None:
    """A chain of reprints (each of the one before) is drawn one article a row, source on top, in order."""
    ids = [f"d{i:03d}" for i in range(40)]
    edges = tuple(Edge(a, b, "b-from-a", 0.9) for a, b in itertools.pairwise(ids))
    cluster = Cluster(tuple(reversed(ids)), (), edges, ids[0])
    parsed = _parse(cluster_svg(cluster, label="chain"))
    labels = [a for t, a in parsed.tags if t == "text"]
    ys = {t: float(a["y"] or 0) for t, a in zip(parsed.texts["text"], labels, strict=True)}
    assert sorted(ys, key=ys.__getitem__) == ids and len(set(ys.values())) == len(ids)


def test_compare_format_html(seeds_dir: Path) -> None:
    result = CliRunner().invoke(
        main, ["compare", str(seeds_dir / f"{SEED_A}.txt"), str(seeds_dir / f"{SEED_B}.txt"), "--format", "html"]
    )
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>")
    _parse(page)
    assert 'class="chg k-name-variant s-medium"' in page
    # Boilerplate of the file is shown struck through, not aligned.
    assert 'class="chrome"' in page and "Story Code: 1184659" in page


def test_a_copy_reads_source_first_with_what_it_added_and_dropped() -> None:
    story = [
        "The minister said the new budget of 4.5 billion dollars would be approved by parliament next week.",
        "Officials added that the plan covers schools, hospitals and roads in every province of the country.",
        "Opposition leaders called the figures unrealistic and asked for an independent audit of the spending.",
        "The finance committee will hold three public hearings on the proposal before the final vote.",
    ]
    dropped = "A spokesman for the treasury declined to say how the deficit would be financed over the decade."
    added = "Our correspondent in the capital watched the debate from the press gallery on a rainy afternoon."
    source = Document("src", "src.txt", " ".join([*story, dropped]), declared=DocumentMeta(date="2025-01-01"))
    copy = Document("cpy", "cpy.txt", " ".join([added, *story]), declared=DocumentMeta(date="2025-01-09"))
    result = scan([copy, source], Settings())
    (pair,) = result.pairs
    assert {pair.source, pair.copy} == {"src", "cpy"} and pair.source == "src"
    page = _opened(render_html(result))
    assert '<a href="#pair-1">1. src → cpy</a>' in page  # source → copy, in the index and the heading
    assert '<h2 id="pair-1-h">1. src → cpy</h2>' in page
    detail = page.split('id="pair-1"', 1)[1]
    assert "Added by the copy cpy: 1 passage(s)" in detail and "Our correspondent in the capital" in detail
    assert "Dropped from the source src: 1 passage(s)" in detail and "A spokesman for the treasury" in detail
    assert "(added by the copy)" in detail and "(dropped by the copy)" in detail


def test_the_page_holds_no_control_character(seed_docs: dict[str, Document]) -> None:
    # The stores hold raw text as JSON, which leaves DEL and C1 controls (a terminal's CSI, 0x9B) raw.
    texts = [d for name, d in sorted(seed_docs.items()) if name.startswith(("000", "001"))]
    hostile = [Document(d.id, d.path, d.text.replace("Sputnik", "Sput\x1b[31mnik\x9b2J\x7f\u2028", 1)) for d in texts]
    page = render_html(scan(hostile, Settings()))
    assert page.count('<script type="application/json" id="doc-') == 2
    assert re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]", page) is None
    assert "Sput\\u001b[31mnik\\u009b2J\\u007f\\u2028" in page  # spelled out in the store, read back whole
    assert any(
        "Sput\x1b[31mnik\x9b2J\x7f\u2028" in json.loads(v) for _, v in re.findall(_BLOB.format("doc"), page, re.S)
    )


_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def test_bidi_overrides_are_shown_not_obeyed() -> None:
    # An override in an id would turn "src → cpy" around on screen (the direction an editor acts on), and one
    # in a text would show words in an order they are not in: they are spelled out, as control characters are.
    docs, result = _scan_two(
        "\u202egnp.exe", "\nThe toll is \u2067\u202e0.2\u2069 euros.", lambda side: f"Title \u202b{side}\u202c"
    )
    assert result.pairs and result.clusters
    page = render_html(result)
    assert _BIDI.search(page) is None  # not in the markup, the SVG, the attributes, nor the stores
    assert "a\\u202egnp.exe" in page and "Title \\u202bb\\u202c" in page
    detail = _details(page)["1"]
    assert _BIDI.search(detail) is None and "\\u2067\\u202e0.2\\u2069" in detail
    assert _BIDI.search(render_pair_html(compare(docs[0], docs[1]), docs[0], docs[1])) is None


def test_the_script_escapes_a_detail_as_the_renderer_does() -> None:
    # The lazily built detail is escaped by the page's script: its set of shown characters is the renderer's.
    script = (Path(__file__).parent.parent / "provenance" / "report" / "assets" / "report.js").read_text()
    (shown,) = re.findall(r"var CONTROL=/\[(.*?)\]/gu;", script)
    ranges = re.findall(r"\\u\{?([0-9a-fA-F]{4})\}?(?:-\\u\{?([0-9a-fA-F]{4})\}?)?", shown)
    in_script = {c for lo, hi in ranges for c in range(int(lo, 16), int(hi or lo, 16) + 1)}
    in_renderer = {c for c in range(0x10000) if _e(chr(c)) != html_escape(chr(c))}
    assert in_script == in_renderer


def test_placing_a_sentence_between_alignments_reads_few_of_them() -> None:
    # Each sentence outside the alignments was placed by a scan of every alignment's start: a text of
    # 20,000 own sentences beside 800 alignments took 16 million steps (9 s of a report's 12 under cProfile).
    from provenance.report import html

    class Counted(list[int]):
        reads = 0

        def __getitem__(self, i):  # type: ignore[no-untyped-def]
            Counted.reads += 1
            return super().__getitem__(i)

        def __iter__(self):  # type: ignore[no-untyped-def]
            return (self[i] for i in range(len(self)))

    starts = [10, 40, 20, 50, *range(60, 10_060, 10)]
    reach = Counted(itertools.accumulate(starts, max))
    assert [html._slot(p, reach) for p in (5, 15, 30, 45, 60, 20_000)] == [0, 1, 1, 3, 5, len(starts)]
    assert Counted.reads <= 6 * 12
