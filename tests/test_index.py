"""The persistent index: incremental updates, same candidates as the scan, safety."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import SEED_A, SEED_B, SEED_IDS

from provenance import Settings, load_folder
from provenance.candidates import candidate_pairs
from provenance.cli import main
from provenance.index import Index, IndexFileError, corpus_files
from provenance.pipeline import prepare, sign


@pytest.fixture
def corpus(tmp_path: Path, seeds_dir: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(seeds_dir, folder)
    return folder


def _build(path: Path, corpus: Path, settings: Settings | None = None) -> None:
    with Index.open(path, settings or Settings()) as index:
        index.update(corpus_files([corpus]))


def test_update_is_incremental(tmp_path: Path, corpus: Path) -> None:
    path = tmp_path / "ix.sqlite"
    with Index.open(path, Settings()) as index:
        first = index.update(corpus_files([corpus]))
        assert (first.added, first.changed, first.unchanged, first.removed) == (5, 0, 0, 0)
        again = index.update(corpus_files([corpus]))
        assert (again.added, again.changed, again.unchanged, again.removed) == (0, 0, 5, 0)
        old_hash = index.stored_hash(SEED_A)
        target = corpus / f"{SEED_A}.txt"
        target.write_text(target.read_text(encoding="utf-8") + "\nA new closing paragraph.\n", encoding="utf-8")
        (corpus / f"{SEED_IDS[4]}.txt").unlink()
        third = index.update(corpus_files([corpus]))
        assert (third.added, third.changed, third.unchanged, third.removed) == (0, 1, 3, 1)
        assert index.stored_hash(SEED_A) != old_hash
        assert [d for d, _ in index.documents()] == sorted(SEED_IDS[:4])


def test_touched_but_unchanged_file_is_not_resigned(tmp_path: Path, corpus: Path) -> None:
    path = tmp_path / "ix.sqlite"
    _build(path, corpus)
    target = corpus / f"{SEED_B}.txt"
    target.write_bytes(target.read_bytes())  # new mtime, same content
    with Index.open(path, Settings()) as index:
        stats = index.update(corpus_files([corpus]))
    assert (stats.added, stats.changed, stats.unchanged) == (0, 0, 5)


def test_candidates_are_those_of_the_in_memory_scan(tmp_path: Path, corpus: Path) -> None:
    settings = Settings()
    docs, _ = load_folder(corpus)
    docs = sorted((prepare(d) for d in docs), key=lambda d: d.id)
    sigs = [sign(d, settings) for d in docs]
    expected = {
        frozenset((docs[c.a].id, docs[c.b].id))
        for c in candidate_pairs(sigs, bands=settings.lsh_bands, rows=settings.lsh_rows, max_bucket=settings.max_bucket)
    }
    path = tmp_path / "ix.sqlite"
    _build(path, corpus)
    found = set()
    with Index.open(path, settings) as index:
        for doc, sig in zip(docs, sigs, strict=True):
            stored = index.signature(doc.id)
            assert stored is not None and (stored.windows == sig.windows).all()
            assert index.sentence_spans(doc.id) == [s.span for s in doc.sentences]
            found |= {frozenset((doc.id, c.doc_id)) for c in index.candidates(sig, exclude=doc.id)}
    assert found == expected
    assert frozenset((SEED_A, SEED_B)) in found


def test_interrupted_update_leaves_the_previous_index(tmp_path: Path, corpus: Path) -> None:
    path = tmp_path / "ix.sqlite"
    _build(path, corpus)
    with Index.open(path, Settings()) as index:
        before = index.stored_hash(SEED_A)
    (corpus / "zz_new.txt").write_text((corpus / f"{SEED_B}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    target = corpus / f"{SEED_A}.txt"
    target.write_text(target.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    with Index.open(path, Settings()) as index, pytest.raises(RuntimeError):
        index.update(corpus_files([corpus]), _fail_after=1)
    with Index.open(path, Settings()) as index:
        assert index.count() == 5
        assert index.stored_hash(SEED_A) == before
        assert index.signature("zz_new") is None
        sig = index.signature(SEED_A)
        assert sig is not None
        assert [c.doc_id for c in index.candidates(sig, exclude=SEED_A)] == [SEED_B]


def test_killed_update_leaves_the_previous_index(tmp_path: Path, corpus: Path) -> None:
    path = tmp_path / "ix.sqlite"
    _build(path, corpus)
    for i in range(3):
        shutil.copy(corpus / f"{SEED_B}.txt", corpus / f"zz_{i}.txt")
    # The process dies (no rollback, no close) after signing two new files.
    script = (
        "import os, sys\n"
        "from provenance import Settings\n"
        "from provenance.index import Index, corpus_files\n"
        "ix = Index.open(sys.argv[1], Settings())\n"
        "ix.update(corpus_files([sys.argv[2]]), progress=lambda n, total: n == 7 and os._exit(9))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(path), str(corpus)], check=False)
    assert done.returncode == 9
    with Index.open(path, Settings()) as index:
        assert index.count() == 5
        assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stats = index.update(corpus_files([corpus]))
        assert stats.added == 3


def test_two_writers_do_not_corrupt_it(tmp_path: Path, corpus: Path) -> None:
    path = tmp_path / "ix.sqlite"
    _build(path, corpus)
    errors: list[BaseException] = []

    def write(name: str) -> None:
        try:
            shutil.copy(corpus / f"{SEED_A}.txt", tmp_path / f"{name}.txt")
            with Index.open(path, Settings()) as index:
                index.update([*corpus_files([corpus]), tmp_path / f"{name}.txt"], prune=False)
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=write, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Index.open(path, Settings()) as index:
        assert {"w0", "w1"} <= {d for d, _ in index.documents()}
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_corrupt_foreign_and_mismatched_files_are_refused(tmp_path: Path, corpus: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(IndexFileError, match="--rebuild"):
        Index.open(bad, Settings())
    foreign = tmp_path / "foreign.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(IndexFileError, match="foreign"):
        Index.open(foreign, Settings())
    ours = tmp_path / "ours.sqlite"
    _build(ours, corpus)
    with pytest.raises(IndexFileError, match="seed 1 → 7"):
        Index.open(ours, Settings(seed=7))
    with Index.open(ours, Settings(seed=7), rebuild=True) as index:
        assert index.count() == 0


def test_cli_corrupt_index_is_one_line_and_rebuild_fixes_it(tmp_path: Path, corpus: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"\x00garbage" * 500)
    runner = CliRunner()
    result = runner.invoke(main, ["check", str(corpus / f"{SEED_A}.txt"), "--corpus", str(corpus), "--index", str(bad)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "provenance index --rebuild" in lines[0] and str(bad) in lines[0]
    assert "Traceback" not in result.output
    rebuilt = runner.invoke(main, ["index", str(corpus), "--index", str(bad), "--rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "5 documents (5 added" in rebuilt.stdout
    again = runner.invoke(main, ["index", str(corpus), "--index", str(bad)])
    assert "5 unchanged" in again.stdout


def test_scan_uses_the_index_and_reports_the_same(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    plain = runner.invoke(main, ["scan", str(corpus), "--out", "plain"])
    assert plain.exit_code == 0, plain.output
    assert runner.invoke(main, ["index", str(corpus)]).exit_code == 0
    calls: list[str] = []
    import provenance.pipeline as pipeline

    real_sign = pipeline.sign
    monkeypatch.setattr(pipeline, "sign", lambda doc, settings: calls.append(doc.id) or real_sign(doc, settings))
    indexed = runner.invoke(main, ["scan", str(corpus), "--out", "indexed"])
    assert indexed.exit_code == 0, indexed.output
    # Every signature came from the index, but for documents with boilerplate set
    # aside (that depends on the whole corpus, so the index cannot store it).
    documents = json.loads((tmp_path / "plain" / "provenance.json").read_text(encoding="utf-8"))["documents"]
    assert calls == [d["id"] for d in documents if d["set_aside"]]
    for name in ("provenance.json", "provenance.md"):
        assert (tmp_path / "plain" / name).read_bytes() == (tmp_path / "indexed" / name).read_bytes()


def test_cli_truncated_index_is_one_line(tmp_path: Path, corpus: Path) -> None:
    path = tmp_path / "ix.sqlite"
    _build(path, corpus)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    runner = CliRunner()
    result = runner.invoke(
        main, ["check", str(corpus / f"{SEED_A}.txt"), "--corpus", str(corpus), "--index", str(path)]
    )
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"provenance: error: {path}") and "--rebuild" in lines[0]
