"""Atomic writes: content replaced whole, permissions as a plain write would leave them."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import main
from provenance.io.atomic import write_atomic, write_atomic_binary

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


@pytest.mark.parametrize("hard_links", [True, False])
def test_a_write_without_replace_only_ever_makes_a_new_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask_022: None, hard_links: bool
) -> None:
    if not hard_links:  # FAT, some network shares: the name is claimed exclusively instead

        def refused(*args: object, **kwargs: object) -> None:
            raise PermissionError(1, "Operation not permitted")

        monkeypatch.setattr(os, "link", refused)
    new = tmp_path / "new.txt"
    write_atomic_binary(new, lambda handle: handle.write(b"ours"), replace=False)
    assert new.read_bytes() == b"ours" and _mode(new) == 0o644
    (tmp_path / "link.txt").symlink_to(tmp_path / "nowhere.txt")
    for taken in (new, tmp_path / "link.txt"):
        with pytest.raises(FileExistsError):
            write_atomic_binary(taken, lambda handle: handle.write(b"again"), replace=False)
    assert new.read_bytes() == b"ours" and not (tmp_path / "nowhere.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "new.txt"]  # no temporary file left
