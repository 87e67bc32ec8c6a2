"""The metadata stage's attribution phrases, searched line by line against a search of the whole text.

Run: ``.venv/bin/python -m benchmarks.bench_metadata [--n 5000] [--folder DIR]``.

Generates ``--n`` articles of :mod:`corpus` (or reads ``--folder``: any folder of texts, e.g. a
PAN-13 ``susp`` folder) and times, in one process, the attributions of every text
(``metadata._attributions``) as they are found now — each phrase pattern searched only on the lines
that hold the words every match of it contains — against the same patterns run over the whole text
(the search before; swapped in for the line filter, nothing else changes). The attributions must be
equal; prints milliseconds an article (best of ``--repeat``) and the ratio.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence

from tabulate import tabulate

from benchmarks.corpus import generate
from provenance.io.load import load_folder
from provenance.models import Attribution
from provenance.text import metadata


def whole_text(pattern: re.Pattern[str], _needs: object, text: str) -> Iterator[re.Match[str]]:
    """The search before: every pattern over the whole text."""
    return pattern.finditer(text)


def best_of(texts: Sequence[str], repeat: int) -> tuple[float, list[tuple[Attribution, ...]]]:
    best, found = float("inf"), []
    for _ in range(repeat):
        start = time.perf_counter()
        found = [metadata._attributions(text) for text in texts]
        best = min(best, time.perf_counter() - start)
    return best, found


def timed_with(
    search: Callable[..., Iterator[re.Match[str]]], texts: Sequence[str], repeat: int
) -> tuple[float, list[tuple[Attribution, ...]]]:
    now = metadata._matches
    metadata._matches = search
    try:
        return best_of(texts, repeat)
    finally:
        metadata._matches = now


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=5_000, help="articles to generate")
    parser.add_argument("--folder", help="read the texts of this folder instead of generating articles")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, the best kept")
    args = parser.parse_args(argv)
    if args.folder:
        documents, _ = load_folder(args.folder)
        texts = [d.text for d in documents]
    else:
        texts = [a.text for a in generate(args.n)]
    t_before, before = timed_with(whole_text, texts, args.repeat)
    t_now, now = best_of(texts, args.repeat)
    if before != now:
        sys.exit("bench_metadata: the attributions differ")
    n = len(texts)
    rows = [
        ("whole text, every pattern", f"{1000 * t_before / n:.3f}", "1.0x"),
        ("lines holding each pattern's words", f"{1000 * t_now / n:.3f}", f"{t_before / t_now:.1f}x"),
    ]
    found = sum(map(len, now))
    print(f"{n:,} texts, {found:,} attributions (equal)")
    print(tabulate(rows, headers=["attribution search", "ms a text", "vs before"], tablefmt="github"))


if __name__ == "__main__":
    main()
