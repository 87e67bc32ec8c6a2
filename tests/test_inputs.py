"""Input formats: encodings, HTML pages, Markdown, JSON Lines, declared metadata."""

from __future__ import annotations

import gzip
import html
import io
import json
import re
from pathlib import Path

import pytest
from helpers import SEED_B

from provenance import compare, load_file
from provenance.io.formats import DecodeError, declared_meta, decode, mask_markdown, merge_meta, shown_text
from provenance.io.load import LoadError, load_article, load_folder, load_jsonl
from provenance.models import Attribution, Document, DocumentMeta, LoadProblem
from provenance.pipeline import describe_document, prepare
from provenance.settings import Settings
from provenance.text.normalize import fold

FRENCH = "Le caf\u00e9 \u00e9tait ferm\u00e9 hier soir \u00e0 Paris, o\u00f9 les \u00e9l\u00e8ves attendaient."
GERMAN = "Die Stra\u00dfe \u00fcber den Flu\u00df wird im Mai er\u00f6ffnet, sagte der B\u00fcrgermeister."
RUSSIAN = "\u041c\u0438\u043d\u0438\u0441\u0442\u0440 \u0438\u043d\u043e\u0441\u0442\u0440\u0430\u043d\u043d\u044b\u0445 \u0434\u0435\u043b \u0437\u0430\u044f\u0432\u0438\u043b, \u0447\u0442\u043e \u043f\u0435\u0440\u0435\u0433\u043e\u0432\u043e\u0440\u044b \u043f\u0440\u043e\u0439\u0434\u0443\u0442 \u0432 \u041c\u043e\u0441\u043a\u0432\u0435 \u043d\u0430 \u0441\u043b\u0435\u0434\u0443\u044e\u0449\u0435\u0439 \u043d\u0435\u0434\u0435\u043b\u0435."  # noqa: E501
POLISH = "Minister powiedzia\u0142, \u017ce rozmowy odb\u0119d\u0105 si\u0119 w przysz\u0142ym tygodniu w \u0141odzi."


@pytest.mark.parametrize(
    ("text", "codec", "named"),
    [
        ("caf\u00e9", "latin-1", "cp1252"),  # a detector alone said utf_16_be
        (FRENCH, "latin-1", "cp1252"),  # a detector alone said cp1250
        (GERMAN, "cp1252", "cp1252"),
        ("\u201cQuoted\u201d \u2013 fine\u2026", "cp1252", "cp1252"),
        (RUSSIAN, "cp1251", "windows-1251"),
        (RUSSIAN, "koi8_r", "koi8_r"),
        (POLISH, "cp1250", "windows-1250"),
        (FRENCH, "utf-16", "utf-16-le"),  # a BOM says so
        (FRENCH, "utf-8", None),
    ],
)
def test_decode_names_the_encoding_it_assumed(text: str, codec: str, named: str | None) -> None:
    assert decode(text.encode(codec)) == (text, named)


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty file"), (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"), (b"\xef\xbb\xbf  ", "no text")],
)
def test_decode_rejects_empty_and_binary(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        decode(data)


PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Iran and Russia boost ties | Tasnim</title>
<meta property="og:site_name" content="Tasnim News Agency">
<meta property="og:title" content="Iran and Russia boost ties">
<meta property="article:published_time" content="2025-01-16T07:09:00Z">
<link rel="canonical" href="https://www.tasnimnews.com/en/news/2025/01/16/1">
</head><body>
<nav><a href="/">Home</a> | <a href="/politics">Politics</a> | Most Visited in Politics</nav>
<article><h1>Iran and Russia boost ties</h1>
<p>TEHRAN (Tasnim) &ndash; Iran&#39;s foreign minister Abbas Araqchi said on Wednesday that the two countries
would sign a strategic partnership covering defence, energy and trade.</p>
<p>The deal, he said, &lt;b&gt;is not&lt;/b&gt; a military alliance and targets no third country at all.</p>
</article>
<footer>Comments are closed. Copyright 2025 Tasnim.</footer>
</body></html>"""


def test_html_page_main_text_and_declared_metadata(tmp_path: Path) -> None:
    path = tmp_path / "tasnim.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = load_file(path)
    assert doc.format == "html" and doc.id == "tasnim"
    assert "Araqchi said on Wednesday" in doc.text
    assert "<b>is not</b>" in doc.text  # escaped markup in the article is text, unescaped once
    for chrome in ("Home", "Most Visited", "Comments are closed", "<p>", "&ndash;"):
        assert chrome not in doc.text
    assert doc.declared == DocumentMeta(
        date="2025-01-16T07:09",  # article:published_time, in UTC with its hour
        outlet="Tasnim News Agency",
        title="Iran and Russia boost ties",
        url="https://www.tasnimnews.com/en/news/2025/01/16/1",
    )
    # Offsets are into the extracted text: the pipeline's spans slice it exactly.
    described = describe_document(prepare(doc), Settings())
    assert described.meta is not None and described.meta.date == "2025-01-16T07:09"
    for s in described.sentences:
        assert described.text[s.span[0] : s.span[1]].strip()


def test_html_extraction_is_deterministic_and_never_invents_a_date(tmp_path: Path) -> None:
    undated = PAGE.replace('<meta property="article:published_time" content="2025-01-16T07:09:00Z">', "")
    undated = undated.replace("/2025/01/16/", "/politics/")  # a date in the URL counts as declared
    path = tmp_path / "undated.htm"
    path.write_text(undated, encoding="utf-8")
    first, second = load_file(path), load_file(path)
    assert first == second
    assert first.declared is not None and first.declared.date is None  # no "today" fallback


def test_html_without_article_text_is_a_load_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title></head><body><div> </div></body></html>", encoding="utf-8")
    with pytest.raises(LoadError, match="no article text"):
        load_file(path)


@pytest.mark.parametrize(
    "fragment",
    [
        "<p>The council met on Monday and voted to close the estuary ferry in March.</p>",
        "The council met on Monday and voted to close the estuary ferry in March.",
    ],
)
def test_a_fragment_saved_as_a_page_is_read_not_called_unparsable(tmp_path: Path, fragment: str) -> None:
    """A paragraph saved as ``.html`` (one element, or text without markup, as a desk upload or a paste
    named ``article.html`` may be) was "HTML could not be parsed": trafilatura's loader takes a single
    element or bare text for no page at all, while two paragraphs in a ``<div>`` were read."""
    path = tmp_path / "fragment.html"
    path.write_text(fragment, encoding="utf-8")
    assert load_file(path).text.strip() == "The council met on Monday and voted to close the estuary ferry in March."


def test_html_declared_charset_is_used(tmp_path: Path) -> None:
    page = PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1251">')
    page = page.replace("the two countries", RUSSIAN)
    path = tmp_path / "ru.html"
    path.write_bytes(page.encode("cp1251"))
    doc = load_file(path)
    assert doc.encoding == "cp1251" and RUSSIAN in doc.text
    # Without the declaration the page is still read right: Cyrillic never passes for Western text.
    path.write_bytes(page.replace('<meta charset="windows-1251">', "").encode("cp1251"))
    doc = load_file(path)
    assert doc.encoding == "windows-1251" and RUSSIAN in doc.text


@pytest.mark.parametrize("charset", ["utf-16", "UTF-16LE", "utf-16be", "cp037", "x-user-defined"])
def test_a_declared_charset_is_read_as_a_browser_reads_it(charset: str, seeds_dir: Path, tmp_path: Path) -> None:
    """A copy of seed 001 saved as UTF-8 under ``<meta charset="utf-16">`` was decoded as UTF-16, its words
    CJK characters, and ``cp037`` (EBCDIC, which no browser knows) as punctuation: ``check`` passed it, "no
    reuse found", while a browser shows the story (UTF-16 declared by a ``<meta>`` is read as UTF-8, an
    unknown label ignored).  The label is read by the WHATWG Encoding standard's table, as a browser reads it."""
    story = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8")
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in story.splitlines() if line.strip())
    head = f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>Story</title></head>'
    path = tmp_path / "copy.html"
    path.write_bytes(f"{head}<body><article>{paragraphs}</article></body></html>".encode())
    paragraph = " ".join(story.splitlines()[2].split())
    assert paragraph in " ".join(load_file(path).text.split())


def test_html_in_a_legacy_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin.html"
    path.write_bytes(PAGE.replace("Abbas Araqchi", "Abbas Ara\u00e7chi").encode("cp1252"))
    doc = load_file(path)
    assert doc.encoding == "cp1252" and "Ara\u00e7chi" in doc.text


MARKDOWN = """---
title: "Iran, Russia to Boost Defense Ties"
date: 2025-01-16
outlet: Islam Times
---
# Iran, Russia to Boost Defense Ties

**TEHRAN** - The [foreign minister](https://example.org/araqchi-profile) said the deal covers *defence*.

![a photo](https://example.org/photo.jpg)

- It is not a military union.
> "It is an entirely comprehensive agreement," he said.

[1]: https://example.org/reference-target
"""


def test_markdown_masks_markup_keeping_offsets(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    doc = load_file(path)
    assert doc.format == "markdown"
    assert len(doc.text) == len(MARKDOWN)
    # Every character kept is the original's; masked ones became spaces; lines stay.
    for kept, original in zip(doc.text, MARKDOWN, strict=True):
        assert kept == original or (kept == " " and original != "\n")
    words = " ".join(doc.text.split())
    assert "The foreign minister said the deal covers defence ." in words
    assert "a photo" in words  # an image's alt text, shown where it does not load; never its address
    for markup in ("https", "example", "photo.jpg", "**", "#", "reference", "title:"):
        assert markup not in doc.text
    assert doc.declared == DocumentMeta(
        date="2025-01-16", outlet="Islam Times", title="Iran, Russia to Boost Defense Ties"
    )
    tokens = [t for s in prepare(doc).sentences for t in s.tokens]
    assert "https" not in tokens and "example" not in tokens and "org" not in tokens


def test_markdown_character_references_are_the_characters_they_stand_for_but_in_code() -> None:
    """CommonMark shows ``&#97;``, ``&#x61;`` and ``&aacute;`` as the characters, in a code span or block as
    written: outside code each is read as its character (offsets kept: padded with invisible word joiners)."""
    text = "Th&#x65; minist&#101;r s&aacute;id `&#97;` and &bogus; so.\n\n    &#98;ox\n"
    masked, _ = mask_markdown(text)
    assert len(masked) == len(text)
    assert fold(masked).text == "The minister s\u00e1id  &#97;  and &bogus; so.\n\n    &#98;ox\n"


OWN_WORDS = "The council of Riverton met on Monday to discuss the budget of the town and its roads."
SHOWN_TAGS = (
    '<img alt="{}">',
    '<img src="data:," alt="{}">',
    '<img src="data:text/plain,x" alt="{}">',
    '<img src="&#100;ata:," alt="{}">',
    '<img width="&#49;" alt="{}">',
    '<img src="" src="x.png" alt="{}">',
    '<img src="x.png" alt="{}">',
    '<img srcset="" alt="{}">',
    '<img data-src="" alt="{}">',
    '<img data-lazy alt="{}">',
    '<img width=1 height=1 alt="{}">',
    '<img height="0" alt="{}">',
    '<img width="10" alt="{}">',
    '<imgx alt="{}">',
    '<picture><img alt="{}"></picture>',
    '<input type="image" alt="{}">',
    '<input value="{}">',
    '<input size="9" value="{}">',
    '<input type="submit" size="9" value="{}">',
    '<input type="hidden" value="{}">',
    "<input>",
    "<input type=submit>",
)
"""Images and inputs written into a page or a Markdown file (``{}``: their text), shown or not by a browser."""


@pytest.mark.parametrize("tag", SHOWN_TAGS)
def test_markdown_shows_an_image_or_an_input_as_a_page_shows_it(tag: str) -> None:
    """Markdown's rule was a copy of the page's, drifted: it showed the alt text of a 1-pixel image (``width=1
    height=1``), of one a script gives a source (``data-src=""``, ``data-lazy``, ``srcset=""``) and of
    ``<imgx>``, where a page shows none; and it showed nothing for ``<img src="data:," alt>`` (no image: the alt
    text is shown), an image input or an input's value, which a page shows (a copy there passed).  Both are
    read by one rule now (``_shown_value``)."""
    words = "A sentence of twelve words that a browser might show the reader here."
    page = f"<html><body><article><p>{OWN_WORDS}</p></article><div>{tag.format(words)}</div></body></html>"
    in_page = shown_text(page, OWN_WORDS).outside()
    masked, _ = mask_markdown(f"{OWN_WORDS}\n\n{tag.format(words)}\n")
    assert masked.split("\n")[2].strip() == in_page


def test_markdown_keeps_inner_underscores_and_plain_text() -> None:
    text = "snake_case stays, 3 * 4 = 12 and e-mail is fine."
    masked, declared = mask_markdown(text)
    assert "snake_case" in masked and declared is None
    assert len(masked) == len(text)


def _jsonl(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_one_article_a_line_bad_lines_named(tmp_path: Path) -> None:
    good = {"id": "a1", "text": "First article text.", "date": "2025-01-16", "outlet": "Tasnim", "title": "T"}
    path = _jsonl(
        tmp_path,
        [
            json.dumps(good),
            "{not json",
            json.dumps({"id": "a2"}),
            "",
            json.dumps({"id": 7, "text": "Numeric ids become strings.", "url": "https://www.presstv.ir/x"}),
            json.dumps(["a", "list"]),
            json.dumps({"id": "a1", "text": "Same id again."}),
        ],
    )
    items = list(load_jsonl(path))
    docs = [i for i in items if isinstance(i, Document)]
    problems = [i for i in items if isinstance(i, LoadProblem)]
    assert [(d.id, d.path) for d in docs] == [("a1", f"{path}:1"), ("7", f"{path}:5"), ("a1", f"{path}:7")]
    assert docs[0].declared == DocumentMeta(date="2025-01-16", outlet="Tasnim", title="T")
    assert docs[1].declared == DocumentMeta(outlet="presstv.ir", url="https://www.presstv.ir/x")
    assert [(p.path, p.reason.split(" (")[0]) for p in problems] == [
        (f"{path}:2", "not valid JSON"),
        (f"{path}:3", "missing 'text'"),
        (f"{path}:6", "expected a JSON object with 'id' and 'text'"),
    ]
    # Through the folder loader the duplicate id is a problem naming its line.
    docs2, problems2 = load_folder(tmp_path)
    assert [d.id for d in docs2] == ["a1", "7"]
    assert problems2[-1].path == f"{path}:7" and "duplicate document id 'a1'" in problems2[-1].reason


def test_jsonl_line_over_the_limit_is_skipped_and_the_rest_load(tmp_path: Path) -> None:
    big = json.dumps({"id": "big", "text": "word " * 200})
    path = _jsonl(tmp_path, [big, json.dumps({"id": "small", "text": "Short text here."})])
    items = list(load_jsonl(path, max_bytes=300))
    assert isinstance(items[0], LoadProblem) and items[0].path == f"{path}:1"
    assert "line too large" in items[0].reason
    assert isinstance(items[1], Document) and items[1].id == "small" and items[1].path == f"{path}:2"


def test_load_article_reads_a_jsonl_line_as_the_export_loader_does(tmp_path: Path) -> None:
    # The index stores FILE.jsonl:LINE; loading one line must give what load_jsonl gives for it:
    # blank lines counted, CRLF endings, a line over the limit, a last line without a newline.
    lines = [json.dumps({"id": "a", "text": "First article text."}), "", "{not json"]
    lines += [json.dumps({"id": "big", "text": "word " * 80}), json.dumps({"id": "c", "text": "Third, \u00e9t\u00e9."})]
    path = tmp_path / "export.jsonl"
    path.write_bytes(("\r\n".join(lines) + "\r\n" + json.dumps({"id": "d", "text": "Last line."})).encode("utf-8"))
    streamed = {i.path: i for i in load_jsonl(path, max_bytes=200)}
    for number in range(1, len(lines) + 3):
        where = f"{path}:{number}"
        expected = streamed.get(where)
        if isinstance(expected, Document):
            assert load_article(where, max_bytes=200) == expected
            continue
        with pytest.raises(LoadError) as err:
            load_article(where, max_bytes=200)
        assert str(err.value) == (expected.reason if expected else f"no article on line {number}")
    assert [n for n in range(1, 8) if isinstance(streamed.get(f"{path}:{n}"), Document)] == [1, 5, 6]
    with pytest.raises(LoadError, match="no article on line 0"):  # not the last line, as starts[-1] would give
        load_article(f"{path}:0")
    # A rewritten export is read afresh (its line starts are kept only while size and mtime stay).
    path.write_text(json.dumps({"id": "z", "text": "Now the only article."}) + "\n", encoding="utf-8")
    assert load_article(f"{path}:1").id == "z"
    with pytest.raises(LoadError):
        load_article(f"{path}:5")


def test_jsonl_is_not_a_single_document(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, [json.dumps({"id": "x", "text": "y"})])
    with pytest.raises(LoadError, match="one article a line"):
        load_file(path)


def test_declared_metadata_wins_and_text_fills_gaps() -> None:
    found = DocumentMeta(
        date="2020-01-01", outlet=None, title="From the text", attributions=(Attribution("Reuters", (0, 7)),)
    )
    merged = merge_meta(found, DocumentMeta(date="2025-01-16", outlet="Tasnim"))
    assert merged == DocumentMeta(
        date="2025-01-16", outlet="Tasnim", title="From the text", attributions=found.attributions
    )
    assert merge_meta(found, None) is found
    assert declared_meta(date="not a date", title="  ") is None


def test_declared_jsonl_dates_drive_provenance(tmp_path: Path) -> None:
    story = (
        "The minister said the two countries would sign a strategic partnership covering energy and trade. "
        "Officials confirmed the new bridge over the river opens in May after four years of work. "
        "The agreement also covers transport links and a new rail corridor between the two capitals."
    )
    path = _jsonl(
        tmp_path,
        [
            json.dumps({"id": "early", "text": story, "date": "2025-01-15"}),
            json.dumps({"id": "late", "text": story + " More later.", "date": "2025-01-17"}),
        ],
    )
    early, late = (i for i in load_jsonl(path) if isinstance(i, Document))
    result = compare(early, late)
    assert result.is_reuse
    assert result.provenance is not None and result.provenance.relation == "b-from-a"


def test_scan_of_a_mixed_folder_through_the_cli(tmp_path: Path, seeds_dir: Path) -> None:
    from click.testing import CliRunner

    from provenance.cli import main

    a = (seeds_dir / "000_c4d69d43826d85bd.txt").read_text(encoding="utf-8-sig")
    b = (seeds_dir / "001_d11848f0d9787346.txt").read_text(encoding="utf-8-sig")
    folder = tmp_path / "in"
    folder.mkdir()
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in b.splitlines() if line.strip())
    (folder / "sputnik.html").write_text(
        "<html><head><title>Iran and Russia</title><meta property='og:site_name' content='Sputnik'></head>"
        f"<body><nav>Home | World</nav><article>{paragraphs}</article></body></html>",
        encoding="utf-8",
    )
    (folder / "islam.md").write_text("---\ntitle: Defense Ties\n---\n" + a.replace("Araqchi", "**Araqchi**", 1))
    (folder / "export.jsonl").write_text(json.dumps({"id": "memo", "text": "A short wire note."}) + "\n{broken\n")
    (folder / "latin.txt").write_bytes("Le caf\u00e9 \u00e9tait ferm\u00e9 hier soir.".encode("latin-1"))
    (folder / "blank.html").write_text("<html><body> </body></html>", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["scan", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [  # nothing from trafilatura's own logging
        f"provenance: warning: {folder / 'blank.html'}: no article text found in the HTML page; skipped",
        f"provenance: warning: {folder / 'export.jsonl'}:2: not valid JSON "
        "(Expecting property name enclosed in double quotes at column 2); skipped",
        f"provenance: note: {folder / 'latin.txt'}: not UTF-8; read as cp1252",
    ]
    data = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    formats = {d["id"]: (d["format"], d["encoding"]) for d in data["documents"]}
    assert formats == {
        "islam": ("markdown", None),
        "latin": ("text", "cp1252"),
        "memo": ("jsonl", None),
        "sputnik": ("html", None),
    }
    (pair,) = data["pairs"]
    # islam credits Sputnik, the page's declared site: shown source → copy (issue 25)
    assert (pair["a"], pair["b"], pair["copy"]) == ("sputnik", "islam", "islam")
    assert pair["provenance"]["relation"] == "b-from-a"
    texts = {"islam": (folder / "islam.md").read_text(encoding="utf-8")}
    for al in pair["alignments"]:
        start, end = al["b_span"]
        # Spans into a Markdown file point at the file itself (markup blanked in b_text).
        assert len(al["b_text"]) == end - start
        assert all(m == o or m == " " for m, o in zip(al["b_text"], texts["islam"][start:end], strict=True))
    assert "Araqchi" in (out / "provenance.html").read_text(encoding="utf-8")


def test_pages_of_two_time_zones_are_ordered_by_the_hour(tmp_path: Path) -> None:
    """08:00 +08 on the 21st (00:00 UTC) and 21:00 -05 on the 20th (02:00 UTC on the 21st): read by their
    local calendar days, the later page came out as the source."""
    body = "".join(
        f"<p>The central bank raised its main rate by half a point on Thursday, sentence {n} of the story.</p>"
        for n in range(12)
    )
    for name, when in (("straitstimes", "2019-11-21T08:00:00+08:00"), ("usdaily", "2019-11-20T21:00:00-05:00")):
        page = (
            f'<html><head><meta property="article:published_time" content="{when}"><title>Rates</title></head>'
            f"<body><article>{body}</article></body></html>"
        )
        (tmp_path / f"{name}.html").write_text(page, encoding="utf-8")
    early, late = load_file(tmp_path / "straitstimes.html"), load_file(tmp_path / "usdaily.html")
    assert early.declared is not None and early.declared.date == "2019-11-21T00:00"
    assert late.declared is not None and late.declared.date == "2019-11-21T02:00"


@pytest.mark.parametrize(
    "declared",
    [
        '<meta property="og:article:published_time" content="2019-11-19T21:57:01+0000">',  # Reuters
        '<meta itemprop="datePublished" content="2019-11-19T21:57Z">',  # jpost.com
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle",'
        ' "datePublished": "2019-11-19T16:57:01-05:00"}]}</script>',
    ],
)
def test_a_page_declaring_its_time_another_way_keeps_the_hour(tmp_path: Path, declared: str) -> None:
    """Reuters (og:article:published_time), jpost.com (itemprop) and JSON-LD pages were dated by the day
    alone: a copy posted 90 minutes later the same day got no direction ("both 2019-11-19; no order")."""
    body = "".join(f"<p>Oil prices fell on Tuesday on worries about oversupply, sentence {n}.</p>" for n in range(8))
    page = f"<html><head>{declared}<title>Oil</title></head><body><article>{body}</article></body></html>"
    (tmp_path / "wire.html").write_text(page, encoding="utf-8")
    doc = load_file(tmp_path / "wire.html")
    assert doc.declared is not None and doc.declared.date == "2019-11-19T21:57"


def test_front_matter_and_jsonl_dates_with_an_offset_are_read_in_utc_as_html_dates_are(tmp_path: Path) -> None:
    """13:00+05:00 (08:00 UTC) in front matter or a JSON Lines field was read as 13:00 while a page's
    10:00+00:00 was 10:00: in a mixed archive the source was called the copy of a page published later
    ("dates: source 2019-11-20T13:00, copy 2019-11-20T10:00; source is later")."""
    story = "".join(
        f"The central bank raised its main rate by half a point on Wednesday, sentence {n} of the story. "
        for n in range(12)
    )
    (tmp_path / "source.md").write_text(
        f"---\ntitle: Rates\ndate: 2019-11-20T13:00:00+05:00\noutlet: Gulf Daily\n---\n\n{story}\n", encoding="utf-8"
    )
    feed = _jsonl(tmp_path, [json.dumps({"id": "src", "text": story, "date": "2019-11-20T13:00:00+05:00"})])
    (tmp_path / "copy.html").write_text(
        '<html><head><meta property="article:published_time" content="2019-11-20T15:00:00+05:00">'
        f"<title>Rates</title></head><body><article><p>{story}</p></article></body></html>",
        encoding="utf-8",
    )
    source, copy = load_file(tmp_path / "source.md"), load_file(tmp_path / "copy.html")
    (line,) = (i for i in load_jsonl(feed) if isinstance(i, Document))
    assert copy.declared is not None and copy.declared.date == "2019-11-20T10:00"
    for original in (source, line):
        assert original.declared is not None and original.declared.date == "2019-11-20T08:00"
        result = compare(original, copy)
        assert result.provenance is not None and result.provenance.relation == "b-from-a"
        dates = f"dates: {original.id} 2019-11-20T08:00, copy 2019-11-20T10:00; copy is later"
        assert dates in result.provenance.evidence


_ASCII_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n4 0 obj\n<< /Length 44 >>\nstream\n"
    b"BT /F1 24 Tf 100 700 Td (The council met on Monday to discuss the budget) Tj ET\nendstream\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (_ASCII_PDF, "a PDF document"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\nstream\n\x89\x9c\x8d\x81\nendstream\n", "a PDF document"),
        (b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}}\\f0\\fs24 The council met on Monday.}\n", "an RTF document"),
    ],
)
@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_a_document_of_another_format_renamed_is_refused(tmp_path: Path, data: bytes, kind: str, suffix: str) -> None:
    """A PDF saved as ``.txt`` whose streams are plain ASCII (uncompressed, or ASCIIHex) was read as an
    article of PDF syntax (``extract`` showed "title: << /Type /Catalog …"), and a check of it passed; an
    RTF file the same. Each is now refused by name, as a binary file is."""
    path = tmp_path / f"story{suffix}"
    path.write_bytes(data)
    with pytest.raises(LoadError, match=f"^{kind}, not text: convert it to text first$"):
        load_file(path)


def _gz(path: Path, data: bytes) -> Path:
    path.write_bytes(gzip.compress(data, mtime=0))
    return path


def test_compressed_articles_are_read_as_their_format_under_the_same_ids(tmp_path: Path, seeds_dir: Path) -> None:
    """A folder of ``.html.gz`` pages (the article-extraction benchmark as shipped) was indexed as "1 documents",
    its README, and nothing said 90 pages were passed over: each compressed article reads as the file without
    its ``.gz`` does, by the same id, at the path of the compressed file."""
    story = (seeds_dir / f"{SEED_B}.txt").read_bytes()
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in story.decode("utf-8-sig").split("\n\n") if p.strip())
    files = {
        "a.txt": story,
        "b.md": b"---\ntitle: B\ndate: 2024-03-02\n---\n\n" + story,
        "c.html": f"<html><head><title>C</title></head><body><article>{paragraphs}</article></body></html>".encode(),
        "d.jsonl": (json.dumps({"id": "d1", "text": "A wire note."}) + "\n{bad\n").encode(),
    }
    plain, packed = tmp_path / "plain", tmp_path / "packed"
    plain.mkdir()
    packed.mkdir()
    for name, data in files.items():
        (plain / name).write_bytes(data)
        _gz(packed / f"{name[0]}{name[1:].upper()}.gz" if name == "c.html" else packed / f"{name}.gz", data)
    (packed / "notes.pdf").write_bytes(b"%PDF-1.4")  # no reader reads it
    expected, expected_problems = load_folder(plain)
    docs, problems = load_folder(packed)
    assert [(d.id, d.format, d.text, d.declared, d.encoding) for d in docs] == [
        (d.id, d.format, d.text, d.declared, d.encoding) for d in expected
    ]
    assert [d.id for d in docs] == ["a", "b", "c", "d1"]
    assert [Path(d.path).name for d in docs] == ["a.txt.gz", "b.md.gz", "c.HTML.gz", "d.jsonl.gz:1"]
    assert [(Path(p.path).name, p.reason) for p in problems] == [
        (f"{Path(p.path).name.replace('.jsonl', '.jsonl.gz')}", p.reason) for p in expected_problems
    ]
    assert load_article(str(packed / "d.jsonl.gz") + ":1") == docs[-1]  # as check loads a candidate
    with pytest.raises(LoadError, match="no article on line 3"):
        load_article(str(packed / "d.jsonl.gz") + ":3")
    assert load_file(packed / "a.txt.gz").id == "a"


def test_a_compressed_and_a_plain_copy_of_one_article_keep_apart_ids(tmp_path: Path, seeds_dir: Path) -> None:
    """``x.html`` beside ``x.html.gz`` would both be ``x``: like any two files of one id, both keep their
    names; named directly (their stems), the second is a duplicate id, reported."""
    from provenance.io.load import load_paths

    story = (seeds_dir / f"{SEED_B}.txt").read_bytes()
    (tmp_path / "x.txt").write_bytes(story)
    _gz(tmp_path / "x.txt.gz", story)
    _gz(tmp_path / "y.md.gz", story)
    docs, problems = load_folder(tmp_path)
    assert [d.id for d in docs] == ["x.txt", "x.txt.gz", "y"] and problems == []
    docs, problems = load_paths([tmp_path / "x.txt", tmp_path / "x.txt.gz"])
    assert [d.id for d in docs] == ["x"]
    assert [p.reason for p in problems] == [f"duplicate document id 'x' (also {tmp_path / 'x.txt'})"]


def test_a_gzip_bomb_is_refused_without_being_decompressed_whole(tmp_path: Path) -> None:
    """50 MB of text compressed to 50 kB, under a limit of 100,000 bytes: refused as it passes the limit,
    with never more than the limit decompressed (memory stays far below the 50 MB a full read takes)."""
    import tracemalloc

    bomb = _gz(tmp_path / "bomb.txt.gz", b"word " * 10_000_000)
    assert bomb.stat().st_size < 100_000
    tracemalloc.start()
    try:
        docs, problems = load_folder(tmp_path, max_bytes=100_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert docs == []
    assert [(p.path, p.reason) for p in problems] == [
        (str(bomb), "decompresses to more than the limit of 100,000 bytes (a gzip bomb?)")
    ]
    assert peak < 5_000_000
    _gz(tmp_path / "bomb.txt.gz", b"word " * 20_000)  # exactly the limit: read
    assert [d.id for d in load_folder(tmp_path, max_bytes=100_000)[0]] == ["bomb"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"plain text, never compressed", "not a readable gzip file (Not a gzipped file (b'pl'))"),
        (gzip.compress(b"A short story." * 50, mtime=0)[:40], "not a readable gzip file (Compressed file ended"),
        (gzip.compress(b"A short story.", mtime=0)[:-8] + b"\0" * 8, "not a readable gzip file (CRC check failed"),
    ],
    ids=["not-gzip", "cut-short", "bad-checksum"],
)
def test_a_corrupt_gzip_is_one_line_naming_the_file(tmp_path: Path, data: bytes, reason: str) -> None:
    from click.testing import CliRunner

    from provenance.cli import main

    (tmp_path / "story.html.gz").write_bytes(data)
    docs, problems = load_folder(tmp_path)
    assert docs == [] and len(problems) == 1 and problems[0].reason.startswith(reason)
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "story.html.gz")])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"provenance: error: {tmp_path / 'story.html.gz'}: {problems[0].reason}"]


def _export_lines(n: int, words: int = 40) -> list[str]:
    """``n`` export lines of one article each, every one about ``6 * words`` bytes long."""
    return [json.dumps({"id": f"a{i}", "text": f"Article {i}. " + "word " * words}) for i in range(n)]


def _as_problems(items: list[Document | LoadProblem], name: str) -> list[tuple[str, str]]:
    return [(p.path.rpartition("/")[2].replace(name, "X"), p.reason) for p in items if isinstance(p, LoadProblem)]


def test_a_compressed_export_is_bounded_a_line_at_a_time_as_a_plain_one(tmp_path: Path) -> None:
    """A ``.jsonl.gz`` was decompressed whole and refused once its text passed ``max_file_bytes`` (an archive's
    50 MB export of 200,000 small articles loaded nothing): each line is now bounded, as a plain export's is,
    and an export of small lines loads whatever its total size, by both readers (Spark's reads the bytes)."""
    from provenance.io.load import articles_in_bytes

    lines = _export_lines(200)
    export = _gz(tmp_path / "export.jsonl.gz", "\n".join(lines).encode() + b"\n")
    total = sum(len(line) + 1 for line in lines)
    limit = 1_000
    assert total > 40 * limit and max(len(line) for line in lines) < limit
    docs, problems = load_folder(tmp_path, max_bytes=limit)
    assert problems == [] and [d.id for d in docs] == [f"a{i}" for i in range(200)]
    assert docs[-1].path == f"{export}:200"
    assert list(articles_in_bytes(str(export), export.read_bytes(), max_bytes=limit)) == docs
    assert load_article(f"{export}:200", max_bytes=limit) == docs[-1]  # as check loads a candidate


def test_a_long_line_of_a_compressed_export_is_skipped_as_in_a_plain_one(tmp_path: Path) -> None:
    """A line longer than ``max_file_bytes`` of a ``.jsonl.gz`` is the problem a plain export's is, on its line, and
    the lines after it load; held in memory no more than the limit at a time (a 50 MB line in 50 kB)."""
    import tracemalloc

    small = _export_lines(3, words=5)
    long = json.dumps({"id": "long", "text": "word " * 10_000_000})
    data = "\n".join([small[0], long, small[1], "", small[2]]).encode()
    plain = tmp_path / "plain.jsonl"
    plain.write_bytes(data)
    packed = _gz(tmp_path / "packed.jsonl.gz", data)
    assert packed.stat().st_size < 100_000
    expected = list(load_jsonl(plain, max_bytes=100_000))
    tracemalloc.start()
    try:
        items = list(load_jsonl(packed, max_bytes=100_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(d.id, d.path.rpartition(":")[2]) for d in items if isinstance(d, Document)] == [
        ("a0", "1"),
        ("a1", "3"),
        ("a2", "5"),
    ]
    assert _as_problems(items, "packed.jsonl.gz") == _as_problems(expected, "plain.jsonl")
    assert _as_problems(items, "packed.jsonl.gz") == [("X:2", "line too large (over 100,000 bytes)")]
    assert peak < 5_000_000


@pytest.mark.parametrize(
    ("cut", "reason"),
    [
        (lambda data: data[: len(data) // 2], "not a readable gzip file (Compressed file ended"),
        (lambda data: data[:2000] + bytes(b ^ 0x55 for b in data[2000:2100]) + data[2100:], "not a readable gzip"),
        (lambda data: data + b"trailing junk", "not a readable gzip file (Not a gzipped file"),
        (lambda data: b"plain text, never compressed\n", "not a readable gzip file (Not a gzipped file (b'pl'))"),
    ],
    ids=["cut-short", "corrupt", "junk-after", "not-gzip"],
)
def test_a_corrupt_compressed_export_is_a_problem_at_the_line_reached(tmp_path: Path, cut: object, reason: str) -> None:
    """A ``.jsonl.gz`` cut short, corrupt in the middle or followed by junk: the lines before the damage load and
    one problem names the file and the line reached (never a traceback), by both readers alike."""
    from provenance.io.load import articles_in_bytes

    export = tmp_path / "export.jsonl.gz"
    data = gzip.compress(("\n".join(_export_lines(2_000, words=3)) + "\n").encode(), mtime=0)
    export.write_bytes(cut(data))  # type: ignore[operator]
    items = list(load_jsonl(export))
    problems = [p for p in items if isinstance(p, LoadProblem)]
    docs = [d for d in items if isinstance(d, Document)]
    assert len(problems) == 1 and problems[0].reason.startswith(reason), problems
    assert problems[0].path == f"{export}:{len(docs) + 1}" and items[-1] == problems[0]
    assert list(articles_in_bytes(str(export), export.read_bytes())) == items
    docs, problems = load_folder(tmp_path)
    assert len(problems) == 1 and problems[0].reason.startswith(reason)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: data[:2000] + bytes(b ^ 0x55 for b in data[2000:2100]) + data[2100:],
        lambda data: data + b"trailing junk",
        lambda data: data[:-8] + bytes([data[-8] ^ 1]) + data[-7:],
    ],
    ids=["cut-short", "corrupt", "junk-after", "bad-checksum"],
)
def test_a_line_of_a_damaged_compressed_export_is_what_the_stream_made_of_it(tmp_path: Path, damage: object) -> None:
    """``load_article`` of a line of a damaged ``.jsonl.gz`` (``indexed_gzip`` reads a stream cut short or followed
    by junk as if whole, and words a bad checksum its own way): each line before the damage is the article the
    streaming reader loads, the line the stream failed in and any after it the stream's problem, in its words."""
    export = tmp_path / "export.jsonl.gz"
    data = gzip.compress(("\n".join(_export_lines(2_000, words=3)) + "\n").encode(), mtime=0)
    export.write_bytes(damage(data))  # type: ignore[operator]
    items = list(load_jsonl(export))
    failure = items[-1]
    assert isinstance(failure, LoadProblem) and failure.reason.startswith("not a readable gzip file (")
    for item in [*items[:3], *items[-30:]]:
        if isinstance(item, Document):
            assert load_article(item.path) == item
        else:
            with pytest.raises(LoadError, match=f"^{re.escape(item.reason)}$"):
                load_article(item.path)
    after = f"{export}:{int(failure.path.rpartition(':')[2]) + 1}"
    with pytest.raises(LoadError, match=f"^{re.escape(failure.reason)}$"):
        load_article(after)


def test_a_line_of_a_compressed_export_is_read_from_the_access_point_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``load_article`` of ``export.jsonl.gz:N`` (check and ``scan --archive`` loading a candidate) decompressed
    the export from its start for every line asked, and refused an export over ``max_file_bytes`` as a whole:
    k candidates of one export were k passes.  Now one pass finds access points (``indexed_gzip``'s, here 40 kB
    apart or more, at most 4) and line marks (here 1 kB apart, thinned as they pass their bound), and each line
    is read from the mark before it: every line as the streaming reader reads it, across members, padding,
    blank and long lines, with a bounded read a line."""
    from indexed_gzip import IndexedGzipFile

    from provenance.io import load

    monkeypatch.setattr(load, "_ACCESS_SPACING", 40_000)
    monkeypatch.setattr(load, "_ACCESS_POINTS", 4)
    monkeypatch.setattr(load, "_LINE_MARK_SPACING", 1_024)
    monkeypatch.setattr(load, "_LINE_MARKS", 32)
    lines = _export_lines(3_000, words=8)
    lines[100] = json.dumps({"id": "long", "text": "word " * 2_000})  # over the limit below
    lines[200:203] = ["", "   ", "{bad"]
    text = ("\n".join(lines)).encode()  # no newline after the last line
    half = text.index(b"\n", len(text) // 2) + 1
    export = tmp_path / "export.jsonl.gz"  # two members (a file appended to), zeros between them
    export.write_bytes(gzip.compress(text[:half], mtime=0) + b"\0" * 5 + gzip.compress(text[half:], mtime=0))
    limit = 5_000
    assert len(text) > 40 * limit
    streamed = {item.path: item for item in load_jsonl(export, max_bytes=limit)}
    assert len(streamed) == 2_998 and f"{export}:3000" in streamed
    access = load._gzip_access(str(export), *_key(export), links=True)  # one pass, as the first line asked makes
    assert 16 <= len(access.marks) <= 32 and access.lines == 3_000 and access.failure is None
    assert access.spacing == -(-len(text) // 4) and access.size == len(text)  # 4 points, over 40 kB apart
    with export.open("rb") as handle, IndexedGzipFile(fileobj=handle, spacing=access.spacing) as indexed:
        indexed.import_index(fileobj=io.BytesIO(access.index))
        assert 2 <= len(list(indexed.seek_points())) <= 4  # zlib places them at block ends, 40 kB apart or more
    asked: list[int] = []
    read = IndexedGzipFile.read
    monkeypatch.setattr(IndexedGzipFile, "read", lambda self, n=-1: asked.append(n) or read(self, n))
    most = 0
    for number in [*range(1, 3_002), 0]:
        where = f"{export}:{number}"
        expected = streamed.get(where)
        asked.clear()
        if isinstance(expected, Document):
            assert load_article(where, max_bytes=limit) == expected
        else:
            reason = expected.reason if expected is not None else f"no article on line {number}"
            with pytest.raises(LoadError, match=f"^{re.escape(reason)}$"):
                load_article(where, max_bytes=limit)
        assert all(n >= 0 for n in asked)  # never read to the end
        most = max(most, sum(asked))
    assert most < len(text) / 8  # from the mark before the line, never from the start
    export.write_bytes(gzip.compress("\n".join(_export_lines(2, words=3)[::-1]).encode()))  # read afresh
    assert load_article(f"{export}:1").id == "a1"


def _key(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns


def test_a_line_past_the_damage_of_a_compressed_export_is_the_damage(tmp_path: Path) -> None:
    """A ``.jsonl.gz`` cut short: its lines before the cut load as candidates, one after it is the stream's
    problem, never a traceback."""
    export = tmp_path / "export.jsonl.gz"
    data = gzip.compress(("\n".join(_export_lines(2_000, words=3)) + "\n").encode(), mtime=0)
    export.write_bytes(data[: len(data) // 2])
    items = list(load_jsonl(export))
    assert load_article(items[-2].path) == items[-2]
    for where in (items[-1].path, f"{export}:1999"):
        with pytest.raises(LoadError, match=r"^not a readable gzip file \(Compressed file ended"):
            load_article(where)


_BLANKS = b"\n" * 9_000 + b" \r\n\t\n" * 3_000 + b"   "
_EXPORT = "\n".join(_export_lines(300)).encode() + b"\n"
_EXPORTS = {
    "small": "\n".join(_export_lines(50)).encode(),
    "long": b"\n".join([b'{"id": "a", "text": "' + b"w " * 3_000 + b'"}', b"{bad", *map(str.encode, _export_lines(3))]),
    "blank": _BLANKS + _export_lines(1)[0].encode() + b"\n" + _BLANKS + b"\n" + _export_lines(2)[1].encode(),
    "long blank": b"\n\n" + b" " * 2_500 + b"\n\n" + _export_lines(1)[0].encode(),
}
_PACKED = {
    **{name: gzip.compress(data, mtime=0) for name, data in _EXPORTS.items()},
    "cut": gzip.compress(_EXPORT, mtime=0)[:9_000],
    "junk": gzip.compress(_EXPORT, mtime=0) + b"junk",
    "two members": gzip.compress(_EXPORT, mtime=0) + b"\0\0" + gzip.compress(_EXPORT[::-1], mtime=0),
    "not gzip": _EXPORT,
    "empty": b"",
}


@pytest.mark.parametrize(
    ("name", "data"),
    [(f"{n}.jsonl", d) for n, d in _EXPORTS.items()] + [(f"{n}.jsonl.gz", d) for n, d in _PACKED.items()],
    ids=[*(f"{n}.jsonl" for n in _EXPORTS), *(f"{n}.jsonl.gz" for n in _PACKED)],
)
def test_spark_reads_an_export_from_its_bytes_as_the_local_loader_reads_the_file(
    tmp_path: Path, name: str, data: bytes
) -> None:
    """The Spark engine reads a file's bytes (:func:`articles_in_bytes`), the local engine the file
    (:func:`load_jsonl`); their reports must be byte-identical: the same documents and problems, line for
    line, for every export plain and compressed (whole, cut short, followed by junk, of two members, not
    gzip, empty), with long, bad and runs of blank lines (longer than a read buffer, of white space)."""
    from provenance.io.load import articles_in_bytes

    path = tmp_path / name
    path.write_bytes(data)
    local = list(load_jsonl(path, max_bytes=2_000))
    assert list(articles_in_bytes(str(path), data, max_bytes=2_000)) == local
    if name.startswith("blank"):
        assert [d.path.rpartition(":")[2] for d in local] == ["15001", "30003"]
    if name.startswith("long blank"):  # a line of white space past the limit is too large, as any line
        assert [(item.path.rpartition(":")[2], type(item).__name__) for item in local] == [
            ("3", "LoadProblem"),
            ("5", "Document"),
        ]


@pytest.mark.parametrize("name", ["export.jsonl", "export.jsonl.gz"])
def test_an_export_of_many_bad_lines_names_the_first_and_counts_the_rest(tmp_path: Path, name: str) -> None:
    """A problem was kept for every bad line of an export: a 10 MB ``.jsonl.gz`` of ``{}`` lines stands for 10 GB
    of text and 3 billion problems held by ``scan``.  The first :data:`NAMED_LINE_PROBLEMS` are named, the rest
    counted in one closing problem, and the good lines among them still load, by both readers alike."""
    from provenance.io.load import articles_in_bytes

    good = _export_lines(5, words=3)
    lines = [good[0], *["{}"] * 1_000, good[1], "not json", *["{}"] * 3_000, "", good[2], "x" * 3_000, *good[3:]]
    data = "\n".join(lines).encode()
    export = tmp_path / name
    export.write_bytes(gzip.compress(data, mtime=0) if name.endswith(".gz") else data)
    items = list(load_jsonl(export, max_bytes=2_000))
    problems = [item for item in items if isinstance(item, LoadProblem)]
    assert [d.id for d in items if isinstance(d, Document)] == ["a0", "a1", "a2", "a3", "a4"]
    assert len(problems) == 101  # 100 named, one counting the rest
    assert [p.path for p in problems[:2]] == [f"{export}:2", f"{export}:3"]
    assert problems[-1] == LoadProblem(
        str(export), "and 3,902 more lines could not be read (lines 102 to 4,006; the first 100 are named)"
    )
    assert list(articles_in_bytes(str(export), export.read_bytes(), max_bytes=2_000)) == items


def test_files_no_reader_reads_are_counted_once(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder of 90 ``.html.gz`` pages was scanned as its README alone, without a word about the rest: the
    files no reader reads are now counted, by kind, on one line of stderr (none for hidden files or those an
    exclude glob sets aside)."""
    from click.testing import CliRunner

    from provenance.cli import main

    folder = tmp_path / "in"
    (folder / "2019").mkdir(parents=True)
    (folder / ".git").mkdir()
    for seed in (SEED_B, "000_c4d69d43826d85bd"):
        (folder / f"{seed}.txt").write_bytes((seeds_dir / f"{seed}.txt").read_bytes())
    for name in ("a.pdf", "2019/b.PDF", "2019/c.zip", "LICENSE", "old.tar.gz", ".x.pdf", ".git/d.pdf", "e.docx"):
        (folder / name).write_bytes(b"%PDF-1.4")
    (tmp_path / "pyproject.toml").write_text('[tool.provenance.corpus]\nexclude = ["*.docx"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["scan", "in", "--out", "out", "-q"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "provenance: note: skipped 5 files no reader reads: .pdf (2), (no suffix) (1), .tar.gz (1), .zip (1)"
    ]
