"""A compressed JSON Lines export (``.jsonl.gz``): streaming it, indexing it, and checking against it.

Run: ``.venv/bin/python -m benchmarks.bench_gzip_export [--n 20000] [--queries 40] [--bomb-mb 10]
[--baseline OLD_LOAD.py] [--no-start-pass]``.

Generates ``--n`` articles with :func:`corpus.generate` (one in 100 an edited reprint of an earlier one)
into one export, plain and gzip-compressed, then times in one process: streaming each (``load_jsonl``);
indexing each; and checking ``--queries`` of the reprints (each a line of the export, so its source is a
candidate loaded from the export) against the index of the compressed one, with each loader of a line: as
it was at 028c657 (the export decompressed from its start for every candidate; ``--no-start-pass`` leaves
it out), an older ``provenance/io/load.py`` given as ``--baseline`` (its ``_compressed_line``: 470622b's
access points were zlib states copied by hand), and as it is (``indexed_gzip``'s access points and line
marks: :func:`provenance.io.load._gzip_access`), all giving the same results.  The 028c657 loader also
refused an export whose text passed ``max_file_bytes`` (10 MB) as a whole: all run with a limit of 1 GB so
that it loads at all.  Last, what a gzip bomb of ``--bomb-mb`` MB of text costs the streaming reader: one of
blank lines, one of ``{}`` lines (each a problem).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import importlib.util
import io
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from tabulate import tabulate

from benchmarks.corpus import Truth, generate, write_jsonl
from provenance.ci import Policy, check_documents
from provenance.index import Index
from provenance.io import load
from provenance.models import Document
from provenance.settings import Settings


def _whole_pass_line(file: str, number: int, *, max_bytes: int, links: bool) -> Document:
    """The loader of a compressed export's line before: the export decompressed whole, from its start, for
    every line asked (``provenance/io/load.py`` at 028c657)."""
    lines = io.BytesIO(load.read_article_bytes(file, max_bytes, links=links))
    line = b""
    for _ in range(number):
        line = lines.readline()
        if not line:
            raise load.LoadError(f"no article on line {number}")
    return load._numbered_line(line, file, number, max_bytes)


_Loader = Callable[..., Document]


def _baseline(path: str) -> tuple[_Loader, Callable[[], None]]:
    """The loader of a compressed export's line of an older ``provenance/io/load.py`` kept outside the package,
    and what clears its cache."""
    spec = importlib.util.spec_from_file_location("provenance.io._baseline_load", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module._compressed_line, module._gzip_access.cache_clear


@contextlib.contextmanager
def _loader(chosen: _Loader, clear: Callable[[], None], calls: list[int]) -> Iterator[None]:
    """Lines of a compressed export loaded by ``chosen`` (its cache cleared first), each call counted."""
    kept = load._compressed_line

    def counted(file: str, number: int, *, max_bytes: int, links: bool) -> Document:
        calls.append(number)
        return chosen(file, number, max_bytes=max_bytes, links=links)

    load._compressed_line = counted
    clear()
    try:
        yield
    finally:
        load._compressed_line = kept


def _timed(work: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def _bomb(folder: Path, name: str, line: bytes, megabytes: int) -> tuple[str, float, int, int]:
    path = folder / name
    with gzip.open(path, "wb", compresslevel=9) as out:
        block = line * (1_000_000 // len(line))
        for _ in range(megabytes):
            out.write(block)
    seconds, items = _timed(lambda: sum(1 for _ in load.load_jsonl(path)))
    assert isinstance(items, int)
    return name, seconds, path.stat().st_size, items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=20_000, help="articles in the export")
    parser.add_argument("--queries", type=int, default=40, help="reprints checked against the index")
    parser.add_argument("--bomb-mb", type=int, default=10, help="MB of text in each gzip bomb")
    parser.add_argument("--baseline", help="an older provenance/io/load.py whose line loader is measured too")
    parser.add_argument("--no-start-pass", action="store_true", help="leave out 028c657's loader (slow)")
    args = parser.parse_args()
    loaders: list[tuple[str, _Loader, Callable[[], None], int]] = []
    if not args.no_start_pass:
        loaders.append(("decompressed from its start (028c657)", _whole_pass_line, lambda: None, 10))
    if args.baseline:
        loaders.append(("baseline's access points (--baseline)", *_baseline(args.baseline), 500))
    loaders.append(("indexed_gzip's access points (now)", load._compressed_line, load._gzip_access.cache_clear, 500))
    settings = Settings(max_file_bytes=1_000_000_000)
    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        plain, packed = work / "plain" / "export.jsonl", work / "packed" / "export.jsonl.gz"
        plain.parent.mkdir()
        packed.parent.mkdir()
        truth = Truth()
        write_jsonl(generate(args.n, seed=11, reprint_every=100, truth=truth), plain)
        with plain.open("rb") as source, gzip.open(packed, "wb", compresslevel=6) as out:
            shutil.copyfileobj(source, out)
        size, text = packed.stat().st_size, plain.stat().st_size
        rows.append(["export", f"{args.n:,} articles", f"{text / 1e6:.1f} MB of text", f"{size / 1e6:.1f} MB gzip"])
        for path in (plain, packed):
            seconds, items = _timed(lambda path=path: list(load.load_jsonl(path)))
            assert isinstance(items, list) and all(isinstance(i, Document) for i in items), "a problem"
            rows.append([f"stream {path.name} (load_jsonl)", len(items), f"{seconds:.2f} s", ""])
        docs = {d.id: d for d in load.load_jsonl(packed)}
        for path in (plain, packed):
            with Index.open(work / f"{path.name}.sqlite", settings, rebuild=True) as index:
                seconds, _ = _timed(lambda index=index, path=path: index.update([path]))
            rows.append([f"index {path.name}", args.n, f"{seconds:.2f} s", ""])
        queries = [docs[r.id] for r in truth.reprints[: args.queries]]
        results: list[object] = []
        with Index.open(work / f"{packed.name}.sqlite", settings) as index:
            for how, chosen, clear, _ in loaders:
                calls: list[int] = []
                with _loader(chosen, clear, calls):
                    seconds, result = _timed(lambda index=index: check_documents(queries, index, settings, Policy()))
                results.append(result)
                rows.append(
                    [
                        f"check {len(queries)} reprints, candidates {how}",
                        f"{len(calls)} candidates",
                        f"{seconds:.2f} s",
                        f"{seconds / max(1, len(calls)) * 1000:.1f} ms a candidate",
                    ]
                )
        rng = random.Random(5)
        picked = [rng.randrange(1, args.n + 1) for _ in range(500)]
        for how, chosen, clear, count in loaders:
            wanted = [f"{packed}:{number}" for number in picked[:count]]
            with _loader(chosen, clear, []):
                first, _ = _timed(lambda wanted=wanted: load.load_article(wanted[0], max_bytes=settings.max_file_bytes))
                rest, _ = _timed(
                    lambda wanted=wanted: [load.load_article(w, max_bytes=settings.max_file_bytes) for w in wanted[1:]]
                )
            each = f"{rest / (count - 1) * 1000:.1f} ms a line"
            rows.append([f"load_article of random lines, {how}", count, f"first {first * 1000:.0f} ms", each])
        assert all(result == results[0] for result in results), "the loaders differ"
        found = sum(1 for c in results[-1] if c.matches)  # type: ignore[attr-defined]
        rows.append(["results identical", f"{found} of {len(queries)} reprints matched", "", ""])
        for name, line in (("blank.jsonl.gz", b"\n"), ("braces.jsonl.gz", b"{}\n")):
            shown, seconds, size, items = _bomb(work, name, line, args.bomb_mb)
            rate = f"{seconds / args.bomb_mb * 1000:,.0f} s a GB of text"
            what = f"gzip bomb {shown}: {args.bomb_mb} MB in {size / 1000:.0f} kB"
            rows.append([what, f"{items:,} items", f"{seconds:.2f} s", rate])
    print(tabulate(rows, headers=["step", "items", "time", ""], tablefmt="github"))


if __name__ == "__main__":
    main()
