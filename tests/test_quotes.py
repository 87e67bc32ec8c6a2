"""Direct quotations: detection (quotes.py) and quote fidelity (fidelity.py)."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import SEED_A, SEED_B

from provenance import Document, ScanResult, compare
from provenance.text.quotes import Quotation, find_quotations, inside_quotation


def _quoted(text: str) -> list[str]:
    return [text[s:e] for s, e in (q.span for q in find_quotations(text))]


def test_straight_curly_and_mixed_marks() -> None:
    text = 'He said "we agree" and \u201cwe sign\u201d, then "it works.\u201d Done.'
    assert _quoted(text) == ["we agree", "we sign", "it works"]


def test_unclosed_quote_closes_at_the_paragraph_end_and_reopens() -> None:
    text = '"The first paragraph of the quote runs on.\n\n"The second one closes it," she said.\nNo quote here.'
    assert _quoted(text) == ["The first paragraph of the quote runs on", "The second one closes it"]


def test_closing_mark_without_opening_starts_at_the_line() -> None:
    assert _quoted("It continues here,\u201d he said.") == ["It continues here"]


def test_quotation_introduced_by_a_speech_verb_and_colon() -> None:
    text = (
        "The mayor said: the repairs will take two years.\nShe told reporters: we are ready.\nHe said that it rained."
    )
    quotes = find_quotations(text)
    assert _quoted(text) == ["the repairs will take two years", "we are ready"]
    assert all(not q.marked for q in quotes)


def test_no_quotation_without_marks_or_colon() -> None:
    assert find_quotations("He said the talks went well. It's a 'fair' deal.") == ()


def test_inside_quotation_overlap_and_anchor() -> None:
    quotes = (Quotation((10, 20)),)
    assert inside_quotation((5, 11), quotes)
    assert not inside_quotation((0, 10), quotes)
    assert inside_quotation((15, 15), quotes)
    assert not inside_quotation((10, 10), quotes) and not inside_quotation((20, 20), quotes)


def test_seed_quotes_offsets_point_at_words(seed_scan: ScanResult) -> None:
    for doc in seed_scan.documents:
        for quote in find_quotations(doc.text):
            s, e = quote.span
            assert doc.text[s].isalnum() and doc.text[e - 1].isalnum()
            assert "\n" not in doc.text[s:e]


def test_seed_quote_fidelity(seed_scan: ScanResult) -> None:
    (pair,) = seed_scan.pairs
    texts = {d.id: d.text for d in seed_scan.documents}
    altered = {}
    for check in pair.quotes:
        a_text = texts[SEED_A][check.a_span[0] : check.a_span[1]]
        altered[a_text.split(".")[0]] = [(c.a, c.b) for c in check.changes]
        assert check.verbatim == (check.changes == ())
        assert all(c.in_quote for c in check.changes)
    assert ("massive", "huge") in altered[
        "This massive transport project connects Iran to Russia and from there to Europe and Asia"
    ]
    assert ("simplify", "facilitate") in altered[
        "One of the underestimated aspects of international relations is the importance of cultural exchanges"
    ]
    # A quotation that differs only in its quote marks is verbatim.
    assert altered["It is an entirely comprehensive agreement"] == []
    # One quotation is quoted on one side only: 000 quotes Araqchi, 001 reports him in indirect speech
    # (a rewrite the aligner aligns since issue 28); every other one is quoted in both.
    one_side = [(q.quoted_in, texts[SEED_A][q.a_span[0] : q.a_span[1]].split(",")[0]) for q in pair.quotes]
    assert [q for q in one_side if q[0] != "both"] == [("a", "Contrary to the claims of some media outlets")]
    assert SEED_B in texts


def test_quote_marks_added_on_one_side_are_checked_from_that_side() -> None:
    a = Document("a", "a", "The minister said the talks in Vienna were useful and honest. Nothing else.")
    b = Document("b", "b", "The minister said \u201cthe talks in Vienna were useful and frank.\u201d Nothing else.")
    pair = compare(a, b)
    (check,) = pair.quotes
    assert check.quoted_in == "b" and not check.verbatim
    assert [(c.kind, c.a, c.b) for c in check.changes] == [("synonym", "honest", "frank")]
    assert b.text[check.b_span[0] : check.b_span[1]] == "the talks in Vienna were useful and frank"


def test_no_quotation_no_check() -> None:
    text = "Officials confirmed the new bridge over the river opens in May after four years of work."
    assert compare(Document("a", "a", text), Document("b", "b", text)).quotes == ()


def test_a_pair_quoting_nothing_indexes_none_of_its_words(monkeypatch: pytest.MonkeyPatch) -> None:
    # Quote fidelity indexed every shared word of a pair by its span on both sides, a Python pass a word, also
    # for texts that quote nothing (most pairs): nothing then is looked up in them.
    from provenance.detect import fidelity

    indexed: list[int] = []
    index = fidelity.SpanIndex

    def counted(items: Any) -> Any:
        listed = list(items)
        indexed.append(len(listed))
        return index(listed)

    monkeypatch.setattr(fidelity, "SpanIndex", counted)
    text = "The council approved three new bridges over the river on Monday after a long debate. " * 3
    pair = compare(Document("a", "a.txt", text), Document("b", "b.txt", text.replace("three", "four")))
    assert pair.is_reuse and pair.quotes == () and sum(indexed) == 0
    quoted = 'The mayor said "the bridges open in May" at the meeting on Monday night in the hall. ' * 3
    pair = compare(Document("a", "a.txt", text + quoted), Document("b", "b.txt", text + quoted))
    assert len(pair.quotes) == 3 and sum(indexed) > 0  # a pair that quotes is still checked
