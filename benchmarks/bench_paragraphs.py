"""HTML pages of thousands of paragraphs: how long ``extract_page`` takes at 5,000 to 40,000 of them, beside
older packages, what reads them (trafilatura, or the visible-text reading) and how much of their text comes out.

Run: ``.venv/bin/python -m benchmarks.bench_paragraphs [--baseline NAME=DIR ...] [--sizes 5000,10000,20000,40000]
[--shapes NAME,...] [--stop-after SECONDS]``.

Each page is an ``<article>`` of n units of one shape (:data:`SHAPES`): ordinary paragraphs with two inline
elements (the attack: 20,000 of them, 1 MB, took 10.5 s), plain paragraphs, ``<div>``s with an inline element
(trafilatura's extracted text holds each as a paragraph: a long comment thread, a live blog) and lines
separated by ``<br>``. trafilatura asks libxml2 for ``//p//text()`` of the page and of the text it extracted,
and libxml2 checks each paragraph's pieces of text against every piece found before them, so the time grew
with the square of the pieces; ``provenance.io.formats._bound_pieces`` keeps a page within
``_MAX_TEXT_PIECES`` (its paragraphs read as their text past it) and a page past it even then is read as its
visible text (``_visible_text``, one walk of the page) rather than by trafilatura. Every extraction runs once
in a forked child stopped after ``--stop-after`` seconds (60); each ``--baseline NAME=DIR``, a folder holding
an older ``provenance`` package (``git archive COMMIT provenance | tar -x -C DIR``), is timed the same way on
the same pages. The columns: ``pieces``, the page's pieces of text (each counted once for every paragraph
around it); ``read by``, trafilatura and the pieces it is given now, or the visible-text reading; for each
version its time (and what it raised) and the words of its text over the words of the page's units. The load
average before and after is printed: other processes inflate wall times.
"""

from __future__ import annotations

import argparse
import importlib
import multiprocessing
import os
import re
import sys
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from tabulate import tabulate
from trafilatura.utils import load_html

from benchmarks import import_baseline
from provenance.io.formats import (
    _MAX_TAIL_JOINS,
    _MAX_TEXT_PIECES,
    _bounded_page,
    _bounded_tags,
    _drop_hidden,
    _drop_hover_cards,
    _flatten_crowded,
    _page_measures,
    extract_page,
)

SHAPES: dict[str, str] = {
    "inline <p>": "<p>Some words <i>here</i> and <b>more</b> words.</p>",
    "plain <p>": "<p>Some words here and more words.</p>",
    "inline <div>": "<div>Some words <i>here</i> and <b>more</b> words.</div>",
    "lines": "Some words <i>here</i> and <b>more</b> words.<br>",
    "tiny tables": "<table><tr><td>a<td>b<tr><td>c</table>",
    "one-cell tables": "<table><tr><td>a</table>",
    "empty <i>": "<i></i> ",
}
"""One unit of each page, repeated n times inside ``<article>`` (the first four hold six words each); the
tables go after an ``<article>`` of one short paragraph (:data:`STORY`): trafilatura's own text is short, so
it falls back on justext, which walks the run of short paragraphs around each one (quadratic in the run).
``empty <i>`` (no words: 120,000 of them, 0.96 MB, took 10 s) goes after the story too: trafilatura deletes
each empty element joining its tail onto the parent's text, an ever longer string."""
BESIDE_STORY = frozenset(("tiny tables", "one-cell tables", "empty <i>"))
"""The shapes whose units go after a one-paragraph story rather than inside ``<article>``."""
STORY = "<p>The minister said on Tuesday that the new budget would cut taxes for families.</p>"
SIZES = (5_000, 10_000, 20_000, 40_000)
STOP_AFTER = 60.0
"""Seconds an extraction may run in its child before it is stopped (``--stop-after``)."""
_WORD = re.compile(r"\w+")

Extract = Callable[[str], object]


def page(unit: str, n: int, beside_story: bool = False) -> str:
    if beside_story:
        return f"<html><body><article>{STORY}</article>{unit * n}</body></html>"
    return f"<html><body><article>{unit * n}</article></body></html>"


def _child(extract: Extract, html: str, send: Connection) -> None:
    start = time.perf_counter()
    words = 0
    try:
        words = len(_WORD.findall(getattr(extract(html), "text", "")))
        outcome = "text"
    except Exception as err:  # an older package's DecodeError is another class
        outcome = type(err).__name__
    send.send((time.perf_counter() - start, outcome, words))


def timed(extract: Extract, html: str, limit: float, words: int) -> list[str]:
    """One extraction of ``html`` in a forked child: its time (and what it raised), or that it was stopped, and
    the words of its text over the page's ``words``."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(extract, html, send))
    child.start()
    send.close()
    try:
        if not receive.poll(limit):
            return [f"over {limit:g} s (stopped)", "-"]
        seconds, outcome, kept = receive.recv()
        share = f"{kept / words:.0%}" if words else "-"
        return [f"{seconds:.2f} s" + ("" if outcome == "text" else f" ({outcome})"), share]
    finally:
        if child.is_alive():
            child.kill()
        child.join()


def pieces(html: str) -> tuple[int, int | None]:
    """Pieces of text of the page, and of the tree trafilatura is given now (None: read as its visible text)."""
    tree = load_html(_bounded_tags(html))
    _drop_hover_cards(tree)
    _drop_hidden(tree)
    found = _flatten_crowded(tree, _page_measures(tree)).pieces
    if _bounded_page(tree)[0]:
        return found, None
    return found, _page_measures(tree).pieces


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--baseline", action="append", default=[], help="NAME=DIR, a folder holding an older provenance package"
    )
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="units a page, comma-separated")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="shapes to run, comma-separated")
    parser.add_argument("--stop-after", type=float, default=STOP_AFTER, help="seconds before a run is stopped")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    versions: list[tuple[str, Extract]] = []
    for number, baseline in enumerate(args.baseline):
        name, _, folder = baseline.rpartition("=")
        module = import_baseline(Path(folder), f"provenance_baseline{number}")
        versions.append((name or folder, importlib.import_module(module + ".io.formats").extract_page))
    versions.append(("now", extract_page))
    load, start = os.getloadavg()[0], time.perf_counter()
    rows = []
    for name in args.shapes.split(","):
        unit = SHAPES[name]
        words = len(_WORD.findall(re.sub("<[^<>]*>", " ", unit)))
        for n in sizes:
            html = page(unit, n, name in BESIDE_STORY)
            found, given = pieces(html)
            cells = [cell for _, extract in versions for cell in timed(extract, html, args.stop_after, words * n)]
            read_by = "visible text" if given is None else f"trafilatura, {given:,}"
            rows.append([name, f"{n:,}", f"{len(html) / 1e6:.2f} MB", f"{found:,}", read_by, *cells])
            print(f"{name} {n:,}: {', '.join(cells)}", flush=True, file=sys.stderr)
    headers = ["shape", "units", "page", "pieces", "read by"]
    headers += [h for v, _ in versions for h in (f"extract_page {v}", f"words {v}")]
    print(tabulate(rows, headers=headers, tablefmt="github"))
    print()
    bounds = f"Bounds: {_MAX_TEXT_PIECES:,} pieces, {_MAX_TAIL_JOINS:,} characters of tail joins"
    print(f"{bounds}. Shapes: " + "; ".join(f"{k} `{v}`" for k, v in SHAPES.items()) + ".")
    print(
        f"Load average (1 min) {load:.2f} before, {os.getloadavg()[0]:.2f} after, on {os.cpu_count()} cores; "
        f"{time.perf_counter() - start:.0f} s."
    )


if __name__ == "__main__":
    main()
