"""--jobs and progress bars: the same results on several cores; bars only when asked for."""

from __future__ import annotations

import html
import io
import json
import multiprocessing
import os
import shutil
import signal
import sqlite3
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import SEED_A, SEED_B, assert_one_line_error

from benchmarks.corpus import Truth, generate, write_folder, write_jsonl
from provenance import Document, Settings, scan
from provenance.cli import main
from provenance.index import Index, corpus_files
from provenance.io.load import load_file
from provenance.parallel import effective_jobs, parallel_map
from provenance.pipeline import prepare, sign
from provenance.progress import Progress


def _square(offset: int, x: int) -> int:
    return x * x + offset


def test_parallel_map_keeps_the_order_of_the_items() -> None:
    items = list(range(50))
    assert list(parallel_map(_square, items, shared=1, jobs=2, chunksize=3)) == [x * x + 1 for x in items]
    assert list(parallel_map(_square, [], shared=1, jobs=2)) == []
    assert effective_jobs(0) >= 1
    assert effective_jobs(3) == 3


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="workers need fork")
def test_closing_the_results_ends_the_workers() -> None:
    # scan reads the signatures one by one and closes the rest: the workers (each holding a
    # copy-on-write view of the corpus) must end then, not when the generator is collected.
    results = parallel_map(_square, list(range(50)), shared=0, jobs=2, chunksize=3)
    assert next(results) == 0 and multiprocessing.active_children()
    results.close()
    assert not multiprocessing.active_children()


def test_generator_is_deterministic_and_records_its_reprints(tmp_path: Path) -> None:
    truth = Truth()
    articles = list(generate(40, seed=5, reprint_every=8, truth=truth))
    assert articles == list(generate(40, seed=5, reprint_every=8))
    assert articles != list(generate(40, seed=6, reprint_every=8))
    assert [r.id for r in truth.reprints] == ["a0000008", "a0000016", "a0000024", "a0000032"]
    for art in articles:
        assert 300 <= len(art.text.split()) <= 1_400  # headline and dateline come on top of the body
    for rp in truth.reprints:
        assert rp.source < rp.id
        assert 0 < rp.share <= 1
        assert "paragraph added" in rp.edits
        assert (min(rp.id, rp.source), max(rp.id, rp.source)) in truth.related()
    assert write_folder(iter(articles[:3]), tmp_path / "f") == 3
    assert sorted(p.name for p in (tmp_path / "f").iterdir()) == ["a0000000.txt", "a0000001.txt", "a0000002.txt"]
    assert write_jsonl(iter(articles[:3]), tmp_path / "c.jsonl") == 3
    assert len((tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()) == 3


def test_injected_reprints_are_found_and_nothing_else() -> None:
    truth = Truth()
    articles = list(generate(60, seed=3, reprint_every=6, min_share=0.3, truth=truth))
    result = scan([Document(a.id, f"{a.id}.txt", a.text) for a in articles], jobs=2)
    reported = {(p.a, p.b) for p in result.pairs}
    direct = {(min(r.id, r.source), max(r.id, r.source)) for r in truth.reprints}
    assert direct <= reported
    assert reported <= truth.related()


def test_scan_gives_the_same_result_with_two_jobs(seed_docs: dict[str, Document], seed_scan: object) -> None:
    assert scan(list(seed_docs.values()), jobs=2) == seed_scan


def test_index_with_two_jobs_holds_what_one_job_builds(tmp_path: Path, seeds_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    (corpus / "zz_empty.txt").write_bytes(b"")
    dumps = []
    for jobs in (1, 2):
        path = tmp_path / f"ix{jobs}.sqlite"
        with Index.open(path, Settings()) as index:
            stats = index.update(corpus_files([corpus]), jobs=jobs)
            assert (stats.added, [p.reason for p in stats.problems]) == (5, ["empty file"])
            sig = sign(prepare(load_file(str(corpus / f"{SEED_A}.txt"))), Settings())
            assert [c.doc_id for c in index.candidates(sig, exclude=SEED_A)] == [SEED_B]
            entries = index.entries()
        conn = sqlite3.connect(path)
        dumps.append(
            (conn.execute("SELECT doc_id, hash, characters, keys FROM docs ORDER BY doc_id").fetchall(), entries)
        )
        conn.close()
    assert dumps[0] == dumps[1]


def test_cli_jobs_option_and_quiet_progress(tmp_path: Path, seeds_dir: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(main, ["index", str(seeds_dir), "--index", str(tmp_path / "ix.sqlite"), "--jobs", "2"])
    assert done.exit_code == 0, done.output
    assert "5 documents (5 added" in done.output
    done = runner.invoke(main, ["scan", str(seeds_dir), "--out", str(tmp_path / "r"), "-j", "0", "--quiet"])
    assert done.exit_code == 0, done.output
    assert done.output == ""
    done = runner.invoke(main, ["index", str(seeds_dir), "--jobs", "-1"])  # click's usage error
    assert done.exit_code == 2 and "Invalid value for '--jobs'" in done.stderr and "Traceback" not in done.output


def test_progress_bars_draw_only_when_enabled(monkeypatch: pytest.MonkeyPatch) -> None:
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    with Progress(quiet=True) as progress:  # a StringIO is no terminal either
        progress("signatures", 1, 2)
    assert err.getvalue() == ""
    with Progress(enabled=True) as progress:
        progress("signatures", 1, 2)
        progress("signatures", 2, 2)
    assert "signatures" in err.getvalue()
    assert "0/2" in err.getvalue()


def _seed_pages(seeds_dir: Path, folder: Path) -> Path:
    """The seeds as web pages (a title, one ``<p>`` a paragraph), written into ``folder``."""
    folder.mkdir()
    for path in sorted(seeds_dir.glob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n") if p.strip())
        page = (
            f"<html><head><title>{html.escape(title)}</title></head><body><article>{paragraphs}</article></body></html>"
        )
        (folder / f"{path.stem}.html").write_text(page, encoding="utf-8")
    return folder


def test_load_paths_on_several_processes_gives_what_one_gives(tmp_path: Path, seeds_dir: Path) -> None:
    # Runs of two files a process: a duplicate id across runs is still found, in path order, and problems
    # (an empty file, a binary one, a link outside the roots) keep their places; web pages, Markdown and
    # JSON Lines alike.
    from provenance.io import load as load_module

    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    paths = []
    for n in range(8):
        paths.append(tmp_path / "one" / f"story{n}.txt")
        paths[-1].write_text(f"Story number {n} of the first folder.", encoding="utf-8")
    (tmp_path / "one" / "empty.txt").write_bytes(b"")
    (tmp_path / "one" / "binary.txt").write_bytes(b"\x00\x01")
    (tmp_path / "two" / "story1.txt").write_text("A second story one.", encoding="utf-8")
    (tmp_path / "two" / "story7.txt").write_text("A second story seven.", encoding="utf-8")
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("Not in the corpus.", encoding="utf-8")
    (tmp_path / "one" / "link.txt").symlink_to(outside)
    pages = _seed_pages(seeds_dir, tmp_path / "pages")
    (pages / "notes.md").write_text("---\ntitle: Notes\n---\nA note on the *ferry* that ran all night.\n")
    (pages / "export.jsonl").write_text('{"id": "e1", "text": "One line."}\n{"id": "e2", "text": "Two."}\n')
    listed = sorted([*(tmp_path / "one").iterdir(), *(tmp_path / "two").iterdir(), *pages.iterdir()], key=str)
    roots = [tmp_path / "one", tmp_path / "two", pages]
    one = load_module.load_paths(listed, roots=roots, jobs=1)
    assert load_module.load_paths(listed, roots=roots, jobs=2) == one
    assert load_module.load_paths(listed, roots=roots, jobs=3) == one
    docs, problems = one
    assert len(docs) == 8 + 5 + 1 + 2 and len(problems) == 5
    assert sum("duplicate document id" in p.reason for p in problems) == 2
    assert sum(d.format == "html" for d in docs) == 5


def test_a_folder_smaller_than_a_run_is_read_by_every_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A run of 512 files is 30 ms of text files but 17 s of web pages: a folder of 90 pages with --jobs 2
    # was one run, read by one process.  It is now cut into runs enough for each process to take some.
    from provenance.io import load as load_module

    handed: list[list[tuple[int, int]]] = []

    def spy(func: object, items: list[tuple[int, int]], **options: object) -> object:
        handed.append(list(items))
        return parallel_map(func, items, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(load_module, "parallel_map", spy)
    for n in range(12):
        (tmp_path / f"page{n}.html").write_text(
            f"<html><body><p>Page {n} of a small site, its story.</p></body></html>"
        )
    docs, problems = load_module.load_paths(sorted(tmp_path.iterdir()), jobs=2)
    assert len(docs) == 12 and problems == []
    assert len(handed[0]) >= 4 and handed[0][0][0] == 0 and handed[0][-1][1] == 12
    assert all(a[1] == b[0] for a, b in zip(handed[0], handed[0][1:], strict=False))  # in order, no gap
    handed.clear()
    load_module.load_paths(sorted(tmp_path.iterdir()), jobs=1)
    assert handed == [[(0, 12)]]


@pytest.mark.parametrize("corpus", ["seeds", "pages"])
def test_scan_writes_the_same_reports_with_two_jobs(tmp_path: Path, seeds_dir: Path, corpus: str) -> None:
    # With --jobs the files are read and the three reports rendered in processes of their own; web pages
    # (read by trafilatura) are read in runs over both processes.
    folder = seeds_dir if corpus == "seeds" else _seed_pages(seeds_dir, tmp_path / "pages")
    runner = CliRunner()
    for jobs in ("1", "2", "3"):
        done = runner.invoke(main, ["scan", str(folder), "--out", str(tmp_path / jobs), "-j", jobs, "--quiet"])
        assert done.exit_code == 0, done.output
    for name in ("provenance.md", "provenance.json", "provenance.html"):
        one = (tmp_path / "1" / name).read_bytes()
        assert (tmp_path / "2" / name).read_bytes() == one and (tmp_path / "3" / name).read_bytes() == one
    assert json.loads((tmp_path / "1" / "provenance.json").read_bytes())["pairs"]  # a reuse pair to render
    done = runner.invoke(main, ["scan", str(folder), "--out", str(tmp_path / "j"), "-j", "2", "--format", "json"])
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in (tmp_path / "j").iterdir()) == ["provenance.json"]


def _interrupt_handler(_: None, __: int) -> bool:
    import signal

    return signal.getsignal(signal.SIGINT) is signal.SIG_IGN


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="workers are forked")
def test_workers_leave_ctrl_c_to_the_main_process() -> None:
    """Ctrl-C reaches every process of the group: workers printed KeyboardInterrupt tracebacks (28-98 lines)
    and the main process, waiting on them, hung in 4 of 16 runs holding the index's write lock."""
    assert all(parallel_map(_interrupt_handler, range(8), shared=None, jobs=2, chunksize=1))


def test_ctrl_c_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Click turned Ctrl-C into "Aborted!" and exit 1, which a CI reads as "policy failed"."""
    import provenance.cli

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(provenance.cli, "sync", interrupted)
    (tmp_path / "a.txt").write_text("Some words of an article here.", encoding="utf-8")
    result = CliRunner().invoke(main, ["index", str(tmp_path), "--index", str(tmp_path / "ix.sqlite")])
    assert "interrupted" in assert_one_line_error(result)


_ORPHANED = """
import os, signal, sys, threading, time
from pathlib import Path
from provenance.parallel import parallel_map
def task(shared, x):
    Path(sys.argv[1] + f".{x}").write_text(str(os.getpid()))
    time.sleep(60)
    return x
threading.Thread(target=lambda: list(parallel_map(task, [0, 1], shared=None, jobs=2, chunksize=1)), daemon=True).start()
while not all(Path(sys.argv[1] + f".{x}").exists() for x in (0, 1)):
    time.sleep(0.02)
os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer, `kill -9` or a cancelled CI job ends it
"""


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    return "\nState:\tZ" in state  # ended, not yet reaped by whoever took it in


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a parent's death is signalled on Linux")
def test_a_worker_does_not_outlive_a_killed_parent(tmp_path: Path) -> None:
    """A pool's workers went on after the command that started them was killed: a worker of an `index
    --rebuild --jobs 2` sat for an hour on a lock of the dead pool, and a container or CI job with it never ended."""
    import subprocess
    import time

    ended = subprocess.run([sys.executable, "-c", _ORPHANED, str(tmp_path / "pid")], timeout=60)
    assert ended.returncode == -9
    workers = [int((tmp_path / f"pid.{x}").read_text()) for x in (0, 1)]
    deadline = time.monotonic() + 10
    while not all(_gone(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [pid for pid in workers if not _gone(pid)]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert alive == []
