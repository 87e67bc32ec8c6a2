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
from ..report.markdown import cell
from .check import FileCheck, describe_match

__all__ = ["escape_data", "escape_property", "render_summary", "without_commands", "workflow_commands"]

_CONTROL_BUT_CR_LF = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|#(?=#\[)")


def _shown(text: str) -> str:
    """Control characters (ANSI escapes…) and the legacy ``##[command]`` form made visible; CR and LF
    are left for :func:`escape_data` to encode."""
    return _CONTROL_BUT_CR_LF.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


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


def _location(path: str) -> str:
    """The ``file=`` (and for a JSON Lines article, ``line=``) properties of an annotation."""
    line = jsonl_line(path)
    if line is None:
        return f"file={escape_property(_shown(path))}"
    return f"file={escape_property(_shown(line[0]))},line={line[1]}"


def workflow_commands(checks: Sequence[FileCheck]) -> str:
    """GitHub Actions workflow commands (``::error file=…::…``) for failing and warning matches."""
    lines: list[str] = []
    for check in checks:
        for match in check.matches:
            if match.verdict == "pass":
                continue
            level = "error" if match.verdict == "fail" else "warning"
            title = f"provenance: reuses {match.source_id}"
            lines.append(
                f"::{level} {_location(check.path)},title={escape_property(_shown(title))}::"
                f"{escape_data(_shown(describe_match(match)))}"
            )
    return "".join(line + "\n" for line in lines)


def render_summary(checks: Sequence[FileCheck]) -> str:
    """A Markdown summary for ``$GITHUB_STEP_SUMMARY``."""

    lines = ["## provenance gate", ""]
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
