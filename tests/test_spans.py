"""Packed token spans and sentences that share word strings across documents."""

from __future__ import annotations

import pickle

import pytest

from provenance.models import Sentence, Spans
from provenance.text.sentences import split_sentences


def test_spans_read_like_the_tuple_they_replace() -> None:
    pairs = ((0, 4), (5, 9), (10, 200_000))
    spans = Spans(pairs)
    assert len(spans) == 3
    assert spans[0] == (0, 4) and spans[-1] == (10, 200_000)
    assert list(spans) == list(pairs)
    assert spans == pairs and spans == list(pairs) and spans == Spans(pairs)
    assert spans != ((0, 4), (5, 9)) and spans != ((0, 4), (5, 9), (10, 11))
    assert spans[1:] == pairs[1:] and isinstance(spans[1:], Spans)
    assert hash(spans) == hash(Spans(pairs)) and hash(spans) != hash(Spans(pairs[:2]))
    assert repr(spans) == "Spans(((0, 4), (5, 9), (10, 200000)))"
    with pytest.raises(IndexError):
        spans[3]
    with pytest.raises(IndexError):
        spans[-4]
    assert Spans() == () and not Spans()


def test_a_sentence_packs_the_spans_it_is_given() -> None:
    sentence = Sentence(0, (0, 9), ("it", "works"), ((0, 2), (3, 8)))
    assert isinstance(sentence.token_spans, Spans)
    assert sentence.token_spans == ((0, 2), (3, 8))
    assert sentence == Sentence(0, (0, 9), ("it", "works"), Spans([(0, 2), (3, 8)]))


def test_sentences_survive_pickling_and_share_word_strings() -> None:
    # Documents come back from worker processes pickled: equal after the trip, and one
    # string per word across documents (a scan of 100,000 articles holds every token).
    first = split_sentences("The minister said the talks went well.")
    second = split_sentences("The talks, the minister said, went badly.")
    back_first, back_second = pickle.loads(pickle.dumps(first)), pickle.loads(pickle.dumps(second))
    assert back_first == first and back_second == second
    assert back_first[0].token_spans == first[0].token_spans
    word = {t: t for t in back_first[0].tokens}["minister"]
    assert any(t is word for t in back_second[0].tokens)
    # Split in this process, the strings are shared already.
    assert first[0].tokens[1] == "minister" and first[0].tokens[1] is second[0].tokens[3]


def test_slices_are_the_tuple_slices() -> None:
    pairs = tuple((i, i + 3) for i in range(0, 40, 4))
    spans = Spans(pairs)
    for cut in (slice(2, 5), slice(None, -3), slice(-4, None), slice(5, 2), slice(None, None, 3), slice(8, 1, -2)):
        assert spans[cut] == pairs[cut] and len(spans[cut]) == len(pairs[cut])
