"""Typography folding for matching, with offsets back to the original text.

Matching must not see the difference between curly and straight quotes, en and
em dashes, non-breaking and ordinary spaces, or compatibility forms (NFKC), but
every reported span must point into the file as the user has it.  Most of the
folding is a one-to-one character map (``str.translate``), which keeps offsets
unchanged; only texts that need NFKC expansion or contain invisible characters
take the slower path that records an explicit offset table.

Letters of other scripts that look like Latin ones (Cyrillic а, е, о, Greek ο…:
Unicode's confusables data, through ``confusable_homoglyphs``) fold to the Latin
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["FoldedText", "fold", "fold_key", "mixed_script_note", "mixed_script_words"]

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u301d\u301e"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_LINE_BREAKS = "\r\u2028\u2029\x0b\x0c\x85"
_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# Characters that carry no visible text; removing them needs an offset table.
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")

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


@functools.cache
def _look_alikes() -> dict[int, str]:
    """Letters that imitate one Latin letter -> that letter (loaded on the first non-ASCII text).

    Only letters mapped to a single ASCII letter are kept: a letter that looks like a digit (Cyrillic
    З / 3) stays, since a digit would turn a word into a figure.  Unicode's prototype of I is l;
    a capital that imitates it folds to I, as the text it hides meant.  Letters NFKC already folds
    (mathematical and fullwidth forms) are left to it: what remains lies in the Basic Multilingual
    Plane, where a character class is a bitmap lookup (with the 830 astral ones, a long scan a character).
    """
    from confusable_homoglyphs.confusables import confusables_data  # 0.04 s of JSON: not for ASCII texts

    table: dict[int, str] = {}
    for char, glyphs in confusables_data.items():
        if len(char) != 1 or char.isascii() or not unicodedata.category(char).startswith("L"):
            continue
        if unicodedata.normalize("NFKC", char) != char:  # NFKC folds it already (mathematical, fullwidth…)
            continue
        latin = {g["c"] for g in glyphs if len(g["c"]) == 1 and g["c"].isascii() and g["c"].isalpha()}
        if len(latin) == 1:
            (letter,) = latin
            table[ord(char)] = "I" if letter == "l" and char.isupper() else letter
    return table


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
    """``text`` with the characters of the folding table replaced, given ``rest`` (:data:`_KEPT_RUN` removed).

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
    (an NFKC expansion or a letter with combining marks).
    """

    text: str
    offsets: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def original_span(self, span: tuple[int, int]) -> tuple[int, int]:
        """Map a ``[start, end)`` span of the folded text to the original text."""
        start, end = span
        if self.offsets is None or self.ends is None:
            return start, end
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else (self.ends[-1] if self.ends else 0)
            return pos, pos
        return self.offsets[start], self.ends[end - 1]


def _needs_slow_path(text: str, rest: str) -> bool:
    """Whether folding ``text`` moves characters (NFKC changes it, or it holds an invisible character);
    ``rest`` is ``text`` without :data:`_KEPT_RUN`, where any invisible character is."""
    if not unicodedata.is_normalized("NFKC", text):
        return True
    return not _INVISIBLE.isdisjoint(rest)


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
    rest = _KEPT_RUN.sub("", text)
    if not _needs_slow_path(text, rest):
        return FoldedText(_translate_all(text, rest))
    table, _, _ = _full_table()
    pieces: list[str] = []
    offsets: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] in _INVISIBLE:
            i += 1
            continue
        # A base character with its combining marks composes as one unit.
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        norm = unicodedata.normalize("NFKC", text[i:j]).translate(table)
        pieces.append(norm)
        offsets.extend([i] * len(norm))
        ends.extend([j] * len(norm))
        i = j
    return FoldedText("".join(pieces), tuple(offsets), tuple(ends))


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
