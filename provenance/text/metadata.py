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

import bisect
import functools
import itertools
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from .._compiled import core as _core
from ..models import Attribution, DocumentMeta
from ..settings import Settings
from .normalize import mixed_script_words

__all__ = ["describe", "is_outlet", "outlet_from_host", "parse_date", "same_source", "source_key", "written_names"]

# Two far-apart defaults: a component the text does not give comes out different.
_DEFAULT_1 = datetime(1904, 1, 1, 0, 0)
_DEFAULT_2 = datetime(1908, 2, 2, 13, 37)
_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")

# A source's name: up to five capitalised words of at most 40 characters each.  The bound keeps
# every match attempt short: a name may start at any capital, and an unbounded word would let a
# 60 KB "A-A-A-…" line cost one scan to its end per capital.
_NAME = r"(?:[A-Z][\w&.'’-]{0,39})(?:[ \t]+(?:of[ \t]+|de[ \t]+|for[ \t]+|&[ \t]+)?[A-Z][\w&.'’-]{0,39}){0,4}"
_HOST = r"[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,3}\.[a-z]{2,24}\b"
"""A site named by its host after a credit phrase, as a reprint may write it ("first appeared on cbsnews.com")."""
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"


@dataclass(frozen=True, slots=True)
class _Deferred:
    """A pattern compiled when first searched, as ``re.compile(source, flags)``: a text searches only the phrases
    whose words it holds, so a check of one text compiles few of the phrases (compiling them all took
    35 ms of every start of the package); a scan compiles each once (:func:`_compile`)."""

    source: str
    """The pattern."""
    flags: int = 0
    """Its flags (``re.IGNORECASE``…)."""

    @property
    def compiled(self) -> re.Pattern[str]:
        """The pattern, compiled on the first call."""
        return _compile(self.source, self.flags)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        """``re.Pattern.finditer``."""
        return self.compiled.finditer(text, pos, endpos)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """``re.Pattern.match``."""
        return self.compiled.match(text, pos)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        """``re.Pattern.fullmatch``."""
        return self.compiled.fullmatch(text)


@functools.cache  # thread-safe: desk workers compiling one pattern at once each get a working one
def _compile(source: str, flags: int) -> re.Pattern[str]:
    """``re.compile``, once a pattern (re's own cache keeps 512 and may drop one of ours)."""
    return re.compile(source, flags)


_CARRIED_DATE = _Deferred(
    rf"[ \t]+on[ \t]+(?P<date>{_DAY}(?:,?[ \t]+{_MONTH}[ \t]+\d{{1,2}}(?:,?[ \t]+\d{{4}})?)?"
    rf"|{_MONTH}[ \t]+\d{{1,2}}(?:,?[ \t]+\d{{4}})?)"
)
# A dateline: "TEHRAN (Tasnim) –", "WASHINGTON, Jan 5 (Reuters) -", "(Reuters) -".
_DATELINE = re.compile(
    r"^[ \t]*+(?:(?P<place>[A-Z][A-Z .'’-]{1,40}?)(?:,[ \t]*+(?P<date>[^()\n]{3,40}?))?[ \t]*+)?"
    r"\((?P<name>[A-Z][\w .&'’-]{1,40}?)\)[ \t]*+[-–—]",
    re.MULTILINE,
)
# The same in any case and script, for agencies known by name only: "Berlin (dpa) -", "SÃO PAULO (Reuters) -"
# ("Boris Johnson (Conservative) -" is no dateline: its parenthesis names no outlet).
_LOOSE_DATELINE = re.compile(
    r"^[ \t]*+(?:(?P<place>[^\W\d_][\w .'’-]{1,40}?)(?:,[ \t]*+(?P<date>[^()\n]{3,40}?))?[ \t]*+)?"
    r"\((?P<name>[^\W\d_][\w .&'’-]{1,40}?)\)[ \t]*+[-–—]",
    re.MULTILINE,
)
# "Islam Times - A key component…": a site name heading the first paragraph.
# The story must follow on the same line, so headings ("Airport - Departures") are not site names.
_SITE_PREFIX = re.compile(
    r"^[ \t]*(?P<name>[A-Z][\w&.'’]*(?:[ \t]+[A-Z][\w&.'’]*){0,3})[ \t]+[-–—][ \t]+(?=[^\n]{60})[A-Z\"“]"
)
_NAME_END = re.compile(r"\.(?=\s|[A-Z][a-z])")
"""A full stop that ends a sentence inside a matched name ("Forestry.Over", "Press. Tom")."""
_LABEL_DATE = re.compile(
    r"\b(?:date|dated|published|posted|updated|veröffentlicht|aktualisiert|publicado|atualizado|actualizado"
    r"|publié|pubblicato|aggiornato)\b[ \t]*(?:on|am|em|el|le|il)?[ \t]*[:\-–]?[ \t]*",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://(?:www\.)?(?P<host>[a-z0-9-]+(?:\.[a-z0-9-]+)+)", re.IGNORECASE)
_BYLINE = re.compile(r"(?:By|BY|by)[ \t]+[A-Z]")
_NOT_OUTLET_HOSTS = frozenset(
    {"t.co", "bit.ly", "goo.gl", "ow.ly", "buff.ly", "dlvr.it", "tinyurl.com", "lnkd.in", "fb.me", "wp.me", "youtu.be"}
    | {"twitter.com", "pic.twitter.com", "x.com", "facebook.com", "instagram.com", "youtube.com", "tiktok.com"}
)
"""Hosts of short links and social sites: a link to one (an embedded post's) tells nothing of the outlet."""
_LINK_LABEL = re.compile(r"\b(?:news link|link|source|url)\b\s*:", re.IGNORECASE)
_LINK_WORD = re.compile(r"\b(?:link|source|url)\Z", re.IGNORECASE)
"""The word of a link label, ending where its colon's white space begins ("news link" ends in "link")."""
_LABEL_HINTS = ("date", "publ", "posted", "veröff", "aktual", "atualiz", "actualiz", "pubb", "aggiorn")
"""A label date's label holds one of these once case-folded ("updated" holds "date"; "ſ" folds to "s")."""
_LABEL_HINT = re.compile("|".join(map(re.escape, _LABEL_HINTS)))
"""Any of :data:`_LABEL_HINTS`: one search of a line rather than one ``in`` a hint."""
_SENTENCE_END = re.compile(r"[.!?\"”’:;,]$")
_SITE_SUFFIX = re.compile(r"(?<![ \t])[ \t]++[|][ \t]++[^|]{1,40}$")
"""" | Site name" ending a title: tried once a run of blanks (a try from each blank of a 100 KB run read the
rest of it each time: 25 s at 200 KB)."""
_WORD = re.compile(r"\w+")
# A capitalised conjunction starting a sentence is not part of the name after it ("As Islam Times reported").
_LEADING_WORD = re.compile(r"^(?:As|And|But|While|When|Since|Because|If|Although|Though|Yet|So|Then|Also)[ \t]+")

# Where a text names a source: the phrases below.  Each comes with the words any match of it contains
# (one of each group, the rarest group first) and a rule saying when the phrase is a *source credit* (the
# text says where its story came from: a dateline or byline agency, "Source: X", "first appeared in X",
# "X reported" or "according to X" for a news outlet X) rather than an *in-story attribution* (a person, a
# government, an institution saying something: "the US military said", "according to the United Nations"):
#
# - ``always``: a credit whatever the name ("Source: X", "originally published in X");
# - ``outlet``: a credit when the name is a news outlet (:func:`outlet_name`), else a mention;
# - ``outlet-only``: a credit when the name is a news outlet, else nothing (the phrase is common in
#   stories: "Abernathy reports that", "Copyright 2008 Nelsen Funeral Home");
# - ``appeared``: "originally appeared in X" is a credit; "first appeared in X" only for an outlet or a
#   text ("This story first appeared in …"), so "cases first appeared in West Michigan" is a mention;
# - ``published``: a credit for a known outlet, or for an outlet-shaped name when a text is what was
#   published ("an article published by …"), so "published by The Brass Press" (a book) is a mention;
# - ``aired``: "carried/aired/broadcast/posted on X" is a credit only for an outlet after a text ("an
#   interview aired on CNN"), so "the debate, carried on MSNBC" is a mention;
# - ``mention``: always a mention ("Tottenham said in a statement").
#
# ``name`` is the source; ``also`` a second one ("NBC News and Bloomberg have reported"); ``of`` the outlet
# a named person works for ("Sui-Lee Wee of the New York Times"); ``date`` is looked for after the name.
# No pattern crosses a line, so only the lines holding their words are searched (most lines hold none, and
# a pattern that may start at any capital costs a scan of all of them).
_CUE = (
    r"(?:news[ \t]+agency|news[ \t]+site|news[ \t]+website|news[ \t]+outlet|newspaper|daily|tabloid|broadcaster"
    r"|magazine|wire[ \t]+service|TV|television|radio)"
)
_OF = rf"(?:[ \t]+of[ \t]+(?:the[ \t]+)?(?P<of>{_NAME}))?"
_ALSO = rf"(?:,?[ \t]+and[ \t]+(?:the[ \t]+)?(?P<also>{_NAME}))?"
_REPORTED_AT = r"(?=[ \t]*[.,;]|[ \t]+on[ \t])"
_ATTRIBUTION_PATTERNS: tuple[tuple[_Deferred, tuple[tuple[str, ...], ...], str], ...] = (
    (
        _Deferred(
            # capitalised too: a credit line opens with it ("Originally published by CBS News.")
            r"\b(?P<how>[Oo]riginally|[Ff]irst)[ \t]+(?:appeared|published|ran|posted)[ \t]+(?:in|on|by|at)[ \t]+"
            rf"(?:the[ \t]+|www\.)?(?P<name>{_NAME}|{_HOST})"
        ),
        (("riginally", "irst"), ("appeared", "published", "ran", "posted")),
        "appeared",
    ),
    (
        _Deferred(
            r"\b[Tt]his[ \t]+(?:article|story|post|listing|list|piece|review|report|essay|column|text|content|material"
            r"|feature|interview|entry|page|excerpt|version)[ \t]+(?:is|was)"
            rf"[ \t]+(?:(?:taken|adapted|excerpted|reprinted|republished)[ \t]+)?"
            rf"from[ \t]+(?:the[ \t]+)?(?P<name>{_NAME})"
        ),
        (("his",), ("from",)),
        "always",
    ),
    # Reprint lines: "Reprinted with permission from Kaiser Health News", "A version of this story appeared in
    # The Guardian", "Read the original story on Axios", "(With inputs from PTI)", "This story was produced
    # by ProPublica" (a person who wrote it is no credit: "byline" keeps outlets only).
    (
        _Deferred(
            r"\b(?:[Rr]eprinted|[Rr]epublished|[Rr]eproduced)[ \t]+with[ \t]+permission[ \t]+(?:from|of|by)[ \t]+"
            rf"(?:the[ \t]+)?(?P<name>{_NAME})"
        ),
        (("permission",),),
        "always",
    ),
    (
        _Deferred(
            r"\b[Aa][ \t]+version[ \t]+of[ \t]+this[ \t]+(?:story|article|report|piece|post)[ \t]+"
            r"(?:(?:first|originally)[ \t]+)?(?:appeared|ran|was[ \t]+published)[ \t]+(?:in|on|at|by)[ \t]+"
            rf"(?:the[ \t]+)?(?P<name>{_NAME})"
        ),
        (("version",),),
        "always",
    ),
    (
        _Deferred(
            rf"\b[Rr]ead[ \t]+the[ \t]+original[ \t]+(?:story|article|post|report)[ \t]+(?:on|at|in)[ \t]+"
            rf"(?:the[ \t]+)?(?P<name>{_NAME})"
        ),
        (("original",),),
        "always",
    ),
    (
        _Deferred(rf"\b[Ww]ith[ \t]+inputs?[ \t]+from[ \t]+(?:the[ \t]+)?(?P<name>{_NAME})"),
        (("input",),),
        "byline",
    ),
    (
        _Deferred(
            r"\b[Tt]his[ \t]+(?:story|article|report|piece)[ \t]+was[ \t]+(?:produced|reported|written)[ \t]+by[ \t]+"
            rf"(?:the[ \t]+)?(?P<name>{_NAME})"
        ),
        (("produced", "reported", "written"),),
        "byline",
    ),
    (
        _Deferred(rf"\bpublished[ \t]+(?:by|on|in)[ \t]+(?:the[ \t]+)?(?P<name>{_NAME})"),
        (("published",),),
        "published",
    ),
    (
        _Deferred(rf"\b(?:reported|quoted)[ \t]+(?:by|on|in)[ \t]+(?:the[ \t]+)?(?P<name>{_NAME})"),
        (("reported", "quoted"),),
        "outlet",
    ),
    (
        _Deferred(rf"\b(?:carried|posted|broadcast|aired)[ \t]+by[ \t]+(?:the[ \t]+)?(?P<name>{_NAME})"),
        (("carried", "posted", "broadcast", "aired"), ("by",)),
        "outlet",
    ),
    (
        _Deferred(rf"\b(?:carried|posted|broadcast|aired)[ \t]+(?:on|in)[ \t]+(?:the[ \t]+)?(?P<name>{_NAME})"),
        (("carried", "posted", "broadcast", "aired"),),
        "aired",
    ),
    (
        _Deferred(
            r"\b[Aa]ccording[ \t]+to[ \t]+(?:(?:an?|the)[ \t]+(?:(?:new|recent|latest)[ \t]+)?"
            r"(?:report|statement|press[ \t]+release|release|article|story|interview)s?[ \t]+"
            rf"(?:by|in|from|on|with)[ \t]+|reports?[ \t]+(?:by|in|from|on)[ \t]+)?"
            rf"(?:the[ \t]+)?(?:(?:[A-Z][\w-]{{0,39}}[ \t]+)?(?P<cue>{_CUE})[ \t]+)?(?P<name>{_NAME}){_OF}{_ALSO}"
        ),
        (("according", "According"),),
        "outlet",
    ),
    (
        _Deferred(
            r"\b[Aa]ccording[ \t]+to[ \t]+(?:an?|the)[ \t]+(?:(?:new|recent|latest)[ \t]+)?"
            rf"(?P<name>{_NAME})[ \t]+(?:report|article|story|analysis|investigation|interview|tally|count)\b"
        ),
        (("according", "According"),),
        "outlet-only",
    ),
    (
        _Deferred(
            rf"(?<![\w.])(?:the[ \t]+)?(?P<name>{_NAME})[ \t]+said[ \t]+in[ \t]+a[ \t]+(?:press[ \t]+release|statement)"
        ),
        (("release", "statement"), ("said",)),
        "mention",
    ),
    (
        _Deferred(
            rf"\btold[ \t]+(?:the[ \t]+)?(?:(?:[A-Z][\w-]{{0,39}}[ \t]+)?(?P<cue>{_CUE})[ \t]+)?(?P<name>{_NAME})"
        ),
        (("told",),),
        "outlet",
    ),
    (
        _Deferred(
            r"\b(?:Source|Courtesy|Via|Quelle|Fonte|Fuente)[ \t]*:[ \t]*"
            r"(?:(?:[Aa]dapted|[Ee]xcerpted|[Tt]aken|[Rr]eprinted)[ \t]+from[ \t]+)?"
            rf"(?:the[ \t]+)?(?P<name>{_NAME})"
        ),
        (("Source", "Courtesy", "Via", "Quelle", "Fonte", "Fuente"), (":",)),
        "source",
    ),
    (
        # an agency written in lower case, as its own style has it ("Quelle: dpa", "Source: afp")
        _Deferred(r"\b(?:Source|Quelle|Fonte|Fuente)[ \t]*:[ \t]*(?P<name>[a-z]{2,6})\b(?![ \t]*[\w-])"),
        (("Source", "Quelle", "Fonte", "Fuente"), (":",)),
        "byline",
    ),
    (
        _Deferred(
            rf"(?<![\w.])(?:the[ \t]+)?(?P<name>{_NAME}){_OF}(?:[ \t]+(?P<cue>{_CUE}))?"
            rf"[ \t]+(?:reports|reported){_REPORTED_AT}"
        ),
        (("report",),),
        "outlet",
    ),
    (
        _Deferred(
            rf"(?<![\w.])(?:the[ \t]+)?(?P<name>{_NAME}){_OF}{_ALSO}(?:[ \t]+(?P<cue>{_CUE}))?"
            r"[ \t]+(?:(?:has|have|had)[ \t]+)?(?:reports|reported|writes|wrote)\b"
        ),
        (("report", "wr"),),
        "outlet-only",
    ),
    (
        _Deferred(rf"\b(?:reports|reported|writes|wrote)[ \t]+(?:for[ \t]+)?(?:the[ \t]+)?(?P<name>{_NAME})"),
        (("report", "wr"),),
        "outlet-only",
    ),
    (
        _Deferred(
            rf"\b(?:[Aa]n?|[Tt]he)[ \t]+(?P<name>{_NAME})[ \t]+(?:reporter|journalist|correspondent|photographer)"
        ),
        (("reporter", "journalist", "correspondent", "photographer"),),
        "outlet-only",
    ),
    (
        _Deferred(
            # No two white-space runs side by side ("[ \t]*©?[ \t]*"): a long run would be split every way.
            r"(?:©|\([Cc]\)|Copyright|COPYRIGHT)[ \t]*(?:©[ \t]*)?"
            r"(?:\d{4}(?:[ \t]*[-–][ \t]*\d{4})?[ \t]*(?:,[ \t]*)?)?"
            rf"(?:by[ \t]+)?(?:the[ \t]+)?(?P<name>{_NAME})"
        ),
        (("©", "Copyright", "COPYRIGHT", "(c)", "(C)"),),
        "byline",
    ),
    (
        _Deferred(
            rf"(?:^[ \t]*(?:By|BY)|\binterview[ \t]+with|\bciting)[ \t]+(?:the[ \t]+)?(?P<name>{_NAME})",
            re.MULTILINE,
        ),
        (("By", "BY", "interview", "citing"),),
        "outlet-only",
    ),
    # "Reporting by Reuters" under a reprint: who reported the story, as a dateline says, wherever it stands
    # ("Reporting by Jane Doe; Editing by …" names people: no credit).
    (
        _Deferred(rf"\b[Rr]eporting[ \t]+by[ \t]+(?:the[ \t]+)?(?P<name>{_NAME})"),
        (("eporting",),),
        "byline",
    ),
    (
        _Deferred(rf"(?<![\w.])(?:the[ \t]+)?(?P<name>{_NAME})[ \t]+contributed[ \t]+to[ \t]+this[ \t]+\w+"),
        (("contributed",),),
        "byline",
    ),
)
_NOT_SOURCES = frozenset(
    {"he", "she", "it", "they", "we", "i", "the", "a", "an", "this", "that", "monday", "tuesday", "wednesday"}
    | {"thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july"}
    | {"august", "september", "october", "november", "december", "in", "on", "at", "adapted", "see", "by"}
    # a newsroom's own staff ("By Staff Reporter", "By News Desk"), no source another text could share
    | {"staff", "staff reporter", "staff writer", "staff writers", "news desk", "web desk", "desk", "newsdesk"}
)
# A text, as what was published or aired ("an article published by …", "an interview aired on …").
_TEXT_BEFORE = re.compile(
    r"\b(?:article|story|report|piece|column|op-ed|editorial|interview|statement|commentary|essay|review|post"
    r"|video|remarks|comments|letter|version|feature|dispatch|text)s?\b[^.!?\n]{0,40}$",
    re.IGNORECASE,
)
# News outlets by name: wire and national news agencies, broadcasters, and newspapers, magazines and news
# sites read around the world (a general list, compared folded and whole: "AP" is not "Apple").  Outlets of
# another shape are recognised by their name ("… Times", "… News") or a word beside it ("the daily …").
_KNOWN_OUTLETS = frozenset(
    {"Reuters", "AP", "Associated Press", "AFP", "Agence France-Presse", "UPI", "United Press International"}
    | {"Bloomberg", "Dow Jones", "DPA", "EFE", "ANSA", "Kyodo", "Yonhap", "Xinhua", "TASS", "RIA Novosti", "RIA"}
    | {"Interfax", "Sputnik", "Ruptly", "Anadolu", "Tasnim", "IRNA", "ISNA", "Fars", "Mehr", "Press TV", "Al Manar"}
    | {"Al Alam", "Al Jazeera", "Al Arabiya", "WAM", "SPA", "MENA", "KUNA", "QNA", "PTI", "IANS", "ANI", "Bernama"}
    | {"Antara", "AAP", "Ukrinform", "UNIAN", "BelTA", "KCNA", "CGTN", "CCTV", "BBC", "ITV", "CNN", "MSNBC", "CNBC"}
    | {"NBC", "ABC", "CBS", "PBS", "NPR", "CBC", "CTV", "RTE", "RAI", "ARD", "ZDF", "DW", "Deutsche Welle", "RFI"}
    | {"France 24", "Euronews", "NHK", "KBS", "RT", "TRT", "Kan", "Haaretz", "Wall Street Journal", "WSJ"}
    | {"USA Today", "Financial Times", "FT", "Daily Mail", "MailOnline", "Economist", "Newsweek", "Politico", "Axios"}
    | {"Vox", "BuzzFeed", "HuffPost", "Huffington Post", "Deadline", "Variety", "Rolling Stone", "New Yorker"}
    | {"Wired", "TechCrunch", "Engadget", "Forbes", "Fortune", "Business Insider", "Fast Company", "ProPublica"}
    | {"Le Monde", "Le Figaro", "Der Spiegel", "Spiegel", "Bild", "El País", "Corriere della Sera", "Asahi"}
    | {"Yomiuri", "Nikkei", "Izvestia", "Kommersant", "Pravda", "Dawn", "Hurriyet", "Yeni Safak", "Kayhan"}
    # national agencies whose datelines open stories in their languages ("Lisboa (Lusa) -", "Wien (APA) -")
    | {"Lusa", "Agência Brasil", "Europa Press", "APA", "Belga", "ANP", "NTB", "Ritzau", "STT", "CTK", "PAP"}
    | {"MTI", "Tanjug", "HINA", "Jiji", "KNA", "EPD", "SDA", "Keystone-SDA", "AGI", "Adnkronos", "Notimex"}
)
# Common words that name an outlet only with "the" before them ("told The Hill", never "told Hill").
_KNOWN_WITH_THE = frozenset({"hill", "wrap", "verge", "atlantic", "guardian", "independent", "sun", "intercept"})
# A last word that makes a name an outlet ("New York Times", "Hollywood Reporter", "Investor's Business Daily").
_OUTLET_LAST_WORDS = frozenset(
    {"Times", "Post", "Herald", "Tribune", "Telegraph", "Guardian", "Gazette", "Chronicle", "Observer", "Examiner"}
    | {"Courier", "Sentinel", "Ledger", "Mirror", "Inquirer", "Dispatch", "Reporter", "Daily", "Weekly", "Magazine"}
    | {"Press", "Newspaper", "Newswire", "Wire", "TV", "Television", "Radio", "Broadcasting", "Mail", "Express"}
    | {"Globe", "Register", "Telegram"}
)
# Outlets whose name has no other common meaning, so their name heading a longer one is theirs ("Reuters
# Health", "Bloomberg News' German service"); initials of a known outlet count so too ("CBS DFW").
_DISTINCT_OUTLETS = frozenset(
    {"reuters", "bloomberg", "xinhua", "sputnik", "tasnim", "anadolu", "interfax", "ruptly", "yonhap", "kyodo"}
    | {"newsweek", "politico", "axios", "buzzfeed", "huffpost", "techcrunch", "engadget", "propublica", "euronews"}
)
# Words after an outlet's name that are not part of it ("Tasnim News Agency", "Reuters Staff").
_GENERIC_TAIL = frozenset({"agency", "news", "newspaper", "tv", "television", "radio", "online", "staff", "service"})
# A country or a nationality alone is no outlet's name, even before "newspaper" ("The UK newspaper reported",
# "told US media").
_PLACES = frozenset(
    {"us", "usa", "uk", "eu", "un", "american", "british", "english", "french", "german", "russian", "chinese"}
    | {"japanese", "iranian", "israeli", "turkish", "indian", "pakistani", "saudi", "syrian", "iraqi", "afghan"}
    | {"ukrainian", "italian", "spanish", "canadian", "australian", "korean", "arab", "egyptian", "qatari", "lebanese"}
    | {"palestinian", "mexican", "brazilian", "polish", "dutch", "swiss", "swedish", "greek", "irish", "scottish"}
    | {"european", "western", "local", "state", "national", "regional", "foreign", "international", "official"}
)
_NEWS_WORD = re.compile(r"News(?![a-z])")
_POSSESSIVE = re.compile(r"['’]s?$")
_TRAILING_ARTICLE = re.compile(r"(?:[ \t]+(?:The|A|An))+$")


def source_key(name: str) -> str:
    """A name folded for comparison: case, spaces, punctuation and "the" removed.

    >>> source_key("The Islam Times") == source_key("islamtimes.com")
    True
    >>> source_key("The Associated Press") == source_key("AP") == source_key("ap.org")
    True
    """
    folded = name.lower()
    folded = re.sub(r"\.(com|org|net|co|gov|edu|ir|ru|tr|uk|fr|ca|info|news)\b.*$", "", folded)
    folded = re.sub(r"^the\s+", "", folded)
    key = "".join(_WORD.findall(folded)).replace("_", "")
    return _ALIASES.get(key, key)


_MIN_PREFIX = 4
"""A folded name shorter than this must match exactly (no "ap" inside "apple")."""


def same_source(one: str, other: str) -> bool:
    """Folded names (:func:`source_key`) that name one source: equal, or one a prefix of the other ("tasnim",
    "tasnimnewsagency").

    >>> same_source(source_key("Tasnim"), source_key("Tasnim News Agency")), same_source("ap", "apple")
    (True, False)
    """
    if not one or not other:
        return False
    if one == other:
        return True
    short, long = sorted((one, other), key=len)
    return long.startswith(short) and len(short) >= _MIN_PREFIX


_ALIASES = {
    "associatedpress": "ap",
    "apnews": "ap",
    "agencefrancepresse": "afp",
    "russiatoday": "rt",
    "rtinternational": "rt",
    "rtnews": "rt",
    "thomsonreuters": "reuters",
    "deutschepresseagentur": "dpa",
    "unitedpressinternational": "upi",
    "islamicrepublicnewsagency": "irna",
    "britishbroadcastingcorporation": "bbc",
    "bbcnews": "bbc",
}
"""Folded names of one wire or broadcaster written out or abbreviated ("Associated Press" and "AP"); names
that share a start of four letters or more match without a listing (:func:`same_source`: "Tasnim News Agency")."""

_WRITTEN: dict[str, tuple[str, ...]] = {}
"""Folded name → every known outlet name with that key, in sorted order ("ap" → "AP", "Associated Press")."""
for _name in sorted(_KNOWN_OUTLETS):
    _WRITTEN[source_key(_name)] = (*_WRITTEN.get(source_key(_name), ()), _name)


def written_names(name: str) -> tuple[str, ...]:
    """``name`` and the other ways a text writes the same known outlet (``source_key`` equal): a credit of
    the outlet ``ap.org`` or of the licensed "AP" may be written "Associated Press" ("By ZEKE MILLER,
    Associated Press"), which no search for "AP" finds.

    >>> written_names("ap.org"), written_names("AFP"), written_names("Daily Planet")
    (('ap.org', 'AP', 'Associated Press'), ('AFP', 'Agence France-Presse'), ('Daily Planet',))
    """
    return (name, *(other for other in _WRITTEN.get(source_key(name), ()) if other != name))


_NUMERIC_DATE = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2\d{2,4}\b")
# "GMT+5": UTC+5 to its writer, UTC-5 to dateutil (POSIX's sign): no offset rather than a wrong one.
_NAMED_OFFSET = re.compile(r"\b(?:GMT|UTC)[ \t]*[+-]", re.IGNORECASE)
_UTC_NAMES = frozenset({"UTC", "GMT", "Z"})


def _zone(name: str | None, offset: int | None) -> tzinfo | None:
    """The zone of a numeric offset ("+05:00", "+0500") or of UTC by name ("Z", "UTC", "GMT"); None for any
    other name ("EST" is three zones' abbreviation), so the time stays as written.  Passed to dateutil, it
    also keeps dateutil from reading a name that is the machine's own zone as local time."""
    if offset is not None and name is None:
        return timezone(timedelta(seconds=offset))
    if offset == 0 and name is not None and name.upper() in _UTC_NAMES:
        return UTC
    return None


def parse_date(text: str) -> str | None:
    """``text`` as an ISO 8601 date or date-time when all of it is one full date.

    A date needs a year, a month and a day: a weekday alone or "October 2020" is not one.  A time with a
    UTC offset is given in UTC (the form of every declared date: HTML, front matter, JSON Lines), so
    texts of two time zones are ordered by the hour; a time without one stays as written.

    >>> parse_date("September 20, 2023 at 3:17 pm"), parse_date("2025-01-16"), parse_date("Wednesday")
    ('2023-09-20T15:17', '2025-01-16', None)
    >>> parse_date("2019-11-20T13:00:00+05:00"), parse_date("2019-11-20T13:00Z")
    ('2019-11-20T08:00', '2019-11-20T13:00')
    >>> parse_date("12.08.2018"), parse_date("30/09/2018"), parse_date("9/30/2018"), parse_date("01/10/2018")
    ('2018-08-12', '2018-09-30', '2018-09-30', None)
    """
    text = text.strip()
    if not text or not _YEAR.search(text):
        return None
    # Numeric dates: "12.08.2018" is day first wherever it is written; "01/10/2018" is 10 January in the US
    # and 1 October in Europe, so, with both numbers 12 or under, no date (a wrong date orders a pair
    # wrongly; none leaves the order to other evidence); "30/09/2018" can only be day first.
    numeric = _NUMERIC_DATE.match(text)
    dayfirst = False
    if numeric:
        one, sep, two = int(numeric.group(1)), numeric.group(2), int(numeric.group(3))
        if sep == "." or one > 12:
            dayfirst = True
        elif two <= 12 and one != two:
            return None
    from dateutil import parser as date_parser  # 10 ms of imports, for the few texts with a date line

    ignoretz = _NAMED_OFFSET.search(text) is not None
    try:
        first = date_parser.parse(text, default=_DEFAULT_1, dayfirst=dayfirst, tzinfos=_zone, ignoretz=ignoretz)
        second = date_parser.parse(text, default=_DEFAULT_2, dayfirst=dayfirst, tzinfos=_zone, ignoretz=ignoretz)
    except (ValueError, OverflowError):
        return None
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None
    if (first.hour, first.minute) == (second.hour, second.minute):
        if first.tzinfo is not None:
            first = first.astimezone(UTC)
        return first.strftime("%Y-%m-%dT%H:%M")
    return first.strftime("%Y-%m-%d")


def _labelled_date(line: str, max_chars: int) -> str | None:
    """The date after a label ("date 2025-01-16 The Kremlin…"): the longest prefix that parses."""
    folded = line.casefold()
    if _LABEL_HINT.search(folded) is None:
        return None  # no label: the case-blind scan below is the slow part of a line without one
    for match in _LABEL_DATE.finditer(line):
        words = line[match.end() : match.end() + max_chars].split()
        for n in range(min(len(words), 7), 0, -1):
            found = parse_date(" ".join(words[:n]))
            if found:
                return found
    return None


def _named_date(line: str) -> str | None:
    """The date of a head line naming an outlet or a place, then the date: "Daily Orbit, November 20, 2019".

    >>> _named_date("Daily Orbit, November 20, 2019"), _named_date("He said, November 20, 2019, it rained")
    ('2019-11-20', None)
    """
    name, comma, rest = line.partition(",")
    if not comma or not 1 <= len(name.split()) <= 4 or not name[:1].isupper():
        return None
    return parse_date(rest)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _find_date(
    text: str, head: list[str], tail: list[str], datelines: list[re.Match[str]], *, max_chars: int
) -> str | None:
    for line in head:
        if len(line) <= max_chars and (found := parse_date(line)):
            return found
    for line in head:
        if len(line) <= max_chars and (found := _named_date(line)):
            return found
    for line in head + tail:
        if found := _labelled_date(line, max_chars):
            return found
    for match in datelines:
        if match.group("date") and (found := parse_date(match.group("date"))):
            return found
    for line in tail:
        if len(line) <= max_chars and (found := parse_date(line)):
            return found
    return None


def outlet_from_host(host: str, text: str) -> str:
    """The outlet's name for a host: as the text spells it if it does, else the host's name."""
    return outlets_from_hosts([host], text)[host]


def _label(host: str) -> str:
    return host.lower().split(".")[-2] if host.count(".") >= 1 else host.lower()


def outlets_from_hosts(hosts: Sequence[str], text: str) -> dict[str, str]:
    """:func:`outlet_from_host` of each of ``hosts``, in one pass over the text's capitalised phrases (a pass
    a host made 16 credited addresses in a 1 MB text take 18 s).

    >>> outlets_from_hosts(["www.cbsnews.com", "x.org"], "Watch CBS News tonight.")
    {'www.cbsnews.com': 'CBS News', 'x.org': 'x.org'}
    """
    wanted = {_label(host) for host in hosts}
    found: dict[str, str] = {}
    for match in re.finditer(r"[A-Z][\w&'’]*(?:[ \t]+[A-Z][\w&'’]*){0,3}", text):
        if len(found) == len(wanted):
            break
        words = match.group().split()
        for start in range(len(words)):
            for end in range(len(words), start, -1):
                phrase = " ".join(words[start:end])
                key = source_key(phrase)
                if key in wanted and key not in found:
                    found[key] = phrase
    return {host: found.get(_label(host), host.lower()) for host in hosts}


def link_label_ends(text: str) -> Iterator[int]:
    """Where each match of ``_LINK_LABEL`` ends, in text order: found from the colons, which every
    match ends with and no match holds elsewhere, instead of a case-blind scan of every position.

    >>> text = "News Link : https://x.org. Source:a, url\\t: b, resource: c, link\\n:"
    >>> list(link_label_ends(text)), [m.end() for m in _LINK_LABEL.finditer(text)]
    ([11, 34, 42, 65], [11, 34, 42, 65])
    """
    colon = text.find(":")
    while colon >= 0:
        start = colon
        while start > 0 and text[start - 1].isspace():  # re's \s is str.isspace; runs end at a colon
            start -= 1
        if _LINK_WORD.search(text, max(0, start - 6), start):
            yield colon + 1
        colon = text.find(":", colon + 1)


def _find_outlet(text: str, head: list[str], tail: list[str], dateline: re.Match[str] | None) -> str | None:
    """The outlet a link, a site-name line or a masthead above the ``dateline`` names: the text's own (None
    when only the dateline would name one; :func:`describe` reads it then)."""
    # A labelled link ("News Link : https://…") first, then any link at the bottom.
    for end in link_label_ends(text):
        url = _URL.search(text, end, end + 200)
        if url:
            return outlet_from_host(url.group("host"), text)
    for line in tail:
        if "://" not in line:
            continue  # no address: every address (_URL) holds one
        # Another page's address, credited, is not the text's own (the credit's address starts "http").
        credited = {match.end() for match in _CREDIT_URL.finditer(line)} if "http" in line else set()
        for url in _URL.finditer(line):  # a post's short link (t.co) or a social site names no outlet
            if url.group("host").lower() not in _NOT_OUTLET_HOSTS and url.start() not in credited:
                return outlet_from_host(url.group("host"), text)
    for line in head:
        site = _SITE_PREFIX.match(line)
        # A possessive ("Vienna's Musikverein – …") starts a sentence, never a site's name.
        possessive = site is not None and re.search(r"['’]s\b", site.group("name")) is not None
        if site and not possessive and not _dateline_at(line) and site.group("name").lower() not in _NOT_SOURCES:
            name = site.group("name")
            if name.isupper() and not is_outlet(name):  # "WASHINGTON —": a city's dateline, no outlet
                continue
            return name
    if dateline:
        # a masthead above the dateline ("Farm Weekly", then "NEW YORK (Reuters) -") is the reprint's outlet:
        # the dateline credits the agency whose story it runs
        return _masthead(head, dateline.group("name").strip())
    return None


_MASTHEAD = _Deferred(r"(?:The[ \t]+)?(?:[A-Z][\w&'’-]*[ \t]+){0,3}[A-Z][\w&'’-]*")
"""A masthead line: one to four capitalised words after any "The", nothing else ("Farm Weekly", "The New York
Times"); a headline in title case is longer ("Stocks Slide In Tough Times")."""
_SECTION_WORDS = frozenset(
    {"world", "business", "top", "latest", "breaking", "local", "national", "international", "sports", "sport"}
    | {"tech", "technology", "politics", "health", "science", "entertainment", "more", "related", "markets"}
    | {"market", "money", "economy", "financial", "finance", "weather", "opinion", "us", "uk", "world's"}
)
"""Words of a section label ("World News", "Business News"): a page's heading, never its outlet's name."""


def _masthead(head: list[str], agency: str) -> str | None:
    """The outlet a line above the dateline names, alone on its line, other than the dateline's ``agency``."""
    for line in head:
        if _dateline_at(line):
            return None  # the story has begun
        if not _MASTHEAD.fullmatch(line) or _BYLINE.match(line) or not is_outlet(line):
            continue  # "By The Associated Press" is the agency's byline, no masthead
        words = line.split()
        section = words[-1] == "News" and all(w.lower() in _SECTION_WORDS for w in words[:-1])
        if not section and not same_source(source_key(line), source_key(agency)):
            return line
    return None


def _find_title(head: list[str], *, max_chars: int) -> str | None:
    candidates: list[tuple[int, str]] = []
    for n, line in enumerate(head):
        named = len(line) <= max_chars and _named_date(line)
        if parse_date(line) or named or _dateline_at(line) or _SITE_PREFIX.match(line):
            break  # the story has begun ("Daily Orbit, November 21, 2019" is a date line too)
        title = _SITE_SUFFIX.sub("", line)
        words = title.split()
        if _BYLINE.match(title):
            continue  # "By Staff, Gulf Wire": who wrote it, not what it is called
        # Three words make a headline only in headline case ("Oil Prices Rise"), never a label ("Skip to content").
        shaped = 4 <= len(words) <= 25 or (len(words) == 3 and all(w[:1].isupper() for w in words))
        if shaped and not _SENTENCE_END.search(title) and not _URL.search(title):
            candidates.append((n, title))
    if not candidates:
        return None
    # A line just before a date line or a repeated line is the headline; else the first candidate.
    for n, title in candidates:
        following = head[n + 1] if n + 1 < len(head) else ""
        if (len(following) <= max_chars and parse_date(following)) or following == head[n]:
            return title
    return candidates[0][1]


def _lines_holding(word: str, text: str) -> set[int]:
    """The starts of the lines of ``text`` that hold ``word``."""
    lines: set[int] = set()
    at = text.find(word)
    while at >= 0:  # one hit a line: each rfind looks back only within its line (linear)
        lines.add(text.rfind("\n", 0, at) + 1)
        next_line = text.find("\n", at) + 1
        at = text.find(word, next_line) if next_line else -1
    return lines


def _matches(
    pattern: re.Pattern[str] | _Deferred,
    needs: tuple[tuple[str, ...], ...],
    text: str,
    found: dict[str, set[int]] | None = None,
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that never crosses a line and whose every match
    holds a word of each group of ``needs``: only the lines holding them are searched.  ``found``
    keeps the lines of each word looked for, for the next pattern over the same text.

    >>> [m.group() for m in _matches(re.compile(r"b\\w+"), (("b",),), "abc\\nxyz\\nbd be")]
    ['bc', 'bd', 'be']
    """
    found = {} if found is None else found
    for word in (word for group in needs for word in group if word not in found):
        found[word] = _lines_holding(word, text)
    lines = set().union(*(found[word] for word in needs[0]))
    for group in needs[1:]:
        lines.intersection_update(set().union(*(found[word] for word in group)))
    for start in sorted(lines):
        end = text.find("\n", start)
        yield from pattern.finditer(text, start, len(text) if end < 0 else end)


_NEEDED = tuple(dict.fromkeys(word for _, needs, _ in _ATTRIBUTION_PATTERNS for group in needs for word in group))
"""Every word the attribution phrases need, once."""


def _lines_needed(text: str) -> dict[str, set[int]]:
    """The lines of ``text`` holding each word of :data:`_NEEDED` (:func:`_lines_holding`), found in one
    pass of the compiled core over the text for them all, instead of a ``str.find`` scan a word (none found
    here without the core: :func:`_matches` finds each as it needs it)."""
    if _core is None:
        return {}
    return dict(zip(_NEEDED, map(set, _core.lines_holding(text, _NEEDED)), strict=True))


def _known_keys() -> frozenset[str]:
    return frozenset(source_key(name) for name in _KNOWN_OUTLETS)


_KNOWN_KEYS = _known_keys()
_CUE_AFTER = re.compile(rf"[ \t]+{_CUE}\b|,[ \t]+(?:an?|the)[ \t]+(?:[\w-]+[ \t]+){{0,3}}?{_CUE}\b")


def is_outlet(name: str, *, with_the: bool = False) -> bool:
    """Whether ``name`` is a news outlet's: a known one, or one shaped like one ("… Times", "… News").

    ``with_the``: the text writes "the" before it, as it writes "The Hill" and never a person named Hill.

    >>> is_outlet("Tasnim News Agency"), is_outlet("Sioux City Journal"), is_outlet("United Nations")
    (True, False, False)
    >>> is_outlet("Hill"), is_outlet("Hill", with_the=True), is_outlet("CBS DFW"), is_outlet("Newsom")
    (False, True, True, False)
    """
    words = name.split()
    if not words or all(w.lower() in _GENERIC_TAIL for w in words) or source_key(name) in _PLACES:
        return False
    last = words[-1].rsplit("-", 1)[-1]  # "Star-Telegram", "Inter-Radio"
    if _NEWS_WORD.search(name) or last in _OUTLET_LAST_WORDS or "Broadcasting" in words:
        return True
    with_the = with_the or words[0] == "The"
    rest = words
    while rest:
        key = source_key(" ".join(rest))
        if key in _KNOWN_KEYS:
            return True
        if key in _KNOWN_WITH_THE:
            return with_the
        if rest[-1].lower() not in _GENERIC_TAIL:
            break
        rest = rest[:-1]
    head = source_key(words[0])
    return len(words) <= 3 and (head in _DISTINCT_OUTLETS or (words[0].isupper() and head in _KNOWN_KEYS))


def _clean(raw: str) -> str:
    """A matched name without a sentence after it, a leading conjunction or a trailing article."""
    name = _LEADING_WORD.sub("", _NAME_END.split(raw, maxsplit=1)[0].strip(" .'’"))
    return _TRAILING_ARTICLE.sub("", name)


def _named(name: str, text: str, start: int, end: int, cue: bool) -> tuple[str, bool]:
    """The source a matched ``name`` (at ``text[start:end]``) names, and whether it is a news outlet.

    A possessive ends a name that is not an outlet as a whole: "NPR's Emily Feng" names NPR, "Vienna's"
    Vienna, while "Investor's Business Daily" stays whole.  A name ending in a known outlet's of two words or
    more names that outlet: a byline's writer, then the agency ("By ZEKE MILLER Associated Press").
    """
    with_the = text[max(0, start - 4) : start].lower() == "the "
    if source_key(name) in _PLACES:
        return name, False
    words = name.split()
    cut = next(
        (" ".join([*words[:n], _POSSESSIVE.sub("", w)]) for n, w in enumerate(words) if _POSSESSIVE.search(w)), None
    )
    if cut and is_outlet(cut, with_the=with_the):
        return cut, True
    if source_key(name) not in _KNOWN_KEYS:  # "ZEKE MILLER Associated Press": the writer, then the agency
        for n in range(1, len(words) - 1):
            if source_key(" ".join(words[n:])) in _KNOWN_KEYS:
                return " ".join(words[n:]), True
    if cue or is_outlet(name, with_the=with_the) or _CUE_AFTER.match(text, end) is not None:
        return name, True
    return cut or name, False


_PARENTHESIS = (("(",),)
"""What every dateline holds (:func:`_matches`' ``needs``)."""


def _datelines(text: str) -> list[re.Match[str]]:
    """Every dateline of ``text``: a capitals place and any agency ("TEHRAN (Tasnim) –"), or any place and
    an agency known as an outlet ("Berlin (dpa) -", "SÃO PAULO (Reuters) -"), in text order.

    >>> text = "Berlin (dpa) - Die Regierung…" + chr(10) + "Boris Johnson (Conservative) - He said…"
    >>> [m.group("name") for m in _datelines(text)]
    ['dpa']
    """
    # Both patterns need a "(" and never cross a line: only the lines holding one are searched (a search
    # from every line start of the text was a fifth of describe).
    found: dict[str, set[int]] = {}
    strict = list(_matches(_DATELINE, _PARENTHESIS, text, found))
    lines = {text.rfind("\n", 0, m.start()) for m in strict}
    loose = [
        m
        for m in _matches(_LOOSE_DATELINE, _PARENTHESIS, text, found)
        if text.rfind("\n", 0, m.start()) not in lines and is_outlet(m.group("name").strip())
    ]
    return sorted([*strict, *loose], key=lambda m: m.start())


def _dateline_at(line: str) -> bool:
    """Whether ``line`` opens with a dateline (:func:`_datelines`)."""
    if _DATELINE.match(line):
        return True
    loose = _LOOSE_DATELINE.match(line)
    return loose is not None and is_outlet(loose.group("name").strip())


def _is_credit(rule: str, match: re.Match[str], outlet: bool, known: bool, text: str) -> bool | None:
    """Whether a phrase matched under ``rule`` credits its source (True), mentions it (False) or neither (None)."""
    if rule in ("always", "source"):
        return True
    if rule == "mention":
        return False
    # Only the words just before count, so a long line costs each phrase a bounded look.
    near = max(0, match.start() - 80)
    line_start = max(text.rfind("\n", near, match.start()) + 1, near)
    text_before = _TEXT_BEFORE.search(text, line_start, match.start()) is not None
    if rule == "appeared":
        return match.group("how").lower() == "originally" or outlet or text_before or _credit_line(match, text)
    if rule == "published":
        return known or (outlet and text_before)
    if rule == "aired":
        return outlet and text_before
    if rule in ("outlet-only", "byline"):
        return True if outlet else None
    return outlet


def _credit_line(match: re.Match[str], text: str) -> bool:
    """Whether ``match`` is a line of its own, the phrase and the name only ("First published by ScienceAlert."):
    a credit line, never a sentence of the story ("First published by Penguin Books in 1960, it …").

    >>> line = "x\\nFirst published by ScienceAlert.\\n"
    >>> _credit_line(re.search("First published by (ScienceAlert)", line), line)
    True
    """
    # a bounded look either side (a long line of many phrases costs each a few characters, not the line)
    before = text[max(0, match.start() - _CREDIT_LINE_LOOK) : match.start()]
    after = text[match.end() : match.end() + _CREDIT_LINE_LOOK]
    opens = ("\n" in before or match.start() <= _CREDIT_LINE_LOOK) and not before.rsplit("\n", 1)[-1].strip()
    ends = ("\n" in after or match.end() + _CREDIT_LINE_LOOK >= len(text)) and not after.split("\n", 1)[0].strip(" \t.")
    return opens and ends


_CREDIT_LINE_LOOK = 40
"""Characters looked at either side of a phrase for a credit line's bounds (blanks and a full stop at most)."""


_STORY_RULES = frozenset({"always", "appeared", "published", "byline"})
"""Rules whose credits are for the whole story wherever they stand ("Source: X", "first appeared in X",
"published by X", "© X", "X contributed to this report"); "X reported", "according to X", "told X" are the
story's in its lead (:func:`_lead_end`: an exclusive interview is the news) and elsewhere cite an outlet for
one fact ("A doctor on the scene told Ruptly", five paragraphs in)."""
_LEAD_LINES = 2  # the lead: the text's first two non-empty lines (a headline and the first paragraph)...
_LEAD_CHARS = 300  # ...or its first this many characters (hard-wrapped text), whichever reaches further


def _lead_end(text: str) -> int:
    """Where the text's lead ends: after its first ``_LEAD_LINES`` non-empty lines, or ``_LEAD_CHARS``
    characters in, whichever is further (found from the start, never a pass over the whole text).

    >>> _lead_end("Headline\\n\\n" + "Lead. " * 100 + "\\n" + "Body. " * 100)
    610
    """
    lead, seen, at = 0, 0, 0
    while seen < _LEAD_LINES and at < len(text):
        stop = text.find("\n", at)
        stop = len(text) if stop < 0 else stop
        if stop > at and not text[at:stop].isspace():
            seen, lead = seen + 1, stop
        at = stop + 1
    return max(lead, _LEAD_CHARS)


def _attributions(
    text: str, datelines: list[re.Match[str]] | None = None
) -> tuple[tuple[Attribution, ...], tuple[Attribution, ...]]:
    """The source credits of ``text`` and its other attributions (mentions), each in text order."""
    found: dict[tuple[int, int], tuple[Attribution, bool]] = {}
    starts: list[int] = []  # of the spans found, which never overlap: sorted, for a bisection per phrase
    ends: dict[int, int] = {}

    def overlaps(span: tuple[int, int]) -> bool:
        k = bisect.bisect_right(starts, span[0])
        return (k > 0 and ends[starts[k - 1]] > span[0]) or (k < len(starts) and starts[k] < span[1])

    def add(attribution: Attribution, credit: bool) -> None:
        bisect.insort(starts, attribution.span[0])
        ends[attribution.span[0]] = attribution.span[1]
        found[attribution.span] = (attribution, credit)

    for match in _datelines(text) if datelines is None else datelines:
        name = match.group("name").strip()
        start = match.start("place") if match.group("place") else match.start("name") - 1
        if not overlaps((start, match.end())):
            add(Attribution(name, (start, match.end())), True)
    lead_end = _lead_end(text)
    lines_of = _lines_needed(text)
    # The words the text holds (all looked for at once by the core): a phrase none of whose first words it
    # holds is passed over without a search's set operations (most phrases, in most texts).
    held = {word for word, lines in lines_of.items() if lines} if lines_of else None
    for pattern, needs, rule in _ATTRIBUTION_PATTERNS:
        if held is not None and held.isdisjoint(needs[0]):
            continue
        for match in _matches(pattern, needs, text, lines_of):
            raw = match.group("name")
            name = _clean(raw)
            if not name or source_key(name) in _NOT_SOURCES or name.lower() in _NOT_SOURCES:
                continue
            groups = match.groupdict()
            name_start = match.start("name") + raw.index(name)
            name_end = name_start + len(name)
            source, outlet = _named(name, text, name_start, name_end, bool(groups.get("cue")))
            if groups.get("of"):
                employer = _clean(groups["of"])
                if employer and is_outlet(employer, with_the=True):
                    source, outlet = employer, True
            credit = _is_credit(rule, match, outlet, source_key(source) in _KNOWN_KEYS, text)
            if credit is None:
                continue
            date = None
            if name != raw.strip(" .'’") and not groups.get("of") and not groups.get("also"):
                end = name_end  # the sentence ended inside the match: stop at the name
            else:
                end = match.end("of") if groups.get("of") else match.end("name")
                if not groups.get("also"):
                    end = match.end()
                    carried = _CARRIED_DATE.match(text, end)
                    if carried:
                        date, end = carried.group("date"), carried.end()
            span = (match.start(), end)
            if overlaps(span):
                continue  # one phrase, one attribution
            # "Source: X" is the story's when X is an outlet; under a chart or a photo ("Source: U.S. Energy
            # Information Administration", "Source: Getty Images") it is a figure's, copied along with it.
            by_form = rule in _STORY_RULES or rule == "source"
            story = rule in _STORY_RULES or (outlet if rule == "source" else span[0] < lead_end)
            add(Attribution(source, span, date, story=story, lead=story and not by_form), credit)
            also = _clean(groups.get("also") or "")
            if credit and also and is_outlet(also, with_the=text.endswith("the ", 0, match.start("also"))):
                span = (match.start("also"), match.end())
                if not overlaps(span):  # "NBC News and Bloomberg have reported": the story's as the first is
                    add(Attribution(also, span, story=story, lead=story and not by_form), True)
    credited = list(itertools.islice(_credit_urls(text), _MAX_CREDIT_URLS))
    names = outlets_from_hosts([url.group("host") for _, url in credited], text) if credited else {}
    for match, url in credited:
        span = (match.start(), url.end())
        if not overlaps(span):  # "Originally published at https://www.cbsnews.com/…": the page's own credit
            add(Attribution(names[url.group("host")], span, story=True), True)
    credits = tuple(found[span][0] for span in sorted(found) if found[span][1])
    mentions = tuple(found[span][0] for span in sorted(found) if not found[span][1])
    return credits, mentions


def _reprinted_from(name: str, credits: Sequence[Attribution], dateline: re.Match[str], text: str) -> bool:
    """Whether the text says, beyond its ``dateline``, that it reproduces ``name``'s story: a credit of
    ``name``'s whole story by its form elsewhere ("This article first appeared in Reuters", "Reporting by
    Reuters"). The agency's own story names it so too, and is no reprint: "sources told Reuters" in its lead
    (a lead credit), its copyright line ("© Reuters 2019")."""
    key = source_key(name)
    return any(
        a.story
        and not a.lead
        and source_key(a.source) == key
        and (a.span[1] <= dateline.start() or a.span[0] >= dateline.end())
        and not _COPYRIGHT.match(text, a.span[0])
        for a in credits
    )


_COPYRIGHT = re.compile(r"©|\([Cc]\)|Copyright|COPYRIGHT")
"""How a copyright line (an attribution under the ``©`` phrase) opens."""


# A credit phrase followed by an address: what the text reproduces, named by its address.  Blank runs are
# possessive (a 100 KB run of blanks after "Source" is one attempt, not a scan from each blank).
_CREDIT_URL = re.compile(
    r"\b(?:(?:[Oo]riginally|[Ff]irst)[ \t]++(?:appeared|published|ran|posted)"
    r"|[Rr]ead[ \t]++the[ \t]++original(?:[ \t]++(?:story|article|post|report))?"
    r"|[Rr]e(?:printed|published)[ \t]++from|[Ss]ource)"
    r"[ \t]*+:?+[ \t]*+(?:(?:in|on|at|from|by)[ \t]++)?(?=https?://)"
)
_MAX_CREDIT_URLS = 16
"""Addresses read as credits in one text (a text is credited to a handful of sources, never thousands)."""


def _credit_urls(text: str) -> Iterator[tuple[re.Match[str], re.Match[str]]]:
    """Each credit phrase followed by an address, with the address."""
    if "http" not in text:  # the pattern ends before "http" (case-sensitive): most texts hold none
        return
    for match in _CREDIT_URL.finditer(text):
        url = _URL.match(text, match.end())
        if url is not None:
            yield match, url


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
    datelines = _datelines(text)  # read by the credits, the date and the outlet
    credits, mentions = _attributions(text, datelines)
    # a dateline names the outlet only in the strict form: "Berlin (dpa) -" in a paper's text is the
    # agency's credit, and taken as the paper's outlet it made a second pickup its copy
    dateline = next((m for m in datelines if m.re is _DATELINE), None)
    outlet = _find_outlet(text, head, tail, dateline)
    from_dateline = False
    if dateline is not None:
        agency = dateline.group("name").strip()
        from_dateline = outlet is None
        if from_dateline:
            outlet = agency  # nothing else names the text's outlet: the dateline's agency, its own copy perhaps
        if outlet == agency and _reprinted_from(agency, credits, dateline, text):
            outlet, from_dateline = None, False  # "NEW YORK (Reuters) - … This article first appeared in Reuters."
    return DocumentMeta(
        date=_find_date(text, head, tail, datelines, max_chars=max_date_chars),
        outlet=outlet,
        title=_find_title(head, max_chars=max_date_chars),
        attributions=credits,
        mentions=mentions,
        mixed_script=mixed_script_words(text),
        outlet_from_dateline=from_dateline,
    )
