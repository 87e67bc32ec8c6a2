"""Hostile input at full size: what the CLI does, how long it takes, its peak memory; and
how each text stage grows on pathological input.

Run: ``.venv/bin/python -m benchmarks.bench_hostile [--only NAME] [--tiny-files N] [--growth |
--no-growth] [--stage STAGE] [--stop-after SECONDS]``.

**CLI cases.** Each case is built in a temporary folder next to three ordinary articles and
scanned by ``python -m provenance.cli scan`` in a child process (the
``compare`` cases run ``provenance compare``); the table gives the exit code,
the first warning or note on stderr, the wall time and the child's own peak RSS
(:func:`peak.run_cli`: its ``VmHWM``, not ``wait4``'s figure, which starts from this
process's size). A
traceback on stderr is reported as such. The table in docs/hostile-input.md
comes from this script.

**Growth** (after the cases, or alone with ``--growth``; ``--only`` runs cases alone). Each
text stage is called in this process on about 10 KB, 100 KB and 1 MB of each pathological
shape that stresses it (:data:`SHAPES`, :data:`STAGES`), best of 3 runs with
``time.perf_counter`` (a run under 5 ms timed in a loop, a run over 2 s once); before each
run the package's bounded caches (by word, by text) are cleared and garbage collected, so
every run costs what a first call does. The table gives the time at each size and the
factor per 10x of input; a factor over :data:`GROWTH_LIMIT` (12x) is flagged. A row already
over it runs its next size first in a forked child stopped after ``--stop-after`` seconds (20),
and says so. The load average before and after is printed: other processes inflate wall times.
"""

from __future__ import annotations

import argparse
import functools
import gc
import html
import itertools
import json
import math
import multiprocessing
import os
import re
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from tabulate import tabulate
from trafilatura.utils import load_html

from benchmarks.corpus import generate
from benchmarks.peak import run_cli
from provenance.detect.signatures import permutations
from provenance.io.formats import DecodeError, _drop_hover_cards, extract_page, html_page, mask_markdown
from provenance.io.load import load_jsonl
from provenance.models import Document
from provenance.pipeline import compare, prepare, set_aside
from provenance.report.text import render_pair_text
from provenance.settings import Settings
from provenance.text.metadata import describe
from provenance.text.normalize import fold
from provenance.text.quotes import find_quotations
from provenance.text.sentences import split_sentences
from provenance.verdict.spellings import spelling_table

SENTENCE = "The minister said the new budget would be approved by parliament next week after long talks. "
ORDINARY = [
    "Officials in the capital said on Monday that talks on the new trade agreement would resume next month. "
    "The delegation is expected to include ministers of energy, transport and finance from both countries. ",
    "Heavy rain flooded several districts overnight, and the city council opened three emergency shelters. "
    "Residents were told to avoid the river banks until the water level falls below the warning mark. ",
    "The central bank kept its main interest rate unchanged at 4.5 percent, as most analysts had expected. "
    "Its governor said inflation was slowing but warned that food prices remained a risk for households. ",
]


def _ordinary(folder: Path) -> None:
    for n, text in enumerate(ORDINARY):
        (folder / f"ordinary-{n}.txt").write_text(text * 3, encoding="utf-8")


def _big_file(folder: Path) -> list[str]:
    words = " ".join(f"word{i % 5000}" for i in range(1_000))
    with (folder / "big.txt").open("w", encoding="utf-8") as handle:
        while handle.tell() < 50_000_000:
            handle.write(words + ". ")
    return []


def _one_line(folder: Path) -> list[str]:
    words = [f"w{(i * 7919) % 20000}" for i in range(800_000)]  # no sentence end in 5 MB
    (folder / "one-line.txt").write_text(" ".join(words)[:5_000_000], encoding="utf-8")
    return []


def _tiny_files(count: int) -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        for n in range(count):
            (folder / f"tiny-{n:06d}.txt").write_text(f"Note {n}: all quiet today.", encoding="utf-8")
        return []

    return build


def _copies(folder: Path) -> list[str]:
    for name in ("copies-a.txt", "copies-b.txt"):
        (folder / name).write_text(SENTENCE * 5000, encoding="utf-8")
    return ["compare", str(folder / "copies-a.txt"), str(folder / "copies-b.txt"), "--format", "json"]


def _quote_marks(folder: Path) -> list[str]:
    (folder / "quote-marks.txt").write_text('"' * 10_000, encoding="utf-8")
    (folder / "quote-pairs.txt").write_text('"a" ' * 10_000, encoding="utf-8")
    return []


def _quotations(folder: Path) -> list[str]:
    (folder / "quoted.txt").write_text(
        " ".join(f'He said "budget line {i} is approved" today.' for i in range(10_000)), encoding="utf-8"
    )
    return ["compare", str(folder / "quoted.txt"), str(folder / "quoted.txt"), "--format", "json"]


def _quotations_html(folder: Path) -> list[str]:
    return [*_quotations(folder)[:3], "--format", "html"]


def _numbers(folder: Path) -> list[str]:
    (folder / "numbers.txt").write_text(" ".join(str(i * 37) for i in range(200_000)), encoding="utf-8")
    return []


def _links_and_pipes(folder: Path) -> list[str]:
    outside = folder.parent / "outside-secret.txt"
    outside.write_text("SECRET " * 100, encoding="utf-8")
    (folder / "leak.txt").symlink_to(outside)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    os.mkfifo(folder / "pipe.txt")
    (folder / "dev.txt").symlink_to("/dev/zero")
    return []


def _odd_names(folder: Path) -> list[str]:
    names = ["with space", "ünïcødé 新闻", "line\nbreak", "-leading-dash", "::error::x", "a\x1b[31mb"]
    for n, name in enumerate(names):
        (folder / f"{name}.txt").write_text(f"Copy {n}. {ORDINARY[0]}", encoding="utf-8")
    return []


def _injection(folder: Path) -> list[str]:
    evil = (
        "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) | a | b |\n"
        "::error::injected %0A\r\n\x1b[2J\x1b[31mred\x07 "
    )
    for n in range(2):
        (folder / f"evil-{n}.txt").write_text((ORDINARY[0] + evil) * 3 + f" Copy {n}.", encoding="utf-8")
    return []


CASES: dict[str, tuple[str, Callable[[Path], list[str]]]] = {
    "big-file": ("a 50 MB file", _big_file),
    "one-line": ("one line of 5 MB, no sentence end", _one_line),
    "tiny-files": ("100,000 tiny files", _tiny_files(100_000)),
    "copies": ("5,000 copies of one sentence, compared with itself", _copies),
    "quote-marks": ('10,000 quotation marks ("""…), and 10,000 "a" quotations', _quote_marks),
    "quotations": ("10,000 quoted sentences, compared with itself", _quotations),
    "quotations-html": ("the same, as the HTML page", _quotations_html),
    "numbers": ("a file of only numbers (200,000 of them)", _numbers),
    "links": ("symlinks to outside files, a FIFO, a device", _links_and_pipes),
    "odd-names": ("names with spaces, Unicode, newline, leading dash, ::, ESC", _odd_names),
    "injection": ("<script>, onerror, javascript:, |, ::error::, %, CR/LF, ANSI", _injection),
}


def _run(args: list[str], cwd: Path) -> tuple[int, str, float, float]:
    """Exit code, what stderr said, wall time and peak RSS (MB) of one CLI run in a child process."""
    run = run_cli(args, cwd=cwd)
    stdout, stderr = run.stdout, run.stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    if "Traceback" in stderr:
        said = "TRACEBACK"
    else:
        notes = [line.removeprefix("provenance: ") for line in lines]
        said = f"{notes[0]} (+{len(notes) - 1} more)" if len(notes) > 1 else (notes[0] if notes else "")
    return run.returncode, f"{_outcome(stdout)}; {said}" if said else _outcome(stdout), run.seconds, run.peak_kib / 1024


def _outcome(stdout: str) -> str:
    """What the run produced: the scan's summary line, or the comparison's verdict."""
    if stdout.startswith("<!DOCTYPE html>"):
        return f"compare: an HTML page of {len(stdout.encode()):,} bytes"
    if stdout.lstrip().startswith("{"):
        pair = json.loads(stdout)
        verdict = "reuse" if pair["is_reuse"] else "no reuse"
        return f"compare: {verdict}, {len(pair['alignments']):,} aligned, {len(pair.get('quotes', [])):,} quotations"
    return stdout.strip().split("; wrote")[0]


# --- Growth: each text stage, in process, at 10 KB, 100 KB and 1 MB of each pathological shape ---

GROWTH_SIZES = (10_000, 100_000, 1_000_000)
GROWTH_LIMIT = 12.0
"""A stage is linear enough when 10x the input costs at most this many times the time."""
_CYRILLIC = str.maketrans("aeopc", "аеорс")  # Cyrillic а е о р с, which look like the Latin letters
_LATIN = str.maketrans("аеорс", "aeopc")


@functools.cache
def _prose(size: int) -> str:
    """Ordinary prose of ``corpus`` (articles of made-up words in sentences and paragraphs), ``size`` characters."""
    text, articles = "", generate(10_000, seed=11)
    while len(text) < size:
        text += next(articles).text
    return _cut(text, size)


def _cut(text: str, size: int) -> str:
    """``text`` cut to about ``size`` characters at a space (never inside a word)."""
    if len(text) <= size:
        return text
    space = text.rfind(" ", 0, size)
    return text[: space if space > 0 else size]


def _repeat(unit: str, size: int, head: str = "") -> str:
    return head + unit * max(1, (size - len(head)) // len(unit))


def _respelled(size: int) -> str:
    """Capitalised respellings of one consonant outline (B-r-k-m-n-t-l-s: Barakamantalas, Barakamantales…)
    joined by " and ", one line."""
    words = (
        "B" + "".join(v + c for v, c in zip(combo, "rkmntls", strict=True))
        for combo in itertools.product("aeiouy", repeat=7)
    )
    out: list[str] = []
    length = 0
    for word in words:
        if length >= size:
            break
        out.append(word)
        length += len(word) + 5
    return " and ".join(out)


def _no_end(size: int) -> str:
    """Prose on one line with no sentence end (no . ? ! or line break)."""
    return re.sub(r"[.?!]|\s+", lambda m: "" if m.group() in ".?!" else " ", _prose(size + size // 20))[:size].strip()


def _every(text: str, old: str, new: str, n: int) -> str:
    """``text`` with every ``n``-th ``old`` replaced by ``new`` (an edited copy)."""
    count = itertools.count(1)
    return re.sub(re.escape(old), lambda m: new if next(count) % n == 0 else m.group(), text)


def _class_rules(k: int) -> str:
    classes = " ".join(f"c{i}" for i in range(k))
    return (
        "<html><head><style>"
        + "".join(f".c{i}{{color:transparent}}" for i in range(k))
        + "</style></head><body>"
        + f'<p class="{classes}">x</p>' * k
        + "<p>"
        + _prose(2000)
        + "</p></body></html>"
    )


def _framed(markup: str, depth: int) -> str:
    """``markup`` as the body of ``depth`` ``<iframe srcdoc>`` frames, one inside another."""
    for _ in range(depth):
        markup = f'<iframe srcdoc="{html.escape(markup)}"></iframe>'
    return markup


def _frames_page(n: int, depth: int) -> str:
    """A page whose article holds one line of its own and ``depth`` frames around paragraphs of prose, of about
    ``n`` characters in all (prose holds nothing escaped: each level holds it whole)."""
    prose = f"<p>{_prose(max(200, n - 60 * depth - 100))}</p>"
    return f"<html><body><article><p>Own line.</p>{_framed(prose, depth)}</article></body></html>"


def _frames_units(n: int, unit: Callable[[str], str]) -> str:
    """A page whose article holds ``unit`` of sentences of prose (each a sentence of its own), as many as fit."""
    units, size, words = [], 70, iter(_prose(max(n, 1000)).split(". "))
    while size < n:
        units.append(unit(f"<p>{next(words, 'A sentence')}.</p>"))
        size += len(units[-1])
    return f"<html><body><article><p>Own line.</p>{''.join(units)}</article></body></html>"


def _data(markup: str) -> str:
    return html.escape("data:text/html," + urllib.parse.quote(markup))


def _json_line(text: str) -> str:
    return json.dumps({"id": "hostile", "text": text}, ensure_ascii=False)


@dataclass(frozen=True)
class Shape:
    """A pathological text of a given size, and (for ``compare``) its edited copy."""

    title: str
    build: Callable[[int], str]
    edit: Callable[[str], str] | None = None


SHAPES: dict[str, Shape] = {
    "prose": Shape("ordinary prose (the baseline)", _prose, lambda t: _every(t, " the ", " a ", 5)),
    "dots": Shape("`Hello world ` then a run of `.`", lambda n: _repeat(".", n, "Hello world ")),
    "?!": Shape("`Hello world ` then a run of `?!`", lambda n: _repeat("?!", n, "Hello world ")),
    "A-": Shape(
        "`Agencies report ` then `A-` repeated",
        lambda n: _repeat("A-", n, "Agencies report "),
        lambda t: _every(t, "A-", "B-", 100),
    ),
    "said": Shape(
        '`He said: "x" ` repeated', lambda n: _repeat('He said: "x" ', n), lambda t: _every(t, '"x"', '"y"', 10)
    ),
    "said:": Shape(
        "`He said: ` repeated (no marks)", lambda n: _repeat("He said: ", n), lambda t: _every(t, "He", "She", 10)
    ),
    "respell": Shape("respellings of one outline joined by ` and `", _respelled, lambda t: _every(t, "a", "o", 20)),
    '"a"': Shape('`"a" ` quotations repeated', lambda n: _repeat('"a" ', n), lambda t: _every(t, '"a"', '"b"', 10)),
    "marks": Shape('a run of quote marks `"“”„«»` (no word)', lambda n: _repeat('"“”„«»', n)),
    "no-end": Shape("prose with no sentence end, one line", _no_end, lambda t: _every(t, " the ", " a ", 5)),
    "cyrillic": Shape(
        "prose with Cyrillic а е о р с for a e o p c (copy: the Latin prose, edited)",
        lambda n: _prose(n).translate(_CYRILLIC),
        lambda t: _every(t.translate(_LATIN), " the ", " a ", 5),
    ),
    "joiners": Shape(
        "prose with a combining grapheme joiner (U+034F) between every two letters (copy: the prose, edited)",
        lambda n: _cut(re.sub(r"(?<=\w)(?=\w)", "\u034f", _prose(n)), n),
        lambda t: _every(t.replace("\u034f", ""), " the ", " a ", 5),
    ),
    "字": Shape(
        "one Han character repeated, one line (each a word of its own)",
        lambda n: "字" * n,
        lambda t: _every(t, "字字字字字", "字字漢字字", 5),
    ),
    "字。": Shape(
        "`字。` repeated, one line (a sentence end after every character, no space)",
        lambda n: _repeat("字。", n),
        lambda t: _every(t, "字。字。字。", "字。漢。字。", 5),
    ),
    "zalgo": Shape(
        "`The minister said. a`, then combining marks of two classes in turn (U+0301 U+0316), one letter's",
        lambda n: _repeat("\u0301\u0316", n, "The minister said. a") + " more.",
    ),
    "dateline": Shape("`TEHRAN,` then a run of spaces, then a word", lambda n: "TEHRAN," + " " * max(0, n - 9) + "x\n"),
    "credits": Shape(
        "16 lines `Source: https://hN.com/p`, then capitalised words on one line (each address an outlet to name)",
        lambda n: "".join(f"Source: https://h{i}.com/p\n" for i in range(16)) + _repeat("Ab Cd Ef Gh ", n),
    ),
    "blanks": Shape(
        "`word`, a run of tabs and spaces, ` word.` (a head line)", lambda n: _repeat("\t ", n, "word") + " word."
    ),
    "word": Shape(
        "one word as long as the size, between two sentences",
        lambda n: "The minister said it. " + "abcdefghij" * (n // 10) + " The end came.",
        lambda t: t.replace("j The end", "x The end"),
    ),
    # Markdown, for the masking only.
    "md [": Shape("an unclosed link `[word ` repeated", lambda n: _repeat("[word ", n)),
    "md ![": Shape("an unclosed image `![w](w ` repeated", lambda n: _repeat("![w](w ", n)),
    "md <!--": Shape("an unclosed comment `<!-- w ` repeated", lambda n: _repeat("<!-- w ", n)),
    "md <http": Shape("an unclosed autolink `<http://w ` repeated", lambda n: _repeat("<http://w ", n)),
    "md rule": Shape("`- - -`, a run of spaces, a word", lambda n: "- - -" + " " * max(0, n - 7) + "x\n"),
    "md a*b*": Shape("emphasis inside a word, `a*b*` repeated (one word)", lambda n: _repeat("a*b*", n)),
    "md K*r*": Shape(
        "emphasis inside a word, `K*r*emlin said so. ` repeated", lambda n: _repeat("K*r*emlin said so. ", n)
    ),
    "md [r]:": Shape(
        'link definitions `[r]: http://x "t` with an unclosed title, one a line',
        lambda n: _repeat('[r]: http://x "t\n', n),
    ),
    "md front": Shape(
        "front matter of `summary: |` and a sentence a line, as long as the size (each line read once)",
        lambda n: "---\nsummary: |\n" + "  The minister said the talks would go on.\n" * max(1, n // 43) + "---\nx\n",
    ),
    "md front keys": Shape(
        "front matter of `kN: a b` fields as many as fit (each field a short value, blanked)",
        lambda n: "---\n" + "".join(f"k{i}: a b\n" for i in range(max(1, n // 12))) + "---\nx\n",
    ),
    # HTML, for the extraction only.
    "frames none": Shape("paragraphs of prose in the article (the frames' baseline)", lambda n: _frames_page(n, 0)),
    "frames deep": Shape(
        "the same in 7 `<iframe srcdoc>` frames one inside another (8 times the page held, all told: read)",
        lambda n: _frames_page(n, 7),
    ),
    "frames past": Shape(
        "the same in 12 frames one inside another (more than 8 times the page: refused)", lambda n: _frames_page(n, 12)
    ),
    "frames many": Shape(
        '`<object data="data:text/html,…">` of a frame of a frame of a sentence, repeated',
        lambda n: _frames_units(n, lambda p: f'<object data="{_data(_framed(p, 2))}"></object>'),
    ),
    "frames fallback": Shape(
        "an `<object>` of a `data:` page whose fallback holds a frame of a sentence, repeated",
        lambda n: _frames_units(n, lambda p: f'<object data="{_data("<p>Shown.</p>")}">{_framed(p, 1)}</object>'),
    ),
    "html attrs": Shape(
        "a `<p>` with as many attributes as fit in the size, then a paragraph",
        lambda n: "<html><body><p " + " ".join(f"a{i}=x" for i in range(n // 8)) + ">x</p><p>" + _prose(2000) + "</p>",
    ),
    "html style": Shape(
        "a `<p>` whose inline style is `visibility: hidden; ` repeated to the size, then a paragraph",
        lambda n: '<html><body><p style="' + "visibility: hidden; " * (n // 20) + '">x</p><p>' + _prose(2000) + "</p>",
    ),
    "css zero": Shape(
        "a `<style>` rule `p{font: 000…0_}` of one zero as long as the size, then a paragraph",
        lambda n: "<html><head><style>p{font: " + "0" * n + "_}</style></head><body><p>" + _prose(2000) + "</p>",
    ),
    "css classes": Shape(
        "k `.cN{color:transparent}` rules and k `<p>`s holding every class (k² classes in the size)",
        lambda n: _class_rules(max(2, int((n / 4) ** 0.5))),
    ),
    "html inline": Shape(
        "one `<p>` of `<i>w</i> ` repeated",
        lambda n: "<html><body><article><p>" + _repeat("<i>w</i> ", n - 50) + "</p></article></body></html>",
    ),
    "html links": Shape(
        'one `<p>` of `<a href="/x">w</a> ` repeated',
        lambda n: "<html><body><article><p>" + _repeat('<a href="/x">w</a> ', n - 50) + "</p></article></body></html>",
    ),
    "html paras": Shape(
        "`<p>Some words <i>here</i> and <b>more</b> words.</p>` repeated",
        lambda n: (
            "<html><body><article>"
            + _repeat("<p>Some words <i>here</i> and <b>more</b> words.</p>", n - 50)
            + "</article></body></html>"
        ),
    ),
    "html slots": Shape(
        "a shadow root's host (an unnamed `<slot>`) of `<b slot=z></b>tailtext` repeated (each child no slot takes)",
        lambda n: (
            _repeat(
                "<b slot=z></b>tailtext",
                n - 50,
                "<html><body><div><template shadowrootmode=open><slot></slot></template>",
            )
            + "</div></body></html>"
        ),
    ),
    "html cards": Shape(
        "a `<p>` holding 250 nested `<span>`s around links (`<a href=/x>wordN name</a>`) filling the size",
        lambda n: (
            "<html><body><article><p>Story text. "
            + "<span>" * 250
            + " ".join(f'<a href="/x{i}">word{i} name</a>' for i in range(max(2, (n - 3300) // 34)))
            + "</span>" * 250
            + " End.</p></article></body></html>"
        ),
    ),
    "html spans": Shape(
        "a story, then a table of `<tr><td rowspan=100 colspan=100>b` rows",
        lambda n: (
            "<html><body><article><p>"
            + _prose(2000)
            + "</p><table>"
            + _repeat("<tr><td rowspan=100 colspan=100>b", n - 2100)
            + "</table></article></body></html>"
        ),
    ),
    "html padded": Shape(
        "a story, then a table of a 100-cell row and `<tr><td>b` rows (each padded to 100 cells)",
        lambda n: (
            "<html><body><article><p>"
            + _prose(2000)
            + "</p><table><tr>"
            + "<td>h" * 100
            + _repeat("<tr><td>b", n - 2600)
            + "</table></article></body></html>"
        ),
    ),
    # How a file of another suffix begins, for the HTML sniff only (html_page: each shape is a page).
    "sniff blanks": Shape(
        "blanks as long as the size (spaces, newlines, BOMs, zero-width spaces), then `<html>` and 2,000 spaces",
        lambda n: _repeat(" \n\ufeff\u200b", n) + "<html>" + " " * 2000,
    ),
    "sniff comments": Shape(
        "an XML declaration, then `<!-- c -->` repeated to the size, then `<html>`",
        lambda n: _repeat("<!-- c -->", n, "<?xml version='1.0'?>") + "<html>",
    ),
    "sniff comment": Shape(
        "an XML declaration, then one comment as long as the size, then `<html>`",
        lambda n: "<?xml version='1.0'?><!--" + "x" * n + "--><html>",
    ),
    "sniff --!>": Shape(
        "an XML declaration, then `<!-- c --!>` repeated to the size (no `-->` anywhere), then `<html>`",
        lambda n: _repeat("<!-- c --!>", n, "<?xml version='1.0'?>") + "<html>",
    ),
    "sniff <?": Shape("`<?x ?>` repeated to the size, then `<html>`", lambda n: _repeat("<?x ?>", n) + "<html>"),
    # JSON Lines, for the loader only: one line of the file.
    "json prose": Shape("a JSON line holding prose (the baseline)", lambda n: _json_line(_prose(n))),
    "json marks": Shape("a JSON line whose text is quote marks", lambda n: _json_line(_repeat('"“”„«»', n))),
    "json [": Shape(
        "a JSON line of `[` nested as deep as the size (the parser stops at its recursion limit, 1,000)",
        lambda n: "[" * n,
    ),
    "json digits": Shape("a JSON line whose id is a number of all the digits", lambda n: '{"id": ' + "9" * n + "}"),
    "json keys": Shape(
        "a JSON line of as many distinct keys as fit (each object's keys counted for repeats)",
        lambda n: '{"id": "k", "text": "t"' + "".join(f', "k{i}": 0' for i in range(max(1, (n - 24) // 12))) + "}",
    ),
    "json key again": Shape(
        "a JSON line holding `text` as often as fits (a repeated key named once)",
        lambda n: '{"id": "k"' + ', "text": "t"' * max(1, (n - 10) // 13) + "}",
    ),
}


def _split(text: str, shape: Shape) -> Callable[[], object]:
    return lambda: split_sentences(text)


def _fold(text: str, shape: Shape) -> Callable[[], object]:
    return lambda: fold(text)


def _describe(text: str, shape: Shape) -> Callable[[], object]:
    return lambda: describe(text)


def _quotes(text: str, shape: Shape) -> Callable[[], object]:
    return lambda: find_quotations(text)


def _spellings(text: str, shape: Shape) -> Callable[[], object]:
    return lambda: spelling_table([Document("a", "a.txt", text)])


def _set_aside(text: str, shape: Shape) -> Callable[[], object]:
    settings = Settings()
    docs = [prepare(Document(f"d{n}", f"d{n}.txt", text), settings) for n in range(3)]
    return lambda: set_aside(docs, settings)


def _compare(text: str, shape: Shape) -> Callable[[], object]:
    assert shape.edit is not None
    a, b = Document("a", "a.txt", text), Document("b", "b.txt", shape.edit(text))
    return lambda: compare(a, b)


def _mask(text: str, shape: Shape) -> Callable[[], object]:
    return lambda: mask_markdown(text)


def _extract(text: str, shape: Shape) -> Callable[[], object]:
    return lambda: extract_page(text)


def _extract_or_refuse(text: str, shape: Shape) -> Callable[[], object]:
    def run() -> object:
        try:
            return extract_page(text)
        except DecodeError as err:  # a page refused is timed as such
            return err

    return run


def _hover_cards(text: str, shape: Shape) -> Callable[[], object]:
    return lambda: _drop_hover_cards(load_html(text))  # parsed afresh each run: the removal changes the tree


def _table(text: str, shape: Shape) -> Callable[[], object]:
    assert shape.edit is not None
    a, b = Document("a", "a.txt", text), Document("b", "b.txt", shape.edit(text))
    pair = compare(a, b)
    return lambda: render_pair_text(pair, a, b)


def _sniff(text: str, shape: Shape) -> Callable[[], object]:
    return lambda: html_page(text)


def _load(text: str, shape: Shape) -> Callable[[], object]:
    handle = tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False)  # noqa: SIM115
    with handle:
        handle.write(text + "\n")
    path = Path(handle.name)
    _CLEANUP.append(path)
    return lambda: list(load_jsonl(path))


_CLEANUP: list[Path] = []
_TEXT = ["prose", "dots", "?!", "A-", "said", "respell", '"a"', "marks", "no-end", "cyrillic", "字", "字。"]
STAGES: dict[str, tuple[str, Callable[[str, Shape], Callable[[], object]], list[str]]] = {
    "split": ("split_sentences", _split, _TEXT),
    "fold": ("fold", _fold, ["prose", "cyrillic", "joiners", "zalgo", "marks", "said", "no-end"]),
    "describe": (
        "describe",
        _describe,
        ["prose", "A-", "said", "respell", '"a"', "dots", "no-end", "cyrillic", "dateline", "blanks", "credits"],
    ),
    "mask_markdown": (
        "mask_markdown",
        _mask,
        [
            "prose",
            "md [",
            "md ![",
            "md <!--",
            "md <http",
            "md rule",
            "md [r]:",
            "md front",
            "md front keys",
            "md a*b*",
            "md K*r*",
        ],
    ),
    "extract_page": (
        "extract_page (HTML)",
        _extract,
        [
            "html attrs",
            "html style",
            "css zero",
            "css classes",
            "html inline",
            "html links",
            "html paras",
            "html spans",
            "html padded",
            "html slots",
        ],
    ),
    "frames": (
        "extract_page (HTML frames)",
        _extract_or_refuse,
        ["frames none", "frames deep", "frames past", "frames many", "frames fallback"],
    ),
    "hover_cards": ("_drop_hover_cards (HTML, parsed)", _hover_cards, ["html cards"]),
    "table": ("render_pair_text (compare's table)", _table, ["prose", "word"]),
    "quotes": ("find_quotations", _quotes, ["prose", "said", "said:", '"a"', "marks", "no-end"]),
    "spellings": ("spelling_table", _spellings, ["prose", "respell", "cyrillic", "A-", "no-end"]),
    "set_aside": ("set_aside (3 documents)", _set_aside, ["prose", "said", '"a"', "respell", "no-end"]),
    "compare": (
        "compare (text, edited copy)",
        _compare,
        ["prose", "said", "said:", '"a"', "respell", "no-end", "cyrillic", "joiners", "A-", "字", "字。"],
    ),
    "html_page": (
        "html_page (a file of another suffix sniffed)",
        _sniff,
        ["sniff blanks", "sniff comments", "sniff comment", "sniff --!>", "sniff <?"],
    ),
    "load_jsonl": (
        "load_jsonl (one line)",
        _load,
        ["json prose", "json marks", "json [", "json digits", "json keys", "json key again"],
    ),
}


def _caches() -> list[Callable[[], None]]:
    """``cache_clear`` of every bounded ``lru_cache`` of the package (results kept by word or by
    text: name skeletons, a text's quotations, shingles), but not the MinHash permutations (kept by
    settings) nor unbounded caches (tables loaded once)."""
    found = []
    for name, module in list(sys.modules.items()):
        if name != "provenance" and not name.startswith("provenance."):
            continue
        for value in vars(module).values():
            params = getattr(value, "cache_parameters", None)
            if params is not None and params()["maxsize"] is not None and value is not permutations:
                found.append(value.cache_clear)
    return list(dict.fromkeys(found))


def _fresh() -> None:
    """Forget what an earlier run kept by word or by text, and collect its garbage, so that each
    run does the whole work of a first call (warm caches would flatter the small sizes)."""
    for clear in _caches():
        clear()
    gc.collect()


@dataclass(frozen=True)
class Timing:
    seconds: float
    runs: int  # timed runs (1: a run over SLOW_RUN, not repeated)


SLOW_RUN = 2.0
"""A run longer than this (seconds) is not repeated: best of 1."""
STOP_AFTER = 20.0
"""A row already over :data:`GROWTH_LIMIT` runs its next size first in a forked child stopped after
this many seconds (``--stop-after``), so a stage that grows too fast cannot stall the whole run;
a child run under :data:`SLOW_RUN` is then timed as usual (best of 3, in process)."""


def _child_run(call: Callable[[], object], send: Connection) -> None:
    _fresh()
    start = time.perf_counter()
    call()
    send.send(time.perf_counter() - start)


def _stopped_after(call: Callable[[], object], limit: float) -> Timing | float:
    """One timed run of ``call`` in a forked child: its time, or ``limit`` when it was stopped there."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child_run, args=(call, send))
    child.start()
    send.close()
    try:
        if receive.poll(limit):
            return Timing(receive.recv(), 1)
        return limit
    finally:
        if child.is_alive():
            child.kill()
        child.join()


def _best_of(call: Callable[[], object], runs: int = 3) -> Timing:
    """The fastest of ``runs`` timings of ``call``, each after :func:`_fresh` (a call under 5 ms is
    timed in a loop of ~20 ms; a call over :data:`SLOW_RUN` once)."""
    _fresh()
    start = time.perf_counter()
    call()
    first = time.perf_counter() - start
    if first >= SLOW_RUN:
        return Timing(first, 1)
    number = 1 if first >= 0.005 else max(1, math.ceil(0.02 / max(first, 1e-6)))
    best = first if number == 1 else math.inf
    for _ in range(runs - 1 if number == 1 else runs):
        elapsed = 0.0
        for _ in range(number):
            _fresh()
            start = time.perf_counter()
            call()
            elapsed += time.perf_counter() - start
        best = min(best, elapsed / number)
    return Timing(best, runs)


def _seconds(value: float) -> str:
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.1f} ms"
    return f"{value * 1e6:.0f} µs"


def _cell(timing: Timing | float) -> str:
    if isinstance(timing, float):
        return "not run" if math.isinf(timing) else f"over {timing:g} s (stopped)"
    return _seconds(timing.seconds) + (" (1 run)" if timing.runs == 1 else "")


def growth(stages: Sequence[str], stop_after: float = STOP_AFTER) -> tuple[list[list[str]], list[str]]:
    """Each stage timed at every size of each shape it is run on: table rows, and the rows over
    :data:`GROWTH_LIMIT` (see :data:`STOP_AFTER` for a size stopped)."""
    rows, over = [], []
    try:
        for stage in stages:
            title, setup, shapes = STAGES[stage]
            for name in shapes:
                shape = SHAPES[name]
                cells: list[Timing | float] = []
                for size in GROWTH_SIZES:
                    measured = [c for c in cells if isinstance(c, Timing)]
                    if len(measured) < len(cells):  # a smaller size was stopped already
                        cells.append(math.inf)
                        continue
                    call = setup(shape.build(size), shape)
                    factors = [b.seconds / max(a.seconds, 1e-9) for a, b in itertools.pairwise(measured)]
                    first = _stopped_after(call, stop_after) if factors and factors[-1] > GROWTH_LIMIT else None
                    if isinstance(first, float) or (first is not None and first.seconds >= SLOW_RUN):
                        cells.append(first)  # stopped, or slow: that one run
                    else:
                        cells.append(_best_of(call))
                    print(f"{stage} {name} {size:,}: {_cell(cells[-1])}", file=sys.stderr)
                factors = [
                    f"{b.seconds / max(a.seconds, 1e-9):.1f}x"
                    if isinstance(a, Timing) and isinstance(b, Timing)
                    else "-"
                    for a, b in itertools.pairwise(cells)
                ]
                high = any(f == "-" or float(f[:-1]) > GROWTH_LIMIT for f in factors)
                if high:
                    over.append(f"{title} on `{name}`")
                rows.append(
                    [title, f"`{name}`", *map(_cell, cells), *factors, f"**over {GROWTH_LIMIT:g}x**" if high else ""]
                )
    finally:
        for path in _CLEANUP:
            path.unlink(missing_ok=True)
    return rows, over


def cases(names: Sequence[str]) -> None:
    """Run each CLI case in a child process and print its table."""
    rows = []
    for name in names:
        title, build = CASES[name]
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "seeds"
            folder.mkdir()
            _ordinary(folder)
            command = build(folder) or ["scan", str(folder), "--out", str(Path(tmp) / "out")]
            code, said, elapsed, peak = _run(command, Path(tmp))
        said = said.replace(tmp, "TMP").replace("|", "\\|")
        rows.append([title.replace("|", "\\|"), code, said[:160], f"{elapsed:.1f} s", f"{peak:,.0f} MB"])
        print(f"{name}: exit {code}, {elapsed:.1f} s, {peak:,.0f} MB", file=sys.stderr)
    headers = ["case", "exit", "what the tool did (stdout; first line of stderr)", "time", "peak RSS"]
    print(tabulate(rows, headers=headers, tablefmt="github"))


def growth_table(stages: Sequence[str], stop_after: float = STOP_AFTER) -> None:
    """Time the text stages on every shape at each size and print the table and the rows over the limit."""
    start, load = time.perf_counter(), os.getloadavg()[0]
    rows, over = growth(stages, stop_after)
    sizes = [f"{size // 1_000_000} MB" if size >= 1_000_000 else f"{size // 1000} KB" for size in GROWTH_SIZES]
    steps = [f"x per 10x ({a} to {b})" for a, b in itertools.pairwise(sizes)]
    print(tabulate(rows, headers=["stage", "shape", *sizes, *steps, f"over {GROWTH_LIMIT:g}x"], tablefmt="github"))
    print()
    print("Shapes: " + "; ".join(f"`{name}` {shape.title}" for name, shape in SHAPES.items()) + ".")
    print(f"Over {GROWTH_LIMIT:g}x per 10x: {', '.join(over) if over else 'none'}.")
    print(f"Load average (1 min) {load:.2f} before, {os.getloadavg()[0]:.2f} after, on {os.cpu_count()} cores.")
    print(f"growth: {time.perf_counter() - start:.0f} s", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=sorted(CASES), action="append", help="Run only these CLI cases (repeatable).")
    parser.add_argument("--tiny-files", type=int, default=100_000, help="Files in the tiny-files case.")
    parser.add_argument("--growth", action="store_true", help="Run only the growth table (no CLI case).")
    parser.add_argument("--no-growth", action="store_true", help="Run only the CLI cases (no growth table).")
    parser.add_argument(
        "--stage", choices=list(STAGES), action="append", help="Growth of these stages only (repeatable)."
    )
    parser.add_argument(
        "--stop-after",
        type=float,
        default=STOP_AFTER,
        help="Seconds: a growth row over the limit runs its next size first in a child stopped after this long.",
    )
    args = parser.parse_args()
    CASES["tiny-files"] = (f"{args.tiny_files:,} tiny files", _tiny_files(args.tiny_files))
    if not args.growth:
        cases(args.only or list(CASES))
    if not args.no_growth and not args.only:
        if not args.growth:
            print()
        growth_table(args.stage or list(STAGES), args.stop_after)


if __name__ == "__main__":
    main()
