"""How long sentence alignment takes on a small pair and a large one, against an older aligner in this process.

Run: ``python -m benchmarks.bench_align [--repeat N] [--corpora PATH] [--baseline DIR]``.
The small pair is the seeds' 000 x 001 (the sentences the scan aligns); the large
one is the PAN-13 no-obfuscation pair with the most sentences, cut to
``max_align_sentences`` a side. ``--baseline DIR``: a folder holding an older
``provenance`` package (``git archive COMMIT provenance | tar -x -C DIR``), whose
``align_sentences`` (default settings) runs on the same sentences, the two
alternating so that a load on the machine weighs on both; the table gives
medians and the ratio.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from tabulate import tabulate

from benchmarks import import_baseline
from benchmarks.evaluate import CORPORA
from provenance.detect.align import align_sentences
from provenance.io.load import load_folder
from provenance.models import Sentence
from provenance.pipeline import prepare
from provenance.settings import Settings
from provenance.text.sentences import split_sentences

ROOT = Path(__file__).resolve().parent.parent
Aligner = Callable[[Sequence[Sentence], Sequence[Sentence]], object]


def _baseline(folder: Path) -> Aligner:
    """``align_sentences`` of the ``provenance`` package in ``folder``, imported under another name."""
    aligner: Aligner = importlib.import_module(import_baseline(folder) + ".detect.align").align_sentences
    return aligner


def _pairs(corpora: Path) -> list[tuple[str, Sequence[Sentence], Sequence[Sentence]]]:
    docs, _ = load_folder(str(ROOT / "seeds"))
    seeds = sorted((prepare(d) for d in docs), key=lambda d: d.id)
    pairs: list[tuple[str, Sequence[Sentence], Sequence[Sentence]]] = [
        (f"seeds {seeds[0].id[:3]} x {seeds[1].id[:3]}", seeds[0].sentences, seeds[1].sentences)
    ]
    pan = corpora / "pan13_text_alignment_subset"
    listing = pan / "02-no-obfuscation" / "pairs"
    if listing.is_file():
        cap = Settings().max_align_sentences
        best: tuple[int, Sequence[Sentence], Sequence[Sentence]] | None = None
        for line in listing.read_text(encoding="utf-8").splitlines():
            susp, src = line.split()
            a = split_sentences((pan / "susp" / susp).read_text(encoding="utf-8"))[:cap]
            b = split_sentences((pan / "src" / src).read_text(encoding="utf-8"))[:cap]
            if best is None or len(a) * len(b) > best[0]:
                best = (len(a) * len(b), a, b)
        if best is not None:
            pairs.append((f"PAN-13 {len(best[1])} x {len(best[2])} sentences", best[1], best[2]))
    return pairs


def _ms(aligner: Aligner, a: Sequence[Sentence], b: Sequence[Sentence], inner: int) -> float:
    """Milliseconds one alignment of ``a`` with ``b`` takes, over ``inner`` runs."""
    start = time.perf_counter()
    for _ in range(inner):
        aligner(a, b)
    return (time.perf_counter() - start) / inner * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument("--baseline", type=Path, help="a folder holding an older provenance package")
    args = parser.parse_args()
    old = _baseline(args.baseline) if args.baseline else None
    table = []
    for name, a, b in _pairs(args.corpora):
        inner = max(1, round(50 / max(1e-3, _ms(align_sentences, a, b, 1))))  # about 50 ms a sample
        ours: list[float] = []
        theirs: list[float] = []
        for _ in range(args.repeat):  # alternate, so that a load on the machine weighs on both
            ours.append(_ms(align_sentences, a, b, inner))
            if old is not None:
                theirs.append(_ms(old, a, b, inner))
        now = statistics.median(ours)
        row = [name, f"{now:.3f} ms"]
        if theirs:
            before = statistics.median(theirs)
            row += [f"{before:.3f} ms", f"{now / before:.2f}x"]
        table.append(row)
    headers = ["pair", "align_sentences"] + (["baseline", "ratio"] if old is not None else [])
    print(tabulate(table, headers=headers))


if __name__ == "__main__":
    main()
