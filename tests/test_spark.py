"""The Spark engine: the same candidates, pairs, alignments and changes as the local engine.

Needs pyspark (``pip install '.[spark]'``) and Java 17+; skipped with the reason otherwise.
One ``local[2]`` session is shared by the module (starting the JVM takes seconds).
"""

from __future__ import annotations

import builtins
import json
import os
import random
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from helpers import BRIEF, LATIN1_FILE, SEED_A, SEED_B, SEED_IDS, FolderBuilder, assert_one_line_error, random_words

from provenance import Settings, load_folder, scan
from provenance.cli import main
from provenance.detect.candidates import band_keys, candidate_pairs
from provenance.detect.signatures import DocumentSignature
from provenance.pipeline import describe_document, prepare, sign
from provenance.report import render_json, render_markdown, result_to_dict


def _spark_missing() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install '.[spark]')"
    java = shutil.which("java")
    if java is None:
        return "Java is not installed (the Spark engine needs Java 17+)"
    probe = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        return "java -version fails: the Spark engine needs a working Java 17+"
    return None


MISSING = _spark_missing()
needs_spark = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")
pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from provenance.spark import spark_session

    session = spark_session("local[2]")
    yield session
    session.stop()


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(random_words(rng, n)).capitalize() + "."


def _generated_corpus(folder: Path, n: int, *, seed: int = 3) -> None:
    """``n`` articles; every 10th reprints most of an earlier one with edits; one in eight share a footer.

    The footer (one sentence, no reuse on its own) makes band buckets of many documents, larger
    than a small ``max_bucket``; the edits (a figure, a name spelling, a dropped
    sentence) give the changes.
    """
    rng = random.Random(seed)
    footer = _sentence(rng, 30)
    articles: list[list[str]] = []
    for i in range(n):
        sentences = [_sentence(rng, rng.randint(9, 24)) for _ in range(rng.randint(6, 14))]
        sentences[0] = sentences[0].rstrip(".") + f" by {rng.randint(10, 99999)} percent, Araghchi said."
        sentences[1] = "Officials in Tehran said " + sentences[1][0].lower() + sentences[1][1:]
        if i and i % 10 == 0:
            source = articles[rng.randrange(len(articles))]
            kept = [s for j, s in enumerate(source) if j != 2]
            kept[0] = kept[0].replace(" percent", "1 percent").replace("Araghchi", "Araqchi")
            kept[1] = kept[1].replace("Tehran", "Teheran")
            sentences = kept + sentences[:3]
        articles.append(sentences)
        text = "\n\n".join(articles[-1])
        if i % 8 == 0:
            text += "\n\n" + footer
        (folder / f"g{i:04d}.txt").write_text(text + "\n", encoding="utf-8")


def _other_formats(folder: Path) -> None:
    """Reprints of generated articles as Markdown, HTML and JSON Lines, with declared dates; the export
    also holds a malformed line and an id used twice (on lines 3 and 12: by line number, 3 comes first)."""
    text = {n: (folder / f"g{n:04d}.txt").read_text(encoding="utf-8") for n in (11, 22, 33)}
    (folder / "zz_md.md").write_text(
        f"---\ntitle: Copy\ndate: 2024-03-02\n---\n\n# Copy\n\n{text[11]}", encoding="utf-8"
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in text[22].split("\n\n") if p.strip())
    (folder / "zz_page.html").write_text(
        '<html><head><title>Page</title><meta property="article:published_time" content="2024-04-05">'
        f"</head><body><article>{paragraphs}</article></body></html>",
        encoding="utf-8",
    )
    lines = [json.dumps({"id": "zz_j1", "text": text[33], "date": "2024-05-06", "outlet": "Example Wire"}), "{not json"]
    lines += [json.dumps({"id": f"zz_f{n}", "text": f"Filler record number {n} of the export."}) for n in range(3, 12)]
    lines.append(json.dumps({"id": "zz_f3", "text": "A second record under the id of line three."}))
    (folder / "zz_export.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for n in range(3):  # a brief of one-line paragraphs three outlets reprint: reuse, not chrome
        (folder / f"zz_brief{n}.txt").write_text(BRIEF, encoding="utf-8")


def _local_and_spark(folder: Path, spark: Any, settings: Settings) -> tuple[Any, Any]:
    from provenance.spark import scan_spark

    docs, problems = load_folder(folder)
    return scan(docs, settings, problems=problems), scan_spark(str(folder), settings, spark=spark)


@needs_spark
def test_seeds_byte_identical_reports(spark: Any, seeds_dir: Path) -> None:
    local, distributed = _local_and_spark(seeds_dir, spark, Settings())
    assert [(p.a, p.b) for p in distributed.pairs] == [(SEED_A, SEED_B)]
    assert render_json(result_to_dict(distributed)) == render_json(result_to_dict(local))
    assert render_markdown(distributed) == render_markdown(local)


@needs_spark
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_link_leaving_the_folder_and_named_pipe_are_reported_not_read(
    spark: Any, seeds_copy: FolderBuilder, tmp_path: Path
) -> None:
    # As the local engine: the link's target is never read, the pipe never opened (Hadoop read
    # the target as an article and the pipe as an empty file).
    folder = seeds_copy({})
    outside = tmp_path / "outside.txt"
    outside.write_text("Text outside the corpus, never to be read.", encoding="utf-8")
    (folder / "link.txt").symlink_to(outside)
    os.mkfifo(folder / "pipe.txt")
    local, distributed = _local_and_spark(folder, spark, Settings())
    assert [p.path for p in local.problems] == [str(folder / "link.txt"), str(folder / "pipe.txt")]
    assert distributed.problems == local.problems
    assert render_json(result_to_dict(distributed)) == render_json(result_to_dict(local))


def _seeds_in_other_formats(seeds_dir: Path) -> dict[str, str | bytes]:
    """Seed A as an HTML page, seed B as Markdown with a declared date, a JSON Lines export holding
    a copy of another seed and a malformed line, and an empty Markdown file."""
    text = {d: (seeds_dir / f"{d}.txt").read_text(encoding="utf-8") for d in (SEED_A, SEED_B, SEED_IDS[2])}
    paragraphs = "".join(f"<p>{p}</p>" for p in text[SEED_A].split("\n\n") if p.strip())
    export = json.dumps({"id": "zz_j1", "text": text[SEED_IDS[2]], "date": "2024-05-06", "outlet": "Example Wire"})
    return {
        "zz_a.HTML": f"<html><head><title>A</title></head><body><article>{paragraphs}</article></body></html>",
        "zz_b.md": f"---\ntitle: B\ndate: 2024-03-02\n---\n\n{text[SEED_B]}",
        "zz_export.jsonl": export + "\n{not json\n",
        "zz_empty.md": b"",
    }


@needs_spark
def test_folder_uri_is_read_by_hadoop_with_the_same_results(
    spark: Any, seeds_copy: FolderBuilder, seeds_dir: Path
) -> None:
    # A URI goes through Spark's binaryFile source (the path a cluster takes), not the local listing.
    from provenance.spark import scan_spark

    folder = seeds_copy({**LATIN1_FILE, **_seeds_in_other_formats(seeds_dir)})
    docs, problems = load_folder(folder)
    local = scan(docs, Settings(), problems=problems)
    uri = folder.resolve().as_uri()
    distributed = scan_spark(uri, Settings(), spark=spark)
    assert [d.path for d in distributed.documents] == [f"{uri}/{Path(d.path).name}" for d in local.documents]
    assert [d.encoding for d in distributed.documents] == [d.encoding for d in local.documents]
    assert "cp1252" in {d.encoding for d in local.documents}  # the file that is not UTF-8 is reported as read
    # Every format the local loader reads, with what the files declare, and the same problems.
    described = [[(d.id, d.format, d.declared, d.meta) for d in r.documents] for r in (local, distributed)]
    assert described[0] == described[1]
    assert {"html", "markdown", "jsonl"} <= {d.format for d in local.documents}
    named = [[(Path(p.path).name, p.reason) for p in r.problems] for r in (local, distributed)]
    assert named[0] == named[1] and [n for n, _ in named[0]] == ["zz_empty.md", "zz_export.jsonl:2"]
    assert [(p.a, p.b, len(p.alignments)) for p in distributed.pairs] == [
        (p.a, p.b, len(p.alignments)) for p in local.pairs
    ]
    changes = [[(c.kind, c.a, c.b) for al in p.alignments for c in al.changes] for p in local.pairs]
    assert [[(c.kind, c.a, c.b) for al in p.alignments for c in al.changes] for p in distributed.pairs] == changes


def _thread_page(rng: random.Random) -> str:
    """An HTML page whose article is short beside a long comment thread: its extraction is warned."""

    def paragraph(n: int) -> str:
        return "<p>" + " ".join(random_words(rng, n)).capitalize() + ".</p>"

    body = "".join(paragraph(25) for _ in range(4))
    comments = "".join(f'<div class="comment">{paragraph(30)}</div>' for _ in range(10))
    return (
        f"<html><head><title>Thread</title></head><body><article>{body}</article>"
        f'<section id="comments" class="comments">{comments}</section></body></html>'
    )


@needs_spark
def test_extraction_warning_is_carried_by_spark(spark: Any, seeds_copy: FolderBuilder) -> None:
    # The Spark records dropped Document.extraction_warning: no warning in its reports, the local engine's had one.
    from provenance.spark import scan_spark

    folder = seeds_copy({"zz_thread.html": _thread_page(random.Random(5))})
    local, distributed = _local_and_spark(folder, spark, Settings())
    over_uri = scan_spark(folder.resolve().as_uri(), Settings(), spark=spark)  # through binaryFile
    warned = {d.id: d.extraction_warning for d in local.documents if d.extraction_warning}
    assert list(warned) == ["zz_thread"] and "may be incomplete" in warned["zz_thread"]
    for result in (distributed, over_uri):
        assert {d.id: d.extraction_warning for d in result.documents if d.extraction_warning} == warned
    assert render_json(result_to_dict(distributed)) == render_json(result_to_dict(local))
    assert render_markdown(distributed) == render_markdown(local)


@needs_spark
@pytest.mark.parametrize("max_bucket", [64, 4])
def test_generated_corpus_same_pairs_alignments_changes(
    spark: Any, tmp_path: Path, make_folder: FolderBuilder, max_bucket: int
) -> None:
    # "_note.txt": Hadoop's file sources pass over such names; the local loader reads them.
    folder = make_folder({"bad.txt": b"", "dup.TXT": "text", "_note.txt": "A note beside the articles.", **LATIN1_FILE})
    _generated_corpus(folder, 300)
    _other_formats(folder)
    settings = Settings(max_bucket=max_bucket)
    local, distributed = _local_and_spark(folder, spark, settings)
    # The corpus exercises what it should: reprints with figure and name changes, skipped files,
    # reprints in Markdown, HTML and JSON Lines with the dates they declare.
    assert len(local.pairs) >= 20
    kinds = {c.kind for p in local.pairs for al in p.alignments for c in al.changes}
    assert {"number", "name-variant"} <= kinds
    assert sorted(Path(p.path).name for p in local.problems) == ["bad.txt", "zz_export.jsonl:12", "zz_export.jsonl:2"]
    formats = {d.id: d.format for d in local.documents}
    assert (formats["zz_md"], formats["zz_page"], formats["zz_j1"]) == ("markdown", "html", "jsonl")
    assert {"zz_md", "zz_page", "zz_j1", "zz_brief0", "zz_brief2"} <= {x for p in local.pairs for x in (p.a, p.b)}
    assert "_note" in {d.id for d in distributed.documents}
    assert {d.id: d.encoding for d in local.documents}["zz_latin1"] == "cp1252"
    assert render_json(result_to_dict(distributed)) == render_json(result_to_dict(local))
    assert render_markdown(distributed) == render_markdown(local)


@needs_spark
@pytest.mark.parametrize("max_bucket", [64, 8])
def test_a_story_copied_more_than_max_bucket_times_byte_identical_reports(
    spark: Any, make_folder: FolderBuilder, seeds_dir: Path, max_bucket: int
) -> None:
    # 71 copies of a seed: every band key in a bucket over max_bucket. Each copy is paired with the first
    # through the wide buckets, on Spark as locally (at 8, the generated corpus's footer makes wide buckets too).
    text = (seeds_dir / f"{SEED_A}.txt").read_text(encoding="utf-8")
    folder = make_folder({f"wire{n:03d}.txt": text for n in range(71)})
    _generated_corpus(folder, 80, seed=7)
    local, distributed = _local_and_spark(folder, spark, Settings(max_bucket=max_bucket))
    wire = {(p.a, p.b) for p in local.pairs if p.a.startswith("wire") and p.b.startswith("wire")}
    assert len(wire) == 70 and {d for c in local.clusters for d in c.documents} >= {f"wire{n:03d}" for n in range(71)}
    assert distributed.candidates == local.candidates
    assert render_json(result_to_dict(distributed)) == render_json(result_to_dict(local))
    assert render_markdown(distributed) == render_markdown(local)


@needs_spark
def test_local_session_gets_half_the_machine_memory(spark: Any) -> None:
    # Spark's 1 GB default driver runs out of heap on 10,000 articles (the test below).
    from provenance.spark import local_driver_memory

    half = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2
    given = local_driver_memory()
    assert spark.sparkContext.getConf().get("spark.driver.memory") == given
    assert given.endswith("g") and half - 2**30 < int(given[:-1]) * 2**30 <= max(half, 2**30)


@pytest.mark.slow
@needs_spark
def test_ten_thousand_generated_articles_byte_identical_reports(spark: Any, tmp_path: Path) -> None:
    # The parity bar: 10,000 articles of the benchmark corpus (edited partial reprints
    # with changed figures, names and dropped sentences), the local engine on two processes.
    # About three minutes, most of it Spark's.
    from benchmarks.bench_index import generate
    from provenance.spark import scan_spark

    folder = tmp_path / "corpus"
    folder.mkdir()
    generate(folder, 10_000)
    settings = Settings()
    docs, problems = load_folder(folder)
    local = scan(docs, settings, problems=problems, jobs=2)
    del docs
    kinds = {c.kind for p in local.pairs for al in p.alignments for c in al.changes}
    assert len(local.pairs) >= 15 and {"name-variant", "synonym", "date"} <= kinds
    distributed = scan_spark(str(folder), settings, spark=spark)
    assert distributed.candidates == local.candidates
    assert render_json(result_to_dict(distributed)) == render_json(result_to_dict(local))
    assert render_markdown(distributed) == render_markdown(local)


def _joined(
    spark: Any,
    signatures: list[DocumentSignature],
    settings: Settings,
    max_bucket: int,
    groups: int,
    block: int,
    wide_share: float = Settings.wide_share,
) -> dict[tuple[int, int], int]:
    """``candidate_join`` over the signatures' distinct band keys, documents numbered by position."""
    from provenance.spark import candidate_join

    rows = [
        (n, np.unique(band_keys(sig.windows, bands=settings.lsh_bands, rows=settings.lsh_rows)).tobytes())
        for n, sig in enumerate(signatures)
    ]
    documents = spark.sparkContext.parallelize(rows, 3)
    found = candidate_join(
        documents, n_docs=len(rows), max_bucket=max_bucket, wide_share=wide_share, groups=groups, docs_per_block=block
    ).collect()
    got = {(a, b): collisions for a, b, collisions in found}
    assert len(got) == len(found)  # each pair once, its counts summed over the groups
    return got


def _expected(
    signatures: list[DocumentSignature], settings: Settings, max_bucket: int, wide_share: float = Settings.wide_share
) -> dict[tuple[int, int], int]:
    bands, rows = settings.lsh_bands, settings.lsh_rows
    return {
        (c.a, c.b): c.collisions
        for c in candidate_pairs(signatures, bands=bands, rows=rows, max_bucket=max_bucket, wide_share=wide_share)
    }


@needs_spark
def test_candidate_join_matches_candidate_pairs_on_articles(spark: Any, make_folder: FolderBuilder) -> None:
    folder = make_folder({})
    _generated_corpus(folder, 150, seed=11)
    settings = Settings()
    docs, _ = load_folder(folder)
    signatures = [sign(describe_document(prepare(d), settings), settings) for d in docs]
    for max_bucket, groups, block in ((64, 8, 1024), (8, 5, 7), (2, 1, 40)):
        expected = _expected(signatures, settings, max_bucket)
        assert _joined(spark, signatures, settings, max_bucket, groups, block) == expected
        assert expected  # the footer and reprints collide at every bucket limit tried


@needs_spark
def test_candidate_join_matches_candidate_pairs_on_random_signatures(spark: Any) -> None:
    # Few distinct values, so band keys are shared by 2 to 100 documents; some documents have
    # no windows (no keys), 70 share one window (a bucket above every max_bucket tried).
    settings = Settings()
    rng = np.random.default_rng(5)
    common = rng.integers(0, 2**32, size=(1, settings.num_perm), dtype=np.uint32)
    signatures = []
    for n in range(100):
        windows = rng.integers(0, 5, size=(int(rng.integers(0, 4)), settings.num_perm), dtype=np.uint32)
        if n % 10 == 3:
            windows = windows[:0]
        elif n < 70:
            windows = np.concatenate([windows, common])
        signatures.append(DocumentSignature(windows, np.zeros(0, dtype=np.uint32)))
    assert sum(len(sig.windows) == 0 for sig in signatures) >= 10
    for max_bucket in (64, 8, 2):
        for wide_share in (0.5, 0.1, 0.0):  # wide buckets' stars: kept by share, all kept, none kept
            expected = _expected(signatures, settings, max_bucket, wide_share)
            for groups, block in ((8, 1024), (3, 9)):
                assert _joined(spark, signatures, settings, max_bucket, groups, block, wide_share) == expected
            assert expected
    # One document, or one document with no keys: no pairs.
    for single in (signatures[:1], signatures[3:4]):
        assert _joined(spark, single, settings, 64, 4, 1024) == {} == _expected(single, settings, 64)


@needs_spark
def test_records_input_jsonl_and_parquet(spark: Any, tmp_path: Path, seeds_dir: Path) -> None:
    from provenance.spark import scan_spark

    docs, _ = load_folder(seeds_dir)
    records = [{"id": d.id, "text": d.text} for d in docs]
    records[0]["outlet"] = "Example Wire"
    records[0]["date"] = "January 16, 2025"
    records.append({"id": "empty", "text": "  "})
    records += [{"id": "twice", "text": "One text."}, {"id": "twice", "text": "Another text."}]
    jsonl = tmp_path / "seeds.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    parquet = tmp_path / "seeds.parquet"
    spark.read.json(str(jsonl)).write.parquet(str(parquet))
    local = result_to_dict(scan(docs))
    for source in (jsonl, parquet):
        data = result_to_dict(scan_spark(str(source), spark=spark))
        assert [d["id"] for d in data["documents"]] == [d.id for d in docs]
        assert data["documents"][0]["outlet"] == "Example Wire"
        assert data["documents"][0]["date"] == "2025-01-16"
        assert data["skipped"] == [
            {"path": f"{source}#empty", "reason": "no text (only white space)"},
            {"path": f"{source}#twice", "reason": "duplicate document id 'twice'; every record with it skipped"},
        ]
        # The record's own date and outlet may change the direction, nothing else.
        assert [{k: v for k, v in p.items() if k != "provenance"} for p in data["pairs"]] == [
            {k: v for k, v in p.items() if k != "provenance"} for p in local["pairs"]
        ]


@needs_spark
def test_records_read_a_long_title_as_the_local_loader_does(spark: Any, tmp_path: Path, seeds_dir: Path) -> None:
    """A JSON Lines article whose title holds a whole copy (a site shows it as the page's heading) is read with
    its title by the local loader; a file of records read by Spark dropped the column: the copy paired with
    nothing there, and the two engines' reports differed."""
    from provenance.io.load import load_articles
    from provenance.spark import scan_spark

    docs, _ = load_folder(seeds_dir)
    records = [{"id": d.id, "text": d.text} for d in docs if d.id != SEED_A]
    copy = " ".join(next(d for d in docs if d.id == SEED_A).text.split())
    records.append({"id": "titled", "title": copy, "text": "A short note of our own."})
    jsonl = tmp_path / "records.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    local = result_to_dict(scan(load_articles(str(jsonl))))
    data = result_to_dict(scan_spark(str(jsonl), spark=spark))
    assert [(p["a"], p["b"]) for p in local["pairs"]] == [(SEED_B, "titled")]
    assert [(p["a"], p["b"]) for p in data["pairs"]] == [(SEED_B, "titled")]


@needs_spark
def test_cli_engine_spark_writes_reports_and_parquet(spark: Any, tmp_path: Path, seeds_dir: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["scan", "--engine", "spark", "--master", "local[2]", str(seeds_dir), "--out", str(out), "--parquet"]
    )
    assert result.exit_code == 0, result.output
    local = tmp_path / "local"
    assert CliRunner().invoke(main, ["scan", str(seeds_dir), "--out", str(local), "-q"]).exit_code == 0
    assert (out / "provenance.json").read_bytes() == (local / "provenance.json").read_bytes()
    assert (out / "provenance.md").read_bytes() == (local / "provenance.md").read_bytes()
    rows = spark.read.parquet(str(out / "pairs.parquet")).collect()
    assert [(r["a"], r["b"]) for r in rows] == [(SEED_A, SEED_B)]
    entry = json.loads((local / "provenance.json").read_text(encoding="utf-8"))["pairs"][0]
    assert json.loads(rows[0]["pair"]) == entry


@needs_spark
def test_both_engines_note_the_files_no_reader_reads(spark: Any, seeds_copy: FolderBuilder, tmp_path: Path) -> None:
    """The local scan says once how many files of the folder no reader reads (``skipped 3 files no reader
    reads: .pdf (2), .zip (1)``); the Spark engine passed them over without a word. Both print the same note,
    on a local folder (the local listing) and on its URI (Hadoop's), hidden files and folders left out."""
    from provenance.spark import scan_spark

    folder = seeds_copy({"b.PDF": b"%PDF-1.4", "photos.zip": b"PK", ".hidden.pdf": b"x"})
    for name in ("scans/a.pdf", ".git/c.pdf"):
        (folder / name).parent.mkdir()
        (folder / name).write_bytes(b"%PDF-1.4")
    expected = "provenance: note: skipped 3 files no reader reads: .pdf (2), .zip (1)"
    outputs = []
    for engine in ("local", "spark"):
        args = ["scan", "--engine", engine, "--master", "local[2]", str(folder), "--out", str(tmp_path / engine), "-q"]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        outputs.append([line for line in result.stderr.splitlines() if line.startswith("provenance:")])
    assert outputs[0] == outputs[1] == [expected]
    notes: list[str] = []
    scan_spark(folder.resolve().as_uri(), Settings(), spark=spark, notes=notes.append)
    assert ["provenance: note: " + line for line in notes] == [expected]


@needs_spark
def test_cli_engine_spark_bad_input_is_one_line(spark: Any, tmp_path: Path) -> None:
    bad = tmp_path / "records.jsonl"
    bad.write_text('{"name": "x", "body": "y"}\n', encoding="utf-8")
    for source, message in (
        (bad, "missing column(s) id, text (needs id and text)"),
        (tmp_path / "nope", "no such file or folder"),
    ):
        result = CliRunner().invoke(main, ["scan", "--engine", "spark", str(source), "--out", str(tmp_path / "o")])
        assert assert_one_line_error(result) == f"provenance: error: {source}: {message}"


def test_missing_pyspark_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, seeds_dir: Path) -> None:
    real_import = builtins.__import__

    def no_pyspark(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pyspark" or name.startswith("pyspark."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyspark)
    result = CliRunner().invoke(main, ["scan", "--engine", "spark", str(seeds_dir), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == (
        # not 'provenance[spark]': the name provenance on PyPI is another project, as for the serve extra
        "provenance: error: the Spark engine needs pyspark: in the project's folder, pip install '.[spark]'\n"
    )
    assert not (tmp_path / "provenance.json").exists()


def test_a_record_carries_every_field_a_document_and_it_share(seeds_dir: Path) -> None:
    # Record and Document listed their shared fields twice (spark/read.py and spark/scan.py): one list now,
    # and a field both classes gain is carried, or this fails.
    import dataclasses

    from provenance.models import Document
    from provenance.spark.read import CARRIED, Record

    shared = {f.name for f in dataclasses.fields(Record)} & {f.name for f in dataclasses.fields(Document)}
    assert shared == {"id", "path", "text", *CARRIED}
    (doc, *_), _problems = load_folder(seeds_dir)
    doc = dataclasses.replace(doc, encoding="latin-1", extraction_warning="cut short")
    assert Record.of(doc).document() == doc


@needs_spark
def test_compressed_articles_are_read_by_spark_as_by_the_local_loader(
    spark: Any, seeds_copy: FolderBuilder, seeds_dir: Path
) -> None:
    """Every format compressed (``.HTML.gz``, ``.md.gz``, ``.jsonl.gz``), a gzip bomb and a corrupt gzip: the
    local folder (read by the local loader) and its URI (Hadoop's ``binaryFile`` source, whose glob passed
    over ``.gz`` files) give the local engine's documents, problems and reports."""
    import gzip

    from provenance.spark import scan_spark

    packed: dict[str, str | bytes] = {
        f"{name}.gz": gzip.compress(data.encode() if isinstance(data, str) else data, mtime=0)
        for name, data in _seeds_in_other_formats(seeds_dir).items()
        if data
    }
    packed[f"{SEED_IDS[3]}.txt.gz"] = gzip.compress((seeds_dir / f"{SEED_IDS[3]}.txt").read_bytes(), mtime=0)
    packed["zz_bomb.txt.gz"] = gzip.compress(b"word " * 400_000, mtime=0)
    packed["zz_cut.md.gz"] = gzip.compress(b"A short story. " * 40, mtime=0)[:30]
    folder = seeds_copy(packed)
    (folder / f"{SEED_IDS[3]}.txt").unlink()
    settings = Settings(max_file_bytes=1_000_000)
    docs, problems = load_folder(folder, max_bytes=settings.max_file_bytes)
    local = scan(docs, settings, problems=problems)
    assert {"html", "markdown", "jsonl"} <= {d.format for d in local.documents}
    assert SEED_IDS[3] in {d.id for d in local.documents}
    assert [Path(p.path).name for p in local.problems] == ["zz_bomb.txt.gz", "zz_cut.md.gz", "zz_export.jsonl.gz:2"]
    for where in (str(folder), folder.resolve().as_uri()):
        distributed = scan_spark(where, settings, spark=spark)
        described = [[(d.id, d.format, d.declared, d.meta, d.text) for d in r.documents] for r in (local, distributed)]
        assert described[0] == described[1]
        named = [[(Path(p.path).name, p.reason) for p in r.problems] for r in (local, distributed)]
        assert named[0] == named[1]
        assert [(p.a, p.b, len(p.alignments)) for p in distributed.pairs] == [
            (p.a, p.b, len(p.alignments)) for p in local.pairs
        ]
    distributed = scan_spark(str(folder), settings, spark=spark)
    assert render_json(result_to_dict(distributed)) == render_json(result_to_dict(local))
