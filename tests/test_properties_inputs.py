"""Properties of the input formats, boilerplate and HTML report on any input (hypothesis)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from helpers import check_pair_spans
from hypothesis import given, settings
from hypothesis import strategies as st
from test_properties import tricky_text, word_text

from provenance import Document, compare
from provenance.io.formats import DecodeError, decode, extract_html, mask_markdown
from provenance.io.load import load_jsonl
from provenance.models import LoadProblem
from provenance.pipeline import prepare
from provenance.report import render_pair_html
from provenance.text.boilerplate import set_aside_boilerplate

_MARKUP = ["# ", "## ", "**", "*", "_", "__", "`", "```\n", "> ", "- ", "1. ", "[", "]", "(", ")", "![", "](", "<b>"]
_MARKUP += ["</b>", "<http://x.org>", "---\n", "\n", " ", "http://e.org/p_q", "word", "snake_case", "Araqchi", "."]
_MARKUP += ["&#97;", "&eacute;", "&bogus;"]
_DECODED = "\u2060"
"""What pads a character reference decoded in Markdown to its length."""
markdown_text = st.one_of(tricky_text, st.lists(st.sampled_from(_MARKUP), max_size=50).map("".join))


@given(st.binary(max_size=300))
def test_decode_any_bytes_is_text_or_a_decode_error(data: bytes) -> None:
    try:
        text, encoding = decode(data)
    except DecodeError as err:
        assert str(err) and "\n" not in str(err)
        return
    assert text.strip()
    if encoding is None:
        assert data.decode("utf-8-sig").lstrip("\ufeff") == text


@given(st.text(min_size=1).filter(lambda t: "\x00" not in t and t.strip() and not t.startswith("\ufeff")))
def test_utf8_text_decodes_to_itself(text: str) -> None:
    # NUL means binary; a leading BOM is dropped; anything else UTF-8 comes back as it was.
    assert decode(text.encode("utf-8")) == (text, None)


@given(markdown_text)
def test_markdown_masking_keeps_every_offset(text: str) -> None:
    masked, _ = mask_markdown(text)
    assert len(masked) == len(text)
    for kept, original in zip(masked, text, strict=True):
        # a character reference is the character it stands for (at its "&"), then invisible padding
        assert kept in (original, _DECODED) or (kept == " " and original not in "\n\r") or original == "&"


@given(markdown_text)
def test_markdown_spans_map_back_to_the_original_file(text: str) -> None:
    masked, _ = mask_markdown(text)
    doc = prepare(Document("m", "m.md", masked))
    for s in doc.sentences:
        start, end = s.span
        # The file's characters at the span, markup blanked, are the sentence as matched.
        original = text[start:end]
        assert all(m in (o, " ", _DECODED) or o == "&" for m, o in zip(masked[start:end], original, strict=True))
        for t_start, t_end in s.token_spans:  # words are never markup (but for a character reference in one,
            # or markup inside a word, which is shown whole: K*r*emlin), which is invisible
            shown = zip(masked[t_start:t_end], text[t_start:t_end], strict=True)
            assert all(m in (o, _DECODED) for m, o in shown) or "&" in text[t_start:t_end]


@settings(max_examples=30)
@given(
    st.one_of(st.text(max_size=200), st.lists(st.sampled_from(["<p>", "</p>", "<div>", "word ", "&amp;"])).map("".join))
)
def test_html_extraction_never_fails_on_any_input(text: str) -> None:
    try:
        extracted, _ = extract_html(text)
    except DecodeError as err:
        assert str(err) and "\n" not in str(err)
        return
    assert extracted.strip()


@settings(max_examples=40)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=60),
            st.builds(
                json.dumps,
                st.dictionaries(
                    st.sampled_from(["id", "text", "date", "url", "outlet", "title"]),
                    st.one_of(st.text(max_size=30), st.integers(), st.none()),
                ),
            ),
        ),
        max_size=6,
    )
)
def test_jsonl_any_lines_load_or_are_named_problems(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.jsonl"
        path.write_text("\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines), encoding="utf-8")
        for item in load_jsonl(path):
            assert item.path.startswith(f"{path}:")
            number = int(item.path.rsplit(":", 1)[1])
            assert 1 <= number <= max(1, len(lines))
            if isinstance(item, LoadProblem):
                assert item.reason and "\n" not in item.reason
            else:
                assert item.text.strip() and item.id


@settings(max_examples=30)
@given(
    st.lists(word_text, min_size=1, max_size=4), st.sampled_from(["Comments are closed.", "Top Stories", "Daily news"])
)
def test_boilerplate_only_removes_words_of_whole_sentences(texts: list[str], footer: str) -> None:
    docs = [prepare(Document(f"d{n}", "x.txt", f"{t}\n{footer}")) for n, t in enumerate(texts)]
    out, lines = set_aside_boilerplate(
        docs, min_documents=3, max_words=12, edge_sentences=8, min_words=3, pattern_max_words=20
    )
    for before, after in zip(docs, out, strict=True):
        assert len(before.sentences) == len(after.sentences)
        for s0, s1 in zip(before.sentences, after.sentences, strict=True):
            assert s0.span == s1.span and s0.index == s1.index
            assert s1.tokens in (s0.tokens, ())
            assert (s1.tokens == ()) == (s0.span in after.set_aside)
    assert all(line.documents for line in lines)


@settings(max_examples=40)
@given(tricky_text, tricky_text)
def test_html_report_of_any_pair_escapes_everything(text_a: str, text_b: str) -> None:
    a, b = Document("a", "a.txt", text_a + " <i>x</i>"), Document("b", "b.txt", text_b + " <i>x</i>")
    pair = compare(a, b)
    check_pair_spans(pair.alignments, a.text, b.text)
    page = render_pair_html(pair, prepare(a), prepare(b))
    assert "<i>" not in page and page.count("<script") == 1


@settings(max_examples=60)
@given(
    st.one_of(st.binary(max_size=200), tricky_text.map(lambda t: t.encode("utf-8")), markdown_text.map(str.encode)),
    st.sampled_from([".txt", ".md", ".html"]),
)
def test_load_file_on_any_bytes_loads_or_names_the_problem(data: bytes, suffix: str) -> None:
    from provenance.io.load import LoadError, load_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"any{suffix}"
        path.write_bytes(data)
        try:
            doc = load_file(path)
        except LoadError as err:
            assert str(err) and "\n" not in str(err)
            return
        assert doc.text.strip()
        prepared = prepare(doc)
        for s in prepared.sentences:
            for start, end in s.token_spans:
                assert doc.text[start:end].strip()
