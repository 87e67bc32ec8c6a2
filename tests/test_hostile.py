"""Hostile input (issue 10): what strangers' files cannot do to the gate, its reports and its logs.

Each test is one case of the table in docs/hostile-input.md, at a size that keeps
the suite fast (the full-size cases are timed by ``benchmarks/bench_hostile.py``).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner, Result
from helpers import SEED_A, SEED_B, FolderBuilder, assert_one_line_error, git, git_repo

from provenance import Document, Settings, scan
from provenance.ci import FileCheck, Match, without_commands, workflow_commands
from provenance.cli import main
from provenance.io.load import (
    ARTICLE_LINK_REASON,
    OUTSIDE_REASON,
    LoadError,
    corpus_paths,
    load_file,
    load_folder,
    load_paths,
)
from provenance.models import Change
from provenance.report import render_markdown
from provenance.report.checks import render_text

SECRET = "TOP-SECRET-OUTSIDE-THE-CORPUS"
STORY = (
    "The minister said the new budget of 4.5 billion dollars would be approved by parliament next week. "
    "Officials added that the plan covers schools, hospitals and roads in every province of the country. "
    "Opposition leaders called the figures unrealistic and asked for an independent audit of the spending. "
    "The finance ministry answered that the audit office had already reviewed every line of the proposal. "
)
EVIL = (
    "<script>document.title='PWNED'</script> <img src=x onerror=\"document.title='PWNED'\"> "
    '[click](javascript:alert(1)) <a href="javascript:alert(2)">link</a> | a | b |\n'
    "::error file=x::injected %0A\r\n::warning::also \x1b[31mred\x1b[0m \x07 done."
)
ODD_NAMES = ("with space.txt", "ünïcødé – 新闻.txt", "line\nbreak.txt", "-leading-dash.txt", "::error::x.txt")


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail (instead of hanging the suite) when something blocks, e.g. on a FIFO."""
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("blocked"))
    signal.alarm(60)
    yield
    signal.alarm(0)


def _outside(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(f"{SECRET} {STORY}", encoding="utf-8")
    return secret


def _all_output(result: Result, out: Path) -> str:
    return result.output + "".join(p.read_text(encoding="utf-8") for p in sorted(out.glob("provenance.*")))


# -- nothing outside the corpus is read ------------------------------------


def test_symlink_leaving_the_corpus_is_reported_and_never_read(tmp_path: Path, make_folder: FolderBuilder) -> None:
    corpus = make_folder({"a.txt": STORY, "b.txt": STORY + " And one more sentence about the budget talks."})
    (corpus / "leak.txt").symlink_to(_outside(tmp_path))
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "raw").mkdir()
    (corpus / "raw" / "story.dat").write_text(STORY, encoding="utf-8")  # no article itself
    (corpus / "inside.txt").symlink_to("raw/story.dat")  # a link within the corpus is followed
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["scan", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if OUTSIDE_REASON in line]
    assert len(warnings) == 2 and any("leak.txt" in w for w in warnings) and any("passwd.txt" in w for w in warnings)
    text = _all_output(result, out)
    assert SECRET not in text and "root:" not in text and "/etc/passwd" not in text and "secret.txt" not in text
    assert "inside" in json.loads((out / "provenance.json").read_text(encoding="utf-8"))["documents"][2]["id"]


def test_a_link_to_an_article_of_the_corpus_is_read_once(tmp_path: Path, make_folder: FolderBuilder) -> None:
    # An archive filing one story under two sections by a link: read twice, the story was paired with
    # itself as a near-exact copy, a reuse pair no one made.
    corpus = make_folder({"b.txt": "An unrelated note on the weather in the hills today."})
    for folder in ("2019", "politics"):
        (corpus / folder).mkdir()
    (corpus / "2019" / "a.txt").write_text(STORY, encoding="utf-8")
    (corpus / "politics" / "a.txt").symlink_to("../2019/a.txt")
    (corpus / "again.txt").symlink_to("politics/a.txt")  # a link to that link: the same article
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["scan", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in report["documents"]] == ["2019/a", "b"] and report["pairs"] == []
    warned = [line for line in result.stderr.splitlines() if ARTICLE_LINK_REASON in line]
    assert len(warned) == 2 and "again.txt" in warned[0] and "politics/a.txt" in warned[1]


def test_symlinked_new_text_is_refused_by_check_and_skipped_by_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    corpus = repo / "seeds"
    corpus.mkdir(parents=True)
    monkeypatch.chdir(repo)
    (corpus / "a.txt").write_text(STORY, encoding="utf-8")
    (corpus / "leak.txt").symlink_to(_outside(tmp_path))
    runner = CliRunner()
    indexed = runner.invoke(main, ["index", "seeds"])
    assert indexed.exit_code == 0 and OUTSIDE_REASON in indexed.stderr and "1 documents" in indexed.stdout
    checked = runner.invoke(main, ["check", "seeds/leak.txt", "--corpus", "seeds"])
    assert assert_one_line_error(checked) == "provenance: error: seeds/leak.txt: a symbolic link; not read"
    assert SECRET not in checked.output
    files, problems = corpus_paths(["seeds", "seeds/leak.txt"])
    assert files == ["seeds/a.txt"] and [p.path for p in problems] == ["seeds/leak.txt"]
    assert corpus_paths(["seeds", "seeds/a.txt", "seeds"]) == (["seeds/a.txt"], problems)
    docs, problems = load_paths(["seeds/leak.txt"], roots=["seeds"])
    assert docs == [] and problems[0].reason == OUTSIDE_REASON


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_skipped_without_blocking(make_folder: FolderBuilder, alarm: None) -> None:
    corpus = make_folder({"a.txt": STORY})
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "pipe-link.txt").symlink_to("pipe.txt")
    docs, problems = load_folder(corpus)
    assert [d.id for d in docs] == ["a"]
    assert [(Path(p.path).name, p.reason) for p in problems] == [
        ("pipe-link.txt", "not a regular file (named pipe)"),
        ("pipe.txt", "not a regular file (named pipe)"),
    ]
    with pytest.raises(LoadError, match="named pipe"):
        load_file(corpus / "pipe.txt")
    assert corpus_paths([corpus])[0] == [str(corpus / "a.txt")]


def _special(path: Path, kind: str, limit: int) -> None:
    """A FIFO, a link to a device, or a sparse file one byte over ``limit`` at ``path``."""
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        with open(path, "wb") as handle:
            handle.truncate(limit + 1)


_SPECIAL_REASON = {"fifo": "named pipe", "device": "character device", "oversize": "file too large"}


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="no FIFOs here")
@pytest.mark.parametrize("kind", ["fifo", "device", "oversize"])
def test_a_chrome_file_that_is_no_regular_file_or_too_large_is_one_line_never_read(
    make_folder: FolderBuilder, alarm: None, kind: str
) -> None:
    """``chrome_file`` was opened as it was: a FIFO hung the command, ``/dev/zero`` was read until memory ran
    out (5 GB in 12 s); it is now read as a corpus file is, one line naming it, exit 2."""
    from provenance.text.boilerplate import MAX_CHROME_BYTES

    corpus = make_folder({"a.txt": STORY, "b.txt": STORY})
    chrome = corpus.parent / "chrome.txt"
    _special(chrome, kind, MAX_CHROME_BYTES)
    for command in (
        ["scan", str(corpus), "--out", str(corpus.parent / "out")],
        ["check", str(corpus / "a.txt"), "--corpus", str(corpus)],
    ):
        result = CliRunner().invoke(main, [*command, "--set", f"chrome_file={chrome}"])
        line = assert_one_line_error(result)
        assert f"{chrome}: chrome_file cannot be read" in line and _SPECIAL_REASON[kind] in line


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="no FIFOs here")
@pytest.mark.parametrize("kind", ["fifo", "oversize"])
def test_a_baseline_file_that_is_no_regular_file_or_too_large_is_one_line_never_read(
    make_folder: FolderBuilder, alarm: None, kind: str
) -> None:
    """The baseline file was read whatever it was: a FIFO hung ``check``, a huge file was read whole."""
    from provenance.ci.baseline import MAX_BASELINE_BYTES

    corpus = make_folder({"a.txt": STORY, "b.txt": STORY})
    baseline = corpus / ".provenance-baseline.json"
    _special(baseline, kind, MAX_BASELINE_BYTES)
    result = CliRunner().invoke(
        main, ["check", str(corpus / "a.txt"), "--corpus", str(corpus), "--baseline", str(baseline)]
    )
    line = assert_one_line_error(result)
    assert f"{baseline}: not a valid baseline file" in line and _SPECIAL_REASON[kind] in line


def test_device_is_skipped(tmp_path: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    with pytest.raises(LoadError, match="character device"):
        load_file("/dev/zero")
    docs, problems = load_paths(["/dev/zero"])
    assert docs == [] and problems[0].reason == "not a regular file (character device)"


def test_odd_file_names_work_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    corpus = repo / "seeds"
    corpus.mkdir(parents=True)
    (corpus / "base.txt").write_text(STORY, encoding="utf-8")
    (repo / "pyproject.toml").write_text("[tool.provenance]\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    git_repo(repo, "base")
    for n, name in enumerate(ODD_NAMES):
        (corpus / name).write_text(f"Copy {n} of the story. {STORY}", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "odd names")
    runner = CliRunner()
    scanned = runner.invoke(main, ["scan", "seeds", "--out", "out"])
    assert scanned.exit_code == 0, scanned.output
    ids = {d["id"] for d in json.loads(Path("out/provenance.json").read_text(encoding="utf-8"))["documents"]}
    assert ids == {"base", *(Path(n).stem for n in ODD_NAMES)}
    indexed = runner.invoke(main, ["index", "seeds"])
    assert indexed.exit_code == 0 and "6 documents" in indexed.stdout
    checked = runner.invoke(main, ["check", "--format", "json", "--", "seeds/-leading-dash.txt"])
    assert checked.exit_code == 1 and json.loads(checked.stdout)["files"][0]["verdict"] == "fail"
    gated = runner.invoke(main, ["gate", "--base", "HEAD~1", "--format", "json"])
    assert gated.exit_code == 1, gated.output
    paths = {f["path"] for f in json.loads(gated.stdout)["files"]}
    assert paths == {f"seeds/{n}" for n in ODD_NAMES}
    text = runner.invoke(main, ["gate", "--base", "HEAD~1"])
    assert "seeds/line\\x0abreak.txt: FAIL" in text.stdout  # the newline is shown, not printed


# -- workflow commands, terminal, Markdown ------------------------------------


def _hostile_check() -> list[FileCheck]:
    change = Change(kind="number", a="5\n::error::x %", b="\x1b[2J4", a_span=(0, 1), b_span=(0, 1))
    match = Match(
        source_id="src\r\n::warning::evil,name:%",
        source_path="seeds/src.txt",
        share_new=1.0,
        share_source=1.0,
        is_reuse=True,
        verdict="fail",
        reason="near-exact copy",
        changes=(change,),
    )
    return [FileCheck(path="seeds/new\n::error file=a::b,c:%.txt", doc_id="new", verdict="fail", matches=(match,))]


def test_workflow_commands_cannot_be_injected() -> None:
    out = workflow_commands(_hostile_check())
    lines = out.splitlines()
    assert len(lines) == 1 and out.endswith("\n")
    command = re.fullmatch(r"::error file=([^,:]*),line=1,title=([^,:]*)::(.*)", lines[0])
    assert command is not None, lines[0]
    file, title, message = command.groups()
    assert file == "seeds/new%0A%3A%3Aerror file=a%3A%3Ab%2Cc%3A%25.txt"
    assert "\r" not in message and "\x1b" not in out and "\\x1b[2J" in message
    assert re.search(r"%(?![0-9A-F]{2})", message) is None  # every % of the text is encoded
    assert "evil%2Cname%3A%25" in title


def test_text_output_is_quarantined_in_actions_logs() -> None:
    text = render_text(_hostile_check())
    assert all(not line.startswith("::") for line in text.splitlines())
    assert "\x1b" not in text and "\r" not in text and "\\x1b[2J" in text
    quarantined = without_commands(text)
    first, *body, last = quarantined.splitlines()
    token = first.removeprefix("::stop-commands::")
    assert first.startswith("::stop-commands::") and last == f"::{token}::" and token not in text
    assert body == text.splitlines()
    assert without_commands(text) == quarantined  # deterministic


def test_gate_in_actions_prints_only_its_own_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / "seeds").mkdir(parents=True)
    (repo / "seeds" / "base.txt").write_text(STORY, encoding="utf-8")
    monkeypatch.chdir(repo)
    git_repo(repo, "base")
    (repo / "seeds" / "x\n::error::pwned.txt").write_text(STORY + "\n" + EVIL, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "hostile")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = CliRunner().invoke(main, ["gate", "--base", "HEAD~1"])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    stop = next(i for i, line in enumerate(lines) if line.startswith("::stop-commands::"))
    token = lines[stop].removeprefix("::stop-commands::")
    assert [c.split(" ")[0].split("::")[1] for c in commands] == ["error", "stop-commands", token]
    assert lines[-1] == f"::{token}::"
    assert not any(line.startswith("::") for line in lines[stop + 1 : -1])
    table = [line for line in summary.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    assert len(table) == 3 and all(line.count(" | ") == 5 for line in table[2:])


def _hostile_docs() -> list[Document]:
    a = Document(id="a <b>|x</b>\n::error::", path="seeds/a.txt", text=STORY + "\n" + EVIL)
    b = Document(id="b [l](javascript:alert(1))", path="seeds/b.txt", text=STORY + "\n" + EVIL + " More.")
    return [a, b]


def test_markdown_tables_hold_hostile_cells() -> None:
    result = scan(_hostile_docs(), Settings())
    assert result.pairs, "the hostile texts should align"
    report = render_markdown(result)
    assert "\x1b" not in report and "\x07" not in report and "\r" not in report
    # Outside the Mermaid code blocks (whose quoted labels are plain text), markup is escaped.
    prose = re.sub(r"```mermaid\n.*?```", "", report, flags=re.DOTALL)
    assert re.search(r"(?<!\\)<(script|img|a )", prose) is None and "\\<script\\>" in prose
    assert re.search(r"(?<!\\)\]\(javascript", prose) is None
    lines = report.splitlines()
    for n, line in enumerate(lines):
        if line.startswith("|") and n + 1 < len(lines) and re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", lines[n + 1]):
            columns = lines[n + 1].count("|")
            body = []
            for row in lines[n + 2 :]:
                if not row.startswith("|"):
                    break
                body.append(row)
            for row in [line, *body]:  # every row has the header's columns: no unescaped |
                assert len(re.findall(r"(?<!\\)\|", row)) == columns, row
    mermaid = [line for line in lines if re.match(r'\s+n\d+\["', line)]
    assert mermaid and all(re.fullmatch(r'\s+n\d+\["[^"<>\n]*"\]', line) for line in mermaid)


def test_terminal_output_shows_escapes(tmp_path: Path) -> None:
    a, b = (tmp_path / "a.txt", tmp_path / "b\x1b[31m.txt")
    a.write_text(STORY + EVIL, encoding="utf-8")
    b.write_text(STORY + EVIL + " More.", encoding="utf-8")
    result = CliRunner().invoke(main, ["compare", str(a), str(b)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output and "\\x1b[31m" in result.output
    for fmt in ("markdown", "json"):
        shown = CliRunner().invoke(main, ["compare", "--format", fmt, str(a), str(b)]).output
        assert "\x1b" not in shown and "\x07" not in shown
    # A C1 control (CSI, U+009B) in the text: JSON would print it raw; it is escaped, same data.
    c1 = tmp_path / "c1.txt"
    c1.write_text(STORY.replace("next week.", "next \x9b2J week."), encoding="utf-8")
    shown = CliRunner().invoke(main, ["compare", "--format", "json", str(a), str(c1)]).output
    assert not re.search("[\x7f-\x9f]", shown) and "\\u009b2J" in shown
    assert "next \x9b2J week." in json.dumps(json.loads(shown), ensure_ascii=False)
    bad = CliRunner().invoke(main, ["compare", str(tmp_path / "no\x1b[2Jsuch.txt"), str(a)])
    assert "\x1b" not in assert_one_line_error(bad)
    # A bidirectional override in a name ("invoice\u202etxt.exe" shows as "invoiceexe.txt"): escaped in
    # the text, JSON and Markdown a terminal prints, and in a warning line.
    bidi = tmp_path / "invoice\u202etxt.exe\u2066.txt"
    bidi.write_text(STORY + EVIL + " More.", encoding="utf-8")
    for fmt in ("text", "json", "markdown"):
        shown = CliRunner().invoke(main, ["compare", "--format", fmt, str(a), str(bidi)]).output
        assert not re.search("[\u202a-\u202e\u2066-\u2069]", shown) and "\\u202e" in shown, fmt
    (tmp_path / "empty\u202e.txt").write_bytes(b"")
    warned = CliRunner().invoke(main, ["scan", str(tmp_path), "--out", str(tmp_path.parent / "out")])
    assert "\u202e" not in warned.output and "empty\\u202e.txt" in warned.output


def test_cli_never_prints_a_traceback_on_hostile_folder(tmp_path: Path, make_folder: FolderBuilder) -> None:
    corpus = make_folder(
        {
            "a.txt": STORY + EVIL,
            "quotes.txt": '"' * 2000,
            "numbers.txt": " ".join(str(i) for i in range(3000)),
            "binary.txt": b"\x00\x01\x02" * 100,
            "empty.txt": b"",
        }
    )
    (corpus / "leak.txt").symlink_to("/etc/passwd")
    (corpus / "dangling.txt").symlink_to("nowhere.txt")
    proc = subprocess.run(
        [sys.executable, "-m", "provenance.cli", "scan", str(corpus), "--out", str(tmp_path / "out"), "-q"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert proc.stderr.count("provenance: warning:") == 4


# -- bounded cost (small instances of the benchmark's cases) --------------------


def test_copies_of_one_sentence_align_without_the_quadratic_matrix() -> None:
    from provenance.detect.align import compared_sentences
    from provenance.pipeline import compare

    sentence = "The minister said the new budget would be approved by parliament next week after long talks. "
    settings = Settings(max_align_sentences=40)
    doc = Document(id="a", path="a.txt", text=sentence * 1500)
    pair = compare(doc, Document(id="b", path="b.txt", text=sentence * 1500), settings)
    prepared = pair.alignments
    assert len(prepared) == 1500 and all(al.score == 1.0 for al in prepared)
    assert [al.a_sentences for al in prepared] == [(i,) for i in range(1500)]
    assert pair.is_reuse and pair.share_a == pytest.approx(1.0)
    from provenance.text.sentences import split_sentences

    sentences = split_sentences(doc.text)
    assert compared_sentences(sentences, sentences, 40) == ([0], [0])  # one distinct sentence: a 1×1 matrix
    mixed = split_sentences("".join(f"Sentence number {i} is here now. " for i in range(100)))
    assert compared_sentences(mixed, [], 40) == (list(range(40)), [])  # nothing shared: the first ones
    assert compared_sentences(mixed, [], 100) == (list(range(100)), [])


def test_repeats_one_side_has_more_of_align_as_without_the_cap() -> None:
    from provenance.pipeline import compare, prepare

    source = Document(id="a", path="a.txt", text=STORY)
    repeated = Document(id="b", path="b.txt", text=STORY * 30)
    capped = compare(source, repeated, Settings(max_align_sentences=10))  # its 4 distinct sentences, not 120
    uncapped = compare(source, repeated, Settings())
    assert (capped.share_a, capped.share_b) == (uncapped.share_a, uncapped.share_b)
    assert capped.is_reuse and capped.share_b > 0.7  # every copy of the source's sentences, not one
    covered = [{j for al in pair.alignments for j in al.b_sentences} for pair in (capped, uncapped)]
    assert covered[0] == covered[1] and len(covered[0]) > 0.7 * len(prepare(repeated).sentences)


def test_limit_note_on_stderr(tmp_path: Path, make_folder: FolderBuilder) -> None:
    sentence = "The minister said the new budget would be approved by parliament next week after long talks. "
    corpus = make_folder({"a.txt": sentence * 300, "b.txt": sentence * 300})
    result = CliRunner().invoke(
        main, ["scan", str(corpus), "--out", str(tmp_path / "out"), "-q", "--set", "max_align_sentences=100"]
    )
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "max_align_sentences" in line]
    assert len(notes) == 2 and "300 sentences" in notes[0]
    # The reports say it too, for whoever reads them rather than the terminal.
    report = json.loads((tmp_path / "out" / "provenance.json").read_text(encoding="utf-8"))
    assert [(entry["id"], entry["note"][:14]) for entry in report["limits"]] == [
        ("a", "300 sentences;"),
        ("b", "300 sentences;"),
    ]
    markdown = (tmp_path / "out" / "provenance.md").read_text(encoding="utf-8")
    assert "## Alignment limits" in markdown and markdown.count("300 sentences; alignment compares") == 2
    assert "<h3>Alignment limits</h3>" in (tmp_path / "out" / "provenance.html").read_text(encoding="utf-8")
    big = CliRunner().invoke(
        main, ["scan", str(corpus), "--out", str(tmp_path / "o2"), "-q", "--set", "max_file_bytes=1000"]
    )
    # One warning a skipped file, then one error line: nothing readable is left.
    assert big.exit_code == 2 and "Traceback" not in big.output
    *warnings, error = big.stderr.splitlines()
    assert len(warnings) == 2 and all("file too large" in w and "the limit is 1,000" in w for w in warnings)
    assert error.startswith("provenance: error: ") and "no readable article files" in error


def test_one_huge_line_is_cut_into_bounded_sentences() -> None:
    from provenance.text.sentences import split_sentences

    text = " ".join(f"w{i % 997}" for i in range(5000))
    pieces = split_sentences(text, max_tokens=200)
    assert len(pieces) == 25 and all(len(s.tokens) == 200 for s in pieces)
    assert [t for s in pieces for t in s.tokens] == text.split()
    assert pieces[0].span[0] == 0 and pieces[-1].span[1] == len(text)
    for s in pieces:
        assert text[s.span[0] : s.span[1]].split() == list(s.tokens)
    assert len(split_sentences(text)) == 5000 // Settings().max_sentence_tokens


def test_quotation_marks_and_numbers_only() -> None:
    from provenance.pipeline import compare
    from provenance.text.quotes import find_quotations

    assert find_quotations('"' * 10_000) == ()
    marks = '"a" ' * 3000
    assert len(find_quotations(marks)) == 3000
    quoted = " ".join(f'He said "budget number {i} is approved today" again.' for i in range(600))
    pair = compare(Document("a", "a.txt", quoted), Document("b", "b.txt", quoted))
    assert len(pair.quotes) == 600 and all(q.verbatim for q in pair.quotes)
    numbers = " ".join(str(i) for i in range(3000))
    pair = compare(Document("n", "n.txt", numbers), Document("m", "m.txt", numbers))
    assert pair.alignments and all(not al.changes for al in pair.alignments)


# -- nothing lost ----------------------------------------------------------------


def test_failure_mid_write_keeps_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import provenance.io.atomic as output

    target = tmp_path / "provenance.md"
    target.write_text("previous report\n", encoding="utf-8")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        output.write_atomic(target, "new report " * 100_000)
    assert target.read_text(encoding="utf-8") == "previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["provenance.md"]  # no temporary file left


def test_scan_that_fails_writing_keeps_the_previous_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_folder: FolderBuilder
) -> None:
    import provenance.io.atomic as output

    corpus = make_folder({"a.txt": STORY})
    out = tmp_path / "out"
    out.mkdir()
    for name in ("provenance.md", "provenance.json", "provenance.html"):
        (out / name).write_text(f"previous {name}", encoding="utf-8")
    real_replace = os.replace

    def failing_replace(src: str, dst: str | os.PathLike[str]) -> None:
        if str(dst).endswith(".html"):
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", failing_replace)
    result = CliRunner().invoke(main, ["scan", str(corpus), "--out", str(out), "--quiet"])
    assert assert_one_line_error(result).endswith("provenance.html: cannot write: Input/output error")
    assert (out / "provenance.html").read_text(encoding="utf-8") == "previous provenance.html"
    assert (out / "provenance.md").read_text(encoding="utf-8").startswith("# Provenance report")
    assert sorted(p.name for p in out.iterdir()) == ["provenance.html", "provenance.json", "provenance.md"]


KILLED_WRITER = """
import os, signal, sys
import provenance.io.atomic as output
from provenance.ci import write_baseline
def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
output.os.{hook} = die
if sys.argv[1] == "baseline":
    write_baseline(sys.argv[2], [("x", "y")] * 1000)
else:
    output.write_atomic(sys.argv[2], "new text " * 1_000_000)
"""


@pytest.mark.parametrize("hook", ["fsync", "replace"])
@pytest.mark.parametrize("writer", ["report", "baseline"])
def test_kill_during_a_write_keeps_the_previous_file(tmp_path: Path, hook: str, writer: str) -> None:
    target = tmp_path / ("provenance.md" if writer == "report" else ".provenance-baseline.json")
    target.write_text("previous\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", KILLED_WRITER.format(hook=hook), writer, str(target)],
        capture_output=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    assert proc.returncode == -signal.SIGKILL  # killed mid-write (after the data, before or at the rename)
    assert target.read_text(encoding="utf-8") == "previous\n"
    leftovers = [p.name for p in tmp_path.iterdir() if p != target]
    assert all(name.startswith(f".{target.name}.") and name.endswith(".tmp") for name in leftovers)
    loaded = [d.path for d in load_folder(tmp_path)[0]]
    # Neither the scan's report (provenance.md) nor a leftover temporary file is ever an article.
    assert leftovers and loaded == []


def test_signature_of_a_long_text_is_made_in_bounded_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    import random

    import numpy as np

    import provenance.detect.signatures as signatures

    rng = random.Random(3)
    tokens = [f"w{rng.randrange(300)}" for _ in range(2_017)]
    whole = signatures.signature_of(tokens)
    monkeypatch.setattr(signatures, "_BLOCKS_PER_CHUNK", 3)  # 60 shingles' rows at a time
    chunked = signatures.signature_of(tokens)
    assert whole.windows.shape == chunked.windows.shape and np.array_equal(whole.windows, chunked.windows)


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse names that are not UTF-8")
def test_file_name_that_is_not_utf8_is_named_and_skipped(tmp_path: Path, make_folder: FolderBuilder) -> None:
    corpus = make_folder({"good.txt": STORY, "other.txt": STORY + " More words."})
    with open(os.fsencode(corpus) + b"/bad\xff\x1b name.txt", "w", encoding="utf-8") as handle:
        handle.write(STORY)
    (corpus / "export.jsonl").write_text(
        '{"id": "j\\udcff", "text": "' + STORY + ' Lone \\ud800 surrogate."}\n', encoding="utf-8"
    )
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "provenance.cli", "scan", str(corpus), "--out", str(out)],
        capture_output=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    stderr = proc.stderr.decode("utf-8")
    assert proc.returncode == 0 and "Traceback" not in stderr, stderr
    assert "bad\\xff\\x1b name.txt: file name is not valid UTF-8; skipped" in stderr
    report = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert sorted(d["id"] for d in report["documents"]) == ["good", "j\ufffd", "other"]
    files, problems = corpus_paths([corpus])
    assert sorted(Path(f).name for f in files) == ["export.jsonl", "good.txt", "other.txt"]  # as scan reads them
    assert [p.reason for p in problems] == ["file name is not valid UTF-8"]


def test_gate_refuses_a_corpus_folder_linked_outside_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.txt").write_text(f"{SECRET} {STORY}", encoding="utf-8")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "seeds").symlink_to(elsewhere)
    monkeypatch.chdir(repo)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    git(repo, "init", "-q")
    result = CliRunner().invoke(main, ["gate", "--base", "HEAD"])
    assert OUTSIDE_REASON in assert_one_line_error(result) and SECRET not in result.output


def test_check_notes_the_alignment_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "new.txt").write_text(STORY * 30, encoding="utf-8")
    capped = CliRunner().invoke(main, ["check", "new.txt", "--set", "max_align_sentences=50"])
    assert "provenance: note: new.txt: 120 sentences; alignment compares the 50 distinct ones" in capped.stderr
    uncapped = CliRunner().invoke(main, ["check", "new.txt"])
    assert "note:" not in uncapped.stderr
    # The cap changes the cost, not the verdict: the 30 copies of the source are all reused text.
    for result in (capped, uncapped):
        assert result.exit_code == 1 and "100% of this text aligns with a" in result.stdout, result.output


def test_a_copy_after_a_thousand_lines_of_filler_is_still_compared(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A verbatim copy placed after 1,000 one-line items passed check (and so the gate) as "no reuse
    found": alignment compared the first 1,000 sentences only, all filler. And a new text copying the
    tail of a long archive text passed with no note at all."""
    story = (seeds_dir / f"{SEED_A}.txt").read_text(encoding="utf-8")
    filler = "\n".join(f"Item {i}." for i in range(1000))
    digest = f"{filler}\n\n{story}"
    files = {"corpus/source.txt": story, "digest.txt": digest, "archive/liveblog.txt": digest, "story.txt": story}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for new, corpus in (("digest.txt", "corpus"), ("story.txt", "archive")):
        result = CliRunner().invoke(main, ["check", new, "--corpus", corpus])
        assert result.exit_code == 1 and f"{new}: FAIL" in result.stdout, result.output
        assert re.search(r"(99|100)% of th(is|at) text", result.stdout), result.output  # all of the story
    # What the digest adds of its own is its filler, never the story it copied.
    from provenance.pipeline import compare

    pair = compare(Document("d", "d.txt", digest), Document("s", "s.txt", story), Settings())
    assert pair.is_reuse and pair.share_b > 0.95
    assert all(digest[p.span[0] : p.span[1]].startswith("Item") for p in pair.unaligned_a)


def test_compare_html_sends_no_control_character(make_folder: FolderBuilder) -> None:
    """``compare --format html`` wrote the article's raw ESC bytes (to a terminal, when not redirected)."""
    text = "The minister said the talks in Vienna \x1b[2J\x1b]0;pwned\x07went well for all of the parties there.\n"
    folder = make_folder({"a.txt": text * 3, "b.txt": text.replace("all", "each") * 3})
    result = CliRunner().invoke(main, ["compare", str(folder / "a.txt"), str(folder / "b.txt"), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", result.stdout)
    assert "\\x1b[2J" in result.stdout


def test_mermaid_directive_in_an_id_is_not_a_directive(seed_docs: dict[str, Document]) -> None:
    """An id holding ``%%{init: …}%%`` was taken by Mermaid as a directive (theme, security level)."""
    a, b = seed_docs["000_c4d69d43826d85bd"], seed_docs["001_d11848f0d9787346"]
    hostile = '%%{init: {"securityLevel": "loose"}}%%x'
    result = scan([Document(hostile, "x.txt", a.text), b])
    report = render_markdown(result)
    graphs = report.split("```mermaid")[1:]
    assert graphs and all("%%" not in g.split("```")[0] for g in graphs)


def test_decoys_strung_from_the_sources_word_pairs_do_not_crowd_out_a_copy(seeds_dir: Path) -> None:
    """Past max_align_sentences the compared sentences are those sharing the most word pairs with the other
    text: 1,200 long decoys strung from the source's word pairs (each sharing ~100) outranked the copied
    sentences (~20 each), and the verbatim copy after them was never compared. A sentence the other text
    holds word for word comes first."""
    import random

    from provenance.detect.align import compared_sentences
    from provenance.text.sentences import split_sentences

    story = (seeds_dir / f"{SEED_A}.txt").read_text(encoding="utf-8")
    source = split_sentences(story)
    words = [t for s in source for t in s.tokens]
    pairs = [words[i : i + 2] for i in range(len(words) - 1)]
    rng = random.Random(7)
    decoys = [" ".join(w for _ in range(100) for w in rng.choice(pairs)) + "." for _ in range(1200)]
    new = split_sentences(" ".join(decoys) + "\n\n" + story)
    copied = [i for i, s in enumerate(new) if s.tokens in {t.tokens for t in source if t.tokens}]
    assert len(copied) >= 15
    kept, _ = compared_sentences(new, source, 1000)
    assert set(copied) <= set(kept) and len(kept) == 1000


def test_an_edited_copy_after_decoys_of_the_sources_word_pairs_is_compared(seeds_dir: Path) -> None:
    """1,100 decoys strung from the source's word pairs (45 pairs each) outranked an edited copy (one word
    changed a sentence) when sentences were ranked by shared word pairs: the copy was never compared and
    check said WARN, exit 0. Shared word trigrams rank first, and decoys joined at random share few."""
    import random

    from provenance.detect.align import compared_sentences
    from provenance.text.sentences import split_sentences

    story = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8")
    source = split_sentences(story)
    words = [t for s in source for t in s.tokens]
    rng = random.Random(3)
    pairs = [words[k : k + 2] for k in range(len(words) - 1)]
    decoys = [" ".join(w for _ in range(45) for w in rng.choice(pairs)).capitalize() + "." for _ in range(1100)]
    edited = []
    for s in source:
        tokens = list(s.tokens)
        if len(tokens) > 5:
            tokens[len(tokens) // 2] = "indeed"
            edited.append(" ".join(tokens) + ".")
    new = split_sentences(" ".join(decoys) + "\n\n" + "\n\n".join(edited))
    copied = range(len(new) - len(edited), len(new))
    assert len(new) > 1100 and all("indeed" in new[i].tokens for i in copied)
    kept, _ = compared_sentences(new, source, 1000)
    assert set(copied) <= set(kept)


def test_an_edited_copy_after_decoys_of_the_sources_word_trigrams_fails(seeds_dir: Path, tmp_path: Path) -> None:
    """1,050 decoys each strung from 40 three-word runs of the source, taken from its sentences at random,
    shared more word trigrams with the source (one or two with each of its sentences, ~40 in all) than a
    sentence of a whole copy, two words of each sentence changed (~20, all with one sentence): the copy was
    never compared and ``check`` said WARN, 10% of the source, exit 0. A sentence ranks by the trigrams it
    shares with one sentence of the other text, so the copy is compared and fails."""
    import random

    from provenance.text.sentences import split_sentences

    story = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8")
    source = split_sentences(story)
    runs = [[story[a:b] for a, b in s.token_spans] for s in source if len(s.tokens) >= 6]
    rng = random.Random(1)
    decoys = []
    for _ in range(1050):
        picked = [rng.choice(runs) for _ in range(40)]
        decoys.append(" ".join(" ".join(w[(k := rng.randrange(len(w) - 2)) : k + 3]) for w in picked) + ".")
    edited = []
    for s in source:
        words = [story[a:b] for a, b in s.token_spans]
        for k in {len(words) // 3, 2 * len(words) // 3}:
            words[k] = "quux"
        edited.append(" ".join(words) + ".")
    new = "\n".join(d.replace("?", "").replace("!", "").capitalize() for d in decoys) + "\n\n" + "\n".join(edited)
    assert len(split_sentences(new)) > 1000
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / f"{SEED_B}.txt").write_text(story, encoding="utf-8")
    (tmp_path / "zz.txt").write_text(new, encoding="utf-8")
    args = ["check", str(tmp_path / "zz.txt"), "--corpus", str(tmp_path / "corpus"), "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    (match,) = json.loads(result.stdout)["files"][0]["matches"]
    assert match["verdict"] == "fail" and match["share_source"] > 0.8


def test_a_copy_of_a_text_longer_than_the_comparison_aligns_whole() -> None:
    """A copy, one sentence changed, of a 2,500-sentence archive text got WARN at 48% (exit 0): each side
    compared 1,000 sentences and the rest stayed unaligned. Sentences left out that the other side holds
    word for word are paired (a hash join), so the copy aligns whole."""
    from provenance.pipeline import compare

    text = " ".join(f"The council voted {i} times on the plan for district {i * 7} this year." for i in range(300))
    copy = text.replace("voted 150 times", "voted many times")
    pair = compare(Document("a", "a.txt", copy), Document("b", "b.txt", text), Settings(max_align_sentences=100))
    assert pair.is_reuse and pair.share_a > 0.99 and pair.share_b > 0.99
    assert not pair.unaligned_a or pair.unaligned_share_a < 0.01


def test_compared_sentences_sorts_each_sides_runs_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ranking both sides needs each side's distinct word runs (trigrams, pairs) both as the side ranked and
    as the other side: they are sorted once a side, not once a use (16 to 22 % of the ranking at 2,000 to 32,000)."""
    from provenance.detect import align
    from provenance.text.sentences import split_sentences

    sorted_runs: list[int] = []
    distinct = align._distinct_runs

    def counted(codes: np.ndarray, owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        sorted_runs.append(len(codes))
        return distinct(codes, owner)

    monkeypatch.setattr(align, "_distinct_runs", counted)
    text = " ".join(f"Sentence number {n} of the long text is here." for n in range(30))
    a, b = split_sentences(text), split_sentences(text[: len(text) // 2])
    keep_a, keep_b = align.compared_sentences(a, b, 5)
    assert len(keep_a) == len(keep_b) == 5
    assert len(sorted_runs) == 4  # two sides, trigrams and pairs each
