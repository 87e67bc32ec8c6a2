"""The CI gate's policy: when a new text fails or warns, from ``[tool.provenance.policy]``.

The policy is a sub-table of ``[tool.provenance]`` (so it never clashes with the
pipeline settings), read from the same :class:`~provenance.settings.ConfigTable`;
every key is also a command-line option of ``check`` and ``gate``.

>>> Policy().fail_share
0.5
>>> Policy.from_mapping({"fail-share": 1}).fail_share
1.0
>>> Policy.from_mapping({"folder": "articles"}).baseline_file
'articles/.provenance-baseline.json'
>>> Policy.from_mapping({"licensed_sources": ["Reuters", "AP"]}).licensed_sources
('Reuters', 'AP')
>>> Policy.from_config(ConfigTable(), fail_share=2.0)
Traceback (most recent call last):
...
provenance.ci.policy.GateError: --fail-share: fail_share must be between 0 and 1
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import ProvenanceError
from ..settings import ConfigTable, field_values, read_config

__all__ = ["BASELINE_NAME", "GateError", "Policy", "load_policy"]

BASELINE_NAME = ".provenance-baseline.json"
"""The baseline file's name in the corpus folder, where it is unless the policy's ``baseline`` says otherwise."""


class GateError(ProvenanceError):
    """A usage or input problem of the gate (bad policy, git failure, bad baseline)."""


@dataclass(frozen=True)
class Policy:
    """When a new text fails or warns; keys of ``[tool.provenance.policy]``."""

    fail_share: float = 0.5
    """Fail when at least this share of the new text's sentence characters align with one corpus text."""
    warn_share: float = 0.2
    """Warn when at least this share aligns (any verified reuse below it warns too)."""
    fail_source_share: float = 0.8
    """Fail when at least this share of the matched corpus text's sentence characters is reproduced, whatever
    the new text's share: a whole article copied inside a longer text (padding lowers only the new share)."""
    copy_share: float = 0.9
    """A near-exact copy: this share of *both* texts aligned; fails unless baselined or from a licensed source."""
    allow_credited: bool = True
    """Accept reuse (not near-exact copies) when the new text credits its source."""
    licensed_sources: tuple[str, ...] = ()
    """Sources the newsroom licenses (wire agencies, e.g. ["Reuters", "AP"]): a near-exact copy of one of their
    texts passes when it credits them (empty: none, so every near-exact copy fails)."""
    baseline: str = ""
    """The baseline file of accepted pairs (empty: .provenance-baseline.json in folder); relative to the config
    file, as ``index`` and ``folder`` are, wherever a command runs."""
    index: str = ".provenance/index.sqlite"
    """The index file used by check and gate (relative to the config file)."""
    folder: str = "seeds"
    """The corpus folder the gate watches (relative to the config file)."""
    max_candidates: int = 20
    """Verify at most this many index candidates per new text (most band collisions first)."""
    max_changes: int = 3
    """The most severe changes shown per match."""

    @property
    def baseline_file(self) -> str:
        """The baseline file: the ``baseline`` key, or ``.provenance-baseline.json`` in the corpus folder."""
        return self.baseline or f"{self.folder.rstrip('/') or '.'}/{BASELINE_NAME}"

    @classmethod
    def from_mapping(
        cls, values: Mapping[str, Any], *, source: str = "policy", options: Mapping[str, str] | None = None
    ) -> Policy:
        """Defaults overridden by ``values`` (unknown keys and bad types are errors). ``options``: the keys
        given as command-line options, and the option of each, which an error about their value names in
        place of ``source``."""
        given = options or {}

        def where(*keys: str) -> str:
            named = [given[k] for k in keys if k in given]
            return ", ".join(named) if named else source

        values = {
            k: _names(v, f"{source}: {k}") if k.replace("-", "_") == "licensed_sources" else v
            for k, v in values.items()
        }
        policy = cls(**field_values(cls, values, source=source, error=GateError, noun="policy key"))
        for name in ("fail_share", "warn_share", "copy_share", "fail_source_share"):
            if not 0.0 <= getattr(policy, name) <= 1.0:
                raise GateError(f"{where(name)}: {name} must be between 0 and 1")
        if policy.warn_share > policy.fail_share:
            raise GateError(f"{where('warn_share', 'fail_share')}: warn_share must not exceed fail_share")
        if policy.max_candidates < 1:
            raise GateError(f"{where('max_candidates')}: max_candidates must be at least 1")
        if policy.max_changes < 0:
            raise GateError(f"{where('max_changes')}: max_changes must be at least 0")
        return policy

    @classmethod
    def from_config(cls, config: ConfigTable, **overrides: Any) -> Policy:
        """Defaults overridden by the ``policy`` sub-table of ``config``, then by ``overrides`` (None values
        ignored)."""
        table = config.values.get("policy", {})
        if not isinstance(table, dict):
            raise GateError(f"{config.path}: [tool.provenance.policy] must be a table")
        given = {k: v for k, v in overrides.items() if v is not None}  # options: relative to the current folder
        # The project's paths are relative to its config file, wherever a command runs (from articles/2019,
        # ``folder = "articles"`` is ../../articles): those it gives, and the defaults when it has a
        # [tool.provenance] table (a pyproject.toml without one is another project's, not this corpus's root).
        # A value of the wrong type is left for the type check.
        paths = {key: table.get(key, getattr(cls, key)) for key in _PATHS if key not in given}
        paths = {key: value for key, value in paths.items() if key in table or config.values}
        resolved = {key: config.resolve(value) for key, value in paths.items() if isinstance(value, str)}
        values = {**table, **resolved, **given}
        source = "policy" if config.path is None else f"{config.path} [tool.provenance.policy]"
        # A value given as an option is the option's to answer for, not the file's: `check --fail-share 2`
        # was told "pyproject.toml [tool.provenance.policy]: fail_share must be between 0 and 1".
        options = {key: f"--{key.replace('_', '-')}" for key in given}
        return cls.from_mapping(values, source=source, options=options)


_PATHS = ("folder", "baseline", "index")
"""The policy keys that name a path (relative to the config file: :meth:`ConfigTable.resolve`)."""


def _names(value: Any, where: str) -> Any:
    """A TOML array of names (or the option's comma-separated string) as the tuple the policy holds;
    anything else is left for the type check."""
    if isinstance(value, str):
        value = [v for v in value.split(",") if v.strip()]
    if not isinstance(value, list | tuple):
        return value
    if not all(isinstance(v, str) and v.strip() for v in value):
        raise GateError(f"{where} must be a list of non-empty names")
    return tuple(v.strip() for v in value)


def load_policy(
    start: str | os.PathLike[str] = ".", *, config: str | os.PathLike[str] | None = None, **overrides: Any
) -> Policy:
    """The policy from ``[tool.provenance.policy]`` of ``config`` or the nearest
    ``pyproject.toml``, then ``overrides`` (None values ignored)."""
    return Policy.from_config(read_config(start, config=config), **overrides)
