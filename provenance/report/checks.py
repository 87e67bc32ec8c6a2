"""Gate checks rendered: plain text for a terminal and the JSON document of ``--format json``.

The checks come from :func:`provenance.ci.run_checks`; the GitHub Actions output
(annotations, step summary) is :mod:`provenance.ci.github`.
"""

from __future__ import annotations

import shlex
from collections.abc import Collection, Sequence
from typing import Any

from ..ci.baseline import Entry
from ..ci.check import FileCheck, describe_match, worst_verdict
from ..models import UnalignedPassage
from .text import printable

__all__ = ["NEXT_SHOWN", "added_to_json", "next_steps", "render_added", "render_next", "render_text", "to_json"]

NEXT_SHOWN = 3
"""Failing matches whose next steps are spelled out (the rest are counted: the JSON lists them all)."""
REASON_PLACEHOLDER = "…"
"""The ``--reason`` of the accept commands the gate suggests, for the editor to replace (``accept`` refuses it
as typed, and its ASCII spelling: a copy-paste recorded "…" as the reason a reviewer reads)."""


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


def next_steps(
    checks: Sequence[FileCheck],
    baseline_file: str,
    *,
    baseline_option: bool = False,
    on_base: bool = False,
    accepted: Collection[frozenset[str]] = (),
) -> tuple[str, list[str]]:
    """What an editor can do about the failing matches: a line saying what, and the commands (``provenance
    compare SOURCE NEW`` to see the changes, ``provenance accept NEW --source SOURCE --reason …`` for a
    reviewed reprint; the source is the checked text where the match's relation says the corpus text
    reprints it), every path quoted for a shell, since a file name is the change's to choose; ``("",
    [])`` when nothing fails.  ``baseline_option``: the accept commands name ``baseline_file`` (the gate was
    given another than the policy's); ``on_base``: the gate reads the baseline at its base (or fails on a
    new entry), so the entry is committed there. ``accepted``: the pairs (ids) the change's own baseline
    accepts, which a gate reading the baseline at its base does not: no accept command for them (the editor
    ran it already, and was told to run it again), the line saying their entry goes to the base branch.

    >>> from provenance.ci.check import Match
    >>> fail = Match("wire", "seeds/wire.txt", 1.0, 1.0, True, "fail", "near-exact copy")
    >>> next_steps([FileCheck("seeds/my copy.txt", "my copy", "fail", (fail,))], "seeds/.provenance-baseline.json")[1]
    ["provenance compare -- seeds/wire.txt 'seeds/my copy.txt'", \
"provenance accept --source seeds/wire.txt --reason '…' -- 'seeds/my copy.txt'"]
    """
    # (new, source) as the relation reads the pair: a corpus text that reprints the checked one (b-from-a)
    # is the text to accept as a reprint, never the source of its own original; a pair two checked texts fail
    # by (each the other's match) is one step.
    failing = dict.fromkeys(
        ((match.source_path, check.path) if match.relation == "b-from-a" else (check.path, match.source_path))
        + (match.outside, frozenset((check.doc_id, match.source_id)) in accepted)
        for check in checks
        for match in check.matches
        if match.verdict == "fail"
    )
    if not failing:
        return "", []
    where = f"{baseline_file} to the base branch" if on_base else baseline_file
    shown = f" ({NEXT_SHOWN} of {len(failing)} failing matches; --format json lists them all)"
    what = f"see what changed; accept only a reprint the newsroom may run, then commit {where}"
    already = sum(known for *_, known in failing)
    if already:
        what += (
            f" ({already} failing match{'' if already == 1 else 'es'} this change's {baseline_file} accepts "
            "already: this gate reads the baseline at its base, where that entry is yet to be committed)"
        )
    what += (shown if len(failing) > NEXT_SHOWN else "") + ":"
    option = ["--baseline", baseline_file] if baseline_option else []
    commands: list[str] = []
    for new, source, outside, known in list(failing)[:NEXT_SHOWN]:
        # the paths after "--": a file name is the change's to choose, "-x.md" or "--baseline=…" included
        if not outside:  # compare reads a page's article alone: "no reuse" for a copy in its aside
            commands.append(shlex.join(["provenance", "compare", "--", source, new]))
        if not known:
            accept = ["provenance", "accept", "--source", source, *option, "--reason", REASON_PLACEHOLDER, "--", new]
            commands.append(shlex.join(accept))
    return what, commands


def render_next(what: str, commands: Sequence[str]) -> str:
    """:func:`next_steps` for a terminal: ``next: …`` and the commands indented (nothing when there are none)."""
    if not commands:
        return ""
    return "".join(printable(line) + "\n" for line in [f"next: {what}", *(f"  {c}" for c in commands)])


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
                        "credit": m.credit,
                        "outside_body": m.outside,
                        "line": m.line,
                        "added_share": m.added_share,
                        "added": [_passage(p) for p in m.added],
                        "dropped": [_passage(p) for p in m.dropped],
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


def _passage(passage: UnalignedPassage) -> dict[str, Any]:
    return {"sentences": list(passage.sentences), "span": list(passage.span), "characters": passage.characters}


def render_added(path: str, added: Sequence[Entry], *, strict: bool = False, pending: Sequence[Entry] = ()) -> str:
    """Plain text on the baseline entries a change adds (nothing when it adds none), for a reviewer; those of
    ``pending`` are in the checkout, not committed (the gate read them; CI, reading the commit, will not)."""
    if not added:
        return ""
    verdict = "FAIL (--strict-baseline)" if strict else "WARN: review them"
    count = f"{len(added)} baseline entr{'y' if len(added) == 1 else 'ies'}"
    if pending:
        count += f" ({len(pending)} not committed: read from the checkout; CI reads the commit)"
    lines = [printable(f"{path}: {count} added: {verdict}")]
    uncommitted = set(pending)
    lines.extend(
        f"  {printable(entry.describe())}" + (" [not committed]" if entry in uncommitted else "") for entry in added
    )
    return "\n".join(lines) + "\n"


def added_to_json(path: str, added: Sequence[Entry], pending: Sequence[Entry] = ()) -> dict[str, Any]:
    """The ``baseline_added`` part of the gate's JSON document: the file and the entries a change adds, each
    saying whether it is committed (``false``: in the checkout only, which CI does not have)."""
    uncommitted = set(pending)
    return {"path": path, "entries": [entry.to_dict() | {"committed": entry not in uncommitted} for entry in added]}
