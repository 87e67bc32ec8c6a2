"""Is one capitalised word another spelling of the same name?

Names reach English news through several transliterations (Araqchi / Araghchi,
Rouhani / Rowhani, Shoygu / Shoigu, Tehran / Teheran).  Each word is reduced to
a *skeleton*: diacritics folded (Unicode NFKD), apostrophes and hyphens removed,
``gh``/``kh``/``q``/``ck``/``c`` → ``k``, ``ph`` → ``f``, ``ou``/``oo``/``ow`` → ``u``,
``ee``/``ie``/``ey``/``y`` → ``i``, ``e``/``a`` and ``o``/``u`` merged, doubled letters
and a final ``h`` dropped.  Two words are variants when their consonant outlines
(the skeleton without vowels after the first letter) are equal, the skeletons
differ at most by one vowel coming or going (a vowel swapped for another
is too much: Gaza / Giza, Bush / Bash), and not in their ending (Niger /
Nigeria, George / Georgia are different names).

>>> is_name_variant("Araqchi", "Araghchi"), is_name_variant("Rouhani", "Rowhani")
(True, True)
>>> is_name_variant("Putin", "Lavrov"), is_name_variant("Iran", "Iraq"), is_name_variant("Niger", "Nigeria")
(False, False, False)
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from .lexicon import FUNCTION_WORDS

__all__ = ["consonant_outline", "is_name_variant", "looks_like_name", "skeleton"]

_REWRITES = (
    (re.compile(r"'s$"), ""),
    (re.compile(r"[^a-z]"), ""),
    (re.compile(r"dzh|dj"), "j"),
    (re.compile(r"tch"), "ch"),
    (re.compile(r"ch"), "\x01"),  # keep "ch" apart from the c → k rule
    (re.compile(r"sh"), "\x02"),
    (re.compile(r"gh|kh|q|ck|c"), "k"),
    (re.compile(r"dh"), "d"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ou|oo|ow(?![aeiouy])"), "u"),
    (re.compile(r"^y(?=[eu])"), ""),
    (re.compile(r"ee|ie|ey|ei|ay|y"), "i"),
    _E_AS_A := (re.compile(r"e"), "a"),
    _O_AS_U := (re.compile(r"o"), "u"),
    (re.compile(r"(.)\1+"), r"\1"),
    (re.compile(r"(?<=[aiu])h$"), ""),
    (re.compile("\x01"), "ch"),
    (re.compile("\x02"), "sh"),
)
_LOOSE_ONLY = frozenset(n for n, rule in enumerate(_REWRITES) if rule in (_E_AS_A, _O_AS_U))
_VOWELS = re.compile(r"[aiu]")
_FINAL_VOWELS = re.compile(r"[aiu]+$")
# Skeletons shorter than this must be equal to count as one name.
_SHORT = 5


@lru_cache(maxsize=65536)
def skeleton(word: str, *, strict: bool = False) -> str:
    """The transliteration-neutral form of a word.

    ``strict`` keeps ``e``/``a`` and ``o``/``u`` apart (for comparing words with
    no aligned position to back them up).

    >>> skeleton("Araqchi"), skeleton("Araghchi"), skeleton("Shoygu"), skeleton("Shoigu")
    ('arakchi', 'arakchi', 'shuigu', 'shuigu')
    >>> skeleton("Mohammed"), skeleton("Mohammed", strict=True)
    ('muhamad', 'mohamed')
    """
    text = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).lower()
    for n, (pattern, repl) in enumerate(_REWRITES):
        if not (strict and n in _LOOSE_ONLY):
            text = pattern.sub(repl, text)
    return text


def consonant_outline(word: str) -> str:
    """The skeleton without its vowels (the first letter kept).

    >>> consonant_outline("Tehran") == consonant_outline("Teheran")
    True
    """
    sk = skeleton(word)
    return sk[:1] + _VOWELS.sub("", sk[1:])


def looks_like_name(word: str) -> bool:
    """A capitalised word of letters that is not an English function word.

    >>> looks_like_name("Araqchi"), looks_like_name("The"), looks_like_name("2025")
    (True, False, False)
    """
    return len(word) >= 2 and word[:1].isupper() and word[:1].isalpha() and word.lower() not in FUNCTION_WORDS


def is_name_variant(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are two spellings of one name (see the module doc)."""
    if not (looks_like_name(a) and looks_like_name(b)):
        return False
    if a.lower() == b.lower():
        return False
    sa, sb = skeleton(a), skeleton(b)
    if len(sa) < 3 or len(sb) < 3 or consonant_outline(a) != consonant_outline(b):
        return False
    if sa == sb:
        return True
    if min(len(sa), len(sb)) < _SHORT:
        return False  # short words differing at all are usually other words: Red / Road
    short, long_ = sorted((sa, sb), key=len)
    if long_.startswith(short) or _FINAL_VOWELS.sub("", sa) == _FINAL_VOWELS.sub("", sb):
        return False  # another ending makes another word: Niger / Nigeria, George / Georgia
    # One vowel may come or go (Tehran / Teheran); swapping one for another
    # (Gaza / Giza, Bush / Bash) counts as two edits, and is too many.
    return Levenshtein.distance(sa, sb, weights=(1, 1, 2)) <= 1
