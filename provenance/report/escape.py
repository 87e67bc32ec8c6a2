r"""Untrusted text for HTML, as every page of the package shows it (the reports and the reprint desk).

Markup is escaped (quotes too, so a value is safe in an attribute); control characters (an ANSI escape,
which ``compare --format html`` would send to a terminal), lone surrogates (a file's undecodable bytes) and
the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069: one in an id would turn
"source → copy" around on screen, one in a text shows words in an order they are not in) are spelled out
as ``\xNN`` or ``\uNNNN``, never written. Line breaks and tabs stay. The report's script escapes a lazily
built detail the same way (``assets/report.js``; ``tests/test_report_html.py`` checks the two agree).

>>> escape('<b class="x">\x1b[31m</b>')
'&lt;b class=&quot;x&quot;&gt;\\x1b[31m&lt;/b&gt;'
>>> escape("a\u202egnp.exe")
'a\\u202egnp.exe'
"""

from __future__ import annotations

import html
import re

__all__ = ["SHOWN", "escape", "spelled"]

SHOWN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""The characters a page spells out instead of writing."""


def spelled(char: str) -> str:
    r"""How a page shows one of :data:`SHOWN`: ``\xNN`` below 256, else ``\uNNNN``."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str) -> str:
    """``text`` for HTML: markup escaped, :data:`SHOWN` characters spelled out."""
    return html.escape(SHOWN.sub(lambda m: spelled(m.group()), text), quote=True)
