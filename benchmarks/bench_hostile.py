"""Hostile input at full size: what the CLI does, how long it takes, its peak memory.

Run: ``.venv/bin/python -m benchmarks.bench_hostile [--only NAME] [--tiny-files N]``.
Each case is built in a temporary folder next to three ordinary articles and
scanned by ``python -m provenance.cli scan`` in a child process (the
``compare`` cases run ``provenance compare``); the table gives the exit code,
the first warning or note on stderr, the wall time and the child's own peak RSS
(:func:`peak.run_cli`: its ``VmHWM``, not ``wait4``'s figure, which starts from this
process's size). A
traceback on stderr is reported as such. The table in docs/hostile-input.md
comes from this script.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from tabulate import tabulate

from benchmarks.peak import run_cli

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=sorted(CASES), action="append", help="Run only these cases (repeatable).")
    parser.add_argument("--tiny-files", type=int, default=100_000, help="Files in the tiny-files case.")
    args = parser.parse_args()
    CASES["tiny-files"] = (f"{args.tiny_files:,} tiny files", _tiny_files(args.tiny_files))
    rows = []
    for name in args.only or list(CASES):
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


if __name__ == "__main__":
    main()
