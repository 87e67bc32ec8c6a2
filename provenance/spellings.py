"""The corpus-wide spelling table: names written more than one way.

Every capitalised word of every document (possessive ``'s`` removed, all-capital
words and words seen only at a sentence start left out) is grouped by its
consonant outline (:mod:`provenance.names`), and the spellings of a group that
are name variants of each other are joined.  A name with two or more spellings
is listed with the documents using each spelling and how often.

>>> from provenance.models import Document
>>> from provenance.pipeline import prepare
>>> docs = [prepare(Document("a", "a", "Minister Araqchi spoke. Then Araqchi left.")),
...         prepare(Document("b", "b", "Minister Araghchi spoke."))]
>>> [(s.spelling, s.documents) for s in spelling_table(docs)[0].spellings]
[('Araqchi', (('a', 2),)), ('Araghchi', (('b', 1),))]
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from .models import Document, NameSpellings, Spelling
from .names import consonant_outline, is_name_variant, looks_like_name

__all__ = ["spelling_table"]

_POSSESSIVE = re.compile(r"['’]s$")
_NAME = re.compile(r"^[^\W\d_]+(?:['’\-][^\W\d_]+)*$")


def spelling_table(documents: Sequence[Document]) -> tuple[NameSpellings, ...]:
    """Names with more than one spelling across ``documents`` (prepared), most used first."""
    uses: dict[str, Counter[str]] = defaultdict(Counter)  # spelling -> document -> count
    mid_sentence: set[str] = set()
    for doc in documents:
        for sentence in doc.sentences:
            for n, (start, end) in enumerate(sentence.token_spans):
                word = _POSSESSIVE.sub("", doc.text[start:end])
                if not _NAME.match(word) or word.isupper() or not looks_like_name(word):
                    continue
                uses[word][doc.id] += 1
                if n:
                    mid_sentence.add(word.lower())
    # Spellings that differ only in case are one spelling: the most used form.
    by_lower: dict[str, list[str]] = defaultdict(list)
    for word in uses:
        if word.lower() in mid_sentence:
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
        for cluster in _clusters(sorted(words)):
            if len(cluster) < 2:
                continue
            spellings = sorted(
                (Spelling(w, tuple(sorted(merged[w].items()))) for w in cluster),
                key=lambda s: (-s.count, s.spelling),
            )
            table.append(NameSpellings(spellings[0].spelling, tuple(spellings)))
    return tuple(sorted(table, key=lambda t: (-sum(s.count for s in t.spellings), t.name)))


def _clusters(words: list[str]) -> list[list[str]]:
    """Words joined when they are name variants of each other (transitively)."""
    parent = list(range(len(words)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(words)):
        for j in range(i + 1, len(words)):
            if is_name_variant(words[i], words[j]):
                parent[root(j)] = root(i)
    clusters: dict[int, list[str]] = defaultdict(list)
    for i, word in enumerate(words):
        clusters[root(i)].append(word)
    return list(clusters.values())
