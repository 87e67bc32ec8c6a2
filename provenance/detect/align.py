"""Sentence alignment: which sentences of A correspond to which of B.

The whole sentence-by-sentence matrix of token-level LCS lengths is computed in
C++ by :func:`rapidfuzz.process.cdist` (``Indel`` distance over token ids), and
two figures come from it for every cell:

* *similarity* ``2·lcs / (len_a + len_b)``: both sentences say the same thing;
* *containment* ``lcs / min(len_a, len_b)``: the shorter sentence is inside the
  longer one (a sentence split in two, or two merged into one).

A pair below the similarity threshold that shares enough words in order is a
rewrite when a logistic score over five lexical figures, fitted on MSRP
(:func:`rewrite_features`, :func:`rewrite_score`), says so and two floors for
sentences on one topic hold. Pairs are first matched one to one, best similarity
first, so reordered text aligns; then every sentence left over is attached to the sentence that contains
it.  Linked sentences that are adjacent on both sides form one alignment.

>>> from provenance.text.sentences import split_sentences
>>> a = split_sentences("The sky is blue today. Birds sing in the old oak tree.")
>>> b = split_sentences("Birds sing in the old oak tree. The sky is very blue today.")
>>> [(al.a_sentences, al.b_sentences) for al in align_sentences(a, b)]
[((0,), (1,)), ((1,), (0,))]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from itertools import chain
from typing import Literal

import numpy as np
from rapidfuzz.distance import Indel
from rapidfuzz.process import cdist

from .._compiled import core as _core
from ..models import Alignment, Sentence, Span
from ..settings import Settings
from ..text.lexicon import FUNCTION_WORDS

__all__ = [
    "REWRITE_FEATURES",
    "REWRITE_FLOORS",
    "align_sentences",
    "compared_sentences",
    "pair_overlap",
    "rewrite_features",
    "rewrite_score",
    "similarity_matrices",
    "token_ids",
]

REWRITE_FEATURES = ("similarity", "containment", "bigram_dice", "trigram_dice", "unmatched_words")
"""The figures the rewrite decision weighs, the first columns of :func:`rewrite_features`."""
REWRITE_FLOORS = ("content_dice", "shared_word_trigrams")
"""The figures after them: a floor and a way round the weighing (``align_sentences``)."""


def _vocabulary(a: Sequence[Sentence], b: Sequence[Sentence]) -> tuple[list[list[int]], list[list[int]], list[str]]:
    """Both sides' token ids from one shared vocabulary, and the vocabulary's words in id order."""
    vocab: dict[str, int] = {}
    ids_a = [[vocab.setdefault(t, len(vocab)) for t in s.tokens] for s in a]
    ids_b = [[vocab.setdefault(t, len(vocab)) for t in s.tokens] for s in b]
    return ids_a, ids_b, list(vocab)


def token_ids(a: Sequence[Sentence], b: Sequence[Sentence]) -> tuple[list[list[int]], list[list[int]]]:
    """Both sides' token sequences as integer ids from one shared vocabulary."""
    ids_a, ids_b, _ = _vocabulary(a, b)
    return ids_a, ids_b


_LARGEST_VOCABULARY = 1 << 21
"""Most distinct words whose word-trigram codes (three ids, one int64) cannot overflow."""

_SMALL_CELLS = 1 << 16
"""Largest sentences x words matrix of content words built without renumbering the words."""

_DENSE_CELLS = 1 << 18
"""Largest sentences x codes matrix held dense (256 kB of bool); a larger one is sparse (scipy):
past it the sets are sparse enough that the dense rows cost more than building the sparse matrix."""


def pair_overlap(
    codes: np.ndarray,
    owners: np.ndarray,
    sides: tuple[int, int],
    rows: np.ndarray,
    cols: np.ndarray,
    width: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Codes held in common by the pairs ``(rows[k], n_a + cols[k])`` of code sets, and each side's
    set size; ``sides`` = ``(n_a, n_b)``, ``owners`` number A's sentences, then B's (ascending). The
    compiled core (:func:`provenance._core.set_overlaps`) sorts each set once and merges each pair's two.
    Without it, small sets are bit rows, each pair's intersection a popcount, and past
    :data:`_DENSE_CELLS` one sparse product; ``width``: the codes are already column numbers below it
    (word ids), so none are renumbered."""
    n_a, n_b = sides
    if _core is not None:
        common_b, sizes_b = _core.set_overlaps(
            np.ascontiguousarray(codes, dtype=np.int64),
            np.ascontiguousarray(owners, dtype=np.int64),
            n_a + n_b,
            np.ascontiguousarray(rows, dtype=np.int64),
            np.ascontiguousarray(cols + n_a, dtype=np.int64),
        )
        counts, held = np.frombuffer(common_b, dtype=np.int64), np.frombuffer(sizes_b, dtype=np.int64)
        return counts.astype(np.float64), held[rows].astype(np.float64), held[n_a + cols].astype(np.float64)
    if width is None:
        unique, codes = np.unique(codes, return_inverse=True)
        width = len(unique)
    if (n_a + n_b) * width <= _DENSE_CELLS:
        held = np.zeros((n_a + n_b, width), dtype=bool)
        held[owners, codes] = True  # a set: a repeated code is set once
        # Only the pairs asked for, as bit counts: no float product, so no BLAS threads spinning.
        bits = np.packbits(held, axis=1)
        common = np.bitwise_count(bits[rows] & bits[n_a + cols]).sum(axis=1, dtype=np.int64)
        sizes = np.count_nonzero(held, axis=1)
    else:
        from scipy import sparse  # only big inputs need it: no import time for the rest

        matrix = sparse.csr_matrix((np.ones(len(codes)), (owners, codes)), shape=(n_a + n_b, width))
        matrix.data[:] = 1.0  # duplicates were summed: a set, not a bag
        common = (matrix[:n_a] @ matrix[n_a:].T).toarray()[rows, cols]
        sizes = np.asarray(matrix.sum(axis=1)).ravel()
    return common.astype(np.float64), sizes[rows].astype(np.float64), sizes[n_a + cols].astype(np.float64)


def _renumber(indices: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``indices`` (below ``size``) in order, and each index's place among them:
    ``np.unique(indices, return_inverse=True)`` without sorting.

    >>> [x.tolist() for x in _renumber(np.array([4, 1, 4]), 6)]
    [[1, 4], [1, 0, 1]]
    """
    present = np.zeros(size, dtype=bool)
    present[indices] = True
    return np.flatnonzero(present), (np.cumsum(present) - 1)[indices]


def _dice(common: np.ndarray, size_a: np.ndarray, size_b: np.ndarray) -> np.ndarray:
    total = size_a + size_b
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.where(total > 0, 2.0 * common / total, 0.0))


def _trigrams(sentences: Sequence[Sentence]) -> tuple[np.ndarray, np.ndarray]:
    """Every sentence's character trigrams (of its tokens joined by spaces) as integer codes, with their sentence."""
    texts = [" ".join(s.tokens) for s in sentences]
    chars = np.frombuffer("\0".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    owner = np.repeat(np.arange(len(texts)), [len(t) + 1 for t in texts])[: len(chars)]
    if len(chars) < 3:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    codes = (chars[:-2] << 42) | (chars[1:-1] << 21) | chars[2:]  # code points fit in 21 bits
    inside = (chars[:-2] != 0) & (chars[1:-1] != 0) & (chars[2:] != 0)
    return codes[inside], owner[:-2][inside]


def rewrite_features(
    a: Sequence[Sentence],
    b: Sequence[Sentence],
    matrices: tuple[np.ndarray, np.ndarray],
    rows: np.ndarray,
    cols: np.ndarray,
    vocabulary: tuple[list[list[int]], list[list[int]], list[str]] | None = None,
) -> np.ndarray:
    """The figures the rewrite decision weighs for sentence pairs ``(a[rows[k]], b[cols[k]])``, one row each.

    Columns, as in :data:`REWRITE_FEATURES`: token similarity (2·LCS / total words) and
    containment (LCS / shorter sentence's words), read from ``matrices`` (those two of
    :func:`similarity_matrices`); Dice of the word-bigram sets; Dice of the character-trigram
    sets of the tokens joined by spaces (a word inflected or spelt another way keeps most of its
    trigrams); ``log(1 + n)`` of the most content words (not in
    :data:`provenance.text.lexicon.FUNCTION_WORDS`) either sentence holds that the other lacks
    (a clause of news one side adds); then the two floors of :data:`REWRITE_FLOORS`: Dice of
    the content-word sets and the number of word trigrams (three-word phrases) both hold. Set
    intersections are matrix products over the pairs' sentences (:func:`pair_overlap`), so no
    Python loop runs over the words of each pair. ``vocabulary``: both sides' token ids and
    the words in id order (``_vocabulary``) when the caller has them already.

    >>> from provenance.text.sentences import split_sentences
    >>> a = split_sentences("The minister said the talks would resume in May.")
    >>> b = split_sentences("Talks will resume in May, the minister told reporters.")
    >>> _, similarity, containment = similarity_matrices(*token_ids(a, b))
    >>> rewrite_features(a, b, (similarity, containment), np.array([0]), np.array([0])).round(2).tolist()
    [[0.44, 0.44, 0.38, 0.68, 1.1, 0.67, 1.0]]
    """
    if len(rows) == 0:
        return np.zeros((0, len(REWRITE_FEATURES) + len(REWRITE_FLOORS)))
    similarity, containment = matrices
    similarity, containment = similarity[rows, cols], containment[rows, cols]
    # Only the sentences of some pair count: the set matrices hold those alone.
    kept_a, rows = _renumber(rows, len(a))
    kept_b, cols = _renumber(cols, len(b))
    a, b = [a[i] for i in kept_a.tolist()], [b[j] for j in kept_b.tolist()]
    if vocabulary is None or len(vocabulary[2]) > _LARGEST_VOCABULARY:
        ids_a, ids_b, words = _vocabulary(a, b)
    else:
        ids_a = [vocabulary[0][i] for i in kept_a.tolist()]
        ids_b = [vocabulary[1][j] for j in kept_b.tolist()]
        words = vocabulary[2]
    ids = [*ids_a, *ids_b]
    lengths = np.array([len(x) for x in ids])
    flat = np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=int(lengths.sum()))
    owner = np.repeat(np.arange(len(ids)), lengths)
    n_a = len(ids_a)
    sides = (n_a, len(b))
    same = owner[:-1] == owner[1:]
    bigrams = flat[:-1][same] * len(words) + flat[1:][same]
    run = same[:-1] & same[1:]  # three tokens of one sentence
    word_trigrams = (flat[:-2][run] * len(words) + flat[1:-1][run]) * len(words) + flat[2:][run]
    trigram_codes, trigram_owner = _trigrams([*a, *b])
    tokens = chain.from_iterable(s.tokens for s in (*a, *b))
    content = ~np.fromiter(map(FUNCTION_WORDS.__contains__, tokens), dtype=bool, count=len(flat))
    # Word ids are columns already; renumbering them pays only when the vocabulary is large.
    width = len(words) if len(ids) * len(words) <= _SMALL_CELLS else None
    common, sizes_a, sizes_b = pair_overlap(flat[content], owner[content], sides, rows, cols, width)
    return np.column_stack(
        [
            similarity,
            containment,
            _dice(*pair_overlap(bigrams, owner[:-1][same], sides, rows, cols)),
            _dice(*pair_overlap(trigram_codes, trigram_owner, sides, rows, cols)),
            np.log1p(np.maximum(sizes_a, sizes_b) - common),
            _dice(common, sizes_a, sizes_b),
            pair_overlap(word_trigrams, owner[:-2][run], sides, rows, cols)[0],
        ]
    )


def rewrite_score(features: np.ndarray, weights: Sequence[float]) -> np.ndarray:
    """The rewrite decision's log-odds for rows of :func:`rewrite_features`: ``weights[0]`` (the
    intercept) plus the other weights times the first features, one weight each."""
    coefficients = np.asarray(weights[1:], dtype=np.float64)
    return np.asarray(weights[0] + features[:, : len(coefficients)] @ coefficients)


def similarity_matrices(ids_a: list[list[int]], ids_b: list[list[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Token LCS lengths, similarity and containment for every sentence pair."""
    len_a = np.array([len(x) for x in ids_a], dtype=np.float64)
    len_b = np.array([len(x) for x in ids_b], dtype=np.float64)
    if len(ids_a) == 0 or len(ids_b) == 0:
        empty = np.zeros((len(ids_a), len(ids_b)))
        return empty, empty, empty
    dist = cdist(ids_a, ids_b, scorer=Indel.distance, dtype=np.int32, workers=1)
    total = len_a[:, None] + len_b[None, :]
    lcs = (total - dist) / 2.0
    with np.errstate(invalid="ignore", divide="ignore"):
        similarity = np.where(total > 0, 2.0 * lcs / total, 0.0)
        shorter = np.minimum(len_a[:, None], len_b[None, :])
        containment = np.where(shorter > 0, lcs / shorter, 0.0)
    return lcs, similarity, containment


class _Links:
    """Union-find over sentence nodes ("a", i) / ("b", j), and the links made, each once (a sentence of A
    attached to the sentence of B that contains it may be the one that B's sentence is attached to)."""

    def __init__(self) -> None:
        self.parent: dict[tuple[str, int], tuple[str, int]] = {}
        self.edges: dict[tuple[int, int], None] = {}

    def find(self, node: tuple[str, int]) -> tuple[str, int]:
        root = node
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(node, node) != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def link(self, i: int, j: int) -> None:
        self.edges[i, j] = None
        ra, rb = self.find(("a", i)), self.find(("b", j))
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _contiguous(indices: list[int]) -> bool:
    return indices[-1] - indices[0] + 1 == len(indices)


def _bridged(side: list[int], linked: set[int], lengths: np.ndarray, min_tokens: int) -> list[int]:
    """``side`` (sorted) with its gaps filled when every sentence in them is too short to align and aligned
    nowhere: a quotation split at its capitals ("We are here to Get. It. OUT,") is one group with the
    sentence a copy runs it together into, not two pairs each holding that whole sentence.  The walk stops at
    the first gap sentence that may not be filled, and a maximal run of such sentences follows one member of
    one group only, so every sentence is walked at most once: linear."""
    if len(side) < 2 or _contiguous(side):
        return side
    members = set(side)
    for k in range(side[0], side[-1] + 1):
        if k not in members and (k in linked or lengths[k] >= min_tokens):
            return side
    return list(range(side[0], side[-1] + 1))


def _cover(sentences: Sequence[Sentence], indices: Sequence[int]) -> Span:
    return sentences[indices[0]].span[0], sentences[indices[-1]].span[1]


def _inner_span(outer: Sentence, outer_ids: list[int], inner_ids: list[int]) -> Span:
    """The part of ``outer`` that the shared tokens with ``inner`` cover."""
    blocks = [op for op in Indel.opcodes(outer_ids, inner_ids) if op.tag == "equal"]
    if not blocks:
        return outer.span
    first, last = blocks[0].src_start, blocks[-1].src_end - 1
    return outer.token_spans[first][0], outer.token_spans[last][1]


def compared_sentences(a: Sequence[Sentence], b: Sequence[Sentence], max_sentences: int) -> tuple[list[int], list[int]]:
    """Indices of the sentences of ``a`` and of ``b`` that alignment compares: all of a side's up to
    ``max_sentences``.

    Past that, a side keeps ``max_sentences`` distinct sentences: first those the other text holds
    word for word, then those sharing the most word trigrams with one sentence of it
    (:func:`_most_with_one`), then with all of it, then word pairs (bigrams) the same two ways, a
    sentence repeated word for word counting once (its first occurrence), ties and sentences sharing
    nothing in text order.
    So the sentence matrices stay bounded whatever the input (5,000 copies of one sentence compare as
    one), a copy placed after a thousand lines of filler is still compared, and so is one, edited,
    after long decoy sentences strung from the other text's word pairs (which share few of its
    trigrams) or from three-word runs of all its sentences (which share many, but few with any one).
    Linear in the words (sorts, and a join bounded by :data:`ONE_SENTENCE_JOIN` a word).

    >>> from provenance.text.sentences import split_sentences
    >>> filler = split_sentences("Item one here. Item two here. The council voted for the plan.")
    >>> compared_sentences(filler, split_sentences("Then the council voted for the plan."), 1)
    ([2], [0])
    >>> compared_sentences(split_sentences("Same words here. Same words here. Other words."), [], 2)
    ([0, 2], [])
    """
    if len(a) <= max_sentences and len(b) <= max_sentences:
        return list(range(len(a))), list(range(len(b)))
    ids_a, ids_b, words = _vocabulary(a, b)
    runs_a, runs_b = _word_runs(ids_a, len(words)), _word_runs(ids_b, len(words))
    distinct_a = [_distinct_runs(codes, owner) for codes, owner in runs_a]  # sorted once a side, used both ways
    distinct_b = [_distinct_runs(codes, owner) for codes, owner in runs_b]
    shared_a = _shared(runs_a, distinct_a, distinct_b, len(a))
    shared_b = _shared(runs_b, distinct_b, distinct_a, len(b))
    return _sharing_most(a, b, shared_a, max_sentences), _sharing_most(b, a, shared_b, max_sentences)


ONE_SENTENCE_JOIN = 16
"""A word run (trigram or pair) held by more distinct sentences of the other text than this counts, in
:func:`_most_with_one`, as shared with each of them without pairing them one by one: so the join costs at
most this many pairs a run of the text ranked, whatever the other text repeats.  No word trigram of 4,000
PAN-13 source sentences run together is in more than 16 of them (one in more than 16); a run the other
text repeats that often is a copied one it spreads about, and counting it for every sentence holding it
keeps the copied sentences first."""


def _shared(
    runs: Sequence[tuple[np.ndarray, np.ndarray]],
    distinct: Sequence[tuple[np.ndarray, np.ndarray]],
    other: Sequence[tuple[np.ndarray, np.ndarray]],
    count: int,
) -> list[np.ndarray]:
    """What :func:`_sharing_most` ranks one side's ``count`` sentences by: for word trigrams, then pairs, the
    most shared with one sentence of the other side (:func:`_most_with_one`), then with all of it."""
    return [
        figure
        for (codes, owner), mine, theirs in zip(runs, distinct, other, strict=True)
        for figure in (
            _most_with_one_of(*mine, *theirs, count),
            np.bincount(owner[np.isin(codes, theirs[0])], minlength=count),
        )
    ]


def _distinct_runs(codes: np.ndarray, owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (code, sentence) pairs of a text's word runs, sorted by code, then sentence."""
    order = np.lexsort((owner, codes))
    codes, owner = codes[order], owner[order]
    first = np.ones(len(codes), dtype=bool)
    first[1:] = (codes[1:] != codes[:-1]) | (owner[1:] != owner[:-1])
    return codes[first], owner[first]


def _most_with_one(
    codes: np.ndarray, owner: np.ndarray, other: np.ndarray, other_owner: np.ndarray, count: int
) -> np.ndarray:
    """For each of ``count`` sentences (``owner`` of each run code in ``codes``), the most of its distinct
    runs one sentence of the other text holds (``other`` codes of ``other_owner`` sentences); a run held by
    more than :data:`ONE_SENTENCE_JOIN` of them counts as held by each.  A sentence strung from runs of
    many of the other text's sentences shares few with any one; an edited copy of a sentence, many.

    >>> runs = np.array([1, 2, 3, 1, 5], dtype=np.uint64)
    >>> _most_with_one(runs, np.array([0, 0, 0, 1, 1]), np.array([1, 2, 1, 3], dtype=np.uint64),
    ...                np.array([0, 0, 1, 2]), 3).tolist()
    [2, 1, 0]
    """
    return _most_with_one_of(*_distinct_runs(codes, owner), *_distinct_runs(other, other_owner), count)


def _most_with_one_of(
    mine: np.ndarray, mine_owner: np.ndarray, theirs: np.ndarray, theirs_owner: np.ndarray, count: int
) -> np.ndarray:
    """:func:`_most_with_one` of the runs as :func:`_distinct_runs` gives them (each side's sorted once)."""
    low = np.searchsorted(theirs, mine, side="left")
    held = np.searchsorted(theirs, mine, side="right") - low
    spread = held > ONE_SENTENCE_JOIN
    most = np.bincount(mine_owner[spread], minlength=count)
    one = (held > 0) & ~spread
    reps = held[one]
    if not len(reps):
        return most
    rows = np.repeat(mine_owner[one], reps)
    steps = np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps)
    cols = theirs_owner[np.repeat(low[one], reps) + steps]
    width = int(theirs_owner.max()) + 1
    pairs, counts = np.unique(rows.astype(np.int64) * width + cols, return_counts=True)
    best = np.zeros(count, dtype=np.int64)
    np.maximum.at(best, pairs // width, counts)
    return most + best


def _word_runs(ids: Sequence[Sequence[int]], vocabulary: int) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """The word-trigram and word-bigram codes of sentences given as word ids, each with the sentence it comes
    from (the codes wrap round past 64 bits in a vast vocabulary: a rare collision, which only ranks)."""
    lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
    flat = np.fromiter(chain.from_iterable(ids), dtype=np.uint64, count=int(lengths.sum()))
    owner = np.repeat(np.arange(len(ids)), lengths)
    size = np.uint64(vocabulary)
    pair = owner[:-1] == owner[1:]
    triple = pair[:-1] & pair[1:]
    with np.errstate(over="ignore"):
        trigrams = (flat[:-2][triple] * size + flat[1:-1][triple]) * size + flat[2:][triple]
        bigrams = flat[:-1][pair] * size + flat[1:][pair]
    return (trigrams, owner[:-2][triple]), (bigrams, owner[:-1][pair])


def _sharing_most(
    sentences: Sequence[Sentence], other: Sequence[Sentence], shared: Sequence[np.ndarray], max_sentences: int
) -> list[int]:
    """The indices of at most ``max_sentences`` distinct ``sentences``, those ``other`` holds word for word
    first, then the most ``shared`` (word trigrams with one sentence, with all; word pairs the same), first;
    in text order."""
    if len(sentences) <= max_sentences:
        return list(range(len(sentences)))
    whole = {s.tokens for s in other if s.tokens}
    held = np.fromiter((s.tokens in whole for s in sentences), dtype=bool, count=len(sentences))
    seen: set[tuple[str, ...]] = set()
    keep: list[int] = []
    trigrams_one, trigrams, bigrams_one, bigrams = shared
    order = np.lexsort((np.arange(len(sentences)), -bigrams, -bigrams_one, -trigrams, -trigrams_one, ~held))
    for i in order.tolist():
        if sentences[i].tokens not in seen:
            seen.add(sentences[i].tokens)
            keep.append(i)
            if len(keep) == max_sentences:
                break
    return sorted(keep)


def align_sentences(
    a: Sequence[Sentence],
    b: Sequence[Sentence],
    *,
    min_tokens: int = Settings.min_sentence_tokens,
    similarity_threshold: float = Settings.similarity_threshold,
    containment_threshold: float = Settings.containment_threshold,
    min_shared_tokens: int = Settings.min_shared_tokens,
    rewrite_weights: Sequence[float] = Settings().rewrite_weights,
    rewrite_content_dice: float = Settings.rewrite_content_dice,
    rewrite_phrase_trigrams: int = Settings.rewrite_phrase_trigrams,
    rewrite_bigram_dice: float = Settings.rewrite_bigram_dice,
    rewrite_shared_trigrams: int = Settings.rewrite_shared_trigrams,
    rewrite_whole_content_dice: float = Settings.rewrite_whole_content_dice,
    max_sentences: int = Settings.max_align_sentences,
    compared: tuple[list[int], list[int]] | None = None,
) -> list[Alignment]:
    """Align the sentences of ``a`` with those of ``b``.

    ``min_tokens``: sentences shorter than this never align (datelines, "QR Code").
    ``similarity_threshold``: token similarity for a one-to-one match.
    ``containment_threshold`` and ``min_shared_tokens``: a left-over sentence
    joins the sentence that holds at least this share of its tokens, and at
    least this many, in order.
    ``rewrite_weights``: a pair below ``similarity_threshold`` that shares at least
    ``min_shared_tokens`` words in order still matches one to one (a rewrite, a clause
    moved or added) when :func:`rewrite_score` of its :func:`rewrite_features` with these
    weights (intercept first) is at least 0, its content-word Dice reaches
    ``rewrite_content_dice`` or it shares at least ``rewrite_phrase_trigrams`` word trigrams,
    and its word-bigram Dice reaches ``rewrite_bigram_dice``; or, whatever its
    score, when it shares at least ``rewrite_shared_trigrams`` word trigrams; a shorter
    sentence found whole in the longer one (every word, in order) matches one to one when
    its content-word Dice reaches ``rewrite_whole_content_dice``.
    ``max_sentences``: the most sentences compared per side (:func:`compared_sentences`, or ``compared``
    when the caller chose them already).
    Alignments are returned in the order of A, then B; ``changes`` is empty.
    """
    rewrite = (
        tuple(float(w) for w in rewrite_weights),
        rewrite_content_dice,
        rewrite_phrase_trigrams,
        rewrite_bigram_dice,
        rewrite_shared_trigrams,
        rewrite_whole_content_dice,
    )
    keep_a, keep_b = compared if compared is not None else compared_sentences(a, b, max_sentences)
    if len(keep_a) == len(a) and len(keep_b) == len(b):
        return _align(a, b, min_tokens, similarity_threshold, containment_threshold, min_shared_tokens, rewrite)
    found = _align(
        [a[i] for i in keep_a],
        [b[j] for j in keep_b],
        min_tokens,
        similarity_threshold,
        containment_threshold,
        min_shared_tokens,
        rewrite,
    )
    alignments = [
        dataclasses.replace(
            al,
            a_sentences=tuple(keep_a[i] for i in al.a_sentences),
            b_sentences=tuple(keep_b[j] for j in al.b_sentences),
        )
        for al in found
    ]
    alignments += _left_out_copies(a, b, alignments, min_tokens)
    alignments.sort(key=lambda al: (al.a_sentences, al.b_sentences))
    return alignments


def _left_out_copies(
    a: Sequence[Sentence], b: Sequence[Sentence], found: Sequence[Alignment], min_tokens: int
) -> list[Alignment]:
    """The sentences still unaligned after a comparison that left some out, paired by their words (a hash
    join, linear): with the other side's unaligned copies in text order, and those one side has more of with
    the sentence an identical one aligns with one to one (as a left-over sentence joins the sentence that
    contains it when nothing is left out). So 5,000 repeats of a sentence align as without the cap, and a
    copy of a text longer than the comparison takes aligns whole."""
    anchors = {
        a[al.a_sentences[0]].tokens: (al.a_sentences[0], al.b_sentences[0])
        for al in found
        if len(al.a_sentences) == len(al.b_sentences) == 1
        and a[al.a_sentences[0]].tokens == b[al.b_sentences[0]].tokens
    }
    free_a, free_b = _unaligned_by_words(a, found, "a", min_tokens), _unaligned_by_words(b, found, "b", min_tokens)
    pairs: list[tuple[int, int]] = []
    for tokens in dict.fromkeys([*free_a, *free_b]):
        more_a, more_b = free_a.get(tokens, []), free_b.get(tokens, [])
        pairs += zip(more_a, more_b, strict=False)
        if tokens in anchors:
            i, j = anchors[tokens]
            pairs += [(extra, j) for extra in more_a[len(more_b) :]]
            pairs += [(i, extra) for extra in more_b[len(more_a) :]]
    return [
        Alignment(a_sentences=(i,), b_sentences=(j,), a_span=a[i].span, b_span=b[j].span, score=1.0) for i, j in pairs
    ]


def _unaligned_by_words(
    sentences: Sequence[Sentence], found: Sequence[Alignment], side: Literal["a", "b"], min_tokens: int
) -> dict[tuple[str, ...], list[int]]:
    """The sentences of side ``side`` no alignment of ``found`` holds that could align (``min_tokens`` words
    or more), by their words, in text order."""
    aligned = {i for al in found for i in (al.a_sentences if side == "a" else al.b_sentences)}
    free: dict[tuple[str, ...], list[int]] = {}
    for i, s in enumerate(sentences):
        if i not in aligned and len(s.tokens) >= max(min_tokens, 1):
            free.setdefault(s.tokens, []).append(i)
    return free


def _pair_best_first(
    candidates: np.ndarray, similarity: np.ndarray, used_a: set[int], used_b: set[int], links: _Links
) -> None:
    """Link the ``candidates`` pairs one to one, best similarity first, skipping sentences already used."""
    rows, cols = np.nonzero(candidates)
    order = np.lexsort((cols, rows, -similarity[rows, cols]))
    for i, j in zip(rows[order].tolist(), cols[order].tolist(), strict=False):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            links.link(i, j)


def _align(
    a: Sequence[Sentence],
    b: Sequence[Sentence],
    min_tokens: int,
    similarity_threshold: float,
    containment_threshold: float,
    min_shared_tokens: int,
    rewrite: tuple[tuple[float, ...], float, int, float, int, float],
) -> list[Alignment]:
    weights, least_content_dice, phrase_trigrams, least_bigram_dice, enough_trigrams, whole_content_dice = rewrite
    vocabulary = _vocabulary(a, b)
    ids_a, ids_b, _ = vocabulary
    lcs, similarity, containment = similarity_matrices(ids_a, ids_b)
    if lcs.size == 0:
        return []
    len_a = np.array([len(x) for x in ids_a])
    len_b = np.array([len(x) for x in ids_b])
    usable = (len_a[:, None] >= min_tokens) & (len_b[None, :] >= min_tokens)

    links = _Links()
    used_a: set[int] = set()
    used_b: set[int] = set()
    matches = usable & (similarity >= similarity_threshold)
    _pair_best_first(matches, similarity, used_a, used_b, links)
    partial = usable & (containment >= containment_threshold) & (lcs >= min_shared_tokens)
    # Every pair below the threshold comes after every pair above it, best first: only a pair
    # of two sentences still free can match one to one, so only those (and the pairs the
    # containment rule may link, whose ``matches`` cell decides their span) are weighed.
    free_a = np.ones(len(ids_a), dtype=bool)
    free_a[list(used_a)] = False
    free_b = np.ones(len(ids_b), dtype=bool)
    free_b[list(used_b)] = False
    near = usable & ~matches & (lcs >= min_shared_tokens) & ((free_a[:, None] & free_b[None, :]) | partial)
    near_rows, near_cols = np.nonzero(near)
    figures = rewrite_features(a, b, (similarity, containment), near_rows, near_cols, vocabulary)
    bigram_dice, content_dice, shared_trigrams = figures[:, 2], figures[:, -2], figures[:, -1]
    # Same-topic guard: a rewrite keeps the content words, or else a phrase or two of them.
    kept = (content_dice >= least_content_dice) | (shared_trigrams >= phrase_trigrams)
    weighed = (rewrite_score(figures, weights) >= 0.0) & kept
    # A shorter sentence found whole in a longer one lies outside the pairs the weights were
    # fitted on (MSRP has none below the similarity threshold): its content words decide alone.
    whole = (figures[:, 1] >= 1.0) & (content_dice >= whole_content_dice)
    keep = (weighed & (bigram_dice >= least_bigram_dice)) | (shared_trigrams >= enough_trigrams) | whole
    rewrites = np.zeros_like(matches)
    rewrites[near_rows[keep], near_cols[keep]] = True
    _pair_best_first(rewrites, similarity, used_a, used_b, links)
    matches |= rewrites

    for i in range(len(ids_a)):
        if i not in used_a and partial[i].any():
            j = int(np.argmax(np.where(partial[i], containment[i], -1.0)))
            used_a.add(i)
            links.link(i, j)
    for j in range(len(ids_b)):
        if j not in used_b and partial[:, j].any():
            i = int(np.argmax(np.where(partial[:, j], containment[:, j], -1.0)))
            used_b.add(j)
            links.link(i, j)

    groups: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for i, j in links.edges:
        groups.setdefault(links.find(("a", i)), []).append((i, j))

    linked_a = {i for i, _ in links.edges}
    linked_b = {j for _, j in links.edges}
    alignments: list[Alignment] = []
    for edges in groups.values():
        side_a = _bridged(sorted({i for i, _ in edges}), linked_a, len_a, min_tokens)
        side_b = _bridged(sorted({j for _, j in edges}), linked_b, len_b, min_tokens)
        if _contiguous(side_a) and _contiguous(side_b):
            parts = [(side_a, side_b)]
        else:
            parts = [([i], [j]) for i, j in sorted(edges)]
        for sa, sb in parts:
            seq_a = [t for i in sa for t in ids_a[i]]
            seq_b = [t for j in sb for t in ids_b[j]]
            span_a, span_b = _cover(a, sa), _cover(b, sb)
            if len(sa) == 1 and len(sb) == 1 and not matches[sa[0], sb[0]]:
                # One sentence inside a longer one: report only the part it covers.
                if len(seq_a) > len(seq_b):
                    span_a = _inner_span(a[sa[0]], seq_a, seq_b)
                else:
                    span_b = _inner_span(b[sb[0]], seq_b, seq_a)
            alignments.append(
                Alignment(
                    a_sentences=tuple(sa),
                    b_sentences=tuple(sb),
                    a_span=span_a,
                    b_span=span_b,
                    score=round(float(Indel.normalized_similarity(seq_a, seq_b)), 4),
                )
            )
    alignments.sort(key=lambda al: (al.a_sentences, al.b_sentences))
    return alignments
