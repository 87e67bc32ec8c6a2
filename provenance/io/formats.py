"""Input formats without I/O: bytes → text, HTML → article text, Markdown → maskable text.

:mod:`provenance.io.load` reads the files and calls these; everything here works
on strings and bytes already in memory, so it can be tested (and fuzzed) alone.

Encodings
    UTF-8 (with or without a BOM) is tried first. UTF-16/32 are accepted only
    with a byte-order mark: without one, a detector readily takes short Western
    text for UTF-16 (``b"caf\\xe9"`` came out as ``utf_16_be``). Otherwise
    Windows-1252 wins when it decodes the bytes into plausible Western text (only
    Latin letters and common typography outside ASCII, and fewer of them than
    ASCII letters): detectors confuse it with Central European code pages on
    short French or German text. Anything else goes to charset-normalizer, UTF-16/32
    and UTF-7 excluded; a reading made mostly of half-width katakana (how KOI8-R
    Cyrillic looks read as a Japanese code page) is passed over for a guess
    among the legacy single-byte code pages. Very short non-Western texts can still
    be misread. The encoding assumed is returned so it can be reported.

HTML
    The charset a page's ``<meta>`` declares is used when it decodes the page;
    otherwise the encoding is detected as above. trafilatura extracts the main
    text (no navigation, comments or footers) and the page's declared title,
    date, site name and URL; a line of it stays only when trafilatura's
    precision-oriented run keeps it too, and the headline goes (it is the
    title). A page too crowded for trafilatura (tens of thousands of
    paragraphs) is read as its visible text instead, with a warning.
    Offsets are into the extracted text, which
    becomes the document's text. Date extraction is deterministic: no search
    of the free text and a fixed latest date, so the result never depends on
    the day it runs.

Markdown
    Markup is replaced by spaces of the same length (link targets, emphasis,
    heading and list markers, tags, front matter), so markup never counts as
    words and every offset is still an offset into the original file.

>>> decode(b"caf\\xe9 au lait")
('café au lait', 'cp1252')
>>> mask_markdown("# Title\\n**Bold** [link](http://x.org/a).")[0]
'  Title\\n  Bold    link                 .'
"""

from __future__ import annotations

import bisect
import contextlib
import copy
import functools
import itertools
import json
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from html import escape, unescape
from html.entities import html5 as html5_references
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote, unquote, urljoin, urlsplit

import regex
import webencodings

from ..errors import ProvenanceError
from ..models import DocumentMeta, ShownLines
from ..text.metadata import parse_date, source_key

if TYPE_CHECKING:
    from .styles import Inherited

__all__ = [
    "DecodeError",
    "HtmlExtraction",
    "ShownText",
    "address_key",
    "declared_meta",
    "decode",
    "decode_html",
    "extract_html",
    "extract_page",
    "has_words",
    "html_markup",
    "html_page",
    "link_target",
    "links_to",
    "mask_markdown",
    "merge_meta",
    "precise_text",
    "shown_text",
]


class DecodeError(ProvenanceError):
    """Bytes that are not usable text; the message says why."""


_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
_LEGACY_SINGLE_BYTE = [
    *("koi8_r", "koi8_u", "cp1251", "cp866", "mac_cyrillic", "iso8859_5", "cp1250", "iso8859_2"),
    *("cp1253", "iso8859_7", "cp1254", "cp1255", "cp1256", "cp1257"),
]
_DETECTOR_EXCLUDED = ["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le", "utf_7"]
_WESTERN_SYMBOLS = frozenset("‘’‚“”„–—…•€™°«»·×÷¡¿§¶©®±£¥¢¼½¾ \xad")
_AFTER_A_LETTER = frozenset("’”»…™®©°–—•·\xad")
"""Symbols that may directly follow a letter; any other (``³`` in "powiedzia³") means a wrong code page."""


def _plausible_western(text: str) -> bool:
    """Text whose non-ASCII characters are Latin letters or common typography, in the minority."""
    ascii_letters = non_ascii = 0
    previous = " "
    for char in text:
        if char.isascii():
            ascii_letters += char.isalpha()
        else:
            non_ascii += 1
            if char in _WESTERN_SYMBOLS:
                if previous.isalpha() and char not in _AFTER_A_LETTER:
                    return False
            elif not char.isalpha() or "LATIN" not in unicodedata.name(char, ""):
                return False
        previous = char
    if non_ascii >= ascii_letters:
        return False
    # A long word of nothing but accented letters is another script read as Western ("Ìèíèñòð").
    return not any(all(not c.isascii() for c in word) for word in _LONG_WORD.findall(text))


_LONG_WORD = re.compile(r"[^\W\d_]{4,}")
_HTML_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{2,40})""", re.IGNORECASE)


_CONVERT = "not text: convert it to text first"
_LFS = "not the article, which is in LFS storage: fetch it first (`git lfs pull`, or `lfs: true` on actions/checkout)"
_OTHER_FORMATS = (
    (b"%PDF-", "a PDF document", _CONVERT),
    (b"{\\rtf", "an RTF document", _CONVERT),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .odt or .epub document)", _CONVERT),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE document (a .doc file)", _CONVERT),
    (b"version https://git-lfs.github.com/spec/", "a Git LFS pointer", _LFS),
    (b"version https://hawser.github.com/spec/", "a Git LFS pointer", _LFS),
)
"""Documents of other formats by their first bytes: a PDF whose streams are plain ASCII decodes as text and
was read as an article of PDF syntax (a reprint saved so passed every check), and RTF always does.  A Git
LFS pointer is what a checkout without LFS (``actions/checkout``'s default) holds of a file a change's
``.gitattributes`` stores in LFS: three lines of no reuse, while the site, built with LFS, publishes the
article (a copy so committed passed the gate)."""


def _refuse_other_format(data: bytes) -> None:
    """Raise :class:`DecodeError` when ``data`` opens as a document of another format (:data:`_OTHER_FORMATS`).

    >>> _refuse_other_format(b"%PDF-1.4 ...")
    Traceback (most recent call last):
    provenance.io.formats.DecodeError: a PDF document, not text: convert it to text first
    """
    head = data[:64].lstrip()
    for magic, kind, advice in _OTHER_FORMATS:
        if head.startswith(magic):
            raise DecodeError(f"{kind}, {advice}")


_AS_BROWSERS_READ = {"utf-16-le": "utf-8", "utf-16-be": "utf-8", "x-user-defined": "cp1252"}
"""What a browser decodes a page by when its ``<meta>`` declares these (the HTML standard's prescan: a page a
``<meta>`` reached is ASCII-compatible, so UTF-16 is read as UTF-8, and x-user-defined as windows-1252)."""


def _declared_codec(label: bytes) -> str | None:
    """The Python codec of a charset a page's ``<meta>`` declares, as a browser reads the label (the WHATWG
    Encoding standard's labels, by webencodings, and :data:`_AS_BROWSERS_READ`); None for a label no browser
    knows, or the replacement encoding (a browser shows no text of such a page): the page is detected instead.
    Python's own names went further: ``utf-16`` read the ASCII copy of a story as CJK characters and
    ``cp037`` (EBCDIC) as punctuation, and a copy a browser shows whole passed ``check``.

    >>> _declared_codec(b"UTF-16"), _declared_codec(b"latin1"), _declared_codec(b"cp037"), _declared_codec(b"koi8-r")
    ('utf-8', 'cp1252', None, 'koi8-r')
    """
    encoding = webencodings.lookup(label.decode("ascii"))
    if encoding is None or encoding.name == "replacement":
        return None
    name: str = encoding.codec_info.name
    return _AS_BROWSERS_READ.get(name, name)


def decode_html(data: bytes) -> tuple[str, str | None]:
    """An HTML page's bytes as text: the charset its ``<meta>`` declares, else :func:`decode`.

    >>> decode_html('<meta charset="windows-1251"><p>Министр заявил</p>'.encode("cp1251"))
    ('<meta charset="windows-1251"><p>Министр заявил</p>', 'cp1251')
    """
    _refuse_other_format(data)
    declared = _HTML_CHARSET.search(data[:4096])
    name = _declared_codec(declared.group(1)) if declared else None
    if name is not None and not data.startswith((b"\xef\xbb\xbf", b"\xfe\xff", b"\xff\xfe")):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            pass  # a wrong declaration: detect instead
        else:
            if b"\x00" not in data and text.strip():
                return text, None if name == "utf-8" else name
    return decode(data)


def decode(data: bytes) -> tuple[str, str | None]:
    """``data`` as text and the encoding assumed (None for plain UTF-8).

    Raises :class:`DecodeError` for empty, binary or undecodable bytes.

    >>> decode("Привет, мир. Это тест кодировки текста.".encode("cp1251"))[1]
    'windows-1251'
    """
    if not data.strip():
        raise DecodeError("empty file")
    _refuse_other_format(data)
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError as err:
                raise DecodeError(f"not valid {name} (byte 0x{data[err.start]:02x} at offset {err.start})") from None
            text = text.lstrip("\ufeff")
            if not text.strip():
                raise DecodeError("no text (only white space)")
            return text, None if name == "utf-8-sig" else name
    if b"\x00" in data:
        raise DecodeError("binary file (contains NUL bytes)")
    try:
        text, encoding = data.decode("utf-8"), None
    except UnicodeDecodeError:
        text, encoding = _guess(data)
    if not text.strip():
        raise DecodeError("no text (only white space)")
    return text, encoding


_LEADING_BLANKS = regex.compile(r"[\s\p{Cc}\p{Default_Ignorable_Code_Point}\u2800]*+")
"""What a browser shows nothing of before a page's first tag: white space of any kind, control characters,
byte-order marks (the one a UTF-8 or UTF-16 file opens with, and any after it), zero-width and the other
default-ignorable characters (the Hangul fillers among them), the Braille blank."""
_HTML_DOCTYPE = regex.compile(r"<!doctype\s++html(?:[\s>]|$)", regex.IGNORECASE)
_START_TAG = re.compile(r"<([a-z][a-z0-9]{0,15})(?:[\t\n\f\r />]|$)", re.IGNORECASE)
"""A start tag's name, ended as HTML ends one (by white space, ``/`` or ``>``); no element's is longer."""
_MORE_ELEMENTS = ("main", "template", "bgsound", "noframes", "frame", "dialog", "picture", "search", "slot", "data")
"""Elements a browser parses that :data:`lxml.html.defs.tags` does not list: HTML's newer ones (``<main>``,
``<dialog>``, ``<picture>``, ``<search>``, ``<slot>``, ``<data>``), ``<template>``, and ``<bgsound>`` and
``<noframes>``, which the parser keeps in the head as it does ``<meta>`` and ``<link>``, and ``<frame>``."""


@functools.cache
def _html_elements() -> frozenset[str]:
    """The names of HTML's elements: lxml's list (read when first needed: a file is seldom sniffed), and
    :data:`_MORE_ELEMENTS`."""
    from lxml.html.defs import tags

    return frozenset(tags).union(_MORE_ELEMENTS)


def html_page(text: str) -> bool:
    """Whether ``text`` begins as an HTML page, as a browser not told its type reads it (the WHATWG MIME
    Sniffing standard's HTML patterns, without its 512-byte window): past any blanks (:data:`_LEADING_BLANKS`), a
    comment, ``<!DOCTYPE html`` or the start tag of an HTML element (``<html>``, ``<head>``, ``<body>``,
    ``<meta>``, ``<title>``, ``<link>``, ``<script>``, ``<style>``, ``<p>``…); or, past an XML declaration
    (or a PHP block), another doctype and any comments, an element's tag (XHTML).  The loader refuses a file
    of a suffix no reader reads that so begins rather than read its markup and comments as words
    (:func:`~provenance.io.load.load_file`).  Linear in the text: each blank, declaration and comment is passed
    with one scan (``str.find``) and never scanned again, however many or long (2 MB of blanks: 0.03 s; of
    10-character comments: 0.16 s; one comment of 2 MB: 0.002 s).

    >>> html_page("\\ufeff <!-- saved --><HEAD><title>x"), html_page("<?xml version='1.0'?><rss>"), html_page("a <p>")
    (True, False, False)
    """
    at = 0
    prolog = False  # past an XML declaration or another doctype: what follows is XML unless an element is HTML's
    plain = 0  # where "-->" is next at or after ``at`` (-1: nowhere), found once for every comment before it
    while True:
        if not text.startswith("<", at):  # a call saved for each of many comments in a row
            at = _LEADING_BLANKS.match(text, at).end()  # type: ignore[union-attr]  # matches the empty string
        if text.startswith("<!--", at):
            if not prolog:
                return True  # sniffed as HTML, whatever follows
            if plain != -1 and plain < at + 2:
                plain = text.find("-->", at + 2)  # "<!-->" closes itself, as "<!--->" does
            bang = text.find("--!>", at + 2, len(text) if plain == -1 else plain)
            if bang == -1 and plain == -1:
                return True  # the rest is a comment, which no reader is shown
            at = bang + 4 if bang != -1 else plain + 3
        elif text.startswith("<?", at):  # an XML declaration, a processing instruction, PHP's code
            end = text.find("?>", at + 2)
            if end == -1:
                return False
            at, prolog = end + 2, True
        elif text.startswith("<!", at):  # a doctype, or a declaration a browser reads as a comment
            if _HTML_DOCTYPE.match(text, at):
                return True
            end = text.find(">", at + 2)
            if end == -1:
                return False
            at, prolog = end + 1, True
        else:
            tag = _START_TAG.match(text, at)
            return tag is not None and tag.group(1).lower() in _html_elements()


_PAGE_MARKUP = re.compile(r"</?[a-z]|<[!?]|&(#[0-9]{1,8};?|#x[0-9a-f]{1,8};?|[a-z][a-z0-9]{1,31};)", re.I)
"""Where an HTML parser reads markup: a tag's open (``<`` or ``</`` then a letter, whatever the name), a
comment or declaration (``<!``, ``<?``), a character reference (group 1)."""


def html_markup(text: str) -> bool:
    """Whether ``text`` holds, anywhere, what a page shows otherwise than it is written: a tag of any name (a
    browser shows an unknown or custom element's text, ``<w>Talks</w>``, as a span's), a comment, or a
    character reference (``&#73;``, ``&nbsp;``).  A pasted text that holds it may be a page's fragment (a
    story's body in a CMS) as well as a text: the desk reads it both ways
    (:func:`~provenance.serve.desk.paste_names`).  One scan of the text.

    >>> html_markup("Talks <w>resume</w>"), html_markup("&#73;slam"), html_markup("Talks 3 < 4 & 5, ☺ <3")
    (True, True, False)
    """
    for found in _PAGE_MARKUP.finditer(text):
        reference = found.group(1)
        if reference is None or reference[0] == "#" or reference in html5_references:
            return True
    return False


def _halfwidth(text: str) -> bool:
    """True when most non-ASCII characters are half-width katakana (U+FF61–U+FF9F)."""
    non_ascii = [c for c in text if not c.isascii()]
    return sum("\uff61" <= c <= "\uff9f" for c in non_ascii) * 2 > len(non_ascii)


def _guess(data: bytes) -> tuple[str, str]:
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _plausible_western(western):
        return western, "cp1252"
    import charset_normalizer

    # Half-width katakana is how Cyrillic KOI8-R looks read as a Japanese code page;
    # real Japanese text uses full-width kana, so such a reading is passed over.
    matches = [
        m for m in charset_normalizer.from_bytes(data, cp_exclusion=_DETECTOR_EXCLUDED) if not _halfwidth(str(m))
    ]
    if not matches:
        matches = list(charset_normalizer.from_bytes(data, cp_isolation=_LEGACY_SINGLE_BYTE))
    if not matches:
        raise DecodeError("not valid UTF-8 and no other encoding fits")
    best = matches[0]
    name = {"cp1251": "windows-1251", "cp1250": "windows-1250", "cp1253": "windows-1253"}.get(
        best.encoding, best.encoding
    )
    return str(best), name


# One class after the host's first character: "[^\s/?#]+[^\s]*" would try every split of a long
# URL with a space in it (quadratic).
_WEB_URL = re.compile(r"https?://[^\s/?#][^\s]*\Z", re.IGNORECASE)


def link_target(url: str | None) -> str | None:
    """``url`` as a safe link target: ``http(s)`` only, characters that could end a Markdown or HTML link
    (spaces, quotes, brackets, parentheses, backslashes, controls) percent-encoded; None for anything else.

    >>> link_target("https://x.org/a(1)<script>"), link_target("javascript:alert(1)")
    ('https://x.org/a%281%29%3Cscript%3E', None)
    """
    if url is None or not _WEB_URL.match(url):
        return None
    return quote(url, safe="/:?#[]@!$&*+,;=%-._~")


_URL_NOISE = re.compile(r"[\t\n\r]")
"""What a browser removes from an ``href`` before reading it (the URL standard: tabs and newlines anywhere)."""
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_DEFAULT_PORTS = frozenset({80, 443})


def address_key(url: str | None, base: str | None = None) -> str | None:
    """The web address ``url`` (resolved against ``base`` when relative) as two addresses of one page compare:
    ``http`` and ``https`` alike, the host in lower case without ``www.`` or a default port, the path's
    percent-encoding made one and its trailing slash gone, the query and fragment dropped; None for anything
    but a web address (``javascript:``, ``mailto:``, a relative one with no ``base``, one that does not parse).

    >>> address_key("HTTPS://WWW.Example.com:443/news/a%2Db/?page=2#top")
    'example.com/news/a-b'
    >>> address_key("../b/", "http://example.com/news/a") == address_key("https://example.com/b")
    True
    >>> address_key("javascript:void(0)", "https://example.com/"), address_key("/b")
    (None, None)
    """
    found = _address(url, base)
    return None if found is None else found[0]


def links_to(href: str, base: str | None, url: str | None) -> bool:
    """Whether a link to ``href`` (read against ``base``) leads to the page at ``url``: the same address
    (:func:`address_key`), and every field of ``url``'s query in the link's too, with its value (a story of a
    site that addresses its stories by query, ``view.html?idx=7``, is not another's; a link's own fields, a
    ``?ref=related``, say nothing).

    >>> links_to("/view.html?idx=7&ref=box", "https://example.com/", "https://example.com/view.html?idx=7")
    True
    >>> links_to("/view.html?idx=8", "https://example.com/", "https://example.com/view.html?idx=7")
    False
    >>> links_to("/news/a?ref=box#top", "https://example.com/", "https://example.com/news/a/")
    True
    """
    return _leads_to(_address(href, base), _address(url))


def _leads_to(
    found: tuple[str, frozenset[tuple[str, str]]] | None, wanted: tuple[str, frozenset[tuple[str, str]]] | None
) -> bool:
    """:func:`links_to` of a link's and a page's :func:`_address`."""
    return wanted is not None and found is not None and wanted[0] == found[0] and wanted[1] <= found[1]


def _browsed(url: str) -> str:
    r"""``url`` as a browser reads a web address: without tabs and newlines (:data:`_URL_NOISE`), and a backslash
    before its query a slash, as the URL standard reads one in an ``http`` address (Python's parser reads it as a
    letter: ``https://evil.example\@source.example/story`` leads to evil.example, not to the host after ``@``).

    >>> _browsed("https://evil.example\\@source.example/a\\b?q=\\")
    'https://evil.example/@source.example/a/b?q=\\'
    """
    url = _URL_NOISE.sub("", url).strip(" \f")
    head, mark, rest = url.partition("?") if "?" in url.partition("#")[0] else url.partition("#")
    return head.replace("\\", "/") + mark + rest


def _address(url: str | None, base: str | None = None) -> tuple[str, frozenset[tuple[str, str]]] | None:
    """:func:`address_key` of ``url``, and the fields of its query."""
    if url is None:
        return None
    url = _browsed(url)
    try:
        if base is not None:
            url = urljoin(_browsed(base), url)
        if url.startswith("//"):  # no scheme to take from a base: either is the same page
            url = f"https:{url}"
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:  # a port out of range, a bracketed host that is no IPv6 address
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    host = host.removeprefix("www.")
    if port is not None and port not in _DEFAULT_PORTS:
        host = f"{host}:{port}"
    fields = frozenset(parse_qsl(parts.query, keep_blank_values=True))
    return host + quote(unquote(parts.path), safe=_PATH_SAFE).rstrip("/"), fields


_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "ne", "or"})


def _registered(host: str) -> str:
    """The registered domain of a host: two labels, three under a country's second level (express.co.uk).

    >>> _registered("hosted.ap.org"), _registered("www.express.co.uk"), _registered("jaraguadosul.sc.gov.br")
    ('ap.org', 'express.co.uk', 'sc.gov.br')
    """
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def _subdomains(host: str) -> list[str]:
    """The labels of a host before its registered domain (``hosted`` of hosted.ap.org; none of express.co.uk)."""
    return host.split(".")[: -len(_registered(host).split("."))]


def _host_of(link: str) -> str | None:
    """The host of a web address, lower case, without ``www.`` (None when ``link`` is not one).

    >>> _host_of("https://www.hawaiinewsnow.com/2019/x"), _host_of("Hawaii News Now")
    ('hawaiinewsnow.com', None)
    """
    host = re.match(r"https?://(?:www\.)?([^/:?#\s]+)", link, re.IGNORECASE)
    return host.group(1).lower() if host else None


def declared_meta(
    *, date: object = None, outlet: object = None, title: object = None, url: object = None
) -> DocumentMeta | None:
    """Metadata a file declares (HTML tags, JSONL fields), or None when it declares none.

    The outlet falls back to the URL's host; a date that does not parse is dropped.

    >>> declared_meta(date="16 Jan 2025", url="https://www.tasnimnews.com/en/1")
    DocumentMeta(date='2025-01-16', outlet='tasnimnews.com', title=None, attributions=(), mentions=(), \
mixed_script=(), url='https://www.tasnimnews.com/en/1', outlet_from_dateline=False)
    """

    def clean(value: object) -> str | None:
        return " ".join(value.split()) or None if isinstance(value, str) else None

    iso = parse_date(clean(date) or "") if clean(date) else None
    name = clean(outlet)
    link = clean(url)
    host = _host_of(link) if link is not None else None
    if name is not None and _host_of(name) is not None:  # a site name given as its address
        name = _host_of(name)
    if host is not None and name is not None and source_key(name) in _subdomains(host):
        # "Hosted" on hosted.ap.org: the name of a subdomain, not of the outlet
        name = _registered(host)
    if name is None:
        name = host
    web = link if link is not None and _WEB_URL.match(link) else None
    meta = DocumentMeta(date=iso, outlet=name, title=clean(title), url=web)
    return None if meta == DocumentMeta() else meta


def merge_meta(found: DocumentMeta, declared: DocumentMeta | None) -> DocumentMeta:
    """Declared date, outlet and title win; the text's own fill the gaps; attributions come from the text.

    A page's or an export's structured metadata is what the publisher stated
    about the article; what :mod:`provenance.text.metadata` reads from the text is a
    heuristic, so it only fills what the file does not declare.

    >>> merge_meta(DocumentMeta(date="2020-01-01", title="T"), DocumentMeta(date="2025-01-16"))
    DocumentMeta(date='2025-01-16', outlet=None, title='T', attributions=(), mentions=(), mixed_script=(), \
url=None, outlet_from_dateline=False)
    """
    if declared is None:
        return found
    return DocumentMeta(
        date=declared.date or found.date,
        outlet=declared.outlet or found.outlet,
        title=declared.title or found.title,
        attributions=found.attributions,
        mentions=found.mentions,
        mixed_script=found.mixed_script,
        url=declared.url or found.url,
        outlet_from_dateline=found.outlet_from_dateline and not declared.outlet,
    )


_DATE_PARAMS: dict[str, Any] = {"original_date": True, "extensive_search": False, "max_date": "2100-12-31"}

# The extraction's own measures (chosen on the DEV part of the article-extraction benchmark by
# cross-validation over sites: benchmarks/eval_extraction.py; see docs/inputs.md).
_WORD = re.compile(r"\w+")
_SHINGLE = 4
"""Words per shingle when a paragraph of the page is looked for in the extracted text (the benchmark's 4)."""
_KEPT_SHARE = 0.5
"""A page paragraph counts as kept when at least this share of its 4-word shingles is in the extracted text."""
_QUOTED_SHARE = 0.9
"""... and a quoted block's paragraph (an embedded post, a blockquote) only at this share: the story quoting
part of it in its own words is not the block kept."""
PROSE_MIN_WORDS = 20
"""A ``<p>`` of at least this many words is prose the page shows (shorter ones are captions, bylines, menus)."""
LOW_COVERAGE = 0.5
"""Below this share of the page's prose words kept, the extraction is suspiciously short: a warning."""
LOW_COVERAGE_MIN_WORDS = 150
"""... and only when at least this many prose words were left out (a few paragraphs, not a teaser)."""
BODY_SHARE = 0.05
"""A container class is the article body's when its kept paragraphs hold at least this share of the kept words
(a related-links list with one teaser kept is not; chosen by cross-validation over sites, 0.05-0.5 tried)."""
_MAX_RECOVERED_RUNS = 50
"""Runs of recovered paragraphs placed after their predecessor; any more go at the end (keeps the cost linear)."""
MAX_DROPPED = 0.5
"""The line filter is undone when it would leave out more than this share of the words (the second extractors
then missed the body, not the chrome)."""
_OUTSIDE_PROSE = frozenset(
    {"nav", "header", "footer", "aside", "form", "button", "select", "noscript", "template", "a"}
)
"""Where a ``<p>`` is no prose of the article: page chrome, and links (a paragraph inside an ``<a>`` is another
story's teaser card)."""


@dataclass(frozen=True)
class HtmlExtraction:
    """What was read from an HTML page: its article text, declared metadata and how much of the page it kept."""

    text: str
    """The article text (trafilatura's, with body paragraphs it left out put back)."""
    declared: DocumentMeta | None
    """Title, date, site name and canonical URL the page declares."""
    recovered: int
    """Paragraphs put back: the rest of an article body split over sibling containers of the same class."""
    prose_words: int
    """Words in the page's prose paragraphs (``<p>`` of :data:`PROSE_MIN_WORDS` words or more, outside
    navigation, headers, footers, asides and forms)."""
    kept_words: int
    """Of those, the words of paragraphs found in :attr:`text`."""
    warning: str | None = None
    """Why the text may be incomplete (little of the page's prose kept) or hold more than the article (a page
    too crowded for trafilatura, read as its visible text), or None."""
    dropped: int = 0
    """Lines of trafilatura's text left out: the headline, and lines no second extractor kept (chrome)."""
    shown: ShownLines | None = field(default=None, repr=False)
    """The page's lines as a reader is shown it, chrome and all, with their link targets, when asked for
    (:func:`extract_page`'s ``shown``: a page a check reads outside its article too), else None; out of the
    repr, a page's every line."""


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + _SHINGLE]) for i in range(max(1, len(words) - _SHINGLE + 1))}


@dataclass
class _Para:
    element: Any
    parent: Any
    signature: tuple[str, str]
    text: str
    words: int
    kept: bool
    quote: Any = None
    """The ``<blockquote>`` it is in (the nearest), or None."""


def _paragraphs(tree: Any, have: set[tuple[str, ...]]) -> list[_Para]:
    """Every non-empty ``<p>`` of the page in document order, and whether the extracted text holds it."""
    found = []
    for element in tree.iter("p"):
        text = " ".join("".join(element.itertext()).split())
        words = _WORD.findall(text)
        if not words:
            continue
        shingles = _shingles(words)
        share = len(shingles & have) / len(shingles)
        parent = element.getparent()
        tag = parent.tag if parent is not None and isinstance(parent.tag, str) else ""
        classes = " ".join((parent.get("class") or "").split()) if parent is not None else ""
        quote = next(element.iterancestors("blockquote"), None)
        kept = share >= (_KEPT_SHARE if quote is None else _QUOTED_SHARE)
        found.append(_Para(element, parent, (tag, classes), text, len(words), kept, quote))
    return found


def _recover(text: str, paragraphs: list[_Para], body_share: float) -> tuple[str, list[str]]:
    """``text`` with the paragraphs of left-out sibling body containers put back, and their texts.

    Some sites split one article body over several containers of the same class, with an ad or a
    widget between them (Wired's ``article__body``); the extractor keeps the first and stops. A
    ``<p>`` is put back when its parent has the class signature (tag and class attribute, never an
    empty one) of containers holding at least ``body_share`` of the kept paragraphs' words, and none
    of its parent's own paragraphs was kept (a container the extractor went through, keeping some
    paragraphs and leaving others, made a choice).

    An embedded post (a ``<blockquote class="twitter-tweet">``: the extractor leaves it out, though it is
    part of the story, as the benchmark's truth has it) is put back too, its attribution line ("— Name
    (@handle) date") after its last paragraph; so is any other ``<blockquote>`` whose paragraphs were all
    left out between two kept paragraphs (a quoted block inside the story: Wired's call for tips).
    """
    kept_parents = {id(p.parent) for p in paragraphs if p.kept}
    words: dict[tuple[str, str], int] = {}
    for p in paragraphs:
        if p.kept and p.signature[1]:
            words[p.signature] = words.get(p.signature, 0) + p.words
    total = sum(p.words for p in paragraphs if p.kept)
    body = {signature for signature, n in words.items() if n >= body_share * total}
    extra = {id(p) for p in paragraphs if not p.kept and p.signature in body and id(p.parent) not in kept_parents}
    posts = _posts(paragraphs)
    extra |= posts.keys() | _quoted(paragraphs, extra)
    if not extra:
        return text, []
    # Runs of recovered paragraphs, each placed after the kept paragraph before it in the page.
    runs: list[tuple[_Para | None, list[str]]] = []
    previous: _Para | None = None
    for p in paragraphs:
        if id(p) in extra:
            p.kept = True  # in the text from now on
            line = posts.get(id(p), p.text)
            if runs and runs[-1][0] is previous:
                runs[-1][1].append(line)
            else:
                runs.append((previous, [line]))
        elif p.kept:
            previous = p
    pieces: list[str] = []
    cursor = 0
    tail: list[str] = []
    for n, (after, texts) in enumerate(runs):
        at = -1
        if after is not None and n < _MAX_RECOVERED_RUNS:
            mark = after.text[-40:]
            at = text.find(mark, cursor)
            if at >= 0:
                line_end = text.find("\n", at + len(mark))
                at = len(text) if line_end < 0 else line_end
        if at < 0:
            tail.extend(texts)
            continue
        pieces += [text[cursor:at], *("\n" + t for t in texts)]
        cursor = at
    pieces.append(text[cursor:])
    pieces += ["\n" + t for t in tail]
    put_back = [posts.get(id(p), p.text) for p in paragraphs if id(p) in extra]
    return "".join(pieces), [line for piece in put_back for line in piece.split("\n")]


def _posts(paragraphs: list[_Para]) -> dict[int, str]:
    """The left-out paragraphs of embedded posts (``blockquote.twitter-tweet``) by id, each with the text to
    put back: its own, and after a post's last paragraph the post's attribution (its text outside them)."""
    found: dict[int, str] = {}
    last: dict[int, _Para] = {}
    for p in paragraphs:
        parent = p.parent
        post = parent is not None and parent.tag == "blockquote"
        if not p.kept and post and "twitter-tweet" in (parent.get("class") or "").split():
            found[id(p)] = p.text
            last[id(parent)] = p
    for p in last.values():
        outside = [p.parent.text or ""]
        for child in p.parent:
            if child.tag != "p" and isinstance(child.tag, str):
                outside.append("".join(child.itertext()))
            outside.append(child.tail or "")
        attribution = " ".join("".join(outside).split())
        if _WORD.search(attribution):
            found[id(p)] = f"{p.text}\n{attribution}"
    return found


def _quoted(paragraphs: list[_Para], extra: set[int]) -> set[int]:
    """Ids of the left-out paragraphs of blockquotes lying between two paragraphs outside the quote that are
    kept or put back (ids in ``extra``)."""

    def kept(p: _Para) -> bool:
        return p.kept or id(p) in extra

    found: set[int] = set()
    start = 0
    while start < len(paragraphs):  # runs of consecutive paragraphs in one blockquote (or in none)
        quote = paragraphs[start].quote
        end = start + 1
        while end < len(paragraphs) and paragraphs[end].quote is quote:
            end += 1
        run = paragraphs[start:end]
        between = start > 0 and end < len(paragraphs) and kept(paragraphs[start - 1]) and kept(paragraphs[end])
        if quote is not None and between and not any(p.kept for p in run):
            found |= {id(p) for p in run}
        start = end
    return found


def _site_name(tree: Any) -> str | None:
    """The page's own ``og:site_name``: the site that publishes it, where trafilatura may prefer the
    JSON-LD ``publisher`` (an AP story on timesunion.com declares "Associated Press" there, so a second
    paper's AP dateline read as crediting the Times Union)."""
    for value in tree.xpath("//meta[@property='og:site_name']/@content"):
        name = " ".join(str(value).split())
        if name:
            return name
    return None


_SECTIONS = frozenset(
    {"us", "uk", "world", "news", "home", "business", "politics", "sports", "sport", "markets", "opinion"}
    | {"technology", "tech", "europe", "asia", "africa", "americas", "middleeast", "entertainment", "health"}
)
"""Folded section names a page may declare as its ``og:site_name`` (Reuters: "U.S.")."""


def _published_time(tree: Any) -> str | None:
    """The page's ``article:published_time`` with its offset, in UTC (``YYYY-MM-DDTHH:MM``, by
    :func:`~provenance.text.metadata.parse_date`, as every declared date): pages of two time zones compare
    by the hour, not by their local calendar days (08:00 +08 on the 21st is before 21:00 -05 on the 20th);
    None without one, or without an offset.

    >>> from lxml import html
    >>> _published_time(html.fromstring('<html><head><meta property="article:published_time"'
    ...     ' content="2019-11-21T08:00:00+08:00"></head><body></body></html>'))
    '2019-11-21T00:00'
    """
    import datetime

    for value in _declared_times(tree):
        value = value.strip()[:64]
        try:
            aware = datetime.datetime.fromisoformat(value).tzinfo is not None
        except ValueError:
            continue
        if aware and (found := parse_date(value)):
            return found
    return None


_PUBLISHED_META = "|".join(
    f"//meta[@{attribute}='{name}']/@content"
    for name in ("article:published_time", "og:article:published_time")
    for attribute in ("property", "name")
)


def _declared_times(tree: Any) -> Iterator[str]:
    """The publication times a page declares, the most specific first: ``article:published_time`` (or
    Reuters' ``og:article:published_time``) in a meta property or name, then a ``datePublished`` item
    property, then a ``datePublished`` of its JSON-LD (top level, a list, or an ``@graph``).

    >>> from lxml import html
    >>> list(_declared_times(html.fromstring('<html><head><script type="application/ld+json">'
    ...     '{"@graph": [{"@type": "NewsArticle", "datePublished": "2019-11-20T05:57:50Z"}]}</script>'
    ...     '<meta itemprop="datePublished" content="2019-11-20T10:43Z"></head><body></body></html>')))
    ['2019-11-20T10:43Z', '2019-11-20T05:57:50Z']
    """
    yield from map(str, tree.xpath(_PUBLISHED_META))
    yield from map(str, tree.xpath("//meta[@itemprop='datePublished']/@content"))
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(str(script))
        except (ValueError, RecursionError):
            continue
        items = data if isinstance(data, list) else [data]
        items = [*items, *(g for i in items if isinstance(i, dict) for g in _as_list(i.get("@graph")))]
        dated = (i.get("datePublished") for i in items if isinstance(i, dict))
        yield from (d for d in dated if isinstance(d, str))


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


_TITLE_SEPARATOR = re.compile(r"(?<![ \t])[ \t]++[-|–—·:][ \t]++")


def _folded(name: str) -> str:
    return "".join(c for c in name.casefold() if c.isalnum())


def _headline(tree: Any, title: str | None, site: str | None, url: str | None) -> str | None:
    """The page's headline from trafilatura's ``title``: not the site's name (a heading that links to the
    home page, as entermedia.co.kr's header does: then the ``<title>``), and without a trailing `` - Site``
    or `` | Site`` naming the site or its address ("… program - SpaceNews.com", "… - IGN").

    >>> from lxml import html
    >>> page = html.fromstring('<html><head><title>Story told - Entermedia</title></head><body>'
    ...     '<h1><a href="/">Ent Media</a></h1></body></html>')
    >>> _headline(page, "Ent Media", None, None), _headline(page, "A - SpaceNews.com", None, "https://spacenews.com/a")
    ('Story told', 'A')
    """
    if title is not None and _folded(title):
        home = tree.xpath("//a[@href='/']")
        if any(_folded(a.text_content()) == _folded(title) for a in home[:20]):
            title = " ".join(" ".join(map(str, tree.xpath("//title/text()"))).split()) or None
            ends = list(_TITLE_SEPARATOR.finditer(title or ""))
            if title and ends and len(title[ends[-1].end() :].split()) <= 4:  # "... - Entermedia": the site's
                title = title[: ends[-1].start()].strip() or title
    if title is None:
        return None
    host = (urlsplit(url).hostname or "").removeprefix("www.") if url else ""
    names = {_folded(n) for n in (site or "", host, host.split(".")[0]) if _folded(n)}
    # Each segment between two separators is read once (slicing the rest of the title at each separator
    # made "a - " x 40,000 take 5 s).
    separators = list(_TITLE_SEPARATOR.finditer(title))
    stops = [following.start() for following in separators[1:]] + [len(title)]
    for separator, end in zip(separators, stops, strict=False):  # no separator: no segment
        segment = title[separator.end() : end]
        if _folded(segment) in names:
            return title[: separator.start()].strip() or title
    return title


def _canonical(tree: Any) -> str | None:
    """The page's ``<link rel="canonical">``, else its ``og:url``: an absolute web address (trafilatura finds
    none on a Reuters page that declares both).

    >>> from lxml import html
    >>> _canonical(html.fromstring('<html><head><link rel="canonical" href="/a"><meta property="og:url"'
    ...     ' content="https://www.reuters.com/article/x"></head><body></body></html>'))
    'https://www.reuters.com/article/x'
    """
    found = tree.xpath("//link[@rel='canonical']/@href|//meta[@property='og:url']/@content")
    return next((str(u).strip() for u in found if _WEB_URL.match(str(u).strip())), None)


def _outlet_of(site: str | None, found: str | None, url: object) -> str | None:
    """The page's outlet among its ``og:site_name`` and trafilatura's site name: the one its address names
    (Reuters declares the site name "U.S.", a section; the Times Union's JSON-LD publisher is "Associated
    Press", the wire it runs), else the declared site name.

    >>> _outlet_of("U.S.", "Reuters", "https://www.reuters.com/article/x"), _outlet_of("Times Union",
    ...     "Associated Press", "https://www.timesunion.com/news/x"), _outlet_of("U.S.", "Reuters", None)
    ('Reuters', 'Times Union', 'Reuters')
    """
    if site and source_key(site) in _SECTIONS:  # a section's name, not the site's
        site = None
    host = _host_of(url) if isinstance(url, str) else None
    if host is not None:
        label = source_key(_registered(host))
        for name in (found, site):
            key = source_key(name) if name else ""
            # "The Hill" on thehill.com: the host keeps the "the" the key folds away
            if key and (label in (key, f"the{key}") or (key.startswith(label) and len(label) >= 4)):
                return name
    return site or found


def _drop_hidden(tree: Any) -> None:
    """Remove what a browser never shows: an element with the ``hidden`` attribute (unless the page shows it
    again: :func:`.styles.hidden`) or one the page's styles,
    inline or in its ``<style>`` rules, take out of view (``display: none``, ``opacity: 0``, a visually-hidden
    clip, an element put off the screen: :func:`.styles.hidden`), and blank the text an inherited
    ``visibility: hidden``, ``font-size: 0`` or ``color: transparent`` hides (its descendants' too, but for
    those that set a visible one again).  A credit only the extractor would read ("<p hidden>",
    ``style="Display:none"``, ``<style>.c{display:none}</style>``) made a copy pass as credited."""
    from .styles import hidden

    removed, declared = hidden(tree)
    doomed = [element for element in removed if element.tag != "style"]  # a sheet applies, hidden or not
    for element in doomed:
        if element.getparent() is not None:
            for sheet in list(
                element.iter("style")
            ):  # applied wherever it sits: kept, in its place, for the readers after
                sheet.tail = None
                element.addprevious(sheet)
    _drop_trees(doomed)  # in one pass: one at a time, 40,000 hidden spans with tails took 21 s (1.5 MB)
    if any(value is True for inherited in declared.values() for value in inherited):
        _blank_invisible(tree, declared)


_NO_BOX = frozenset({"html", "head", "title", "style", "script", "meta", "link", "template", "noscript", "base"})
"""Elements whose generated text no reader sees (the browser draws none of them)."""


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters lxml refuses in a text (those XML 1.0 does not allow)."""


def _read_generated(tree: Any, html: str) -> None:
    """Put the text the page's style sheet generates before or after an element (:func:`.styles.generated`) in
    the element's place: a copy kept in ``p.x::before{content: "…"}`` rules (or ``content: attr(data-text)``)
    is shown to every reader and was never read; the page's styles then hide it or not with its element; spaces
    alone (``content: " "``) where a word is typed against the element (:func:`_glued_edges`).  Only a page
    ``html`` holding a ``::before`` or ``::after`` is read (:data:`.styles.GENERATING`)."""
    from .styles import GENERATING, generated

    if not GENERATING.search(html):
        return
    for element, side, made in generated(tree, lambda: _glued_edges(tree)):
        text = _NOT_XML.sub("", made)  # a CSS escape ("\\1 ") lxml refuses, and a browser draws as nothing
        if str(element.tag).lower() in _NO_BOX or any(str(e.tag).lower() == "head" for e in element.iterancestors()):
            continue
        if side in ("before", "marker"):
            element.text = text + (element.text or "")
        elif len(element):
            element[-1].tail = (element[-1].tail or "") + text
        else:
            element.text = (element.text or "") + text


_OVERRIDDEN = re.compile(r"[\u202d\u202e]|&#(?:x0*202[de]|0*823[78]);?|<bdo|-override", re.IGNORECASE)
"""What a page must hold for :func:`_read_overrides` to read it: an override, as itself or a character
reference, a ``<bdo>``, or CSS's ``unicode-bidi: bidi-override``."""


_ORDERED_BY = re.compile(r"reverse|(?<![-\w])order|rtl|float|grid-(?:row|column|area|auto-flow)|\\", re.IGNORECASE)
"""What a page must hold for its layout to show a box out of the source's order (:func:`_read_in_shown_order`),
a CSS escape too."""


def _read_overrides(tree: Any) -> None:
    """Put the text of each paragraph shown under a bidirectional override (U+202E, U+202D, a ``<bdo
    dir=rtl>``, CSS's ``unicode-bidi: bidi-override`` right to left: :func:`.styles.overridden`) in the order a
    reader reads it (:func:`.normalize.reading_order`; the paragraph's inline markup goes, its text stays): a
    copy typed backwards under one read as the original on the screen, and passed (trafilatura drops the
    override characters, the letters stayed backwards).  In a paragraph holding another block, each run of inline
    content between blocks is read so (:func:`_read_runs_in_order`): a browser ends an override at a block."""
    from ..text.normalize import reading_order
    from .styles import BLOCKS, overridden

    bdo = [element for element in tree.xpath("//bdo") if (element.get("dir") or "").strip().lower() == "rtl"]
    owners: list[Any] = [*dict.fromkeys([*bdo, *overridden(tree)])]
    for element in owners:  # shown right to left whatever its letters: as under U+202E
        element.text = "\u202e" + (element.text or "")
        if len(element):
            element[-1].tail = (element[-1].tail or "") + "\u202c"
        else:
            element.text += "\u202c"
    for piece in tree.xpath("//text()[contains(., '\u202e') or contains(., '\u202d')]"):
        owner = piece.getparent()
        owners.append(owner.getparent() if piece.is_tail else owner)
    blocks: dict[Any, None] = {}  # each once, in the order first met
    for owner in owners:
        if owner is not None:
            block = next((e for e in owner.iterancestors() if str(e.tag).lower() in BLOCKS), None)
            blocks[owner if str(owner.tag).lower() in BLOCKS else block] = None
    holding = _holding_blocks(tree)
    for block in blocks:
        if block is not None:
            _read_runs_in_order(block, reading_order, holding)


def _read_in_shown_order(tree: Any) -> None:
    """Put the boxes a page's layout shows in another order than its source's in the order a reader reads them
    (:func:`.styles.shown_order`: a flex container's ``row-reverse`` or ``order``, a grid's placement, a table
    under ``dir=rtl``, boxes floated right): a copy typed a row of words backwards, each word a box the layout
    turns round, was read backwards and passed.  An element is left as it is unless the new order holds each of
    its children once and its text as before (:func:`_permutes`): a grid of -3 columns lost every child."""
    from .styles import shown_order

    for element, items in shown_order(tree).items():
        if not _permutes(element, items):
            continue
        for child in list(element):
            element.remove(child)  # lxml keeps a removed element's tail with it
        element.text, last = "", None
        for item in items:
            if isinstance(item, str):
                if last is None:
                    element.text += item
                else:
                    last.tail = (last.tail or "") + item
            else:
                item.tail = None
                element.append(item)
                last = item


def _permutes(element: Any, items: list[Any]) -> bool:
    """Whether ``items`` (strings and elements) hold each child of ``element`` once and the same text, but white
    space, as its text and the children's tails: only the order changes."""
    children = [item for item in items if not isinstance(item, str)]
    if len(children) != len(element) or {id(child) for child in children} != {id(child) for child in element}:
        return False
    texts = [element.text, *(child.tail for child in element)]
    return Counter(t for t in texts if t and t.strip()) == Counter(t for t in items if isinstance(t, str) and t.strip())


def _holding_blocks(tree: Any) -> set[Any]:
    """The elements of ``tree`` that are blocks or a table's parts or hold one (one walk of the page, from its
    leaves: linear)."""
    from lxml import etree

    from .styles import BLOCKS

    ends = BLOCKS | _TABLE_TAGS  # each cell a paragraph of its own, as a block's
    out: set[Any] = set()
    for _, element in etree.iterwalk(tree, events=("end",)):
        if isinstance(element.tag, str) and (element.tag.lower() in ends or any(c in out for c in element)):
            out.add(element)
    return out


def _read_runs_in_order(element: Any, reading_order: Callable[[str], list[int] | None], holding: set[Any]) -> None:
    """Put each run of ``element``'s inline content (its text, inline children and their tails, up to a block
    child) in the order a reader reads it (:func:`.normalize.reading_order`), the run's inline markup dropped.  A
    block ends a browser's bidirectional paragraph, and with it an override (U+202E typed before a ``<div>`` is
    shown reversed up to it, never across it); an inline child holding a block, a table and its cells are such
    elements themselves.

    >>> import lxml.html
    >>> from provenance.text.normalize import reading_order
    >>> page = lxml.html.fromstring("<div>\u202e.dias <b>eh</b><p>then</p>\u202eyadot</div>")
    >>> _read_runs_in_order(page, reading_order, _holding_blocks(page))
    >>> [text.strip("\u202e") for text in page.itertext()]
    ['he said.', 'then', 'today']
    """
    from .styles import BLOCKS

    run: list[Any] = []  # the inline children of the run after ``start``'s text (or tail)
    start: Any = element  # the element whose text (for ``element`` itself) or tail the run starts with
    for child in [*element, None]:
        if child is not None and child not in holding:
            run.append(child)
            continue
        first = start.text if start is element else start.tail
        text = (first or "") + "".join(
            piece for c in run for piece in (*(c.itertext() if isinstance(c.tag, str) else ()), c.tail or "")
        )
        order = reading_order(text)
        if order is not None:
            for c in run:
                element.remove(c)
            if start is element:
                element.text = "".join(text[i] for i in order)
            else:
                start.tail = "".join(text[i] for i in order)
        if child is not None:
            if str(child.tag).lower() not in BLOCKS:  # an inline element holding a block: its own runs
                _read_runs_in_order(child, reading_order, holding)
            run, start = [], child


def _glued_edges(tree: Any) -> tuple[dict[Any, bool], dict[Any, bool]]:
    """The elements of ``tree`` whose start, and those whose end, lies between two letters or digits with no space
    (``Iran<span>said</span>``): where a box's room alone may part two words.  One walk of the page (linear): its
    texts in document order, a block, a table's part or a ``<br>`` a line of its own, the text of what has no box
    (``<script>``, ``<style>``, ``<head>``) none."""
    from lxml import etree

    from .styles import BLOCKS

    lines = BLOCKS | _TABLE_TAGS | {"br"}
    texts: list[str] = []  # each text of the page in document order ("\n" for a line's edge)
    starts: dict[Any, int] = {}  # each element's start: the index of the first text after it
    ends: dict[Any, int] = {}
    unshown = 0
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        tag = str(element.tag).lower() if isinstance(element.tag, str) else ""
        if event == "start":
            unshown += tag in _NO_BOX and tag != "html"
            if tag in lines:
                texts.append("\n")
            if tag:
                starts[element] = len(texts)
            texts.append("" if unshown or not tag else element.text or "")
        else:
            unshown -= tag in _NO_BOX and tag != "html"
            if tag in lines:
                texts.append("\n")
            if tag:
                ends[element] = len(texts)
            texts.append("" if unshown else element.tail or "")
    before = [""] * (len(texts) + 1)  # the last character before each text, the first at or after it
    for i, text in enumerate(texts):
        before[i + 1] = text[-1] if text else before[i]
    after = [""] * (len(texts) + 1)
    for i in range(len(texts) - 1, -1, -1):
        after[i] = texts[i][0] if texts[i] else after[i + 1]

    def glued(i: int) -> bool:
        return before[i].isalnum() and after[i].isalnum()

    return (
        {element: True for element, i in starts.items() if glued(i)},
        {element: True for element, i in ends.items() if glued(i)},
    )


def _part_glued_words(tree: Any) -> None:
    """Put a space where the page types two words together and a browser shows them apart, by the room of the box
    between them (:func:`.styles.spaced`: a margin, padding or border, a block's own line, an inline block's
    width, a grid's or a spaced flex container's items): a copy typed with no space, each word in a ``<span>``
    that a rule gives ``margin-right: .3em``, read as one long word ("Kremlinsaidon") and passed.  Only where a
    letter or digit meets another at an element's edge (:func:`_glued_edges`)."""
    from .styles import spaced

    if not tree.xpath("boolean(//style | //*[@style])"):  # no box is set apart but by a style (libxml2's walk)
        return
    opening, closing = _glued_edges(tree)
    if not opening and not closing:
        return
    for element, (left, right) in spaced(tree, [*opening, *closing]).items():
        if left and element in opening:
            element.text = " " + (element.text or "")
        if right and element in closing:
            element.tail = " " + (element.tail or "")


def _blank_invisible(tree: Any, declared: Mapping[Any, Inherited]) -> None:
    """Blank the text of every element an inherited property hides: the visibility, font size, colour or text
    fill its own style ``declared`` sets, else its parent's (one walk of the page: a text before an element's
    first child is its own, a tail its parent's)."""
    from lxml import etree

    from .styles import SHOWN, hides, inherit

    texts, tails = [], []
    state: list[Inherited] = [SHOWN]
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            own = declared.get(element)
            state.append(state[-1] if own is None else inherit(own, state[-1]))
            if hides(state[-1]) and element.tag != "style":  # a sheet applies, shown or not
                texts.append(element)
        else:
            state.pop()
            if hides(state[-1]):
                tails.append(element)
    for element in texts:  # changed after the walk, which must not lose its place
        element.text = None
    for element in tails:
        element.tail = None


@dataclass(frozen=True)
class _Run:
    """A text in the measures a hover card is judged by, made from its pieces' (``+``), so that an element's
    text (``"".join(element.itertext())``) is measured once, from its children's, never read again.

    >>> _Run.of(" two wo") + _Run.of("rds ") == _Run.of(" two words ")
    True
    >>> (_Run.of(" two words ").words, _Run.of(" two words ").stripped)
    (2, 9)
    """

    length: int = 0
    """Characters."""
    words: int = 0
    """Runs of word characters (``\\w+``)."""
    word_first: bool = False
    """Whether it starts with a word character (a piece before it ending with one continues that word)."""
    word_last: bool = False
    """Whether it ends with a word character."""
    lead: int = 0
    """White space it starts with (all of it, for a blank text)."""
    trail: int = 0
    """White space it ends with."""
    blank: bool = True
    """Whether it is white space only, or empty."""

    @classmethod
    def of(cls, text: str | None) -> _Run:
        """The measures of one piece of text (None: an empty one)."""
        if not text:
            return _EMPTY_RUN
        lead = len(text) - len(text.lstrip())
        blank = lead == len(text)
        return cls(
            len(text),
            len(_WORD.findall(text)),
            _WORD.match(text[0]) is not None,
            _WORD.match(text[-1]) is not None,
            lead,
            lead if blank else len(text) - len(text.rstrip()),
            blank,
        )

    def __add__(self, other: _Run) -> _Run:
        if not other.length:
            return self
        if not self.length:
            return other
        return _Run(
            self.length + other.length,
            self.words + other.words - (self.word_last and other.word_first),
            self.word_first,
            other.word_last,
            self.lead + other.lead if self.blank else self.lead,
            other.trail + self.trail if other.blank else other.trail,
            self.blank and other.blank,
        )

    @property
    def stripped(self) -> int:
        """Characters without the white space at either end (``len(text.strip())``)."""
        return 0 if self.blank else self.length - self.lead - self.trail


_EMPTY_RUN = _Run()


@dataclass(frozen=True)
class _Subtree:
    """An element with all it holds, in the measures :func:`_drop_hover_cards` needs."""

    text: _Run
    """Its text: ``"".join(element.itertext())``."""
    links: int
    """``<a>`` elements in it, itself included."""
    linked: int
    """Characters of their texts (a link inside a link counted in both, as each link's text holds it)."""
    below: Any
    """The first card candidate down the path through the child holding the most links (the first such
    child), while that path holds two links or more; None for none."""


_FRAME_KEPT = ("id", "class", "style", "hidden")
"""The attributes of an ``<iframe srcdoc>`` its stand-in keeps: what the page's styles select it by, and hide."""


_DATA_URL = re.compile(r"\s*+data:([^,]*+),", re.IGNORECASE)


_SVG = "image/svg+xml"
_PAGE_KINDS = frozenset({"", "text/html", "text/plain", _SVG})
"""The types of a ``data:`` address a frame, an ``<object>`` or an ``<embed>`` shows (a page, a text, a
drawing); an image shows a drawing alone."""
_FRAMED = {"iframe": "src", "object": "data", "embed": "src", "img": "src"}
"""The elements a browser shows a ``data:`` address in, and the attribute holding it."""


def _data_page(src: str, kinds: frozenset[str] = _PAGE_KINDS) -> str | None:
    """The page a frame's ``data:`` address holds (``data:text/html,<p>…``, percent-encoded or base64, in its
    charset, UTF-8 by default), a text one (no type, or ``text/plain``) as a ``<pre>``, an SVG drawing
    (``image/svg+xml``) as its markup, each when its type is of ``kinds``; None for another address, which is
    not fetched.

    >>> _data_page("data:text/html;charset=utf-8,%3Cp%3EThe%20copy%3C%2Fp%3E"), _data_page("data:,a%3Cb")
    ('<p>The copy</p>', '<pre>a&lt;b</pre>')
    >>> _data_page("data:text/html;base64,PHA+eDwvcD4="), _data_page("https://x.org/a"), _data_page("data:image/png,x")
    ('<p>x</p>', None, None)
    """
    import base64
    import binascii
    from urllib.parse import unquote_to_bytes

    found = _DATA_URL.match(src)
    if found is None:
        return None
    kind, *params = (part.strip().lower() for part in found.group(1).split(";"))
    if kind not in kinds:
        return None
    raw = unquote_to_bytes(src[found.end() :].strip())
    if "base64" in params:
        try:
            raw = base64.b64decode(b"".join(raw.split()), validate=False)
        except (binascii.Error, ValueError):
            return None
    charset = next((p.split("=", 1)[1].strip("\"' ") for p in params if p.startswith("charset=")), "utf-8")
    try:
        text = raw.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        text = raw.decode("utf-8", errors="replace")
    return text if kind in ("text/html", _SVG) else f"<pre>{escape(text)}</pre>"


_FRAME_READS = 8
"""How many times the characters of a page the frames it shows may hold, all told (:func:`_open_frames`).  Each
level of frames inside frames holds the levels inside it again (escaped once more), and Chromium shows a frame
at any depth (the innermost text of 60 levels of each form, 120 ``srcdoc`` levels loaded): a budget of levels
(three times what the page's own frames held, round thirteen) dropped what lay past it unread, and a copy of
seeds/001 nested 6 deep passed.  A budget of characters keeps the reading linear, each character of the page
parsed at most nine times however deep the frames nest, and reads a copy as deep as that allows (seeds/001 in
12 ``srcdoc`` levels, 15 ``data:`` ones, any number of base64 ones, each a third larger than the one inside); a
page whose frames hold more is refused (:class:`DecodeError`), never read in part."""


def _open_frames(tree: Any, size: int) -> list[str]:
    """Put the body of each ``<iframe srcdoc="…">`` in the page in its place (a ``<div>``), or of one whose
    ``src`` is a ``data:`` address of a page, a text or a drawing (:func:`_data_page`), and so of an
    ``<object>`` or an ``<embed>`` (its fallback content not shown), and of an image whose ``src`` is an SVG
    drawing holding words (read as an SVG drawing is): a browser shows it, and a copy kept there passed as "no
    reuse found".  Its ``<style>`` and ``<script>`` elements are left
    out (a frame's style sheet applies inside the frame only).  A frame inside it is opened in turn, as a browser
    shows it (a copy in an ``<iframe>`` of an ``<object>``'s ``data:`` page passed), and a frame in the fallback of
    an ``<object>`` opened is not (Chromium shows neither the fallback nor its frames).  The frames of a page of
    ``size`` characters hold no more than :data:`_FRAME_READS` times as many, all told, or :class:`DecodeError`
    is raised.  The documents opened, as written (what the page's own markup does not show: a ``srcdoc``'s
    escaped, a ``data:`` one's encoded), for :func:`_shown_tree` to look in for what it reads only when a page
    holds it (a declarative shadow root, a zero-width space)."""
    import lxml.html
    from lxml import etree

    frames = list(tree.iter(*_FRAMED))
    budget = _FRAME_READS * max(size, 1)
    documents: list[str] = []
    while frames:
        opened, budget = _open_frame_level(frames, budget, lxml.html, etree, documents)
        frames = [frame for stand_in in opened for frame in stand_in.iter(*_FRAMED)]
    return documents


def _open_frame_level(
    frames: list[Any], budget: int, lxml_html: Any, etree: Any, documents: list[str]
) -> tuple[list[Any], int]:
    """Open ``frames`` (:func:`_open_frames`), in the order of the page, with ``budget`` characters left for what
    they hold, each document opened added to ``documents``; the stand-ins, and the characters left.  Raises
    :class:`DecodeError` when they hold more."""
    opened: list[Any] = []
    fallback: set[Any] = set()  # the frames in the fallback of an object opened: not shown
    for frame in frames:
        if frame in fallback:
            continue
        tag = str(frame.tag).lower()
        inner = frame.get("srcdoc") if tag == "iframe" else None
        if inner is None:  # a srcdoc, if any, is what the frame shows
            inner = _data_page(frame.get(_FRAMED[tag]) or "", frozenset({_SVG}) if tag == "img" else _PAGE_KINDS)
        if not inner or not inner.strip():
            continue
        budget -= len(inner)
        if budget < 0:
            raise DecodeError(
                f"frames inside frames hold more than {_FRAME_READS} times the page's characters; "
                "refused, not read in part"
            )
        try:
            body = lxml_html.document_fromstring(_bounded_tags(inner)).body  # no tag of 10^5 attributes
        except (etree.ParserError, ValueError):
            continue
        parent = frame.getparent()
        if parent is None or body is None:  # a frameset or a head alone: no body to show
            continue
        if tag == "img" and not any(t.text_content().strip() for t in body.iter("text", "foreignobject")):
            continue  # a drawing without words (a lazy image's placeholder): the image, and its alt text, stay
        _drop_trees(list(body.iter("style", "script")))
        stand_in = frame.makeelement("div", {k: v for k, v in frame.attrib.items() if k in _FRAME_KEPT})
        stand_in.text = body.text
        stand_in.extend(list(body))
        void = tag in ("embed", "img")  # void elements libxml2 may leave open: what it puts in them follows them;
        after = list(frame) if void else []  # an iframe's or object's own is the fallback it shows instead
        if not void:
            fallback.update(frame.iter(*_FRAMED))
        stand_in.tail = ((frame.text or "") if void else "") + (frame.tail or "") if not after else frame.text
        if after:
            after[-1].tail = (after[-1].tail or "") + (frame.tail or "")
        parent.replace(frame, stand_in)
        at = parent.index(stand_in)
        for n, element in enumerate(after, 1):
            parent.insert(at + n, element)
        opened.append(stand_in)
        documents.append(inner)
    return opened, budget


_ZERO_WIDTH_SPACE = re.compile(
    r"\u200b|&(?:#x0*200b|#0*8203|ZeroWidthSpace|Negative(?:Very)?(?:Thin|Medium|Thick)Space);?", re.IGNORECASE
)
"""A zero-width space in a page, typed or as a character reference."""
_UNSHOWN_TEXT = frozenset({"script", "style"})


def _space_zero_widths(tree: Any) -> None:
    """Write as spaces the zero-width spaces the page uses as spaces (:func:`~provenance.text.normalize.
    zero_width_breaks`, judged on the page's text in document order, a block or ``<br>`` a line): trafilatura
    drops every character it cannot print, and a copy with one for each space (``&#x200B;``) was read as one
    word a paragraph."""
    from lxml import etree

    from ..text.normalize import zero_width_breaks
    from .styles import BLOCKS

    pieces: list[str] = []
    nodes: list[tuple[Any, str, int, str]] = []  # an element, "text" or "tail", where its text starts, its text
    at = 0

    def add(element: Any, where: str, text: str | None, line: bool) -> None:
        nonlocal at
        if line:  # a block starts or ends: a line of its own, as a browser sets it
            pieces.append("\n")
            at += 1
        if text:
            nodes.append((element, where, at, text))
            pieces.append(text)
            at += len(text)

    for event, element in etree.iterwalk(tree, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        line = tag in BLOCKS or tag == "br"
        if event == "start":
            add(element, "text", None if not tag or tag in _UNSHOWN_TEXT else element.text, line)
        else:
            add(element, "tail", element.tail, line)
    joined = "".join(pieces)
    spaced = zero_width_breaks(joined)
    if spaced is joined:
        return
    for element, where, start, text in nodes:
        piece = spaced[start : start + len(text)]
        if piece != text:
            setattr(element, where, piece)


_IMAGE_DATA = re.compile(r"data:image/[^,]*,.", re.IGNORECASE | re.DOTALL)
_MIN_ALT_BOX = 10
"""A ``width`` or ``height`` (pixels) below which an image's box shows no legible line of its alt text."""


def _shows_alt(attributes: Mapping[str, str], *, pictured: bool = False) -> bool:
    """Whether a browser shows the alt text of an image of ``attributes`` (names in lower case, the first of
    a name) in its place: it names no source (no ``src``, an empty one, or a ``data:`` address holding no
    image), no ``srcset``, no ``data-…`` attribute a script would give a source by (a lazily loaded image),
    no ``<picture>`` gives it one (``pictured``: :func:`_pictured`), and its box is not too small to show a
    line of text (:data:`_MIN_ALT_BOX`).  The one rule for a page's images and a Markdown file's
    (:func:`_shown_value`).

    >>> [_shows_alt(a) for a in ({"alt": "x"}, {"alt": "x", "src": "data:,"}, {"alt": "x", "data-src": ""},
    ...     {"alt": "x", "width": "1"}, {"alt": " "})]
    [True, True, False, False, False]
    """
    alt = attributes.get("alt")
    if not alt or not alt.strip() or pictured:
        return False
    source = (attributes.get("src") or "").strip()
    if source and (not source.lower().startswith("data:") or _IMAGE_DATA.match(source)):
        return False
    if any(name == "srcset" or name.startswith("data-") for name in attributes):
        return False
    for size in (attributes.get("width"), attributes.get("height")):
        number = re.match(r"\s*0*(\d{1,9})", size or "")  # no more digits than int() reads
        if number is not None and int(number.group(1)) < _MIN_ALT_BOX:
            return False
    return True


_TEXT_BOXES = {"input": 20, "textarea": 2_000}
"""Characters an ``<input>`` shows at most (its default ``size``, widened by a ``size`` attribute), and a
``<textarea>`` shows without scrolling at most (a 40 by 50 box)."""
_TEXT_INPUTS = frozenset({"", "text", "search", "email", "url", "tel", "submit", "reset", "button"})
_LIST_BOX_ROWS = 4
"""The options a ``<select multiple>`` without a ``size`` shows."""


def _pictured(image: Any) -> bool:
    """Whether the ``<picture>`` the page's ``image`` is in gives it a source: a ``<source>`` of a ``srcset``
    (libxml2 reads a ``<source>`` as holding what follows it: the image may be in one).  One without
    (``<picture><img alt="…"></picture>``) shows the alt text, Chromium measured: a copy kept so passed, read
    as an image's."""
    picture = next(image.iterancestors("picture"), None)
    return picture is not None and any((source.get("srcset") or "").strip() for source in picture.iter("source"))


def _shown_value(tag: str, attributes: Mapping[str, str], *, pictured: bool = False) -> tuple[str, int] | None:
    """Which attribute of the empty element ``tag`` (``img``, ``input``; its ``attributes`` as
    :func:`_shows_alt` takes them) a browser shows as its text, and at most how many of its characters: an
    image's alt text (an image input's too) when :func:`_shows_alt`, a text input's value (its first ``size``
    characters, 20 by default: the rest scrolls out of its box); None when it shows none.  The one rule for a
    page's elements (:func:`_shown_text`) and a Markdown file's tags (:func:`_blank_tag`).

    >>> _shown_value("input", {"value": "A sentence typed into a search box.", "size": "8"})
    ('value', 8)
    """
    if tag not in ("img", "input"):
        return None
    kind = (attributes.get("type") or "").strip().lower() if tag == "input" else "image"
    if kind == "image":
        return ("alt", len(attributes["alt"])) if _shows_alt(attributes, pictured=pictured) else None
    if kind not in _TEXT_INPUTS:
        return None
    size = re.match(r"\s*(\d{1,4})", attributes.get("size") or "")
    width = int(size.group(1)) if size is not None and kind not in {"submit", "reset", "button"} else None
    return "value", width or _TEXT_BOXES["input"]


def _shown_text(element: Any) -> str | None:
    """The text a browser shows for ``element``, one of those trafilatura deletes with their content (or reads
    nothing of), when it is not the element's text as written: an image's alt text (:func:`_shows_alt`), an
    input's value (its first ``size`` characters, 20 by default: the rest scrolls out of its box; an image
    input's alt text), a text area's text, the option a ``<select>`` shows (the selected or the first; a list
    box's first ``size``, 4 by default), an SVG drawing's ``<text>``, one a line, a MathML formula's text
    (:func:`_math_text`).  None: shown as written
    (an ``<object>`` without ``data``, which shows what it holds, ``<marquee>``, ``<dialog open>``), or not
    shown, or not one of them (an empty string)."""
    tag = element.tag
    if tag in ("img", "input"):
        shown = _shown_value(tag, element.attrib, pictured=_pictured(element))
        return "" if shown is None else (element.get(shown[0]) or "")[: shown[1]]
    if tag == "textarea":
        return (element.text or "")[: _TEXT_BOXES["textarea"]]
    if tag == "select":
        options = list(element.iter("option"))
        size = re.match(r"\s*(\d{1,3})", element.get("size") or "")
        rows = (
            int(size.group(1)) if size is not None else (_LIST_BOX_ROWS if element.get("multiple") is not None else 1)
        )
        if rows <= 1:
            chosen = [o for o in options if o.get("selected") is not None][-1:] or options[:1]
            return "".join(o.text_content() for o in chosen)
        return "\n".join(o.text_content() for o in options[:rows])
    if tag == "svg":  # its text, and the HTML of its foreign objects, one a line
        return "\n".join(" ".join(t.text_content().split()) for t in element.iter("text", "foreignobject"))
    if tag == "math":
        return _math_text(element)
    if tag == "object" and (not (element.get("data") or "").strip() or _plugin(element)):
        return None
    if tag == "marquee" or (tag == "dialog" and element.get("open") is not None):
        return None
    return ""


_PLUGIN_TYPES = frozenset(
    {
        "application/x-shockwave-flash",
        "application/futuresplash",
        "application/x-silverlight",
        "application/x-silverlight-2",
        "application/x-java-applet",
        "application/java",
    }
)
"""The types of the plugins no browser runs any more (Flash since 2021, Silverlight, Java applets): an
``<object>`` of one shows its fallback content to every reader."""
_PLUGIN_SUFFIXES = (".swf", ".spl", ".xap", ".class", ".jar")
"""The file endings of those plugins' content."""


def _plugin(element: Any) -> bool:
    """Whether the ``<object>`` ``element`` holds a plugin no browser runs (by its ``type``, else the ending
    of its ``data`` address): it shows what it holds, as one without ``data`` does.  A copy kept as the
    fallback of ``<object data="movie.swf">`` passed with a warning only, read as shown by nothing.

    >>> import lxml.html
    >>> [_plugin(lxml.html.fromstring(o)) for o in ('<object data="a.SWF?v=2">x</object>',
    ...     '<object type="application/x-shockwave-flash" data="a">x</object>', '<object data="a.svg">x</object>')]
    [True, True, False]
    """
    kind = (element.get("type") or "").split(";")[0].strip().lower()
    if kind:
        return kind in _PLUGIN_TYPES
    path = (element.get("data") or "").strip().lower().split("#")[0].split("?")[0]
    return path.endswith(_PLUGIN_SUFFIXES)


_MATH_HIDDEN = frozenset({"annotation", "annotation-xml"})
"""MathML elements a browser never shows: a formula's other renderings (its TeX source, say)."""
_MATH_ROWS = frozenset({"mtr", "mlabeledtr"})


def _math_text(math: Any) -> str:
    r"""The text a MathML formula shows (Chromium draws ``<math>``): its tokens' text (``<mtext>``, ``<mi>``,
    ``<mo>``…) apart, a table's row a line, without its annotations.  A copy typed as a formula's text, a
    paragraph a row of an ``<mtable>``, passed as "no reuse found": the page's reading left formulas out.

    >>> from lxml import html
    >>> _math_text(html.fromstring("<math><semantics><mtable><mtr><mtd><mtext>Two words.</mtext></mtd></mtr><mtr>"
    ...     "<mtd><mi>x</mi><mo>=</mo><mn>2</mn></mtd></mtr></mtable><annotation>x=2</annotation></semantics></math>"))
    'Two words.\nx = 2'
    """
    from lxml import etree

    rows: list[str] = []
    pieces: list[str] = []
    walk = etree.iterwalk(math, events=("start", "end"))
    for event, element in walk:
        tag = element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _MATH_HIDDEN:
                walk.skip_subtree()
            else:
                pieces.append(element.text or "")
            continue
        if tag in _MATH_ROWS:
            rows.append(" ".join(" ".join(pieces).split()))
            pieces.clear()
        if element is not math:
            pieces.append(element.tail or "")
    rows.append(" ".join(" ".join(pieces).split()))
    return "\n".join(row for row in rows if row)


_SHOWN_AS_TEXT = re.compile(r"<(?:img|input|textarea|select|svg|math|object|marquee|dialog)\b", re.IGNORECASE)
"""A page that may hold an element whose text a browser shows but trafilatura deletes (:func:`_shown_text`)."""


def _text_stand_ins(tree: Any) -> list[Any]:
    """Give each element a browser shows text for that trafilatura would not read (:func:`_shown_text`) that
    text, and list them: the page's styles then hide it, or leave it, as they hide or leave the element
    (``.gone img{display:none}``, an inherited ``font-size: 0``), and :func:`_show_stand_ins` makes what is
    left ordinary text.  A copy kept as the alt text of ``<img alt="…">`` with no source, in text areas, in
    an SVG drawing's ``<text>``, a MathML formula, in inputs' values, in a ``<marquee>`` or an open ``<dialog>``
    passed as "no reuse found", though every browser shows it."""
    found = []
    for element in list(tree.iter("img", "input", "textarea", "select", "svg", "math", "object", "marquee", "dialog")):
        text = _shown_text(element)
        if text is not None and not text.strip():
            continue
        if text is not None:
            for child in list(element):
                element.remove(child)
            element.text = text
        found.append(element)
    return found


def _show_stand_ins(elements: list[Any]) -> None:
    """Make each element of :func:`_text_stand_ins` a ``<span>`` (a ``<div>``, a block, for one that holds
    blocks), its attributes but the page's hooks for styles left out; an image's ``<picture>`` (and a
    ``<source>`` holding it) a ``<span>`` too, which trafilatura would delete with the text."""
    for element in elements:
        picture = next(element.iterancestors("picture"), None) if element.tag == "img" else None
        for wrapper in element.iterancestors() if picture is not None else ():
            wrapper.tag = "span"
            if wrapper is picture:
                break
        element.tag = "div" if len(element) else "span"
        for name in [name for name in element.attrib if name not in _FRAME_KEPT]:
            del element.attrib[name]


_TEMPLATE = re.compile(r"<template\b", re.IGNORECASE)


def _drop_templates(tree: Any) -> None:
    """Remove each ``<template>`` with what it holds: a browser never shows a template's content (a script
    would copy it into the page; none runs here).  trafilatura strips the tag and keeps its text, so a credit
    kept in one ("This article was first published by …") cleared a copy as credited.  A declarative shadow
    root is shown, though (:func:`_attach_shadow_roots`): it is put in place first."""
    _attach_shadow_roots(tree)
    _drop_trees(list(tree.iter("template")))


def _drop_trees(elements: list[Any]) -> None:
    """Remove each of ``elements`` with what it holds, its tail kept as ``drop_tree`` keeps it (joined to the
    text before it), in one pass over each parent's children: ``drop_tree`` one at a time joined each tail to
    the text before it again, and N dropped siblings with tails built that text N times (a shadow root's host
    of ``<b slot=z></b>tailtext`` repeated: 3.0 s at 0.46 MB, 11.5 s at 0.92 MB, 45.6 s at 1.84 MB).

    >>> import lxml.html
    >>> div = lxml.html.fragment_fromstring("<div>a<b>1</b>b<i>2</i>c<b>3</b>d<b>4</b>e</div>")
    >>> _drop_trees(list(div.iter("b")))
    >>> lxml.html.tostring(div, encoding=str)
    '<div>ab<i>2</i>cde</div>'
    """
    doomed = set(elements)
    parents = dict.fromkeys(parent for element in elements if (parent := element.getparent()) is not None)
    for parent in parents:  # each once: a parent's object is the same while one is held (here, by the dict)
        runs: list[tuple[Any, list[str]]] = []  # a kept node (None: the parent's text), and the tails after it
        anchor: Any = None
        tails: list[str] = []
        dropped: list[Any] = []
        for child in parent:
            if child not in doomed:
                if tails:
                    runs.append((anchor, tails))
                anchor, tails = child, []
                continue
            if child.tail:
                tails.append(child.tail)
            dropped.append(child)
        if tails:
            runs.append((anchor, tails))
        for child in dropped:
            child.tail = None
            parent.remove(child)
        for at, joined in runs:
            if at is None:
                parent.text = (parent.text or "") + "".join(joined)
            else:
                at.tail = (at.tail or "") + "".join(joined)


_SHADOW_MODES = frozenset(("open", "closed"))


def _attach_shadow_roots(tree: Any) -> None:
    """Show each declarative shadow root as a browser does: the first ``<template shadowrootmode=open>`` (or
    ``closed``) of an element becomes what the element shows, its ``<slot>`` elements filled with the
    element's own content (a child whose ``slot`` attribute names the slot, the rest in the unnamed slot; a
    slot nothing is assigned to shows its own content), and the element's content no slot takes is not shown.
    Dropped as a template, a shadow root's copy of seeds/001 after a paragraph of the page's own passed,
    "no reuse found".  The shadow root's own style sheets apply only inside it: they are dropped rather than
    applied to the whole page (where a rule ``p {display: none}`` would hide the page's copy).

    One walk of the page that never enters a template (inert, dropped after), attaching a root where it
    meets one, so a shadow root nested in another is attached in its turn, and each element is looked at
    once for slots, at its own level: linear however deep the roots nest."""
    stack = [tree.getroot() if hasattr(tree, "getroot") else tree]
    while stack:
        element = stack.pop()
        for child in element:
            if child.tag == "template" and str(child.get("shadowrootmode", "")).strip().lower() in _SHADOW_MODES:
                _attach(element, child)
                break
        stack.extend(child for child in element if isinstance(child.tag, str) and child.tag != "template")


def _attach(host: Any, template: Any) -> None:
    """Make ``template``, a declarative shadow root, what ``host`` shows (:func:`_attach_shadow_roots`): the
    template made a plain element in place, the host's content a slot takes kept beside it (where a browser
    shows it in the slot's place: the same words, in another order), the rest dropped, and the own content of
    a slot given any dropped too.  Nothing is moved (lxml walks what it moves: roots nested 50 deep around
    20,000 elements took 0.7 s moved, a level at a time)."""
    slots: list[Any] = []
    dropped: list[Any] = []
    level = list(reversed(template))
    while level:  # the root's elements in document order, but not those of a template inside it
        element = level.pop()
        if not isinstance(element.tag, str) or element.tag == "template":
            continue
        if element.tag == "style" or (element.tag == "link" and "stylesheet" in str(element.get("rel", "")).lower()):
            dropped.append(element)  # a shadow root's own style sheet: it applies in the root alone
            continue
        if element.tag == "slot":
            slots.append(element)
        level.extend(reversed(element))
    names = {str(slot.get("name", "")) for slot in slots}
    taken: set[str] = set()
    for child in list(host):
        if child is template:
            continue
        name = str(child.get("slot", "")) if isinstance(child.tag, str) else ""
        if name in names:
            taken.add(name)
        else:  # no slot of its name: not shown (its tail, text of the host's own, goes to the unnamed slot)
            if "" not in names:
                child.tail = None
            dropped.append(child)
    _drop_trees(dropped)  # all at once: linear however many there are
    if "" not in names:  # no unnamed slot: the host's own text is not shown either
        host.text = template.tail = None
        for child in host:
            child.tail = None
    elif host.text or any(child.tail for child in host):
        taken.add("")
    seen: set[str] = set()
    for slot in slots:
        name = str(slot.get("name", ""))
        if name in taken and name not in seen:  # the first slot of a name takes what is assigned to it
            for child in list(slot):
                slot.remove(child)
            slot.text = None
        seen.add(name)
    template.tag = "div"
    for name in list(template.attrib):
        del template.attrib[name]


def _drop_hover_cards(tree: Any) -> None:
    """Remove link cards nested in a paragraph (a name's hover card listing that person's articles).

    Such a card sits inside the sentence it annotates, so the extractor splices its links into the
    text mid-sentence ("Rep. Alexandria Ocasio-CortezAlexandria Ocasio-CortezSanders doubles down…").
    A ``<span>`` or ``<div>`` inside a ``<p>`` holding at least two links, whose text is nearly all link
    text and at least eight words, is a candidate; the card itself is the innermost candidate inside it
    that holds all its links but one (:func:`_card_of`), and goes; its tail (the rest of the sentence) is
    kept.

    One walk of each paragraph, children before their parent: each element is measured from its children's
    measures (:class:`_Subtree`), so the cost is linear in the page (nested spans around many links cost
    depth² x links when each candidate counted its links and text again).
    """
    from lxml import etree

    seen: dict[Any, _Subtree] = {}
    cards: dict[Any, Any] = {}  # candidate -> the card itself
    for paragraph in tree.iter("p"):
        if paragraph in seen:  # a paragraph inside one walked already
            continue
        for _, element in etree.iterwalk(paragraph, events=("end",)):
            measured = seen[element] = _measure(element, seen, cards)
            text = measured.text
            if (
                element.tag in ("span", "div")
                and measured.links >= 2
                and text.words >= 8
                and measured.linked >= 0.9 * text.stripped
            ):
                cards[element] = _card_of(element, measured, seen, cards)
    _drop_trees(list(cards.values()))


def _measure(element: Any, seen: dict[Any, _Subtree], cards: dict[Any, Any]) -> _Subtree:
    """An element's :class:`_Subtree`, from those of its children (``seen``) and the candidates among them
    (``cards``); text in a comment is no text (as ``itertext`` has it), its tail is."""
    text = _Run.of(element.text)
    links, linked = int(element.tag == "a"), 0
    heavy, most = None, 1  # the first child holding the most links, when that is two or more
    for child in element:
        if isinstance(child.tag, str):
            inner = seen[child]
            text += inner.text
            links += inner.links
            linked += inner.linked
            if inner.links > most:
                heavy, most = child, inner.links
        text += _Run.of(child.tail)
    if element.tag == "a":
        linked += text.length
    below = None if heavy is None else heavy if heavy in cards else seen[heavy].below
    return _Subtree(text, links, linked, below)


def _card_of(candidate: Any, measured: _Subtree, seen: dict[Any, _Subtree], cards: dict[Any, Any]) -> Any:
    """The card itself in a card ``candidate`` (``measured``: its :class:`_Subtree`): itself, or that of the
    first candidate inside it that holds all its links but one, the name the card annotates ("threatened to
    kill Rep. <span><a>Ilhan Omar</a><span>card…</span></span>": the name stays in the sentence, only the
    card goes).

    Two such candidates inside one are never side by side (each would hold more than half its links), so
    they lie on one path down, through the child holding the most links: the first candidate on that path
    (:attr:`_Subtree.below`) is the first, or there is none.
    """
    inner = measured.below
    if inner is None or measured.links - seen[inner].links > 1:
        return candidate
    return cards[inner]


_MAX_PARAGRAPH_ELEMENTS = 256
"""Elements a ``<p>`` may hold before it is read as its text (:func:`_flatten_crowded`): the most a paragraph
of the DEV pages holds is 72 (a form's inputs and labels), the next 23."""


def _read_as_text(paragraph: Any) -> None:
    """Replace what a paragraph holds with its text, one text node a line, its ``<br>``s between the lines
    (one walk; see :func:`_flatten_crowded`)."""
    from trafilatura.settings import MANUALLY_CLEANED

    removed = frozenset(MANUALLY_CLEANED)
    lines: list[list[str]] = [[paragraph.text or ""]]
    walk: list[tuple[Iterator[Any], str | None]] = [(iter(paragraph), None)]  # children left, the tail after
    while walk:
        children, tail = walk[-1]
        child = next(children, None)
        if child is None:
            walk.pop()
            lines[-1].append(tail or "")
        elif child.tag == "br":
            lines.append([child.tail or ""])
        elif isinstance(child.tag, str) and child.tag not in removed:
            lines[-1].append(child.text or "")
            walk.append((iter(child), child.tail))
        else:  # removed with its content (a comment's is no text either); its tail stays
            lines[-1].append(child.tail or "")
    del paragraph[:]
    paragraph.text = "".join(lines[0])
    for line in lines[1:]:
        paragraph.append(paragraph.makeelement("br"))
        paragraph[-1].tail = "".join(line)


_MAX_SPAN = 20
"""Largest ``rowspan``/``colspan`` a table cell keeps (:func:`_bounded_tables`); a larger one is cut to it.
None of the 90 DEV pages spans a cell at all; 20 columns is wider than a news table's widest row, and
trafilatura itself cuts at 100 (``rowspan=100 colspan=100`` on each of 240 rows, 9.9 KB, made 5.7 million
characters of empty cells in 93 s: each row shifted right by the rows still spanned above it)."""
_GRID_PER_CELL = 8
"""Grid slots (its cells, and the empty ones a span holds or a short row is padded with) a table may have per
cell it holds before it is read as text (:func:`_bounded_tables`): counted from above, a plain table has 2
(its cells, then every row padded to the widest), one with a few spans a little more; the tables of a page
over it share :data:`_GRID_ALLOWANCE`."""
_GRID_ALLOWANCE = 5_000
"""Grid slots a page's tables may have beyond :data:`_GRID_PER_CELL` per cell, all together (a small
table with a wide header: a few hundred); at trafilatura's ~5 µs a slot, a second at most."""


_TABLE_PARTS = frozenset({"thead", "tbody", "tfoot", "caption"})
_TABLE_TAGS = _TABLE_PARTS | {"table", "tr", "td", "th"}


@dataclass
class _Grid:
    """One table while :func:`_page_measures` walks it: its own rows and cells (not a nested table's)."""

    table: Any
    parts: list[Any]
    cells: int = 0
    slots: int = 0  # each cell's colspan x rowspan: itself, the slots its colspan pads and its rowspan holds
    rows: int = 0
    widest: int = 0  # the widest row's colspans (trafilatura pads every row to it, at most 100)


def _span(cell: Any, name: str, cuts: list[tuple[Any, str]]) -> int:
    """A cell's ``rowspan`` or ``colspan`` as trafilatura reads it (1 unless decimal), cut to :data:`_MAX_SPAN`
    (so no number of thousands of digits is read either); a span to cut in the tree is added to ``cuts``."""
    value = cell.get(name)
    if value is None or not value.isdecimal():
        return 1
    if len(value.lstrip("0")) > 3 or int(value) > _MAX_SPAN:
        cuts.append((cell, name))
        return _MAX_SPAN
    return int(value)


_MAX_TEXT_PIECES = 20_000
"""Pieces of text (the runs of text between two tags; outside paragraphs, those not all white space) a page may
hold, each counted once for every paragraph around it (:attr:`_Measures.pieces`), before its paragraphs are read
as their text; past it even then, trafilatura does not read the page: it is read as its visible text
(:func:`_bound_pieces`, :func:`_visible_text`). trafilatura asks libxml2 for ``//p//text()`` of the page and of
the text it extracted, and libxml2 answers by checking each paragraph's pieces against every piece found before
them: time quadratic in the pieces (20,000 paragraphs ``<p>Some words <i>here</i> and <b>more</b> words.</p>``,
100,000 pieces: 8.4 s a call, and a page makes several; 20,000 pieces: 0.4 s). The most a DEV page holds is
860 (in its paragraphs, 234)."""

_MAX_TAIL_JOINS = 20_000_000
"""Characters trafilatura may copy joining the tails of deleted elements (:attr:`_Measures.tail_joins`, counted
from above) before a page is read as its visible text instead. trafilatura deletes an element keeping its tail
by joining the tail onto the text before it (``trafilatura.xml.delete_element``: the previous sibling's tail,
else the parent's text), so deleting a run of siblings rebuilds an ever longer string: time quadratic in the
run (``<i></i> `` 120,000 times in a ``<div>``, 0.96 MB: 10 s; 9,000 empty elements each followed by 100
spaces, 0.96 MB: 6.6 s). The most a DEV page comes to is 351,449; 20 million is about 0.03 s of copying."""

_KEPT_TAGS = frozenset(("br",))
"""Elements trafilatura never deletes (a bare ``<br>``: line breaks become its ``<lb>``), so a run of deleted
siblings stops at one: a page of many lines is not taken for a run of deletions."""


_MAX_FALLBACK_PARAGRAPHS = 1_500
"""Paragraphs, as justext splits a page (:attr:`_Measures.fallback_paragraphs`), past which trafilatura is run
without its fallback extractors (``fast``: no readability, no justext). trafilatura falls back on them when its
own extraction is short (a page of little article text): justext walks, from each short paragraph, the run of
short paragraphs around it (``revise_paragraph_classification``, ``_get_neighbour``): time quadratic in the
run (1,650 tables of three cells, 63 KB: 3 s; 6,600, 0.25 MB: 35 s; 19,900 one-cell tables under every other
bound: 37 s). The most a DEV page holds is 565; at 1,490 one-cell tables the fallback adds 0.45 s a page."""


@functools.cache
def _justext_blocks() -> frozenset[str]:
    """The tags that start or end a justext paragraph (``justext.core.PARAGRAPH_TAGS``; a ``<br>`` only after
    another, here every one, to count from above). justext comes with trafilatura; read on first use, as
    trafilatura is, so that starting the command line does not load it."""
    from justext.core import PARAGRAPH_TAGS

    return frozenset(PARAGRAPH_TAGS) | {"br"}


@dataclass(frozen=True)
class _Measures:
    """What one walk of a page finds (:func:`_page_measures`): everything the bounds before trafilatura read."""

    outermost: tuple[Any, ...]
    """Its paragraphs not inside another, in document order (each speaks for those inside it)."""
    crowded: tuple[Any, ...]
    """Of those, the ones holding more than :data:`_MAX_PARAGRAPH_ELEMENTS` elements."""
    spans: tuple[tuple[Any, str], ...]
    """The spans over :data:`_MAX_SPAN` (a cell, ``rowspan`` or ``colspan``), to be cut to it."""
    too_big: tuple[Any, ...]
    """The tables trafilatura would make too many grid slots of (:func:`_bounded_tables`), with their own
    sections, rows and cells."""
    pieces: int
    """The pieces of text (an element's text before its first child, the tail after each element), each counted
    once for every ``<p>`` around it; outside paragraphs, only those not all white space (the markup's
    indentation, which becomes no paragraph of trafilatura's extracted text)."""
    tail_joins: int
    """The characters trafilatura would copy (counted from above) if it deleted, in order, every child of every
    element but a bare ``<br>`` keeping its tail: for each child with a tail, the length of the text it is
    joined to (that of the parent, or of the last kept sibling's tail, and the tails joined to it since) and of
    the tail."""
    fallback_paragraphs: int
    """The paragraphs justext would make of the page, counted from above: the runs of text holding more than
    white space between two of :func:`_justext_blocks` (their starts and ends)."""


def _page_measures(tree: Any) -> _Measures:
    """Measure a page in one walk (it is left unchanged): its outermost and crowded paragraphs, its tables'
    spans and grid slots (counted from above: each cell's colspan x rowspan, and every row padded to the
    widest), its pieces of text, tail joins and justext paragraphs (:class:`_Measures`).

    >>> from lxml import html
    >>> _page_measures(html.fromstring("<div>a<p>b<i>c</i> <span><p>e</p></span></p> <!-- g -->h</div>")).pieces
    7
    >>> _page_measures(html.fromstring("<div>ab<i></i>c<i></i>d<br>ef<i></i>g</div>")).tail_joins
    10
    >>> page = html.fromstring("<div>a<table><tr><td>b<td> <td>c</table> d<br>e<i>f</i></div>")
    >>> _page_measures(page).fallback_paragraphs
    5
    """
    from lxml import etree

    outermost: list[Any] = []
    crowded: list[Any] = []
    inside = depth = pieces = joins = fallback = 0  # inside: elements in the open outermost paragraph so far
    held = False  # the open justext paragraph holds more than white space
    runs: list[int] = []  # per open element, the length of the text its next child's tail is joined to
    open_tables: list[_Grid] = []
    open_rows: list[list[int]] = []  # per open table, the colspans of its open rows (a tr in a tr: both)
    allowance = _GRID_ALLOWANCE
    cuts: list[tuple[Any, str]] = []
    too_big: list[Any] = []
    blocks = _justext_blocks()
    for event, element in etree.iterwalk(tree, events=("start", "end", "comment", "pi")):
        tag = element.tag
        if event == "start":
            piece = element.text
            inside += depth > 0
            if tag == "p":
                if not depth:
                    outermost.append(element)
                    inside = 0
                depth += 1
            runs.append(len(piece) if piece else 0)
        else:  # an element's end, or a comment or processing instruction (whose text is no text of the page)
            piece = element.tail
            if event == "end":
                runs.pop()
                if tag == "p":
                    depth -= 1
                    if not depth and inside > _MAX_PARAGRAPH_ELEMENTS:
                        crowded.append(element)
            else:
                inside += depth > 0
            if runs:  # a child of the element walked: its tail joined to the text before it
                if tag in _KEPT_TAGS and not element.attrib:
                    runs[-1] = len(piece) if piece else 0
                elif piece:
                    runs[-1] += len(piece)
                    joins += runs[-1]
        solid = bool(piece) and not piece.isspace()
        if piece and (depth or solid):
            pieces += max(depth, 1)
        if tag in blocks:
            fallback, held = fallback + held, False
        held = held or solid
        if tag not in _TABLE_TAGS:
            continue
        if tag == "table":
            if event == "start":
                open_tables.append(_Grid(element, []))
                open_rows.append([])
                continue
            grid = open_tables.pop()
            open_rows.pop()
            slots = grid.slots + grid.rows * min(grid.widest, 100)
            if slots > _GRID_PER_CELL * grid.cells:
                if slots <= allowance:
                    allowance -= slots
                else:
                    too_big += (grid.table, *grid.parts)
        elif not open_tables:
            if event == "start" and tag in ("td", "th"):
                _span(element, "colspan", cuts), _span(element, "rowspan", cuts)
        elif tag in _TABLE_PARTS:
            if event == "start":
                open_tables[-1].parts.append(element)
        elif tag == "tr":
            grid, rows = open_tables[-1], open_rows[-1]
            if event == "start":
                grid.parts.append(element)
                rows.append(0)
            else:
                grid.rows += 1
                grid.widest = max(grid.widest, rows.pop())
        elif event == "start":  # a cell
            grid, rows = open_tables[-1], open_rows[-1]
            columns, lines = _span(element, "colspan", cuts), _span(element, "rowspan", cuts)
            grid.parts.append(element)
            grid.cells += 1
            grid.slots += max(columns, 1) * max(lines, 1)
            if rows:
                rows[-1] += columns
    return _Measures(tuple(outermost), tuple(crowded), tuple(cuts), tuple(too_big), pieces, joins, fallback + held)


def _flatten_crowded(tree: Any, measured: _Measures) -> _Measures:
    """Read every paragraph holding more than :data:`_MAX_PARAGRAPH_ELEMENTS` elements as its text, before
    trafilatura does: it strips inline elements, leaving their texts side by side as separate text nodes,
    and reading each of those (``//p//text()``) joined it with all that follow it, so a ``<p>`` of
    ``<i>w</i>`` x 40,000 took 79 s.  The paragraph keeps its attributes, its line breaks (``<br>``) and
    the text of every element but those trafilatura removes with their content
    (``trafilatura.settings.MANUALLY_CLEANED``: a script, a label…), whose tails stay: a link farm's text
    stays, as trafilatura keeps it. The page as measured now (measured again only when one was read so).

    >>> from lxml import html
    >>> page = html.fromstring("<div><p class=x>a " + "<i>b</i> <script>no</script>c<br>" * 200 + "d</p></div>")
    >>> _flatten_crowded(page, _page_measures(page)).crowded
    ()
    >>> paragraph = page[0]
    >>> paragraph.get("class"), paragraph.text, {c.tag for c in paragraph}, {c.tail for c in paragraph[:-1]}
    ('x', 'a b c', {'br'}, {'b c'})
    """
    # The outermost paragraph speaks for those inside it (they hold fewer elements), so each element is read
    # at most once; all were found before any is changed (an inner one, cut loose, would have no paragraph
    # around it any more).
    if not measured.crowded:
        return measured
    for paragraph in measured.crowded:
        _read_as_text(paragraph)
    return _page_measures(tree)


def _bounded_tables(tree: Any, measured: _Measures) -> _Measures:
    """Cut every cell's spans to :data:`_MAX_SPAN`, and read a table as text (its table, rows and cells become
    ``<div>``s, a nested table stays one) when trafilatura would make more grid slots of it than
    :data:`_GRID_PER_CELL` per cell and the page's :data:`_GRID_ALLOWANCE` is spent: trafilatura adds an
    empty cell for every slot a span holds and pads every row to the widest, so a few bytes a row made
    thousands of empty cells (``<tr><td rowspan=100 colspan=100>b`` x 240: 93 s, 5.7 million characters;
    ``<tr><td>b`` under a row of 100 cells: 100 slots a row). The page as measured now (measured again only
    when a table was read so).

    >>> from lxml import html
    >>> page = html.fromstring("<div><table>" + "<tr><td rowspan=100 colspan=100>b" * 240 + "</table></div>")
    >>> _bounded_tables(page, _page_measures(page)).too_big
    ()
    >>> {page[0].tag, page[0][0].tag, page[0][0][0].tag}, page[0][0][0].get("colspan")
    ({'div'}, '20')
    >>> page = html.fromstring("<div><table><tr><th colspan=3>Votes<tr><td>a<td>1<td>2</table></div>")
    >>> _bounded_tables(page, _page_measures(page)).too_big, page[0].tag
    ((), 'table')
    """
    for cell, name in measured.spans:
        cell.set(name, str(_MAX_SPAN))
    if not measured.too_big:
        return measured
    for part in measured.too_big:
        part.tag = "div"
    return _page_measures(tree)


def _bound_pieces(tree: Any, measured: _Measures) -> tuple[bool, _Measures]:
    """Keep a page within :data:`_MAX_TEXT_PIECES` before trafilatura reads it: past it, every paragraph is read
    as its text (:func:`_read_as_text`: the pieces of its inline elements become one a line). Whether the page
    is past it even then: too crowded for trafilatura, to be read as its visible text (:func:`_visible_text`);
    and the page as measured now (measured again only when its paragraphs were read so)."""
    if measured.pieces <= _MAX_TEXT_PIECES:
        return False, measured
    for paragraph in measured.outermost:
        _read_as_text(paragraph)
    measured = _page_measures(tree)
    return measured.pieces > _MAX_TEXT_PIECES, measured


def _bounded_page(tree: Any) -> tuple[bool, bool]:
    """Bring a page within the bounds trafilatura reads in linear time (:func:`_flatten_crowded`,
    :func:`_bounded_tables`, :func:`_bound_pieces`), measuring it in one walk (:func:`_page_measures`), again
    only after a step rewrote it: whether it is too crowded for trafilatura (past :data:`_MAX_TEXT_PIECES` or
    :data:`_MAX_TAIL_JOINS`; to be read as its visible text, :func:`_visible_text`), and whether trafilatura
    is to run without its fallback extractors (past :data:`_MAX_FALLBACK_PARAGRAPHS`)."""
    measured = _bounded_tables(tree, _flatten_crowded(tree, _page_measures(tree)))
    crowded, measured = _bound_pieces(tree, measured)
    crowded = crowded or measured.tail_joins > _MAX_TAIL_JOINS
    return crowded, measured.fallback_paragraphs > _MAX_FALLBACK_PARAGRAPHS


def _without_fallback(tree: Any) -> bool:
    """Whether trafilatura is to run without its fallback extractors (:data:`_MAX_FALLBACK_PARAGRAPHS`)."""
    return _page_measures(tree).fallback_paragraphs > _MAX_FALLBACK_PARAGRAPHS


CROWDED_WARNING = (
    f"page too crowded for the article extractor (more than {_MAX_TEXT_PIECES:,} pieces of text, or long runs of "
    "elements it would delete one by one): read as its "
    "visible text, menus and asides left out; the text may hold comments or other stories"
)
"""The warning on a page read as its visible text (:func:`_visible_text`)."""
_NOT_SHOWN = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "nav", "footer", "aside", "button", "select"}
    | {"textarea", "svg", "math", "iframe", "object", "embed", "canvas", "audio", "video"}
)
"""Elements whose text a page read as its visible text leaves out (:func:`_visible_text`): code, page chrome
(trafilatura removes navigation, footers and asides with their content too) and embedded media; a ``<header>``
too, unless inside an ``<article>`` (the article's own: its headline and byline), and a ``<form>`` unless it
holds most of the page (some sites wrap the whole page in one: two of the DEV pages)."""
_CHROME = frozenset({"nav", "footer", "aside", "button"})
"""Of :data:`_NOT_SHOWN`, the page chrome a reader is shown: read, with headers and forms, as the text around
the article (:func:`shown_text`)."""
_CHROME_BLOCKS = _CHROME - {"button"}
"""Of :data:`_CHROME`, the blocks (a browser starts a line at each edge): the text after an ``<aside>`` was glued
to its last line, and took the aside's link."""
_BLOCKS = frozenset(
    {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "pre", "tr", "table", "ul"}
    | {"ol", "dl", "dt", "dd", "section", "article", "main", "header", "figure", "figcaption", "address", "hr"}
    | {"details", "summary", "center", "caption", "form"}
)
"""Elements that begin and end a paragraph of a page read as its visible text (a ``<br>`` ends a line)."""
_CONTAINER_SHARE = 0.5
"""A page read as its visible text is read from its one ``<article>`` (else its ``<main>``) only when that holds
at least this share of the visible words of the page: a teaser card or a story followed by thousands of
comments outside it is not the crowded part, and the whole page is read rather than the crowd lost."""


@dataclass(frozen=True)
class _Line:
    """A paragraph of a page read as its visible text, and the containers it is in."""

    text: str
    """Its text, white space collapsed."""
    words: int
    """Its words (``\\w+``)."""
    article: int
    """The outermost ``<article>`` it is in (numbered from 1, in document order), or 0."""
    main: bool
    """Whether it is in a ``<main>``."""
    form: bool
    """Whether it is in a ``<form>``."""


_SHOWS_NOTHING = regex.compile(r"[\s\p{Default_Ignorable_Code_Point}\u2800]*")
"""Text a browser draws as nothing, or as a blank: white space, the default-ignorable characters (a zero-width
space, a word joiner, a soft hyphen, a Hangul filler) and the Braille blank. A link holding only these shows no
text, so it credits nothing (:func:`_visible_lines`): ``<a href=SOURCE>\u200b</a>`` beside an uncredited copy
cleared it as ``<a href=SOURCE> </a>`` never did."""
_MAX_BOX_LINKS = 20
"""A block holding links to more addresses than this (a menu, a page's wrapper, an index of stories) lends them
to none of its lines (:func:`_visible_lines`): a teaser box links its story once or twice, and a list of teasers
with no box each (a related list of a real page: 5 to 10) stays under it.  It bounds the walk too: what a block
hands its parent is at most this many addresses, whatever the page."""


@dataclass
class _Box:
    """A block open in :func:`_visible_lines`' walk, while it gathers the link targets it holds."""

    element: Any
    links: set[str] | None
    """The ``href`` of each link showing text in it (None: more than :data:`_MAX_BOX_LINKS`)."""
    waiting: list[int]
    """Its lines (and those of blocks in it holding no link) that no link holds and no smaller block lends one."""
    body: bool = False
    """Whether it is or holds an ``<article>`` or ``<main>``: a block around the article body (a page's wrapper)
    lends none of its links (the body's own among them) to a line outside the body."""
    first: int = 0
    """The number of its first line (the lines read before it opened)."""


def _closing(element: Any) -> int:
    """1 for an element that shows nothing of what it holds until a reader opens it (a ``<dialog>`` or a
    ``<details>`` not ``open``), -1 for the ``<summary>`` a closed ``<details>`` shows, 0 for any other: read as
    shown text (more read, never a copy hidden), but a link in them shows no reader its text, so credits
    nothing (:func:`_visible_lines`)."""
    tag = element.tag
    if tag in ("dialog", "details"):
        return int(element.get("open") is None)
    if tag == "summary":
        parent = element.getparent()
        return -int(
            parent is not None
            and parent.tag == "details"
            and parent.get("open") is None
            and parent.find("summary") is element
        )
    return 0


def _visible_lines(
    tree: Any,
    *,
    chrome: bool = False,
    links: list[set[str]] | None = None,
    lent: dict[int, tuple[int, int, frozenset[str]]] | None = None,
    unfollowed: AbstractSet[Any] = frozenset(),
) -> tuple[list[_Line], int]:
    """The paragraphs of the walk :func:`_visible_text` describes, unselected, and the number of outermost
    ``<article>`` elements it met; with ``links`` (a list), each
    line's link targets appended to it: the ``href`` of each link (``<a>``) its text sits in, and those of
    the smallest block around it that holds a link (a related box's teaser paragraph, beside the link of its
    headline), none of one holding more than :data:`_MAX_BOX_LINKS` addresses nor of one around an
    ``<article>`` or ``<main>``; a link counts only where it shows text (what is hidden is gone already).
    With ``lent`` too, of each line a block lent targets, the block's lines (``[first, last)``) and the targets
    it lent that no link of the line's own has: a block that turns out to hold the article's text (plain
    ``<div>``s, no ``<article>``) lends nothing (:meth:`ShownText.linking`).  A link of ``unfollowed``, one no
    reader can see or follow (:func:`.styles.unfollowed`), has no target: its text is read, it credits nothing."""
    from lxml import etree

    body = next(tree.iter("body"), tree)
    lines: list[_Line] = []
    pieces: list[str] = []
    articles = article = article_depth = main_depth = pre_depth = form_depth = closed_depth = 0
    linked: set[str] = set()  # the targets of the links the line being read has text in
    anchors: list[tuple[Any, str | None]] = []  # each open link and its target
    boxes: list[_Box] = []  # each open block (with ``links`` only)

    def flush() -> None:
        nonlocal linked
        text = " ".join("".join(pieces).split())
        pieces.clear()
        if text:
            lines.append(_Line(text, len(_WORD.findall(text)), article, main_depth > 0, form_depth > 0))
            if links is not None:
                links.append(linked)
                if boxes:
                    boxes[-1].waiting.append(len(lines) - 1)
        linked = set()

    def add(piece: str | None) -> None:
        if not piece:
            return
        if anchors and anchors[-1][1] is not None and not closed_depth and not _SHOWS_NOTHING.fullmatch(piece):
            target = anchors[-1][1]
            linked.add(target)
            if boxes and boxes[-1].links is not None:
                boxes[-1].links.add(target)
                if len(boxes[-1].links) > _MAX_BOX_LINKS:
                    boxes[-1].links = None
        if pre_depth and "\n" in piece:
            first, *rest = piece.split("\n")
            pieces.append(first)
            for part in rest:
                flush()
                pieces.append(part)
        else:
            pieces.append(piece)

    def close(box: _Box) -> None:
        """Lend a block's links to its lines waiting for one, or hand them to its parent with its links."""
        assert links is not None
        if box.links and not box.body:
            for n in box.waiting:
                if lent is not None and (given := box.links - links[n]):
                    lent[n] = (box.first, len(lines), frozenset(given))
                links[n] |= box.links
        if not boxes:
            return
        parent = boxes[-1]
        if box.body:  # so is its parent: its lines wait on none (a block around them all holds the body)
            parent.body = True
        elif box.links is None:  # a block of too many links holds what its parent holds: too many
            parent.links = None
        elif box.links:
            if parent.links is not None:
                parent.links |= box.links
                if len(parent.links) > _MAX_BOX_LINKS:
                    parent.links = None
        else:  # no link in it: its lines wait on its parent (the shorter list moves: n log n in all)
            if len(box.waiting) > len(parent.waiting):
                box.waiting, parent.waiting = parent.waiting, box.waiting
            parent.waiting += box.waiting

    walk = etree.iterwalk(body, events=("start", "end", "comment", "pi"))
    for event, element in walk:
        if event != "start":
            tag = element.tag if event == "end" else None
            if tag in _BLOCKS or tag in _CHROME_BLOCKS or tag == "br":
                flush()
            if tag == "article":
                article_depth -= 1
                article = article if article_depth else 0
            main_depth -= tag == "main"
            pre_depth -= tag == "pre"
            form_depth -= tag == "form"
            if tag is not None:
                closed_depth -= _closing(element)
            if boxes and boxes[-1].element is element:
                close(boxes.pop())
            if anchors and anchors[-1][0] is element:
                anchors.pop()
            if element is not body:
                add(element.tail)
            continue
        tag = element.tag
        if (tag in _NOT_SHOWN and not (chrome and tag in _CHROME)) or (
            tag == "header" and not article_depth and not chrome
        ):
            walk.skip_subtree()
            continue
        if tag in _BLOCKS or tag in _CHROME_BLOCKS:
            flush()
        if links is not None:
            if (tag in _BLOCKS or tag in _CHROME) and element is not body:  # the page is no box
                boxes.append(_Box(element, set(), [], first=len(lines)))
            elif tag == "a":
                anchors.append((element, None if element in unfollowed else element.get("href")))
            if tag in ("article", "main") and boxes:
                boxes[-1].body = True
        if tag == "article":
            if not article_depth:
                articles += 1
                article = articles
            article_depth += 1
        main_depth += tag == "main"
        pre_depth += tag == "pre"
        form_depth += tag == "form"
        closed_depth += _closing(element)
        add(element.text)
    flush()
    return lines, articles


def _visible_text(tree: Any, *, chrome: bool = False) -> str:
    r"""The visible text of a page too crowded for trafilatura (:func:`_bound_pieces`), one walk of its
    ``<body>`` (:func:`_visible_lines`): one paragraph a block element (:data:`_BLOCKS`) or ``<br>``-separated
    line, its white space collapsed (a ``<pre>`` keeps its lines), without :data:`_NOT_SHOWN` elements (hidden
    ones are dropped before, :func:`_drop_hidden`), nor a ``<form>``'s unless they are :data:`_CONTAINER_SHARE`
    of the page's words (a page wrapped in one). Read from the page's one outermost ``<article>``, else its
    ``<main>``, else the whole body, each only when it holds :data:`_CONTAINER_SHARE` of the words.  With
    ``chrome``, the whole body with its chrome (:data:`_CHROME`, headers, forms), as a reader is shown it.

    >>> from lxml import html
    >>> _visible_text(html.fromstring("<html><body><nav>Home</nav><article><header><h1>Title</h1></header>"
    ...     "<p>One <i>two</i></p>three<br>four<script>x</script><pre>a\n  b</pre></article>"
    ...     "<footer>About</footer></body></html>"))
    'Title\nOne two\nthree\nfour\na\nb'
    """
    lines, articles = _visible_lines(tree, chrome=chrome)
    if chrome:
        return "\n".join(line.text for line in lines)
    if sum(line.words for line in lines if line.form) < _CONTAINER_SHARE * sum(line.words for line in lines):
        lines = [line for line in lines if not line.form]
    total = sum(line.words for line in lines)
    chosen = lines
    if articles == 1 and sum(line.words for line in lines if line.article) >= _CONTAINER_SHARE * total:
        chosen = [line for line in lines if line.article]
    elif sum(line.words for line in lines if line.main) >= _CONTAINER_SHARE * total > 0:
        chosen = [line for line in lines if line.main]
    return "\n".join(line.text for line in chosen)


def _coverage(paragraphs: list[_Para]) -> tuple[int, int]:
    """(words of the page's prose paragraphs, words of those kept)."""
    prose = kept = 0
    for p in paragraphs:
        if p.words < PROSE_MIN_WORDS or any(a.tag in _OUTSIDE_PROSE for a in p.element.iterancestors()):
            continue
        prose += p.words
        kept += p.words if p.kept else 0
    return prose, kept


class _Voter:
    """Another extractor's text, indexed so that a line can be looked up in it in time linear in the line."""

    def __init__(self, text: str) -> None:
        words = _WORD.findall(text)
        self.shingles = _shingles(words) if words else set()
        # Runs of 1-3 words: a line too short for one shingle is looked up whole (a subheading, a dateline).
        self.short = {tuple(words[i : i + n]) for n in range(1, _SHINGLE) for i in range(len(words) - n + 1)}

    def holds(self, words: list[str]) -> bool:
        """Whether at least :data:`_KEPT_SHARE` of the line's shingles (a short line: all of it) are here."""
        return self.held(words) is not None

    def held(self, words: list[str]) -> list[bool] | None:
        """For each 4-word window of the line, whether it is here, when the line :meth:`holds` (none for a line
        shorter than one, held whole); None when it does not.  Each window is built once: :func:`_left_out`
        built the line's shingles twice, to decide and then to find its runs.

        >>> _Voter("one two three four five").held("zero one two three four five".split())
        [False, True, True]
        """
        if len(words) < _SHINGLE:
            return [] if tuple(words) in self.short else None
        windows = [tuple(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)]
        distinct = set(windows)
        here = distinct & self.shingles
        if len(here) < _KEPT_SHARE * len(distinct):
            return None
        return [window in here for window in windows]


def _is_title(words: list[str], title: list[str]) -> bool:
    """Whether a line is the page's headline: its declared title, or the start of it ("Headline - Site").

    >>> title = ["sales", "plunge", "again", "spacenews", "com"]
    >>> _is_title(["sales", "plunge", "again"], title), _is_title(["sales"], title), _is_title(["tags"], ["tags"])
    (True, False, True)
    """
    n = len(words)
    return n > 0 and n * 2 >= len(title) and (n == len(title) or n >= 3) and words == title[:n]


def _filter_lines(
    text: str,
    voters: list[_Voter],
    exempt: set[str],
    title: list[str],
    *,
    inside: bool = True,
    blocks: Mapping[tuple[str, ...], Any] | None = None,
) -> tuple[str, int]:
    r"""``text`` without the headline and the lines at its edges no voter keeps, and how many lines were dropped.

    With ``inside``, a line no voter keeps goes only before the first line a voter keeps or after the last:
    between two kept lines it is inside the body the second extractor found (a subheading, a list line, a
    quoted link it leaves out), where chrome rarely sits.  Lines without words and the ``exempt`` ones
    (paragraphs put back by :func:`_recover`) stay; with no voter only the headline goes.  With ``blocks`` (each
    line's words → the block element it is read from, :func:`_line_blocks`), the lines just before the first
    kept line stay while each is read from a sibling of a kept line's block (:func:`_lead_siblings`).

    >>> voter = _Voter("Body one here. Body two here.")
    >>> _filter_lines("Menu\nBody one here.\nA subheading\nBody two here.\nShare this", [voter], set(), [])
    ('Body one here.\nA subheading\nBody two here.', 2)
    """
    lines = text.split("\n")
    verdicts = []  # "empty" (no words), "title", "kept" (by a voter, or exempt) or "left" (by every voter)
    body = False  # a line was kept: the headline heads the text, the title's words further on are the body's
    for line in lines:
        words = _WORD.findall(line)
        if not words:
            verdicts.append("empty")
        elif not body and _is_title([w.lower() for w in words], title):
            verdicts.append("title")
        elif not voters or line.strip() in exempt or any(v.holds(words) for v in voters):
            verdicts.append("kept")
            body = True
        else:
            verdicts.append("left")
    held = [n for n, verdict in enumerate(verdicts) if verdict == "kept"]
    first, last = (held[0], held[-1]) if held else (0, -1)
    if blocks is not None and held:
        first = _lead_siblings(lines, verdicts, first, last, blocks)
    kept = [
        line
        for n, (line, verdict) in enumerate(zip(lines, verdicts, strict=True))
        if verdict in ("empty", "kept") or (inside and verdict == "left" and first < n < last)
    ]
    return "\n".join(kept), len(lines) - len(kept)


def _sibling_key(block: Any) -> tuple[str, str, Any]:
    """A block's tag, class attribute and parent: blocks of one key are siblings of one kind (a story's paragraphs).

    The parent itself, not its ``id``: lxml makes an element's Python object on demand and frees it with its last
    reference, so the address of one block's parent was reused by the next one's and blocks under different
    parents shared a key.  Held in the key, the parent's object stays the one ``getparent`` returns."""
    return block.tag, " ".join((block.get("class") or "").split()), block.getparent()


def _lead_siblings(
    lines: list[str], verdicts: list[str], first: int, last: int, blocks: Mapping[tuple[str, ...], Any]
) -> int:
    """The first line of the body once the lines just before ``first`` that continue it are counted in.

    Walking back from the first kept line, a line no voter keeps is the body's own while it is read from a block
    of the same tag and class under the same parent as a kept line's (:func:`_sibling_key`): the story's opening
    paragraph, link or list heading, which the precision run leaves out with the chrome before it.  The walk stops
    at the first line that is not (the headline, a byline, a share bar: in blocks of their own).  Only the
    leading edge: after the story, a body container's siblings are what a site appends to every story (a comments
    policy, a "read also" link, related stories, a copyright line), which the benchmark's truth counts as body on
    one site and as chrome on others (on DEV 1 of 5 such lines at the trailing edge, 3 of 3 at the leading).
    """
    kinds = set()
    for n in range(first, last + 1):
        block = blocks.get(tuple(_WORD.findall(lines[n]))) if verdicts[n] == "kept" else None
        if block is not None:
            kinds.add(_sibling_key(block))
    start = first
    for n in range(first - 1, -1, -1):
        if verdicts[n] == "empty":
            continue
        block = blocks.get(tuple(_WORD.findall(lines[n]))) if verdicts[n] == "left" else None
        if block is None or _sibling_key(block) not in kinds:
            break
        start = n
    for n in range(start, first):
        if verdicts[n] == "left":
            verdicts[n] = "kept"
    return start


def _line_blocks(tree: Any) -> dict[tuple[str, ...], Any]:
    """Each line a page shows (its words, as :func:`_visible_lines` splits the page into lines, without the
    elements it leaves out) → the innermost block element it is read from (the first, for a line shown twice).
    One walk of the body: linear in the page.

    >>> from lxml import html
    >>> found = _line_blocks(html.fromstring("<html><body><div><p>One <a>two</a></p>three<br>four</div></body></html>"))
    >>> {" ".join(words): element.tag for words, element in found.items()}
    {'One two': 'p', 'three': 'div', 'four': 'div'}
    """
    from lxml import etree

    body = next(tree.iter("body"), tree)
    found: dict[tuple[str, ...], Any] = {}
    pieces: list[str] = []
    open_blocks = [body]

    def flush() -> None:
        words = tuple(_WORD.findall("".join(pieces)))
        pieces.clear()
        if words and words not in found:
            found[words] = open_blocks[-1]

    walk = etree.iterwalk(body, events=("start", "end"))
    for event, element in walk:
        tag = element.tag if isinstance(element.tag, str) else None
        if event == "start":
            if tag in _NOT_SHOWN:
                walk.skip_subtree()
                continue
            if tag in _BLOCKS or tag == "br":
                flush()
            if tag in _BLOCKS and element is not body:
                open_blocks.append(element)
            if tag is not None and element.text:
                pieces.append(element.text)
            continue
        if tag in _BLOCKS or tag == "br":
            flush()
        if open_blocks[-1] is element and element is not body:
            open_blocks.pop()
        if element is not body and element.tail:
            pieces.append(element.tail)
    flush()
    return found


def precise_text(tree: Any, *, fast: bool | None = None) -> str:
    """trafilatura's precision-oriented text of a parsed page (empty when it finds none): the default voter.
    ``fast``: whether trafilatura runs without its fallback extractors (:data:`_MAX_FALLBACK_PARAGRAPHS`), as
    :func:`extract_page` measured the page; measured here when not given."""
    import trafilatura

    found = trafilatura.bare_extraction(
        tree,
        with_metadata=False,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        fast=_without_fallback(tree) if fast is None else fast,
    )
    text = getattr(found, "text", None) if found is not None else None
    return text if isinstance(text, str) else ""


Voter = Callable[[Any], str]
"""A second extractor: a parsed page (an lxml tree, its own copy) → its article text."""
VOTERS: tuple[Voter, ...] = (precise_text,)
"""The second extractors that vote on trafilatura's recall-oriented lines by default: its precision-oriented run
alone (chosen by cross-validation over sites against readability-lxml and both; see docs/inputs.md)."""


_LONG_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9:-]*)(\s[^<>]{4000,})>")
_ATTRIBUTE = re.compile(r"""\s*([^\s"'<>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]*))?""")
_MAX_ATTRIBUTES = 200
"""Attributes kept on one tag: the HTML parser checks each new attribute against the ones before it
(150,000 on one ``<p>``, 1.4 MB, took 218 s); a real tag has a few dozen at most."""


def _bounded_tags(html: str) -> str:
    """``html`` with every tag of more than :data:`_MAX_ATTRIBUTES` attributes cut to its first ones (only tags
    of 4,000 characters or more are looked at; a tag stops at the next ``<`` or ``>``, so the search is linear).

    >>> _bounded_tags("<p " + " ".join(f"a{i}=x" for i in range(3000)) + ">x</p>").count("=")
    200
    """

    def cut(tag: re.Match[str]) -> str:
        attributes = _ATTRIBUTE.finditer(tag.group(2))
        kept = [m.group() for _, m in zip(range(_MAX_ATTRIBUTES + 1), attributes, strict=False)]
        if len(kept) <= _MAX_ATTRIBUTES:
            return tag.group()
        return f"<{tag.group(1)}{''.join(' ' + k.strip() for k in kept[:_MAX_ATTRIBUTES])}>"

    return _LONG_TAG.sub(cut, html) if len(html) > 4000 else html


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """trafilatura's loggers (and htmldate's, courlan's) silenced: they log parse failures themselves, which
    here become one :class:`DecodeError`, nothing on stderr."""
    loggers = [logging.getLogger(name) for name in ("trafilatura", "htmldate", "courlan")]
    previous = [logger.disabled for logger in loggers]
    for logger in loggers:
        logger.disabled = True
    try:
        yield
    finally:
        for logger, was in zip(loggers, previous, strict=True):
            logger.disabled = was


_BODY_END = re.compile(r"</(?:body|html)\s*+>", re.IGNORECASE)
"""The end tag of a page's body or of the page: libxml2 drops what follows ``</html>`` and keeps what follows
``</body>`` out of the body, where a browser reads both into the body (HTML's "after body" modes send any
content back into it), and shows it: a copy after ``</html>`` passed as "no reuse found"."""


def _shown_tree(html: str) -> Any:
    """The parsed page (``html`` with its tags bounded, :func:`_bounded_tags`) as a reader is shown it: what follows
    its body's or its own end tag in the body (:data:`_BODY_END`), the bodies of ``<iframe srcdoc>`` frames in
    place, templates gone, zero-width spaces used as spaces written as spaces, hover cards gone, generated text in
    place, what is hidden gone (:func:`_drop_hidden`), overridden text in reading order, and form fields and images
    shown as text as their text.  The one reading of what a page shows: :func:`extract_page` extracts from it,
    :func:`shown_text` reads what that left out.  Raises :class:`DecodeError` when the page cannot be parsed."""
    from trafilatura.utils import load_html

    html = _BODY_END.sub("", html)  # the body ends where the page does, as a browser reads it
    # trafilatura reads a fragment of one element ("<p>…</p>") or text without markup as no page at all
    tree = load_html(html)
    if tree is None:
        tree = load_html(f"<html><body>{html}</body></html>")
    if tree is None:
        raise DecodeError("HTML could not be parsed")
    # what the page and its frames hold, as written: a frame's document is read as the page is (a shadow root in
    # a srcdoc, escaped in the page's markup, was never attached, and content it hides credited the page)
    shown = "\n".join((html, *_open_frames(tree, len(html))))
    if _TEMPLATE.search(shown):
        _drop_templates(tree)
    if _ZERO_WIDTH_SPACE.search(shown):
        _space_zero_widths(tree)
    stand_ins = _text_stand_ins(tree) if _SHOWN_AS_TEXT.search(shown) else []
    _drop_hover_cards(tree)
    _read_generated(tree, html)  # a frame's style sheets are left out (they apply inside the frame only)
    _drop_hidden(tree)
    if _ORDERED_BY.search(shown):
        _read_in_shown_order(tree)
    if _OVERRIDDEN.search(shown):
        _read_overrides(tree)
    _part_glued_words(tree)
    _show_stand_ins(stand_ins)
    return tree


def extract_page(
    html: str,
    *,
    recover: bool = True,
    voters: tuple[Voter, ...] = VOTERS,
    drop_headline: bool = True,
    keep_inside: bool = True,
    lead_siblings: bool = True,
    body_share: float = BODY_SHARE,
    low_coverage: float = LOW_COVERAGE,
    min_missing: int = LOW_COVERAGE_MIN_WORDS,
    shown: bool = False,
) -> HtmlExtraction:
    """The main text of an HTML page, the metadata it declares, and how much of the page's prose it kept.

    trafilatura (recall-oriented: tables kept, ``favor_recall``) extracts the text; the rest of a body split
    over sibling containers is put back (``recover``); a line then stays only when one of the second
    extractors in ``voters`` (:data:`VOTERS`) keeps it too (every line, with none) or, with ``keep_inside``, it
    lies between two lines they keep (:func:`_filter_lines`) or, with ``lead_siblings``, just before the first
    one, read from siblings of a kept line's block (:func:`_lead_siblings`), and with ``drop_headline``
    the line repeating the declared title goes (neither when it would leave out more than
    :data:`MAX_DROPPED` of the words); a warning says when less than ``low_coverage`` of the page's
    prose words, and at least ``min_missing`` of them, are left out.  A page too crowded for trafilatura
    (:func:`_bound_pieces`) is read as its visible text instead (:func:`_visible_text`; its metadata as
    trafilatura reads it, no voters, no recovery, the headline still dropped), with :data:`CROWDED_WARNING`.
    With ``shown``, the page's lines as a reader is shown it too (:attr:`HtmlExtraction.shown`), read from the
    same parse: what a check reads outside the article (:meth:`ShownText.of`) without parsing the page again.
    Raises :class:`DecodeError` when the page has no article text.
    """
    import trafilatura

    html = _bounded_tags(html)
    with _quiet():
        try:
            tree = _shown_tree(html)
            lines = _shown_lines(tree) if shown else None  # before extraction, as shown_text reads the tree
            crowded, fast = _bounded_page(tree)
            result: object
            text: object
            if crowded:  # the metadata as trafilatura reads it (linear), the text without it
                from trafilatura.metadata import extract_metadata

                result = extract_metadata(copy.deepcopy(tree), None, dict(_DATE_PARAMS), False, None)
                text = _visible_text(tree)
            else:
                result = trafilatura.bare_extraction(
                    copy.deepcopy(tree),
                    with_metadata=True,
                    include_comments=False,
                    include_tables=True,
                    favor_recall=True,
                    fast=fast,
                    deduplicate=False,
                    date_extraction_params=dict(_DATE_PARAMS),
                )
                text = getattr(result, "text", None) if result is not None else None
            if not isinstance(text, str) or not text.strip():
                raise DecodeError("no article text found in the HTML page")
            votes = []
            for second in () if crowded else voters:
                try:
                    page = copy.deepcopy(tree)
                    other = precise_text(page, fast=fast) if second is precise_text else second(page)  # measured once
                except Exception:  # a second extractor failing on broken markup just does not vote
                    other = ""
                if other.strip():
                    votes.append(_Voter(other))
        except DecodeError:
            raise
        except Exception as err:  # trafilatura/lxml raise many kinds on broken markup
            raise DecodeError(f"HTML could not be parsed ({type(err).__name__})") from None
    url = getattr(result, "url", None) or _canonical(tree)
    site = _site_name(tree)
    meta = declared_meta(
        date=_published_time(tree) or getattr(result, "date", None),
        outlet=_outlet_of(site, getattr(result, "sitename", None), url),
        title=_headline(tree, getattr(result, "title", None), site or getattr(result, "sitename", None), url),
        url=url,
    )
    paragraphs = _paragraphs(tree, _shingles(_WORD.findall(text)))
    recovered: list[str] = []
    if recover and not crowded:  # the visible text holds every paragraph already
        text, recovered = _recover(text, paragraphs, body_share)
    title = [w.lower() for w in _WORD.findall(meta.title or "")] if drop_headline and meta is not None else []
    blocks = _line_blocks(tree) if lead_siblings and votes else None
    filtered, dropped = _filter_lines(text, votes, set(recovered), title, inside=keep_inside, blocks=blocks)
    if dropped and len(_WORD.findall(filtered)) >= (1 - MAX_DROPPED) * len(_WORD.findall(text)):
        text = filtered
        paragraphs = _paragraphs(tree, _shingles(_WORD.findall(text)))
    else:
        dropped = 0
    prose, kept = _coverage(paragraphs)
    warning = CROWDED_WARNING if crowded else None
    if warning is None and prose and kept < low_coverage * prose and prose - kept >= min_missing:
        warning = (
            f"extraction kept {kept:,} of the page's {prose:,} words of paragraph text ({kept / prose:.0%}); "
            "the article may be incomplete (see: provenance extract FILE)"
        )
    return HtmlExtraction(text, meta, len(recovered), prose, kept, warning, dropped, lines)


@dataclass(frozen=True)
class ShownText:
    """An HTML page's text as a reader is shown it, line by line, and which lines its extracted text leaves out."""

    lines: tuple[str, ...]
    """Its lines (one a block element or ``<br>``-separated line, white space collapsed), in page order."""
    parts: tuple[str, ...]
    """For each line, what of it the extracted text leaves out (:func:`_left_out`): all of it (an aside, a
    footer, a menu, a related box), the runs of its words the text does not hold (a line the text holds in the
    main), or nothing."""
    links: tuple[tuple[str, ...], ...]
    """For each line, the link targets (``href``, as written) it is shown in: those of the links its text sits in
    and of the smallest block around it holding a link (:func:`_visible_lines`), sorted."""
    base: str | None = None
    """What a relative link target is read against: the page's ``<base href>``, resolved against its own address,
    else its own address (None: a relative target leads nowhere known)."""
    lent: tuple[tuple[int, int, int, tuple[str, ...]], ...] = ()
    """Of :attr:`links`, those a block lent a line (:attr:`ShownLines.lent`): (line, the block's first line,
    the line after its last, the targets)."""

    @functools.cached_property
    def _held(self) -> list[int]:
        """Of the lines before each (and all), how many hold some of the article's text: read once a page, for
        every credit a block lends (:meth:`linking`)."""
        shared = (part != line for part, line in zip(self.parts, self.lines, strict=True))
        return list(itertools.accumulate(shared, initial=0))

    @property
    def text(self) -> str:
        """The page's shown text, one line a line."""
        return "\n".join(self.lines)

    @property
    def left_out(self) -> tuple[bool, ...]:
        """For each line, whether the extracted text leaves any of it out."""
        return tuple(bool(part) for part in self.parts)

    def outside(self, without: AbstractSet[int] = frozenset()) -> str:
        """What the extracted text leaves out of each line, but the lines numbered in ``without``, one a line."""
        return "\n".join(part for n, part in enumerate(self.parts) if part and n not in without)

    def linking(
        self, url: str | None, spans: Iterable[tuple[int, int]], without: AbstractSet[int] = frozenset()
    ) -> bool:
        r"""Whether each span of :meth:`outside` (``without`` those lines) lies in lines shown in a link to ``url``
        (:attr:`links`; :func:`links_to` it), and there is a span: a related box
        quoting a story and linking it, which says where its text is from.

        >>> shown = shown_text("<body><article><p>The body.</p></article><aside><div><h3><a href='/b/'>B</a></h3>"
        ...     "<p>What B says.</p></div></aside><footer>Not in the box.</footer></body>", "The body.", url="https://x.org/a")
        >>> shown.outside()
        'B\nWhat B says.\nNot in the box.'
        >>> shown.linking("http://x.org/b", [(0, 15)]), shown.linking("https://x.org/b", [(2, 20)])
        (True, False)
        """
        wanted = _address(url)
        if wanted is None:
            return False
        starts: list[int] = []  # where each line of the outside text starts, and the shown line it is of
        owners: list[int] = []
        at = 0
        for n, part in enumerate(self.parts):
            if part and n not in without:
                for run in part.split("\n"):
                    starts.append(at)
                    owners.append(n)
                    at += len(run) + 1
        leads: dict[str, bool] = {}  # each link target read, whether it leads to ``url``
        linked: dict[int, bool] = {}  # each line a span touches, whether it is shown in a link to ``url``
        lenders = {line: (first, last, hrefs) for line, first, last, hrefs in self.lent}

        def shown_in_link(n: int) -> bool:
            if n not in linked:
                hrefs: Iterable[str] = self.links[n]
                if n in lenders:  # a block holding some of the article lends it no link (its page's wrapper)
                    first, last, given = lenders[n]
                    if self._held[last] > self._held[first]:
                        hrefs = [href for href in hrefs if href not in given]
                for href in hrefs:
                    if href not in leads:
                        leads[href] = _leads_to(_address(href, self.base), wanted)
                linked[n] = any(leads[href] for href in hrefs)
            return linked[n]

        found = False
        for start, end in spans:
            first = bisect.bisect_right(starts, start) - 1
            last = bisect.bisect_right(starts, max(start, end - 1)) - 1
            if first < 0 or not all(shown_in_link(owners[i]) for i in range(first, last + 1)):
                return False
            found = True
        return found

    @classmethod
    def of(cls, shown: ShownLines, text: str, url: str | None = None) -> ShownText:
        """A page's ``shown`` lines (:func:`_shown_lines`), what of each its extracted ``text`` leaves out
        (:func:`_left_out`), and their link targets, read against the page's ``<base href>`` resolved against its
        own address ``url``, else ``url``."""
        kept = _Voter(text)
        lines = shown.lines
        parts = [_left_out(line, kept) for line in lines]
        for first, last in _wrapped_runs(lines):  # a run of short lines is read as one text (its words apart)
            if not kept.holds([word for line in lines[first:last] for word in _WORD.findall(line)]):
                parts[first:last] = lines[first:last]
        base = url
        if shown.base_href is not None:
            try:
                base = urljoin(url or "", _browsed(shown.base_href))
            except ValueError:  # an address that does not parse: a relative target leads nowhere known
                base = None
        return cls(lines, tuple(parts), shown.links, base, shown.lent)


def _shown_lines(tree: Any) -> ShownLines:
    """The lines of a page parsed as shown (:func:`_shown_tree`), read as :func:`_visible_text` reads a page,
    with its navigation, headers, footers, asides and forms; each with the link targets it is shown in (but a
    link no reader can see or follow: :func:`.styles.unfollowed`), and the page's first ``<base href>``."""
    from .styles import unfollowed

    targets: list[set[str]] = []
    lent: dict[int, tuple[int, int, frozenset[str]]] = {}
    shown, _ = _visible_lines(tree, chrome=True, links=targets, lent=lent, unfollowed=unfollowed(tree))
    lines = tuple(line.text for line in shown) or ("",)
    links = tuple(tuple(sorted(t)) for t in targets) or ((),)
    given = tuple((n, first, last, tuple(sorted(hrefs))) for n, (first, last, hrefs) in sorted(lent.items()))
    base = next((str(href) for href in tree.xpath("(//base[@href])[1]/@href")), None)
    return ShownLines(lines, links, base, given)


def _left_out(line: str, kept: _Voter) -> str:
    """What of the shown ``line`` the extracted text ``kept`` leaves out: the line, when the text does not hold
    it (:meth:`_Voter.holds`: half of its shingles); when it does, the runs of its words that no shingle the
    text holds covers, one a line (as the line spells them), or nothing.  A copy typed into a line after as
    much of the article's own text (an aside quoting the article, then a paragraph of another story) is held
    by half and was never compared.

    >>> kept = _Voter("The council met on Monday to discuss the budget of the town.")
    >>> _left_out("The council met on Monday to discuss the budget of the town.", kept)
    ''
    >>> _left_out("The council met on Monday to discuss the budget of the town. The Kremlin said so.", kept)
    'The Kremlin said so'
    """
    found = list(_WORD.finditer(line))
    words = [m.group() for m in found]
    hits = kept.held(words)
    if hits is None:
        return line
    if len(words) < _SHINGLE:  # a short line is held whole
        return ""
    covered = [False] * len(words)
    for i, hit in enumerate(hits):
        if hit:
            covered[i : i + _SHINGLE] = [True] * _SHINGLE
    runs = [list(run) for hit, run in itertools.groupby(range(len(words)), key=covered.__getitem__) if not hit]
    return "\n".join(line[found[run[0]].start() : found[run[-1]].end()] for run in runs)


def shown_text(html: str, text: str, *, url: str | None = None) -> ShownText:
    r"""What an HTML page shows a reader, and what of it its extracted ``text`` (:func:`extract_page`'s) leaves
    out: its whole body as shown (:func:`_shown_tree`, read as :func:`_visible_text` reads a page, with its
    navigation, headers, footers, asides and forms), a line left out when ``text`` does not hold it (half of its
    4-word shingles, a shorter line whole: :class:`_Voter`), of a line it holds the words it does not hold
    (:func:`_left_out`).  What a check compares too: a copy kept in an ``<aside>`` or a footer is shown to every
    reader.  Each line carries the link targets it is shown in (:attr:`ShownText.links`), read against the page's
    ``<base href>`` and its own address ``url``.  One parse and one walk of the page (a page loaded for a check
    kept its lines from its extraction's parse, :attr:`HtmlExtraction.shown`, read by :meth:`ShownText.of`).
    Raises :class:`DecodeError` when the page cannot be parsed.

    >>> shown = shown_text("<body><nav>Home</nav><article><p>The body of the story.</p></article>"
    ...     "<aside><p>A copy kept aside.</p></aside></body>", "The body of the story.")
    >>> shown.outside()
    'Home\nA copy kept aside.'
    >>> shown.left_out
    (True, False, True)
    """
    with _quiet():
        try:
            tree = _shown_tree(_bounded_tags(html))
        except DecodeError:
            raise
        except Exception as err:  # lxml raises many kinds on broken markup
            raise DecodeError(f"HTML could not be parsed ({type(err).__name__})") from None
    return ShownText.of(_shown_lines(tree), text, url)


def _wrapped_runs(lines: tuple[str, ...]) -> list[tuple[int, int]]:
    """The ``[first, last)`` of each run of two or more of ``lines`` that :func:`.sentences.unwrapped` reads as
    one text: a copy a word a line (a table a word a cell, a ``<br>`` after each) outside the article, each line
    held by the article's own words, was never compared."""
    from ..text.sentences import unwrapped

    text = "\n".join(lines)
    joined = unwrapped(text)
    runs: list[tuple[int, int]] = []
    first, at = 0, 0
    for n, line in enumerate(lines):
        at += len(line)
        if at >= len(text) or joined[at] == "\n":  # the line's break stays: a run ends
            if n > first:
                runs.append((first, n + 1))
            first = n + 1
        at += 1
    return runs


def extract_html(html: str) -> tuple[str, DocumentMeta | None]:
    """The main text of an HTML page and the metadata it declares (:func:`extract_page` without its measures).

    Raises :class:`DecodeError` when the page has no article text.
    """
    found = extract_page(html)
    return found.text, found.declared


# Markdown markup, each replaced by spaces of its own length (newlines kept).
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.DOTALL)
_DECLARED_KEYS = ("title", "date", "url", "outlet", "source")
"""The front matter's fields read as the document's metadata (a value of theirs needs a headline's words to be
read as text too)."""
_FRONT_FIELD = re.compile(rf"^({'|'.join(_DECLARED_KEYS)})[ \t]*:[ \t]*(.+?)[ \t]*$", re.MULTILINE | re.IGNORECASE)
# Linear on hostile lines: a label stops at the next "[", a target at the next unpaired "(" (one level of
# parentheses, as in a Wikipedia address), an autolink at the next "<", a comment at the next "<!--", so
# an unclosed one ("[word " or "<!-- x " repeated on a 200 KB line) is one short attempt, not a scan of
# the rest of the line from each (27 s at 200 KB, x4 a doubling, before).
_TARGET = r"\((?:[^()\n]|\([^()\n]*+\))*+\)"
_IMAGE = re.compile(rf"(!\[)([^\[\]\n]*+)(\]{_TARGET})")
"""An inline image, its alt text (the second group) kept as a link's text is: a browser shows it, as a
paragraph, where the image does not load (a copy kept as the alt text of a missing image passed)."""
_LINK = re.compile(rf"(\[)([^\[\]\n]*+)(\]{_TARGET}|\]\[[^\[\]\n]*+\])")
_REF_DEF = re.compile(
    r"^[ \t]{0,3}+(?:\[(?!\^)[^\]\n]++\]:[ \t]*+(?:<[^<>\n]*+>|[^\s<]\S*+)"
    r"(?:[ \t]++(?:\"[^\"\n]*+\"|'[^'\n]*+'|\([^()\n]*+\)))?+[ \t]*+$|\[\^[^\]\n]++\]:)",
    re.MULTILINE,
)
"""A link reference definition (``[1]: https://x.org/a "title"``), blanked, never shown; or a footnote's label
(``[^1]:``), blanked, its text kept: a line that is neither (``[1]: The minister said …``, which CommonMark
shows as a paragraph) or a footnote's text (shown at the page's end) held a copy that passed."""
_ATTRIBUTE_PARTS = r"""[ \t]++([A-Za-z_:][\w.:-]*+)(?:[ \t]*+=[ \t]*+(?:([^\s"'=<>`]++)|'([^'\n]*+)'|"([^"\n]*+)"))?+"""
"""An attribute of a tag as CommonMark reads it: its name (group 1) and its value (group 2, 3 or 4: unquoted, in
single or in double quotes)."""
_TAG_ATTRIBUTES = re.compile(_ATTRIBUTE_PARTS)
# The same, nothing captured: groups inside a tag's possessive repetition make Python's re fail (SystemError).
_TAG_ATTRIBUTE = re.sub(r"\((?!\?)", "(?:", _ATTRIBUTE_PARTS)
_TAG_NAME = re.compile(r"<([A-Za-z][A-Za-z0-9-]*+)")
_AUTOLINK_OR_TAG = re.compile(
    rf"<(?:https?://[^<>\s]*+|[A-Za-z][A-Za-z0-9-]*+(?:{_TAG_ATTRIBUTE})*+[ \t]*+/?|/[A-Za-z][A-Za-z0-9-]*+[ \t]*+"
    r"|!--(?:[^<\n]|<(?!!--))*?--)>",
    re.ASCII,
)
"""An autolink, a tag or a comment as CommonMark reads them: ``<The minister said, on Monday.>`` is none
(``said,`` is no attribute), and CommonMark shows it as text, brackets and all; a copy so written, a
sentence a line, was blanked and passed.  So is ``<http://x.org the minister said>`` (a space ends an
autolink)."""
_LINE_MARKERS = re.compile(
    r"^([ \t]*(?:>[ \t]?)*)(#{1,6}(?=[ \t]|$)|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))?", re.MULTILINE
)
_RULE = re.compile(r"^[ \t]*+(?:(?:[-*_][ \t]*+){3,}+|=++|-++)[ \t]*+$", re.MULTILINE)
_FENCE = re.compile(r"^[ ]{0,3}+(`{3,}+|~{3,}+)([^\n]*+)$", re.MULTILINE)
"""A line opening or closing a fenced code block, or one inside it that only starts as such."""
_EMPHASIS = re.compile(r"\*+|~~|`+|(?<!\w)_+|_+(?!\w)|\\(?=[^\w\s])")


def _fences(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The lines that open and close fenced code blocks, and the blocks' contents, as (start, end) offsets,
    read as CommonMark reads them: inside a block, a line of the fence's mark followed by words (three
    backticks, then ``The minister said …``) closes nothing and is shown as code; a line of backticks whose
    info string holds one opens nothing; a block left open runs to the end.

    >>> _fences("```py\\nx = 1\\n```Shown as code.\\n```")
    ([(0, 5), (30, 33)], [(6, 29)])
    """
    marks: list[tuple[int, int]] = []
    contents: list[tuple[int, int]] = []
    opened: tuple[str, int, int] | None = None  # the open block's mark, its length, where its content starts
    for line in _FENCE.finditer(text):
        mark, info = line.group(1), line.group(2)
        if opened is None:
            if mark[0] == "`" and "`" in info:
                continue  # an inline code span, not a fence
            opened = (mark[0], len(mark), line.end() + 1)
        elif mark[0] == opened[0] and len(mark) >= opened[1] and not info.strip():
            contents.append((opened[2], max(opened[2], line.start() - 1)))
            opened = None
        else:
            continue  # a line of the block's content
        marks.append((line.start(), line.end()))
    if opened is not None:
        contents.append((min(opened[2], len(text)), len(text)))
    return marks, contents


_CODE_RUN = re.compile(r"`++")
_BLANK_LINE = re.compile(r"\n[ \t]*+\n")


def _indented_code(text: str, fenced: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The lines of ``text`` indented by 4 spaces or a tab after a blank line (or another such line), outside
    the ``fenced`` ranges (sorted), as (start, end): an indented code block, shown as written.  In a list such
    a line is a paragraph of an item, read as code here: a word too many, never one too few.

    >>> _indented_code("Text\\n\\n    <!-- shown -->\\n", [])
    [(6, 24)]
    """
    found: list[tuple[int, int]] = []
    at, after_blank = 0, True
    for line in text.split("\n"):
        end = at + len(line)
        if not line.strip():
            after_blank = True
        elif after_blank and line.startswith(("    ", "\t")) and not _inside(at, fenced):
            found.append((at, end))
        else:
            after_blank = False
        at = end + 1
    return found


def _code_spans(text: str, blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The contents of the code spans of ``text`` outside the ``blocks`` (sorted ranges), as (start, end): a
    run of backticks up to the next run as long, within a paragraph (no blank line between).  Linear: each
    run is looked at once, its closer found through the next run of each length, a blank line by bisection."""
    runs = [m.span() for m in _CODE_RUN.finditer(text) if not _inside(m.start(), blocks)]
    following: dict[int, int] = {}  # the next run of each length, from the right
    closer = [-1] * len(runs)
    for n in range(len(runs) - 1, -1, -1):
        length = runs[n][1] - runs[n][0]
        closer[n] = following.get(length, -1)
        following[length] = n
    blanks = [m.start() for m in _BLANK_LINE.finditer(text)]  # where paragraphs end: no span crosses one
    spans: list[tuple[int, int]] = []
    n = 0
    while n < len(runs):
        close = closer[n]
        after = bisect.bisect_left(blanks, runs[n][1])
        if close >= 0 and (after == len(blanks) or blanks[after] >= runs[close][0]):
            spans.append((runs[n][1], runs[close][0]))
            n = close + 1
        else:
            n += 1
    return spans


def _inside(at: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether offset ``at`` is in one of the sorted, disjoint ``ranges``."""
    found = bisect.bisect_right(ranges, at, key=lambda r: r[0]) - 1
    return found >= 0 and at < ranges[found][1]


def _blanked(text: str, lines: list[tuple[int, int]]) -> str:
    """``text`` with the characters of ``lines`` (ranges within a line each) as spaces."""
    pieces: list[str] = []
    at = 0
    for start, end in lines:
        pieces += [text[at:start], " " * (end - start)]
        at = end
    return "".join(pieces) + text[at:]


def _restored(masked: str, text: str, ranges: list[tuple[int, int]]) -> str:
    """``masked`` with the characters of ``ranges`` as ``text`` holds them (code, shown as written)."""
    pieces: list[str] = []
    at = 0
    for start, end in ranges:
        pieces += [masked[at:start], text[start:end]]
        at = end
    return "".join(pieces) + masked[at:]


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def _blank_tag(match: re.Match[str]) -> str:
    """A tag, autolink or comment blanked (:func:`_blank`), but for the text a browser shows for an ``<img>``
    or an ``<input>``, by the rule a page's are read by (:func:`_shown_value`): the alt text of an image that
    names no source, the first characters of a text input's value.  An image's parent is not read: one a
    ``<picture>`` gives a source shows its alt text here (more read, never a copy hidden).

    >>> _blank_tag(re.match(r".*", '<img class="x" alt="Shown words">'))
    '                    Shown words  '
    """
    tag = match.group()
    name = _TAG_NAME.match(tag)
    if name is None or name.group(1).lower() not in ("img", "input"):
        return _blank(match)
    attributes: dict[str, str] = {}
    spans: dict[str, tuple[int, int]] = {}
    for attribute in _TAG_ATTRIBUTES.finditer(tag, name.end()):
        key = attribute.group(1).lower()
        if key not in attributes:  # the first of a name counts, as a browser (and lxml) reads a tag
            value = attribute.lastindex if attribute.lastindex is not None and attribute.lastindex > 1 else None
            # decided on as a browser reads it (src="&#100;ata:," is data:), shown as written
            attributes[key] = "" if value is None else unescape(attribute.group(value))
            spans[key] = (attribute.end(), attribute.end()) if value is None else attribute.span(value)
    shown = _shown_value(name.group(1).lower(), attributes)
    if shown is None or shown[0] not in spans:  # an input without a value (``<input>``) shows no text of ours
        return _blank(match)
    start, end = spans[shown[0]]
    end = min(end, start + shown[1])
    return " " * start + tag[start:end] + " " * (len(tag) - end)


_FRONT_KEY = re.compile(r"([A-Za-z_][\w.-]*+)[ \t]*+:(?=[ \t]|$)")
"""A top-level key of YAML front matter, at the start of its line."""
_FRONT_MARKUP = re.compile(r"^[ \t]*+(?:-[ \t]++)*+|[|>][+-]?[0-9]?[ \t]*+$")
"""What a value's line holds that is no text: its indentation and list dashes, a block scalar's indicator."""
_FRONT_ITEM = re.compile(r"-(?:[ \t]|$)")
"""A list item of YAML front matter (``- a sentence``), which may start at its key's column."""
_SENTENCE_WORDS = 4
"""Words a front-matter value must hold to be read as text (a summary shown with the article, not a tag)."""
_LONG_TITLE_WORDS = 25
"""Words a title (or another field read as metadata) must hold to be read as text too: themes show the title
as the page's heading, and no headline runs to 25 words (a whole copy as the title passed)."""


def _front_text(front: str) -> str:
    """YAML front matter (between its ``---`` lines) blanked, but for the values of its fields that hold a
    sentence (:data:`_SENTENCE_WORDS` words or more; for the metadata read, title, date, url, outlet and
    source, :data:`_LONG_TITLE_WORDS`): a ``summary``, ``excerpt`` or ``description`` is shown on the page or
    its listing by Hugo and Jekyll themes, the title as its heading, and a whole copy kept there passed (the
    front matter was blanked whole).  Each value
    stays where it is, so offsets are still those of the file; linear (a line is looked at once).

    >>> _front_text("---\\nlayout: post\\nsummary: |\\n  The minister said the talks would go on.\\n---\\n").split()
    ['The', 'minister', 'said', 'the', 'talks', 'would', 'go', 'on.']
    """
    out: list[str] = []
    entry: list[tuple[str, bool]] = []  # the lines of one top-level field, and whether each is its value's

    need = _SENTENCE_WORDS  # words the current field's value needs to be read

    def flush() -> None:
        prose = has_words(" ".join(line for line, kept in entry if kept), need)
        out.extend(line if prose and kept else _blank_line(line) for line, kept in entry)
        entry.clear()

    for line in front.split("\n"):
        line += "\n"
        key = _FRONT_KEY.match(line)
        # A new field, or a line of none (the markers); a list's items may start at the key's column.
        if key or (line.strip() and not line[:1].isspace() and not _FRONT_ITEM.match(line)):
            flush()
        if key:
            need = _LONG_TITLE_WORDS if key.group(1).lower() in _DECLARED_KEYS else _SENTENCE_WORDS
            entry += [(" " * key.end(), False), (_FRONT_MARKUP.sub(_spaces, line[key.end() :]), True)]
        elif not entry:
            entry.append((line, False))
        else:
            entry.append((_FRONT_MARKUP.sub(_spaces, line), True))
    flush()
    return "".join(out)[:-1]  # the "\n" after the last line, which split() took none from


def has_words(text: str, count: int = _LONG_TITLE_WORDS) -> bool:
    """Whether ``text`` holds ``count`` words (runs of two letters or more), read no further than the last.

    >>> has_words("A headline of six words here"), has_words("Iran and Russia sign", 4)
    (False, True)
    """
    return sum(1 for _ in itertools.islice(_WORDS.finditer(text), count)) == count


def _blank_line(line: str) -> str:
    """A line (or its start) as spaces, its ``\n`` kept."""
    return " " * (len(line) - 1) + "\n" if line.endswith("\n") else " " * len(line)


def _spaces(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


_WORDS = re.compile(r"[^\W\d_]{2,}")


_HIDDEN_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9]*)\b([^<>\n]{0,400})>")
_HIDDEN_ATTRIBUTE = re.compile(r"\bhidden\b|style", re.IGNORECASE)
"""What a tag must hold to be read for hiding its element (a ``hidden`` attribute, a style)."""
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*+=\s*+(?:"([^"]*+)"|'([^']*+)'|([^\s"'=<>`]++)))?""")
"""An attribute of a tag, its name and its value (quoted either way, or not)."""


@functools.lru_cache(maxsize=4096)
def _tag_hides(name: str, attributes: str) -> bool:
    """Whether a browser hides the element a tag opens (:func:`.styles.with_agent`): a ``hidden`` attribute
    (not the word in another's value, ``title="hidden gem"``) or a style that hides it or its text.

    >>> [_tag_hides("div", a) for a in (" hidden", ' style="Display:none"', ' title="hidden"', ' class="hidden-xs"')]
    [True, True, False, False]
    >>> _tag_hides("div", ' hidden style="display: block"'), _tag_hides("span", " hidden=until-found")
    (False, False)
    """
    from .styles import SHOWN, declare, effect, hides, inherit, with_agent

    found: dict[str, str] = {}
    for attribute in _ATTRIBUTE.finditer(attributes):
        key = attribute.group(1).lower()
        if key not in found:  # the first of a name counts, as an HTML parser reads it
            found[key] = next((value for value in attribute.group(2, 3, 4) if value is not None), "")
    declared = {key: value for key, value in declare(found.get("style")).items() if key not in _MOVES}
    removes, inherited = effect(with_agent(declared, name, found.get("hidden")))
    return removes or hides(inherit(inherited, SHOWN))


_MOVES = ("left", "top", "text-indent")
"""What a Markdown tag's style may move its element off the screen by: not read (how far its text reaches, on
a page Markdown is not, is not known: the text is kept)."""
_HIDDEN_REACH = 4000  # characters searched for a hidden element's end tag (bounded: linear on hostile text)


def _blank_hidden(text: str) -> str:
    """``text`` with the inline HTML elements a reader never sees blanked, their content too (``<span
    hidden>``, ``style="display:none"``): Markdown renders raw HTML, and a credit hidden so made a copy
    pass as credited.  An element whose end tag is not near is blanked to its line's end.

    >>> _blank_hidden('A <span hidden>credit</span> B') == 'A ' + ' ' * 26 + ' B'
    True
    """
    pieces: list[str] = []
    at = 0
    for tag in _HIDDEN_TAG.finditer(text):
        if tag.start() < at or not _HIDDEN_ATTRIBUTE.search(tag.group(2)) or not _tag_hides(*tag.group(1, 2)):
            continue
        close = text.find(f"</{tag.group(1)}", tag.end(), tag.end() + _HIDDEN_REACH)
        end = text.find(">", close) + 1 if close >= 0 else 0
        if end <= 0:
            end = text.find("\n", tag.end())
            end = len(text) if end < 0 else end
        pieces += [text[at : tag.start()], re.sub(r"[^\n]", " ", text[tag.start() : end])]
        at = end
    return "".join(pieces) + text[at:] if pieces else text


_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
"""A character reference as CommonMark reads one outside code (``&#97;``, ``&#x61;``, ``&eacute;``)."""
_FILLER = "\u2060"
"""What pads a decoded reference to its length: the word joiner, invisible, which folding leaves out."""


def _decode_references(text: str, code: list[tuple[int, int]]) -> str:
    """``text`` with each character reference outside ``code`` (sorted ranges) written as the character it
    stands for, padded to the reference's length with :data:`_FILLER`: CommonMark shows ``&#97;`` as ``a``,
    and a copy with every letter so written passed as "no reuse found".  An unknown name stays as written.

    >>> _decode_references("caf&eacute; &#x61;nd &bogus; `&#97;`", [(29, 36)]).replace(_FILLER, "")
    'café and &bogus; `&#97;`'
    """

    def decoded(match: re.Match[str]) -> str:
        reference = match.group()
        char = unescape(reference)
        if char == reference or len(char) >= len(reference) or (code and _inside(match.start(), code)):
            return reference
        return char + _FILLER * (len(reference) - len(char))

    return _CHARACTER_REFERENCE.sub(decoded, text)


def mask_markdown(text: str) -> tuple[str, DocumentMeta | None]:
    """``text`` with Markdown markup replaced by spaces of equal length, and front-matter metadata.

    ``len(result) == len(text)`` and every character not masked is unchanged, so
    offsets into the result are offsets into the original file.
    """
    declared = None
    front = _FRONT_MATTER.match(text)
    if front:
        fields = {k.lower(): v.strip("'\"") for k, v in _FRONT_FIELD.findall(front.group(1))}
        declared = declared_meta(
            date=fields.get("date"),
            outlet=fields.get("outlet") or fields.get("source"),
            title=fields.get("title"),
            url=fields.get("url"),
        )
        text = _front_text(front.group(0)) + text[front.end() :]
    # Code is shown as written: no tag, comment, link or hidden element in it hides a word (a copy kept as
    # comments in a code block was blanked and passed).  Its fences are blanked, its backticks by _EMPHASIS.
    marks, fenced = _fences(text)
    blocks = sorted(marks + fenced)
    indented = _indented_code(text, blocks)
    code = sorted(r for r in fenced + indented + _code_spans(text, sorted(blocks + indented)) if r[0] < r[1])
    written = text
    text = _blank_hidden(text)
    text = _IMAGE.sub(lambda m: "  " + m.group(2) + " " * len(m.group(3)), text)
    text = _LINK.sub(lambda m: " " + m.group(2) + " " * len(m.group(3)), text)
    text = _REF_DEF.sub(_blank, text)
    text = _AUTOLINK_OR_TAG.sub(_blank_tag, text)
    text = _RULE.sub(_blank, text)
    text = _blanked(_restored(text, written, code) if code else text, marks)
    text = _LINE_MARKERS.sub(_blank, text)
    text = _EMPHASIS.sub(_blank, text)
    text = _joined_words(written, text)
    if "&" in text:  # after the markup: a character a reference stands for is never markup
        text = _decode_references(text, code)
    return text, declared


_BLANKED_RUN = re.compile(r" +")
_WRITTEN_WORD = re.compile(r"[^ \t\n]+")
_MARK_RUN = re.compile(r"[*_~`]+")
_MARKUP = re.compile(r"<[^<>]*+>")
_LINE_TAG = re.compile(
    r"<\s*+/?\s*+(?:br|p|div|hr|h[1-6]|li|ul|ol|dl|dt|dd|table|tr|td|th|blockquote|pre|section|article|header|footer"
    r"|aside|nav|figure|img|iframe|details|summary)\b",
    re.IGNORECASE,
)
"""A tag that ends a line, or a box, where it stands: a word it parts is shown parted."""


def _mark_runs(written: str) -> tuple[list[int], Counter[tuple[int, str]]]:
    """Where each word of ``written`` starts (a run of characters but space, tab and newline), and how often
    each word holds each run of emphasis marks (keyed by the word's start and the run): one pass of the text,
    where a search of a word's bounds and marks for each run took time quadratic in a long word (``a*b*``
    repeated, 128 KB: 5.7 s).

    >>> _mark_runs("K*r*emlin 0*0")
    ([0, 10], Counter({(0, '*'): 2, (10, '*'): 1}))
    """
    words = [word.start() for word in _WRITTEN_WORD.finditer(written)]
    held = Counter(
        (words[bisect.bisect_right(words, run.start()) - 1], run.group()) for run in _MARK_RUN.finditer(written)
    )
    return words, held


def _joined_words(written: str, masked: str) -> str:
    r"""``masked`` with each run of markup it blanked inside a word (``K*r*emlin``, ``K<b>r</b>emlin``,
    ``K<!---->remlin``, ``K[r](x.html)emlin``: a letter or digit on both sides, no space of the text's own
    between them, no tag that ends a line, a run of emphasis marks the word holds twice, the same run:
    :func:`_mark_runs`) written as word joiners, invisible, which folding leaves out: CommonMark shows the word
    whole, and each such word was read as two, a copy so marked passing as "no reuse found".  (``a**b*c``, whose
    runs CommonMark pairs not, shows its stars.)

    >>> _joined_words("K*r*emlin said <b>so</b> 0*0", "K r emlin said    so     0 0")
    'K\u2060r\u2060emlin said    so     0 0'
    """
    out: list[str] | None = None
    marks: tuple[list[int], Counter[tuple[int, str]]] | None = None
    for run in _BLANKED_RUN.finditer(masked):
        start, end = run.span()
        if start == 0 or end >= len(masked) or not masked[start - 1].isalnum() or not masked[end].isalnum():
            continue
        own = written[start:end]
        if _LINE_TAG.search(own) or any(c.isspace() for c in _MARKUP.sub("", own)):
            continue
        if not own.strip("*_~`"):  # an emphasis mark: one that opens and closes inside the word (``a*b*c``)
            marks = marks or _mark_runs(written)
            words, held = marks
            if held[words[bisect.bisect_right(words, start) - 1], own] < 2:
                continue  # ``0*0`` shows its star
        if out is None:
            out = list(masked)
        out[start:end] = _FILLER * (end - start)
    return masked if out is None else "".join(out)
