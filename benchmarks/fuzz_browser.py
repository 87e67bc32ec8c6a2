"""Differential fuzz of what ``extract_page`` reads from an HTML page against what headless Chromium shows.

Run: ``.venv/bin/python -m benchmarks.fuzz_browser [--pages 300] [--seed 11] [--show 5] [--save DIR] [--no-extract]
[--no-bidi]``.

Each page (seeded, deterministic: :func:`page`) is an ``<article>`` of random nestings of ``div``, ``section``,
``article``, ``p`` and ``span`` holding distinct marker sentences ("Marker 07 says ..."), with random inline
styles, ``hidden`` attributes and ``<style>`` rules drawn from what ``provenance/io/styles.py`` reads (display,
visibility, opacity, content-visibility, clip, clip-path, a move off the screen, text-indent, font-size, the
``font`` shorthand, colour, ``-webkit-text-fill-color``), with values that hide, show again or reset
(``inherit``, ``initial``, ``unset``, ``revert``), ``!important``, selectors of varying specificity, and
``::before``/``::after`` rules generating a marker; some markers (:data:`BIDI_SHARE`) are typed backwards in a
wrapper that shows them the right way round (``<bdo dir=rtl>``, CSS's ``unicode-bidi: bidi-override`` right to
left, U+202E) or not (no override, one left to right): :data:`BIDI`.  What the page's links, ``@media`` and
scripts would do is not generated (docs/hostile-input.md leaves them out).

**Shown** (:data:`PROBE`, run in the page by chromedriver): a marker is shown when the element holding its text (for
a ``display: contents`` one, the nearest box around it, and its own visibility) passes ``checkVisibility`` (no
``display: none`` or ``content-visibility: hidden`` around it, its visibility visible, no opacity of 0 on it or
above it), its computed text fill has an alpha over 0 and its font size is at least 1px, and one of the boxes of its
text (``Range.getClientRects``) has an area, two of its first letters are shown in the order they are read in, and
lies in part where the page can be scrolled to (right of 0 and below 0) and inside every ``clip`` (of an absolute
box) and ``clip-path`` (``inset``, ``circle``, ``ellipse``, ``polygon``) of its ancestors. A generated marker is
shown when its element is shown so and the pseudo-element's own computed style shows it (its ``content`` holds it,
its display is not ``none``, its ``content-visibility`` is not ``hidden`` on a box it applies to (not an inline one:
checked in screenshots), visibility, opacity, fill, font size as above), and the element's own
``content-visibility`` does not skip its contents (a child put there fails ``checkVisibility``).

**Read**: the page as provenance reads it before trafilatura (``load_html``, ``_read_generated``,
``_drop_hidden``, ``_read_overrides``: the visibility stages of ``extract_page``), its ``<body>``'s text
without ``<script>``, ``<style>``, ``<template>``, ``<noscript>``; and ``extract_page``'s own text (the
extractor's choices on top).  Counted, over all markers: ``dropped`` (shown, not read: a copy hides from the
gate), ``kept`` (read, never shown: a credit no reader sees counts), and the same against ``extract_page``
(``extract dropped``, ``extract kept``), whose excess over the first two is trafilatura's choice, not
visibility.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from trafilatura.utils import load_html

from benchmarks.bench_html import CHROMIUM
from provenance.io.formats import (
    _OVERRIDDEN,
    DecodeError,
    _drop_hidden,
    _read_generated,
    _read_overrides,
    extract_page,
)

WORDS = [
    "harbour",
    "lantern",
    "quiet",
    "river",
    "orchard",
    "copper",
    "meadow",
    "signal",
    "winter",
    "ferry",
    "market",
    "council",
    "granite",
    "tower",
    "island",
    "valley",
    "thunder",
    "archive",
    "ribbon",
    "candle",
    "mirror",
    "garden",
    "falcon",
    "bridge",
    "compass",
    "silver",
    "beacon",
    "anchor",
    "summit",
    "canyon",
]
TAGS = ("div", "section", "article", "p", "span")
CLASSES = ("a", "b", "c", "d", "e")

HIDE = {
    "display": (
        "none",
        "NONE",
        "block",
        "inline",
        "contents",
        "inline-block",
        "flex",
        "revert",
        "initial",
        "inherit",
        "unset",
        "bogus",
    ),
    "visibility": ("hidden", "visible", "collapse", "inherit", "initial", "unset", "revert"),
    "opacity": ("0", "0.0", "0%", "1", "0.5", "inherit", "initial", "unset"),
    "content-visibility": ("hidden", "visible", "auto", "revert", "initial"),
    "clip": (
        "rect(0 0 0 0)",
        "rect(0, 0, 0, 0)",
        "rect(1px, 1px, 1px, 1px)",
        "auto",
        "rect(0 999px 999px 0)",
        "inherit",
    ),
    "clip-path": (
        "inset(50%)",
        "inset(50% 0 0 0)",
        "inset(0)",
        "circle(0)",
        "none",
        "inset(100% 0 0 0)",
        "polygon(0 0, 0 0, 0 0)",
        "inset(0 50%)",
        "initial",
    ),
    "position": ("absolute", "relative", "static", "fixed", "absolute", "initial"),
    "left": ("-9999px", "-999em", "0", "10px", "-10px", "auto", "inherit"),
    "top": ("-9999px", "0", "5px", "auto"),
    "text-indent": ("-9999px", "0", "-100em", "2em", "inherit", "initial"),
    "font-size": ("0", "0px", "16px", "1em", "0em", "inherit", "initial", "100%", "0%", "smaller", "unset", "revert"),
    "font": ("0/0 a", "16px serif", "inherit", "bold 12px/1 sans-serif", "initial", "0px sans-serif"),
    "color": (
        "transparent",
        "red",
        "rgba(0,0,0,0)",
        "#0000",
        "inherit",
        "initial",
        "currentcolor",
        "unset",
        "rgb(0 0 0 / 0)",
        "revert",
        "#000",
    ),
    "-webkit-text-fill-color": ("transparent", "red", "currentcolor", "initial", "inherit", "unset", "revert"),
    "padding-left": ("10000px", "0", "1em"),
    "margin-left": ("10000px", "0", "-5px"),
}
"""Each property generated and its values: hiding, showing, resetting, invalid."""

SELECTORS = (
    "{tag}",
    ".{cls}",
    "#{id}",
    "{tag}.{cls}",
    ".{cls}.{cls2}",
    "{tag} {tag2}",
    "{tag} > {tag2}",
    ".{cls} {tag2}",
    "[hidden]",
    "{tag}:not(.{cls})",
    "*",
    "{tag}:first-child",
    "#{id} .{cls}",
    "article {tag}",
    "body .{cls}",
)


def sentence(rng: random.Random, number: int) -> str:
    """A marker sentence: distinct (its number), long enough for the extractor to keep."""
    return f"Marker {number:02d} says the " + " ".join(rng.choice(WORDS) for _ in range(12)) + "."


def declarations(rng: random.Random, most: int = 3) -> str:
    parts = []
    for _ in range(rng.randint(1, most)):
        name = rng.choice(list(HIDE))
        value = rng.choice(HIDE[name])
        parts.append(f"{name}: {value}{' !important' if rng.random() < 0.15 else ''}")
    return "; ".join(parts)


BIDI = (
    ("<bdo dir=rtl>{}</bdo>", True),
    ('<span dir="rtl" style="unicode-bidi: bidi-override">{}</span>', True),
    ('<span class="ro">{}</span>', True),
    ('<span class="ri">{}</span>', True),
    ('<span dir="rtl"><span class="oo">{}</span></span>', True),
    ("\u202e{}\u202c", True),
    ('<span class="rn">{}</span>', False),
    ('<span class="ro lt">{}</span>', False),
    ('<span class="ro" style="unicode-bidi: normal">{}</span>', False),
    ('<bdo dir="ltr">{}</bdo>', False),
)
"""Wrappers of a marker typed backwards, and whether a reader sees it the right way round (a right-to-left
override) or backwards (no override, or one left to right)."""
BIDI_RULES = (
    ".ro{direction:rtl;unicode-bidi:bidi-override} .ri{direction:rtl;unicode-bidi:isolate-override}"
    " .rn{direction:rtl} .lt{direction:ltr} .oo{unicode-bidi:bidi-override}"
)
BIDI_SHARE = 0.08
"""The share of markers typed backwards in a wrapper of :data:`BIDI` (drawn from a generator of their own, so that a
page's other choices are those of the same seed without them)."""


class _Page:
    def __init__(self, rng: random.Random, bidi: random.Random | None = None) -> None:
        self.rng = rng
        self.bidi = bidi
        self.markers = 0
        self.ids: list[str] = []
        self.generated: list[int] = []

    def marker(self) -> str:
        self.markers += 1
        said = sentence(self.rng, self.markers)
        if self.bidi is not None and self.bidi.random() < BIDI_SHARE:
            wrapper, _ = self.bidi.choice(BIDI)
            return wrapper.format(said[::-1]) + " "  # ".… syas NN rekraM": "Marker NN says …." under an override
        return said

    def element(self, depth: int, inline: bool) -> str:
        rng = self.rng
        tag = "span" if inline else rng.choice(TAGS)
        attributes = []
        if rng.random() < 0.6:
            attributes.append(f'class="{" ".join(rng.sample(CLASSES, rng.randint(1, 2)))}"')
        if rng.random() < 0.3:
            self.ids.append(f"i{len(self.ids)}")
            attributes.append(f'id="{self.ids[-1]}"')
        if rng.random() < 0.12:
            attributes.append(rng.choice(("hidden", 'hidden="until-found"', 'hidden=""')))
        if rng.random() < 0.45:
            attributes.append(f'style="{declarations(rng)}"')
        inner_inline = inline or tag in ("p", "span")
        children = []
        for _ in range(rng.randint(1, 3)):
            if depth < 3 and rng.random() < 0.45:
                children.append(self.element(depth + 1, inner_inline))
            else:
                children.append(self.marker() + " ")
        opening = " ".join([tag, *attributes])
        return f"<{opening}>{''.join(children)}</{tag}>"

    def rules(self) -> str:
        rng = self.rng
        out = []
        for _ in range(rng.randint(2, 8)):
            pattern = rng.choice(SELECTORS)
            selector = pattern.format(
                tag=rng.choice(TAGS),
                tag2=rng.choice(TAGS),
                cls=rng.choice(CLASSES),
                cls2=rng.choice(CLASSES),
                id=rng.choice(self.ids) if self.ids else "i0",
            )
            if rng.random() < 0.15:
                self.markers += 1
                side = rng.choice(("before", "after"))
                text = sentence(rng, self.markers)
                extra = f"; {declarations(rng, 1)}" if rng.random() < 0.4 else ""
                out.append(f'{selector}::{side} {{ content: "{text}"{extra} }}')
            else:
                out.append(f"{selector} {{ {declarations(rng)} }}")
        return "\n".join(out)


def page(seed: int, bidi: bool = True) -> str:
    """A random page (the same for the same seed), with markers typed backwards under :data:`BIDI` wrappers or
    not (``bidi``: the page's other choices are the same)."""
    built = _Page(random.Random(seed), random.Random(f"bidi {seed}") if bidi else None)
    body = "".join(built.element(0, False) for _ in range(built.rng.randint(2, 4)))
    rules = built.rules() + ("\n" + BIDI_RULES if bidi else "")
    return (
        f"<!DOCTYPE html><html><head><meta charset=utf-8><title>Fuzz page {seed}</title>\n<style>\n{rules}\n</style>"
        f"</head><body><article>{body}</article></body></html>"
    )


MARKER = re.compile(r"Marker (\d\d) says")
BACKWARDS = re.compile(r"syas (\d\d) rekraM")

PROBE = r"""
var VIS = {opacityProperty: true, visibilityProperty: true};
function alpha(c){ var m = c.match(/rgba?\(([^)]*)\)/); if(!m) return 1;
  var p = m[1].split(/[\s,\/]+/).filter(Boolean); return p.length > 3 ? parseFloat(p[3]) : 1; }
function len(v, whole){ v = v.trim(); if(v.endsWith('%')) return parseFloat(v) / 100 * whole;
  var n = parseFloat(v); return isNaN(n) ? 0 : n; }
function region(a){  // the part of the viewport a's clip and clip-path leave (null: all of it)
  var cs = getComputedStyle(a), b = a.getBoundingClientRect(), out = null;
  function cut(r){ out = out ? {l: Math.max(out.l, r.l), t: Math.max(out.t, r.t), r: Math.min(out.r, r.r),
                                 b: Math.min(out.b, r.b)} : r; }
  if ((cs.position === 'absolute' || cs.position === 'fixed') && cs.clip && cs.clip !== 'auto') {
    var m = cs.clip.match(/rect\((.*)\)/);
    if (m) { var v = m[1].split(/,\s*|\s+/);
      var t = v[0] === 'auto' ? -1e9 : parseFloat(v[0]), r = v[1] === 'auto' ? 1e9 : parseFloat(v[1]);
      var bo = v[2] === 'auto' ? 1e9 : parseFloat(v[2]), l = v[3] === 'auto' ? -1e9 : parseFloat(v[3]);
      cut({l: b.left + l, t: b.top + t, r: b.left + r, b: b.top + bo}); }
  }
  var cp = cs.clipPath;
  if (cp && cp !== 'none') {
    var m = cp.match(/^(\w+)\((.*)\)/);
    if (m && m[1] === 'inset') { var v = m[2].split(' round ')[0].trim().split(/\s+/);
      var k = v.length === 1 ? [0,0,0,0] : v.length === 2 ? [0,1,0,1] : v.length === 3 ? [0,1,2,1] : [0,1,2,3];
      var t = len(v[k[0]], b.height), r = len(v[k[1]], b.width), bo = len(v[k[2]], b.height), l = len(v[k[3]], b.width);
      cut({l: b.left + l, t: b.top + t, r: b.right - r, b: b.bottom - bo}); }
    else if (m && (m[1] === 'circle' || m[1] === 'ellipse')) {
      if (parseFloat(m[2]) === 0) cut({l: 0, t: 0, r: 0, b: 0}); }
    else if (m && m[1] === 'polygon') { var xs = [], ys = [];
      m[2].split(',').forEach(function(p){ var q = p.trim().split(/\s+/);
        if (q.length === 2) { xs.push(len(q[0], b.width)); ys.push(len(q[1], b.height)); } });
      if (xs.length) cut({l: b.left + Math.min.apply(null, xs), t: b.top + Math.min.apply(null, ys),
                          r: b.left + Math.max.apply(null, xs), b: b.top + Math.max.apply(null, ys)}); }
  }
  return out;
}
function onPage(rects, el, loose){  // loose: a box of no width may hold what overflows it (a pseudo-element)
  var x = window.scrollX, y = window.scrollY;
  for (var i = 0; i < rects.length; i++) {
    var r = {l: rects[i].left, t: rects[i].top, r: rects[i].right, b: rects[i].bottom};
    if (loose && r.r - r.l <= 0) r.r = r.l + 1;
    if (r.r - r.l <= 0 || r.b - r.t <= 0 || r.r + x <= 0 || r.b + y <= 0) continue;
    var kept = true;
    for (var a = el; a && a.nodeType === 1; a = a.parentElement) { var c = region(a);
      if (c) { r = {l: Math.max(r.l, c.l), t: Math.max(r.t, c.t), r: Math.min(r.r, c.r), b: Math.min(r.b, c.b)};
        if (r.r - r.l <= 0 || r.b - r.t <= 0) { kept = false; break; } } }
    if (kept) return true;
  }
  return false;
}
function skips(el, cs){  // whether el's content-visibility skips its contents (not on an inline box, a table)
  if (cs.contentVisibility !== 'hidden') return false;
  var child = document.createElement('span'); el.appendChild(child);
  var seen = child.checkVisibility(); el.removeChild(child); return !seen;
}
function box(el){  // el, or the box holding it for a display: contents (which has none)
  while (el.parentElement && getComputedStyle(el).display === 'contents') el = el.parentElement;
  return el;
}
function boxed(el){ return box(el).checkVisibility(VIS) && getComputedStyle(el).visibility === 'visible'; }
function readable(node, at, backwards){  // whether two of its first letters are shown in the order they are read in
  var one = document.createRange(), two = document.createRange();  // (a leading "." may move alone)
  one.setStart(node, at + 1); one.setEnd(node, at + 2); two.setStart(node, at + 2); two.setEnd(node, at + 3);
  var a = one.getBoundingClientRect(), b = two.getBoundingClientRect();
  return backwards ? a.left > b.left : a.left < b.left;
}
function styled(cs){ return alpha(cs.webkitTextFillColor) > 0 && parseFloat(cs.fontSize) >= 1; }
var out = {};
var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (var node = walker.nextNode(); node; node = walker.nextNode()) {
  var el = node.parentElement, cs = getComputedStyle(el), m;
  var re = /Marker (\d\d) says[^.]*\.|\.[^.]*syas (\d\d) rekraM/g;  // as typed, or typed backwards
  var own = boxed(el) && styled(cs) && !skips(el, cs);
  while ((m = re.exec(node.data))) {
    var range = document.createRange(); range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
    var number = m[1] || m[2].split('').reverse().join('');  // typed backwards: its number too
    out[number] = (out[number] || false)
      || (own && onPage(range.getClientRects(), el) && readable(node, m.index, !m[1]));
  }
}
document.querySelectorAll('body *').forEach(function(el){
  ['::before', '::after'].forEach(function(side){
    var ps = getComputedStyle(el, side), m = ps.content.match(/Marker (\d\d) says/);
    if (!m) return;
    var shown = boxed(el) && !skips(el, getComputedStyle(el))
      && ps.display !== 'none' && !(ps.contentVisibility === 'hidden' && ps.display !== 'inline')
      && ps.visibility === 'visible' && parseFloat(ps.opacity) > 0 && styled(ps)
      && onPage(box(el).getClientRects(), el, true);
    out[m[1]] = out[m[1]] || shown;
  });
});
return out;
"""


def browser(profile: Path) -> Any:
    """Headless Chromium through chromedriver (loopback only)."""
    import shutil

    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,1000", f"--user-data-dir={profile}"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(60)
    return driver


def shown(driver: Any, path: Path) -> set[int]:
    """The markers Chromium shows on the page at ``path``."""
    driver.get(path.as_uri())
    found: dict[str, bool] = driver.execute_script(PROBE)
    return {int(number) for number, seen in found.items() if seen}


def _markers(text: str) -> set[int]:
    return {int(number) for number in MARKER.findall(" ".join(text.split()))}


_UNSHOWN = ("script", "style", "template", "noscript", "head", "title")


def read(html: str) -> set[int]:
    """The markers provenance reads before trafilatura: the page after its visibility stages."""
    tree = load_html(html)
    _read_generated(tree, html)
    _drop_hidden(tree)
    if _OVERRIDDEN.search(html):
        _read_overrides(tree)
    for element in list(tree.iter(*_UNSHOWN)):
        if element.getparent() is not None:
            element.drop_tree()
    body = next(tree.iter("body"), tree)
    return _markers("".join(body.itertext()))


def extracted(html: str) -> set[int]:
    """The markers ``extract_page`` reads."""
    try:
        return _markers(extract_page(html).text)
    except DecodeError:
        return set()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=300, help="pages generated (default 300)")
    parser.add_argument("--seed", type=int, default=11, help="the first page's seed (default 11)")
    parser.add_argument("--show", type=int, default=5, help="mismatching pages printed (default 5)")
    parser.add_argument("--save", type=Path, help="a folder to write each mismatching page into")
    parser.add_argument("--no-extract", action="store_true", help="skip extract_page (the visibility stages only)")
    parser.add_argument("--no-bidi", action="store_true", help="no marker typed backwards (BIDI_SHARE of them)")
    args = parser.parse_args(argv)
    if CHROMIUM is None:
        raise SystemExit("chromium is not installed")
    counts = dict.fromkeys(("markers", "shown", "dropped", "kept", "extract dropped", "extract kept"), 0)
    pages_with = {"dropped": 0, "kept": 0}
    printed = 0
    with tempfile.TemporaryDirectory() as work:
        driver = browser(Path(work) / "profile")
        try:
            for seed in range(args.seed, args.seed + args.pages):
                html = page(seed, bidi=not args.no_bidi)
                path = Path(work) / f"page-{seed}.html"
                path.write_text(html, encoding="utf-8")
                seen = shown(driver, path)
                every = _markers(html) | {int(number[::-1]) for number in BACKWARDS.findall(html)}
                got = read(html)
                dropped, kept = seen - got, got - seen
                counts["markers"] += len(every)
                counts["shown"] += len(seen)
                counts["dropped"] += len(dropped)
                counts["kept"] += len(kept)
                pages_with["dropped"] += bool(dropped)
                pages_with["kept"] += bool(kept)
                if not args.no_extract:
                    text = extracted(html)
                    counts["extract dropped"] += len(seen - text)
                    counts["extract kept"] += len(text - seen)
                if dropped or kept:
                    if args.save:
                        args.save.mkdir(parents=True, exist_ok=True)
                        (args.save / f"page-{seed}.html").write_text(html, encoding="utf-8")
                    if printed < args.show:
                        printed += 1
                        print(f"--- seed {seed}: dropped {sorted(dropped)}, kept {sorted(kept)}\n{html}\n")
        finally:
            driver.quit()
    print(f"{args.pages} pages (seeds {args.seed}..{args.seed + args.pages - 1})")
    for name, count in counts.items():
        print(f"{name:>16}: {count}")
    print(f"pages dropping a shown marker: {pages_with['dropped']}; keeping an unshown one: {pages_with['kept']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
