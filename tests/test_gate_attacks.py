"""The gate as an attack surface: what a pull request author can make it read, run or print.

Each test is an attack that worked before it was closed (hostile input, round two).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from helpers import SEED_A, assert_one_line_error, commit_all, git, seeds_repo

from provenance.ci import write_baseline
from provenance.ci.git import resolve_commit
from provenance.ci.policy import GateError
from provenance.cli import main


@pytest.fixture
def repo(tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose first commit holds every seed but 000."""
    return seeds_repo(tmp_path, seeds_dir, monkeypatch, without=(SEED_A,))


_commit = commit_all


def _gate(*args: str) -> Result:
    return CliRunner().invoke(main, ["gate", "--base", "HEAD~1", *args])


def test_a_link_inside_the_repository_is_never_read(repo: Path) -> None:
    """``seeds/notes.txt -> ../.git/config``: the gate read .git/config (where checkout actions keep
    credentials) and printed it, while saying that links are not followed.  Then it skipped links and
    passed (exit 0): ``seeds/copy.txt``, a link to a copy, is published as an article never checked."""
    config = repo / ".git" / "config"
    config.write_text(
        config.read_text(encoding="utf-8") + "[credential]\n\ttoken = SECRET-TOKEN-123\n", encoding="utf-8"
    )
    (repo / "seeds" / "notes.txt").symlink_to("../.git/config")
    (repo / "seeds" / "copy.txt").symlink_to("001_d11848f0d9787346.txt")  # a link inside the corpus
    _commit(repo, "add links")
    for fmt in ("text", "json"):
        result = _gate("--format", fmt)
        assert "SECRET-TOKEN-123" not in result.output and "repositoryformatversion" not in result.output
        line = assert_one_line_error(result)  # exit 2: an input error, never a pass
        assert line == "provenance: error: seeds/copy.txt: a symbolic link; not read (and 1 more)"


def test_base_is_a_commit_never_an_option(repo: Path, tmp_path: Path) -> None:
    """``--base=--output=FILE`` made git write FILE and the gate exit 0 having checked nothing."""
    (repo / "seeds" / f"{SEED_A}.txt").write_text("A new article of a few words.\n", encoding="utf-8")
    _commit(repo, "add")
    target = tmp_path / "written-by-git"
    result = CliRunner().invoke(main, ["gate", f"--base=--output={target}"])
    assert (
        assert_one_line_error(result)
        == f"provenance: error: --base '--output={target}': not a commit of this repository"
    )
    assert not target.exists()
    with pytest.raises(GateError):
        resolve_commit("--help", cwd=repo)
    assert len(resolve_commit("HEAD~1", cwd=repo)) == 40


def test_legacy_workflow_commands_never_reach_the_actions_log(
    repo: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GitHub's runner obeys ``##[command]`` anywhere in a line of stdout or stderr: a file named
    ``##[stop-commands]x.txt`` silenced every later annotation, and an id forged an output."""
    copy = (seeds_dir / f"{SEED_A}.txt").read_text(encoding="utf-8-sig")
    (repo / "seeds" / "##[stop-commands]x.txt").write_text(copy, encoding="utf-8")
    (repo / "seeds" / "##[set-output name=verdict]pass.txt").write_text(copy, encoding="utf-8")
    (repo / "seeds" / "##[warning]empty.txt").write_text("", encoding="utf-8")
    _commit(repo, "add")
    summary = repo.parent / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    for fmt in ("text", "json"):
        result = _gate("--format", fmt)
        assert result.exit_code == 2, result.output  # the empty file is an input error
        assert "##[" not in result.stdout and "##[" not in result.stderr
    (repo / "seeds" / "##[warning]empty.txt").unlink()
    _commit(repo, "drop the empty file")
    git(repo, "reset", "-q", "--soft", "HEAD~2")
    _commit(repo, "add two copies")
    for fmt in ("text", "json"):
        result = _gate("--format", fmt)
        assert result.exit_code == 1, result.output
        assert "##[" not in result.stdout and "##[" not in result.stderr
    report = json.loads(_gate("--format", "json").stdout)
    assert {Path(f["path"]).name for f in report["files"]} == {
        "##[stop-commands]x.txt",
        "##[set-output name=verdict]pass.txt",
    }


def test_baseline_file_holds_no_raw_control_characters(tmp_path: Path) -> None:
    """The baseline carried raw DEL and C1 characters (U+009B is a terminal's CSI) from ids."""
    target = tmp_path / "baseline.json"
    write_baseline(target, [("a\x9b31mred", "b\x7fx")])
    raw = target.read_text(encoding="utf-8")
    assert "\x9b" not in raw and "\x7f" not in raw
    (entry,) = json.loads(raw)["entries"]
    assert (entry["new"], entry["source"]) == ("a\x9b31mred", "b\x7fx")


def test_config_from_base_ignores_a_policy_and_baseline_the_change_rewrote(repo: Path, seeds_dir: Path) -> None:
    """In the documented workflow the pull request supplied the policy and the baseline: one that
    added a copy, loosened the policy and accepted its own pair passed the gate."""
    copy = (seeds_dir / f"{SEED_A}.txt").read_text(encoding="utf-8-sig")
    (repo / "seeds" / "copy.txt").write_text(copy, encoding="utf-8")
    (repo / "pyproject.toml").write_text(
        "[tool.provenance.policy]\nfail_share = 1.0\nwarn_share = 1.0\ncopy_share = 1.0\n", encoding="utf-8"
    )
    write_baseline(repo / "seeds" / ".provenance-baseline.json", [("copy", "001_d11848f0d9787346")])
    _commit(repo, "add a copy and let it pass")
    assert _gate().exit_code == 0  # the change's own policy and baseline let it through
    result = _gate("--config-from-base", "--format", "json")
    assert result.exit_code == 1, result.output
    (checked,) = json.loads(result.stdout)["files"]
    assert checked["path"] == "seeds/copy.txt" and checked["verdict"] == "fail"


def test_a_copy_typed_with_look_alike_letters_fails_and_is_named(repo: Path, seeds_dir: Path) -> None:
    """Cyrillic а/е/о in place of Latin letters made a verbatim copy pass as "no reuse found"."""
    source = (seeds_dir / "001_d11848f0d9787346.txt").read_text(encoding="utf-8-sig")
    disguised = source.translate(str.maketrans({"a": "\u0430", "e": "\u0435", "o": "\u043e"}))
    (repo / "seeds" / "disguised.txt").write_text(disguised, encoding="utf-8")
    _commit(repo, "add a disguised copy")
    result = _gate("--format", "json")
    assert result.exit_code == 1, result.output
    (checked,) = json.loads(result.stdout)["files"]
    assert checked["verdict"] == "fail" and checked["matches"][0]["source"] == "001_d11848f0d9787346"
    assert "seeds/disguised.txt: mixed-script text: " in result.stderr


@pytest.mark.parametrize("command", ["check", "gate"])
def test_an_unexpected_error_is_one_line_and_exit_2_never_1(
    command: str, repo: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash exited 1 with a traceback, which a CI reads as "reprint found"."""
    from provenance.ci import check as check_module

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(check_module, "verify", broken)
    copy = (seeds_dir / f"{SEED_A}.txt").read_text(encoding="utf-8-sig")
    (repo / "seeds" / "copy.txt").write_text(copy, encoding="utf-8")
    _commit(repo, "add a copy")
    args = ["check", "seeds/copy.txt", "--corpus", "seeds"] if command == "check" else ["gate", "--base", "HEAD~1"]
    result = CliRunner().invoke(main, args)
    assert assert_one_line_error(result) == (
        "provenance: error: internal error (RuntimeError: boom); run `provenance --debug …` for the traceback"
    )
    debug = CliRunner().invoke(main, ["--debug", *args])
    assert debug.exit_code == 2 and "Traceback (most recent call last)" in debug.stderr
    assert debug.stderr.rstrip().splitlines()[-1].startswith("provenance: error: internal error (RuntimeError: boom)")
