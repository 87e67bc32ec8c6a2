"""Boilerplate stage: site chrome set aside before signatures and alignment.

Saved web pages carry lines that are not the article ("Comments are closed.",
"Most Visited in Politics", "QR Code", "READ: …" teasers, "Story Code: …", a
newspaper's letters footer). Two articles from the same site share them, which
is not reuse. A sentence (sentences never cross a line break) is set aside when

* it looks like site chrome: it matches one of :data:`CHROME_PATTERNS` and has
  at most ``pattern_max_words`` words (a long line is a story that happens to
  start like chrome), or
* the user lists it: it, or the line it stands on, matches a line of the chrome
  file (:class:`ChromeList`), anywhere in the text, or
* it recurs across the corpus: its words (case and typography folded) make a line of
  ``min_words`` to ``max_words`` words that stands among the first or last ``edge_sentences``
  sentences of at least ``min_documents`` documents (site chrome sits above
  and below the story; a short sentence reused inside several stories does not), on a
  line of its own (a sentence of a paragraph of prose is the story's) and not quoted whole, or
* it recurs across one site's pages (:func:`site_chrome`): the documents of one
  outlet share it, at any length, from two documents on, in a block of shared
  sentences that touches the top or the bottom of each page and stops before the
  story (a reprint shares the story's own sentences, which run on past the edge), or
  alone among unshared sentences on at least ``min_documents`` of its pages (a box the
  site inserts into every story).

``min_documents`` is at least 3, so a sentence that exactly two documents of
different sites share (what reuse looks like) is never boilerplate, and long
lines never are by corpus-wide recurrence, so a wire story reprinted by many
papers still counts as reuse. A short sentence of a story reprinted three or
more times (a headline) is set aside too: a small loss, since reuse rests on the
longer sentences.

>>> from provenance.models import Document
>>> from provenance.text.sentences import split_sentences
>>> text = "Comments are closed.\\nThe minister met his counterpart in Moscow on Monday."
>>> doc = Document("a", "a.txt", text, sentences=split_sentences(text))
>>> limits = dict(min_documents=3, max_words=12, edge_sentences=8, min_words=3, pattern_max_words=20)
>>> (kept,), lines = set_aside_boilerplate([doc], **limits)
>>> [len(s.tokens) for s in kept.sentences], kept.set_aside, lines[0].reason
([0, 9], ((0, 20),), 'pattern')
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import ProvenanceError
from ..io.load import LoadError, _read
from ..models import NO_SPANS, BoilerplateLine, BoilerplateReason, Document, Sentence, Span, Spans
from .metadata import source_key
from .normalize import fold
from .sentences import split_sentences

__all__ = [
    "CHROME_PATTERNS",
    "MAX_CHROME_BYTES",
    "SKETCH",
    "ChromeFileError",
    "ChromeList",
    "CorpusBoilerplate",
    "Fingerprint",
    "Key",
    "SiteChrome",
    "Sketch",
    "Words",
    "add_fingerprints",
    "boilerplate_lines",
    "chrome_of_tally",
    "corpus_boilerplate",
    "edge_keys",
    "is_chrome",
    "page_mark",
    "read_chrome_file",
    "recurring_keys",
    "set_aside_boilerplate",
    "site_chrome",
    "site_edge_keys",
    "site_of",
    "site_shared",
    "site_votes",
    "sketch_of",
    "strip_boilerplate",
    "strip_sketched",
]

Key = tuple[str, ...]
"""A sentence's matching words (:attr:`Sentence.tokens`)."""
SiteChrome = Mapping[str, frozenset[Key]]
"""Per site (:func:`site_of`), the sentences that are its chrome."""

CHROME_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(?:qr\s*code\s*)+$",
        r"^comments?\s+(?:are|is)\s+closed\W*$",
        r"^(?:most\s+(?:visited|read|viewed|popular|shared|commented)|top\s+(?:\w+\s+)?stories)\b",
        r"^(?:read(?:\s+more)?|also\s+read|see\s+also|related(?:\s+\w+)?|more\s+on\s+this)\s*[:>»-]",
        r"^(?:story|news|article)\s+(?:code|id|link)\s*:",
        r"^(?:tags|source\s+link)\s*:",
        r"^(?:share|tweet|print|e-?mail)(?:\s+(?:this|on\s+\w+))*(?:\s+(?:article|story|page|post))?\W*$",
        r"^(?:advertisement|sponsored(?:\s+content)?|skip\s+to\s+(?:main\s+)?content)\W*$",
        r"^(?:follow|subscribe|join)\s+(?:us|our)\b.{0,60}\b(?:twitter|telegram|facebook|instagram|newsletter|channel)\b",
        r"^(?:all\s+rights\s+reserved|copyright\s*(?:©|\(c\))?\s*\d{4})\b",
    )
)
"""Site chrome, matched against a sentence with typography folded and white space collapsed."""
# Every pattern is anchored at the start: one alternation matched once a sentence is the same test as
# each pattern searched in turn, at a fifth of the cost.
_CHROME_RE = re.compile("|".join(f"(?:{p.pattern})" for p in CHROME_PATTERNS), re.IGNORECASE)


class ChromeFileError(ProvenanceError):
    """The chrome file (setting ``chrome_file``) is missing or unreadable."""


def _flat(text: str) -> str:
    """``text`` folded (:func:`fold`), its white space runs one space each.

    >>> _flat("  Read\\u00a0more \\u2014 `here`\\n")
    "Read more - 'here'"
    """
    if text.isascii() and text.isprintable():  # the one character folding changes here is the backtick
        return " ".join(text.replace("`", "'").split())
    return " ".join(fold(text).text.split())


def _words(text: str) -> str:
    """``text``'s matching words, space-separated with a space at each end (so a word never matches half a word)."""
    tokens = [t for s in split_sentences(text) for t in s.tokens]
    return f" {' '.join(tokens)} " if tokens else ""


@dataclass(frozen=True)
class ChromeList:
    """Known chrome lines a user lists (setting ``chrome_file``), compared by their words.

    One entry a line; blank lines and lines starting with ``#`` are skipped. Case, typography and
    punctuation never matter. ``*`` stands for any words (none included): ``Follow * on Twitter``.
    No other character is special, so matching is a few substring searches per line (linear).

    >>> chrome = ChromeList.parse("The Times is committed to publishing a diversity of letters.\\nFollow * on Twitter")
    >>> chrome.matches(("the", "times", "is", "committed", "to", "publishing", "a", "diversity", "of", "letters"))
    True
    >>> chrome.matches(("follow", "the", "opinion", "section", "on", "twitter")), chrome.matches(("follow", "us"))
    (True, False)
    """

    exact: frozenset[str] = frozenset()
    """Entries without ``*``: the words of a whole sentence or line, as :func:`_words` writes them."""
    patterns: tuple[tuple[str, ...], ...] = ()
    """Entries with ``*``: their pieces between stars (an empty first or last piece: not anchored there)."""

    @classmethod
    def parse(cls, text: str) -> ChromeList:
        """The list of a chrome file's text."""
        exact: set[str] = set()
        patterns: list[tuple[str, ...]] = []
        for raw in text.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if "*" not in line:
                if words := _words(line):
                    exact.add(words)
                continue
            pieces = tuple(_words(piece) for piece in line.split("*"))
            inner = [p for p in pieces[1:-1] if p]
            if pieces[0] or pieces[-1] or inner:  # a line of stars alone would match everything
                patterns.append((pieces[0], *inner, pieces[-1]))
        return cls(frozenset(exact), tuple(patterns))

    def __bool__(self) -> bool:
        return bool(self.exact or self.patterns)

    def matches(self, tokens: Sequence[str]) -> bool:
        """True when the words ``tokens`` (a sentence's, or a line's) are listed chrome."""
        if not tokens:
            return False
        words = f" {' '.join(tokens)} "
        return words in self.exact or any(_glob(words, pieces) for pieces in self.patterns)


def _glob(words: str, pieces: tuple[str, ...]) -> bool:
    """``words`` matched by the pieces of a starred entry; leftmost matching is exact for ``*`` alone."""
    first, *inner, last = pieces
    pos = 0
    if first:
        if not words.startswith(first):
            return False
        pos = len(first) - 1  # pieces share the space between them
    for piece in inner:
        found = words.find(piece, pos)
        if found < 0:
            return False
        pos = found + len(piece) - 1
    return not last or (words.endswith(last) and len(words) - len(last) >= pos)


MAX_CHROME_BYTES = 1_000_000
"""The largest chrome file read (a larger one is refused, not read): a site's list is a few hundred lines,
a few KB; a million bytes is some 20,000 lines, more than any site's chrome, and no more memory than a
small page."""


@functools.lru_cache(maxsize=8)
def _read_chrome(path: str, _stamp: tuple[int, int]) -> ChromeList:
    try:  # read as a corpus file is: a FIFO, a device or a huge file is never opened or read
        return ChromeList.parse(_read(path, MAX_CHROME_BYTES).decode("utf-8"))
    except (LoadError, UnicodeDecodeError) as err:
        raise ChromeFileError(f"{path}: chrome_file cannot be read ({_reason(err)})") from None


def _reason(err: Exception) -> str:
    if isinstance(err, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(err, OSError):
        return err.strerror or type(err).__name__
    return str(err)


def read_chrome_file(path: str | os.PathLike[str]) -> ChromeList:
    """The chrome list of a file, read once while the file is unchanged; :class:`ChromeFileError` if unreadable."""
    name = os.fspath(path)
    try:
        info = os.stat(name)
    except OSError as err:
        raise ChromeFileError(f"{name}: chrome_file cannot be read ({_reason(err)})") from None
    return _read_chrome(name, (info.st_mtime_ns, info.st_size))


def is_chrome(sentence_text: str) -> bool:
    """True when the sentence looks like site chrome (one of :data:`CHROME_PATTERNS`).

    >>> is_chrome("Story Code: 1184659"), is_chrome("READ: Iran, Russia collaborate on a spacecraft")
    (True, True)
    >>> is_chrome("Read the statement in full, the minister said.")
    False
    """
    return _CHROME_RE.match(_flat(sentence_text)) is not None


def _worded(doc: Document) -> list[Sentence]:
    return [s for s in doc.sentences if s.tokens]


def _edge(doc: Document, edge_sentences: int) -> set[int]:
    """Indices of the first and last ``edge_sentences`` sentences that have words."""
    worded = [s.index for s in _worded(doc)]
    return set(worded[:edge_sentences] + worded[-edge_sentences:]) if edge_sentences else set()


def edge_keys(doc: Document, *, edge_sentences: int, min_words: int, max_words: int) -> set[Key]:
    """The word sequences of ``doc``'s edge sentences that could recur as site chrome: of ``min_words`` to
    ``max_words`` words, and not story (:func:`_story_sentences`)."""
    edge = _edge(doc, edge_sentences)
    short = [s for s in doc.sentences if s.index in edge and min_words <= len(s.tokens) <= max_words]
    story = _story_sentences(doc, short, max_words) if short else set()
    return {s.tokens for s in short if s.index not in story}


def _story_sentences(doc: Document, candidates: Sequence[Sentence], max_words: int) -> set[int]:
    """Which of ``candidates`` (short edge sentences) are plainly the story's, never chrome, however many
    texts share them (a story reprinted three times shares its short sentences at its edges too): one that
    shares its line with a sentence longer than ``max_words`` (a sentence of a paragraph of prose: chrome
    stands on lines of its own), and one quoted whole (someone's words, '"He's in custody; we have her."').
    Sentences never cross a line break, so a candidate's line-mates are its neighbours in order; each of
    the few candidates looks along its own line only."""
    text, sentences = doc.text, doc.sentences
    story = set()
    # With no sentence over max_words in the whole text, no line-mate makes a candidate story, and only the
    # quotation test is left: so for site_edge_keys, which asks with max_words = len(text).
    longer = any(len(s.tokens) > max_words for s in sentences)
    for sentence in candidates:
        start, end = sentence.span
        closed = text[start + 1 : end].rstrip(".!?,…")
        if text[start : start + 1] in _QUOTE_OPENERS and closed[-1:] in _QUOTE_CLOSERS:
            story.add(sentence.index)
            continue
        if not longer:
            continue
        line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        if any(len(s.tokens) > max_words for s in _line_mates(sentences, sentence.index, line_start, line_end)):
            story.add(sentence.index)
    return story


def _line_mates(sentences: Sequence[Sentence], i: int, line_start: int, line_end: int) -> Iterator[Sentence]:
    """The sentences beside sentence ``i`` within ``[line_start, line_end)``."""
    j = i - 1
    while j >= 0 and sentences[j].span[0] >= line_start:
        yield sentences[j]
        j -= 1
    j = i + 1
    while j < len(sentences) and sentences[j].span[1] <= line_end:
        yield sentences[j]
        j += 1


_QUOTE_OPENERS = frozenset('"“„«')
_QUOTE_CLOSERS = frozenset('"”“»')


def recurring_keys(per_document: Iterable[set[Key]], *, min_documents: int) -> frozenset[Key]:
    """The edge sentences found in at least ``min_documents`` documents."""
    counts: Counter[Key] = Counter()
    for keys in per_document:
        counts.update(keys)
    return frozenset(key for key, n in counts.items() if n >= min_documents)


# -- chrome by site -------------------------------------------------------------------------------


def site_of(doc: Document) -> str | None:
    """The site a described document belongs to: its outlet, folded (None when it names none).

    >>> from provenance.models import DocumentMeta
    >>> site_of(Document("a", "a.html", "", meta=DocumentMeta(outlet="The Islam Times")))
    'islamtimes'
    >>> site_of(Document("b", "b.md", "", meta=DocumentMeta(outlet="islamtimes.com")))
    'islamtimes'
    """
    outlet = (doc.meta.outlet if doc.meta else None) or (doc.declared.outlet if doc.declared else None)
    return (source_key(outlet) or None) if outlet else None


def site_edge_keys(doc: Document, *, edge_sentences: int, min_words: int) -> set[Key]:
    """The sentences of ``doc`` that could be its site's chrome (any length), and those beside them.

    Twice ``edge_sentences`` from each end: chrome ends within ``edge_sentences``, and a shared
    block that runs on past it is seen to (:func:`site_votes`).
    """
    return edge_keys(doc, edge_sentences=2 * edge_sentences, min_words=min_words, max_words=len(doc.text))


def page_mark(doc_id: str) -> int:
    """A 64-bit hash of a page's id; summed over the pages that share a sentence, it names that set of
    pages (:data:`Fingerprint`) in a form any engine adds up in any order."""
    return int.from_bytes(hashlib.blake2b(doc_id.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


Fingerprint = tuple[int, int]
"""The pages of a site that share a sentence: how many, and the sum of their :func:`page_mark` modulo 2**64."""


def add_fingerprints(a: Fingerprint, b: Fingerprint) -> Fingerprint:
    """The fingerprint of two disjoint sets of pages together."""
    return a[0] + b[0], (a[1] + b[1]) % 2**64


def _groups(
    counted: Sequence[Sentence], shared: Mapping[Key, Fingerprint]
) -> list[tuple[Fingerprint | None, list[Sentence]]]:
    """Runs of consecutive sentences shared by the same pages (None: a sentence no other page has)."""
    groups: list[tuple[Fingerprint | None, list[Sentence]]] = []
    for s in counted:
        mark = shared.get(s.tokens)
        if groups and mark is not None and groups[-1][0] == mark:
            groups[-1][1].append(s)
        else:
            groups.append((mark, [s]))
    return groups


def _outer_groups(
    groups: Sequence[tuple[Fingerprint | None, list[Sentence]]], *, edge_sentences: int, head_max_words: int
) -> list[int]:
    """The chrome groups at the start of ``groups`` (read from one edge inwards)."""
    stretch: list[int] = []
    for g, (mark, _) in enumerate(groups[:-1]):  # never the last group: a page all shared is a reprint
        if mark is None:
            break
        stretch.append(g)
    inward = Counter(groups[g][0] for g in stretch)
    chrome: list[int] = []
    depth = 0
    for g in stretch:
        mark, members = groups[g]
        inward[mark] -= 1
        depth += len(members)
        # Chrome is an outer layer: within the edge, and never interleaved with what lies further in
        # (shared lines of a story reprinted on the site alternate, a footer does not come back).
        if depth > edge_sentences or inward[mark] or any(len(s.tokens) > head_max_words for s in members):
            break
        chrome.append(g)
    return chrome


def _chrome_groups(
    groups: Sequence[tuple[Fingerprint | None, list[Sentence]]], *, edge_sentences: int, head_max_words: int
) -> set[int]:
    """The groups standing as chrome, read from the bottom and from the top (where the story's lead
    stands, so each sentence must be a short one)."""
    last = len(groups) - 1
    bottom = _outer_groups(groups[::-1], edge_sentences=edge_sentences, head_max_words=2**31)
    top = _outer_groups(groups, edge_sentences=edge_sentences, head_max_words=head_max_words)
    return {last - g for g in bottom} | set(top)


def _inserted_groups(groups: Sequence[tuple[Fingerprint | None, list[Sentence]]], min_pages: int) -> set[int]:
    """The shared groups of one sentence, on ``min_pages`` pages or more, with no shared group beside them (a
    run of shared sentences is a story the site's pages reprint, never a box: it stays text)."""
    return {
        g
        for g, (mark, members) in enumerate(groups)
        if mark is not None
        and len(members) == 1
        and mark[0] >= min_pages
        and (g == 0 or groups[g - 1][0] is None)
        and (g == len(groups) - 1 or groups[g + 1][0] is None)
    }


def site_votes(
    doc: Document,
    shared: Mapping[Key, Fingerprint],
    *,
    edge_sentences: int,
    min_words: int,
    head_max_words: int,
    max_share: float,
    insert_min_pages: int | None = None,
) -> dict[Key, bool]:
    """For each of ``shared`` (sentences other pages of the site have too, with the :data:`Fingerprint`
    of the pages that have each) found in ``doc``: True where it stands as chrome, False as story.

    Sentences shared by the same pages, one after another, make a group (a footer of four lines; a
    paragraph reprinted from one page). Chrome is a group that stands at the top or the bottom of the
    page, or behind other shared text there, ending within the first or last ``edge_sentences``
    sentences, with more of the page beyond it; at the top, where the story's lead stands, each of its
    sentences has at most ``head_max_words`` words (a masthead, not a lead paragraph). A shared
    sentence anywhere else stands as story, and so does every one when the chrome would take more
    than ``max_share`` of the page's characters (the page is a reprint). Sentences under
    ``min_words`` words match nothing and are passed over.

    With ``insert_min_pages``, a sentence that at least that many pages share, standing alone between
    sentences no other page has, is chrome wherever it stands, at any length: a box the site inserts into
    every story ("Sign up for The Hill's Morning Report, your daily guide …", 19 words, mid-story; a
    17-word newsletter line above the headline).  Different stories of one site share nothing else;
    a story and its own reprints share runs of sentences, not one sentence in three pages alone (a run of
    them, a story three of its pages reprint, stays text).
    """
    if not shared:
        return {}
    worded = _worded(doc)
    content = sum(s.span[1] - s.span[0] for s in worded)
    groups = _groups([s for s in worded if len(s.tokens) >= min_words], shared)
    chrome = _chrome_groups(groups, edge_sentences=edge_sentences, head_max_words=head_max_words)
    if insert_min_pages is not None:
        chrome |= _inserted_groups(groups, insert_min_pages)
    small = sum(s.span[1] - s.span[0] for g in chrome for s in groups[g][1]) <= max_share * content
    votes: dict[Key, bool] = {}
    for g, (mark, members) in enumerate(groups):
        if mark is not None:
            for s in members:
                votes[s.tokens] = votes.get(s.tokens, True) and small and g in chrome
    return votes


def site_chrome(votes: Iterable[tuple[str, Mapping[Key, bool]]], *, min_documents: int) -> dict[str, frozenset[Key]]:
    """Per site, the sentences standing as chrome on at least ``min_documents`` of its pages and on
    more of them than as story (``votes``: per page, its site and :func:`site_votes`)."""
    tally: dict[tuple[str, Key], tuple[int, int]] = {}
    for site, page in votes:
        for key, is_chrome_here in page.items():
            chrome, story = tally.get((site, key), (0, 0))
            tally[site, key] = (chrome + 1, story) if is_chrome_here else (chrome, story + 1)
    return chrome_of_tally(tally.items(), min_documents=min_documents)


def chrome_of_tally(
    tally: Iterable[tuple[tuple[str, Key], tuple[int, int]]], *, min_documents: int
) -> dict[str, frozenset[Key]]:
    """:func:`site_chrome` from ``((site, sentence), (pages as chrome, pages as story))`` counts."""
    out: dict[str, set[Key]] = defaultdict(set)
    for (site, key), (chrome, story) in tally:
        if chrome >= min_documents and chrome > story:
            out[site].add(key)
    return {site: frozenset(keys) for site, keys in sorted(out.items())}


def site_shared(
    documents: Iterable[Document], *, edge_sentences: int, min_words: int, min_documents: int
) -> dict[str, dict[Key, Fingerprint]]:
    """Per site, the edge sentences (:func:`site_edge_keys`) found on at least ``min_documents`` of its
    pages, each with the :data:`Fingerprint` of those pages."""
    marks: dict[tuple[str, Key], Fingerprint] = {}
    for doc in documents:
        if (site := site_of(doc)) is not None:
            mark = (1, page_mark(doc.id))
            for key in site_edge_keys(doc, edge_sentences=edge_sentences, min_words=min_words):
                marks[site, key] = add_fingerprints(marks.get((site, key), (0, 0)), mark)
    out: dict[str, dict[Key, Fingerprint]] = defaultdict(dict)
    for (site, key), mark in marks.items():
        if mark[0] >= min_documents:
            out[site][key] = mark
    return dict(out)


# -- setting aside ------------------------------------------------------------------------------


def _line_matches(doc: Document, chrome: ChromeList) -> set[int]:
    """Indices of the sentences on a text line whose words the chrome list names."""
    found: set[int] = set()
    line: list[Sentence] = []
    for s in doc.sentences:
        if line and "\n" in doc.text[line[-1].span[1] : s.span[0]]:
            if chrome.matches([t for x in line for t in x.tokens]):
                found.update(x.index for x in line)
            line = []
        line.append(s)
    if line and chrome.matches([t for x in line for t in x.tokens]):
        found.update(x.index for x in line)
    return found


def strip_boilerplate(
    doc: Document,
    recurring: frozenset[Key],
    *,
    edge_sentences: int,
    pattern_max_words: int,
    site: frozenset[Key] = frozenset(),
    chrome: ChromeList | None = None,
    max_share: float = 0.5,
) -> tuple[Document, list[tuple[str, BoilerplateReason]]]:
    """``doc`` with its boilerplate sentences emptied, and each one's flattened text and reason.

    ``recurring``: the corpus's recurring edge sentences; ``site``: the chrome of ``doc``'s site
    (:func:`site_chrome`); ``chrome``: the user's list. A sentence set aside keeps its place and span
    but loses its words, so signatures and alignment never see it and sentence indices stay valid;
    its span goes to :attr:`Document.set_aside`. Recurring sentences that would take more than
    ``max_share`` of the page's characters are its text (:func:`_recurring_is_text`), kept.
    """
    edge = _edge(doc, edge_sentences)
    listed = _line_matches(doc, chrome) if chrome else set()
    reasons: list[BoilerplateReason | None] = []
    for s in doc.sentences:
        reason: BoilerplateReason | None = None
        if 0 < len(s.tokens) <= pattern_max_words and is_chrome(doc.text[s.span[0] : s.span[1]]):
            reason = "pattern"
        elif s.tokens and (s.index in listed or (chrome is not None and chrome.matches(s.tokens))):
            reason = "listed"
        elif s.index in edge and s.tokens in recurring:
            reason = "recurring"
        elif s.index in edge and s.tokens in site:
            reason = "site"
        reasons.append(reason)
    recurs = [s.span for s, reason in zip(doc.sentences, reasons, strict=True) if reason == "recurring"]
    content = sum(s.span[1] - s.span[0] for s in doc.sentences if s.tokens)
    if recurs and _recurring_is_text(recurs, content, max_share):
        reasons = [None if reason == "recurring" else reason for reason in reasons]
    kept: list[Sentence] = []
    aside: list[Span] = []
    found: list[tuple[str, BoilerplateReason]] = []
    for s, reason in zip(doc.sentences, reasons, strict=True):
        raw = doc.text[s.span[0] : s.span[1]]
        if reason is None:
            kept.append(s)
        else:
            kept.append(dataclasses.replace(s, tokens=(), token_spans=Spans()))
            aside.append(s.span)
            found.append((_flat(raw), reason))
    if aside:
        doc = dataclasses.replace(doc, sentences=tuple(kept), set_aside=tuple(aside))
    return doc, found


def _recurring_is_text(recurring: Sequence[Span], content: int, max_share: float) -> bool:
    """Whether the recurring sentences (``recurring``, spans) of a page whose sentences with words
    take ``content`` characters take more than ``max_share`` of them: the lines the corpus shares are
    then the page's text (a brief of one-line paragraphs that three outlets reprint), not its chrome.

    >>> _recurring_is_text([(0, 30)], 100, 0.5), _recurring_is_text([(0, 30), (31, 60)], 100, 0.5)
    (False, True)
    """
    return sum(end - start for start, end in recurring) > max_share * content


def boilerplate_lines(found: Iterable[tuple[str, list[tuple[str, BoilerplateReason]]]]) -> tuple[BoilerplateLine, ...]:
    """The lines set aside, from ``(document id, found)`` pairs: by text, then reason."""
    documents: dict[tuple[str, BoilerplateReason], set[str]] = defaultdict(set)
    for doc_id, items in found:
        for item in items:
            documents[item].add(doc_id)
    return tuple(
        BoilerplateLine(text=text, reason=reason, documents=tuple(sorted(ids)))
        for (text, reason), ids in sorted(documents.items())
    )


def set_aside_boilerplate(
    documents: Sequence[Document],
    *,
    min_documents: int,
    max_words: int,
    edge_sentences: int,
    min_words: int,
    pattern_max_words: int,
    site_min_documents: int | None = None,
    site_max_share: float = 0.5,
    chrome: ChromeList | None = None,
    max_share: float = 0.5,
) -> tuple[tuple[Document, ...], tuple[BoilerplateLine, ...]]:
    """The documents without their boilerplate sentences, and the lines set aside.

    Documents must be prepared (sentences split) and, for chrome by site, described (their outlet
    found). ``site_min_documents`` None turns chrome by site off. See :func:`strip_boilerplate`.
    """
    recurring = recurring_keys(
        (edge_keys(d, edge_sentences=edge_sentences, min_words=min_words, max_words=max_words) for d in documents),
        min_documents=min_documents,
    )
    by_site: dict[str, frozenset[Key]] = {}
    if site_min_documents is not None:
        shared = site_shared(
            documents, edge_sentences=edge_sentences, min_words=min_words, min_documents=site_min_documents
        )
        votes = (
            (
                site,
                site_votes(
                    d,
                    shared[site],
                    edge_sentences=edge_sentences,
                    min_words=min_words,
                    head_max_words=max_words,
                    max_share=site_max_share,
                    insert_min_pages=min_documents,
                ),
            )
            for d in documents
            if (site := site_of(d)) in shared
        )
        by_site = site_chrome(votes, min_documents=site_min_documents)
    out: list[Document] = []
    found: list[tuple[str, list[tuple[str, BoilerplateReason]]]] = []
    for doc in documents:
        site = site_of(doc)
        stripped, items = strip_boilerplate(
            doc,
            recurring,
            edge_sentences=edge_sentences,
            pattern_max_words=pattern_max_words,
            site=by_site.get(site, frozenset()) if site is not None else frozenset(),
            chrome=chrome,
            max_share=max_share,
        )
        out.append(stripped)
        found.append((doc.id, items))
    return tuple(out), boilerplate_lines(found)


# -- the stage over sketches: no document's words held --------------------------------------------


class Words(tuple[int, int, int]):
    """A sentence's words (:data:`Key`) by their 128-bit digest: ``(high, low, count)``, equal where the
    words are equal, as long as they are many (``len``), so the functions above read it as the words.

    >>> a, b = Words.of(("the", "minister", "said")), Words.of(("the", "minister", "said"))
    >>> a == b, hash(a) == hash(b), len(a), bool(Words.of(()))
    (True, True, 3, False)
    """

    __slots__ = ()

    def __len__(self) -> int:
        return tuple.__getitem__(self, 2)

    @classmethod
    def of(cls, tokens: Sequence[str]) -> Words:
        """The digest of ``tokens``."""
        high, low = _digest(tokens)
        return cls((high, low, len(tokens)))


def _digest(tokens: Sequence[str]) -> tuple[int, int]:
    raw = hashlib.blake2b("\x1f".join(tokens).encode("utf-8", "surrogatepass"), digest_size=16).digest()
    return int.from_bytes(raw[:8], "little"), int.from_bytes(raw[8:], "little")


def _digests(keys: Sequence[Sequence[str]]) -> np.ndarray:
    """:func:`_digest` of each key as a row ``(high, low)`` of uint64, in one buffer (no integer a half).

    >>> rows = _digests([("the", "minister"), ()])
    >>> [tuple(row) for row in rows.tolist()] == [_digest(("the", "minister")), _digest(())]
    True
    """
    raw = b"".join(
        hashlib.blake2b("\x1f".join(k).encode("utf-8", "surrogatepass"), digest_size=16).digest() for k in keys
    )
    return np.frombuffer(raw, dtype="<u8").reshape(-1, 2)


SKETCH = np.dtype(
    [("index", "<i4"), ("start", "<i8"), ("end", "<i8"), ("words", "<i4"), ("high", "<u8"), ("low", "<u8")]
)
"""A worded sentence in a :class:`Sketch`: its index, span, number of words and words' digest."""
_KEYS = np.dtype([("high", "<u8"), ("low", "<u8"), ("words", "<i4")])


def _key_rows(keys: Iterable[Key]) -> np.ndarray:
    listed = list(keys)
    rows = np.zeros(len(listed), dtype=_KEYS)
    if listed:
        digests = _digests(listed)
        rows["high"], rows["low"] = digests[:, 0], digests[:, 1]
        rows["words"] = [len(k) for k in listed]
    return np.sort(rows, order=["high", "low", "words"])


@dataclass(frozen=True, slots=True)
class Sketch:
    """What the corpus-wide part of the stage reads of one document, its words replaced by digests
    (:class:`Words`): a few hundred bytes, not the document's sentences."""

    sentences: np.ndarray
    """Its sentences with words, in order (:data:`SKETCH`)."""
    edge: np.ndarray
    """Its :func:`edge_keys` (digest rows)."""
    site_edge: np.ndarray
    """Its :func:`site_edge_keys` (digest rows; none for a document without a site)."""


def sketch_of(doc: Document, *, edge_sentences: int, min_words: int, max_words: int) -> Sketch:
    """The :class:`Sketch` of a prepared, described document (where it is prepared: a worker)."""
    worded = _worded(doc)
    rows = np.zeros(len(worded), dtype=SKETCH)
    if worded:
        digests = _digests([s.tokens for s in worded])
        rows["index"] = [s.index for s in worded]
        rows["start"] = [s.span[0] for s in worded]
        rows["end"] = [s.span[1] for s in worded]
        rows["words"] = [len(s.tokens) for s in worded]
        rows["high"], rows["low"] = digests[:, 0], digests[:, 1]
    edge = _key_rows(edge_keys(doc, edge_sentences=edge_sentences, min_words=min_words, max_words=max_words))
    site = site_of(doc) is not None
    site_edge = _key_rows(site_edge_keys(doc, edge_sentences=edge_sentences, min_words=min_words) if site else ())
    return Sketch(rows, edge, site_edge)


def _sketched(doc: Document, rows: np.ndarray) -> Document:
    """``doc`` (its id and metadata) with the worded sentences of a sketch, their words as :class:`Words`."""
    sentences = tuple(
        Sentence(index, (start, end), Words((high, low, words)), NO_SPANS)  # type: ignore[arg-type]
        for index, start, end, words, high, low in rows.tolist()
    )
    return dataclasses.replace(doc, sentences=sentences)


def _groups_of(rows: np.ndarray, names: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of ``rows`` (sorted by ``names``) and the start of each run of equal ones."""
    if not len(rows):
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    order = np.lexsort([rows[n] for n in reversed(names)])
    ranked = rows[order]
    change = np.zeros(len(ranked), dtype=bool)
    change[0] = True
    for n in names:
        change[1:] |= ranked[n][1:] != ranked[n][:-1]
    return order, np.flatnonzero(change)


@dataclass(frozen=True)
class CorpusBoilerplate:
    """What setting boilerplate aside needs of the whole corpus, counted from :class:`Sketch` es as
    :func:`set_aside_boilerplate` counts it from the documents (the Spark engine's ``_Chrome``)."""

    recurring: frozenset[Words]
    """Edge sentences recurring in enough documents."""
    sites: dict[str, frozenset[Words]]
    """Per site, its chrome (:func:`site_chrome`)."""


def corpus_boilerplate(
    documents: Sequence[Document],
    sketches: Sequence[Sketch],
    *,
    min_documents: int,
    max_words: int,
    edge_sentences: int,
    min_words: int,
    site_min_documents: int | None = None,
    site_max_share: float = 0.5,
) -> CorpusBoilerplate:
    """The recurring edge sentences and the chrome of each site of the described ``documents`` (their
    sentences need not be there), from their sketches: :func:`recurring_keys`, :func:`site_shared`,
    :func:`site_votes` and :func:`site_chrome` as :func:`set_aside_boilerplate` runs them."""
    edge = np.concatenate([np.zeros(0, dtype=_KEYS), *(s.edge for s in sketches)])
    order, starts = _groups_of(edge, ["high", "low"])
    counts = np.diff(np.r_[starts, len(edge)])
    chosen = edge[order][starts[counts >= min_documents]]
    recurring = frozenset(Words(row) for row in chosen.tolist())
    if site_min_documents is None:
        return CorpusBoilerplate(recurring, {})
    sites = [site_of(d) for d in documents]
    names = sorted({s for s in sites if s is not None})
    code = {name: n for n, name in enumerate(names)}
    parts = []
    for doc, site, sketch in zip(documents, sites, sketches, strict=True):
        if site is not None and len(sketch.site_edge):
            part = np.zeros(len(sketch.site_edge), dtype=[("site", "<i4"), *_KEYS.descr, ("mark", "<u8")])
            part["site"], part["mark"] = code[site], page_mark(doc.id)
            for n in ("high", "low", "words"):
                part[n] = sketch.site_edge[n]
            parts.append(part)
    shared: dict[str, dict[Key, Fingerprint]] = defaultdict(dict)
    if parts:
        rows = np.concatenate(parts)
        order, starts = _groups_of(rows, ["site", "high", "low"])
        ranked = rows[order]
        counts = np.diff(np.r_[starts, len(rows)])
        marks = np.add.reduceat(ranked["mark"], starts)  # uint64: the sum modulo 2**64, as add_fingerprints
        for s, count, mark in zip(starts.tolist(), counts.tolist(), marks.tolist(), strict=True):
            if count >= site_min_documents:
                site_code, high, low, words, _ = ranked[s].tolist()
                shared[names[site_code]][Words((high, low, words))] = (count, mark)  # type: ignore[index]
    votes = (
        (
            site,
            site_votes(
                _sketched(doc, sketch.sentences),
                shared[site],
                edge_sentences=edge_sentences,
                min_words=min_words,
                head_max_words=max_words,
                max_share=site_max_share,
                insert_min_pages=min_documents,
            ),
        )
        for doc, site, sketch in zip(documents, sites, sketches, strict=True)
        if site in shared
    )
    chrome: dict[str, frozenset[Words]] = site_chrome(votes, min_documents=site_min_documents)  # type: ignore[assignment]
    return CorpusBoilerplate(recurring, chrome)


def strip_sketched(
    doc: Document,
    text: str,
    sketch: Sketch,
    corpus: CorpusBoilerplate,
    *,
    edge_sentences: int,
    max_share: float = 0.5,
) -> tuple[Document, list[tuple[str, BoilerplateReason]]]:
    """The spans ``doc`` (with what :func:`strip_boilerplate` set aside of it without the corpus's
    recurring sentences and site chrome: ``recurring`` and ``site`` empty) sets aside with them too, and
    the lines this adds: its edge sentences ``corpus`` names, as :func:`strip_boilerplate` finds them;
    ``text`` is its text."""
    rows = sketch.sentences
    n = len(rows)
    if not n or not edge_sentences:
        return doc, []
    site = site_of(doc)
    chrome = corpus.sites.get(site, frozenset()) if site is not None else frozenset()
    if not corpus.recurring and not chrome:
        return doc, []
    positions = sorted(set(range(min(edge_sentences, n))) | set(range(max(n - edge_sentences, 0), n)))
    already = set(doc.set_aside)
    aside: list[Span] = []
    found: list[tuple[str, BoilerplateReason]] = []
    reasons: list[tuple[Span, BoilerplateReason]] = []
    for _, start, end, words, high, low in rows[positions].tolist():
        if (start, end) in already:
            continue
        key = Words((high, low, words))
        reason: BoilerplateReason | None = "recurring" if key in corpus.recurring else "site" if key in chrome else None
        if reason is not None:
            reasons.append(((start, end), reason))
    recurs = [span for span, reason in reasons if reason == "recurring"]
    if recurs and _recurring_is_text(recurs, int((rows["end"] - rows["start"]).sum()), max_share):
        reasons = [(span, reason) for span, reason in reasons if reason != "recurring"]
    for (start, end), reason in reasons:
        aside.append((start, end))
        found.append((_flat(text[start:end]), reason))
    if aside:
        doc = dataclasses.replace(doc, set_aside=tuple(sorted(already.union(aside))))
    return doc, found
