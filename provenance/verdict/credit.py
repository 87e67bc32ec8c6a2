"""Does a new text credit the text it reuses?

:func:`credits_source` says yes when the new text says it was originally
published elsewhere, names the matched document's id, or credits (in an
attribution or dateline found by :mod:`provenance.text.metadata`) the matched
document's outlet, other than its own.

>>> from provenance.models import Document
>>> src = Document("src", "src.txt", "Daily Planet - The council met on Monday.")
>>> credits_source(Document("new", "new.txt", "This story was originally published by another site."), src)
True
>>> credits_source(Document("new", "new.txt", "The council met on Monday."), src)
False
"""

from __future__ import annotations

import re

from ..models import Document
from ..text.metadata import describe, source_key
from .lineage import same_source

__all__ = ["CREDIT_PHRASES", "credits_source"]

CREDIT_PHRASES = ("originally published", "first published", "republished from", "reprinted from", "courtesy of")
"""Phrases by which a text says it reproduces another publication."""


# An outlet dateline heading a paragraph ("Islam Times - A key component…"), for
# texts too short for the metadata stage to tell a site name from a headline.
_OUTLET_LINE = re.compile(r"^\s*([A-Z][\w.&' ]{1,40}?)\s+[-–—]\s+\S", re.MULTILINE)


def _outlet(doc: Document) -> str | None:
    meta = doc.meta or describe(doc.text)
    if meta.outlet is not None:
        return meta.outlet
    match = _OUTLET_LINE.search(doc.text)
    return match.group(1).strip() if match else None


def credits_source(new: Document, source: Document) -> bool:
    """Whether ``new`` credits ``source``: "originally published", its id, or its outlet."""
    text = new.text.casefold()
    if any(phrase in text for phrase in CREDIT_PHRASES):
        return True
    if source.id.casefold() in text:
        return True
    outlet = _outlet(source)
    if outlet is None:
        return False
    own = _outlet(new)
    if own is not None and same_source(source_key(outlet), source_key(own)):
        return False  # the same outlet's own dateline is no credit
    new_meta = new.meta or describe(new.text)
    key = source_key(outlet)
    return any(same_source(key, source_key(a.source)) for a in new_meta.attributions) or outlet.casefold() in text
