"""Plain helpers shared by the tests (fixtures live in conftest.py)."""

from __future__ import annotations

import html
import json
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from provenance import Alignment
from provenance.cli import main
from provenance.detect.changes import changes_in_texts
from provenance.models import PairResult
from provenance.settings import Settings

SEED_A = "000_c4d69d43826d85bd"
SEED_B = "001_d11848f0d9787346"
SEED_OTHERS = ("002_a69506151a1a2a0e", "003_dc2421d5b62a3952", "004_3c2a521249f8964b")
SEED_IDS = (SEED_A, SEED_B, *SEED_OTHERS)

LATIN1_FILE = {"zz_latin1.txt": "caf\u00e9 au lait, s'il vous pla\u00eet.".encode("latin-1")}
"""A file that is not UTF-8: read as cp1252, and the encoding reported (issue 9; such a file used to be skipped)."""

GIF = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
"""A one-pixel image, loaded without the network."""
ALT_TEXT_SHOWN = (
    ('<img alt="{}">', True),
    ('<img src="" alt="{}">', True),
    ('<img src="  " alt="{}">', True),
    ('<img src="data:," alt="{}">', True),
    ('<img src="data:text/plain,x" alt="{}">', True),
    ('<div><img alt="{}"></div>', True),
    ('<img width="300" alt="{}">', True),
    ('<picture><img alt="{}"></picture>', True),
    ('<picture><source srcset=""><img alt="{}"></picture>', True),
    (f'<img src="{GIF}" alt="{{}}">', False),
    (f'<img srcset="{GIF} 1x" alt="{{}}">', False),
    (f'<picture><source srcset="{GIF}"><img alt="{{}}"></picture>', False),
    ('<img width="1" height="1" alt="{}">', False),
    ('<img alt="{}" style="display:none">', False),
    ('<span hidden><img alt="{}"></span>', False),
    ('<span style="font-size:0"><img alt="{}"></span>', False),
    ('<span class="gone"><img alt="{}"></span>', False),
)
"""Images (an element with ``{}`` for its alt text) and whether a browser shows their alt text, on a page with
the style sheet :data:`ALT_TEXT_STYLE`: every browser shows it in the place of an image with no source
(``tests/test_browser.py`` measures it in Chromium)."""
ALT_TEXT_STYLE = "<style>.gone img{display:none}</style>"

WORD_BOXES = {
    "margin": ("span{margin-right:.3em}", "<span>{}</span>", True),
    "padding": ("span{padding-right:4px}", "<span>{}</span>", True),
    "inline style": ("", '<span style="margin-left: 5px">{}</span>', True),
    "border": ("span{border-right:3px solid white}", "<span>{}</span>", True),
    "inline-block": ("span{display:inline-block;margin-right:.25em}", "<span>{}</span>", True),
    "inline-block width": ("span{display:inline-block;min-width:8em}", "<span>{}</span>", True),
    "block": ("span{display:block}", "<span>{}</span>", True),
    "before": ('span::before{content:" "}', "<span>{}</span>", True),
    "after nbsp": ('span::after{content:"\\a0"}', "<span>{}</span>", True),
    "flex gap": (".w{display:flex;flex-wrap:wrap;gap:.3em}", "<span>{}</span>", True),
    "flex column": (".w{display:flex;flex-direction:column}", "<span>{}</span>", True),
    "grid": (".w{display:grid;grid-auto-flow:column;gap:4px}", "<span>{}</span>", True),
    "bare inline-block": ("span{display:inline-block}", "<span>{}</span>", False),
    "bare flex": (".w{display:flex}", "<span>{}</span>", False),
    "word-spacing": (".w{word-spacing:.5em}", "<span>{}</span>", False),
    "one pixel": ("span{margin-right:1px}", "<span>{}</span>", False),
    "margin undone": ("span{margin-right:.3em}", '<span style="margin: 0">{}</span>', False),
    "empty content": ('span::before{content:""}', "<span>{}</span>", False),
}
"""Words typed with no space between them, each in an element (``{}`` for the word) inside ``<p class=w>``, with
the page's style sheet, and whether a browser shows them apart (``tests/test_browser.py`` measures it in
Chromium): a margin, padding or border of 2px or more, a block, a generated space, a flex container's gap or
column, a grid's cells part them; an inline block, a flex container without a gap, ``word-spacing`` (it widens
spaces, and there are none) leave them together."""

HIDDEN_LINKS: dict[str, tuple[str, str, bool]] = {
    "plain": ("", "<a href='{href}'>Read the story</a>", True),
    "width zero": (
        "",
        "<div style='width:0;height:0;overflow:hidden'><a href='{href}'>Read the story</a></div>",
        False,
    ),
    "width only": ("", "<div style='width:0;overflow:hidden'><a href='{href}'>Read the story</a></div>", False),
    "height zero": ("", "<div style='height:0;overflow:hidden'><a href='{href}'>Read the story</a></div>", False),
    "max-height": ("", "<div style='max-height:0;overflow:clip'><a href='{href}'>Read the story</a></div>", False),
    "inline-block": (
        "",
        "<span style='display:inline-block;width:0;height:0;overflow:hidden'><a href='{href}'>Read it</a></span>",
        False,
    ),
    "overflow rule": (
        ".x{width:0;height:0;overflow:hidden}",
        "<div class=x><a href='{href}'>Read the story</a></div>",
        False,
    ),
    "scale": ("", "<div style='transform:scale(0)'><a href='{href}'>Read the story</a></div>", False),
    "scale rule": ("#x{transform:scaleY(0)}", "<div id=x><a href='{href}'>Read the story</a></div>", False),
    "webkit scale": ("", "<div style='-webkit-transform:scaleX(0)'><a href='{href}'>Read the story</a></div>", False),
    "scale property": ("", "<div style='scale:0'><a href='{href}'>Read the story</a></div>", False),
    "matrix": ("", "<div style='transform:matrix(0,0,0,0,0,0)'><a href='{href}'>Read the story</a></div>", False),
    "filter": ("", "<div style='filter:opacity(0)'><a href='{href}'>Read the story</a></div>", False),
    "inline filter": ("", "<a href='{href}' style='filter:blur(1px) opacity(0%)'>Read the story</a>", False),
    "faint": ("", "<a href='{href}' style='opacity:0.03'>Read the story</a>", False),
    "faint boxes": (
        ".f{opacity:.2}",
        "<div class=f><a href='{href}' style='filter:opacity(10%)'>Read the story</a></div>",
        False,
    ),
    "half": ("", "<a href='{href}' style='opacity:0.5'>Read the story</a>", True),
    "font-size": ("", "<div style='font-size:0'><a href='{href}'>Read the story</a></div>", False),
    "opacity": ("", "<a href='{href}' style='opacity:0'>Read the story</a>", False),
    "clip-path": ("", "<a href='{href}' style='clip-path:inset(50%)'>Read the story</a>", False),
    "visibility": ("", "<a href='{href}' style='visibility:hidden'>Read the story</a>", False),
    "display rule": (".x{display:none}", "<span class=x><a href='{href}'>Read the story</a></span>", False),
    "white": ("", "<a href='{href}' style='color:#fff'>Read the story</a>", False),
    "background": (
        "",
        "<div style='background:#123'><a href='{href}' style='color:#112233'>Read the story</a></div>",
        False,
    ),
    "colour rule": ("a.c{color:white;text-decoration:none}", "<a class=c href='{href}'>Read the story</a>", False),
    "pointer-events": ("", "<a href='{href}' style='pointer-events:none'>Read the story</a>", False),
    "pointer-events rule": ("h3{pointer-events:none}", "<a href='{href}'>Read the story</a>", False),
    "inert": ("", "<div inert><a href='{href}'>Read the story</a></div>", False),
    "inline width": (
        "",
        "<span style='width:0;height:0;overflow:hidden'><a href='{href}'>Read the story</a></span>",
        True,
    ),
    "overflow shown": ("", "<div style='height:0'><a href='{href}'>Read the story</a></div>", True),
    "padded": (
        "",
        "<div style='height:0;padding-bottom:2em;overflow:hidden'><a href='{href}'>Read the story</a></div>",
        True,
    ),
    "inline scale": ("", "<a href='{href}' style='transform:scale(0)'>Read the story</a>", True),
    "scale one": ("", "<div style='transform:scale(1)'><a href='{href}'>Read the story</a></div>", True),
    "dark background": (
        "",
        "<div style='background:#000'><a href='{href}' style='color:#fff'>Read the story</a></div>",
        True,
    ),
    "pointer-events again": (
        "h3{pointer-events:none}",
        "<a href='{href}' style='pointer-events:auto'>Read the story</a>",
        True,
    ),
}
"""A link to a story (``{href}``) in a heading beside an uncredited copy of it, with the page's style sheet, and
whether a reader can see and follow it: a box of no size that hides what overflows it, one scaled to nothing,
a filter or opacity of 0 or near it (the boxes' around multiplied), a zero font size, text the colour of its
background (the page's white, a box's own), ``pointer-events: none`` or ``inert`` (shown, but no click follows
it) leave the reader no link; a size, a transform an inline box ignores, a box whose padding shows its text,
half an opacity, a colour apart from the background's, do not (``tests/test_browser.py`` measures it in
Chromium; ``tests/test_outside_body.py`` checks the copy)."""


def _turned(
    opening: str, item: str, order: Callable[[int], list[int]], closing: str = "</div>"
) -> Callable[[list[str]], str]:
    """Types a row of words as ``opening``, then each word as ``item`` (``{w}`` the word, ``{n}`` its place from
    0, ``{k}`` from 1) in the order ``order`` gives for the row's length, then ``closing``."""
    return lambda words: opening + "".join(item.format(w=words[n], n=n, k=n + 1) for n in order(len(words))) + closing


def _backwards(count: int) -> list[int]:
    return list(range(count))[::-1]


def _odd_first(count: int) -> list[int]:
    return [*range(0, count, 2), *range(1, count, 2)]


TURNED_ROWS: dict[str, tuple[str, Callable[[list[str]], str]]] = {
    "flex row-reverse": (
        ".r{display:flex;flex-direction:row-reverse;justify-content:flex-end;gap:.3em}",
        _turned("<div class=r>", "<span>{w}</span>", _backwards),
    ),
    "flex escaped row-reverse": (
        ".r{display:flex;flex-direc\\74 ion:row-reverse;justify-content:flex-end;gap:.3em}",
        _turned("<div class=r>", "<span>{w}</span>", _backwards),
    ),
    "flex in rtl": (
        ".r{display:flex;justify-content:flex-end;gap:.3em}",
        _turned("<div class=r dir=rtl>", "<span>{w}</span>", _backwards),
    ),
    "flex order": (
        ".r{display:flex;gap:.3em}",
        _turned("<div class=r>", "<span style='order:{n}'>{w}</span>", _odd_first),
    ),
    "flex text items": (
        ".r{display:flex;flex-flow:row-reverse wrap;justify-content:flex-end;column-gap:.3em}",
        lambda words: (
            "<div class=r>"
            + "".join(w if n % 2 else f"<span>{w}</span>" for n, w in enumerate(reversed(words)))
            + "</div>"
        ),
    ),
    "grid columns": (
        ".r{display:grid;grid-template-columns:repeat(6,max-content);gap:.3em}",
        _turned("<div class=r>", "<span style='grid-column:{k};grid-row:1'>{w}</span>", _odd_first),
    ),
    "grid areas": (
        ".r{display:grid;grid-template-columns:repeat(6,max-content);gap:.3em}",
        _turned("<div class=r>", "<span style='grid-area:1 / {k}'>{w}</span>", _backwards),
    ),
    "grid in rtl": (
        ".r{display:grid;grid-template-columns:repeat(6,max-content);gap:.3em;justify-content:end}",
        _turned("<div class=r dir=rtl>", "<span>{w}</span>", _backwards),
    ),
    "grid by columns": (
        ".r{display:grid;grid-auto-flow:column;grid-template-rows:auto auto;column-gap:.3em}",
        lambda words: (
            "<div class=r>"
            + "".join(f"<span>{words[n]}</span>" for n in sorted(range(len(words)), key=lambda n: (n % 3, n // 3)))
            + "</div>"
            if len(words) == 6
            else "<div>" + " ".join(words) + "</div>"
        ),
    ),
    "table in rtl": ("td{padding:0 .15em}", _turned("<table dir=rtl><tr>", "<td>{w}</td>", _backwards, "</table>")),
    "css table in rtl": (
        ".t{display:table;direction:rtl}.t>div{display:table-row}.t span{display:table-cell;padding:0 .15em}",
        _turned("<div class=t><div>", "<span>{w}</span>", _backwards, "</div></div>"),
    ),
    "float right": (
        ".r{overflow:hidden}.r span{float:right;margin-left:.3em}",
        _turned("<div class=r>", "<span>{w}</span>", _backwards),
    ),
    "float inline-end": (
        ".r{overflow:hidden}.r span{float:inline-end;margin-left:.3em}",
        _turned("<div class=r>", "<span>{w}</span>", _backwards),
    ),
    "inline blocks in rtl": (
        ".r{text-align:left}.r span{display:inline-block}",
        _turned("<p class=r dir=rtl>", "<span>{w}</span> ", _backwards, "</p>"),
    ),
}
"""Rows of words (each a list of at most six, HTML-escaped) typed in an order a page's layout turns round, with
the page's style sheet: a browser shows each row's words in their order, left to right (``tests/test_browser.py``
measures it in Chromium), though the source holds them backwards or shuffled: a flex container's ``row-reverse``
or ``order``, a grid's placed items, a table or grid set right to left, boxes floated right, inline blocks in a
right-to-left line."""


BRIEF = (
    "A magnitude 5.8 earthquake struck off the northern coast on Sunday.\n"
    "No casualties were reported in the first hours, officials said.\n"
    "The quake hit at a depth of ten kilometres.\n"
    "Residents of coastal towns felt strong shaking for several seconds.\n"
    "Some buildings in the harbour district suffered minor cracks.\n"
    "Schools will stay closed on Monday while engineers inspect them.\n"
    "The meteorological agency ruled out any risk of a tsunami.\n"
    "Aftershocks are expected over the coming days, the agency warned."
)
"""A wire brief written a short paragraph (at most 12 words) a line, as news briefs are."""

FolderBuilder = Callable[[Mapping[str, str | bytes]], Path]
"""Makes a new folder holding the given files (``str`` content is written as UTF-8)."""


def random_words(rng: random.Random, n: int, vocabulary: int = 3000) -> list[str]:
    """``n`` words drawn from a synthetic vocabulary of made-up lowercase words."""
    return [f"w{rng.randrange(vocabulary)}x" for _ in range(n)]


def check_pair_spans(alignments: Iterable[Alignment], text_a: str, text_b: str) -> int:
    """Assert every alignment and change span of a pair matches its text; return the span count."""
    checked = 0
    for al in alignments:
        for span, text in ((al.a_span, text_a), (al.b_span, text_b)):
            start, end = span
            assert 0 <= start < end <= len(text)
            checked += 1
        for change in al.changes:
            assert 0 <= change.a_span[0] <= change.a_span[1] <= len(text_a)
            assert 0 <= change.b_span[0] <= change.b_span[1] <= len(text_b)
            assert text_a[change.a_span[0] : change.a_span[1]] == change.a
            assert text_b[change.b_span[0] : change.b_span[1]] == change.b
            # A change lies inside its alignment.
            assert al.a_span[0] <= change.a_span[0] <= change.a_span[1] <= al.a_span[1]
            assert al.b_span[0] <= change.b_span[0] <= change.b_span[1] <= al.b_span[1]
            checked += 2
    return checked


def assert_one_line_error(result: Result) -> str:
    """The CLI stopped with exit code 2 and one ``provenance: error:`` line, nothing else; that line."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("provenance: error: ")
    assert "Traceback" not in result.output
    return lines[0]


def into_closed_pipe(args: Iterable[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``provenance ARGS`` run in a process whose stdout is a pipe nobody reads any more (``| head`` gone):
    its first write to stdout fails; stderr captured."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "provenance.cli", *args],
            cwd=cwd,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)


def change_kinds(a: str, b: str, settings: Settings | None = None) -> list[tuple[str, str, str]]:
    """(kind, A text, B text) of each change between two short texts taken as one aligned group."""
    return [(c.kind, c.a, c.b) for c in changes_in_texts(a, b, settings=settings)]


def git(repo: Path, *args: str) -> None:
    """Run a git command in ``repo`` (tests of the gate on temporary repositories)."""
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def git_repo(root: Path, message: str) -> None:
    """Make ``root`` a git repository whose one commit holds everything in it."""
    git(root, "init", "-q")
    git(root, "config", "user.email", "t@example.org")
    git(root, "config", "user.name", "t")
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


def seeds_repo(tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch, *, without: Iterable[str]) -> Path:
    """A git repository (the current folder from now on) whose first commit holds every seed but ``without``
    in ``seeds/`` and an empty ``[tool.provenance]``, with no GitHub Actions variables set."""
    root = tmp_path / "repo"
    (root / "seeds").mkdir(parents=True)
    for doc_id in SEED_IDS:
        if doc_id not in without:
            shutil.copy(seeds_dir / f"{doc_id}.txt", root / "seeds")
    (root / "pyproject.toml").write_text("[tool.provenance]\n", encoding="utf-8")
    git_repo(root, "seeds")
    work_in(root, monkeypatch)
    return root


def work_in(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``root`` the current folder, with no GitHub Actions variables set (a gate run by hand)."""
    monkeypatch.chdir(root)
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT"):
        monkeypatch.delenv(name, raising=False)


def branch_off_main(root: Path, message: str, branch: str) -> None:
    """Commit everything in ``root`` as the first commit of ``main``, then check out a new ``branch``."""
    git_repo(root, message)
    git(root, "branch", "-M", "main")
    git(root, "checkout", "-qb", branch)


def commit_all(repo: Path, message: str) -> None:
    """Commit everything in ``repo`` (a change under review)."""
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)


def reuse_pair(share_a: float = 0.5, share_b: float = 0.5) -> PairResult:
    """A reuse pair of texts "a" and "b" with these aligned shares and nothing else decided (lineage tests)."""
    return PairResult(
        a="a",
        b="b",
        is_reuse=True,
        share_a=share_a,
        share_b=share_b,
        estimated_jaccard=None,
        jaccard=0.3,
        containment_a=0.5,
        containment_b=0.5,
    )


def gulf_reprint_page(body: str) -> str:
    """A credited reprint of ``body`` as a Gulf Daily web page two days after the Tehran Times original."""
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    paragraphs.append("This article first appeared in the Tehran Times.")
    text = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A story | Gulf Daily</title>'
        '<meta property="og:site_name" content="Gulf Daily">'
        '<meta property="article:published_time" content="2025-01-18T10:00:00+00:00"></head>'
        f"<body><main><article><h1>A story</h1>\n{text}\n</article></main></body></html>"
    )


def write_archive(root: Path, seeds_dir: Path, texts: Mapping[str, str]) -> None:
    """An ``articles`` folder (the policy's, in ``root``'s pyproject.toml) holding ``texts`` (path in ``root``
    → text) and two other seeds."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text('[tool.provenance.policy]\nfolder = "articles"\n', encoding="utf-8")
    for path, text in texts.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    for doc_id in SEED_OTHERS[1:]:
        shutil.copy(seeds_dir / f"{doc_id}.txt", root / "articles")


def write_gulf_archive(root: Path, seeds_dir: Path, original: str, reprint: str) -> None:
    """An ``articles`` folder (:func:`write_archive`) holding a Tehran Times original at ``original``, its
    credited Gulf Daily reprint at ``reprint`` and two other seeds."""
    body = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8-sig").removeprefix(" date 2025-01-16 ")
    front = '---\ntitle: "Iran and Russia sign a deal"\ndate: 2025-01-16T09:00\noutlet: Tehran Times\n---\n\n'
    write_archive(root, seeds_dir, {original: front + body, reprint: gulf_reprint_page(body)})


def gate_files() -> tuple[Result, dict[str, dict[str, object]]]:
    """``provenance gate --base main --format json`` in the current folder (a pass or a policy failure, never
    an error): its result and each checked file's JSON object by path."""
    result = CliRunner().invoke(main, ["gate", "--base", "main", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return result, {f["path"]: f for f in json.loads(result.stdout)["files"]}
