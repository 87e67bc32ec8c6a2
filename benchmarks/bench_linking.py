"""A link's credit on a page of many links: :meth:`provenance.io.formats.ShownText.linking` on a page whose
outside text is ``--links`` short lines (80,000: about 2.7 MB), each its own link, the spans touching a few of
them, against the page's shown walk (:func:`provenance.io.formats.shown_text`) for scale.

Run (from the repository root)::

    python -m benchmarks.bench_linking [--links 80000] [--runs 3]

Prints the least of ``--runs`` runs of each, in seconds.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence

from provenance.io.formats import shown_text

BODY = "The council of Riverton met on Monday evening to discuss the budget of the roads and the library roof."


def page(links: int) -> str:
    """An article of its own and a list of ``links`` teasers, each a link to a story of its own."""
    items = "".join(f"<li><a href='/s/{n}/'>Story {n}</a></li>" for n in range(links))
    return f"<html><body><article><p>{BODY}</p></article><ul>{items}</ul></body></html>"


def best(run: Callable[[], object], runs: int) -> float:
    """The least wall time of ``runs`` calls of ``run``, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--links", type=int, default=80_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    html = page(args.links)
    url = "https://courier.example/s/7"
    shown = shown_text(html, BODY, url="https://courier.example/a")
    spans = [(0, 20), (60, 90)]
    print(f"page: {len(html) / 1e6:.1f} MB, {args.links} links, {len(shown.lines)} shown lines")
    print(f"shown_text: {best(lambda: shown_text(html, BODY, url='https://courier.example/a'), args.runs):.3f} s")
    print(f"linking (two spans): {best(lambda: shown.linking(url, spans), args.runs):.4f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
