"""How long the seeds' scan takes, and signatures against datasketch's documented usage.

Run: ``.venv/bin/python -m benchmarks.bench_seeds [--repeat N]``. Prints a table;
both rows of the signature comparison run in this process on the same shingles.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np
from datasketch import MinHash
from tabulate import tabulate

from provenance.detect.signatures import shingle_hashes, signature_of
from provenance.io.load import load_folder
from provenance.pipeline import prepare, scan, words
from provenance.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def _timed(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--folder", default=str(ROOT / "seeds"))
    args = parser.parse_args()
    settings = Settings()

    load_s = _timed(lambda: load_folder(args.folder), args.repeat)
    docs, _ = load_folder(args.folder)
    scan_s = _timed(lambda: scan(docs, settings), args.repeat)

    prepared = [prepare(d) for d in docs]
    token_lists = [words(d) for d in prepared]
    shingles = [shingle_hashes(tokens, settings.shingle_size) for tokens in token_lists]

    def ours() -> None:
        for tokens in token_lists:
            signature_of(tokens, shingle_size=5, num_perm=settings.num_perm, window=settings.window)

    def baseline() -> None:
        # datasketch's documented usage: one MinHash, update() per shingle.
        for hashes in shingles:
            m = MinHash(num_perm=settings.num_perm, hashfunc=int)
            for h in hashes.tolist():
                m.update(h)

    ours_s, base_s = _timed(ours, args.repeat), _timed(baseline, args.repeat)
    m = MinHash(num_perm=settings.num_perm, hashfunc=int)
    m.update_batch(shingles[0].tolist())
    same = bool(np.array_equal(m.hashvalues, signature_of(token_lists[0]).whole))

    rows = [
        ["load seeds/ (5 files)", f"{load_s * 1000:.2f} ms", ""],
        ["scan (split, sign, LSH, align, changes)", f"{scan_s * 1000:.2f} ms", ""],
        ["signatures, datasketch MinHash.update per shingle", f"{base_s * 1000:.2f} ms", "1.0x"],
        [
            "signatures, provenance (windows + whole)",
            f"{ours_s * 1000:.2f} ms",
            f"{base_s / ours_s:.1f}x faster",
        ],
    ]
    print(tabulate(rows, headers=[f"what (median of {args.repeat})", "time", "ratio"], tablefmt="github"))
    print(f"whole-document signature identical to datasketch's: {same}")


if __name__ == "__main__":
    main()
