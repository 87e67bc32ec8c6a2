"""Typography folding and the map from folded offsets back to the original text."""

from __future__ import annotations

import subprocess
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.models import Document
from provenance.pipeline import compare
from provenance.text import normalize
from provenance.text.normalize import fold, fold_key, mixed_script_words


def _span_of(folded_text: str, word: str) -> tuple[int, int]:
    start = folded_text.index(word)
    return start, start + len(word)


def test_fold_keeps_length_and_offsets_on_ordinary_text() -> None:
    text = "Iran and Russia signed a 20-year deal on Friday, officials said.\nMore later."
    folded = fold(text)
    assert folded.text == text
    assert folded.offsets is None
    assert folded.original_span((5, 8)) == (5, 8)


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("\u201cquoted\u201d", '"quoted"'),
        ("\u2018single\u2019", "'single'"),
        ("\u201equoted\u201f", '"quoted"'),
        ("\u00abguillemets\u00bb", '"guillemets"'),
        ("Iran\u2019s", "Iran's"),
        ("a \u2013 b \u2014 c \u2212 d \u2010 e", "a - b - c - d - e"),
        ("no\u00a0break\u202fthin\u2009space", "no break thin space"),
        ("tab\there", "tab here"),
        ("line\u2028break\u2029sep\x85end", "line\nbreak\nsep\nend"),
        ("bell\x07char", "bell char"),
    ],
)
def test_fold_maps_typography_one_to_one(original: str, expected: str) -> None:
    folded = fold(original)
    assert folded.text == expected
    assert len(folded.text) == len(original)
    # One-to-one folding keeps every offset: a folded span is the same original span.
    for start in range(len(original)):
        for end in range(start, len(original) + 1):
            assert folded.original_span((start, end)) == (start, end)


@pytest.mark.parametrize("line_break", ["\r", "\x0b", "\x0c"])
def test_control_line_breaks_fold_to_newline(line_break: str) -> None:
    assert fold(f"headline{line_break}body").text == "headline\nbody"


def test_fold_keeps_case() -> None:
    assert fold("Araqchi SAID").text == "Araqchi SAID"


def test_fold_key_lower_cases() -> None:
    assert fold_key("Araqchi's") == "araqchi's"
    assert fold_key("IRAN") == "iran"


def test_ligature_expands_and_maps_back() -> None:
    text = "the \ufb01nal word"
    folded = fold(text)
    assert folded.text == "the final word"
    assert folded.offsets is not None
    assert folded.ends is not None
    assert len(folded.offsets) == len(folded.ends) == len(folded.text)
    start, end = folded.original_span(_span_of(folded.text, "final"))
    assert text[start:end] == "\ufb01nal"
    start, end = folded.original_span(_span_of(folded.text, "word"))
    assert text[start:end] == "word"
    start, end = folded.original_span(_span_of(folded.text, "the"))
    assert text[start:end] == "the"
    # Part of an expansion maps to the whole source character.
    i = folded.text.index("fi")
    assert folded.original_span((i, i + 1)) == (4, 5)
    assert folded.original_span((i + 1, i + 2)) == (4, 5)


def test_zero_width_space_inside_a_word_is_removed_and_mapped() -> None:
    text = "Ara\u200bqchi said so"
    folded = fold(text)
    assert folded.text == "Araqchi said so"
    start, end = folded.original_span(_span_of(folded.text, "Araqchi"))
    assert text[start:end] == "Ara\u200bqchi"
    start, end = folded.original_span(_span_of(folded.text, "said"))
    assert text[start:end] == "said"
    start, end = folded.original_span(_span_of(folded.text, "so"))
    assert text[start:end] == "so"


_IGNORABLE = ["\u200b", "\u00ad", "\u200d", "\ufeff", "\u2060", "\u200c", "\u200e", "\u202a", "\u2062", "\u034f"]
_IGNORABLE += ["\u061c", "\u180e", "\u115f", "\ufe0f", "\U000e0041", "\U000e0100", "\U0001d173", "\ufffa"]


@pytest.mark.parametrize("invisible", _IGNORABLE)
def test_invisible_characters_are_removed(invisible: str) -> None:
    """Every default-ignorable code point (Unicode's Default_Ignorable_Code_Point: marks, joiners, variation
    selectors, tag characters, fillers…) is as invisible to matching as a zero-width space: only six were."""
    text = f"alph{invisible}a beta gamma"  # inside a word: a zero-width space between words may be a space
    folded = fold(text)
    assert folded.text == "alpha beta gamma"
    start, end = folded.original_span(_span_of(folded.text, "alpha"))
    assert text[start:end] == f"alph{invisible}a"
    start, end = folded.original_span(_span_of(folded.text, "gamma"))
    assert text[start:end] == "gamma"


def test_a_run_of_ignorables_between_a_letter_and_its_accent_still_composes() -> None:
    text = "cafe\u034f\ufe0f\u0301 au lait"
    folded = fold(text)
    assert folded.text == "caf\u00e9 au lait"
    start, end = folded.original_span(_span_of(folded.text, "caf\u00e9"))
    assert text[start:end] == "cafe\u034f\ufe0f\u0301"
    assert folded.original_span(_span_of(folded.text, "au")) == (text.index("au"), text.index("au") + 2)


def test_emoji_sequences_and_persian_words_fold_to_their_visible_characters() -> None:
    """Emoji keep their base characters (joiners, variation selectors and a flag's tags go: emoji are no
    words); a Persian word split by a zero-width non-joiner is one word, as typists also write it."""
    family, heart, scotland = "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\u2764\ufe0f", "\U0001f3f4"
    scotland += "".join(chr(0xE0000 + ord(c)) for c in "gbsct") + "\U000e007f"
    text = f"I {heart} {family} {scotland}!"
    folded = fold(text)
    assert folded.text == "I \u2764 \U0001f468\U0001f469\U0001f467 \U0001f3f4!"
    assert folded.original_span((len(folded.text) - 1, len(folded.text))) == (len(text) - 1, len(text))
    assert folded.original_span((2, 3)) == (2, 3)  # the heart alone, its variation selector left out
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # "I want", with a zero-width non-joiner
    assert fold(persian).text == persian.replace("\u200c", "")


_SPACED_WITH_ZERO_WIDTHS = "The foreign minister said on Monday that the corridor would open trade routes."


def test_zero_width_spaces_a_line_uses_for_spaces_are_spaces() -> None:
    """A line with a zero-width space (U+200B) for each space (or for a third of them), its words run together on
    the screen, was folded to one word (the character left out as invisible): a copy so typed passed as "no
    reuse found".  Where the line's words, read with them as spaces, are words (:data:`_WORD_BREAK_LENGTH`),
    they are spaces; inside words, once in each or between every two letters, they are still left out."""
    words = _SPACED_WITH_ZERO_WIDTHS.split()
    assert fold("\u200b".join(words)).text == _SPACED_WITH_ZERO_WIDTHS
    third = "".join(w + ("\u200b" if i % 3 == 0 else " ") for i, w in enumerate(words)).rstrip()
    assert fold(third).text == _SPACED_WITH_ZERO_WIDTHS
    once = " ".join(w[: len(w) // 2] + "\u200b" + w[len(w) // 2 :] if len(w) > 1 else w for w in words)
    assert fold(once).text == _SPACED_WITH_ZERO_WIDTHS
    every = " ".join("\u200b".join(w) for w in words)
    assert fold(every).text == _SPACED_WITH_ZERO_WIDTHS
    text = "by\u200b15%\u200bon\u200bMonday.\u200bThe\u200bminister\u200bsaid"
    folded = fold(text)
    assert folded.text == "by 15% on Monday. The minister said"
    assert folded.original_span(_span_of(folded.text, "Monday")) == (text.index("Monday"), text.index("Monday") + 6)
    assert fold("cafe\u200b\u0301\u200bau\u200blait\u200btoday").text == "caf\u00e9 au lait today"


@pytest.mark.parametrize(
    "words",
    [
        [
            "\u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22",
            "\u0e40\u0e1b\u0e47\u0e19",
            "\u0e20\u0e32\u0e29\u0e32\u0e17\u0e35\u0e48\u0e2a\u0e27\u0e22",
        ],  # Thai
        ["\u1797\u17b6\u179f\u17b6", "\u1781\u17d2\u1798\u17c2\u179a", "\u1782\u17ba\u1787\u17b6"],  # Khmer
        ["\u0e9e\u0eb2\u0eaa\u0eb2", "\u0ea5\u0eb2\u0ea7", "\u0e87\u0eb2\u0ea1"],  # Lao
        ["\u1019\u103c\u1014\u103a\u1019\u102c", "\u1018\u102c\u101e\u102c", "\u1005\u1000\u102c\u1038"],  # Myanmar
        ["\u4e2d\u6587", "\u65b0\u95fb", "\u6587\u7ae0"],  # Chinese
    ],
)
def test_zero_width_spaces_between_letters_of_scripts_written_without_spaces_are_left_out(words: list[str]) -> None:
    """Thai, Khmer, Lao, Myanmar and Chinese mark a word break with a zero-width space, and write no space: read
    as a space, it would split their text into other words than those typed without it.  It is left out."""
    text = "\u200b".join(words * 8)
    assert fold(text).text == "".join(words * 8)
    assert fold("Thailand \u0e20\u0e32\u0e29\u0e32\u200bEnglish").text == "Thailand \u0e20\u0e32\u0e29\u0e32English"


def test_overlays_on_letters_are_left_out_and_accents_kept() -> None:
    """A stroke, a solidus, a ring or an enclosing circle drawn over each letter leaves the word a reader reads:
    it is left out of matching, every offset into the text as written.  Accents stay (they make other words),
    and so does a long solidus that composes with what it is on (≠, ∉, written as two characters)."""
    text = "T\u0336h\u0336e\u0336 m\u0338i\u0338n\u0338 s\u20d8a\u20dd\u20e5i\u0335d"
    folded = fold(text)
    assert folded.text == "The min said"
    start, end = folded.original_span(_span_of(folded.text, "min"))
    assert text[start:end] == "m\u0338i\u0338n"
    assert fold("a =\u0338 b, x \u2208\u0338 A, 3 <\u0338 2").text == "a \u2260 b, x \u2209 A, 3 \u226e 2"
    accented = "Mu\u0308ller, cafe\u0301, \u00f8re, \u0142\u00f3d\u017a, Nguye\u0302\u0303n, e\u0323\u0301"
    assert fold(accented).text == unicodedata.normalize("NFC", accented)


def test_a_line_with_a_mark_on_every_letter_is_read_without_them_and_accents_stay() -> None:
    """Underlined (U+0332 after every letter, as text generators make it), a "Zalgo" stack, an acute on every
    letter: a reader reads the letters, and a line holding a word of three letters each marked is read without
    the marks of its words so written, every offset into the text as written.  A line whose words are typed
    decomposed with some letters bare (``e\u0301te\u0301``, ``Nguye\u0302\u0303n``) keeps its accents."""
    text = "T\u0332h\u0332e\u0332 o\u0332n\u0332 1\u03322\u0332 d\u0301a\u0301y\u0301, "
    text += "Z\u0315\u0330a\u0354\u0346l\u0315g\u0330o\u0354."
    folded = fold(text)
    assert folded.text == "The on 12 day, Zalgo."
    start, end = folded.original_span(_span_of(folded.text, "day"))
    assert text[start:end].startswith("d\u0301a\u0301y")
    accented = "L'e\u0301te\u0301 a\u0300 Nguye\u0302\u0303n, Mu\u0308ller y\u0301 o\u0301."
    assert fold(accented).text == unicodedata.normalize("NFC", accented)


def test_word_before_zero_width_space_maps_to_the_word_only() -> None:
    text = "hello\u200b world"
    folded = fold(text)
    assert folded.text == "hello world"
    start, end = folded.original_span(_span_of(folded.text, "hello"))
    assert text[start:end] == "hello"


def test_decomposed_accent_composes_and_maps_back() -> None:
    text = "cafe\u0301 au lait, Mu\u0308ller said"
    folded = fold(text)
    assert folded.text == "caf\u00e9 au lait, M\u00fcller said"
    assert len(folded.text) == len(text) - 2
    for original_word, folded_word in [
        ("cafe\u0301", "caf\u00e9"),
        ("au", "au"),
        ("lait", "lait"),
        ("Mu\u0308ller", "M\u00fcller"),
        ("said", "said"),
    ]:
        start, end = folded.original_span(_span_of(folded.text, folded_word))
        assert text[start:end] == original_word


def test_compatibility_forms_are_folded() -> None:
    folded = fold("\uff21\uff22\uff23 \u2460 x\u00b2")
    assert folded.text == "ABC 1 x2"


def test_empty_span_maps_to_an_empty_span() -> None:
    text = "a\ufb01b"
    folded = fold(text)
    for i in range(len(folded.text) + 1):
        start, end = folded.original_span((i, i))
        assert start == end
        assert 0 <= start <= len(text)


def test_fold_of_empty_text() -> None:
    assert fold("").text == ""
    assert fold("").original_span((0, 0)) == (0, 0)


# Cyrillic а, е, о, р, с typed for the Latin letters they look like: the copy hides from matching.
_LOOK_ALIKES = str.maketrans({"a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441"})
_SOURCE = (
    "The foreign minister said on Monday that the corridor would open trade routes across the region. "
    "He called the project a turning point for every country that takes part in it. "
    "Officials expect the first trains to run before the end of the coming year."
)


def test_look_alike_letters_fold_to_latin_keeping_offsets() -> None:
    disguised = _SOURCE.translate(_LOOK_ALIKES)
    folded = fold(disguised)
    assert folded.text == _SOURCE
    assert folded.original_span((4, 11)) == (4, 11)
    assert fold("\u0406ran").text == "Iran"  # a capital that imitates I (Unicode's prototype is l)


def test_letters_on_black_circles_and_squares_fold_to_their_capitals() -> None:
    """``🅣🅗🅔 🆂🅰🅸🅳`` is read as THE SAID, one character for one (each a surrogate-free astral character)."""
    text = "\U0001f163\U0001f157\U0001f154 \U0001f182\U0001f170\U0001f178\U0001f173 \U0001f1fa\U0001f1e6 then"
    folded = fold(text)
    assert folded.text == "THE SAID UA then"
    assert folded.original_span((4, 8)) == (4, 8)


def test_a_caseless_letter_that_is_its_scripts_i_folds_to_i() -> None:
    """Lisu ꓲ (LISU LETTER I), among Lisu letters that imitate capitals, read as l (Unicode's prototype of I),
    so a copy typed in them read MlNlSTER; a letter without case that is its script's I folds to I."""
    assert fold("\ua4d4\ua4e7\ua4f0 \ua4df\ua4f2\ua4e0\ua4f2\ua4e2\ua4d4\ua4f0\ua4e3").text == "THE MINISTER"
    assert fold("\u16c1 \U00010309").text == "I I"  # the Runic and Old Italic I


def test_the_shipped_look_alike_table_is_the_librarys() -> None:
    """``text/_look_alikes.py`` is what ``confusable_homoglyphs`` gives (``make look-alikes`` after an upgrade)."""
    from provenance.text._look_alikes import LOOK_ALIKES
    from provenance.text.normalize import derive_look_alikes

    assert derive_look_alikes() == LOOK_ALIKES
    assert LOOK_ALIKES[0x0430] == "a" and LOOK_ALIKES[0x0406] == "I"


def test_folding_a_dash_does_not_load_the_confusables_library() -> None:
    """A one-shot ``check`` of any text with a dash spent 0.09 s importing and parsing the library's JSON."""
    code = (
        "import sys; from provenance.text.normalize import fold; "
        "assert fold('Th\u0435 talks \u2013 in Vienna').text == 'The talks - in Vienna'; "
        "print(sorted(m for m in sys.modules if m.startswith('confusable')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_copy_typed_with_cyrillic_look_alikes_is_found() -> None:
    """It passed as "no reuse found" (share 0.005) before the look-alike fold."""
    pair = compare(
        Document("source", "source.txt", _SOURCE), Document("copy", "copy.txt", _SOURCE.translate(_LOOK_ALIKES))
    )
    assert pair.is_reuse
    assert pair.share_a == pytest.approx(1.0) and pair.share_b == pytest.approx(1.0)
    assert [c for al in pair.alignments for c in al.changes] == []


def test_mixed_script_words_are_named_and_other_scripts_alone_are_not() -> None:
    disguised = _SOURCE.translate(_LOOK_ALIKES)
    words = mixed_script_words(disguised)
    assert "m\u0435ssag\u0435" not in words and "f\u043er\u0435ign" in words
    assert all(any(c.isascii() for c in w) and not w.isascii() for w in words)
    assert mixed_script_words(_SOURCE) == ()
    assert (
        mixed_script_words("\u041c\u0438\u043d\u0438\u0441\u0442\u0440 said \u00ab\u0434\u0430\u00bb in Moscow.") == ()
    )


def _fold_unit_by_unit(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """The plain reference of :func:`fold` for a text with no invisible character: each letter with
    its combining marks in NFKC, then the folding table."""
    table = normalize._full_table()[0]
    pieces: list[str] = []
    offsets: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        norm = unicodedata.normalize("NFKC", text[i:j]).translate(table)
        pieces.append(norm)
        offsets += [i] * len(norm)
        ends += [j] * len(norm)
        i = j
    return "".join(pieces), tuple(offsets), tuple(ends)


_FOLD_ALPHABET = (
    "ab \n\t\u00a0e\u0301\u0327\u0308\u2026\ufb01\u2019\u201c\u2014\u0430\u1100\u1161\u11a8\uac00\u00c5\u212b"
)


@given(st.text(alphabet=_FOLD_ALPHABET, max_size=40))
def test_fold_piece_by_piece_equals_folding_each_letter(text: str) -> None:
    """The same folded text, and any span of whole letters (a letter with its marks) maps back to the same
    characters; inside a letter, a text already in NFKC keeps its characters one for one."""
    folded = fold(text)
    expected, offsets, ends = _fold_unit_by_unit(text)
    assert folded.text == expected
    for start in range(len(expected) + 1):
        for end in range(start + 1, len(expected) + 1):
            whole = (start == 0 or offsets[start] != offsets[start - 1]) and (
                end == len(expected) or ends[end] != ends[end - 1]
            )
            if whole:
                assert folded.original_span((start, end)) == (offsets[start], ends[end - 1])


def test_a_long_text_with_one_ellipsis_is_not_normalised_a_letter_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 2 MB article holding one "…" (not NFKC) was normalised letter by letter: 2 million Python steps
    (1.4 s CPU for the seeds repeated to 2 MB, a desk article page of 11 s).  Only the word holding it is."""
    calls = 0
    real = unicodedata.normalize

    def counted(form: str, text: str) -> str:
        nonlocal calls
        calls += 1
        return real(form, text)

    monkeypatch.setattr(normalize.unicodedata, "normalize", counted)
    text = "The minister said the talks would go on.\n" * 2_000 + "And then\u2026 nothing."
    folded = fold(text)
    assert folded.text.endswith("And then... nothing.") and folded.original_span(
        (len(folded.text) - 12, len(folded.text))
    ) == (len(text) - 10, len(text))
    assert calls <= 10


def test_a_letter_under_thousands_of_marks_is_normalised_in_bounded_units(monkeypatch: pytest.MonkeyPatch) -> None:
    """A letter under 160,000 combining marks of two classes in turn (312 KB of "Zalgo" text) took 20 s to
    fold, and 1 MB minutes: Python's NFKC orders a run of marks by insertion, in time quadratic in the run,
    and the letter and all its marks were one unit.  A unit holds a letter and 30 marks at most."""
    longest = 0
    real = unicodedata.normalize

    def measured(form: str, text: str) -> str:
        nonlocal longest
        longest = max(longest, len(text))
        return real(form, text)

    monkeypatch.setattr(normalize.unicodedata, "normalize", measured)
    marks = "\u0301\u0316" * 5_000
    text = f"The minister said. a{marks} more."
    folded = fold(text)
    assert longest <= 1 + normalize.MAX_MARKS
    assert folded.text.startswith("The minister said. ") and folded.text.endswith(" more.")
    assert sorted(folded.text) == sorted(unicodedata.normalize("NFKC", text))  # every mark kept
    assert folded.original_span((0, len(folded.text))) == (0, len(text))


def test_text_under_a_right_to_left_override_is_read_as_shown() -> None:
    """A run under U+202E is shown reversed (to its U+202C or its line's end), a left-to-right override inside
    it in its own order; folding reads the text so, and maps a span back to the characters it came from."""
    text = "Said \u202e.yadot \u202dabc\u202c olleh\u202c then\nnext \u202eenil"
    folded = fold(text)
    assert folded.text == "Said hello abc today. then\nnext line"
    start = folded.text.index("hello")
    assert text[slice(*folded.original_span((start, start + 5)))] == "olleh"
    assert fold("plain \u202a text\u202c").text == "plain  text"


@pytest.mark.parametrize("filler", ["\u3164", "\uffa0"])
def test_a_hangul_filler_a_browser_draws_blank_is_a_space(filler: str) -> None:
    """The Hangul filler and its halfwidth form are default-ignorable, but a browser draws each as a blank: a
    copy with one for each space showed its words apart and was matched with them glued together."""
    text = f"alpha{filler}beta{filler}{filler}gamma"
    folded = fold(text)
    assert folded.text == "alpha beta  gamma"
    assert text[slice(*folded.original_span(_span_of(folded.text, "gamma")))] == "gamma"
