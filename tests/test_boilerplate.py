"""Boilerplate: site chrome and short recurring lines are set aside, reuse between two texts is not."""

from __future__ import annotations

import pytest
from helpers import BRIEF
from hypothesis import example, given
from hypothesis import strategies as st

from provenance import Document, ScanResult, compare, scan
from provenance.pipeline import prepare
from provenance.settings import Settings, SettingsError
from provenance.text import boilerplate
from provenance.text.boilerplate import is_chrome, set_aside_boilerplate

STORIES = [
    "The port authority said container traffic rose sharply in the third quarter of the year. "
    "Dock workers had threatened a strike over pay but reached an agreement with the operators.",
    "Farmers in the northern valley began the apple harvest two weeks earlier than usual. "
    "A dry summer left the fruit smaller, but growers expect prices to rise in the autumn markets.",
    "The city council approved a plan to plant ten thousand trees along the main avenues. "
    "Residents will be able to choose species for their streets through an online survey.",
    "A regional orchestra announced a tour of twelve towns that have no concert hall of their own. "
    "Musicians will perform in schools, churches and a converted railway depot this winter.",
]
SHARED = (
    "The minister said the strategic partnership would cover energy, trade and transport for twenty years. "
    "Negotiators from both sides met in the capital on Tuesday to settle the final wording of the treaty."
)


def _doc(ident: str, text: str) -> Document:
    return prepare(Document(ident, f"{ident}.txt", text))


@pytest.mark.parametrize(
    "line",
    [
        "Comments are closed.",
        "Most Visited in Politics",
        "QR CodeQR Code",
        "READ: Iran, Russia collaborate on joint research spacecraft",
        "Story Code: 1184659",
        "Top Politics stories",
        "Share this article",
        "Tags: Iran, Russia",
    ],
)
def test_site_chrome_patterns(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "Read the statement in full, the minister said.",
        "The comments are closed to the public until Monday, officials said.",
        "Most of the delegates visited the port.",
        "He shared the document with reporters.",
    ],
)
def test_article_sentences_are_not_chrome(line: str) -> None:
    assert not is_chrome(line)


def test_short_line_in_three_documents_is_set_aside_but_not_in_two() -> None:
    footer = "Daily Courier morning edition"  # no chrome pattern: recurrence alone
    three = [_doc(f"d{n}", f"{story}\n{footer}") for n, story in enumerate(STORIES[:3])]
    docs, lines = set_aside_boilerplate(
        three, min_documents=3, max_words=12, edge_sentences=8, min_words=3, pattern_max_words=20
    )
    assert [(b.text, b.reason, b.documents) for b in lines] == [(footer, "recurring", ("d0", "d1", "d2"))]
    for doc in docs:
        ((start, end),) = doc.set_aside
        assert doc.text[start:end] == footer
        # Kept in place, without words: indices stay valid and it never matches.
        assert [s.tokens for s in doc.sentences if s.span == (start, end)] == [()]
    _, lines_two = set_aside_boilerplate(
        three[:2], min_documents=3, max_words=12, edge_sentences=8, min_words=3, pattern_max_words=20
    )
    assert lines_two == ()


def test_a_story_reprinted_three_times_keeps_its_short_sentences() -> None:
    """Three copies of one short story (CBS News, a blog, a weekly) had two of its sentences set aside as
    site chrome ("recurring"): one inside a paragraph of prose, one a quotation on a line of its own; the
    report then struck the first out as "only in" one text that all three hold."""
    story = (
        "Police found the girl after a long search across the city overnight, officials said on Friday.\n"
        "Shortly before their arrival, the suspect admitted hiding the girl from officers in a laundry "
        "basket. The officers, having inspected the room, left without finding the child.\n"
        "\u201cHe's in custody; we have her.\u201d\n"
        "Daily Courier morning edition"
    )
    docs = [_doc(f"d{n}", f"{intro}\n{story}") for n, intro in enumerate(STORIES[:3])]
    _, lines = set_aside_boilerplate(
        docs, min_documents=3, max_words=12, edge_sentences=8, min_words=3, pattern_max_words=20
    )
    # the line standing alone that is no quotation is still chrome
    assert [(b.text, b.reason) for b in lines] == [("Daily Courier morning edition", "recurring")]


def test_a_brief_of_short_lines_three_outlets_reprint_is_reuse_not_chrome() -> None:
    """Three outlets reprinting a brief of eight one-line paragraphs had all eight set aside as
    "recurring" chrome and the scan reported no pair: lines that would take most of a page are its text."""
    docs = [Document(f"d{n}", f"d{n}.txt", BRIEF) for n in range(3)]
    result = scan(docs)
    assert [(p.a, p.b) for p in result.pairs] == [("d0", "d1"), ("d0", "d2"), ("d1", "d2")]
    assert result.boilerplate == ()
    # A line the pages share around text of their own is still chrome, with or without the brief.
    footer = "Daily Courier morning edition"
    docs = [_doc(f"s{n}", f"{story}\n{footer}") for n, story in enumerate(STORIES[:3])]
    docs += [_doc("brief", f"{BRIEF}\n{footer}")]
    _, lines = set_aside_boilerplate(
        docs, min_documents=3, max_words=12, edge_sentences=8, min_words=3, pattern_max_words=20
    )
    assert [(b.text, b.documents) for b in lines] == [(footer, ("brief", "s0", "s1", "s2"))]


def test_long_recurring_sentences_stay_article_text() -> None:
    docs = [_doc(f"d{n}", f"{story}\n{SHARED}") for n, story in enumerate(STORIES)]
    _, lines = set_aside_boilerplate(
        docs, min_documents=3, max_words=12, edge_sentences=8, min_words=3, pattern_max_words=20
    )
    assert lines == ()


def test_chrome_never_counts_as_reuse() -> None:
    chrome = "Comments are closed.\nMost Visited in Politics\nStory Code: 1184659\nQR Code\nShare this article"
    a = Document("a", "a.txt", f"{STORIES[0]}\n{chrome}")
    b = Document("b", "b.txt", f"{STORIES[1]}\n{chrome}")
    pair = compare(a, b)
    assert pair.alignments == ()
    assert not pair.is_reuse


def test_two_documents_sharing_a_story_are_still_reuse_in_a_corpus_with_chrome() -> None:
    chrome = "\nComments are closed.\nDaily Courier morning edition"
    docs = [Document(f"d{n}", f"d{n}.txt", story + chrome) for n, story in enumerate(STORIES)]
    docs += [
        Document("x", "x.txt", SHARED + "\nOfficials declined to comment further on the matter today." + chrome),
        Document("y", "y.txt", "Reporters gathered outside the ministry.\n" + SHARED + chrome),
    ]
    result: ScanResult = scan(docs)
    assert [(p.a, p.b) for p in result.pairs] == [("x", "y")]
    assert {b.text for b in result.boilerplate} == {"Comments are closed.", "Daily Courier morning edition"}
    for pair in result.pairs:
        for al in pair.alignments:
            assert "Comments" not in docs[-1].text[al.b_span[0] : al.b_span[1]]


def test_min_documents_below_three_is_refused() -> None:
    with pytest.raises(SettingsError, match="at least 3"):
        Settings.from_mapping({"boilerplate_min_documents": 2})


_LINE_PIECES = st.sampled_from(
    ["Ann. ", "Bob Cy. ", "Dee Eve Fay Gus. ", "Hal Ida Jo Kai Lu Mo. ", "Ann ", "\n", "\n\n"]
)


@given(st.lists(_LINE_PIECES, max_size=16).map("".join), st.integers(1, 5), st.integers(1, 3))
@example("Ann. Dee Eve Fay Gus.\nBob Cy.", 2, 1)
def test_short_edge_sentences_beside_a_longer_one_are_story(text: str, max_words: int, edge: int) -> None:
    # Short edge sentences are chrome candidates unless a sentence of more than max_words words shares
    # their line; the line-mates are looked at only when the text has such a sentence at all (never for
    # site_edge_keys, which asks with max_words = len(text)).
    doc = prepare(Document("d", "d.txt", text))
    edges = boilerplate._edge(doc, edge)
    expected = set()
    for s in doc.sentences:
        if s.index not in edges or not 1 <= len(s.tokens) <= max_words:
            continue
        start, end = text.rfind("\n", 0, s.span[0]) + 1, text.find("\n", s.span[1])
        end = len(text) if end < 0 else end
        mates = [t for t in doc.sentences if t.index != s.index and t.span[0] >= start and t.span[1] <= end]
        if not any(len(t.tokens) > max_words for t in mates):
            expected.add(s.tokens)
    assert boilerplate.edge_keys(doc, edge_sentences=edge, min_words=1, max_words=max_words) == expected
    site = boilerplate.site_edge_keys(doc, edge_sentences=edge, min_words=1)
    assert site == {s.tokens for s in doc.sentences if s.index in boilerplate._edge(doc, 2 * edge) and s.tokens}
