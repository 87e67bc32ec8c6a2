"""Renderers: JSON schema, Markdown tables and cell escaping, terminal text."""

from __future__ import annotations

import dataclasses
import enum
import json
import re
from pathlib import Path

import pytest
from helpers import SEED_A, SEED_B, SEED_IDS
from hypothesis import given
from hypothesis import strategies as st

from provenance import Document, LoadProblem, ScanResult, compare, prepare, scan
from provenance.models import CHANGE_KINDS, DocumentMeta, PairResult
from provenance.pipeline import describe_document, orient, set_aside
from provenance.report import (
    pair_to_dict,
    render_json,
    render_markdown,
    render_pair_markdown,
    render_pair_text,
    result_to_dict,
)
from provenance.report.json import SCHEMA_VERSION
from provenance.report.markdown import cell
from provenance.report.text import printable
from provenance.settings import Settings

KINDS = set(CHANGE_KINDS)
PAIR_KEYS = {
    "quotes",
    "a",
    "b",
    "is_reuse",
    "share_a",
    "share_b",
    "estimated_jaccard",
    "jaccard",
    "containment_a",
    "containment_b",
    "aligned_sentences",
    "changes",
    "alignments",
    "source",
    "copy",
    "unaligned_a",
    "unaligned_b",
    "unaligned_share_a",
    "unaligned_share_b",
}
PASSAGE_KEYS = {"sentences", "span", "characters", "excerpt"}


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def _tables(markdown: str) -> list[list[str]]:
    """Blocks of consecutive table lines."""
    tables: list[list[str]] = []
    current: list[str] = []
    for line in markdown.split("\n"):
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def _assert_tables_well_formed(markdown: str) -> list[list[str]]:
    tables = _tables(markdown)
    for table in tables:
        assert len(table) >= 3, table
        widths = {_unescaped_pipes(line) for line in table}
        assert len(widths) == 1, table
        assert set(table[1]) <= set("|-: "), table
        for line in table:
            assert line.endswith("|")
    return tables


def test_json_schema(seed_scan: ScanResult) -> None:
    data = json.loads(render_json(result_to_dict(seed_scan)))
    assert next(iter(data)) == "schema_version"
    assert data["schema_version"] == SCHEMA_VERSION == 2
    assert data["settings"] == seed_scan.settings.as_dict()
    assert data["skipped"] == []
    assert data["candidates"] == seed_scan.candidates
    assert [d["id"] for d in data["documents"]] == list(SEED_IDS)
    for entry, doc in zip(data["documents"], seed_scan.documents, strict=True):
        assert set(entry) >= {"id", "path", "characters", "sentences"}
        assert entry["path"] == doc.path
        assert entry["characters"] == len(doc.text)
        assert entry["sentences"] == len(doc.sentences) > 0
    (pair,) = data["pairs"]
    assert set(pair) >= PAIR_KEYS
    assert (pair["a"], pair["b"], pair["is_reuse"]) == (SEED_A, SEED_B, True)
    assert (pair["source"], pair["copy"]) == (None, None)  # common source: in id order, no direction
    for side in ("a", "b"):
        assert 0 < pair[f"unaligned_share_{side}"] < 1
        for passage in pair[f"unaligned_{side}"]:
            assert set(passage) == PASSAGE_KEYS
    for key in ("share_a", "share_b", "estimated_jaccard", "jaccard", "containment_a", "containment_b"):
        assert isinstance(pair[key], float)
    assert pair["aligned_sentences"] == len(pair["alignments"]) >= 15
    assert pair["changes"] == sum(len(al["changes"]) for al in pair["alignments"]) > 0
    for al in pair["alignments"]:
        assert set(al) == {"a_sentences", "b_sentences", "a_span", "b_span", "score", "a_text", "b_text", "changes"}
        assert len(al["a_span"]) == len(al["b_span"]) == 2
        assert 0 < al["score"] <= 1
        for change in al["changes"]:
            assert set(change) == {"kind", "a", "b", "a_span", "b_span", "in_quote", "severity"}
            assert change["kind"] in KINDS
            assert change["severity"] in {"high", "medium", "low"}
            assert isinstance(change["in_quote"], bool)
    for quote in pair["quotes"]:
        assert set(quote) == {"quoted_in", "a_span", "b_span", "a_text", "b_text", "verbatim", "altered"}
        assert quote["quoted_in"] in {"a", "b", "both"}
        assert quote["verbatim"] == (quote["altered"] == [])
        for altered in quote["altered"]:
            assert set(altered) == {"kind", "a", "b"} and altered["kind"] in KINDS
    assert data["spellings"], "the seeds spell Araqchi two ways"
    for name in data["spellings"]:
        assert set(name) == {"name", "spellings"} and len(name["spellings"]) >= 2
        assert name["name"] == name["spellings"][0]["spelling"]
        for spelling in name["spellings"]:
            assert set(spelling) == {"spelling", "count", "documents"}
            assert spelling["count"] == sum(d["count"] for d in spelling["documents"]) > 0


def test_json_texts_are_the_span_texts(seed_scan: ScanResult) -> None:
    data = result_to_dict(seed_scan)
    texts = {d.id: d.text for d in seed_scan.documents}
    checked = 0
    for pair in data["pairs"]:
        text_a, text_b = texts[pair["a"]], texts[pair["b"]]
        for al in pair["alignments"]:
            assert text_a[slice(*al["a_span"])] == al["a_text"] != ""
            assert text_b[slice(*al["b_span"])] == al["b_text"] != ""
            for change in al["changes"]:
                assert text_a[slice(*change["a_span"])] == change["a"]
                assert text_b[slice(*change["b_span"])] == change["b"]
                checked += 1
    assert checked > 10


def test_render_json_is_stable_utf8_text(seed_scan: ScanResult) -> None:
    text = render_json(result_to_dict(seed_scan))
    assert text.endswith("}\n")
    assert "\u201c" in text  # not \\u-escaped
    assert text == render_json(json.loads(text))
    assert text.split("\n")[1].startswith('  "schema_version"')


def test_markdown_report_on_seeds(seed_scan: ScanResult) -> None:
    md = render_markdown(seed_scan)
    assert md.startswith("# Provenance report\n")
    assert md.endswith("\n") and not md.endswith("\n\n")
    assert "**1 reuse pair(s)**" in md
    assert "## Skipped files" not in md
    tables = _assert_tables_well_formed(md)
    documents = tables[0]
    assert len(documents) == 2 + len(SEED_IDS)
    for doc in seed_scan.documents:
        assert any(cell(doc.id) in row and str(doc.characters) in row for row in documents[2:])
    (pair,) = seed_scan.pairs
    aligned = next(t for t in tables if t[0].startswith("| #") and "score" in t[0])
    assert len(aligned) == 2 + len(pair.alignments)
    changes = next(t for t in tables if "kind" in t[0])
    assert len(changes) == 2 + sum(len(al.changes) for al in pair.alignments)
    assert any("name-variant" in row and "Araqchi" in row and "Araghchi" in row for row in changes)


def test_markdown_lists_skipped_files(seed_scan: ScanResult) -> None:
    problems = (LoadProblem("in/empty.txt", "empty file"), LoadProblem("in/a|b.txt", "binary file"))
    result = dataclasses.replace(seed_scan, problems=problems)
    md = render_markdown(result)
    section = md.split("## Skipped files\n", 1)[1].split("\n## ", 1)[0]
    (table,) = _assert_tables_well_formed(section)
    assert len(table) == 4
    assert "in/empty.txt" in table[2] and "empty file" in table[2]
    assert "in/a\\|b.txt" in table[3]


def test_markdown_escapes_pipes_and_newlines_in_ids_and_text() -> None:
    base = (
        "The minister said | the agreement would strengthen trade between the two countries.\n"
        "Officials expect the new transport corridor to cut shipping costs by a third.\n"
        "Both governments plan to sign | further deals on energy and banking next year."
    )
    other = base.replace("minister said", "minister\nsaid").replace("energy", "energy *and* oil")
    docs = [
        Document("a|b\nc", "dir|x/a.txt", base),
        Document("d_e*f`[g]<h>#", "d.txt", other),
        Document("plain", "plain.txt", "Nothing in common with the others at all, just this sentence here."),
    ]
    result = scan(docs)
    assert len(result.pairs) == 1
    md = render_markdown(result)
    tables = _assert_tables_well_formed(md)
    header_cells = tables[0][0].count("|") - 1
    assert header_cells == 4
    assert len(tables[0]) == 2 + len(docs)
    (pair,) = result.pairs
    assert len(tables[3]) == 2 + len(pair.alignments)  # documents, metadata, pairs, aligned sentences
    assert "a\\|b c" in md
    assert "\\*and\\*" in md
    for line in md.split("\n"):
        if line.startswith("#"):
            assert "\n" not in line
    pair_md = render_pair_markdown(pair, *(d for d in result.documents if d.id in (pair.a, pair.b)))
    _assert_tables_well_formed(pair_md)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a | b\n<c>", "a \\| b \\<c\\>"),
        ("  many   spaces\tand\nlines  ", "many spaces and lines"),
        ("x_y*z `code` [link] #1 back\\slash", "x\\_y\\*z \\`code\\` \\[link\\] \\#1 back\\\\slash"),
    ],
)
def test_cell(text: str, expected: str) -> None:
    assert cell(text) == expected


def test_cell_truncates_long_text() -> None:
    out = cell("word " * 200, limit=50)
    assert len(out) == 50
    assert out.endswith("\u2026")


def test_pair_markdown_and_text(seed_docs: dict[str, Document]) -> None:
    doc_a, doc_b = prepare(seed_docs[SEED_A]), prepare(seed_docs[SEED_B])
    pair = compare(doc_a, doc_b)
    md = render_pair_markdown(pair, doc_a, doc_b)
    assert md.startswith(f"# {cell(SEED_A)} \u2194 {cell(SEED_B)} (direction undetermined)\n")
    assert "- verdict: reuse" in md
    tables = _assert_tables_well_formed(md)
    assert len(tables[0]) == 2 + len(pair.alignments)
    text = render_pair_text(pair, doc_a, doc_b)
    assert text.splitlines()[0] == f"{SEED_A}  <->  {SEED_B}: REUSE (direction undetermined)"
    assert "name-variant: 'Araqchi' -> 'Araghchi'" in text


def test_pair_output_without_alignments(seed_docs: dict[str, Document]) -> None:
    doc_a, doc_b = prepare(seed_docs[SEED_A]), prepare(seed_docs[SEED_IDS[4]])
    pair = compare(doc_a, doc_b)
    assert pair.alignments == ()
    assert "No aligned sentences." in render_pair_text(pair, doc_a, doc_b)
    assert ": no reuse" in render_pair_text(pair, doc_a, doc_b).splitlines()[0]
    md = render_pair_markdown(pair, doc_a, doc_b)
    assert "- verdict: no reuse" in md
    assert md.count("_None._") == 2
    data = pair_to_dict(pair, doc_a, doc_b)
    assert set(data) >= PAIR_KEYS
    assert data["alignments"] == [] and data["changes"] == 0


def test_printable_shows_control_characters() -> None:
    assert printable("a\x1b[31mb") == "a\\x1b[31mb"
    assert printable("tab\tok \u201cquote\u201d") == "tab\tok \u201cquote\u201d"
    assert printable("nul\x00 del\x7f c1\x9b") == "nul\\x00 del\\x7f c1\\x9b"


def _section(markdown: str, heading: str) -> list[str]:
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    first = next(i for i in range(start, len(lines)) if lines[i].startswith("|"))
    table: list[str] = []
    for line in lines[first:]:
        if not line.startswith("|"):
            break
        table.append(line)
    return table


def test_markdown_changes_by_severity_quotes_and_spellings(seed_scan: ScanResult) -> None:
    md = render_markdown(seed_scan)
    rows = _section(md, "#### Changes")[2:]
    severities = [row.split("|")[2].strip() for row in rows]
    rank = {"high": 0, "medium": 1, "low": 2}
    assert severities == sorted(severities, key=rank.__getitem__)
    assert {"high", "medium", "low"} <= set(severities)
    quotes = _section(md, "#### Quote fidelity")[2:]
    massive = [row for row in quotes if "massive → huge" in row]
    assert massive and "altered" in massive[0]
    assert any("simplify → facilitate" in row for row in quotes)
    assert any("verbatim" in row for row in quotes)
    spellings = "\n".join(_section(md, "## Name spellings"))
    assert "Araqchi" in spellings and "Araghchi" in spellings
    assert md.index("## Name spellings") > md.index("#### Quote fidelity")


LEAD = "Our correspondent in the capital adds a lead of her own about the vote and what comes next. "
BODY = (
    "The city council approved three new bridges over the river on Monday after a long debate. "
    "The mayor said construction would begin in the spring and take about two years to finish. "
    "Residents of the eastern district have asked for a crossing for more than a decade, officials said. "
)
TAIL = "Opponents argued that the money would be better spent on repairing the old ferry terminal downtown."


def _directed_pair() -> tuple[PairResult, Document, Document]:
    """A copy (id sorting first, dated later) with its own lead, and its source with a paragraph it dropped."""
    copy = Document("a_copy", "a_copy.md", LEAD + BODY, declared=DocumentMeta(date="2025-03-03"))
    source = Document("b_source", "b_source.md", BODY + TAIL, declared=DocumentMeta(date="2025-03-01"))
    settings = Settings()
    (copy, source), _ = set_aside([describe_document(prepare(d), settings) for d in (copy, source)], settings)
    return orient(compare(copy, source, settings), copy, source, settings)


def test_added_and_dropped_passages_in_markdown_text_and_json() -> None:
    pair, source, copy = _directed_pair()
    assert (pair.source, pair.copy) == ("b_source", "a_copy")
    md = render_pair_markdown(pair, source, copy)
    _assert_tables_well_formed(md)
    added = md.index("#### Added by a\\_copy (1 passage(s), ")
    dropped = md.index("#### Dropped from b\\_source (1 passage(s), ")
    assert added < dropped
    assert cell(LEAD.strip()) in md[added:dropped] and cell(TAIL) in md[dropped:]
    n = len(LEAD.strip())
    assert re.search(rf"\| 0–{n} +\| {n} +\| Our correspondent", md[added:dropped]), md[added:dropped]
    text = render_pair_text(pair, source, copy)
    assert f"added by a_copy: {pair.unaligned_share_b:.0%} of its text, 1 passage(s)" in text
    assert f"  [0-{len(LEAD.strip())}] {len(LEAD.strip())} characters: Our correspondent" in text
    assert "dropped from b_source:" in text and TAIL in text
    data = pair_to_dict(pair, source, copy)
    (lead,) = data["unaligned_b"]
    assert copy.text[slice(*lead["span"])] == LEAD.strip() and lead["characters"] == len(LEAD.strip())
    assert lead["excerpt"] == LEAD.strip()  # under 120 characters: whole
    (tail,) = data["unaligned_a"]
    assert source.text[slice(*tail["span"])] == TAIL
    assert data["unaligned_share_b"] == pair.unaligned_share_b > 0.2


def test_the_seeds_report_lists_what_only_one_text_has(seed_scan: ScanResult) -> None:
    (pair,) = seed_scan.pairs
    md = render_markdown(seed_scan)
    for doc, passages in ((pair.a, pair.unaligned_a), (pair.b, pair.unaligned_b)):
        assert f"#### Only in {cell(doc)} ({len(passages)} passage(s), " in md
        assert passages and all(p.characters >= seed_scan.settings.unaligned_min_chars for p in passages)
    assert f"only in {cell(SEED_A)} {pair.unaligned_share_a:.0%} ({len(pair.unaligned_a)} passage(s))" in md
    # "Added"/"dropped" only where the direction is known: the seeds' pair is common-source.
    assert "#### Added by" not in md and "#### Dropped from" not in md


def test_every_key_of_a_pair_is_documented(seed_scan: ScanResult) -> None:
    documented = (Path(__file__).parent.parent / "docs" / "output.md").read_text(encoding="utf-8")
    (pair,) = result_to_dict(seed_scan)["pairs"]
    keys = set(pair) | set(pair["unaligned_a"][0]) | set(pair["provenance"])
    missing = sorted(key for key in keys if f'"{key}"' not in documented)
    assert missing == []


def test_no_reuse_names_no_source_and_no_copy() -> None:
    """Two dated stories that share nothing: `compare` said "b-from-a (confidence 0.60)" from the dates and
    "added by b: 100% of its text", naming a source and a copy of texts that are not reuse."""
    a = Document("a", "a.md", "The council approved the new budget for schools on Monday night.\n")
    b = Document("b", "b.md", "A storm flooded the coastal highway and closed two bridges today.\n")
    a = dataclasses.replace(a, declared=DocumentMeta(date="2019-11-19", outlet="Daily Orbit"))
    b = dataclasses.replace(b, declared=DocumentMeta(date="2019-11-21", outlet="Bay Ledger"))
    pair = compare(a, b)
    assert not pair.is_reuse and pair.provenance is None and pair.source is None
    shown_a, shown_b = prepare(a), prepare(b)
    text = render_pair_text(pair, shown_a, shown_b)
    assert "added by" not in text and "dropped from" not in text and "only in b" in text
    assert "b-from-a" not in text and "undetermined" not in text
    markdown = render_pair_markdown(pair, shown_a, shown_b)
    assert "- direction: none (no reuse" in markdown and "undetermined" not in markdown.split("\n")[0]
    from provenance.report.html import render_pair_html

    assert "No reuse: neither text is the other" in render_pair_html(pair, shown_a, shown_b)


def test_paragraphs_moved_by_the_copy_are_reported() -> None:
    """An editor's copy with two paragraphs moved up: the alignment paired them, but no report said that
    anything had moved."""
    paragraphs = [
        "The council voted on Tuesday to close the old ferry terminal at the end of the summer season.",
        "Council members said the pier had become unsafe after two winters of storm damage to its pilings.",
        "Commuters who use the morning crossing will be offered a shuttle bus to the new terminal downtown.",
        "The ferry operator warned that the change would add at least twenty minutes to most journeys.",
        "A public hearing on the future of the waterfront site is planned for the first week of October.",
        "Local shop owners fear that fewer visitors will reach the harbour once the ferry stops running.",
    ]
    moved = [paragraphs[0], paragraphs[4], paragraphs[5], *paragraphs[1:4]]
    a = Document("a", "a.txt", "\n\n".join(paragraphs))
    b = Document("b", "b.txt", "\n\n".join(moved))
    pair = compare(a, b)
    shown_a, shown_b = prepare(a), prepare(b)
    expected = "in another order: sentences 2–3 of b (sentences 5–6 of a)"
    assert expected in render_pair_text(pair, shown_a, shown_b)
    assert expected in render_pair_markdown(pair, shown_a, shown_b)
    assert pair_to_dict(pair, shown_a, shown_b)["moved"] == [{"a_sentences": [4, 6], "b_sentences": [1, 3]}]
    same = compare(a, Document("c", "c.txt", "\n\n".join(paragraphs)))
    assert pair_to_dict(same, shown_a, shown_a)["moved"] == []


def test_a_credit_given_twice_is_listed_once_in_the_metadata_table() -> None:
    """A Reuters story credits Reuters in its dateline and its copyright line: the Markdown metadata table
    listed "Reuters; Reuters" (ScienceAlert's DEV page 359fee22), where the desk lists each credit once."""
    text = (
        "WASHINGTON (Reuters) - Scientists on Monday unveiled the first global geological map of Titan, the "
        "largest moon of Saturn, showing lakes, dunes and plains.\n\nThe map used data from the Cassini "
        "spacecraft, which studied Saturn and its moons for thirteen years.\n\n© Reuters 2019\n"
    )
    doc = describe_document(Document("titan", "titan.txt", text), Settings())
    assert doc.meta is not None and [a.source for a in doc.meta.attributions] == ["Reuters", "Reuters"]
    result = ScanResult(documents=(doc,), problems=(), pairs=())
    row = [line for line in render_markdown(result).splitlines() if line.startswith("| titan")][-1]
    assert row.split("|")[-2].strip() == "Reuters"  # the credits cell


class _Level(enum.IntEnum):
    LOW = 1


class _Kind(enum.StrEnum):
    QUOTE = "quote"


_JSON_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and the infinities too: json writes them as NaN, Infinity
    | st.text(st.characters(codec="utf-8"), max_size=8)
    | st.sampled_from([_Level.LOW, _Kind.QUOTE, "##[", "a##[b###[", "\x9b\u202e\u2066#"])
)
_JSON_VALUES = st.recursive(
    _JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=4), inner, max_size=4)
        | st.dictionaries(st.integers(), inner, max_size=2)
    ),  # keys json turns into strings
    max_leaves=24,
)


@given(_JSON_VALUES)
def test_the_json_report_is_the_text_json_writes(data: object) -> None:
    # The indenting encoder and the escaping of render_json are faster spellings of json.dumps(indent=2) and
    # of the one regex that escaped after it: the same text for any data.
    old = re.sub(
        "[\x7f-\x9f\u202a-\u202e\u2066-\u2069]|#(?=#\\[)",
        lambda m: f"\\u{ord(m.group()):04x}",
        json.dumps(data, ensure_ascii=False, indent=2),
    )
    assert render_json(data) == old + "\n"  # type: ignore[arg-type]
