"""Boilerplate stage: site chrome set aside before signatures and alignment.

Saved web pages carry lines that are not the article ("Comments are closed.",
"Most Visited in Politics", "QR Code", "READ: …" teasers, "Story Code: …").
Two articles from the same site share them, which is not reuse. A sentence
(sentences never cross a line break) is set aside when

* it looks like site chrome: it matches one of :data:`CHROME_PATTERNS` and has
  at most ``pattern_max_words`` words (a long line is a story that happens to
  start like chrome), or
* it recurs: its words (case and typography folded) make a line of
  ``min_words`` to ``max_words`` words that stands among the first or last ``edge_sentences``
  sentences of at least ``min_documents`` documents (site chrome sits above
  and below the story; a short sentence reused inside several stories does not).

``min_documents`` is at least 3, so a sentence that exactly two documents share
(what reuse looks like) is never boilerplate, and long lines never are by
recurrence, so a wire story reprinted by many papers still counts as reuse. A
short sentence of a story reprinted three or more times (a headline) is set
aside too: a small loss, since reuse rests on the longer sentences.

>>> from provenance.models import Document
>>> from provenance.text.sentences import split_sentences
>>> text = "Comments are closed.\\nThe minister met his counterpart in Moscow on Monday."
>>> doc = Document("a", "a.txt", text, sentences=split_sentences(text))
>>> limits = dict(min_documents=3, max_words=12, edge_sentences=8, min_words=3, pattern_max_words=20)
>>> (kept,), lines = set_aside_boilerplate([doc], **limits)
>>> [len(s.tokens) for s in kept.sentences], kept.set_aside, lines[0].reason
([0, 9], ((0, 20),), 'pattern')
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Literal

from ..models import BoilerplateLine, Document, Sentence, Span, Spans
from .normalize import fold

__all__ = [
    "CHROME_PATTERNS",
    "boilerplate_lines",
    "edge_keys",
    "is_chrome",
    "recurring_keys",
    "set_aside_boilerplate",
    "strip_boilerplate",
]

CHROME_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(?:qr\s*code\s*)+$",
        r"^comments?\s+(?:are|is)\s+closed\W*$",
        r"^(?:most\s+(?:visited|read|viewed|popular|shared|commented)|top\s+(?:\w+\s+)?stories)\b",
        r"^(?:read(?:\s+more)?|also\s+read|see\s+also|related(?:\s+\w+)?|more\s+on\s+this)\s*[:>»-]",
        r"^(?:story|news|article)\s+(?:code|id|link)\s*:",
        r"^(?:tags|source\s+link)\s*:",
        r"^(?:share|tweet|print|e-?mail)(?:\s+(?:this|on\s+\w+))*(?:\s+(?:article|story|page|post))?\W*$",
        r"^(?:advertisement|sponsored(?:\s+content)?|skip\s+to\s+(?:main\s+)?content)\W*$",
        r"^(?:follow|subscribe|join)\s+(?:us|our)\b.{0,60}\b(?:twitter|telegram|facebook|instagram|newsletter|channel)\b",
        r"^(?:all\s+rights\s+reserved|copyright\s*(?:©|\(c\))?\s*\d{4})\b",
    )
)
"""Site chrome, matched against a sentence with typography folded and white space collapsed."""


def _flat(text: str) -> str:
    return " ".join(fold(text).text.split())


def is_chrome(sentence_text: str) -> bool:
    """True when the sentence looks like site chrome (one of :data:`CHROME_PATTERNS`).

    >>> is_chrome("Story Code: 1184659"), is_chrome("READ: Iran, Russia collaborate on a spacecraft")
    (True, True)
    >>> is_chrome("Read the statement in full, the minister said.")
    False
    """
    flat = _flat(sentence_text)
    return any(p.search(flat) for p in CHROME_PATTERNS)


def _edge(doc: Document, edge_sentences: int) -> set[int]:
    """Indices of the first and last ``edge_sentences`` sentences that have words."""
    worded = [s.index for s in doc.sentences if s.tokens]
    return set(worded[:edge_sentences] + worded[-edge_sentences:]) if edge_sentences else set()


def edge_keys(doc: Document, *, edge_sentences: int, min_words: int, max_words: int) -> set[tuple[str, ...]]:
    """The word sequences of ``doc``'s edge sentences that could recur as site chrome."""
    edge = _edge(doc, edge_sentences)
    return {s.tokens for s in doc.sentences if s.index in edge and min_words <= len(s.tokens) <= max_words}


def recurring_keys(per_document: Iterable[set[tuple[str, ...]]], *, min_documents: int) -> frozenset[tuple[str, ...]]:
    """The edge sentences found in at least ``min_documents`` documents."""
    counts: Counter[tuple[str, ...]] = Counter()
    for keys in per_document:
        counts.update(keys)
    return frozenset(key for key, n in counts.items() if n >= min_documents)


def strip_boilerplate(
    doc: Document, recurring: frozenset[tuple[str, ...]], *, edge_sentences: int, pattern_max_words: int
) -> tuple[Document, list[tuple[str, Literal["pattern", "recurring"]]]]:
    """``doc`` with its boilerplate sentences emptied, and each one's flattened text and reason.

    A sentence set aside keeps its place and span but loses its words, so
    signatures and alignment never see it and sentence indices stay valid; its
    span goes to :attr:`Document.set_aside`.
    """
    edge = _edge(doc, edge_sentences)
    kept: list[Sentence] = []
    aside: list[Span] = []
    found: list[tuple[str, Literal["pattern", "recurring"]]] = []
    for s in doc.sentences:
        raw = doc.text[s.span[0] : s.span[1]]
        reason: Literal["pattern", "recurring"] | None = None
        if 0 < len(s.tokens) <= pattern_max_words and is_chrome(raw):
            reason = "pattern"
        elif s.index in edge and s.tokens in recurring:
            reason = "recurring"
        if reason is None:
            kept.append(s)
        else:
            kept.append(dataclasses.replace(s, tokens=(), token_spans=Spans()))
            aside.append(s.span)
            found.append((_flat(raw), reason))
    if aside:
        doc = dataclasses.replace(doc, sentences=tuple(kept), set_aside=tuple(aside))
    return doc, found


def boilerplate_lines(
    found: Iterable[tuple[str, list[tuple[str, Literal["pattern", "recurring"]]]]],
) -> tuple[BoilerplateLine, ...]:
    """The lines set aside, from ``(document id, found)`` pairs: by text, then reason."""
    documents: dict[tuple[str, Literal["pattern", "recurring"]], set[str]] = defaultdict(set)
    for doc_id, items in found:
        for item in items:
            documents[item].add(doc_id)
    return tuple(
        BoilerplateLine(text=text, reason=reason, documents=tuple(sorted(ids)))
        for (text, reason), ids in sorted(documents.items())
    )


def set_aside_boilerplate(
    documents: Sequence[Document],
    *,
    min_documents: int,
    max_words: int,
    edge_sentences: int,
    min_words: int,
    pattern_max_words: int,
) -> tuple[tuple[Document, ...], tuple[BoilerplateLine, ...]]:
    """The documents without their boilerplate sentences, and the lines set aside.

    Documents must be prepared (sentences split). See :func:`strip_boilerplate`.
    """
    recurring = recurring_keys(
        (edge_keys(d, edge_sentences=edge_sentences, min_words=min_words, max_words=max_words) for d in documents),
        min_documents=min_documents,
    )
    out: list[Document] = []
    found: list[tuple[str, list[tuple[str, Literal["pattern", "recurring"]]]]] = []
    for doc in documents:
        stripped, items = strip_boilerplate(
            doc, recurring, edge_sentences=edge_sentences, pattern_max_words=pattern_max_words
        )
        out.append(stripped)
        found.append((doc.id, items))
    return tuple(out), boilerplate_lines(found)
