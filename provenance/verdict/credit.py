"""Does a new text credit the text it reuses, and whom?

:func:`source_credit` names the credit a new text gives its source: the matched document's
id, its outlet (in an attribution or dateline found by :mod:`provenance.text.metadata`, or
by name), other than the new text's own, or a phrase saying it was originally published by
that outlet, at its address, or by an agency whose story the matched document is.
:func:`licensed_credit` names the licensed source (a wire agency a newsroom pays for) that
both texts carry, for near-exact copies a policy lets through.

>>> from provenance.models import Document, DocumentMeta
>>> site = DocumentMeta(outlet="Daily Planet", url="https://www.dailyplanet.com/council")
>>> src = Document("src", "src.txt", "Daily Planet - The council met on Monday.", declared=site)
>>> source_credit(Document("new", "new.txt", "This story was originally published at dailyplanet.com."), src)
'Daily Planet'
>>> print(source_credit(Document("new", "new.txt", "This story was originally published by The Conversation."), src))
None
>>> print(source_credit(Document("new", "new.txt", "This story was originally published elsewhere."), src))
None
>>> credits_source(Document("new", "new.txt", "The council met on Monday."), src)
False
>>> wire = Document("w", "w.txt", "LONDON (Reuters) - The council met on Monday.")
>>> licensed_credit(Document("n", "n.txt", "LONDON (Reuters) - The council met."), wire, ["Reuters", "AP"])
LicensedCredit(name='Reuters', source_carries=True)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..models import Document, DocumentMeta, Span
from ..text.metadata import describe, same_source, source_key, written_names
from .lineage import story_credits

__all__ = ["CREDIT_PHRASES", "LicensedCredit", "credits_source", "licensed_credit", "source_credit"]

CREDIT_PHRASES = ("originally published", "first published", "republished from", "reprinted from", "courtesy of")
"""Phrases by which a text says it reproduces another publication."""


# An outlet dateline heading a paragraph ("Islam Times - A key component…"), for
# texts too short for the metadata stage to tell a site name from a headline.  Leading white space
# stops at the line's end ("\s*" would rescan every blank line below each one: quadratic).
_OUTLET_LINE = re.compile(r"^[^\S\n]*([A-Z][\w.&' ]{1,40}?)\s+[-–—]\s+\S", re.MULTILINE)


@dataclass(frozen=True)
class LicensedCredit:
    """A licensed source the new text credits."""

    name: str
    """The licensed source as the policy lists it ("Reuters")."""
    source_carries: bool
    """Whether the matched corpus text is that source's story too (its outlet, or credited to it for the whole
    story: a dateline, a byline, "Source: X"): crediting an agency does not license a copy of a text the agency
    never ran, such as another outlet's story that cites it in passing ("…, according to Reuters")."""


def _meta(doc: Document) -> DocumentMeta:
    return doc.meta or describe(doc.text)


def _outlet(doc: Document) -> str | None:
    meta = _meta(doc)
    if meta.outlet is not None:
        return meta.outlet
    if doc.declared is not None and doc.declared.outlet is not None:
        return doc.declared.outlet
    match = _OUTLET_LINE.search(doc.text)
    return match.group(1).strip() if match else None


def source_credit(new: Document, source: Document) -> str | None:
    """The credit ``new`` gives ``source``, as shown in a verdict: the source's id or outlet, else a quoted
    phrase ("'originally published'"); None when it gives none.

    A credit is the new text's own: a mention carried along with the copied text ("… did not respond to
    The Hill's request for comment" copied from The Hill) credits nobody, and a name is matched as a word
    ("RT" is no credit in "report", an id "2" none in "2024").
    """
    carried = _Carried(source.text)
    if _distinctive(source.id) and carried.adds(new.text, _word_spans(source.id, new.text)):
        return source.id
    outlet = _outlet(source)
    own = _outlet(new)
    # the same outlet's own dateline is no credit
    same = outlet is not None and own is not None and same_source(source_key(outlet), source_key(own))
    if outlet is not None and not same and (written := _credit_as_written(new, outlet, carried)) is not None:
        # named as the text names it ("AP" for the outlet ap.org), unless it names it only by its address
        return outlet if _ADDRESS.search(written) and not _ADDRESS.search(outlet) else written
    names = _source_names(source)
    return next(
        (repr(phrase) for phrase in CREDIT_PHRASES if carried.adds(new.text, _naming(phrase, new.text, names))), None
    )


# What follows a credit phrase that names its source: a name or an address ("originally published in The
# Conversation", "courtesy of bbc.com"), not "elsewhere" or "by another site", which no reader can follow.
# A name is up to five capitalised words of at most 40 characters each (a bounded look at each phrase).
_NAMED = re.compile(
    r"[ \t]+(?:(?:by|in|on|at|from|of)[ \t]+)?(?:(?:the|The)[ \t]+)?"
    r"(?P<name>(?:https?://)?(?:www\.)?[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,4}"
    r"|[A-Z0-9][\w&.'’-]{0,39}(?:[ \t]+(?:of[ \t]+|&[ \t]+)?[A-Z0-9][\w&.'’-]{0,39}){0,4})"
)
_ADDRESS = re.compile(r"\.[a-z]{2,}(?:/|$)", re.IGNORECASE)
"""A name that is a web address or a host ("smithsonianmag.com", "ap.org")."""
_SCHEME = re.compile(r"^(?:https?://)?(?:www\.)?", re.IGNORECASE)
_HOST = re.compile(r"^(?:https?://)?(?:www\.)?([^/?#:\s]+)", re.IGNORECASE)


def _source_names(source: Document) -> list[str]:
    """The folded names a credit phrase may give ``source`` by: its id, its outlets and the sources it credits
    for the whole story by the credit's form (:func:`_names`), its outlet line and the host of its address."""
    meta = _meta(source)
    declared = source.declared or DocumentMeta()
    names = [source.id] if _distinctive(source.id) else []
    names += [name for name in (*_names(source), _outlet(source)) if name is not None]
    names += [host.group(1) for url in (meta.url, declared.url) if url and (host := _HOST.match(url))]
    return [key for key in map(source_key, names) if key]


def _naming(phrase: str, text: str, names: list[str]) -> list[tuple[int, int]]:
    """Where ``text`` says ``phrase`` followed by one of the folded ``names``: "First published in The Guardian"
    credits no Smithsonian story, nor does a copying site naming itself."""
    spans = []
    for start, end in _word_spans(phrase, text):
        named = _NAMED.match(text, end)
        key = source_key(_SCHEME.sub("", named.group("name"))) if named else ""
        if key and any(same_source(key, name) for name in names):
            spans.append((start, end))
    return spans


_CONTEXT = 40  # characters either side of a credit compared with the source: a copied clause, not one word
_MAX_LOOKS = 64  # distinct contexts of one name looked for in the source (a credit is rarely past the 64th)
_WORD = re.compile(r"\w+")


def _folded(text: str) -> str:
    """The words of ``text``, casefolded and joined by single spaces (punctuation and typography aside)."""
    return " ".join(_WORD.findall(text.casefold()))


class _Carried:
    """Tells a credit the new text gives from a mention it carries from the source with the copied text."""

    def __init__(self, source_text: str) -> None:
        self._source = f" {_folded(source_text)} "

    def adds(self, text: str, spans: Iterable[tuple[int, int]]) -> bool:
        """Whether any of ``spans`` of ``text``, with the words around it, is not in the source."""
        return self.first_added(text, spans) is not None

    def first_added(self, text: str, spans: Iterable[tuple[int, int]]) -> tuple[int, int] | None:
        """The first of ``spans`` of ``text`` that, with the words around it, is not in the source; None if none.

        Each distinct context is looked for once, and at most ``_MAX_LOOKS`` of them: a text naming its
        source 64,000 times made as many searches of the source (45 s at 2 MB)."""
        looked: set[str] = set()
        for start, end in spans:
            context = _folded(text[max(0, start - _CONTEXT) : end + _CONTEXT])
            if context in looked:
                continue
            if context not in self._source:
                return start, end
            looked.add(context)
            if len(looked) >= _MAX_LOOKS:
                return None
        return None


def _distinctive(doc_id: str) -> bool:
    """Whether an id can be a credit when a text names it: a slug or a code (``001_d11848f0``), not a word or
    a number a story uses anyway ("copy", "2")."""
    return len(doc_id) >= 4 and not doc_id.isalpha() and not doc_id.isdigit()


def _word_spans(name: str, text: str) -> list[tuple[int, int]]:
    r"""Where ``text`` names ``name`` as whole words (an acronym as written, other names in any case).

    The pattern opens with the name's first character and looks behind it after (no word character before
    the name: the test ``(?<!\w)`` before it makes), so the regex engine skips to that character instead of
    trying every position of the text (a 300 kB copy checked against the seeds: 114 ms of 0.9 s, 25
    searches), and a text repeating it ("aaaa…" for an id "aaaa…") is turned away after two characters, not
    after the whole name.
    """
    flags = 0 if name.isupper() else re.IGNORECASE
    first, rest = re.escape(name[:1]), re.escape(name[1:])
    return [m.span() for m in re.finditer(rf"{first}(?<!\w{first}){rest}(?!\w)", text, flags)]


def credits_source(new: Document, source: Document) -> bool:
    """Whether ``new`` credits ``source``: "originally published", its id, or its outlet."""
    return source_credit(new, source) is not None


def _names(doc: Document) -> Iterator[str]:
    """Every source whose story a text says it is: its outlets, and the sources it credits for the whole story
    by the credit's form (a dateline or byline agency, "Source: X", "first appeared in X"); never one it cites
    in the story ("…, according to Reuters", "reports Reuters"), nor a lead's "X reported"."""
    meta = _meta(doc)
    for name in (meta.outlet, _declared_outlet(doc)):
        if name is not None:
            yield name
    yield from story_credits(meta, keep_lead=_no_lead).values()


def _no_lead(span: Span) -> bool:
    return False


def _names_as_own_or_credit(doc: Document, name: str) -> bool:
    """Whether ``doc`` is ``name``'s story: its outlet, or credited to it for the whole story (:func:`_names`)."""
    key = source_key(name)
    return any(same_source(key, source_key(found)) for found in _names(doc))


def _credit_as_written(new: Document, name: str, carried: _Carried) -> str | None:
    """How ``new`` itself credits ``name``, as it writes it ("AP" or "Associated Press" for the outlet
    ``ap.org``); None when it does not. A credit of the whole story (a "(Reuters)" dateline kept by a pickup)
    credits it, carried or not; one deep in the story ("told The Hill") or a bare mention only when the new
    text adds it ("… sources told Reuters" copied from the Reuters story is the source's sentence)."""
    key = source_key(name)
    credits = [a for a in _meta(new).attributions if same_source(key, source_key(a.source))]
    story = next((a.source for a in credits if a.story), None)
    if story is not None:
        return story
    written = {a.span: a.source for a in credits}
    for each in written_names(name):  # "Associated Press" credits the outlet ap.org, or the licensed "AP"
        written.update({span: new.text[span[0] : span[1]] for span in _word_spans(each, new.text)})
    added = carried.first_added(new.text, written)
    return None if added is None else written[added]


def _credits_name(new: Document, name: str, carried: _Carried) -> bool:
    """Whether ``new`` itself credits ``name`` (:func:`_credit_as_written`)."""
    return _credit_as_written(new, name, carried) is not None


def _gives_credit(new: Document, name: str, carried: _Carried) -> bool:
    """Whether ``new`` is ``name``'s own text (its outlet) or credits it (:func:`_credits_name`)."""
    key = source_key(name)
    meta = _meta(new)
    if any(same_source(key, source_key(own)) for own in (meta.outlet, _declared_outlet(new)) if own is not None):
        return True
    return _credits_name(new, name, carried)


def _declared_outlet(doc: Document) -> str | None:
    return doc.declared.outlet if doc.declared is not None else None


def licensed_credit(new: Document, source: Document, licensed: Iterable[str]) -> LicensedCredit | None:
    """The first of ``licensed`` that ``new`` credits (:func:`_gives_credit`), and whether ``source`` carries
    it too; None when ``new`` credits none of them."""
    carried = _Carried(source.text)
    for name in licensed:
        if name.strip() and _gives_credit(new, name, carried):
            return LicensedCredit(name, _names_as_own_or_credit(source, name))
    return None
