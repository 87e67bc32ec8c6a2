"""Shared fixtures: the seed articles, their scan, and builders of test folders."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from helpers import FolderBuilder
from hypothesis import settings

from provenance import Document, ScanResult, load_folder, scan

# Modest, reproducible property tests that leave no database in the project.
settings.register_profile("provenance", max_examples=100, deadline=None, database=None, derandomize=True)
settings.load_profile("provenance")


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
