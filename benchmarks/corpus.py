"""A synthetic news corpus with known, injected reprints: for speed and recall benchmarks.

``generate(n, seed=...)`` yields ``n`` articles (in memory, one at a time, so a
million never sit in memory at once) and fills a :class:`Truth` with every
injected reprint.  ``write_folder`` writes them as ``.txt`` files (what ``scan``
and ``index`` read); ``write_jsonl`` streams them to one JSON Lines file (one
``{"id", "text"}`` object a line), the layout to use for a million articles.

The articles look like wire copy: a headline, a dateline ``CITY, Month D
(Outlet) –``, then 300–1,200 words in paragraphs of one to three sentences of
8–30 words.  Words are made-up but pronounceable, drawn from a Zipf-weighted
vocabulary (exponent ``ZIPF_EXPONENT``) under a few hundred real English
function words, so common words and 5-word shingles repeat across the corpus
as they do in news.  Each article has a *topic*: a quarter of its content words
and its named people and places come from that topic's own word list, so
articles on one topic share vocabulary and names without sharing a sentence
(the topical-only pairs that must never be reported).

One article in ``reprint_every`` is a reprint of an earlier one (any earlier
article, reprints included, so chains occur): it reuses a share of its
source's sentences (uniform in ``[min_share, 1]``), edited as republishers
edit: sentences dropped, two neighbours swapped, a word replaced by its
synonym, a name respelled (Araqchi/Araghchi), and a paragraph of its own added
before, inside or after the reused text.

Deterministic: the same ``(n, seed, …)`` gives byte-identical articles.

>>> truth = Truth()
>>> arts = list(generate(50, seed=3, reprint_every=10, truth=truth))
>>> len(arts), len(truth.reprints)
(50, 4)
>>> arts == list(generate(50, seed=3, reprint_every=10))
True
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = ["Article", "Reprint", "Truth", "generate", "write_folder", "write_jsonl"]

ZIPF_EXPONENT = 1.07
VOCABULARY = 40_000
TOPICS = 400
TOPIC_WORDS = 300
TOPIC_NAMES = 24
TOPIC_SHARE = 0.25  # share of content words drawn from the article's topic
FUNCTION_SHARE = 0.45  # share of words that are function words

_FUNCTION = [
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "that",
    "is",
    "was",
    "he",
    "for",
    "it",
    "with",
    "as",
    "his",
    "on",
    "be",
    "at",
    "by",
    "i",
    "this",
    "had",
    "not",
    "are",
    "but",
    "from",
    "or",
    "have",
    "an",
    "they",
    "which",
    "one",
    "you",
    "were",
    "her",
    "all",
    "she",
    "there",
    "would",
    "their",
    "we",
    "him",
    "been",
    "has",
    "when",
    "who",
    "will",
    "more",
    "no",
    "if",
    "out",
    "so",
    "said",
    "what",
    "up",
    "its",
    "about",
    "into",
    "than",
    "them",
    "can",
    "only",
    "other",
    "new",
    "some",
    "could",
    "time",
    "these",
    "two",
    "may",
    "then",
    "do",
    "first",
    "any",
    "my",
    "now",
    "such",
    "like",
    "our",
    "over",
    "man",
    "me",
    "even",
    "most",
    "made",
    "after",
    "also",
    "did",
    "many",
    "before",
    "must",
    "through",
    "back",
    "years",
    "where",
    "much",
    "your",
    "way",
    "well",
    "down",
    "should",
    "because",
    "each",
    "just",
    "those",
    "people",
    "how",
    "too",
    "little",
    "state",
    "good",
    "very",
    "make",
    "world",
    "still",
    "own",
    "see",
    "men",
    "work",
    "long",
    "get",
    "here",
    "between",
    "both",
    "life",
    "being",
    "under",
    "never",
    "day",
    "same",
    "another",
    "know",
    "while",
    "last",
    "might",
    "us",
    "great",
    "old",
    "year",
    "off",
    "come",
    "since",
    "against",
    "go",
    "came",
    "right",
    "used",
    "take",
    "three",
]
_ONSETS_TEXT = (
    "b bl br c ch cl cr d dr f fl fr g gl gr h j k l m n p pl pr qu r s sc sh sk sl sm sn sp st str t th tr v w wh z"
)
_ONSETS = tuple(_ONSETS_TEXT.split(" "))
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ee", "ie", "oa", "ou"]
_CODAS = ("", "", "", "n", "r", "l", "s", "t", "nd", "rt", "st", "ng", "ck", "m", "x")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_OUTLETS = tuple(f"{w} {kind}" for w in ("Mountain", "Harbor", "Valley", "River", "Capital", "Coast", "Northern",
                 "Union", "Metro", "Plains") for kind in ("Herald", "Post", "Times", "Daily", "Wire"))  # fmt: skip
# Respellings of the kind transliteration produces (first match applied).
_RESPELL = (("q", "gh"), ("k", "c"), ("ss", "s"), ("ou", "u"), ("y", "i"), ("ei", "ey"), ("a", "ah"))


@dataclass(frozen=True)
class Article:
    """One generated article."""

    id: str
    text: str
    topic: int


@dataclass(frozen=True)
class Reprint:
    """An injected reprint: ``id`` reuses ``share`` of ``source``'s sentences (before edits)."""

    id: str
    source: str
    share: float
    edits: tuple[str, ...]


@dataclass
class Truth:
    """What was injected: direct reprints, plus every pair that shares an original sentence."""

    reprints: list[Reprint] = field(default_factory=list)
    topics: dict[str, int] = field(default_factory=dict)
    # original sentence (article, index) -> the other articles that carry it
    _carriers: dict[tuple[str, int], list[str]] = field(default_factory=lambda: defaultdict(list))

    def related(self) -> set[tuple[str, str]]:
        """Every pair ``(a, b)``, ``a < b``, sharing at least one original sentence (chains included)."""
        pairs: set[tuple[str, str]] = set()
        for (owner, _), carriers in self._carriers.items():
            members = sorted({owner, *carriers})
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    pairs.add((a, b))
        return pairs


def _words(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` made-up words of one to three syllables (onset, vowel, coda), drawn all at once."""
    syllables = rng.choice([1, 1, 2, 2, 2, 3], size=n)
    parts = np.stack(
        [rng.integers(len(_ONSETS), size=(n, 3)), rng.integers(len(_VOWELS), size=(n, 3)),
         rng.integers(len(_CODAS), size=(n, 3))], axis=-1
    )  # fmt: skip
    return [
        "".join(_ONSETS[o] + _VOWELS[v] + _CODAS[c] for o, v, c in parts[i, : syllables[i]].tolist()) for i in range(n)
    ]


def _respell(name: str) -> str:
    lower = name.lower()
    for old, new in _RESPELL:
        at = lower.find(old, 1)
        if at > 0:
            return name[:at] + new + name[at + len(old) :]
    return name + "h"


class _Lexicon:
    """The vocabulary, its Zipf weights, synonyms and the topics' words and names."""

    def __init__(self, rng: np.random.Generator) -> None:
        words: list[str] = []
        seen = set(_FUNCTION)
        while len(words) < VOCABULARY:
            for w in _words(rng, VOCABULARY):
                if w not in seen and len(w) > 2 and len(words) < VOCABULARY:
                    seen.add(w)
                    words.append(w)
        self.words = words
        ranks = np.arange(1, len(words) + 1, dtype=np.float64)
        weights = ranks**-ZIPF_EXPONENT
        self.cumulative = np.cumsum(weights / weights.sum())
        fw = np.arange(1, len(_FUNCTION) + 1, dtype=np.float64) ** -1.0
        self.function_cumulative = np.cumsum(fw / fw.sum())
        # Every content word of rank 50..5,000 has a synonym elsewhere in the vocabulary.
        self.synonyms = {words[i]: words[i + 5_000] for i in range(50, 5_000)}
        self.topic_words = rng.integers(0, len(words), size=(TOPICS, TOPIC_WORDS))
        first, last = _words(rng, TOPICS * TOPIC_NAMES), _words(rng, TOPICS * TOPIC_NAMES)
        full = rng.random(TOPICS * TOPIC_NAMES) < 0.6  # most names have a first and a last name
        names = [
            f.capitalize() + (" " + la.capitalize() if k else "") for f, la, k in zip(first, last, full, strict=True)
        ]
        self.topic_names = [[n for n in names[t * TOPIC_NAMES : (t + 1) * TOPIC_NAMES]] for t in range(TOPICS)]

    def sentence(self, rng: np.random.Generator, topic: int) -> str:
        n = int(rng.integers(8, 31))
        # Drawn as arrays, then read as Python numbers (indexing a NumPy array a word at a time is slow).
        kinds = rng.random(n).tolist()
        content = np.searchsorted(self.cumulative, rng.random(n)).tolist()
        function = np.searchsorted(self.function_cumulative, rng.random(n)).tolist()
        topical = self.topic_words[topic, rng.integers(0, TOPIC_WORDS, n)].tolist()
        names = self.topic_names[topic]
        words = self.words
        last = len(words) - 1
        named = FUNCTION_SHARE + 0.04
        topic_share = named + (1 - FUNCTION_SHARE) * TOPIC_SHARE
        out: list[str] = []
        for k, c, f, t in zip(kinds, content, function, topical, strict=True):
            if k < FUNCTION_SHARE:
                out.append(_FUNCTION[f])
            elif k < named:
                out.append(names[c % len(names)])
            elif k < topic_share:
                out.append(words[t])
            else:
                out.append(words[min(c, last)])
        first = out[0]
        out[0] = first[0].upper() + first[1:]
        return " ".join(out) + ("." if rng.random() < 0.93 else "?")


def _own_sentences(lex: _Lexicon, rng: np.random.Generator, topic: int, words: int) -> list[str]:
    sentences: list[str] = []
    count = 0
    while count < words:
        s = lex.sentence(rng, topic)
        sentences.append(s)
        count += s.count(" ") + 1
    return sentences


def _paragraphs(rng: np.random.Generator, sentences: list[str]) -> list[str]:
    paragraphs: list[str] = []
    i = 0
    while i < len(sentences):
        k = int(rng.integers(1, 4))
        paragraphs.append(" ".join(sentences[i : i + k]))
        i += k
    return paragraphs


def _edit(lex: _Lexicon, rng: np.random.Generator, sentence: str, edits: set[str]) -> str:
    words = sentence.split(" ")
    if rng.random() < 0.3:  # a synonym swapped
        spots = [i for i, w in enumerate(words) if w.rstrip(".?") in lex.synonyms]
        if spots:
            i = spots[int(rng.integers(len(spots)))]
            bare = words[i].rstrip(".?")
            words[i] = lex.synonyms[bare] + words[i][len(bare) :]
            edits.add("synonym")
    if rng.random() < 0.3:  # a name respelled
        spots = [i for i, w in enumerate(words) if i and w[:1].isupper()]
        if spots:
            i = spots[int(rng.integers(len(spots)))]
            bare = words[i].rstrip(".?")
            words[i] = _respell(bare) + words[i][len(bare) :]
            edits.add("respelled")
    return " ".join(words)


def generate(
    n: int,
    *,
    seed: int = 7,
    reprint_every: int = 100,
    min_share: float = 0.1,
    truth: Truth | None = None,
    prefix: str = "a",
) -> Iterator[Article]:
    """Yield ``n`` articles (ids ``a0000000``…), recording injected reprints in ``truth``.

    ``prefix`` starts every id: shards generated with other seeds and prefixes (``b``, ``c``…) can share
    one folder, so a large corpus is written by several processes at once.
    """
    rng = np.random.default_rng(seed)
    lex = _Lexicon(rng)
    # Sentences of every article, kept so later reprints can reuse them (with their origins).
    bodies: list[list[tuple[str, tuple[str, int]]]] = []
    topics: list[int] = []
    width = max(7, len(str(n)))
    for i in range(n):
        doc_id = f"{prefix}{i:0{width}d}"
        topic = int(rng.integers(TOPICS))
        target = int(rng.integers(300, 1201))
        own = _own_sentences(lex, rng, topic, target)
        body: list[tuple[str, tuple[str, int]]] = [(s, (doc_id, k)) for k, s in enumerate(own)]
        if i and i % reprint_every == 0:
            j = int(rng.integers(i))
            source_id = f"{prefix}{j:0{width}d}"
            source = bodies[j]
            topic = topics[j]
            share = float(rng.uniform(min_share, 1.0))
            take = max(2, round(share * len(source)))
            start = int(rng.integers(0, len(source) - take + 1))
            reused = source[start : start + take]
            edits: set[str] = set()
            if take > 4:  # sentences dropped inside the reused run
                keep = rng.random(take) > 0.1
                keep[0] = True
                if not keep.all():
                    edits.add("dropped")
                reused = [s for s, k in zip(reused, keep, strict=True) if k]
            if len(reused) > 3 and rng.random() < 0.5:  # two neighbours swapped
                k = int(rng.integers(len(reused) - 1))
                reused[k], reused[k + 1] = reused[k + 1], reused[k]
                edits.add("reordered")
            reused = [(_edit(lex, rng, s, edits), origin) for s, origin in reused]
            # Its own text: a lead, a paragraph added inside or after, up to the article's length.
            reused_words = sum(s.count(" ") + 1 for s, _ in reused)
            own_words = max(60, target - reused_words)
            mine = [(s, (doc_id, k)) for k, s in enumerate(_own_sentences(lex, rng, topic, own_words))]
            lead = int(rng.integers(0, min(3, len(mine)) + 1))
            cut = int(rng.integers(0, len(reused) + 1))
            body = mine[:lead] + reused[:cut] + mine[lead:] + reused[cut:]
            edits.add("paragraph added")
            share_reused = len({o for _, o in reused}) / len(source)
            if truth is not None:
                truth.reprints.append(Reprint(doc_id, source_id, round(share_reused, 4), tuple(sorted(edits))))
                for _, origin in reused:
                    truth._carriers[origin].append(doc_id)
        bodies.append(body)
        topics.append(topic)
        if truth is not None:
            truth.topics[doc_id] = topic
        city = lex.topic_names[topic][int(rng.integers(TOPIC_NAMES))].split()[0]
        outlet = _OUTLETS[int(rng.integers(len(_OUTLETS)))]
        date = f"{_MONTHS[int(rng.integers(12))]} {int(rng.integers(1, 29))}"
        headline = lex.sentence(rng, topic).rstrip(".?")
        paragraphs = _paragraphs(rng, [s for s, _ in body])
        paragraphs[0] = f"{city.upper()}, {date} ({outlet}) – {paragraphs[0]}"
        yield Article(doc_id, headline + "\n\n" + "\n\n".join(paragraphs) + "\n", topic)


def write_folder(articles: Iterator[Article], folder: str | Path) -> int:
    """Write each article as ``<id>.txt`` into ``folder``; return how many."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for art in articles:
        (out / f"{art.id}.txt").write_text(art.text, encoding="utf-8")
        count += 1
    return count


def write_jsonl(articles: Iterator[Article], path: str | Path) -> int:
    """Stream the articles to one JSON Lines file (``{"id", "text"}`` a line); return how many."""
    count = 0
    with open(path, "w", encoding="utf-8") as fh:
        for art in articles:
            fh.write(json.dumps({"id": art.id, "text": art.text}, ensure_ascii=False) + "\n")
            count += 1
    return count


def write_truth(reprints: list[Reprint], path: str | Path) -> None:
    """Write the injected reprints to ``path``, one JSON object a line (``--truth``)."""
    with open(path, "w", encoding="utf-8") as fh:
        for r in reprints:
            fh.write(json.dumps({"id": r.id, "source": r.source, "share": r.share, "edits": list(r.edits)}) + "\n")


def read_truth(path: str | Path) -> list[Reprint]:
    """The reprints a ``--truth`` file holds (:func:`write_truth`)."""
    with open(path, encoding="utf-8") as fh:
        return [Reprint(r["id"], r["source"], r["share"], tuple(r["edits"])) for r in map(json.loads, fh)]


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write a synthetic news corpus with injected reprints.")
    parser.add_argument("n", type=int, help="articles")
    parser.add_argument("out", help="a folder (one .txt per article) or a .jsonl file")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reprint-every", type=int, default=100)
    parser.add_argument("--truth", help="also write the injected reprints to this JSON Lines file")
    parser.add_argument("--prefix", default="a", help="first letters of every id (one per shard of a corpus)")
    args = parser.parse_args()
    truth = Truth()
    arts = generate(args.n, seed=args.seed, reprint_every=args.reprint_every, truth=truth, prefix=args.prefix)
    written = write_jsonl(arts, args.out) if args.out.endswith(".jsonl") else write_folder(arts, args.out)
    if args.truth:
        write_truth(truth.reprints, args.truth)
    print(f"{written} articles written to {args.out}")
