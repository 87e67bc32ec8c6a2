"""A correction of an original whose reprint the baseline accepted is no copy of its own reprint.

Round six, newuser 05: the archive holds an original (Tehran Times, 2025-01-16) and a credited reprint of
it (Gulf Daily, two days later) that the baseline accepted (``gulf-reprint reuses original``).  A change
fixing a typo in the ORIGINAL failed the gate as a "near-exact copy" of its own reprint, so every
correction of a syndicated story failed CI.  The accepted entry says which text is the source: the
original is checked as that source (relation ``b-from-a``: the corpus text reprints it) and passes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import SEED_B, branch_off_main, commit_all, gate_files, work_in, write_archive, write_gulf_archive

from provenance.ci import Baseline, Entry
from provenance.ci.baseline import REPRINT_GROWTH
from provenance.cli import main

ORIGINAL = "articles/original.md"
REPRINT = "articles/gulf-reprint.html"


@pytest.fixture
def newsroom(tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository on ``main`` holding an original, its reprint accepted in the baseline, and other stories."""
    root = tmp_path / "newsroom"
    write_gulf_archive(root, seeds_dir, ORIGINAL, REPRINT)
    work_in(root, monkeypatch)
    accepted = CliRunner().invoke(main, ["accept", REPRINT, "--source", ORIGINAL, "--reason", "syndication deal"])
    assert accepted.exit_code == 0, accepted.output
    branch_off_main(root, "archive", "fix")
    return root


def _fix_typo(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "Sputnik" in text
    path.write_text(text.replace("Sputnik", "Sputnik News", 1), encoding="utf-8")


def test_a_typo_fixed_in_the_original_passes(newsroom: Path) -> None:
    _fix_typo(newsroom / ORIGINAL)
    commit_all(newsroom, "typo in the original")
    result, files = gate_files()
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
    result, files = gate_files()
    assert result.exit_code == 1, result.output
    assert files["articles/copy.html"]["verdict"] == "fail"


def test_the_original_and_its_reprint_both_corrected(newsroom: Path) -> None:
    """The reprint is no longer the text accepted: it fails until accepted again; its original only warns."""
    _fix_typo(newsroom / ORIGINAL)
    _fix_typo(newsroom / REPRINT)
    commit_all(newsroom, "typo in both")
    result, files = gate_files()
    assert result.exit_code == 1, result.output
    assert files[ORIGINAL]["verdict"] == "warn"
    assert files[REPRINT]["verdict"] == "fail"
    (match,) = files[REPRINT]["matches"]  # type: ignore[misc]
    assert "the baseline accepted this pair for texts since edited" in match["reason"]


def test_only_a_directed_entry_says_which_text_is_the_source() -> None:
    shares = {"share_new": 0.9, "share_source": 0.9}
    accepted = Entry("copy", "original", "1" * 64, "2" * 64, **shares, by="accept")  # type: ignore[arg-type]
    undirected = Entry(
        "copy", "original", "1" * 64, "2" * 64, **shares, by="baseline", extra=(("direction", "undetermined"),)
    )  # type: ignore[arg-type]
    assert Baseline((accepted,)).reprinting("original", "copy", 0.9) == accepted
    assert Baseline((accepted,)).reprinting("copy", "original", 0.9) is None
    assert Baseline((undirected,)).reprinting("original", "copy", 0.9) is None
    assert Baseline((Entry("copy", "original", by="baseline"),), 1).reprinting("original", "copy", 0.9) is None
    upgraded = Entry("copy", "original", "1" * 64, "2" * 64, **shares, by="upgrade")  # type: ignore[arg-type]
    assert Baseline((upgraded,)).reprinting("original", "copy", 0.9) is None


def test_an_entry_bounds_how_much_of_the_reprint_the_original_may_take_in() -> None:
    """Round 7 case 06: the entry holds while the reprint's share aligned with the edited original grows by no
    more than REPRINT_GROWTH; an entry recording no shares says nothing about an edited original."""
    entry = Entry("copy", "original", "1" * 64, "2" * 64, share_new=0.35, share_source=1.0, by="accept")
    assert Baseline((entry,)).reprinting("original", "copy", 0.35 + REPRINT_GROWTH) == entry
    assert Baseline((entry,)).reprinting("original", "copy", 0.30) == entry  # a paragraph cut: less of it
    assert Baseline((entry,)).reprinting("original", "copy", 0.41) is None
    assert Baseline((entry,)).reprinting("original", "copy", 1.0) is None
    unshared = Entry("copy", "original", "1" * 64, "2" * 64, by="accept")
    assert Baseline((unshared,)).reprinting("original", "copy", 0.35) is None


def _agency_report(original: str) -> str:
    """A longer agency story taking in ``original`` between twelve paragraphs of its own."""
    words = [
        "harbour",
        "council",
        "ministry",
        "ferry",
        "tariff",
        "export",
        "grain",
        "shipment",
        "quarterly",
        "analysts",
        "forecast",
        "rainfall",
        "province",
        "coastal",
        "engineers",
        "bridge",
        "turbine",
        "contract",
        "auditors",
        "lender",
        "pension",
        "reform",
        "strike",
        "union",
        "courier",
        "warehouse",
        "terminal",
        "railway",
        "freight",
        "delays",
        "customs",
        "inspection",
        "vessel",
        "cargo",
        "storm",
    ]
    own = [
        " ".join(
            " ".join(words[(7 * p + 3 * s + k * k) % len(words)] for k in range(16)).capitalize() + f" {p}-{s}."
            for s in range(3)
        )
        for p in range(12)
    ]
    paragraphs = ["Gulf Agency report.", *own[:6], original, *own[6:], "Parts of this first appeared elsewhere."]
    return "\n\n".join(paragraphs) + "\n"


@pytest.fixture
def agency(tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository on ``main`` whose baseline accepts an agency report as reusing a short original."""
    root = tmp_path / "agency"
    original = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8-sig").strip()
    texts = {"articles/wire/original.txt": original + "\n", "articles/wire/agency-report.txt": _agency_report(original)}
    write_archive(root, seeds_dir, texts)
    work_in(root, monkeypatch)
    args = ["accept", "articles/wire/agency-report.txt", "--source", "articles/wire/original.txt", "--reason", "ok"]
    accepted = CliRunner().invoke(main, args)
    assert accepted.exit_code == 0, accepted.output
    branch_off_main(root, "archive", "edit")
    return root


def test_an_original_overwritten_with_its_accepted_reprint_fails(agency: Path) -> None:
    """Round 7 case 06: a change replacing the original with a verbatim copy of the longer agency report the
    baseline accepted as reusing it passed ("agency-report reuses this text, as the baseline accepted")."""
    report = agency / "articles/wire/agency-report.txt"
    (agency / "articles/wire/original.txt").write_text(report.read_text(encoding="utf-8"), encoding="utf-8")
    commit_all(agency, "the original is the report now")
    result, files = gate_files()
    assert result.exit_code == 1, result.output
    checked = files["articles/wire/original.txt"]
    assert checked["verdict"] == "fail"
    match = next(m for m in checked["matches"] if m["source"] == "wire/agency-report")  # type: ignore[attr-defined]
    assert match["verdict"] == "fail" and "as the baseline accepted" not in match["reason"]
    assert "now takes in 100% of it" in match["reason"]


def test_a_typo_fixed_in_an_original_an_agency_report_took_in_passes(agency: Path) -> None:
    path = agency / "articles/wire/original.txt"
    _fix_typo(path)
    commit_all(agency, "typo")
    result, files = gate_files()
    assert result.exit_code == 0, result.output
    (match,) = files["articles/wire/original.txt"]["matches"]  # type: ignore[misc]
    assert match["verdict"] == "pass" and match["reason"].startswith("wire/agency-report reuses this text")


def test_an_original_rewritten_with_an_equal_share_of_its_reprint_fails(agency: Path) -> None:
    """The share bound cannot see a swap: the original replaced by as much of the agency report's OWN text
    keeps the report's aligned share where the baseline recorded it, and passed as the report's source.
    The gate asks the original's version at the fork point: a rewrite keeps little of it."""
    report = (agency / "articles/wire/agency-report.txt").read_text(encoding="utf-8")
    original = (agency / "articles/wire/original.txt").read_text(encoding="utf-8")
    own = [p for p in report.split("\n\n") if p.strip() and p.strip() not in original]
    swapped, size = [], 0
    for paragraph in own:
        if size >= len(original) * 0.9:
            break
        swapped.append(paragraph)
        size += len(paragraph)
    (agency / "articles/wire/original.txt").write_text("\n\n".join(swapped) + "\n", encoding="utf-8")
    commit_all(agency, "the original is other paragraphs of the report now")
    result, files = gate_files()
    assert result.exit_code == 1, result.output
    match = next(m for m in files["articles/wire/original.txt"]["matches"] if m["source"] == "wire/agency-report")  # type: ignore[attr-defined]
    assert match["verdict"] == "fail" and "which the change rewrote" in match["reason"]
