"""The corpus-wide spelling table: names written more than one way.

A *name* here is a capitalised word (possessive ``'s`` removed) that the corpus
uses in mid-sentence at least once and never in lower case (so "Road", "Lake"
or "Minister" are not names), and that is neither all capitals nor a month or
weekday; the spellings of a name variant found in aligned sentences are names wherever
they stand.  Names are grouped by consonant outline (:mod:`provenance.text.names`), the
outlines of such a variant's two spellings as one group (Zabihullah / Zabiullah); in
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
from dataclasses import dataclass, field
from functools import lru_cache

from .._compiled import core as _core
from ..models import Document, NameSpellings, Spelling
from ..parallel import parallel_map, runs
from ..text.names import consonant_outline, is_name_variant, looks_like_name, skeleton, without_possessive
from ..text.numbers import is_calendar_word
from .clusters import components

__all__ = [
    "WordCensus",
    "census_counts",
    "census_words",
    "corpus_census",
    "spelling_table",
    "spellings_from_census",
    "word_census",
]

_WORD = r"[^\W\d_]+(?:['’\-][^\W\d_]+)*"
# Every word, with the space before it when that follows a letter, digit, comma
# or the like: a word in mid-sentence, not at a sentence start.
_WORD_RE = re.compile(r"(?:(?<=[\w,;%)])(\s+))?(" + _WORD + ")")
_CHUNK = 2_000  # documents a worker reads at a time
_VOWELS = frozenset("aeiouy")
_MIN_SKELETON = 5


@lru_cache(maxsize=1 << 16)
def _is_candidate(word: str) -> bool:
    return looks_like_name(word) and not word.isupper() and not is_calendar_word(word)


@dataclass
class WordCensus:
    """What a set of documents says about its words: each candidate name's uses
    (document -> count), the words written in lower case, and the (lower-cased)
    words seen in mid-sentence; possessives removed.  Censuses of parts of a
    corpus add up (:meth:`add`) to the census of the whole, in any order."""

    uses: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    lower_case: set[str] = field(default_factory=set)
    mid_sentence: set[str] = field(default_factory=set)

    def add(self, other: WordCensus) -> None:
        """Add ``other``'s counts and words to this census."""
        for word, per_doc in other.uses.items():
            mine = self.uses[word]
            if mine.keys().isdisjoint(per_doc):  # censuses of different documents: no count to add up
                dict.update(mine, per_doc)
            else:
                mine.update(per_doc)
        self.lower_case |= other.lower_case
        self.mid_sentence |= other.mid_sentence


def census_words(text: str) -> tuple[list[str], list[str]]:
    """The words of ``text`` in order, and in order those of them that stand in mid-sentence
    (what ``_WORD_RE`` finds; one pass of the compiled core when it is built).

    >>> census_words("Minister Araqchi's visit. Then he left")
    (['Minister', "Araqchi's", 'visit', 'Then', 'he', 'left'], ["Araqchi's", 'visit', 'he', 'left'])
    """
    if _core is not None:
        return _core.census_words(text)
    found = _WORD_RE.findall(text)
    return [word for _, word in found], [word for mid, word in found if mid]


def census_counts(text: str) -> tuple[dict[str, int], set[str]]:
    """The words of ``text`` with how many times each is used, and those of them that stand in mid-sentence
    at least once (:func:`census_words` counted; one pass of the compiled core when it is built).

    >>> counts, mid = census_counts("Then Araqchi left. Then he left")
    >>> counts, sorted(mid)
    ({'Then': 2, 'Araqchi': 1, 'left': 2, 'he': 1}, ['Araqchi', 'he', 'left'])
    """
    if _core is not None:
        return _core.census_counts(text)
    words, mid = census_words(text)
    return dict(Counter(words)), set(mid)


def word_census(documents: Iterable[Document]) -> WordCensus:
    """The census of ``documents``: one pass a document finds every word and whether it
    stands in mid-sentence (:func:`census_words`); Python looks at each distinct word of
    the documents once, and counts a document's uses of names by set operations on its words.

    >>> from provenance.models import Document
    >>> census = word_census([Document("a", "a", "Minister Araqchi's visit. Then Araqchi left.")])
    >>> dict(census.uses["Araqchi"]), "araqchi" in census.mid_sentence, "visit" in census.lower_case
    ({'a': 2}, True, True)
    """
    census = WordCensus()
    seen: set[str] = set()
    seen_mid: set[str] = set()
    names: dict[str, str] = {}  # a word seen that is a candidate name (possessive and all) -> the name
    for doc in documents:
        found, mid = census_counts(doc.text)
        # A keys view's difference reads the smaller side: this document's words, not every word seen.
        for word in found.keys() - seen:
            base = without_possessive(word)
            if base[:1].islower():
                census.lower_case.add(base)
            elif _is_candidate(base):
                names[word] = base
            seen.add(word)
        seen_mid |= mid  # each distinct word is looked at once, below
        _tally(found, doc.id, names, census.uses)
    census.mid_sentence.update(without_possessive(word).lower() for word in seen_mid)
    return census


def _tally(found: dict[str, int], doc_id: str, names: dict[str, str], uses: dict[str, Counter[str]]) -> None:
    """Add a document's word counts to the uses of the names among its words (one C loop when the compiled
    core is built: a document holds some fifty names, a corpus millions of uses).

    >>> uses: dict[str, Counter[str]] = defaultdict(Counter)
    >>> _tally({"Araqchi": 2, "Araqchi's": 1, "left": 1}, "a", {"Araqchi": "Araqchi", "Araqchi's": "Araqchi"}, uses)
    >>> dict(uses)
    {'Araqchi': Counter({'a': 3})}
    """
    if _core is not None:
        _core.census_tally(found, doc_id, names, uses)
        return
    for word in found.keys() & names.keys():
        per_doc = uses[names[word]]  # get, not +=: a Counter's missing key is a Python call
        per_doc[doc_id] = per_doc.get(doc_id, 0) + found[word]


def _census(documents: Sequence[Document], span: tuple[int, int]) -> WordCensus:
    return word_census(documents[span[0] : span[1]])


def _same_name(a: str, b: str, known: set[frozenset[str]]) -> bool:
    """Two spellings of one name, on the evidence of the words alone (stricter than
    :func:`is_name_variant`, which an aligned position backs up) or of a known pair."""
    if frozenset((a, b)) in known:
        return True
    first_a, first_b = skeleton(a[0]), skeleton(b[0])
    same_start = a[0].lower() == b[0].lower() or (first_a not in _VOWELS and first_b not in _VOWELS)
    strict = skeleton(a, strict=True)
    return same_start and len(strict) >= _MIN_SKELETON and strict == skeleton(b, strict=True) and is_name_variant(a, b)


def _join(words: Sequence[str], known: set[frozenset[str]]) -> list[list[str]]:
    """``words`` (most used first) in clusters of one name: each word joins the first cluster whose
    head (its first word) is the same name (:func:`_same_name`), or heads a cluster of its own.

    Only a head with the word's strict skeleton, or one the word is known to pair with, can be the
    same name, so those are looked up rather than every head tried: 10,000 respellings of one
    consonant outline would otherwise be 50 million comparisons.

    >>> _join(["Araghchi", "Araqchi", "Araghchy", "Barak"], set())
    [['Araghchi', 'Araqchi', 'Araghchy'], ['Barak']]
    >>> _join(["Tehran", "Teheran"], set()), _join(["Tehran", "Teheran"], {frozenset(("Tehran", "Teheran"))})
    ([['Tehran'], ['Teheran']], [['Tehran', 'Teheran']])
    """
    partners: dict[str, set[str]] = defaultdict(set)
    for pair in known:
        for word in pair:
            partners[word] |= pair - {word}
    clusters: dict[str, list[str]] = {}
    by_strict: dict[str, list[str]] = defaultdict(list)
    order: dict[str, int] = {}
    for word in words:
        strict = skeleton(word, strict=True)
        possible = by_strict.get(strict, []) + [h for h in partners.get(word, ()) if h in order]
        head = min((h for h in possible if _same_name(h, word, known)), key=order.__getitem__, default=None)
        if head is None:
            clusters[word] = [word]
            by_strict[strict].append(word)
            order[word] = len(order)
        else:
            clusters[head].append(word)
    return list(clusters.values())


def _known_pair(a: str, b: str) -> frozenset[str]:
    """A name variant of aligned sentences as the census reads its two spellings, possessives removed; a
    possessive facing itself written without its apostrophe (Bachelor's / Bachelors) is one spelling, not
    two (never Bachelor / Bachelors).

    >>> sorted(_known_pair("Araqchi's", "Araghchi")), sorted(_known_pair("Murderer's", "Murderers"))
    (['Araghchi', 'Araqchi'], ['Murderer'])
    """
    base_a, base_b = without_possessive(a), without_possessive(b)
    if (base_a != a) == (base_b != b):
        return frozenset((base_a, base_b))
    possessive, plain = (base_a, b) if base_a != a else (base_b, a)
    if plain.lower() == possessive.lower() + "s":
        return frozenset((possessive,))
    return frozenset((possessive, plain))


def _known_forms(known: set[frozenset[str]], form: dict[str, str]) -> set[frozenset[str]]:
    """The known pairs written as the table writes each spelling (the form most used of those differing only
    in case: ``form`` maps each lower-cased spelling to it)."""
    out: set[frozenset[str]] = set()
    for pair in known:
        forms = frozenset(form[w.lower()] for w in pair if w.lower() in form)
        if len(forms) == 2 and forms != pair:
            out.add(forms)
    return out


def spelling_table(
    documents: Sequence[Document], *, variants: Iterable[tuple[str, str]] = (), jobs: int = 1
) -> tuple[NameSpellings, ...]:
    """Names with more than one spelling across ``documents``, most used first.

    Without positional evidence, two spellings are one name only when their
    strict skeletons are equal (Araqchi / Araghchi, Sergei / Sergey), at least
    ``_MIN_SKELETON`` letters long and start alike; ``variants`` adds pairs known
    to be one name (the name-variant changes of aligned sentences: Tehran / Teheran).
    The documents are read in runs of ``_CHUNK`` over ``jobs`` processes
    (:func:`provenance.parallel.parallel_map`), in one run in one process (adding up the censuses of
    runs costs a Counter update a name); the table does not depend on ``jobs``.
    """
    return spellings_from_census(corpus_census(documents, jobs=jobs), variants=variants)


def corpus_census(documents: Sequence[Document], *, jobs: int = 1) -> WordCensus:
    """The :func:`word_census` of ``documents``, read in runs of ``_CHUNK`` over ``jobs`` processes and
    added up (the census :func:`spelling_table` reads)."""
    parts = parallel_map(_census, runs(len(documents), _CHUNK, jobs=jobs), shared=documents, jobs=jobs, chunksize=1)
    census = next(parts, None) or WordCensus()
    for part in parts:
        census.add(part)
    return census


def spellings_from_census(census: WordCensus, *, variants: Iterable[tuple[str, str]] = ()) -> tuple[NameSpellings, ...]:
    """The spelling table (see :func:`spelling_table`) of a corpus from its :func:`word_census`,
    however the census was gathered (one process, several, or Spark's executors)."""
    known = {pair for a, b in variants if len(pair := _known_pair(a, b)) == 2}
    uses, lower_case, mid_sentence = census.uses, census.lower_case, census.mid_sentence
    # Spellings that differ only in case are one spelling: the most used form.
    # A spelling of a known pair is a name on the aligned position's evidence, wherever the corpus uses it
    # (a name that only ever starts sentences: "Zabiullah Mujahid, a spokesman, said").
    paired = {word.lower() for pair in known for word in pair}
    by_lower: dict[str, list[str]] = defaultdict(list)
    for word in uses:
        if word.lower() in paired or (word.lower() in mid_sentence and word.lower() not in lower_case):
            by_lower[word.lower()].append(word)
    merged: dict[str, Counter[str]] = {}
    for forms in by_lower.values():
        forms.sort(key=lambda w: (-sum(uses[w].values()), w))
        total: Counter[str] = Counter()
        for w in forms:
            total.update(uses[w])
        merged[forms[0]] = total
    outline = {word: consonant_outline(word) for word in merged}
    # A known pair joins the groups of its two outlines: a silent h or a doubled consonant the name rules
    # read as one name changes the outline (Zabihullah / Zabiullah, Pochettino / Pocchettino).
    known |= _known_forms(known, {word.lower(): word for word in merged})
    joined = components((outline[a], outline[b]) for a, b in known if a in outline and b in outline)
    groups: dict[str, list[str]] = defaultdict(list)
    for word in merged:
        groups[joined.get(outline[word], outline[word])].append(word)
    table: list[NameSpellings] = []
    for words in groups.values():
        if len(words) < 2:
            continue
        words.sort(key=lambda w: (-sum(merged[w].values()), w))
        for cluster in _join(words, known):
            if len(cluster) < 2:
                continue
            spellings = tuple(Spelling(w, tuple(sorted(merged[w].items()))) for w in cluster)
            table.append(NameSpellings(spellings[0].spelling, spellings))
    return tuple(sorted(table, key=lambda t: (-sum(s.count for s in t.spellings), t.name)))
