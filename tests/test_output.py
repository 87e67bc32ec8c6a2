"""Atomic writes: content replaced whole, permissions as a plain write would leave them."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import main
from provenance.io.atomic import write_atomic

pytestmark = pytest.mark.skipif(not hasattr(os, "fchmod"), reason="POSIX permissions only")


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_umask_permissions_not_a_temporary_files(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "report.md"
    write_atomic(target, "report\n")
    assert target.read_text(encoding="utf-8") == "report\n"
    assert _mode(target) == 0o644  # mkstemp alone gives 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "report.md"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n" and _mode(target) == 0o640


def test_scan_reports_are_readable_as_the_umask_allows(tmp_path: Path, seeds_dir: Path, umask_022: None) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["scan", str(seeds_dir), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    modes = {p.name: _mode(p) for p in out.iterdir()}
    assert modes and set(modes.values()) == {0o644}, modes
