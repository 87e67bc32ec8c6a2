"""Records passed between the pipeline's stages: small, frozen, typed.

Every span is a half-open ``(start, end)`` pair of character offsets into the
*original* text of a document, so ``doc.text[start:end]`` is what was reported.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Literal, get_args, overload

from .settings import Settings

Span = tuple[int, int]


class Spans(Sequence[Span]):
    """An immutable sequence of spans packed in one machine array.

    A sentence's token spans as ``(start, end)`` tuples cost about 120 bytes a
    token in Python objects; packed, 8 bytes.  A scan holds every token of the
    corpus, so this is most of its memory.  It reads like the tuple it replaces:

    >>> spans = Spans([(0, 4), (5, 9)])
    >>> spans[1], len(spans), list(spans) == [(0, 4), (5, 9)], spans == ((0, 4), (5, 9))
    ((5, 9), 2, True, True)
    """

    __slots__ = ("_flat",)

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self._flat = array("i", chain.from_iterable(spans))

    @classmethod
    def _packed(cls, flat: array[int]) -> Spans:
        new = cls.__new__(cls)
        new._flat = flat
        return new

    def __len__(self) -> int:
        return len(self._flat) // 2

    @overload
    def __getitem__(self, i: int) -> Span: ...
    @overload
    def __getitem__(self, i: slice) -> Spans: ...
    def __getitem__(self, i: int | slice) -> Span | Spans:
        if isinstance(i, slice):
            start, stop, step = i.indices(len(self))
            if step == 1:
                return Spans._packed(self._flat[2 * start : 2 * max(start, stop)])
            return Spans(tuple(self)[i])
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError("span index out of range")
        return self._flat[2 * i], self._flat[2 * i + 1]

    def __iter__(self) -> Iterator[Span]:
        flat = self._flat
        return zip(flat[0::2], flat[1::2], strict=True)

    def flat(self) -> array[int]:
        """The spans as one machine array ``start, end, start, end, …`` (read it, never change it)."""
        return self._flat

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Spans):
            return self._flat == other._flat
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(other) == len(self) and all(tuple(x) == y for x, y in zip(other, self, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._flat.tobytes())

    def __repr__(self) -> str:
        return f"Spans({tuple(self)!r})"

    def __reduce__(self) -> tuple[object, tuple[bytes]]:
        return _spans_from_bytes, (self._flat.tobytes(),)


NO_SPANS = Spans()
"""The empty spans, one object for every sentence without token spans (set aside, or a light document's)."""


def _spans_from_bytes(data: bytes) -> Spans:
    if not data:  # unpickled, every empty one is the same immutable object
        return NO_SPANS
    flat = array("i")
    flat.frombytes(data)
    return Spans._packed(flat)


def _sentence(index: int, span: Span, tokens: tuple[str, ...], token_spans: Spans) -> Sentence:
    # Unpickling (documents coming back from worker processes) shares each word's
    # string with every other document's: one copy of "the" per corpus, not per token.
    return Sentence(index, span, tuple(map(sys.intern, tokens)), token_spans)


ChangeKind = Literal[
    "name-variant",
    "number",
    "date",
    "reversal",
    "synonym",
    "reorder",
    "attribution",
    "wording",
    "insertion",
    "deletion",
]
CHANGE_KINDS: tuple[ChangeKind, ...] = get_args(ChangeKind)
"""Every kind of change, in the order the classifier's rules are documented (docs/changes.md)."""
Severity = Literal["high", "medium", "low"]


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a document: its position, span and matching tokens (slots, no dictionary an
    instance: a corpus holds millions)."""

    index: int
    span: Span
    tokens: tuple[str, ...]
    """Case-folded word tokens used for matching (typography removed)."""
    token_spans: Spans
    """Span in the original text of each token, parallel to ``tokens`` (any sequence
    of spans is accepted and packed)."""

    def __post_init__(self) -> None:
        if not isinstance(self.token_spans, Spans):
            object.__setattr__(self, "token_spans", Spans(self.token_spans))

    def __reduce__(self) -> tuple[object, tuple[int, Span, tuple[str, ...], Spans]]:
        return _sentence, (self.index, self.span, self.tokens, self.token_spans)


class SpanSentences(Sequence[Sentence]):
    """A document's sentences as the reports read those of a document in no pair: their spans only, packed
    (8 bytes a sentence, not a :class:`Sentence`, its span and two integers: about 180), each read as the
    ``Sentence(index, span, (), NO_SPANS)`` it stands for.  It reads, compares and hashes like that tuple:

    >>> packed = SpanSentences([(0, 14), (15, 29)])
    >>> packed[1], len(packed), packed == tuple(packed), hash(packed) == hash(tuple(packed))
    (Sentence(index=1, span=(15, 29), tokens=(), token_spans=Spans(())), 2, True, True)
    """

    __slots__ = ("_spans",)

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self._spans = spans if isinstance(spans, Spans) else Spans(spans)

    def __len__(self) -> int:
        return len(self._spans)

    @overload
    def __getitem__(self, i: int) -> Sentence: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[Sentence, ...]: ...
    def __getitem__(self, i: int | slice) -> Sentence | tuple[Sentence, ...]:
        if isinstance(i, slice):
            return tuple(self)[i]
        if i < 0:
            i += len(self)
        return Sentence(i, self._spans[i], (), NO_SPANS)

    def __iter__(self) -> Iterator[Sentence]:
        return (Sentence(i, span, (), NO_SPANS) for i, span in enumerate(self._spans))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SpanSentences):
            return self._spans == other._spans
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(other) == len(self) and all(x == y for x, y in zip(other, self, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"SpanSentences({tuple(self._spans)!r})"

    def __reduce__(self) -> tuple[object, tuple[Spans]]:
        return SpanSentences, (self._spans,)


@dataclass(frozen=True, slots=True)
class ShownLines:
    """An HTML page's lines as a reader is shown it (its chrome, asides and footers too), from one walk of its
    parsed page."""

    lines: tuple[str, ...]
    """Its lines (one a block element or ``<br>``-separated line, white space collapsed), in page order."""
    links: tuple[tuple[str, ...], ...]
    """For each line, the link targets (``href``, as written) it is shown in, sorted."""
    base_href: str | None = None
    """The page's first ``<base href>``, as written (None: it has none)."""
    lent: tuple[tuple[int, int, int, tuple[str, ...]], ...] = ()
    """The link targets a block lent a line of its own (a teaser's paragraph, its headline's link): (the line,
    the block's first line, the line after its last, the targets), line by line."""


@dataclass(frozen=True)
class Document:
    """A loaded article: its id, where it came from and its text."""

    id: str
    path: str
    text: str
    sentences: tuple[Sentence, ...] = ()
    meta: DocumentMeta | None = None
    """Date, outlet, title and attributions found in the text (None until described)."""
    declared: DocumentMeta | None = None
    """Metadata the file itself declares (HTML tags, JSONL fields, Markdown front matter)."""
    encoding: str | None = None
    """The encoding assumed for a file that was not UTF-8 (None for UTF-8)."""
    format: str = "text"
    """Input format: text, markdown, html or jsonl."""
    set_aside: tuple[Span, ...] = ()
    """Spans of sentences set aside as boilerplate (site chrome); they are never matched."""
    extraction_warning: str | None = None
    """Why an HTML page's extracted text may be incomplete (little of the page's prose kept), or None."""
    shown_lines: ShownLines | None = field(default=None, repr=False)
    """An HTML page's lines as a reader is shown it, kept from its extraction's parse when it was loaded for a
    check (``shown``): what it shows outside its article is read from them, the page not parsed again.  None
    otherwise: a scan keeps none (a million pages' lines), and a check reads such a page again."""

    @property
    def characters(self) -> int:
        """Length of the original text in characters."""
        return len(self.text)


@dataclass(frozen=True)
class LoadProblem:
    """A file that could not be loaded, and why (reported, then skipped)."""

    path: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class Change:
    """One word-level difference inside an aligned sentence pair."""

    kind: ChangeKind
    a: str
    """Text on side A (empty for an insertion)."""
    b: str
    """Text on side B (empty for a deletion)."""
    a_span: Span
    b_span: Span
    in_quote: bool = False
    """True when the change falls inside a direct quotation on either side."""
    severity: Severity = "low"
    """high: number, date, attribution, or anything inside a quotation; medium:
    name-variant, wording; low: synonym, reorder, insertion, deletion."""


@dataclass(frozen=True, kw_only=True)
class QuoteCheck:
    """A direct quotation and its aligned counterpart: verbatim, or which words changed."""

    a_span: Span
    """The quoted words on side A (or their counterpart, for a quotation of B)."""
    b_span: Span
    quoted_in: Literal["a", "b", "both"]
    """Which side marks the words as a quotation."""
    verbatim: bool
    changes: tuple[Change, ...] = ()
    """The changes inside the quotation (empty when verbatim)."""


@dataclass(frozen=True)
class Spelling:
    """One spelling of a name and how often each document uses it."""

    spelling: str
    documents: tuple[tuple[str, int], ...]
    """(document id, occurrences), by document id."""

    @property
    def count(self) -> int:
        """Occurrences over the corpus."""
        return sum(n for _, n in self.documents)


@dataclass(frozen=True)
class NameSpellings:
    """A name written more than one way across the corpus."""

    name: str
    """The most frequent spelling."""
    spellings: tuple[Spelling, ...]
    """Every spelling, most frequent first."""


@dataclass(frozen=True, kw_only=True)
class Alignment:
    """Sentences of A matched with sentences of B, with spans, score and changes."""

    a_sentences: tuple[int, ...]
    b_sentences: tuple[int, ...]
    a_span: Span
    b_span: Span
    score: float
    """Token-level similarity of the two sides, 0..1 (1 = same words in order)."""
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True, kw_only=True)
class PairResult:
    """A verified comparison of two documents."""

    a: str
    b: str
    is_reuse: bool
    share_a: float
    """Share of A's sentence characters covered by aligned sentences."""
    share_b: float
    estimated_jaccard: float | None
    """MinHash estimate of whole-document shingle Jaccard (None when not indexed)."""
    jaccard: float
    """Exact whole-document shingle Jaccard."""
    containment_a: float
    """Share of A's shingles that also occur in B."""
    containment_b: float
    alignments: tuple[Alignment, ...] = ()
    provenance: Provenance | None = None
    """Which text came from which, and why (None until decided)."""
    quotes: tuple[QuoteCheck, ...] = ()
    """Quote fidelity: each direct quotation with an aligned counterpart."""
    short_containment_a: float = 0.0
    """Share of A's short shingles (``short_shingle_size`` words) that also occur in B."""
    short_containment_b: float = 0.0
    """Share of B's short shingles that also occur in A."""
    unaligned_a: tuple[UnalignedPassage, ...] = ()
    """A's runs of sentences no alignment covers (:mod:`provenance.detect.gaps`), in text order; when the
    direction is decided and ``a`` is the source (a scan's pairs are so oriented), what the copy dropped."""
    unaligned_b: tuple[UnalignedPassage, ...] = ()
    """B's runs of sentences no alignment covers; when ``b`` is the copy, what it added of its own."""
    unaligned_share_a: float = 0.0
    """Share of A's sentence characters in :attr:`unaligned_a`."""
    unaligned_share_b: float = 0.0
    """Share of B's sentence characters in :attr:`unaligned_b` (for a copy: how much it added of its own)."""

    @property
    def source(self) -> str | None:
        """The id of the text the other reuses, when the direction is decided; else None."""
        relation = self.provenance.relation if self.provenance else None
        return self.a if relation == "b-from-a" else self.b if relation == "a-from-b" else None

    @property
    def copy(self) -> str | None:
        """The id of the text that reuses the other, when the direction is decided; else None."""
        relation = self.provenance.relation if self.provenance else None
        return self.b if relation == "b-from-a" else self.a if relation == "a-from-b" else None


@dataclass(frozen=True, kw_only=True)
class UnalignedPassage:
    """A run of one text's sentences that no alignment of a pair covers: text the other lacks."""

    sentences: tuple[int, int]
    """The run's first sentence index and one past its last."""
    span: Span
    """From the first sentence's start to the last one's end, in the original text."""
    characters: int
    """The run's sentence characters (the white space between its sentences not counted)."""


@dataclass(frozen=True)
class Edge:
    """A source → reprint edge (or an undirected link when ``relation`` is undetermined)."""

    source: str
    target: str
    relation: str
    confidence: float


@dataclass(frozen=True)
class Cluster:
    """A connected component of reuse pairs with its edges and likely origin."""

    documents: tuple[str, ...]
    external: tuple[str, ...]
    """External sources credited by both texts of some pair in the cluster."""
    edges: tuple[Edge, ...]
    origin: str | None
    """A document id, ``external:<name>``, or None when undetermined."""


@dataclass(frozen=True)
class AlignmentLimit:
    """A document with more sentences than alignment compares (``max_align_sentences``), and the note saying so."""

    id: str
    path: str
    note: str


@dataclass(frozen=True, kw_only=True)
class ScanResult:
    """What a scan found: the documents, skipped files and reuse pairs, with what the reports draw from them."""

    documents: tuple[Document, ...]
    problems: tuple[LoadProblem, ...]
    pairs: tuple[PairResult, ...]
    candidates: int = 0
    """How many candidate pairs the LSH index proposed for verification."""
    settings: Settings = field(default_factory=Settings)
    """The settings the scan ran with."""
    spellings: tuple[NameSpellings, ...] = ()
    """Names spelled more than one way across the corpus."""
    boilerplate: tuple[BoilerplateLine, ...] = ()
    """Lines set aside as site chrome, never counted as reuse."""
    clusters: tuple[Cluster, ...] = ()
    """The reuse pairs' connected components, each with its provenance graph, by first document id."""
    limits: tuple[AlignmentLimit, ...] = ()
    """Documents where alignment compared at most ``max_align_sentences`` of their sentences, in document order."""


Relation = Literal["a-from-b", "b-from-a", "common-source", "undetermined"]
BoilerplateReason = Literal["pattern", "recurring", "site", "listed"]
"""Why a line was set aside as boilerplate (:class:`BoilerplateLine`)."""


@dataclass(frozen=True)
class Attribution:
    """A span where a text names a source: a credit ("Anadolu Agency reports", "(Tasnim)") or, in
    :attr:`DocumentMeta.mentions`, an in-story attribution ("according to the United Nations")."""

    source: str
    """The credited source's name as written."""
    span: Span
    """The whole crediting phrase in the original text."""
    date: str | None = None
    """A date the attribution carries, as written ("Wednesday, January 15")."""
    story: bool = True
    """For a credit, whether it is the whole story's (a dateline, a byline, "Source: X", "first appeared in
    X", or "X reported" in the lead or the last lines) rather than one fact's, deep in the story ("told the
    BBC", "after Politico reported"): only the story's credits tell of a common source."""
    lead: bool = False
    """For a story credit, whether it is the story's only for standing in the lead ("X reported", "according
    to X", "told X" in the first lines), not for its form (a dateline, a byline, "Source: X", "first appeared
    in X"): a copy carries it along with the lead it copies, so, copied, it tells nothing of a source of its own."""


@dataclass(frozen=True)
class DocumentMeta:
    """What a document's own text says about itself; None where it says nothing."""

    date: str | None = None
    """Publication date (``YYYY-MM-DD``) or date and time (``YYYY-MM-DDTHH:MM``), ISO 8601."""
    outlet: str | None = None
    """The publishing outlet, from a URL, a site-name line or a dateline."""
    title: str | None = None
    attributions: tuple[Attribution, ...] = ()
    """Source credits: where the text says its story came from (a dateline or byline agency, "Source: X",
    "X reported" for a news outlet X).  Only these bear on direction and on whether a text credits its source."""
    mentions: tuple[Attribution, ...] = ()
    """In-story attributions: a person, a government or an institution saying something ("the company said
    in a statement", "according to the United Nations"); listed, never taken for a credit."""
    mixed_script: tuple[str, ...] = ()
    """Words that mix Latin letters with look-alike letters of another script (``thе`` with a
    Cyrillic е), distinct, in order of first use: a text typed so to hide from matching."""
    url: str | None = None
    """The page's canonical URL as the file declares it (``http`` or ``https`` only; None otherwise)."""
    outlet_from_dateline: bool = False
    """Whether :attr:`outlet` is read from the text's own dateline alone ("WASHINGTON (AP) —": no page
    metadata, address, site-name line or masthead names one): the agency the text credits, taken for its own
    copy's outlet, which a reprint keeping the dateline carries as well (:mod:`provenance.verdict.lineage`)."""


@dataclass(frozen=True)
class Provenance:
    """The direction of a reuse pair, with a confidence and the reasons for it."""

    relation: Relation
    confidence: float
    """0..1: how strongly the evidence supports ``relation`` over the alternatives."""
    evidence: tuple[str, ...] = ()
    upstream: tuple[str, ...] = ()
    """External sources that both texts credit."""


@dataclass(frozen=True)
class BoilerplateLine:
    """A line set aside as boilerplate, why, and the documents it was found in."""

    text: str
    """The line as first seen (white space collapsed)."""
    reason: BoilerplateReason
    """pattern: it looks like site chrome; recurring: a short line found in many documents; site: a line
    the pages of one outlet share at their top or bottom; listed: a line of the user's chrome file."""
    documents: tuple[str, ...]
    """Ids of the documents it was set aside from, sorted."""
