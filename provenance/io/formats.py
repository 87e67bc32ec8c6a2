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
    date, site name and URL. Offsets are into the extracted text, which
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

import codecs
import logging
import re
import unicodedata
from typing import Any

from ..errors import ProvenanceError
from ..models import DocumentMeta
from ..text.metadata import parse_date

__all__ = ["DecodeError", "declared_meta", "decode", "decode_html", "extract_html", "mask_markdown", "merge_meta"]


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


def decode_html(data: bytes) -> tuple[str, str | None]:
    """An HTML page's bytes as text: the charset its ``<meta>`` declares, else :func:`decode`.

    >>> decode_html('<meta charset="windows-1251"><p>Министр заявил</p>'.encode("cp1251"))
    ('<meta charset="windows-1251"><p>Министр заявил</p>', 'cp1251')
    """
    declared = _HTML_CHARSET.search(data[:4096])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xfe\xff", b"\xff\xfe")):
        try:
            name = codecs.lookup(declared.group(1).decode("ascii")).name
            text = data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: detect instead
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


def declared_meta(
    *, date: object = None, outlet: object = None, title: object = None, url: object = None
) -> DocumentMeta | None:
    """Metadata a file declares (HTML tags, JSONL fields), or None when it declares none.

    The outlet falls back to the URL's host; a date that does not parse is dropped.

    >>> declared_meta(date="16 Jan 2025", url="https://www.tasnimnews.com/en/1")
    DocumentMeta(date='2025-01-16', outlet='tasnimnews.com', title=None, attributions=(), mixed_script=())
    """

    def clean(value: object) -> str | None:
        return " ".join(value.split()) or None if isinstance(value, str) else None

    iso = parse_date(clean(date) or "") if clean(date) else None
    name = clean(outlet)
    link = clean(url)
    if name is None and link is not None:
        host = re.match(r"https?://(?:www\.)?([^/:?#\s]+)", link, re.IGNORECASE)
        name = host.group(1).lower() if host else None
    meta = DocumentMeta(date=iso, outlet=name, title=clean(title))
    return None if meta == DocumentMeta() else meta


def merge_meta(found: DocumentMeta, declared: DocumentMeta | None) -> DocumentMeta:
    """Declared date, outlet and title win; the text's own fill the gaps; attributions come from the text.

    A page's or an export's structured metadata is what the publisher stated
    about the article; what :mod:`provenance.text.metadata` reads from the text is a
    heuristic, so it only fills what the file does not declare.

    >>> merge_meta(DocumentMeta(date="2020-01-01", title="T"), DocumentMeta(date="2025-01-16"))
    DocumentMeta(date='2025-01-16', outlet=None, title='T', attributions=(), mixed_script=())
    """
    if declared is None:
        return found
    return DocumentMeta(
        date=declared.date or found.date,
        outlet=declared.outlet or found.outlet,
        title=declared.title or found.title,
        attributions=found.attributions,
        mixed_script=found.mixed_script,
    )


_DATE_PARAMS: dict[str, Any] = {"original_date": True, "extensive_search": False, "max_date": "2100-12-31"}


def extract_html(html: str) -> tuple[str, DocumentMeta | None]:
    """The main text of an HTML page and the metadata it declares.

    Raises :class:`DecodeError` when the page has no article text.
    """
    import trafilatura

    # trafilatura logs parse failures itself; here they become one DecodeError, nothing on stderr.
    loggers = [logging.getLogger(name) for name in ("trafilatura", "htmldate", "courlan")]
    previous = [logger.disabled for logger in loggers]
    for logger in loggers:
        logger.disabled = True
    try:
        result = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            deduplicate=False,
            date_extraction_params=dict(_DATE_PARAMS),
        )
    except Exception as err:  # trafilatura/lxml raise many kinds on broken markup
        raise DecodeError(f"HTML could not be parsed ({type(err).__name__})") from None
    finally:
        for logger, was in zip(loggers, previous, strict=True):
            logger.disabled = was
    text = getattr(result, "text", None) if result is not None else None
    if not isinstance(text, str) or not text.strip():
        raise DecodeError("no article text found in the HTML page")
    meta = declared_meta(
        date=getattr(result, "date", None),
        outlet=getattr(result, "sitename", None),
        title=getattr(result, "title", None),
        url=getattr(result, "url", None),
    )
    return text, meta


# Markdown markup, each replaced by spaces of its own length (newlines kept).
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_FIELD = re.compile(r"^(title|date|url|outlet|source)[ \t]*:[ \t]*(.+?)[ \t]*$", re.MULTILINE | re.IGNORECASE)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"(\[)([^\]\n]*)(\]\([^)\n]*\)|\]\[[^\]\n]*\])")
_REF_DEF = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.MULTILINE)
_AUTOLINK_OR_TAG = re.compile(r"<(?:https?://[^>\n]*|/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?|!--.*?--)>")
_LINE_MARKERS = re.compile(
    r"^([ \t]*(?:>[ \t]?)*)(#{1,6}(?=[ \t]|$)|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))?", re.MULTILINE
)
_RULE_OR_FENCE = re.compile(r"^[ \t]*(?:(?:[-*_][ \t]*){3,}|`{3,}[^\n]*|~{3,}[^\n]*|=+|-+)[ \t]*$", re.MULTILINE)
_EMPHASIS = re.compile(r"\*+|~~|`+|(?<!\w)_+|_+(?!\w)|\\(?=[^\w\s])")


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


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
        text = _blank(front) + text[front.end() :]
    text = _IMAGE.sub(_blank, text)
    text = _LINK.sub(lambda m: " " + m.group(2) + " " * len(m.group(3)), text)
    text = _REF_DEF.sub(_blank, text)
    text = _AUTOLINK_OR_TAG.sub(_blank, text)
    text = _RULE_OR_FENCE.sub(_blank, text)
    text = _LINE_MARKERS.sub(_blank, text)
    text = _EMPHASIS.sub(_blank, text)
    return text, declared
