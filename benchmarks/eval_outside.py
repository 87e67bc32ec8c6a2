"""Reuse outside the article body: the noise on real pages, the attack cases, and what it costs a check.

Run (from the repository root)::

    python -m benchmarks.eval_outside [PATH] [--json] [--runs 3]

PATH is the article extraction benchmark's DEV folder (``html/*.html.gz`` and ``ground-truth.json``;
default ``../shared/corpora/article_extraction_benchmark``). Every DEV page is unpacked into a temporary
folder and checked, as ``provenance check`` checks a file, against the others (an index of all 90 built in
memory; a page is never compared with itself), twice: as before (the page's article text only) and now (its
text outside the article body too: :func:`provenance.io.formats.shown_text`).

Figures:

* ``noise_outside``: matches found outside the article body between different DEV pages (every DEV page is
  another article; 0 is the bar), listed in ``noise_outside_list``; ``noise_body``: matches between their
  article texts (the same before and now); ``pages_with_text_outside``, ``words_outside_median`` and
  ``words_outside_max``: what was compared (the words each page shows outside its article text);
* ``attacks``: a DEV page (the host, its body its own) given an uncredited copy in an ``<aside>``, a
  ``<footer>``, a ``<nav>`` and a related-links box (a list of links after the article), of seeds/001 and of
  the true bodies of two other DEV pages, each checked against the other DEV pages and seeds/001: the verdict
  before and now (``attacks_caught``: how many went from PASS to WARN or FAIL);
* ``desk_attacks``: the attack pages uploaded to the reprint desk (:meth:`~provenance.serve.desk.Desk.
  check_upload`, an index of the same corpus), the desk's verdict as before (the upload's article only) and now
  (``desk_caught``, and ``desk_same_as_check``: how many get the verdict and reasons ``check`` gives the file);
  ``desk_ms_before`` / ``desk_ms_now``: the median upload's check (the least of ``--runs``);
* ``baseline_noise``: what ``provenance baseline`` accepts outside the article body on the 90 DEV pages
  (:func:`~provenance.ci.check.outside_matches`, 0 is the bar) and ``baseline_ms``, its time for them (the
  least of ``--runs``); ``baseline_attacks_passing``: the attack pages the check passes after
  ``provenance baseline`` ran on the corpus with them in it (as the gate then checks each);
* ``ms_per_page_before`` / ``ms_per_page_now``: the check's time on a DEV page (``check_documents`` against
  an index of the 90, the page loaded), the least of ``--runs`` runs by turns, median over the pages, in this
  process with the outside step off and on; ``ms_added_per_page_median`` / ``_max``: what the step adds;
  ``ms_load_per_page_median``: what loading the page (its extraction) costs the check before, for scale;
* ``ms_links_added_median`` / ``_max``: what reading each shown line's link targets (a credit by a link to the
  source: :attr:`provenance.io.formats.ShownText.links`), with the reading of the links no reader can see or
  follow (:func:`provenance.io.styles.unfollowed`), adds to the page's shown walk, on the same parsed page,
  the least of ``--runs`` runs each way by turns; ``lines_with_links``: the shown lines that carry any.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from tabulate import tabulate

from benchmarks import CORPORA
from benchmarks.eval_chrome import unpack
from provenance.ci import check as check_module
from provenance.ci.baseline import load_baseline
from provenance.ci.check import FileCheck, check_documents, outside_matches, run_checks
from provenance.ci.lines import read_page
from provenance.ci.policy import Policy
from provenance.cli import main as cli
from provenance.index import Index
from provenance.index.state import sync
from provenance.io.formats import _bounded_tags, _shown_tree, _visible_lines, shown_text
from provenance.io.load import CorpusRules, load_paths
from provenance.io.styles import unfollowed
from provenance.settings import Settings

__all__ = ["ATTACKS", "COPIED", "HOST", "attack_page", "evaluate_outside", "main"]

DEFAULT = CORPORA / "article_extraction_benchmark"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED = "001_d11848f0d9787346"
"""The seed copied (seeds/001, an Islam Times story)."""
HOST = "098bb3e9"
"""The DEV page (key prefix) given the copies: a latimes.com story of 638 words (the first DEV page by key, a
wsj.com teaser of 67 words, is read by the extractor from its aside, copy and all)."""
COPIED = ("05844573", "06ee193d")
"""The DEV pages (key prefixes) whose true bodies are copied, besides seeds/001: the first two by key after
the first (ctpost.com, 759 words; slashgear.com, 824)."""
ATTACKS = ("aside", "footer", "nav", "related")
"""Where the copy is kept: in an ``<aside>``, a ``<footer>``, a ``<nav>`` (each before ``</body>``, the nav
after ``<body>``), and a related-links box (``<div class="related">`` of list items, each a link)."""


def attack_page(host: str, copy: str, where: str) -> str:
    """The page ``host`` (HTML) with the text ``copy`` (one paragraph a line) kept ``where`` (:data:`ATTACKS`)."""
    paragraphs = [html.escape(p.strip()) for p in copy.split("\n") if p.strip()]
    if where == "related":
        items = "".join(f'<li><a href="/story/{n}">{p}</a></li>' for n, p in enumerate(paragraphs))
        block = f'<div class="related"><h3>Related stories</h3><ul>{items}</ul></div>'
    else:
        block = f"<{where}>" + "".join(f"<p>{p}</p>" for p in paragraphs) + f"</{where}>"
    lower = host.lower()
    if where == "nav":
        at = lower.find(">", lower.find("<body")) + 1 if "<body" in lower else 0
    else:
        at = lower.rfind("</body>") if "</body>" in lower else len(host)
    return host[:at] + block + host[at:]


@contextmanager
def _outside_off() -> Iterator[None]:
    """The check as it was before: no text outside the article body read."""
    kept = check_module._outside
    check_module._outside = lambda *_: None  # type: ignore[assignment]
    try:
        yield
    finally:
        check_module._outside = kept


def _check(files: Sequence[Path], corpus: Path, folder: Path) -> list[FileCheck]:
    checks, _ = run_checks(
        [str(f) for f in files], [str(corpus)], Settings(), Policy(), index_path=str(folder / "none.sqlite")
    )
    return checks


def _timings(files: Sequence[Path], corpus: Path, runs: int) -> dict[str, list[float]]:
    """Per DEV page, the check's time (:func:`~provenance.ci.check.check_documents` against an index of the
    pages, the page loaded before) as before and now, the least of ``runs`` runs each, by turns; and what the
    outside step added (now - before); and the time to load each page (its extraction), once."""
    settings, policy = Settings(), Policy()
    found: dict[str, list[float]] = {"before": [], "now": [], "added": [], "load": []}
    with Index.open(":memory:", settings) as index:
        sync(index, [str(corpus)], CorpusRules())
        docs = []
        for file in files:  # what reading the page costs the check first (its extraction), for scale
            start = time.perf_counter()
            docs += load_paths([file], shown=True)[0]  # as the check loads it: its shown lines kept
            found["load"].append(1000 * (time.perf_counter() - start))
        for doc in docs:
            spent: dict[str, list[float]] = {"before": [], "now": []}
            for _ in range(runs):
                for mode in ("before", "now"):
                    with _outside_off() if mode == "before" else nullcontext():
                        start = time.perf_counter()
                        check_documents([doc], index, settings, policy)
                        spent[mode].append(1000 * (time.perf_counter() - start))
            found["before"].append(min(spent["before"]))
            found["now"].append(min(spent["now"]))
            found["added"].append(found["now"][-1] - found["before"][-1])
    return found


def _links_cost(pages: Sequence[str], runs: int) -> dict[str, Any]:
    """What reading the link targets of each shown line adds to the shown walk of each page of ``pages`` (HTML):
    the walk with and without them on the same parsed page, the least of ``runs`` runs each, by turns."""
    added: list[float] = []
    lines = linked = 0
    for page in pages:
        tree = _shown_tree(_bounded_tags(page))
        least = {"without": float("inf"), "with": float("inf")}
        for _ in range(runs):
            for mode in least:
                targets: list[set[str]] | None = [] if mode == "with" else None
                start = time.perf_counter()
                _visible_lines(
                    tree, chrome=True, links=targets, unfollowed=unfollowed(tree) if targets is not None else set()
                )
                least[mode] = min(least[mode], 1000 * (time.perf_counter() - start))
        added.append(least["with"] - least["without"])
        found: list[set[str]] = []
        lines += len(_visible_lines(tree, chrome=True, links=found, unfollowed=unfollowed(tree))[0])
        linked += sum(bool(t) for t in found)
    return {
        "ms_links_added_median": round(statistics.median(added), 2),
        "ms_links_added_max": round(max(added), 2),
        "lines_with_links": f"{linked} of {lines}",
    }


def _desk(made: Sequence[Path], corpus: Path, folder: Path, runs: int) -> dict[str, Any]:
    """The attack pages uploaded to a reprint desk over an index of ``corpus``: each upload's verdict as before
    (its article only) and now, its check now, and the median upload's check time each way."""
    from provenance.serve.desk import Desk, DeskConfig

    settings = Settings()
    index_path = folder / "desk.sqlite"
    with Index.open(str(index_path), settings) as index:
        sync(index, [str(corpus)], CorpusRules())
    verdicts: dict[str, tuple[str, str]] = {}
    checks: dict[str, FileCheck] = {}
    spent: dict[str, list[float]] = {"before": [], "now": []}
    with Desk(DeskConfig(index=str(index_path), archive=str(corpus)), settings, Policy()) as desk:
        for page in made:
            data = page.read_bytes()
            least: dict[str, float] = {}
            for mode in ("before", "now") * runs:
                start = time.perf_counter()
                if mode == "before":
                    outcome = desk.check(desk.read_upload(page.name, data))
                else:
                    outcome = desk.check_upload(page.name, data)
                least[mode] = min(least.get(mode, float("inf")), 1000 * (time.perf_counter() - start))
                if mode == "now":
                    checks[str(page)] = outcome.checks[0]
                else:
                    before = outcome.checks[0].verdict
            verdicts[str(page)] = (before, checks[str(page)].verdict)
            for mode, ms in least.items():
                spent[mode].append(ms)
    return {
        "verdicts": verdicts,
        "checks": checks,
        "ms_before": round(statistics.median(spent["before"]), 1),
        "ms_now": round(statistics.median(spent["now"]), 1),
    }


def _baseline(files: Sequence[Path], made: Sequence[Path], corpus: Path, folder: Path, runs: int) -> dict[str, Any]:
    """What ``provenance baseline`` accepts outside the article body: nothing between the DEV pages (and its time
    for them); then the attack pages, placed in the corpus, pass the check after it ran."""
    settings, policy = Settings(), Policy()
    docs, _ = load_paths(files)
    ms = []
    with Index.open(":memory:", settings) as index:
        sync(index, [str(corpus)], CorpusRules())
        for _ in range(runs):
            start = time.perf_counter()
            noise = outside_matches(docs, index, settings, policy)
            ms.append(1000 * (time.perf_counter() - start))
    within = corpus / "attacks"
    within.mkdir()
    for page in made:
        (within / page.name).write_bytes(page.read_bytes())
    placed = sorted(within.iterdir())
    out = folder / "baseline.json"
    result = CliRunner().invoke(cli, ["baseline", str(corpus), "--out", str(out)])
    if result.exit_code != 0:
        raise RuntimeError(result.output)
    checks, _ = run_checks(
        [str(p) for p in placed],
        [str(corpus)],
        settings,
        policy,
        index_path=str(folder / "none.sqlite"),
        baseline=load_baseline(str(out)),
    )
    return {
        "baseline_noise": len(noise),
        "baseline_ms": round(min(ms), 1),
        "baseline_attacks_passing": sum(c.verdict == "pass" for c in checks),
    }


def evaluate_outside(path: Path, runs: int = 3) -> dict[str, Any]:
    """The figures of the module's docstring."""
    truth = json.loads((path / "ground-truth.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = folder / "pages"
        corpus.mkdir()
        pages = unpack(path, corpus)
        files = [pages[key] for key in sorted(pages)]
        with _outside_off():
            before_checks = _check(files, corpus, folder)
        now_checks = _check(files, corpus, folder)
        timings = _timings(files, corpus, runs)
        outside = [
            f"{c.doc_id} ~ {m.source_id} ({m.verdict}, {m.share_new:.0%}/{m.share_source:.0%})"
            for c in now_checks
            for m in c.matches
            if m.outside
        ]
        body = sum(len(c.matches) for c in before_checks)
        # What was compared: the words each page shows outside its article text.
        docs, _ = load_paths(files)
        left = [len(shown_text(read_page(d.path, 10**8) or "", d.text).outside().split()) for d in docs]
        links = _links_cost([read_page(d.path, 10**8) or "" for d in docs], runs)
        # The attacks: copies of seeds/001 and of two DEV bodies in a DEV page's chrome.
        host_key = next(key for key in sorted(pages) if key.startswith(HOST))
        copied = [next(key for key in sorted(pages) if key.startswith(prefix)) for prefix in COPIED]
        (corpus / f"{SEED}.txt").write_bytes((SEEDS / f"{SEED}.txt").read_bytes())
        pages[host_key].unlink()  # the host's body is the new page's own: not in the corpus
        host = gzip.decompress((path / "html" / f"{host_key}.html.gz").read_bytes()).decode("utf-8", "replace")
        copies = {SEED: (SEEDS / f"{SEED}.txt").read_text(encoding="utf-8")}
        copies.update({key: truth[key]["articleBody"] for key in copied})
        attacks = folder / "new"
        attacks.mkdir()
        made = []
        for where in ATTACKS:
            for key, text in copies.items():
                page = attacks / f"{where}-{key[:8]}.html"
                page.write_text(attack_page(host, text, where), encoding="utf-8")
                made.append(page)
        with _outside_off():
            before = {c.path: c.verdict for c in _check(made, corpus, folder)}
        same = {c.path: c for c in _check(made, corpus, folder)}
        now = {path: c.verdict for path, c in same.items()}
        desk = _desk(made, corpus, folder, runs)
        baseline = _baseline(files, made, corpus, folder, runs)  # last: it adds the attack pages to the corpus
        desk_same = sum(
            [(m.source_id, m.verdict, m.reason) for m in same[p].matches]
            == [(m.source_id, m.verdict, m.reason) for m in desk["checks"][p].matches]
            for p in same
        )
    return {
        "pages": len(files),
        "noise_outside": len(outside),
        "noise_outside_list": outside,
        "noise_body": body,
        "pages_with_text_outside": sum(n > 0 for n in left),
        "words_outside_median": statistics.median(left),
        "words_outside_max": max(left),
        "attacks": {Path(p).name: f"{before[p]} -> {now[p]}" for p in sorted(now)},
        "attacks_caught": sum(before[p] == "pass" and now[p] in ("warn", "fail") for p in now),
        "attack_count": len(now),
        "desk_attacks": {Path(p).name: f"{v[0]} -> {v[1]}" for p, v in sorted(desk["verdicts"].items())},
        "desk_caught": sum(b == "pass" and n in ("warn", "fail") for b, n in desk["verdicts"].values()),
        "desk_same_as_check": desk_same,
        "desk_ms_before": desk["ms_before"],
        "desk_ms_now": desk["ms_now"],
        **baseline,
        "ms_per_page_before": round(statistics.median(timings["before"]), 1),
        "ms_per_page_now": round(statistics.median(timings["now"]), 1),
        "ms_added_per_page_median": round(statistics.median(timings["added"]), 1),
        "ms_added_per_page_max": round(max(timings["added"]), 1),
        "ms_load_per_page_median": round(statistics.median(timings["load"]), 1),
        **links,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT), help="the benchmark's DEV folder")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--runs", type=int, default=3, help="timed checks of each page each way (the least kept)")
    args = parser.parse_args(argv)
    figures = evaluate_outside(Path(args.path), args.runs)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    rows = [(k, v) for k, v in figures.items() if k not in ("attacks", "desk_attacks", "noise_outside_list")]
    print(tabulate(rows, headers=["figure", "value"]))
    print(tabulate(sorted(figures["attacks"].items()), headers=["attack page", "before -> now"]))
    print(tabulate(sorted(figures["desk_attacks"].items()), headers=["uploaded to the desk", "before -> now"]))
    for line in figures["noise_outside_list"]:
        print(f"noise: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
