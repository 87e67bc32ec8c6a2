"""The archive scan (``scan --archive``): pairs from the index's key segments, streamed, same as a folder scan."""

from __future__ import annotations

import io
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from benchmarks.corpus import Truth, generate, write_folder
from provenance import Settings
from provenance.cli import main
from provenance.detect.spill import document_keys
from provenance.index import Index, corpus_files
from provenance.index.archive import _run_pairs, archive_scan, key_pairs, render_summary_html, summary_to_dict
from provenance.index.keys import text_keys
from provenance.io.load import load_folder
from provenance.pipeline import prepare, sign

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CLOUGH = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "clough_stevenson" / "texts"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Truth]:
    """400 generated articles, one in 20 an edited reprint of an earlier one (chains occur)."""
    folder = tmp_path_factory.mktemp("archive") / "corpus"
    truth = Truth()
    write_folder(generate(400, seed=3, reprint_every=20, truth=truth), folder)
    return folder, truth


def _run(args: list[str], cwd: Path) -> tuple[int, str]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, args)
    finally:
        os.chdir(old)
    return result.exit_code, result.output


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_archive_scan_finds_what_a_folder_scan_finds(corpus: tuple[Path, Truth], tmp_path: Path) -> None:
    folder, truth = corpus
    code, output = _run(["scan", "corpus", "--archive", "--out", str(tmp_path / "a"), "-q"], folder.parent)
    assert code == 0, output
    code, output = _run(["scan", "corpus", "--out", str(tmp_path / "f"), "--format", "json", "-q"], folder.parent)
    assert code == 0, output
    streamed = {(str(p["a"]), str(p["b"])): p for p in _lines(tmp_path / "a" / "pairs.jsonl")}
    scanned = {(p["a"], p["b"]): p for p in json.loads((tmp_path / "f" / "provenance.json").read_bytes())["pairs"]}
    # Every injected reprint is found, and every pair found is the folder scan's, figure for figure
    # (alignments, direction); paths beside them.
    assert {tuple(sorted((r.id, r.source))) for r in truth.reprints} <= set(streamed)
    for key, pair in streamed.items():
        assert {k: v for k, v in pair.items() if not k.startswith("path_")} == scanned[key]
        assert str(pair["path_a"]).endswith(f"{pair['a']}.txt")
    # What only the folder scan finds (its banding is denser than the index's) is a sliver of a chain:
    # two reprints of one source sharing a few of its sentences.
    assert all(min(scanned[k]["share_a"], scanned[k]["share_b"]) < 0.1 for k in set(scanned) - set(streamed))
    assert len(streamed) >= 0.9 * len(scanned)
    summary = (tmp_path / "a" / "summary.md").read_text(encoding="utf-8")
    assert f"| reuse pairs | {len(streamed)} |" in summary
    assert "<h2>Largest clusters</h2>" in (tmp_path / "a" / "summary.html").read_text(encoding="utf-8")


def test_the_archive_scan_is_the_same_for_any_jobs(corpus: tuple[Path, Truth], tmp_path: Path) -> None:
    work = corpus[0].parent
    for jobs in ("1", "2"):
        code, output = _run(["scan", "corpus", "--archive", "--out", str(tmp_path / jobs), "-q", "--jobs", jobs], work)
        assert code == 0, output
    for name in ("pairs.jsonl", "summary.md", "summary.html"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()


def test_the_seeds_archive_scan_keeps_the_seeds_truth(tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    code, output = _run(["scan", "seeds", "--archive", "--out", "out"], tmp_path)
    assert code == 0, output
    (pair,) = _lines(tmp_path / "out" / "pairs.jsonl")
    assert {str(pair["a"])[:3], str(pair["b"])[:3]} == {"000", "001"}  # 002-004 share the topic only
    assert pair["provenance"]["relation"] == "common-source"  # type: ignore[index]
    assert "Sputnik" in pair["provenance"]["upstream"]  # type: ignore[index]


@pytest.mark.skipif(not CLOUGH.is_dir(), reason=f"{CLOUGH}: the Clough & Stevenson corpus is not here")
def test_on_real_text_the_two_scans_differ_only_by_their_candidates(tmp_path: Path) -> None:
    # The Clough & Stevenson answers (cut, light and heavy revisions of an original, ~250 words): what one
    # scan finds and the other does not is only what its candidate rule proposes and the other's does not
    # (docs/performance.md), and with the folder scan's corpus-wide boilerplate stage off every pair both
    # find is the same record.
    shutil.copytree(CLOUGH, tmp_path / "clough")
    code, output = _run(["scan", "clough", "--archive", "--index", "i.sqlite", "--out", "a", "-q"], tmp_path)
    assert code == 0, output
    off = ["--set", "boilerplate_min_documents=100000", "--set", "boilerplate_site_min_documents=100000"]
    code, output = _run(["scan", "clough", "--out", "f", "--format", "json", "-q", *off], tmp_path)
    assert code == 0, output
    streamed = {(str(p["a"]), str(p["b"])): p for p in _lines(tmp_path / "a" / "pairs.jsonl")}
    scanned = {(p["a"], p["b"]): p for p in json.loads((tmp_path / "f" / "provenance.json").read_bytes())["pairs"]}
    both = set(streamed) & set(scanned)
    assert len(both) >= len(scanned) / 2
    for key in both:
        assert {k: v for k, v in streamed[key].items() if not k.startswith("path_")} == scanned[key]
    settings = Settings()
    docs = {d.id: d for d in load_folder(tmp_path / "clough")[0]}

    def shared(a: str, b: str, keys: Callable[[str], np.ndarray]) -> int:
        return len(np.intersect1d(keys(a), keys(b)))

    def index_keys(doc_id: str) -> np.ndarray:
        return text_keys(docs[doc_id].text, settings)

    def band_keys(doc_id: str) -> np.ndarray:
        signature = sign(prepare(docs[doc_id], settings), settings)
        return document_keys(signature, bands=settings.lsh_bands, rows=settings.lsh_rows)

    assert all(shared(a, b, index_keys) < settings.index_min_collisions for a, b in set(scanned) - both)
    assert all(shared(a, b, band_keys) == 0 for a, b in set(streamed) - both)


def _brute_force(index: Index, folder: Path, settings: Settings) -> set[tuple[str, str]]:
    """Every pair a check of each article would find: the index's answer, article by article."""
    docs, _ = load_folder(folder)
    found = set()
    for doc in docs:
        for cand in index.candidates(sign(prepare(doc, settings), settings), exclude=doc.id):
            found.add(tuple(sorted((doc.id, cand.doc_id))))
    return found  # type: ignore[return-value]


def _named(index: Index, pairs: np.ndarray) -> set[tuple[str, str]]:
    rows = index.rows(sorted({int(x) for x in pairs.ravel()}))
    return {tuple(sorted((rows[int(x)][0], rows[int(y)][0]))) for x, y in pairs}  # type: ignore[misc]


def test_key_pairs_are_what_each_check_finds_and_range_cuts_change_nothing(
    corpus: tuple[Path, Truth], tmp_path: Path
) -> None:
    folder, settings = corpus[0], Settings()
    with Index.open(tmp_path / "i.sqlite", settings) as index:
        index.update(corpus_files([folder]))
        whole = key_pairs(index)
        cut = key_pairs(index, range_keys=997)  # many ranges of key values: the same pairs and counts
        assert np.array_equal(whole.pairs, cut.pairs) and np.array_equal(whole.collisions, cut.collisions)
        assert _named(index, whole.pairs) == _brute_force(index, folder, settings)
        assert len(whole.pairs) > 0 and (whole.collisions >= settings.index_min_collisions).all()


def test_a_removed_article_leaves_no_pair_though_its_keys_stay(corpus: tuple[Path, Truth], tmp_path: Path) -> None:
    folder = tmp_path / "c"
    shutil.copytree(corpus[0], folder)
    with Index.open(tmp_path / "i.sqlite", Settings()) as index:
        index.update(corpus_files([folder]))
        before = _named(index, key_pairs(index).pairs)
        gone = sorted(before)[0][1]
        (folder / f"{gone}.txt").unlink()
        index.update(corpus_files([folder]))  # its keys stay in their segment until a merge: its row is dead
        after = _named(index, key_pairs(index).pairs)
    assert after == {p for p in before if gone not in p}


def test_an_article_gone_since_the_index_update_is_counted_not_fatal(
    corpus: tuple[Path, Truth], tmp_path: Path
) -> None:
    folder = tmp_path / "c"
    shutil.copytree(corpus[0], folder)
    with Index.open(tmp_path / "i.sqlite", Settings()) as index:
        index.update(corpus_files([folder]))
        first = archive_scan(index, io.StringIO())
        (a, _), *_ = sorted(_named(index, key_pairs(index).pairs))
        (folder / f"{a}.txt").unlink()  # the index still lists it
        out = io.StringIO()
        summary = archive_scan(index, out)
    assert summary.unreadable >= 1
    assert summary.pairs == first.pairs - summary.unreadable
    assert a not in out.getvalue()


def test_a_story_archived_more_than_max_bucket_times_is_paired(tmp_path: Path) -> None:
    # 71 copies: every key in a bucket of 71, over max_bucket (64). Each copy is paired with the lowest live
    # row, not all 2,485 pairs, and the archive scan makes one cluster of them.
    folder = tmp_path / "c"
    folder.mkdir()
    text = (SEEDS / sorted(os.listdir(SEEDS))[0]).read_text(encoding="utf-8")
    for n in range(71):
        (folder / f"copy{n:03d}.txt").write_text(text, encoding="utf-8")
    with Index.open(tmp_path / "i.sqlite", Settings()) as index:
        index.update(corpus_files([folder]))
        found = key_pairs(index)
        assert len(found.pairs) == 70 and len(set(found.pairs[:, 0].tolist())) == 1
        assert _named(index, found.pairs) == {("copy000", f"copy{n:03d}") for n in range(1, 71)}
        summary = archive_scan(index, io.StringIO())
        assert summary.pairs == 70 and [len(c.documents) for c in summary.clusters] == [71]
        (folder / "copy000.txt").unlink()
        index.update(corpus_files([folder]))  # its keys stay (dead) until a merge: the bucket is still 71
        assert _named(index, key_pairs(index).pairs) == {("copy001", f"copy{n:03d}") for n in range(2, 71)}


def test_pairs_of_a_bucket_and_its_limit() -> None:
    keys = np.array([4, 4, 4, 8, 8, 9], dtype=np.uint64)
    docs = np.array([7, 1, 3, 2, 9, 5], dtype=np.uint32)
    alive = np.ones(10, dtype=bool)
    alive[1] = False

    def named(codes: np.ndarray) -> set[tuple[int, int]]:
        return {(int(c) >> 32, int(c) & 0xFFFFFFFF) for c in codes}

    pairs, stars = _run_pairs(keys, docs, 64, alive)
    assert named(pairs) == {(1, 3), (1, 7), (3, 7), (2, 9)} and len(stars) == 0
    pairs, stars = _run_pairs(keys, docs, 2, alive)
    assert named(pairs) == {(2, 9)}
    assert named(stars) == {(3, 7)}  # the bucket over the limit: each live holder with its lowest live one


def test_the_summary_escapes_what_ids_hold(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    text = (SEEDS / sorted(os.listdir(SEEDS))[0]).read_text(encoding="utf-8")
    (folder / "<img src=x onerror=alert(1)>|x.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text(text, encoding="utf-8")
    with Index.open(tmp_path / "i.sqlite", Settings()) as index:
        index.update(corpus_files([folder]))
        summary = archive_scan(index, io.StringIO())
    assert summary_to_dict(summary)["pairs"] == 1
    page = render_summary_html(summary)
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;|x" in page


def test_out_inside_the_corpus_is_refused(tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    code, output = _run(["scan", "seeds", "--archive", "--out", "seeds/out", "--format", "json"], tmp_path)
    assert code == 2 and "inside the corpus folder" in output
    assert not (tmp_path / "seeds" / "out").exists()


def test_a_short_article_pairs_with_its_source_in_the_archive_as_a_check_finds_it(
    tmp_path: Path, seeds_dir: Path
) -> None:
    # Each paragraph of seed 001 over reuse_min_chars, archived as an article of its own (one window, 3 keys),
    # pairs with 001 on the one key a window it needs, as a check of either finds the other.
    settings = Settings()
    folder = tmp_path / "c"
    shutil.copytree(seeds_dir, folder, ignore=shutil.ignore_patterns(".provenance-baseline.json"))
    text = next(folder.glob("001_*.txt")).read_text(encoding="utf-8")
    briefs = [line for line in text.splitlines() if len(line) >= settings.reuse_min_chars]
    for number, paragraph in enumerate(briefs):
        (folder / f"brief{number:02d}.txt").write_text(paragraph + "\n", encoding="utf-8")
    with Index.open(tmp_path / "i.sqlite", settings) as index:
        index.update(corpus_files([folder]))
        found = _named(index, key_pairs(index).pairs)
        assert found == _brute_force(index, folder, settings)
    seed = next(folder.glob("001_*.txt")).stem
    assert {(seed, f"brief{n:02d}") for n in range(len(briefs))} <= found
