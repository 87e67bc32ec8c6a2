"""The paths of ``[tool.provenance]`` are relative to the pyproject.toml, wherever a command runs.

Round seven: ``provenance check`` run from ``articles/2019`` found the pyproject.toml two folders up but
read ``folder = "articles"`` against the current folder: "articles: no such corpus folder".  Every path
of the policy (``folder``, ``baseline``, ``index``) is now relative to the config file, as ``chrome_file``
already was; a path given on the command line stays relative to the current folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import SEED_B, SEED_OTHERS

from provenance.ci import Policy
from provenance.cli import main
from provenance.settings import ConfigTable, load_settings, read_config

CONFIG = """[tool.provenance]
chrome_file = "chrome.txt"
[tool.provenance.policy]
folder = "articles"
baseline = "review/accepted.json"
index = "cache/index.sqlite"
"""


@pytest.fixture
def project(tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose config names every path, and a reprint of a corpus text in articles/2019."""
    root = tmp_path / "project"
    (root / "articles" / "2019").mkdir(parents=True)
    (root / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    (root / "chrome.txt").write_text("Sign up for our newsletter\n", encoding="utf-8")
    body = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8-sig")
    (root / "articles" / "original.txt").write_text(body, encoding="utf-8")
    (root / "articles" / "2019" / "reprint.txt").write_text(body + "\nSign up for our newsletter\n", encoding="utf-8")
    for doc_id in SEED_OTHERS:
        (root / "articles" / f"{doc_id}.txt").write_text(
            (seeds_dir / f"{doc_id}.txt").read_text(encoding="utf-8-sig"), encoding="utf-8"
        )
    monkeypatch.chdir(root / "articles" / "2019")
    return root


def test_check_from_a_subfolder_reads_the_projects_folder_and_baseline(project: Path) -> None:
    failing = CliRunner().invoke(main, ["check", "reprint.txt", "--format", "json"])
    assert failing.exit_code == 1, failing.output
    (match,) = json.loads(failing.stdout)["files"][0]["matches"]
    assert match["source"] == "original" and match["verdict"] == "fail"
    accepted = CliRunner().invoke(main, ["accept", "reprint.txt", "--source", "../original.txt", "--reason", "ours"])
    assert accepted.exit_code == 0, accepted.output
    assert (project / "review" / "accepted.json").is_file()  # the config's baseline, not one under 2019/
    assert not (project / "articles" / "2019" / "review").exists()
    passing = CliRunner().invoke(main, ["check", "reprint.txt"])
    assert passing.exit_code == 0, passing.output
    assert "accepted in the baseline (ours)" in passing.output


def test_index_from_the_config_is_the_projects(project: Path) -> None:
    built = CliRunner().invoke(main, ["index", "..", "--quiet"])
    assert built.exit_code == 0, built.output
    assert (project / "cache" / "index.sqlite").is_file()
    assert not Path("cache").exists()


def test_every_policy_path_is_relative_to_the_config(project: Path) -> None:
    table = read_config(".")
    policy = Policy.from_config(table)
    assert (policy.folder, policy.baseline, policy.index) == (
        "..",
        "../../review/accepted.json",
        "../../cache/index.sqlite",
    )
    assert load_settings(".").chrome_file == "../../chrome.txt"
    given = Policy.from_config(table, folder="elsewhere", baseline="b.json", index="i.sqlite")
    assert (given.folder, given.baseline, given.index) == ("elsewhere", "b.json", "i.sqlite")  # options: from here
    os.chdir(project)
    assert Policy.from_config(read_config(".")).folder == "articles"


def test_defaults_follow_a_provenance_table_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.provenance]\nwindow = 30\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    policy = Policy.from_config(read_config("."))
    assert (policy.folder, policy.index) == ("../seeds", "../.provenance/index.sqlite")
    other = ConfigTable({}, str(tmp_path / "pyproject.toml"), str(tmp_path))  # another project's pyproject.toml
    assert Policy.from_config(other) == Policy()
