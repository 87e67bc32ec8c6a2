"""The corpus-wide spelling table (the last stage of a scan), against the census it replaced.

Run: ``.venv/bin/python -m benchmarks.bench_spellings [--n 10000] [--jobs 2] [--folder DIR]``.

Generates ``--n`` articles of :mod:`corpus` (or reads ``--folder``) and times, in one process,
:func:`provenance.verdict.spellings.spelling_table` with its census as it was — two regex passes a
document (its words, then its mid-sentence words) and a possessive regex on every distinct word —
against the census now (one regex pass finding each word with its place, counted in C), in one
process and over ``--jobs`` processes. The tables must be equal; prints seconds, articles a second
and the ratios.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence

from tabulate import tabulate

from benchmarks.corpus import generate
from provenance.io.load import load_folder
from provenance.models import Document, NameSpellings
from provenance.verdict import spellings

_WORD = spellings._WORD  # the word the census reads, then and now
_WORD_RE = re.compile(_WORD)
_MID_RE = re.compile(r"(?<=[\w,;%)])\s+(" + _WORD + ")")
_POSSESSIVE = re.compile(r"['’]s$")


def census_before(documents: Sequence[Document], span: tuple[int, int]) -> spellings.WordCensus:
    """The census as the scan took it before: a word pass and a mid-sentence pass a document."""
    census = spellings.WordCensus()
    for doc in documents[span[0] : span[1]]:
        for word, n in Counter(_WORD_RE.findall(doc.text)).items():
            word = _POSSESSIVE.sub("", word)
            if word[:1].islower():
                census.lower_case.add(word)
            elif spellings._is_candidate.__wrapped__(word):
                census.uses[word][doc.id] += n
        census.mid_sentence.update(_POSSESSIVE.sub("", w).lower() for w in set(_MID_RE.findall(doc.text)))
    return census


def timed(documents: Sequence[Document], jobs: int) -> tuple[float, tuple[NameSpellings, ...]]:
    spellings._is_candidate.cache_clear()
    start = time.perf_counter()
    table = spellings.spelling_table(documents, jobs=jobs)
    return time.perf_counter() - start, table


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="articles to generate")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the parallel run")
    parser.add_argument("--folder", help="read this corpus folder instead of generating one")
    args = parser.parse_args(argv)
    if args.folder:
        documents, _ = load_folder(args.folder)
    else:
        documents = [Document(a.id, f"{a.id}.txt", a.text) for a in generate(args.n)]
    now = spellings._census
    spellings._census = census_before
    try:
        t_before, table_before = timed(documents, 1)
    finally:
        spellings._census = now
    t_one, table_one = timed(documents, 1)
    t_jobs, table_jobs = timed(documents, args.jobs)
    if not table_before == table_one == table_jobs:
        sys.exit("bench_spellings: the tables differ")
    n = len(documents)
    rows = [
        ("census before, 1 process", f"{t_before:.2f} s", f"{n / t_before:,.0f}", "1.0x"),
        ("census now, 1 process", f"{t_one:.2f} s", f"{n / t_one:,.0f}", f"{t_before / t_one:.1f}x"),
        (f"census now, {args.jobs} processes", f"{t_jobs:.2f} s", f"{n / t_jobs:,.0f}", f"{t_before / t_jobs:.1f}x"),
    ]
    print(f"{n:,} articles, {len(table_one)} names with several spellings (equal tables)")
    print(tabulate(rows, headers=["spelling table", "time", "articles/s", "vs before"], tablefmt="github"))


if __name__ == "__main__":
    main()
