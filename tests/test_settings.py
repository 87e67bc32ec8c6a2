"""Settings: defaults, overrides from mappings and pyproject.toml, validation."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import assert_one_line_error

from provenance import settings as settings_module
from provenance.ci import GateError, Policy
from provenance.cli import main
from provenance.settings import ConfigTable, Settings, SettingsError, load_settings, read_config


def test_defaults_are_valid_and_serialisable() -> None:
    settings = Settings()
    settings.validate()
    data = settings.as_dict()
    assert data["shingle_size"] == settings.shingle_size
    assert data["lsh_bands"] * data["lsh_rows"] <= data["num_perm"]
    assert Settings.from_mapping(data) == settings


def test_from_mapping_accepts_dashes_and_underscores() -> None:
    settings = Settings.from_mapping({"shingle-size": 4, "num_perm": 64, "lsh-bands": 16, "lsh_rows": 4})
    assert (settings.shingle_size, settings.num_perm, settings.lsh_bands, settings.lsh_rows) == (4, 64, 16, 4)
    assert settings.window == Settings().window


def test_from_mapping_coerces_int_to_float() -> None:
    settings = Settings.from_mapping({"similarity-threshold": 1})
    assert settings.similarity_threshold == 1.0
    assert isinstance(settings.similarity_threshold, float)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("shingle_size", "5"),
        ("shingle-size", 5.0),
        ("window", True),
        ("similarity_threshold", "0.5"),
        ("similarity_threshold", False),
        ("num_perm", [128]),
    ],
)
def test_from_mapping_rejects_wrong_types(key: str, value: object) -> None:
    with pytest.raises(SettingsError, match=key):
        Settings.from_mapping({key: value}, source="test.toml")


def test_error_names_the_source() -> None:
    with pytest.raises(SettingsError, match=r"^my/pyproject\.toml: window must be int, not str$"):
        Settings.from_mapping({"window": "big"}, source="my/pyproject.toml")


def test_from_mapping_rejects_more_band_values_than_permutations() -> None:
    with pytest.raises(SettingsError, match="lsh_bands \\* lsh_rows must not exceed num_perm"):
        Settings.from_mapping({"num_perm": 64, "lsh_bands": 33, "lsh_rows": 2})
    assert Settings.from_mapping({"num_perm": 64, "lsh_bands": 32, "lsh_rows": 2}).num_perm == 64


@pytest.mark.parametrize(
    "values",
    [
        {"shingle_size": 0},
        {"window": 0},
        {"lsh_rows": 0},
        {"max_bucket": 0},
        {"similarity_threshold": 1.5},
        {"containment_threshold": -0.1},
        {"reuse_min_share": 2},
        {"synonym_max_words": 0},
        {"attribution_max_words": 0},
        {"speaker_window": -1},
        {"reorder_max_gap": -1},
        {"bridge_max_words": -1},
    ],
)
def test_validate_rejects_out_of_range_values(values: dict[str, object]) -> None:
    with pytest.raises(SettingsError):
        Settings.from_mapping(values)


def test_load_settings_reads_tool_provenance(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.provenance]\nshingle-size = 4\nwindow = 30\nreuse_min_share = 0.5\n',
        encoding="utf-8",
    )
    settings = load_settings(tmp_path)
    assert (settings.shingle_size, settings.window, settings.reuse_min_share) == (4, 30, 0.5)
    assert settings.num_perm == Settings().num_perm


def test_load_settings_finds_the_nearest_pyproject_above(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.provenance]\nwindow = 30\n", encoding="utf-8")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert load_settings(nested).window == 30
    (tmp_path / "a" / "pyproject.toml").write_text("[tool.other]\nx = 1\n", encoding="utf-8")
    # The nearest file wins even without a [tool.provenance] table.
    assert load_settings(nested).window == Settings().window


def test_load_settings_overrides(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.provenance]\nwindow = 30\n", encoding="utf-8")
    settings = load_settings(tmp_path, window=None, shingle_size=3)
    assert (settings.window, settings.shingle_size) == (30, 3)


def test_load_settings_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.provenance]\nwindow = 'wide'\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=rf"^{path}: window must be int"):
        load_settings(tmp_path)
    path.write_text("[tool.provenance\nwindow = 30\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=str(path)):
        load_settings(tmp_path)
    path.write_text("[tool]\nprovenance = 3\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="must be a table"):
        load_settings(tmp_path)


def test_load_settings_without_any_pyproject_gives_defaults(tmp_path: Path) -> None:
    if any((folder / "pyproject.toml").is_file() for folder in [tmp_path, *tmp_path.parents]):
        pytest.skip("a pyproject.toml above the temporary folder")
    assert load_settings(tmp_path) == Settings()
    assert load_settings(tmp_path, lsh_bands=32).lsh_bands == 32


def test_negative_seed_is_rejected() -> None:
    with pytest.raises(SettingsError):
        Settings.from_mapping({"seed": -1})


def test_one_config_table_gives_settings_and_policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the policy's paths are relative to the config file: here, as the defaults
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.provenance]\nwindow = 30\n[tool.provenance.policy]\nfail-share = 1\n", encoding="utf-8")
    nested = tmp_path / "a"
    nested.mkdir()
    table = read_config(nested)
    assert table == ConfigTable({"window": 30, "policy": {"fail-share": 1}}, str(path))
    assert Settings.from_config(table, shingle_size=None).window == 30  # the policy sub-table is not a setting
    assert Policy.from_config(table, warn_share=0.1) == Policy(fail_share=1.0, warn_share=0.1)
    assert Policy.from_config(ConfigTable()) == Policy()


def test_settings_and_policy_share_the_key_checks_with_their_own_error() -> None:
    with pytest.raises(GateError, match=r"^p: unknown policy key 'fail_shar'$"):
        Policy.from_mapping({"fail_shar": 0.5}, source="p")
    with pytest.raises(GateError, match=r"^p: max-changes must be int, not float$"):
        Policy.from_mapping({"max-changes": 2.0}, source="p")
    with pytest.raises(SettingsError, match=r"^s: unknown setting 'fail_share'$"):
        Settings.from_mapping({"fail_share": 0.5}, source="s")


def test_read_config_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="no such settings file"):
        read_config(tmp_path, config=tmp_path / "missing.toml")


def test_every_numeric_setting_has_a_lower_bound() -> None:
    """``--set reuse_min_sentences=-3`` and ``max_file_bytes=-1`` were accepted."""
    numeric = {f.name for f in dataclasses.fields(Settings) if f.type in ("int", "float", int, float)}
    assert numeric == set(settings_module._LEAST) | set(settings_module._FRACTIONS) | set(settings_module._REALS)
    for name, least in settings_module._LEAST.items():
        with pytest.raises(SettingsError, match=rf"^--set: {name} must "):
            Settings.from_mapping({**Settings().as_dict(), name: least - 1}, source="--set")
    for name in settings_module._REALS:  # any sign, never nan or inf
        Settings.from_mapping({**Settings().as_dict(), name: -1.0}, source="--set")
        with pytest.raises(SettingsError, match=rf"^--set: {name} must be a finite number"):
            Settings.from_mapping({**Settings().as_dict(), name: float("nan")}, source="--set")


@pytest.mark.parametrize("setting", ["reuse_min_sentences=-3", "max_file_bytes=-1", "max_align_sentences=0"])
def test_a_setting_below_its_bound_is_one_line_and_exit_2(setting: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--set", setting])
    name = setting.partition("=")[0]
    assert assert_one_line_error(result).startswith(f"provenance: error: --set: {name} must ")


@pytest.mark.parametrize("table", ["polic", "policies", "Policy", "corpus-rules"])
def test_a_misspelt_sub_table_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str) -> None:
    """``[tool.provenance.polic]`` was read by nobody: the newsroom's policy (its licensed sources, its fail
    share) silently fell back to the defaults, where a misspelt key of a known table is an error."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("The council met on Monday to discuss the budget.\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(f"[tool.provenance.{table}]\nfail_share = 0.1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SettingsError, match=rf"unknown table \[tool\.provenance\.{table}\]"):
        Settings.from_config(read_config(tmp_path))
    line = assert_one_line_error(CliRunner().invoke(main, ["scan", "seeds", "--out", "out"]))
    assert line == (
        f"provenance: error: {tmp_path / 'pyproject.toml'}: unknown table [tool.provenance.{table}] "
        "(the tables are [tool.provenance.corpus] and [tool.provenance.policy])"
    )


def test_the_known_sub_tables_are_read() -> None:
    table = ConfigTable({"window": 30, "policy": {"fail_share": 0.4}, "corpus": {"exclude": ["drafts/**"]}}, "p")
    assert Settings.from_config(table).window == 30
