"""The persistent index: incremental updates, same candidates as the scan, safety."""

from __future__ import annotations

import dataclasses
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner, Result
from helpers import SEED_A, SEED_B, SEED_IDS, assert_one_line_error, random_words
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import provenance.index.segments as segments_module
import provenance.index.state as state_module
import provenance.io.load as load_module
from benchmarks.corpus import Truth, generate, write_folder
from provenance import Settings, load_folder, scan
from provenance.cli import main
from provenance.detect.signatures import DocumentSignature
from provenance.index import Index, IndexFileError, IndexNotWritable, corpus_files, index_keys, rebuilding
from provenance.index.keys import content_hash
from provenance.index.state import recorded, sync
from provenance.io.load import CanonicalPaths, load_article
from provenance.pipeline import prepare, sign


@pytest.fixture
def corpus(tmp_path: Path, seeds_dir: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(seeds_dir, folder, ignore=shutil.ignore_patterns(".provenance-baseline.json"))  # no pair accepted
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


def test_an_update_keys_the_articles_read_already_as_it_would_read_them(tmp_path: Path, corpus: Path) -> None:
    """``provenance baseline`` indexes the corpus it loaded from those articles (``articles``), not read again:
    the same rows and keys as read from the files, an export's lines read from its file as before."""
    _write_export(corpus / "zz.jsonl", [("x1", HARBOUR), ("x2", STATION)])
    documents, _ = load_folder(corpus)
    canonical = CanonicalPaths()
    files = corpus_files([corpus])
    with Index.open(":memory:", Settings()) as read, Index.open(":memory:", Settings()) as given:
        read.update(files)
        given.update(files, articles={canonical(d.path): d for d in documents})
        assert len(given.documents()) == 7 and given.documents() == read.documents()
        assert given.hashes() == read.hashes() and given.entries() == read.entries()
        expected = read.hashes() | {SEED_A: content_hash(STATION)}
    edited = {canonical(d.path): dataclasses.replace(d, text=STATION) for d in documents if d.id == SEED_A}
    with Index.open(":memory:", Settings()) as index:
        index.update(files, articles=edited)  # the text given is the one keyed: the file is not read again
        assert index.hashes() == expected


HARBOUR = "Changed words of the second article about the new harbour."
STATION = "Other words of a third article about the old railway station."


def _write_export(path: Path, records: list[tuple[str, str]]) -> None:
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in records), encoding="utf-8")


def test_every_article_format_is_indexed_and_a_jsonl_export_line_by_line(tmp_path: Path, corpus: Path) -> None:
    # What scan reads is what the index holds: .md and .html under their stem, with the keys of the
    # text the loader extracts, and each line of a JSON Lines export as an article of its own.
    text = (corpus / f"{SEED_A}.txt").read_text(encoding="utf-8")
    (corpus / f"{SEED_A}.txt").rename(corpus / "zz_a.md")
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n") if p.strip())
    (corpus / "zz_page.html").write_text(
        f"<html><head><title>T</title></head><body><article>{paragraphs}</article></body></html>", encoding="utf-8"
    )
    export = corpus / "zz_export.jsonl"
    lines = [json.dumps({"id": "zz_j1", "text": text}), "{bad", "", json.dumps({"id": "zz_j4", "text": "Words."})]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Index.open(tmp_path / "ix.sqlite", Settings()) as index:
        stats = index.update(corpus_files([corpus]))
        assert (stats.added, stats.unchanged) == (8, 0)
        assert [Path(p.path).name for p in stats.problems] == ["zz_export.jsonl:2"]
        assert dict(index.documents())["zz_j4"] == f"{export}:4"
        docs, _ = load_folder(corpus)
        reprint = next(d for d in docs if d.id == "zz_page")
        found = {c.doc_id for c in index.candidates(sign(prepare(reprint, Settings()), Settings()))}
        assert {"zz_a", "zz_j1", SEED_B} <= found
        assert load_article(f"{export}:1").text == text  # what check loads for a candidate
        again = index.update(corpus_files([corpus]))
        assert (again.added, again.changed, again.unchanged, again.removed) == (0, 0, 8, 0)
        # An edited export: an unchanged line is not keyed again, a new one is, a dropped one goes.
        _write_export(export, [("zz_j1", text), ("zz_j2", STATION)])
        edited = index.update(corpus_files([corpus]))
        assert (edited.added, edited.changed, edited.unchanged, edited.removed) == (1, 0, 7, 1)
        assert sorted(d for d, _ in index.documents() if d.startswith("zz_j")) == ["zz_j1", "zz_j2"]
        # Articles moving between lines are not duplicates; an id used twice in the export is.
        for records, problems in (
            ([("zz_j2", HARBOUR), ("zz_j3", STATION)], []),  # line 2 keeps its text under another id
            ([("zz_j3", STATION), ("zz_j2", HARBOUR)], []),  # the two lines swapped
            ([("zz_j3", STATION), ("zz_j3", HARBOUR)], [f"{export}:2"]),
            ([("zz_j3", STATION), ("zz_j2", HARBOUR)], []),
            # line 1 takes the id of line 2, which is unchanged: line 2 is now the duplicate
            ([("zz_j2", STATION), ("zz_j2", HARBOUR)], [f"{export}:2"]),
        ):
            _write_export(export, records)
            moved = index.update(corpus_files([corpus]))
            assert [p.path for p in moved.problems] == problems
            held = {d: p for d, p in index.documents() if d.startswith("zz_j")}
            assert held == {
                i: f"{export}:{n}" for n, (i, _) in enumerate(records, 1) if f"{export}:{n}" not in problems
            }
            for doc_id, where in held.items():
                assert load_article(where).id == doc_id
            with Index.open(":memory:", Settings()) as fresh:  # the keys a build from scratch holds
                fresh.update(corpus_files([corpus]))
                assert index.entries() == fresh.entries()
        export.unlink()
        gone = index.update(corpus_files([corpus]))
        assert gone.removed == 1 and not any(d.startswith("zz_j") for d, _ in index.documents())


_POOL = [f"Article {w} tells of the harbour, the railway and the {w} market in town." for w in "abcd"]
_edits = st.lists(
    st.lists(st.tuples(st.sampled_from(["j1", "j2", "j3"]), st.sampled_from(_POOL)), max_size=4),
    min_size=1,
    max_size=5,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_edits)
def test_edited_export_indexes_what_a_fresh_build_and_the_loader_hold(tmp_path: Path, versions: list) -> None:
    # However an export is edited (lines added, dropped, swapped, ids reused), the updated index
    # holds what the loader reads (first line of an id wins) with the keys of a build from scratch.
    folder = tmp_path / f"c{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    export = folder / "export.jsonl"
    with Index.open(":memory:", Settings()) as index:
        for step, records in enumerate(versions, 1):
            export.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in records), encoding="utf-8")
            # An mtime of its own each step: writes closer than the clock's tick could keep size and mtime.
            os.utime(export, ns=(0, step * 1_000_000_000))
            index.update(corpus_files([folder]))
            docs, _ = load_folder(folder)
            assert dict(index.documents()) == {d.id: d.path for d in docs}
            with Index.open(":memory:", Settings()) as fresh:
                fresh.update(corpus_files([folder]))
                assert index.entries() == fresh.entries()


def test_touched_but_unchanged_file_is_not_resigned(tmp_path: Path, corpus: Path) -> None:
    path = tmp_path / "ix.sqlite"
    _build(path, corpus)
    target = corpus / f"{SEED_B}.txt"
    target.write_bytes(target.read_bytes())  # new mtime, same content
    with Index.open(path, Settings()) as index:
        stats = index.update(corpus_files([corpus]))
    assert (stats.added, stats.changed, stats.unchanged) == (0, 0, 5)


def _signatures(corpus: Path, settings: Settings) -> dict[str, DocumentSignature]:
    docs, _ = load_folder(corpus)
    return {d.id: sign(prepare(d), settings) for d in docs}


def test_index_keys_are_those_of_the_scan_signatures(tmp_path: Path, corpus: Path) -> None:
    settings = Settings()
    sigs = _signatures(corpus, settings)
    path = tmp_path / "ix.sqlite"
    _build(path, corpus)
    with Index.open(path, settings) as index:
        stored = index.entries()
        expected = sorted((int(k), doc_id) for doc_id, sig in sigs.items() for k in index_keys(sig.windows, settings))
        assert stored == expected
        # The seeds' one reuse pair is the only candidate pair; topical seeds find nothing.
        found = {doc_id: [c.doc_id for c in index.candidates(sig, exclude=doc_id)] for doc_id, sig in sigs.items()}
    assert found == {d: ([SEED_B] if d == SEED_A else [SEED_A] if d == SEED_B else []) for d in sigs}


@pytest.mark.slow
def test_index_proposes_every_pair_the_scan_reports(tmp_path: Path) -> None:
    truth = Truth()
    folder = tmp_path / "gen"
    write_folder(generate(300, seed=3, reprint_every=10, truth=truth), folder)
    docs, _ = load_folder(folder)
    reported = {frozenset((p.a, p.b)) for p in scan(docs).pairs}
    assert len(reported) >= len(truth.reprints) > 20
    settings = Settings()
    path = tmp_path / "ix.sqlite"
    _build(path, folder)
    proposed = set()
    with Index.open(path, settings) as index:
        for doc in docs:
            sig = sign(prepare(doc), settings)
            proposed |= {frozenset((doc.id, c.doc_id)) for c in index.candidates(sig, exclude=doc.id)}
    assert reported <= proposed
    assert {frozenset((r.id, r.source)) for r in truth.reprints} <= proposed
    assert proposed <= {frozenset(p) for p in truth.related()}


def test_many_small_updates_keep_few_segments_and_drop_dead_keys(tmp_path: Path, corpus: Path) -> None:
    settings = Settings()
    sigs = _signatures(corpus, settings)
    path = tmp_path / "ix.sqlite"
    files = corpus_files([corpus])
    with Index.open(path, settings) as index:
        for n in range(1, len(files) + 1):  # one new file per update, as a gate on each pull request
            index.update(files[:n])
        for _ in range(6):  # delete and re-add a file: its old keys die
            index.update(files[1:])
            index.update(files)
        assert index.entries() == sorted(
            (int(k), d) for d, sig in sigs.items() for k in index_keys(sig.windows, settings)
        )
        assert [c.doc_id for c in index.candidates(sigs[SEED_A], exclude=SEED_A)] == [SEED_B]
    segments = sorted((Path(f"{path}.keys")).glob("*.keys.npy"))
    assert 1 <= len(segments) <= segments_module._MAX_SEGMENTS
    conn = sqlite3.connect(path)
    total = conn.execute("SELECT SUM(entries) FROM segments").fetchone()[0]
    live = conn.execute("SELECT SUM(keys) FROM docs").fetchone()[0]
    assert total <= 1.25 * live
    assert len(segments) == conn.execute("SELECT COUNT(*) FROM segments").fetchone()[0]


def test_stray_segment_files_are_removed_by_the_next_update(tmp_path: Path, corpus: Path) -> None:
    path = tmp_path / "ix.sqlite"
    _build(path, corpus)
    keys_dir = Path(f"{path}.keys")
    stray = [keys_dir / "99999999.keys.npy", keys_dir / ".00000001.keys.npy.abc.tmp"]
    for file in stray:
        file.write_bytes(b"half-written")
    before = sorted(f.name for f in keys_dir.iterdir() if f not in stray)
    with Index.open(path, Settings()) as index:
        index.update(corpus_files([corpus]))
    assert sorted(f.name for f in keys_dir.iterdir()) == before


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
        assert index.stored_hash("zz_new") is None
        sig = _signatures(corpus, Settings())[SEED_A]
        assert [c.doc_id for c in index.candidates(sig, exclude=SEED_A)] == [SEED_B]
    # Nothing the interrupted update wrote is left behind.
    conn = sqlite3.connect(path)
    listed = {f"{s:08d}" for (s,) in conn.execute("SELECT id FROM segments")}
    assert {f.name.split(".")[0] for f in Path(f"{path}.keys").iterdir()} == listed


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
    with pytest.raises(IndexFileError, match="not an SQLite file"):
        Index.open(bad, Settings())
    foreign = tmp_path / "foreign.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(IndexFileError, match="another program's SQLite database"):
        Index.open(foreign, Settings())
    ours = tmp_path / "ours.sqlite"
    _build(ours, corpus)
    with pytest.raises(IndexFileError, match="seed 1 → 7"):
        Index.open(ours, Settings(seed=7))
    with Index.open(ours, Settings(seed=7), rebuild=True) as index:
        assert index.count() == 0


def test_cli_corrupt_index_is_one_line_and_rebuild_fixes_it(tmp_path: Path, corpus: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    _build(bad, corpus)
    data = bad.read_bytes()
    bad.write_bytes(data[:100] + b"\x00garbage" * ((len(data) - 100) // 8))  # an index, damaged past its header
    runner = CliRunner()
    result = runner.invoke(main, ["check", str(corpus / f"{SEED_A}.txt"), "--corpus", str(corpus), "--index", str(bad)])
    error = assert_one_line_error(result)
    assert "provenance index --rebuild" in error and str(bad) in error
    rebuilt = runner.invoke(main, ["index", str(corpus), "--index", str(bad), "--rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "5 documents (5 added" in rebuilt.stdout
    again = runner.invoke(main, ["index", str(corpus), "--index", str(bad)])
    assert "5 unchanged" in again.stdout


def test_an_index_of_other_settings_names_the_rebuild_to_type(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newsroom that set ``shingle_size = 4`` in its pyproject got, from ``check``, "run `provenance index
    --rebuild PATH...`": which PATH, and which index, it had to work out.  ``check`` knows both: the line
    names the corpus folder, and the index when it is not the default one."""
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["index", "corpus", "--quiet"]).exit_code == 0
    (tmp_path / "pyproject.toml").write_text("[tool.provenance]\nshingle_size = 4\n", encoding="utf-8")
    error = assert_one_line_error(CliRunner().invoke(main, ["check", f"corpus/{SEED_A}.txt", "--corpus", "corpus"]))
    assert error.endswith("(shingle_size 5 → 4); run `provenance index --rebuild corpus`"), error
    Path(".provenance/index.sqlite").rename("my index.sqlite")
    args = ["check", f"corpus/{SEED_A}.txt", "--corpus", "corpus", "--index", "my index.sqlite"]
    error = assert_one_line_error(CliRunner().invoke(main, args))
    assert error.endswith("run `provenance index --rebuild --index 'my index.sqlite' corpus`"), error
    # `index` itself said "PATH...", its folders just typed (or, now, the policy's taken): it names them too
    error = assert_one_line_error(CliRunner().invoke(main, ["index", "--index", "my index.sqlite", "corpus"]))
    assert error.endswith("run `provenance index --rebuild --index 'my index.sqlite' corpus`"), error
    rebuilt = CliRunner().invoke(main, ["index", "--rebuild", "--index", "my index.sqlite", "corpus"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert CliRunner().invoke(main, args).exit_code == 1  # checked: 000 reuses 001


def test_an_index_missing_its_key_segments_names_the_rebuild_to_type(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rebuild named only where the index was opened: an index whose key segments were lost (read while
    brought in line) still said "run `provenance index --rebuild PATH...`"."""
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["index", "corpus", "--quiet", "--index", "my ix.sqlite"]).exit_code == 0
    segments = list(Path("my ix.sqlite.keys").iterdir())
    assert segments
    for segment in segments:
        segment.unlink()
    args = ["check", f"corpus/{SEED_A}.txt", "--corpus", "corpus", "--index", "my ix.sqlite"]
    error = assert_one_line_error(CliRunner().invoke(main, args))
    assert error.endswith("run `provenance index --rebuild --index 'my ix.sqlite' corpus`"), error


def test_cli_truncated_index_is_one_line(tmp_path: Path, corpus: Path) -> None:
    path = tmp_path / "ix.sqlite"
    _build(path, corpus)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    runner = CliRunner()
    result = runner.invoke(
        main, ["check", str(corpus / f"{SEED_A}.txt"), "--corpus", str(corpus), "--index", str(path)]
    )
    error = assert_one_line_error(result)
    assert error.startswith(f"provenance: error: {path}") and "--rebuild" in error


def test_checkpointed_build_holds_the_same_entries(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _build(tmp_path / "one.sqlite", corpus)
    with Index.open(tmp_path / "one.sqlite", Settings()) as index:
        expected = index.entries()
    # A segment and a commit after every file, merging as it goes (what a million-file build does per 50,000).
    monkeypatch.setattr("provenance.index.store._SEGMENT_DOCS", 1)
    monkeypatch.setattr("provenance.index.segments._MAX_SEGMENTS", 2)
    _build(tmp_path / "many.sqlite", corpus)
    with Index.open(tmp_path / "many.sqlite", Settings()) as index:
        assert index.entries() == expected
    assert len(list(Path(f"{tmp_path / 'many.sqlite'}.keys").glob("*.keys.npy"))) <= 2


def test_missing_key_segments_are_one_line(tmp_path: Path, corpus: Path) -> None:
    path = tmp_path / "ix.sqlite"
    _build(path, corpus)
    shutil.rmtree(f"{path}.keys")
    runner = CliRunner()
    for args in (
        ["check", str(corpus / f"{SEED_A}.txt"), "--corpus", str(corpus), "--index", str(path)],
        ["index", str(corpus), "--index", str(path)],
    ):
        result = runner.invoke(main, args)
        error = assert_one_line_error(result)
        assert "is missing" in error and "--rebuild" in error


def _corrupt_settings(path: Path, value: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'settings'", (value,))
    conn.commit()
    conn.close()


def _resave(path: Path, change: Callable[[np.ndarray], np.ndarray]) -> None:
    """Rewrite a segment file with ``change`` applied to its array (as another tool might)."""
    array = np.array(np.load(path))
    np.save(path, change(array))


def _swap_file(path: Path, kind: str) -> None:
    path.unlink()
    if kind == "link":
        path.symlink_to("/dev/zero")
    else:
        os.mkfifo(path)


def _forget_digests(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM meta WHERE key LIKE 'digest:%'")
    conn.commit()
    conn.close()


def _segment(index: Path, kind: str) -> Path:
    return sorted(Path(f"{index}.keys").glob(f"*.{kind}.npy"))[0]


_CORRUPTIONS: dict[str, tuple[Callable[[Path], None], str]] = {
    "settings not JSON": (lambda p: _corrupt_settings(p, "{not json"), "settings unreadable"),
    "settings not an object": (lambda p: _corrupt_settings(p, "[1, 2]"), "settings unreadable"),
    "docs shorter than keys": (lambda p: _resave(_segment(p, "docs"), lambda a: a[:-1]), "docs.npy holds"),
    "2-D keys": (lambda p: _resave(_segment(p, "keys"), lambda a: a.reshape(1, -1)), "an array of 2 dimensions"),
    "keys of another type": (lambda p: _resave(_segment(p, "keys"), lambda a: a.astype(np.int64)), "int64 values"),
    # Out of order, the binary search misses the match: the check used to say PASS.
    "keys out of order": (lambda p: _resave(_segment(p, "keys"), lambda a: a[::-1].copy()), "out of order"),
    "keys out of order, docs along": (
        lambda p: [_resave(_segment(p, k), lambda a: a[::-1].copy()) for k in ("keys", "docs")] and None,
        "out of order",
    ),
    # Data zeroed under an intact header (a torn write, a bad cache restore): all-zero keys are "in order",
    # and the check used to say PASS for a verbatim copy.
    "keys zeroed": (lambda p: _resave(_segment(p, "keys"), np.zeros_like), "do not hold what was written"),
    "docs zeroed": (lambda p: _resave(_segment(p, "docs"), np.zeros_like), "do not hold what was written"),
    # row ids no document ever had, in an index that recorded no digest (written before digests)
    "docs naming no row": (
        lambda p: _forget_digests(p) or _resave(_segment(p, "docs"), lambda a: np.full_like(a, 4_000_000_000)),
        "never held",
    ),
    # a segment file swapped for a link (to /dev/zero: read through) or a FIFO (a check blocked forever)
    "keys a symbolic link": (lambda p: _swap_file(_segment(p, "keys"), "link"), "a symbolic link"),
    "keys a FIFO": (lambda p: _swap_file(_segment(p, "keys"), "fifo"), "not a regular file"),
    "docs missing": (lambda p: _segment(p, "docs").unlink(), "docs.npy is missing"),
    "entries not as listed": (
        lambda p: _resave(_segment(p, "keys"), lambda a: a[:-1]) or _resave(_segment(p, "docs"), lambda a: a[:-1]),
        "the index lists",
    ),
}


@pytest.mark.parametrize("corruption", sorted(_CORRUPTIONS))
def test_corrupt_index_content_is_one_line_through_check(
    tmp_path: Path, corpus: Path, corruption: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Content that reads but is wrong: one line naming the file and the problem, and the rebuild
    # hint, never a traceback nor (keys out of order) an answer that silently misses the reuse.
    monkeypatch.chdir(tmp_path)  # no project configuration or baseline but the defaults
    path = tmp_path / "ix.sqlite"
    _build(path, corpus)
    args = ["check", str(corpus / f"{SEED_A}.txt"), "--corpus", str(corpus), "--index", str(path)]
    runner = CliRunner()
    intact = runner.invoke(main, args)
    assert intact.exit_code == 1 and SEED_B in intact.stdout, intact.output
    corrupt, problem = _CORRUPTIONS[corruption]
    corrupt(path)
    error = assert_one_line_error(runner.invoke(main, args))
    assert error.startswith(f"provenance: error: {path}") and problem in error and "--rebuild" in error
    rebuilt = runner.invoke(main, ["index", str(corpus), "--index", str(path), "--rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert runner.invoke(main, args).exit_code == 1


_UPDATER = """
import os, sys, time
from provenance import Settings
from provenance.index import Index, corpus_files
index_path, ready, go, *folders = sys.argv[1:]
with Index.open(index_path, Settings()) as index:
    open(ready, "w").close()
    while not os.path.exists(go):  # both processes start updating at once
        time.sleep(0.001)
    stats = index.update(corpus_files(folders), prune=False)
print(stats.added, stats.unchanged)
"""


def _write_articles(folder: Path, prefix: str, n: int, seed: int) -> None:
    rng = random.Random(seed)
    folder.mkdir(exist_ok=True)
    for i in range(n):
        text = ". ".join(" ".join(random_words(rng, 12)) for _ in range(12)) + "."
        (folder / f"{prefix}{i:03d}.txt").write_text(text, encoding="utf-8")


def test_concurrent_updates_in_two_processes_both_succeed(tmp_path: Path, corpus: Path) -> None:
    # Two updates of one index at once, new files in common and of their own: the second used to
    # read the stored rows before taking the write lock and fail with "UNIQUE constraint failed".
    path = tmp_path / "ix.sqlite"
    _build(path, corpus)
    shared, own = tmp_path / "shared", [tmp_path / "own0", tmp_path / "own1"]
    _write_articles(shared, "s", 60, seed=1)
    for n, folder in enumerate(own):
        _write_articles(folder, f"o{n}_", 30, seed=2 + n)
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                _UPDATER,
                str(path),
                str(tmp_path / f"ready{n}"),
                str(go),
                str(corpus),
                str(shared),
                str(folder),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, folder in enumerate(own)
    ]
    sig = _signatures(corpus, Settings())[SEED_A]
    with Index.open(path, Settings()) as reader:
        while not all((tmp_path / f"ready{n}").exists() for n in range(2)):
            assert all(p.poll() is None for p in procs), [p.communicate() for p in procs]
        go.touch()
        # A reader meanwhile sees one committed state or another, always the seeds' reuse pair.
        while any(p.poll() is None for p in procs):
            assert [c.doc_id for c in reader.candidates(sig, exclude=SEED_A)] == [SEED_B]
    outputs = [p.communicate() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    added = sorted(int(out.split()[0]) for out, _ in outputs)
    assert added[0] + added[1] == 60 + 30 + 30 and added[0] >= 30  # each added its own; the shared files once
    with Index.open(path, Settings()) as index, Index.open(":memory:", Settings()) as fresh:
        fresh.update(corpus_files([corpus, shared, *own]))
        assert index.documents() == fresh.documents()
        assert index.entries() == fresh.entries()


def test_concurrent_cli_index_runs_both_succeed(tmp_path: Path, corpus: Path) -> None:
    # `provenance index FOLDER` twice at once on a folder with new files: both exit 0.
    path = tmp_path / "ix.sqlite"
    _build(path, corpus)
    _write_articles(corpus, "n", 150, seed=4)
    command = [
        sys.executable,
        "-c",
        "from provenance.cli import main; main()",
        "index",
        str(corpus),
        "--index",
        str(path),
    ]
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert all("155 documents" in out for out, _ in outputs)


def test_an_update_overtaken_between_checkpoints_starts_over(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another process commits between two checkpoints of a large update (one here after every file):
    # what the update read of the index is then out of date, so it looks again rather than fail.
    monkeypatch.setattr("provenance.index.store._SEGMENT_DOCS", 1)
    path = tmp_path / "ix.sqlite"
    files = corpus_files([corpus])
    with Index.open(path, Settings()) as index:
        commit = index._commit
        calls = []

        def commit_then_another_update() -> None:
            commit()
            calls.append(1)
            if len(calls) == 1:
                with Index.open(path, Settings()) as other:
                    assert other.update(files).added == 4

        monkeypatch.setattr(index, "_commit", commit_then_another_update)
        stats = index.update(files)
        assert (stats.added, stats.changed, stats.unchanged, stats.removed) == (1, 0, 4, 0)
        with Index.open(":memory:", Settings()) as fresh:
            fresh.update(files)
            assert index.entries() == fresh.entries()


def test_a_lookup_sees_one_commit_while_a_writer_commits(tmp_path: Path, corpus: Path) -> None:
    # A writer replaces one copy of SEED_A by another while a lookup is between reading the segment list
    # and the rows: the lookup answers the old copy or the new one, never neither.
    text = (corpus / f"{SEED_A}.txt").read_text(encoding="utf-8")
    (corpus / "zz_x.txt").write_text(text, encoding="utf-8")
    path = tmp_path / "ix.sqlite"
    _build(path, corpus)
    sig = _signatures(corpus, Settings())[SEED_A]
    with Index.open(path, Settings()) as reader:
        arrays = reader._segments.arrays
        writes = []

        def arrays_while_writing(segment: int) -> tuple[np.ndarray, np.ndarray]:
            if not writes:
                writes.append(1)
                (corpus / "zz_x.txt").rename(corpus / "zz_y.txt")
                _build(path, corpus)
            return arrays(segment)

        reader._segments.arrays = arrays_while_writing  # type: ignore[method-assign]
        assert {c.doc_id for c in reader.candidates(sig, exclude=SEED_A)} in ({SEED_B, "zz_x"}, {SEED_B, "zz_y"})
        assert writes
        assert {c.doc_id for c in reader.candidates(sig, exclude=SEED_A)} == {SEED_B, "zz_y"}


# -- the read path: the recorded listing instead of listing the corpus (issue 27) ---------------------------


@pytest.fixture
def indexed(tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``corpus/`` (the seeds) indexed by ``provenance index corpus`` in the current folder ``tmp_path``."""
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["index", "corpus", "--quiet"]).exit_code == 0
    return tmp_path


def _check(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", *args, "--corpus", "corpus", "--format", "json"])


def _sources(result: Result) -> list[str]:
    return [m["source"] for f in json.loads(result.stdout)["files"] for m in f["matches"]]


def _no_listing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the corpus was listed")

    monkeypatch.setattr(load_module, "list_corpus", refuse)
    monkeypatch.setattr(state_module, "list_corpus", refuse)


def test_check_lists_no_corpus_folder_when_none_changed(
    indexed: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Was: every check listed the whole corpus and compared each file with the index (3.9 s at 200,000).
    shutil.copy(seeds_dir / f"{SEED_A}.txt", indexed / "new.txt")
    _no_listing(monkeypatch)
    result = _check("new.txt")
    assert result.exit_code == 1, result.output
    assert _sources(result) == [SEED_A, SEED_B] and result.stderr == ""


def test_check_lists_only_the_folders_that_changed(indexed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    story = " ".join(random_words(random.Random(3), 400))
    (indexed / "corpus" / "2025").mkdir()
    (indexed / "corpus" / "2025" / "story.txt").write_text(story, encoding="utf-8")  # a new folder and file
    (indexed / "corpus" / f"{SEED_IDS[4]}.txt").unlink()
    (indexed / "new.txt").write_text(story, encoding="utf-8")
    walked: list[list[str]] = []
    real_walk = load_module._walk

    def walk(
        root: str, rules: object, start: Sequence[str] = ("",), skip: object = frozenset(), passed: object = None
    ) -> object:
        walked.append(list(start))
        return real_walk(root, rules, start, skip, passed)  # type: ignore[arg-type]

    monkeypatch.setattr(load_module, "_walk", walk)
    result = _check("new.txt")
    assert result.exit_code == 1 and _sources(result) == ["2025/story"], result.output
    assert walked == [[""]]  # the top folder only (its new sub-folder with it), nothing else
    assert "index brought in line with 1 changed corpus folder(s) (1 added, 0 changed, 1 removed)" in result.stderr
    with Index.open(indexed / ".provenance" / "index.sqlite", Settings()) as index:
        assert index.count() == 5 and recorded(index) is not None
    _no_listing(monkeypatch)  # the next check: nothing changed since, nothing listed
    assert _check("new.txt").exit_code == 1


def test_an_article_edited_in_place_is_seen_after_refresh(indexed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The documented limit of the recorded listing: a file written over keeps its folder's time.
    story = " ".join(random_words(random.Random(5), 400))
    target = indexed / "corpus" / f"{SEED_IDS[3]}.txt"
    folder_time = (indexed / "corpus").stat().st_mtime_ns
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(story)
    os.utime(indexed / "corpus", ns=(folder_time, folder_time))
    (indexed / "new.txt").write_text(story, encoding="utf-8")
    assert _sources(_check("new.txt")) == []  # the index still holds the old text's keys
    refreshed = _check("new.txt", "--refresh")
    assert refreshed.exit_code == 1 and _sources(refreshed) == [SEED_IDS[3]]
    assert "index brought in line with the whole corpus (0 added, 1 changed, 0 removed)" in refreshed.stderr


@pytest.mark.parametrize("damage", ["unreadable", "other folders", "interrupted"])
def test_without_a_usable_recorded_listing_the_corpus_is_listed(
    indexed: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    # Fail closed: a listing that cannot vouch for the index is never trusted.
    path = indexed / ".provenance" / "index.sqlite"
    with Index.open(path, Settings()) as index:
        if damage == "unreadable":
            index.set_meta("corpus", '{"roots": 1')
        elif damage == "other folders":
            sync(index, [seeds_dir])
        else:
            monkeypatch.setattr(Index, "update", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt))
            with pytest.raises(KeyboardInterrupt):
                sync(index, ["corpus"], full=True)
            monkeypatch.undo()
            monkeypatch.chdir(indexed)
        assert damage == "other folders" or recorded(index) is None
        assert sync(index, ["corpus"]).how == "full"
        assert sync(index, ["corpus"]).how == "recorded"


def test_an_export_grown_in_place_is_compared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").mkdir()
    export = tmp_path / "corpus" / "wire.jsonl"
    line = {"id": "w1", "text": " ".join(random_words(random.Random(1), 300))}
    export.write_text(json.dumps(line) + "\n", encoding="utf-8")
    folder_time = (tmp_path / "corpus").stat().st_mtime_ns
    with Index.open(tmp_path / "ix.sqlite", Settings()) as index:
        assert sync(index, ["corpus"]).how == "full"
        with open(export, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"id": "w2", "text": " ".join(random_words(random.Random(2), 300))}) + "\n")
        os.utime(tmp_path / "corpus", ns=(folder_time, folder_time))
        done = sync(index, ["corpus"])
        assert done.how == "folders" and done.stats is not None and done.stats.added == 1
        assert [d for d, _ in index.documents()] == ["w1", "w2"]


def test_a_sealed_segment_is_not_read_through_and_any_other_is(
    indexed: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Was: every open index read every key of every segment to check their order (80 million keys a
    # million articles: the pages of 640 MB) before its first lookup.
    checked: list[int] = []
    real = segments_module._ascending
    monkeypatch.setattr(segments_module, "_ascending", lambda keys: checked.append(len(keys)) or real(keys))
    shutil.copy(seeds_dir / f"{SEED_A}.txt", indexed / "new.txt")
    assert _check("new.txt").exit_code == 1 and checked == []  # written by the index: sealed
    path = indexed / ".provenance" / "index.sqlite"
    _resave(_segment(path, "keys"), lambda a: a)  # the same keys, but not the file the index wrote
    assert _check("new.txt").exit_code == 1 and len(checked) == 1
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM meta WHERE key LIKE 'segment:%'")  # an index restored without its seals
    conn.commit()
    conn.close()
    assert _check("new.txt").exit_code == 1 and len(checked) == 2
    assert CliRunner().invoke(main, ["index", "corpus", "--quiet"]).exit_code == 0  # checks once, seals
    assert len(checked) == 3
    assert _check("new.txt").exit_code == 1 and len(checked) == 3


def test_rebuild_never_replaces_a_file_that_is_no_index(tmp_path: Path, corpus: Path) -> None:
    """`--rebuild`, which the error line advised, replaced another program's database and a README given as
    --index, and deleted every file in PATH.keys/ (a user's notes)."""
    app = tmp_path / "app.db"
    conn = sqlite3.connect(app)
    conn.execute("CREATE TABLE users (name)")
    conn.execute("INSERT INTO users VALUES ('alice')")
    conn.commit()
    conn.close()
    (tmp_path / "app.db.keys").mkdir()
    (tmp_path / "app.db.keys" / "notes.txt").write_text("mine", encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text("# project readme\n", encoding="utf-8")
    runner = CliRunner()
    for target, what in ((app, "another program's SQLite database"), (readme, "not an SQLite file")):
        before = target.read_bytes()
        for extra in ([], ["--rebuild"]):
            error = assert_one_line_error(runner.invoke(main, ["index", str(corpus), "--index", str(target), *extra]))
            assert what in error and "--rebuild PATH" not in error
        assert target.read_bytes() == before
    assert (tmp_path / "app.db.keys" / "notes.txt").read_text(encoding="utf-8") == "mine"


def _read_only_mount(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Open the index file at ``path`` as SQLite does on a read-only mount: writing it is refused."""
    opened = Index.open.__func__  # type: ignore[attr-defined]

    def refusing(cls: type[Index], name: object, settings: Settings, **kwargs: object) -> Index:
        if str(name) == str(path) and not kwargs.get("read_only"):
            raise IndexNotWritable(f"{name}: cannot write the index (a read-only file system)")
        index: Index = opened(cls, name, settings, **kwargs)
        if str(name) == str(path):
            index._conn.execute("PRAGMA query_only = ON")  # any write would fail, as on the mount
        return index

    monkeypatch.setattr(Index, "open", classmethod(refusing))


def test_check_reads_an_index_it_cannot_write(tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A shared archive's index on a read-only mount: every check was `cannot write the index`, exit 2,
    even with the index current."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "ix.sqlite"
    runner = CliRunner()
    assert runner.invoke(main, ["index", str(corpus), "--index", str(path)]).exit_code == 0
    written = path.read_bytes()
    _read_only_mount(monkeypatch, path)
    copy = tmp_path / "copy.txt"
    copy.write_text((corpus / f"{SEED_A}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    check = ["check", str(copy), "--corpus", str(corpus), "--index", str(path)]
    current = runner.invoke(main, check)
    assert current.exit_code == 1 and SEED_A in current.stdout and current.stderr == "", current.output
    # the corpus changed since: the index cannot be brought in line, so one built in memory answers
    (corpus / "late.txt").write_text((corpus / f"{SEED_A}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    stale = runner.invoke(main, check)
    assert stale.exit_code == 1 and "late" in stale.stdout, stale.output
    assert stale.stderr.startswith(f"provenance: note: {path} cannot be written to bring it in line with the corpus")
    assert path.read_bytes() == written


_LIMITED_INDEX = """
import resource, sys
resource.setrlimit(resource.RLIMIT_FSIZE, (64_000, resource.RLIM_INFINITY))  # a full disk, in effect
from provenance.cli import main
sys.argv = ["provenance", "index", sys.argv[1], "--index", sys.argv[2]]
main()
"""


def _script(script: str, corpus: Path, index: Path) -> subprocess.CompletedProcess[str]:
    """``script`` run by a new Python with the corpus and index paths as its arguments, in the index's folder."""
    command = [sys.executable, "-c", script, str(corpus), str(index)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=index.parent)


def test_a_full_disk_is_named_when_a_segment_cannot_be_written(tmp_path: Path) -> None:
    """NumPy wrote a segment with C's fwrite and said `index update failed (52523 requested and 28656
    written)`: no word of a full disk or a file size limit."""
    folder = tmp_path / "corpus"
    write_folder(generate(300, seed=3, reprint_every=10, truth=Truth()), folder)
    ended = _script(_LIMITED_INDEX, folder, tmp_path / "ix.sqlite")
    assert ended.returncode == 2, ended.stderr
    assert ended.stderr.splitlines() == [
        f"provenance: error: {tmp_path / 'ix.sqlite'}: index update failed (File too large)"
    ]


def test_a_full_disk_in_sqlite_asks_for_space_not_a_rebuild(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`database or disk is full` was followed by `run provenance index --rebuild`, which needs more room."""

    def full(*args: object, **kwargs: object) -> object:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Index, "_update", full)
    path = tmp_path / "ix.sqlite"
    line = assert_one_line_error(CliRunner().invoke(main, ["index", str(corpus), "--index", str(path)]))
    assert line == (
        f"provenance: error: {path}: index update failed (database or disk is full); "
        "free some space and run it again (the index keeps what it had committed)"
    )


_TERMINATED_REBUILD = """
import os, signal, sys, time
import provenance.cli as cli
sync = cli.sync
def terminated(index, *args, **kwargs):
    sync(index, *args, **kwargs)
    os.kill(os.getpid(), signal.SIGTERM)  # as `kill`, `timeout` or a stopping container sends it
    time.sleep(30)
cli.sync = terminated
sys.argv = ["provenance", "index", sys.argv[1], "--index", sys.argv[2], "--rebuild", "--jobs", "2"]
cli.main()
"""


_TERMINATED_IN_A_FINALIZER = """
import gc, os, signal, sys, time
import provenance.cli as cli
sync = cli.sync
class Finalized:
    def __del__(self):
        os.kill(os.getpid(), signal.SIGTERM)  # lands while a finalizer runs (a pool's, a generator's)
        sum(range(1000))
def terminated(index, *args, **kwargs):
    Finalized()
    gc.collect()
    result = sync(index, *args, **kwargs)
    time.sleep(2)  # where the signal should have ended it
    return result
cli.sync = terminated
sys.argv = ["provenance", "index", sys.argv[1], "--index", sys.argv[2], "--rebuild", "--jobs", "2"]
cli.main()
"""


# The signal a finalizer swallowed is sent again a moment later; a command that ends before it was killed by
# the signal's default once its handler was restored: exit 143, no line.
_TERMINATED_AS_IT_ENDS = _TERMINATED_IN_A_FINALIZER.replace(
    "import provenance.cli as cli",
    "import threading\nTimer = threading.Timer\nthreading.Timer = lambda delay, *args: Timer(5, *args)\n"
    "import provenance.cli as cli",
).replace("time.sleep(2)", "time.sleep(0)")


@pytest.mark.parametrize("script", ["_TERMINATED_REBUILD", "_TERMINATED_IN_A_FINALIZER", "_TERMINATED_AS_IT_ENDS"])
def test_a_terminated_rebuild_cleans_up_and_says_so_in_one_line(tmp_path: Path, corpus: Path, script: str) -> None:
    """SIGTERM killed a rebuild outright: no line, exit -15, its half-built index left beside the index.
    And a SIGTERM that arrives while a finalizer runs is swallowed by Python ("Exception ignored in …", a
    traceback): the rebuild went on to the end and exited 0, as if never asked to stop."""
    path = tmp_path / "ix.sqlite"
    _build(path, corpus)
    ended = _script(globals()[script], corpus, path)
    assert ended.returncode == 2, ended.stderr
    assert ended.stderr.splitlines() == [
        "provenance: error: terminated (SIGTERM); nothing was decided (an index keeps what it had committed)"
    ]
    assert not any(p.name.startswith("ix.sqlite.rebuilding") for p in tmp_path.iterdir())
    with Index.open(path, Settings()) as index:
        assert index.count() == 5


def test_an_interrupted_rebuild_leaves_the_index_that_was_there(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild deleted the index before building: killed after a second, the index held 0 documents."""
    import provenance.cli

    monkeypatch.chdir(tmp_path)  # no project configuration or baseline but the defaults
    path = tmp_path / "ix.sqlite"
    _build(path, corpus)
    (tmp_path / "ix.sqlite.keys" / "notes.txt").write_text("mine", encoding="utf-8")
    sync = provenance.cli.sync

    def interrupted(index: Index, *args: object, **kwargs: object) -> object:
        sync(index, *args, **kwargs)  # type: ignore[arg-type]
        raise KeyboardInterrupt  # after the new index is built, before it is put in place

    monkeypatch.setattr(provenance.cli, "sync", interrupted)
    runner = CliRunner()
    args = ["index", str(corpus), "--index", str(path), "--rebuild"]
    assert "interrupted" in assert_one_line_error(runner.invoke(main, args))
    with Index.open(path, Settings()) as index:
        assert index.count() == 5
    assert not any(p.name.startswith("ix.sqlite.rebuilding") for p in tmp_path.iterdir())
    monkeypatch.setattr(provenance.cli, "sync", sync)
    rebuilt = runner.invoke(main, args)
    assert rebuilt.exit_code == 0 and "5 documents (5 added" in rebuilt.stdout, rebuilt.output
    check = ["check", str(corpus / f"{SEED_A}.txt"), "--corpus", str(corpus), "--index", str(path)]
    assert runner.invoke(main, check).exit_code == 1  # the rebuilt index answers
    assert (tmp_path / "ix.sqlite.keys" / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # what a rebuild killed outright (SIGKILL: no clean-up) left is removed by the next, a running one's not
    ended = subprocess.Popen(["true"])
    ended.wait()
    left = tmp_path / f"ix.sqlite.rebuilding-{ended.pid}"
    running = tmp_path / f"ix.sqlite.rebuilding-{os.getppid()}"
    for leftover in (left, running):
        leftover.write_bytes(b"")
        Path(f"{leftover}.keys").mkdir()
    assert runner.invoke(main, args).exit_code == 0
    assert not left.exists() and not Path(f"{left}.keys").exists() and running.exists()


def test_index_tables_of_another_shape_are_one_line(tmp_path: Path, corpus: Path) -> None:
    """A docs table without the path column made check say "internal error (OperationalError: no such column:
    path)", naming no file."""
    path = tmp_path / "ix.sqlite"
    _build(path, corpus)
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE docs RENAME COLUMN path TO place")
    conn.commit()
    conn.close()
    args = ["check", str(corpus / f"{SEED_A}.txt"), "--corpus", str(corpus), "--index", str(path)]
    error = assert_one_line_error(CliRunner().invoke(main, args))
    assert str(path) in error and "tables are not those of this version" in error


def test_a_rebuild_overwrites_no_file_the_old_index_lists(tmp_path: Path, corpus: Path) -> None:
    """A rebuild moved its segments (numbered from 1 again) over the old index's files of the same names
    before the new file took the old one's place: killed between the two, the old index was "damaged"; a
    plain update meanwhile failed the same way. The rebuilt index numbers its segments after the old one's."""
    path = tmp_path / "ix.sqlite"
    _build(path, corpus)
    before = {f.name: f.stat().st_ino for f in Path(f"{path}.keys").iterdir()}
    with rebuilding(str(path), Settings()) as index:
        index.update(corpus_files([corpus]))
        assert not set(before) & {f.name for f in Path(f"{path}.rebuilding-{os.getpid()}.keys").iterdir()}
    with Index.open(path, Settings()) as index:
        assert index.count() == 5


def test_rebuild_leaves_a_user_file_of_a_build_s_name_and_never_waits_on_a_fifo(tmp_path: Path, corpus: Path) -> None:
    """A user's file named like a killed rebuild's (``ix.sqlite.rebuilding-2024``) was deleted, with every file
    in its ``.keys`` folder; ``--rebuild`` of a FIFO given as --index waited forever on it."""
    ended = subprocess.Popen(["true"])
    ended.wait()
    mine = tmp_path / f"ix.sqlite.rebuilding-{ended.pid}"
    mine.write_text("my notes", encoding="utf-8")
    (tmp_path / f"ix.sqlite.rebuilding-{ended.pid}.keys").mkdir()
    (tmp_path / f"ix.sqlite.rebuilding-{ended.pid}.keys" / "notes.txt").write_text("mine", encoding="utf-8")
    runner = CliRunner()
    assert (
        runner.invoke(main, ["index", str(corpus), "--index", str(tmp_path / "ix.sqlite"), "--rebuild"]).exit_code == 0
    )
    assert mine.read_text(encoding="utf-8") == "my notes"
    assert (tmp_path / f"ix.sqlite.rebuilding-{ended.pid}.keys" / "notes.txt").exists()
    fifo = tmp_path / "pipe.sqlite"
    os.mkfifo(fifo)
    error = assert_one_line_error(runner.invoke(main, ["index", str(corpus), "--index", str(fifo), "--rebuild"]))
    assert "not a provenance index" in error


def test_keys_over_the_bucket_limit_count_only_for_a_text_holding_half_the_keys(tmp_path: Path) -> None:
    """Keys held by more than ``max_bucket`` texts are read (up to ``max_bucket`` holders) only for a text holding
    ``index_wide_share`` of the query's keys: six pages of one site sharing a footer find none of one another
    through it, while a pickup of one story archived six times finds the first pickups indexed."""
    rng = random.Random(5)
    footer = " ".join(random_words(rng, 60))
    story = " ".join(random_words(rng, 300))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(6):
        (corpus / f"page{i}.txt").write_text(" ".join(random_words(rng, 300)) + "\n\n" + footer, encoding="utf-8")
        (corpus / f"pickup{i}.txt").write_text(story + f" Pickup {i}.", encoding="utf-8")
    new_page = load_article(str(corpus / "page0.txt"))
    new_pickup = load_article(str(corpus / "pickup0.txt"))
    found = {}
    for share in (0.0, 0.5):
        settings = Settings(max_bucket=4, index_wide_share=share)
        with Index.open(tmp_path / f"index{share}.sqlite", settings) as index:
            index.update(corpus_files([corpus]))
            found[share] = [
                {c.doc_id for c in index.candidates(sign(prepare(doc, settings), settings), exclude=doc.id)}
                for doc in (new_page, new_pickup)
            ]
    assert found[0.0] == [set(), set()]
    assert found[0.5] == [set(), {"pickup1", "pickup2", "pickup3"}]  # the key's first max_bucket holders


def test_a_check_against_another_folder_leaves_the_index_of_the_archive(indexed: Path, seeds_dir: Path) -> None:
    """``provenance index corpus`` then ``check x.txt --corpus other`` synced the index file to ``other``:
    "index brought in line with the whole corpus (1 added, 0 changed, 5 removed)", the archive's articles
    dropped from it (30,000 of them in a work folder, to be keyed again by the next check of the archive).
    The check now runs against ``other`` with an index built in memory and says so; the file keeps the
    archive, and a check of the archive still reads it as it was."""
    other = indexed / "other"
    other.mkdir()
    shutil.copy(seeds_dir / f"{SEED_B}.txt", other / "wire.txt")
    shutil.copy(seeds_dir / f"{SEED_B}.txt", indexed / "new.txt")
    with Index.open(indexed / ".provenance" / "index.sqlite", Settings()) as index:
        before = (index.count(), recorded(index))
    result = CliRunner().invoke(main, ["check", "new.txt", "--corpus", "other", "--format", "json"])
    assert result.exit_code == 1, result.output
    assert _sources(result) == ["wire"]
    assert result.stderr == (
        "provenance: note: .provenance/index.sqlite indexes other folders (corpus); checked against other with "
        "an index built in memory, the file left as it is (`provenance index other --index FILE` keeps one)\n"
    )
    with Index.open(indexed / ".provenance" / "index.sqlite", Settings()) as index:
        assert (index.count(), recorded(index)) == before
    archive = _check("new.txt")
    assert SEED_B in _sources(archive) and archive.stderr == ""  # nothing to bring in line: the index as it was
    # An index of files inside the corpus (a shell glob given to index) is brought in line: a sync only adds.
    files = sorted(str(p.relative_to(indexed)) for p in (indexed / "corpus").glob("*.txt"))[:2]
    assert CliRunner().invoke(main, ["index", *files, "--rebuild", "--quiet"]).exit_code == 0
    grown = _check("new.txt")
    assert "indexes other folders" not in grown.stderr and "brought in line with the whole corpus" in grown.stderr


def test_the_command_that_keeps_the_archive_names_each_folder_once(
    indexed: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index of ``archive`` and ``../new``, asked to index ``../new`` alone, advised `provenance index
    /abs/new archive ../new`: the folder outside the current one twice, once as the index records it.  Each
    folder is named once, as the user wrote it, and quoted for a shell."""
    wire = indexed.parent / f"{indexed.name} wire"
    wire.mkdir()
    shutil.copy(seeds_dir / f"{SEED_B}.txt", wire / "story.txt")
    outside = f"../{wire.name}"
    assert CliRunner().invoke(main, ["index", "corpus", outside, "--quiet"]).exit_code == 0
    line = assert_one_line_error(CliRunner().invoke(main, ["index", outside]))
    command = line.split("`")[1]
    assert command == f"provenance index corpus '{outside}'", line
    assert CliRunner().invoke(main, ["index", "corpus", outside, "--quiet"]).exit_code == 0


def test_indexing_another_folder_keeps_the_archive(indexed: Path, seeds_dir: Path) -> None:
    """``provenance index corpus`` then ``provenance index other`` (a folder of new articles, meant to be
    added) dropped every article of the archive from the index ("1 added, 5 removed", exit 0), and so did
    ``scan --archive other``: a million-article index is keyed again for 8 minutes.  Both now stop with one
    line naming the folders the index holds and how to keep them (name them too) or to drop them
    (``--rebuild``); the index is left as it was."""
    other = indexed / "other"
    other.mkdir()
    shutil.copy(seeds_dir / f"{SEED_B}.txt", other / "wire.txt")
    file = indexed / ".provenance" / "index.sqlite"

    def state() -> tuple[int, object]:
        with Index.open(file, Settings()) as index:
            return index.count(), recorded(index)

    before = state()
    line = assert_one_line_error(CliRunner().invoke(main, ["index", "other"]))
    assert "indexes corpus" in line and "provenance index corpus other" in line and "--rebuild" in line, line
    assert state() == before
    # scan --archive takes one folder: told to index both, the archivist was refused again, the same line
    scan = ["scan", "other", "--archive", "--out", "out", "--quiet"]
    line = assert_one_line_error(CliRunner().invoke(main, scan))
    assert line == (
        "provenance: error: .provenance/index.sqlite indexes corpus: `provenance scan other --archive --index FILE` "
        "scans it with an index of its own, `provenance index other --rebuild` drops them"
    )
    assert state() == before
    own = CliRunner().invoke(main, [*scan[:-1], "--index", "own/index.sqlite"])
    assert own.exit_code == 0 and state() == before, own.output
    assert CliRunner().invoke(main, ["index", "corpus", "other", "--quiet"]).exit_code == 0
    assert state()[0] == before[0] + 1
    assert CliRunner().invoke(main, ["index", "other", "--rebuild", "--quiet"]).exit_code == 0
    assert state()[0] == 1


def test_an_archive_stored_compressed_is_indexed_checked_and_scanned(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seeds stored as ``.txt.gz`` (archives often are): ``index`` read none of them ("no readable article
    files"), so ``check`` and ``scan --archive`` had nothing to compare with.  Now the index holds the same
    articles under the same ids, a check loads a compressed candidate, and the archive scan pairs them."""
    import gzip

    for path in sorted(corpus.glob("*.txt")):
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes(), mtime=0))
        path.unlink()
    monkeypatch.chdir(tmp_path)
    built = CliRunner().invoke(main, ["index", "corpus"])
    assert built.exit_code == 0, built.output
    with Index.open(tmp_path / ".provenance" / "index.sqlite", Settings()) as index:
        assert dict(index.documents()) == {d: f"corpus/{d}.txt.gz" for d in SEED_IDS}
        again = index.update(corpus_files(["corpus"]))
        assert (again.added, again.changed, again.unchanged, again.removed) == (0, 0, len(SEED_IDS), 0), again
    (tmp_path / "new.txt").write_bytes(gzip.decompress((corpus / f"{SEED_B}.txt.gz").read_bytes()))
    checked = _check("new.txt")
    assert checked.exit_code == 1, checked.output
    assert _sources(checked)[0] == SEED_B
    scanned = CliRunner().invoke(main, ["scan", "corpus", "--archive", "--out", "out", "--format", "json"])
    assert scanned.exit_code == 0, scanned.output
    (pair,) = [json.loads(line) for line in (tmp_path / "out" / "pairs.jsonl").read_text("utf-8").splitlines()]
    assert {pair["a"], pair["b"]} == {SEED_A, SEED_B}


def test_index_counts_the_files_no_reader_reads_but_its_own(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``index`` and ``scan --archive`` say once how many files of the folder no reader reads, as ``scan``
    does; the index's own files, kept in the corpus (``--index corpus/ix/index.sqlite``), are not among them."""
    (corpus / "scans").mkdir()
    for name in ("scans/a.pdf", "scans/b.pdf", "photos.zip"):
        (corpus / name).write_bytes(b"PK\x03\x04")
    monkeypatch.chdir(tmp_path)
    expected = ["provenance: note: skipped 3 files no reader reads: .pdf (2), .zip (1)"]
    for args in (["index", "corpus"], ["index", "corpus", "--index", "corpus/ix/index.sqlite", "-q"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert result.stderr.splitlines() == expected
    assert (tmp_path / "corpus" / "ix" / "index.sqlite").is_file()
    result = CliRunner().invoke(
        main, ["scan", "corpus", "--archive", "--index", "corpus/ix/index.sqlite", "--out", "out", "-q"]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == expected


def test_the_files_no_reader_reads_are_counted_as_listed_not_kept_by_path(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the listing kept the path of every file no reader reads (a folder of a million ``.pdf`` scans
    held a million names to the end of a scan); now a count of each kind a folder (``UnreadFiles``).  The
    index's own files are left out as the folder is walked, a rebuild's too (``ix.sqlite`` beside the
    ``ix.sqlite.rebuilding-PID`` being built)."""
    from provenance.io.load import UnreadFiles, list_corpus

    for n in range(40):
        (corpus / f"scan{n}.pdf").write_bytes(b"%PDF-1.4")
    monkeypatch.chdir(tmp_path)
    assert list_corpus(["corpus"]).unread == UnreadFiles({"corpus": {".pdf": 40}})
    expected = ["provenance: note: skipped 40 files no reader reads: .pdf (40)"]
    for extra in ([], ["--rebuild"]):
        result = CliRunner().invoke(main, ["index", "corpus", "--index", "corpus/ix.sqlite", "-q", *extra])
        assert result.exit_code == 0, result.output
        assert result.stderr.splitlines() == expected


def test_an_index_beside_its_corpus_folder_hides_none_of_its_files(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``provenance index corpus --index ix.sqlite`` (the index in the corpus folder's parent): every file of
    the corpus lies under the index's folder, and all were left out as the index's own: no note at all."""
    (corpus / "a.pdf").write_bytes(b"%PDF-1.4")
    (corpus / "photos.zip").write_bytes(b"PK\x03\x04")
    monkeypatch.chdir(tmp_path)
    expected = ["provenance: note: skipped 2 files no reader reads: .pdf (1), .zip (1)"]
    for args in (["index", "corpus", "--index", "ix.sqlite", "-q"], ["index", "corpus", "--index", "ix.sqlite"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert result.stderr.splitlines() == expected


def test_a_short_text_is_a_candidate_on_one_key_either_way(tmp_path: Path, corpus: Path) -> None:
    # A text of one window holds 3 keys; a verbatim copy of it inside a longer text often keeps only one
    # of them, under the two a long pair needs:
    # the bar is one key a window of the shorter text, as a new text (the query) and as an indexed one.
    settings = Settings()
    text = (corpus / f"{SEED_B}.txt").read_text(encoding="utf-8")
    paragraphs = [line for line in text.splitlines() if len(line) >= settings.reuse_min_chars]
    briefs = tmp_path / "briefs"
    briefs.mkdir()
    for number, paragraph in enumerate(paragraphs):
        (briefs / f"brief{number:02d}.txt").write_text(paragraph + "\n", encoding="utf-8")
    path = tmp_path / "ix.sqlite"
    with Index.open(path, settings) as index:
        index.update(corpus_files([corpus, briefs]))
        whole = sign(prepare(load_article(str(corpus / f"{SEED_B}.txt"))), settings)
        long_found = {c.doc_id for c in index.candidates(whole, exclude=SEED_B)}
        assert {f"brief{n:02d}" for n in range(len(paragraphs))} <= long_found
        for number in range(len(paragraphs)):
            query = sign(prepare(load_article(str(briefs / f"brief{number:02d}.txt"))), settings)
            assert SEED_B in {c.doc_id for c in index.candidates(query, exclude=f"brief{number:02d}")}, number


def test_only_the_index_files_of_its_own_name_are_passed_over(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index kept in the corpus folder itself (``--index corpus/ix.sqlite``): its SQLite companions and its
    key segments are not counted, but a file that only starts with its name (``ix.sqlite.bak``, a copy kept
    by hand) is a file of the corpus like any other, and was passed over as the index's own."""
    (corpus / "a.pdf").write_bytes(b"%PDF-1.4")
    (corpus / "ix.sqlite.bak").write_bytes(b"SQLite format 3\x00")
    (corpus / "ix.sqlite-old.zip").write_bytes(b"PK\x03\x04")
    monkeypatch.chdir(tmp_path)
    expected = ["provenance: note: skipped 3 files no reader reads: .bak (1), .pdf (1), .zip (1)"]
    for _ in range(2):  # built, then again with its companions (-wal, -shm, keys) all there
        result = CliRunner().invoke(main, ["index", "corpus", "--index", "corpus/ix.sqlite", "-q"])
        assert result.exit_code == 0, result.output
        assert result.stderr.splitlines() == expected
    assert any((corpus / "ix.sqlite.keys").iterdir())
    result = CliRunner().invoke(
        main, ["scan", "corpus", "--archive", "--index", "corpus/ix.sqlite", "--out", "out", "-q"]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == expected
