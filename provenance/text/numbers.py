"""Figures and dates in word tokens, read as values.

The change classifier compares *values*, not spellings: "five" and "5", "1,000"
and "1000", "1.5 million" and "1,500,000", "15%" and "15 percent", "20 years" and
"20-year" are the same figure.  :func:`units` turns a token sequence into
comparison units (figures become ``#<value>``, a unit after a figure loses its
plural), each tied to the token it came from.

>>> [u.key for u in units(["for", "20", "years"])], [u.key for u in units(["20-year"])]
(['for', '#20', 'year'], ['#20', 'year'])
>>> [u.key for u in units(["five", "percent"])] == [u.key for u in units(["5%"])]
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .lexicon import CALENDAR_WORDS, MONTHS, MULTIPLIERS, NUMBER_WORDS, ORDINAL_ONES, ORDINAL_WORDS

__all__ = ["Unit", "is_calendar_word", "number_value", "ordinal_value", "units"]

_NUMERAL = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
_CLOCK = re.compile(r"^\d{1,2}:\d{2}$")
_YEAR = re.compile(r"^(1[89]|20|21)\d\d$")
_HAS_DIGIT = re.compile(r"\d")
# The country letters of a dollar amount written "$US6" or "$A9" (the word "US6", "A9" after a "$"),
# or "US$6" (the word "US" right before a "$").
_COUNTRY = "US|A|AU|C|NZ|HK"
_CURRENCY_PREFIX = re.compile(rf"^(?:{_COUNTRY})(?=\d)")
_COUNTRY_LETTERS = re.compile(rf"(?:{_COUNTRY})")
_PERCENT_WORDS = frozenset(["percent", "pct"])
_TENS = frozenset(range(20, 100, 10))
_CALENDAR = MONTHS | CALENDAR_WORDS
_COUNTRY_WORDS = frozenset(_COUNTRY.split("|"))
_NOT_PLAIN = frozenset([*NUMBER_WORDS, *ORDINAL_WORDS, "per"])
"""Words of letters that are no plain unit even after a word that is no figure: number and ordinal words,
"per" (cent)."""


@dataclass(frozen=True, slots=True)
class Unit:
    """One comparison unit: its key and the index of the token it comes from."""

    key: str
    token: int
    """Index of the (first) token the unit comes from."""
    date: bool = False
    """Part of a date or time (a month, weekday, clock time, year or day number)."""
    figure: bool = False
    """A figure (``#`` key) or the unit word right after one."""
    last: int = -1
    """Index of the last token it covers when more than one ("1.5 million"); -1: just ``token``."""
    ordinal: bool = False
    """An ordinal ("ninth", "9th" cut in two by the tokenizer): a rank, which changes into another rank, not a
    count ("ninth in points" / "and 48 assists" is no changed figure)."""

    @property
    def end(self) -> int:
        """Index of the last token the unit covers."""
        return self.last if self.last > self.token else self.token


def number_value(word: str) -> Decimal | None:
    """The value of a numeral or number word, or None.

    >>> number_value("1,000"), number_value("five"), number_value("2.50"), number_value("x")
    (Decimal('1000'), Decimal('5'), Decimal('2.5'), None)
    >>> number_value("Fifty-seven"), number_value("seven-fifty")
    (Decimal('57'), None)
    """
    lower = word.lower()
    if lower in NUMBER_WORDS:
        return Decimal(NUMBER_WORDS[lower])
    tens, _, ones = lower.partition("-")
    if NUMBER_WORDS.get(tens, 0) in _TENS and 1 <= NUMBER_WORDS.get(ones, 0) <= 9:
        return Decimal(NUMBER_WORDS[tens] + NUMBER_WORDS[ones])  # "fifty-seven"
    m = _NUMERAL.match(word)
    if not m:
        return None
    try:
        value = Decimal(m.group(1).replace(",", "") + (m.group(2) or ""))
        # Integral values read the same however written: 1000, 1,000, 1000.0.
        return Decimal(int(value)) if value == value.to_integral_value() else value.normalize()
    except (InvalidOperation, ValueError, OverflowError):  # pragma: no cover - defensive for absurd numerals
        return None


def ordinal_value(word: str) -> Decimal | None:
    """The value of an ordinal ("7th", "seventh", "twenty-first"), or None: a :class:`~decimal.Decimal`, as a
    number's (:func:`number_value`), which reads a figure of any length (``int()`` refuses more than 4,300
    digits, and "1" * 5000 + "th" ended ``compare`` with "internal error").

    >>> ordinal_value("7th"), ordinal_value("Seventh"), ordinal_value("twenty-first"), ordinal_value("first")
    (Decimal('7'), Decimal('7'), Decimal('21'), None)
    """
    lower = word.lower()
    if numeral := _ORDINAL.match(lower):
        return Decimal(numeral.group(1))
    if lower in ORDINAL_WORDS:
        return Decimal(ORDINAL_WORDS[lower])
    tens, _, ones = lower.partition("-")
    if NUMBER_WORDS.get(tens, 0) in _TENS and ones in ORDINAL_ONES:
        return Decimal(NUMBER_WORDS[tens] + ORDINAL_ONES[ones])
    return None


def is_calendar_word(word: str) -> bool:
    """A weekday, month or time-of-day word ("May" and "March" only capitalised).

    >>> is_calendar_word("Wednesday"), is_calendar_word("may"), is_calendar_word("May")
    (True, False, True)
    >>> is_calendar_word("mid-December"), is_calendar_word("mid-term")
    (True, False)
    """
    lower = word.lower().rstrip(".")
    if lower in MONTHS:
        return word[:1].isupper()
    part, dash, month = lower.partition("-")
    if dash and part in _PART_OF and month in MONTHS:  # "mid-December", "early-January"
        return word[len(part) + 1 : len(part) + 2].isupper()
    return lower in CALENDAR_WORDS or bool(_CLOCK.match(word))


_PART_OF = frozenset({"mid", "early", "late"})


def _split_clock(words: Sequence[str], i: int) -> bool:
    """Words ``i`` and ``i + 1`` are "a" (or "p") and "m": an "a.m." the tokenizer split in two."""
    return words[i].lower() in ("a", "p") and i + 1 < len(words) and words[i + 1].lower() == "m"


def _split_ordinal(words: Sequence[str], i: int) -> bool:
    """Word ``i`` is the suffix of the ordinal the word before it starts: "7" then "th", "21" then "st", as
    the tokenizer cuts "7th" (never "5" then "St", a street, nor "1" then "th")."""
    figure = words[i - 1] if i else ""
    if not figure.isascii() or not figure.isdigit():
        return False
    n = int(figure[-2:])  # the last two digits decide (an int of any length was refused past 4,300 digits)
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return words[i] == suffix


def _after_figure(word: str) -> str:
    """The key of a unit word after a figure: its singular, a fraction's denominator as the ordinal it is
    ("one-third", "two thirds": ``#3``, as "a third" reads), so the fraction reads alike however written."""
    singular = word.removesuffix("s")
    return f"#{ORDINAL_WORDS[singular]}" if singular in ORDINAL_WORDS else singular


def _key(value: Decimal) -> str:
    return "#" + format(value, "f")


def units(words: Sequence[str], before: Sequence[str] | None = None) -> list[Unit]:
    """Comparison units of ``words`` (original-case tokens), in order.

    ``before`` holds the text before each word (from the end of the word before
    it); without it the words are read as if separated by spaces.  It tells a
    dollar amount with country letters ("$US6.5", the words "US6" and "5") from a
    model name ("A380"):

    >>> [u.key for u in units(["US6", "5", "billion"], ["$", ".", " "])]
    ['#6500000000']
    >>> [u.key for u in units(["an", "A380"], ["", " "])]
    ['an', '#a380']
    >>> [(u.key, u.token, u.end) for u in units(["US", "1.19"], ["", "$"])]
    [('#1.19', 0, 1)]
    """
    out: list[Unit] = []
    after_figure = False
    skip = -1
    letters: int | None = None  # where the country letters of "US$1.19" stand
    months: list[int] = []  # the units that are months
    for i, word in enumerate(words):
        if i <= skip:
            continue
        if not after_figure and word.isalpha():
            # Most words: letters only, after a word that is no figure; the rules below would find the
            # word itself as its unit (no figure, no "per cent", no country letters of "US$1").
            lower = word.lower()
            if lower not in _NOT_PLAIN and (before is None or word not in _COUNTRY_WORDS):
                date = lower in _CALENDAR and is_calendar_word(word)
                if date and lower in MONTHS:
                    months.append(len(out))
                out.append(Unit(lower, i, date))
                continue
        if (
            before is not None
            and i + 1 < len(words)
            and before[i + 1] == "$"
            and _COUNTRY_LETTERS.fullmatch(word)
            and number_value(words[i + 1]) is not None
        ):
            letters = i  # "US$1.19": the letters go with the amount after them
            continue
        lower = word.lower()
        head, _, tail = word.partition("-")
        ordinal = ordinal_value(word)
        dollars = before is not None and before[i].endswith("$") and _CURRENCY_PREFIX.match(word)
        value = number_value(_CURRENCY_PREFIX.sub("", word) if dollars else word.rstrip("%"))
        if dollars and value is not None and i + 1 < len(words) and before and before[i + 1] == ".":
            cents = number_value(f"{value}.{words[i + 1]}") if words[i + 1].isdigit() else None
            if cents is not None:  # "$US6.5": the tokenizer cut the amount at its decimal point
                out.append(Unit(_key(cents), i, figure=True, last=i + 1))
                after_figure, skip = True, i + 1
                continue
        # "20-year": a figure, then its unit ("twenty-first" is an ordinal, read above)
        unit_tail = value is None and ordinal is None and tail.replace("-", "").isalpha()
        if unit_tail:
            value = number_value(head)
        if ordinal is not None:  # "7th" as one word is a day ("the 7th"); a word ("seventh") is a figure only
            numeral = bool(_ORDINAL.match(lower))
            out.append(Unit(_key(ordinal), i, date=numeral, figure=True, ordinal=not numeral))
            after_figure = False
            continue
        if after_figure and _split_ordinal(words, i):  # "7th", which the tokenizer cut in two: "7", "th"
            out[-1] = Unit(out[-1].key, out[-1].token, date=out[-1].date, figure=True, last=i, ordinal=True)
            after_figure = False
            continue
        if lower in MULTIPLIERS and after_figure and out and out[-1].key.startswith("#"):
            scaled = Decimal(out[-1].key[1:]) * MULTIPLIERS[lower]
            out[-1] = Unit(_key(scaled.normalize()), out[-1].token, figure=True, last=i)
            continue
        if value is not None:
            first = i - 1 if letters == i - 1 else i
            out.append(Unit(_key(value), first, date=bool(_YEAR.match(word)), figure=True, last=i if first < i else -1))
            if word.endswith("%"):
                out.append(Unit("percent", i, figure=True))
            elif unit_tail:
                out.append(Unit(_after_figure(tail.lower()), i, figure=True))
            after_figure = True
            continue
        if lower == "per" and i + 1 < len(words) and words[i + 1].lower() == "cent":
            continue  # "per cent" is one unit: "percent"
        if after_figure and (lower in _PERCENT_WORDS or (lower == "cent" and i and words[i - 1].lower() == "per")):
            out.append(Unit("percent", i - (lower == "cent"), figure=True, last=i))
        elif after_figure and lower.endswith("s") and len(lower) > 3 and lower.isalpha():
            out.append(Unit(_after_figure(lower), i, figure=True))
        elif after_figure and (lower in ("a.m", "p.m", "am", "pm") or _split_clock(words, i)):
            # "11 a.m." (also split by the tokenizer as "a", "m") is a time of day.
            out[-1] = Unit(out[-1].key, out[-1].token, date=True, figure=True, last=out[-1].last)
            last = i if "m" in lower else i + 1
            out.append(Unit(lower[0] + "m", i, date=True, last=last))
            skip = last
        elif _HAS_DIGIT.search(word) and not is_calendar_word(word):
            # Any other token with digits (a phone number 234-7743, a model F-16 or A380, a range
            # 16-17) is a figure too, compared as written: a changed one is a changed figure.
            out.append(Unit("#" + lower, i, figure=True))
        else:
            date = is_calendar_word(word)
            if date and lower.rstrip(".") in MONTHS:
                months.append(len(out))
            out.append(Unit(lower, i, date=date))
        after_figure = False
    # A day number next to a month is part of a date ("January 15", "15 January").
    for month in months:
        for n in (month - 1, month + 1):
            if 0 <= n < len(out) and out[n].key.startswith("#") and not out[n].date:
                unit = out[n]
                out[n] = Unit(unit.key, unit.token, date=True, figure=True, last=unit.last)
    return out
