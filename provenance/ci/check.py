"""Check new texts against the indexed corpus and judge each match by the policy.

A new text *fails* when it is a near-exact copy of a corpus text, or when at least
``fail_share`` of its sentence characters align with one; it gets a *warning*
above ``warn_share`` (or for any verified reuse below that).  Reuse is accepted
when the baseline file has an entry for the pair and both texts as they are (an edited text whose
accepted reprint the corpus text is passes as that reprint's source), or, with
``allow_credited``, when the new text credits its source (:func:`provenance.verdict.credit.source_credit`;
near-exact copies are not excused by a credit, unless it credits one of ``licensed_sources`` whose
text the source is).

>>> worst_verdict(["pass", "fail", "warn"])
'fail'
>>> exit_code([FileCheck("new.txt", "new", "warn")])
0
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import itertools
import os
import shlex
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import numpy as np

from ..detect.changes import SEVERITY_ORDER
from ..detect.signatures import estimated_jaccard
from ..index import REBUILD_HINT, Index, IndexFileError, IndexNotWritable, key_counts, refuse_links
from ..index.keys import text_keys
from ..index.state import Synced, other_corpus, sync
from ..io.formats import DecodeError, ShownText, link_target, shown_text
from ..io.load import (
    EXPORT_SUFFIXES,
    LINK_REASON,
    NO_ARTICLES,
    OUTSIDE_REASON,
    CanonicalPaths,
    CorpusRules,
    LoadError,
    canonical_path,
    corpus_ids,
    jsonl_line,
    load_article,
    load_paths,
)
from ..models import Change, Document, LoadProblem, PairResult, UnalignedPassage
from ..pipeline import (
    alignment_limit,
    content_length,
    describe_document,
    direction,
    prepare,
    set_aside,
    sign,
    swap_sides,
    verify,
    with_changes,
)
from ..settings import Settings
from ..text.normalize import mixed_script_note, mixed_script_words
from ..verdict.credit import licensed_credit, source_credit
from .baseline import Baseline, Entry, load_baseline, text_digest
from .lines import passage_lines, read_page
from .policy import GateError, Policy

__all__ = [
    "CHANGE_SEVERITY",
    "EmptyCorpusError",
    "FileCheck",
    "Match",
    "Verdict",
    "check_documents",
    "describe_match",
    "each_edit_once",
    "exit_code",
    "judge",
    "outside_matches",
    "outside_shares",
    "read_from_source",
    "rebuild_hint",
    "run_checks",
    "worst_verdict",
]

Verdict = Literal["pass", "warn", "fail"]
CHANGE_SEVERITY: Mapping[str, int] = {"number": 0, "date": 1, "attribution": 2, "name-variant": 3}
"""Within one severity, the kinds shown first: an altered figure matters most to an editor."""
_RANK: Mapping[str, int] = {"pass": 0, "warn": 1, "fail": 2}


class EmptyCorpusError(GateError):
    """The corpus holds no readable article: a check against it would pass any text."""

    def __init__(self, corpus: Sequence[str], problems: Sequence[LoadProblem]) -> None:
        super().__init__(f"{', '.join(map(str, corpus))}: {NO_ARTICLES}")
        self.problems = tuple(problems)
        """Why its files could not be read (warned before the error)."""


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
    """The most severe changes (numbers first), read source → new text: ``a`` is the source's words and
    ``b`` the new text's (spans into each), so an ``insertion`` is words only the new text has."""
    relation: str | None = None
    """Direction of the reuse, the new text as ``a``: a-from-b means it reprints the source; b-from-a, taken
    from the baseline when it accepted the corpus text as a reprint of this one."""
    credit: str | None = None
    """The credit the new text gives, as the reason names it ("Reuters (licensed)", "Islam Times",
    "'originally published'", "a link to https://…" for a box outside the article body linking the source),
    whether or not it excused the reuse."""
    line: int | None = None
    """The line of the new text's file where its earliest aligned passage starts (:mod:`.lines`)."""
    added: tuple[UnalignedPassage, ...] = ()
    """The new text's passages the source lacks, its own (spans into the new text; :mod:`provenance.detect.gaps`)."""
    added_share: float = 0.0
    """Share of the new text's sentence characters in ``added``: how much of its own it adds."""
    dropped: tuple[UnalignedPassage, ...] = ()
    """The source's passages the new text leaves out (spans into the source)."""
    outside: bool = False
    """Whether the reuse is in what an HTML page shows outside its article body (an aside, a footer, navigation,
    a related box: :func:`~provenance.io.formats.shown_text`), not in its article text; then ``share_new``,
    ``added`` and the changes read that text."""


@dataclass(frozen=True)
class FileCheck:
    """One new text's matches and its overall verdict."""

    path: str
    doc_id: str
    verdict: Verdict
    matches: tuple[Match, ...] = ()
    notes: tuple[str, ...] = ()
    """Findings about the text itself: look-alike letters of another script, cost limits applied
    (docs/hostile-input.md)."""


def _severe_changes(pair: PairResult, limit: int) -> tuple[Change, ...]:
    """The ``limit`` most severe changes of ``pair``, each edit's first place before any repeat of an edit
    (a word changed alike in several sentences): two of three slots went to "seventh" → "ninth" told
    twice, and a third change was never shown."""
    changes = [c for al in pair.alignments for c in al.changes]
    changes.sort(key=lambda c: (SEVERITY_ORDER[c.severity], not c.in_quote, CHANGE_SEVERITY.get(c.kind, 9), c.a_span))
    firsts = each_edit_once(changes)
    once = {id(c) for c in firsts}
    return (*firsts, *(c for c in changes if id(c) not in once))[:limit]


def each_edit_once(changes: Iterable[Change]) -> tuple[Change, ...]:
    """``changes`` with the repeats of an edit made in several places left out (a check's line, the desk's
    list: "seventh" → "ninth" told twice took two of three places)."""
    seen: set[tuple[str, str, str, bool]] = set()
    kept: list[Change] = []
    for change in changes:
        if (edit := _edit(change)) not in seen:
            seen.add(edit)
            kept.append(change)
    return tuple(kept)


def _edit(change: Change) -> tuple[str, str, str, bool]:
    """What a change does, wherever it is: its kind, its two sides as read (case and spacing folded), in a
    quotation or not."""
    return (change.kind, " ".join(change.a.casefold().split()), " ".join(change.b.casefold().split()), change.in_quote)


def judge(
    pair: PairResult,
    new: Document,
    source: Document,
    policy: Policy,
    baseline: Baseline,
    shown: PairResult | None = None,
    kept: Callable[[], bool] | None = None,
    digest: str | None = None,
    linked: str | None = None,
) -> Match | None:
    """The match of a verified pair (``a`` is the new text), or None when there is none to report.

    Its changes are those of ``shown``, the pair read source → new text (:func:`read_from_source`), the one
    reading every output shows; none without it.  ``kept`` says whether the new text is still, in the main,
    the text it was before the change (the gate: at its fork point); asked only of an original whose
    accepted reprint the corpus text is, which passes as that reprint's source only if so.  ``digest`` is the
    one the baseline knows the new text by, when ``new`` is not all of it (a page's text outside its article
    body: the page's article text's); its own otherwise.  ``linked`` is a credit ``new`` gives ``source`` by a link
    to its address (a related box quoting a story and linking it: :meth:`~provenance.io.formats.ShownText.
    linking`), as the credit seen when its words give none."""
    share_new, share_src = pair.share_a, pair.share_b
    if not pair.is_reuse and share_new < policy.warn_share:
        return None
    verdict: Verdict
    near_copy = share_new >= policy.copy_share and share_src >= policy.copy_share
    if near_copy:
        verdict, reason = "fail", "near-exact copy"
    elif share_new >= policy.fail_share:
        verdict, reason = "fail", f"at or above the fail share {policy.fail_share:.0%}"
    elif share_src >= policy.fail_source_share:
        # the corpus text reprints this one (b-from-a): it is no source this text reproduces
        other = "that text" if pair.provenance is not None and pair.provenance.relation == "b-from-a" else "the source"
        verdict, reason = (
            "fail",
            f"reproduces {other} at or above the fail source share {policy.fail_source_share:.0%}",
        )
    elif share_new >= policy.warn_share:
        verdict, reason = "warn", f"at or above the warn share {policy.warn_share:.0%}"
    else:
        verdict, reason = "warn", "a reused passage below the warn share"
    source_digest = text_digest(source.text)
    accepted = baseline.accepting(new.id, digest or text_digest(new.text), source.id, source_digest)
    # The baseline accepted the corpus text as a reprint of this one, which is edited since (a correction
    # of a syndicated story): the source is this text, as reviewed, whatever its reprint looks like now.
    # Only while the edit takes in no passage only the reprint had (its share aligned with this text grows
    # no more than REPRINT_GROWTH): else this text is judged as any other.
    reprinted = baseline.reprinting(new.id, source.id, share_src) if accepted is None else None
    if reprinted is not None and kept is not None and not kept():
        # Not the text reviewed, corrected: rewritten (with another part of its reprint, say).
        reprinted = None
        reason += f"; {source.id} was accepted as reusing this text, which the change rewrote"
    relation = pair.provenance.relation if pair.provenance is not None else None
    licensed = licensed_credit(new, source, policy.licensed_sources)
    seen = source_credit(new, source) or linked
    credit = f"{licensed.name} (licensed)" if licensed is not None else seen
    if accepted is not None:
        verdict, reason = "pass", f"{reason}; accepted in the baseline"
        if accepted.reason:
            reason += f" ({accepted.reason})"
        reason += _moved(accepted)
    elif reprinted is not None:
        relation = "b-from-a"
        as_accepted = reprinted.new_sha256 == source_digest
        verdict = "pass" if as_accepted else "warn"
        reason = f"{source.id} reuses this text, as the baseline accepted"
        if reprinted.reason:
            reason += f" ({reprinted.reason})"
        reason += (
            "; this text edited since"
            if as_accepted
            else f"; both texts edited since: the check of {source.id} says whether to accept it again"
        )
        reason += _moved(reprinted)
    elif licensed is not None and licensed.source_carries:  # what clears it first: the rest reads as a failure
        verdict, reason = _altered(shown, "pass", f"credits {credit}, which allows it: {reason}")
    elif policy.allow_credited and not near_copy and seen is not None:
        verdict, reason = _altered(
            shown, "pass", f"credits its source ({seen}), which allows it (allow_credited): {reason}"
        )
    else:  # the credit did not excuse it: say it was seen, and why it is not enough
        if licensed is not None:
            reason += f"; credits {credit}, but {source.id} is not from {licensed.name}"
        elif seen is not None and near_copy:
            reason += f"; credits {seen}, not a licensed source (policy key licensed_sources)"
        elif seen is not None:
            reason += f"; credits {seen}, not accepted (allow_credited is off)"
        stale = baseline.stale(new.id, source.id)
        if stale is not None and stale.new == source.id and stale.directed and stale.share_new is not None:
            reason += (
                f"; the baseline accepted {source.id} as reusing this text ({stale.share_new:.0%} of it), but"
                f" this text now takes in {share_src:.0%} of it"
            )
        elif stale is not None:
            reason += "; the baseline accepted this pair for texts since edited"
    return Match(
        source_id=source.id,
        source_path=source.path,
        share_new=share_new,
        share_source=share_src,
        is_reuse=pair.is_reuse,
        verdict=verdict,
        reason=reason,
        changes=() if shown is None else _severe_changes(shown, policy.max_changes),
        relation=relation,
        credit=credit,
        added=pair.unaligned_a,
        added_share=pair.unaligned_share_a,
        dropped=pair.unaligned_b,
    )


_FACT_KINDS: frozenset[str] = frozenset({"number", "date", "reversal"})
"""The changes a credit does not allow: a figure, a date or a statement turned to its opposite (and any change
inside a quotation but words cut from it): a licence or a credit lets a newsroom run a story, not alter its
facts."""


def _altered(shown: PairResult | None, verdict: Verdict, reason: str) -> tuple[Verdict, str]:
    """``verdict`` and ``reason`` of a copy its credit allows, made a warning when it alters the source's
    figures, dates or quotations (a wire story reprinted with "seventh" made "ninth" passed, the change
    listed only among the others)."""
    altered = (
        0
        if shown is None
        else len(
            {  # each edit once, as the line tells them (_edit)
                _edit(c)
                for al in shown.alignments
                for c in al.changes
                if c.kind in _FACT_KINDS or (c.in_quote and c.kind != "deletion")  # words cut from a quotation: none
            }
        )
    )
    if not altered:
        return verdict, reason
    what = "figure, date or quotation" if altered == 1 else "figures, dates or quotations"
    return "warn", f"{reason}; but alters {altered} {what} of the source: review {'it' if altered == 1 else 'them'}"


def _relocated(baseline: Baseline, index: Index, checked: Sequence[Document]) -> Baseline:
    """The baseline with each accepted text that is no longer where it was (its id is no indexed or checked
    text's) named where its bytes are now, when exactly one text holds them: an article moved to another
    folder, or a folder renamed, is the text that was accepted (:meth:`Baseline.relocated`).  A text copied
    (its id still there) or held twice is not moved: the entry stays with the id it names.  Runs on every check
    (every desk request): the ids still there are looked up by id; the index's (id, digest) pairs are read
    whole only when an accepted text is gone (1 s a check on an index of a million texts otherwise)."""
    sides = baseline.sides()
    if not sides:
        return baseline
    checked_digests = {doc.id: text_digest(doc.text) for doc in checked}
    present = index.known_ids(doc_id for doc_id, _ in sides) | checked_digests.keys()
    gone = {(doc_id, digest) for doc_id, digest in sides if doc_id not in present}
    if not gone:
        return baseline
    held = index.hashes()  # id → digest of each text there now: the indexed ones, as checked where checked
    held.update(checked_digests)
    wanted = {digest for _, digest in gone}
    holders: dict[str, set[str]] = {}
    for doc_id, digest in held.items():
        if digest in wanted:
            holders.setdefault(digest, set()).add(doc_id)
    moves = {side: next(iter(holders[side[1]])) for side in gone if len(holders.get(side[1], ())) == 1}
    return baseline.relocated(moves)


def _moved(entry: Entry) -> str:
    """What of an entry's texts moved since it was accepted (the file still names them where they were)."""
    return "".join(f"; accepted as {old}, moved to {now} since" for old, now in entry.moved)


def read_from_source(pair: PairResult, new: Document, source: Document, settings: Settings) -> PairResult:
    """A check's pair (``new`` as ``a``, verified on ``new`` and ``source``) read source → new text: its sides
    swapped (:func:`~provenance.pipeline.swap_sides`) and its changes classified from the source's side, so a
    word the new text added is an ``insertion`` with ``a`` (the source's words) empty.  The one place a check
    decides how its changes read: the text and JSON of ``check`` and ``gate``, ``POST /api/check`` and the
    reprint desk's page all show these."""
    return with_changes(swap_sides(pair), source, new, settings)


def check_documents(
    new_docs: Sequence[Document],
    index: Index,
    settings: Settings,
    policy: Policy,
    *,
    baseline: Baseline | None = None,
    verified_pairs: list[tuple[str, PairResult, Document, Document]] | None = None,
    before: Callable[[Document], Document | None] | None = None,
    pages: Mapping[str, str] | None = None,
) -> list[FileCheck]:
    """Check each new text against the indexed corpus (never against itself).

    ``pages`` holds the HTML of each new page that is no file to read again, by its path (an upload to the
    reprint desk): what it shows outside its article body, and the lines of its matches, are read from it.

    ``before`` gives a new text's version before the change (None: it had none), when there is one to
    ask (the gate): an edited original passes as its accepted reprint's source only while it keeps
    :data:`KEPT_SHARE` of that version, both ways (:func:`judge`'s ``kept``).

    ``verified_pairs`` (a list) gets each match's verified pair read source → new text (the source as ``a``,
    its changes classified: :func:`read_from_source`), and the two documents it was verified on, as (source
    id, pair, source, new text): to show them without aligning them again.
    """
    baseline = _relocated(Baseline() if baseline is None else baseline, index, new_docs)
    results: list[FileCheck] = []
    # The texts checked (a change's) count in no key's bucket and come after the corpus among the
    # candidates: 70 copies of one article in a pull request made its every key look like boilerplate
    # (over max_bucket) and passed, and copies named to sort first took every max_candidates place.
    # Keyed as the index keyed them, once, and only when a key is over the limit (rare: keying costs a fold).
    uncounted = functools.cache(lambda: key_counts([text_keys(raw.text, settings) for raw in new_docs]))
    checked = {canonical_path(raw.path) for raw in new_docs}
    for raw in new_docs:
        new = prepare(raw, settings)
        own = canonical_path(new.path)  # as the index stores paths
        kept = None if before is None else _keeps(new, before, settings)  # asked once a text, if ever
        search = functools.partial(
            _matches, index=index, settings=settings, policy=policy, baseline=baseline, own=own, checked=checked
        )
        ours = len(verified_pairs) if verified_pairs is not None else 0  # the pairs of this text start here
        found = search(new, uncounted=uncounted, kept=kept, verified_pairs=verified_pairs)
        new = found[0][2] if found else new
        html = None if pages is None else pages.get(new.path)
        # Read again, once, for the lines of its matches (the outside's read too, when a match is
        # beside), or for what it shows beside its text when it was loaded without its shown lines.
        if html is None and new.format == "html" and (found or new.shown_lines is None):
            html = read_page(new.path, settings.max_file_bytes)
        # The line of each match, for annotations (an HTML page read once for all of them).
        lines = passage_lines(new, [pair for _, pair, _ in found], max_bytes=settings.max_file_bytes, page=html)
        matches = [replace(match, line=line) for (match, _, _), line in zip(found, lines, strict=True)]
        around = _outside(new, settings, html)
        if around is not None:  # a copy a reader is shown beside the article: an aside, a footer, a related box
            seen = {m.source_id: m.verdict for m in matches}  # the article's match of a source stands, but …
            beside = _beside(new, around, search, settings, seen, verified_pairs, html, ours)
            worse = {m.source_id for m in beside} & seen.keys()  # … a warning the page's copy outside fails
            matches = [m for m in matches if m.source_id not in worse] + beside
        matches.sort(key=lambda m: (-_RANK[m.verdict], -m.share_new, m.source_id))
        verdict = worst_verdict(m.verdict for m in matches)
        if verdict == "pass" and new.extraction_warning is not None:
            # A page read in part (the copy in a block the extractor leaves out as comments): what it left
            # out was never checked, so it does not pass silently.
            verdict = "warn"
        notes = (
            new.extraction_warning,
            mixed_script_note(mixed_script_words(new.text)),
            alignment_limit(new, settings),
        )
        results.append(FileCheck(new.path, new.id, verdict, tuple(matches), tuple(n for n in notes if n is not None)))
    return results


@dataclass(frozen=True)
class _Around:
    """What an HTML article's page shows a reader besides its article text."""

    text: Document
    """The lines the extraction left out (:meth:`ShownText.outside`), prepared: what is compared."""
    page: Document
    """The whole page as shown, prepared and described: what its chrome is decided on, as a page of its site
    (a footer is chrome at a page's edge, never when it is all of a text)."""
    shown: ShownText
    """Its lines, and which of them the extraction left out."""


def _beside(
    new: Document,
    around: _Around,
    search: Callable[..., list[tuple[Match, PairResult, Document]]],
    settings: Settings,
    seen: Mapping[str, str],
    verified_pairs: list[tuple[str, PairResult, Document, Document]] | None,
    html: str | None = None,
    ours: int = 0,
) -> list[Match]:
    """The matches of what the page ``new`` shows ``around`` its article (``search`` is :func:`_matches` for
    it), with their lines on the page (read from ``html`` when given): one match a source, the article's
    (``seen``: the verdict of each source its article matches), unless the article's warns and the page fails
    outside its body (a quote in the article and the whole copy in an aside warned); a pass (a credit, the
    baseline) stands for the page.  ``verified_pairs`` (this page's from ``ours`` on) gets their pairs in
    place of the article's, as :func:`check_documents` says."""
    shown: list[tuple[str, PairResult, Document, Document]] = []
    beside = [
        (replace(match, outside=True, reason=f"{OUTSIDE_BODY} {match.reason}"), pair)
        for match, pair, _ in search(
            around.text,
            uncounted=None,
            kept=None,
            verified_pairs=shown,
            digest=text_digest(new.text),
            around=around,
            settled={source for source, verdict in seen.items() if verdict != "warn"},  # only a warning is replaced
        )
        if match.source_id not in seen or (seen[match.source_id] == "warn" and match.verdict == "fail")
    ]
    if verified_pairs is not None:
        taken = {match.source_id for match, _ in beside}
        verified_pairs[ours:] = [v for v in verified_pairs[ours:] if v[0] not in taken]
        verified_pairs.extend(v for v in shown if v[0] in taken)
    lines = passage_lines(around.text, [pair for _, pair in beside], max_bytes=settings.max_file_bytes, page=html)
    return [replace(match, line=line) for (match, _), line in zip(beside, lines, strict=True)]


def outside_matches(
    pages: Sequence[Document], index: Index, settings: Settings, policy: Policy
) -> list[tuple[Document, Match]]:
    """Each match of what an HTML page of ``pages`` shows outside its article body among the other texts of
    ``index``, with the page, judged by ``policy`` with no baseline: what ``check`` and the gate report
    ``outside the article body`` (and ``provenance accept PAGE --source STORY`` accepts), sources its article
    reuses too (the pair of the article and that source accepts both).  ``provenance baseline`` accepts these
    beside the scan's pairs, which compare article texts only."""
    found: list[tuple[Document, Match]] = []
    for raw in pages:
        new = prepare(raw, settings)
        around = _outside(new, settings)
        if around is None:
            continue
        search = functools.partial(
            _matches,
            index=index,
            settings=settings,
            policy=policy,
            baseline=Baseline(),
            own=canonical_path(new.path),
            checked=frozenset(),
        )
        found += [(raw, match) for match in _beside(new, around, search, settings, {}, None)]
    return found


def _outside(page: Document, settings: Settings, html: str | None = None) -> _Around | None:
    """What an HTML article's page shows a reader outside its article text (:func:`~provenance.io.formats.
    shown_text`: navigation, asides, footers, related boxes), with the page's declared metadata, so its site's
    chrome is its site's; None for another format, or a page with nothing else to read.  The page's lines are
    those its extraction kept (:attr:`~provenance.models.Document.shown_lines`: loaded for a check), else the
    page is parsed again: ``html`` when given (an upload: no file to read), else read again from its file."""
    if page.format != "html":
        return None
    url = page.declared.url if page.declared is not None else None  # what a relative link is read against
    if page.shown_lines is not None:
        shown = ShownText.of(page.shown_lines, page.text, url)
    else:
        if html is None:
            html = read_page(page.path, settings.max_file_bytes)
        if html is None:
            return None
        try:
            shown = shown_text(html, page.text, url=url)
        except DecodeError:  # it was extracted from, so it parses; a page changed since is read no further
            return None
    text = shown.outside()
    if not text.strip():
        return None
    whole = Document(page.id, page.path, shown.text, declared=page.declared, format="html")
    return _Around(
        prepare(replace(whole, text=text), settings), describe_document(prepare(whole, settings), settings), shown
    )


def outside_shares(page: Document, source: Document, settings: Settings) -> tuple[float, float]:
    """The aligned shares of ``source`` copied into what the HTML ``page`` shows outside its article (the
    page's, of all it shows; the source's), as the check measures them (:func:`_matches`: the chrome of their
    site set aside), (0, 0) for a page with nothing there or another format: what ``provenance accept``
    records for a match ``outside the article body``."""
    around = _outside(prepare(page, settings), settings)
    if around is None:
        return 0.0, 0.0
    text, known = describe_document(around.text, settings), describe_document(prepare(source, settings), settings)
    bare, verified, whole, _ = _without_shared_chrome(
        verify(text, known, settings, changes=False), text, known, around, settings
    )
    pair = _of_page(bare, verified[0], whole)
    return pair.share_a, pair.share_b


def _without_shared_chrome(
    pair: PairResult, new: Document, source: Document, around: _Around | None, settings: Settings
) -> tuple[PairResult, tuple[Document, Document], Document | None, AbstractSet[int]]:
    """``pair`` (of the described ``new`` and ``source``) verified again without the chrome the two share as
    pages of one outlet (a letters footer) or the chrome file lists, as a scan sets it aside (the pair itself
    when there is none), the two texts it is of, for a page's text ``around`` its article the whole page its
    share is of (:func:`_of_page`; without that chrome too when there was some), and the numbers of the page's
    lines that chrome left out of the first text.  The one reading of the chrome of a match outside the article
    body, for the check and for ``accept``."""
    lines: AbstractSet[int] = frozenset()
    if around is None:
        (new_bare, source_bare), chrome = set_aside([new, source], settings)
        page = None
    else:
        (page_bare, source_bare), chrome = set_aside([around.page, source], settings)
        new_bare, lines = _without_chrome(around, page_bare, settings)
        page = around.page
    if not any(line.reason in ("site", "listed") for line in chrome):
        return pair, (new, source), page, frozenset()
    bare = verify(new_bare, source_bare, settings, changes=False)
    return bare, (new_bare, source_bare), None if around is None else page_bare, lines


def _of_page(pair: PairResult, text: Document, page: Document | None) -> PairResult:
    """``pair`` of ``text`` (what a page shows outside its article) with its share of all the ``page`` shows
    ("this text" is all the page shows, not the part of it compared); ``pair`` itself for no page."""
    if page is None:
        return pair
    return replace(pair, share_a=pair.share_a * content_length(text) / max(1, content_length(page)))


def _without_chrome(around: _Around, page: Document, settings: Settings) -> tuple[Document, AbstractSet[int]]:
    """``around``'s text without the lines whose sentences ``page`` (its whole page, boilerplate set aside with
    a candidate's) set aside, every one: the chrome of the page as its site's, read on the whole page; and the
    numbers of those lines."""
    starts = list(itertools.accumulate((len(line) + 1 for line in around.shown.lines), initial=0))

    def lines_of(spans: Iterable[tuple[int, int]]) -> set[int]:
        """The numbers of the lines each span covers, every one (a sentence read across wrapped lines)."""
        found: set[int] = set()
        for start, end in spans:
            first = bisect.bisect_right(starts, start) - 1
            found.update(range(first, max(first, bisect.bisect_right(starts, end - 1) - 1) + 1))
        return found

    live = lines_of(s.span for s in page.sentences if s.tokens)
    aside = lines_of(page.set_aside)
    text = around.shown.outside(aside - live)
    return prepare(Document(page.id, page.path, text, declared=page.declared), settings), aside - live


def _matches(
    new: Document,
    *,
    index: Index,
    settings: Settings,
    policy: Policy,
    baseline: Baseline,
    own: str,
    checked: AbstractSet[str],
    uncounted: Callable[[], tuple[np.ndarray, np.ndarray]] | None,
    kept: Callable[[], bool] | None,
    verified_pairs: list[tuple[str, PairResult, Document, Document]] | None,
    digest: str | None = None,
    around: _Around | None = None,
    settled: AbstractSet[str] = frozenset(),
) -> list[tuple[Match, PairResult, Document]]:
    """The matches of the prepared text ``new`` (whose file, canonical, is ``own``) among its candidates in the
    index, each with its verified pair and ``new`` as described for it (:func:`judge`; ``digest`` is its).
    ``around``: ``new`` is its text outside the article body, whose chrome is decided on its whole page.
    ``settled``: ids of candidates not to verify (their match is decided already), nor count among the
    ``max_candidates``."""
    sig = sign(new, settings)
    found: list[tuple[Match, PairResult, Document]] = []
    candidates = sorted(
        (
            c
            for c in index.candidates(sig, uncounted=uncounted)
            if os.path.normpath(c.path) != own and c.doc_id not in settled
        ),
        key=lambda c: os.path.normpath(c.path) in checked,  # stable: most collisions first within each
    )
    for cand in candidates[: policy.max_candidates]:
        try:
            article = load_article(cand.path, max_bytes=settings.max_file_bytes, links=False, doc_id=cand.doc_id)
            source = prepare(article, settings)
        except LoadError:
            continue  # gone or unreadable since it was indexed; the next index update drops it
        source_sig = sign(source, settings)
        # The changes are classified once, on a pair reported (no verdict reads them): most candidates
        # of a text that reprints none are not, and a pair verified again without its chrome is once.
        pair = verify(
            new,
            source,
            settings,
            signatures=(sig, source_sig),
            estimated_jaccard=estimated_jaccard(sig, source_sig),
            changes=False,
        )
        if not pair.is_reuse and pair.share_a < policy.warn_share:
            continue  # nothing to report: the metadata stage is not needed
        new, source = describe_document(new, settings), describe_document(source, settings)
        bare, verified, page, dropped = _without_shared_chrome(pair, new, source, around, settings)
        if bare is not pair and not bare.is_reuse and bare.share_a < policy.warn_share:
            continue  # all it shared was the chrome of their site
        pair = _of_page(bare, verified[0], page)
        linked = None if around is None else _linked_credit(around, pair, source, dropped)
        if pair.is_reuse:
            pair = _checked_direction(pair, new, source, settings)
        shown = read_from_source(pair, *verified, settings)
        match = judge(pair, new, source, policy, baseline, shown, kept, digest, linked)
        if match is not None:
            found.append((match, pair, new))
            if verified_pairs is not None:
                verified_pairs.append((match.source_id, shown, verified[1], verified[0]))
    return found


def _linked_credit(around: _Around, pair: PairResult, source: Document, dropped: AbstractSet[int]) -> str | None:
    """The credit a page gives ``source`` by a link to its address, where it shows the reused text outside its
    article (``pair``'s passages, in its text outside the body without the lines ``dropped``): each passage
    shown in a link to the source's declared address, or in a block holding one (a related box quoting the
    site's own story, linking it; :meth:`~provenance.io.formats.ShownText.linking`), None otherwise (a link to
    another address, none, a passage outside the box)."""
    url = source.declared.url if source.declared is not None else None
    if url is None or not around.shown.linking(url, [al.a_span for al in pair.alignments], dropped):
        return None
    return f"a link to {link_target(url)}"


def _checked_direction(pair: PairResult, new: Document, source: Document, settings: Settings) -> PairResult:
    """The pair's direction, the checked text ``new`` as ``a``; the corpus text is read as its reprint
    (``b-from-a``) by dates and credits, never by containment alone.  A checked text holding an archived
    one plus more (a brief inside a longer story, a story in a page's aside, the page "containing" it) says
    nothing of which came first: read so, an undated new story made the dated brief it copied its reprint,
    and the gate's next step accepted the archived text as a reprint of the new one."""
    decided = direction(pair, new, source, settings)
    if decided.provenance is None or decided.provenance.relation != "b-from-a":
        return decided
    return direction(pair, new, source, replace(settings, lineage_weight_containment=0.0))


OUTSIDE_BODY = "outside the article body:"
"""How a match's reason starts when the copy is in what a page shows outside its article (:attr:`Match.outside`)."""

KEPT_SHARE = 0.8
"""Share of an edited original's text, and of its version before the change, that must align with the
other for the baseline's accepted reprint to keep naming it the source: a correction (a typo, a figure, a
paragraph updated) keeps nearly all of both; a text rewritten with other words (another part of its
reprint) keeps little."""


def _keeps(new: Document, before: Callable[[Document], Document | None], settings: Settings) -> Callable[[], bool]:
    """Whether ``new`` keeps :data:`KEPT_SHARE` of its version ``before`` the change, both ways (asked once)."""
    answer: list[bool] = []

    def kept() -> bool:
        if not answer:
            old = before(new)
            if old is None:
                answer.append(False)
            else:
                pair = verify(new, prepare(old, settings), settings, changes=False)
                answer.append(min(pair.share_a, pair.share_b) >= KEPT_SHARE)
        return answer[0]

    return kept


def rebuild_hint(path: str, default: str, corpus: Sequence[str]) -> str:
    """:data:`REBUILD_HINT` for the index ``path`` of the ``corpus`` folders: the command to type ("PATH..."
    left the user to work out which folder, and which index).

    >>> rebuild_hint(".provenance/index.sqlite", ".provenance/index.sqlite", ["seeds"])
    'run `provenance index --rebuild seeds`'
    >>> rebuild_hint("my ix.sqlite", ".provenance/index.sqlite", ["a", "-b"])
    "run `provenance index --rebuild --index 'my ix.sqlite' -- a -b`"
    """
    index = "" if path == default else f" --index {shlex.quote(path)}"
    dash = " --" if any(c.startswith("-") for c in corpus) else ""
    return f"run `provenance index --rebuild{index}{dash} {' '.join(shlex.quote(c) for c in corpus)}`"


def run_checks(
    files: Sequence[str],
    corpus: Sequence[str],
    settings: Settings,
    policy: Policy,
    *,
    index_path: str | None = None,
    lines: Mapping[str, AbstractSet[int]] | None = None,
    baseline: Baseline | None = None,
    rules: CorpusRules | None = None,
    refresh: bool = False,
    synced: Callable[[Synced], None] | None = None,
    before: Callable[[Document], Document | None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[FileCheck], tuple[LoadProblem, ...]]:
    """Check ``files`` against the ``corpus`` folders (listed by ``rules``) with the baseline of ``policy``.

    A file of the corpus gets its corpus id (:func:`~provenance.io.load.list_corpus`), any other its stem.
    Uses the index file (``index_path`` or the policy's) when present, brought in line with the corpus
    as its recorded listing allows (:func:`~provenance.index.state.sync`: nothing listed when no corpus
    folder changed; with ``refresh``, every file listed and compared); otherwise an index built in memory.
    ``synced`` is told what the refresh of an index file did; ``before`` is :func:`check_documents`';
    ``progress(done, total)`` is told how far a refresh, or an index built in memory, has come.
    ``lines`` limits a JSON Lines export (by path) to the articles on those line numbers
    (:func:`.git.new_lines`); ``baseline`` replaces the policy's baseline file (the gate's
    ``--config-from-base`` reads it at the base revision).
    Returns the checks and the corpus files that could not be indexed.  Raises
    :class:`GateError` for an unreadable file or baseline, :class:`EmptyCorpusError` for a corpus that
    holds no readable article, :class:`IndexFileError` for an unusable index.
    """
    # A mistyped FILE is said before the index is brought in line (or built in memory): on an archive that
    # took seconds, minutes at a million articles, to say a name was wrong.
    for name in files:
        file = name if (at := jsonl_line(name)) is None else at[0]
        if not os.path.lexists(file):
            raise GateError(f"{file}: No such file or directory")
    if baseline is None:
        baseline = load_baseline(policy.baseline_file)
    rules = CorpusRules() if rules is None else rules
    path = index_path or policy.index
    refuse_links(path)  # a planted link is refused even where no index file is there yet
    on_disk = Path(path).exists()
    try:
        with contextlib.ExitStack() as opened:
            try:
                index = opened.enter_context(Index.open(path if on_disk else ":memory:", settings))
            except IndexNotWritable:  # a shared archive's index on a read-only mount: read it as it is
                index = opened.enter_context(Index.open(path, settings, read_only=True))
            # An index of other folders (the archive, checked here against a folder of reprints) is left as it is:
            # brought in line with this corpus, it would drop every article of the archive.
            elsewhere = other_corpus(index, corpus) if on_disk else ()
            if elsewhere:
                index = opened.enter_context(Index.open(":memory:", settings))
            stale = False
            try:
                try:
                    done = sync(index, corpus, rules, full=refresh, progress=progress)
                except IndexNotWritable:
                    if not index.read_only:
                        raise
                    # read-only, and the corpus changed since: an index of it built in memory answers instead
                    stale = True
                    index = opened.enter_context(Index.open(":memory:", settings))
                    done = sync(index, corpus, rules, progress=progress)
            except LoadError as err:
                raise GateError(str(err)) from None
            if synced is not None and on_disk:
                synced(replace(done, elsewhere=elsewhere, read_only=stale) if elsewhere or stale else done)
            if index.is_empty():
                raise EmptyCorpusError(corpus, done.problems)
            # A new text may be a symbolic link (a pull request can add one, to .git/config say): it is
            # reported and skipped, never read, wherever it points.
            docs, problems = load_paths(
                files,
                max_bytes=settings.max_file_bytes,
                roots=[".", *corpus],
                links=False,
                ids=_ids(files, corpus, rules, index),
                shown=True,  # a page's lines as shown, kept from its extraction: read outside its article unparsed
            )
            if lines:
                docs = [d for d in docs if _on_wanted_line(d.path, lines)]
                problems = [p for p in problems if _on_wanted_line(p.path, lines)]
            outside = [p for p in problems if p.reason in (OUTSIDE_REASON, LINK_REASON)]
            if len(outside) < len(problems):
                first = next(p for p in problems if p.reason not in (OUTSIDE_REASON, LINK_REASON))
                raise GateError(f"{first.path}: {first.reason}")
            _refuse_duplicates(docs, problems, index, files)
            try:
                checks = check_documents(docs, index, settings, policy, baseline=baseline, before=before)
            except sqlite3.Error as err:
                raise IndexFileError(f"{index.path}: index read failed ({err}); {REBUILD_HINT}") from None
        return checks, (*outside, *done.problems)
    except IndexFileError as err:  # the rebuild to type: this index, of this corpus (opened, synced or read)
        raise IndexFileError(str(err).replace(REBUILD_HINT, rebuild_hint(path, policy.index, corpus))) from None


def _ids(files: Sequence[str], corpus: Sequence[str], rules: CorpusRules, index: Index) -> dict[str, str]:
    """The corpus id of each of ``files`` (not exports, whose lines carry theirs) that is a corpus article:
    the one the index stores for its path, else (not indexed: it could not be read) the one its path
    inside its corpus folder gives; a file outside the corpus gets none (its stem)."""
    canonical = CanonicalPaths()
    named = {
        f: canonical(f)
        for f in files
        # a name that is not UTF-8 cannot be looked up (the loader reports it)
        if not f.lower().endswith(EXPORT_SUFFIXES) and jsonl_line(f) is None and _encodable(f)
    }
    ids = index.ids_of(named.values())
    roots = [canonical.root(c) for c in corpus]
    for full in named.values():
        for root in roots:
            relative = os.path.relpath(full, root).replace(os.sep, "/")
            if full not in ids and not relative.startswith("..") and rules.admits(relative):
                ids[full] = corpus_ids([relative])[relative]
    return ids


def _refuse_duplicates(
    docs: Sequence[Document], problems: Sequence[LoadProblem], index: Index, files: Sequence[str]
) -> None:
    """Raise :class:`GateError` when a checked article, or any article of a checked file, shares its id with
    another article of the corpus (either one skipped by the index): an export line claiming an indexed
    article's id kept the original out of the index, and its copy passed as "no reuse found"; a line
    repeated word for word in an export is no new line, yet two articles with one id."""
    checked = {canonical_path(d.path) for d in docs} | {canonical_path(p.path) for p in problems}
    in_files = {canonical_path(_file_of(f)) for f in files}

    def touched(path: str) -> bool:
        return path in checked or _file_of(path) in in_files

    for skipped, holder in index.duplicates():
        if (touched(skipped) or touched(holder)) and all(os.path.exists(_file_of(p)) for p in (skipped, holder)):
            new, other = (skipped, holder) if touched(skipped) else (holder, skipped)
            raise GateError(f"{new}: duplicate document id (also {other}); an article never takes another's id")


def _file_of(path: str) -> str:
    at = jsonl_line(path)
    return path if at is None else at[0]


def _encodable(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _on_wanted_line(path: str, lines: Mapping[str, AbstractSet[int]]) -> bool:
    at = jsonl_line(path)
    if at is None:
        return True
    wanted = lines.get(os.path.normpath(at[0]))
    return wanted is None or at[1] in wanted


def exit_code(checks: Iterable[FileCheck]) -> int:
    """0 when every text is within policy (warnings allowed), 1 when any fails."""
    return 1 if any(c.verdict == "fail" for c in checks) else 0


def worst_verdict(verdicts: Iterable[Verdict]) -> Verdict:
    """The most severe of ``verdicts`` (fail, then warn; pass when there are none)."""
    return max(verdicts, key=_RANK.__getitem__, default="pass")


def describe_match(match: Match) -> str:
    """One line on a match: its verdict, the shares both ways, why, what it adds and leaves out, and its
    most severe changes."""
    reason = match.reason
    if match.outside and match.line is not None:  # where on the page: the extracted article holds none of it
        reason = reason.replace(OUTSIDE_BODY, f"{OUTSIDE_BODY[:-1]}, from line {match.line} of the page:", 1)
    line = (
        f"{match.verdict}: {match.share_new:.0%} of this text aligns with {match.source_id} "
        f"({match.share_source:.0%} of that text); {reason}"
    )
    other = "that text" if match.relation == "b-from-a" else "the source"  # b-from-a: it reprints this text
    gaps = [f"adds {match.added_share:.0%} of its own in {len(match.added)} passage(s)"] if match.added else []
    gaps += [f"leaves out {len(match.dropped)} passage(s) of {other}"] if match.dropped else []
    if gaps:  # a half with no passage is not said: "adds 0% of its own in 0 passage(s)" is a zero to read past
        line += "; " + ", ".join(gaps)
    if match.changes:  # read source → new text (Match.changes): words only the new text has are an insertion
        line += "; changes: " + "; ".join(_describe_change(c) for c in each_edit_once(match.changes))
    return line


def _describe_change(change: Change) -> str:
    """One change as a check's line reads it, source → new text, saying when it is inside a quotation (words
    put in someone's mouth are what an editor checks first).

    >>> quoted = Change(kind="synonym", a="excited", b="thrilled", a_span=(5, 12), b_span=(5, 13), in_quote=True)
    >>> _describe_change(quoted)
    "synonym 'excited' → 'thrilled' (in a quotation)"
    """
    return f"{change.kind} {change.a!r} → {change.b!r}" + (" (in a quotation)" if change.in_quote else "")
