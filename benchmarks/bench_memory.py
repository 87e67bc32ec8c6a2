"""What the in-memory scan holds per article, against the representations it replaced.

Run: ``.venv/bin/python -m benchmarks.bench_memory [--n 2000]``.

Generates ``--n`` articles of :mod:`corpus` and measures with ``tracemalloc``, in one process:

- a prepared document (sentences, tokens, token spans, metadata) as the scan keeps it — token spans
  packed in one ``int32`` array a sentence (:class:`provenance.models.Spans`), word strings shared
  across documents — against the same sentences with a ``(start, end)`` tuple a token and a string
  object a token (the representation before);
- a signature with its passage windows, and folded to the whole-text row once candidates are found;
- the peak of the candidate join run a few bands at a time (the default) against one join over
  every band at once (the current join in one pass, the plan the scan had before), with the same pairs.

Prints KB an article and the ratios; multiply by the corpus size for a scan's footprint.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from tabulate import tabulate

from benchmarks.corpus import generate
from provenance.detect import candidates
from provenance.models import Document, Sentence, Spans
from provenance.pipeline import describe_document, prepare, sign
from provenance.settings import Settings


def measured(make: Callable[[], Any]) -> tuple[Any, int, int]:
    """What ``make`` returns, the bytes it still holds, and its peak."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    value = make()
    now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return value, now - before, peak - before


def rebuilt(doc: Document, *, before: bool) -> Document:
    """A copy of a prepared document's sentences, as the scan keeps them or as it kept them before."""
    sentences = []
    for s in doc.sentences:
        if before:  # one string object and one (start, end) tuple a token
            copy = Sentence(s.index, s.span, tuple("".join(list(t)) for t in s.tokens), Spans())
            object.__setattr__(copy, "token_spans", tuple((int(a), int(b)) for a, b in s.token_spans))
        else:  # the shared word strings, spans packed
            copy = Sentence(s.index, s.span, tuple(list(s.tokens)), Spans(list(s.token_spans)))
        sentences.append(copy)
    return dataclasses.replace(doc, sentences=tuple(sentences))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2000, help="articles to generate")
    args = parser.parse_args()
    settings = Settings()
    raw = [Document(a.id, f"{a.id}.txt", a.text) for a in generate(args.n, seed=7)]
    n = len(raw)
    docs = [describe_document(prepare(d, settings), settings) for d in raw]
    tokens = sum(len(s.tokens) for d in docs for s in d.sentences)
    # The sentences only (text and metadata are the same both ways); "now" pays for the shared
    # vocabulary once.
    vocabulary = sum(sys.getsizeof(w) for w in {t for d in docs for s in d.sentences for t in s.tokens})
    _, sentences_before, _ = measured(lambda: [rebuilt(d, before=True) for d in docs])
    _, sentences_now, _ = measured(lambda: [rebuilt(d, before=False) for d in docs])
    sentences_now += vocabulary
    sign(docs[0], settings)  # imports datasketch and SciPy outside the measurement
    sigs, held_sigs, _ = measured(lambda: [sign(d, settings) for d in docs])
    _, held_whole, _ = measured(lambda: [s.whole_only() for s in sigs])
    held_whole += sum(s.shingles.nbytes for s in sigs)  # kept, shared with the signature it came from
    join = {"bands": settings.lsh_bands, "rows": settings.lsh_rows, "max_bucket": settings.max_bucket}
    cut, _, peak_cut = measured(lambda: candidates.candidate_pairs(sigs, **join))
    start = time.perf_counter()  # timed apart: tracemalloc slows allocation
    candidates.candidate_pairs(sigs, **join)
    t_cut = time.perf_counter() - start
    one_join = {**join, "bands_per_pass": settings.lsh_bands, "docs_per_block": n}
    whole, _, peak_whole = measured(lambda: candidates.candidate_pairs(sigs, **one_join))
    start = time.perf_counter()
    candidates.candidate_pairs(sigs, **one_join)
    t_whole = time.perf_counter() - start
    assert cut == whole, "the join gave different pairs when cut into passes"

    def kb(b: int) -> str:
        return f"{b / n / 1024:,.1f}"

    rows = [
        (
            "split sentences (tokens, spans)",
            kb(sentences_before),
            kb(sentences_now),
            f"{sentences_before / sentences_now:.1f}x",
        ),
        (
            "signature: passage windows + shingles",
            kb(held_sigs),
            kb(held_whole) + " (after the join)",
            f"{held_sigs / max(held_whole, 1):.1f}x",
        ),
        ("candidate join, peak", kb(peak_whole), kb(peak_cut), f"{peak_whole / max(peak_cut, 1):.1f}x"),
        ("candidate join, seconds (not KB)", f"{t_whole:.2f}", f"{t_cut:.2f}", f"{t_whole / t_cut:.2f}x"),
    ]
    print(f"{n:,} articles, {tokens / n:,.0f} words an article, {len(cut):,} candidate pairs (same both ways)")
    print(tabulate(rows, headers=["KB an article", "before / one join", "now", "ratio"]))


if __name__ == "__main__":
    main()
