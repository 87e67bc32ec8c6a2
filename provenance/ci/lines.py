"""The line of a new article's file where a matching passage starts, for annotations on that line.

Offsets of a text or Markdown article are offsets into the file itself (Markdown markup is masked
with spaces of equal length, newlines kept), so the line is the number of newlines before the
passage, plus one.  A line of a JSON Lines export is its own line.  An HTML article's offsets are
into the text extracted from the page, not into the page, so there the line is the first line of
the page's source holding the passage's first words (any tags, entities or punctuation between
them), or None when they are not found there: never a guess.

>>> newline_line("one\\ntwo\\nthree", 4)
2
>>> source_line("<html>\\n<body>\\n<p>The <b>minister</b> said on Monday</p>", "The minister said on Monday.")
3
"""

from __future__ import annotations

import os
import re
import stat

from ..io.formats import DecodeError, decode_html
from ..io.load import HTML_SUFFIXES, jsonl_line
from ..models import Document, PairResult

__all__ = ["newline_line", "passage_line", "source_line"]

_WORD = re.compile(r"\w+")
_BETWEEN = r"(?>(?:&#?\w{1,32};|<[^<>]{0,4000}>|[^\w<&]|[<&])+)"
"""What may separate two words of the extracted text in the page's source: tags, entities, punctuation
(an atomic group: a page of ``<><><>…`` cannot make the search backtrack exponentially)."""
_MOST_WORDS = 8
_LEAST_WORDS = 3
_BODY = re.compile(r"<body\b", re.IGNORECASE)


def newline_line(text: str, offset: int) -> int:
    """The 1-based line of ``text`` holding ``offset`` (lines end at LF; CR LF counts once)."""
    return text.count("\n", 0, max(0, offset)) + 1


def source_line(page: str, passage: str) -> int | None:
    """The first line of the HTML ``page`` (after ``<body``, when it has one) holding the first words of
    ``passage`` in order, or None when the page does not hold them."""
    words = _WORD.findall(passage)[:_MOST_WORDS]
    body = _BODY.search(page)
    start = body.start() if body else 0
    # Fewer words when the first ones are not found together (an entity or a tag splitting a word).
    for n in range(len(words), min(_LEAST_WORDS, len(words)) - 1, -1):
        found = re.compile(_BETWEEN.join(re.escape(w) for w in words[:n]), re.IGNORECASE).search(page, start)
        if found:
            return newline_line(page, found.start())
    return None


def passage_line(doc: Document, pair: PairResult, *, max_bytes: int) -> int | None:
    """The line of ``doc``'s file (the new text, side ``a`` of ``pair``) where its earliest aligned passage
    starts; None when it has no aligned passage or (HTML) the passage is not found in the page's source."""
    at = jsonl_line(doc.path)
    if at is not None:
        return at[1]
    if not pair.alignments:
        return None
    start = min(al.a_span[0] for al in pair.alignments)
    if doc.format != "html" and not doc.path.lower().endswith(HTML_SUFFIXES):
        return newline_line(doc.text, start)
    page = _page(doc.path, max_bytes)
    if page is None:
        return None
    end = min((al.a_span[1] for al in pair.alignments if al.a_span[0] == start), default=start)
    return source_line(page, doc.text[start:end])


def _page(path: str, max_bytes: int) -> str | None:
    """The HTML page at ``path`` as text, or None: read as the gate reads a new file (a symbolic link,
    a special file or one over ``max_bytes`` is not read)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None  # gone, unreadable, or a symbolic link now (O_NOFOLLOW): never read
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
            return None
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        return None
    try:
        return decode_html(data)[0]
    except DecodeError:
        return None
