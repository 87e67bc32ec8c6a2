"""Quote fidelity: is each direct quotation reproduced verbatim in the other text?

For every quotation of A (:mod:`provenance.text.quotes`) whose words are aligned
with words of B, the check reports the counterpart in B and the changes that
fall inside the quotation; no change (typography never is one) means verbatim.
Quotations of B whose counterpart is not already covered by a quotation of A
(quote marks added in B) are checked the same way from B's side.

>>> from provenance.pipeline import compare
>>> from provenance.models import Document
>>> pair = compare(Document("a", "a", '"This massive transport project connects Iran to Russia," he said. More.'),
...                Document("b", "b", '“This huge transport project connects Iran to Russia,” he said. More.'))
>>> [(q.quoted_in, q.verbatim, [(c.a, c.b) for c in q.changes]) for q in pair.quotes]
[('both', False, [('massive', 'huge')])]
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Change, QuoteCheck, Span
from ..text.quotes import Quotation, inside_quotation
from ..text.spanindex import SpanIndex

__all__ = ["quote_checks"]

TokenPairs = Sequence[tuple[Span, Span]]


def _bounds(spans: Sequence[Span]) -> Span:
    return min(s for s, _ in spans), max(e for _, e in spans)


def _counterpart(
    quote: Quotation, side: int, token_pairs: SpanIndex[tuple[Span, Span]], changes: SpanIndex[Change]
) -> tuple[Span, Span, tuple[Change, ...]] | None:
    """The quotation's aligned extent on both sides (``side`` 0: it is in A, 1: in B)
    and the changes inside it; None when none of its words is aligned."""
    qs, qe = quote.span
    shared = token_pairs.within(qs, qe)
    if not shared:
        return None
    inside = tuple(c for c in changes.overlapping(qs, qe) if inside_quotation(c.b_span if side else c.a_span, (quote,)))
    a_span = _bounds([pa for pa, _ in shared] + [c.a_span for c in inside if c.a])
    b_span = _bounds([pb for _, pb in shared] + [c.b_span for c in inside if c.b])
    return a_span, b_span, inside


def quote_checks(
    token_pairs: TokenPairs,
    changes: Sequence[Change],
    quotes_a: Sequence[Quotation],
    quotes_b: Sequence[Quotation],
) -> tuple[QuoteCheck, ...]:
    """Check every quotation of either side that has an aligned counterpart.

    ``token_pairs`` are the (A span, B span) of the words the aligned sentences
    share; ``changes`` all changes of the pair.
    """
    checks: list[QuoteCheck] = []
    covered: list[Span] = []
    # Each side's indexes are built only for a side that quotes: a word a token pair, most texts none.
    pairs_a = SpanIndex([(pair[0], pair) for pair in token_pairs] if quotes_a else ())
    changes_a = SpanIndex([(c.a_span, c) for c in changes] if quotes_a else ())
    marked_b = SpanIndex([(q.span, q) for q in quotes_b if q.span[0] < q.span[1]] if quotes_a else ())
    for quote in quotes_a:
        found = _counterpart(quote, 0, pairs_a, changes_a)
        if found is not None:
            a_span, b_span, inside = found
            covered.append(b_span)
            both = bool(marked_b.overlapping(*b_span)) if b_span[0] < b_span[1] else False
            checks.append(
                QuoteCheck(
                    a_span=a_span, b_span=b_span, quoted_in="both" if both else "a", verbatim=not inside, changes=inside
                )
            )
    covered_b = SpanIndex([(span, span) for span in covered if span[0] < span[1]])
    pairs_b = SpanIndex([(pair[1], pair) for pair in token_pairs] if quotes_b else ())
    changes_b = SpanIndex([(c.b_span, c) for c in changes] if quotes_b else ())
    for quote in quotes_b:
        if quote.span[0] < quote.span[1] and covered_b.overlapping(*quote.span):
            continue  # already checked from side A
        found = _counterpart(quote, 1, pairs_b, changes_b)
        if found is not None:
            a_span, b_span, inside = found
            checks.append(QuoteCheck(a_span=a_span, b_span=b_span, quoted_in="b", verbatim=not inside, changes=inside))
    return tuple(sorted(checks, key=lambda q: (q.a_span, q.b_span)))
