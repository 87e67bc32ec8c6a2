"""The integrations as a newsroom pastes them: the pre-commit hook, the GitHub Action, annotations, the index folder.

The slow tests run the real tools: ``pre-commit try-repo`` on a snapshot of this working tree (its hook
environment installs this package), and the steps of ``action.yml`` in bash with the variables GitHub
Actions sets, on a fresh git repository whose corpus is ``articles/``, not ``seeds/``.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers import SEED_B, SEED_IDS, git, git_repo

from provenance.ci.lines import source_line
from provenance.cli import main
from provenance.io.load import DEFAULT_INCLUDE

ROOT = Path(__file__).resolve().parent.parent
yaml = pytest.importorskip("yaml", reason="PyYAML (installed with pre-commit, the dev extra) reads the YAML files")

REPRINT_LINES = {  # where 001's text starts in each reprint (what the annotation must point at)
    "articles/reprint.txt": 5,
    "articles/story.md": 8,
    "articles/page.html": 10,
    "articles/export.jsonl": 2,
}


def _newsroom(root: Path, seeds_dir: Path) -> Path:
    """A git repository whose corpus (policy folder ``articles``) holds the seeds, then a commit adding a
    reprint of seed 001 in each format, each after a lead of its own."""
    (root / "articles").mkdir(parents=True)
    for doc_id in SEED_IDS:
        shutil.copy(seeds_dir / f"{doc_id}.txt", root / "articles")
    (root / "pyproject.toml").write_text('[tool.provenance.policy]\nfolder = "articles"\n', encoding="utf-8")
    git_repo(root, "the corpus")
    source = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8-sig")
    lead = "Our own lead sentence about the weather in a town far away from here.\n\nAnother line of ours.\n\n"
    (root / "articles" / "reprint.txt").write_text(lead + source, encoding="utf-8")
    front = "---\ntitle: A reprint\ndate: 2025-01-17\n---\n\n# A reprint\n\n"
    (root / "articles" / "story.md").write_text(front + source, encoding="utf-8")
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in source.split("\n\n") if p.strip())
    page = (
        "<!doctype html>\n<html>\n<head>\n<title>A reprint</title>\n</head>\n<body>\n"
        f"<nav><a href='/'>Home</a></nav>\n<article>\n<h1>A reprint</h1>\n{body}\n</article>\n</body>\n</html>\n"
    )
    (root / "articles" / "page.html").write_text(page, encoding="utf-8")
    other = "Nothing to see here, only a few words of our own about a bake sale in the village hall on Sunday."
    export = [json.dumps({"id": "other", "text": other}), json.dumps({"id": "reprint-jsonl", "text": source})]
    (root / "articles" / "export.jsonl").write_text("\n".join(export) + "\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "reprints")
    return root


def _head(repo: Path, ref: str = "HEAD") -> str:
    done = subprocess.run(["git", "rev-parse", ref], cwd=repo, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def _annotations(log: str) -> list[str]:
    return [line for line in log.splitlines() if line.startswith(("::error ", "::warning "))]


def _assert_lines(log: str) -> None:
    """Every annotation has a line; each reprint's annotation for seed 001 points where 001's text starts."""
    annotations = _annotations(log)
    assert annotations, log
    assert all(re.match(r"::(error|warning) file=[^,]+,line=\d+,title=", a) for a in annotations), annotations
    for path, line in REPRINT_LINES.items():
        wanted = f"::error file={path},line={line},title=provenance%3A reuses {SEED_B}::fail"
        assert any(a.startswith(wanted) for a in annotations), (wanted, annotations)


# -- fast: annotations, the hook's file pattern, check --skip-outside-corpus, the index folder ------------


def test_annotations_carry_the_line_of_the_passage_in_every_format(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _newsroom(tmp_path / "repo", seeds_dir)
    monkeypatch.chdir(repo)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    result = CliRunner().invoke(main, ["gate", "--base", "HEAD~1"])
    assert result.exit_code == 1, result.output
    _assert_lines(result.stdout)
    # --json-out: the same run also writes the JSON document (what the action reads its outputs from).
    result = CliRunner().invoke(main, ["gate", "--base", "HEAD~1", "--json-out", str(tmp_path / "gate.json")])
    assert result.exit_code == 1 and _annotations(result.stdout), result.output
    report = json.loads((tmp_path / "gate.json").read_text(encoding="utf-8"))
    assert report["verdict"] == "fail"
    assert sorted(f["path"] for f in report["files"] if f["verdict"] == "fail") == [
        "articles/export.jsonl:2",
        "articles/page.html",
        "articles/reprint.txt",
        "articles/story.md",
    ]


def test_html_line_is_where_the_source_holds_the_passage_or_unknown() -> None:
    page = "<html>\n<head><title>The minister said</title></head>\n<body>\n<p>x</p>\n<p>The <i>minister</i>\n said"
    assert source_line(page, "The minister said, on Monday.") == 5  # after <body>, across a tag and a line break
    assert source_line(page, "Nothing like it appears on the page.") is None  # then the annotation says line 1
    # The first word is matched whole: "He said" is on the line that holds it, not inside "She said" above.
    two = "<body>\n<p>She said it was cold</p>\n<p>He said it was cold</p>"
    assert source_line(two, "He said it was cold.") == 3


def test_hook_passes_every_article_suffix_and_leaves_the_corpus_to_check() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    pattern = re.compile(hook["files"])
    for name in ("articles/x.txt", "news/2019/11/x.HTML", "x.jsonl", "seeds/a.md", "b.markdown", "c.htm"):
        assert pattern.search(name), name
    for name in ("provenance/cli.py", "x.json", "notes.txt.bak", "x.json.gz", "x.gz"):
        assert not pattern.search(name), name
    assert "--skip-outside-corpus" in hook["entry"].split()


def test_hook_passes_a_compressed_article_as_the_corpus_reads_one() -> None:
    """The corpus, check and the gate read `story.html.gz` and `export.jsonl.gz`, but the hook's `files`
    passed only the plain suffixes: a staged compressed copy was never checked on commit."""
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    pattern = re.compile(hook["files"])
    for glob in DEFAULT_INCLUDE:  # every suffix a corpus admits by default, plain and compressed
        name = glob.replace("**/*", "articles/2019/story")
        assert pattern.search(name) and pattern.search(name.upper()), name


def test_check_skips_files_outside_the_corpus(tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _newsroom(tmp_path / "repo", seeds_dir)
    monkeypatch.chdir(repo)
    (repo / "README.md").write_text("# Our newsroom\n\nHow we work.\n", encoding="utf-8")
    outside = repo / "drafts"
    outside.mkdir()
    shutil.copy(repo / "articles" / "reprint.txt", outside / "copy.txt")
    runner = CliRunner()
    result = runner.invoke(
        main, ["check", "--skip-outside-corpus", "README.md", "drafts/copy.txt", "articles/reprint.txt"]
    )
    assert result.exit_code == 1, result.output
    assert "articles/reprint.txt: FAIL" in result.stdout
    assert "README.md" not in result.output and "drafts/" not in result.output
    result = runner.invoke(main, ["check", "--skip-outside-corpus", "README.md", "drafts/copy.txt"])
    assert (result.exit_code, result.output) == (0, "")
    result = runner.invoke(main, ["check", "--skip-outside-corpus", "--format", "json", "articles/export.jsonl"])
    assert result.exit_code == 1, result.output
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == [
        "articles/export.jsonl:1",
        "articles/export.jsonl:2",
    ]


def test_index_folder_it_creates_is_ignored_by_git(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(seeds_dir, repo / "seeds")
    git_repo(repo, "seeds")
    monkeypatch.chdir(repo)
    assert CliRunner().invoke(main, ["index", "seeds"]).exit_code == 0
    assert (repo / ".provenance" / "index.sqlite").is_file()
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=repo, capture_output=True)
    assert status.stdout == b""
    # A folder the index did not create is left as it is: no .gitignore written into the project.
    assert CliRunner().invoke(main, ["index", "seeds", "--index", "here.sqlite"]).exit_code == 0
    assert not (repo / ".gitignore").exists()


def _yaml_blocks(markdown: Path) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", markdown.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_docs_show_the_workflow_and_hook_that_are_in_the_repository() -> None:
    docs, readme = _yaml_blocks(ROOT / "docs" / "ci-gate.md"), _yaml_blocks(ROOT / "README.md")
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "provenance.yml").read_text(encoding="utf-8"))
    assert workflow in [yaml.safe_load(b) for b in docs]
    assert workflow["permissions"] == {"contents": "read"} and "pull_request" in workflow[True]  # YAML 1.1: on
    assert all(s.get("with", {}).get("persist-credentials") is False for s in workflow["jobs"]["gate"]["steps"][:2])
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    local = [yaml.safe_load(b) for b in readme if "repo: local" in b]
    assert local and local[0] in [yaml.safe_load(b) for b in docs]
    (local_hook,) = local[0]["repos"][0]["hooks"]
    assert (local_hook["entry"], local_hook["files"]) == (hook["entry"], hook["files"])
    for text in (*docs, *readme):
        assert "example.org" not in text and "v0.1.0" not in text


@pytest.mark.slow
def test_local_hook_recipe_of_the_readme_works_as_pasted(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = _pre_commit()
    provenance = shutil.which("provenance", path=str(Path(sys.executable).parent)) or shutil.which("provenance")
    if provenance is None:
        pytest.skip("the provenance command is not installed")
    repo = tmp_path / "newsroom"
    (repo / "articles").mkdir(parents=True)
    for doc_id in SEED_IDS:
        shutil.copy(seeds_dir / f"{doc_id}.txt", repo / "articles")
    (repo / "pyproject.toml").write_text('[tool.provenance.policy]\nfolder = "articles"\n', encoding="utf-8")
    (recipe,) = [b for b in _yaml_blocks(ROOT / "README.md") if "repo: local" in b]
    (repo / ".pre-commit-config.yaml").write_text(recipe, encoding="utf-8")
    (repo / "README.md").write_text("# Our newsroom\n", encoding="utf-8")
    git_repo(repo, "the corpus")
    shutil.copy(seeds_dir / f"{SEED_B}.txt", repo / "articles" / "reprint.txt")
    (repo / "README.md").write_text("# Our newsroom\n\nNow with a reprint.\n", encoding="utf-8")
    git(repo, "add", "-A")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GITHUB_"))}
    env |= {"PRE_COMMIT_HOME": str(tmp_path / "home"), "PATH": f"{Path(provenance).parent}{os.pathsep}{env['PATH']}"}
    done = subprocess.run([*command, "run"], cwd=repo, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "articles/reprint.txt: FAIL" in done.stdout and "README.md" not in done.stdout.split("- exit code")[-1]
    git(repo, "rm", "-q", "--cached", "articles/reprint.txt")  # only the README staged: nothing to check
    done = subprocess.run([*command, "run"], cwd=repo, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


# What a check or gate must not import: SciPy (through datasketch's LSH module: 0.7 s of a 1.1 s gate run;
# the permutations are drawn without it), the HTML report, the Markdown report and tabulate (imported on every
# check through the baseline's JSON and the report package's __init__, 0.02 s of a 0.5 s one-shot check), and
# multiprocessing (a check forks no worker: 12 ms of its start).
_UNUSED = [
    "confusable_homoglyphs",
    "datasketch",
    "multiprocessing",
    "provenance.report.html",
    "provenance.report.markdown",
    "scipy",
    "tabulate",
]


@pytest.mark.parametrize("command", ["check-text", "check-json", "gate"])
def test_a_check_or_gate_imports_only_what_it_uses(tmp_path: Path, seeds_dir: Path, command: str) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(seeds_dir, repo / "seeds")
    (repo / "pyproject.toml").write_text("[tool.provenance]\n", encoding="utf-8")
    git_repo(repo, "seeds")
    copy = repo / "seeds" / "zz_copy.txt"
    copy.write_text((seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "a copy")
    args = {
        "check-text": ["check", str(copy)],
        "check-json": ["check", str(copy), "--format", "json"],
        "gate": ["gate", "--base", "HEAD~1"],
    }[command]
    probe = (
        "import sys\n"
        "from provenance.cli import main\n"
        "try:\n"
        f"    main({[*args, '--index', str(tmp_path / 'index.sqlite')]!r}, standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(sorted(m for m in {_UNUSED!r} if m in sys.modules))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    done = subprocess.run([sys.executable, "-c", probe], cwd=repo, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "zz_copy.txt" in done.stdout and SEED_B in done.stdout, done.stdout  # it did check: a copy, found
    assert done.stdout.splitlines()[-1] == "[]", done.stdout


# -- slow: the real tools ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This working tree as a git repository of one commit: what a pinned ``rev`` (or ``uses: …@sha``) is.

    ``pre-commit try-repo`` on the tree itself would leave out files not yet tracked; a copy of every
    file git does not ignore, committed, is the tree as it will be committed.
    """
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True
    )
    if listed.returncode != 0:
        pytest.skip("the project is not a git working tree")
    target = tmp_path_factory.mktemp("snapshot") / "provenance"
    for name in sorted({os.fsdecode(n) for n in listed.stdout.split(b"\0") if n}):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git_repo(target, "snapshot of the working tree")
    return target


def _pre_commit() -> list[str]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed (it is in the dev extra: pip install -e '.[dev]')")
    return [sys.executable, "-m", "pre_commit"]


@pytest.mark.slow
def test_pre_commit_hook_catches_a_reprint_outside_seeds(
    tmp_path: Path, seeds_dir: Path, snapshot: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = _pre_commit()
    repo = tmp_path / "newsroom"
    (repo / "articles").mkdir(parents=True)
    for doc_id in SEED_IDS:
        shutil.copy(seeds_dir / f"{doc_id}.txt", repo / "articles")
    (repo / "pyproject.toml").write_text('[tool.provenance.policy]\nfolder = "articles"\n', encoding="utf-8")
    (repo / "README.md").write_text("# Our newsroom\n", encoding="utf-8")
    git_repo(repo, "the corpus")
    shutil.copy(seeds_dir / f"{SEED_B}.txt", repo / "articles" / "reprint.txt")
    (repo / "docs").mkdir()
    (repo / "docs" / "notes.md").write_text("# Notes\n\nNot an article.\n", encoding="utf-8")
    (repo / "README.md").write_text("# Our newsroom\n\nNow with notes.\n", encoding="utf-8")
    git(repo, "add", "-A")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GITHUB_"))}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    staged = ["articles/reprint.txt", "README.md", "docs/notes.md"]
    done = subprocess.run(
        [*command, "try-repo", str(snapshot), "provenance-check", "--files", *staged],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    log = done.stdout + done.stderr
    assert done.returncode == 1, log
    assert "articles/reprint.txt: FAIL" in log and "near-exact copy" in log, log
    assert "README.md" not in log.split("provenance-check", 1)[-1] and "notes.md" not in log, log


def _expand(value: str, context: Mapping[str, str], *, strict: bool = True) -> str:
    """A workflow value with its ``${{ name }}`` expressions replaced (an unset name is "", as in Actions);
    other expressions (``hashFiles(…)``) are refused, or with ``strict=False`` shown as ``<expression>``."""

    def lookup(match: re.Match[str]) -> str:
        return context.get(match.group(1), "")

    expanded = re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", lookup, str(value))
    if not strict:
        expanded = re.sub(r"\$\{\{.*?\}\}", "<expression>", expanded)
    assert "${{" not in expanded, f"an expression the test cannot evaluate: {value}"
    return expanded


def _outputs(path: Path) -> Iterator[tuple[str, str]]:
    """The ``name=value`` and ``name<<DELIMITER`` entries a step appended to ``$GITHUB_OUTPUT``."""
    lines = iter(path.read_text(encoding="utf-8").splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            value = []
            for part in lines:
                if part == delimiter:
                    break
                value.append(part)
            yield name, "\n".join(value)
        elif "=" in line:
            name, value_ = line.split("=", 1)
            yield name, value_


def _run_action(action: Path, repo: Path, work: Path, inputs: Mapping[str, str]) -> dict[str, Any]:
    """Run the bash steps of ``action``'s ``action.yml`` in ``repo`` as the runner does; return the action's
    outputs, the log, the step summary and what the cache steps would have saved."""
    spec = yaml.safe_load((action / "action.yml").read_text(encoding="utf-8"))
    assert spec["runs"]["using"] == "composite"
    bin_dir = work / "bin"  # what actions/setup-python leaves on the PATH: a python, no provenance
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(getattr(sys, "_base_executable", sys.executable))
    temp, summary = work / "runner-temp", work / "summary.md"
    temp.mkdir()
    summary.touch()
    context = {"github.action_path": str(action), "runner.os": "Linux", "runner.temp": str(temp)}
    for name, spec_input in spec["inputs"].items():
        default = str(spec_input.get("default", ""))
        context[f"inputs.{name}"] = inputs.get(name, "" if "${{" in default else default)
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_", "VIRTUAL_ENV"))}
    base_env["PATH"] = os.pathsep.join(
        [
            str(bin_dir),
            *(p for p in base_env.get("PATH", "").split(os.pathsep) if Path(p) != Path(sys.executable).parent),
        ]
    )
    base_env |= {
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_WORKSPACE": str(repo),
        "GITHUB_ACTION_PATH": str(action),
        "RUNNER_TEMP": str(temp),
        "RUNNER_OS": "Linux",
    }
    log, uses, code = [], [], 0
    for number, step in enumerate(spec["runs"]["steps"]):
        if "uses" in step:  # actions/setup-python (done above) and actions/cache: GitHub's own, not run here
            uses.append((step["uses"], {k: _expand(v, context, strict=False) for k, v in step.get("with", {}).items()}))
            continue
        assert step["shell"] == "bash"
        assert "${{" not in step["run"], "an input pasted into a script would run as shell code"
        output = work / f"output-{number}"
        output.touch()
        script = work / f"step-{number}.sh"
        script.write_text(step["run"], encoding="utf-8")
        env = (
            base_env | {k: _expand(v, context) for k, v in step.get("env", {}).items()} | {"GITHUB_OUTPUT": str(output)}
        )
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        log.append(done.stdout + done.stderr)
        for name, value in _outputs(output):
            context[f"steps.{step['id']}.outputs.{name}"] = value
        code = done.returncode
        if code != 0:
            break
    outputs = {name: _expand(o["value"], context) for name, o in spec["outputs"].items()}
    return {
        "outputs": outputs,
        "log": "".join(log),
        "summary": summary.read_text(encoding="utf-8"),
        "uses": uses,
        "code": code,
    }


@pytest.mark.slow
def test_action_steps_build_the_index_gate_annotate_and_set_outputs(
    tmp_path: Path, seeds_dir: Path, snapshot: Path
) -> None:
    if shutil.which("git") is None or shutil.which("bash") is None:
        pytest.skip("git and bash are needed")
    repo = _newsroom(tmp_path / "repo", seeds_dir)
    work = tmp_path / "work"
    work.mkdir()
    ran = _run_action(snapshot, repo, work, {"base": _head(repo, "HEAD~1")})
    log = ran["log"]
    assert ran["code"] == 1, log  # the gate step fails the job: a reprint is beyond the policy
    assert ran["outputs"] == {
        "verdict": "fail",
        "files": "5",
        "failed": "4",
        "warned": "0",
        "passed": "1",
        "exit-code": "1",
    }, log
    _assert_lines(log)
    assert "## provenance gate" in ran["summary"] and "articles/page.html" in ran["summary"]
    # The index was built of the policy's corpus, where the cache steps keep it, and git does not see it.
    caches = [w for u, w in ran["uses"] if u.startswith("actions/cache/")]
    assert len(caches) == 2 and {c["path"] for c in caches} == {
        ".provenance/index.sqlite\n.provenance/index.sqlite.keys\n"
    }
    assert caches[0]["key"].startswith(caches[0]["restore-keys"]), caches
    with sqlite3.connect(repo / ".provenance" / "index.sqlite") as conn:
        assert conn.execute("select count(*) from docs").fetchone()[0] == len(SEED_IDS) + 3 + 2
    assert (repo / ".provenance" / "index.sqlite.keys").is_dir()
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=repo, capture_output=True)
    assert status.stdout == b""
