"""The HTML report at a thousand pairs: render time, file size, and time until the page answers in a browser.

Run: ``.venv/bin/python -m benchmarks.bench_html [--groups 4 --size 33 --repeat 3]``.
Builds, in a temporary folder, a corpus of ``--groups`` stories reprinted over
and over (:func:`write_corpus`: every article of a group reprints an earlier
one, so four groups of 33 give about 1,000 reuse pairs), scans it, and prints a table:
the scan, rendering the report (median of ``--repeat``), its size, and in
headless Chromium (skipped when there is none) the time from navigation to the
report's script having run (the index sorts, filters and searches from then
on), to the load event, and what one sort, one filter and opening one pair's
detail take in the page. ``--baseline FILE`` measures an older renderer on the
same scan in the same run, beside this one. The same corpus is what
``tests/test_browser.py`` checks the report on.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import hashlib
import importlib.util
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tabulate import tabulate

from benchmarks import corpus
from provenance.io.load import load_folder
from provenance.models import ScanResult
from provenance.pipeline import scan
from provenance.report import render_html
from provenance.settings import Settings

__all__ = ["CHROMIUM", "FLAGS", "scan_corpus", "with_probe", "write_corpus"]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
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
_START = datetime.date(2025, 1, 1)


def write_corpus(folder: Path, *, groups: int = 4, size: int = 33, seed: int = 100) -> Path:
    """``groups`` corpora of ``size`` articles in one JSON Lines file, each article a reprint of an earlier
    one of its group (ids ``gG-aNNNNNNN``, its headline as title; in even groups a date a day later than
    the article before, so direction is decided there)."""
    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for g in range(groups):
            for n, art in enumerate(corpus.generate(size, seed=seed + g, reprint_every=1, min_share=0.4)):
                headline, _, _ = art.text.partition("\n")
                record = {"id": f"g{g}-{art.id}", "text": art.text, "title": headline}
                if g % 2 == 0:  # dated groups read source → copy; the others mostly stay undetermined
                    record["date"] = (_START + datetime.timedelta(days=n)).isoformat()
                out.write(json.dumps(record) + "\n")
    return path


def scan_corpus(folder: Path, *, jobs: int = 2) -> ScanResult:
    """Scan what :func:`write_corpus` wrote."""
    docs, problems = load_folder(folder)
    assert not problems, problems
    return scan(docs, Settings(), jobs=jobs)


# Appended to a copy of the report: when the page's script has run, and what one action costs there.
_PROBE = """
<script>
(function(){
  var root=document.documentElement, out={parsed:performance.now(), ready:+root.getAttribute('data-ready')};
  function time(fn){var t=performance.now();fn();return performance.now()-t;}
  out.sort=time(function(){var s=document.getElementById('sort');s.value='share:desc';
    s.dispatchEvent(new Event('change'));});
  out.filter=time(function(){var q=document.getElementById('q');q.value='a0000017';
    q.dispatchEvent(new Event('input'));});
  var last=[].slice.call(document.querySelectorAll('section.pair:not([data-open])')).pop();
  out.open=time(function(){location.hash='#'+last.id;window.dispatchEvent(new HashChangeEvent('hashchange'));});
  window.addEventListener('load',function(){
    var nav=performance.getEntriesByType('navigation')[0];
    out.load=nav.loadEventStart; out.dom_interactive=nav.domInteractive;
    out.details=+root.getAttribute('data-details');
    var pre=document.createElement('pre');pre.id='probe';pre.textContent=JSON.stringify(out);
    document.body.appendChild(pre);
  });
})();
</script>
"""


def with_probe(page: str, probe: str) -> str:
    """``page`` with the ``<script>`` ``probe`` appended to its body, and its Content-Security-Policy
    widened by exactly that script's hash (the report's own policy runs nothing else)."""
    body = re.fullmatch(r"\s*<script>(.*)</script>\s*", probe, re.DOTALL)
    assert body, "a probe is one <script> element"
    digest = base64.b64encode(hashlib.sha256(body.group(1).encode("utf-8")).digest()).decode("ascii")
    widened = page.replace("script-src ", f"script-src 'sha256-{digest}' ", 1)
    assert widened != page, "the page has no script-src to widen"
    return widened.replace("</body>", probe.strip() + "</body>")


# For a baseline renderer's page (``--baseline``): when its parse ended and its load event came.
_TIMING = """
<script>
(function(){
  var out={parsed:performance.now()};
  window.addEventListener('load',function(){
    var nav=performance.getEntriesByType('navigation')[0];
    out.load=nav.loadEventStart; out.dom_interactive=nav.domInteractive;
    var pre=document.createElement('pre');pre.id='probe';pre.textContent=JSON.stringify(out);
    document.body.appendChild(pre);
  });
})();
</script>
"""


def browser_timings(page: Path, work: Path, probe: str = _PROBE) -> dict[str, float]:
    """The probe's figures (milliseconds since navigation) for ``page`` in headless Chromium."""
    assert CHROMIUM is not None
    probed = work / "probe.html"
    text = page.read_text(encoding="utf-8")
    # A page whose policy allows any inline script (an older renderer's) takes the probe as it is.
    unsafe = "'unsafe-inline'" in text.split("</head>", 1)[0]
    probed.write_text(text.replace("</body>", probe + "</body>") if unsafe else with_probe(text, probe), "utf-8")
    proc = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={work / 'profile'}", "--window-size=1280,1000", "--dump-dom",
         probed.as_uri()],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    found = re.search(r'<pre id="probe">(.*?)</pre>', proc.stdout, re.DOTALL)
    if not found:
        raise SystemExit(f"no probe output from Chromium: {proc.stderr[-500:]}")
    figures: dict[str, float] = json.loads(found.group(1))
    return figures


def _renderer(path: str) -> Callable[[ScanResult], str]:
    """``render_html`` of a renderer module kept outside the package (an older ``provenance/report/html.py``)."""
    spec = importlib.util.spec_from_file_location("provenance.report._baseline_html", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    render: Callable[[ScanResult], str] = module.render_html
    return render


def _measure(
    render: Callable[[ScanResult], str], result: ScanResult, work: Path, repeat: int, probe: str
) -> dict[str, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        page = render(result)
        times.append(time.perf_counter() - start)
    assert page == render(result), "the report is not deterministic"
    out = work / "report.html"
    out.write_text(page, encoding="utf-8")
    figures = {"render": statistics.median(times), "size": out.stat().st_size}
    if CHROMIUM is not None:
        runs = [browser_timings(out, work, probe) for _ in range(repeat)]
        figures.update({key: statistics.median(r[key] for r in runs) for key in runs[0]})
    return figures


_ROWS = (
    ("render_html (median)", "render", "{:.2f} s"),
    ("report size", "size", "{:,.0f} bytes"),
    ("navigation → DOM interactive (median)", "dom_interactive", "{:.0f} ms"),
    ("navigation → index answers: sort, filter, search (median)", "ready", "{:.0f} ms"),
    ("navigation → whole page parsed (median)", "parsed", "{:.0f} ms"),
    ("navigation → first pairs' details shown (median)", "details", "{:.0f} ms"),
    ("navigation → load event (median)", "load", "{:.0f} ms"),
    ("sort the index by share", "sort", "{:.1f} ms"),
    ("search by id", "filter", "{:.1f} ms"),
    ("open the last pair's detail", "open", "{:.1f} ms"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--groups", type=int, default=4)
    parser.add_argument("--size", type=int, default=33)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--baseline",
        help="an older provenance/report/html.py (git show REV:provenance/report/html.py > FILE), measured alongside",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write_corpus(work, groups=args.groups, size=args.size)
        start = time.perf_counter()
        result = scan_corpus(work, jobs=args.jobs)
        scanned = time.perf_counter() - start
        print(
            f"{len(result.documents)} articles, {len(result.pairs)} reuse pairs, {len(result.clusters)} clusters; "
            f"scan {scanned:.1f} s (--jobs {args.jobs})" + ("" if CHROMIUM else "; no chromium: no browser figures")
        )
        columns = {"this renderer": _measure(render_html, result, work, args.repeat, _PROBE)}
        if args.baseline:
            columns["baseline"] = _measure(_renderer(args.baseline), result, work, args.repeat, _TIMING)
        rows = [
            [label, *(fmt.format(c[key]) if key in c else "–" for c in columns.values())]
            for label, key, fmt in _ROWS
            if any(key in c for c in columns.values())
        ]
        print(tabulate(rows, headers=["measure", *columns], tablefmt="github"))


if __name__ == "__main__":
    main()
