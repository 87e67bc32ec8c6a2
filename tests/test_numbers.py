"""Comparison units (provenance/text/numbers.py): the shortcuts the change classifier relies on."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.text.numbers import units

# Words where the rules decide: figures and number words, multipliers, percent and "per cent", country
# letters of a dollar amount, clock times split or whole, months and calendar words, plurals after a
# figure, hyphenated units, codes with digits, letters of other scripts and digits that are not ASCII.
WORDS = [
    "5",
    "1,000",
    "1.5",
    "2024",
    "15th",
    "11:30",
    "15%",
    "F-16",
    "234-7743",
    "A380",
    "US6",
    "٣",
    "²",
    "five",
    "Five",
    "fifty-seven",
    "seventh",
    "Ninth",
    "twenty-first",
    "first",
    "dozen",
    "one",
    "a",
    "an",
    "per",
    "cent",
    "percent",
    "pct",
    "million",
    "bn",
    "hundred",
    "US",
    "A",
    "AU",
    "C",
    "NZ",
    "HK",
    "a.m",
    "p.m",
    "am",
    "pm",
    "p",
    "m",
    "May",
    "may",
    "March",
    "Jan",
    "jan.",
    "Monday",
    "today",
    "years",
    "year",
    "20-year",
    "five-year",
    "days",
    "units",
    "boss",
    "the",
    "The",
    "said",
    "İ",
    "Σ",
    "é",
    "x-y",
    "-",
]
BEFORE = ["", " ", "\n", ".", "(", " -", "US "]


def _read(found: list[object]) -> list[tuple[object, ...]]:
    return [(u.key, u.token, u.date, u.figure, u.last) for u in found]  # type: ignore[attr-defined]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(BEFORE)), max_size=12))
def test_text_before_the_words_without_a_dollar_sign_changes_nothing(pairs: list[tuple[str, str]]) -> None:
    # The change classifier reads the text before each word only when some holds a "$".
    words = [w for w, _ in pairs]
    assert _read(units(words, [b for _, b in pairs])) == _read(units(words))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12), st.lists(st.sampled_from(WORDS), max_size=12))
def test_a_plain_word_ends_what_comes_before_it(head: list[str], tail: list[str]) -> None:
    # After "said" (no figure, month, number word or "per") the rest reads as it does alone.
    shift = len(head) + 1
    after = [
        (u.key, u.token - shift, u.date, u.figure, u.last - shift if u.last >= 0 else -1)
        for u in units([*head, "said", *tail])
        if u.token >= shift
    ]
    assert after == _read(units(tail))


def test_a_day_number_beside_a_month_is_a_date() -> None:
    def dates(text: str) -> list[tuple[str, bool]]:
        return [(u.key, u.date) for u in units(text.split())]

    assert dates("on 15 January and January 16") == [
        ("on", False),
        ("#15", True),
        ("january", True),
        ("and", False),
        ("january", True),
        ("#16", True),
    ]
    assert dates("15 may rise") == [("#15", False), ("may", False), ("rise", False)]
    assert dates("May 3 2024") == [("may", True), ("#3", True), ("#2024", True)]


def test_an_ordinal_of_thousands_of_digits_is_read_without_int() -> None:
    """An ordinal of 5,000 digits ("1" * 5000 + "th", whole or cut in two by the tokenizer) ended ``compare``
    with "internal error" (``int()`` refuses a string of more than 4,300 digits); its key is its digits with
    leading zeros stripped, as a number's."""
    figure = "1" * 5000
    assert [u.key for u in units([figure + "th"])] == ["#" + figure]
    assert [(u.key, u.last) for u in units([figure, "th"])] == [("#" + figure, 1)]
    assert [u.key for u in units(["007th"])] == [u.key for u in units(["7th"])] == ["#7"]
    assert [u.last for u in units(["1" * 4999 + "12", "th"])] == [1]  # "112th": the last two digits decide
