"""Renderers: a scan or comparison result in, text out (no file I/O).

Each renderer is imported when first asked for (PEP 562), so a command imports only those it uses:
``check`` and ``gate`` reach :mod:`.json` through the baseline, never the HTML report or tabulate.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .html import render_html, render_pair_html
    from .json import pair_to_dict, render_json, result_to_dict
    from .markdown import render_markdown, render_pair_markdown
    from .text import render_pair_text

__all__ = [
    "pair_to_dict",
    "render_html",
    "render_json",
    "render_markdown",
    "render_pair_html",
    "render_pair_markdown",
    "render_pair_text",
    "result_to_dict",
]

_HOME = {
    "pair_to_dict": "json",
    "render_html": "html",
    "render_json": "json",
    "render_markdown": "markdown",
    "render_pair_html": "html",
    "render_pair_markdown": "markdown",
    "render_pair_text": "text",
    "result_to_dict": "json",
}


def __getattr__(name: str) -> Any:
    """A renderer of :data:`__all__`, imported from its module the first time it is asked for."""
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
