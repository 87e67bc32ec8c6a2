"""The HTML report in a real browser (headless Chromium): what a person sees.

Skipped, with the reason, when no ``chromium`` is installed (``.ci/run`` installs
it). The report is loaded from a file:// URL with networking features off and a
fresh profile; a copy of it with a probe script appended (and allowed, by its
hash, in the page's Content-Security-Policy) reports what is rendered (boxes,
colours, the element under each mark's centre) into the DOM, which
``--dump-dom`` prints. Console errors are read from Chromium's log. The seeds'
report is checked mark by mark; a generated corpus of over a thousand reuse
pairs (``benchmarks/bench_html.py``) checks the index: sorting, filtering,
search, the cluster graphs, the spelling table, and a phone-wide screen.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from benchmarks.bench_html import CHROMIUM, FLAGS, scan_corpus, with_probe, write_corpus
from provenance import ScanResult
from provenance.io.formats import extract_page
from provenance.report import render_html

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"),
]


# Appended to a copy of the report: measures what is on screen, writes JSON into the page.
PROBE = """
<script>
document.addEventListener('DOMContentLoaded',function(){
  function seen(el){
    el.scrollIntoView({block:'center'});
    var r=el.getBoundingClientRect(), cs=getComputedStyle(el);
    var top=document.elementFromPoint(r.left+r.width/2, r.top+r.height/2);
    return {text:el.textContent, width:r.width, height:r.height, visibility:cs.visibility,
            display:cs.display, opacity:cs.opacity, background:cs.backgroundColor,
            on_top: !!top && (top===el || el.contains(top))};
  }
  var rows=[].slice.call(document.querySelectorAll('.row.aligned'));
  var variants=[];
  rows.forEach(function(row){
    var a=row.querySelector('.a mark.k-name-variant'), b=row.querySelector('.b mark.k-name-variant');
    if(a&&b){variants.push({a:seen(a), b:seen(b)});}
  });
  window.scrollTo(0,0);
  document.dispatchEvent(new KeyboardEvent('keydown',{key:'j',bubbles:true}));
  var first=document.activeElement;
  document.dispatchEvent(new KeyboardEvent('keydown',{key:'j',bubbles:true}));
  var second=document.activeElement;
  var out={variants:variants,
           focus:[first.tagName+'.'+first.className, second.tagName+'.'+second.className],
           focus_moved: first!==second,
           columns:getComputedStyle(rows[0]).gridTemplateColumns.split(' ').length,
           external:[].slice.call(document.querySelectorAll('[src],link[href]')).length};
  var q=document.querySelector('.row.aligned .q'), high=document.querySelector('.row.aligned mark.s-high');
  out.quote={background:getComputedStyle(q).backgroundColor, decoration:getComputedStyle(q).textDecorationLine};
  out.high={border:getComputedStyle(high).borderTopWidth, decoration:getComputedStyle(high).textDecorationLine,
            shadow:getComputedStyle(high).boxShadow};
  out.only=[].slice.call(document.querySelectorAll('.row.only')).map(function(row){
    return [].slice.call(row.querySelectorAll('.a,.b')).filter(function(c){return c.textContent.trim();}).length;});
  var pre=document.createElement('pre'); pre.id='probe'; pre.textContent=JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


def _chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


def _console_errors(log: str) -> list[str]:
    return [line for line in log.splitlines() if "CONSOLE" in line or "Uncaught" in line]


# Headless Chromium keeps a window at least 500 pixels wide: a narrower screen is an iframe of that width in a
# page that copies the probe's findings out of it once it has loaded (file:// pages may read each other only
# with --allow-file-access-from-files).
NARROW = """<!DOCTYPE html><title>narrow</title><body style="margin:0">
<iframe id="f" src="{src}" width="{width}" height="1000" style="border:0"></iframe>
<script>
document.getElementById('f').addEventListener('load',function(){{
  var found=this.contentDocument.getElementById('probe'), out=document.createElement('pre');
  out.id='probe'; out.textContent=found?found.textContent:'{{}}'; document.body.appendChild(out);
}});
</script>"""


def _probe(page: Path, tmp_path: Path, width: int, probe: str = PROBE) -> dict[str, Any]:
    probed = tmp_path / f"probe-{width}.html"
    probed.write_text(with_probe(page.read_text(encoding="utf-8"), probe), encoding="utf-8")
    target, flags = probed, [f"--window-size={width},1000"]
    if width < 500:
        target = tmp_path / f"narrow-{width}.html"
        target.write_text(NARROW.format(src=probed.name, width=width), encoding="utf-8")
        flags = ["--window-size=800,1000", "--allow-file-access-from-files"]
    proc = _chromium(
        [*flags, "--virtual-time-budget=3000", "--dump-dom", target.as_uri()], tmp_path / f"profile-probe-{width}"
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert _console_errors(proc.stderr) == []
    found = re.search(r'<pre id="probe">(.*?)</pre>', proc.stdout, re.DOTALL)
    assert found, proc.stdout[-2000:]
    data: dict[str, Any] = json.loads(found.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
    assert data, "the probe found nothing"
    return data


@pytest.fixture(scope="module")
def report_page(seed_scan: ScanResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = tmp_path_factory.mktemp("html") / "provenance.html"
    page.write_text(render_html(seed_scan), encoding="utf-8")
    return page


def test_console_errors_are_detected(tmp_path: Path) -> None:
    # The check below is only worth something if a console error does show up in the log.
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><title>x</title><script>console.error('probe-error'); nosuch();</script>")
    proc = _chromium(["--virtual-time-budget=1000", "--dump-dom", page.as_uri()], tmp_path / "profile")
    assert any("probe-error" in line for line in _console_errors(proc.stderr)), proc.stderr[-2000:]


def test_report_shows_the_araqchi_araghchi_change(report_page: Path, tmp_path: Path) -> None:
    seen = _probe(report_page, tmp_path, 1280)
    pairs = {(v["a"]["text"], v["b"]["text"]) for v in seen["variants"]}
    assert ("Araqchi", "Araghchi") in pairs
    for variant in seen["variants"]:
        for side in (variant["a"], variant["b"]):
            assert side["width"] > 0 and side["height"] > 0
            assert (side["visibility"], side["display"], side["opacity"]) == ("visible", "inline", "1")
            assert side["background"] not in ("rgba(0, 0, 0, 0)", "transparent")
            assert side["on_top"], side  # nothing (a sticky header, say) covers it
    assert seen["columns"] == 3  # number, A, B side by side
    assert seen["focus_moved"] and all(f.startswith("MARK.chg") for f in seen["focus"])
    assert seen["external"] == 0
    # One encoding each: a quotation is a tint, severity a border; nothing underlines.
    assert (
        seen["quote"]["background"] not in ("rgba(0, 0, 0, 0)", "transparent") and seen["quote"]["decoration"] == "none"
    )
    assert seen["high"] == {"border": "2px", "decoration": "none", "shadow": "none"}
    # A sentence only one side has sits in a row of its own, across from nothing.
    assert seen["only"] and set(seen["only"]) == {1}


def test_report_stacks_columns_on_a_phone(report_page: Path, tmp_path: Path) -> None:
    seen = _probe(report_page, tmp_path, 390)
    assert seen["columns"] == 1
    assert any(v["a"]["on_top"] and v["a"]["width"] > 0 for v in seen["variants"])


def test_report_screenshot(report_page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "provenance-report.png"
    proc = _chromium(["--window-size=1280,2400", f"--screenshot={shot}", report_page.as_uri()], tmp_path / "profile")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert _console_errors(proc.stderr) == []
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    print(f"screenshot of the HTML report: {shot}")


# Appended to a hostile report: what ran, what markup got through (issue 10).
HOSTILE_PROBE = """
<script>
document.addEventListener('DOMContentLoaded',function(){
  [].slice.call(document.querySelectorAll('section.pair .detail:empty')).forEach(function(d){
    location.hash='#'+d.parentNode.id;window.dispatchEvent(new HashChangeEvent('hashchange'));});
  var out={title:document.title, pwned:!!document.getElementById('pwned') || !!window.__pwned,
           scripts:document.querySelectorAll('script:not([type])').length,
           details:document.querySelectorAll('section.pair .detail:empty').length,
           handlers:[].slice.call(document.querySelectorAll('*')).filter(function(el){
             return [].slice.call(el.attributes).some(function(a){return /^on/i.test(a.name);});}).length,
           images:document.querySelectorAll('img,iframe,object,embed').length,
           js_links:[].slice.call(document.querySelectorAll('[href],[src],[action]')).filter(function(el){
             var url=el.getAttribute('href')||el.getAttribute('src')||el.getAttribute('action')||'';
             return /^\\s*javascript:/i.test(url);
           }).length,
           shown:document.body.textContent.indexOf('<script>window.__pwned')>=0};
  var pre=document.createElement('pre'); pre.id='probe'; pre.textContent=JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""

PAYLOAD = (
    "<script>window.__pwned=1;document.title='PWNED'</script> "
    "<img src=x onerror=\"window.__pwned=1;document.title='PWNED'\"> "
    '<a href="javascript:window.__pwned=1">click</a> [link](javascript:window.__pwned=1) '
    "<svg onload=\"document.body.insertAdjacentHTML('beforeend','<b id=pwned>')\"></svg> "
    '"><iframe src="javascript:parent.__pwned=1"></iframe> </title></textarea><b id="pwned">x</b>'
)


def _hostile_pages(tmp_path: Path) -> list[Path]:
    from provenance import Document, DocumentMeta, Settings, scan
    from provenance.pipeline import compare, describe_document, prepare
    from provenance.report import render_pair_html

    story = (
        "The minister said the new budget of 4.5 billion dollars would be approved by parliament next week. "
        "Officials added that the plan covers schools, hospitals and roads in every province of the country. "
        "Opposition leaders called the figures unrealistic and asked for an independent audit of the spending. "
    )
    meta = DocumentMeta(date="2025-01-02", outlet=PAYLOAD, title=PAYLOAD)
    docs = [
        Document(id=f"a{PAYLOAD}", path=f"seeds/a{PAYLOAD}.txt", text=f"{story}\n“{PAYLOAD}” he said.", declared=meta),
        Document(id=f"b{PAYLOAD}", path=f"seeds/b{PAYLOAD}.txt", text=f"{story}\n“{PAYLOAD} 5” he said. More here."),
    ]
    result = scan(docs, Settings())
    assert result.pairs and result.pairs[0].alignments
    a, b = (describe_document(prepare(d), Settings()) for d in docs)
    pages = {"scan.html": render_html(result), "pair.html": render_pair_html(compare(a, b), a, b)}
    paths = []
    for name, page in pages.items():
        assert "window.__pwned" in page  # the payload is in the page, as text
        path = tmp_path / name
        path.write_text(with_probe(page, HOSTILE_PROBE), encoding="utf-8")
        paths.append(path)
    return paths


def test_hostile_text_runs_nothing_in_the_browser(tmp_path: Path) -> None:
    for page in _hostile_pages(tmp_path):
        proc = _chromium(["--virtual-time-budget=3000", "--dump-dom", page.as_uri()], tmp_path / f"profile-{page.stem}")
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert _console_errors(proc.stderr) == []
        found = re.search(r'<pre id="probe">(.*?)</pre>', proc.stdout, re.DOTALL)
        assert found, proc.stdout[-2000:]
        seen = json.loads(found.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
        assert seen["title"] != "PWNED" and not seen["pwned"], seen
        assert seen["scripts"] == 2  # the report's own script and the probe (the rest are data blocks)
        assert seen["details"] == 0  # every pair's detail was built, the hostile text in it
        assert seen["handlers"] == 0 and seen["images"] == 0 and seen["js_links"] == 0, seen
        assert seen["shown"]  # the hostile text is visible as text


# Appended to the report of a thousand pairs: drives the index as a person would, records what is shown.
INDEX_PROBE = """
<script>
document.addEventListener('DOMContentLoaded',function(){
  function visible(){return [].slice.call(document.querySelectorAll('#pairs tr.p')).filter(function(r){
    return r.offsetParent!==null;});}
  function ids(){return visible().slice(0,8).map(function(r){return r.getAttribute('data-n');});}
  function set(id,value,event){var el=document.getElementById(id);el.value=value;
    el.dispatchEvent(new Event(event||'change'));}
  function box(el){var r=el.getBoundingClientRect();return {width:r.width,height:r.height};}
  var out={total:document.querySelectorAll('#pairs tr.p').length, first:ids(), shown:visible().length};
  set('sort','share:desc');
  out.by_share=ids();
  function keyed(k){return visible().map(function(r){return [r.getAttribute('data-group'),+r.getAttribute(k)];});}
  out.shares=keyed('data-share');
  document.querySelector('th[data-sort=sev] button').click();
  out.sev_sort=document.querySelector('th[data-sort=sev]').getAttribute('aria-sort');
  out.sevs=keyed('data-sev');
  set('sort','n:asc');
  set('f-rel','b-from-a');
  out.rel={shown:visible().length, rels:visible().map(function(r){return r.getAttribute('data-rel');})
    .filter(function(v,i,a){return a.indexOf(v)===i;}), status:document.getElementById('shown').textContent};
  set('f-rel','');
  set('f-kind','attribution');
  out.kind={shown:visible().length, ok:visible().every(function(r){
    return r.getAttribute('data-kinds').split(' ').indexOf('attribution')>=0;})};
  set('f-kind','');
  set('f-sev','high');
  out.sev={shown:visible().length};
  set('f-sev','');
  set('q','G3-A0000017','input');
  out.search={rows:visible().map(function(r){return r.querySelector('a').textContent;})};
  set('q','','input');
  document.getElementById('group').click();
  out.ungrouped={flat:document.querySelectorAll('#flat tr.p').length, groups:[].slice.call(
    document.querySelectorAll('tbody.cluster')).filter(function(t){return t.offsetParent!==null;}).length};
  document.getElementById('group').click();
  var spell=document.querySelector('#spellings table');
  spell.scrollIntoView();
  out.spellings={rows:spell.querySelectorAll('tbody tr').length, box:box(spell)};
  var svg=document.querySelector('#cluster-1 svg');
  svg.scrollIntoView();
  out.cluster={box:box(svg), nodes:svg.querySelectorAll('g.node').length,
               label:svg.querySelector('g.node text').textContent};
  function key(k){document.activeElement.dispatchEvent(new KeyboardEvent('keydown',{key:k,bubbles:true}));
    var el=document.activeElement;return {tag:el.tagName, id:el.id, cls:el.className,
      pair:(el.closest('section.pair')||{}).id||null, open:el.hasAttribute('data-open'),
      at:el.closest('section.pair')?[].indexOf.call(el.closest('section.pair').querySelectorAll('mark.chg'),el):-1};}
  document.activeElement.blur();
  out.keys=[key('n'),key('n'),key('j'),key('j'),key('p'),key('/')];
  document.activeElement.blur();
  var last=visible().pop().querySelector('a');
  location.hash=last.getAttribute('href');window.dispatchEvent(new HashChangeEvent('hashchange'));
  var section=document.querySelector(last.getAttribute('href'));
  out.opened={marks:section.querySelectorAll('mark.chg').length, rows:section.querySelectorAll('.row.aligned').length};
  window.scrollTo(0,0);
  var index=document.getElementById('index');
  out.width={viewport:document.documentElement.clientWidth, page:document.documentElement.scrollWidth,
    index:index.scrollWidth, rows:Math.max.apply(null,[].slice.call(document.querySelectorAll(
      '#pairs tr.p, #pairs td, .controls label')).map(function(el){return el.getBoundingClientRect().right;}))};
  var pre=document.createElement('pre'); pre.id='probe'; pre.textContent=JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


@pytest.fixture(scope="module")
def many_pairs(tmp_path_factory: pytest.TempPathFactory) -> tuple[ScanResult, Path]:
    folder = tmp_path_factory.mktemp("many")
    write_corpus(folder)
    result = scan_corpus(folder)
    page = folder / "report.html"
    page.write_text(render_html(result), encoding="utf-8")
    return result, page


def test_index_of_a_thousand_pairs_sorts_filters_and_searches(
    many_pairs: tuple[ScanResult, Path], tmp_path: Path
) -> None:
    result, page = many_pairs
    assert len(result.pairs) >= 1000 and len(result.clusters) >= 2
    seen = _probe(page, tmp_path, 1280, INDEX_PROBE)  # no console error, as every probe checks
    assert seen["total"] == seen["shown"] == len(result.pairs)
    # Sorting, within each cluster's group: another order, highest share first; by changes, most severe first.
    assert seen["by_share"] != seen["first"]
    for keyed in (seen["shares"], seen["sevs"]):
        assert len({group for group, _ in keyed}) == len(result.clusters)
        for group in {group for group, _ in keyed}:
            values = [v for g, v in keyed if g == group]
            assert values == sorted(values, reverse=True) and len(set(values)) > 1
    assert seen["sev_sort"] == "descending"
    # Filtering: by relation, kind of change and severity, each shows fewer pairs, all matching.
    copied = sum(p.provenance is not None and p.provenance.relation == "b-from-a" for p in result.pairs)
    assert 0 < copied < len(result.pairs)
    assert seen["rel"]["shown"] == copied and seen["rel"]["rels"] == ["b-from-a"]
    assert seen["rel"]["status"] == f"{copied} of {len(result.pairs)} pair(s) shown"
    attributed = sum(any(c.kind == "attribution" for al in p.alignments for c in al.changes) for p in result.pairs)
    assert seen["kind"] == {"shown": attributed, "ok": True} and 0 < attributed < len(result.pairs)
    high = sum(any(c.severity == "high" for al in p.alignments for c in al.changes) for p in result.pairs)
    assert seen["sev"]["shown"] == high and 0 < high < len(result.pairs)
    # Search by id (any case): exactly the pairs with that document.
    expected = sum("g3-a0000017" in (p.a, p.b) for p in result.pairs)
    assert expected and len(seen["search"]["rows"]) == expected
    assert all("g3-a0000017" in row for row in seen["search"]["rows"])
    assert seen["ungrouped"] == {"flat": len(result.pairs), "groups": 0}
    # The corpus spelling table and a cluster's graph are on screen.
    assert seen["spellings"]["rows"] == sum(len(n.spellings) for n in result.spellings) > 0
    assert seen["spellings"]["box"]["width"] > 0 and seen["spellings"]["box"]["height"] > 0
    assert seen["cluster"]["nodes"] == len(result.clusters[0].documents)
    assert seen["cluster"]["box"]["width"] > 100 and seen["cluster"]["box"]["height"] > 50
    # Keys: n/p move between pairs (building each on arrival), j to the changes of the pair reached, / to search.
    n1, n2, j1, j2, p1, slash = seen["keys"]
    assert (n1["id"], n1["open"], n2["id"], n2["open"]) == ("pair-1", True, "pair-2", True)
    assert (j1["tag"], j1["pair"], j1["at"], j2["tag"], j2["pair"], j2["at"]) == (
        "MARK",
        "pair-2",
        0,
        "MARK",
        "pair-2",
        1,
    )
    assert p1["id"] == "pair-1" and slash["id"] == "q"
    # A pair far down the page, opened from the index, shows its texts and changes.
    assert seen["opened"]["rows"] > 0 and seen["opened"]["marks"] > 0


def test_index_fits_a_phone(many_pairs: tuple[ScanResult, Path], tmp_path: Path) -> None:
    _, page = many_pairs
    seen = _probe(page, tmp_path, 390, INDEX_PROBE)
    width = seen["width"]
    assert width["viewport"] <= 390
    # Nothing of the index is cut off or scrolls sideways: the page is no wider than the screen.
    assert width["page"] <= width["viewport"] and width["index"] <= width["viewport"], width
    assert width["rows"] <= width["viewport"], width


def _box_sizes(page: Path, head: str, body: str, inside: str, size: str) -> list[int]:
    """Chromium's ``size`` (``width`` or ``height``, in pixels) of the element ``inside`` (a selector) of each
    ``div.c`` of ``body``, the page written to ``page`` with ``head``."""
    probe = (
        "<script>window.addEventListener('load',function(){var out=[];"
        "document.querySelectorAll('div.c').forEach(function(d){"
        f"out.push(Math.round(d.querySelector('{inside}').getBoundingClientRect().{size}));}});"
        "var pre=document.createElement('pre');pre.id='probe';pre.textContent=JSON.stringify(out);"
        "document.body.appendChild(pre);});</script>"
    )
    page.write_text(f"<html><head>{head}</head><body>{body}{probe}</body></html>", encoding="utf-8")
    proc = _chromium(["--virtual-time-budget=3000", "--dump-dom", page.as_uri()], page.parent / "profile")
    found = re.search(r'<pre id="probe">(.*?)</pre>', proc.stdout, re.DOTALL)
    assert found, proc.stderr[-2000:]
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def test_the_alt_text_the_extractor_reads_is_the_alt_text_chromium_shows(tmp_path: Path) -> None:
    """Each image of ``helpers.ALT_TEXT_SHOWN`` in Chromium: its box is as wide as a line of its alt text
    where the extraction reads the alt text (no source); a pixel, nothing or a broken image's icon (16 pixels) where
    it does not."""
    from helpers import ALT_TEXT_SHOWN, ALT_TEXT_STYLE

    body = "".join(
        f'<div class="c">{case.format("The alt text of an image, a sentence long.")}</div>'
        for n, (case, _) in enumerate(ALT_TEXT_SHOWN)
    )
    widths = _box_sizes(tmp_path / "images.html", ALT_TEXT_STYLE, body, "img", "width")
    assert [width > 40 for width in widths] == [shown for _, shown in ALT_TEXT_SHOWN], widths


# Pages of benchmarks/fuzz_browser.py on which a marker Chromium shows was left out by the reading of styles
# (hidden with display: revert, font: initial, an inline box's text-indent, a parent's padding carrying a box back, a
# parent's text fill, content-visibility on a ::after), or a U+202E run typed in a paragraph that also holds a block
# was read backwards (the second line).
FUZZ_SEEDS = (58, 64, 68, 164, 187, 210, 246, 264, 276, 295, 534, 920, 976)
FUZZ_SEEDS += (40, 85, 99, 118, 147, 156, 172, 176, 282, 299, 321, 324, 328, 365, 430, 482, 632, 662, 699, 719, 910)


def test_what_chromium_shows_of_generated_pages_is_read(tmp_path: Path) -> None:
    """Every marker sentence headless Chromium shows on a page of the differential fuzz
    (``benchmarks/fuzz_browser.py``: random nestings, inline styles and ``<style>`` rules) is read by the
    visibility stages of ``extract_page``: on these pages some were left out."""
    pytest.importorskip("selenium")
    from benchmarks import fuzz_browser

    if shutil.which("chromedriver") is None:
        pytest.skip("chromedriver is not installed (apt-get install chromium-driver)")
    driver = fuzz_browser.browser(tmp_path / "profile")
    try:
        missed = {}
        for seed in FUZZ_SEEDS:
            html = fuzz_browser.page(seed)
            path = tmp_path / f"page-{seed}.html"
            path.write_text(html, encoding="utf-8")
            shown = fuzz_browser.shown(driver, path)
            assert shown, f"the probe saw no marker on page {seed}"
            if shown - fuzz_browser.read(html):
                missed[seed] = sorted(shown - fuzz_browser.read(html))
    finally:
        driver.quit()
    assert missed == {}


_APART = r"""
return Array.from(document.querySelectorAll('p.w')).map(function(p){
  var one = document.createRange(), two = document.createRange(), s = p.querySelectorAll('span');
  one.selectNodeContents(s[0]); two.selectNodeContents(s[1]);
  var a = one.getBoundingClientRect(), b = two.getBoundingClientRect();
  return Math.abs(a.top - b.top) > 1 || b.left - a.right >= 2;
});
"""
"""Whether Chromium shows the first two words of each ``<p class=w>`` apart: on two lines, or 2px or more between
them."""


def test_the_words_css_sets_apart_are_read_apart(tmp_path: Path) -> None:
    """Words typed with no space between them, each in an element the page's CSS may set apart
    (``helpers.WORD_BOXES``): Chromium shows them apart exactly where the extraction reads a space between them
    (a margin, padding or border, a block, a generated space, a flex gap, a grid), and together where it reads
    one word (a bare inline block or flex container, ``word-spacing``, a 1px margin)."""
    pytest.importorskip("selenium")
    from helpers import WORD_BOXES

    from benchmarks import fuzz_browser

    if shutil.which("chromedriver") is None:
        pytest.skip("chromedriver is not installed (apt-get install chromium-driver)")
    own = "<p>The harbour committee met on Tuesday evening to discuss the new ferry timetable for the winter.</p>"
    words = ("Alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo")
    driver = fuzz_browser.browser(tmp_path / "profile")
    seen, read = {}, {}
    try:
        for n, (how, (sheet, word, _)) in enumerate(WORD_BOXES.items()):
            body = "<p class=w>" + "".join(word.format(w) for w in words) + "</p>"
            head = f"<head><meta charset=utf-8><style>{sheet}</style></head>"
            page = f"<html>{head}<body><article>{own * 3}{body}</article></body></html>"
            path = tmp_path / f"words-{n}.html"
            path.write_text(page, encoding="utf-8")
            driver.get(path.as_uri())
            seen[how] = driver.execute_script(_APART)[0]
            text = " ".join(extract_page(page, voters=()).text.split())
            assert "Alpha" in text, (how, text)
            read[how] = "Alpha bravo charlie" in text
    finally:
        driver.quit()
    assert seen == {how: apart for how, (*_, apart) in WORD_BOXES.items()}
    assert read == seen


def test_an_objects_fallback_is_read_where_chromium_shows_it(tmp_path: Path) -> None:
    """Each ``<object>`` in Chromium, its content files beside the page: the fallback of one holding a plugin
    no browser runs (Flash) is shown, and read; that of one whose content loads (an SVG drawing) is not."""
    (tmp_path / "chart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>',
        encoding="utf-8",
    )
    (tmp_path / "movie.swf").write_bytes(b"FWS\x0a" + bytes(60))
    cases = [
        ("<object>{}</object>", True),
        ('<object data="chart.svg" type="image/svg+xml">{}</object>', False),
        ('<object data="movie.swf">{}</object>', True),
        ('<object data="movie.swf" type="application/x-shockwave-flash">{}</object>', True),
    ]
    fallback = '<span class="f">The fallback of an object, a sentence long.</span>'
    body = "".join(f'<div class="c">{case.format(fallback)}</div>' for case, _ in cases)
    heights = _box_sizes(tmp_path / "objects.html", "", body, "span.f", "height")
    assert [height > 0 for height in heights] == [shown for _, shown in cases], heights
    own = "".join(
        f"<p>The page's own words, paragraph {n}, a sentence of them, and more of them.</p>" for n in range(4)
    )
    read = [
        "fallback of an object"
        in extract_page(
            f"<html><body><article>{own}{case.format(fallback)}{own}</article></body></html>", voters=()
        ).text
        for case, _ in cases
    ]
    assert read == [shown for _, shown in cases]


_READ_IN_ORDER = r"""
return Array.from(document.querySelectorAll('.row')).map(function(row){
  var pieces = [], walk = document.createTreeWalker(row, NodeFilter.SHOW_TEXT), node;
  while ((node = walk.nextNode())) {
    if (!node.textContent.trim()) continue;
    var range = document.createRange(); range.selectNodeContents(node);
    var box = range.getBoundingClientRect();
    pieces.push([Math.round(box.top), box.left, node.textContent.trim()]);
  }
  pieces.sort(function(a, b){ return a[0] - b[0] || a[1] - b[1]; });
  return pieces.map(function(p){ return p[2]; }).join(' ');
});
"""
"""The words of each ``<div class=row>`` in the order Chromium shows them: top to bottom, then left to right."""


def test_what_a_layout_turns_round_is_read_in_the_order_chromium_shows_it(tmp_path: Path) -> None:
    """Each row of ``helpers.TURNED_ROWS``, its words typed backwards or shuffled in boxes the page's layout turns
    round: Chromium shows the words in their order, left to right, and the extraction reads them so."""
    pytest.importorskip("selenium")
    from helpers import TURNED_ROWS

    from benchmarks import fuzz_browser

    if shutil.which("chromedriver") is None:
        pytest.skip("chromedriver is not installed (apt-get install chromium-driver)")
    words = ["Alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]
    own = "<p>The harbour committee met on Tuesday evening to discuss the new ferry timetable for the winter.</p>"
    driver = fuzz_browser.browser(tmp_path / "profile")
    seen, read = {}, {}
    try:
        for n, (how, (sheet, row)) in enumerate(TURNED_ROWS.items()):
            head = f"<head><meta charset=utf-8><style>{sheet}</style></head>"
            page = f"<html>{head}<body><article>{own * 3}<div class=row>{row(words)}</div></article></body></html>"
            path = tmp_path / f"turned-{n}.html"
            path.write_text(page, encoding="utf-8")
            driver.get(path.as_uri())
            seen[how] = driver.execute_script(_READ_IN_ORDER)[0]
            text = " ".join(extract_page(page, voters=()).text.split())
            read[how] = " ".join(word for word in text.split() if word in words)
    finally:
        driver.quit()
    assert seen == dict.fromkeys(TURNED_ROWS, " ".join(words))
    assert read == seen


def test_frames_chromium_shows_at_any_depth_are_read_and_a_shown_objects_fallback_frame_is_not(
    tmp_path: Path,
) -> None:
    """A sentence 20 frames deep (``srcdoc`` frames, frames or objects of ``data:`` pages): Chromium shows it
    at the bottom of 20 frames, and the extraction reads it (three levels past the first were read, round
    thirteen).  The ``<iframe srcdoc>`` in the fallback of an ``<object>`` whose ``data:`` page is shown is
    loaded but never laid out (0 by 0, ``checkVisibility()`` false), and is not read."""
    pytest.importorskip("selenium")
    import html
    import urllib.parse

    from selenium.webdriver.common.by import By

    from benchmarks import fuzz_browser

    if shutil.which("chromedriver") is None:
        pytest.skip("chromedriver is not installed (apt-get install chromium-driver)")

    def framed(how: str, markup: str) -> str:
        page = html.escape("data:text/html," + urllib.parse.quote(markup))
        return {
            "srcdoc": f'<iframe srcdoc="{html.escape(markup)}"></iframe>',
            "iframe": f'<iframe src="{page}"></iframe>',
            "object": f'<object data="{page}" type="text/html"></object>',
        }[how]

    own = "".join(
        f"<p>The page's own words, paragraph {n}, a sentence of them, and more of them.</p>" for n in range(3)
    )
    deep = "<p>The sentence at the bottom of the frames, a sentence long.</p>"
    seen: dict[str, tuple[int, str]] = {}
    driver = fuzz_browser.browser(tmp_path / "profile")
    try:
        for how in ("srcdoc", "iframe", "object"):
            markup = deep
            for _ in range(20):
                markup = framed(how, markup)
            page = f"<html><body><article>{own}{markup}</article></body></html>"
            path = tmp_path / f"{how}.html"
            path.write_text(page, encoding="utf-8")
            driver.get(path.as_uri())
            depth = 0
            while frames := driver.find_elements(By.CSS_SELECTOR, "iframe, object"):
                driver.switch_to.frame(frames[0])
                depth += 1
            seen[how] = (depth, driver.execute_script("return document.body.innerText").strip())
            driver.switch_to.default_content()
            assert "bottom of the frames" in extract_page(page, voters=()).text
        fallback = framed("srcdoc", "<p>The frame in the fallback, a sentence long.</p>")
        shown = framed("object", "<p>The object's own page.</p>").replace("</object>", fallback + "</object>")
        page = f"<html><body><article>{own}{shown}</article></body></html>"
        path = tmp_path / "fallback.html"
        path.write_text(page, encoding="utf-8")
        driver.get(path.as_uri())
        laid_out = driver.execute_script(
            "var f = document.querySelector('object iframe'), r = f.getBoundingClientRect();"
            "return [f.checkVisibility(), r.width * r.height];"
        )
    finally:
        driver.quit()
    assert seen == dict.fromkeys(seen, (20, "The sentence at the bottom of the frames, a sentence long."))
    assert laid_out == [False, 0]
    text = extract_page(page, voters=()).text
    assert "object's own page" in text and "frame in the fallback" not in text


_FOLLOWED = r"""
var a = document.querySelector('a[href]');
return Array.from(a.getClientRects()).some(function(r){
  if (r.width * r.height <= 0) return false;
  var x = r.left + r.width / 2, y = r.top + r.height / 2;
  if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
  var top = document.elementFromPoint(x, y);
  return !!top && (top === a || a.contains(top));
});
"""
"""Whether a click at the middle of a box of the page's first link lands on it (its box has an area on the
screen, and hit-testing, with its clips, ``pointer-events`` and ``inert``, finds the link there)."""
_UNDRAWN = r"""
var a = document.querySelector('a[href]');
[a].concat(Array.from(a.querySelectorAll('*'))).forEach(function(e){
  e.style.setProperty('visibility', 'hidden', 'important');
});
"""
"""Hide the page's first link's text and underline (a screenshot without them: the same one when no pixel of
them was shown)."""
_DRAWN_APART = 16
"""The least difference in a colour channel (of 255) a reader is taken to see: text drawn in its background's
colour differs from the background by a few units where it is smoothed."""


def _pixels(png: bytes) -> list[bytes]:
    """The rows of an 8-bit RGB or RGBA PNG (what Chromium's screenshots are), unfiltered."""
    import struct
    import zlib

    width, height, depth, kind = struct.unpack(">IIBB", png[16:26])
    assert depth == 8 and kind in (2, 6), (depth, kind)
    size = 3 if kind == 2 else 4
    data, at = b"", 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        if png[at + 4 : at + 8] == b"IDAT":
            data += png[at + 8 : at + 8 + length]
        at += length + 12
    raw, stride, rows = zlib.decompress(data), width * size, []
    previous = bytearray(stride)
    for y in range(height):
        kind_of_row, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = row[x - size] if x >= size else 0
            up, corner = previous[x], previous[x - size] if x >= size else 0
            if kind_of_row == 1:
                row[x] = (row[x] + left) & 255
            elif kind_of_row == 2:
                row[x] = (row[x] + up) & 255
            elif kind_of_row == 3:
                row[x] = (row[x] + (left + up) // 2) & 255
            elif kind_of_row == 4:
                guess = left + up - corner
                near = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))
                row[x] = (row[x] + near[2]) & 255
        rows.append(bytes(row))
        previous = row
    return rows


def _shown_apart(before: bytes, after: bytes) -> bool:
    """Whether two screenshots differ by :data:`_DRAWN_APART` or more in a channel of a pixel."""
    if before == after:
        return False
    return any(
        abs(x - y) >= _DRAWN_APART
        for a, b in zip(_pixels(before), _pixels(after), strict=True)
        for x, y in zip(a, b, strict=True)
    )


def test_a_credit_link_chromium_shows_no_reader_is_read_so(tmp_path: Path) -> None:
    """Each link of ``helpers.HIDDEN_LINKS`` beside a copy of seed 001 in a page's aside: Chromium shows it (a
    pixel of the screen changes when its text is hidden) and a click follows it (:data:`_FOLLOWED`) exactly
    where the test of the check (``test_a_link_no_reader_can_see_or_follow_credits_nothing``) expects a
    credit."""
    pytest.importorskip("selenium")
    from helpers import HIDDEN_LINKS

    from benchmarks import fuzz_browser

    if shutil.which("chromedriver") is None:
        pytest.skip("chromedriver is not installed (apt-get install chromium-driver)")
    copy = "<p>" + "The ministers met in Tehran on Tuesday. " * 5 + "</p>"
    driver = fuzz_browser.browser(tmp_path / "profile")
    seen: dict[str, tuple[bool, bool]] = {}
    try:
        driver.set_window_size(1280, 2000)
        for n, (name, (sheet, link, _)) in enumerate(HIDDEN_LINKS.items()):
            card = f"<div class=card><h3>{link.format(href='https://sputnik.example/world')}</h3>{copy}</div>"
            head = f"<head><meta charset=utf-8><style>{sheet}</style></head>"
            page = tmp_path / f"link-{n}.html"
            page.write_text(f"<html>{head}<body><aside>{card}</aside></body></html>", encoding="utf-8")
            driver.get(page.as_uri())
            followed = bool(driver.execute_script(_FOLLOWED))
            heading = driver.find_element("css selector", ".card")
            before = heading.screenshot_as_png
            driver.execute_script(_UNDRAWN)
            seen[name] = (_shown_apart(before, heading.screenshot_as_png), followed)
    finally:
        driver.quit()
    assert {name: all(both) for name, both in seen.items()} == {name: c for name, (*_, c) in HIDDEN_LINKS.items()}
