"""The evaluation harness (benchmarks/evaluate.py) on tiny fixture folders of each corpus layout.

The fixtures in tests/data/eval/ are our own writing, shaped like the real corpora.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from benchmarks import eval_ofac_folds as folds
from benchmarks import evaluate

DATA = Path(__file__).parent / "data" / "eval"


def _json(corpus: str, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert evaluate.main([corpus, str(DATA / corpus), "--json"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1  # one JSON object, one line
    figures: dict[str, object] = json.loads(out)
    return figures


def test_clough_classes_and_confusion(capsys: pytest.CaptureFixture[str]) -> None:
    figures = _json("clough_stevenson", capsys)
    assert figures["answers"] == 4
    assert figures["accuracy_binary"] == 1.0
    confusion = figures["confusion"]
    assert isinstance(confusion, dict)
    assert confusion["cut"]["cut"] == 1  # the cp1252 copy is read and recognised
    assert confusion["non"]["non"] == 2
    assert sum(sum(row.values()) for row in confusion.values()) == 4
    right = sum(confusion[c][c] for c in confusion)
    assert figures["accuracy_4class"] == round(right / 4, 4)


def test_pan_pairs_and_passages(capsys: pytest.CaptureFixture[str]) -> None:
    figures = _json("pan13_text_alignment_subset", capsys)
    assert figures["truth_pairs"] == 1 and figures["reported_pairs"] == 1
    assert figures["pair_precision"] == 1.0 and figures["pair_recall"] == 1.0
    assert figures["case_recall"] == 1.0 and figures["case_precision"] == 1.0
    assert figures["granularity"] == 1.0  # five copied sentences form one passage
    assert isinstance(figures["plagdet"], float) and figures["plagdet"] > 0.9


def test_msrp_reads_every_file(capsys: pytest.CaptureFixture[str]) -> None:
    figures = _json("msrp", capsys)
    assert figures["pairs"] == 4  # train and test files both read
    assert figures["accuracy"] == 1.0 and figures["f1"] == 1.0


def test_etpc_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    figures = _json("etpc", capsys)
    assert figures["pairs"] == 3 and figures["untyped_pairs"] == 1  # the Non-paraphrase pair is left out
    assert figures["number_truth_pairs"] == 2  # "four" / "two" is a changed figure like "$ 2.5" / "$ 1.8"
    assert figures["number_precision"] == 1.0 and figures["number_recall"] == 1.0
    assert figures["insertion_recall"] == 1.0
    assert figures["deletion_recall"] is None  # no deletion annotated


def test_ofac_positives_and_negatives(capsys: pytest.CaptureFixture[str]) -> None:
    figures = _json("ofac_sdn_name_variants", capsys)
    # NAGHDI and Heidar are respellings; "ABU ALI" (other words) and organisations are not kept.
    assert figures["positives"] == 2
    assert figures["negatives"] == 2  # NAVIDI for NAQDI, MORADI for MOSLEHI
    assert figures["name_variant_recall"] == 1.0
    assert figures["name_variant_precision"] == 1.0
    assert figures["namesake_pairs"] == 1  # MORADI Hassan / MORADI Hossein: two people
    assert figures["namesake_false_variants"] == 0


def test_etpc_figures_and_one_sided_number_changes() -> None:
    assert evaluate._figures_in("$ 1,200 and four , one") == ["1200", "four"]
    # A figure dropped is ETPC's Addition/Deletion, so it counts as a deletion, not a number change.
    said = evaluate._predicted_kinds("Exports rose by 12% as demand recovered.", "Exports rose as demand recovered.")
    assert said == {"deletion"}
    assert "number" in evaluate._predicted_kinds("Exports rose by 12% in May.", "Exports rose by 15% in May.")


def test_respelling_rule() -> None:
    assert evaluate._is_respelling(["TIMCHENKO", "Gennady"], ["TIMTCHENKO", "Guennadi"])
    assert not evaluate._is_respelling(["KHALID", "Ahmed"], ["ABU", "KHALID"])
    assert not evaluate._is_respelling(["NAQDI", "Reza"], ["Naqdi", "REZA"])
    assert not evaluate._is_respelling(["OGUNGBUYI", "Oluwole"], ["OGUNGBUYI", "Wole"])  # a short form


def test_missing_path_is_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert evaluate.main(["msrp", str(tmp_path / "absent"), "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "not found" in captured.err


def test_table_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert evaluate.main(["msrp", str(DATA / "msrp")]) == 0
    out = capsys.readouterr().out
    assert "| accuracy" in out and "| f1" in out


def test_all_writes_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "evaluation.md"
    assert evaluate.main(["all", "--corpora", str(DATA), "--out", str(out)]) == 0
    report = out.read_text(encoding="utf-8")
    for corpus in evaluate.EVALUATORS:
        assert f"## {corpus}" in report
    assert "Fernando & Stevenson 2008" in report
    # The summary lists each target with its figure and whether it is met (the MSRP fixture: all right).
    assert re.search(r"^\| msrp +\| accuracy +\| ≥ 0\.76 +\| +1 +\| yes +\|$", report, re.M)


def test_goal_rows_compare_each_figure_with_its_target() -> None:
    rows = evaluate.goal_rows(
        {"pan13_text_alignment_subset": {"pair_precision": 0.97, "pair_recall": 0.99, "granularity": 1.2}}
    )
    met = {figure: ok for _, figure, _, _, ok in rows}
    assert met["pair_precision"] == "no" and met["pair_recall"] == "yes"
    assert met["granularity"] == "no"  # a "≤" target
    assert met["case_recall"] == "no"  # a figure the run did not produce is not met


def test_unreadable_folder_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "texts").mkdir()  # clough layout without its file_information.csv
    assert evaluate.main(["clough_stevenson", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(tmp_path) in err


def test_ofac_folds_split_entities_and_add_up() -> None:
    path = DATA / "ofac_sdn_name_variants"
    per_fold = folds.fold_figures(path, 2)
    # Entities 10 and 12 (the two respelled aliases) fall in fold 0; their look-alikes
    # (11 NAVIDI, 13 MORADI) in fold 1, so neither fold has a negative of its own.
    assert [f["positives"] for f in per_fold] == [2, 0]
    assert [f["negatives"] for f in per_fold] == [0, 0]
    assert per_fold[0]["name_variant_recall"] == 1.0
    # The folds add up to the whole folder's positives (folds filter their own reading only).
    assert sum(f["positives"] for f in per_fold) == evaluate.evaluate_ofac(path, evaluate.Settings())["positives"]


def test_pan_truth_offsets_badly_off_are_located_by_their_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The noisy re-extraction shifts text: here 600 characters of other text come before the copied
    # passage, so the stated suspicious offsets point at them (the README's "badly off" cases).
    folder = tmp_path / "pan"
    shutil.copytree(DATA / "pan13_text_alignment_subset", folder)
    susp = folder / "susp" / "suspicious-document00001.txt"
    filler = " ".join(f"Unrelated filler sentence number {i} about weather and gardens." for i in range(10))
    susp.write_text(filler[:599] + "\n" + susp.read_text(encoding="utf-8"), encoding="utf-8")
    assert evaluate.main(["pan13_text_alignment_subset", str(folder), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["cases_relocated"] == 1
    assert figures["case_recall"] == 1.0 and figures["case_precision"] == 1.0
    assert figures["case_recall_stated_offsets"] == 0.0 and figures["case_precision_stated_offsets"] == 0.0


def test_located_case_moves_only_badly_off_cases() -> None:
    preface = "A preface of a quite different kind, on music festivals, summer travel and trains. "
    passage = "The council approved the new budget after a long debate on schools and roads."
    src = preface + passage
    susp = "Something else entirely is written at the start of this text. " + passage + " The end."
    at, p0 = susp.index(passage), len(preface)
    right = ((at, at + len(passage)), (p0, len(src)))
    assert evaluate.located_case(susp, src, right) is None  # stated slices match: nothing to move
    moved = evaluate.located_case(susp, src, ((0, len(passage)), (p0, len(src))))
    assert moved == right  # suspicious offsets badly off: moved to where the source's text is
    src_off = evaluate.located_case(susp, src, ((at, at + len(passage)), (0, len(passage))))
    assert src_off is not None and src_off[0] == right[0]
    assert abs(src_off[1][0] - p0) <= 2 and abs(src_off[1][1] - len(src)) <= 2  # the source side moved
    other = "Nothing of the kind appears anywhere in this other document about fishing and boats today."
    assert evaluate.located_case(other, src, ((0, len(passage)), (p0, len(src)))) is None  # not found


def test_pan_listed_figures_on_the_fixture(capsys: pytest.CaptureFixture[str]) -> None:
    figures = _json("pan13_text_alignment_subset", capsys)
    # The copied passage is found from its first word to its full stop on both sides.
    assert figures["listed_char_precision"] == 1.0 and figures["listed_char_recall"] == 1.0
    assert figures["listed_granularity"] == 1.0 and figures["listed_plagdet"] == 1.0
    assert figures["listed_case_precision"] == 1.0 and figures["listed_case_recall"] == 1.0
    assert figures["unlisted_pairs"] == 0 and figures["unlisted_audit"] == []


_CASE = ((100, 400), (1000, 1300))


def test_listed_figures_count_a_detection_only_where_it_overlaps_both_texts() -> None:
    # PAN's "r detects s": overlap in the suspicious text *and* the source. A passage over the case's
    # suspicious text but elsewhere in the source detects nothing: it neither adds to the case's
    # recall nor to its granularity, and its characters are all imprecise.
    right = ((100, 400), (1000, 1300))
    elsewhere = ((150, 250), (5000, 5100))
    f = evaluate.listed_figures({("s", "r"): [_CASE]}, {("s", "r"): [right, elsewhere]})
    assert f["listed_granularity"] == 1.0 and f["listed_char_recall"] == 1.0
    assert f["listed_char_precision"] == 0.5  # mean of 1.0 and 0.0
    assert f["listed_case_precision"] == 0.5 and f["listed_case_recall"] == 1.0
    # The old tolerance scoring counted the suspicious overlap alone: two hits on one case.
    assert evaluate._passage_figures({("s", "r"): [_CASE]}, {("s", "r"): [right, elsewhere]})["granularity"] == 2.0


def test_listed_figures_leave_out_unlisted_pairs_and_score_characters_of_both_texts() -> None:
    half = ((100, 250), (1000, 1150))  # half the case on each side
    long = ((100, 400), (1000, 1600))  # the whole case, and 300 more characters of the source
    unlisted = {("s", "other"): [((0, 900), (0, 900))]}
    f = evaluate.listed_figures({("s", "r"): [_CASE]}, {("s", "r"): [half], **unlisted})
    assert f["listed_passages"] == 1  # the unlisted pair's passage is not scored here
    assert f["listed_char_precision"] == 1.0 and f["listed_char_recall"] == 0.5
    assert f["listed_case_recall"] == 0.0  # recall must exceed 0.5 for the case to count as found
    f = evaluate.listed_figures({("s", "r"): [_CASE]}, {("s", "r"): [long]})
    assert f["listed_char_precision"] == round(600 / 900, 4) and f["listed_char_recall"] == 1.0
    assert f["listed_case_precision"] == 1.0  # precision 0.67 > 0.5
    # plagdet = F1 / log2(1 + granularity); granularity 1 leaves F1 as it is.
    assert f["listed_plagdet"] == round(2 * 0.6667 / 1.6667, 4)
    # A missed pair: recall 0, precision undefined (no passage), plagdet undefined.
    f = evaluate.listed_figures({("s", "r"): [_CASE]}, {})
    assert f["listed_char_recall"] == 0.0 and f["listed_char_precision"] is None and f["listed_plagdet"] is None


def test_unlisted_pairs_sharing_text_are_counted_as_verbatim_and_sampled() -> None:
    copied = "The old mill on the river turned grain into flour for three villages for a century."
    texts = {
        "s1": "Intro. " + copied,
        "r1": copied + " Outro.",
        "s2": "Nothing alike at all here.",
        "r2": "Other words.",
    }
    unlisted = {("s1", "r1"): [((7, 7 + len(copied)), (0, len(copied)))], ("s2", "r2"): [((0, 26), (0, 12))]}
    f = evaluate.unlisted_figures(texts, unlisted)
    assert f["unlisted_pairs"] == 2 and f["unlisted_verbatim_pairs"] == 1
    audit = f["unlisted_audit"]
    assert isinstance(audit, list) and [row["ratio"] for row in audit] == [100.0, audit[1]["ratio"]]
    assert audit[1]["ratio"] < evaluate.VERBATIM_MIN_RATIO
    assert evaluate.unlisted_figures(texts, unlisted) == f  # a seeded sample: the same every run
