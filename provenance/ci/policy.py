"""The CI gate's policy: when a new text fails or warns, from ``[tool.provenance.policy]``.

The policy is a sub-table of ``[tool.provenance]`` (so it never clashes with the
pipeline settings), read from the same :class:`~provenance.settings.ConfigTable`;
every key is also a command-line option of ``check`` and ``gate``.

>>> Policy().fail_share
0.5
>>> Policy.from_mapping({"fail-share": 1}).fail_share
1.0
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import ProvenanceError
from ..settings import ConfigTable, field_values, read_config

__all__ = ["GateError", "Policy", "load_policy"]


class GateError(ProvenanceError):
    """A usage or input problem of the gate (bad policy, git failure, bad baseline)."""


@dataclass(frozen=True)
class Policy:
    """When a new text fails or warns; keys of ``[tool.provenance.policy]``."""

    fail_share: float = 0.5
    """Fail when at least this share of the new text's sentence characters align with one corpus text."""
    warn_share: float = 0.2
    """Warn when at least this share aligns (any verified reuse below it warns too)."""
    copy_share: float = 0.9
    """A near-exact copy: this share of *both* texts aligned; always fails unless baselined."""
    allow_credited: bool = True
    """Accept reuse (not near-exact copies) when the new text credits its source."""
    baseline: str = "seeds/.provenance-baseline.json"
    """The baseline file of accepted pairs."""
    index: str = ".provenance/index.sqlite"
    """The index file used by check and gate."""
    folder: str = "seeds"
    """The corpus folder the gate watches."""
    max_candidates: int = 20
    """Verify at most this many index candidates per new text (most band collisions first)."""
    max_changes: int = 3
    """The most severe changes shown per match."""

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], *, source: str = "policy") -> Policy:
        """Defaults overridden by ``values`` (unknown keys and bad types are errors)."""
        policy = cls(**field_values(cls, values, source=source, error=GateError, noun="policy key"))
        for name in ("fail_share", "warn_share", "copy_share"):
            if not 0.0 <= getattr(policy, name) <= 1.0:
                raise GateError(f"{source}: {name} must be between 0 and 1")
        if policy.warn_share > policy.fail_share:
            raise GateError(f"{source}: warn_share must not exceed fail_share")
        if policy.max_candidates < 1 or policy.max_changes < 0:
            raise GateError(f"{source}: max_candidates must be at least 1 and max_changes at least 0")
        return policy

    @classmethod
    def from_config(cls, config: ConfigTable, **overrides: Any) -> Policy:
        """Defaults overridden by the ``policy`` sub-table of ``config``, then by ``overrides`` (None values
        ignored)."""
        table = config.values.get("policy", {})
        if not isinstance(table, dict):
            raise GateError(f"{config.path}: [tool.provenance.policy] must be a table")
        values = {**table, **{k: v for k, v in overrides.items() if v is not None}}
        source = "policy" if config.path is None else f"{config.path} [tool.provenance.policy]"
        return cls.from_mapping(values, source=source)


def load_policy(
    start: str | os.PathLike[str] = ".", *, config: str | os.PathLike[str] | None = None, **overrides: Any
) -> Policy:
    """The policy from ``[tool.provenance.policy]`` of ``config`` or the nearest
    ``pyproject.toml``, then ``overrides`` (None values ignored)."""
    return Policy.from_config(read_config(start, config=config), **overrides)
