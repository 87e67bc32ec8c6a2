"""What a page's own CSS keeps from a reader: the elements its inline styles and ``<style>`` rules remove from
view, and the visibility, font size and colour they leave for a descendant to inherit.

A credit a browser never shows must not count (docs/hostile-input.md), and a copy a browser shows must be read:
``display: none`` (the ``hidden`` attribute is the browser's own, under any rule of the page),
``content-visibility: hidden`` (of a box it applies to), ``opacity: 0``, the visually-hidden clip
(``clip: rect(0 0 0 0)`` on an absolute element, ``clip-path: inset(50%)``: one leaving part of it hides
nothing), an element put off the screen (``position: absolute; left: -9999px``, a ``text-indent`` of -9999px: a
text short enough to stay there, nothing carrying it back), and the inherited ``visibility: hidden``,
``font-size: 0`` and ``color: transparent`` (which a descendant may undo).  Declarations are read as CSS reads
them (tinycss2: any case and spacing, comments, escapes, strings, ``!important``); a page's ``<style>`` rules
are applied with cssselect's selectors (lxml), in the cascade's order (importance, inline style, specificity,
source order).  External stylesheets are not read (no network), nor ``@media`` blocks, nor rules whose selector
cssselect cannot apply to a document (pseudo-elements, ``:hover``).  What the page's rules show beyond its
markup is read too: a sentence a ``::before``/``::after`` rule generates (:func:`generated`), a text shown right
to left by ``unicode-bidi: bidi-override`` (:func:`overridden`).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..text.lexicon import word_set

MAX_STYLE_SELECTORS = 400
"""The selectors of a page's ``<style>`` rules applied to it: each is one pass over the page (lxml's XPath from
cssselect), so a page of 100,000 rules or a selector list of 100,000 parts costs 400 passes, not 100,000.  Those
of rules that hide something come first, then those that could show it again (for what the first matched
only).  Real pages hide with a few rules (``.hidden``, ``.sr-only``); beyond the bound a rule is not applied."""

MAX_SELECTORS_READ = 4_000
"""The selectors of hiding rules read (cssselect parses in Python), and as many of those that may show again:
only the ones whose classes and ids the page has are applied (:data:`MAX_STYLE_SELECTORS`)."""

MAX_STYLE_CHARS = 1_000_000
"""The characters of a page's ``<style>`` elements read (tinycss2 parses in Python, a few MB a second): the rest
is not read.  Real pages inline some 100 kB of CSS."""

OFF_SCREEN_PX = 999
"""How far left or up (CSS pixels; an ``em`` taken as 16) an offset or a ``text-indent`` must move an element for
it to be off the screen: the usual -9999px or -999em hide, a layout's nudge of some pixels does not."""

CHARACTER_PX = 32
"""The widest a character of a page's text is taken to be (CSS pixels: twice an em of the default 16px font).  An
offset or a ``text-indent`` moves a box, not its text's length: a line longer than the offset reaches the screen
again (an absolute box is as wide as its text up to the screen's width and the offset: ``left: -9999px`` shows
the end of each line of a long paragraph, ``text-indent: -9999px`` the rest of a long first line), so they hide
a text of at most ``offset / CHARACTER_PX`` characters (312 at -9999px: a credit, never a paragraph of a copy)."""


_SKIP = object()
"""A declaration CSS drops as invalid: the one before it stays."""
_CSS_WIDE = frozenset({"inherit", "unset", "revert", "revert-layer", "initial"})
_VISIBILITY = {"visible": False, "initial": False, "hidden": True, "collapse": True}
"""What a ``visibility`` keyword makes an element: hidden (True) or visible (False)."""
_PX = {"px": 1.0, "em": 16.0, "rem": 16.0, "ex": 8.0, "ch": 8.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0}
_PX |= {"cm": 96 / 2.54, "mm": 96 / 25.4, "q": 96 / 101.6, "vw": 10.0, "vh": 10.0, "vmin": 10.0, "vmax": 10.0}
"""CSS pixels per unit (font-relative units at a 16px font, viewport units on a 1000px screen)."""
_RELATIVE_FONT = frozenset({"em", "ex", "ch", "cap", "ic", "lh"})
"""Font-size units relative to the parent's font size: zero stays zero."""
_MOVED = frozenset({"absolute", "fixed", "relative"})
"""The positions ``left`` and ``top`` move an element in (``clip`` applies to the first two only)."""


def _tokens(value: list[Any]) -> list[Any]:
    return [token for token in value if token.type not in ("whitespace", "comment", "literal")]


def _keyword(value: list[Any]) -> str | None:
    """The one keyword a CSS declaration's value is, lower case (None for any other value)."""
    tokens = _tokens(value)
    return tokens[0].lower_value if len(tokens) == 1 and tokens[0].type == "ident" else None


def _px(token: Any) -> float | None:
    """A length in CSS pixels (a unitless 0 too); None for anything else."""
    if token.type == "number" and token.value == 0:
        return 0.0
    if token.type == "dimension" and token.lower_unit in _PX:
        return float(token.value * _PX[token.lower_unit])
    return None


_REVERT = frozenset({"revert", "revert-layer"})
"""The CSS-wide keywords that give a property the browser's own value: an author's style sheet has no layers for
``revert-layer`` to go back to."""
REVERTED = "revert"
"""A ``display`` of ``revert`` (:func:`_read_display`): the element's own display, as for an element the page sets
none, but for one with the ``hidden`` attribute, which Chromium maps to the page's own style (a
presentational hint) that ``revert`` rolls back: the element is shown (``revert-layer`` hides it again)."""
_DISPLAYS = word_set(
    "none contents block inline run-in flow flow-root table flex grid ruby list-item math inline-block inline-table"
    " inline-flex inline-grid table-row-group table-header-group table-footer-group table-row table-cell"
    " table-column-group table-column table-caption ruby-base ruby-text ruby-base-container ruby-text-container"
    " -webkit-box -webkit-inline-box -webkit-flex -webkit-inline-flex -ms-flexbox -ms-inline-flexbox -ms-grid"
    " -ms-inline-grid"
)
"""The keywords of a ``display`` (any other makes the declaration invalid: the one before it stays)."""


def _read_display(value: list[Any]) -> object:
    """The display's keywords (``"none"`` hides), None for the browser's own (``revert-layer``), :data:`REVERTED`
    for ``revert``, ``""`` for one not known here (a ``var()``, ``inherit``; ``initial`` is ``inline``).

    >>> [declare(f"display: {v}")["display"] for v in ("None", "inline  flow-root", "revert", "var(--d)", "initial")]
    ['none', 'inline flow-root', 'revert', '', 'inline']
    >>> declare("display: none; display: bogus")
    {'display': 'none'}
    """
    tokens = _tokens(value)
    words = [token.lower_value for token in tokens if token.type == "ident"]
    if len(words) != len(tokens) or not words:
        return "" if any(token.type == "function" for token in tokens) else _SKIP
    if len(words) == 1 and words[0] in _CSS_WIDE:
        if words[0] in _REVERT:
            return REVERTED if words[0] == "revert" else None
        return "inline" if words[0] in ("initial", "unset") else ""
    return " ".join(words) if len(words) <= 3 and set(words) <= _DISPLAYS else _SKIP


_CONTAINED = word_set(
    "block flow flow-root flex grid list-item inline inline-block inline-flex inline-grid -webkit-box"
    " -webkit-inline-box -webkit-flex -webkit-inline-flex -ms-flexbox -ms-inline-flexbox -ms-grid -ms-inline-grid"
)
"""The display keywords of a box ``content-visibility`` applies to (with ``inline``: an atomic box only)."""
BLOCKS = word_set(
    "html body address blockquote center dialog div figure figcaption footer form header hr legend listing main p"
    " plaintext pre search xmp article aside h1 h2 h3 h4 h5 h6 hgroup nav section dir dd dl dt menu ol ul li details"
    " summary fieldset frameset optgroup"
)
"""The elements a browser's own style sheet gives a block or list-item box (any other, a custom one too, is
inline or a table's, when no rule of the page sets its ``display``)."""


def contains(display: str | None, tag: str) -> bool:
    """Whether ``content-visibility`` applies to an element of this ``tag`` and ``display`` (None: the element's
    own, ``""``: one not known here): a non-atomic inline box, a table or its parts and a ruby have no size
    containment, and their contents stay shown (so does an unknown display's: fail closed, the text is kept).

    >>> contains(None, "p"), contains(None, "span"), contains("inline-block", "span"), contains("table", "div")
    (True, False, True, False)
    """
    if display is None or display == "" or display == REVERTED:
        return display != "" and tag.lower() in BLOCKS
    words = set(display.split())
    return words <= _CONTAINED and ("inline" not in words or bool(words & {"flow-root", "flex", "grid"}))


def _read_content_visibility(value: list[Any]) -> object:
    """True for ``hidden``, None for the browser's own value (``revert-layer``), False for contents shown (``revert``
    too: the ``hidden=until-found`` it would roll back to is the page's own style in Chromium, as ``hidden`` is for
    :data:`REVERTED`)."""
    keyword = _keyword(value)
    return None if keyword == "revert-layer" else keyword == "hidden"


def _read_opacity(value: list[Any]) -> object:
    tokens = _tokens(value)
    return len(tokens) == 1 and tokens[0].type in ("number", "percentage") and tokens[0].value <= 0


def _read_visibility(value: list[Any]) -> object:
    keyword = _keyword(value)
    if keyword in _VISIBILITY:
        return _VISIBILITY[keyword or ""]
    return None if keyword in _CSS_WIDE else _SKIP


def _read_font_size(value: list[Any]) -> object:
    """True for a zero size (any unit, under one pixel), None for the parent's (a relative unit, a CSS-wide
    keyword but ``initial``, ``smaller``), False for a size a reader sees (``initial`` is ``medium``).

    >>> [declare(f"font-size: {v}")["font-size"] for v in ("0", "1em", "inherit", "initial", "12px")]
    [True, None, None, False, False]
    """
    tokens = _tokens(value)
    if len(tokens) != 1:
        return False
    token = tokens[0]
    if token.type in ("number", "percentage", "dimension") and token.value <= 0:
        return True
    if token.type == "percentage" or (token.type == "dimension" and token.lower_unit in _RELATIVE_FONT):
        return None
    if token.type == "dimension" and (px := _px(token)) is not None:
        return px < 1
    if token.type == "ident" and token.lower_value == "initial":
        return False  # medium
    if token.type == "ident" and (token.lower_value in _CSS_WIDE or token.lower_value in ("smaller", "larger")):
        return None
    return False


def _read_font(value: list[Any]) -> object:
    """The ``font`` shorthand's size, read as :func:`_read_font_size` reads it (``font: 0/0 a``, the image
    replacement idiom, is a zero size): the last number or length not after a ``/`` (a line height), which
    comes after any numeric weight; a CSS-wide keyword is the parent's (``initial``, ``medium``: shown); no size,
    an invalid declaration.

    >>> [declare(f"font: {v}")["font-size"] for v in ("0/0 a", "bold 12px/1 serif", "inherit", "initial")]
    [True, False, None, False]
    """
    tokens = [token for token in value if token.type not in ("whitespace", "comment")]
    if len(tokens) == 1 and tokens[0].type == "ident" and tokens[0].lower_value in _CSS_WIDE:
        return _read_font_size(tokens)
    sizes = [
        token
        for n, token in enumerate(tokens)
        if token.type in ("number", "percentage", "dimension")
        and not (n and tokens[n - 1].type == "literal" and tokens[n - 1].value == "/")
    ]
    return _read_font_size([sizes[-1]]) if sizes else _SKIP


def _read_color(value: list[Any]) -> object:
    """True for a transparent colour (``transparent``, an alpha of 0), None for the parent's (``inherit``,
    ``unset``, ``revert``), False for a colour shown (``initial`` is ``CanvasText``).

    >>> [declare(f"color: {v}")["color"] for v in ("transparent", "#0000", "inherit", "initial", "red")]
    [True, True, None, False, False]
    """
    tokens = _tokens(value)
    if len(tokens) != 1:
        return False
    if tokens[0].type == "ident" and tokens[0].lower_value in _CSS_WIDE:
        return False if tokens[0].lower_value == "initial" else None
    color = _parse_colour(tokens[0])
    if color is None:
        return False if tokens[0].type == "function" else _SKIP  # var(), env(): a colour unknown here
    return None if isinstance(color, str) else color.alpha == 0  # "currentcolor": the inherited colour


FOLLOW = "currentcolor"
"""A ``-webkit-text-fill-color`` of ``currentcolor`` (its initial value): the text is filled with the element's
``color``, whatever that is where it applies."""


def _read_fill(value: list[Any]) -> object:
    """What a ``-webkit-text-fill-color`` makes the text: True transparent, False filled with a colour shown,
    :data:`FOLLOW` filled with ``color``, None the parent's.  The fill is drawn over ``color`` whatever their
    order, so a transparent fill hides text a later ``color: red`` does not show."""
    tokens = _tokens(value)
    if len(tokens) == 1 and tokens[0].type == "ident" and tokens[0].lower_value in ("initial", "currentcolor"):
        return FOLLOW
    return _read_color(value)  # inherit, unset, revert: the parent's (an inherited property)


def _read_drawn(value: list[Any]) -> object:
    """Whether a ``background-clip`` draws the text with the background, or a ``text-shadow`` draws it."""
    keyword = _keyword(value)
    return keyword not in ("none", "border-box", "padding-box", "content-box") and keyword not in _CSS_WIDE


def _arguments(value: list[Any], name: str) -> list[Any] | None:
    """The arguments of the one function ``name`` a value is (commas left out), None for any other value."""
    tokens = _tokens(value)
    if len(tokens) != 1 or tokens[0].type != "function" or tokens[0].lower_name != name:
        return None
    return [token for token in _tokens(tokens[0].arguments) if not (token.type == "literal" or token == ",")]


def _read_clip(value: list[Any]) -> object:
    """Whether a ``clip: rect(top right bottom left)`` leaves nothing (bottom at or above top, or right at or
    left of left; ``auto`` is the edge)."""
    arguments = _arguments(value, "rect")
    if arguments is None or len(arguments) != 4:
        return False
    top, right, bottom, left = (_px(token) for token in arguments)
    return (top is not None and bottom is not None and bottom <= top) or (
        left is not None and right is not None and right <= left
    )


_BOXES = frozenset({"border-box", "padding-box", "content-box", "margin-box", "fill-box", "stroke-box", "view-box"})
"""The reference boxes a ``clip-path`` may name beside its shape."""


def _inset_hides(arguments: list[Any]) -> bool:
    """Whether ``inset()``'s arguments leave nothing: its one to four insets (top, right, bottom, left, as the
    ``margin`` shorthand expands them; ``round`` and its radii aside) meet from top and bottom or from left and
    right.  Only percentages are read: a length's share of the box is unknown, so it hides nothing.

    >>> [declare(f"clip-path: inset({v})")["clip-path"] for v in ("50%", "50% 0 0 0", "60% 0 40%",
    ...  "0 30% 0 70% round 4px", "100px", "50% 0 50px")]
    [True, False, True, True, False, False]
    """
    insets = []
    for token in arguments:
        if token.type == "ident" and token.lower_value == "round":
            break
        insets.append(token.value if token.type == "percentage" else 0.0 if _px(token) == 0 else None)
    if not 1 <= len(insets) <= 4:
        return False
    top, right, bottom, left = (insets[n] for n in _EXPAND[len(insets)])
    return any(a is not None and b is not None and a + b >= 100 for a, b in ((top, bottom), (left, right)))


_EXPAND = {1: (0, 0, 0, 0), 2: (0, 1, 0, 1), 3: (0, 1, 2, 1), 4: (0, 1, 2, 3)}
"""Which of a shorthand's one to four values is its top, right, bottom and left."""


def _read_clip_path(value: list[Any]) -> object:
    """Whether a ``clip-path`` leaves nothing: an ``inset()`` whose insets meet (:func:`_inset_hides`), a
    circle or ellipse of radius 0, a polygon of zeros alone (a reference box beside the shape aside)."""
    shapes = [token for token in _tokens(value) if not (token.type == "ident" and token.lower_value in _BOXES)]
    for name in ("inset", "circle", "ellipse", "polygon"):
        arguments = _arguments(shapes, name)
        if arguments:
            first = arguments[0]
            if name == "inset":
                return _inset_hides(arguments)
            if name == "polygon":  # a calc() or var() is a length not known here: the shape may show all
                return all(
                    token.type == "ident" or (token.type in ("number", "percentage", "dimension") and token.value == 0)
                    for token in arguments
                )
            return first.type in ("number", "percentage", "dimension") and first.value == 0
    return False


def _read_position(value: list[Any]) -> object:
    return _keyword(value) or ""


def _read_offset(value: list[Any]) -> object:
    tokens = _tokens(value)
    return (_px(tokens[0]) if len(tokens) == 1 else None) or 0.0


def _read_reach(value: list[Any]) -> object:
    """How far a padding, margin, border, size or transform may carry a box's text (CSS pixels, either way): its
    largest length; a percentage, ``calc()``, ``var()`` or a transform's function, unbounded.

    >>> [declare(f"margin: {v}")["margin"] for v in ("0 auto", "-1px 2em", "10%", "0%")]
    [0.0, 32.0, inf, 0.0]
    """
    reach = 0.0
    for token in _tokens(value):
        if token.type == "function" or (token.type == "percentage" and token.value != 0):
            return float("inf")
        if token.type == "dimension":
            px = _px(token)
            reach = max(reach, float("inf") if px is None else abs(px))
    return reach


_REACH = sorted(
    word_set(
        "padding padding-left padding-top padding-inline padding-inline-start padding-block padding-block-start"
        " margin margin-left margin-top margin-inline margin-inline-start margin-block margin-block-start border"
        " border-left border-top border-width border-left-width border-top-width border-inline-start"
        " border-block-start width min-width inline-size min-inline-size height min-height block-size"
        " min-block-size transform translate right bottom inset inset-inline inset-block"
    )
)
"""Properties that may bring a box put off the screen back on it (``left: -9999px; padding-left: 10000px``)."""


def _reach(declared: Declared) -> float:
    """How far the padding, margin, border, size or transform ``declared`` may carry its text (:data:`_REACH`)."""
    return max((declared[name] for name in _REACH if name in declared), default=0.0)


_SHIFTS = tuple(name for name in _REACH if name.startswith(("padding", "margin", "border", "transform", "translate")))
"""What of :data:`_REACH` moves a box's content (a size does not): an ancestor's carries a descendant's text."""


def _carries(declared: Declared) -> bool:
    """Whether a box's padding, margin, border, transform or offset moves its content right or down by as much as
    a move off the screen (``padding-left: 10000px`` around ``text-indent: -9999px``)."""
    far = max(declared.get("left", 0.0), declared.get("top", 0.0)) if declared.get("position") in _MOVED else 0.0
    return max(far, max((declared[name] for name in _SHIFTS if name in declared), default=0.0)) >= OFF_SCREEN_PX


_READERS: dict[str, Callable[[list[Any]], object]] = {
    "display": _read_display,
    "content-visibility": _read_content_visibility,
    "opacity": _read_opacity,
    "visibility": _read_visibility,
    "font-size": _read_font_size,
    "font": _read_font,
    "color": _read_color,
    "-webkit-text-fill-color": _read_fill,
    "background-clip": _read_drawn,
    "-webkit-background-clip": _read_drawn,
    "text-shadow": _read_drawn,
    "clip": _read_clip,
    "clip-path": _read_clip_path,
    "position": _read_position,
    "left": _read_offset,
    "top": _read_offset,
    "text-indent": _read_offset,
    **dict.fromkeys(_REACH, _read_reach),
}
"""The properties read, and what each declaration's value is made (see :func:`_effect`)."""

_GROUPS = {
    "display": ("display", "content-visibility", "text-indent"),  # which boxes an indent applies to
    "content-visibility": ("content-visibility",),
    "opacity": ("opacity",),
    "visibility": ("visibility",),
    "font-size": ("font-size",),
    "font": ("font-size",),
    "color": ("color",),
    "-webkit-text-fill-color": ("fill", "color"),
    "background-clip": ("color", "fill"),
    "-webkit-background-clip": ("color", "fill"),
    "text-shadow": ("color", "fill"),
    "clip": ("clip",),
    "clip-path": ("clip-path",),
    "position": ("clip", "offset", "content-visibility", "text-indent"),  # an absolute box is a block
    "left": ("offset",),
    "top": ("offset",),
    "text-indent": ("text-indent",),
    **dict.fromkeys(_REACH, ("offset", "text-indent")),
}
"""The ways of hiding each property takes part in: a rule declaring one can show what another rule hides so."""

Declared = dict[str, Any]
"""A property's value as its reader makes it (:data:`_READERS`)."""


def _hiding(declared: Declared) -> set[str]:
    """The ways of hiding (:data:`_GROUPS`) that ``declared`` hides an element or its text by."""
    ways = {name for name in ("content-visibility", "opacity", "clip-path") if declared.get(name)}
    if declared.get("display") == "none":
        ways.add("display")
    moved = declared.get("position", "")
    if declared.get("clip") and moved in ("absolute", "fixed"):
        ways.add("clip")
    if moved in _MOVED and min(declared.get("left", 0.0), declared.get("top", 0.0)) <= -OFF_SCREEN_PX:
        ways.add("offset")
    if declared.get("text-indent", 0.0) <= -OFF_SCREEN_PX:
        ways.add("text-indent")
    if ("offset" in ways or "text-indent" in ways) and _reach(declared) >= OFF_SCREEN_PX:  # carried back
        ways -= {"offset", "text-indent"}
    ways |= {name for name in ("visibility", "font-size") if declared.get(name)}
    drawn = declared.get("background-clip") or declared.get("-webkit-background-clip") or declared.get("text-shadow")
    if declared.get("color") and not drawn:
        ways.add("color")
    if declared.get("-webkit-text-fill-color") is True and not drawn:
        ways.add("fill")
    return ways


def _unplaced(declared: Declared) -> set[str]:
    """The ways of hiding ``declared`` takes part in without a position of its own: a clip or an offset off the
    screen, which a ``position`` another rule or the inline style sets makes hide (``.c{position:absolute}`` and
    ``style="clip: rect(0 0 0 0)"``); their rules are applied as hiding ones, and those setting a position after.

    >>> _unplaced(declare("left: -9999px")), _unplaced(declare("clip: rect(0 0 0 0); position: static"))
    ({'offset'}, set())
    """
    if "position" in declared:
        return set()  # its own position decides (:func:`_hiding`)
    ways = {"clip"} if declared.get("clip") else set()
    if min(declared.get("left", 0.0), declared.get("top", 0.0)) <= -OFF_SCREEN_PX and _reach(declared) < OFF_SCREEN_PX:
        ways.add("offset")
    return ways


Inherited = tuple[bool | None, bool | None, bool | None, bool | str | None]
"""Whether an element's visibility, font size, colour and text fill hide its text (None: as its parent's do;
a fill of :data:`FOLLOW`: as its colour does)."""

_INHERITED = ("visibility", "font-size", "color", "fill")
_PROPERTY = {"fill": "-webkit-text-fill-color"}
"""The property an inherited way of hiding is read from, where the two names differ."""
SHOWN: Inherited = (False, False, False, FOLLOW)
"""A page's root: text shown, filled with its colour."""


def hides(state: Inherited) -> bool:
    """Whether text under these inherited values is hidden: by visibility, a zero font size, or its fill (its
    colour, for a fill of :data:`FOLLOW`).

    >>> [hides(state) for state in (SHOWN, (0, 0, True, FOLLOW), (0, 0, True, False), (0, 0, False, True))]
    [False, True, False, True]
    """
    visibility, size, color, fill = state
    return bool(visibility or size or (color if fill == FOLLOW else fill))


def inherit(own: Inherited, parent: Inherited) -> Inherited:
    """An element's inherited values: its own where it sets one, else its parent's.

    >>> inherit((None, None, True, None), SHOWN)
    (False, False, True, 'currentcolor')
    """
    visibility, size, color, fill = (p if o is None else o for o, p in zip(own, parent, strict=True))
    return visibility, size, color, fill  # type: ignore[return-value]


def effect(declared: Declared) -> tuple[bool, Inherited]:
    """Whether ``declared`` removes its element from view, and what it leaves its text and descendants:
    hidden (True), shown (False) or as the parent's (None) visibility, font size and colour.

    >>> effect(declare("Display : NONE")), effect(declare("visibility:hidden; visibility: Visible"))
    ((True, (None, None, None, None)), (False, (False, None, None, None)))
    >>> effect(declare("background: url('x;display:none'); visibility: hidden !important; visibility: visible"))
    (False, (True, None, None, None))
    >>> effect(declare("font-size: 0em; color: rgb(0 0 0 / 0)"))
    (False, (None, True, True, None))
    >>> effect(declare("color: transparent; background-clip: text"))
    (False, (None, None, False, None))
    >>> fill = "-webkit-text-fill-color"
    >>> effect(declare(f"{fill}: transparent; color: red")), effect(declare(f"{fill}: red"))
    ((False, (None, None, False, True)), (False, (None, None, None, False)))
    >>> [effect(declare(style))[0] for style in ("opacity:0", "position:absolute; left:-9999px", "left:-9999px")]
    [True, True, False]
    """
    ways = _hiding(declared)
    inherited = []
    for name in _INHERITED:
        value = declared.get(_PROPERTY.get(name, name))
        inherited.append(True if name in ways else value if value is None or value == FOLLOW else False)
    return bool(ways - set(_INHERITED)), tuple(inherited)  # type: ignore[return-value]


def _values(block: Mapping[str, tuple[Any, Any]]) -> Declared:
    """Each property's value, without its importance (or its place in the cascade)."""
    return {name: value for name, (_, value) in block.items()}


_SETS = {"font": "font-size"}
"""Shorthands read for the longhand they set, in the block's order (``font: 0/0 a`` then ``font-size: 16px``
shows, as CSS reads them)."""


def _declarations(text: str) -> list[Any]:
    """The declarations (and anything else) of a block's text or an inline style, as tinycss2 reads them."""
    import tinycss2

    declarations: list[Any] = tinycss2.parse_blocks_contents(text, skip_comments=True, skip_whitespace=True)
    return declarations


def _longhand(name: str, value: object) -> dict[str, object]:
    """The longhand a property of :data:`_READERS` sets (a shorthand of :data:`_SETS`: the one it is read for)."""
    return {_SETS.get(name, name): value}


def _read_block(
    declarations: Iterable[Any],
    into: dict[str, tuple[bool, Any]],
    readers: Mapping[str, Callable[[list[Any]], object]] = _READERS,
    sets: Callable[[str, object], Mapping[str, object]] = _longhand,
) -> dict[str, tuple[bool, Any]]:
    """The longhands the properties of ``readers`` (:data:`_READERS`) in a block of declarations set, by
    ``sets`` (the last valid one of each, an important one over any other), each with its importance."""
    for declaration in declarations:
        if declaration.type != "declaration" or declaration.lower_name not in readers:
            continue
        value = readers[declaration.lower_name](declaration.value)
        if value is _SKIP:
            continue
        for name, part in sets(declaration.lower_name, value).items():
            before = into.get(name)
            if before is None or declaration.important or not before[0]:
                into[name] = (declaration.important, part)
    return into


def _might_hide(style: str) -> bool:
    lowered = style.lower()
    return "\\" in style or any(word in lowered for word in _WORDS)


_WORDS: tuple[str, ...] = ("display", "visib", "opacity", "font", "color", "clip", "left", "top", "indent")
_WORDS += ("position", "margin", "padding", "transform", "translate")
"""Words a style must hold to be parsed (an escape too): most inline styles are not read at all."""


def _inline(style: str | None) -> dict[str, tuple[bool, Any]]:
    """What an inline ``style`` attribute declares of :data:`_READERS`, each with its importance."""
    if not style or not _might_hide(style):
        return {}
    return _read_block(_declarations(style), {})


def declare(style: str | None) -> Declared:
    """What an inline ``style`` attribute declares of :data:`_READERS`, read as CSS reads it."""
    return _values(_inline(style))


_BRACE = re.compile(
    r"""(?:[^"'{}/]++|"(?:[^"\\\n]|\\.)*+"?|'(?:[^'\\\n]|\\.)*+'?|/\*(?:[^*]|\*(?!/))*+(?:\*/)?|/)*+([{}]|\Z)""",
    re.DOTALL,
)
"""A style sheet's next brace (or its end), past strings and comments (possessive, and never failing: linear)."""
_AT_RULE = re.compile(r"(?:\s++|/\*(?:[^*]|\*(?!/))*+\*/)*+@")
"""An at-rule's prelude: blanks and comments, then ``@`` (possessive: a prelude of 24 ``/**/`` and no ``@``
took 0.9 s, twice as long for each one more, with a lazy comment inside a repeated group)."""
_HINT = re.compile(
    r"\\|/\*|display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|content-visibility|opacity\s*:\s*[-+.0]"
    r"|font-size\s*:\s*[-+.0]|(?<![-\w])font\s*:[^;}]{0,200}?(?<![\w.#-])[-+]?(?:0++\.?0*+|\.0++)(?:[a-z]++|%)?(?![\w.])"
    r"|(?<![-\w])(?:-webkit-text-fill-)?color\s*:(?:\s*transparent|[^;}]{0,200}?[,/]\s*+[-+]?(?:0++\.?0*+|\.0++)%?\s*+\)"
    r"|\s*#(?:[0-9a-f]{3}0|[0-9a-f]{6}00)(?![0-9a-f]))|(?<![-\w])clip(?:-path)?\s*:"
    r"|(?<![-\w])(?:left|top|text-indent)\s*:\s*-\s*(?:\d\d|[\d.]+e)",
    re.IGNORECASE,
)
"""What a rule's block must hold to be read as a rule that may hide (a superset of what :func:`_hiding` finds;
an escape or a comment too): most rules of a page's style sheet are never parsed.  A zero is read as one run
(possessive: ``0*\\.?0+`` tried every split of a run of zeros, quadratic: 16,000 of them after ``font:``
took 6.4 s)."""


def _holds(pattern: re.Pattern[str], text: str) -> bool:
    """Whether the case-blind ``pattern`` (its letters written in lower case) finds a match in ``text``.  An ASCII
    text (most style sheets) is lower-cased and searched by the pattern's case-sensitive twin: the same answer,
    as lower-casing ASCII changes neither a length nor a character's class, and a quarter to three quarters of
    the time of a case-blind search, which tries every letter both ways.

    >>> _holds(_HINT, "COLOR: Transparent"), _holds(_HINT, "color: red"), _holds(_HINT, "Ｄisplay: none")
    (True, False, False)
    """
    if text.isascii():
        return _case_sensitive(pattern).search(text.lower()) is not None
    return pattern.search(text) is not None


@functools.lru_cache(maxsize=64)
def _case_sensitive(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


_CACHED = 4096
"""Rule blocks, selectors and their XPaths kept once read: the pages of one site share their style sheet."""
MAX_SELECTOR_CHARS = 50_000
"""The characters of a rule's selector list read: :data:`MAX_STYLE_SELECTORS` selectors fit many times over."""

_Parsed = tuple[str, dict[str, tuple[bool, Any]], int]
"""A rule: its selector list, what its block declares (:func:`_read_block`), its order in the page."""


_Rule = tuple[str, str, int]
"""A rule as a sheet holds it: its selector list's text, its block's text, its order in the page."""

_SHEETS_CACHED = 4
"""The pages' style sheets kept with their rules once read (:func:`_rules_of`): the readers of one page
(:func:`hidden`, :func:`generated`, :func:`overridden`) ask for the same sheets, which are read once; each is at
most :data:`MAX_STYLE_CHARS` characters, kept twice (its text, its rules' texts)."""


def _sheet_rules(tree: Any) -> tuple[_Rule, ...]:
    """The top-level style rules of the page's ``<style>`` elements (for every medium or the screen; wherever they
    sit, as a browser applies them, but in a ``<template>``, which is inert, or a ``<noscript>``, only text where
    scripts run): ``@media`` and other at-rules are not read, nor more than :data:`MAX_STYLE_CHARS` characters in
    all.  Read once for
    the readers of one page (:func:`_rules_of`), as long as its sheets are unchanged."""
    return _rules_of(_sheet_texts(tree, applied=True))


def _sheet_texts(tree: Any, *, applied: bool) -> tuple[str, ...]:
    """The text of each ``<style>`` element of ``tree``, up to :data:`MAX_STYLE_CHARS` in all: those a browser
    applies (``applied``: not in a ``<template>`` or ``<noscript>``, for every medium or the screen), or all."""
    budget, texts = MAX_STYLE_CHARS, []
    inert = set(tree.xpath("//template//style | //noscript//style")) if applied else set()  # never applied
    for style in tree.iter("style"):
        if budget <= 0:
            break
        if applied and (style in inert or (style.get("media") or "all").strip().lower() not in ("", "all", "screen")):
            continue
        text = "".join(style.itertext())[:budget]
        budget -= len(text)
        texts.append(text)
    return tuple(texts)


@functools.lru_cache(maxsize=_SHEETS_CACHED)
def _rules_of(sheets: tuple[str, ...]) -> tuple[_Rule, ...]:
    """The top-level style rules of ``sheets``, in order (one pass of a regular expression: linear)."""
    rules: list[_Rule] = []
    order = 0
    for text in sheets:
        depth, start, opened, prelude = 0, 0, 0, ""
        for piece in _BRACE.finditer(text):
            if not piece.group(1):
                break
            if piece.group(1) == "{":
                if depth == 0:
                    opened, prelude = piece.end(), text[start : piece.start(1)].rpartition(";")[2]  # past @import x;
                depth += 1
            elif depth > 0:
                depth -= 1
                if depth == 0:
                    order += 1
                    if not _AT_RULE.match(prelude):
                        rules.append((prelude, text[opened : piece.start(1)], order))
                    start = piece.end()
            else:
                start = piece.end()
    return tuple(rules)


@functools.lru_cache(maxsize=_CACHED)
def _parse(block: str) -> dict[str, tuple[bool, Any]]:
    """What a rule's block declares (read only: the same dict for the same text, as rules and pages of one
    site repeat their blocks)."""
    return _read_block(_declarations(block), {})


@functools.lru_cache(maxsize=_CACHED)
def _parsed_selector(part: str) -> Any:
    """cssselect's reading of one selector, pseudo-element and all, or None for one it cannot read."""
    from cssselect import SelectorError, parse

    try:
        (selector,) = parse(part)
    except (SelectorError, RecursionError, ValueError):
        return None
    return selector


@functools.lru_cache(maxsize=_CACHED)
def _selector(part: str) -> Any:
    """cssselect's reading of one selector, or None when it cannot apply it (a pseudo-element, an error)."""
    selector = _parsed_selector(part)
    return selector if selector is not None and selector.pseudo_element is None else None


@functools.lru_cache(maxsize=_CACHED)
def _xpath(selector: Any) -> Any:
    """The compiled XPath of a selector cssselect reads (None when it has none), its descendant combinator a
    ``descendant::`` step (:func:`_translator`).

    >>> import lxml.html
    >>> page = lxml.html.fromstring("<div class=x><p><b>a</b></p><i><b>b</b></i></div><b>c</b>")
    >>> [b.text for b in _xpath(_parsed_selector(".x b"))(page)], _translator().css_to_xpath("div b")
    (['a', 'b'], 'descendant-or-self::div/descendant::b')
    """
    from cssselect import SelectorError
    from lxml import etree

    try:
        return etree.XPath(_translator().selector_to_xpath(selector))
    except (SelectorError, etree.XPathError, RecursionError, ValueError):
        return None


@functools.lru_cache(maxsize=1)
def _translator() -> Any:
    """cssselect's HTML translator, but for ``A B``: ``A/descendant::B``, where cssselect writes
    ``A/descendant-or-self::*/B``, the same elements.  libxml2 merges the node set each step gives from each
    element of the one before, checking each node against those already held: a page of 40,000 ``.x`` spans
    and a rule ``.x b`` took 3.9 s in its intermediate set of every ``.x`` (quadratic), and 0.06 s so."""
    from cssselect import HTMLTranslator

    class Translator(HTMLTranslator):
        def xpath_descendant_combinator(self, left: Any, right: Any) -> Any:
            return left.join("/descendant::", right)

    return Translator()


def _parts(prelude: list[Any]) -> Iterable[list[Any]]:
    """The selectors of a rule's selector list (split at its top-level commas: linear, one at a time)."""
    part: list[Any] = []
    for token in prelude:
        if token == ",":
            yield part
            part = []
        else:
            part.append(token)
    yield part


def _tag(selector: Any) -> str | None:
    """The element name the rightmost compound of ``selector`` requires (lower case; None for any)."""
    from cssselect.parser import CombinedSelector

    node = selector.parsed_tree
    if isinstance(node, CombinedSelector):
        node = node.subselector
    while not isinstance(node, CombinedSelector) and hasattr(node, "selector"):
        node = node.selector
    element = getattr(node, "element", None)
    return None if element in (None, "*") else str(element).lower()


def _required(selector: Any) -> tuple[set[str], set[str]]:
    """The classes and ids an element must have for ``selector`` (cssselect's) to match it: those of its
    rightmost compound selector.

    >>> from cssselect import parse
    >>> [sorted(names) for names in _required(parse("div.a > p.b.c#d:not(.e)[x]")[0])]
    [['b', 'c'], ['d']]
    """
    from cssselect.parser import Class, CombinedSelector, Hash

    node = selector.parsed_tree
    if isinstance(node, CombinedSelector):
        node = node.subselector
    classes, ids = set(), set()
    while not isinstance(node, CombinedSelector) and hasattr(node, "selector"):
        if isinstance(node, Class):
            classes.add(node.class_name)
        elif isinstance(node, Hash):
            ids.add(node.id)
        node = node.selector  # a :not(), :is() or attribute's base: what it qualifies
    return classes, ids


_PLAIN = re.compile(r"[-\w\s.#:>+~*]*")
"""A selector read without cssselect: no attribute, function, escape or string."""
_COMBINATOR = re.compile(r"\s*[\s>+~]\s*")
_TAG = re.compile(r"[-\w]+")
_CLASS = re.compile(r"\.([-\w]+)")
_ID = re.compile(r"#([-\w]+)")


@dataclass(frozen=True)
class _Names:
    """The classes and ids of some of a page's elements, and the elements that have each."""

    classes: dict[str, list[Any]]
    """Each class, with the elements that have it."""
    ids: dict[str, list[Any]]
    """Each id, with the elements that have it."""
    tags: frozenset[str] | None = None
    """The elements' names (lower case; None: any)."""
    class_sets: dict[Any, frozenset[str]] = field(default_factory=dict)
    """Each element's classes, split once (a selector's classes are looked up in them, never split again)."""

    @classmethod
    def of(cls, elements: Iterable[Any]) -> _Names:
        classes: dict[str, list[Any]] = {}
        ids: dict[str, list[Any]] = {}
        tags = set()
        class_sets: dict[Any, frozenset[str]] = {}
        for element in elements:
            tags.add(str(element.tag).lower())
            split = (element.get("class") or "").split()
            class_sets[element] = frozenset(split)
            for name in split:
                classes.setdefault(name, []).append(element)
            if element.get("id") is not None:
                ids.setdefault(element.get("id"), []).append(element)
        return cls(classes, ids, frozenset(tags), class_sets)

    def may_match(self, text: str) -> bool:
        """Whether an element with these names may match the selector ``text`` (read without cssselect when it
        is plain: element names, classes, ids, pseudo-classes and combinators alone).

        >>> _Names({"a": []}, {}, frozenset({"p"})).may_match("div.b > p.a:first-child"), _Names({}, {}).may_match(".a")
        (True, False)
        """
        if _PLAIN.fullmatch(text) is None:
            return True
        last = _COMBINATOR.split(text.strip())[-1]
        tag = _TAG.match(last)
        return (
            all(name in self.classes for name in _CLASS.findall(last))
            and all(name in self.ids for name in _ID.findall(last))
            and (self.tags is None or tag is None or tag.group().lower() in self.tags)
        )

    def allow(self, selector: Any) -> bool:
        """Whether an element with these names may match ``selector`` (cssselect's)."""
        classes, ids = _required(selector)
        tag = _tag(selector)
        return (
            all(name in self.classes for name in classes)
            and all(name in self.ids for name in ids)
            and (self.tags is None or tag is None or tag in self.tags)
        )


def _split(prelude: str) -> Iterable[str]:
    """The selectors of a rule's selector list (split at its top-level commas, one at a time)."""
    if not any(mark in prelude for mark in "([\\\"'/"):
        yield from prelude.split(",")
        return
    import tinycss2

    for part in _parts(tinycss2.parse_component_value_list(prelude, skip_comments=True)):
        yield tinycss2.serialize(part)


def _selectors(prelude: str, names: _Names, read: list[int]) -> list[Any]:
    """The selectors of a rule's selector list cssselect can apply to a document and an element with ``names``
    may match; ``read`` counts those parsed (none once :data:`MAX_SELECTORS_READ`)."""
    out: list[Any] = []
    if read[0] >= MAX_SELECTORS_READ:  # nor split: a selector list is tokenized whole before its first part
        return out
    for part in _split(prelude[:MAX_SELECTOR_CHARS]):
        read[0] += 1
        if read[0] > MAX_SELECTORS_READ:
            break
        if not names.may_match(part):
            continue
        selector = _selector(part)
        if selector is not None and names.allow(selector):
            out.append(selector)
    return out


_Matched = dict[Any, list[tuple[tuple[int, ...], dict[str, tuple[bool, Any]]]]]
"""Each element a rule matches, with the rules' places in the cascade (:func:`_cascade`) and their blocks."""
_INLINE = (1,)
"""An inline style's place in the cascade: over any rule's ``(0, *specificity, order)``."""


def _cascade(blocks: Iterable[tuple[tuple[int, ...], Mapping[str, tuple[bool, Any]]]]) -> Declared:
    """What the cascade makes of ``blocks`` (each a place in it and what the block declares, with importance):
    each property's value from the block of the highest (important, *place), the later of equal ones.

    >>> _cascade([((0, 1, 0, 0, 1), {"a": (False, 1)}), ((0, 0, 1, 0, 2), {"a": (True, 2), "b": (False, 4)})])
    {'a': 2, 'b': 4}
    >>> _cascade([((0, 1, 0, 0, 1), {"a": (True, 1)}), (_INLINE, {"a": (False, 3), "b": (False, 5)})])
    {'a': 1, 'b': 5}
    """
    won: dict[str, tuple[tuple[int, ...], Any]] = {}
    for place, block in blocks:
        for name, (important, value) in block.items():
            key = (int(important), *place)
            if name not in won or key >= won[name][0]:
                won[name] = (key, value)
    return _values(won)


def _simple(selector: Any) -> tuple[str, set[str], set[str]] | None:
    """The element name, classes and ids a selector of them alone (``p.a.b``, ``#c``) requires; None for any
    other."""
    from cssselect.parser import Class, Element, Hash

    node, classes, ids = selector.parsed_tree, set(), set()
    while isinstance(node, (Class, Hash)):
        (classes.add(node.class_name) if isinstance(node, Class) else ids.add(node.id))
        node = node.selector
    if not isinstance(node, Element) or node.namespace is not None or not (classes or ids):
        return None
    return (node.element or "*").lower(), classes, ids


def _match(tree: Any, selector: Any, names: _Names) -> list[Any]:
    """The elements of ``tree`` ``selector`` matches: from the page's ``names`` for a selector of an element
    name, classes and ids alone, else in one pass of the XPath cssselect makes of it (:func:`_xpath_match`)."""
    simple = _simple(selector)
    if simple is not None:
        tag, classes, ids = simple
        some = names.ids[next(iter(ids))] if ids else names.classes[next(iter(classes))]
        return [
            element
            for element in some
            if (tag == "*" or str(element.tag).lower() == tag)
            and classes.issubset(names.class_sets[element])
            and all(element.get("id") == name for name in ids)
        ]
    return _xpath_match(tree, selector)


_MOVES = frozenset({"offset", "text-indent"})
"""The ways of hiding that move a box off the screen, which an ancestor's padding or margin may undo."""
_REACHED = frozenset({*_INHERITED, *_MOVES})
_FROM_ABOVE = frozenset({*_MOVES, "color"})
"""The ways of hiding an ancestor's own style may undo: a padding or margin carrying a box back on the screen, a
text fill (inherited, and drawn over a transparent ``color`` whatever their order)."""
"""The ways of hiding a descendant's own style may undo: the rules that could are read for descendants too."""


def _escapes_offset(values: Declared) -> bool:
    """Whether a box's own style takes it out of an ancestor put off the screen: fixed at a place on the screen
    (not where it stands in the page), moved or carried back (its offsets, padding, margin, a first line's
    indent) by as much as the ancestor was moved."""
    moved = values.get("position", "")
    far = max(values.get("left", 0.0), values.get("top", 0.0)) if moved in _MOVED else 0.0
    placed = moved == "fixed" and any(name in values for name in ("left", "top", "right", "bottom", "inset"))
    return placed or bool(max(far, _reach(values), values.get("text-indent", 0.0)) >= OFF_SCREEN_PX)


def _escapes_indent(values: Declared) -> bool:
    """Whether a box's own style shows what an ancestor's ``text-indent`` hides: an indent of its own (the one
    inherited is replaced), a padding or margin that carries it back, out of the flow."""
    out = values.get("position", "") in ("absolute", "fixed")
    return out or _reach(values) >= OFF_SCREEN_PX or values.get("text-indent", -OFF_SCREEN_PX) > -OFF_SCREEN_PX


@dataclass(frozen=True)
class _Reached:
    """What of an element's content a move off the screen may leave on it."""

    length: int
    """Characters of its text (up to :data:`MAX_MOVED_TEXT`)."""
    breaks: int
    """The ``<br>`` and block elements it holds (a line after one is a line more)."""
    offset_escape: bool
    """Whether a descendant's own style takes it out of a move (:func:`_escapes_offset`)."""
    indent_escape: bool
    """Whether a descendant's own style shows what an indent hides (:func:`_escapes_indent`)."""
    broken: bool = False
    """Whether it holds a ``<br>`` (a line after it is not indented, where a block's first line is)."""

    def hidden(self, values: Declared, ways: set[str]) -> bool:
        """Whether the move ``values`` declares (its ``ways``) keeps all of this text off the screen: moved left
        or indented by more than its length (:data:`CHARACTER_PX` a character), or up by more than its height
        (its lines of :data:`COLUMN_PX`, each block or ``<br>`` one more, :data:`LINE_PX` each).

        >>> _Reached(40, 0, False, False).hidden({"position": "absolute", "top": -1000.0}, {"offset"})
        True
        >>> _Reached(400, 0, False, False).hidden({"position": "absolute", "left": -9999.0}, {"offset"})
        False
        """
        width = self.length * CHARACTER_PX
        height = (self.length * CHARACTER_PX / COLUMN_PX + self.breaks + 1) * LINE_PX
        left, top, indent = (-values.get(name, 0.0) for name in ("left", "top", "text-indent"))
        moved = not self.offset_escape and (
            (left >= OFF_SCREEN_PX and width <= left) or (top >= OFF_SCREEN_PX and height <= top)
        )
        indented = not self.broken and not self.indent_escape and width <= indent
        return ("offset" in ways and moved) or ("text-indent" in ways and indented)


_BREAKS = BLOCKS | {"br", "table", "tr", "li"}
"""Elements that start a line of their own."""
COLUMN_PX = 320
"""The narrowest column a page's text is taken to be set in (a phone's screen, CSS pixels)."""
LINE_PX = 32
"""The tallest line of text taken (CSS pixels: twice the default 16px font)."""

MAX_MOVED_TEXT = 100_000
"""The characters of an element's text counted when it is moved off the screen (more is too long to hide)."""


def _reached(tree: Any, values_of: dict[Any, Declared]) -> dict[Any, _Reached]:
    """What a move off the screen may leave of each element of ``tree`` (one walk of the page, from its leaves:
    linear), the styles ``values_of`` declare read for its descendants."""
    from lxml import etree

    out: dict[Any, _Reached] = {}
    for _, element in etree.iterwalk(tree, events=("end",)):
        length, breaks, broken, offset_escape, indent_escape = 0, 0, False, False, False
        for child in element:
            length += len(child.tail or "")
            seen = out.get(child)
            if seen is None:
                continue
            own = values_of.get(child)
            length += seen.length
            breaks += seen.breaks + (str(child.tag).lower() in _BREAKS)
            broken = broken or seen.broken or str(child.tag).lower() == "br"
            offset_escape = offset_escape or seen.offset_escape or (own is not None and _escapes_offset(own))
            indent_escape = indent_escape or seen.indent_escape or (own is not None and _escapes_indent(own))
        if isinstance(element.tag, str):
            length += len(element.text or "")
        out[element] = _Reached(
            min(length, MAX_MOVED_TEXT), min(breaks, MAX_MOVED_TEXT), offset_escape, indent_escape, broken
        )
    return out


def _carried(tree: Any, values_of: Mapping[Any, Declared]) -> set[Any]:
    """The elements of ``tree`` inside one whose styles ``values_of`` declare carry its content back on the screen
    (:func:`_carries`; one walk of the page)."""
    from lxml import etree

    out: set[Any] = set()
    carrying = [False]
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        if event == "end":
            carrying.pop()
            continue
        if carrying[-1]:
            out.add(element)
        own = values_of.get(element)
        carrying.append(carrying[-1] or (own is not None and _carries(own)))
    return out


def with_agent(values: Declared, tag: str, hidden: str | None) -> Declared:
    """What an element of ``tag`` whose styles declare ``values`` is shown as, with the browser's own sheet
    under them: its ``hidden`` attribute (None: none) is ``display: none``, or ``content-visibility: hidden``
    when hidden until found, where no rule of the page sets it (or one reverts its layer); and a
    ``content-visibility`` or ``text-indent`` that does not apply to the element's box hides nothing (an inline
    box's first line is its block's, indented as the block says; an absolute or fixed box is a block).

    >>> with_agent({}, "p", ""), with_agent({"display": "block"}, "p", ""), with_agent({}, "span", "until-found")
    ({'display': 'none'}, {'display': 'block'}, {'content-visibility': False})
    >>> with_agent({"display": "revert"}, "div", ""), with_agent({"text-indent": -9999.0}, "span", None)
    ({'display': 'revert'}, {})
    >>> with_agent({"position": "absolute"}, "span", "until-found")
    {'position': 'absolute', 'content-visibility': True}
    """
    values = dict(values)
    if hidden is not None and str(tag).lower() != "embed":
        agent = "content-visibility" if hidden.lower() == "until-found" else "display"
        if values.get(agent) is None:  # none set, or its layer reverted
            values[agent] = "none" if agent == "display" else True
    display = values.get("display")
    if values.get("position") in ("absolute", "fixed") and display != "contents":
        display = "block"  # an absolute box is a block, whatever its display (a <span>'s too)
    if values.get("content-visibility") and not contains(display, str(tag)):
        values["content-visibility"] = False  # an inline box's, a table's contents are shown
    if values.get("text-indent", 0.0) <= -OFF_SCREEN_PX and not indents(display, str(tag)):
        del values["text-indent"]  # an inline box's hides nothing (a block inside inherits it: its text is kept)
    return values


_NOT_INDENTED = word_set(
    "none contents inline flow run-in ruby ruby-base ruby-text ruby-base-container ruby-text-container"
    " table-row-group table-header-group table-footer-group table-row table-column-group table-column"
)
"""The display keywords of a box whose own ``text-indent`` indents no line of it (an inline box, one without a
box, a table's rows and columns)."""
_CELLS = word_set("td th caption")
"""The elements a browser's own style sheet makes table cells or captions: blocks a ``text-indent`` applies to."""


def indents(display: str | None, tag: str) -> bool:
    """Whether a ``text-indent`` applies to an element of this ``tag`` and ``display`` (None, :data:`REVERTED`:
    the element's own, ``""``: one not known here): a block container's first line (a block, a list item, an
    inline block, a table cell, a flex or grid container's anonymous items), not an inline box's, whose first
    line is its block's (an unknown display's neither: fail closed, the text is kept).

    >>> indents(None, "p"), indents(None, "span"), indents("inline-block", "span"), indents("inline", "div")
    (True, False, True, False)
    """
    if display is None or display == "" or display == REVERTED:
        return display != "" and (tag.lower() in BLOCKS or tag.lower() in _CELLS)
    return not set(display.split()) <= _NOT_INDENTED


def _until_found(element: Any) -> bool:
    """Whether an element is hidden until found (``hidden=until-found``, any case): the browser's own sheet gives
    it ``content-visibility: hidden``, where any other ``hidden`` is ``display: none``."""
    return str(element.get("hidden")).lower() == "until-found"


def hidden(tree: Any) -> tuple[list[Any], dict[Any, Inherited]]:
    """The elements of ``tree`` its styles (inline and ``<style>``) remove from view, and the visibility, font
    size, colour and text fill they set on the others (only where they set one).  The ``hidden`` attribute is
    the browser's own ``display: none`` (``content-visibility: hidden`` for ``hidden=until-found``), which any
    rule of the page or inline style overrides (``[hidden]{display:block}``), ``revert`` restores."""
    hiding: list[_Parsed] = []
    others: list[tuple[str, str, int, dict[str, tuple[bool, Any]] | None]] = []
    for prelude, text, order in _sheet_rules(tree):
        block = _parse(text) if _holds(_HINT, text) else None
        if block and (_hiding(_values(block)) or _unplaced(_values(block))):
            hiding.append((prelude, block, order))
        else:
            others.append((prelude, text, order, block))
    matched: _Matched = {}
    found: dict[Any, bool] = {}  # what the hiding rules match: each element once, and whether they hide its text
    hit: set[str] = set()  # the ways of hiding of the rules that matched
    inline: dict[Any, dict[str, tuple[bool, Any]]] = {}
    climbing: list[Any] = []  # what a move or a colour hides: an ancestor's rule may carry it back, or fill it
    for element in tree.xpath("//*[@style]"):
        inline[element] = _inline(element.get("style"))
        ways = _hiding(_values(inline[element])) | _unplaced(_values(inline[element]))
        if ways:  # a rule of the sheet may show what an inline style hides (a fill of a colour over its colour)
            hit |= ways
            found[element] = bool(ways.intersection(_REACHED))
            if ways.intersection(_FROM_ABOVE):
                climbing.append(element)
    by_agent: dict[Any, str] = {}  # the hidden attribute, as the browser's own sheet reads it: under any rule
    for element in tree.xpath("//*[@hidden]"):
        if isinstance(element.tag, str) and element.tag.lower() != "embed":
            by_agent[element] = way = "content-visibility" if _until_found(element) else "display"
            hit.update(_GROUPS[way])
            found.setdefault(element, False)
    applied, read = 0, [0]
    page = _Names.of(tree.xpath("//*[@class or @id]")) if hiding or found else _Names({}, {})
    page = _Names(page.classes, page.ids, None, page.class_sets)  # any element name
    for prelude, block, order in hiding:
        if applied >= MAX_STYLE_SELECTORS or read[0] >= MAX_SELECTORS_READ:
            break
        ways = _hiding(_values(block)) | _unplaced(_values(block))
        of_text = bool(ways.intersection(_REACHED))
        for selector in _selectors(prelude, page, read):
            applied += 1
            if applied > MAX_STYLE_SELECTORS:
                break
            elements = _match(tree, selector, page)
            if elements:
                hit |= ways
            rank = (0, *selector.specificity(), order)  # once a selector, not once an element
            for element in elements:
                matched.setdefault(element, []).append((rank, block))
                found[element] = found.get(element, False) or of_text
            if ways.intersection(_FROM_ABOVE):
                climbing.extend(elements)
    if found:  # the rules that may show again what those hide, on those elements (or their text's)
        around = dict.fromkeys(
            e for element, of_text in found.items() for e in (element.iter() if of_text else (element,))
        )
        climbed: set[Any] = set()
        for element in climbing:  # and the ancestors of what is moved or coloured (each once: linear)
            for ancestor in element.iterancestors():
                if ancestor in climbed:
                    break
                climbed.add(ancestor)
                around[ancestor] = None
        near = _Names.of(around)
        names = [name for name in _READERS if hit.intersection(_GROUPS[name])]
        may_show = re.compile("|".join(re.escape(name) for name in names) + r"|\\", re.IGNORECASE)
        for prelude, text, order, block in others:
            if applied >= MAX_STYLE_SELECTORS or (block is None and not _holds(may_show, text)):
                continue
            selectors = _selectors(prelude, near, read)
            block = block if block is not None or not selectors else _parse(text)
            if not block or not hit.intersection(way for name in block for way in _GROUPS[name]):
                continue
            for selector in selectors[: MAX_STYLE_SELECTORS - applied]:
                applied += 1
                rank = (0, *selector.specificity(), order)
                for element in _match(tree, selector, page):
                    matched.setdefault(element, []).append((rank, block))
    for element in [*by_agent, *inline]:
        matched.setdefault(element, [])
    values_of: dict[Any, Declared] = {}
    for element, blocks in matched.items():
        if not isinstance(element.tag, str):
            continue
        values = _cascade([*blocks, (_INLINE, inline.get(element, {}))])
        values_of[element] = with_agent(values, element.tag, element.get("hidden") if element in by_agent else None)
    removed: list[Any] = []
    declared: dict[Any, Inherited] = {}
    reached: dict[Any, _Reached] | None = None
    carried: set[Any] = set()
    for element, values in values_of.items():
        removes, inherited = effect(values)
        ways = _hiding(values)
        if removes and ways - set(_INHERITED) <= {"offset", "text-indent"}:  # moved: as far as its text reaches
            if reached is None:
                reached, carried = _reached(tree, values_of), _carried(tree, values_of)
            removes = element not in carried and reached[element].hidden(values, ways)
        if removes:
            removed.append(element)
        elif inherited != (None, None, None, None):
            declared[element] = inherited
    return removed, declared


_BIDI = ("unicode-bidi", "direction")
"""The properties that decide whether an element's text is shown in reverse (:func:`overridden`)."""


def _mentions_bidi(block: str) -> bool:
    """Whether a block of declarations may set a property of :data:`_BIDI` (is worth reading for them): one
    fold of the block, two searches of it (a fold for each name lower-cased a sheet of 1,000 rules 2,000
    times; :func:`_holds`' regular expression is slower than two substring searches).  An escape may spell
    either name (``\\75 nicode-bidi``: CSS reads it as ``unicode-bidi``): a block with one is searched again
    with its escapes read.

    >>> _mentions_bidi("Direction: RTL"), _mentions_bidi("margin: 0"), _mentions_bidi(r"\\64 irection: rtl")
    (True, False, True)
    >>> _mentions_bidi(r'content: "\\e900"'), _mentions_bidi(r"\\75 \\6e icode-\\42 idi: bidi-override")
    (False, True)
    """
    lowered = block.lower()
    if "unicode-bidi" in lowered or "direction" in lowered:
        return True
    if "\\" not in block:  # most blocks
        return False
    plain = _CSS_ESCAPE.sub(_escaped, lowered).lower()  # an icon's \e900 spells no name
    return "unicode-bidi" in plain or "direction" in plain


_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-f]{1,6})[ \t\n\r\f]?|(.))", re.DOTALL | re.IGNORECASE)
"""A CSS escape: up to six hex digits and one blank after them, or any other character as itself."""


def _escaped(match: re.Match[str]) -> str:
    """The character a :data:`_CSS_ESCAPE` stands for (U+FFFD for a code point that is none, as CSS reads it)."""
    if match.group(1) is None:
        return match.group(2)
    code = int(match.group(1), 16)
    return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"


def _read_keyword(value: list[Any]) -> object:
    """The one keyword a value is (lower case); any other value is invalid."""
    keyword = _keyword(value)
    return _SKIP if keyword is None else keyword


def _read_bidi(block: str) -> dict[str, tuple[bool, Any]]:
    """The ``unicode-bidi`` and ``direction`` a block of declarations sets (as :func:`_read_block` reads them),
    each a keyword, with its importance.

    >>> _read_bidi("direction: RTL !important; direction: ltr; unicode-bidi: bidi-override; unicode-bidi: 1")
    {'direction': (True, 'rtl'), 'unicode-bidi': (False, 'bidi-override')}
    """
    return _read_block(_declarations(block), {}, dict.fromkeys(_BIDI, _read_keyword))


def overridden(tree: Any) -> list[Any]:
    """The elements of ``tree`` whose text a browser shows right to left whatever its letters: a ``unicode-bidi``
    of ``bidi-override`` (or ``isolate-override``) under a ``direction`` of ``rtl``, set by an inline style, the
    page's ``<style>`` rules (in the cascade's order; :data:`MAX_STYLE_SELECTORS` of them) or, for the
    direction, a ``dir`` attribute, and inherited as CSS inherits it.

    >>> import lxml.html
    >>> page = lxml.html.document_fromstring(
    ...     '<style>.r{unicode-bidi:bidi-override}</style><div dir=rtl><p class=r>a</p><p>b</p></div>'
    ...     '<p style="direction:rtl;unicode-bidi:bidi-override">c</p><p class=r>d</p>')
    >>> [element.text for element in overridden(page)]
    ['a', 'c']
    """
    matched: _Matched = {}
    applied = 0
    for prelude, text, order in _sheet_rules(tree):
        if applied >= MAX_STYLE_SELECTORS or not _mentions_bidi(text):
            continue
        block = _read_bidi(text)
        if not block:
            continue
        for part in _split(prelude[:MAX_SELECTOR_CHARS]):
            selector = _selector(part)
            applied += 1
            if selector is None or applied > MAX_STYLE_SELECTORS:
                continue
            rank = (0, *selector.specificity(), order)
            for element in _xpath_match(tree, selector):
                matched.setdefault(element, []).append((rank, block))
    for element in tree.xpath("//*[@style]"):
        style = element.get("style") or ""
        if _mentions_bidi(style):
            matched.setdefault(element, []).append((_INLINE, _read_bidi(style)))
    overrides = ("bidi-override", "isolate-override")
    if not any(value in overrides for blocks in matched.values() for _, block in blocks for _, value in block.values()):
        return []
    from lxml import etree

    out: list[Any] = []
    directions: list[str] = ["ltr"]
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        if event == "end":
            directions.pop()
            continue
        own = _cascade(matched.get(element, ()))
        attribute = str(element.get("dir") or "").strip().lower() if isinstance(element.tag, str) else ""
        direction = own.get("direction", attribute if attribute in ("ltr", "rtl") else "")
        direction = "ltr" if direction == "initial" else direction if direction in ("ltr", "rtl") else directions[-1]
        directions.append(direction)
        bidi = own.get("unicode-bidi", "")
        if bidi in overrides and direction == "rtl":
            out.append(element)
    return out


def _xpath_match(tree: Any, selector: Any) -> list[Any]:
    """The elements of ``tree`` a selector cssselect reads matches, in one pass of its XPath."""
    from lxml import etree

    compiled = _xpath(selector)
    if compiled is None:
        return []
    try:
        elements = compiled(tree)
    except (etree.XPathError, RecursionError, ValueError):
        return []
    return elements if isinstance(elements, list) else []


MIN_GENERATED_WORDS = 4
"""The words a ``::before`` or ``::after`` rule's ``content`` must hold to be read as the page's text: a
sentence a reader sees (a copy kept in the page's style sheet), not an icon, a separator or a label."""


def _content(value: list[Any], element: Any) -> str | None:
    """The text a ``content`` value generates for ``element`` (its strings and ``attr()``s; None for ``none``,
    ``normal`` or a value read no further)."""
    out: list[str] = []
    for token in _tokens(value):
        if token.type == "string":
            out.append(token.value)
        elif token.type == "function" and token.lower_name == "attr":
            names = [t for t in _tokens(token.arguments) if t.type == "ident"]
            out.append(str(element.get(names[0].value) or "") if names else "")
        elif token.type == "ident" and token.lower_value in ("none", "normal"):
            return None
    return "".join(out) or None


_HIDES_TEXT = frozenset({*_READERS} - {*_REACH, "position", "left", "top", "text-indent", "clip"})
"""What a ``::before`` or ``::after`` rule may hide its text by (a box's move or clip is not read there)."""
GENERATING = re.compile(r":(?:before|after)\b|::marker\b", re.IGNORECASE)
"""What a rule's selector list must hold to be read by :func:`generated` (and a page for it to be read at all): a
``::before`` or ``::after`` (or the older ``:before``, ``:after``), or a ``::marker`` (a list item's, a
``<summary>``'s, any element's: read before its content; Chromium shows a marker's ``content``)."""
_SAYS = re.compile(r"""attr\s*+\(|"((?:[^"\\]|\\.)*+)"|'((?:[^'\\]|\\.)*+)'""", re.IGNORECASE | re.DOTALL)
"""An ``attr()`` or a quoted string of a rule's block (possessive: linear)."""
_CONTENT = re.compile(
    r"""content\s*+:((?:"(?:[^"\\]|\\.)*+"?|'(?:[^'\\]|\\.)*+'?|[^;}"'])*+)""", re.IGNORECASE | re.DOTALL
)
"""A ``content`` declaration's value in a rule's block (past the strings' own ``;``; possessive: linear)."""


_SPACE = re.compile(r"(?:\s|\\0{0,4}(?:20|a0|200[0-9a]|202f|205f|3000)(?![0-9a-f])\s?)++", re.IGNORECASE)
"""A CSS string of spaces alone, typed or escaped (``" "``, ``"\\a0"``, ``"\\2002"``; possessive: linear)."""


def _may_say(block: str) -> bool:
    """Whether a rule's block may generate a sentence: an ``attr()``, or a string of
    :data:`MIN_GENERATED_WORDS` words (a superset of what its ``content`` generates).

    >>> _may_say('content: "\\f101"; font-family: "a b c d"'), _may_say("content:'one; two three four'")
    (False, True)
    """
    return _content_strings(block, lambda said: said is None or len(re.findall(r"\w+", said)) >= MIN_GENERATED_WORDS)


def _may_space(block: str) -> bool:
    """Whether a rule's block may generate spaces alone (``content: " "``, ``"\\a0"``).

    >>> _may_space('content: " "'), _may_space('content: "\\\\a0"'), _may_space('content: ""')
    (True, True, False)
    """
    return _content_strings(block, lambda said: said is not None and _SPACE.fullmatch(said) is not None)


def _content_strings(block: str, test: Callable[[str | None], bool]) -> bool:
    """Whether a string of a rule's ``content`` (None for an ``attr()``) passes ``test``."""
    for content in _CONTENT.finditer(block):
        for found in _SAYS.finditer(content.group(1)):
            if test(found.group(1) if found.group(1) is not None else found.group(2)):
                return True
    return False


_SAYING, _SPACING_ONLY, _UNDOING = 0, 1, 2
"""What a rule of a ``::before`` / ``::after`` selector may do, in the order :func:`generated` reads them: say
words (a ``content`` string or ``attr()``), put spaces between words typed together, or only undo or hide what
another rule says (read only where one said something)."""


def generated(
    tree: Any, glued: Callable[[], tuple[Mapping[Any, bool], Mapping[Any, bool]]] | None = None
) -> list[tuple[Any, str, str]]:
    """The text the page's ``<style>`` rules generate before or after an element (``p.x::before{content:
    "…"}``, ``content: attr(data-text)``) and a reader sees: each element's and side's ``content`` in the
    cascade's order, unless the rules that set it also hide it; only one of :data:`MIN_GENERATED_WORDS` words
    or more; or of spaces alone (``span::before{content: " "}`` parts words typed together) before an element of
    the first of ``glued()`` (those whose start lies between two letters: :func:`.formats._glued_edges`, asked
    only of a page with such a rule), after one of the second; an element's ``::marker`` as before it.  Each as
    (element, ``"before"``, ``"after"`` or ``"marker"``,
    text); :data:`MAX_STYLE_SELECTORS` selectors.

    >>> import lxml.html
    >>> page = lxml.html.document_fromstring('<style>p::after{content:"one two three four"} .n::after{'
    ...     'content:none} .d::before{content:attr(data-t)}</style><p>a</p><p class=n>b</p>'
    ...     '<p class=d data-t="five six seven eight">c</p>')
    >>> [(element.text, side, text.split()[0]) for element, side, text in generated(page)]
    [('a', 'after', 'one'), ('c', 'after', 'one'), ('c', 'before', 'five')]
    """
    sides = []
    for prelude, text, order in _sheet_rules(tree):
        if GENERATING.search(prelude):
            kind = _UNDOING
            if "content" in text.lower():
                kind = _SAYING if _may_say(text) else _SPACING_ONLY if _may_space(text) else _UNDOING
            sides.append((prelude, text, order, kind))
    edges: tuple[Mapping[Any, bool], Mapping[Any, bool]] = ({}, {})
    if glued is not None and any(kind == _SPACING_ONLY for *_, kind in sides):
        edges = glued()
    if not any(kind == _SAYING or (kind == _SPACING_ONLY and any(edges)) for *_, kind in sides):
        return []  # icons, separators, labels: no rule generates a sentence (most pages: nothing parsed)
    near = _Names.of([*edges[0], *edges[1]])
    rules = []
    for prelude, text, order, kind in sides:
        declarations = [d for d in _declarations(text) if d.type == "declaration"]
        block = {d.lower_name: (d.important, d.value) for d in declarations if d.lower_name == "content"}
        hiding = {name: value for name, value in _read_block(declarations, {}).items() if name in _HIDES_TEXT}
        if (block or hiding) and (kind != _SPACING_ONLY or any(edges)):
            rules.append((kind, prelude, order, {**block, **hiding}))
    matched: dict[tuple[Any, str], list[tuple[tuple[int, ...], dict[str, tuple[bool, Any]]]]] = {}
    applied = 0
    for kind, prelude, order, block in sorted(rules, key=lambda rule: rule[0]):  # those that may say first
        for part in _split(prelude[:MAX_SELECTOR_CHARS]):
            if kind == _SPACING_ONLY and not near.may_match(part):
                continue  # spaces: only before or after an element with a word typed against it
            applied += 1
            if applied > MAX_STYLE_SELECTORS:
                break
            selector = _parsed_selector(part)  # read once a site: its pages share their sheet
            side = None if selector is None else selector.pseudo_element
            if side not in ("before", "after", "marker"):
                continue
            elements = _xpath_match(tree, selector)  # compiled once a selector (:func:`_xpath`)
            # a marker is read on any element, shown before its content: a list item's, a <summary>'s, and one
            # a rule makes a list item (``display: list-item``), which Chromium shows; read on another, it is
            # more read, never a copy hidden
            rank = (0, *selector.specificity(), order)
            for element in elements:
                if kind == _SPACING_ONLY and element not in edges[side == "after"]:
                    continue
                if kind == _UNDOING and (element, side) not in matched:  # nothing said there: nothing to hide or undo
                    continue
                matched.setdefault((element, side), []).append((rank, block))
        if applied > MAX_STYLE_SELECTORS or (kind == _UNDOING and not matched):
            break
    out: list[tuple[Any, str, str]] = []
    for (element, side), blocks in matched.items():
        values = _cascade(blocks)
        if "content" not in values:
            continue
        removes, inherited = effect(
            with_agent(values, "span", None)
        )  # inline (but for its display): "content" hides nothing
        made = _content(values["content"], element)
        if (
            made
            and not removes
            and not hides(inherit(inherited, SHOWN))
            and (len(re.findall(r"\w+", made)) >= MIN_GENERATED_WORDS or made.isspace())
        ):
            out.append((element, side, made))
    return out


MIN_GAP_PX = 2.0
"""The least room (CSS pixels; an ``em`` taken as 16) a box's margin, padding, border, width or its container's
``gap`` must put between two words typed together for a reader to see two words: a space of the default 16px font
is some 4px wide, and 1px between two letters reads as one word."""

_STYLES = frozenset({"solid", "dashed", "dotted", "double", "groove", "ridge", "inset", "outset"})
"""The border styles that draw a border (``none`` and ``hidden`` draw none, and give it no width)."""
_BORDER_WIDTHS = {"thin": 1.0, "medium": 3.0, "thick": 5.0}


def _length(token: Any) -> float | None:
    """A length in CSS pixels for room between words: ``auto`` none, a percentage or a function (``calc()``,
    ``var()``) as much as any (read as room), None for a token that is no length."""
    if token.type == "ident" and token.lower_value == "auto":
        return 0.0
    if token.type == "function" or (token.type == "percentage" and token.value != 0):
        return float("inf")
    if token.type in ("dimension", "number", "percentage"):
        px = _px(token) if token.type != "percentage" else 0.0
        return float("inf") if px is None else px
    return None


def _read_box_sides(value: list[Any]) -> object:
    """The room a ``margin`` or ``padding`` shorthand of one to four lengths leaves left and right of its box.

    >>> [tuple(declare_spacing(f"margin: {v}").values()) for v in ("0 .3em", "1px 2px 3px 4px", "0 auto", "5%")]
    [(4.8, 4.8), (4.0, 2.0), (0.0, 0.0), (inf, inf)]
    """
    lengths = [_length(token) for token in _tokens(value)]
    if not 1 <= len(lengths) <= 4 or None in lengths:
        return _SKIP
    _, right, _, left = (lengths[i] for i in _EXPAND[len(lengths)])
    return (left, right)


def _read_inline_sides(value: list[Any]) -> object:
    """The room a ``margin-inline`` or ``padding-inline`` of one or two lengths (start, end) leaves left and
    right (a left-to-right text)."""
    lengths = [_length(token) for token in _tokens(value)]
    if not 1 <= len(lengths) <= 2 or None in lengths:
        return _SKIP
    return (lengths[0], lengths[-1])


def _read_side(value: list[Any]) -> object:
    """The room one length leaves (``margin-left``, ``padding-right``, a container's ``column-gap``)."""
    lengths = [_length(token) for token in _tokens(value)]
    return _SKIP if len(lengths) != 1 or lengths[0] is None else lengths[0]


def _read_gap(value: list[Any]) -> object:
    """A container's room between columns: the ``gap`` shorthand's second length (row, column), or its one."""
    lengths = [_length(token) for token in _tokens(value)]
    return _SKIP if not 1 <= len(lengths) <= 2 or None in lengths else lengths[-1]


def _read_border(value: list[Any]) -> object:
    """The width a ``border`` shorthand draws (``1px solid``; a style alone is ``medium``, 3px; no style draws
    none).

    >>> [declare_spacing(f"border-right: {v}")["border-right"] for v in ("3px solid white", "solid", "1px", "none")]
    [3.0, 3.0, 0.0, 0.0]
    """
    width, drawn = 3.0, False
    for token in _tokens(value):
        if token.type == "ident" and token.lower_value in _STYLES:
            drawn = True
        elif token.type == "ident" and token.lower_value in _BORDER_WIDTHS:
            width = _BORDER_WIDTHS[token.lower_value]
        elif token.type == "dimension" or (token.type == "number" and token.value == 0):
            width = _px(token) or 0.0
    return width if drawn else 0.0


def _read_direction(value: list[Any]) -> object:
    """Whether a ``flex-direction`` (or ``flex-flow``) sets a flex container's items one under another."""
    words = [token.lower_value for token in _tokens(value) if token.type == "ident"]
    return any(word.startswith("column") for word in words)


def _read_float(value: list[Any]) -> object:
    keyword = _keyword(value)
    return _SKIP if keyword is None else keyword in ("left", "right", "inline-start", "inline-end")


def _each(*names: str) -> Callable[[object], dict[str, object]]:
    """The longhands a value sets: the same value to each of ``names``."""
    return lambda value: dict.fromkeys(names, value)


def _two(box: str) -> Callable[[object], dict[str, object]]:
    """The longhands a (left, right) value of ``box`` sets."""
    return lambda value: {f"{box}-left": value[0], f"{box}-right": value[1]}  # type: ignore[index]


_SPACING: dict[str, tuple[Callable[[list[Any]], object], Callable[[object], dict[str, object]]]] = {
    "display": (_read_display, _each("display")),
    "float": (_read_float, _each("float")),
    "position": (_read_position, _each("position")),
    **{
        f"{box}{part}": (reader, _two(box))
        for box in ("margin", "padding")
        for part, reader in (("", _read_box_sides), ("-inline", _read_inline_sides))
    },
    **{
        f"{box}-{side}": (_read_side, _each(f"{box}-{'left' if side in ('left', 'inline-start') else 'right'}"))
        for box in ("margin", "padding")
        for side in ("left", "right", "inline-start", "inline-end")
    },
    **{name: (_read_border, _each("border-left", "border-right")) for name in ("border", "border-inline")},
    **{
        f"border-{side}": (_read_border, _each(f"border-{'left' if side in ('left', 'inline-start') else 'right'}"))
        for side in ("left", "right", "inline-start", "inline-end")
    },
    **{name: (_read_side, _each(name)) for name in ("width", "min-width", "inline-size", "min-inline-size")},
    **{name: (_read_side, _each("column-gap")) for name in ("column-gap", "grid-column-gap")},
    **{name: (_read_gap, _each("column-gap")) for name in ("gap", "grid-gap")},
    **{name: (_read_direction, _each("flex-direction")) for name in ("flex-direction", "flex-flow")},
}
"""The properties that set a box's words apart from the words typed against it (:func:`spaced`): what each
declaration's value is read as, and the longhands it sets (a shorthand's sides, cascaded one by one)."""
_SPACING_WORDS = ("display", "float", "position", "margin", "padding", "gap", "border", "width", "inline-size", "flex")
"""Words a block or style must hold to be read for :data:`_SPACING` (an escape too)."""
_SPACING_READERS = {name: reader for name, (reader, _) in _SPACING.items()}
_ATOMIC = word_set(
    "inline-block inline-table inline-flex inline-grid -webkit-inline-box -webkit-inline-flex -ms-inline-flexbox"
    " -ms-inline-grid flow-root"
)
"""Display keywords of an inline box laid out as one piece (its width applies)."""
_INLINE_LEVEL = word_set("inline ruby run-in contents")
"""Display keywords of a box in its line's flow, set apart by nothing of its own but its room."""
_FLEX = word_set(
    "flex inline-flex -webkit-box -webkit-inline-box -webkit-flex -webkit-inline-flex -ms-flexbox -ms-inline-flexbox"
)
_GRID = word_set("grid inline-grid -ms-grid -ms-inline-grid")


@functools.lru_cache(maxsize=_CACHED)
def _parse_spacing(block: str) -> dict[str, tuple[bool, Any]]:
    """What a block (a rule's or an inline style) declares of :data:`_SPACING`, each longhand with its importance,
    in the block's order (read only: the same dict for the same text)."""
    return _read_block(_declarations(block), {}, _SPACING_READERS, lambda name, value: _SPACING[name][1](value))


def declare_spacing(style: str | None) -> Declared:
    """What an inline ``style`` declares of :data:`_SPACING`, by longhand."""
    return _values(_parse_spacing(style or ""))


def _room(values: Declared, side: str) -> float:
    """The room a box's margin, padding and border leave on ``side`` (``left`` or ``right``)."""
    return float(sum(values.get(f"{box}-{side}", 0.0) for box in ("margin", "padding", "border")))


def spaced(tree: Any, elements: Iterable[Any]) -> dict[Any, tuple[bool, bool]]:
    """Of ``elements`` (inline ones with words typed against them: a block's edge is a line's already), each
    whose box a browser sets apart from the words before it, after it, or both, as (left, right): its margin,
    padding or border (:data:`MIN_GAP_PX` or more, that side's), a block's own line (``display: block`` or
    ``flex`` on a ``<span>``), an absolute box (out of the line), the width of an inline block or a float, and
    an item of a grid, or of a flex container whose ``gap`` or column direction sets its items apart.  Read
    from the inline style and the page's ``<style>`` rules in the cascade's order (:data:`MAX_STYLE_SELECTORS`),
    as :func:`hidden` reads them; an element that sets none is not listed.

    >>> import lxml.html
    >>> page = lxml.html.document_fromstring(
    ...     '<style>.w span{margin-right:.3em} .f{display:flex;gap:4px}</style><p class=w><span>a</span>'
    ...     '<span style="margin:0">b</span></p><div class=f><i>c</i><i>d</i></div><b style="display:block">e</b>')
    >>> found = spaced(page, page.iter("span", "i", "b"))
    >>> [(element.text, sides) for element, sides in found.items()]
    [('a', (False, True)), ('c', (True, True)), ('d', (True, True)), ('e', (True, True))]
    """
    targets = list(dict.fromkeys(elements))
    around = list(dict.fromkeys([*targets, *(e.getparent() for e in targets if e.getparent() is not None)]))
    matched: _Matched = {}
    names = _Names.of(around)
    wanted = set(around)
    applied, read = 0, [0]
    for prelude, text, order in _sheet_rules(tree):
        if applied >= MAX_STYLE_SELECTORS:
            break
        lowered = text.lower()
        if "\\" not in text and not any(word in lowered for word in _SPACING_WORDS):
            continue
        selectors = _selectors(prelude, names, read)[: MAX_STYLE_SELECTORS - applied]
        block = _parse_spacing(text) if selectors else None  # read only for a rule that may match them
        if not block:
            continue
        for selector in selectors:
            applied += 1
            rank = (0, *selector.specificity(), order)
            for element in _match(tree, selector, names):
                if element in wanted:
                    matched.setdefault(element, []).append((rank, block))
    for element in around:
        style = element.get("style") or ""
        lowered = style.lower()
        if style and ("\\" in style or any(word in lowered for word in _SPACING_WORDS)):
            matched.setdefault(element, []).append((_INLINE, _parse_spacing(style)))
    values_of = {element: _cascade(blocks) for element, blocks in matched.items()}
    out: dict[Any, tuple[bool, bool]] = {}
    for element in targets:
        values = values_of.get(element, {})
        parent = element.getparent()
        container = set(str(values_of.get(parent, {}).get("display") or "").split()) if parent is not None else set()
        display = values.get("display")
        words = set(str(display).split()) if display not in (None, REVERTED) else set()
        if "none" in words:
            continue
        if (
            container & _GRID
            or (words and not words <= _INLINE_LEVEL | _ATOMIC)
            or values.get("position") in ("absolute", "fixed")
        ):
            out[element] = (True, True)  # a line of its own, a grid's cell, or out of the line altogether
            continue
        item = bool(container & _FLEX)
        if item:
            parent_values = values_of[parent]
            if parent_values.get("flex-direction") is True or parent_values.get("column-gap", 0.0) >= MIN_GAP_PX:
                out[element] = (True, True)  # one under another, or set apart by the container
                continue
        atomic = item or values.get("float") is True or bool(words & _ATOMIC)
        width = max(
            (values.get(name, 0.0) for name in ("width", "min-width", "inline-size", "min-inline-size")), default=0.0
        )
        left, right = _room(values, "left") >= MIN_GAP_PX, _room(values, "right") >= MIN_GAP_PX
        right = right or (atomic and width >= MIN_GAP_PX)  # its words set at its left, the rest of it room
        if left or right:
            out[element] = (left, right)
    return out


def _read_flow(value: list[Any]) -> object:
    """A ``flex-direction`` (or ``flex-flow``) as (one under another, reversed): ``row-reverse`` shows a flex
    container's items right to left, ``column-reverse`` bottom to top (``flex-flow: wrap`` is a row)."""
    words = [token.lower_value for token in _tokens(value) if token.type == "ident"]
    if not words:
        return _SKIP
    return (any(word.startswith("column") for word in words), any(word.endswith("-reverse") for word in words))


def _read_order(value: list[Any]) -> object:
    """A flex or grid item's ``order`` (an integer; any other value is invalid)."""
    tokens = _tokens(value)
    if len(tokens) != 1 or tokens[0].type != "number" or not tokens[0].is_integer:
        return _SKIP
    return int(tokens[0].int_value)


def _read_writing(value: list[Any]) -> object:
    """A ``direction``: ``ltr`` or ``rtl``, None to inherit (``inherit``, ``unset``, a ``var()``)."""
    keyword = _keyword(value)
    return "ltr" if keyword == "initial" else keyword if keyword in ("ltr", "rtl") else None


def _read_lines(value: list[Any]) -> object:
    """The line numbers a grid placement (``grid-row``, ``grid-column``, ``grid-area``) starts at, one for each
    part between its ``/``: an integer, or None for a name, a ``span`` or ``auto``."""
    parts: list[list[Any]] = [[]]
    for token in value:
        if token.type in ("whitespace", "comment"):
            continue
        if token.type == "literal" and token.value == "/":
            parts.append([])
        else:
            parts[-1].append(token)
    return tuple(
        int(part[0].int_value) if len(part) == 1 and part[0].type == "number" and part[0].is_integer else None
        for part in parts
    )


def _track_count(tokens: list[Any], nested: bool = False) -> int | None:
    """How many columns (or rows) a ``grid-template-columns`` (``-rows``) lists (``repeat(3, 1fr)`` three), None
    when the width decides (``auto-fill``, ``auto-fit``, ``subgrid``, ``masonry``, a ``var()``) and for a list CSS
    does not allow (Chromium ignores the declaration): a ``repeat()`` ``nested`` in one (read without recursion:
    3,000 nested failed the page's decoding, RecursionError), a count below 1 (:func:`_repeat`)."""
    count = 0
    for token in tokens:
        if token.type in ("whitespace", "comment", "[] block"):
            continue
        if token.type == "function" and token.lower_name == "repeat":
            if nested:
                return None
            times, inner = _repeat(token.arguments)
            if times is None or inner is None:
                return None
            count += times * inner
        elif (token.type == "function" and token.lower_name in ("minmax", "fit-content")) or (
            token.type in ("dimension", "percentage", "number")
            or (token.type == "ident" and token.lower_value in ("auto", "min-content", "max-content"))
        ):
            count += 1
        else:
            return None
    return count or None


def _repeat(arguments: list[Any]) -> tuple[int | None, int | None]:
    """A ``repeat()``'s count (at most 1,000) and the tracks of one repetition (None where the width decides, and
    for a count below 1 or a ``repeat()`` within: CSS allows neither; a count of -3 made no row of a grid set right
    to left, and its text was dropped)."""
    head = [token for token in arguments if token.type not in ("whitespace", "comment")]
    if len(head) < 3 or head[0].type != "number" or not head[0].is_integer or head[1].type != "literal":
        return None, None
    if head[0].int_value < 1:
        return None, None
    comma = next((i for i, token in enumerate(arguments) if token.type == "literal" and token.value == ","), None)
    inner = _track_count(arguments[comma + 1 :], nested=True) if comma is not None else None
    return min(int(head[0].int_value), 1000), inner


def _starts(*names: str) -> Callable[[object], dict[str, object]]:
    """The longhands the line numbers of a grid placement set, in turn (``grid-area``: the row's, the column's)."""
    return lambda lines: {name: line for name, line in zip(names, lines, strict=False)}  # type: ignore[call-overload]


def _read_tracks(value: list[Any]) -> object:
    """How many columns (or rows) a ``grid-template-columns`` (``-rows``) lists (:func:`_track_count`)."""
    return _track_count(value)


def _read_auto_flow(value: list[Any]) -> object:
    """Whether a ``grid-auto-flow`` places a grid's items a column at a time (``column``, ``column dense``)."""
    words = [token.lower_value for token in _tokens(value) if token.type == "ident"]
    return _SKIP if not words else "column" in words


_ORDERING: dict[str, tuple[Callable[[list[Any]], object], Callable[[object], dict[str, object]]]] = {
    "display": (_read_display, _each("display")),
    "float": (lambda value: _keyword(value) or _SKIP, _each("float")),
    "order": (_read_order, _each("order")),
    "direction": (_read_writing, _each("direction")),
    **{name: (_read_flow, _each("flex-direction")) for name in ("flex-direction", "flex-flow")},
    **{name: (_read_lines, _starts("grid-row-start")) for name in ("grid-row", "grid-row-start")},
    **{name: (_read_lines, _starts("grid-column-start")) for name in ("grid-column", "grid-column-start")},
    "grid-area": (_read_lines, _starts("grid-row-start", "grid-column-start")),
    "grid-template-columns": (_read_tracks, _each("columns")),
    "grid-template-rows": (_read_tracks, _each("rows")),
    "grid-auto-flow": (_read_auto_flow, _each("flow")),
}
"""The properties by which a layout shows boxes in another order than the page's source (:func:`shown_order`)."""
_ORDERING_READERS = {name: reader for name, (reader, _) in _ORDERING.items()}
"""The reader of each property of :data:`_ORDERING`, by name (for :func:`_read_block`)."""
_ORDERING_WORDS = ("display", "float", "order", "direction", "flex", "grid")
"""Words a block or style must hold to be read for :data:`_ORDERING` (an escape too)."""


@functools.lru_cache(maxsize=_CACHED)
def _parse_ordering(block: str) -> dict[str, tuple[bool, Any]]:
    """What a block declares of :data:`_ORDERING`, each longhand with its importance (read only)."""
    return _read_block(_declarations(block), {}, _ORDERING_READERS, lambda name, value: _ORDERING[name][1](value))


def _turns(block: Mapping[str, tuple[bool, Any]]) -> bool:
    """Whether a block declares what may show boxes out of the source's order: an ``order``, a reversed flex
    direction, ``direction: rtl``, ``float: right`` or a grid line."""
    values = _values(block)
    return bool(
        "order" in values
        or (values.get("flex-direction") or (False, False))[1]
        or values.get("direction") == "rtl"
        or values.get("float") in ("right", "inline-start", "inline-end")
        or values.get("grid-row-start") is not None
        or values.get("grid-column-start") is not None
        or bool(values.get("flow"))
    )


def _apply(
    tree: Any,
    prelude: str,
    block: dict[str, tuple[bool, Any]],
    order: int,
    names: _Names,
    read: list[int],
    matched: _Matched,
    among: Mapping[Any, None] | None,
) -> int:
    """Add ``block`` to what ``matched`` holds for each element (of ``among``, or any) that a selector of the rule's
    ``prelude`` (at ``order`` in the sheets) matches; the number of selectors applied."""
    selectors = _selectors(prelude, names, read)[:MAX_STYLE_SELECTORS]
    for selector in selectors:
        rank = (0, *selector.specificity(), order)
        for element in _match(tree, selector, names):
            if among is None or element in among:
                matched.setdefault(element, []).append((rank, block))
    return len(selectors)


def _strong(text: str, last: bool) -> str:
    """The bidirectional type (``L``, ``R`` or ``""``) of the first (or ``last``) strong character of ``text``."""
    import unicodedata

    for char in reversed(text) if last else text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "L"
        if kind in ("R", "AL"):
            return "R"
    return ""


def shown_order(tree: Any) -> dict[Any, list[Any]]:
    """The elements of ``tree`` whose children a browser shows in another order than the source's, each with its
    content (strings and elements: its text, children and their tails) in the order a reader reads it (left to
    right, then top to bottom): a flex container's items by their ``order``, reversed by ``row-reverse``,
    ``column-reverse`` or a row under ``direction: rtl``; a grid's
    items by their ``order`` and the lines they are placed at, a row's right to left under ``rtl``; a table row's
    cells right to left under ``rtl``; a run of ``float: right`` boxes (the first at the right); a run of inline
    blocks in a right-to-left line with no letter of a left-to-right script beside it.  A copy so typed in reverse
    was read backwards and passed.  Read from the inline style, the ``dir`` attribute and the page's ``<style>``
    rules in the cascade's order (:data:`MAX_STYLE_SELECTORS`), a ``direction`` inherited.

    >>> import lxml.html
    >>> page = lxml.html.document_fromstring(
    ...     '<style>.r{display:flex;flex-direction:row-reverse}</style><div class=r><i>b</i> <i>a</i></div>'
    ...     '<table dir=rtl><tr><td>d<td>c</table><p><b style="float:right">f</b><b style="float:right">e</b></p>')
    >>> [[i if isinstance(i, str) else i.text for i in items] for items in shown_order(page).values()]
    [['a', 'b'], ['', 'c', '', 'd', ''], ['', 'e', '', 'f', '']]
    """
    rules: list[tuple[str, dict[str, tuple[bool, Any]], int, bool]] = []
    for prelude, text, order in _sheet_rules(tree):
        if "\\" in text or any(word in text.lower() for word in _ORDERING_WORDS):
            block = _parse_ordering(text)
            if block:
                rules.append((prelude, block, order, _turns(block)))
    matched: _Matched = {}
    for element in tree.xpath("//*[@style]"):
        style = element.get("style") or ""
        if "\\" in style or any(word in style.lower() for word in _ORDERING_WORDS):
            matched.setdefault(element, []).append((_INLINE, _parse_ordering(style)))
    applied, read = 0, [0]
    page = _Names.of(tree.xpath("//*[@class or @id]")) if rules else _Names({}, {})
    anything = _Names(page.classes, page.ids, None, page.class_sets)  # the rules that turn boxes round first, on
    for prelude, block, order, turns in rules:  # any element; then the others (a display) on the elements around
        if turns and applied < MAX_STYLE_SELECTORS:
            applied += _apply(tree, prelude, block, order, anything, read, matched, None)
    turned = [e for e, blocks in matched.items() if any(_turns(block) for _, block in blocks)]
    turned += tree.xpath("//*[@dir]")
    if not turned:
        return {}
    around: dict[Any, None] = {}
    rtl: set[Any] = set()  # what is set right to left: every element under it may be turned round
    for element in turned:
        if (
            str(element.get("dir") or "").strip().lower() == "rtl"
            or _cascade(matched.get(element, ())).get("direction") == "rtl"
        ):
            rtl.add(element)
        else:
            parent = element.getparent()
            around.update(dict.fromkeys([element, *element, *([] if parent is None else [parent])]))
    if rtl:  # one walk, however deep they nest
        from lxml import etree

        under = 0
        for event, element in etree.iterwalk(tree, events=("start", "end")):
            under += (1 if event == "start" else -1) * (element in rtl)
            if under and event == "start":
                around[element] = None
    names = _Names.of(around)
    for prelude, block, order, turns in rules:  # those
        if not turns and applied < MAX_STYLE_SELECTORS:
            applied += _apply(tree, prelude, block, order, names, read, matched, around)
    from lxml import etree

    values_of = {element: _cascade(blocks) for element, blocks in matched.items()}
    out: dict[Any, list[Any]] = {}
    directions: list[str] = ["ltr"]
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        if event == "end":
            directions.pop()
            continue
        own = values_of.get(element, {})
        attribute = str(element.get("dir") or "").strip().lower() if isinstance(element.tag, str) else ""
        direction = own.get("direction") or (attribute if attribute in ("ltr", "rtl") else directions[-1])
        directions.append(direction)
        children = [child for child in element if isinstance(child.tag, str)]
        if len(children) < 2:
            continue
        shown = _shown_children(element, children, own, values_of, direction == "rtl")
        if shown is not None:
            out[element] = shown
    return out


def _shown_children(
    element: Any, children: list[Any], own: Declared, values_of: Mapping[Any, Declared], rtl: bool
) -> list[Any] | None:
    """The content of ``element`` (its text, its children, their tails: strings and elements) in the order a reader
    reads it (:func:`shown_order`); None for the source's.  A row the layout sets right to left is read right to
    left when its text is of a right-to-left script (Arabic, Hebrew), as its writer typed it, and left to right
    otherwise."""
    display = set(str(own.get("display") or "").split())
    if display & (_FLEX | _GRID):  # each element an item, each text but white space an item of order 0
        texts = [element.text, *(child.tail for child in element)]
        items = [piece for child, tail in zip([None, *element], texts, strict=True) for piece in (child, tail)]
        items = [i for i in items if (isinstance(i, str) and i.strip()) or (i is not None and not isinstance(i, str))]
        order = sorted(items, key=lambda i: 0 if isinstance(i, str) else values_of.get(i, {}).get("order", 0))
        if display & _FLEX:
            column, reverse = own.get("flex-direction") or (False, False)
            if reverse != (rtl and not column) and (column or not _written_rtl(element)):
                order = order[::-1]
        else:
            order = _grid_order(order, own, values_of, rtl and not _written_rtl(element))
        return None if order == items else order
    row = str(element.tag).lower() == "tr" or "table-row" in display
    if row and rtl and not _written_rtl(element):
        return _in_slots(element, children[::-1])
    runs = _runs_reversed(element, children, values_of, rtl)
    return None if runs == children or _written_rtl(element) else _in_slots(element, runs)


MAX_SCRIPT_CHARS = 1_000
"""The characters of an element's text read for the direction of its script (:func:`_written_rtl`): the first
letter of a line tells it; a box of digits and signs alone is not read further (each box so read is linear)."""


def _written_rtl(element: Any) -> bool:
    """Whether the first letter of a strong direction in the text of ``element`` (within :data:`MAX_SCRIPT_CHARS`)
    is of a right-to-left script."""
    budget = MAX_SCRIPT_CHARS
    for piece in element.itertext():
        found = _strong(piece[:budget], last=False)
        if found:
            return found == "R"
        budget -= len(piece)
        if budget <= 0:
            break
    return False


def _grid_order(items: list[Any], own: Declared, values_of: Mapping[Any, Declared], rtl: bool) -> list[Any]:
    """A grid's ``items`` (in ``order``) as a reader reads them: by the lines they are placed at when each is
    placed at a column, else a row of the grid's columns at a time, right to left under ``rtl``."""
    placed = [
        (values_of.get(i, {}).get("grid-row-start"), values_of.get(i, {}).get("grid-column-start"))
        if not isinstance(i, str)
        else (None, None)
        for i in items
    ]
    if all(column is not None for _, column in placed):
        ranked = sorted(range(len(items)), key=lambda n: (placed[n][0] or 1, (-1 if rtl else 1) * (placed[n][1] or 0)))
        return [items[n] for n in ranked]
    columns, rows = own.get("columns"), own.get("rows")
    if own.get("flow") and rows and rows > 0:  # a column at a time, top to bottom: read a row at a time
        ranked = sorted(range(len(items)), key=lambda n: (n % rows, -(n // rows) if rtl else n // rows))
        return [items[n] for n in ranked]
    if rtl and columns and columns > 0:
        return [i for start in range(0, len(items), columns) for i in items[start : start + columns][::-1]]
    return items


def _in_slots(element: Any, children: list[Any]) -> list[Any]:
    """The content of ``element`` with its element children in the order of ``children``, its text and the
    tails where they were (the white space between the boxes of a run stays between them)."""
    texts = [element.text, *(child.tail for child in element)]
    shown: list[Any] = [texts[0] or ""]
    moved = iter(children)
    for child, tail in zip(element, texts[1:], strict=True):
        shown.extend((next(moved) if isinstance(child.tag, str) else child, tail or ""))
    return shown


def _runs_reversed(element: Any, children: list[Any], values_of: Mapping[Any, Declared], rtl: bool) -> list[Any]:
    """``children`` with each run of ``float: right`` boxes, and under ``rtl`` each run of inline blocks with no
    left-to-right letter beside it, reversed (a run: siblings with nothing but white space between them)."""
    out = list(children)

    def kind(child: Any) -> str:
        values = values_of.get(child, {})
        if values.get("float") in ("right", "inline-start" if rtl else "inline-end"):
            return "float"
        if rtl and set(str(values.get("display") or "").split()) & _ATOMIC and not values.get("float"):
            return "atomic"
        return ""

    i = 0
    while i < len(children):
        k = kind(children[i])
        j = i + 1
        while k and j < len(children) and kind(children[j]) == k and not (children[j - 1].tail or "").strip():
            j += 1
        if k and j - i >= 2:
            before = element.text if i == 0 else children[i - 1].tail
            after = children[j - 1].tail or ""
            if k == "float" or (_strong(before or "", last=True) != "L" and _strong(after, last=False) != "L"):
                out[i:j] = children[i:j][::-1]
        i = j
    return out


# -- what a reader cannot see or follow of a link --------------------------------------------------------------

MIN_CONTRAST = 1.1
"""The least contrast (WCAG's ratio of relative luminances, 1 to 21) between a link's text and the background it is
drawn on for a reader to see it (:func:`unfollowed`): ``#f6f6f6`` on white (1.08) is the page's white to a reader,
``#eee`` (1.16), a pale grey some pages set their footers' links in, is seen."""
LINK_COLOUR = (0.0, 0.0, 238 / 255, 1.0)
"""The colour a browser draws a link in where the page sets none (``-webkit-link``, ``#0000ee``)."""
PAGE_COLOUR = (1.0, 1.0, 1.0, 1.0)
"""The colour of a page's canvas where the page sets none (white)."""
TEXT_COLOUR = (0.0, 0.0, 0.0, 1.0)
"""The colour of a page's text where the page sets none (``CanvasText``, black)."""

_Colour = tuple[float, float, float, float]
_UNKNOWN = "unknown"
"""A colour not known here (a ``var()``, an image under the text, a filter): a link drawn so is taken as seen."""


def _zero(value: list[Any]) -> object:
    """Whether a size is zero (a length or percentage of 0)."""
    tokens = _tokens(value)
    return len(tokens) == 1 and tokens[0].type in ("number", "dimension", "percentage") and tokens[0].value == 0


def _read_opens(value: list[Any]) -> object:
    """Whether a ``min-width``, ``min-height`` or ``padding`` gives a box room (any length but 0, or unknown)."""
    reach = _read_reach(value)
    return not isinstance(reach, float) or reach > 0


def _read_overflow(value: list[Any]) -> object:
    """The ``overflow`` keywords (x then y; one for both), each whether it clips what overflows the box."""
    words = [token.lower_value for token in _tokens(value) if token.type == "ident"]
    if not 1 <= len(words) <= 2 or len(words) != len(_tokens(value)):
        return _SKIP
    clips = [word in ("hidden", "clip", "scroll", "auto", "overlay") for word in words]
    return (clips[0], clips[-1])


def _read_flexed(value: list[Any]) -> object:
    """Whether a ``flex``, ``flex-grow`` or ``flex-basis`` may size a flex item otherwise than its ``width``."""
    keyword = _keyword(value)
    tokens = _tokens(value)
    return not (keyword == "none" or (len(tokens) == 1 and tokens[0].type == "number" and tokens[0].value == 0))


_SINGULAR = {
    "scale": (0, 1),
    "scalex": (0,),
    "scaley": (0,),
    "scale3d": (0, 1),
}
"""The transform functions that scale a box, and which of their arguments (x, then y) a zero of flattens it."""


def _number(token: Any) -> float | None:
    if token.type == "number":
        return float(token.value)
    if token.type == "percentage":
        return float(token.value) / 100
    return None


def _read_transform(value: list[Any]) -> object:
    """Whether a ``transform`` flattens its box to nothing: a scale by 0 along x or y (``scale(0)``,
    ``scaleY(0)``, ``scale3d(0, 1, 1)``) or a 2D ``matrix`` of determinant 0, anywhere in its list (the product of
    the list is as flat as any factor).

    >>> [_unfollowing(f"transform: {v}").get("transform") for v in ("scale(0)", "rotate(5deg) scaleY(0%)",
    ...  "matrix(0,0,0,0,0,0)", "matrix(1,0,0,1,0,0)", "scale(1, 0)", "scale(.5)", "none")]
    [True, True, True, False, True, False, False]
    """
    for token in _tokens(value):
        if token.type != "function":
            continue
        arguments = [_number(t) for t in _tokens(token.arguments) if not (t.type == "literal" and t.value == ",")]
        name = token.lower_name
        if name in _SINGULAR:
            if name == "scale" and len(arguments) == 1:
                arguments = arguments * 2
            if any(n < len(arguments) and arguments[n] == 0 for n in _SINGULAR[name]):
                return True
        elif name == "matrix" and len(arguments) == 6 and all(n is not None for n in arguments[:4]):
            a, b, c, d = (float(n or 0) for n in arguments[:4])
            if a * d - b * c == 0:
                return True
    return False


def _read_scale(value: list[Any]) -> object:
    """Whether a ``scale`` (the property) flattens its box: a zero x or y factor (one factor is both).

    >>> [_unfollowing(f"scale: {v}").get("scale") for v in ("0", "1 0", "0% 1", "none", "2")]
    [True, True, True, False, False]
    """
    factors = [_number(token) for token in _tokens(value)]
    factors = factors * 2 if len(factors) == 1 else factors
    return len(factors) >= 2 and 0 in factors[:2]


def _read_filter(value: list[Any]) -> object:
    """What a ``filter`` leaves of its box: the opacity its ``opacity()`` functions multiply it by, and whether
    another function draws it in other colours (they are then not compared).

    >>> [_unfollowing(f"filter: {v}").get("filter") for v in ("opacity(0)", "blur(1px) opacity(5%)", "invert(1)")]
    [(0.0, False), (0.05, True), (1.0, True)]
    """
    alpha, recoloured = 1.0, False
    if _keyword(value) in ("none", "initial", "unset", "revert", "revert-layer"):
        return alpha, recoloured
    for token in _tokens(value):
        arguments = [_number(t) for t in _tokens(token.arguments)] if token.type == "function" else []
        if token.type == "function" and token.lower_name == "opacity" and len(arguments) == 1 and arguments[0]:
            alpha *= min(max(float(arguments[0]), 0.0), 1.0)
        elif token.type == "function" and token.lower_name == "opacity" and arguments == [0.0]:
            alpha = 0.0
        else:
            recoloured = True
    return alpha, recoloured


def _read_alpha(value: list[Any]) -> object:
    """The opacity an ``opacity`` multiplies its box by (0 to 1; 1 for one not known here)."""
    tokens = _tokens(value)
    number = _number(tokens[0]) if len(tokens) == 1 else None
    return 1.0 if number is None else min(max(number, 0.0), 1.0)


def _read_pointer(value: list[Any]) -> object:
    """True for ``pointer-events: none``, None for the parent's (``inherit``, ``unset``), False for any other."""
    keyword = _keyword(value)
    return None if keyword in ("inherit", "unset", "revert", "revert-layer") else keyword == "none"


def _parse_colour(token: Any) -> Any:
    """tinycss2's reading of a colour token (a ``color4.Color``, ``"currentcolor"``), None for one it does not
    read: ``color()`` of no space made it raise ValueError (tinycss2 1.5), a page refused for a style."""
    from tinycss2 import color4

    try:
        return color4.parse_color(token)
    except (ValueError, ArithmeticError):
        return None


def _colour(token: Any) -> _Colour | str | None:
    """A colour token's RGBA (0 to 1), None for ``currentcolor``, :data:`_UNKNOWN` for one not known here: one
    tinycss2 does not convert to sRGB (``oklch()``, ``lab()``, ``color(display-p3 …)``: it raises
    NotImplementedError), unless it is transparent (an alpha of 0, whatever its space), or of a channel not finite.

    >>> import tinycss2
    >>> [_colour(tinycss2.parse_one_component_value(v)) for v in ("#f00", "oklch(.5 .1 30)", "lab(0 0 0 / 0)")]
    [(1.0, 0.0, 0.0, 1.0), 'unknown', (0.0, 0.0, 0.0, 0.0)]
    """
    parsed = _parse_colour(token)
    if parsed is None:
        return _UNKNOWN
    if isinstance(parsed, str):
        return None
    alpha = float(parsed.alpha)
    if alpha == 0:
        return (0.0, 0.0, 0.0, 0.0)
    try:
        channels = tuple(float(c or 0) for c in parsed.to("srgb").coordinates)
    except NotImplementedError:
        return _UNKNOWN
    if not all(math.isfinite(c) for c in (*channels, alpha)):
        return _UNKNOWN
    red, green, blue = channels
    return (red, green, blue, alpha)


def _read_text_colour(value: list[Any]) -> object:
    """A ``color``'s RGBA, None for the parent's (``inherit``, ``unset``, ``currentcolor``), the text's default
    for ``initial``; :data:`_UNKNOWN` for one not known here."""
    tokens = _tokens(value)
    if len(tokens) != 1:
        return _UNKNOWN
    if tokens[0].type == "ident" and tokens[0].lower_value in _CSS_WIDE:
        return TEXT_COLOUR if tokens[0].lower_value == "initial" else None
    return _colour(tokens[0])


def _read_text_fill(value: list[Any]) -> object:
    """A ``-webkit-text-fill-color``'s RGBA, :data:`FOLLOW` for the text's ``color`` (``currentcolor``,
    ``initial``), None for the parent's."""
    keyword = _keyword(value)
    if keyword in ("initial", "currentcolor"):
        return FOLLOW
    return _read_text_colour(value)


def _read_background(value: list[Any]) -> object:
    """What a ``background`` or ``background-color`` draws behind a box: its colour's RGBA (transparent: an alpha of
    0), :data:`_UNKNOWN` for an image, a CSS-wide keyword or a colour not known here.

    >>> [_unfollowing(f"background: {v}").get("background") for v in ("#fff", "none", "url(x.png) #fff", "var(--b)")]
    [(1.0, 1.0, 1.0, 1.0), (0.0, 0.0, 0.0, 0.0), 'unknown', 'unknown']
    """
    colour: object = (0.0, 0.0, 0.0, 0.0)
    for token in _tokens(value):
        if token.type == "url" or (token.type == "function" and token.lower_name.endswith(_IMAGES)):
            return _UNKNOWN
        if token.type == "ident" and token.lower_value in _CSS_WIDE:
            return (0.0, 0.0, 0.0, 0.0) if token.lower_value == "initial" else _UNKNOWN
        if token.type in ("hash", "function") or (token.type == "ident" and token.lower_value != "none"):
            found = _colour(token)
            if found == _UNKNOWN and token.type == "ident":
                continue  # a keyword of the shorthand's other parts (no-repeat, center, fixed)
            colour = _UNKNOWN if found is None else found
    return colour


_IMAGES = ("url", "gradient", "image", "image-set", "element", "cross-fade", "paint")
"""How the name of a CSS function that draws an image ends."""


def _read_image(value: list[Any]) -> object:
    """Whether a ``background-image`` draws an image (:data:`_UNKNOWN`) or none."""
    return (0.0, 0.0, 0.0, 0.0) if _keyword(value) in ("none", "initial") else _UNKNOWN


def _read_apart(value: list[Any]) -> object:
    """Whether a ``text-shadow``, a text stroke or a ``background-clip: text`` draws a text in other colours than
    its own (its colour is then not compared)."""
    keyword = _keyword(value)
    return keyword not in ("none", "initial", "unset", "border-box", "padding-box", "content-box") and bool(
        _tokens(value)
    )


_UNFOLLOWED: dict[str, tuple[Callable[[list[Any]], object], Callable[[object], dict[str, object]]]] = {
    **{name: (_zero, _each("width")) for name in ("width", "inline-size")},
    **{name: (_zero, _each("max-width")) for name in ("max-width", "max-inline-size")},
    **{name: (_zero, _each("height")) for name in ("height", "block-size")},
    **{name: (_zero, _each("max-height")) for name in ("max-height", "max-block-size")},
    **{name: (_read_opens, _each("opens")) for name in ("min-width", "min-height", "min-inline-size")},
    **{name: (_read_opens, _each("opens")) for name in ("min-block-size", "padding", "padding-left")},
    **{name: (_read_opens, _each("opens")) for name in ("padding-right", "padding-top", "padding-bottom")},
    **{name: (_read_opens, _each("opens")) for name in ("padding-inline", "padding-block")},
    "overflow": (_read_overflow, _each("overflow")),
    "overflow-x": (_read_overflow, lambda clips: {"overflow-x": clips}),
    "overflow-y": (_read_overflow, lambda clips: {"overflow-y": clips}),
    **{name: (_read_flexed, _each("flexed")) for name in ("flex", "flex-grow", "flex-basis")},
    "display": (_read_display, _each("display")),
    "position": (_read_position, _each("position")),
    **{name: (_read_transform, _each("transform")) for name in ("transform", "-webkit-transform")},
    "scale": (_read_scale, _each("scale")),
    **{name: (_read_filter, _each("filter")) for name in ("filter", "-webkit-filter")},
    "opacity": (_read_alpha, _each("opacity")),
    "pointer-events": (_read_pointer, _each("pointer-events")),
    "color": (_read_text_colour, _each("color")),
    "-webkit-text-fill-color": (_read_text_fill, _each("fill")),
    **{name: (_read_background, _each("background")) for name in ("background", "background-color")},
    "background-image": (_read_image, _each("background")),
    **{name: (_read_apart, _each("apart")) for name in ("text-shadow", "-webkit-text-stroke", "background-clip")},
    **{name: (_read_apart, _each("apart")) for name in ("-webkit-text-stroke-width", "-webkit-background-clip")},
    "mix-blend-mode": (lambda value: _keyword(value) not in ("normal", "initial", "unset"), _each("apart")),
}
"""The properties by which a link's box, colour or pointer keeps a reader from seeing or following it
(:func:`unfollowed`): what each declaration's value is read as, and the longhand it sets."""
_UNFOLLOWED_READERS = {name: reader for name, (reader, _) in _UNFOLLOWED.items()}
_UNFOLLOWING = re.compile(
    r"\\|pointer-events|(?<![-\w])scale\s*+:|transform\s*+:[^;}]{0,200}?(?:scale|matrix)|filter\s*+:[^;}]{0,200}?opacity"
    r"|(?:width|height|size|opacity)\s*+:\s*+[-+]?+[.0]",
    re.IGNORECASE,
)
"""What a rule's block or an inline style must hold to be read as one that may hide a link or make it inert (a
superset; an escape too).  A search past a ``:`` reads at most 200 characters of its value: unbounded, a block of
4,000 ``transform:`` and no ``;`` took 19.7 s, each searched to its end (quadratic)."""
_BOXING = re.compile(r"\\|overflow|padding|display|position|min-|flex", re.IGNORECASE)
"""What a rule's block must hold to be read for the box of an element a rule of :data:`_UNFOLLOWING` sizes to
nothing or flattens: its overflow, room, display and position."""
_COLOURING = re.compile(r"\\|color|background|text-shadow|stroke|blend", re.IGNORECASE)
"""What a rule's block or an inline style must hold to be read for the colours a link is drawn in, and on."""
MAX_COLOUR_RULES = 200
"""The rules of a page's ``<style>`` elements that may set a colour or a background (:data:`_COLOURING`) beyond
which a link's colours are not compared (each is parsed, and its selectors applied to the links and the elements
around them, within :data:`MAX_STYLE_SELECTORS`): a page's own few rules are read, a site's whole style sheet
inlined (thousands of rules) is not: a link's colour on it is not known here, and it is taken as seen."""
_ELSEWHERE = re.compile(r"@import|color-scheme", re.IGNORECASE)
"""What in any ``<style>`` says the page's colours are set elsewhere too (another sheet, a dark scheme)."""
_OWN_COLOURS = (
    "//link[@href and contains(translate(@rel, 'STYLEHE', 'stylehe'), 'stylesheet')] | //*[@bgcolor or @background]"
    " | //body[@text or @link or @vlink or @alink] | //meta[translate(@name, 'COLRSHEM', 'colrshem')='color-scheme']"
)
"""What sets a page's colours where its own style rules do not say (an external style sheet, the presentational
attributes, a dark colour scheme): on such a page a link's colours are not compared."""


@functools.lru_cache(maxsize=_CACHED)
def _parse_unfollowed(block: str) -> dict[str, tuple[bool, Any]]:
    """What a block declares of :data:`_UNFOLLOWED`, each longhand with its importance (read only)."""
    return _read_block(_declarations(block), {}, _UNFOLLOWED_READERS, lambda name, value: _UNFOLLOWED[name][1](value))


def _unfollowing(style: str) -> Declared:
    """What an inline ``style`` declares of :data:`_UNFOLLOWED`."""
    return _expand_overflow(_values(_parse_unfollowed(style)))


def _expand_overflow(values: Declared) -> Declared:
    """The ``overflow`` shorthand as its longhands, under any longhand declared beside it."""
    if "overflow" in values:
        x, y = values.pop("overflow")
        values.setdefault("overflow-x", (x, x))
        values.setdefault("overflow-y", (y, y))
    return values


def _flattened(values: Declared, tag: str) -> bool:
    """Whether an element's box shows nothing of what it holds: sized to nothing across or down with what
    overflows clipped and no padding, ``min-`` size or flex sizing to give it room, or flattened by a transform;
    a box a size and a transform apply to (a block or an inline block, an absolute box; an inline box's text
    is shown whatever they say)."""
    display = values.get("display")
    box = values.get("position") in ("absolute", "fixed") or contains(display, tag)
    if not box:
        return False
    if values.get("transform") is True or values.get("scale") is True:
        return True
    if values.get("opens") or values.get("flexed"):
        return False
    across = (values.get("width") is True or values.get("max-width") is True) and (values.get("overflow-x") or (0,))[0]
    down = (values.get("height") is True or values.get("max-height") is True) and (values.get("overflow-y") or (0,))[0]
    return bool(across or down)


def _luminance(colour: _Colour) -> float:
    """WCAG's relative luminance of an sRGB colour."""
    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour[:3]]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def _over(top: _Colour, under: _Colour) -> _Colour:
    """``top`` drawn over the opaque ``under`` (its alpha blended)."""
    alpha = top[3]
    red, green, blue = (t * alpha + u * (1 - alpha) for t, u in zip(top[:3], under[:3], strict=False))
    return (red, green, blue, 1.0)


def contrast(text: _Colour, background: _Colour) -> float:
    """WCAG's contrast ratio of ``text`` drawn over the opaque ``background``.

    >>> round(contrast((1, 1, 1, 1), PAGE_COLOUR), 2), round(contrast(LINK_COLOUR, PAGE_COLOUR), 2)
    (1.0, 9.4)
    """
    lighter, darker = sorted((_luminance(_over(text, background)), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@dataclass(frozen=True)
class _Drawn:
    """What a link under an element inherits of what keeps a reader from it (:func:`unfollowed`)."""

    gone: bool = False
    """Whether a box around it shows nothing of it, or ``inert`` makes it no link (nothing inside undoes either)."""
    pointer: bool = False
    """Whether ``pointer-events: none`` holds (inherited: an element may set ``auto`` again)."""
    colour: _Colour | str = TEXT_COLOUR
    """The text's colour (:data:`_UNKNOWN`: not known)."""
    fill: _Colour | str = FOLLOW
    """The text's fill (:data:`FOLLOW`: its colour)."""
    backdrop: _Colour | str = PAGE_COLOUR
    """The opaque colour drawn behind it (:data:`_UNKNOWN`: an image, a filter, one not known)."""
    alpha: float = 1.0
    """The opacity it is drawn at (the product of the ``opacity`` and ``filter: opacity()`` of the boxes around)."""


def _drawn(parent: _Drawn, values: Declared, element: Any, coloured: bool) -> _Drawn:
    """What ``element`` (its styles ``values``) leaves a link in it, under ``parent``'s (its colours, when the
    page's are ``coloured``: known here)."""
    tag = str(element.tag).lower()
    gone = parent.gone or element.get("inert") is not None or _flattened(values, tag)
    pointer = parent.pointer if values.get("pointer-events") is None else bool(values["pointer-events"])
    faded, recoloured = values.get("filter") or (1.0, False)
    alpha = parent.alpha * values.get("opacity", 1.0) * faded
    if not coloured:
        return _Drawn(gone, pointer, _UNKNOWN, FOLLOW, _UNKNOWN, alpha)
    link = tag == "a" and element.get("href") is not None
    colour = values.get("color", LINK_COLOUR if link else None)  # a link's own, unless the page sets one
    colour = parent.colour if colour is None else colour  # inherit, currentcolor
    fill = values.get("fill")
    fill = parent.fill if fill is None else fill
    backdrop = parent.backdrop
    if recoloured or values.get("apart"):
        backdrop = _UNKNOWN
    background = values.get("background")
    if background is not None and backdrop != _UNKNOWN:
        backdrop = _UNKNOWN if isinstance(background, str) or isinstance(backdrop, str) else _over(background, backdrop)
    return _Drawn(gone, pointer, colour, fill, backdrop, alpha)


def _unseen(drawn: _Drawn) -> bool:
    """Whether a link's text is drawn too faint for any colours to show it (black on white at its opacity), or in
    the colour of what is behind it (:data:`MIN_CONTRAST`)."""
    if contrast((*TEXT_COLOUR[:3], drawn.alpha), PAGE_COLOUR) < MIN_CONTRAST:
        return True
    text = drawn.colour if drawn.fill == FOLLOW else drawn.fill
    if isinstance(text, str) or isinstance(drawn.backdrop, str):
        return False
    return contrast((*text[:3], text[3] * drawn.alpha), drawn.backdrop) < MIN_CONTRAST


def unfollowed(tree: Any) -> set[Any]:
    """The links (``<a href>``) of ``tree`` a reader can neither see nor follow, though their text is read: in a
    box sized to nothing that clips what overflows it (``width: 0; height: 0; overflow: hidden``), flattened by a
    transform (``scale(0)``, ``scale: 0``, a matrix of determinant 0), drawn too faint for any colours to show
    them (``opacity: 0.03``, ``filter: opacity(0)``, the boxes' around multiplied), drawn in the colour of what
    is behind them (:data:`MIN_CONTRAST`: the page's white, a box's
    own background), or inert to a click (``pointer-events: none``, which an element inside may undo, or an
    ``inert`` element around them).  A credit must be seen and followed: such a link beside a copy credited it.
    Read from the inline styles and the page's ``<style>`` rules (:data:`MAX_STYLE_SELECTORS`; the rules that
    give a sized box room, :data:`_BOXING`, read for the boxes sized only) on the links and the elements around
    them, in one walk of the page.  Colours are compared only where the page's own styles say them all (no
    :data:`_OWN_COLOURS`, at most :data:`MAX_COLOUR_RULES`); elsewhere a link is taken as seen.  What a layout
    alone tells (a box laid over the link, an ancestor's clip around a box moved inside it) is not read.

    >>> import lxml.html
    >>> page = lxml.html.document_fromstring(
    ...     '<style>.w{color:#fff}.x{width:0;overflow:hidden}</style><a href=a class=w>a</a><div class=x>'
    ...     '<a href=b>b</a></div><p style="pointer-events:none"><a href=c>c</a></p><a href=d>d</a>'
    ...     '<div style="background:#fff"><a href=e style="color:#fefefe">e</a></div>')
    >>> sorted(a.get("href") for a in unfollowed(page))
    ['a', 'b', 'c', 'e']
    >>> page = lxml.html.document_fromstring('<p style="color:#fff"><a href=a style="color:inherit">a</a><a href=b>b')
    >>> sorted(a.get("href") for a in unfollowed(page))
    ['a']
    """
    from lxml import etree

    links = tree.xpath("//a[@href]")
    if not links:
        return set()
    around: dict[Any, None] = {}
    for link in links:  # each link and the elements around it, each once: linear
        around[link] = None
        for ancestor in link.iterancestors():
            if ancestor in around:
                break
            around[ancestor] = None
    hiding, boxing, colouring = [], [], []
    for rule in _sheet_rules(tree):
        if _holds(_UNFOLLOWING, rule[1]):
            hiding.append(rule)
            continue
        if _holds(_BOXING, rule[1]):
            boxing.append(rule)
        if _holds(_COLOURING, rule[1]):
            colouring.append(rule)
    coloured = (
        len(colouring) <= MAX_COLOUR_RULES
        and not tree.xpath(_OWN_COLOURS)
        and not any(_ELSEWHERE.search(text) for text in _sheet_texts(tree, applied=False))
    )
    matched: _Matched = {}
    for element in around:
        style = element.get("style")
        if style and (_holds(_UNFOLLOWING, style) or (coloured and _holds(_COLOURING, style))):
            matched.setdefault(element, []).append((_INLINE, _parse_unfollowed(style)))
    names = _Names.of(around)
    applied, read = 0, [0]
    for rule in hiding:
        applied += _apply_rule(tree, rule, names, read, matched, around, MAX_STYLE_SELECTORS - applied)
    sized = {
        element
        for element, blocks in matched.items()
        for _, block in blocks
        if any(name in block for name in ("width", "max-width", "height", "max-height", "transform", "scale"))
    }
    if sized:  # the rules that may give those boxes room, or none, and their own styles
        for element in sized:
            style = element.get("style")
            if style and _holds(_BOXING, style) and all(place != _INLINE for place, _ in matched[element]):
                matched[element].append((_INLINE, _parse_unfollowed(style)))
        boxes = _Names.of(sized)
        for rule in boxing:
            applied += _apply_rule(tree, rule, boxes, read, matched, sized, MAX_STYLE_SELECTORS - applied)
    if coloured:
        colours, read = 0, [0]
        for rule in colouring:
            colours += _apply_rule(tree, rule, names, read, matched, around, MAX_STYLE_SELECTORS + 1 - colours)
        coloured = colours <= MAX_STYLE_SELECTORS and read[0] < MAX_SELECTORS_READ
    values_of = {element: _expand_overflow(_cascade(blocks)) for element, blocks in matched.items()}
    out: set[Any] = set()
    state = [_Drawn() if coloured else _Drawn(colour=_UNKNOWN, backdrop=_UNKNOWN)]
    walk = etree.iterwalk(tree, events=("start", "end"))
    for event, element in walk:
        if event == "end":
            state.pop()
            continue
        if element not in around:  # no link in it
            walk.skip_subtree()
            state.append(state[-1])
            continue
        link = element.tag == "a" and element.get("href") is not None
        values = values_of.get(element)
        if values is None and not link and element.get("inert") is None:
            state.append(state[-1])
            continue
        drawn = _drawn(state[-1], values or {}, element, coloured)
        state.append(drawn)
        if link and (drawn.gone or drawn.pointer or _unseen(drawn)):
            out.add(element)
    return out


def _apply_rule(
    tree: Any, rule: _Rule, names: _Names, read: list[int], matched: _Matched, among: Container[Any], budget: int
) -> int:
    """Add what a rule declares of :data:`_UNFOLLOWED` to what ``matched`` holds for each element of ``among`` that
    one of its first ``budget`` selectors an element with ``names`` may match matches (its block parsed only for
    such a selector); the number of selectors applied."""
    prelude, text, order = rule
    if budget <= 0:
        return 0
    selectors = _selectors(prelude, names, read)[:budget]
    block = _parse_unfollowed(text) if selectors else {}
    for selector in selectors:
        rank = (0, *selector.specificity(), order)
        for element in _match(tree, selector, names):
            if element in among:
                matched.setdefault(element, []).append((rank, block))
    return len(selectors)
