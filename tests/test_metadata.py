"""Metadata stage: dates, outlets, titles and attributions found in the text itself."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import SEED_A, SEED_B, SEED_OTHERS
from hypothesis import example, given
from hypothesis import strategies as st

from provenance import Document
from provenance.text import metadata
from provenance.text.metadata import describe, parse_date, source_key

SEED_002, SEED_003, SEED_004 = SEED_OTHERS


def _sources(doc: Document) -> list[str]:
    assert doc.meta is not None
    return [a.source for a in doc.meta.attributions]


@pytest.mark.parametrize(
    ("doc_id", "date"),
    [
        (SEED_A, "2025-01-16T07:09"),
        (SEED_B, "2025-01-16"),
        (SEED_003, "2023-09-20T15:17"),
        (SEED_002, None),
        (SEED_004, None),
    ],
)
def test_seed_dates(seed_docs: dict[str, Document], doc_id: str, date: str | None) -> None:
    assert describe(seed_docs[doc_id].text).date == date


def test_seed_outlets_and_titles(seed_docs: dict[str, Document]) -> None:
    assert describe(seed_docs[SEED_A].text).outlet == "Islam Times"
    assert describe(seed_docs[SEED_004].text).outlet == "Tasnim"
    assert describe(seed_docs[SEED_A].text).title == "Iran, Russia to Boost Defense Ties: Araqchi"
    assert describe(seed_docs[SEED_B].text).title is None  # it opens straight into the story


def test_seed_attributions(seed_scan_docs: dict[str, Document]) -> None:
    assert "Sputnik" in _sources(seed_scan_docs[SEED_A])
    assert "Sputnik" in _sources(seed_scan_docs[SEED_B])
    assert "Anadolu Agency" in _sources(seed_scan_docs[SEED_003])
    assert "Tasnim" in _sources(seed_scan_docs[SEED_004])


def test_attribution_spans_and_dates(seed_docs: dict[str, Document]) -> None:
    text = seed_docs[SEED_A].text
    (sputnik,) = [a for a in describe(text).attributions if a.source == "Sputnik"]
    assert text[sputnik.span[0] : sputnik.span[1]] == "published by Sputnik on Wednesday, January 15"
    assert sputnik.date == "Wednesday, January 15"
    text_003 = seed_docs[SEED_003].text
    (anadolu,) = [a for a in describe(text_003).attributions if a.source == "Anadolu Agency"]
    assert text_003[anadolu.span[0] : anadolu.span[1]] == "Anadolu Agency reports"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16 Jan 2025 07:09", "2025-01-16T07:09"),
        ("September 20, 2023 at 3:17 pm", "2023-09-20T15:17"),
        ("2025-01-16", "2025-01-16"),
        ("Wednesday", None),
        ("in October 2020", None),
        ("October 2020", None),
        ("on January 17", None),
        ("Story Code: 1184659", None),
        ("", None),
    ],
)
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-11-20T13:00:00+05:00", "2019-11-20T08:00"),  # ISO 8601 with an offset: in UTC, as HTML's
        ("2019-11-20T13:00:00-05:00", "2019-11-20T18:00"),
        ("2019-11-20T22:30:00-05:00", "2019-11-21T03:30"),  # the UTC day is the next one
        ("2019-11-20T13:00Z", "2019-11-20T13:00"),
        ("2019-11-20 13:00:00 +0500", "2019-11-20T08:00"),  # Jekyll's front matter
        ("Wed, 20 Nov 2019 13:00:00 +0500", "2019-11-20T08:00"),  # RFC 2822, as feeds write it
        ("20 Nov 2019 13:00 UTC", "2019-11-20T13:00"),
        ("2019-11-20T13:00", "2019-11-20T13:00"),  # no offset: the time as written
        ("2019-11-20", "2019-11-20"),  # no time: the day, never shifted
        ("Nov 20, 2019 1:00 pm EST", "2019-11-20T13:00"),  # a zone's name is ambiguous: as written
        ("2019-11-20 13:00 GMT+5", "2019-11-20T13:00"),  # "GMT+5" is UTC+5 or, read POSIX-wise, UTC-5
    ],
)
def test_a_date_with_an_offset_is_read_in_utc(text: str, expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Front matter and JSON Lines dates dropped their offset (13:00+05:00 read as 13:00) where HTML's were
    converted to UTC (08:00), so a mixed archive ordered a pair the wrong way round.  The machine's own time
    zone never matters (dateutil reads a zone named as the local one as local time)."""
    import time
    import warnings

    try:
        for zone in ("America/New_York", "Asia/Karachi"):  # time.tzname ("EST", "EDT"), then ("PKT", "PKT")
            monkeypatch.setenv("TZ", zone)
            time.tzset()
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # no UnknownTimezoneWarning on stderr for "EST"
                assert parse_date(text) == expected
    finally:
        monkeypatch.undo()
        time.tzset()


def test_dates_in_the_story_are_not_the_publication_date() -> None:
    text = (
        "Leaders meet in Moscow\n\n"
        "The talks will take place in Moscow on January 17, 2025, officials said.\n\n"
        "A photo taken on February 14, 2022 shows the two leaders.\n"
    )
    assert describe(text).date is None


def test_labelled_date_and_dateline_date() -> None:
    assert describe("Published: 4 May 2024\n\nThe tram line opened on Thursday.").date == "2024-05-04"
    dateline = "LONDON, March 3, 2024 (Reuters) – The bank kept rates unchanged."
    meta = describe(dateline)
    assert (meta.date, meta.outlet) == ("2024-03-03", "Reuters")


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("The minister told Reuters on Monday that talks would go on.", "Reuters"),
        ("Prices rose sharply, according to the Coastal Post.", "Coastal Post"),
        ("This article originally appeared in the Coastal Post.", "Coastal Post"),
        ("A satellite was launched, Tasnim news agency reported.", "Tasnim"),
        ("The company will build a wind farm, according to a statement from Northwind Energy.", None),
        ("Prices rose sharply, according to the Statistics Office.", None),
        ("Source: Mountain Herald", "Mountain Herald"),
    ],
)
def test_attribution_forms(sentence: str, source: str | None) -> None:
    # None: an institution saying something is a mention, never a credit (issue 24)
    meta = describe(sentence)
    if source is None:
        assert meta.attributions == () and len(meta.mentions) == 1
    else:
        assert source in [a.source for a in meta.attributions]
    for a in meta.attributions + meta.mentions:
        assert a.source in sentence[a.span[0] : a.span[1]]


@pytest.mark.parametrize(
    ("byline", "source"),
    [
        ("By ZEKE MILLER Associated Press", "Associated Press"),
        ("By Jane Doe Agence France-Presse", "Agence France-Presse"),
        ("BY ANNA KOVAC THE ASSOCIATED PRESS", "THE ASSOCIATED PRESS"),
        ("By The Associated Press", "The Associated Press"),
        ("By Anna Kovac", None),
    ],
)
def test_a_byline_names_the_agency_after_its_writer(byline: str, source: str | None) -> None:
    """A wire's byline without a comma ("By ZEKE MILLER Associated Press", as AP's pages print it) was read as
    a credit of the outlet "ZEKE MILLER Associated Press": the writer's name is no part of the source, and a
    text crediting AP or "The Associated Press" did not match it."""
    meta = describe(f"{byline}\n\nWASHINGTON — The talks will go on next week, officials said on Monday.")
    assert [a.source for a in meta.attributions] == ([source] if source else [])


def test_no_invented_metadata() -> None:
    meta = describe("the council said it would meet again next week to discuss the budget for schools.")
    assert (meta.date, meta.outlet, meta.title, meta.attributions) == (None, None, None, ())


def test_parenthesised_abbreviations_are_not_credits() -> None:
    text = "Iran is an observer in the Shanghai Cooperation Organization (SCO) and the union (EAEU)."
    assert describe(text).attributions == ()


def test_source_key_folds_names() -> None:
    assert source_key("Islam Times") == source_key("islamtimes.com") == "islamtimes"
    assert source_key("The Coastal Post") == "coastalpost"


def test_a_credited_name_stops_at_the_sentence_end() -> None:
    text = "The map was published by the State Board of Forestry.Over the years it was redrawn."
    (credit,) = describe(text).mentions  # a board publishing a map credits no source (issue 24)
    assert credit.source == "State Board of Forestry"
    assert text[credit.span[0] : credit.span[1]] == "published by the State Board of Forestry"


def test_headings_and_bylines_are_not_site_names() -> None:
    assert describe("Airport - Departures\n\nFlights left on time today.").outlet is None
    assert describe("Mike Kennedy - 208-762-8065 ext. 11 - mkennedy@example.com and some more text here").outlet is None
    story = "Valley Weekly - Farmers in the upper valley have begun planting drought-resistant wheat this spring."
    assert describe(story).outlet == "Valley Weekly"


def test_outlet_from_an_unnamed_host_is_the_host() -> None:
    assert describe("Some text about the bridge.\n\nSource: https://www.example.org/bridge").outlet == "example.org"


_PIECES = ["a", "B", " ", "(", ")", ",", ".", "-", "–", ":", "\n", "7", "2024", "Jan", "Reuters"]
_PIECES += ["told ", "according to ", "Source: "]


@given(st.lists(st.sampled_from(_PIECES)).map("".join))
def test_describe_never_fails_and_spans_hold_their_source(text: str) -> None:
    meta = describe(text)
    for credit in meta.attributions + meta.mentions:
        assert 0 <= credit.span[0] < credit.span[1] <= len(text)
        assert credit.source in text[credit.span[0] : credit.span[1]]
    assert meta.date is None or parse_date(meta.date) == meta.date


_PHRASE_PIECES = [" Reuters", " reported", " reports", ".", ",", ";", " according to", " the", " BBC", " said in a"]
_PHRASE_PIECES += [" press"]
_PHRASE_PIECES += [" release", " statement", " first ran in", " originally appeared on", " Source:", " told", " Tasnim"]
_PHRASE_PIECES += ["\n", "\r\n", "\t", " ", " news agency", " on", " Monday", " The", " x", "report", "said", "Via:"]


@given(st.lists(st.sampled_from(_PHRASE_PIECES), max_size=40).map("".join))
def test_attribution_phrases_are_searched_only_on_lines_that_can_hold_them(text: str) -> None:
    # The line filter never loses a match: each phrase finds what a search of the whole text finds.
    for pattern, needs, _ in metadata._ATTRIBUTION_PATTERNS:
        assert [m.span() for m in metadata._matches(pattern, needs, text)] == [m.span() for m in pattern.finditer(text)]


def test_a_phrase_is_compiled_only_once_a_text_holds_its_words() -> None:
    # Compiling the 25 phrases took 35 ms of every start of the package (a one-shot check compiled them all
    # and searched 2): none is compiled by the import, and describing a text compiles those it searches.
    probe = (
        "import provenance.cli\n"
        "from provenance.text import metadata\n"
        "def compiled():\n"
        "    return metadata._compile.cache_info().currsize\n"
        "before = compiled()\n"
        "metadata.describe('The talks went well, Reuters reported. Nobody else said anything.')\n"
        "print(before, compiled(), len(metadata._ATTRIBUTION_PATTERNS))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    before, after, total = map(int, done.stdout.split())
    assert before == 0 and 0 < after < total


_LABEL_PIECES = st.sampled_from(
    [
        *("news link", "link", "LINK", "ſource", "source", "url", "URL", "resource", "lınk", "İ", "K", "x", "_"),
        *(" ", "\t", "\n", "\u00a0", "\u2028", ":", ": ", "é", "1", "date", "publİshed", "poſted", "upDated", "dat"),
    ]
)


@given(st.lists(_LABEL_PIECES, max_size=14).map("".join))
def test_link_labels_found_from_the_colons_are_the_case_blind_scans(text: str) -> None:
    # The outlet's labelled link is found from each colon back, not by a case-blind scan of every
    # position (0.66 s of 5,000 articles): the same ends, whatever the case, space and Unicode folding.
    assert list(metadata.link_label_ends(text)) == [m.end() for m in metadata._LINK_LABEL.finditer(text)]


@given(st.lists(_LABEL_PIECES, max_size=10).map("".join))
def test_a_line_without_a_label_hint_has_no_date_label(text: str) -> None:
    # A line is searched for a date label only when its case-folded text holds a hint of one.
    if metadata._LABEL_DATE.search(text):
        assert any(hint in text.casefold() for hint in metadata._LABEL_HINTS)


_DATELINE_PIECES = st.sampled_from(
    ["WASHINGTON", "Berlin", ",", " Jan 5", "\n", "\r\n", " ", "\t", "(Reuters)", "(dpa)", "(", ")", " -", "–", "x"]
)


@given(st.lists(_DATELINE_PIECES, max_size=16).map("".join))
@example("WASHINGTON\n(Reuters) -")  # a pattern crossing a line would match these: the line search would not
@example("BERLIN, Jan\n 5 (Reuters) -")
@example("Berlin (Reuters)\n -\nBERLIN (Reuters)\n -")
@example("\n\nBERLIN (Reuters) -")
def test_datelines_are_searched_only_on_lines_holding_a_parenthesis(text: str) -> None:
    # Both dateline patterns need a "(" and never cross a line: the lines holding one give every match.
    for pattern in (metadata._DATELINE, metadata._LOOSE_DATELINE):
        found = [m.span() for m in metadata._matches(pattern, metadata._PARENTHESIS, text)]
        assert found == [m.span() for m in pattern.finditer(text)]


_ADDRESS_PIECES = st.sampled_from(
    [
        *("Source", "source", "Originally appeared on", "Read the original story", "Reprinted from", "in "),
        *(": ", ":", " ", "\n", "http", "https://", "http://", "HTTP://", "Https://", "://", "www.", "x.org", "/a"),
    ]
)


@given(st.lists(_ADDRESS_PIECES, max_size=10).map("".join))
def test_a_text_without_http_credits_no_address(text: str) -> None:
    # Credits are looked for only in texts holding "http" (the credit's address is lower-case), and a
    # text's own address only in lines holding "://".
    if "http" not in text:
        assert metadata._CREDIT_URL.search(text) is None
    if "://" not in text:
        assert metadata._URL.search(text) is None


def test_one_dateline_gives_the_date_the_credit_and_the_outlet() -> None:
    # The datelines are found once a text and read by the date, the credits and the outlet alike.
    text = "Some Title Of The Story Here\nMOSCOW, January 16, 2025 (Sputnik) - The talks ended."
    meta = describe(text)
    assert (meta.date, meta.outlet) == ("2025-01-16", "Sputnik")
    assert [(a.source, a.span) for a in meta.attributions] == [("Sputnik", (29, 65))]


def test_a_city_dateline_or_a_short_link_names_no_outlet() -> None:
    """A new user's pages: "WASHINGTON — The Senate …" gave the outlet "WASHINGTON", and an embedded post's
    link at the bottom gave "t.co"; an agency heading the story is still one."""
    story = "The Senate voted on Tuesday to pass the bill after a long debate in the chamber.\n\nMore text here."
    assert describe(f"WASHINGTON — {story}").outlet is None
    assert describe(f"NEW YORK — {story}").outlet is None
    assert describe(f"AFP — {story}").outlet == "AFP"
    assert describe(f"{story}\n\npic.twitter.com/xyz https://t.co/abc123").outlet is None
    assert describe(f"{story}\n\nhttps://t.co/abc123 https://www.reuters.com/world/x").outlet == "reuters.com"


def test_a_byline_is_no_title_and_a_three_word_headline_is_one() -> None:
    assert describe("By Staff, Gulf Wire\n\nDUBAI — Oil prices rose on Monday.").title is None
    assert describe("Oil Prices Rise\n\nDUBAI — Oil prices rose on Monday as traders weighed supply.").title == (
        "Oil Prices Rise"
    )
    assert describe("Skip to content\n\nDUBAI — Oil prices rose on Monday as traders weighed supply.").title is None


def test_numeric_dates_are_read_day_first_where_only_that_reads() -> None:
    """ "Veröffentlicht am 12.08.2018" was not read, "12.08.2018" read as 8 December and "01/10/2018" (1 October
    in a Portuguese page) as 10 January: a later copy came out as the source."""
    story = "Die Firma hat heute neue Regeln für ihre Händler vorgestellt, die ab Januar gelten."
    assert describe(f"Neue Regeln\n\nVeröffentlicht am 12.08.2018\n\n{story}").date == "2018-08-12"
    assert describe(f"Nova lei\n\nPublicado em 30/09/2018\n\n{story}").date == "2018-09-30"
    assert parse_date("12.08.2018") == "2018-08-12" and parse_date("9/30/2018") == "2018-09-30"
    assert parse_date("01/10/2018") is None  # 10 January or 1 October: no date rather than a wrong one


def test_datelines_of_other_languages_name_their_agency() -> None:
    """ "Berlin (dpa) -", "SÃO PAULO (Reuters) -" and "Lisboa (Lusa) -" were no datelines (a capitals ASCII
    place and a capitalised agency only), so two wire pickups came out as copy and source."""
    story = "Die Regierung hat am Montag neue Regeln beschlossen, die ab Januar gelten sollen.\n\nMehr Text."
    for line, agency in (
        ("Berlin (dpa) - ", "dpa"),
        ("SÃO PAULO (Reuters) - ", "Reuters"),
        ("Lisboa (Lusa) - ", "Lusa"),
    ):
        meta = describe(line + story)
        assert [(a.source, a.story) for a in meta.attributions] == [(agency, True)], line
    assert describe("Boris Johnson (Conservative) - " + story).attributions == ()


def test_a_head_line_naming_the_outlet_then_the_date_dates_a_plain_text() -> None:
    """A new user's reprint saved as .txt opened "Daily Orbit, November 20, 2019": no date was read, so
    the pair with its dated original had no direction."""
    body = "\n\nNASA added five companies to its lunar lander program on Monday, officials said.\n"
    assert describe("Five join lunar program\nDaily Orbit, November 20, 2019" + body).date == "2019-11-20"
    assert describe("WASHINGTON, Nov. 20, 2019" + body).date == "2019-11-20"
    assert describe("He said, November 20, 2019, it rained all day" + body).date is None


def test_a_head_line_naming_the_outlet_then_the_date_is_no_headline() -> None:
    """A reprint saved as .txt opening "Daily Orbit, November 21, 2019" was titled "Daily Orbit, November
    21, 2019" in every report: the line was read as a date, never as the end of the headlines above it."""
    body = "\n\nSondland testimony rocks hearing\n\nWASHINGTON (AP) — Ambassador Gordon Sondland testified today.\n"
    assert describe("Daily Orbit, November 21, 2019" + body).title is None
    assert describe("Five join lunar program\nDaily Orbit, November 20, 2019" + body).title == "Five join lunar program"


def test_a_link_to_the_original_is_a_credit_not_the_text_s_own_address() -> None:
    """A copy ending "Originally published at https://www.cbsnews.com/news/…" (the original's own address)
    was given cbsnews.com as its own outlet and no credit: the pair came out common-source (0.50), where
    writing "originally appeared on CBS News" gave b-from-a (0.96)."""
    text = (
        "Girl found safe\n\nPolice found the missing girl in a motel room late on Tuesday night.\n\n"
        "Originally published at https://www.cbsnews.com/news/girl-found-safe/"
    )
    meta = describe(text)
    assert meta.outlet is None
    assert [(a.source, a.story) for a in meta.attributions] == [("cbsnews.com", True)]
    own = describe(text.replace("Originally published at ", "Read more: "))
    assert own.outlet == "cbsnews.com" and own.attributions == ()


def test_a_reprint_keeping_the_wire_dateline_is_not_the_wire_s_own_text() -> None:
    """ "NEW YORK (Reuters) - …" with "This article first appeared in Reuters." at the end: the reprint's
    outlet was read from the dateline as Reuters, so its credit of Reuters was its own and the direction
    undetermined (dropping the dateline gave b-from-a 0.90)."""
    body = "NEW YORK (Reuters) - Oil prices fell sharply on Tuesday on oversupply concerns, traders said.\n\n"
    assert describe(body).outlet == "Reuters"  # a wire text: its own dateline
    reprint = describe(body + "This article first appeared in Reuters.")
    assert reprint.outlet is None and "Reuters" in [a.source for a in reprint.attributions]


@pytest.mark.parametrize(
    "line",
    [
        "Originally published by CBS News.",
        "First published by CBS News.",
        "Originally published in The Guardian.",
        "Originally appeared in the Coastal Post.",
        "First appeared in The Guardian.",
    ],
)
def test_a_credit_line_opening_with_its_phrase_is_a_credit(line: str) -> None:
    """A reprint ending "Originally published by CBS News." (the phrase capitalised, as a credit line opens)
    had no credit: the phrase was matched in lower case only, so the pair with its CBS original came out
    undetermined (0.00), where "This story was originally published by CBS News." gave b-from-a (0.90)."""
    text = "Girl found safe\n\nPolice found the missing girl in a motel room late on Tuesday night.\n\n" + line
    meta = describe(text)
    name = line.rstrip(".").split(" ", 3)[3].removeprefix("the ")
    assert [(a.source, a.story) for a in meta.attributions] == [(name, True)]


def test_first_published_in_a_year_is_no_credit() -> None:
    """A capitalised "First published" is a credit only for an outlet: a book's history is a mention at most."""
    meta = describe("The novel sold well.\n\nFirst published by Penguin Books in 1960, it is still in print.")
    assert meta.attributions == ()


@pytest.mark.parametrize(
    "line",
    ["This story first appeared on cbsnews.com.", "Originally published at www.cbsnews.com."],
)
def test_a_credit_naming_the_source_by_its_host_is_a_credit(line: str) -> None:
    """A reprint ending "This story first appeared on cbsnews.com." had no credit (a name had to be
    capitalised, an address to start "https://"), so its pair with the CBS original was undetermined (0.00)
    where "first appeared on CBS News" gave b-from-a (0.90)."""
    text = "Girl found safe\n\nPolice found the missing girl in a motel room late on Tuesday night.\n\n" + line
    meta = describe(text)
    assert [(source_key(a.source), a.story) for a in meta.attributions] == [("cbsnews", True)]
    assert meta.outlet is None


def test_a_host_in_the_story_is_no_credit() -> None:
    """Only a credit phrase makes a host a credit: a story naming an address is no reprint of it."""
    meta = describe("Police found the girl.\n\nThe rumour first appeared on reddit.com and spread from there.")
    assert meta.attributions == ()


def test_a_line_that_is_only_a_credit_phrase_and_a_name_is_a_credit() -> None:
    """A reprint ending with the line "First published by ScienceAlert." gave no credit ("first" needed a known
    outlet or a text before it), though the gate read the same line as crediting ScienceAlert: with a date
    set earlier than the original's, the pair was turned round (copy → original, 0.60). A line holding the
    phrase and the name alone is a credit line; the phrase inside a sentence still needs an outlet."""
    body = "Police found the missing girl in a motel room late on Tuesday night.\n\n"
    meta = describe(body + "First published by ScienceAlert.")
    assert [(a.source, a.story) for a in meta.attributions] == [("ScienceAlert", True)]
    assert describe(body + "First published by Penguin Books in 1960, it is still in print.").attributions == ()
    assert describe(body + "The cases first appeared in West Michigan.").attributions == ()
