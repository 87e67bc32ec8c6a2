"""Gate checks rendered: plain text for a terminal and the JSON document of ``--format json``.

The checks come from :func:`provenance.ci.run_checks`; the GitHub Actions output
(annotations, step summary) is :mod:`provenance.ci.github`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..ci.check import FileCheck, describe_match, worst_verdict
from .text import printable

__all__ = ["render_text", "to_json"]


def render_text(checks: Sequence[FileCheck]) -> str:
    """Plain text for a terminal: one line per file, one indented line per match.

    Control characters in names and texts are shown escaped (:func:`printable`), so
    nothing from an article can start a new line or send a terminal escape sequence.
    """
    lines: list[str] = []
    for check in checks:
        lines.append(
            printable(f"{check.path}: {check.verdict.upper()}" + ("" if check.matches else " (no reuse found)"))
        )
        lines.extend(f"  {printable(describe_match(m))}" for m in check.matches)
    return "\n".join(lines) + "\n"


def to_json(checks: Sequence[FileCheck]) -> dict[str, Any]:
    """The JSON document of ``--format json``."""
    return {
        "schema_version": 1,
        "verdict": worst_verdict(c.verdict for c in checks),
        "files": [
            {
                "path": c.path,
                "id": c.doc_id,
                "verdict": c.verdict,
                "matches": [
                    {
                        "source": m.source_id,
                        "source_path": m.source_path,
                        "share_new": m.share_new,
                        "share_source": m.share_source,
                        "is_reuse": m.is_reuse,
                        "relation": m.relation,
                        "verdict": m.verdict,
                        "reason": m.reason,
                        "changes": [
                            {
                                "kind": ch.kind,
                                "a": ch.a,
                                "b": ch.b,
                                "a_span": list(ch.a_span),
                                "b_span": list(ch.b_span),
                                "in_quote": ch.in_quote,
                                "severity": ch.severity,
                            }
                            for ch in m.changes
                        ],
                    }
                    for m in c.matches
                ],
            }
            for c in checks
        ],
    }
