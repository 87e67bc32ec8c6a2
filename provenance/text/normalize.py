"""Typography folding for matching, with offsets back to the original text.

Matching must not see the difference between curly and straight quotes, en and
em dashes, non-breaking and ordinary spaces, or compatibility forms (NFKC), but
every reported span must point into the file as the user has it.  Most of the
folding is a one-to-one character map (``str.translate``), which keeps offsets
unchanged; only texts that need NFKC expansion or contain invisible characters
take the slower path that records an explicit offset table.

Invisible characters are every default-ignorable code point (Unicode's
``Default_Ignorable_Code_Point``, read through the ``regex`` module: zero-width
spaces and joiners, the soft hyphen, bidirectional marks, invisible operators,
the combining grapheme joiner, variation selectors, tag characters, a syllable's
Hangul fillers…): a browser shows none of them, so matching sees none of them, while
every offset still points into the text as written.  The zero-width non-joiner
goes too: inside a Persian word it only keeps two letters from joining, and
typists write the same word with it, without it or with a space.  A zero-width space a line uses for its
spaces is a space (:func:`zero_width_breaks`).  The Hangul filler and its halfwidth
form, which a browser draws as a blank, are a space; a run under a right-to-left
override is read in the order it is shown (:func:`reading_order`).

Letters of other scripts that look like Latin ones (Cyrillic а, е, о, Greek ο…:
Unicode's confusables data, derived from ``confusable_homoglyphs`` into ``_look_alikes.py``) fold to the Latin
letter they imitate, one character for one, so a copy typed with look-alikes still
matches its source; :func:`mixed_script_words` names the words that mix them with
Latin letters, which the reports show as a finding.

>>> folded = fold("\u201cHe said\u201d \u2014 ok")
>>> folded.text
'"He said" - ok'
>>> folded.original_span((1, 8))
(1, 8)
"""

from __future__ import annotations

import functools
import re
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import regex

__all__ = [
    "FoldedText",
    "derive_look_alikes",
    "fold",
    "fold_key",
    "look_alikes_module",
    "mixed_script_note",
    "mixed_script_words",
    "write_look_alikes",
    "zero_width_breaks",
]

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u301d\u301e"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_LINE_BREAKS = "\r\u2028\u2029\x0b\x0c\x85"
_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_BLANKS = "\u3164\uffa0"
"""The Hangul fillers a browser draws as a blank (as wide as a narrow space), though default-ignorable: a copy
with one for each space showed its words apart and was matched glued, "no reuse found".  They fold to a space.
(The choseong and jungseong fillers stand inside a syllable, drawn with its letters.)  Read before anything
else, as NFKC makes them the jungseong filler."""
_BLANK_SPACES = {ord(c): " " for c in _BLANKS}
_PARENTHESIZED = {code: chr(ord("a") + code - 0x249C) for code in range(0x249C, 0x24B6)}
"""The parenthesized small letters (``⒯⒣⒠``, U+249C-U+24B5), which "fancy text" generators type for every
letter: NFKC makes each three characters, ``(t)(h)(e)``, a word a letter, and a copy so typed passed, "no reuse
found".  Each reads as its letter, one for one, before anything else (as the circled ones, which NFKC folds)."""
_PARENTHESIZED_RE = re.compile("[\u249c-\u24b5]")
# Runs of characters that carry no visible text (4,174 code points, 4,096 of them tags and variation selectors
# past U+E0000, and the interlinear annotation marks U+FFF9-U+FFFB, which no browser draws though Unicode does
# not call them ignorable); removing them needs an offset table.
_OVERLAYS = "\u0334-\u0337\u1abe\u20d2\u20d3\u20d8-\u20da\u20dd-\u20e0\u20e2\u20e4-\u20e6\u20ea\u20eb"
"""The combining marks drawn over or around a character that leave it legible: struck through, slashed, ringed or
enclosed (every mark Unicode names an overlay, and the enclosing circle, square, diamond, screen and triangle;
the long solidus U+0338 apart, :data:`_SOLIDUS_BASES`, and the keycap, a part of emoji).  "Strikethrough text"
generators put one on every letter (``T̶h̶e̶``), and a reader reads the words; no language writes a word with
one (a barred or slashed letter, ø, ł, đ, ƀ, is a letter of its own that nothing decomposes), so they are
left out of matching as the invisible characters are."""
_SOLIDUS_BASES = "".join(
    chr(c)
    for c in (*range(0x20, 0x7F), *range(0x2190, 0x2300))
    if len(unicodedata.normalize("NFC", chr(c) + "\u0338")) == 1
)
"""The characters the long solidus overlay (U+0338) composes with into a character of its own (``=`` and it are
≠, ``<`` and it ≮, ``∈`` and it ∉): there it is kept, to compose; on anything else (a letter) it is left out."""
_INVISIBLE = regex.compile(
    rf"(?:[\p{{Default_Ignorable_Code_Point}}\ufff9-\ufffb{_OVERLAYS}]|(?<![{regex.escape(_SOLIDUS_BASES)}])\u0338)+"
)

_UNSPACED = regex.compile(
    r"[\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}\p{Han}\p{Hiragana}\p{Katakana}\p{Bopomofo}\p{Yi}"
    r"\p{Javanese}\p{Balinese}\p{Tai_Tham}\p{New_Tai_Lue}\p{Tai_Le}\p{Tai_Viet}]"
)
"""Letters of the scripts written without spaces between words, where a zero-width space is how a word
break is marked (Thai, Lao, Khmer, Myanmar, Chinese, Japanese…): between two of them it is left out."""
_WORD_BREAK_LENGTH = 5.5
"""The length of a word (in letters) that a line's zero-width spaces between letters of scripts written
with spaces are judged by: they are spaces when, read as spaces and left out, the line's words average
(geometrically) at least this long.  A copy with one for each space (or for a third of them) reads as words
run together, 4.7 letters and over 7: spaces; one inside each word (``for\u200beign``), or between every two
letters, 4.7 and 2.4 or 1: left out.  News prose in the languages written with spaces averages 4.5 to 6."""
_LETTER = regex.compile(r"\p{L}")
_NON_SPACE = regex.compile(r"\S+")

_TABLE: dict[int, str] = {}
_TABLE.update({ord(c): "'" for c in _SINGLE_QUOTES})
_TABLE.update({ord(c): '"' for c in _DOUBLE_QUOTES})
_TABLE.update({ord(c): "-" for c in _DASHES})
_TABLE.update({ord(c): "\n" for c in _LINE_BREAKS})
_TABLE.update({ord(c): " " for c in _SPACES})
# Other control characters become spaces so they can never glue words together.
_TABLE.update({c: " " for c in range(32) if chr(c) not in "\n" + _LINE_BREAKS})
_TABLE[0x7F] = " "
# Every entry maps one character to one: a regex finds the few to replace far faster
# than str.translate looks up every character of a long text.
_TABLE_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + "]")


def _translate(text: str) -> str:
    return _TABLE_RE.sub(lambda m: _TABLE[ord(m.group())], text)


def derive_look_alikes() -> dict[int, str]:
    """Letters that imitate one Latin letter -> that letter, from Unicode's confusables data
    (``confusable_homoglyphs``, a development dependency) and the small capitals' names: what
    ``make look-alikes`` writes to ``text/_look_alikes.py``, which the package reads (loading the library's
    JSON took 0.09 s of a one-shot ``check``, on the first text with a dash).

    Only letters mapped to a single ASCII letter are kept: a letter that looks like a digit (Cyrillic
    З / 3) stays, since a digit would turn a word into a figure.  Unicode's prototype of I is l;
    a capital that imitates it folds to I, as the text it hides meant, and so does a letter without case
    that is its script's I (Lisu ꓲ, among Lisu capitals: ``ꓟꓲꓠꓲꓢꓔꓰꓣ`` read MlNlSTER).  Letters NFKC already folds
    (mathematical and fullwidth forms) are left to it: what remains lies in the Basic Multilingual
    Plane, where a character class is a bitmap lookup (with the 830 astral ones, a long scan a character).
    """
    from confusable_homoglyphs.confusables import confusables_data

    table: dict[int, str] = {}
    for char, glyphs in confusables_data.items():
        if len(char) != 1 or char.isascii() or not unicodedata.category(char).startswith("L"):
            continue
        if unicodedata.normalize("NFKC", char) != char:  # NFKC folds it already (mathematical, fullwidth…)
            continue
        latin = {g["c"] for g in glyphs if len(g["c"]) == 1 and g["c"].isascii() and g["c"].isalpha()}
        if len(latin) == 1:
            (letter,) = latin
            is_i = char.isupper() or (not char.islower() and unicodedata.name(char).endswith(" I"))
            table[ord(char)] = "I" if letter == "l" and is_i else letter
    for code in (*range(0x10000), *range(0x1F100, 0x1F200)):  # the letters of "fancy text" generators
        small = _SMALL_CAPITAL.fullmatch(unicodedata.name(chr(code), ""))
        if small is not None and code not in table:
            table[code] = small.group(1).lower()
        boxed = _BOXED_CAPITAL.fullmatch(unicodedata.name(chr(code), ""))
        if boxed is not None and code not in table:
            table[code] = boxed.group(1)
    return dict(sorted(table.items()))


_SMALL_CAPITAL = re.compile(r"LATIN LETTER SMALL CAPITAL ([A-Z])")
"""A small capital's name: ``ᴀ`` (U+1D00) reads as ``a``, though the confusables data holds few of them."""
_BOXED_CAPITAL = re.compile(
    r"(?:NEGATIVE (?:CIRCLED|SQUARED) LATIN CAPITAL LETTER|REGIONAL INDICATOR SYMBOL LETTER) ([A-Z])"
)
"""A capital drawn white on a black circle or square (``🅣🅗🅔``, ``🆃🅷🅴``), or in a box (a regional indicator,
drawn so between two that make no flag; a flag's two read as its code, 🇺🇦 as UA): symbols no normal form folds
(the white ones, ``Ⓣ``, ``🅃``, NFKC folds), which "fancy text" generators type for every letter.  Each reads
as its capital."""


def look_alikes_module(table: dict[int, str], source: str) -> str:
    """The source of ``text/_look_alikes.py`` holding ``table`` (derived from ``source``, named in it).

    >>> print(look_alikes_module({0x430: "a"}, "data 1.0").splitlines()[-2])
        0x0430: "a",  # CYRILLIC SMALL LETTER A
    """
    lines = [
        f'"""Letters that imitate one Latin letter -> that letter, from {source}.',
        "",
        "Generated by ``make look-alikes`` (:func:`provenance.text.normalize.derive_look_alikes`); do not edit.",
        "``tests/test_normalize.py`` holds it equal to what the library gives.",
        '"""',
        "",
        "LOOK_ALIKES: dict[int, str] = {",
        *(f'    0x{code:04X}: "{letter}",  # {unicodedata.name(chr(code), "?")}' for code, letter in table.items()),
        "}",
    ]
    return "\n".join(lines) + "\n"


@functools.cache
def _look_alikes() -> dict[int, str]:
    """Letters that imitate one Latin letter -> that letter (:func:`derive_look_alikes`, as shipped)."""
    from ._look_alikes import LOOK_ALIKES

    return LOOK_ALIKES


@functools.cache
def _full_table() -> tuple[dict[int, str], re.Pattern[str], dict[int, str]]:
    """The typography table with the look-alike letters; a pattern of the characters of it in the
    Basic Multilingual Plane (a bitmap lookup a character); the astral look-alikes (Deseret, Old
    Italic…), for ``str.translate`` on the rare text that holds a character past U+FFFF."""
    table = {**_look_alikes(), **_TABLE}
    pattern = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(table) if c <= 0xFFFF) + "]")
    return table, pattern, {c: s for c, s in table.items() if c > 0xFFFF}


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


# ASCII characters that folding never changes (all but the controls and the backtick).  What is left of a
# text without them (one regex pass over its long runs) holds every character folding replaces or drops.
_KEPT_RUN = re.compile("[" + "".join(re.escape(chr(c)) for c in range(128) if c not in _TABLE) + "]+")
_REPLACED_ONE_BY_ONE = 16
"""Distinct characters to replace up to which each is replaced by one ``str.replace`` of the text (a pass
in C each); past it, by one regex pass that calls Python a character (linear whatever the text)."""


def _translate_all(text: str, rest: str) -> str:
    """``text`` with the characters of the folding table replaced, given ``rest`` (:data:`_KEPT_RUN` removed
    from ``text``, or from a text ``text`` was cut from: any character ``rest`` holds and ``text`` lacks is
    never replaced).

    Every replacement is one ASCII character that no entry replaces, so the order of the replacements is free.
    """
    table, pattern, astral = _full_table()
    found = [c for c in set(rest) if ord(c) in table]
    if len(found) > _REPLACED_ONE_BY_ONE:
        folded = pattern.sub(lambda m: table[ord(m.group())], text)
        return folded.translate(astral) if _ASTRAL.search(rest) else folded
    for char in found:
        text = text.replace(char, table[ord(char)])
    return text


_ASCII_RUN = re.compile(r"[\x00-\x7f]+")


@functools.cache
def _mixed_word_re() -> tuple[re.Pattern[str], frozenset[str]]:
    """A word holding both a Latin letter and a look-alike of another script (``thе`` with Cyrillic е),
    and those look-alikes.

    Anchored at word starts (no match starts inside a word), each attempt reads one word: linear.
    """
    others = sorted(chr(c) for c in _look_alikes() if not unicodedata.name(chr(c), "").startswith("LATIN"))
    return re.compile(rf"(?<!\w)(?=\w*[A-Za-z])(?=\w*[{''.join(map(re.escape, others))}])\w+"), frozenset(others)


def mixed_script_words(text: str) -> tuple[str, ...]:
    """The distinct words of ``text`` that mix Latin letters with look-alike letters of another
    script, in order of first use: a text typed that way hides itself from matching.

    >>> mixed_script_words("The cаt sаt on the mаt, кошка and cаt.")
    ('cаt', 'sаt', 'mаt')
    >>> mixed_script_words("Plain English, and русский text.")
    ()
    """
    if text.isascii():
        return ()
    words, look_alikes = _mixed_word_re()
    # Most non-ASCII text (a dash, an accented name) holds no look-alike: its few non-ASCII characters
    # are checked, ten times faster than reading every word three times or searching the class.
    if look_alikes.isdisjoint(_ASCII_RUN.sub("", text)):
        return ()
    return tuple(dict.fromkeys(m.group() for m in words.finditer(text)))


@dataclass(frozen=True)
class FoldedText:
    """Folded text plus the map from its offsets to the original's.

    ``offsets`` is None when folding kept every character in place; otherwise
    ``offsets[i]`` is the original offset where folded character ``i`` comes
    from, and ``ends[i]`` the end of the original characters that produced it
    (an NFKC expansion or a letter with combining marks).  Both are machine arrays
    (``array("i")``): a Python integer a character was most of the cost of a long text.
    """

    text: str
    offsets: array[int] | None = None
    ends: array[int] | None = None
    reordered: bool = False
    """Whether characters were put in the order a reader reads them (:func:`reading_order`): a span of the
    folded text maps to the least and the greatest offset of its characters, not its first and last."""

    def original_span(self, span: tuple[int, int]) -> tuple[int, int]:
        """Map a ``[start, end)`` span of the folded text to the original text."""
        start, end = span
        if self.offsets is None or self.ends is None:
            return start, end
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else (self.ends[-1] if self.ends else 0)
            return pos, pos
        if self.reordered:
            return min(self.offsets[start:end]), max(self.ends[start:end])
        return self.offsets[start], self.ends[end - 1]


def _visible(text: str) -> tuple[str, list[int]]:
    """``text`` without its invisible characters, and the offset in ``text`` of each character kept.

    >>> _visible("a\u200bb\u034f\ufe0fc")
    ('abc', [0, 2, 5])
    """
    kept: list[int] = []
    at = 0
    for run in _INVISIBLE.finditer(text):
        kept.extend(range(at, run.start()))
        at = run.end()
    kept.extend(range(at, len(text)))
    return _INVISIBLE.sub("", text), kept


_DECORATION = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
"""The blocks of combining diacritical marks: those an accent is typed with, and those text generators put on
every letter (an underline U+0332, a cross above, a "Zalgo" stack)."""
_DECORATION_MARK = regex.compile(f"[{_DECORATION}]")
_DECORATION_RANGES = [(ord(_DECORATION[i]), ord(_DECORATION[i + 2])) for i in range(0, len(_DECORATION), 3)]
_DECORATED_WORD = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}\p{{Nd}}])[{_DECORATION}]*+(?:[\p{{Latin}}\p{{Greek}}\p{{Cyrillic}}\p{{Nd}}][{_DECORATION}]++)++"
    r"(?![\p{L}\p{M}\p{Nd}])"
)
"""A word of Latin, Greek or Cyrillic letters (or digits) each written with a combining mark after it."""
_DECORATED_LETTERS = 3
"""The letters of a word every one of which bears a mark, from which its line is read as decorated: no language
writes three letters in a row each with an accent after it (a vowel's accent; ``à`` is one letter)."""


_M = TypeVar("_M", re.Match[str], "regex.Match[str]")


def _by_line(text: str, matches: Iterable[_M]) -> Iterator[tuple[int, _M]]:
    """Each of ``matches`` (in text order) with the start of its line in ``text``: each character is looked at
    once for a line break, however many matches a line holds (linear).

    >>> [(start, m.group()) for start, m in _by_line("ab\\ncd\\nd", re.finditer("[bd]", "ab\\ncd\\nd"))]
    [(0, 'b'), (3, 'd'), (6, 'd')]
    """
    line_start = seen = 0  # the start of the line of the last match, and how far line breaks were looked for
    for match in matches:
        newline = text.rfind("\n", seen, match.start())
        line_start, seen = (newline + 1 if newline >= 0 else line_start), match.start()
        yield line_start, match


def _undecorated(visible: str, kept: list[int] | None) -> tuple[str, list[int] | None]:
    """``visible`` (at the offsets ``kept`` of the original text; None: it is the original) without the marks
    of its decorated words: where a line holds a word of :data:`_DECORATED_LETTERS` letters or more each
    bearing a combining mark (``u̲n̲d̲e̲r̲l̲i̲n̲e̲d̲``, ``Z̴̖a̵͎l̸g̷o``), every word of the line whose every letter bears
    one loses its marks, as a reader reads the letters under them; accents of words typed with some letters
    bare (``e\u0301te\u0301``, ``Nguye\u0302\u0303n``) stay.

    >>> _undecorated("T\u0332h\u0332e\u0332 o\u0332n\u0332\\na\u0300 e\u0301te\u0301", None)[0]
    'The on\\na\u0300 e\u0301te\u0301'
    >>> _undecorated("o\u0332n\u0332 a\u0300", None)[0]
    'o\u0332n\u0332 a\u0300'
    """
    lines: dict[int, list[tuple[int, int]]] = {}
    decorated: set[int] = set()
    for line_start, word in _by_line(visible, _DECORATED_WORD.finditer(visible)):
        lines.setdefault(line_start, []).append(word.span())
        if line_start not in decorated and len(_DECORATION_MARK.sub("", word.group())) >= _DECORATED_LETTERS:
            decorated.add(line_start)
    spans = np.array([span for start in sorted(decorated) for span in lines[start]], dtype=np.intp)
    if not len(spans):
        return visible, kept
    # over the whole text at once (a Python step a character was most of the time of a decorated text)
    codes = np.frombuffer(visible.encode("utf-32-le"), dtype=np.uint32)
    depth = np.zeros(len(codes) + 1, dtype=np.intp)
    np.add.at(depth, spans[:, 0], 1)
    np.add.at(depth, spans[:, 1], -1)
    marks = np.zeros(len(codes), dtype=bool)
    for low, high in _DECORATION_RANGES:
        marks |= (codes >= low) & (codes <= high)
    shown = ~(marks & (np.cumsum(depth[:-1]) > 0))
    where = np.flatnonzero(shown) if kept is None else np.asarray(kept, dtype=np.intp)[shown]
    return codes[shown].tobytes().decode("utf-32-le"), where.tolist()


def zero_width_breaks(text: str) -> str:
    """``text`` with the zero-width spaces that stand for spaces written as spaces (one character for one).

    A zero-width space between two characters of scripts written with spaces (letters, digits, punctuation;
    not a space, nor a mark it would part from its letter; :data:`_UNSPACED` are not written with spaces) is
    a space where its line uses it as one (:data:`_WORD_BREAK_LENGTH`): a copy with one for each space,
    its words run together on the screen, was matched as one word a line.  Inside words it stays, to be
    left out with every invisible character, as it is between Thai or Khmer letters.

    >>> zero_width_breaks("The\u200bminister\u200bsaid\u200btoday").split()
    ['The', 'minister', 'said', 'today']
    >>> zero_width_breaks("The for\u200beign min\u200bister said").count("\u200b")
    2
    >>> zero_width_breaks("\u0e20\u0e32\u0e29\u0e32\u200b\u0e44\u0e17\u0e22").count("\u200b")
    1
    """
    lines: dict[int, list[int]] = {}  # a line's start -> the zero-width spaces between letters in it
    runs = (run for run in _INVISIBLE.finditer(text) if "\u200b" in run.group())
    for line_start, run in _by_line(text, runs):
        found = run.group()
        before = run.start() - 1
        while before > 0 and run.start() - before <= MAX_MARKS and unicodedata.combining(text[before]):
            before -= 1
        after = run.end()
        if before < 0 or after >= len(text):
            continue
        pair = text[before] + text[after]
        if pair[0].isspace() or pair[1].isspace():
            continue
        if not pair.isascii() and (unicodedata.category(pair[1])[0] == "M" or _UNSPACED.search(pair)):
            continue
        lines.setdefault(line_start, []).append(run.start() + found.index("\u200b"))
    spaces: list[int] = []
    for start, breaks in lines.items():
        end = text.find("\n", start)
        line = text[start : end if end >= 0 else len(text)]
        letters = len(_LETTER.findall(line))
        words = len(_NON_SPACE.findall(_INVISIBLE.sub("", line)))
        if letters * letters >= _WORD_BREAK_LENGTH**2 * words * (words + len(breaks)):
            spaces.extend(breaks)
    if not spaces:
        return text
    pieces, at = [], 0
    for space in spaces:  # in order: lines and their breaks were found in order
        pieces += [text[at:space], " "]
        at = space + 1
    return "".join([*pieces, text[at:]])


_OVERRIDES = re.compile("[\u202d\u202e]")
"""The bidirectional overrides, left-to-right and right-to-left: they set the order a text is shown in."""
_PUSH = {"\u202a": 0, "\u202b": 0, "\u202d": 2, "\u202e": 1, "\u2066": 0, "\u2067": 0, "\u2068": 0}
"""The bidirectional controls that open an embedding, override or isolate: 1 a right-to-left override (its
text shown in reverse), 2 a left-to-right one (shown in its order, its level even), 0 the others (their text's
order left as written: an embedding reorders only letters of the other direction, which read in their own)."""
MAX_BIDI_DEPTH = 16
"""Overrides nested deeper than this change no order (Unicode's limit is 125; no text nests more than a few),
so that reordering is linear: each character moves once a level."""


def reading_order(text: str) -> list[int] | None:
    """The offsets of ``text``'s characters in the order a reader reads them, where a right-to-left override
    (U+202E, to its U+202C or its line's end) shows its text in reverse: a copy typed backwards under one reads
    as the original on the screen.  As Unicode's bidirectional algorithm reorders (rule L2), a run at an odd
    level is reversed, inner runs with it; text outside an override keeps its order.  None when there is no
    override.

    >>> text = "On \u202e.dias eh\u202c today"
    >>> "".join(text[i] for i in reading_order(text)).encode("ascii", "ignore").decode()
    'On he said. today'
    """
    if _OVERRIDES.search(text) is None:
        return None
    order: list[int] = []
    for line in re.finditer(r"[^\n]*\n?", text):
        if _OVERRIDES.search(line.group()) is None:
            order.extend(range(*line.span()))
        else:
            order.extend(_line_order(text, *line.span()))
    return order


def _line_order(text: str, start: int, end: int) -> list[int]:
    """The offsets of the line ``text[start:end]`` in reading order (:func:`reading_order`)."""
    stack: list[tuple[int, list[int]]] = [(0, [])]  # each open run: its level, its offsets in reading order
    overflow = 0
    for i in range(start, end):
        char = text[i]
        if char in _PUSH and len(stack) <= MAX_BIDI_DEPTH:
            level, kind = stack[-1][0], _PUSH[char]
            if kind:  # an override: the next odd (right to left) or even (left to right) level
                level += 1 if (level + kind) % 2 else 2
            stack.append((level, [i]))
            continue
        if char in _PUSH:
            overflow += 1
        elif char == "\u202c" and overflow:
            overflow -= 1
        elif char in "\u202c\u2069" and len(stack) > 1:
            stack[-1][1].append(i)
            _close(stack)
            continue
        stack[-1][1].append(i)
    while len(stack) > 1:
        _close(stack)
    return stack[0][1]


def _close(stack: list[tuple[int, list[int]]]) -> None:
    """End the innermost run: reversed when its level and its parent's differ by an odd number (rule L2)."""
    level, inner = stack.pop()
    if (level - stack[-1][0]) % 2:
        inner.reverse()
    stack[-1][1].extend(inner)


def fold(text: str) -> FoldedText:
    """Fold typography (NFKC, quotes, dashes, spaces) and look-alike letters, keeping an offset map.

    Case is kept: sentence splitting and name detection need it; matching keys
    are lower-cased separately by :func:`fold_key`.

    >>> fold("caf\u00e9\u00a0\u2013 \ufb01ne").text
    'caf\u00e9 - fine'
    >>> fold("Th\u0435 c\u043e\u0440y").text
    'The copy'
    """
    if text.isascii():  # ASCII is its own NFKC form and holds no invisible character
        return FoldedText(_translate(text))
    rest = _KEPT_RUN.sub("", text)  # any invisible character is among these
    if "\u3164" in rest or "\uffa0" in rest:
        text, rest = text.translate(_BLANK_SPACES), rest.translate(_BLANK_SPACES)  # one for one: no offset moves
    if _PARENTHESIZED_RE.search(rest):
        text, rest = text.translate(_PARENTHESIZED), rest.translate(_PARENTHESIZED)  # one for one, too
    if "\u200b" in rest:
        text = zero_width_breaks(text)  # one for one: no offset moves
    order = reading_order(text) if _OVERRIDES.search(rest) else None
    if order is not None:  # shown in another order than written: read as shown
        shown, at = _visible("".join(text[i] for i in order))
        offsets: list[int] | None = [order[k] for k in at]
        if _DECORATION_MARK.search(rest):
            shown, offsets = _undecorated(shown, offsets)
        return _fold_visible(shown, offsets, rest, reordered=True)
    visible, kept = _visible(text) if _INVISIBLE.search(rest) else (text, None)
    if _DECORATION_MARK.search(rest):
        visible, kept = _undecorated(visible, kept)
    return _fold_visible(visible, kept, rest)


def _fold_visible(visible: str, kept: list[int] | None, rest: str, *, reordered: bool = False) -> FoldedText:
    """Fold ``visible``, whose characters come from the offsets ``kept`` of the original text (None: it is the
    original), given ``rest`` (:func:`_translate_all`)."""
    if unicodedata.is_normalized("NFKC", visible):  # one character for one: kept is the offset table
        folded = _translate_all(visible, rest)
        if kept is None:
            return FoldedText(folded)
        offsets, ends = array("i"), array("i")
        _append_run(array("i", kept), 0, len(kept), offsets, ends)
        return FoldedText(folded, offsets, ends, reordered)
    # the original's offsets of the characters of ``visible``
    where: range | array[int] = range(len(visible)) if kept is None else array("i", kept)
    pieces: list[str] = []
    offsets, ends = array("i"), array("i")
    _fold_pieces(visible, where, 0, len(visible), 0, (pieces, offsets, ends))
    return FoldedText("".join(pieces), offsets, ends, reordered)


MAX_MARKS = 30
"""Combining marks :func:`fold` normalises with the letter before them, as one unit; the marks past these
are folded in units of their own (Unicode's stream-safe text format, UAX #15, holds a letter's marks to
30 for the same reason).  Python's NFKC puts a run of marks in canonical order by insertion, in time
quadratic in the run: a letter under 160,000 alternating marks (312 KB of "Zalgo" text) took 20 s, 1 MB
minutes; no writing system stacks more than a few."""


_PIECES = (re.compile(r"\n*[^\n]*"), re.compile(r"\s*\S*"))
"""How :func:`fold` cuts a text that is not NFKC as a whole: into lines, then a line into words.  Each
piece starts with a line break or a space (or at the text's start): a character that is no combining mark
and composes with nothing, so the pieces fold as the whole text does."""


def _append_run(where: range | array[int], a: int, b: int, offsets: array[int], ends: array[int]) -> None:
    """Append the offsets ``where[a:b]`` of characters folded one for one, and the end of each (one past it), in C.

    >>> offsets, ends = array("i"), array("i")
    >>> _append_run(range(10), 2, 5, offsets, ends); _append_run(array("i", [0, 2, 3]), 1, 3, offsets, ends)
    >>> offsets.tolist(), ends.tolist()
    ([2, 3, 4, 2, 3], [3, 4, 5, 3, 4])
    """
    if isinstance(where, range):
        starts = np.arange(where[a], where[a] + b - a, dtype=np.intc)
    else:
        starts = np.frombuffer(where, dtype=np.intc, count=b - a, offset=a * where.itemsize)
    offsets.frombytes(starts.tobytes())
    ends.frombytes((starts + 1).tobytes())


def _fold_pieces(
    visible: str,
    where: range | array[int],
    start: int,
    end: int,
    level: int,
    out: tuple[list[str], array[int], array[int]],
) -> None:
    """Fold ``visible[start:end]`` onto ``out`` (folded pieces, offsets, ends): a piece already in NFKC in
    one ``str.translate`` (one character for one), the rest a piece smaller, and a word that is not by its
    letters with their combining marks.  A text with one ellipsis costs one word of that, not a Python
    step a character (3.6 times the CPU on the seeds repeated to 2 MB: ``benchmarks/bench_stages.py``)."""
    pieces, offsets, ends = out
    table = _full_table()[0]
    if level == len(_PIECES):
        i = start
        while i < end:
            # A base character with its combining marks composes as one unit (invisible characters between
            # them are gone already: a joiner before an accent hides no letter).
            j = i + 1
            while j < end and j - i <= MAX_MARKS and unicodedata.combining(visible[j]):
                j += 1
            norm = unicodedata.normalize("NFKC", visible[i:j]).translate(table)
            pieces.append(norm)
            offsets.extend([where[i]] * len(norm))
            ends.extend([where[j - 1] + 1] * len(norm))
            i = j
        return
    for match in _PIECES[level].finditer(visible, start, end):
        a, b = match.span()
        if a == b:
            continue
        piece = visible[a:b]
        if not unicodedata.is_normalized("NFKC", piece):
            _fold_pieces(visible, where, a, b, level + 1, out)
            continue
        pieces.append(piece.translate(table))
        _append_run(where, a, b, offsets, ends)


fold_key: Callable[[str], str] = str.lower
"""The matching key of a folded token: lower case (:func:`fold` has already unified
apostrophes, quotes and dashes), so ``fold_key("Araqchi's") == "araqchi's"``.  It is
``str.lower`` itself, so mapping it over a sentence's words costs no Python call a word."""


def mixed_script_note(words: Sequence[str]) -> str | None:
    """The finding shown for a text whose :func:`mixed_script_words` are ``words`` (None for none).

    >>> print(mixed_script_note(("c\u0430t", "s\u0430t")))
    mixed-script text: 2 words mix Latin letters with look-alikes of another script (cаt, sаt); matched as Latin
    """
    if not words:
        return None
    shown = ", ".join(words[:5]) + (", …" if len(words) > 5 else "")
    count = f"{len(words)} word{'s mix' if len(words) > 1 else ' mixes'}"
    return f"mixed-script text: {count} Latin letters with look-alikes of another script ({shown}); matched as Latin"


def write_look_alikes() -> int:
    """Write ``text/_look_alikes.py`` from the installed ``confusable_homoglyphs`` (``make look-alikes``);
    the number of letters."""
    import importlib.metadata
    from pathlib import Path

    table = derive_look_alikes()
    source = f"confusable-homoglyphs {importlib.metadata.version('confusable-homoglyphs')}"
    Path(__file__).with_name("_look_alikes.py").write_text(look_alikes_module(table, source), encoding="utf-8")
    return len(table)
