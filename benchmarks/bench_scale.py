"""Speed and recall at scale, against datasketch and rensa in the same process and corpus.

Run: ``.venv/bin/python -m benchmarks.bench_scale [--n 10000] [--baseline-docs 1000]
[--queries 200] [--jobs N] [--skip-index]``, or on a written corpus ``--index-only --folder DIR
--truth FILE [--tmp DIR]`` (the index rows only, for a corpus too large to hold in memory), or
``--end-to-end --n 5000`` (the rows of :func:`_end_to_end` only).

Generates ``--n`` articles with :mod:`corpus` (in memory, then written as
``.txt`` files to a temporary folder for the index), and prints one table:

* signatures per second: this package (window MinHash, NumPy) against
  datasketch's documented usage (``MinHash.update`` once per shingle) and
  rensa (``RMinHash.update`` with the shingle list), on the same shingles of
  the first ``--baseline-docs`` articles; and whether datasketch, fed the same
  32-bit shingle hashes, gives bit-identical signatures;
* index build time and peak memory (``provenance index`` in a child process,
  its own ``VmHWM`` and its workers', :mod:`peak`), and check latency p50/p99 for one article;
* candidate pairs, recall of the injected reprints by share of the source
  reused, precision of the reported pairs and topical-only pairs reported
  (same topic, no shared sentence);
* datasketch's ``MinHashLSH`` (threshold 0.5, its documented example) on
  whole-document signatures of the baseline articles: build/query time and
  candidate recall on the reprints among them.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH
from tabulate import tabulate

from benchmarks.corpus import Article, Reprint, Truth, generate, read_truth, write_folder
from benchmarks.peak import index_files, p99, run_cli
from provenance.ci import Policy, check_documents
from provenance.detect.candidates import candidate_pairs
from provenance.detect.signatures import distinct, shingle_hashes, signature_of
from provenance.index import Index
from provenance.io.load import load_file
from provenance.models import Document
from provenance.pipeline import describe_document, prepare, scan, sign, words
from provenance.settings import Settings

BUCKETS = ((0.1, 0.3), (0.3, 0.5), (0.5, 0.8), (0.8, 1.01))


def _peak_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _shingles(tokens: list[str], k: int) -> list[str]:
    if len(tokens) < k:
        return [" ".join(tokens)] if tokens else []
    return [" ".join(tokens[i : i + k]) for i in range(len(tokens) - k + 1)]


def _bucket(share: float) -> str:
    for lo, hi in BUCKETS:
        if lo <= share < hi:
            return f"{lo:.1f}–{min(hi, 1.0):.1f}"
    return "<0.1"


def _index_rows(
    args: argparse.Namespace, folder: Path, reprints: list[Reprint], settings: Settings, rows: list[tuple[str, str]]
) -> None:
    """Build the index of ``folder`` in a child process; time checks against it; recall of the reprints."""
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        db = Path(tmp) / "index.sqlite"
        # The build runs in a child process that reports its own peak RSS and its workers'.
        build = run_cli(["index", str(folder), "--index", str(db), "--quiet", "--jobs", str(args.jobs)], check=True)
        t_build, main_kib, worker_kib = build.seconds, build.peak_kib, build.workers_kib
        with Index.open(db, settings) as index:
            n = index.count()
        rows.append(
            ("index build (provenance index)", f"{t_build:.1f} s ({n / t_build:,.0f} articles/s, jobs {args.jobs})")
        )
        rows.append(
            (
                "index peak memory (RSS)",
                f"{main_kib / 1024:,.0f} MiB writer; {worker_kib / 1024:,.0f} MiB largest worker",
            )
        )
        files = index_files(db)
        segments = [f for f in files if f.name.endswith(".keys.npy")]
        keys = sum(f.stat().st_size for f in segments)
        rows.append(
            (
                "index size",
                f"{sum(f.stat().st_size for f in files) / 2**20:,.0f} MiB "
                f"({keys / 8 / max(n, 1):,.0f} keys an article, {len(segments)} segments)",
            )
        )
        again = run_cli(["index", str(folder), "--index", str(db), "--quiet"], check=True)
        rows.append(("re-index, nothing changed", f"{again.seconds:.1f} s"))
        # Checks: reprints (is their source found?) and random articles, one at a time.
        rng = np.random.default_rng(1)
        picks = rng.choice(len(reprints), min(len(reprints), args.queries), replace=False) if reprints else []
        sampled = [reprints[int(i)] for i in sorted(picks)]
        others = [f"a{int(i):07d}" for i in rng.integers(0, n, args.queries)]
        latencies: list[float] = []
        by_kind: dict[str, list[float]] = {"reprints": [], "other articles": []}
        found: dict[str, list[bool]] = {}
        policy = Policy()
        with Index.open(db, settings) as index:
            for doc_id, source, share in [(r.id, r.source, r.share) for r in sampled] + [
                (o, None, 0.0) for o in others
            ]:
                doc = load_file(folder / f"{doc_id}.txt")
                t0 = time.perf_counter()
                (result,) = check_documents([doc], index, settings, policy)
                latencies.append((time.perf_counter() - t0) * 1000)
                by_kind["reprints" if source is not None else "other articles"].append(latencies[-1])
                if source is not None:
                    hit = any(m.source_id == source and m.is_reuse for m in result.matches)
                    found.setdefault(_bucket(share), []).append(hit)
                    found.setdefault("≥ 0.3" if share >= 0.3 else "< 0.3", []).append(hit)
        rows.append(
            (
                "check one article p50 / p99",
                f"{statistics.median(latencies):.1f} / {p99(latencies):.1f} ms ({len(latencies)} checks)",
            )
        )
        for kind, times in by_kind.items():
            if times:
                times.sort()
                rows.append(
                    (
                        f"  of which {kind}",
                        f"{statistics.median(times):.1f} / {times[min(len(times) - 1, int(0.99 * len(times)))]:.1f} ms",
                    )
                )
        for bucket in sorted(found):
            hits = found[bucket]
            rows.append(
                (f"check finds the source, share {bucket}", f"{sum(hits) / len(hits):.4f} ({sum(hits)}/{len(hits)})")
            )


def _textbook_datasketch(folder: Path, settings: Settings) -> set[tuple[str, str]]:
    """The textbook datasketch scan of a folder: read each file, lower-case and split it on white space,
    one ``MinHash.update`` a word shingle, one signature a document in a ``MinHashLSH`` (threshold 0.5,
    the documented example), then every document queried; the pairs it returns."""
    k = settings.shingle_size
    lsh = MinHashLSH(threshold=0.5, num_perm=settings.num_perm)
    minhashes: dict[str, MinHash] = {}
    for path in sorted(folder.glob("*.txt")):
        tokens = path.read_text(encoding="utf-8").lower().split()
        m = MinHash(num_perm=settings.num_perm, seed=settings.seed)
        for shingle in _shingles(tokens, k):
            m.update(shingle.encode("utf8"))
        lsh.insert(path.stem, m)
        minhashes[path.stem] = m
    return {(min(a, b), max(a, b)) for a, m in minhashes.items() for b in lsh.query(m) if b != a}


def _end_to_end(args: argparse.Namespace, articles: list[Article], truth: Truth, settings: Settings) -> None:
    """``provenance scan FOLDER --jobs 1`` in a child process (interpreter start, loading, every stage, the
    three reports written) against :func:`_textbook_datasketch` in this process, on the same folder, back to
    back: wall times, their ratio, and the recall and extra pairs of each."""
    rows: list[tuple[str, str]] = [("articles", f"{len(articles):,} (one reprint in {args.reprint_every})")]
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        folder, out = Path(tmp) / "corpus", Path(tmp) / "out"
        write_folder(iter(articles), folder)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        run = run_cli(["scan", str(folder), "--jobs", "1", "--out", str(out), "--quiet"], check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_scan = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        pairs = json.loads((out / "provenance.json").read_text())["pairs"]
        reported = {(min(p["a"], p["b"]), max(p["a"], p["b"])) for p in pairs}  # a report orders a pair by its source
        t0, c0 = time.perf_counter(), time.process_time()
        textbook = _textbook_datasketch(folder, settings)
        t_ds, cpu_ds = time.perf_counter() - t0, time.process_time() - c0
    wanted = {(min(r.id, r.source), max(r.id, r.source)) for r in truth.reprints}
    related = truth.related()
    for name, seconds, cpu, pairs in (
        ("provenance scan --jobs 1", run.seconds, cpu_scan, reported),
        ("datasketch", t_ds, cpu_ds, textbook),
    ):
        rows.append(
            (
                name,
                f"{seconds:.1f} s wall, {cpu:.1f} s CPU; recall of reprints "
                f"{len(pairs & wanted) / max(1, len(wanted)):.3f} ({len(pairs & wanted)}/{len(wanted)}); "
                f"{len(pairs - related)} pairs sharing no sentence",
            )
        )
    # CPU time as well as wall time: on a machine other work shares, the CPU ratio moves less.
    rows.append(("scan faster than datasketch", f"{t_ds / run.seconds:.2f}x wall, {cpu_ds / cpu_scan:.2f}x CPU"))
    print(tabulate(rows, headers=["end to end", "value"]))


def _index_with_folder(
    args: argparse.Namespace, articles: list[Article], truth: Truth, settings: Settings, rows: list[tuple[str, str]]
) -> None:
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        folder = Path(tmp) / "corpus"
        write_folder(iter(articles), folder)
        _index_rows(args, folder, truth.reprints, settings, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="articles to generate")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reprint-every", type=int, default=50)
    parser.add_argument("--baseline-docs", type=int, default=1_000, help="articles signed by the baselines")
    parser.add_argument("--queries", type=int, default=200, help="articles checked against the index")
    parser.add_argument("--jobs", type=int, default=1, help="processes for `provenance index`")
    parser.add_argument("--index-only", action="store_true", help="only the index build and check latency")
    parser.add_argument("--folder", help="with --index-only: index this corpus.py folder instead of generating one")
    parser.add_argument("--truth", help="with --folder: the reprints file corpus.py --truth wrote")
    parser.add_argument("--tmp", help="where the index is built (default: the system's temporary folder)")
    parser.add_argument("--skip-index", action="store_true", help="no index build / check latency")
    parser.add_argument(
        "--end-to-end", action="store_true", help="only `provenance scan --jobs 1` against the textbook datasketch scan"
    )
    parser.add_argument(
        "--skip-scan", action="store_true", help="no candidate verification (recall of candidates only)"
    )
    args = parser.parse_args()
    settings = Settings()
    rows: list[tuple[str, str]] = [("articles", f"{args.n:,} (one reprint in {args.reprint_every})")]
    truth = Truth()

    if args.folder:
        rows[0] = ("articles", f"{args.folder} (written by corpus.py)")
        _index_rows(args, Path(args.folder), read_truth(args.truth) if args.truth else [], settings, rows)
        print(tabulate(rows, headers=["measure", "value"]))
        return
    t0 = time.perf_counter()
    articles = list(generate(args.n, seed=args.seed, reprint_every=args.reprint_every, truth=truth))
    rows.append(("generate (in memory)", f"{time.perf_counter() - t0:.1f} s"))
    t0 = time.perf_counter()
    if args.end_to_end:
        _end_to_end(args, articles, truth, settings)
        return
    if args.index_only:
        _index_with_folder(args, articles, truth, settings, rows)
        print(tabulate(rows, headers=["measure", "value"]))
        return
    docs = [prepare(Document(a.id, f"{a.id}.txt", a.text)) for a in articles]
    t_prep = time.perf_counter() - t0
    rows.append(("split sentences + tokens", f"{t_prep:.1f} s ({args.n / t_prep:,.0f} articles/s)"))
    tokens = [words(d) for d in docs]
    k = settings.shingle_size
    # Millions of token tuples are now alive: keep the cyclic GC from walking them again and again
    # while every method below (ours and the baselines alike) is timed.
    gc.collect()
    gc.freeze()

    # -- signatures ---------------------------------------------------------------------------
    t0 = time.perf_counter()
    sigs = [sign(d, settings) for d in docs]
    t_sign = time.perf_counter() - t0
    rows.append(("sign all (window MinHash)", f"{t_sign:.1f} s ({args.n / t_sign:,.0f} articles/s)"))
    sample = tokens[: args.baseline_docs]
    shingles = [_shingles(t, k) for t in sample]
    n_sh = sum(len(s) for s in shingles)
    t0 = time.perf_counter()
    for t in sample:
        signature_of(t, shingle_size=k, num_perm=settings.num_perm, seed=settings.seed, window=settings.window)
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    ds_whole = []
    for sh in shingles:
        m = MinHash(num_perm=settings.num_perm, seed=settings.seed)
        for s in sh:
            m.update(s.encode("utf8"))
        ds_whole.append(m)
    t_ds = time.perf_counter() - t0
    rows.append(
        ("signatures/s, provenance", f"{len(sample) / t_ours:,.0f} articles/s ({n_sh / t_ours:,.0f} shingles/s)")
    )
    rows.append(
        ("signatures/s, datasketch update()", f"{len(sample) / t_ds:,.0f} articles/s (ours: {t_ds / t_ours:.1f}x)")
    )
    # The distinct shingle hashes of each text: np.unique (hash table, then a sort, in NumPy 2.3+)
    # against signatures.distinct (one sort and a neighbour comparison), on the same arrays.
    hashes = [shingle_hashes(t, k) for t in sample]
    t0 = time.perf_counter()
    for h in hashes:
        np.unique(h)
    t_unique = time.perf_counter() - t0
    t0 = time.perf_counter()
    for h in hashes:
        distinct(h)
    t_distinct = time.perf_counter() - t0
    rows.append(
        (
            "distinct shingle hashes, np.unique / distinct",
            f"{t_unique * 1e6 / len(hashes):.0f} / {t_distinct * 1e6 / len(hashes):.0f} µs an article "
            f"({t_unique / t_distinct:.1f}x)",
        )
    )
    try:
        from rensa import RMinHash

        t0 = time.perf_counter()
        for sh in shingles:
            r = RMinHash(num_perm=settings.num_perm, seed=settings.seed)
            r.update(sh)
        t_r = time.perf_counter() - t0
        rows.append(
            ("signatures/s, rensa RMinHash", f"{len(sample) / t_r:,.0f} articles/s (ours: {t_r / t_ours:.2f}x)")
        )
    except ImportError:
        rows.append(("signatures/s, rensa", "not installed"))
    identical = 0
    for t, sig in zip(sample, sigs, strict=False):
        m = MinHash(num_perm=settings.num_perm, seed=settings.seed, hashfunc=lambda x: x)
        m.update_batch(shingle_hashes(t, k).tolist())
        identical += bool(np.array_equal(m.hashvalues.astype(np.uint32), sig.whole))
    rows.append(("same estimates: datasketch == ours", f"{identical}/{len(sample)} signatures bit-identical"))

    # -- candidates, verification, recall -----------------------------------------------------
    t0 = time.perf_counter()
    cands = candidate_pairs(sigs, bands=settings.lsh_bands, rows=settings.lsh_rows, max_bucket=settings.max_bucket)
    t_cand = time.perf_counter() - t0
    rows.append(("LSH candidates (sort-join)", f"{len(cands):,} pairs in {t_cand:.1f} s"))
    ids = [d.id for d in docs]
    cand_set = {(ids[c.a], ids[c.b]) for c in cands}
    related = truth.related()
    reported: set[tuple[str, str]] = set()
    if not args.skip_scan:
        t0 = time.perf_counter()
        described = [describe_document(d, settings) for d in docs]
        result = scan(described, settings, signatures=dict(zip(ids, sigs, strict=True)), jobs=args.jobs)
        t_scan = time.perf_counter() - t0
        reported = {(min(p.a, p.b), max(p.a, p.b)) for p in result.pairs}  # pairs are oriented source → copy
        rows.append(("scan (verify candidates)", f"{t_scan:.1f} s, {len(reported):,} reuse pairs reported"))
        true_reported = len(reported & related)
        topical = sum(1 for a, b in reported - related if truth.topics[a] == truth.topics[b])
        rows.append(
            (
                "precision of reported pairs",
                f"{true_reported / max(1, len(reported)):.4f} ({true_reported}/{len(reported)})",
            )
        )
        rows.append(("topical-only pairs reported", f"{topical}"))
    by_bucket: dict[str, list[tuple[bool, bool]]] = {}
    for rp in truth.reprints:
        pair = (min(rp.id, rp.source), max(rp.id, rp.source))
        by_bucket.setdefault(_bucket(rp.share), []).append((pair in cand_set, pair in reported))
    for name in sorted(by_bucket):
        hits = by_bucket[name]
        text = f"candidates {sum(c for c, _ in hits) / len(hits):.3f}"
        if not args.skip_scan:
            text += f", reported {sum(r for _, r in hits) / len(hits):.3f}"
        rows.append((f"recall, share reused {name}", f"{text} (n={len(hits)})"))
    over30 = [(min(rp.id, rp.source), max(rp.id, rp.source)) for rp in truth.reprints if rp.share >= 0.3]
    if over30 and not args.skip_scan:
        got = sum(p in reported for p in over30)
        rows.append(("recall, share ≥ 0.3 (target 0.99)", f"{got / len(over30):.4f} ({got}/{len(over30)})"))

    # -- datasketch MinHashLSH baseline ---------------------------------------------------------
    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=settings.num_perm)
    for i, m in enumerate(ds_whole):
        lsh.insert(ids[i], m)
    t_ins = time.perf_counter() - t0
    t0 = time.perf_counter()
    ds_pairs = set()
    for i, m in enumerate(ds_whole):
        for other in lsh.query(m):
            if other != ids[i]:
                ds_pairs.add((min(ids[i], other), max(ids[i], other)))
    t_q = time.perf_counter() - t0
    inside = set(ids[: len(ds_whole)])
    wanted = [
        (min(rp.id, rp.source), max(rp.id, rp.source), rp.share)
        for rp in truth.reprints
        if rp.id in inside and rp.source in inside and rp.share >= 0.3
    ]
    ds_recall = sum((a, b) in ds_pairs for a, b, _ in wanted) / max(1, len(wanted))
    our_recall = sum((a, b) in cand_set for a, b, _ in wanted) / max(1, len(wanted))
    rows.append(
        (
            "datasketch MinHashLSH(0.5), same articles",
            f"insert {t_ins * 1000 / len(ds_whole):.2f} ms/article, query {t_q * 1000 / len(ds_whole):.2f} ms; "
            f"recall (share ≥ 0.3) {ds_recall:.3f} vs ours {our_recall:.3f} (n={len(wanted)})",
        )
    )
    rows.append(("peak memory, this process", f"{_peak_mib():,.0f} MiB"))
    del sigs, cands, docs, tokens, shingles, ds_whole, lsh

    if not args.skip_index:
        _index_with_folder(args, articles, truth, settings, rows)
    print(tabulate(rows, headers=["measure", "value"]))


if __name__ == "__main__":
    main()
