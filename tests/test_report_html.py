"""The HTML report's markup: self-contained, escaped, changes marked by kind and severity."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner
from helpers import SEED_A, SEED_B

from provenance import Document, ScanResult, compare
from provenance.cli import main
from provenance.report import render_html, render_pair_html


class _Collect(HTMLParser):
    """Tags, attributes and text of a page, and whether it nests properly."""

    VOID = frozenset({"meta", "br", "link", "img", "input", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.marks: list[tuple[str, str]] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self._mark_text: list[str] | None = None
        self._mark_class = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs += [(tag, k, v) for k, v in attrs]
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


def _parse(page: str) -> _Collect:
    parser = _Collect()
    parser.feed(page)
    parser.close()
    assert parser.errors == [] and parser.stack == []
    return parser


def test_scan_report_is_self_contained_and_well_formed(seed_scan: ScanResult) -> None:
    page = render_html(seed_scan)
    assert page == render_html(seed_scan)  # deterministic
    parsed = _parse(page)
    assert not [a for a in parsed.attrs if a[1] in ("src", "srcset") or (a[0] == "link" and a[1] == "href")]
    assert not re.search(r"https?://[^\s\"'<]*\.(?:css|js|woff2?)", page)
    assert "@import" not in page and "url(" not in page
    assert 'name="viewport"' in page and "@media (max-width:700px)" in page
    assert "default-src 'none'" in page
    # Index links to each pair section, which opens with the provenance relation.
    assert '<a href="#pair-1">' in page and 'id="pair-1"' in page
    section = page.split('id="pair-1"', 1)[1]
    assert section.index('class="verdict"') < section.index('class="sbs"')
    assert "share a common source" in section and "both credit Sputnik" in section


def test_changes_are_marked_by_kind_and_severity(seed_scan: ScanResult) -> None:
    parsed = _parse(render_html(seed_scan))
    (pair,) = seed_scan.pairs
    marks = [(cls, text) for cls, text in parsed.marks if "chg" in cls.split()]
    # Each change is marked once on each side (a zero-width side shows a caret).
    assert len(marks) == 2 * sum(len(al.changes) for al in pair.alignments)
    assert ("chg k-name-variant s-medium", "Araqchi") in marks
    assert ("chg k-name-variant s-medium", "Araghchi") in marks
    page = render_html(seed_scan)
    # Quotations are underlined; one cut across rows still covers its words in each.
    assert page.count('<span class="q"') + page.count('<span class="q altered"') > 20
    assert '<span class="q" title="quotation">It is an entirely comprehensive agreement.</span>' in page
    for al in pair.alignments:
        for change in al.changes:
            if change.a:
                assert any(f"k-{change.kind}" in c and f"s-{change.severity}" in c and t == change.a for c, t in marks)


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
    assert page.count("<script") == 1  # the page's own keyboard script, nothing from the text


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
