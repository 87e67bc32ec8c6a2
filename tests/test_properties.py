"""Properties that hold for any input (hypothesis; see conftest.py for the profile)."""

from __future__ import annotations

import itertools
import re
import tempfile
from pathlib import Path

from helpers import check_pair_spans
from hypothesis import example, given, settings
from hypothesis import strategies as st

from provenance import Document, compare
from provenance.report.markdown import cell
from provenance.text.normalize import fold
from provenance.text.sentences import split_sentences

# Text that exercises folding: typography, invisible and combining characters,
# ligatures, line breaks, abbreviations and sentence punctuation.
_PIECES = [
    "a",
    "B",
    "7",
    " ",
    ".",
    "!",
    "?",
    '"',
    "'",
    "\n",
    "\r\n",
    "\u2026",
    "\u00bd",
    "\ufb01",
    "\u200b",
    "\u00ad",
    "\u0301",
    "\u201c",
    "\u201d",
    "\u2019",
    "\u2014",
    "\u00a0",
    "%",
    ",",
    "Mr.",
    "U.S.",
    " The ",
    " the ",
    "15%",
    "20-year",
]
tricky_text = st.one_of(st.text(), st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))

WORDS = [
    "iran",
    "russia",
    "minister",
    "said",
    "agreement",
    "trade",
    "energy",
    "cooperation",
    "the",
    "of",
    "and",
    "in",
    "transport",
    "corridor",
    "moscow",
    "tehran",
    "deal",
    "security",
    "defense",
    "peace",
    "countries",
    "strategic",
    "partnership",
    "new",
    "two",
    "will",
]


@st.composite
def sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14))
    end = draw(st.sampled_from([".", "!", "?", "."]))
    return " ".join(words).capitalize() + end


word_text = st.lists(sentence(), min_size=1, max_size=8).map(" ".join)


@given(tricky_text)
def test_fold_and_split_never_raise_and_spans_stay_inside(text: str) -> None:
    folded = fold(text)
    if folded.offsets is None:
        assert len(folded.text) == len(text)
    else:
        assert folded.ends is not None
        assert len(folded.offsets) == len(folded.ends) == len(folded.text)
        assert list(folded.offsets) == sorted(folded.offsets)
        assert list(folded.ends) == sorted(folded.ends)
        assert all(s < e <= len(text) for s, e in zip(folded.offsets, folded.ends, strict=True))
    sentences = split_sentences(text)
    assert [s.index for s in sentences] == list(range(len(sentences)))
    for previous, current in itertools.pairwise(sentences):
        assert previous.span[1] <= current.span[0]
    for s in sentences:
        start, end = s.span
        assert 0 <= start < end <= len(text)
        assert s.tokens and len(s.tokens) == len(s.token_spans)
        for token_start, token_end in s.token_spans:
            assert start <= token_start < token_end <= end


@given(tricky_text)
def test_original_span_stays_inside_the_text(text: str) -> None:
    folded = fold(text)
    n = len(folded.text)
    for lo in range(0, n + 1, max(1, n // 7)):
        for hi in range(lo, n + 1, max(1, n // 5)):
            start, end = folded.original_span((lo, hi))
            assert 0 <= start <= end <= len(text)
            assert (start == end) == (lo == hi)
    if n:
        # The whole folded text maps to the whole text but leading invisible characters.
        start, end = folded.original_span((0, n))
        assert end == len(text)
        assert fold(text[:start]).text == ""


@given(word_text)
def test_a_text_compared_with_itself(text: str) -> None:
    result = compare(Document("a", "a.txt", text), Document("b", "b.txt", text))
    sentences = split_sentences(text)
    assert len(result.alignments) == sum(1 for s in sentences if len(s.tokens) >= 3)
    for al in result.alignments:
        assert al.score == 1.0
        assert al.changes == ()
        assert al.a_span == al.b_span
    assert result.share_a == result.share_b
    assert result.jaccard == 1.0
    assert result.estimated_jaccard == 1.0


@st.composite
def edited_pair(draw: st.DrawFn) -> tuple[str, str]:
    """A text and a copy with some words replaced, inserted or deleted, and some typography changed."""
    text = draw(word_text)
    words = text.split(" ")
    edited: list[str] = []
    for word in words:
        action = draw(st.sampled_from(["keep"] * 6 + ["replace", "insert", "delete", "upper"]))
        if action == "replace":
            edited.append(draw(st.sampled_from(WORDS)) + ("." if word.endswith(".") else ""))
        elif action == "insert":
            edited += [word, draw(st.sampled_from(WORDS))]
        elif action == "delete" and not word.endswith((".", "!", "?")):
            continue
        elif action == "upper":
            edited.append(word.upper())
        else:
            edited.append(word)
    other = " ".join(edited).replace("'", "\u2019")
    return text, other


@given(edited_pair())
def test_spans_match_the_reported_texts(pair: tuple[str, str]) -> None:
    text_a, text_b = pair
    result = compare(Document("a", "a.txt", text_a), Document("b", "b.txt", text_b))
    check_pair_spans(result.alignments, text_a, text_b)
    for al in result.alignments:
        assert 0.0 < al.score <= 1.0
        if al.score == 1.0:
            assert al.changes == ()
        for change in al.changes:
            assert change.a or change.b
            assert change.kind != "insertion" or change.a == ""
            assert change.kind != "deletion" or change.b == ""


@given(word_text, word_text)
def test_compare_is_symmetric(text_a: str, text_b: str) -> None:
    forward = compare(Document("a", "a.txt", text_a), Document("b", "b.txt", text_b))
    backward = compare(Document("b", "b.txt", text_b), Document("a", "a.txt", text_a))
    assert (forward.share_a, forward.share_b) == (backward.share_b, backward.share_a)
    assert (forward.containment_a, forward.containment_b) == (backward.containment_b, backward.containment_a)
    assert forward.jaccard == backward.jaccard
    assert forward.is_reuse == backward.is_reuse
    assert len(forward.alignments) == len(backward.alignments)


@given(word_text, word_text)
def test_shares_are_between_zero_and_one_for_one_to_one_alignments(text_a: str, text_b: str) -> None:
    result = compare(Document("a", "a.txt", text_a), Document("b", "b.txt", text_b))
    for figure in (result.jaccard, result.containment_a, result.containment_b):
        assert 0.0 <= figure <= 1.0
    assert result.share_a >= 0.0 and result.share_b >= 0.0
    if all(len(al.a_sentences) == len(al.b_sentences) == 1 for al in result.alignments):
        assert result.share_a <= 1.0 and result.share_b <= 1.0


@given(word_text, word_text)
@example(
    "Alpha alpha alpha alpha alpha.",
    "Alpha alpha alpha. Alpha alpha alpha alpha alpha alpha alpha alpha alpha.",
)
def test_shares_are_between_zero_and_one(text_a: str, text_b: str) -> None:
    result = compare(Document("a", "a.txt", text_a), Document("b", "b.txt", text_b))
    assert 0.0 <= result.share_a <= 1.0
    assert 0.0 <= result.share_b <= 1.0


@given(st.text())
def test_markdown_cell_is_one_line_with_escaped_pipes(text: str) -> None:
    out = cell(text)
    assert "\n" not in out and "\r" not in out
    # Every pipe is preceded by an odd number of backslashes (escaped).
    for i, char in enumerate(out):
        if char == "|":
            run = len(out[:i]) - len(out[:i].rstrip("\\"))
            assert run % 2 == 1


# -- hostile input (issue 10): random Unicode through every stage and rendering ---

hostile_text = st.one_of(
    st.text(),
    st.lists(
        st.sampled_from(
            [*_PIECES, "\x1b[31m", "\x07", "\r", "\x9b", "::error::", "%", "|", "<script>", "`", "[x](javascript:a)"]
        ),
        max_size=60,
    ).map("".join),
)
_FILE_NAME = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=40
).filter(lambda n: n not in (".", "..") and len(n.encode("utf-8")) < 200)
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


@settings(max_examples=50)
@given(st.lists(_FILE_NAME, min_size=1, max_size=4, unique=True), st.lists(hostile_text, min_size=4, max_size=4))
@example([".0", "a"], ["", "", "", ""]).via("a hidden file beside an empty one")
def test_any_file_names_load_or_are_named_problems(names: list[str], texts: list[str]) -> None:
    from provenance.io.load import load_folder

    with tempfile.TemporaryDirectory() as folder:
        for name, text in zip(names, texts, strict=False):
            (Path(folder) / f"{name}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
        docs, problems = load_folder(folder)
        listed = [n for n in names if not n.startswith(".")]  # a hidden file is no article (as git's own files)
        assert len(docs) + len(problems) == len(listed)
        assert {Path(d.path).name for d in docs} | {Path(p.path).name for p in problems} == {f"{n}.txt" for n in listed}
        for doc in docs:
            assert doc.id == Path(doc.path).stem and doc.text.strip()
        for problem in problems:
            assert problem.reason and "\n" not in problem.reason


@given(hostile_text, st.integers(min_value=1, max_value=6))
def test_bounded_sentences_map_back_to_the_original(text: str, max_tokens: int) -> None:
    sentences = split_sentences(text, max_tokens=max_tokens)
    previous_end = 0
    for n, s in enumerate(sentences):
        assert s.index == n and 1 <= len(s.tokens) <= max_tokens
        start, end = s.span
        assert previous_end <= start < end <= len(text)
        previous_end = end
        for t_start, t_end in s.token_spans:
            assert start <= t_start < t_end <= end and text[t_start:t_end].strip()
    # Cutting long sentences never loses or invents a word.
    assert [t for s in sentences for t in s.tokens] == [t for s in split_sentences(text) for t in s.tokens]


@given(
    st.lists(
        st.sampled_from(["Alpha beta gamma delta.", "One two three four five.", "Six seven eight nine."]), max_size=30
    ),
    st.integers(min_value=1, max_value=5),
)
def test_alignment_with_a_sentence_cap_keeps_valid_spans(sentences: list[str], cap: int) -> None:
    from provenance.detect.align import align_sentences

    text = " ".join(sentences)
    split = split_sentences(text)
    found = align_sentences(split, split, max_sentences=cap)
    check_pair_spans(found, text, text)
    used_a = [i for al in found for i in al.a_sentences]
    assert len(used_a) == len(set(used_a)) and all(0 <= i < len(split) for i in used_a)
    distinct = {s.tokens for s in split}
    if len(split) <= cap:
        assert len(found) == len(split)  # under the cap: every sentence with itself, as before
    elif len(distinct) <= cap:
        # Over the cap, each distinct sentence is compared once and its repeats paired in order.
        assert sorted(used_a) == list(range(len(split)))


@given(hostile_text, hostile_text)
def test_every_rendering_escapes_what_it_must(text: str, name: str) -> None:
    from provenance.ci import FileCheck, Match, render_summary, workflow_commands
    from provenance.models import Change
    from provenance.report.checks import render_text
    from provenance.report.markdown import _mermaid_label
    from provenance.report.text import printable

    shown = printable(text)
    assert _CONTROL.search(shown) is None
    flat = cell(text)
    assert _CONTROL.search(flat) is None and re.search(r"(?<!\\)[<>\[\]`|]", flat) is None
    label = _mermaid_label(name)
    assert re.search(r'["<>\n]', label) is None
    change = Change(kind="number", a=text, b=name, a_span=(0, 0), b_span=(0, 0))
    match = Match(name, name, 1.0, 1.0, True, "fail", text, (change,))
    checks = [FileCheck(path=name + text, doc_id=name, verdict="fail", matches=(match,))]
    commands = workflow_commands(checks)
    assert commands.count("\n") == 1 and "\r" not in commands and _CONTROL.search(commands[:-1]) is None
    head, _, message = commands[:-1].partition("::")[2].partition("::")
    assert re.fullmatch(r"error file=[^,:]*,line=\d+,title=[^,:]*", head), head
    assert re.search(r"%(?![0-9A-F]{2})", message) is None
    terminal = render_text(checks)
    assert _CONTROL.search(terminal.replace("\n", "")) is None and terminal.count("\n") == 2
    summary = [line for line in render_summary(checks).splitlines() if line.startswith("| ")]
    assert len(summary) == 3 and len(re.findall(r"(?<!\\)\|", summary[2])) == 7


@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 6)), max_size=20),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 10)), min_size=1, max_size=10),
)
def test_html_mark_lookup_renders_like_all_marks(marks: list[tuple[int, int]], spans: list[tuple[int, int]]) -> None:
    from provenance.report.html import _Mark, _marked, _marks, _Text

    text = _Text(Document("t", "t.txt", "".join(chr(ord("a") + i % 26) for i in range(60))))
    all_marks = sorted(
        (_Mark(s, s + n, f"<q{k}>", f"</q{k}>", 0) for k, (s, n) in enumerate(marks)), key=lambda m: (m.start, m.end)
    )
    index = _marks(all_marks)
    for start, length in spans:
        span = (start, start + length)
        assert _marked(text, span, index.touching(*span)) == _marked(text, span, all_marks)
