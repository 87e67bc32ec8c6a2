"""One corpus definition: scan, index, check and gate read the same files, by the same ids (issue 23).

Each test here failed before the listing was shared: scan, index and the gate's corpus read only the files
directly inside a folder while the gate checked nested new files (a verbatim copy filed in another
sub-folder passed); ``story.html`` and ``story.txt`` shared the id ``story`` (one was skipped); and an index
built from ``seeds`` was re-keyed entirely when updated from ``/abs/path/to/seeds``.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from helpers import SEED_A, SEED_B, SEED_IDS, assert_one_line_error, git, git_repo

from provenance.cli import main
from provenance.index import Index
from provenance.io import load as load_module
from provenance.io.load import (
    ARTICLE_LINK_REASON,
    FOLDER_LINK_REASON,
    OUTSIDE_REASON,
    CorpusRules,
    canonical_path,
    corpus_ids,
    corpus_members,
    list_corpus,
    list_folders,
    load_folder,
    load_paths,
)
from provenance.settings import ConfigTable, Settings, SettingsError

STORY = "The council met on Tuesday evening and voted to close the old bridge for repairs until spring."


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


@pytest.fixture
def nested(tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose corpus ``news/`` files the seeds by year and month, beside what is never an article."""
    root = tmp_path / "repo"
    news = root / "news"
    for n, doc_id in enumerate(SEED_IDS):
        folder = news / "2019" / f"{n + 1:02d}" if n < 3 else news / "2020"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(seeds_dir / f"{doc_id}.txt", folder)
    _write(
        news,
        {
            ".provenance/index.txt": STORY,  # hidden folders: never articles
            ".git-notes/x.md": STORY,
            ".draft.txt": STORY,  # hidden file
            ".a.txt.1234.tmp": STORY,  # a file being written by write_atomic
            "reports/provenance.md": "# Provenance report\n\n" + STORY,  # the scan's own report
            "2019/notes.rst": STORY,  # not an article format
        },
    )
    (root / "pyproject.toml").write_text('[tool.provenance.policy]\nfolder = "news"\n', encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return root


EXPECTED = [
    f"news/2019/01/{SEED_A}.txt",
    f"news/2019/02/{SEED_B}.txt",
    f"news/2019/03/{SEED_IDS[2]}.txt",
    f"news/2020/{SEED_IDS[3]}.txt",
    f"news/2020/{SEED_IDS[4]}.txt",
]


# -- nested folders: scan, index, check and gate read the same files -----------------------------------------


def test_scan_reads_every_sub_folder(nested: Path, tmp_path: Path) -> None:
    # Was: only the files directly inside the folder (here none: "no readable article files"), no warning.
    result = _run("scan", "news", "--out", str(tmp_path / "out"), "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("5 documents, ")
    report = json.loads((tmp_path / "out" / "provenance.json").read_text(encoding="utf-8"))
    assert [d["path"] for d in report["documents"]] == EXPECTED
    assert [(p["a"], p["b"]) for p in report["pairs"]] == [(f"2019/01/{SEED_A}", f"2019/02/{SEED_B}")]


def test_scan_defaults_to_the_policy_folder(nested: Path, tmp_path: Path) -> None:
    # Was: FOLDER defaulted to seeds whatever the policy's folder.
    result = _run("scan", "--out", str(tmp_path / "out"), "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("5 documents, ")


def test_index_defaults_to_the_policy_folder(nested: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`provenance index` alone was a usage error ("Missing argument 'PATHS...'"), where check, gate, serve,
    scan and baseline take the policy's folder; the desk's advice for an empty index is to run it."""
    result = _run("index")
    assert result.exit_code == 0, result.output
    assert result.stdout == ".provenance/index.sqlite: 5 documents (5 added, 0 changed, 0 unchanged, 0 removed)\n"
    assert _run("index", "news").stdout.endswith("(0 added, 0 changed, 5 unchanged, 0 removed)\n")  # the same
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # no policy here: the default folder, named as such
    line = assert_one_line_error(_run("index"))
    assert line == (
        "provenance: error: seeds: no such file or folder (the default corpus folder; name yours as PATHS "
        "or folder in [tool.provenance.policy])"
    )


def test_scan_index_check_and_gate_list_the_same_files(nested: Path) -> None:
    git(nested, "init", "-q")
    git(nested, "-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "0")
    git_repo(nested, "a nested corpus")
    listing = list_corpus(["news"])
    assert list(listing.files) == EXPECTED
    assert [d.path for d in load_folder("news")[0]] == EXPECTED  # scan and baseline
    assert _run("index", "news").exit_code == 0
    with Index.open(".provenance/index.sqlite", Settings(), create=False) as index:
        assert sorted(path for _, path in index.documents()) == EXPECTED
        assert sorted(doc_id for doc_id, _ in index.documents()) == sorted(listing.ids.values())
    # The gate's new files: what the commit added (every file above), filtered by the same rules.
    from provenance.ci import changed_files

    assert changed_files("HEAD~1", "news") == EXPECTED
    assert changed_files("HEAD~1", str(nested / "news"), rules=CorpusRules()) == EXPECTED


def test_gate_fails_a_copy_filed_in_another_sub_folder(nested: Path) -> None:
    # Was: the gate checked seeds/2020/y.txt against the files directly inside seeds/ only: it passed.
    git_repo(nested, "a nested corpus")
    copy = (nested / "news" / "2019" / "02" / f"{SEED_B}.txt").read_text(encoding="utf-8")
    _write(nested / "news", {"2021/03/y.txt": copy})
    git(nested, "add", "-A")
    git(nested, "commit", "-qm", "a verbatim copy in another sub-folder")
    result = _run("gate", "--base", "HEAD~1", "--format", "json")
    assert result.exit_code == 1, result.output
    (checked,) = json.loads(result.stdout)["files"]
    assert (checked["path"], checked["id"], checked["verdict"]) == ("news/2021/03/y.txt", "2021/03/y", "fail")
    match = checked["matches"][0]
    assert (match["source"], match["source_path"]) == (f"2019/02/{SEED_B}", f"news/2019/02/{SEED_B}.txt")
    assert match["reason"].startswith("near-exact copy")


def test_check_finds_sources_in_sub_folders_by_their_corpus_id(nested: Path, tmp_path: Path) -> None:
    copy = tmp_path / "incoming.txt"
    shutil.copy(nested / "news" / "2019" / "02" / f"{SEED_B}.txt", copy)
    result = _run("check", str(copy), "--format", "json")
    assert result.exit_code == 1, result.output
    (checked,) = json.loads(result.stdout)["files"]
    assert checked["id"] == "incoming"  # a file outside the corpus: its stem
    assert checked["matches"][0]["source"] == f"2019/02/{SEED_B}"


def test_gate_checks_only_the_changed_files_the_rules_admit(nested: Path) -> None:
    (nested / "pyproject.toml").write_text(
        '[tool.provenance.policy]\nfolder = "news"\n\n[tool.provenance.corpus]\nexclude = ["drafts/**"]\n',
        encoding="utf-8",
    )
    git_repo(nested, "a nested corpus")
    copy = (nested / "news" / "2019" / "02" / f"{SEED_B}.txt").read_text(encoding="utf-8")
    _write(nested / "news", {"drafts/y.txt": copy, ".hidden.txt": copy, "2021/provenance.md": copy})
    git(nested, "add", "-A")
    git(nested, "commit", "-qm", "files that are not articles")
    result = _run("gate", "--base", "HEAD~1")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("no new or modified articles under news/")


def test_a_change_cannot_exclude_its_own_copy_with_config_from_base(nested: Path) -> None:
    git_repo(nested, "a nested corpus")
    copy = (nested / "news" / "2019" / "02" / f"{SEED_B}.txt").read_text(encoding="utf-8")
    _write(nested / "news", {"2021/y.txt": copy})
    with (nested / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[tool.provenance.corpus]\nexclude = ["2021/**"]\n')
    git(nested, "add", "-A")
    git(nested, "commit", "-qm", "a copy, excluded by the same change")
    assert _run("gate", "--base", "HEAD~1").exit_code == 0  # the change's own rules: not an article
    assert _run("gate", "--base", "HEAD~1", "--config-from-base").exit_code == 1


def test_listing_keeps_its_guarantees_below_the_top_folder(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    outside = tmp_path / "outside"
    _write(corpus, {"a/story.txt": STORY, "a/b/other.txt": "Another story about the harbour and its cranes."})
    _write(outside, {"secret.txt": "Never to be read."})
    (corpus / "a" / "b" / "leak.txt").symlink_to(outside / "secret.txt")
    (corpus / "a" / "elsewhere").symlink_to(outside, target_is_directory=True)
    (corpus / "a" / "again").symlink_to(corpus / "a" / "b", target_is_directory=True)
    (corpus / "a" / "same.txt").symlink_to(corpus / "a" / "story.txt")
    if hasattr(os, "mkfifo"):
        os.mkfifo(corpus / "a" / "b" / "pipe.txt")
    bad = os.fsencode(corpus / "a") + b"/bad\xff.txt"
    with open(bad, "wb") as handle:
        handle.write(b"text")
    listing = list_corpus([corpus])
    assert [Path(f).relative_to(corpus).as_posix() for f in listing.files] == [
        "a/b/other.txt",
        "a/story.txt",
    ]
    reasons = {Path(os.fsdecode(p.path.encode("utf-8", "surrogateescape"))).name: p.reason for p in listing.problems}
    assert reasons["leak.txt"] == OUTSIDE_REASON
    assert reasons["again"] == FOLDER_LINK_REASON  # never followed: its files would be read twice
    assert reasons["same.txt"] == ARTICLE_LINK_REASON  # read at its target, never paired with itself
    assert reasons["elsewhere"] == OUTSIDE_REASON
    assert reasons["bad\\xff.txt"] == "file name is not valid UTF-8"
    if hasattr(os, "mkfifo"):
        assert reasons["pipe.txt"] == "not a regular file (named pipe)"
    assert listing.ids[str(corpus / "a" / "b" / "other.txt")] == "a/b/other"


def test_a_nested_listing_makes_no_system_call_per_plain_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    _write(corpus, {f"{y}/{m:02d}/s{n}.txt": STORY for y in (2019, 2020) for m in (1, 2) for n in range(50)})
    calls: list[str] = []
    for name in ("stat", "lstat"):
        real = getattr(os, name)

        def counted(*args: Any, _real: Any = real, **kwargs: Any) -> Any:
            calls.append(str(args[0]))
            return _real(*args, **kwargs)

        monkeypatch.setattr(load_module.os, name, counted)
    listing = list_corpus([corpus])
    assert len(listing.files) == 200
    # Resolving the folder's own path (a few lstat calls), never one per file.
    assert len(calls) < 20 and not any(c.endswith(".txt") for c in calls), calls[:20]


def test_order_is_by_path_and_deterministic(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    names = ["b.txt", "a/z.txt", "a.txt", "a-b.txt", "A/y.md", "a/b/c.txt"]
    _write(corpus, dict.fromkeys(names, STORY))
    files = [Path(f).relative_to(corpus).as_posix() for f in list_corpus([corpus]).files]
    assert files == sorted(names)


# -- include and exclude ---------------------------------------------------------------------------------


def test_include_and_exclude_globs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    _write(corpus, dict.fromkeys(["top.txt", "2019/a.txt", "2019/drafts/b.txt", "drafts/c.md", "x.xml"], STORY))

    def relative(rules: CorpusRules) -> list[str]:
        return [Path(f).relative_to(corpus).as_posix() for f in list_corpus([corpus], rules).files]

    assert relative(CorpusRules(include=("*.txt",))) == ["top.txt"]  # the folder itself only
    assert relative(CorpusRules(include=("**/*.XML", "2019/*.txt"))) == ["2019/a.txt", "x.xml"]
    listed: list[str] = []
    real = os.scandir
    monkeypatch.setattr(load_module.os, "scandir", lambda p: listed.append(str(p)) or real(p))
    assert relative(CorpusRules(exclude=("drafts/**", "**/drafts/**"))) == ["2019/a.txt", "top.txt"]
    assert not any("drafts" in folder for folder in listed)  # an excluded folder is never listed
    assert relative(CorpusRules(exclude=("**/b.*",))) == ["2019/a.txt", "drafts/c.md", "top.txt"]


def test_corpus_keys_come_from_the_config_and_fail_closed() -> None:
    rules = CorpusRules.from_config(ConfigTable({"corpus": {"include": ["**/*.txt"], "exclude": ["x/**"]}}, "p"))
    assert (rules.include, rules.exclude) == (("**/*.txt",), ("x/**",))
    assert CorpusRules.from_config(ConfigTable()) == CorpusRules()
    for bad in ({"include": "*.txt"}, {"exclude": [""]}, {"folders": ["x"]}, {"include": [3]}):
        with pytest.raises(SettingsError):
            CorpusRules.from_config(ConfigTable({"corpus": bad}, "pyproject.toml"))


def test_a_bad_corpus_key_is_one_error_line(nested: Path) -> None:
    (nested / "pyproject.toml").write_text('[tool.provenance.corpus]\ninclude = "*.txt"\n', encoding="utf-8")
    for command in (["scan", "news", "--out", "../out"], ["index", "news"], ["check", "x.txt", "--corpus", "news"]):
        line = assert_one_line_error(_run(*command))
        assert "include must be a list of non-empty globs" in line


# -- ids -------------------------------------------------------------------------------------------------


def test_story_html_and_story_txt_are_both_read(tmp_path: Path) -> None:
    # Was: both had the id "story"; the second was skipped as a duplicate.
    corpus = tmp_path / "corpus"
    _write(
        corpus,
        {
            "story.txt": STORY,
            "story.html": f"<html><body><article><p>{STORY} And the ferry ran all night.</p></article></body></html>",
            "2019/story.txt": STORY + " Again.",
            "other.md": "# Other\n\nA different story about the harbour.",
        },
    )
    docs, problems = load_folder(corpus)
    assert problems == []
    assert [d.id for d in docs] == ["2019/story", "other", "story.html", "story.txt"]


def test_ids_of_a_flat_folder_are_the_stems(seeds_dir: Path) -> None:
    # The seeds' ids (and so the golden reports) do not change.
    assert [d.id for d in load_folder(seeds_dir)[0]] == list(SEED_IDS)
    assert corpus_ids(["a.txt", "b.md", "c.html", "d.jsonl"]) == {"a.txt": "a", "b.md": "b", "c.html": "c"}


def test_an_export_keeps_its_ids_and_a_clash_is_reported(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    record = json.dumps({"id": "2020/b", "text": STORY})
    _write(corpus, {"2019/a.jsonl": record + "\n", "2020/b.txt": "Another story about the harbour and its cranes."})
    docs, problems = load_folder(corpus)
    assert [(d.id, Path(d.path).name) for d in docs] == [("2020/b", "a.jsonl:1")]  # first in path order
    (problem,) = problems
    assert problem.path == str(corpus / "2020" / "b.txt") and "duplicate document id '2020/b'" in problem.reason


def test_a_new_file_beside_an_indexed_one_re_keys_its_id(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write(corpus, {"story.txt": STORY})
    with Index.open(tmp_path / "ix.sqlite", Settings()) as index:
        listing = list_corpus([corpus])
        index.update(listing.files, ids=listing.ids)
        assert [doc_id for doc_id, _ in index.documents()] == ["story"]
        _write(corpus, {"story.md": "# A story\n\n" + STORY + " With a headline."})
        listing = list_corpus([corpus])
        stats = index.update(listing.files, ids=listing.ids)
        assert stats.problems == ()
        assert [doc_id for doc_id, _ in index.documents()] == ["story.md", "story.txt"]


def test_check_and_gate_name_a_corpus_file_by_its_corpus_id(nested: Path) -> None:
    listing = list_corpus(["news"])
    docs, _ = load_paths([os.path.abspath(EXPECTED[1])], ids=listing.ids)
    assert docs[0].id == f"2019/02/{SEED_B}"


# -- index keys ------------------------------------------------------------------------------------------


def test_index_keys_do_not_depend_on_how_the_corpus_is_spelled(nested: Path) -> None:
    # Was: switching between a relative and an absolute path re-keyed the whole index.
    assert _run("index", "news").stdout.endswith("(5 added, 0 changed, 0 unchanged, 0 removed)\n")
    for spelling in (str(nested / "news"), "./news/", "news/../news/2019/../", str(nested / "news") + "/"):
        result = _run("index", spelling)
        assert result.exit_code == 0, result.output
        assert result.stdout.endswith("(0 added, 0 changed, 5 unchanged, 0 removed)\n"), (spelling, result.stdout)
    with Index.open(".provenance/index.sqlite", Settings(), create=False) as index:
        assert sorted(path for _, path in index.documents()) == EXPECTED


def test_paths_are_stored_relative_inside_the_current_folder_else_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path / "real", {"a.txt": STORY})
    (tmp_path / "here").mkdir()
    (tmp_path / "here" / "linked").symlink_to(tmp_path / "real", target_is_directory=True)
    (tmp_path / "real" / "b.txt").symlink_to(tmp_path / "real" / "a.txt")
    monkeypatch.chdir(tmp_path / "here")
    assert canonical_path("../real/a.txt") == str(tmp_path / "real" / "a.txt")
    assert canonical_path("linked/a.txt") == str(tmp_path / "real" / "a.txt")  # its folder resolved
    assert canonical_path(str(tmp_path / "real" / "b.txt")) == str(tmp_path / "real" / "b.txt")  # not its link
    monkeypatch.chdir(tmp_path)
    assert canonical_path(str(tmp_path / "real" / "a.txt")) == canonical_path("./real//a.txt") == "real/a.txt"
    assert canonical_path("real/x.jsonl:3") == "real/x.jsonl:3"


# -- the Spark engine ------------------------------------------------------------------------------------


def _spark_missing() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed"
    return None if shutil.which("java") else "Java is not installed"


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    missing = _spark_missing()
    if missing is not None:
        pytest.skip(missing)
    from provenance.spark import spark_session

    session = spark_session("local[2]")
    yield session
    session.stop()


@pytest.mark.spark
def test_spark_reads_the_same_nested_files_with_the_same_ids(spark: Any, nested: Path) -> None:
    from provenance.pipeline import scan
    from provenance.report import render_json, result_to_dict
    from provenance.spark import scan_spark

    _write(nested / "news", {"2021/_note.txt": STORY, "2021/story.txt": STORY, "2021/story.md": "# S\n\n" + STORY})
    (nested / "news" / "2021" / "empty.md").write_bytes(b"")
    docs, problems = load_folder("news")
    local = scan(docs, Settings(), problems=problems)
    assert {"2021/story.txt", "2021/story.md", "2021/_note"} <= {d.id for d in local.documents}
    distributed = scan_spark("news", Settings(), spark=spark)
    assert render_json(result_to_dict(distributed)) == render_json(result_to_dict(local))
    # A folder URI: listed through Hadoop by the same rules; a name starting with "_" is reported, not read.
    uri = (nested / "news").resolve().as_uri()
    remote = scan_spark(uri, Settings(), spark=spark)
    ids = sorted(d.id for d in local.documents if d.id != "2021/_note")
    assert sorted(d.id for d in remote.documents) == ids
    assert sorted((p.path[len(uri) + 1 :], p.reason) for p in remote.problems) == [
        ("2021/_note.txt", "name starting with '_', which Hadoop's file sources pass over (not read)"),
        ("2021/empty.md", "empty file"),
    ]


# -- the read path lists no folder (issue 27) ------------------------------------------------------------


def test_listing_changed_folders_gives_the_ids_of_a_whole_listing(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write(corpus, {"a/story.txt": STORY, "a/story.html": f"<p>{STORY}</p>", "a/b/c.md": STORY, "d/e.txt": STORY})
    whole = list_corpus([corpus])
    root = canonical_path(corpus)
    known = {inner for inner in whole.folders[root] if inner != "a/b"}  # "a/b" is new: listed at any depth
    part = list_folders(root, ["a", "gone"], known)
    assert part.files == tuple(f for f in whole.files if "/d/" not in f)
    assert dict(part.ids) == {f: i for f, i in whole.ids.items() if "/d/" not in f}
    assert part.ids[str(corpus / "a" / "story.txt")] == "a/story.txt"  # the clash of its folder seen
    assert set(part.folders[root]) == {"a", "a/b"} and part.problems == ()  # "gone" lists nothing, quietly


def test_a_listing_records_each_folders_time_read_before_listing_it(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write(corpus, {"a/x.txt": STORY, "y.txt": STORY, ".hidden/z.txt": STORY})
    listing = list_corpus([corpus])
    assert listing.folders == {str(corpus): {"": (corpus).stat().st_mtime_ns, "a": (corpus / "a").stat().st_mtime_ns}}


def test_corpus_members_are_the_files_a_listing_holds_without_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Was: `check --skip-outside-corpus` (the pre-commit hook) listed every corpus folder to decide.
    corpus = tmp_path / "corpus"
    outside = tmp_path / "outside"
    _write(corpus, {"a/story.txt": STORY, "a/b/other.md": STORY, "x.jsonl": "", "drafts/d.txt": STORY})
    _write(corpus, {".hidden/h.txt": STORY, ".dot.txt": STORY, "notes.rst": STORY, "reports/provenance.md": STORY})
    _write(outside, {"secret.txt": STORY})
    (corpus / "a" / "leak.txt").symlink_to(outside / "secret.txt")
    (corpus / "a" / "same.txt").symlink_to(corpus / "a" / "story.txt")
    (corpus / "linked").symlink_to(corpus / "a", target_is_directory=True)
    if hasattr(os, "mkfifo"):
        os.mkfifo(corpus / "a" / "pipe.txt")
    names = [
        str(p.relative_to(tmp_path))
        for p in sorted([*corpus.rglob("*"), *outside.rglob("*"), corpus / "linked" / "story.txt"])
        if not p.is_dir()
    ]
    names += ["corpus/x.jsonl:1", "corpus/missing.txt", "corpus/../corpus/a/story.txt"]
    monkeypatch.chdir(tmp_path)
    rules = CorpusRules(exclude=("drafts/**",))
    listing = list_corpus(["corpus"], rules)
    # a link to an article, which the listing reads once (at its target), is still a member: the hook
    # hands it to check, which refuses a link, rather than skip it unseen
    linked = {os.path.abspath(p.path) for p in listing.problems if p.reason == ARTICLE_LINK_REASON}
    listed = {os.path.abspath(f) for f in listing.files} | linked
    expected = [
        n for n in names if os.path.abspath(n.split(".jsonl:")[0] + (".jsonl" if ".jsonl:" in n else "")) in listed
    ]
    monkeypatch.setattr(load_module, "_walk", None)  # listing a folder now fails
    assert corpus_members(names, ["corpus"], rules) == expected
    assert (
        "corpus/a/same.txt" in expected and "corpus/x.jsonl:1" in expected and "corpus/linked/story.txt" not in expected
    )
