"""Plain terminal output for ``provenance compare``, and the words every report uses for a pair's sides."""

from __future__ import annotations

import re
from typing import Literal

from ..detect.gaps import excerpt, moved_passages
from ..models import Document, PairResult, UnalignedPassage

__all__ = ["heading", "printable", "render_pair_text", "unaligned_sides"]

Side = Literal["a", "b"]

# C0/C1 controls and DEL (ANSI escapes start with ESC) are shown, never sent.  So is the first "#"
# of "##[": GitHub's runner obeys a "##[command]" anywhere in a line of a job's log.
_QUOTED = {True: " (quote)", False: ""}
_CELL_CHARS = 4000
"""Most characters a cell of the terminal table shows: the table wraps a long word by cutting it a line
at a time, each cut reading the rest again (a 1 MB word took 43 s), and no reader reads past a screen."""


def _cell(text: str) -> str:
    """``text`` cut to :data:`_CELL_CHARS` characters, with a mark where it was cut.

    >>> _cell("x" * 5000)[-12:]
    'xxxxx [cut] '
    """
    return text if len(text) <= _CELL_CHARS else text[:_CELL_CHARS] + " [cut] "


_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]|#(?=#\[)")


def printable(text: str) -> str:
    """Text with control characters (and lone surrogates, which no terminal can take) and the bidirectional
    overrides and isolates (an id ``invoice\\u202etxt.exe`` shows as ``invoiceexe.txt``) made visible, and
    never a GitHub Actions ``##[command]``.

    >>> printable("a\\x1b[31mb")
    'a\\\\x1b[31mb'
    >>> printable("invoice\\u202etxt.exe \\u2066x\\u2069")
    'invoice\\\\u202etxt.exe \\\\u2066x\\\\u2069'
    >>> printable("seeds/##[stop-commands]x.txt")
    'seeds/\\\\x23#[stop-commands]x.txt'
    """
    return _CONTROL.sub(shown_code, text)


def shown_code(match: re.Match[str]) -> str:
    """A matched character as ``\\xNN`` or ``\\uNNNN`` (for ``re.sub``)."""
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def heading(pair: PairResult, *, arrow: str = "→", both: str = "↔") -> str:
    """The pair named source ``arrow`` copy when its direction is decided, else in its own order and said so.

    >>> import dataclasses
    >>> from provenance.models import Provenance
    >>> pair = PairResult(a="x", b="y", is_reuse=True, share_a=1, share_b=1, estimated_jaccard=None, jaccard=1,
    ...     containment_a=1, containment_b=1, provenance=Provenance("a-from-b", 0.9))
    >>> heading(pair), heading(dataclasses.replace(pair, provenance=None), both="<->")
    ('y → x', 'x <-> y (direction undetermined)')
    """
    if pair.source is not None and pair.copy is not None:
        return f"{pair.source} {arrow} {pair.copy}"
    return f"{pair.a} {both} {pair.b}" + (" (direction undetermined)" if pair.is_reuse else "")


def unaligned_sides(pair: PairResult) -> tuple[tuple[str, Side, tuple[UnalignedPassage, ...], float], ...]:
    """Each side's unaligned passages with what to call them: added by the copy and dropped from the
    source when the direction is decided (the copy's first), else only in one text or the other."""
    relation = pair.provenance.relation if pair.provenance else None
    a = (pair.unaligned_a, pair.unaligned_share_a)
    b = (pair.unaligned_b, pair.unaligned_share_b)
    if relation == "b-from-a":
        return (f"added by {pair.b}", "b", *b), (f"dropped from {pair.a}", "a", *a)
    if relation == "a-from-b":
        return (f"added by {pair.a}", "a", *a), (f"dropped from {pair.b}", "b", *b)
    return (f"only in {pair.a}", "a", *a), (f"only in {pair.b}", "b", *b)


def sentences_label(run: tuple[int, int]) -> str:
    """A run of sentences for people, counted from 1.

    >>> sentences_label((4, 5)), sentences_label((0, 3))
    ('sentence 5', 'sentences 1–3')
    """
    first, end = run
    return f"sentence {end}" if end - first == 1 else f"sentences {first + 1}–{end}"


def moved_summary(pair: PairResult) -> str | None:
    """The aligned passages B holds in another order than A (:func:`~provenance.detect.gaps.moved_passages`),
    said in one line; None when B keeps A's order."""
    runs = moved_passages(pair.alignments)
    if not runs:
        return None
    items = "; ".join(
        f"{sentences_label(b_run)} of {pair.b} ({sentences_label(a_run)} of {pair.a})" for a_run, b_run in runs
    )
    return f"in another order: {items}"


def render_pair_text(pair: PairResult, doc_a: Document, doc_b: Document, *, width: int = 48) -> str:
    """Aligned sentences side by side, each followed by its changes, then what one text has and the other lacks."""
    verdict = "REUSE" if pair.is_reuse else "no reuse"
    if pair.source is not None and pair.copy is not None:
        title = f"{pair.source} -> {pair.copy}: {verdict}"
    else:
        title = f"{pair.a}  <->  {pair.b}: {verdict}" + (" (direction undetermined)" if pair.is_reuse else "")
    lines = [
        printable(title),
        f"aligned share {pair.share_a:.0%} / {pair.share_b:.0%}, "
        f"shingle Jaccard {pair.jaccard:.3f}, containment {pair.containment_a:.0%} / {pair.containment_b:.0%}",
    ]
    if pair.provenance is not None:
        prov = pair.provenance
        upstream = f", upstream {', '.join(prov.upstream)}" if prov.upstream else ""
        lines.append(printable(f"provenance: {prov.relation} (confidence {prov.confidence:.2f}{upstream})"))
        lines += [printable(f"  - {reason}") for reason in prov.evidence]
    lines.append("")
    rows = []
    for n, al in enumerate(pair.alignments, 1):
        changes = "\n".join(
            printable(f"{c.severity} {c.kind}{_QUOTED[c.in_quote]}: {_cell(c.a)!r} -> {_cell(c.b)!r}")
            for c in al.changes
        )
        rows.append(
            [
                n,
                printable(_cell(" ".join(doc_a.text[al.a_span[0] : al.a_span[1]].split()))),
                printable(_cell(" ".join(doc_b.text[al.b_span[0] : al.b_span[1]].split()))),
                f"{al.score:.2f}",
                _cell(changes),
            ]
        )
    if rows:
        from tabulate import tabulate  # imported by what draws a table only: check and gate import printable

        lines.append(
            tabulate(
                rows,
                headers=["#", printable(pair.a), printable(pair.b), "score", "changes"],
                tablefmt="simple_grid",
                maxcolwidths=[None, width, width, None, width],
                disable_numparse=True,
            )
        )
    else:
        lines.append("No aligned sentences.")
    texts = {"a": doc_a.text, "b": doc_b.text}
    lines.append("")
    for label, side, passages, share in unaligned_sides(pair):
        lines.append(printable(f"{label}: {share:.0%} of its text, {len(passages)} passage(s)"))
        lines += [
            printable(f"  [{p.span[0]}-{p.span[1]}] {p.characters} characters: {excerpt(texts[side], p)}")
            for p in passages
        ]
    moved = moved_summary(pair)
    if moved is not None:
        lines.append(printable(moved))
    return "\n".join(lines) + "\n"
