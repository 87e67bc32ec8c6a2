"""Stages of the scan against an older tree, by turns in one process, their results compared.

Run: ``python -m benchmarks.bench_stages --baseline DIR [--stage NAME] [--n 2000] [--join-n 20000] [--own 20000]
[--copies 10] [--wide 71] [--groups 2] [--size 20] [--sheets 6] [--sheet-kb 1450] [--rules 1000] [--turns 5]
[--corpora PATH]``.

``DIR`` holds an older ``provenance`` package (``git archive COMMIT provenance | tar -x -C DIR``),
imported under another name (without its own compiled core, it is given this tree's: the stages timed
here are Python). Each stage runs on the same input in both, the two alternating turn by turn so that a
load on the machine weighs on both; the figure is the median CPU time (``time.process_time``) of a turn,
and the results must be equal or the script stops.

- ``describe``: :func:`provenance.text.metadata.describe` of ``--n`` articles of :mod:`benchmarks.corpus`
  (timed), the seeds and the article-extraction benchmark's DEV pages as extracted (``--corpora``;
  compared, and timed apart).
- ``sketch``: :func:`provenance.text.boilerplate.sketch_of` (what the boilerplate stage reads of a document) of
  ``--n`` corpus articles and of the seeds and DEV pages as loaded (their sites known), prepared and described.
- ``fold``: :func:`provenance.text.normalize.fold` of those real texts, and of the seeds repeated to 2 MB.
- ``extract``: :func:`provenance.io.formats.extract_page` of the extraction benchmark's DEV pages (``--corpora``),
  then of ``--sheets`` corpus articles each behind a style sheet of ``--sheet-kb`` kB of its own (ordinary
  rules, icons' ``::before``, a bidi override: every reader of the page's styles reads it).
- ``bidi``: :func:`provenance.io.styles.overridden` of ``--sheets`` pages each behind a sheet of ``--rules``
  rules of its own (one a right-to-left override), the sheets already split as the page's other readers split them.
- ``read``: reading ``--n`` corpus articles' files as the scan and the index read them (the bytes compared).
- ``reports``: the Markdown, JSON and HTML reports of a scan of a long text (800 sentences, then ``--own``)
  and ``--copies`` texts of its 800, and of the 1,000-pair corpus of :mod:`benchmarks.bench_html` (each
  report compared byte for byte; seconds a report).
- ``join``: :func:`provenance.detect.spill.spilled_pairs`, the scan's candidate join, over the band keys of
  ``--join-n`` corpus articles spilled as a one-process scan spills them (seconds a join); then with ``--wide``
  copies of one story beside them (buckets over ``max_bucket``: the copies' pairs may differ, the others not).
- ``keypairs``: :func:`provenance.index.archive.key_pairs`, the archive scan's key join, over an index of
  ``--join-n`` corpus articles, then of those and ``--wide`` copies of one story (seconds a join).
- ``verify``: :func:`provenance.pipeline.verify_candidate` of every pair of a story's reprints in the corpus of
  :mod:`benchmarks.bench_html` (``--groups`` stories of ``--size`` articles), each tree's documents prepared,
  described and signed by that tree (milliseconds a pair; the pairs compared).
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import gc
import gzip
import importlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from tabulate import tabulate

from benchmarks import CORPORA, import_baseline
from benchmarks.corpus import generate
from provenance.io.load import load_folder
from provenance.models import Document

ROOT = Path(__file__).resolve().parent.parent
NAME = "provenance_baseline"


def baseline(folder: Path) -> str:
    """Import the package in ``folder`` as :data:`NAME`, with this tree's compiled core if it has none."""
    if not any((folder / "provenance").glob("_core*.so")):
        from provenance import _compiled

        if _compiled.core is not None:
            sys.modules[f"{NAME}._core"] = _compiled.core
    return import_baseline(folder, NAME)


def by_turns(runs: Sequence[tuple[str, Callable[[], Any]]], turns: int) -> tuple[dict[str, float], dict[str, Any]]:
    """Each run's median CPU seconds over ``turns`` turns (the runs alternating), and its last result."""
    seconds: dict[str, list[float]] = {name: [] for name, _ in runs}
    results: dict[str, Any] = {}
    gc.collect()
    gc.disable()  # the scan pauses the collector too (pipeline.scan)
    try:
        for _ in range(turns):
            for name, run in runs:
                start = time.process_time()
                results[name] = run()
                seconds[name].append(time.process_time() - start)
    finally:
        gc.enable()
    return {name: statistics.median(times) for name, times in seconds.items()}, results


def plain(value: Any) -> Any:
    """``value`` with its records as tuples: the two trees' records are of different classes."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.astuple(value)
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def _row(stage: str, what: str, n: int, unit: str, times: dict[str, float]) -> list[str]:
    before, now = times["baseline"], times["this tree"]
    scale = (1000 if unit == "ms" else 1) / n  # milliseconds an item, or seconds a run
    return [stage, what, f"{scale * before:.3f} {unit}", f"{scale * now:.3f} {unit}", f"{before / now:.2f}x"]


def _real_texts(corpora: Path) -> list[tuple[str, str]]:
    """(name, text) of the seeds and of the extraction benchmark's DEV pages as the loader extracts them."""
    texts = [(d.path, d.text) for d in load_folder(str(ROOT / "seeds"))[0]]
    bench = corpora / "article_extraction_benchmark"
    if (bench / "ground-truth.json").is_file():
        from benchmarks.eval_extraction import pages
        from provenance.io.formats import extract_page

        texts += [(page.key, extract_page(page.html).text) for page in pages(bench)]
    else:
        print(f"bench_stages: no {bench.name} under {corpora}: the DEV pages are not compared", file=sys.stderr)
    return texts


def stage_describe(old: ModuleType, args: argparse.Namespace) -> list[list[str]]:
    from provenance.text import metadata

    before: Callable[[str], Any] = importlib.import_module(f"{old.__name__}.text.metadata").describe
    real = _real_texts(args.corpora)
    for name, text in real:
        if plain(before(text)) != plain(metadata.describe(text)):
            sys.exit(f"bench_stages: describe differs on {name}")
    generated = [a.text for a in generate(args.n, reprint_every=50)]
    rows = []
    for what, texts in ((f"{len(generated):,} corpus articles", generated), (f"{len(real)} real texts", real)):
        only = [t if isinstance(t, str) else t[1] for t in texts]
        times, results = by_turns(
            [
                ("baseline", lambda only=only: [before(t) for t in only]),
                ("this tree", lambda only=only: [metadata.describe(t) for t in only]),
            ],
            args.turns,
        )
        if plain(results["baseline"]) != plain(results["this tree"]):
            sys.exit(f"bench_stages: describe differs on the {what}")
        rows.append(_row("describe", what + " (equal)", len(only), "ms", times))
    return rows


def _wire_story(args: argparse.Namespace) -> list[Document]:
    """``--wide`` copies of one article not of the corpus (another seed): every band key in a bucket of that many."""
    story = next(generate(1, seed=99, prefix="w"))
    return [Document(f"wire{k:04d}", f"wire{k:04d}.txt", story.text) for k in range(args.wide)]


def _corpus_documents(n: int, args: argparse.Namespace, *, wide: bool) -> list[Document]:
    docs = [Document(a.id, f"{a.id}.txt", a.text) for a in generate(n, reprint_every=50)]
    return docs + (_wire_story(args) if wide else [])


def _compared(before: set[tuple[Any, Any]], now: set[tuple[Any, Any]], wire: set[Any], stage: str) -> None:
    """The two trees' pairs equal; against a baseline from before wide buckets paired (no pair of the wire
    story's copies), equal but for those."""
    paired_wire = any(set(p) & wire for p in before)
    if (now if paired_wire else {p for p in now if not set(p) & wire}) != before:
        sys.exit(f"bench_stages: {stage} differs")


def stage_join(old: ModuleType, args: argparse.Namespace) -> list[list[str]]:
    from provenance.detect import spill
    from provenance.pipeline import prepare, sign
    from provenance.settings import Settings

    before: Callable[..., Any] = importlib.import_module(f"{old.__name__}.detect.spill").spilled_pairs
    settings = Settings()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        stores = [spill.KeySpill(f"{folder}/corpus"), spill.KeySpill(f"{folder}/wire")]
        docs = _corpus_documents(args.join_n, args, wide=True)
        for i, doc in enumerate(docs):
            signature = sign(prepare(doc, settings), settings)
            keys = spill.document_keys(signature, bands=settings.lsh_bands, rows=settings.lsh_rows)
            stores[i >= args.join_n].add(i, keys)
        for wide in (False, True):
            n = len(docs) if wide else args.join_n
            held = stores if wide else stores[:1]
            times, results = by_turns(
                [
                    ("baseline", functools.partial(before, held, n, max_bucket=settings.max_bucket)),
                    ("this tree", functools.partial(spill.spilled_pairs, held, n, max_bucket=settings.max_bucket)),
                ],
                args.turns,
            )
            pairs = {name: {(c.a, c.b) for c in found} for name, found in results.items()}
            _compared(pairs["baseline"], pairs["this tree"], set(range(args.join_n, n)), "spilled_pairs")
            what = f"{args.join_n:,} corpus articles" + (f" and {args.wide} copies of a story" if wide else "")
            counts = f"{len(pairs['baseline']):,} -> {len(pairs['this tree']):,} candidates"
            rows.append(_row("spilled_pairs", f"{what}, {counts}", 1, "s", times))
    return rows


def stage_keypairs(old: ModuleType, args: argparse.Namespace) -> list[list[str]]:
    from provenance.index import Index, corpus_files
    from provenance.index.archive import key_pairs
    from provenance.settings import Settings

    before: Callable[..., Any] = importlib.import_module(f"{old.__name__}.index.archive").key_pairs
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "corpus"
        root.mkdir()
        for doc in _corpus_documents(args.join_n, args, wide=False):
            (root / doc.path).write_text(doc.text, encoding="utf-8")
        for wide in (False, True):
            if wide:
                for doc in _wire_story(args):
                    (root / doc.path).write_text(doc.text, encoding="utf-8")
            with Index.open(Path(folder) / "index.sqlite", Settings()) as index:
                index.update(corpus_files([root]), jobs=2)
                times, results = by_turns(
                    [
                        ("baseline", functools.partial(before, index)),
                        ("this tree", functools.partial(key_pairs, index)),
                    ],
                    args.turns,
                )
                named = {
                    name: {tuple(sorted(index.rows([int(x), int(y)]).values())) for x, y in found.pairs}
                    for name, found in results.items()
                }
            wire = {(f"wire{k:04d}", str(root / f"wire{k:04d}.txt")) for k in range(args.wide)}
            _compared(named["baseline"], named["this tree"], wire, "key_pairs")
            what = f"an index of {args.join_n:,} corpus articles" + (
                f" and {args.wide} copies of a story" if wide else ""
            )
            counts = f"{len(named['baseline']):,} -> {len(named['this tree']):,} pairs"
            rows.append(_row("key_pairs", f"{what}, {counts}", 1, "s", times))
    return rows


def _sketches_equal(a: Any, b: Any) -> bool:
    return all(np.array_equal(getattr(a, name), getattr(b, name)) for name in ("sentences", "edge", "site_edge"))


def stage_sketch(old: ModuleType, args: argparse.Namespace) -> list[list[str]]:
    from provenance.pipeline import describe_document, prepare
    from provenance.settings import Settings
    from provenance.text import boilerplate

    before: Callable[..., Any] = importlib.import_module(f"{old.__name__}.text.boilerplate").sketch_of
    settings = Settings()
    options = {
        "edge_sentences": settings.boilerplate_edge_sentences,
        "min_words": settings.min_sentence_tokens,
        "max_words": settings.boilerplate_max_words,
    }
    generated = [Document(a.id, f"{a.id}.txt", a.text) for a in generate(args.n, reprint_every=50)]
    real = _real_documents(args.corpora)
    rows = []
    for what, loaded in ((f"{len(generated):,} corpus articles", generated), (f"{len(real)} real documents", real)):
        docs = [describe_document(prepare(d, settings), settings) for d in loaded]
        times, results = by_turns(
            [
                ("baseline", lambda docs=docs: [before(d, **options) for d in docs]),
                ("this tree", lambda docs=docs: [boilerplate.sketch_of(d, **options) for d in docs]),
            ],
            args.turns,
        )
        if not all(map(_sketches_equal, results["baseline"], results["this tree"])):
            sys.exit(f"bench_stages: sketch_of differs on the {what}")
        rows.append(_row("sketch_of", what + " (equal)", len(docs), "ms", times))
    return rows


def _real_documents(corpora: Path) -> list[Document]:
    """The seeds and the extraction benchmark's DEV pages, loaded as the scan loads them."""
    docs = load_folder(str(ROOT / "seeds"))[0]
    pages = corpora / "article_extraction_benchmark" / "html"
    if pages.is_dir():
        with tempfile.TemporaryDirectory() as folder:
            for page in sorted(pages.glob("*.html.gz")):
                (Path(folder) / page.name.removesuffix(".gz")).write_bytes(gzip.decompress(page.read_bytes()))
            docs += load_folder(folder)[0]
    return docs


def stage_fold(old: ModuleType, args: argparse.Namespace) -> list[list[str]]:
    """:func:`provenance.text.normalize.fold` of the real texts, and of a long article: the seeds repeated to
    2 MB (an ellipsis and a ligature in them: no NFKC text as a whole)."""
    from provenance.text import normalize

    before: Callable[[str], Any] = importlib.import_module(f"{old.__name__}.text.normalize").fold
    real = [text for _, text in _real_texts(args.corpora)]
    seeds = "\n\n".join(d.text for d in load_folder(str(ROOT / "seeds"))[0])
    long = ((seeds + "\n\n") * (2_000_000 // len(seeds) + 1))[:2_000_000]
    rows = []
    for what, texts, unit in ((f"{len(real)} real texts", real, "ms"), ("a 2 MB article", [long], "s")):
        times, results = by_turns(
            [
                ("baseline", lambda texts=texts: [before(t) for t in texts]),
                ("this tree", lambda texts=texts: [normalize.fold(t) for t in texts]),
            ],
            args.turns,
        )
        if [r.text for r in results["baseline"]] != [r.text for r in results["this tree"]]:
            sys.exit(f"bench_stages: fold differs on {what}")
        rows.append(_row("fold", what + " (equal texts)", len(texts), unit, times))
    return rows


def stage_read(old: ModuleType, args: argparse.Namespace) -> list[list[str]]:
    """``provenance.io.load._read`` of ``--n`` corpus articles written as ``.txt`` files, with the default limit."""
    from provenance.io import load
    from provenance.settings import Settings

    before: Callable[..., bytes] = importlib.import_module(f"{old.__name__}.io.load")._read
    limit = Settings().max_file_bytes
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for article in generate(args.n, reprint_every=50):
            paths.append(Path(folder) / f"{article.id}.txt")
            paths[-1].write_text(article.text, encoding="utf-8")
        times, results = by_turns(
            [
                ("baseline", lambda: [before(p, limit) for p in paths]),
                ("this tree", lambda: [load._read(p, limit) for p in paths]),
            ],
            args.turns,
        )
    if results["baseline"] != results["this tree"]:
        sys.exit("bench_stages: _read differs")
    return [_row("_read", f"{len(paths):,} corpus articles' files (equal bytes)", len(paths), "ms", times)]


def stage_extract(old: ModuleType, args: argparse.Namespace) -> list[list[str]]:
    """:func:`provenance.io.formats.extract_page` of the extraction benchmark's DEV pages and of pages behind a
    large style sheet (what it returns compared)."""
    from benchmarks.eval_extraction import pages
    from provenance.io.formats import extract_page

    before: Callable[[str], Any] = importlib.import_module(f"{old.__name__}.io.formats").extract_page
    bench = args.corpora / "article_extraction_benchmark"
    if not (bench / "ground-truth.json").is_file():
        sys.exit(f"bench_stages: no article_extraction_benchmark in {args.corpora}")
    dev = [page.html for page in pages(bench)]
    styled = [_styled_page(n, article.text, args.sheet_kb) for n, article in enumerate(generate(args.sheets))]
    rows = []
    for what, htmls in (
        (f"{len(dev)} DEV pages", dev),
        (f"{len(styled)} articles, each with a {args.sheet_kb:,} kB style sheet", styled),
    ):
        times, results = by_turns(
            [
                ("baseline", functools.partial(_each, before, htmls)),
                ("this tree", functools.partial(_each, extract_page, htmls)),
            ],
            args.turns,
        )
        if plain(results["baseline"]) != plain(results["this tree"]):
            sys.exit(f"bench_stages: extract_page differs ({what})")
        rows.append(_row("extract_page", f"{what} (equal)", len(htmls), "ms", times))
    return rows


def stage_bidi(old: ModuleType, args: argparse.Namespace) -> list[list[str]]:
    """:func:`provenance.io.styles.overridden` (what runs right to left) of ``--sheets`` pages, each behind a
    sheet of ``--rules`` rules of its own, the sheets already split (the readers share that): the work is
    the search of each rule's block for ``direction`` and ``unicode-bidi`` (the elements returned compared)."""
    import lxml.html

    from provenance.io.styles import overridden

    before: Callable[[Any], Any] = importlib.import_module(f"{old.__name__}.io.styles").overridden
    trees = []
    for number in range(args.sheets):
        rules = "".join(
            f".p{number}-c{i} .item>a{{margin:0 {i % 9}px;padding:2px 4px;border:1px solid #ddd;color:#333}}"
            for i in range(args.rules - 1)
        )
        page = f"<style>{rules}.rtl{{direction:rtl;unicode-bidi:bidi-override}}</style><p class=rtl>a</p><p>b</p>"
        trees.append(lxml.html.document_fromstring(page))
    times, results = by_turns(
        [
            ("baseline", lambda: [[t.getroottree().getpath(e) for e in before(t)] for t in trees]),
            ("this tree", lambda: [[t.getroottree().getpath(e) for e in overridden(t)] for t in trees]),
        ],
        args.turns,
    )
    if results["baseline"] != results["this tree"]:
        sys.exit("bench_stages: overridden differs")
    return [_row("overridden", f"{len(trees)} pages of {args.rules:,} rules (equal)", len(trees), "ms", times)]


def _each(extract: Callable[[str], Any], htmls: list[str]) -> list[Any]:
    """What ``extract`` makes of each page."""
    return [extract(html) for html in htmls]


def _styled_page(number: int, text: str, kb: int) -> str:
    """An article of the corpus as a web page behind a style sheet of ``kb`` kB of its own (the rules' names
    hold ``number``: no two pages share a sheet), as a site's framework writes one: layout rules, an icon's
    ``::before`` in one rule of ten, a screen reader's class, and a right-to-left override for a class no
    element has."""
    rules = [".sr-only{position:absolute;clip:rect(0 0 0 0)}", ".rtl{direction:rtl;unicode-bidi:bidi-override}"]
    size, i = 0, 0
    while size < kb * 1000:
        rule = f".p{number}-c{i} .item>a{{margin:0 {i % 9}px;padding:2px 4px;border:1px solid #ddd;color:#333}}"
        if i % 10 == 0:
            rule += f'.p{number}-i{i}::before{{content:"\\e9{i % 100:02d}";font-family:icons}}'
        rules.append(rule)
        size += len(rule)
        i += 1
    paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n") if line.strip())
    return (
        f"<html><head><title>Article {number}</title><style>{''.join(rules)}</style></head><body><article>"
        f'{paragraphs}<p class="sr-only">Skip to content</p></article></body></html>'
    )


def _long_texts(own: int, copies: int) -> list[Document]:
    """A text of 800 sentences, then ``own`` of its own, and ``copies`` texts of those 800 and 50 their own."""
    import random

    rng = random.Random(3)
    vocabulary = ["".join(rng.choice("abcdefghiklmnoprstuvw") for _ in range(rng.randint(3, 9))) for _ in range(20_000)]

    def sentences(n: int) -> list[str]:
        return [
            " ".join(rng.choice(vocabulary) for _ in range(rng.randint(10, 16))).capitalize() + "." for _ in range(n)
        ]

    def text(parts: list[str]) -> str:
        return "\n\n".join(" ".join(parts[i : i + 4]) for i in range(0, len(parts), 4))

    shared = sentences(800)
    long = Document("long", "long.txt", text(shared + sentences(own)))
    return [long, *(Document(f"copy{n}", f"copy{n}.txt", text(shared + sentences(50))) for n in range(copies))]


def stage_reports(old: ModuleType, args: argparse.Namespace) -> list[list[str]]:
    """The three reports of a scan of :func:`_long_texts` (a long text in many pairs) and of the 1,000-pair
    corpus of :mod:`benchmarks.bench_html`, each compared byte for byte with the baseline's."""
    from benchmarks.bench_html import scan_corpus, write_corpus
    from provenance.pipeline import scan
    from provenance.report import render_html, render_json, render_markdown, result_to_dict
    from provenance.settings import Settings

    report = importlib.import_module(f"{old.__name__}.report")
    with tempfile.TemporaryDirectory() as folder:
        write_corpus(Path(folder))
        many = scan_corpus(Path(folder))
    long = scan(_long_texts(args.own, args.copies), Settings(), jobs=2)
    inputs = [
        (f"{len(long.pairs)} pairs, one text 800 + {args.own:,} sentences in {args.copies} of them", long),
        (f"{len(many.pairs):,} pairs of {len(many.documents)} articles (bench_html)", many),
    ]
    renderers = [
        ("Markdown", report.render_markdown, render_markdown),
        ("JSON", lambda r: report.render_json(report.result_to_dict(r)), lambda r: render_json(result_to_dict(r))),
        ("HTML", report.render_html, render_html),
    ]
    rows = []
    for what, result in inputs:
        for name, before, now in renderers:
            times, pages = by_turns(
                [("baseline", lambda r=result, f=before: f(r)), ("this tree", lambda r=result, f=now: f(r))], args.turns
            )
            if pages["baseline"] != pages["this tree"]:
                sys.exit(f"bench_stages: the {name} report differs on {what}")
            rows.append(_row(f"{name} report", what + " (identical)", 1, "s", times))
    return rows


def _verify_inputs(package: ModuleType, folder: Path) -> tuple[list[Any], list[Any], list[tuple[int, int]]]:
    """``package``'s prepared, described and signed documents of a :func:`~benchmarks.bench_html.write_corpus`
    folder, and every pair of one story's reprints (ids ``gG-…``)."""
    pipeline = importlib.import_module(f"{package.__name__}.pipeline")
    load = importlib.import_module(f"{package.__name__}.io.load")
    settings = importlib.import_module(f"{package.__name__}.settings").Settings()
    documents = sorted(load.load_folder(str(folder))[0], key=lambda d: d.id)
    described = [pipeline.describe_document(pipeline.prepare(d, settings), settings) for d in documents]
    kept = list(pipeline.set_aside(described, settings)[0])
    signed = [pipeline.sign(d, settings) for d in kept]
    pairs = [(i, j) for i in range(len(kept)) for j in range(i + 1, len(kept)) if kept[i].id[:3] == kept[j].id[:3]]
    return kept, signed, pairs


def stage_verify(old: ModuleType, args: argparse.Namespace) -> list[list[str]]:
    """Verifying candidates (:func:`provenance.pipeline.verify_candidate`): every pair of reprints of one story."""
    import provenance
    from benchmarks.bench_html import write_corpus

    with tempfile.TemporaryDirectory() as folder:
        write_corpus(Path(folder), groups=args.groups, size=args.size)
        trees = {"baseline": old, "this tree": provenance}
        inputs = {name: _verify_inputs(package, Path(folder)) for name, package in trees.items()}
    settings = {
        name: importlib.import_module(f"{package.__name__}.settings").Settings() for name, package in trees.items()
    }

    def run(name: str) -> list[Any]:
        verify = importlib.import_module(f"{trees[name].__name__}.pipeline").verify_candidate
        docs, signed, pairs = inputs[name]
        return [verify(docs[i], docs[j], signed[i], signed[j], settings[name]) for i, j in pairs]

    times, results = by_turns([(name, functools.partial(run, name)) for name in trees], args.turns)
    if plain(results["baseline"]) != plain(results["this tree"]):
        sys.exit("bench_stages: verify_candidate differs")
    kept = sum(pair is not None for pair in results["this tree"])
    pairs = len(inputs["this tree"][2])
    what = f"{pairs} pairs of {args.groups} stories' reprints, {kept} reuse (equal)"
    return [_row("verify", what, pairs, "ms", times)]


STAGES = {
    "bidi": stage_bidi,
    "describe": stage_describe,
    "extract": stage_extract,
    "fold": stage_fold,
    "join": stage_join,
    "keypairs": stage_keypairs,
    "read": stage_read,
    "reports": stage_reports,
    "sketch": stage_sketch,
    "verify": stage_verify,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, required=True, help="a folder holding an older provenance package")
    parser.add_argument("--stage", choices=sorted(STAGES), action="append", help="a stage to time (default: all)")
    parser.add_argument("--n", type=int, default=2_000, help="corpus articles")
    parser.add_argument("--join-n", type=int, default=20_000, help="corpus articles whose band keys are joined")
    parser.add_argument("--own", type=int, default=20_000, help="sentences of the long text's own (reports)")
    parser.add_argument("--wide", type=int, default=71, help="copies of one story joined beside them (join, keypairs)")
    parser.add_argument("--copies", type=int, default=10, help="texts sharing the long text's first 800 (reports)")
    parser.add_argument("--groups", type=int, default=2, help="stories reprinted over and over (verify)")
    parser.add_argument("--size", type=int, default=20, help="articles a story (verify)")
    parser.add_argument("--sheets", type=int, default=6, help="pages behind a style sheet of their own (extract)")
    parser.add_argument("--sheet-kb", type=int, default=1450, help="kB of each page's style sheet (extract)")
    parser.add_argument("--rules", type=int, default=1_000, help="rules of each page's style sheet (bidi)")
    parser.add_argument("--turns", type=int, default=5, help="turns of each, alternating")
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    args = parser.parse_args(argv)
    old = importlib.import_module(baseline(args.baseline))
    rows = [row for stage in args.stage or STAGES for row in STAGES[stage](old, args)]
    headers = ["stage", "input", "baseline", "this tree", "faster"]
    print(tabulate(rows, headers=headers, tablefmt="github"))


if __name__ == "__main__":
    main()
