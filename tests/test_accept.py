"""Accepting one legitimate reprint, reviewably (issue 23): ``accept``, pinned baseline entries, licensed
sources, and baseline entries a change adds listed (and failed with ``--strict-baseline``).

Each test is a finding of issue 23 that failed before it was fixed.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from helpers import SEED_A, SEED_B, SEED_IDS, assert_one_line_error, commit_all, random_words, seeds_repo

from provenance import cli
from provenance.ci import escape_data
from provenance.cli import main

BASELINE = "seeds/.provenance-baseline.json"


def _body(seed: int, sentences: int = 10) -> str:
    """Paragraphs of made-up words that share nothing with any seed."""
    rng = random.Random(seed)
    return "\n\n".join(" ".join(random_words(rng, 18)).capitalize() + "." for _ in range(sentences))


@pytest.fixture
def repo(tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose first commit holds every seed but 000 and 004."""
    return seeds_repo(tmp_path, seeds_dir, monkeypatch, without=(SEED_A, SEED_IDS[4]))


_commit = commit_all


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _gate(*args: str, base: str = "HEAD~1") -> Result:
    return _run("gate", "--base", base, "--format", "json", *args)


def _json(result: Result) -> dict[str, object]:
    data: dict[str, object] = json.loads(result.stdout)
    return data


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_text(encoding="utf-8").encode("utf-8")).hexdigest()


def _copy_of(repo: Path, doc_id: str, name: str) -> Path:
    target = repo / "seeds" / name
    target.write_text((repo / "seeds" / f"{doc_id}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    return target


def test_accept_records_one_reviewed_entry_and_only_that_pair_passes(repo: Path) -> None:
    """``baseline`` was the only way to accept a reprint, and it accepted every pair, an uncredited copy
    along with the rest: one reviewed pair could not be accepted on its own."""
    reprint = _copy_of(repo, SEED_B, "zz_reprint.txt")
    other = _copy_of(repo, SEED_B, "zz_other_copy.txt")
    _commit(repo, "two copies")
    done = _run("accept", "seeds/zz_reprint.txt", "--source", f"seeds/{SEED_B}.txt", "--reason", "syndicated, #12")
    assert done.exit_code == 0, done.output
    data = json.loads((repo / BASELINE).read_text(encoding="utf-8"))
    assert data["version"] == 2
    (entry,) = data["entries"]
    assert (entry["new"], entry["source"], entry["reason"], entry["by"]) == (
        "zz_reprint",
        SEED_B,
        "syndicated, #12",
        "accept",
    )
    assert entry["new_sha256"] == _sha256(reprint) and entry["source_sha256"] == _sha256(
        repo / "seeds" / f"{SEED_B}.txt"
    )
    assert entry["new_path"] == "seeds/zz_reprint.txt" and entry["share_new"] == entry["share_source"] == 1.0
    assert "date" not in entry  # nothing that changes from run to run unless given
    again = (repo / BASELINE).read_bytes()
    assert (
        _run(
            "accept", "seeds/zz_reprint.txt", "--source", f"seeds/{SEED_B}.txt", "--reason", "syndicated, #12"
        ).exit_code
        == 0
    )
    assert (repo / BASELINE).read_bytes() == again  # deterministic: accepting again changes nothing
    result = _gate()
    assert result.exit_code == 1, result.output
    verdicts = {f["path"]: f for f in _json(result)["files"]}  # type: ignore[attr-defined]
    reprinted = {m["source"]: m for m in verdicts["seeds/zz_reprint.txt"]["matches"]}
    assert reprinted[SEED_B]["verdict"] == "pass"
    assert reprinted[SEED_B]["reason"] == "near-exact copy; accepted in the baseline (syndicated, #12)"
    # the other copy of the same text is not accepted by it
    assert verdicts["seeds/zz_other_copy.txt"]["verdict"] == "fail"
    assert other.exists()


@pytest.mark.parametrize("first_command", ["accept", "baseline"])
def test_accepts_run_at_once_keep_every_entry(repo: Path, monkeypatch: pytest.MonkeyPatch, first_command: str) -> None:
    """Eight accepts run at once on one baseline kept 2 to 6 of their 8 entries, each saying it had accepted
    its pair: each read the file, added its entry and wrote it back over the others'. Here the second runs
    whole between the first's read and write (the first an accept, or ``provenance baseline``)."""
    for name in ("zz_first.txt", "zz_second.txt"):
        _copy_of(repo, SEED_B, name)
    read = cli.load_baseline
    paused, go = threading.Event(), threading.Event()

    def read_then_wait(path: str) -> object:
        baseline = read(path)
        if threading.current_thread().name == "first":
            paused.set()
            go.wait(30)
        return baseline

    monkeypatch.setattr(cli, "load_baseline", read_then_wait)

    def accept(name: str) -> None:
        args = ["accept", f"seeds/{name}", "--source", f"seeds/{SEED_B}.txt", "--reason", "syndicated"]
        if threading.current_thread().name == "first" and first_command == "baseline":
            args = ["baseline", "seeds"]  # every reuse pair: zz_first's among them
        main.main(args, standalone_mode=False)

    first = threading.Thread(target=accept, args=("zz_first.txt",), name="first")
    first.start()
    assert paused.wait(30)
    second = threading.Thread(target=accept, args=("zz_second.txt",), name="second")
    second.start()
    second.join(3)  # done by now, unless it waits for the first to write
    go.set()
    first.join(30)
    second.join(30)
    entries = json.loads((repo / BASELINE).read_text(encoding="utf-8"))["entries"]
    accepted = {e["new"] for e in entries if e["by"] == "accept"}
    assert accepted == ({"zz_second"} if first_command == "baseline" else {"zz_first", "zz_second"})


def test_an_edited_text_no_longer_matches_its_entry(repo: Path) -> None:
    """An accepted pair passed whatever either text later said: an entry named only the ids."""
    reprint = _copy_of(repo, SEED_B, "zz_reprint.txt")
    assert _run("accept", str(reprint.relative_to(repo)), "--source", f"seeds/{SEED_B}.txt").exit_code == 0
    _commit(repo, "accepted reprint")
    assert _gate().exit_code == 0
    reprint.write_text(reprint.read_text(encoding="utf-8").replace("20", "25", 1), encoding="utf-8")
    _commit(repo, "edit the reprint")
    result = _gate()
    assert result.exit_code == 1, result.output
    (match,) = [m for m in _json(result)["files"][0]["matches"] if m["source"] == SEED_B]  # type: ignore[index]
    assert match["verdict"] == "fail" and "the baseline accepted this pair for texts since edited" in match["reason"]


def test_accept_refuses_a_pair_that_shares_nothing(repo: Path) -> None:
    (repo / "seeds" / "zz_own.txt").write_text(_body(1), encoding="utf-8")
    result = _run("accept", "seeds/zz_own.txt", "--source", f"seeds/{SEED_B}.txt")
    assert "shares no passage with" in assert_one_line_error(result)
    assert not (repo / BASELINE).exists()
    assert "nope.txt" in assert_one_line_error(_run("accept", "nope.txt", "--source", f"seeds/{SEED_B}.txt"))


@pytest.mark.parametrize("reason", ["…", "...", " … "])
def test_accept_refuses_the_suggested_commands_placeholder_reason(repo: Path, reason: str) -> None:
    """The gate suggests ``provenance accept … --reason '…'``; pasted as it is, the entry recorded "…" as
    the reason a reviewer reads."""
    reprint = _copy_of(repo, SEED_B, "zz_reprint.txt")
    result = _run("accept", str(reprint.relative_to(repo)), "--source", f"seeds/{SEED_B}.txt", "--reason", reason)
    assert "replace the placeholder" in assert_one_line_error(result)
    assert not (repo / BASELINE).exists()
    done = _run("accept", str(reprint.relative_to(repo)), "--source", f"seeds/{SEED_B}.txt", "--reason", "licensed")
    assert done.exit_code == 0, done.output


def test_baseline_follows_the_policy_folder_and_pins_texts(repo: Path) -> None:
    """With ``folder = "articles"`` in the policy, ``baseline`` still wrote seeds/.provenance-baseline.json,
    a file the gate of that folder never read; and its entries held no digest."""
    shutil.copytree(repo / "seeds", repo / "articles")
    (repo / "pyproject.toml").write_text('[tool.provenance.policy]\nfolder = "articles"\n', encoding="utf-8")
    _commit(repo, "articles")
    _copy_of(repo, SEED_B, "zz_copy.txt").rename(repo / "articles" / "zz_copy.txt")
    written = _run("baseline")
    assert written.exit_code == 0, written.output
    assert not (repo / BASELINE).exists()
    assert "unreviewed" in written.stdout  # it says it accepts everything
    data = json.loads((repo / "articles" / ".provenance-baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 2
    pair = next(e for e in data["entries"] if {e["new"], e["source"]} == {"zz_copy", SEED_B})
    assert pair["by"] == "baseline" and len(pair["new_sha256"]) == len(pair["source_sha256"]) == 64
    _commit(repo, "a copy, baselined")
    result = _gate()
    assert result.exit_code == 0, result.output
    assert _json(result)["baseline_added"]["path"] == "articles/.provenance-baseline.json"  # type: ignore[index]


def test_baseline_of_a_missing_or_empty_folder_is_an_error_and_writes_nothing(repo: Path) -> None:
    """``provenance baseline archve/`` (a mistyped folder) made the folder, wrote an empty baseline into it
    and said "0 accepted pair(s)", exit 0: an archivist read it as an archive with no reuse.  A folder of no
    article accepts nothing either; both are errors now, as they are for ``scan``."""
    missing = assert_one_line_error(_run("baseline", "archve/"))
    assert missing == "provenance: error: archve/: no such folder"
    assert not (repo / "archve").exists()
    (repo / "empty").mkdir()
    (repo / "empty" / "notes.pdf").write_bytes(b"%PDF-1.4")
    empty = assert_one_line_error(_run("baseline", "empty/"))
    assert empty == "provenance: error: empty/: no readable article files"
    assert not (repo / "empty" / ".provenance-baseline.json").exists()


def test_a_version_1_baseline_is_read_as_before_and_upgraded_on_request(repo: Path) -> None:
    """Version 1 files (every pair, no digests) keep working; ``baseline --upgrade`` pins their pairs."""
    _copy_of(repo, SEED_B, "zz_copy.txt")
    (repo / BASELINE).write_text(json.dumps({"version": 1, "pairs": [{"a": SEED_B, "b": "zz_copy"}]}), encoding="utf-8")
    _commit(repo, "a copy with a version 1 baseline")
    assert _gate().exit_code == 0
    upgraded = _run("baseline", "--upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    (entry,) = json.loads((repo / BASELINE).read_text(encoding="utf-8"))["entries"]
    assert entry["by"] == "upgrade" and entry["new_sha256"] is not None
    _commit(repo, "upgrade the baseline")
    assert _gate().exit_code == 0  # the same texts still pass
    copy = repo / "seeds" / "zz_copy.txt"
    copy.write_text(copy.read_text(encoding="utf-8") + "\nOne more line of its own, added later.\n", encoding="utf-8")
    _commit(repo, "edit")
    assert _gate().exit_code == 1


def _wire(repo: Path) -> str:
    """A Reuters story in the corpus (committed), returned as its text."""
    text = "LONDON (Reuters) - " + _body(11)
    (repo / "seeds" / "zz_wire.txt").write_text(text, encoding="utf-8")
    _commit(repo, "a wire story")
    return text


def test_a_credited_near_copy_of_a_licensed_source_passes_and_names_the_credit(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newsroom that pays Reuters could not run a Reuters story: a credited near-copy always failed as
    "near-exact copy", and nothing said the credit was seen."""
    text = _wire(repo)
    (repo / "seeds" / "zz_ran_it.txt").write_text(text + "\n\nReporting by Reuters.\n", encoding="utf-8")
    _commit(repo, "run the wire story")
    assert _gate().exit_code == 1  # no licensed source in the policy yet
    (repo / "pyproject.toml").write_text(
        '[tool.provenance.policy]\nlicensed_sources = ["Reuters", "AP", "AFP"]\n', encoding="utf-8"
    )
    result = _gate()
    assert result.exit_code == 0, result.output
    (match,) = _json(result)["files"][0]["matches"]  # type: ignore[index]
    assert (match["verdict"], match["reason"], match["credit"]) == (
        "pass",
        "credits Reuters (licensed), which allows it: near-exact copy",
        "Reuters (licensed)",
    )
    text_out = _run("gate", "--base", "HEAD~1")
    assert "credits Reuters (licensed), which allows it: near-exact copy" in text_out.stdout


@pytest.mark.parametrize(
    ("edit", "allowed"),
    [
        (("rose for a seventh straight session", "rose for a ninth straight session"), "credits Reuters (licensed)"),
        (("fell 12 percent", "fell 21 percent"), "credits Reuters (licensed)"),
        (("fell 12 percent", "fell 21 percent"), "credits its source (Islam Times)"),
    ],
    ids=["an ordinal", "a figure", "a credited copy"],
)
def test_a_credited_copy_that_alters_the_source_s_figures_warns(
    edit: tuple[str, str], allowed: str, repo: Path
) -> None:
    """A licensed Reuters story reprinted with "seventh straight session" made "ninth" (a DEV page of
    reuters.com) passed as "credits Reuters (licensed), which allows it", the altered figure listed only
    among the changes: the licence covers running the wire's story, not changing its facts.  A credited copy
    whose figures, dates or quotations differ from the source's warns (exit 0), saying so; one that keeps
    them passes as before."""
    islam = allowed.startswith("credits its source")
    facts = "Stocks rose for a seventh straight session while oil fell 12 percent on Tuesday in London trading."
    head = "Islam Times - " if islam else "LONDON (Reuters) - "
    source = head + _body(16, 4) + "\n\n" + facts + "\n\n" + _body(17, 2)
    (repo / "seeds" / "zz_wire.txt").write_text(source, encoding="utf-8")
    _commit(repo, "a wire story")
    credit = "\n\nThis story first appeared in Islam Times.\n" if islam else "\n\nReporting by Reuters.\n"
    body = source.removeprefix(head)
    copy = (body if islam else source).replace(*edit) + credit
    if islam:  # a part of it, so that a credit allows it (a near-exact copy needs a licence)
        copy = "\n\n".join(copy.split("\n\n")[2:])
    (repo / "seeds" / "zz_ran_it.txt").write_text(copy, encoding="utf-8")
    (repo / "pyproject.toml").write_text('[tool.provenance.policy]\nlicensed_sources = ["Reuters"]\n', encoding="utf-8")
    _commit(repo, "run the wire story, edited")
    result = _gate()
    assert result.exit_code == 0, result.output
    (match,) = _json(result)["files"][0]["matches"]  # type: ignore[index]
    assert match["verdict"] == "warn", match
    assert match["reason"].startswith(allowed)
    assert match["reason"].endswith("; but alters 1 figure, date or quotation of the source: review it")
    (repo / "seeds" / "zz_ran_it.txt").write_text(copy.replace(edit[1], edit[0]), encoding="utf-8")
    _commit(repo, "run it as it was")
    (kept,) = _json(_gate())["files"][0]["matches"]  # type: ignore[index]
    assert kept["verdict"] == "pass" and "alters" not in kept["reason"]


def test_a_licensed_agency_named_in_the_copied_story_is_no_credit(repo: Path) -> None:
    """A copy of a Reuters story stripped of its "(Reuters)" dateline passed as "credits Reuters (licensed)":
    the only "Reuters" left was the story's own "sources told Reuters", copied along with it."""
    lead, rest = _body(14, 3), _body(15, 8)
    body = f"{lead}\n\nOil fell after two sources told Reuters that supply would rise.\n\n{rest}"
    (repo / "seeds" / "zz_wire.txt").write_text("LONDON (Reuters) - " + body, encoding="utf-8")
    _commit(repo, "a wire story")
    (repo / "seeds" / "zz_copy.txt").write_text(body, encoding="utf-8")
    (repo / "pyproject.toml").write_text('[tool.provenance.policy]\nlicensed_sources = ["Reuters"]\n', encoding="utf-8")
    _commit(repo, "copy it without the dateline")
    result = _gate()
    assert result.exit_code == 1, result.output
    (match,) = _json(result)["files"][0]["matches"]  # type: ignore[index]
    assert match["verdict"] == "fail" and match["credit"] is None and "licensed" not in match["reason"]


@pytest.mark.parametrize("agency", ["Reuters", "AP"])
def test_crediting_a_licensed_agency_does_not_license_another_outlet_s_text(repo: Path, agency: str) -> None:
    """Adding "(Reuters)" to a copy of a text Reuters never ran is no licence: it fails, saying why, in words
    that need no article before the agency's name (it said "is not a AP text")."""
    body = _body(12)
    (repo / "seeds" / "zz_planet.txt").write_text("Daily Planet - " + body, encoding="utf-8")
    _commit(repo, "a local story")
    (repo / "seeds" / "zz_copy.txt").write_text(f"LONDON ({agency}) - " + body, encoding="utf-8")
    policy = f'[tool.provenance.policy]\nlicensed_sources = ["{agency}"]\n'
    (repo / "pyproject.toml").write_text(policy, encoding="utf-8")
    _commit(repo, f"copy it as {agency}")
    result = _gate()
    assert result.exit_code == 1, result.output
    (match,) = _json(result)["files"][0]["matches"]  # type: ignore[index]
    assert match["reason"] == f"near-exact copy; credits {agency} (licensed), but zz_planet is not from {agency}"


def test_a_credited_near_copy_of_an_unlicensed_source_fails_saying_the_credit_was_seen(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The message of a credited near-copy said only "near-exact copy": an editor could not tell the
    credit had been read, or what to do."""
    body = _body(13)
    (repo / "seeds" / "zz_times.txt").write_text("Islam Times - " + body, encoding="utf-8")
    _commit(repo, "a story")
    (repo / "seeds" / "zz_copy.txt").write_text(
        body + "\n\nThis story first appeared in Islam Times.\n", encoding="utf-8"
    )
    (repo / "pyproject.toml").write_text('[tool.provenance.policy]\nlicensed_sources = ["Reuters"]\n', encoding="utf-8")
    _commit(repo, "copy it, credited")
    result = _gate()
    assert result.exit_code == 1, result.output
    (match,) = _json(result)["files"][0]["matches"]  # type: ignore[index]
    expected = "near-exact copy; credits Islam Times, not a licensed source (policy key licensed_sources)"
    assert (match["reason"], match["credit"]) == (expected, "Islam Times")
    assert expected in _run("gate", "--base", "HEAD~1").stdout
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    (error,) = [line for line in _run("gate", "--base", "HEAD~1").stdout.splitlines() if line.startswith("::error ")]
    assert expected in error


def test_policy_licensed_sources_must_be_names(repo: Path) -> None:
    (repo / "pyproject.toml").write_text("[tool.provenance.policy]\nlicensed_sources = [1]\n", encoding="utf-8")
    _copy_of(repo, SEED_B, "zz_copy.txt")
    _commit(repo, "bad policy")
    assert "licensed_sources must be a list of non-empty names" in assert_one_line_error(_gate())


def test_a_baseline_regenerated_in_the_change_is_listed_and_strict_fails(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pull request that added an uncredited copy and ran ``provenance baseline`` passed the gate, and
    nothing in its output showed the baseline had grown."""
    _copy_of(repo, SEED_B, "zz_copy.txt")
    assert _run("baseline").exit_code == 0
    _commit(repo, "a copy, and the baseline regenerated")
    result = _gate()
    assert result.exit_code == 0, result.output  # the change's baseline accepts it: listed, for a reviewer
    added = _json(result)["baseline_added"]
    assert added["path"] == BASELINE  # type: ignore[index]
    (entry,) = added["entries"]  # type: ignore[index]
    assert {entry["new"], entry["source"]} == {"zz_copy", SEED_B} and entry["by"] == "baseline"
    text = _run("gate", "--base", "HEAD~1")
    assert f"{BASELINE}: 1 baseline entry added: WARN: review them" in text.stdout
    # an exact copy: the scan names no copier, and the entry does not either (it said "zz_copy reuses …")
    assert entry["direction"] in ("undetermined", "common-source")
    new, source, way = entry["new"], entry["source"], entry["direction"]
    shown = f"{new} and {source} share text (100% of {new}, 100% of {source}; direction {way}); by baseline: accepted"
    assert shown in text.stdout
    strict = _gate("--strict-baseline")
    assert strict.exit_code == 1 and _json(strict)["verdict"] == "fail"
    summary = repo.parent / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    annotated = _run("gate", "--base", "HEAD~1", "--strict-baseline")
    assert annotated.exit_code == 1
    (error,) = [line for line in annotated.stdout.splitlines() if line.startswith("::error ")]
    assert error.startswith(f"::error file={BASELINE},title=provenance%3A baseline entry added::{escape_data(shown)}")
    assert "Baseline entries added to" in summary.read_text(encoding="utf-8")
    warned = _run("gate", "--base", "HEAD~1")
    assert warned.exit_code == 0
    assert any(line.startswith(f"::warning file={BASELINE},") for line in warned.stdout.splitlines())
    # reading the baseline at BASE, the copy fails, and the entry the change added is still listed
    from_base = _gate("--config-from-base")
    assert from_base.exit_code == 1
    assert len(_json(from_base)["baseline_added"]["entries"]) == 1  # type: ignore[index]


def test_a_gate_reading_the_base_baseline_does_not_ask_to_accept_again_what_the_change_accepted(
    repo: Path,
) -> None:
    """An editor ran the gate's suggested ``accept`` and committed the entry with the change; the gate with
    ``--config-from-base`` (the GitHub Action's) still failed the pair, as it should, and suggested the very
    same ``accept`` command again, as if nothing had been done."""
    _copy_of(repo, SEED_B, "zz_reprint.txt")
    _copy_of(repo, SEED_IDS[2], "zz_other.txt")
    _commit(repo, "two copies")
    accepted = _run("accept", "seeds/zz_reprint.txt", "--source", f"seeds/{SEED_B}.txt", "--reason", "syndicated")
    assert accepted.exit_code == 0, accepted.output
    _commit(repo, "accept the reprint")
    result = _run("gate", "--base", "HEAD~2", "--config-from-base")
    assert result.exit_code == 1, result.output  # the baseline at the base accepts nothing
    assert "seeds/zz_reprint.txt: FAIL" in result.stdout and "seeds/zz_other.txt: FAIL" in result.stdout
    accepts = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("provenance accept")]
    assert accepts and all("zz_reprint" not in line for line in accepts), result.stdout
    assert any(line.endswith("-- seeds/zz_other.txt") for line in accepts), result.stdout
    assert f"1 failing match this change's {BASELINE} accepts already" in result.stdout
    assert "to the base branch" in result.stdout
    # reading the change's own baseline, the reprint passes and only the other copy is left to accept
    own = _run("gate", "--base", "HEAD~2")
    assert "seeds/zz_reprint.txt: PASS" in own.stdout and "accepts already" not in own.stdout


def test_a_change_adding_only_a_baseline_entry_is_listed(repo: Path) -> None:
    """Accepting a pair ahead of the text (a change touching only the baseline) is listed too."""
    copy = _copy_of(repo, SEED_B, "zz_copy.txt")
    _commit(repo, "a copy")
    assert _run("accept", "seeds/zz_copy.txt", "--source", f"seeds/{SEED_B}.txt").exit_code == 0
    copy.unlink()
    _commit(repo, "only the baseline")
    result = _run("gate", "--base", "HEAD~1", "--strict-baseline")
    assert result.exit_code == 1, result.output
    assert "no new or modified articles" in result.stdout and "1 baseline entry added" in result.stdout


def test_a_baseline_that_is_a_symbolic_link_is_refused(repo: Path, tmp_path: Path) -> None:
    """The gate never reads a link: a baseline replaced by one must not accept what it points at."""
    elsewhere = tmp_path / "accepted.json"
    elsewhere.write_text(json.dumps({"version": 1, "pairs": [{"a": "zz_copy", "b": SEED_B}]}), encoding="utf-8")
    (repo / BASELINE).symlink_to(elsewhere)
    _copy_of(repo, SEED_B, "zz_copy.txt")
    _commit(repo, "a copy, accepted through a link")
    assert "a symbolic link" in assert_one_line_error(_gate())


def test_entries_a_change_adds() -> None:
    from provenance.ci import Baseline, Entry, added_entries, parse_baseline  # new in issue 23

    old, new = "1" * 64, "2" * 64
    pinned = Entry("n", "s", old, old)
    assert added_entries(Baseline((pinned,)), Baseline((pinned,))) == ()
    assert added_entries(Baseline((Entry("s", "n"),)), Baseline((pinned,))) == ()  # version 1 accepted any text
    edited = Entry("n", "s", new, old)
    assert added_entries(Baseline((pinned,)), Baseline((edited,))) == (edited,)
    assert added_entries(Baseline(), Baseline((pinned,))) == (pinned,)
    v1 = parse_baseline(b'{"version": 1, "pairs": [{"a": "x", "b": "y"}]}', "old.json")
    assert v1.version == 1 and v1.accepting("y", new, "x", old) is not None
    with pytest.raises(Exception, match="versions 1 and 2"):
        parse_baseline(b'{"version": 3, "entries": []}', "future.json")


def test_accept_in_a_nested_corpus_uses_the_ids_the_gate_gives(repo: Path) -> None:
    """``accept`` named texts by their stem, while the gate names a nested text by its path in the corpus
    (``2020/y``): the entry never matched and the accepted reprint still failed."""
    (repo / "seeds" / "2019").mkdir()
    (repo / "seeds" / "2019" / "x.txt").write_text(_body(7), encoding="utf-8")
    _commit(repo, "a nested source")
    (repo / "seeds" / "2020").mkdir()
    (repo / "seeds" / "2020" / "x.txt").write_text(_body(7), encoding="utf-8")  # same stem, another folder
    _commit(repo, "a nested reprint")
    assert _gate().exit_code == 1
    accepted = _run("accept", "seeds/2020/x.txt", "--source", "seeds/2019/x.txt", "--reason", "syndicated")
    assert accepted.exit_code == 0, accepted.output
    entries = json.loads((repo / BASELINE).read_text(encoding="utf-8"))["entries"]
    assert {(e["new"], e["source"]) for e in entries} == {("2020/x", "2019/x")}
    result = _gate()
    assert result.exit_code == 0, result.output


def test_check_and_accept_use_the_baseline_of_the_corpus_named(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newsroom whose corpus is ``articles/``: ``check --corpus articles`` read the baseline in ``seeds/``,
    ``accept`` made ``seeds/`` to write one there, and the accepted reprint still warned."""
    (tmp_path / "articles").mkdir()
    shutil.copy(seeds_dir / "001_d11848f0d9787346.txt", tmp_path / "articles" / "original.txt")
    shutil.copy(seeds_dir / f"{SEED_A}.txt", tmp_path / "new.txt")
    monkeypatch.chdir(tmp_path)
    check = ["check", "new.txt", "--corpus", "articles", "--format", "json"]
    assert _json(_run(*check))["verdict"] != "pass"
    no_folder = _run("accept", "new.txt", "--source", "articles/original.txt")
    assert assert_one_line_error(no_folder) == (
        "provenance: error: seeds: no such corpus folder; name yours with --corpus (or --baseline)"
    )
    done = _run(
        "accept", "new.txt", "--source", "articles/original.txt", "--corpus", "articles", "--reason", "licensed"
    )
    assert done.exit_code == 0, done.output
    assert (tmp_path / "articles" / ".provenance-baseline.json").is_file() and not (tmp_path / "seeds").exists()
    after = _run(*check)
    assert after.exit_code == 0 and _json(after)["verdict"] == "pass", after.output
