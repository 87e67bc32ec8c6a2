"""GitHub Actions output of the gate: annotations, the step summary, and a log safe from workflow commands.

Names and texts come from strangers' pull requests, so every one is escaped: a
name can neither end an annotation early nor run a workflow command of its own.

>>> escape_property("a:b,c%")
'a%3Ab%2Cc%25'
>>> escape_data("50%\\nnext")
'50%25%0Anext'
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from ..io.load import jsonl_line
from ..report.text import printable, shown_code
from .baseline import Entry
from .check import FileCheck, Match, describe_match

__all__ = [
    "baseline_commands",
    "baseline_summary",
    "escape_data",
    "escape_property",
    "next_summary",
    "render_summary",
    "without_commands",
    "workflow_commands",
]

_CONTROL_BUT_CR_LF = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|#(?=#\[)")


def _shown(text: str) -> str:
    """Control characters (ANSI escapes…), the bidirectional overrides and isolates and the legacy
    ``##[command]`` form made visible; CR and LF are left for :func:`escape_data` to encode.

    >>> _shown("a\\x1b[0m \\u202eexe.txt")
    'a\\\\x1b[0m \\\\u202eexe.txt'
    """
    return _CONTROL_BUT_CR_LF.sub(shown_code, text)


def escape_data(text: str) -> str:
    """Escape a workflow-command message (``%``, CR, LF), as GitHub Actions requires."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow-command property value (also ``:`` and ``,``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def without_commands(text: str) -> str:
    """``text`` for a GitHub Actions log with workflow-command processing stopped around it.

    Uses the documented ``::stop-commands::TOKEN`` … ``::TOKEN::`` pair; the token
    is a digest of ``text`` (so the output stays deterministic, and the text cannot
    contain the line that resumes processing).
    """
    token = "provenance-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"::stop-commands::{token}\n{text}::{token}::\n"


def _location(path: str, match: Match) -> str:
    """The ``file=`` and ``line=`` properties of an annotation: the file (for an article of a JSON Lines
    export, the export) and the line where the matching passage starts (:mod:`.lines`), or line 1 when
    that is not known (an HTML page whose source does not hold the passage's first words)."""
    at = jsonl_line(path)
    file = path if at is None else at[0]
    line = at[1] if at is not None else match.line or 1
    return f"file={escape_property(_shown(file))},line={line}"


def workflow_commands(checks: Sequence[FileCheck]) -> str:
    """GitHub Actions workflow commands (``::error file=…::…``) for failing and warning matches."""
    lines: list[str] = []
    for check in checks:
        for match in check.matches:
            if match.verdict == "pass":
                continue
            level = "error" if match.verdict == "fail" else "warning"
            # a corpus text that reprints this one (b-from-a) is not what this text reuses
            title = f"provenance: {'reused by' if match.relation == 'b-from-a' else 'reuses'} {match.source_id}"
            lines.append(
                f"::{level} {_location(check.path, match)},title={escape_property(_shown(title))}::"
                f"{escape_data(_shown(describe_match(match)))}"
            )
    return "".join(line + "\n" for line in lines)


def render_summary(checks: Sequence[FileCheck], compared: str = "") -> str:
    """A Markdown summary for ``$GITHUB_STEP_SUMMARY``, after ``compared`` (what the change was compared with)."""
    from ..report.markdown import cell  # with tabulate: imported in Actions only, not by every check

    lines = ["## provenance gate", "", *([cell(compared), ""] if compared else [])]
    if not checks:
        return "\n".join([*lines, "No new or modified texts.", ""])
    lines += [
        "| file | verdict | reuses | share of file | share of source | why |",
        "| --- | --- | --- | ---: | ---: | --- |",
    ]
    for check in checks:
        if not check.matches:
            lines.append(f"| {cell(check.path)} | {check.verdict} | | | | no reuse found |")
        for m in check.matches:
            lines.append(
                f"| {cell(check.path)} | {m.verdict} | {cell(m.source_id)} | {m.share_new:.0%} | "
                f"{m.share_source:.0%} | {cell(m.reason)} |"
            )
    return "\n".join([*lines, ""])


def next_summary(what: str, commands: Sequence[str]) -> str:
    """The step summary's end on a failing gate: what an editor can do (:func:`provenance.report.checks.next_steps`)
    and the commands in a code block, as a shell takes them (a fence longer than any run of backticks in
    them, so a file name cannot close it); nothing when there are none."""
    if not commands:
        return ""
    from ..report.markdown import cell

    shown = [printable(c) for c in commands]  # one line each: a line break in a name is spelled out
    fence = "`" * max([3, *(len(run) + 1 for c in shown for run in re.findall(r"`+", c))])
    return "\n".join(
        ["", f"**Next**: {cell(what)}", "", f"{fence}sh", *shown, fence, ""]
    )  # a blank line ends the table


def baseline_commands(path: str, added: Sequence[Entry], *, strict: bool = False) -> str:
    """One annotation on the baseline file per entry a change adds: a warning, an error with ``strict``."""
    level = "error" if strict else "warning"
    where = f"file={escape_property(_shown(path))},title={escape_property('provenance: baseline entry added')}"
    return "".join(f"::{level} {where}::{escape_data(_shown(entry.describe()))}\n" for entry in added)


def baseline_summary(path: str, added: Sequence[Entry], *, strict: bool = False) -> str:
    """The step summary's table of the baseline entries a change adds (nothing when it adds none)."""
    if not added:
        return ""
    from ..report.markdown import cell

    verdict = "fail (--strict-baseline)" if strict else "warn"
    lines = [
        f"### Baseline entries added to {cell(path)}: {verdict}",
        "",
        "| new text | reuses | share of it | share of source | accepted by | reason |",
        "| --- | --- | ---: | ---: | --- | --- |",
    ]
    for e in added:
        shares = [f"{s:.0%}" if s is not None else "" for s in (e.share_new, e.share_source)]
        lines.append(
            f"| {cell(e.new)} | {cell(e.source)} | {shares[0]} | {shares[1]} | {cell(e.by or 'hand')} | "
            f"{cell(e.reason)} |"
        )
    return "\n".join(["", *lines, ""])
