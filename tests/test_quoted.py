"""Shared quotations are not reuse (topic overlap is never reported): two reports of one event quote the
same speaker, with the same name and title, and tell the rest in their own words.

Found on real pages: Al Jazeera's and SpaceNews's stories on NASA's lunar landers (DEV pages of the article
extraction benchmark) were reported as reuse, aligned on two different quotations of one official that share
his attribution, and on two quotations both took down from the same call.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from provenance import Document, scan
from provenance.io.formats import extract_page
from provenance.pipeline import compare
from provenance.settings import Settings

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
# The same remarks taken down by another reporter: another attribution, a word heard otherwise.
QUOTE_HEARD = "“Space exploration requires an entire ecosystem to do what has to be done,” Sims told reporters."
SMALL_HEARD = "“Small players bring an agility and a creativity that adds to the mix,” he said."


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
    b = Document("b", "b.txt", f"{OTHER_NARRATIVE}\n\n{QUOTE_HEARD}\n\n{SMALL_HEARD}")
    pair = compare(a, b)
    assert len(pair.alignments) == 2 and not pair.is_reuse
    copy = Document("copy", "copy.txt", f"{NARRATIVE}\n\n{QUOTE}\n\n{SMALL}\n\n{OTHER_NARRATIVE}")
    assert compare(a, copy).is_reuse  # the story told around the quotations is copied too


def test_quoted_sentences_copied_whole_are_reuse() -> None:
    """A reprint of a story's quoted paragraphs, word for word with their attributions, under an intro of its
    own: "he said" is two words outside quotations, and such reprints of real DEV pages were missed."""
    a = Document("a", "a.txt", f"{NARRATIVE}\n\n{QUOTE}\n\n{SMALL}")
    b = Document("b", "b.txt", f"{OTHER_NARRATIVE}\n\n{QUOTE}\n\n{SMALL}")
    assert compare(a, b).is_reuse


LEAD = (
    "This is one of several items we are bringing to our audience this week through a content-sharing "
    "arrangement. The piece is reproduced below in part. Local follow-up coverage is planned."
)


def _body(prefix: str) -> list[str]:
    truth = json.loads((BENCHMARK / "ground-truth.json").read_text(encoding="utf-8"))
    (key,) = [k for k in truth if k.startswith(prefix)]
    return [p.strip() for p in truth[key]["articleBody"].splitlines() if p.strip()]


@needs_benchmark
@pytest.mark.parametrize(
    ("prefix", "first", "last"), [("57d46c9d", None, None), ("92101975", 0, 4), ("f105de6e", 4, 8)]
)
def test_real_reprints_of_quoted_paragraphs_and_of_unspaced_prose_are_found(
    prefix: str, first: int | None, last: int | None
) -> None:
    """Reprints of DEV pages under an intro of their own, missed once shared quotations alone stopped being
    reuse: a Reuters markets story's two quoted paragraphs word for word ("…,” Commerzbank analyst Carsten
    Fritsch said."), four paragraphs of a Sky story, four of a Japanese blog post (unspaced prose: 11
    "words", and no quotation at all)."""
    paragraphs = _body(prefix)
    quoted = [p for p in paragraphs if "”" in p or '"' in p]
    kept = quoted[:2] if first is None else paragraphs[first:last]
    original = Document("original", "a.txt", "\n\n".join(paragraphs))
    reprint = Document("reprint", "b.txt", "\n\n".join([LEAD, *kept]))
    assert compare(original, reprint).is_reuse


def test_a_copy_of_prose_is_reuse_in_any_script() -> None:
    """No quotation shared, nothing for the rule to weigh: an unspaced Japanese copy counts few "words"."""
    story = "東京都は月曜日、新しい予算案を発表した。知事は記者会見で説明した。予算は前年より増えた。"
    a = Document("a", "a.txt", f"{story}\n\n会議は来週も続く予定だ。市民からの意見も集める。")
    b = Document("b", "b.txt", f"大阪の記事です。\n\n{story}")
    assert compare(a, b).is_reuse == compare(a, b, Settings(reuse_min_narrative_words=0)).is_reuse


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


def test_marks_moved_by_a_copy_do_not_make_its_source_s_remark_another(seeds_dir: Path) -> None:
    """An attacker's copy of seeds/000 (mostly quotations): marks dropped, every 4th word swapped, three words
    of each sentence put in quotation marks instead, padding added. The quoted words then differed, so every
    sentence pair was dropped as "two remarks", and the copy passed the gate as a warning."""
    swap = ["certain", "various", "several", "numerous", "diverse"]

    def launder(sentence: str) -> str:
        words = [swap[n % 5] if n % 4 == 3 and w.isalpha() else w for n, w in enumerate(sentence.split(" "))]
        if len(words) > 6:
            words[1], words[3] = f'"{words[1]}', f'{words[3]}"'
        return " ".join(words)

    source = (seeds_dir / "000_c4d69d43826d85bd.txt").read_text(encoding="utf-8-sig")
    lines = [
        " ".join(launder(s) for s in re.split(r"(?<=[.!?]) ", re.sub('["“”]', "", line)))
        if re.search('["“”]', line)
        else line
        for line in source.split("\n")
    ]
    pair = compare(Document("source", "a.txt", source), Document("copy", "b.txt", "\n".join(lines)))
    unmarked = compare(
        Document("source", "a.txt", source), Document("copy", "b.txt", re.sub('["“”]', "", "\n".join(lines)))
    )
    assert pair.share_a == unmarked.share_a >= 0.95  # the marks decide nothing (was 0.61 with, 1.00 without)
