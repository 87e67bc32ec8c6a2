"""The ``provenance`` command: scan and compare, exit codes, messages, outputs."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from helpers import (
    LATIN1_FILE,
    SEED_A,
    SEED_B,
    SEED_IDS,
    SEED_OTHERS,
    FolderBuilder,
    assert_one_line_error,
    into_closed_pipe,
)

from provenance import __version__
from provenance.cli import main
from provenance.report.markdown import cell

BAD_FILES: dict[str, str | bytes] = {
    "zz_empty.txt": b"",
    "zz_binary.txt": b"GIF89a\x00\x01\x02\x00",
}
BAD_REASONS = {
    "zz_empty.txt": "empty file",
    "zz_binary.txt": "binary file (contains NUL bytes)",
}


@pytest.fixture(autouse=True)
def _isolated_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from an empty folder: default settings, nothing written into the project."""
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)


def _original(path: str | Path) -> str:
    """A file's text as the user has it (UTF-8, BOM removed), read without the package."""
    return Path(path).read_bytes().decode("utf-8-sig")


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _check_json_spans(data: dict[str, Any], texts: dict[str, str]) -> int:
    checked = 0
    for pair in data["pairs"]:
        text_a, text_b = texts[pair["a"]], texts[pair["b"]]
        for al in pair["alignments"]:
            for side, text in (("a", text_a), ("b", text_b)):
                start, end = al[f"{side}_span"]
                assert 0 <= start < end <= len(text)
                assert text[start:end] == al[f"{side}_text"]
            for change in al["changes"]:
                for side, text in (("a", text_a), ("b", text_b)):
                    start, end = change[f"{side}_span"]
                    assert 0 <= start <= end <= len(text)
                    assert text[start:end] == change[side]
                checked += 1
    return checked


def test_scan_seeds_writes_both_reports(seeds_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("scan", seeds_dir, "--out", out)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.startswith("5 documents, ")
    assert "1 reuse pair(s)" in result.stdout
    assert str(out / "provenance.md") in result.stdout
    md = (out / "provenance.md").read_text(encoding="utf-8")
    data = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert md.startswith("# Provenance report")
    assert [(p["a"], p["b"]) for p in data["pairs"]] == [(SEED_A, SEED_B)]
    assert [d["id"] for d in data["documents"]] == list(SEED_IDS)
    assert sorted(p.name for p in out.iterdir()) == ["provenance.html", "provenance.json", "provenance.md"]
    # Every span in the JSON points at the reported text of the original file.
    texts = {d["id"]: _original(d["path"]) for d in data["documents"]}
    assert _check_json_spans(data, texts) > 10


def test_scan_is_deterministic(seeds_dir: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    assert run("scan", seeds_dir, "--out", first).exit_code == 0
    assert run("scan", seeds_dir, "--out", second).exit_code == 0
    for name in ("provenance.md", "provenance.json"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_scan_is_deterministic_across_processes(seeds_dir: Path, tmp_path: Path) -> None:
    """Two fresh interpreters with different hash seeds write the same bytes."""
    outputs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / f"out{hash_seed}"
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        proc = subprocess.run(
            [sys.executable, "-m", "provenance.cli", "scan", str(seeds_dir), "--out", str(out), "--quiet"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == ""
        outputs.append([(out / n).read_bytes() for n in ("provenance.md", "provenance.json")])
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0][1])["pairs"][0]["a"] == SEED_A


@pytest.mark.parametrize(
    "command",
    [
        ["extract", "{a}"],
        ["extract", "{a}", "--format", "json"],
        ["compare", "{a}", "{b}"],
        ["compare", "{a}", "{b}", "--format", "json"],
        ["compare", "{a}", "{b}", "--format", "markdown"],
        ["compare", "{a}", "{b}", "--format", "html"],
        ["check", "{a}", "--corpus", "{seeds}"],
        ["check", "{a}", "--corpus", "{seeds}", "--format", "json"],
        ["scan", "{seeds}", "--out", "out"],
        ["index", "{seeds}"],
        ["baseline", "{seeds}", "--out", "baseline.json"],
        ["accept", "{b}", "--source", "{a}", "--corpus", "{seeds}", "--baseline", "accepted.json"],
        ["--help"],
        ["--version"],
        ["check", "--help"],
    ],
)
def test_closed_output_ends_quietly_as_a_unix_tool_does(seeds_dir: Path, tmp_path: Path, command: list[str]) -> None:
    """A reader that went away (``provenance extract BIG.html | head -1``) ends the command as it ends
    ``seq`` or ``cat``: nothing on stderr, exit 141 (128 + SIGPIPE, what a shell reports for a tool the
    signal ended).  It printed "provenance: error: output closed before it was all written (broken pipe)",
    exit 2, whenever the pipe broke before the output was all in it.  Never 0: ``check … | head`` under
    ``pipefail`` is not taken for a pass when its verdict was never read."""
    names = {"a": str(seeds_dir / f"{SEED_A}.txt"), "b": str(seeds_dir / f"{SEED_B}.txt"), "seeds": str(seeds_dir)}
    proc = into_closed_pipe([arg.format(**names) for arg in command], tmp_path)
    assert (proc.returncode, proc.stderr) == (141, "")


def test_console_script_compare(seeds_dir: Path, tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "provenance"
    if not script.exists():
        pytest.skip("console script not installed next to the interpreter")
    proc = subprocess.run(
        [
            str(script),
            "compare",
            str(seeds_dir / f"{SEED_A}.txt"),
            str(seeds_dir / f"{SEED_B}.txt"),
            "--format",
            "json",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert (data["a"], data["b"], data["is_reuse"]) == (SEED_A, SEED_B, True)


def test_scan_reports_bad_files_and_goes_on(seeds_copy: FolderBuilder, tmp_path: Path) -> None:
    folder = seeds_copy({**BAD_FILES, **LATIN1_FILE})
    out = tmp_path / "out"
    result = run("scan", folder, "--out", out)
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if line.startswith("provenance: note: ")]
    assert len(notes) == 1 and "zz_latin1.txt" in notes[0] and "cp1252" in notes[0]
    lines = [line for line in result.stderr.splitlines() if line not in notes]
    assert len(lines) == len(BAD_FILES)
    for name, reason in BAD_REASONS.items():
        (line,) = [line for line in lines if name in line]
        assert line.startswith("provenance: warning: ")
        assert reason in line
        assert line.endswith("skipped")
    assert "1 reuse pair(s)" in result.stdout
    data = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert {Path(s["path"]).name: s["reason"] for s in data["skipped"]} == BAD_REASONS
    assert [d["id"] for d in data["documents"]] == [*SEED_IDS, "zz_latin1"]
    latin = data["documents"][-1]
    assert (latin["encoding"], latin["characters"]) == ("cp1252", len("caf\u00e9 au lait, s'il vous pla\u00eet."))
    md = (out / "provenance.md").read_text(encoding="utf-8")
    skipped = md.split("## Skipped files", 1)[1].split("## Reuse pairs", 1)[0]
    for name, reason in BAD_REASONS.items():
        assert any(cell(name) in row and cell(reason) in row for row in skipped.splitlines())


def test_scan_loads_a_bom_file(make_folder: FolderBuilder, seeds_dir: Path, tmp_path: Path) -> None:
    text = (seeds_dir / f"{SEED_A}.txt").read_text(encoding="utf-8")
    folder = make_folder(
        {"bom.txt": b"\xef\xbb\xbf" + text.encode("utf-8"), f"{SEED_B}.txt": (seeds_dir / f"{SEED_B}.txt").read_bytes()}
    )
    out = tmp_path / "out"
    result = run("scan", folder, "--out", out, "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    data = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert data["skipped"] == []
    assert {d["id"]: d["characters"] for d in data["documents"]}["bom"] == len(text)
    assert [(p["a"], p["b"]) for p in data["pairs"]] == [(SEED_B, "bom")]
    texts = {d["id"]: _original(d["path"]) for d in data["documents"]}
    assert "\ufeff" not in texts["bom"]
    assert _check_json_spans(data, texts) > 10


def test_scan_missing_folder_is_a_one_line_error(tmp_path: Path) -> None:
    line = assert_one_line_error(run("scan", tmp_path / "nowhere", "--out", tmp_path / "out"))
    assert line == f"provenance: error: {tmp_path / 'nowhere'}: no such folder"  # was "not a directory"
    assert not (tmp_path / "out").exists()
    (tmp_path / "file.txt").write_text("text", encoding="utf-8")
    line = assert_one_line_error(run("scan", tmp_path / "file.txt", "--out", tmp_path / "out"))
    assert line == f"provenance: error: {tmp_path / 'file.txt'}: not a directory"


def test_scan_missing_folder_in_a_real_process(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "provenance.cli", "scan", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("provenance: error: ") and "nowhere" in proc.stderr


def test_scan_folder_without_readable_files(make_folder: FolderBuilder, tmp_path: Path) -> None:
    folder = make_folder({"empty.txt": b"", "notes.rst": "not scanned"})
    result = run("scan", folder, "--out", tmp_path / "out")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 3
    assert "empty.txt: empty file; skipped" in lines[0]
    assert lines[1] == "provenance: note: skipped 1 file no reader reads: .rst (1)"  # what was there, once
    assert lines[2].startswith("provenance: error: ") and "no readable article files" in lines[2]
    assert "Traceback" not in result.output


def test_scan_format_and_quiet(seeds_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "json-only"
    result = run("scan", seeds_dir, "--out", out, "--format", "json", "--quiet")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert sorted(p.name for p in out.iterdir()) == ["provenance.json"]
    out = tmp_path / "md-only"
    assert run("scan", seeds_dir, "--out", out, "--format", " MD ").exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["provenance.md"]
    out = tmp_path / "html-only"
    assert run("scan", seeds_dir, "--out", out, "--format", "html").exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["provenance.html"]
    line = assert_one_line_error(run("scan", seeds_dir, "--out", tmp_path / "x", "--format", "markdown,pdf"))
    assert "pdf" in line
    for empty in ("", " , "):  # wrote nothing and exited 0, as a scan that found nothing
        line = assert_one_line_error(run("scan", seeds_dir, "--out", tmp_path / "y", "--format", empty))
        assert line == "provenance: error: --format: no format given (use markdown, json, html)"
    assert not (tmp_path / "y").exists()


def test_scan_set_overrides_settings(seeds_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("scan", seeds_dir, "--out", out, "--set", "shingle_size=4", "--set", "similarity-threshold=0.7")
    assert result.exit_code == 0, result.output
    settings = json.loads((out / "provenance.json").read_text(encoding="utf-8"))["settings"]
    assert settings["shingle_size"] == 4
    assert settings["similarity_threshold"] == 0.7
    assert "window" in assert_one_line_error(run("scan", seeds_dir, "--out", out, "--set", "window=wide"))
    assert "KEY=VALUE" in assert_one_line_error(run("scan", seeds_dir, "--out", out, "--set", "window"))
    assert "num_perm" in assert_one_line_error(run("scan", seeds_dir, "--out", out, "--set", "lsh_bands=100"))


def test_scan_config_file(seeds_dir: Path, tmp_path: Path) -> None:
    config = tmp_path / "conf" / "pyproject.toml"
    config.parent.mkdir()
    config.write_text("[tool.provenance]\nwindow = 30\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run("scan", seeds_dir, "--out", out, "--config", config).exit_code == 0
    assert json.loads((out / "provenance.json").read_text(encoding="utf-8"))["settings"]["window"] == 30
    config.write_text("[tool.provenance]\nwindow = 'wide'\n", encoding="utf-8")
    assert str(config) in assert_one_line_error(run("scan", seeds_dir, "--out", out, "--config", config))


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_compare_formats(seeds_dir: Path, fmt: str) -> None:
    result = run("compare", seeds_dir / f"{SEED_A}.txt", seeds_dir / f"{SEED_B}.txt", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    out = result.stdout
    if fmt == "json":
        data = json.loads(out)
        assert isinstance(data, dict)
        assert (data["a"], data["b"], data["is_reuse"]) == (SEED_A, SEED_B, True)
        assert len(data["alignments"]) >= 15
        texts = {
            SEED_A: _original(seeds_dir / f"{SEED_A}.txt"),
            SEED_B: _original(seeds_dir / f"{SEED_B}.txt"),
        }
        assert _check_json_spans({"pairs": [data]}, texts) > 10
    elif fmt == "markdown":
        assert out.startswith(f"# {SEED_A.replace('_', chr(92) + '_')} \u2194")  # common source: in id order
        assert "- verdict: reuse" in out
        assert "Araghchi" in out
    else:
        assert out.splitlines()[0] == f"{SEED_A}  <->  {SEED_B}: REUSE (direction undetermined)"
        assert "name-variant: 'Araqchi' -> 'Araghchi'" in out


def test_compare_json_keys_match_a_scan_pair(seeds_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("scan", seeds_dir, "--out", out, "--format", "json").exit_code == 0
    (scan_pair,) = json.loads((out / "provenance.json").read_text(encoding="utf-8"))["pairs"]
    result = run("compare", seeds_dir / f"{SEED_A}.txt", seeds_dir / f"{SEED_B}.txt", "--format", "json")
    compared = json.loads(result.stdout)
    assert list(compared) == list(scan_pair)
    assert compared == scan_pair


def test_compare_unrelated_files_prints_no_reuse(seeds_dir: Path) -> None:
    result = run(
        "compare", seeds_dir / f"{SEED_OTHERS[0]}.txt", seeds_dir / f"{SEED_OTHERS[1]}.txt", "--format", "json"
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["is_reuse"] is False
    assert data["alignments"] == []


def test_compare_missing_file_is_a_one_line_error(seeds_dir: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    line = assert_one_line_error(run("compare", seeds_dir / f"{SEED_A}.txt", missing))
    assert str(missing) in line


def test_compare_bad_file_is_a_one_line_error(seeds_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "binary.txt"
    bad.write_bytes(b"caf\x00\xe9")
    line = assert_one_line_error(run("compare", bad, seeds_dir / f"{SEED_A}.txt", "--format", "json"))
    assert "binary.txt" in line and "binary file" in line


@pytest.mark.parametrize("name", ["copy.xhtml", "copy.shtml", "copy.mkd", "copy.rst.gz", "export.json"])
@pytest.mark.parametrize("command", ["check", "compare", "extract"])
def test_a_file_in_a_format_no_reader_reads_is_refused_not_read_as_text(
    name: str, command: str, seeds_dir: Path, tmp_path: Path
) -> None:
    """A whole thehill.com page saved as ``copy.xhtml`` was read by ``check`` as plain text, its markup as
    words: 5% of it aligned, its chrome's "The Hill" read as a credit, PASS, where the gate refuses the same
    page ("a page in a format provenance does not read").  A ``.json`` export was read as text too, its escapes
    as changed figures.  Each is now refused by name, exit 2; a file of no suffix is still read as text."""
    import gzip

    page = (seeds_dir / f"{SEED_A}.txt").read_text(encoding="utf-8")
    data = f"<html><body><p>{page}</p></body></html>".encode()
    (tmp_path / name).write_bytes(gzip.compress(data, mtime=0) if name.endswith(".gz") else data)
    args = {"check": ["--corpus", str(seeds_dir)], "compare": [str(seeds_dir / f"{SEED_A}.txt")], "extract": []}
    line = assert_one_line_error(run(command, tmp_path / name, *args[command]))
    expected = (
        "a JSON file, not JSON Lines" if name.endswith(".json") else "a page in a format provenance does not read"
    )
    assert line.startswith(f"provenance: error: {tmp_path / name}: {expected}"), line
    (tmp_path / "plain").write_text(page, encoding="utf-8")
    assert run("extract", tmp_path / "plain").exit_code == 0


@pytest.mark.parametrize(
    ("name", "head", "codec"),
    [
        ("copy.php", "<!DOCTYPE html>", "utf-8"),
        ("copy.aspx", "<html lang='en'>", "utf-8"),
        ("copy.cgi", "<?xml version='1.0'?>\n<!-- saved -->\n<!doctype html>", "utf-8"),
        ("copy.php.gz", "<!DOCTYPE html>", "utf-8"),
        ("copy", "\ufeff <html>", "utf-8"),
        # Pages a browser renders that began otherwise, read as text before: the head's elements first,
        ("copy.php", "<head><title>Story</title></head>", "utf-8"),
        ("copy.aspx", "<meta charset='utf-8'>", "utf-8"),
        ("copy", "<title>Story</title>", "utf-8"),
        ("copy.jsp", "<link rel=stylesheet href=site.css>", "utf-8"),
        ("copy.cfm", "<script>var site = 1;</script>", "utf-8"),
        ("copy.asp", "<STYLE>p { margin: 0 }</STYLE>", "utf-8"),
        ("copy.php", "", "utf-8"),  # <body>
        ("copy.php", "<div class=story>", "utf-8"),
        # a comment first (WHATWG's sniffing reads one as HTML), however long, or closed by "--!>",
        ("copy.php", "<!-- saved -->", "utf-8"),
        ("copy.php", f"<!--{'x' * 3000}--><html>", "utf-8"),
        ("copy.php", "<!-- saved --!><html>", "utf-8"),
        # after an XML declaration longer than 200 characters, a comment longer than 2,000, a PHP block,
        ("copy.xml", f"<?xml version='1.0' {' ' * 300}?><html xmlns='http://www.w3.org/1999/xhtml'>", "utf-8"),
        ("copy.xml", f"<?xml version='1.0'?><!--{'x' * 3000}--><html>", "utf-8"),
        ("copy.php", "<?php echo $page->head(); ?>\n<!DOCTYPE html>", "utf-8"),
        # after a UTF-16 byte-order mark, or a zero-width space and a no-break space.
        ("copy.aspx", "\ufeff<head>", "utf-16-le"),
        ("copy", "\u200b\u00a0\n<html>", "utf-8"),
    ],
)
def test_an_html_page_under_a_suffix_no_reader_reads_is_refused(
    name: str, head: str, codec: str, seeds_dir: Path, tmp_path: Path
) -> None:
    """A page a server wrote (``story.php``, ``.aspx``, ``.cgi``, or no suffix) was read as plain text, its
    markup words: a copy of seed 001 with each word in a ``<span>``, which an ``.html`` name fails, passed
    ``check`` as ``copy.php``, "no reuse found".  It is refused by name as the page formats are, exit 2: a
    page beginning as a browser reads one (its head's elements, a comment, after any blanks), 16 forms that
    passed before."""
    import gzip

    story = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8")
    words = " ".join(f"<span class=w>{html.escape(w)}</span>" for w in story.split())
    data = f"{head}<body><p>{words}</p></body></html>".encode(codec)
    (tmp_path / name).write_bytes(gzip.compress(data, mtime=0) if name.endswith(".gz") else data)
    line = assert_one_line_error(run("check", tmp_path / name, "--corpus", str(seeds_dir)))
    assert line.startswith(f"provenance: error: {tmp_path / name}: a page in a format provenance does not read"), line
    (tmp_path / "copy.html").write_bytes(data)
    assert run("check", tmp_path / "copy.html", "--corpus", str(seeds_dir)).exit_code == 1
    (tmp_path / "copy.txt").write_bytes(data)  # text, as its name says
    assert run("extract", tmp_path / "copy.txt").exit_code == 0


@pytest.mark.parametrize("name", ["copy.php", "copy.aspx", "copy.jsp", "copy.phtml", "copy.cfm", "copy.php.gz"])
@pytest.mark.parametrize("head", ["Islam Times: ", "&nbsp;", "<?php $n = 1; ?>\nBy staff. "])
def test_a_server_page_is_refused_whatever_it_begins_with(
    name: str, head: str, seeds_dir: Path, tmp_path: Path
) -> None:
    """A server sends a ``.php``, ``.aspx``, ``.jsp`` or ``.cfm`` page as HTML whatever it begins with: the
    sniff passed ``copy.php`` beginning with a word (or ``&nbsp;``, or a PHP block and a word) and then seed 001
    with each word in a ``<span>``, read as text, its markup words, "no reuse found".  It is refused as a page."""
    import gzip

    story = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8")
    words = " ".join(f"<span class=w>{html.escape(w)}</span>" for w in story.split())
    data = f"{head}{words}".encode()
    (tmp_path / name).write_bytes(gzip.compress(data, mtime=0) if name.endswith(".gz") else data)
    line = assert_one_line_error(run("check", tmp_path / name, "--corpus", str(seeds_dir)))
    assert line == (
        f"provenance: error: {tmp_path / name}: a page in a format provenance does not read (a page a server sends "
        "as HTML); save it as .html"
    ), line
    (tmp_path / "copy.html").write_bytes(data)  # saved as the page it is, it fails
    assert run("check", tmp_path / "copy.html", "--corpus", str(seeds_dir)).exit_code == 1


@pytest.mark.parametrize(
    "head",
    [
        "The <html> tag opens a page. ",  # a tag mentioned after text
        "<Reuters> ",  # no element of HTML's
        "<a@example.org> wrote: ",  # an address, not a tag
        "<?xml version='1.0'?><!-- feed --><rss> ",  # XML, not a page
    ],
)
def test_a_text_under_another_suffix_that_does_not_begin_as_a_page_is_read(
    head: str, seeds_dir: Path, tmp_path: Path
) -> None:
    """The sniff reads how a file begins as a browser does, no further: a text of no suffix that mentions a tag
    later, or opens with a word in angle brackets, is read (and found to reuse seed 001), never refused."""
    story = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8")
    (tmp_path / "copy").write_text(head + story, encoding="utf-8")
    assert run("check", tmp_path / "copy", "--corpus", str(seeds_dir)).exit_code == 1


def test_compare_an_article_of_a_jsonl_export(seeds_dir: Path, tmp_path: Path) -> None:
    # check and gate name an export's article FILE.jsonl:LINE; compare takes that name too.
    export = tmp_path / "export.jsonl"
    text = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8")
    export.write_text('{"id": "x", "text": "Other words."}\n' + json.dumps({"id": "b", "text": text}) + "\n")
    result = run("compare", seeds_dir / f"{SEED_A}.txt", f"{export}:2", "--format", "json")
    assert result.exit_code == 0, result.output
    direct = run("compare", seeds_dir / f"{SEED_A}.txt", seeds_dir / f"{SEED_B}.txt", "--format", "json")
    got, expected = json.loads(result.stdout), json.loads(direct.stdout)
    assert (got["b"], got["alignments"]) == ("b", expected["alignments"])
    whole = assert_one_line_error(run("compare", export, seeds_dir / f"{SEED_A}.txt"))
    assert f"name one by its line, as {export}:1" in whole
    assert "no article on line 9" in assert_one_line_error(run("compare", f"{export}:9", export))


def test_compare_latin1_file_loads_with_a_note(seeds_dir: Path, tmp_path: Path) -> None:
    # Issue 9: a Latin-1 file is no longer an error; the encoding assumed is named on stderr.
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Le caf\u00e9 \u00e9tait ferm\u00e9 hier soir \u00e0 Paris.".encode("latin-1"))
    result = run("compare", latin, seeds_dir / f"{SEED_A}.txt", "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().startswith("provenance: note: ") and "cp1252" in result.stderr
    assert "latin.txt" in result.stderr


def test_version_and_help() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.stdout
    result = run("--help")
    assert result.exit_code == 0
    assert "scan" in result.stdout and "compare" in result.stdout


def test_error_messages_show_control_characters(tmp_path: Path) -> None:
    line = assert_one_line_error(run("scan", tmp_path / "bad\x1b[31mname", "--out", tmp_path / "out"))
    assert "\x1b" not in line
    assert "\\x1b[31mname" in line


def test_warning_for_a_file_name_with_a_newline_is_one_line(seeds_copy: FolderBuilder, tmp_path: Path) -> None:
    folder = seeds_copy({"bad\nname.txt": b""})
    result = run("scan", folder, "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--set", "seed=-1"), "seed"),
        (("--set", "shingle_sise=3"), "shingle_sise"),
        (("--config", "nowhere/pyproject.toml"), "pyproject.toml"),
    ],
)
def test_bad_settings_are_one_line_errors(
    seeds_dir: Path, tmp_path: Path, args: tuple[str, ...], fragment: str
) -> None:
    assert fragment in assert_one_line_error(run("scan", seeds_dir, "--out", tmp_path / "out", *args))


def test_unwritable_out_folder_is_a_one_line_error(seeds_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert "reports" in assert_one_line_error(run("scan", seeds_dir, "--out", blocker / "reports"))


def test_spark_conf_is_parsed_and_passed_to_the_session(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import provenance.cli as cli

    bad = CliRunner().invoke(cli.main, ["scan", "--engine", "spark", str(seeds_dir), "--spark-conf", "no-equals"])
    assert "--spark-conf: expected KEY=VALUE, got 'no-equals'" in assert_one_line_error(bad)
    seen: list[dict[str, str] | None] = []

    def fake(source: str, out: str, settings: Any, **kwargs: Any) -> Any:
        seen.append(kwargs["conf"])
        raise cli.CommandError("stop here")

    monkeypatch.setattr(cli, "_spark_scan", fake)
    args = ["scan", "--engine", "spark", str(seeds_dir), "--out", str(tmp_path)]
    args += ["--spark-conf", "spark.sql.shuffle.partitions=200", "--spark-conf", "spark.driver.memory = 8g"]
    stopped = CliRunner().invoke(cli.main, args)
    assert "stop here" in assert_one_line_error(stopped)
    assert seen == [{"spark.sql.shuffle.partitions": "200", "spark.driver.memory": "8g"}]


def test_every_provenance_error_is_one_line_and_exit_2(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import provenance.cli as cli
    from provenance.errors import ProvenanceError

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise ProvenanceError("broken\nline")

    monkeypatch.setattr(cli, "load_folder", fail)
    assert (
        assert_one_line_error(run("scan", seeds_dir, "--out", tmp_path / "out")) == "provenance: error: broken\\x0aline"
    )


def test_settings_and_policy_come_from_one_read_of_the_config(seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import provenance.settings as settings_module

    Path("pyproject.toml").write_text(
        "[tool.provenance]\n[tool.provenance.policy]\nmax_changes = 2\n", encoding="utf-8"
    )
    reads: list[str] = []
    loads = settings_module.tomllib.loads

    def counted(text: str) -> dict[str, Any]:
        reads.append(text)
        return loads(text)

    monkeypatch.setattr(settings_module.tomllib, "loads", counted)
    result = run("check", seeds_dir / f"{SEED_A}.txt", "--corpus", seeds_dir, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    assert len(reads) == 1


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["scan", "--bogus"], "No such option '--bogus'."),
        (["bogus"], "No such command 'bogus'. (see 'provenance --help')"),
        (["scan", "--jobs", "x"], "Invalid value for '--jobs' / '-j': 'x' is not a valid integer range."),
        (["compare"], "Missing argument 'FILE_A'. (see 'provenance compare --help')"),
    ],
)
def test_usage_errors_are_one_line(args: list[str], line: str) -> None:
    """Click printed usage, a hint, a blank line and the error: four lines."""
    assert line in assert_one_line_error(CliRunner().invoke(main, args, prog_name="provenance"))


def test_compare_refuses_a_link_leaving_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``compare`` read a link to /etc/passwd named on the command line and printed it side by side."""
    secret = tmp_path / "outside" / "passwd"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n" * 20, encoding="utf-8")
    here = tmp_path / "here"
    here.mkdir()
    (here / "a.txt").symlink_to(secret)
    (here / "b.txt").write_text("root:x:0:0:root:/root:/bin/bash\n" * 20, encoding="utf-8")
    monkeypatch.chdir(here)
    result = CliRunner().invoke(main, ["compare", "a.txt", "b.txt"])
    assert (
        assert_one_line_error(result)
        == "provenance: error: a.txt: symbolic link pointing outside the corpus (not followed)"
    )


def test_scan_refuses_reports_inside_the_corpus(make_folder: FolderBuilder, seeds_dir: Path) -> None:
    """``--out`` inside FOLDER wrote provenance.md and .html there, which the next scan read as articles."""
    folder = make_folder({"a.txt": (seeds_dir / f"{SEED_A}.txt").read_text(encoding="utf-8-sig")})
    for out in (folder, folder / "reports"):
        result = CliRunner().invoke(main, ["scan", str(folder), "--out", str(out), "-q"])
        assert "inside the corpus folder" in assert_one_line_error(result)
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt"]
    assert (
        CliRunner().invoke(main, ["scan", str(folder), "--out", str(folder), "--format", "json", "-q"]).exit_code == 0
    )


def test_scan_names_mixed_script_text_in_every_output(
    make_folder: FolderBuilder, seeds_dir: Path, tmp_path: Path
) -> None:
    """A copy typed with look-alike letters is found, and the disguise itself is reported."""
    source = (seeds_dir / f"{SEED_A}.txt").read_text(encoding="utf-8-sig")
    disguised = source.translate(str.maketrans({"a": "\u0430", "o": "\u043e"}))
    folder = make_folder({"source.txt": source, "copy.txt": disguised})
    result = run("scan", folder, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert f"provenance: note: {folder / 'copy.txt'}: mixed-script text: " in result.stderr
    report = json.loads((tmp_path / "out" / "provenance.json").read_text(encoding="utf-8"))
    assert [(p["a"], p["b"]) for p in report["pairs"]] == [("copy", "source")]
    mixed = {d["id"]: d["mixed_script"] for d in report["documents"]}
    assert mixed["source"] == [] and len(mixed["copy"]) > 50 and all(not w.isascii() for w in mixed["copy"])
    markdown = (tmp_path / "out" / "provenance.md").read_text(encoding="utf-8")
    html = (tmp_path / "out" / "provenance.html").read_text(encoding="utf-8")
    assert "## Mixed-script text" in markdown and "<h3>Mixed-script text</h3>" in html


def test_extract_shows_a_markdown_text_from_its_first_line(tmp_path: Path) -> None:
    """Front matter is blanked in place (spans stay the file's): ``extract`` printed its blank lines first."""
    page = tmp_path / "story.md"
    page.write_text(
        "---\ntitle: A Test Story\ndate: 2024-05-02\n---\n\nThe council met on Monday.\n\nMore text.\n",
        encoding="utf-8",
    )
    shown = run("extract", page).stdout
    head, _, text = shown.partition("\n\n")
    assert "title: A Test Story" in head and text == "The council met on Monday.\n\nMore text.\n"


def test_extract_of_a_json_lines_file_says_what_to_run(tmp_path: Path) -> None:
    """``extract export.jsonl`` told a user of the command line to "read them with load_jsonl", a Python
    function."""
    (tmp_path / "export.jsonl").write_text('{"id": "a", "text": "One article."}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "export.jsonl")])
    assert result.exit_code == 2
    line = assert_one_line_error(result)
    assert f"name one by its line, as {tmp_path / 'export.jsonl'}:1 (scan and index read them all)" in line
    assert "load_jsonl" not in line
