"""Metadata stage: a document's date, outlet, title and attributions, from its own text.

Nothing is invented: a field the text does not state is None. Dates are parsed
with :mod:`dateutil`; only a date standing on its own line near the top or the
bottom of the text, a labelled date ("date 2025-01-16", "Published: …") or a
dateline's date counts as the publication date, so dates inside the story ("on
January 17", a photo caption) are never taken for it.

>>> text = "Iran, Russia Boost Ties: Minister\\n\\n16 Jan 2025 07:09\\n\\n"
>>> meta = describe(text + "TEHRAN (Tasnim) – Talks went well, Reuters reported.")
>>> meta.date, meta.outlet, meta.title
('2025-01-16T07:09', 'Tasnim', 'Iran, Russia Boost Ties: Minister')
>>> [a.source for a in meta.attributions]
['Tasnim', 'Reuters']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from dateutil import parser as date_parser

from ..models import Attribution, DocumentMeta
from ..settings import Settings
from .normalize import mixed_script_words

__all__ = ["describe", "outlet_from_host", "parse_date", "source_key"]

# Two far-apart defaults: a component the text does not give comes out different.
_DEFAULT_1 = datetime(1904, 1, 1, 0, 0)
_DEFAULT_2 = datetime(1908, 2, 2, 13, 37)
_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")

# A source's name: up to five capitalised words of at most 40 characters each.  The bound keeps
# every match attempt short: a name may start at any capital, and an unbounded word would let a
# 60 KB "A-A-A-…" line cost one scan to its end per capital.
_NAME = r"(?:[A-Z][\w&.'’-]{0,39})(?:[ \t]+(?:of[ \t]+|de[ \t]+|for[ \t]+|&[ \t]+)?[A-Z][\w&.'’-]{0,39}){0,4}"
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_CARRIED_DATE = re.compile(
    rf"[ \t]+on[ \t]+(?P<date>{_DAY}(?:,?[ \t]+{_MONTH}[ \t]+\d{{1,2}}(?:,?[ \t]+\d{{4}})?)?"
    rf"|{_MONTH}[ \t]+\d{{1,2}}(?:,?[ \t]+\d{{4}})?)"
)
# A dateline: "TEHRAN (Tasnim) –", "WASHINGTON, Jan 5 (Reuters) -", "(Reuters) -".
_DATELINE = re.compile(
    r"^[ \t]*(?:(?P<place>[A-Z][A-Z .'’-]{1,40}?)(?:,[ \t]*(?P<date>[^()\n]{3,40}?))?[ \t]*)?"
    r"\((?P<name>[A-Z][\w .&'’-]{1,40}?)\)[ \t]*[-–—]",
    re.MULTILINE,
)
# "Islam Times - A key component…": a site name heading the first paragraph.
# The story must follow on the same line, so headings ("Airport - Departures") are not site names.
_SITE_PREFIX = re.compile(
    r"^[ \t]*(?P<name>[A-Z][\w&.'’]*(?:[ \t]+[A-Z][\w&.'’]*){0,3})[ \t]+[-–—][ \t]+(?=[^\n]{60})[A-Z\"“]"
)
_NAME_END = re.compile(r"\.(?=\s|[A-Z][a-z])")
"""A full stop that ends a sentence inside a matched name ("Forestry.Over", "Press. Tom")."""
_LABEL_DATE = re.compile(r"\b(?:date|dated|published|posted|updated)\b[ \t]*(?:on)?[ \t]*[:\-–]?[ \t]*", re.IGNORECASE)
_URL = re.compile(r"https?://(?:www\.)?(?P<host>[a-z0-9-]+(?:\.[a-z0-9-]+)+)", re.IGNORECASE)
_LINK_LABEL = re.compile(r"\b(?:news link|link|source|url)\b\s*:", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?\"”’:;,]$")
_SITE_SUFFIX = re.compile(r"[ \t]+[|][ \t]+[^|]{1,40}$")
_WORD = re.compile(r"\w+")
# A capitalised conjunction starting a sentence is not part of the name after it ("As Islam Times reported").
_LEADING_WORD = re.compile(r"^(?:As|And|But|While|When|Since|Because|If|Although|Though|Yet|So|Then|Also)[ \t]+")

# Phrases that credit a source; ``name`` is the source, ``date`` looked for after it.  Each comes
# with the words any match of it contains (one of each group, the rarest group first).  No pattern
# crosses a line, so only the lines holding them are searched (most lines hold none, and a pattern
# that may start at any capital costs a scan of all of them).
_ATTRIBUTION_PATTERNS: tuple[tuple[re.Pattern[str], tuple[tuple[str, ...], ...]], ...] = (
    (
        re.compile(
            r"\b(?:originally|first)[ \t]+(?:appeared|published|ran|posted)[ \t]+(?:in|on|by|at)[ \t]+"
            rf"(?:the[ \t]+)?(?P<name>{_NAME})"
        ),
        (("originally", "first"), ("appeared", "published", "ran", "posted")),
    ),
    (
        re.compile(
            r"\b(?:published|reported|carried|posted|broadcast|aired|quoted)[ \t]+(?:by|on|in)[ \t]+"
            rf"(?:the[ \t]+)?(?P<name>{_NAME})"
        ),
        (("published", "reported", "carried", "posted", "broadcast", "aired", "quoted"),),
    ),
    (
        re.compile(
            r"\baccording[ \t]+to[ \t]+(?:an?[ \t]+(?:report|statement|press[ \t]+release|release|article)[ \t]+"
            rf"(?:by|in|from|on)[ \t]+)?(?:the[ \t]+)?(?P<name>{_NAME})"
        ),
        (("according",),),
    ),
    (
        re.compile(
            rf"(?<![\w.])(?:the[ \t]+)?(?P<name>{_NAME})[ \t]+said[ \t]+in[ \t]+a[ \t]+(?:press[ \t]+release|statement)"
        ),
        (("release", "statement"), ("said",)),
    ),
    (re.compile(rf"\btold[ \t]+(?:the[ \t]+)?(?P<name>{_NAME})"), (("told",),)),
    (
        re.compile(rf"\b(?:Source|Courtesy|Via)[ \t]*:[ \t]*(?:the[ \t]+)?(?P<name>{_NAME})"),
        (("Source", "Courtesy", "Via"), (":",)),
    ),
    (
        re.compile(
            rf"(?<![\w.])(?:the[ \t]+)?(?P<name>{_NAME})(?:[ \t]+(?:news[ \t]+agency|news[ \t]+site|newspaper|agency))?"
            r"[ \t]+(?:reports|reported)(?=[ \t]*[.,;]|[ \t]+on[ \t])"
        ),
        (("report",),),
    ),
)
_NOT_SOURCES = frozenset(
    {"he", "she", "it", "they", "we", "i", "the", "a", "an", "this", "that", "monday", "tuesday", "wednesday"}
    | {"thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july"}
    | {"august", "september", "october", "november", "december", "in", "on", "at", "adapted", "see", "by"}
)


def source_key(name: str) -> str:
    """A name folded for comparison: case, spaces, punctuation and "the" removed.

    >>> source_key("The Islam Times") == source_key("islamtimes.com")
    True
    """
    folded = name.lower()
    folded = re.sub(r"\.(com|org|net|co|gov|edu|ir|ru|tr|uk|fr|ca|info|news)\b.*$", "", folded)
    folded = re.sub(r"^the\s+", "", folded)
    return "".join(_WORD.findall(folded)).replace("_", "")


def parse_date(text: str) -> str | None:
    """``text`` as an ISO 8601 date or date-time when all of it is one full date.

    A date needs a year, a month and a day: a weekday alone or "October 2020" is not one.

    >>> parse_date("September 20, 2023 at 3:17 pm"), parse_date("2025-01-16"), parse_date("Wednesday")
    ('2023-09-20T15:17', '2025-01-16', None)
    """
    text = text.strip()
    if not text or not _YEAR.search(text):
        return None
    try:
        first = date_parser.parse(text, default=_DEFAULT_1)
        second = date_parser.parse(text, default=_DEFAULT_2)
    except (ValueError, OverflowError):
        return None
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None
    if (first.hour, first.minute) == (second.hour, second.minute):
        return first.strftime("%Y-%m-%dT%H:%M")
    return first.strftime("%Y-%m-%d")


def _labelled_date(line: str, max_chars: int) -> str | None:
    """The date after a label ("date 2025-01-16 The Kremlin…"): the longest prefix that parses."""
    for match in _LABEL_DATE.finditer(line):
        words = line[match.end() : match.end() + max_chars].split()
        for n in range(min(len(words), 7), 0, -1):
            found = parse_date(" ".join(words[:n]))
            if found:
                return found
    return None


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _find_date(text: str, head: list[str], tail: list[str], *, max_chars: int) -> str | None:
    for line in head:
        if len(line) <= max_chars and (found := parse_date(line)):
            return found
    for line in head + tail:
        if found := _labelled_date(line, max_chars):
            return found
    for match in _DATELINE.finditer(text):
        if match.group("date") and (found := parse_date(match.group("date"))):
            return found
    for line in tail:
        if len(line) <= max_chars and (found := parse_date(line)):
            return found
    return None


def outlet_from_host(host: str, text: str) -> str:
    """The outlet's name for a host: as the text spells it if it does, else the host's name."""
    label = host.lower().split(".")[-2] if host.count(".") >= 1 else host.lower()
    for match in re.finditer(r"[A-Z][\w&'’]*(?:[ \t]+[A-Z][\w&'’]*){0,3}", text):
        words = match.group().split()
        for start in range(len(words)):
            for end in range(len(words), start, -1):
                phrase = " ".join(words[start:end])
                if source_key(phrase) == label:
                    return phrase
    return host.lower()


def _find_outlet(text: str, head: list[str], tail: list[str]) -> str | None:
    # A labelled link ("News Link : https://…") first, then any link at the bottom.
    for match in _LINK_LABEL.finditer(text):
        url = _URL.search(text, match.end(), match.end() + 200)
        if url:
            return outlet_from_host(url.group("host"), text)
    for line in tail:
        url = _URL.search(line)
        if url:
            return outlet_from_host(url.group("host"), text)
    for line in head:
        site = _SITE_PREFIX.match(line)
        if site and not _DATELINE.match(line) and site.group("name").lower() not in _NOT_SOURCES:
            return site.group("name")
    dateline = _DATELINE.search(text)
    if dateline:
        return dateline.group("name").strip()
    return None


def _find_title(head: list[str], *, max_chars: int) -> str | None:
    candidates: list[tuple[int, str]] = []
    for n, line in enumerate(head):
        if parse_date(line) or _DATELINE.match(line) or _SITE_PREFIX.match(line):
            break  # the story has begun
        title = _SITE_SUFFIX.sub("", line)
        words = len(title.split())
        if 4 <= words <= 25 and not _SENTENCE_END.search(title) and not _URL.search(title):
            candidates.append((n, title))
    if not candidates:
        return None
    # A line just before a date line or a repeated line is the headline; else the first candidate.
    for n, title in candidates:
        following = head[n + 1] if n + 1 < len(head) else ""
        if (len(following) <= max_chars and parse_date(following)) or following == head[n]:
            return title
    return candidates[0][1]


def _matches(pattern: re.Pattern[str], needs: tuple[tuple[str, ...], ...], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that never crosses a line and whose every match
    holds a word of each group of ``needs``: only the lines holding them are searched.

    >>> [m.group() for m in _matches(re.compile(r"b\\w+"), (("b",),), "abc\\nxyz\\nbd be")]
    ['bc', 'bd', 'be']
    """
    lines: set[int] = set()
    for word in needs[0]:
        at = text.find(word)
        while at >= 0:
            lines.add(text.rfind("\n", 0, at) + 1)
            at = text.find(word, at + len(word))
    for start in sorted(lines):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if all(any(word in line for word in group) for group in needs[1:]):
            yield from pattern.finditer(text, start, end)


def _attributions(text: str) -> tuple[Attribution, ...]:
    found: dict[tuple[int, int], Attribution] = {}
    for match in _DATELINE.finditer(text):
        name = match.group("name").strip()
        start = match.start("place") if match.group("place") else match.start("name") - 1
        found[(start, match.end())] = Attribution(name, (start, match.end()))
    for pattern, needs in _ATTRIBUTION_PATTERNS:
        for match in _matches(pattern, needs, text):
            raw = match.group("name")
            name = _LEADING_WORD.sub("", _NAME_END.split(raw, maxsplit=1)[0].strip(" .'’"))
            if not name or source_key(name) in _NOT_SOURCES or name.lower() in _NOT_SOURCES:
                continue
            date = None
            if name != raw.strip(" .'’"):  # the sentence ended inside the match: stop at the name
                end = match.start("name") + raw.index(name) + len(name)
            else:
                end = match.end()
                carried = _CARRIED_DATE.match(text, end)
                if carried:
                    date, end = carried.group("date"), carried.end()
            span = (match.start(), end)
            if any(s <= span[0] < e or span[0] <= s < span[1] for s, e in found):
                continue  # one phrase, one attribution
            found[span] = Attribution(name, span, date)
    return tuple(found[span] for span in sorted(found))


def describe(
    text: str,
    *,
    head_lines: int = Settings.meta_head_lines,
    tail_lines: int = Settings.meta_tail_lines,
    max_date_chars: int = Settings.meta_max_date_chars,
) -> DocumentMeta:
    """The metadata a text states about itself (see the module docstring)."""
    lines = _lines(text)
    head, tail = lines[:head_lines], lines[-tail_lines:] if tail_lines > 0 else []
    return DocumentMeta(
        date=_find_date(text, head, tail, max_chars=max_date_chars),
        outlet=_find_outlet(text, head, tail),
        title=_find_title(head, max_chars=max_date_chars),
        attributions=_attributions(text),
        mixed_script=mixed_script_words(text),
    )
