"""The CI gate: check new texts against the corpus and judge them by the policy.

The policy lives in ``pyproject.toml`` under ``[tool.provenance.policy]`` (a
sub-table, so it never clashes with the pipeline settings of
``[tool.provenance]``); every key is also a command-line option.  A new text
*fails* when it is a near-exact copy of a corpus text, or when at least
``fail_share`` of its sentence characters align with one; it gets a *warning*
above ``warn_share`` (or for any verified reuse below that).  Reuse is accepted
when the pair is in the baseline file, or, with ``allow_credited``, when the
new text credits its source (:func:`provenance.verdict.credit.credits_source`;
near-exact copies are not excused by a credit).

>>> Policy().fail_share
0.5
>>> escape_property("a:b,c%")
'a%3Ab%2Cc%25'
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import sqlite3
import stat
import subprocess
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..detect.changes import SEVERITY_ORDER
from ..detect.signatures import estimated_jaccard
from ..errors import ProvenanceError
from ..index.store import REBUILD_HINT, Index, IndexFileError
from ..io.atomic import write_atomic
from ..io.load import OUTSIDE_REASON, SUFFIXES, LoadError, corpus_paths, jsonl_line, load_article, load_paths
from ..models import Change, Document, LoadProblem, PairResult
from ..pipeline import alignment_limit, describe_document, direction, prepare, sign, verify
from ..report.markdown import cell
from ..report.text import printable
from ..settings import Settings
from ..verdict.credit import credits_source

__all__ = [
    "BASELINE_VERSION",
    "CHANGE_SEVERITY",
    "FileCheck",
    "GateError",
    "Match",
    "Policy",
    "Verdict",
    "changed_files",
    "check_documents",
    "escape_data",
    "escape_property",
    "exit_code",
    "judge",
    "load_baseline",
    "load_policy",
    "render_summary",
    "render_text",
    "run_checks",
    "to_json",
    "without_commands",
    "workflow_commands",
    "write_baseline",
]

Verdict = Literal["pass", "warn", "fail"]
BASELINE_VERSION = 1
CHANGE_SEVERITY: Mapping[str, int] = {"number": 0, "date": 1, "attribution": 2, "name-variant": 3}
"""Within one severity, the kinds shown first: an altered figure matters most to an editor."""
_RANK: Mapping[str, int] = {"pass": 0, "warn": 1, "fail": 2}


class GateError(ProvenanceError):
    """A usage or input problem of the gate (bad policy, git failure, bad baseline)."""


@dataclass(frozen=True)
class Policy:
    """When a new text fails or warns; keys of ``[tool.provenance.policy]``."""

    fail_share: float = 0.5
    """Fail when at least this share of the new text's sentence characters align with one corpus text."""
    warn_share: float = 0.2
    """Warn when at least this share aligns (any verified reuse below it warns too)."""
    copy_share: float = 0.9
    """A near-exact copy: this share of *both* texts aligned; always fails unless baselined."""
    allow_credited: bool = True
    """Accept reuse (not near-exact copies) when the new text credits its source."""
    baseline: str = "seeds/.provenance-baseline.json"
    """The baseline file of accepted pairs."""
    index: str = ".provenance/index.sqlite"
    """The index file used by check and gate."""
    folder: str = "seeds"
    """The corpus folder the gate watches."""
    max_candidates: int = 20
    """Verify at most this many index candidates per new text (most band collisions first)."""
    max_changes: int = 3
    """The most severe changes shown per match."""

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], *, source: str = "policy") -> Policy:
        """Defaults overridden by ``values`` (unknown keys and bad types are errors)."""
        fields = {f.name for f in dataclasses.fields(cls)}
        given: dict[str, Any] = {}
        for raw_key, value in values.items():
            key = raw_key.replace("-", "_")
            if key not in fields:
                raise GateError(f"{source}: unknown policy key {raw_key!r}")
            default = getattr(cls(), key)
            if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if type(value) is not type(default):
                raise GateError(f"{source}: {raw_key} must be {type(default).__name__}, not {type(value).__name__}")
            given[key] = value
        policy = dataclasses.replace(cls(), **given)
        for name in ("fail_share", "warn_share", "copy_share"):
            if not 0.0 <= getattr(policy, name) <= 1.0:
                raise GateError(f"{source}: {name} must be between 0 and 1")
        if policy.warn_share > policy.fail_share:
            raise GateError(f"{source}: warn_share must not exceed fail_share")
        if policy.max_candidates < 1 or policy.max_changes < 0:
            raise GateError(f"{source}: max_candidates must be at least 1 and max_changes at least 0")
        return policy


def load_policy(
    start: str | os.PathLike[str] = ".", *, config: str | os.PathLike[str] | None = None, **overrides: Any
) -> Policy:
    """The policy from ``[tool.provenance.policy]`` of ``config`` or the nearest
    ``pyproject.toml``, then ``overrides`` (None values ignored)."""
    here = Path(start).resolve()
    files = [Path(config)] if config is not None else [d / "pyproject.toml" for d in [here, *here.parents]]
    values: dict[str, Any] = {}
    source = "policy"
    for candidate in files:
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
                raise GateError(f"{candidate}: {err}") from None
            table = data.get("tool", {}).get("provenance", {}).get("policy", {})
            if not isinstance(table, dict):
                raise GateError(f"{candidate}: [tool.provenance.policy] must be a table")
            values.update(table)
            source = f"{candidate} [tool.provenance.policy]"
            break
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Policy.from_mapping(values, source=source)


# -- results -----------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """A corpus text that a new text reuses, with the figures and the verdict."""

    source_id: str
    source_path: str
    share_new: float
    """Share of the new text's sentence characters aligned with the source."""
    share_source: float
    """Share of the source's sentence characters aligned with the new text."""
    is_reuse: bool
    verdict: Verdict
    reason: str
    """Why: "near-exact copy", "at or above the fail share 50%", "…; accepted in the baseline"…"""
    changes: tuple[Change, ...] = ()
    """The most severe changes (numbers first)."""
    relation: str | None = None
    """Direction of the reuse, the new text as ``a``: a-from-b means it reprints the source."""


@dataclass(frozen=True)
class FileCheck:
    """One new text's matches and its overall verdict."""

    path: str
    doc_id: str
    verdict: Verdict
    matches: tuple[Match, ...] = ()
    notes: tuple[str, ...] = ()
    """Cost limits applied to this text (see the README, "Hostile input")."""


def _severe_changes(pair: PairResult, limit: int) -> tuple[Change, ...]:
    changes = [c for al in pair.alignments for c in al.changes]
    changes.sort(key=lambda c: (SEVERITY_ORDER[c.severity], not c.in_quote, CHANGE_SEVERITY.get(c.kind, 9), c.a_span))
    return tuple(changes[:limit])


def judge(
    pair: PairResult, new: Document, source: Document, policy: Policy, baseline: frozenset[frozenset[str]]
) -> Match | None:
    """The match of a verified pair (``a`` is the new text), or None when there is none to report."""
    share_new, share_src = pair.share_a, pair.share_b
    if not pair.is_reuse and share_new < policy.warn_share:
        return None
    verdict: Verdict
    if share_new >= policy.copy_share and share_src >= policy.copy_share:
        verdict, reason = "fail", "near-exact copy"
    elif share_new >= policy.fail_share:
        verdict, reason = "fail", f"at or above the fail share {policy.fail_share:.0%}"
    elif share_new >= policy.warn_share:
        verdict, reason = "warn", f"at or above the warn share {policy.warn_share:.0%}"
    else:
        verdict, reason = "warn", "a reused passage below the warn share"
    if frozenset((new.id, source.id)) in baseline:
        verdict, reason = "pass", f"{reason}; accepted in the baseline"
    elif policy.allow_credited and reason != "near-exact copy" and credits_source(new, source):
        verdict, reason = "pass", f"{reason}; credits its source"
    return Match(
        source_id=source.id,
        source_path=source.path,
        share_new=share_new,
        share_source=share_src,
        is_reuse=pair.is_reuse,
        verdict=verdict,
        reason=reason,
        changes=_severe_changes(pair, policy.max_changes),
        relation=pair.provenance.relation if pair.provenance is not None else None,
    )


def check_documents(
    new_docs: Sequence[Document],
    index: Index,
    settings: Settings,
    policy: Policy,
    *,
    baseline: frozenset[frozenset[str]] = frozenset(),
) -> list[FileCheck]:
    """Check each new text against the indexed corpus (never against itself)."""
    results: list[FileCheck] = []
    for raw in new_docs:
        new = prepare(raw, settings)
        sig = sign(new, settings)
        own = os.path.normpath(new.path)
        matches: list[Match] = []
        candidates = [c for c in index.candidates(sig) if os.path.normpath(c.path) != own]
        for cand in candidates[: policy.max_candidates]:
            try:
                source = prepare(load_article(cand.path, max_bytes=settings.max_file_bytes), settings)
            except LoadError:
                continue  # gone or unreadable since it was indexed; the next index update drops it
            source_sig = sign(source, settings)
            pair = verify(
                new,
                source,
                settings,
                signatures=(sig, source_sig),
                estimated_jaccard=estimated_jaccard(sig, source_sig),
            )
            if not pair.is_reuse and pair.share_a < policy.warn_share:
                continue  # nothing to report: the metadata stage is not needed
            new, source = describe_document(new, settings), describe_document(source, settings)
            if pair.is_reuse:
                pair = direction(pair, new, source, settings)
            match = judge(pair, new, source, policy, baseline)
            if match is not None:
                matches.append(match)
        matches.sort(key=lambda m: (-_RANK[m.verdict], -m.share_new, m.source_id))
        verdict: Verdict = max((m.verdict for m in matches), key=_RANK.__getitem__, default="pass")
        note = alignment_limit(new, settings)
        results.append(FileCheck(new.path, new.id, verdict, tuple(matches), () if note is None else (note,)))
    return results


def run_checks(
    files: Sequence[str],
    corpus: Sequence[str],
    settings: Settings,
    policy: Policy,
    *,
    index_path: str | None = None,
    lines: Mapping[str, AbstractSet[int]] | None = None,
) -> tuple[list[FileCheck], tuple[LoadProblem, ...]]:
    """Check ``files`` against the ``corpus`` folders with the baseline of ``policy``.

    Uses the index file (``index_path`` or the policy's) when present, brought up
    to date first; otherwise an index built in memory.  ``lines`` limits a JSON Lines
    export (by path) to the articles on those line numbers (:func:`new_lines`).
    Returns the checks and the corpus files that could not be indexed.  Raises
    :class:`GateError` for an unreadable file or baseline, :class:`IndexFileError`
    for an unusable index.
    """
    baseline = load_baseline(policy.baseline)
    # A new text may be a symbolic link (a pull request can add one): followed only inside the
    # current folder or a corpus folder; one leading elsewhere is reported and skipped, never read.
    docs, problems = load_paths(files, max_bytes=settings.max_file_bytes, roots=[".", *corpus])
    if lines:
        docs = [d for d in docs if _on_wanted_line(d.path, lines)]
        problems = [p for p in problems if _on_wanted_line(p.path, lines)]
    outside = [p for p in problems if p.reason == OUTSIDE_REASON]
    if len(outside) < len(problems):
        first = next(p for p in problems if p.reason != OUTSIDE_REASON)
        raise GateError(f"{first.path}: {first.reason}")
    try:
        corpus_list, skipped = corpus_paths(corpus)
    except LoadError as err:
        raise GateError(str(err)) from None
    path = index_path or policy.index
    with Index.open(path if Path(path).exists() else ":memory:", settings) as index:
        stats = index.update(corpus_list)
        try:
            checks = check_documents(docs, index, settings, policy, baseline=baseline)
        except sqlite3.Error as err:
            raise IndexFileError(f"{index.path}: index read failed ({err}); {REBUILD_HINT}") from None
    return checks, (*outside, *skipped, *stats.problems)


def _on_wanted_line(path: str, lines: Mapping[str, AbstractSet[int]]) -> bool:
    at = jsonl_line(path)
    if at is None:
        return True
    wanted = lines.get(os.path.normpath(at[0]))
    return wanted is None or at[1] in wanted


def exit_code(checks: Iterable[FileCheck]) -> int:
    """0 when every text is within policy (warnings allowed), 1 when any fails."""
    return 1 if any(c.verdict == "fail" for c in checks) else 0


# -- baseline ----------------------------------------------------------------


def load_baseline(path: str | os.PathLike[str]) -> frozenset[frozenset[str]]:
    """The accepted pairs of a baseline file (empty when the file does not exist)."""
    p = Path(path)
    if not p.exists():
        return frozenset()
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        pairs = frozenset(frozenset((str(e["a"]), str(e["b"]))) for e in data["pairs"])
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as err:
        raise GateError(f"{path}: not a valid baseline file ({type(err).__name__}: {err})") from None
    return pairs


def write_baseline(path: str | os.PathLike[str], pairs: Iterable[tuple[str, str]]) -> int:
    """Write the accepted pairs (sorted, deterministic) atomically; return how many."""
    entries = sorted({tuple(sorted(p)) for p in pairs})
    data = {"version": BASELINE_VERSION, "pairs": [{"a": a, "b": b} for a, b in entries]}
    write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return len(entries)


# -- git ---------------------------------------------------------------------


def changed_files(base: str, folder: str, *, cwd: str | os.PathLike[str] = ".") -> list[str]:
    """Article files (``.txt``, ``.md``, ``.html``, ``.jsonl``, as ``scan`` reads them) added or modified
    under ``folder`` since ``base`` (relative to ``cwd``)."""
    # --no-renames: a renamed (and edited) text is a new text here, listed as added.
    # -z: names verbatim, NUL-separated (git otherwise quotes names with newlines or non-ASCII).
    command = ["git", "diff", "-z", "--name-only", "--relative", "--no-renames", "--diff-filter=AM", base, "--", folder]
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    except OSError as err:
        raise GateError(f"cannot run git: {err.strerror or err}") from None
    if done.returncode != 0:
        first = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["git diff failed"])[0]
        raise GateError(f"git diff against {base!r}: {first}")
    names = (os.fsdecode(name) for name in done.stdout.split(b"\0") if name)
    return sorted(name for name in names if name.lower().endswith(SUFFIXES))


def new_lines(base: str, path: str, *, cwd: str | os.PathLike[str] = ".") -> set[int] | None:
    """The numbers of the lines of the JSON Lines export ``path`` whose text was not a line of it at
    ``base``: what an edit added or changed (None when the file is new, or not a regular file).

    A pull request appending to an export is checked on what it appends, not on every line again.
    """
    where = Path(cwd) / path
    try:
        if not stat.S_ISREG(os.lstat(where).st_mode):
            return None
        current = where.read_bytes()
    except OSError:
        return None  # the loader reports it
    # "./" makes the path relative to cwd, as changed_files lists it.
    command = ["git", "show", f"{base}:./{path}"]
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    except OSError as err:
        raise GateError(f"cannot run git: {err.strerror or err}") from None
    if done.returncode != 0:
        return None  # not in base: every line is new
    before = {line.rstrip(b"\r") for line in done.stdout.split(b"\n")}
    return {n for n, line in enumerate(current.split(b"\n"), 1) if line.rstrip(b"\r") not in before}


# -- rendering ---------------------------------------------------------------


_CONTROL_BUT_CR_LF = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _shown(text: str) -> str:
    """Control characters (ANSI escapes…) made visible; CR and LF are left for :func:`escape_data` to encode."""
    return _CONTROL_BUT_CR_LF.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def escape_data(text: str) -> str:
    """Escape a workflow-command message (``%``, CR, LF), as GitHub Actions requires."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow-command property value (also ``:`` and ``,``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _describe(match: Match) -> str:
    line = (
        f"{match.verdict}: {match.share_new:.0%} of this text aligns with {match.source_id} "
        f"({match.share_source:.0%} of that text); {match.reason}"
    )
    if match.changes:  # shown as source → new text
        line += "; changes: " + "; ".join(f"{c.kind} {c.b!r} → {c.a!r}" for c in match.changes)
    return line


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
        lines.extend(f"  {printable(_describe(m))}" for m in check.matches)
    return "\n".join(lines) + "\n"


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
                f"{escape_data(_shown(_describe(match)))}"
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


def to_json(checks: Sequence[FileCheck]) -> dict[str, Any]:
    """The JSON document of ``--format json``."""
    return {
        "schema_version": 1,
        "verdict": max((c.verdict for c in checks), key=_RANK.__getitem__, default="pass"),
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
