"""The HTML report in a real browser (headless Chromium): what a person sees.

Skipped, with the reason, when no ``chromium`` is installed (``.ci/run`` installs
it). The report is loaded from a file:// URL with networking features off and a
fresh profile; a copy of it with a probe script appended reports what is
rendered (boxes, colours, the element under each mark's centre) into the DOM,
which ``--dump-dom`` prints. Console errors are read from Chromium's log.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from provenance import ScanResult
from provenance.report import render_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"),
]

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]

# Appended to a copy of the report: measures what is on screen, writes JSON into the page.
PROBE = """
<script>
(function(){
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
  var pre=document.createElement('pre'); pre.id='probe'; pre.textContent=JSON.stringify(out);
  document.body.appendChild(pre);
})();
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


def _probe(page: Path, tmp_path: Path, width: int) -> dict[str, Any]:
    probed = tmp_path / f"probe-{width}.html"
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    proc = _chromium(
        [f"--window-size={width},1000", "--virtual-time-budget=3000", "--dump-dom", probed.as_uri()],
        tmp_path / f"profile-probe-{width}",
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert _console_errors(proc.stderr) == []
    found = re.search(r'<pre id="probe">(.*?)</pre>', proc.stdout, re.DOTALL)
    assert found, proc.stdout[-2000:]
    data: dict[str, Any] = json.loads(found.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
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
(function(){
  var out={title:document.title, pwned:!!document.getElementById('pwned') || !!window.__pwned,
           scripts:document.querySelectorAll('script').length,
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
})();
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
        path.write_text(page.replace("</body>", HOSTILE_PROBE + "</body>"), encoding="utf-8")
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
        assert seen["scripts"] == 2  # the report's own keyboard script and the probe
        assert seen["handlers"] == 0 and seen["images"] == 0 and seen["js_links"] == 0, seen
        assert seen["shown"]  # the hostile text is visible as text
