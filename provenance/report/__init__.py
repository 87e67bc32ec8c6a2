"""Renderers: a scan or comparison result in, text out (no file I/O)."""

from __future__ import annotations

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
