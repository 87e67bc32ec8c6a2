"""The CI gate: check new texts against the corpus and judge them by the policy.

One module per job: :mod:`.policy` (when a text fails or warns, from
``[tool.provenance.policy]``), :mod:`.check` (verify new texts against the
index, judge each match), :mod:`.baseline` (the accepted pairs), :mod:`.git`
(what a change added) and :mod:`.github` (GitHub Actions output).  The plain
text and JSON rendering of checks is :mod:`provenance.report.checks`.
"""

from __future__ import annotations

from .baseline import (
    BASELINE_VERSION,
    Baseline,
    Entry,
    added_entries,
    baseline_lock,
    load_baseline,
    parse_baseline,
    text_digest,
    write_baseline,
)
from .check import (
    CHANGE_SEVERITY,
    EmptyCorpusError,
    FileCheck,
    Match,
    Verdict,
    check_documents,
    describe_match,
    each_edit_once,
    exit_code,
    judge,
    outside_matches,
    outside_shares,
    run_checks,
    worst_verdict,
)
from .git import (
    changed_files,
    committed,
    config_at,
    default_base,
    file_at,
    fork_point,
    linked_files,
    new_lines,
    resolve_commit,
    submodules,
    top_level,
    unread_pages,
)
from .github import escape_data, escape_property, render_summary, without_commands, workflow_commands
from .policy import GateError, Policy, load_policy

__all__ = [
    "BASELINE_VERSION",
    "CHANGE_SEVERITY",
    "Baseline",
    "EmptyCorpusError",
    "Entry",
    "FileCheck",
    "GateError",
    "Match",
    "Policy",
    "Verdict",
    "added_entries",
    "baseline_lock",
    "changed_files",
    "check_documents",
    "committed",
    "config_at",
    "default_base",
    "describe_match",
    "each_edit_once",
    "escape_data",
    "escape_property",
    "exit_code",
    "file_at",
    "fork_point",
    "judge",
    "linked_files",
    "load_baseline",
    "load_policy",
    "new_lines",
    "outside_matches",
    "outside_shares",
    "parse_baseline",
    "render_summary",
    "resolve_commit",
    "run_checks",
    "submodules",
    "text_digest",
    "top_level",
    "unread_pages",
    "without_commands",
    "workflow_commands",
    "worst_verdict",
    "write_baseline",
]
