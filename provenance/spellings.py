"""The corpus-wide spelling table: names written more than one way.

A *name* here is a capitalised word (possessive ``'s`` removed) that the corpus
uses in mid-sentence at least once and never in lower case (so "Road", "Lake"
or "Minister" are not names), and that is neither all capitals nor a month or
weekday.  Names are grouped by consonant outline (:mod:`provenance.names`); in
a group, each spelling joins the most used spelling it is the same name as
(:func:`spelling_table` says when).  A name
with two or more spellings is listed with the documents using each spelling
and how often.

>>> from provenance.models import Document
>>> docs = [Document("a", "a", "Minister Araqchi spoke. Then Araqchi left."),
...         Document("b", "b", "Minister Araghchi spoke.")]
>>> [(s.spelling, s.documents) for s in spelling_table(docs)[0].spellings]
[('Araqchi', (('a', 2),)), ('Araghchi', (('b', 1),))]
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from .figures import is_calendar_word
from .models import Document, NameSpellings, Spelling
from .names import consonant_outline, is_name_variant, looks_like_name, skeleton

__all__ = ["spelling_table"]

_WORD = r"[^\W\d_]+(?:['’\-][^\W\d_]+)*"
_WORD_RE = re.compile(_WORD)
# A word right after a letter, digit, comma or the like: not a sentence start.
_MID_RE = re.compile(r"(?<=[\w,;%)])\s+(" + _WORD + ")")
_POSSESSIVE = re.compile(r"['’]s$")
_VOWELS = frozenset("aeiouy")
_MIN_SKELETON = 5


def _is_candidate(word: str) -> bool:
    return looks_like_name(word) and not word.isupper() and not is_calendar_word(word)


def _same_name(a: str, b: str, known: set[frozenset[str]]) -> bool:
    """Two spellings of one name, on the evidence of the words alone (stricter than
    :func:`is_name_variant`, which an aligned position backs up) or of a known pair."""
    if frozenset((a, b)) in known:
        return True
    first_a, first_b = skeleton(a[0]), skeleton(b[0])
    same_start = a[0].lower() == b[0].lower() or (first_a not in _VOWELS and first_b not in _VOWELS)
    strict = skeleton(a, strict=True)
    return same_start and len(strict) >= _MIN_SKELETON and strict == skeleton(b, strict=True) and is_name_variant(a, b)


def spelling_table(
    documents: Sequence[Document], *, variants: Iterable[tuple[str, str]] = ()
) -> tuple[NameSpellings, ...]:
    """Names with more than one spelling across ``documents``, most used first.

    Without positional evidence, two spellings are one name only when their
    strict skeletons are equal (Araqchi / Araghchi, Sergei / Sergey), at least
    ``_MIN_SKELETON`` letters long and start alike; ``variants`` adds pairs known
    to be one name (the name-variant changes of aligned sentences: Tehran / Teheran).
    """
    known = {frozenset((_POSSESSIVE.sub("", a), _POSSESSIVE.sub("", b))) for a, b in variants}
    uses: dict[str, Counter[str]] = defaultdict(Counter)  # spelling -> document -> count
    lower_case: set[str] = set()
    mid_sentence: set[str] = set()
    for doc in documents:
        for word, n in Counter(_WORD_RE.findall(doc.text)).items():
            word = _POSSESSIVE.sub("", word)
            if word[:1].islower():
                lower_case.add(word)
            elif _is_candidate(word):
                uses[word][doc.id] += n
        mid_sentence.update(_POSSESSIVE.sub("", w).lower() for w in set(_MID_RE.findall(doc.text)))
    # Spellings that differ only in case are one spelling: the most used form.
    by_lower: dict[str, list[str]] = defaultdict(list)
    for word in uses:
        if word.lower() in mid_sentence and word.lower() not in lower_case:
            by_lower[word.lower()].append(word)
    merged: dict[str, Counter[str]] = {}
    for forms in by_lower.values():
        forms.sort(key=lambda w: (-sum(uses[w].values()), w))
        total: Counter[str] = Counter()
        for w in forms:
            total.update(uses[w])
        merged[forms[0]] = total
    groups: dict[str, list[str]] = defaultdict(list)
    for word in merged:
        groups[consonant_outline(word)].append(word)
    table: list[NameSpellings] = []
    for words in groups.values():
        if len(words) < 2:
            continue
        words.sort(key=lambda w: (-sum(merged[w].values()), w))
        heads: dict[str, list[str]] = {}
        for word in words:
            head = next((h for h in heads if _same_name(h, word, known)), None)
            if head is None:
                heads[word] = [word]
            else:
                heads[head].append(word)
        for cluster in heads.values():
            if len(cluster) < 2:
                continue
            spellings = tuple(Spelling(w, tuple(sorted(merged[w].items()))) for w in cluster)
            table.append(NameSpellings(spellings[0].spelling, spellings))
    return tuple(sorted(table, key=lambda t: (-sum(s.count for s in t.spellings), t.name)))
