"""Scripts written without spaces between words (Japanese, Chinese, Thai): each letter is a word of its own,
and 。 ！ ？ end a sentence with no space after them.

Newuser finding 07 (round six): the tokenizer made one "word" of each run of kana and Han letters between two
punctuation marks, and needed a space after a sentence end.  A byte-identical copy of a Japanese blog post
then aligned 83% (the short clauses fell under ``min_sentence_tokens``), so it was never a near-exact copy and,
with a credit line, passed ``check`` where the identical English copy failed; its HTML reprint aligned 70%.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import main
from provenance.models import Document
from provenance.pipeline import compare
from provenance.settings import Settings
from provenance.text import sentences
from provenance.text.sentences import split_sentences, word_keys

# Written for these tests (a small-town music festival), not taken from any page.
JAPANESE = (
    "秋の音楽祭、今年もにぎわう\n\n私たちの町では、毎年秋に小さな音楽祭が開かれます。地元の高校生や社会人のバンドが、駅前の広場に"
    "特設されたステージで演奏します。\n\n今年は天候に恵まれ、二日間でおよそ三千人が訪れました。"
    "実行委員長の田中さんは「来年はもっと多くの若者に参加してほしい。」と話していました。\n\n本当に楽しい二日間でした。\n\n"
    "会場では、地元の農家が育てた野菜や果物も販売され、家族連れでにぎわいました。来年も同じ時期に開催する予定です。\n\n"
    "音楽祭は十五年前、商店街の有志が始めたものです。最初の年は観客が百人にも満たず、雨で中止になった日もありました。"
    "それでも毎年少しずつ出演者が増え、今では町を代表する行事になりました。\n\n"
    "町は来年度から会場の整備に補助金を出すことを決めています。ステージの屋根やベンチを新しくし、"
    "車いすの人も見やすい席を設ける計画です。担当者は「誰もが楽しめる祭りにしたい。」と話しています。"
)
CHINESE = (
    "北京市政府周一公布了新的公共交通计划。根据该计划，地铁网络将在未来五年内再延长两百公里，并新增十二个换乘站。\n\n"
    "市长在新闻发布会上表示，新线路将优先服务郊区的新建住宅区。他说，许多居民每天通勤时间超过两个小时，这种情况必须改变。\n\n"
    "交通专家认为，这项计划的资金来源仍不明确。有人担心，票价可能因此上涨。市政府回应称，票价在三年内不会调整。"
)


def _texts(text: str) -> list[str]:
    return [text[s.span[0] : s.span[1]] for s in split_sentences(text)]


@pytest.fixture(params=["compiled", "plain"])
def core(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.param == "plain":
        monkeypatch.setattr(sentences, "_core", None)


@pytest.mark.usefixtures("core")
def test_each_letter_of_an_unspaced_script_is_a_word_and_a_latin_word_stays_whole() -> None:
    text = "Kindle書籍を読む。楽天koboのアプリ、ที่นี่ 2019年"
    # A Thai letter with its vowel and tone marks is one word (ที่, นี่).
    expected = [
        "kindle",
        "書",
        "籍",
        "を",
        "読",
        "む",
        "楽",
        "天",
        "kobo",
        "の",
        "ア",
        "プ",
        "リ",
        "ที่",
        "นี่",
        "2019",
        "年",
    ]
    assert word_keys(text) == expected
    assert [t for s in split_sentences(text) for t in s.tokens] == word_keys(text)
    (first, second) = split_sentences(text)
    assert [text[a:b] for a, b in first.token_spans][:3] == ["Kindle", "書", "籍"]
    assert [text[a:b] for a, b in second.token_spans][-4:] == ["ที่", "นี่", "2019", "年"]


@pytest.mark.usefixtures("core")
def test_japanese_and_chinese_sentences_end_at_their_marks_with_no_space_after() -> None:
    assert _texts(JAPANESE)[:5] == [
        "秋の音楽祭、今年もにぎわう",
        "私たちの町では、毎年秋に小さな音楽祭が開かれます。",
        "地元の高校生や社会人のバンドが、駅前の広場に特設されたステージで演奏します。",
        "今年は天候に恵まれ、二日間でおよそ三千人が訪れました。",
        # A quotation running on in Hiragana (「…。」と話した) is one sentence, as "…," he said is.
        "実行委員長の田中さんは「来年はもっと多くの若者に参加してほしい。」と話していました。",
    ]
    assert len(_texts(CHINESE)) == 7
    # Full-width ！ and ？ (folded to ! ?) end a sentence after a Han or kana letter; after a Latin word or
    # inside a number they still need a space.
    assert _texts("本当ですか？はい！Yahoo!ニュースで3.5%と報じた。Ends here. Next") == [
        "本当ですか？",
        "はい！",
        "Yahoo!ニュースで3.5%と報じた。",
        "Ends here.",
        "Next",
    ]


@pytest.mark.usefixtures("core")
def test_a_long_line_of_one_han_letter_is_cut_into_bounded_sentences() -> None:
    # 1 MB of one letter, no end: a word a letter, cut every max_sentence_tokens words (linear: one pass).
    text = "字" * 1_000_000
    pieces = split_sentences(text)
    size = Settings().max_sentence_tokens
    assert len(pieces) == 1_000_000 // size and all(len(s.tokens) == size for s in pieces)
    assert pieces[0].span == (0, size) and pieces[-1].span[1] == len(text)
    ends = split_sentences("字。" * 200_000)
    assert len(ends) == 200_000 and ends[-1].span == (399_998, 400_000)


@pytest.mark.parametrize("text", [JAPANESE, CHINESE], ids=["Japanese", "Chinese"])
def test_an_identical_copy_aligns_whole(text: str) -> None:
    found = compare(Document("a", "a.txt", text), Document("b", "b.txt", text))
    assert found.is_reuse and found.share_a == found.share_b == 1.0


@pytest.mark.parametrize(
    ("text", "old", "new"),
    [(JAPANESE, "三千人", "四千人"), (CHINESE, "两百公里", "三百公里")],
    ids=["Japanese", "Chinese"],
)
def test_one_changed_letter_is_a_change_of_that_letter(text: str, old: str, new: str) -> None:
    found = compare(Document("a", "a.txt", text), Document("b", "b.txt", text.replace(old, new)))
    assert found.share_a == found.share_b == 1.0
    (changed,) = [al for al in found.alignments if al.changes]
    assert [(c.a, c.b) for c in changed.changes] == [(old[0], new[0])]


def test_a_credited_identical_japanese_copy_fails_check_as_the_english_one_does(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "festival.txt").write_text(JAPANESE, encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text(JAPANESE + "\n\nOriginally published at example.jp.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(copy), "--corpus", str(tmp_path / "corpus"), "--format", "json"])
    assert result.exit_code == 1, result.output
    (checked,) = json.loads(result.stdout)["files"]
    (match,) = checked["matches"]
    assert "near-exact copy" in match["reason"]
