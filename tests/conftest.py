"""Shared fixtures: the seed articles, their scan, and builders of test folders."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pytest
from helpers import FolderBuilder
from hypothesis import settings

from provenance import Document, ScanResult, load_folder, scan

# Modest, reproducible property tests that leave no database in the project.
settings.register_profile("provenance", max_examples=100, deadline=None, database=None, derandomize=True)
settings.load_profile("provenance")

UPDATE_GOLDEN_ENV = "PROVENANCE_UPDATE_GOLDEN"
"""Set to 1 to rewrite the golden reports (as ``--update-golden`` does)."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help=f"rewrite reports/provenance.* from a fresh scan of seeds/, not compare (or {UPDATE_GOLDEN_ENV}=1)",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether the golden files are to be rewritten rather than compared."""
    return bool(request.config.getoption("--update-golden")) or os.environ.get(UPDATE_GOLDEN_ENV) == "1"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return Path(__file__).parent.parent / "seeds"


@pytest.fixture(scope="session")
def seed_docs(seeds_dir: Path) -> dict[str, Document]:
    docs, problems = load_folder(seeds_dir)
    assert problems == []
    return {d.id: d for d in docs}


@pytest.fixture(scope="session")
def seed_scan(seed_docs: dict[str, Document]) -> ScanResult:
    return scan(list(seed_docs.values()))


@pytest.fixture
def make_folder(tmp_path: Path) -> FolderBuilder:
    """Build a fresh folder holding the given files (str is written as UTF-8)."""
    counter = 0

    def build(files: Mapping[str, str | bytes]) -> Path:
        nonlocal counter
        counter += 1
        folder = tmp_path / f"corpus{counter}"
        folder.mkdir()
        for name, content in files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            (folder / name).write_bytes(data)
        return folder

    return build


@pytest.fixture
def seeds_copy(make_folder: FolderBuilder, seeds_dir: Path) -> FolderBuilder:
    """A folder with the five seeds plus the given extra files."""

    def build(extra: Mapping[str, str | bytes]) -> Path:
        files: dict[str, str | bytes] = {p.name: p.read_bytes() for p in sorted(seeds_dir.glob("*.txt"))}
        files.update(extra)
        return make_folder(files)

    return build


@pytest.fixture(scope="session")
def seed_scan_docs(seed_scan: ScanResult) -> dict[str, Document]:
    """The seeds as the scan left them: split and described."""
    return {d.id: d for d in seed_scan.documents}
