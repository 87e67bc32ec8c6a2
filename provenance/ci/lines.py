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

import re
from collections.abc import Sequence
from itertools import islice
from pathlib import Path

from ..io.formats import DecodeError, decode_html
from ..io.load import HTML_SUFFIXES, LoadError, article_bytes, format_suffix, jsonl_line, read_article_bytes
from ..models import Document, PairResult

__all__ = ["newline_line", "page_of", "passage_line", "passage_lines", "read_page", "source_line"]

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
    words = [m.group() for m in islice(_WORD.finditer(passage), _MOST_WORDS)]
    body = _BODY.search(page)
    start = body.start() if body else 0
    # Fewer words when the first ones are not found together (an entity or a tag splitting a word).
    for n in range(len(words), min(_LEAST_WORDS, len(words)) - 1 if words else 0, -1):  # no words: no line
        # (?<!\w): the first word whole, never the end of another ("he said" is not in "She said").
        pattern = r"(?<!\w)" + _BETWEEN.join(re.escape(w) for w in words[:n])
        found = re.compile(pattern, re.IGNORECASE).search(page, start)
        if found:
            return newline_line(page, found.start())
    return None


def passage_line(doc: Document, pair: PairResult, *, max_bytes: int) -> int | None:
    """The line of ``doc``'s file (the new text, side ``a`` of ``pair``) where its earliest aligned passage
    starts; None when it has no aligned passage or (HTML) the passage is not found in the page's source."""
    return passage_lines(doc, [pair], max_bytes=max_bytes)[0]


def passage_lines(
    doc: Document, pairs: Sequence[PairResult], *, max_bytes: int, page: str | None = None
) -> list[int | None]:
    """:func:`passage_line` of each of ``pairs`` (all with ``doc`` as side ``a``), an HTML page read once
    (``page``, its source, when given: an upload, no file to read)."""
    at = jsonl_line(doc.path)
    if at is not None:
        return [at[1]] * len(pairs)
    html = doc.format == "html" or format_suffix(doc.path) in HTML_SUFFIXES
    if page is None and html and any(p.alignments for p in pairs):
        page = read_page(doc.path, max_bytes)
    lines: list[int | None] = []
    for pair in pairs:
        if not pair.alignments:
            lines.append(None)
            continue
        start = min(al.a_span[0] for al in pair.alignments)
        if not html:
            lines.append(newline_line(doc.text, start))
        elif page is None:
            lines.append(None)
        else:
            end = min((al.a_span[1] for al in pair.alignments if al.a_span[0] == start), default=start)
            lines.append(source_line(page, doc.text[start:end]))
    return lines


def read_page(path: str, max_bytes: int) -> str | None:
    """The HTML page at ``path`` as text, or None: read as the gate reads a new file (a symbolic link,
    a special file or one over ``max_bytes`` is not read)."""
    try:
        return decode_html(read_article_bytes(Path(path), max_bytes, links=False))[0]
    except (LoadError, DecodeError):
        return None


def page_of(name: str, data: bytes, max_bytes: int) -> str | None:
    """The HTML page of an upload's bytes ``data`` (named ``name``: a ``.gz`` decompressed) as text, as
    :func:`read_page` reads a file's, or None."""
    try:
        return decode_html(article_bytes(name, data, max_bytes))[0]
    except (LoadError, DecodeError):
        return None
