"""The candidate screen: a candidate pair none of whose sentences could align is not verified.

LSH with bands of two rows finds a pair sharing one short passage, and so also pairs sharing a
phrase or two by chance: at 100,000 generated articles, 96 % of the 41,847 candidates have no two
sentences that align.  Verifying one costs reading both documents prepared again and the aligner's
figures for every pair of sentences sharing five words (about 3 ms); the screen reads each
document's words as 64-bit codes (:func:`word_codes`, spilled by the scan's first pass:
:class:`WordSpill`) and counts the sentence pairs that pass the aligner's necessary conditions
(:func:`linkable_pairs`), in about a tenth of that.

The screen is exact: :func:`linkable_pairs` bounds from above the links the aligner makes
(:func:`provenance.detect.align.align_sentences`), so a pair with fewer than
``reuse_min_sentences`` of them cannot be reuse, and the pairs kept are verified as before: the
reports are the same with it and without (tests/test_screen.py).  Two words sharing a code only
raise the bound, but for the word sets' figures, whose floors two distinct shared words taken
for one could lower: 64-bit codes make that about one chance in 10¹³ a pair.

>>> from provenance.text.sentences import split_sentences
>>> a = words_of(split_sentences("The talks resume in May, the minister said. Rain fell all day."))
>>> b = words_of(split_sentences("Talks will resume in May, the minister told reporters."))
>>> c = words_of(split_sentences("Markets closed higher on Friday after a quiet week."))
>>> linkable_pairs(a, b, Settings()), linkable_pairs(a, c, Settings())
(1, 0)
"""

from __future__ import annotations

import mmap
import os
from collections.abc import Sequence
from itertools import chain, pairwise

import numpy as np

from .._compiled import core as _core
from ..models import Sentence
from ..settings import Settings
from ..text.lexicon import FUNCTION_WORDS
from .align import pair_overlap, similarity_matrices

__all__ = [
    "SCREENS",
    "SpilledWords",
    "WordSpill",
    "Words",
    "linkable_pairs",
    "plain_word_codes",
    "word_codes",
    "words_of",
]

SCREENS = _core is not None
"""Whether a scan screens its candidates: with the compiled core (the plain word codes would cost a scan more
than the screen saves it; without it every candidate is verified, as before the screen)."""

Words = tuple[np.ndarray, np.ndarray]
"""A document's words as the screen reads them: every sentence's word codes (uint64, :func:`word_codes`)
one after another, and the number of words of each sentence (int32)."""

_MASK = (1 << 64) - 1


def plain_word_codes(words: Sequence[str]) -> np.ndarray:
    """:func:`word_codes` in plain Python (the compiled core gives the same, tests/test_fastpath.py).

    >>> plain_word_codes(["the", "minister"]).tolist() == word_codes(["the", "minister"]).tolist()
    True
    """
    codes = []
    for word in words:
        h = 0xCBF29CE484222325
        for byte in word.encode("utf-8"):
            h = ((h ^ byte) * 0x100000001B3) & _MASK
        h = ((h ^ (h >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        h = ((h ^ (h >> 27)) * 0x94D049BB133111EB) & _MASK
        h ^= h >> 31
        codes.append((h & ~1) | (word not in FUNCTION_WORDS))
    return np.array(codes, dtype=np.uint64)


def word_codes(words: Sequence[str]) -> np.ndarray:
    """Each word as 64 bits (uint64): a hash of its UTF-8 bytes (FNV-1a, then splitmix64's finaliser),
    the same in every process and on every machine, with its lowest bit 1 for a content word (one not in
    :data:`~provenance.text.lexicon.FUNCTION_WORDS`), as the aligner's word-set figures count them."""
    if _core is None:
        return plain_word_codes(words)
    return np.frombuffer(_core.word_codes(words, FUNCTION_WORDS), dtype=np.uint64)


def words_of(sentences: Sequence[Sentence]) -> Words:
    """The :data:`Words` of a document's sentences (a sentence set aside has none)."""
    counts = np.fromiter((len(s.tokens) for s in sentences), dtype=np.int32, count=len(sentences))
    return word_codes(list(chain.from_iterable(s.tokens for s in sentences))), counts


def _usable(words: Words, min_tokens: int) -> tuple[np.ndarray, np.ndarray]:
    """The codes and word counts of the sentences with at least ``min_tokens`` words (the others never align)."""
    codes, counts = words
    usable = counts >= min_tokens
    return codes[np.repeat(usable, counts)], counts[usable]


def linkable_pairs(a: Words, b: Words, settings: Settings) -> int:
    """How many sentence pairs of ``a`` and ``b`` pass the conditions every link of the aligner meets: both
    sentences of ``min_sentence_tokens`` words, and token similarity of ``similarity_threshold``, or
    ``min_shared_tokens`` words in order and either containment of ``containment_threshold`` or one of the
    rewrite floors (content-word Dice of the lesser of ``rewrite_content_dice`` and
    ``rewrite_whole_content_dice``, or the lesser of ``rewrite_phrase_trigrams`` and
    ``rewrite_shared_trigrams`` shared word trigrams).  Each alignment holds one link or more, so this
    bounds the alignments from above.  Linear in the words but for one matrix of sentence pairs; past
    ``max_align_sentences`` sentences a side, where the aligner compares distinct sentences only, the
    trivial bound (every pair) without a matrix.
    """
    codes_a, counts_a = _usable(a, settings.min_sentence_tokens)
    codes_b, counts_b = _usable(b, settings.min_sentence_tokens)
    if max(len(counts_a), len(counts_b)) > settings.max_align_sentences:
        return len(counts_a) * len(counts_b)
    if not len(counts_a) or not len(counts_b):
        return 0
    vocabulary, ids = np.unique(np.concatenate([codes_a, codes_b]), return_inverse=True)
    flat = ids.tolist()
    bounds = np.r_[0, np.cumsum(np.concatenate([counts_a, counts_b]))].tolist()
    sentences = [flat[s:e] for s, e in pairwise(bounds)]
    n_a = len(counts_a)
    lcs, similarity, containment = similarity_matrices(sentences[:n_a], sentences[n_a:])
    shared = lcs >= settings.min_shared_tokens
    direct = (similarity >= settings.similarity_threshold) | (shared & (containment >= settings.containment_threshold))
    rows, cols = np.nonzero(shared & ~direct)
    found = int(np.count_nonzero(direct))
    if not len(rows):
        return found
    owner = np.repeat(np.arange(len(sentences)), np.concatenate([counts_a, counts_b]))
    content = (vocabulary[ids] & np.uint64(1)).astype(bool)
    common, size_a, size_b = pair_overlap(ids[content], owner[content], (n_a, len(counts_b)), rows, cols)
    with np.errstate(invalid="ignore", divide="ignore"):
        dice = np.where(size_a + size_b > 0, 2.0 * common / (size_a + size_b), 0.0)
    least_dice = min(settings.rewrite_content_dice, settings.rewrite_whole_content_dice)
    least_trigrams = min(settings.rewrite_phrase_trigrams, settings.rewrite_shared_trigrams)
    floor = dice >= least_dice
    if least_trigrams <= 0:
        return found + len(rows)
    if len(vocabulary) >= 1 << 21:  # trigram codes of three ids would overflow: every such pair counts
        return found + len(rows)
    undecided = ~floor
    if undecided.any():
        width = len(vocabulary)
        run = (owner[:-2] == owner[1:-1]) & (owner[1:-1] == owner[2:])
        trigrams = (ids[:-2][run] * width + ids[1:-1][run]) * width + ids[2:][run]
        held = pair_overlap(trigrams, owner[:-2][run], (n_a, len(counts_b)), rows[undecided], cols[undecided])[0]
        floor[np.flatnonzero(undecided)] = held >= least_trigrams
    return found + int(np.count_nonzero(floor))


class WordSpill:
    """Documents' :data:`Words` appended to one file under ``directory`` (a process's own: ``words-PID``);
    :meth:`add` gives where each landed, for :class:`SpilledWords`."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.path = os.path.join(os.fspath(directory), f"words-{os.getpid()}")
        self._parts: list[bytes] = []
        self._end = os.path.getsize(self.path) if os.path.exists(self.path) else 0

    def add(self, words: Words) -> tuple[str, int]:
        """Append one document's words; its place: the file's name and the record's offset."""
        codes, counts = words
        at = self._end
        record = np.int64(len(counts)).tobytes() + counts.astype(np.int32).tobytes()
        record += b"\0" * (-len(record) % 8) + codes.astype(np.uint64).tobytes()
        self._parts.append(record)
        self._end += len(record)
        return os.path.basename(self.path), at

    def flush(self) -> None:
        """Write out the records added so far."""
        if self._parts:
            with open(self.path, "ab") as out:
                out.write(b"".join(self._parts))
            self._parts = []


class SpilledWords:
    """The :data:`Words` of documents spilled under ``directory``, read from memory maps of their files
    (each opened once a process)."""

    def __init__(self, directory: str | os.PathLike[str], places: Sequence[tuple[str, int] | None]) -> None:
        self._dir = os.fspath(directory)
        self._places = places
        self._maps: dict[str, mmap.mmap] = {}

    def close(self) -> None:
        """Close the memory maps this process opened (before the spill folder is removed)."""
        for data in self._maps.values():
            data.close()
        self._maps.clear()

    def __getitem__(self, doc: int) -> Words | None:
        """Document ``doc``'s words, or None when none were spilled for it."""
        place = self._places[doc]
        if place is None:
            return None
        name, at = place
        data = self._maps.get(name)
        if data is None:
            with open(os.path.join(self._dir, name), "rb") as f:
                data = self._maps[name] = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        # Copies (a few kilobytes), not views: no array holds on to a map, so :meth:`close` always can.
        n = int(np.frombuffer(data, dtype=np.int64, count=1, offset=at)[0])
        counts = np.frombuffer(data, dtype=np.int32, count=n, offset=at + 8).copy()
        start = at + 8 + 4 * n + (-(8 + 4 * n) % 8)
        return np.frombuffer(data, dtype=np.uint64, count=int(counts.sum()), offset=start).copy(), counts
