"""The gate as an attack surface: what a pull request author can make it read, run or print.

Each test is an attack that worked before it was closed (hostile input, round two).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import random
import re
import textwrap
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from helpers import (
    SEED_A,
    SEED_B,
    TURNED_ROWS,
    WORD_BOXES,
    assert_one_line_error,
    commit_all,
    git,
    git_repo,
    random_words,
    seeds_repo,
    work_in,
)

from provenance.ci import write_baseline
from provenance.ci.git import resolve_commit
from provenance.ci.policy import GateError
from provenance.cli import main
from provenance.io.formats import mask_markdown
from provenance.io.load import load_articles
from provenance.models import Document
from provenance.text.normalize import fold


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


@pytest.mark.parametrize("invisible", ["\u200e", "\u2062", "\u034f", "\ufe0f", "\U000e0041", "\u180e", "\ufff9"])
@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_a_copy_with_an_invisible_character_between_letters_fails(
    invisible: str, suffix: str, seeds_dir: Path, tmp_path: Path
) -> None:
    """A left-to-right mark, an invisible times, a combining grapheme joiner, a variation selector, a tag
    character or a Mongolian vowel separator between every two letters (as text, or as ``&#x34F;`` in a page)
    made a verbatim copy pass as "no reuse found": only six such characters were folded away.  So did the
    interlinear annotation anchor (U+FFF9), which no browser draws, though it is not default-ignorable."""
    text = (seeds_dir / "001_d11848f0d9787346.txt").read_text(encoding="utf-8-sig")[:2500]
    disguised = re.sub(r"(?<=\w)(?=\w)", invisible, text)
    if suffix == ".html":
        entity = f"&#x{ord(invisible):X};"
        paragraphs = "".join(
            f"<p>{html.escape(line).replace(invisible, entity)}</p>" for line in disguised.splitlines()
        )
        disguised = f"<html><body><article>{paragraphs}</article></body></html>"
    (tmp_path / f"copy{suffix}").write_text(disguised, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path / f"copy{suffix}"), "--corpus", str(seeds_dir)])
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith(f"{tmp_path / f'copy{suffix}'}: FAIL")


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


# -- round three: an attacker's pass over the index, the chrome file, the corpus folder and ids ----------------


def _copy_lines(seeds_dir: Path) -> list[str]:
    """The non-empty lines of 001, the text every attack below copies."""
    return [line for line in (seeds_dir / f"{SEED_B}.txt").read_text("utf-8-sig").splitlines() if line.strip()]


def _check_fails(path: Path, text: str, seeds_dir: Path) -> None:
    """``text`` written to ``path`` and checked against the seeds: FAIL, exit 1, a match of 001."""
    path.write_text(text, "utf-8")
    result = CliRunner().invoke(main, ["check", str(path), "--corpus", str(seeds_dir)])
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"{path}: FAIL") and SEED_B in result.output


def _page_fails(page: str, path: Path, seeds_dir: Path) -> None:
    """The page ``page`` (a format string) made around a copy of 001 and checked: FAIL (:func:`_check_fails`).
    Its fields: ``own``, three paragraphs of the page's own; the copy as ``copy`` (paragraphs of class
    ``copy``), ``paragraph`` (one), ``lines`` (lines after ``<br>``) or ``backwards`` (each paragraph, of class
    ``r``, typed backwards)."""
    lines = _copy_lines(seeds_dir)
    parts = {
        "own": _OWN,
        "copy": "".join(f"<p class=copy>{html.escape(line)}</p>" for line in lines),
        "paragraph": html.escape(" ".join(lines)),
        "lines": "<br>".join(html.escape(line) for line in lines),
        "backwards": "".join(f"<p class=r>{html.escape(line[::-1])}</p>" for line in lines),
    }
    _check_fails(path, f"<html><body>{page.format(**parts)}</body></html>", seeds_dir)


def _victim(tmp_path: Path) -> Path:
    """A folder outside the repository whose file must survive whatever the gate does."""
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "precious.txt").write_text("keep me\n", encoding="utf-8")
    return victim


@pytest.mark.parametrize("command", ["index", "check", "gate"])
def test_an_index_keys_folder_linked_elsewhere_is_refused_and_nothing_is_deleted(
    command: str, repo: Path, tmp_path: Path, seeds_dir: Path
) -> None:
    """``.provenance/index.sqlite.keys -> /elsewhere``: tidying the segments deleted every file in the
    linked folder (through index, check and gate --config-from-base)."""
    victim = _victim(tmp_path)
    copy = (seeds_dir / f"{SEED_A}.txt").read_text(encoding="utf-8-sig")
    (repo / "seeds" / "copy.txt").write_text(copy, encoding="utf-8")
    _commit(repo, "add a copy")
    (repo / ".provenance").mkdir()  # not committed: left by an earlier step, or restored from a cache
    (repo / ".provenance" / "index.sqlite.keys").symlink_to(victim)
    args = {
        "index": ["index", "seeds"],
        "check": ["check", "seeds/copy.txt", "--corpus", "seeds"],
        "gate": ["gate", "--base", "HEAD~1", "--config-from-base"],
    }[command]
    line = assert_one_line_error(CliRunner().invoke(main, args))
    assert "index.sqlite.keys: a symbolic link" in line
    assert (victim / "precious.txt").read_text(encoding="utf-8") == "keep me\n"


def test_segment_tidying_deletes_only_segment_files(tmp_path: Path) -> None:
    """Tidying removes the segment files no transaction lists, never another file in the folder."""
    from provenance.index import Index
    from provenance.settings import Settings

    path = tmp_path / "index.sqlite"
    Index.open(path, Settings()).close()
    keys = tmp_path / "index.sqlite.keys"
    keys.mkdir(exist_ok=True)
    (keys / "notes.txt").write_text("mine\n", encoding="utf-8")
    (keys / "00000099.keys.npy").write_bytes(b"stale")
    with Index.open(path, Settings()) as index:
        index.update([], prune=False)
    assert (keys / "notes.txt").exists() and not (keys / "00000099.keys.npy").exists()


def test_a_change_committing_index_files_is_refused(repo: Path, tmp_path: Path) -> None:
    """A pull request committed ``.provenance/index.sqlite-wal`` and a key segment: the index the gate
    opened was the change's, and a copy whose digest the poisoned index held kept its stored keys."""
    (repo / ".provenance").mkdir()
    (repo / ".provenance" / "index.sqlite-wal").write_bytes(b"\0" * 32)
    (repo / "seeds" / "new.txt").write_text("A new article of a few words.\n", encoding="utf-8")
    _commit(repo, "add an article and an index")
    line = assert_one_line_error(_gate("--config-from-base"))
    assert line == (
        "provenance: error: .provenance/index.sqlite-wal: the change commits a file of the index; "
        "an index is built from the corpus, never committed"
    )


def test_config_from_base_reads_the_chrome_file_at_base(repo: Path, seeds_dir: Path) -> None:
    """With --config-from-base the chrome file was still read from the change: a pull request that
    listed a copy's sentences as chrome passed the gate."""
    (repo / "pyproject.toml").write_text('[tool.provenance]\nchrome_file = "chrome.txt"\n', encoding="utf-8")
    (repo / "chrome.txt").write_text("# known chrome\n", encoding="utf-8")
    _commit(repo, "a chrome file")
    copy = (seeds_dir / f"{SEED_A}.txt").read_text(encoding="utf-8-sig")
    (repo / "seeds" / "copy.txt").write_text(copy, encoding="utf-8")
    (repo / "chrome.txt").write_text(copy, encoding="utf-8")  # every line of the copy is "chrome"
    _commit(repo, "add a copy and call it chrome")
    assert _gate().exit_code == 0  # the change's own chrome file hides the copy
    result = _gate("--config-from-base", "--format", "json")
    assert result.exit_code == 1, result.output
    (checked,) = json.loads(result.stdout)["files"]
    assert checked["verdict"] == "fail"


def test_a_corpus_folder_made_a_link_is_refused(repo: Path, seeds_dir: Path) -> None:
    """The change moved ``seeds/`` to ``archive/`` with a copy in it and made ``seeds`` a link to it: git
    listed one link named ``seeds``, nothing was checked and the gate passed."""
    git(repo, "mv", "seeds", "archive")
    copy = (seeds_dir / f"{SEED_A}.txt").read_text(encoding="utf-8-sig")
    (repo / "archive" / "copy.txt").write_text(copy, encoding="utf-8")
    (repo / "seeds").symlink_to("archive")
    _commit(repo, "hide a copy behind a link")
    line = assert_one_line_error(_gate("--config-from-base"))
    assert line == "provenance: error: seeds: the corpus folder is a symbolic link; not read"


@pytest.mark.parametrize("indexed", [False, True])
def test_an_article_claiming_a_corpus_id_is_refused(
    indexed: bool, tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A JSON Lines article claiming the id of an article of the corpus, in a file that sorts first, kept the
    original out of the index ("duplicate document id … skipped" named the original): its copy was compared
    with a corpus without its source and passed, with an index built in memory or on the change's tree."""
    root = tmp_path / "repo"
    (root / "seeds").mkdir(parents=True)
    for name in ("002_a69506151a1a2a0e", "003_dc2421d5b62a3952"):
        (root / "seeds" / f"{name}.txt").write_bytes((seeds_dir / f"{name}.txt").read_bytes())
    source = (seeds_dir / "001_d11848f0d9787346.txt").read_text(encoding="utf-8-sig")
    copy = (seeds_dir / f"{SEED_A}.txt").read_text(encoding="utf-8-sig")
    (root / "seeds" / "export.jsonl").write_text(json.dumps({"id": "orig", "text": source}) + "\n", encoding="utf-8")
    (root / "pyproject.toml").write_text("[tool.provenance]\n", encoding="utf-8")
    git_repo(root, "base")
    work_in(root, monkeypatch)
    (root / "seeds" / "a.jsonl").write_text(json.dumps({"id": "orig", "text": copy}) + "\n", encoding="utf-8")
    _commit(root, "a copy under the source's id, in a file that sorts first")
    if indexed:  # as the Action does: the index of the change's tree, then the gate
        assert CliRunner().invoke(main, ["index", "seeds"]).exit_code == 0
    line = assert_one_line_error(_gate("--config-from-base"))
    assert line == (
        "provenance: error: seeds/a.jsonl:1: duplicate document id (also seeds/export.jsonl:1); "
        "an article never takes another's id"
    )


def test_a_file_name_that_is_not_utf8_is_reported_not_a_crash(repo: Path, seeds_dir: Path) -> None:
    """``seeds/caf\\xe9.txt`` (Latin-1 bytes) crashed the gate with UnicodeEncodeError."""
    import os

    copy = (seeds_dir / f"{SEED_A}.txt").read_bytes()
    with open(os.path.join(os.fsencode(repo / "seeds"), b"caf\xe9.txt"), "wb") as handle:
        handle.write(copy)
    _commit(repo, "add a copy with a Latin-1 name")
    line = assert_one_line_error(_gate())
    assert line == "provenance: error: seeds/caf\\xe9.txt: file name is not valid UTF-8"


@pytest.mark.parametrize(
    ("name", "page"),
    [
        (
            "hidden.html",
            "<html><body><article>{paragraphs}<p hidden>originally published elsewhere</p></article></body></html>",
        ),
        ("hidden.md", "{text}\n\n<span hidden>originally published elsewhere</span>\n"),
        ("styled.md", '{text}\n\n<div style="display: none">originally published elsewhere</div>\n'),
    ],
)
def test_a_credit_no_reader_sees_clears_no_copy(name: str, page: str, seeds_dir: Path, tmp_path: Path) -> None:
    """A copy of 001 with "originally published elsewhere" in an element a browser never shows passed check
    and gate as crediting its source."""
    text = (seeds_dir / "001_d11848f0d9787346.txt").read_text(encoding="utf-8-sig")[:2500]
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    (tmp_path / name).write_text(page.format(text=text, paragraphs=paragraphs), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path / name), "--corpus", str(seeds_dir), "--format", "json"])
    assert result.exit_code == 1, result.output
    (checked,) = json.loads(result.stdout)["files"]
    assert checked["verdict"] == "fail" and "credit" not in checked["matches"][0]["reason"]


_CREDIT = "This article was first published by 001_d11848f0d9787346."


@pytest.mark.parametrize(
    "element",
    [
        '<p style="Display:none">{credit}</p>',
        '<p style="display : none">{credit}</p>',
        '<p style="display:NONE">{credit}</p>',
        '<div style="color: red; DISPLAY: None !important"><p>{credit}</p></div>',
        '<p style="display:/* a comment */none">{credit}</p>',
        "<p>More to read.<span style='visibility:\tHidden'> {credit}</span></p>",
        "<template><p>{credit}</p></template>",
        "<p>More to read.<template>{credit}</template></p>",
        # an element's own content that its declarative shadow root has no slot for, or no slot of its name
        "<div><template shadowrootmode=open><p>More to read.</p></template><p>{credit}</p></div>",
        "<div><template shadowrootmode=open><slot name=a></slot></template><p slot=b>{credit}</p></div>",
        # the same in a frame's document, escaped or encoded, as a browser reads it (the page's own markup held
        # no ``<template``: neither the template nor the shadow root was read as one, and the credit counted)
        '<iframe srcdoc="&lt;template&gt;&lt;p&gt;{credit}&lt;/p&gt;&lt;/template&gt;"></iframe>',
        '<iframe src="data:text/html;base64,'
        + base64.b64encode(
            f"<div><template shadowrootmode=open><p>More to read.</p></template><p>{_CREDIT}</p></div>".encode()
        ).decode()
        + '"></iframe>',
    ],
)
def test_a_credit_an_inline_style_hides_clears_no_copy(element: str, seeds_dir: Path, tmp_path: Path) -> None:
    """Two thirds of 001, three paragraphs of the page's own and a credit a browser never shows: the copy
    passed as crediting its source when the style said ``Display:none`` or ``display : none`` (CSS reads any
    case and spacing; only the lower-case ``display:none`` was dropped, by trafilatura), or when the credit was
    a ``<template>``'s content (never shown; trafilatura stripped the tag and read it)."""
    source = [line for line in (seeds_dir / "001_d11848f0d9787346.txt").read_text("utf-8-sig").splitlines() if line]
    own = [line for line in (seeds_dir / "004_3c2a521249f8964b.txt").read_text("utf-8-sig").splitlines() if line]
    body = "".join(f"<p>{html.escape(line)}</p>" for line in source[: len(source) * 2 // 3] + own[:3])
    for name, credit in (("shown.html", f"<p>{_CREDIT}</p>"), ("hidden.html", element.format(credit=_CREDIT))):
        (tmp_path / name).write_text(f"<html><body><article>{body}{credit}</article></body></html>", "utf-8")
    args = ["check", "--corpus", str(seeds_dir), "--format", "json"]
    shown = CliRunner().invoke(main, [*args, str(tmp_path / "shown.html")])
    # the credit names 001: it clears the copy of 001 (000, which the copy also reuses, it does not credit)
    (of_001,) = [m for m in json.loads(shown.stdout)["files"][0]["matches"] if m["source"] == "001_d11848f0d9787346"]
    assert shown.exit_code == 0 and "credits its source" in of_001["reason"]
    hidden = CliRunner().invoke(main, [*args, str(tmp_path / "hidden.html")])
    assert hidden.exit_code == 1, hidden.output
    (checked,) = json.loads(hidden.stdout)["files"]
    assert checked["verdict"] == "fail" and "credit" not in checked["matches"][0]["reason"]


@pytest.mark.parametrize(
    "page",
    [
        "<style>.c{{display:none}}</style><article>{body}<p class=c>{credit}</p></article>",
        "<style>#c {{ Display: None }}</style><article>{body}<p id=c>{credit}</p></article>",
        "<style>article > p.c {{visibility: hidden}}</style><article>{body}<p class=c>{credit}</p></article>",
        "<article>{body}<p style='font-size:0'>{credit}</p></article>",
        "<article>{body}<p style='font-size: 0.0EM'>{credit}</p></article>",
        "<article>{body}<p style='opacity:0'>{credit}</p></article>",
        "<article>{body}<p style='color:transparent'>{credit}</p></article>",
        "<article>{body}<p style='color: rgba(0, 0, 0, 0)'>{credit}</p></article>",
        "<article>{body}<p style='position:absolute;left:-99999px'>{credit}</p></article>",
        "<article>{body}<p style='text-indent: -9999px'>{credit}</p></article>",
        "<article>{body}<p style='clip-path:inset(100%);position:absolute'>{credit}</p></article>",
        "<article>{body}<p style='position:absolute; width:1px; clip: rect(0 0 0 0)'>{credit}</p></article>",
        "<style>.sr{{position:absolute;clip:rect(1px,1px,1px,1px)}}</style><article>{body}<p class=sr>{credit}",
        "<style>.f{{-webkit-text-fill-color:transparent}}</style><article>{body}<p class=f style=color:red>{credit}",
    ],
)
def test_a_credit_a_style_sheet_or_an_invisible_style_hides_clears_no_copy(
    page: str, seeds_dir: Path, tmp_path: Path
) -> None:
    """Two thirds of 001 and a credit a reader never sees: hidden by the page's own ``<style>`` rule
    (``.c{display:none}``), or by an inline style that leaves the text invisible (``font-size:0``,
    ``opacity:0``, ``color:transparent``, a visually-hidden clip, off the screen), or a transparent text fill
    (drawn over any ``color``); the copy passed as crediting its source."""
    source = [line for line in (seeds_dir / "001_d11848f0d9787346.txt").read_text("utf-8-sig").splitlines() if line]
    own = [line for line in (seeds_dir / "004_3c2a521249f8964b.txt").read_text("utf-8-sig").splitlines() if line]
    body = "".join(f"<p>{html.escape(line)}</p>" for line in source[: len(source) * 2 // 3] + own[:3])
    (tmp_path / "hidden.html").write_text(f"<html><body>{page.format(body=body, credit=_CREDIT)}</body></html>")
    hidden = CliRunner().invoke(
        main, ["check", "--corpus", str(seeds_dir), "--format", "json", str(tmp_path / "hidden.html")]
    )
    assert hidden.exit_code == 1, hidden.output
    (checked,) = json.loads(hidden.stdout)["files"]
    assert checked["verdict"] == "fail" and "credit" not in checked["matches"][0]["reason"]


def test_config_from_base_reads_an_absolute_chrome_file_in_the_repository_at_base(repo: Path, seeds_dir: Path) -> None:
    """A base config naming its chrome file by absolute path: it was read from the change's working tree."""
    (repo / "pyproject.toml").write_text(f'[tool.provenance]\nchrome_file = "{repo / "chrome.txt"}"\n')
    (repo / "chrome.txt").write_text("# known chrome\n", encoding="utf-8")
    _commit(repo, "a chrome file named by absolute path")
    copy = (seeds_dir / f"{SEED_A}.txt").read_text(encoding="utf-8-sig")
    (repo / "seeds" / "copy.txt").write_text(copy, encoding="utf-8")
    (repo / "chrome.txt").write_text(copy, encoding="utf-8")
    _commit(repo, "add a copy and call it chrome")
    assert _gate("--config-from-base").exit_code == 1


def test_a_folder_link_the_change_adds_under_the_corpus_is_refused(repo: Path, seeds_dir: Path) -> None:
    """``seeds/2025 -> ../drafts`` with a copy in ``drafts/``: git listed one file with no article suffix, the
    corpus rules dropped it, and the gate said "no new or modified articles" (exit 0)."""
    (repo / "drafts").mkdir()
    (repo / "drafts" / "zz_copy.txt").write_text((seeds_dir / f"{SEED_A}.txt").read_text(encoding="utf-8-sig"))
    (repo / "seeds" / "2025").symlink_to("../drafts")
    _commit(repo, "hide a copy behind a folder link")
    for args in ((), ("--config-from-base",)):
        assert assert_one_line_error(_gate(*args)) == "provenance: error: seeds/2025: a symbolic link; not read"


def test_an_index_folder_made_a_link_is_refused(repo: Path, seeds_dir: Path) -> None:
    """The change committed ``evil/index.sqlite`` (001's row holding other keys) and ``.provenance -> evil``:
    neither the committed-file check (it looked for .provenance/index.sqlite) nor the link check (the file
    itself) saw it, and an exact copy of 001 passed."""
    assert CliRunner().invoke(main, ["index", "seeds", "--index", "evil/index.sqlite"]).exit_code == 0
    (repo / "evil" / ".gitignore").unlink()
    (repo / ".provenance").symlink_to("evil")
    (repo / "seeds" / "zz_copy.txt").write_text((seeds_dir / "001_d11848f0d9787346.txt").read_text("utf-8-sig"))
    _commit(repo, "a copy and an index of the change's own")
    line = assert_one_line_error(_gate("--config-from-base"))
    assert line == "provenance: error: .provenance: a symbolic link; an index is never used through one"


def test_a_claimed_id_is_a_duplicate_in_a_partial_index_update(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export in a new folder claiming the id of an indexed article in an unchanged folder: only the new
    folder is listed, so the original's file was not among the update's and its row was dropped as "moved"."""
    root = tmp_path / "repo"
    (root / "seeds" / "old").mkdir(parents=True)
    for name in ("001_d11848f0d9787346", "002_a69506151a1a2a0e"):
        (root / "seeds" / "old" / f"{name}.txt").write_bytes((seeds_dir / f"{name}.txt").read_bytes())
    (root / "pyproject.toml").write_text("[tool.provenance]\n", encoding="utf-8")
    git_repo(root, "base")
    work_in(root, monkeypatch)
    for path in [*(root / "seeds").rglob("*"), root / "seeds"]:  # indexed well after they were written
        os.utime(path, ns=(path.stat().st_mtime_ns - 10**10,) * 2)
    assert CliRunner().invoke(main, ["index", "seeds"]).exit_code == 0
    (root / "seeds" / "new").mkdir()
    copy = (seeds_dir / "001_d11848f0d9787346.txt").read_text(encoding="utf-8-sig")
    line = json.dumps({"id": "old/001_d11848f0d9787346", "text": copy})
    (root / "seeds" / "new" / "feed.jsonl").write_text(line + "\n", encoding="utf-8")
    _commit(root, "a copy under the original's id")
    assert "duplicate document id" in assert_one_line_error(_gate())


def test_a_line_repeated_in_an_export_is_a_duplicate_id(repo: Path, seeds_dir: Path) -> None:
    """An export's line inserted again above itself, byte for byte: no line's text was new, so nothing was
    checked, and the gate passed an export publishing one article twice under one id."""
    text = (seeds_dir / "002_a69506151a1a2a0e.txt").read_text(encoding="utf-8-sig")
    line = json.dumps({"id": "feed-a", "text": text})
    (repo / "seeds" / "feed.jsonl").write_text(line + "\n", encoding="utf-8")
    _commit(repo, "an export")
    (repo / "seeds" / "feed.jsonl").write_text(f"{line}\n{line}\n", encoding="utf-8")
    _commit(repo, "the line again")
    assert "duplicate document id" in assert_one_line_error(_gate("--config-from-base"))


def test_a_whole_article_padded_with_other_text_fails(repo: Path, seeds_dir: Path) -> None:
    """All of 001 word for word, padded with as much again of other text: 42% of the new text aligned, under
    the fail share, and the gate passed it with a warning (100% of the source reproduced)."""
    source = (seeds_dir / "001_d11848f0d9787346.txt").read_text(encoding="utf-8-sig")
    padding = "\n\n".join(" ".join(random_words(random.Random(n), 24)).capitalize() + "." for n in range(40))
    (repo / "seeds" / "zz_padded.txt").write_text(f"{source}\n\n{padding}\n", encoding="utf-8")
    _commit(repo, "a padded copy")
    result = _gate("--format", "json")
    assert result.exit_code == 1, result.output
    ((match, *_),) = [f["matches"] for f in json.loads(result.stdout)["files"]]
    assert match["share_new"] < 0.5 and match["share_source"] >= 0.99 and match["verdict"] == "fail"
    assert "fail source share 80%" in match["reason"]


def _outside_folder(tmp_path: Path, name: str, body: str) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / name).write_text(body, encoding="utf-8")
    return outside


@pytest.mark.parametrize("from_base", [False, True])
def test_a_baseline_folder_made_a_link_outside_is_refused(repo: Path, tmp_path: Path, from_base: bool) -> None:
    """Round 7 case 05: the base names ``baseline = "meta/baseline.json"``; the change makes ``meta`` a link to
    a folder outside the repository.  The gate read the outside file, printed its ids and called its entries
    "[not committed]" (load_baseline refused only the last part being a link)."""
    secret = '{"version": 2, "entries": [{"new": "SECRET_TOKEN=ghp_abc", "source": "AWS_KEY=AKIAXX"}]}'
    outside = _outside_folder(tmp_path, "baseline.json", secret)
    (repo / "meta").mkdir()
    (repo / "meta" / "baseline.json").write_text('{"version": 2, "entries": []}', encoding="utf-8")
    (repo / "pyproject.toml").write_text('[tool.provenance.policy]\nbaseline = "meta/baseline.json"\n', "utf-8")
    _commit(repo, "a baseline in meta/")
    git(repo, "rm", "-rq", "meta")
    (repo / "meta").symlink_to(outside)
    (repo / "seeds" / "new.txt").write_text("A new article of a few words.\n", encoding="utf-8")
    _commit(repo, "meta/ is a link now")
    for fmt in ("text", "json"):
        result = _gate("--format", fmt, *(["--config-from-base"] if from_base else []))
        assert "SECRET" not in result.output and "not committed" not in result.output
        line = assert_one_line_error(result)
        assert line == (
            "provenance: error: meta/baseline.json: not a valid baseline file"
            " (meta is a symbolic link; never read through one)"
        )


@pytest.mark.parametrize("where", ["absolute", "relative"])
def test_a_policy_baseline_outside_the_repository_is_refused(repo: Path, tmp_path: Path, where: str) -> None:
    """The change's pyproject.toml names ``baseline = "/elsewhere/baseline.json"`` (or ``"../outside/…"``), no
    link anywhere: the gate read the file outside the repository and printed its ids as entries the change
    adds.  A baseline the policy names must be in the repository (it is compared with BASE's)."""
    secret = '{"version": 2, "entries": [{"new": "SECRET_TOKEN=ghp_abc", "source": "AWS_KEY=AKIAXX"}]}'
    outside = _outside_folder(tmp_path, "baseline.json", secret)
    named = str(outside / "baseline.json") if where == "absolute" else "../outside/baseline.json"
    (repo / "pyproject.toml").write_text(f'[tool.provenance.policy]\nbaseline = "{named}"\n', encoding="utf-8")
    (repo / "seeds" / "new.txt").write_text("A new article of a few words.\n", encoding="utf-8")
    _commit(repo, "a baseline outside")
    for fmt in ("text", "json"):
        result = _gate("--format", fmt)
        assert "SECRET" not in result.output
        line = assert_one_line_error(result)
        assert line.endswith("baseline.json: the policy's baseline file is outside the repository; not read")


def test_a_chrome_file_read_through_a_folder_link_is_refused(repo: Path, tmp_path: Path) -> None:
    """The change names ``chrome_file = "lists/chrome.txt"`` with ``lists`` a link to a folder outside."""
    outside = _outside_folder(tmp_path, "chrome.txt", "# chrome\n")
    (repo / "lists").symlink_to(outside)
    (repo / "pyproject.toml").write_text('[tool.provenance]\nchrome_file = "lists/chrome.txt"\n', encoding="utf-8")
    (repo / "seeds" / "new.txt").write_text("A new article of a few words.\n", encoding="utf-8")
    _commit(repo, "chrome through a link")
    line = assert_one_line_error(_gate())
    assert line == (
        "provenance: error: lists/chrome.txt: chrome_file is read through a symbolic link (lists); not read"
    )


def test_linked_part_looks_at_every_part_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from provenance.io.load import linked_part

    monkeypatch.chdir(tmp_path)
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "b.json").write_text("{}", encoding="utf-8")
    (tmp_path / "meta").symlink_to("real")
    assert linked_part("real/b.json") is None
    assert linked_part("meta/b.json") == "meta"
    assert linked_part("./meta/../real/b.json") == "meta"
    assert linked_part(tmp_path / "meta" / "b.json") == "meta"
    assert linked_part(tmp_path / "real" / "b.json") is None


def test_the_changes_own_copies_neither_fill_a_bucket_nor_crowd_out_the_source(repo: Path, seeds_dir: Path) -> None:
    """70 copies of 001 in one pull request all passed the gate, "no reuse found": each index key of 001 was
    then held by 71 articles, over ``max_bucket`` (64), and ignored as boilerplate.  And copies sharing more
    keys with one another than with 001 (one word changed) took every one of the ``max_candidates`` places,
    so 001 was never verified.  The change's own texts count in no bucket and come after the corpus among
    the candidates (here 6 copies, ``max_bucket`` 4, ``max_candidates`` 3: each half alone still passed)."""
    text = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8")
    for i in range(6):
        (repo / "seeds" / f"zz{i}.txt").write_text(text.replace("Kremlin", "Kremlin office"), "utf-8")
    _commit(repo, "six copies of 001")
    result = _gate("--format", "json", "--set", "max_bucket=4", "--max-candidates", "3")
    assert result.exit_code == 1, result.output
    for checked in json.loads(result.stdout)["files"]:
        assert checked["verdict"] == "fail"
        assert SEED_B in [m["source"] for m in checked["matches"]], checked


def test_a_story_archived_more_often_than_a_bucket_holds_still_finds_its_copy(repo: Path, seeds_dir: Path) -> None:
    """A wire story the archive holds more than ``max_bucket`` times had every index key over the bucket limit,
    ignored as boilerplate: a new, uncredited copy of it passed, "no reuse found" (here 6 archived texts,
    ``max_bucket`` 4).  An archived text holding half the copy's keys, counting those, is a candidate."""
    text = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8")
    for i in range(5):
        (repo / "seeds" / f"pickup{i}.txt").write_text(text.replace("Kremlin", f"Kremlin ({i})"), "utf-8")
    _commit(repo, "five pickups of 001")
    (repo / "seeds" / "new.txt").write_text(text.replace("Kremlin", "Kremlin office"), "utf-8")
    _commit(repo, "one more")
    result = _gate("--format", "json", "--set", "max_bucket=4")
    assert result.exit_code == 1, result.output
    (checked,) = json.loads(result.stdout)["files"]
    assert checked["verdict"] == "fail" and checked["matches"], checked


def test_the_changes_texts_are_keyed_again_only_when_a_key_is_over_the_limit(
    repo: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every check keyed each checked text twice (the index's keys of its raw text, for the bucket counts
    above, beside its signature): +55% at 100 kB, for counts no lookup needed unless a key was held more than
    ``max_bucket`` times.  They are keyed once, and only then."""
    import provenance.ci.check as check

    keyed: list[int] = []
    text_keys = check.text_keys
    monkeypatch.setattr(check, "text_keys", lambda text, settings: keyed.append(0) or text_keys(text, settings))
    text = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8")
    (repo / "seeds" / "copy.txt").write_text(text.replace("Kremlin", "Kremlin office"), "utf-8")
    _commit(repo, "one copy of 001")
    assert _gate().exit_code == 1 and keyed == []
    for i in range(5):
        (repo / "seeds" / f"zz{i}.txt").write_text(text.replace("Kremlin", f"Kremlin ({i})"), "utf-8")
    _commit(repo, "five more")
    assert _gate("--set", "max_bucket=4").exit_code == 1 and len(keyed) == 5  # the five changed, once each


_OWN = (
    "<p>The harbour committee met on Tuesday evening to discuss the new ferry timetable for the winter.</p>"
    "<p>Several residents asked whether the early boat would still stop at the northern pier after October.</p>"
    "<p>The chair promised a written answer before the next meeting, planned for the first week of December.</p>"
)
"""Three paragraphs of a page's own, copied from nothing."""


@pytest.mark.parametrize(
    "page",
    [
        "<style>.x{{display:block}}</style><article>{own}<div hidden class=x>{copy}</div></article>",
        "<style>[hidden]{{display:inline}}</style><article>{own}<div hidden>{copy}</div></article>",
        "<article>{own}<div hidden style='display:block'>{copy}</div></article>",
        "<style>div{{content-visibility:visible}}</style><article>{own}<div hidden=until-found>{copy}</div></article>",
        "<article>{own}<span hidden=until-found>{copy}</span></article>",
        "<article>{own}<div style='clip-path: inset(50% 0 0 0)'>{copy}</div></article>",
        "<style>.c{{clip-path:inset(60% 0 0)}}</style><article>{own}<div class=c>{copy}</div></article>",
    ],
    ids=["class", "attribute", "inline", "until-found shown", "until-found inline", "inset", "inset sheet"],
)
def test_a_copy_in_an_element_the_page_shows_again_fails(page: str, seeds_dir: Path, tmp_path: Path) -> None:
    """A whole copy of 001 beside three paragraphs of the page's own passed ("no reuse found", exit 0) when
    kept in an element a browser shows: one with the ``hidden`` attribute that the page's own rule or inline
    style displays again (the attribute is the browser's ``display: none``, under any rule of the page), a
    ``<span hidden=until-found>`` (its ``content-visibility: hidden`` hides nothing of an inline box), or one
    ``clip-path: inset(50% 0 0 0)`` clips the top half of (read as clipping it all)."""
    _page_fails(page, tmp_path / "shown.html", seeds_dir)


@pytest.mark.parametrize(
    "page",
    [
        "<article>{own}<div style='position:absolute;left:-9999px'><p>{paragraph}</p></div></article>",
        "<article>{own}<div style='text-indent:-9999px'><p>{paragraph}</p></div></article>",
        "<article>{own}<div style='text-indent:-9999px'>{lines}</div></article>",
        "<style>.t{{text-indent:-9999px}} .t p{{text-indent:0}}</style><article>{own}<div class=t>{copy}</div>",
        "<article>{own}<div style='position:absolute;left:-9999px;padding-left:10100px'>{copy}</div></article>",
        "<article>{own}<div style='position:relative;left:-9999px'><div style='position:fixed;top:0'>{copy}</div>",
        "<article>{own}<div style='position:absolute;left:-9999px;transform:translateX(9999px)'>{copy}</div>",
    ],
    ids=["long line", "long first line", "lines after br", "indent reset", "padding", "fixed child", "transform"],
)
def test_a_copy_moved_off_the_screen_that_reaches_it_again_fails(page: str, seeds_dir: Path, tmp_path: Path) -> None:
    """A whole copy of 001 beside three paragraphs of the page's own passed ("no reuse found", exit 0) in a box
    moved off the screen (``left: -9999px``, ``text-indent: -9999px``) that a browser shows most of: one long
    paragraph (an absolute box is as wide as its text, up to the screen and the offset: each line's end is on
    the screen; an indent moves the first line only), lines after a ``<br>``, a child that sets its indent
    again, a padding, a transform or a fixed child that carries it back."""
    _page_fails(page, tmp_path / "moved.html", seeds_dir)


@pytest.mark.parametrize(
    "tag", ['<div title="the hidden story">', '<div class="hidden-print">', "<div data-note='display:none'>"]
)
def test_a_copy_in_markdown_under_the_word_hidden_fails(tag: str, seeds_dir: Path, tmp_path: Path) -> None:
    """Markdown renders raw HTML, and the Markdown reader blanked an element whose tag held the word "hidden"
    or "display:none" anywhere, an attribute's value too: a whole copy of 001 in two ``<div title="the hidden
    story">`` (each under the 4,000 characters searched for its end tag) beside three paragraphs of the page's
    own passed, "no reuse found".  A tag hides its element by a ``hidden`` attribute or its style alone."""
    lines = _copy_lines(seeds_dir)
    own = re.sub(r"</?p>", "\n\n", _OWN)
    halves = ("\n\n".join(lines[: len(lines) // 2]), "\n\n".join(lines[len(lines) // 2 :]))
    page = own + "".join(f"\n{tag}\n\n{half}\n\n</div>\n" for half in halves)
    _check_fails(tmp_path / "copy.md", page, seeds_dir)


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("copy.txt", "\u202e{}\u202c"),
        ("copy.md", "\u202e{}"),
        ("copy.html", "<p>&#x202E;<b>{}</b></p>"),
        ("bdo.html", "<p><bdo dir=RTL>{}</bdo></p>"),
        ("inline.html", "<p style='unicode-bidi: bidi-override; direction: rtl'>{}</p>"),
        ("sheet.html", "<style>.r{{unicode-bidi:bidi-override}}</style><div dir=rtl><p class=r>{}</p></div>"),
        ("block.html", "<div>\u202e{}\u202c<p>A line of the page's own.</p></div>"),
        ("unended.html", "<div><b>\u202e</b>{}<p>A line of the page's own.</p></div>"),
    ],
)
def test_a_copy_typed_backwards_under_a_right_to_left_override_fails(
    name: str, line: str, seeds_dir: Path, tmp_path: Path
) -> None:
    """Each line of 001 written backwards after U+202E (RIGHT-TO-LEFT OVERRIDE), in a ``<bdo dir=rtl>`` or
    under CSS's ``unicode-bidi: bidi-override`` right to left (inline, or a rule under ``dir=rtl``), which every
    browser and editor shows right to left, reads as 001 on the screen; it passed check and the
    gate, "no reuse found" (the override was folded away as invisible, or dropped by trafilatura, the letters
    left backwards).  So did U+202E typed in the text of a ``<div>`` that also holds a ``<p>`` (the
    differential fuzz's last misses, ``benchmarks/fuzz_browser.py``): a browser shows the run up to the block
    reversed, ended or not, across inline markup.  A text is read in the order it is shown."""
    lines = _copy_lines(seeds_dir)
    _check_fails(tmp_path / name, "\n\n".join(line.format(text[::-1]) for text in lines), seeds_dir)


@pytest.mark.parametrize(
    "page",
    [
        "<div hidden><style>.r{{direction:rtl;unicode-bidi:bidi-override}}</style></div><article>{own}{backwards}",
        "<div style='visibility:hidden'><style>.r{{direction:rtl;unicode-bidi:bidi-override}}</style></div>"
        "<article>{own}{backwards}",
        "<article>{own}{copy}<template><style>.copy{{display:none}}</style></template></article>",
        "<article>{own}{copy}<noscript><style>.copy{{display:none}}</style></noscript></article>",
    ],
    ids=["hidden sheet", "invisible sheet", "template sheet", "noscript sheet"],
)
def test_a_style_sheet_applies_where_a_browser_applies_it(page: str, seeds_dir: Path, tmp_path: Path) -> None:
    """A browser applies a ``<style>`` wherever it sits, in a hidden element too, and never one inside a
    ``<template>`` (inert) or a ``<noscript>`` (its text when scripts run): a copy of 001 typed backwards under a
    right-to-left rule kept in ``<div hidden>`` stayed backwards, and a shown copy hidden by a rule in a
    ``<template>`` was read as hidden; both passed, "no reuse found"."""
    _page_fails(page, tmp_path / "sheet.html", seeds_dir)


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_a_copy_spaced_with_hangul_fillers_fails(suffix: str, seeds_dir: Path, tmp_path: Path) -> None:
    """001 with a Hangul filler (U+3164) for every space, which a browser draws as a blank, reads as 001 on the
    screen; it passed check and the gate, "no reuse found": the filler was folded away as invisible, the words
    matched glued together."""
    text = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8-sig").replace(" ", "\u3164")
    if suffix == ".html":
        text = "<html><body><article>" + "".join(f"<p>{html.escape(p)}</p>" for p in text.splitlines()) + "</article>"
    _check_fails(tmp_path / f"copy{suffix}", text, seeds_dir)


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_a_copy_with_zero_width_spaces_for_spaces_fails(suffix: str, seeds_dir: Path, tmp_path: Path) -> None:
    """001 with a zero-width space (U+200B, or ``&#x200B;`` in a page) for every space, its words run together
    on the screen, passed check and the gate, "no reuse found": the character was folded away as invisible
    (and trafilatura drops it), each line matched as one word.  A line that uses it as its spaces reads it so."""
    lines = _copy_lines(seeds_dir)
    if suffix == ".txt":
        text = "\n\n".join(line.replace(" ", "\u200b") for line in lines)
    else:
        paragraphs = "".join(f"<p>{html.escape(line).replace(' ', '&#x200B;')}</p>" for line in lines)
        text = f"<html><body><article>{_OWN}{paragraphs}</article></body></html>"
    _check_fails(tmp_path / f"copy{suffix}", text, seeds_dir)


@pytest.mark.parametrize("overlay", ["\u0336", "\u0338", "\u0335", "\u20d8", "\u20e5", "\u20dd"])
@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_a_copy_with_an_overlay_on_every_letter_fails(
    overlay: str, suffix: str, seeds_dir: Path, tmp_path: Path
) -> None:
    """001 with a combining overlay on every letter (a long stroke, ``T̶h̶e̶`` as "strikethrough text" generators
    make it, a long solidus, a short stroke, a ring, a reverse solidus, an enclosing circle), which a reader
    reads as 001 struck through or slashed, passed check and the gate, "no reuse found": the marks stayed in
    the words.  They are left out of matching, as the invisible characters are."""
    lines = [re.sub(r"(\w)", rf"\1{overlay}", line) for line in _copy_lines(seeds_dir)]
    if suffix == ".txt":
        text = "\n\n".join(lines)
    else:
        text = "<html><body><article>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines) + "</article>"
    _check_fails(tmp_path / f"copy{suffix}", text, seeds_dir)


@pytest.mark.parametrize("source", ["", ' src=""', ' src="data:,"'])
def test_a_copy_kept_as_the_alt_text_of_images_with_no_source_fails(
    source: str, seeds_dir: Path, tmp_path: Path
) -> None:
    """001 kept a line an image as ``<img alt="…">`` with no source (or an empty one, or a ``data:`` address
    holding no image), beside three paragraphs of the page's own: every browser shows the alt text in the
    image's place, and it passed check and the gate, "no reuse found" (trafilatura reads no alt text)."""
    images = "".join(f'<p><img{source} alt="{html.escape(line)}"></p>' for line in _copy_lines(seeds_dir))
    _check_fails(tmp_path / "images.html", f"<html><body><article>{_OWN}{images}</article></body></html>", seeds_dir)


@pytest.mark.parametrize("source", ["", '<source srcset="">'])
def test_a_copy_kept_as_the_alt_text_of_images_in_a_picture_of_no_source_fails(
    source: str, seeds_dir: Path, tmp_path: Path
) -> None:
    """001 kept a line an image with no source in a ``<picture>`` that gives it none (no ``<source>``, or one
    of an empty ``srcset``): Chromium shows the alt text (``tests/test_browser.py``), and it passed check and the
    gate, "no reuse found": an image in any ``<picture>`` was read as showing none, and trafilatura deletes a
    ``<picture>`` with what it holds."""
    images = "".join(
        f'<p><picture>{source}<img alt="{html.escape(line)}"></picture></p>' for line in _copy_lines(seeds_dir)
    )
    _check_fails(tmp_path / "images.html", f"<html><body><article>{_OWN}{images}</article></body></html>", seeds_dir)


@pytest.mark.parametrize("first", [0x1F150, 0x1F170, 0x1F1E6])
def test_a_copy_in_letters_on_black_circles_or_squares_fails(first: int, seeds_dir: Path, tmp_path: Path) -> None:
    """001 with every letter typed as its negative circled or squared capital (``🅣🅗🅔``, ``🆃🅷🅴``, what
    "fancy text" generators make) or its regional indicator (boxed letters, a zero-width space between two so
    that none makes a flag), which a reader reads as the words, passed check and the gate, "no reuse found":
    no normal form folds these symbols, and the confusables data holds none.  Each is read as its capital."""
    boxed = {c: chr(first + ord(c.upper()) - 65) for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    if first == 0x1F1E6:
        boxed = {c: b + "\u200b" for c, b in boxed.items()}
    text = "\n\n".join("".join(boxed.get(c, c) for c in line) for line in _copy_lines(seeds_dir))
    _check_fails(tmp_path / "copy.txt", text, seeds_dir)


def test_a_copy_in_parenthesized_letters_fails(seeds_dir: Path, tmp_path: Path) -> None:
    """001 with every letter typed as its parenthesized small letter (``⒯⒣⒠``, what "fancy text" generators
    make), which a reader reads as the words, passed check and the gate, "no reuse found": NFKC makes each
    three characters, ``(t)(h)(e)``, a word a letter.  Each is read as its letter, every offset in place."""
    text = "\n\n".join(
        "".join(chr(0x249C + ord(c.lower()) - 97) if c.isascii() and c.isalpha() else c for c in line)
        for line in _copy_lines(seeds_dir)
    )
    _check_fails(tmp_path / "copy.txt", text, seeds_dir)
    assert fold("\u249f\u24a1\u24a0").text == "dfe"


@pytest.mark.parametrize("form", ["&#{};", "&#x{:x};", "&#X{:X};"])
def test_a_copy_in_markdown_with_every_letter_a_character_reference_fails(
    form: str, seeds_dir: Path, tmp_path: Path
) -> None:
    """001 as Markdown with every letter written as a character reference (``&#84;&#104;&#101;``), which
    CommonMark (and GitHub) shows as the letters, passed check and the gate, "no reuse found": the references
    were read as written.  Outside code, each is read as its character."""
    lines = ["".join(form.format(ord(c)) if c.isalpha() else c for c in line) for line in _copy_lines(seeds_dir)]
    _check_fails(tmp_path / "copy.md", "\n\n".join(lines), seeds_dir)


@pytest.mark.parametrize(
    "element",
    [
        '<textarea cols="100" rows="6">{}</textarea>',
        '<svg width="1200" height="40"><text x="0" y="20">{}</text></svg>',
        "<select><option>{}</option></select>",
        "<object>{}</object>",
        '<object data="movie.swf" width="800" height="60">{}</object>',
        "<marquee>{}</marquee>",
        "<dialog open>{}</dialog>",
        '<p><input size="500" value="{}"></p>',
        '<p><input type="image" alt="{}"></p>',
    ],
)
def test_a_copy_in_form_controls_drawings_or_a_marquee_fails(element: str, seeds_dir: Path, tmp_path: Path) -> None:
    """001 a line an element that every browser shows the text of, but trafilatura deletes with it (a text
    area, an SVG drawing's ``<text>``, a one-option ``<select>``, an ``<object>`` without data showing its
    fallback, a ``<marquee>``, an open ``<dialog>``, an input's value, an image input's alt text), beside three
    paragraphs of the page's own, passed check and the gate, "no reuse found"."""
    body = "".join(element.format(html.escape(line)) for line in _copy_lines(seeds_dir))
    _check_fails(tmp_path / "page.html", f"<html><body><article>{_OWN}{body}</article></body></html>", seeds_dir)


@pytest.mark.parametrize("encoding", ["percent", "base64"])
def test_a_copy_in_a_frame_of_a_data_address_fails(encoding: str, seeds_dir: Path, tmp_path: Path) -> None:
    """001 in ``<iframe src="data:text/html,…">`` (percent-encoded, or base64), which Chromium loads and shows
    without any fetch, passed check and the gate, "no reuse found": only a ``srcdoc`` frame was read."""
    copy = "".join(f"<p>{html.escape(line)}</p>" for line in _copy_lines(seeds_dir))
    if encoding == "base64":
        src = "data:text/html;base64," + base64.b64encode(copy.encode("utf-8")).decode("ascii")
    else:
        src = "data:text/html;charset=utf-8," + urllib.parse.quote(copy)
    frame = f'<iframe width="880" height="3000" src="{html.escape(src)}"></iframe>'
    _check_fails(tmp_path / "page.html", f"<html><body><article>{_OWN}</article>{frame}</body></html>", seeds_dir)


@pytest.mark.parametrize("end", ["</body></html>", "</html>", "</BODY >"])
def test_a_copy_after_the_pages_end_tag_fails(end: str, seeds_dir: Path, tmp_path: Path) -> None:
    """001 after ``</html>``, which every browser reads into the body and shows, passed check and the gate, "no
    reuse found": libxml2 drops what follows the page's end tag."""
    copy = "".join(f"<p>{html.escape(line)}</p>" for line in _copy_lines(seeds_dir))
    page = f"<html><head><title>Ours</title></head><body><article>{_OWN}</article>{end}{copy}"
    _check_fails(tmp_path / "page.html", page, seeds_dir)


@pytest.mark.parametrize(
    "shadow",
    [
        "<div><template shadowrootmode=open>{copy}</template><p>Shown to no reader.</p></div>",
        "<div><template shadowrootmode=closed><section>{copy}</section></template></div>",
        "<div><template shadowrootmode=open><slot></slot></template>{copy}</div>",
        "<div><template shadowrootmode=open><slot name=s><p>Gone.</p></slot></template><div slot=s>{copy}</div></div>",
        "<div><template shadowrootmode=open><b><template shadowrootmode=open>{copy}</template></b></template></div>",
    ],
)
def test_a_copy_in_a_declarative_shadow_root_fails(shadow: str, seeds_dir: Path, tmp_path: Path) -> None:
    """001 in an element's declarative shadow root (``<template shadowrootmode=open>``, which every current
    browser shows in place of the element's own content), after three paragraphs of the page's own, passed
    check, "no reuse found": it was dropped as a template's content.  So did it slotted, or in a shadow root
    nested in one."""
    copy = "".join(f"<p>{html.escape(line)}</p>" for line in _copy_lines(seeds_dir))
    page = (
        f"<html><head><title>Ours</title></head><body><article>{_OWN}{shadow.format(copy=copy)}</article></body></html>"
    )
    _check_fails(tmp_path / "page.html", page, seeds_dir)


@pytest.mark.parametrize("table", [False, True])
def test_a_copy_typed_as_a_mathml_formula_fails(table: bool, seeds_dir: Path, tmp_path: Path) -> None:
    """001 as MathML text (a line an ``<mtext>`` of a ``<math display=block>``, or a row each of one formula's
    ``<mtable>``), which Chromium shows, a paragraph a line, passed check and the gate, "no reuse found": the
    page's reading left formulas out, in the article and outside it.  Its annotations (a TeX source) are never
    shown, and not read."""
    lines = [html.escape(line) for line in _copy_lines(seeds_dir)]
    if table:
        rows = "".join(f"<mtr><mtd><mtext>{line}</mtext></mtd></mtr>" for line in lines)
        body = f"<math><semantics><mtable>{rows}</mtable><annotation>Our own words.</annotation></semantics></math>"
    else:
        body = "".join(f'<math display="block"><mtext>{line}</mtext></math>' for line in lines)
    _check_fails(tmp_path / "page.html", f"<html><body><article>{_OWN}{body}</article></body></html>", seeds_dir)
    outside = f"<html><body><article>{_OWN}</article><aside>{body}</aside></body></html>"
    _check_fails(tmp_path / "aside.html", outside, seeds_dir)


@pytest.mark.parametrize("source", ["", ' src=""', ' src="data:,"'])
def test_a_copy_as_the_alt_text_of_html_images_in_markdown_fails(source: str, seeds_dir: Path, tmp_path: Path) -> None:
    """001 as Markdown, a line an inline HTML ``<img alt="…">`` naming no source, which a Markdown page shows
    as the alt text in the image's place (as every browser shows such an image), passed check and the gate,
    "no reuse found": the tag was blanked with its alt text.  An image with a source shows none, and stays
    blanked."""
    lines = [f'<img{source} class="photo" alt="{html.escape(line)}">' for line in _copy_lines(seeds_dir)]
    _check_fails(
        tmp_path / "copy.md", "Our own words on the story, a sentence of them.\n\n" + "\n\n".join(lines), seeds_dir
    )
    masked, _ = mask_markdown('<img src="x.png" alt="Not shown at all">')
    assert not masked.strip()


@pytest.mark.parametrize("marks", ["\u0332", "\u0333", "\u033d", "\u0301", "\u0315\u0330\u0354\u0346"])
def test_a_copy_with_a_mark_under_or_over_every_letter_fails(marks: str, seeds_dir: Path, tmp_path: Path) -> None:
    """001 with the same combining marks after every letter and digit (an underline U+0332 or a double one, as
    "underlined text" generators make it, a cross above, an acute, a "Zalgo" stack), which a reader reads as
    001 decorated, passed check and the gate, "no reuse found": the marks stayed in every word (an acute
    composed into other letters).  A line whose words bear a mark on every letter is read without them."""
    text = "\n\n".join(re.sub(r"(\w)", rf"\1{marks}", line) for line in _copy_lines(seeds_dir))
    _check_fails(tmp_path / "copy.txt", text, seeds_dir)


def test_a_copy_in_small_capitals_fails(seeds_dir: Path, tmp_path: Path) -> None:
    """001 with every small letter typed as its small capital (``ᴛʜᴇ ᴍɪɴɪꜱᴛᴇʀ``, what "fancy text" generators
    make), which a reader reads as the words, passed check and the gate, "no reuse found": Unicode's
    confusables data maps few small capitals to their letters.  Every one is read as its letter."""
    small = str.maketrans("abcdefghijklmnopqrstuvwyz", "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢ")
    text = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8-sig").translate(small)
    (tmp_path / "copy.txt").write_text(text, "utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "copy.txt"), "--corpus", str(seeds_dir)])
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith(f"{tmp_path / 'copy.txt'}: FAIL") and SEED_B in result.stdout


@pytest.mark.parametrize("how", ["strings", "attr", "control"])
def test_a_copy_generated_by_the_pages_style_sheet_fails(how: str, seeds_dir: Path, tmp_path: Path) -> None:
    """A whole copy of 001 kept in the page's style sheet, one ``p.cN::before{content: "…"}`` rule a line (or
    ``content: attr(data-t)`` with the line in the attribute), beside three paragraphs of the page's own: every
    browser shows it, and it passed check and the gate, "no reuse found" (no generated text was read).  A CSS
    escape of a control character in such a string (``\\1 ``, drawn as nothing) made the whole page unreadable
    ("HTML could not be parsed (ValueError)"): the gate stopped on a page a browser shows."""
    lines = _copy_lines(seeds_dir)
    if how != "attr":
        end = " \\1 " if how == "control" else ""
        rules = " ".join(
            f'.c{n}::before{{content:"{line.replace(chr(34), chr(92) + chr(34))}{end}"}}'
            for n, line in enumerate(lines)
        )
        body = "".join(f"<p class=c{n}></p>" for n in range(len(lines)))
    else:
        rules = "p[data-t]::after{content:attr(data-t)}"
        body = "".join(f'<p data-t="{html.escape(line)}"></p>' for line in lines)
    page = f"<html><head><style>{rules}</style></head><body><article>{_OWN}{body}</article></body></html>"
    _check_fails(tmp_path / "styled.html", page, seeds_dir)


@pytest.mark.parametrize("how", ["added", "moved"])
def test_a_submodule_the_change_adds_under_the_corpus_is_refused(
    how: str, repo: Path, seeds_dir: Path, tmp_path: Path
) -> None:
    """``git submodule add ../wire seeds/wire``, the other repository holding a copy of 001 (or a submodule of
    the base moved to such a commit): git lists one gitlink where the folder is and none of its files, so the
    gate said "no new or modified articles under seeds/" (exit 0), though a checkout with its submodules (and
    a site built from it) publishes the copy."""
    wire = tmp_path / "wire"
    wire.mkdir()
    (wire / "note.txt").write_text("A short note on the weather in the valley this week.\n", encoding="utf-8")
    git_repo(wire, "a note")
    if how == "moved":
        git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(wire), "seeds/wire")
        _commit(repo, "the wire as a submodule, reviewed")
    (wire / "copy.txt").write_text((seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8-sig"), encoding="utf-8")
    commit_all(wire, "a wire story")
    if how == "moved":
        git(repo / "seeds" / "wire", "pull", "-q", str(wire), "HEAD")
    else:
        git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(wire), "seeds/wire")
    _commit(repo, f"{how} the wire")
    assert (repo / "seeds" / "wire" / "copy.txt").is_file()
    for args in ((), ("--config-from-base",), ("--format", "json")):
        line = assert_one_line_error(_gate(*args))
        assert (
            line == "provenance: error: seeds/wire: a submodule (another repository's files, never checked); not read"
        )


def test_a_git_lfs_pointer_is_refused_never_passed(repo: Path, seeds_dir: Path) -> None:
    """A change whose ``.gitattributes`` stores ``seeds/wire.txt`` in Git LFS: a checkout without LFS
    (``actions/checkout``'s default) holds the three-line pointer, which the gate read as the article, "no
    reuse found", exit 0, while the site, built with LFS, publishes the copy of 001 it points to."""
    copy = (seeds_dir / f"{SEED_B}.txt").read_bytes()
    pointer = f"version https://git-lfs.github.com/spec/v1\noid sha256:{hashlib.sha256(copy).hexdigest()}\n"
    (repo / "seeds" / "wire.txt").write_text(pointer + f"size {len(copy)}\n", encoding="utf-8")
    (repo / ".gitattributes").write_text("seeds/wire.txt filter=lfs diff=lfs merge=lfs -text\n", encoding="utf-8")
    _commit(repo, "store a copy in LFS")
    reason = "a Git LFS pointer, not the article, which is in LFS storage: fetch it first"
    assert reason in assert_one_line_error(_gate())
    assert reason in assert_one_line_error(CliRunner().invoke(main, ["check", "seeds/wire.txt"]))


@pytest.mark.parametrize("key", ["text", "id"])
def test_an_export_line_naming_a_key_twice_is_refused(key: str, repo: Path, seeds_dir: Path) -> None:
    """``{"id": "w", "text": COPY, "text": "short"}``: Python's json keeps the last value, so the gate checked
    "short", "PASS (no reuse found)", exit 0, while a reader keeping the first (simdjson's ``find_field``,
    gjson) publishes the copy of 001. (With the id twice, the line claimed one id and was indexed under another.)"""
    copy = json.dumps((seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8-sig"))
    short = json.dumps("A short note on the weather in the valley this week, and nothing else at all.")
    line = (
        f'{{"id": "w", "text": {copy}, "text": {short}}}'
        if key == "text"
        else f'{{"id": "w", "id": "v", "text": {short}}}'
    )
    (repo / "seeds" / "wire.jsonl").write_text(line + "\n", encoding="utf-8")
    _commit(repo, "a line with a key twice")
    error = f"provenance: error: seeds/wire.jsonl:1: the key {key!r} given twice (readers differ on which value counts)"
    assert assert_one_line_error(_gate()) == error
    assert assert_one_line_error(CliRunner().invoke(main, ["check", "seeds/wire.jsonl"])) == error


@pytest.mark.parametrize("field", ["summary: |", "excerpt: >-", "description:\n-"])
def test_a_copy_in_a_markdown_front_matter_field_fails(field: str, seeds_dir: Path, tmp_path: Path) -> None:
    """A whole copy of 001 as the ``summary`` (``excerpt``, ``description``) of a Markdown article's front
    matter, which Hugo and Jekyll themes show on the page or its listing, beside two paragraphs of the
    article's own: the front matter was blanked whole, and the check passed, "no reuse found"."""
    lines = _copy_lines(seeds_dir)
    key, _, marker = field.partition("\n")
    value = "".join(f"{marker or ' '} {line}\n" for line in lines)
    page = f"---\ntitle: Weather\nlayout: post\n{key}\n{value}tags: [weather]\n---\n\n{_OWN}\n"
    _check_fails(tmp_path / "weather.md", page, seeds_dir)


@pytest.mark.parametrize("suffix", [".md", ".jsonl"])
def test_a_copy_kept_as_the_title_fails_and_a_headline_stays_metadata(
    suffix: str, seeds_dir: Path, tmp_path: Path
) -> None:
    """A whole copy of 001 as the ``title`` of a Markdown article's front matter or of an export's line, which
    a site shows as the page's heading, above two sentences of the article's own: the title was read as
    metadata only, and the check passed, "no reuse found".  A headline (under 25 words) is still metadata alone."""
    copy = " ".join((seeds_dir / f"{SEED_B}.txt").read_text("utf-8-sig").split())
    own = "The harbour committee met on Tuesday evening. The chair promised a written answer before December."
    headline = "Iran and Russia to sign a strategic partnership treaty in Moscow"
    for title, code in ((copy, 1), (headline, 0)):
        if suffix == ".md":
            body = f"---\ntitle: {title}\nlayout: post\n---\n\n{own}\n"
        else:
            body = json.dumps({"id": "w", "title": title, "text": own}) + "\n"
        (tmp_path / f"w{suffix}").write_text(body, "utf-8")
        result = CliRunner().invoke(main, ["check", str(tmp_path / f"w{suffix}"), "--corpus", str(seeds_dir)])
        assert result.exit_code == code, result.output
    read = list(load_articles(tmp_path / f"w{suffix}"))
    assert [d.text.strip() for d in read if isinstance(d, Document)] == [own]


def test_a_copy_kept_as_the_alt_text_of_a_missing_image_fails(seeds_dir: Path, tmp_path: Path) -> None:
    """A whole copy of 001 as the alt text of a Markdown image that does not load (``![COPY](missing.png)``),
    which Chromium shows as a paragraph where the image would be, after two sentences of the article's own:
    the image was blanked whole, alt text too, and the check passed, "no reuse found"."""
    copy = " ".join((seeds_dir / f"{SEED_B}.txt").read_text("utf-8-sig").split())
    own = "The harbour committee met on Tuesday evening. The chair promised a written answer before December."
    page = f"{own}\n\n![{copy.replace('[', '(').replace(']', ')')}](missing.png)\n"
    _check_fails(tmp_path / "photo.md", page, seeds_dir)


@pytest.mark.parametrize("suffix", [".mkd", ".mdown", ".xhtml", ".rst"])
def test_a_page_in_a_format_no_reader_reads_is_refused(suffix: str, repo: Path, seeds_dir: Path) -> None:
    """A copy of 001 saved as ``seeds/copy.mkd`` (Jekyll's and Hugo's Markdown spellings, XHTML, reStructuredText:
    pages a static site publishes) was no article of the corpus: the gate said "no new or modified articles
    under seeds/", exit 0.  It is refused by name; a file an exclude glob sets aside is not."""
    copy = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8-sig")
    (repo / "seeds" / f"copy{suffix}").write_text(copy, encoding="utf-8")
    _commit(repo, "a copy in another format")
    line = assert_one_line_error(_gate())
    assert line.startswith(f"provenance: error: seeds/copy{suffix}: a page in a format provenance does not read")
    config = repo / "pyproject.toml"
    config.write_text(f'[tool.provenance.corpus]\nexclude = ["*{suffix}"]\n', encoding="utf-8")
    _commit(repo, "set such files aside")
    result = _gate("--base", "HEAD~2")
    assert result.exit_code == 0, result.output
    assert "no new or modified articles" in result.output


@pytest.mark.parametrize("suffix", [".txt.gz", ".html.gz", ".md.GZ"])
def test_a_compressed_copy_is_checked_as_any_article(suffix: str, repo: Path, seeds_dir: Path) -> None:
    """A copy of 001 saved as ``seeds/copy.txt.gz``: no reader read ``.gz`` and the gate passed over it ("no new
    or modified articles under seeds/", exit 0), while an archive stored so is read.  It is checked as the
    page it compresses, and fails."""
    import gzip

    copy = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8-sig")
    if suffix.startswith(".html"):
        copy = "<html><body><article>" + "".join(f"<p>{html.escape(p)}</p>" for p in copy.split("\n\n")) + "</article>"
    (repo / "seeds" / f"copy{suffix}").write_bytes(gzip.compress(copy.encode("utf-8"), mtime=0))
    _commit(repo, "a compressed copy")
    result = _gate("--format", "json")
    assert result.exit_code == 1, result.output
    (checked,) = json.loads(result.stdout)["files"]
    assert checked["path"] == f"seeds/copy{suffix}" and checked["verdict"] == "fail"
    assert checked["matches"][0]["source"] == SEED_B


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("copy.mkd.gz", None, "a page in a format provenance does not read"),
        ("copy.txt.gz", b"never compressed", "not a readable gzip file"),
        ("copy.html.gz", b"\x1f\x8b" + b"\0" * 40, "not a readable gzip file"),
    ],
    ids=["unread-format", "not-gzip", "corrupt-gzip"],
)
def test_a_compressed_file_that_is_no_readable_article_is_refused(
    name: str, data: bytes | None, problem: str, repo: Path, seeds_dir: Path
) -> None:
    """A ``.gz`` the gate cannot read as an article is refused by name (exit 2), never passed unread: a page
    of a format no reader reads, compressed, or a file that is no gzip stream."""
    import gzip

    if data is None:
        data = gzip.compress((seeds_dir / f"{SEED_B}.txt").read_bytes(), mtime=0)
    (repo / "seeds" / name).write_bytes(data)
    _commit(repo, "a file no reader reads")
    line = assert_one_line_error(_gate())
    assert line.startswith(f"provenance: error: seeds/{name}: {problem}"), line


@pytest.mark.parametrize("label", ["[^1]:", "[1]:"])
def test_a_copy_in_a_footnote_or_a_line_read_as_a_link_definition_fails(
    label: str, seeds_dir: Path, tmp_path: Path
) -> None:
    """``[^1]: COPY`` (a footnote, which Jekyll's kramdown and Hugo's goldmark show at the page's end) and
    ``[1]: COPY`` (no link reference definition by CommonMark's rules: a paragraph) after two sentences of
    the article's own: every line opening ``[label]:`` was blanked as a link definition, and the check
    passed, "no reuse found"."""
    copy = " ".join((seeds_dir / f"{SEED_B}.txt").read_text("utf-8-sig").split())
    own = "The harbour committee met on Tuesday evening. The chair promised a written answer before December."
    _check_fails(tmp_path / "notes.md", f"{own} See the note[^1].\n\n{label} {copy}\n", seeds_dir)


@pytest.mark.parametrize("wrap", ["<p {}>", "<http://x.org {}>"])
def test_a_copy_in_angle_brackets_that_are_no_tag_fails(wrap: str, seeds_dir: Path, tmp_path: Path) -> None:
    """001 a line at a time as ``<p The Kremlin said, on Monday, …>`` (no HTML tag by CommonMark's rules, as
    ``said,`` is no attribute name: shown as text, brackets and all) or ``<http://x.org The Kremlin …>`` (a
    space ends an autolink), after two sentences of the article's own: each line was blanked as a tag, and
    the check passed, "no reuse found"."""
    lines = [
        line.replace("<", "(").replace(">", ")")
        for line in (seeds_dir / f"{SEED_B}.txt").read_text("utf-8-sig").splitlines()
    ]
    own = "The harbour committee met on Tuesday evening. The chair promised a written answer before December."
    body = "\n\n".join(wrap.format(line) for line in lines if line.strip())
    _check_fails(tmp_path / "angles.md", f"{own}\n\n{body}\n", seeds_dir)


@pytest.mark.parametrize("mark", ["```", "~~~"])
def test_a_copy_in_a_code_block_a_line_after_its_fence_mark_fails(mark: str, seeds_dir: Path, tmp_path: Path) -> None:
    """001 in a fenced code block, each line written after the fence's mark (three backticks, then ``The
    Kremlin said …``): inside a block such a line closes nothing and CommonMark shows it as code, but each
    was blanked as a fence line, and the check passed, "no reuse found"."""
    lines = _copy_lines(seeds_dir)
    own = "The harbour committee met on Tuesday evening. The chair promised a written answer before December."
    block = "".join(f"{mark}{line.replace('`', chr(39))}\n" for line in lines)
    _check_fails(tmp_path / "code.md", f"{own}\n\n{mark}\n{block}{mark}\n", seeds_dir)


@pytest.mark.parametrize("how", ["fenced", "indented", "spans"])
def test_a_copy_as_comments_in_code_fails(how: str, seeds_dir: Path, tmp_path: Path) -> None:
    """001 a line at a time as ``<!-- The Kremlin said … -->`` in a fenced or an indented code block, or in
    code spans, after two sentences of the article's own: code is shown as written, comments and all
    (markdown-it renders them as text), but each comment was blanked, and the check passed, "no reuse
    found"."""
    lines = [
        line.replace("-", " ").replace("`", "'")
        for line in (seeds_dir / f"{SEED_B}.txt").read_text("utf-8-sig").splitlines()
    ]
    comments = [f"<!-- {line} -->" for line in lines if line.strip()]
    own = "The harbour committee met on Tuesday evening. The chair promised a written answer before December."
    body = {
        "fenced": "```\n" + "\n".join(comments) + "\n```",
        "indented": "\n".join(f"    {c}" for c in comments),
        "spans": "\n".join(f"`{c}`" for c in comments),
    }[how]
    _check_fails(tmp_path / "code.md", f"{own}\n\n{body}\n", seeds_dir)


@pytest.mark.parametrize("how", [how for how, (*_, apart) in WORD_BOXES.items() if apart])
def test_a_copy_with_words_set_apart_by_css_alone_fails(how: str, seeds_dir: Path, tmp_path: Path) -> None:
    """001 typed with no space between its words, each word in a ``<span>`` the page's CSS sets apart (a
    margin, padding or border, an inline block's margin or width, a block, a generated space, a flex
    container's gap, a grid): a browser shows the words apart, and the check passed, "no reuse found" (each line
    read as one word, "TheKremlinsaidonMonday"; ``helpers.WORD_BOXES``, which Chromium measures)."""
    sheet, word, _ = WORD_BOXES[how]
    lines = _copy_lines(seeds_dir)
    body = "".join(f"<p class=w>{''.join(word.format(html.escape(w)) for w in line.split())}</p>" for line in lines)
    page = f"<html><head><style>{sheet}</style></head><body><article>{_OWN}{body}</article></body></html>"
    _check_fails(tmp_path / "parted.html", page, seeds_dir)


@pytest.mark.parametrize("how", list(TURNED_ROWS))
def test_a_copy_a_pages_layout_turns_round_fails(how: str, seeds_dir: Path, tmp_path: Path) -> None:
    """001 typed six words a row, each row's words backwards or shuffled in boxes the page's layout shows in their
    order (a flex container's ``row-reverse`` or ``order``, a grid's placed items, a table or grid right to left,
    boxes floated right, inline blocks in a right-to-left line; ``helpers.TURNED_ROWS``, which Chromium measures):
    a reader reads the copy, and the check passed, "no reuse found" (each row read backwards), in the article and
    in an aside."""
    sheet, row = TURNED_ROWS[how]
    words = [html.escape(word) for line in _copy_lines(seeds_dir) for word in line.split()]
    body = "".join(row(words[start : start + 6]) for start in range(0, len(words), 6))
    head = f"<head><style>{sheet}</style></head>"
    _check_fails(
        tmp_path / "turned.html", f"<html>{head}<body><article>{_OWN}{body}</article></body></html>", seeds_dir
    )
    aside = f"<html>{head}<body><article>{_OWN}</article><aside>{body}</aside></body></html>"
    _check_fails(tmp_path / "aside.html", aside, seeds_dir)


@pytest.mark.parametrize("columns", ["repeat(-3, 1fr)", "repeat(2, repeat(-3, 1fr))", "1fr repeat(-2, 1fr)"])
def test_a_copy_in_a_grid_of_an_invalid_column_count_fails(columns: str, seeds_dir: Path, tmp_path: Path) -> None:
    """001's paragraphs in a grid set right to left whose column count CSS does not allow (a count below 1, a
    ``repeat()`` within one: Chromium ignores the declaration and shows each paragraph): the grid was read as
    rows of -3 columns, none, and every paragraph was dropped, "no reuse found"."""
    copy = "".join(f"<p>{html.escape(line)}</p>" for line in _copy_lines(seeds_dir))
    grid = f'<div style="display:grid;grid-template-columns:{columns};direction:rtl">{copy}</div>'
    _check_fails(tmp_path / "grid.html", f"<html><body><article>{_OWN}{grid}</article></body></html>", seeds_dir)


def _wrapped(seeds_dir: Path, how: str) -> tuple[str, str]:
    """001 wrapped a few words a line, ``how``: the file's name and its text."""
    words = [word for line in _copy_lines(seeds_dir) for word in line.split()]
    escaped = [html.escape(word) for word in words]
    vocabulary = sorted(set(escaped), key=str.lower)
    own = "".join(f"<p>{' '.join(vocabulary[n : n + 15])}.</p>" for n in range(0, len(vocabulary), 15))
    cells = "".join(
        f"<tr>{''.join(f'<td>{w}</td>' for w in escaped[n : n + 6])}</tr>" for n in range(0, len(escaped), 6)
    )
    chunks = [words[n : n + 15] for n in range(0, len(words), 15)]
    return {
        "text wrapped at 25 characters": (
            "wrapped.txt",
            "\n\n".join(textwrap.fill(line, 25) for line in _copy_lines(seeds_dir)),
        ),
        "text wrapped at 20 characters, CRLF": (
            "wrapped.txt",
            "\n\n".join(textwrap.fill(line, 20) for line in _copy_lines(seeds_dir)).replace("\n", "\r\n"),
        ),
        "markdown wrapped at 20 characters, CRLF": (
            "wrapped.md",
            "\n\n".join(textwrap.fill(line, 20) for line in _copy_lines(seeds_dir)).replace("\n", "\r\n"),
        ),
        "markdown a word a line": (
            "wrapped.md",
            "\n\n".join("\n".join(line.split()) for line in _copy_lines(seeds_dir)),
        ),
        "a br after each word": (
            "wrapped.html",
            f"<html><body><article>{_OWN}<p>{'<br>'.join(escaped)}</p></article></body></html>",
        ),
        "a table a word a cell aside": (
            "aside.html",
            f"<html><body><article>{own}</article><aside><table>{cells}</table></aside></body></html>",
        ),
        "chunks after a line of chrome": (
            "chrome.txt",
            "\n\n".join("Tags:\n" + "\n".join(" ".join(c[n : n + 3]) for n in range(0, len(c), 3)) for c in chunks),
        ),
    }[how]


@pytest.mark.parametrize(
    "how",
    [
        "text wrapped at 25 characters",
        "text wrapped at 20 characters, CRLF",
        "markdown wrapped at 20 characters, CRLF",
        "markdown a word a line",
        "a br after each word",
        "a table a word a cell aside",
        "chunks after a line of chrome",
    ],
)
def test_a_copy_wrapped_a_few_words_a_line_fails(how: str, seeds_dir: Path, tmp_path: Path) -> None:
    """001 wrapped a few words a line (a plain text at 25 characters, a plain text and a Markdown file at 20 with
    CRLF line endings, which folding read as two breaks, an empty line between each two, a Markdown paragraph a
    word a line, which
    renders as the paragraph, a ``<br>`` after each word, a table a word a cell in an aside beside an article of
    the copy's own words, chunks each after a line of site chrome) passed check and the gate, "no reuse found" or
    a warning: each line was a sentence of its own, too short to align, and outside the body each word the
    article holds was left out."""
    name, text = _wrapped(seeds_dir, how)
    _check_fails(tmp_path / name, text, seeds_dir)


def _shown_by_address(how: str, line: str) -> str:
    """One line of a copy as ``how`` shows it: a ``data:`` page of an object or an embed, a drawing's words in an
    image or an object, a foreign object's HTML in an inline drawing."""
    escaped = html.escape(line)
    page = "data:text/html," + urllib.parse.quote(f"<p>{escaped}</p>")
    drawing = f'<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="30"><text y="20">{escaped}</text></svg>'
    encoded = base64.b64encode(drawing.encode()).decode()
    return {
        "object of a data page": f'<object data="{html.escape(page)}" type="text/html" width="900" height="60">'
        "Your browser shows no object.</object>",
        "embed of a data page": f'<embed src="{html.escape(page)}" type="text/html" width="900" height="60">',
        "image of a drawing": f'<p><img src="data:image/svg+xml,{html.escape(urllib.parse.quote(drawing))}"></p>',
        "object of a drawing": f'<p><object data="data:image/svg+xml;base64,{encoded}"></object></p>',
        "foreign object": f'<svg width="900" height="60"><foreignObject width="900" height="60"><p>{escaped}</p>'
        "</foreignObject></svg>",
    }[how]


@pytest.mark.parametrize(
    "how",
    ["object of a data page", "embed of a data page", "image of a drawing", "object of a drawing", "foreign object"],
)
def test_a_copy_shown_by_a_data_address_or_a_drawing_fails(how: str, seeds_dir: Path, tmp_path: Path) -> None:
    """001 a line at a time in what Chromium shows from a ``data:`` address without a fetch (an ``<object>`` or
    an ``<embed>`` of a page, an image or an object of an SVG drawing's words) or in an inline drawing's
    ``<foreignObject>``, beside three paragraphs of the page's own, passed check and the gate, "no reuse found":
    only an ``<iframe>``'s address was read, and a drawing's ``<text>`` alone.  A copy in an aside too."""
    body = "".join(_shown_by_address(how, line) for line in _copy_lines(seeds_dir))
    _check_fails(tmp_path / "page.html", f"<html><body><article>{_OWN}{body}</article></body></html>", seeds_dir)
    aside = f"<html><body><article>{_OWN}</article><aside>{body}</aside></body></html>"
    _check_fails(tmp_path / "aside.html", aside, seeds_dir)


@pytest.mark.parametrize(
    ("outer", "inner"),
    [
        ("object of a data page", "iframe"),
        ("embed of a data page", "object"),
        ("iframe", "object"),
        ("srcdoc", "iframe"),
        ("object of a data page", "object of a data page"),
    ],
)
def test_a_copy_shown_by_a_frame_inside_a_frame_fails(outer: str, inner: str, seeds_dir: Path, tmp_path: Path) -> None:
    """001 a line at a time in a frame inside an ``<object>``'s, an ``<embed>``'s or a frame's page (a ``data:``
    page, or a ``srcdoc``), which a browser shows, passed check and the gate, "no reuse found": only the outer
    frame was opened.  A few levels are read, bounded by what the page's own frames hold."""

    def framed(how: str, markup: str) -> str:
        page = "data:text/html," + urllib.parse.quote(markup)
        return {
            "object of a data page": f'<object data="{html.escape(page)}" type="text/html"></object>',
            "embed of a data page": f'<embed src="{html.escape(page)}" type="text/html">',
            "object": f'<object data="{html.escape(page)}"></object>',
            "iframe": f'<iframe src="{html.escape(page)}"></iframe>',
            "srcdoc": f'<iframe srcdoc="{html.escape(markup)}"></iframe>',
        }[how]

    lines = "".join(f"<p>{html.escape(line)}</p>" for line in _copy_lines(seeds_dir))
    body = framed(outer, framed(inner, lines))
    _check_fails(tmp_path / "page.html", f"<html><body><article>{_OWN}{body}</article></body></html>", seeds_dir)
    aside = f"<html><body><article>{_OWN}</article><aside>{body}</aside></body></html>"
    _check_fails(tmp_path / "aside.html", aside, seeds_dir)


def _nested(how: str, markup: str, depth: int) -> str:
    """``markup`` shown by ``depth`` frames one inside another: ``srcdoc`` frames, or frames or objects of a
    ``data:`` page."""
    for _ in range(depth):
        page = html.escape("data:text/html," + urllib.parse.quote(markup))
        markup = {
            "srcdoc": f'<iframe srcdoc="{html.escape(markup)}"></iframe>',
            "iframe": f'<iframe src="{page}"></iframe>',
            "object": f'<object data="{page}" type="text/html"></object>',
        }[how]
    return markup


@pytest.mark.parametrize("how", ["srcdoc", "iframe", "object"])
def test_a_copy_nested_six_frames_deep_fails(how: str, seeds_dir: Path, tmp_path: Path) -> None:
    """001 in the sixth of six frames one inside another, which Chromium shows (at 6, 12, 30 and 60
    levels tried), passed check and the gate, "no reuse found": the frames inside frames were opened while they
    held no more than three times what the page's own held, and the levels past it were dropped unread (a
    ``srcdoc`` copy 5 deep, a ``data:`` one 6 deep).  A copy in an aside too."""
    lines = "".join(f"<p>{html.escape(line)}</p>" for line in _copy_lines(seeds_dir))
    body = _nested(how, lines, 6)
    _check_fails(tmp_path / "page.html", f"<html><body><article>{_OWN}{body}</article></body></html>", seeds_dir)
    aside = f"<html><body><article>{_OWN}</article><aside>{body}</aside></body></html>"
    _check_fails(tmp_path / "aside.html", aside, seeds_dir)


def test_frames_nested_past_what_a_page_may_hold_refuse_it(
    repo: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """001 in 40 ``srcdoc`` frames one inside another (19 KB; each level holds the copy again, all told 40
    times it): the levels past the budget were dropped and check said PASS, "no reuse found".  A page whose
    frames hold more than a bound of its own size is now refused, one line naming it, by check, compare,
    extract and the gate (exit 2), never read in part."""
    lines = "".join(f"<p>{html.escape(line)}</p>" for line in _copy_lines(seeds_dir))
    page = repo / "seeds" / "deep.html"
    page.write_text(f"<html><body><article>{_OWN}{_nested('srcdoc', lines, 40)}</article></body></html>", "utf-8")
    problem = f"{page}: frames inside frames hold more than 8 times the page's characters; refused, not read in part"
    for args in (
        ["check", str(page), "--corpus", str(seeds_dir)],
        ["compare", str(page), str(seeds_dir / f"{SEED_B}.txt")],
        ["extract", str(page)],
    ):
        assert assert_one_line_error(CliRunner().invoke(main, args)) == f"provenance: error: {problem}"
    _commit(repo, "add a page of frames nested deep")
    assert assert_one_line_error(_gate()) == f"provenance: error: {problem.replace(str(repo) + '/', '')}"


def test_frames_in_the_fallback_of_an_object_shown_cost_the_page_nothing(seeds_dir: Path, tmp_path: Path) -> None:
    """An ``<object>`` of a ``data:`` page whose fallback, which Chromium never shows, holds frames nested 40
    deep, beside a copy of 001 two frames deep: the fallback's frames would hold more than the page may, and
    the page be refused; they are not opened, and the copy fails."""
    fallback = _nested("srcdoc", "<p>" + "Words of the fallback no reader sees. " * 40 + "</p>", 40)
    shown = html.escape("data:text/html," + urllib.parse.quote("<p>The object's own page.</p>"))
    lines = "".join(f"<p>{html.escape(line)}</p>" for line in _copy_lines(seeds_dir))
    body = f'<object data="{shown}">{fallback}</object>{_nested("srcdoc", lines, 2)}'
    _check_fails(tmp_path / "page.html", f"<html><body><article>{_OWN}{body}</article></body></html>", seeds_dir)


@pytest.mark.parametrize("boxes", ["summary", "list-item"])
def test_a_copy_generated_as_markers_of_other_boxes_fails(boxes: str, seeds_dir: Path, tmp_path: Path) -> None:
    """001 a line a marker of a ``<summary>`` (whose disclosure triangle it replaces) or of a paragraph a rule
    makes a list item (``display: list-item``), both shown by Chromium, passed check, "no reuse found": only a
    ``<li>``'s marker was read."""
    lines = [line.replace('"', "").replace("\\", "") for line in _copy_lines(seeds_dir)]
    tag = "summary" if boxes == "summary" else "p"
    sheet = "".join(f'{tag}.m{n}::marker{{content:"{line} "}}' for n, line in enumerate(lines))
    if boxes == "list-item":
        sheet += "p{display:list-item;list-style-position:inside}"
    items = "".join(
        f"<details open><summary class=m{n}></summary></details>" if boxes == "summary" else f"<p class=m{n}></p>"
        for n in range(len(lines))
    )
    page = f"<html><head><style>{sheet}</style></head><body><article>{_OWN}{items}</article></body></html>"
    _check_fails(tmp_path / "page.html", page, seeds_dir)


def test_a_copy_generated_as_list_markers_fails(seeds_dir: Path, tmp_path: Path) -> None:
    """001 a line a list item, each line the ``content`` of the item's ``::marker`` (``li.m3::marker{content:
    "…"}``), which Chromium shows before the item's text, passed check and the gate, "no reuse found": only a
    ``::before`` or ``::after`` rule's text was read."""
    lines = [line.replace('"', "").replace("\\", "") for line in _copy_lines(seeds_dir)]
    sheet = "".join(f'li.m{n}::marker{{content:"{line} "}}' for n, line in enumerate(lines))
    items = "".join(f"<li class=m{n}></li>" for n in range(len(lines)))
    style = f"<style>ul{{list-style-position:inside}}{sheet}</style>"
    _check_fails(
        tmp_path / "page.html",
        f"<html><head>{style}</head><body><article>{_OWN}<ul>{items}</ul></article></body></html>",
        seeds_dir,
    )


@pytest.mark.parametrize(
    "mark", ["*{}*", "**{}**", "`{}`", "<b>{}</b>", '<span class="x">{}</span>', "<!---->{}", "[{}](notes.html)"]
)
def test_a_copy_in_markdown_with_markup_inside_every_word_fails(mark: str, seeds_dir: Path, tmp_path: Path) -> None:
    """001 as Markdown with the second letter of each word marked up (``K*r*emlin``, ``K<b>r</b>emlin``, an
    empty comment, a link), which CommonMark and GitHub show as the word whole, passed check and the gate, "no
    reuse found": the markup was blanked to spaces, each word read as two.  A tag that ends a line still parts
    the word (``K<br>remlin`` is shown parted)."""
    words = [
        " ".join(w[0] + mark.format(w[1]) + w[2:] if len(w) > 2 and w[:3].isalpha() else w for w in line.split())
        for line in _copy_lines(seeds_dir)
    ]
    _check_fails(tmp_path / "copy.md", "\n\n".join(words), seeds_dir)
    masked, _ = mask_markdown("K<br>remlin and K<p>r</p>emlin")
    assert "\u2060" not in masked
