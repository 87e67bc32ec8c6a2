"""A correction of an original whose reprint the baseline accepted is no copy of its own reprint.

Round six, newuser 05: the archive holds an original (Tehran Times, 2025-01-16) and a credited reprint of
it (Gulf Daily, two days later) that the baseline accepted (``gulf-reprint reuses original``).  A change
fixing a typo in the ORIGINAL failed the gate as a "near-exact copy" of its own reprint, so every
correction of a syndicated story failed CI.  The accepted entry says which text is the source: the
original is checked as that source (relation ``b-from-a``: the corpus text reprints it) and passes.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from helpers import SEED_B, SEED_OTHERS, commit_all, git, git_repo

from provenance.ci import Baseline, Entry
from provenance.cli import main

ORIGINAL = "articles/original.md"
REPRINT = "articles/gulf-reprint.html"


def _reprint_page(body: str) -> str:
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    paragraphs.append("This article first appeared in the Tehran Times.")
    text = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A story | Gulf Daily</title>'
        '<meta property="og:site_name" content="Gulf Daily">'
        '<meta property="article:published_time" content="2025-01-18T10:00:00+00:00"></head>'
        f"<body><main><article><h1>A story</h1>\n{text}\n</article></main></body></html>"
    )


@pytest.fixture
def newsroom(tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository on ``main`` holding an original, its reprint accepted in the baseline, and other stories."""
    root = tmp_path / "newsroom"
    (root / "articles").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.provenance.policy]\nfolder = "articles"\n', encoding="utf-8")
    body = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8-sig").removeprefix(" date 2025-01-16 ")
    front = '---\ntitle: "Iran and Russia sign a deal"\ndate: 2025-01-16T09:00\noutlet: Tehran Times\n---\n\n'
    (root / ORIGINAL).write_text(front + body, encoding="utf-8")
    (root / REPRINT).write_text(_reprint_page(body), encoding="utf-8")
    for doc_id in SEED_OTHERS[1:]:
        shutil.copy(seeds_dir / f"{doc_id}.txt", root / "articles")
    monkeypatch.chdir(root)
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT"):
        monkeypatch.delenv(name, raising=False)
    accepted = CliRunner().invoke(main, ["accept", REPRINT, "--source", ORIGINAL, "--reason", "syndication deal"])
    assert accepted.exit_code == 0, accepted.output
    git_repo(root, "archive")
    git(root, "branch", "-M", "main")
    git(root, "checkout", "-qb", "fix")
    return root


def _fix_typo(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "Sputnik" in text
    path.write_text(text.replace("Sputnik", "Sputnik News", 1), encoding="utf-8")


def _gate() -> tuple[Result, dict[str, dict[str, object]]]:
    result = CliRunner().invoke(main, ["gate", "--base", "main", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return result, {f["path"]: f for f in json.loads(result.stdout)["files"]}


def test_a_typo_fixed_in_the_original_passes(newsroom: Path) -> None:
    _fix_typo(newsroom / ORIGINAL)
    commit_all(newsroom, "typo in the original")
    result, files = _gate()
    assert result.exit_code == 0, result.output
    (match,) = files[ORIGINAL]["matches"]  # type: ignore[misc]
    assert match["source"] == "gulf-reprint" and match["verdict"] == "pass"
    assert match["relation"] == "b-from-a"  # the corpus text reprints the new one, as the baseline says
    assert match["reason"].startswith("gulf-reprint reuses this text, as the baseline accepted (syndication deal)")
    assert "near-exact copy" not in match["reason"]


def test_a_new_text_copying_the_reprint_still_fails(newsroom: Path) -> None:
    page = (newsroom / REPRINT).read_text(encoding="utf-8")
    (newsroom / "articles" / "copy.html").write_text(page.replace("Gulf Daily", "Copy Times"), encoding="utf-8")
    commit_all(newsroom, "a copy")
    result, files = _gate()
    assert result.exit_code == 1, result.output
    assert files["articles/copy.html"]["verdict"] == "fail"


def test_the_original_and_its_reprint_both_corrected(newsroom: Path) -> None:
    """The reprint is no longer the text accepted: it fails until accepted again; its original only warns."""
    _fix_typo(newsroom / ORIGINAL)
    _fix_typo(newsroom / REPRINT)
    commit_all(newsroom, "typo in both")
    result, files = _gate()
    assert result.exit_code == 1, result.output
    assert files[ORIGINAL]["verdict"] == "warn"
    assert files[REPRINT]["verdict"] == "fail"
    (match,) = files[REPRINT]["matches"]  # type: ignore[misc]
    assert "the baseline accepted this pair for texts since edited" in match["reason"]


def test_only_a_directed_entry_says_which_text_is_the_source() -> None:
    accepted = Entry("copy", "original", "1" * 64, "2" * 64, by="accept")
    undirected = Entry("copy", "original", "1" * 64, "2" * 64, by="baseline", extra=(("direction", "undetermined"),))
    assert Baseline((accepted,)).reprinting("original", "copy") == accepted
    assert Baseline((accepted,)).reprinting("copy", "original") is None
    assert Baseline((undirected,)).reprinting("original", "copy") is None
    assert Baseline((Entry("copy", "original", by="baseline"),), 1).reprinting("original", "copy") is None
    upgraded = Entry("copy", "original", "1" * 64, "2" * 64, by="upgrade")  # a version 1 pair: ids sorted
    assert Baseline((upgraded,)).reprinting("original", "copy") is None
