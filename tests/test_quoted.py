"""Shared quotations are not reuse (topic overlap is never reported): two reports of one event quote the
same speaker, with the same name and title, and tell the rest in their own words.

Found on real pages: Al Jazeera's and SpaceNews's stories on NASA's lunar landers (DEV pages of the article
extraction benchmark) were reported as reuse, aligned on two different quotations of one official that share
his attribution, and on two quotations both took down from the same call.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from provenance import Document, scan
from provenance.io.formats import extract_page
from provenance.pipeline import compare

BENCHMARK = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "article_extraction_benchmark"
needs_benchmark = pytest.mark.skipif(not (BENCHMARK / "html").is_dir(), reason="article extraction benchmark absent")

ATTRIBUTION = "Steve Clarke, deputy associate administrator for exploration at NASA, said in a call with reporters."
NARRATIVE = (
    "NASA added five companies to the list of firms that may bid to deliver payloads to the Moon. "
    "The agency said the new landers could carry larger instruments to the lunar south pole. "
    "The contracts are part of a program worth up to 2.6 billion dollars over ten years."
)
OTHER_NARRATIVE = (
    "Two billionaires' rocket firms are among the bidders for a new round of Moon missions. "
    "Investors have watched the commercial space sector closely since the first launches last year. "
    "Smaller firms say the market is large enough for several lander makers."
)
QUOTE = "“Space exploration requires an entire ecosystem to do what has to be done,” said Michael Sims."
SMALL = "“The small players bring an agility and creativity that adds to the mix,” he added."


def _page(prefix: str) -> Document:
    (path,) = (BENCHMARK / "html").glob(f"{prefix}*.html.gz")
    page = extract_page(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
    return Document(prefix, f"{prefix}.txt", page.text)


@needs_benchmark
def test_two_real_reports_of_one_call_are_not_reuse() -> None:
    result = scan([_page("42aad16bde"), _page("d1c57d7821")])
    assert result.pairs == ()


def test_two_quotations_under_one_attribution_are_not_one_sentence() -> None:
    a = Document("a", "a.txt", f"“We need more landers for the science we plan to fly,” {ATTRIBUTION}")
    b = Document("b", "b.txt", f"“The schedule moved up because the payloads are ready earlier,” {ATTRIBUTION}")
    assert compare(a, b).alignments == ()
    same = Document("c", "c.txt", f"“We need more landers for the science we plan to fly soon,” {ATTRIBUTION}")
    assert len(compare(a, same).alignments) == 1  # one quotation, one word added: one sentence


def test_stories_sharing_only_their_quotations_are_not_reuse() -> None:
    a = Document("a", "a.txt", f"{NARRATIVE}\n\n{QUOTE}\n\n{SMALL}")
    b = Document("b", "b.txt", f"{OTHER_NARRATIVE}\n\n{QUOTE}\n\n{SMALL}")
    pair = compare(a, b)
    assert len(pair.alignments) == 2 and not pair.is_reuse
    copy = Document("copy", "copy.txt", f"{NARRATIVE}\n\n{QUOTE}\n\n{SMALL}\n\n{OTHER_NARRATIVE}")
    assert compare(a, copy).is_reuse  # the story told around the quotations is copied too


def test_a_text_of_quotations_copied_whole_is_reuse() -> None:
    statement = "\n\n".join(f"“{line}”" for line in NARRATIVE.split(". "))
    assert compare(Document("a", "a.txt", statement), Document("b", "b.txt", statement)).is_reuse


def test_a_short_quotation_with_words_swapped_stays_one_sentence() -> None:
    """The rule must not hide an altered quotation: "We will win" made "We shall prevail" is one sentence
    whose quotation changed (high), not two remarks."""
    said = " the minister told supporters at the rally in the capital on Monday evening."
    pair = compare(
        Document("a", "a.txt", f"“We will win,”{said}"), Document("b", "b.txt", f"“We shall prevail,”{said}")
    )
    (alignment,) = pair.alignments
    assert any(c.in_quote and c.severity == "high" for c in alignment.changes)
