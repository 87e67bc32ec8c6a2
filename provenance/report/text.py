"""Plain terminal output for ``provenance compare``."""

from __future__ import annotations

import re

from tabulate import tabulate

from ..models import Document, PairResult

__all__ = ["printable", "render_pair_text"]

# C0/C1 controls and DEL (ANSI escapes start with ESC) are shown, never sent.  So is the first "#"
# of "##[": GitHub's runner obeys a "##[command]" anywhere in a line of a job's log.
_QUOTED = {True: " (quote)", False: ""}
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]|#(?=#\[)")


def printable(text: str) -> str:
    """Text with control characters (and lone surrogates, which no terminal can take) made visible,
    and never a GitHub Actions ``##[command]``.

    >>> printable("a\\x1b[31mb")
    'a\\\\x1b[31mb'
    >>> printable("seeds/##[stop-commands]x.txt")
    'seeds/\\\\x23#[stop-commands]x.txt'
    """
    return _CONTROL.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def render_pair_text(pair: PairResult, doc_a: Document, doc_b: Document, *, width: int = 48) -> str:
    """Aligned sentences side by side, each followed by its changes."""
    verdict = "REUSE" if pair.is_reuse else "no reuse"
    lines = [
        f"{printable(pair.a)}  <->  {printable(pair.b)}: {verdict}",
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
            printable(f"{c.severity} {c.kind}{_QUOTED[c.in_quote]}: {c.a!r} -> {c.b!r}") for c in al.changes
        )
        rows.append(
            [
                n,
                printable(" ".join(doc_a.text[al.a_span[0] : al.a_span[1]].split())),
                printable(" ".join(doc_b.text[al.b_span[0] : al.b_span[1]].split())),
                f"{al.score:.2f}",
                changes,
            ]
        )
    if rows:
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
    return "\n".join(lines) + "\n"
