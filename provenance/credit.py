"""Does a new text credit the text it reuses?  A small, swappable hook.

This is a stand-in until a real attribution extractor (outlets, bylines,
"originally published by" phrases) exists: :func:`credits_source` says yes when
the new text names the matched document's id or outlet, or says it was
originally published elsewhere.  The gate only calls :func:`credits_source`,
so replacing its body is all a better extractor needs.

>>> from provenance.models import Document
>>> src = Document("src", "src.txt", "Daily Planet - The council met on Monday.")
>>> credits_source(Document("new", "new.txt", "This story was originally published by another site."), src)
True
>>> credits_source(Document("new", "new.txt", "The council met on Monday."), src)
False
"""

from __future__ import annotations

import re

from .models import Document

__all__ = ["CREDIT_PHRASES", "credits_source", "outlet_of"]

CREDIT_PHRASES = ("originally published", "first published", "republished from", "reprinted from", "courtesy of")
"""Phrases by which a text says it reproduces another publication."""

# An outlet dateline at the start of a paragraph: "Islam Times - A key component…".
_OUTLET_RE = re.compile(r"^\s*([A-Z][\w.&' ]{1,40}?)\s+[-–—]\s+\S", re.MULTILINE)


def outlet_of(doc: Document) -> str | None:
    """The outlet named in the first "Outlet - " dateline of a text, if any."""
    match = _OUTLET_RE.search(doc.text)
    return match.group(1).strip() if match else None


def credits_source(new: Document, source: Document) -> bool:
    """Whether ``new`` credits ``source``: names its id or outlet, or says "originally published"."""
    text = new.text.casefold()
    if any(phrase in text for phrase in CREDIT_PHRASES):
        return True
    if source.id.casefold() in text:
        return True
    outlet = outlet_of(source)
    if outlet is None or outlet == outlet_of(new):
        return False  # the same outlet's own dateline is no credit
    return outlet.casefold() in text
