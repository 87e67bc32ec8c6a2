"""The stages in order: split → signatures → candidates → align → changes.

No I/O here: documents come in loaded, results go out as records.

>>> from provenance.models import Document
>>> text = "Officials confirmed the new bridge over the river opens in May after four years of work."
>>> result = compare(Document("a", "a.txt", text), Document("b", "b.txt", text + " More later."))
>>> result.share_a
1.0
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import itertools
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np

from .detect import screen
from .detect.align import align_sentences, compared_sentences
from .detect.candidates import CandidatePair
from .detect.changes import changes_and_pairs, severity_of
from .detect.fidelity import quote_checks
from .detect.gaps import unaligned_passages, unaligned_share
from .detect.quoted import WHOLE_TEXT_SHARE, narrative_words, other_quotation
from .detect.screen import SpilledWords, Words, WordSpill, linkable_pairs, words_of
from .detect.signatures import DocumentSignature, estimated_jaccard, shingle_containment, signature_of
from .detect.spill import KeySpill, document_keys, spilled_pairs
from .io.formats import merge_meta
from .models import (
    NO_SPANS,
    Alignment,
    AlignmentLimit,
    BoilerplateLine,
    BoilerplateReason,
    Change,
    Document,
    LoadProblem,
    NameSpellings,
    PairResult,
    QuoteCheck,
    Relation,
    ScanResult,
    Sentence,
    Span,
    Spans,
    SpanSentences,
    UnalignedPassage,
)
from .parallel import effective_jobs, fork_context, ignore_interrupt, parallel_map, runs
from .settings import Settings
from .text.boilerplate import (
    ChromeList,
    Sketch,
    boilerplate_lines,
    corpus_boilerplate,
    read_chrome_file,
    set_aside_boilerplate,
    sketch_of,
    strip_boilerplate,
    strip_sketched,
)
from .text.metadata import describe
from .text.quotes import Quotation, QuoteSpans, find_quotations
from .text.sentences import split_sentences
from .verdict.clusters import clusters, outlets
from .verdict.lineage import decide
from .verdict.spellings import WordCensus, corpus_census, spellings_from_census, word_census

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

_READ_CACHE = 256
"""Documents of candidate pairs a verifying process keeps read (a memory bound: about 40 KB each)."""

Gaps = tuple[tuple[UnalignedPassage, ...], float]
"""One side's unaligned passages and the share of its sentence characters they hold."""

__all__ = [
    "align",
    "alignment_limit",
    "alignment_limits",
    "compare",
    "content_length",
    "covered_length",
    "describe_document",
    "direction",
    "light",
    "name_variants",
    "orient",
    "pair_order",
    "prepare",
    "prepared_again",
    "report_form",
    "scan",
    "scan_result",
    "set_aside",
    "sign",
    "swap_sides",
    "verify",
    "verify_candidate",
    "with_changes",
    "words",
]


def prepare(doc: Document, settings: Settings | None = None) -> Document:
    """The document with its sentences split (a no-op when already split)."""
    if doc.sentences:
        return doc
    limit = (settings or Settings()).max_sentence_tokens
    return dataclasses.replace(doc, sentences=split_sentences(doc.text, max_tokens=limit))


def describe_document(doc: Document, settings: Settings) -> Document:
    """The document with its metadata found (a no-op when already described)."""
    if doc.meta is not None:
        return doc
    meta = describe(
        doc.text,
        head_lines=settings.meta_head_lines,
        tail_lines=settings.meta_tail_lines,
        max_date_chars=settings.meta_max_date_chars,
    )
    return dataclasses.replace(doc, meta=merge_meta(meta, doc.declared))


def set_aside(
    documents: Sequence[Document], settings: Settings
) -> tuple[tuple[Document, ...], tuple[BoilerplateLine, ...]]:
    """Prepared documents without their boilerplate sentences, and the lines set aside."""
    if any(d.set_aside for d in documents):
        return tuple(documents), ()
    return set_aside_boilerplate(
        documents,
        min_documents=settings.boilerplate_min_documents,
        max_words=settings.boilerplate_max_words,
        edge_sentences=settings.boilerplate_edge_sentences,
        min_words=settings.min_sentence_tokens,
        pattern_max_words=settings.boilerplate_pattern_max_words,
        site_min_documents=settings.boilerplate_site_min_documents,
        site_max_share=settings.boilerplate_site_max_share,
        chrome=read_chrome_file(settings.chrome_file) if settings.chrome_file else None,
        max_share=settings.boilerplate_max_share,
    )


def direction(pair: PairResult, a: Document, b: Document, settings: Settings) -> PairResult:
    """The pair with its provenance decided from both documents' metadata."""
    provenance = decide(
        pair,
        a.meta,
        b.meta,
        contained_share=settings.lineage_contained_share,
        contained_margin=settings.lineage_contained_margin,
        weight_credit=settings.lineage_weight_credit,
        weight_upstream=settings.lineage_weight_upstream,
        weight_date=settings.lineage_weight_date,
        weight_dateline=settings.lineage_weight_dateline,
        weight_containment=settings.lineage_weight_containment,
    )
    return dataclasses.replace(pair, provenance=provenance)


def words(doc: Document) -> list[str]:
    """The matching keys of a prepared document's words, sentence after sentence."""
    return list(itertools.chain.from_iterable(s.tokens for s in doc.sentences))  # no Python step a word


def sign(doc: Document, settings: Settings) -> DocumentSignature:
    """Window MinHash signatures of a prepared document."""
    return signature_of(
        words(doc),
        shingle_size=settings.shingle_size,
        num_perm=settings.num_perm,
        seed=settings.seed,
        window=settings.window,
    )


def covered_length(spans: Sequence[Span]) -> int:
    """Characters covered by the union of ``[start, end)`` spans.

    >>> covered_length([(0, 5), (3, 8), (10, 12)])
    10
    """
    total, end = 0, -1
    for s, e in sorted(spans):
        if e <= end:
            continue
        total += e - max(s, end)
        end = e
    return total


def content_length(doc: Document) -> int:
    """Characters of a prepared document's content: its sentences with words (punctuation and boilerplate set
    aside are not content), what a pair's shares are shares of."""
    return sum(s.span[1] - s.span[0] for s in doc.sentences if s.tokens)


def aligned_pieces(doc: Document, alignments: Sequence[Alignment], side: str) -> list[Span]:
    """The parts of ``doc``'s sentences covered by alignments on ``side`` ("a"/"b").

    An alignment over several sentences covers each of them, not the white
    space or the lines between them.
    """
    pieces: list[Span] = []
    for al in alignments:
        start, end = al.a_span if side == "a" else al.b_span
        for index in al.a_sentences if side == "a" else al.b_sentences:
            s, e = doc.sentences[index].span
            if min(e, end) > max(s, start):
                pieces.append((max(s, start), min(e, end)))
    return pieces


def _share(doc: Document, pieces: Sequence[Span]) -> float:
    content = content_length(doc)
    return round(covered_length(pieces) / content, 4) if content else 0.0


def _shingle_overlap(sa: DocumentSignature, sb: DocumentSignature) -> tuple[float, float, float]:
    common = len(np.intersect1d(sa.shingles, sb.shingles, assume_unique=True))
    union = len(sa.shingles) + len(sb.shingles) - common
    jaccard = common / union if union else 0.0
    cont_a = common / len(sa.shingles) if len(sa.shingles) else 0.0
    cont_b = common / len(sb.shingles) if len(sb.shingles) else 0.0
    return round(jaccard, 4), round(cont_a, 4), round(cont_b, 4)


@functools.lru_cache(maxsize=256)
def _quotations(text: str) -> tuple[tuple[Quotation, ...], QuoteSpans]:
    # A document is verified against several candidates; find its quotations once, and look
    # changes up in them by bisection (every change against every quotation is quadratic).
    quotations = find_quotations(text)
    return quotations, QuoteSpans(quotations)


def min_alignments(sentences_a: int, sentences_b: int, settings: Settings) -> int:
    """The fewest alignments reuse needs for texts of these many sentences: ``reuse_min_sentences``, or
    every sentence of a text that has fewer (a brief whose paragraphs a page runs together is one).

    >>> min_alignments(12, 30, Settings()), min_alignments(1, 30, Settings()), min_alignments(0, 3, Settings())
    (2, 1, 1)
    """
    return max(1, min(settings.reuse_min_sentences, sentences_a, sentences_b))


def is_reuse(a: Document, b: Document, alignments: Sequence[Alignment], settings: Settings) -> bool:
    """The verification rule (documented in docs/settings.md, "The verification rule").

    Reuse needs at least ``reuse_min_sentences`` alignments (or, when a text has fewer sentences, as
    many as it has, over ``reuse_min_chars`` characters: a brief of one long sentence copied whole), and
    of the shorter text either ``reuse_min_share`` of its sentence characters aligned or
    ``reuse_min_chars`` characters aligned.
    """
    fewest = min_alignments(len(a.sentences), len(b.sentences), settings)
    if len(alignments) < fewest:
        return False
    shorter, side = (a, "a") if content_length(a) <= content_length(b) else (b, "b")
    pieces = aligned_pieces(shorter, alignments, side)
    share, covered = _share(shorter, pieces), covered_length(pieces)
    if len(alignments) < settings.reuse_min_sentences and covered < settings.reuse_min_chars:
        return False
    if share < settings.reuse_min_share and covered < settings.reuse_min_chars:
        return False
    if share >= WHOLE_TEXT_SHARE or words(a) == words(b):  # copied whole, or the same words: a copy
        return True
    # Shared quotations alone are two reports of one speaker (provenance.detect.quoted), not reuse.
    quotes = (_quotations(a.text)[1], _quotations(b.text)[1])
    told = narrative_words(a, b, alignments, quotes)
    return told is None or told >= settings.reuse_min_narrative_words


def _limit_note(sentences: int, cap: int) -> str | None:
    if sentences <= cap:
        return None
    return (
        f"{sentences:,} sentences; alignment compares the {cap:,} distinct ones closest to the other text "
        "(held word for word, then sharing the most word runs) and pairs the rest it holds word for word "
        "(setting max_align_sentences)"
    )


def alignment_limit(doc: Document, settings: Settings) -> str | None:
    """A note when ``doc`` has more sentences than alignment compares (``max_align_sentences``), else None.

    >>> doc = Document("a", "a", "", sentences=split_sentences("One two three. " * 3))
    >>> alignment_limit(doc, Settings(max_align_sentences=2))[:51]
    '3 sentences; alignment compares the 2 distinct ones'
    """
    return _limit_note(len(doc.sentences), settings.max_align_sentences)


def alignment_limits(documents: Sequence[Document], settings: Settings) -> tuple[AlignmentLimit, ...]:
    """The documents where :func:`alignment_limit` applied, with its note, in the order given (for the reports)."""
    return tuple(
        AlignmentLimit(doc.id, doc.path, note)
        for doc in documents
        if (note := alignment_limit(doc, settings)) is not None
    )


Compared = tuple[list[int], list[int]] | None
"""The sentences of each side the aligner compares past ``max_align_sentences``
(:func:`~provenance.detect.align.compared_sentences`), or None: all of them."""


def compared_of(a: Document, b: Document, settings: Settings) -> Compared:
    """The sentences of ``a`` and ``b`` alignment compares when one has more than ``max_align_sentences``,
    else None (all): chosen once a pair, for the aligner and for the unaligned passages."""
    cap = settings.max_align_sentences
    if max(len(a.sentences), len(b.sentences)) <= cap:
        return None
    return compared_sentences(a.sentences, b.sentences, cap)


def align_documents(a: Document, b: Document, settings: Settings, compared: Compared = None) -> tuple[Alignment, ...]:
    """The sentence alignment of two documents (:func:`align`), without the sentence pairs that pair two
    different quotations (:func:`~provenance.detect.quoted.other_quotation`); ``compared``: as
    :func:`compared_of` gives (found here when None)."""
    found = align(a.sentences, b.sentences, settings, compared)
    if not found:
        return ()
    quotes = (_quotations(a.text)[1], _quotations(b.text)[1])
    return tuple(al for al in found if not other_quotation(a, b, al, quotes))


def align(
    a: Sequence[Sentence], b: Sequence[Sentence], settings: Settings, compared: Compared = None
) -> list[Alignment]:
    """The sentence alignment of two texts with the aligner's settings (no changes classified yet)."""
    return align_sentences(
        a,
        b,
        min_tokens=settings.min_sentence_tokens,
        similarity_threshold=settings.similarity_threshold,
        containment_threshold=settings.containment_threshold,
        min_shared_tokens=settings.min_shared_tokens,
        rewrite_weights=settings.rewrite_weights,
        rewrite_content_dice=settings.rewrite_content_dice,
        rewrite_phrase_trigrams=settings.rewrite_phrase_trigrams,
        rewrite_bigram_dice=settings.rewrite_bigram_dice,
        rewrite_shared_trigrams=settings.rewrite_shared_trigrams,
        rewrite_whole_content_dice=settings.rewrite_whole_content_dice,
        max_sentences=settings.max_align_sentences,
        compared=compared,
    )


def _classified(
    a: Document, b: Document, raw: Sequence[Alignment], settings: Settings
) -> tuple[tuple[Alignment, ...], tuple[QuoteCheck, ...]]:
    """The alignments of ``a`` with ``b`` with their changes classified, and the pair's quote checks."""
    (quotes_a, in_a), (quotes_b, in_b) = _quotations(a.text), _quotations(b.text)
    alignments: list[Alignment] = []
    token_pairs: list[tuple[Span, Span]] = []
    credits = (_credit_spans(a), _credit_spans(b))
    for al in raw:
        changes, shared = changes_and_pairs(
            al, a.sentences, a.text, b.sentences, b.text, quotes_a=in_a, quotes_b=in_b, settings=settings
        )
        if credits[0] or credits[1]:
            changes = tuple(_as_credit(c, credits) for c in changes)
        alignments.append(dataclasses.replace(al, changes=changes))
        token_pairs += shared
    alignments = _respelled_alike(alignments)
    quotes = quote_checks(token_pairs, [c for al in alignments for c in al.changes], quotes_a, quotes_b)
    return tuple(alignments), quotes


_RESPELLABLE: frozenset[str] = frozenset({"attribution", "wording", "synonym"})
"""The kinds a replacement falls to when the name-variant rules miss it out of its name's context ("Noem
cited" / "Noehm cited": a speaker, so attribution; "Noem tweeted": wording), never a figure or date."""


def _respelled_alike(alignments: list[Alignment]) -> list[Alignment]:
    """``alignments`` with a replacement made elsewhere in the pair as a name variant read as that variant.

    A reprint respelling "Noem" as "Noehm" throughout had it recognised only where the rest of the name
    backs the looser rule for short names ("Kristi Noem"): elsewhere it was an attribution (high) or a
    wording, one respelling told three ways.  The same two words, in the same pair of texts, are one name."""
    variants = {(_folded(c.a), _folded(c.b)) for al in alignments for c in al.changes if c.kind == "name-variant"}
    if not variants:
        return alignments

    def read(change: Change) -> Change:
        if change.kind in _RESPELLABLE and (_folded(change.a), _folded(change.b)) in variants:
            return dataclasses.replace(
                change, kind="name-variant", severity=severity_of("name-variant", change.in_quote)
            )
        return change

    return [dataclasses.replace(al, changes=tuple(read(c) for c in al.changes)) for al in alignments]


def _folded(words: str) -> str:
    """A change's side as compared for a respelling: white space folded (case kept: "Noem" is no "noem")."""
    return " ".join(words.split())


def _credit_spans(doc: Document) -> tuple[Span, ...]:
    """The spans of the source credits a described document gives (none when not described)."""
    return () if doc.meta is None else tuple(a.span for a in doc.meta.attributions)


def _as_credit(change: Change, credits: tuple[tuple[Span, ...], tuple[Span, ...]]) -> Change:
    """A word run one side alone has, inside a source credit of that side ("LONDON (Reuters) -" made
    "LONDON -"), is a credit dropped or added: an attribution change, high, never a low deletion."""
    if change.kind not in ("deletion", "insertion"):
        return change
    span, spans = (change.a_span, credits[0]) if change.a else (change.b_span, credits[1])
    if any(start <= span[0] and span[1] <= end for start, end in spans):
        return dataclasses.replace(change, kind="attribution", severity=severity_of("attribution", change.in_quote))
    return change


def _gaps(
    doc: Document,
    alignments: Sequence[Alignment],
    side: Literal["a", "b"],
    compared: list[int] | None,
    settings: Settings,
) -> Gaps:
    passages = unaligned_passages(
        doc.sentences, alignments, side, min_chars=settings.unaligned_min_chars, compared=compared
    )
    return passages, unaligned_share(doc.sentences, passages)


def verify(
    a: Document,
    b: Document,
    settings: Settings,
    *,
    signatures: tuple[DocumentSignature, DocumentSignature] | None = None,
    estimated_jaccard: float | None = None,
    changes: bool = True,
) -> PairResult:
    """Align two prepared documents, classify the changes, find the unaligned passages and decide reuse.

    ``changes=False``: without the changes and quote checks (no verdict reads them), for a caller that
    keeps few of the pairs it verifies and adds them to those with :func:`with_changes`."""
    measured = _measured(a, b, settings, signatures, estimated_jaccard, compared_of(a, b, settings))
    return with_changes(measured, a, b, settings) if changes else measured


def with_changes(pair: PairResult, a: Document, b: Document, settings: Settings) -> PairResult:
    """``pair`` (of ``a`` with ``b``, in that order) with the changes of its alignments classified and its quote
    checks: the one costly step of verification that no verdict reads, so it runs once, on a pair kept, read
    the way it is reported."""
    alignments, quotes = _classified(a, b, pair.alignments, settings)
    return dataclasses.replace(pair, alignments=alignments, quotes=quotes)


def _measured(
    a: Document,
    b: Document,
    settings: Settings,
    signatures: tuple[DocumentSignature, DocumentSignature] | None,
    estimated_jaccard: float | None,
    compared: Compared,
    alignments: tuple[Alignment, ...] | None = None,
    reuse: bool | None = None,
) -> PairResult:
    """:func:`verify` without the changes and quote checks: the alignments (given, or found here on the
    ``compared`` sentences), shares, overlaps, unaligned passages and the reuse rule all read the aligned
    sentences and spans only.  ``reuse``: the rule's decision on these alignments when the caller has it
    (:func:`is_reuse` weighs every aligned word against the quotations: it is not decided twice)."""
    sig_a, sig_b = signatures if signatures is not None else (sign(a, settings), sign(b, settings))
    if alignments is None:
        alignments = align_documents(a, b, settings, compared)
    jaccard, cont_a, cont_b = _shingle_overlap(sig_a, sig_b)
    short_a, short_b = shingle_containment(words(a), words(b), settings.short_shingle_size)
    # Past the cap the aligner compared some sentences only: the others are not known to be missing.
    compared_a, compared_b = (None, None) if compared is None else compared
    (passages_a, only_a), (passages_b, only_b) = (
        _gaps(a, alignments, "a", compared_a, settings),
        _gaps(b, alignments, "b", compared_b, settings),
    )
    return PairResult(
        a=a.id,
        b=b.id,
        is_reuse=is_reuse(a, b, alignments, settings) if reuse is None else reuse,
        share_a=_share(a, aligned_pieces(a, alignments, "a")),
        share_b=_share(b, aligned_pieces(b, alignments, "b")),
        estimated_jaccard=estimated_jaccard,
        jaccard=jaccard,
        containment_a=cont_a,
        containment_b=cont_b,
        alignments=alignments,
        quotes=(),
        short_containment_a=short_a,
        short_containment_b=short_b,
        unaligned_a=passages_a,
        unaligned_b=passages_b,
        unaligned_share_a=only_a,
        unaligned_share_b=only_b,
    )


def orient(
    pair: PairResult, a: Document, b: Document, settings: Settings | None = None
) -> tuple[PairResult, Document, Document]:
    """The pair read source → copy, with its documents in that order.

    When the provenance says ``a`` reprints ``b`` (``a-from-b``), the sides are swapped: ids, shares,
    containments, unaligned passages, alignments (sentences and spans, in the source's order) and the
    changes, classified afresh from the source's side (a word the copy added is an insertion), with the
    quote checks; the relation becomes ``b-from-a`` (``a`` is the source).  Any other pair (``b-from-a``,
    or a direction undetermined: ``common-source``, ``undetermined``) is returned as it is, in the
    order given.  The evidence names the documents by id, so it reads the same either way.
    """
    if pair.provenance is None or pair.provenance.relation != "a-from-b":
        return pair, a, b
    return with_changes(swap_sides(pair), b, a, settings or Settings()), b, a


_MIRRORED: Mapping[Relation, Relation] = {"a-from-b": "b-from-a", "b-from-a": "a-from-b"}


def swap_sides(pair: PairResult) -> PairResult:
    """``pair`` read the other way round (see :func:`orient`): ``b`` as ``a``, its relation mirrored
    (``a-from-b`` becomes ``b-from-a``; ``common-source`` and ``undetermined`` are kept), its alignments in
    the new ``a``'s order and without changes or quote checks, which :func:`with_changes` classifies from
    the new ``a``'s side."""
    provenance = (
        dataclasses.replace(pair.provenance, relation=_MIRRORED.get(pair.provenance.relation, pair.provenance.relation))
        if pair.provenance
        else None
    )
    alignments = sorted(
        (
            Alignment(
                a_sentences=al.b_sentences,
                b_sentences=al.a_sentences,
                a_span=al.b_span,
                b_span=al.a_span,
                score=al.score,
            )
            for al in pair.alignments
        ),
        key=lambda al: (al.a_sentences, al.b_sentences),
    )
    return dataclasses.replace(
        pair,
        a=pair.b,
        b=pair.a,
        share_a=pair.share_b,
        share_b=pair.share_a,
        containment_a=pair.containment_b,
        containment_b=pair.containment_a,
        alignments=tuple(alignments),
        provenance=provenance,
        quotes=(),
        short_containment_a=pair.short_containment_b,
        short_containment_b=pair.short_containment_a,
        unaligned_a=pair.unaligned_b,
        unaligned_b=pair.unaligned_a,
        unaligned_share_a=pair.unaligned_share_b,
        unaligned_share_b=pair.unaligned_share_a,
    )


def pair_order(pair: PairResult) -> tuple[str, str]:
    """The key pairs are listed by, whichever way each is oriented: its two ids, in order."""
    return (pair.a, pair.b) if pair.a <= pair.b else (pair.b, pair.a)


def compare(a: Document, b: Document, settings: Settings | None = None) -> PairResult:
    """Compare two documents directly, whatever the verdict (a direction only when they are reuse)."""
    settings = settings or Settings()
    a, b = describe_document(prepare(a, settings), settings), describe_document(prepare(b, settings), settings)
    a, b = set_aside([a, b], settings)[0]
    sig_a, sig_b = sign(a, settings), sign(b, settings)
    estimate = estimated_jaccard(sig_a, sig_b)
    result = verify(a, b, settings, signatures=(sig_a, sig_b), estimated_jaccard=estimate)
    # Texts that are no reuse have no source and no copy: a direction read from their dates alone would name
    # one ("b-from-a", "added by …: 100% of its text") for two stories that share nothing.
    return direction(result, a, b, settings) if result.is_reuse else result


_Shared = tuple[Sequence[Document], Mapping[str, DocumentSignature], Settings, ChromeList | None, bool]
"""What the first pass's workers share: the documents in id order, the stored signatures, the settings, the
user's chrome list and whether to set boilerplate aside (not when a document came with it set aside)."""


def _prepare_one(
    shared: _Shared, i: int
) -> tuple[Document, np.ndarray | None, Sketch | None, list[tuple[str, BoilerplateReason]], Words | None]:
    # Workers get the position only (the documents come by fork) and send back the document's report form
    # (:func:`report_form`) with what of its boilerplate it shows by itself set aside (the lines matching
    # the patterns or the chrome list, and those lines), its band keys as so stripped (None for a document
    # the index signed and nothing was set aside of), its sketch for the corpus-wide part of the
    # boilerplate stage and its words' codes for the candidate screen (:func:`~provenance.detect.screen.words_of`):
    # neither its words nor its text travel, which the scan already holds (:func:`_texted`).
    ordered, known, settings, chrome, strip = shared
    doc = describe_document(prepare(ordered[i], settings), settings)
    sketch: Sketch | None = None
    found: list[tuple[str, BoilerplateReason]] = []
    if strip:
        sketch = sketch_of(
            doc,
            edge_sentences=settings.boilerplate_edge_sentences,
            min_words=settings.min_sentence_tokens,
            max_words=settings.boilerplate_max_words,
        )
        doc, found = strip_boilerplate(
            doc,
            frozenset(),
            edge_sentences=settings.boilerplate_edge_sentences,
            pattern_max_words=settings.boilerplate_pattern_max_words,
            chrome=chrome,
        )
    keys = None if doc.id in known and not doc.set_aside else _keys(sign(doc, settings), settings)
    words = words_of(doc.sentences) if screen.SCREENS else None
    return dataclasses.replace(report_form(doc), text=""), keys, sketch, found, words


_SPAN = 128
"""Documents a first-pass task prepares: its process appends their band keys to its own key spill and writes
them out once a task (a file a group of keys, opened once for the run, not once a document)."""
_SPAN_ALONE = 1024
"""The same in one process: no other process waits for the run, so the spill's files are opened fewer times
(a twentieth of a 5,000-article scan's CPU went to writing 40 runs' keys), the progress told a run at a time."""


_Prepared = tuple[Document, bool, Sketch | None, list[tuple[str, BoilerplateReason]], tuple[str, int] | None]
"""A document of the first pass as the main process gets it: its report form, whether its band keys were
spilled, its sketch, the boilerplate it showed by itself and where its words were spilled."""


def _prepare_span(
    shared: tuple[Sequence[Document], Mapping[str, DocumentSignature], Settings, ChromeList | None, bool, str],
    span: tuple[int, int],
) -> list[_Prepared]:
    # The documents of ``span`` prepared (:func:`_prepare_one`), their band keys and words spilled here, in
    # files of this process (``early-PID``, ``words-PID`` under the scan's spill folder), not sent back to
    # the main process: only whether each was signed and where its words are.  The candidate join reads
    # every process's key spill; it orders the keys of a group by document, so which process spilled which
    # document does not matter.
    ordered, known, settings, chrome, strip, spill_dir = shared
    spill = KeySpill(os.path.join(spill_dir, f"early-{os.getpid()}"))
    words = WordSpill(spill_dir)
    done: list[_Prepared] = []
    for i in range(*span):
        doc, keys, sketch, found, codes = _prepare_one((ordered, known, settings, chrome, strip), i)
        if keys is not None:
            spill.add(i, keys)
        done.append((doc, keys is not None, sketch, found, None if codes is None else words.add(codes)))
    spill.flush()  # the run's keys and words written out: the process may end after any task
    words.flush()
    return done


def _texted(doc: Document, original: Document) -> Document:
    """``doc`` back from a worker, with the text of ``original`` (the same characters): one copy of each
    text in the scan, not one more a document that traveled."""
    return dataclasses.replace(doc, text=original.text)


def _sign_one(shared: tuple[Sequence[Document], Sequence[Document], Settings], i: int) -> np.ndarray:
    # A document with more boilerplate set aside than its worker saw, prepared again and signed.
    ordered, docs, settings = shared
    return _keys(sign(prepared_again(ordered[i], docs[i], settings), settings), settings)


def _keys(signature: DocumentSignature, settings: Settings) -> np.ndarray:
    return document_keys(signature, bands=settings.lsh_bands, rows=settings.lsh_rows)


def light(doc: Document) -> Document:
    """``doc`` without its sentences' token spans: what the boilerplate stage, signing and the reports read
    of a document not verified (:func:`prepared_again` gives the whole document back).

    >>> doc = prepare(Document("a", "a.txt", "One two three. Four five six."))
    >>> [len(s.token_spans) for s in light(doc).sentences], light(doc).sentences[1].tokens
    ([0, 0], ('four', 'five', 'six'))
    """
    return dataclasses.replace(
        doc, sentences=tuple(Sentence(s.index, s.span, s.tokens, NO_SPANS) for s in doc.sentences)
    )


def report_form(doc: Document) -> Document:
    """``doc`` as the reports read a document in no pair: its sentences' spans, not their tokens (packed:
    :class:`~provenance.models.SpanSentences`, when its sentences are numbered in order, as split).

    >>> doc = prepare(Document("a", "a.txt", "One two three. Four five six."))
    >>> [(s.span, s.tokens) for s in report_form(doc).sentences]
    [((0, 14), ()), ((15, 29), ())]
    """
    if all(s.index == n for n, s in enumerate(doc.sentences)):
        return dataclasses.replace(doc, sentences=SpanSentences(s.span for s in doc.sentences))  # type: ignore[arg-type]
    return dataclasses.replace(doc, sentences=tuple(Sentence(s.index, s.span, (), NO_SPANS) for s in doc.sentences))


def prepared_again(original: Document, stripped: Document, settings: Settings) -> Document:
    """The document the scan verifies: ``original`` (as loaded) split and described again, with the sentences
    the boilerplate stage set aside of ``stripped`` (its light form, :func:`light`) emptied as
    :func:`~provenance.text.boilerplate.strip_boilerplate` empties them: the same document, field by field,
    as preparing and setting aside gave before the token spans were dropped.  Its metadata is ``stripped``'s
    (found from the same text with the same settings), not found again.

    >>> first = describe_document(prepare(Document("a", "a.txt", "By Ann Lee. One two three four.")), Settings())
    >>> prepared_again(Document("a", "a.txt", first.text), light(first), Settings()) == first
    True
    """
    if stripped.meta is not None and original.meta is None:
        original = dataclasses.replace(original, meta=stripped.meta)
    doc = describe_document(prepare(original, settings), settings)
    if not stripped.set_aside or doc.set_aside:
        return doc
    aside = set(stripped.set_aside)
    sentences = tuple(
        dataclasses.replace(s, tokens=(), token_spans=Spans()) if s.span in aside else s for s in doc.sentences
    )
    return dataclasses.replace(doc, sentences=sentences, set_aside=stripped.set_aside)


def _full_one(
    shared: tuple[Sequence[Document], Sequence[Document], Mapping[str, DocumentSignature], Settings], i: int
) -> bytes:
    # The document prepared again and its stored whole-text signature (None: :func:`verify_candidate` signs
    # the documents of a pair it keeps, not every one it reads), pickled where they are made: the scan holds
    # them as these bytes (a third of the objects' size) until a worker verifying a pair reads them.
    ordered, docs, known, settings = shared
    doc = prepared_again(ordered[i], docs[i], settings)
    signature = known[doc.id].whole_only() if doc.id in known and not doc.set_aside else None
    return pickle.dumps((dataclasses.replace(doc, text=""), signature), pickle.HIGHEST_PROTOCOL)


_Pickled = tuple[Sequence[Document], Mapping[int, bytes]]
"""The documents in id order and, by position, the pickled documents of candidate pairs (:func:`_full_one`)."""


def _unpickled(pickled: _Pickled, i: int) -> tuple[Document, DocumentSignature | None]:
    ordered, blobs = pickled
    doc, signature = pickle.loads(blobs[i])
    return _texted(doc, ordered[i]), signature


def verify_candidate(
    a: Document,
    b: Document,
    sig_a: DocumentSignature | None,
    sig_b: DocumentSignature | None,
    settings: Settings,
) -> PairResult | None:
    """A candidate pair verified and, when it is reuse, its provenance decided and the pair oriented
    source → copy (:func:`orient`); None when it is not (the verify step of both engines).

    The same pair as ``orient(direction(verify(a, b, …)))``, but the reuse rule is decided on the
    alignments alone, and the rest measured (a signature None is made here: :func:`sign`) and the changes
    classified once, on a pair kept and in the order reported: neither the reuse rule nor the direction
    reads them.
    """
    compared = compared_of(a, b, settings)
    alignments = align_documents(a, b, settings, compared)
    if not is_reuse(a, b, alignments, settings):
        return None
    sig_a = sig_a if sig_a is not None else sign(a, settings)
    sig_b = sig_b if sig_b is not None else sign(b, settings)
    jaccard = estimated_jaccard(sig_a, sig_b)
    measured = _measured(a, b, settings, (sig_a, sig_b), jaccard, compared, alignments, reuse=True)
    decided = direction(measured, a, b, settings)
    if decided.provenance is not None and decided.provenance.relation == "a-from-b":
        return with_changes(swap_sides(decided), b, a, settings)
    return with_changes(decided, a, b, settings)


def _verify_candidate(
    shared: tuple[Callable[[int], tuple[Document, DocumentSignature | None]], Settings], cand: CandidatePair
) -> PairResult | None:
    # Candidates come in order of their first document, so a small cache of read documents serves most.
    read, settings = shared
    (a, sig_a), (b, sig_b) = read(cand.a), read(cand.b)
    return verify_candidate(a, b, sig_a, sig_b, settings)


def _linkable(shared: tuple[SpilledWords, Settings], cand: CandidatePair) -> bool:
    # Whether the candidate could be reuse: as many sentence pairs that could link as the rule needs.
    words, settings = shared
    a, b = words[cand.a], words[cand.b]
    if a is None or b is None:
        return True
    return linkable_pairs(a, b, settings) >= min_alignments(len(a[1]), len(b[1]), settings)


@contextlib.contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while the stages run (the state it was in, restored after).

    A scan builds millions of small objects (sentences, token tuples, spans) and frees few of them: each of
    the collector's passes over the oldest generation walks them all, about a tenth of the scan's time for
    no garbage, since the stages make no reference cycles of note.  Reference counting still frees
    everything as before.  At the end what survived joins the oldest generation in one step (``freeze``,
    then ``unfreeze``, when nothing else is frozen) rather than through three passes that walk it all,
    and the collector, enabled again, takes whatever cycles remain at its next full pass.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


_ASIDE_NICE = 10
"""How much the census processes yield to the scan's own (``os.nice``): enough that they run mostly when a
core would be idle, not so much that other work on the machine starves them (at 19 a busy process elsewhere
leaves them 1.5% of a core; at 10, a tenth)."""


class _CensusAside:
    """The word census of a scan's documents (:func:`~provenance.verdict.spellings.word_census`) counted in
    ``jobs`` processes of its own (a run of the documents each), forked by :meth:`start` as the first pass ends,
    at a lower priority (:data:`_ASIDE_NICE`): they run mostly when a core would be idle (the boilerplate stage
    and the candidate join run in the main process alone; the ends of the parallel stages) rather than in a
    pass of their own after verification (forked as the scan starts, they took a share of the first pass,
    which keeps both cores busy, and left those steps' idle core idle).  :meth:`census` waits
    for them (given back their priority where the system allows it); with one job, without ``fork``, or when
    a process ends without its census, the census is counted there and then, as :func:`corpus_census` counts
    it.  The census does not depend on how the documents are parted.
    """

    def __init__(self, documents: Sequence[Document], jobs: int) -> None:
        self._documents, self._jobs = documents, jobs
        self._children: list[tuple[BaseProcess, Connection]] = []

    def start(self) -> None:
        """Fork the census processes (none with one job or without ``fork``)."""
        documents = self._documents
        n = min(effective_jobs(self._jobs), len(documents))
        context = fork_context() if n > 1 else None
        if context is None:
            return
        for k in range(n):
            receive, send = context.Pipe(duplex=False)
            part = (len(documents) * k // n, len(documents) * (k + 1) // n)
            child = context.Process(target=_count_aside, args=(documents, part, send, os.getpid()), daemon=True)
            child.start()
            send.close()  # the child's end only: the census's end of file is the child's exit
            self._children.append((child, receive))

    def census(self) -> WordCensus:
        """The census, once counted (waiting for the child processes)."""
        if not self._children:
            return corpus_census(self._documents, jobs=self._jobs)
        for child, _ in self._children:
            with contextlib.suppress(OSError, AttributeError):  # only where the system lets a process do it
                if child.pid is not None:
                    os.setpriority(os.PRIO_PROCESS, child.pid, os.getpriority(os.PRIO_PROCESS, 0))
        found = WordCensus()
        for _, receive in self._children:
            part: WordCensus | None = None
            with contextlib.suppress(EOFError, OSError):
                part = receive.recv()
            if part is None:  # the process ended without its census
                self.close()
                return corpus_census(self._documents, jobs=self._jobs)
            found.add(part)
        self.close()
        return found

    def close(self) -> None:
        """End the child processes (a scan that stopped early does not leave them counting)."""
        for child, receive in self._children:
            receive.close()
            if child.is_alive():
                child.terminate()
            child.join()
        self._children = []


def _count_aside(documents: Sequence[Document], part: tuple[int, int], send: Connection, parent: int) -> None:
    # A census process: the census of documents[start:end], sent back whole.
    ignore_interrupt(parent)
    with contextlib.suppress(OSError):
        os.nice(_ASIDE_NICE)
    send.send(word_census(documents[part[0] : part[1]]))
    send.close()


def scan(
    documents: Sequence[Document],
    settings: Settings | None = None,
    *,
    problems: Sequence[LoadProblem] = (),
    progress: Callable[[str, int, int], None] | None = None,
    signatures: Mapping[str, DocumentSignature] | None = None,
    jobs: int = 1,
) -> ScanResult:
    """Find every reuse pair in a corpus: LSH candidates, then verification.

    ``progress(stage, done, total)`` is called as work proceeds, if given.
    ``signatures`` (by document id, e.g. from the persistent index) are used
    instead of signing those documents again.  ``jobs`` processes split,
    sign and verify (0: every core); the result is the same for any number.
    The documents of reuse pairs come back whole; the others with their
    sentences' spans but not their tokens (:func:`report_form`: all the
    reports read of them), so a scan holds little of each.
    """
    ordered = sorted(documents, key=lambda d: d.id)
    with _without_cycle_collection(), contextlib.closing(_CensusAside(ordered, jobs)) as aside:
        return _scan(ordered, settings or Settings(), problems, progress, signatures or {}, jobs, aside)


def _scan(
    ordered: Sequence[Document],
    settings: Settings,
    problems: Sequence[LoadProblem],
    progress: Callable[[str, int, int], None] | None,
    known: Mapping[str, DocumentSignature],
    jobs: int,
    aside: _CensusAside,
) -> ScanResult:
    # The corpus (in id order) is held in its report form (:func:`report_form`: no document's words), its
    # boilerplate counted from sketches (:func:`~provenance.text.boilerplate.sketch_of`: the words by digest) as
    # the Spark engine counts it, its band keys on disk (:class:`KeySpill`); only the documents of candidate
    # pairs are prepared again in full, and held pickled until verified.  The spelling census is counted
    # aside (:class:`_CensusAside`) from the texts as loaded, which the reported documents keep.
    n_docs = len(ordered)
    with tempfile.TemporaryDirectory(prefix="provenance-keys-") as spill_dir:
        late = KeySpill(os.path.join(spill_dir, "late"))
        # 1. split, describe, set aside what boilerplate a document shows by itself, and sign (in parallel; each
        #    process appends the band keys to a spill of its own, in runs of _SPAN documents).
        strip = not any(d.set_aside for d in ordered)  # as :func:`set_aside`: not again
        chrome = read_chrome_file(settings.chrome_file) if strip and settings.chrome_file else None
        docs: list[Document] = list(ordered)
        sketches: list[Sketch | None] = [None] * n_docs
        found: list[list[tuple[str, BoilerplateReason]]] = [[] for _ in range(n_docs)]
        signed = np.zeros(n_docs, dtype=bool)
        shared = (ordered, known, settings, chrome, strip, spill_dir)
        span = _SPAN if effective_jobs(jobs) > 1 else _SPAN_ALONE
        results = itertools.chain.from_iterable(
            parallel_map(_prepare_span, runs(n_docs, span), shared=shared, jobs=jobs, chunksize=1)
        )
        places: list[tuple[str, int] | None] = [None] * n_docs
        for n, (doc, keyed, sketch, items, place) in enumerate(results):
            docs[n], sketches[n], found[n], signed[n] = _texted(doc, ordered[n]), sketch, items, keyed
            places[n] = place
            if progress:
                progress("signatures", n + 1, n_docs)
        aside.start()
        names = sorted(os.listdir(spill_dir))
        early = [KeySpill(os.path.join(spill_dir, name)) for name in names if name.startswith("early-")]
        # 2. the boilerplate the corpus shows (recurring edge sentences, each site's chrome), counted from
        #    the sketches as the Spark engine counts it, then set aside of each document's edge sentences.
        grown = np.zeros(n_docs, dtype=bool)
        if strip:
            corpus = corpus_boilerplate(
                docs,
                [s for s in sketches if s is not None],
                min_documents=settings.boilerplate_min_documents,
                max_words=settings.boilerplate_max_words,
                edge_sentences=settings.boilerplate_edge_sentences,
                min_words=settings.min_sentence_tokens,
                site_min_documents=settings.boilerplate_site_min_documents,
                site_max_share=settings.boilerplate_site_max_share,
            )
            for n, sketch in enumerate(sketches):
                assert sketch is not None
                doc, more = strip_sketched(
                    docs[n],
                    ordered[n].text,
                    sketch,
                    corpus,
                    edge_sentences=settings.boilerplate_edge_sentences,
                    max_share=settings.boilerplate_max_share,
                )
                if more:
                    docs[n], grown[n] = doc, True
                    found[n] = found[n] + more
                sketches[n] = None
        boilerplate = (
            boilerplate_lines((doc.id, items) for doc, items in zip(docs, found, strict=True)) if strip else ()
        )
        del sketches, found
        # 3. sign what step 1 did not: documents with more boilerplate set aside (their early keys dropped),
        #    and stored signatures (they cover the whole text) for documents of the index with none.
        to_sign = np.flatnonzero(grown).tolist()
        for i, keys in zip(
            to_sign, parallel_map(_sign_one, to_sign, shared=(ordered, docs, settings), jobs=jobs), strict=True
        ):
            late.add(i, keys)
        for i in np.flatnonzero(~signed & ~grown).tolist():
            late.add(i, _keys(known[docs[i].id], settings))
        dropped = [grown & signed] * len(early)  # the early keys of documents signed again
        candidates = spilled_pairs(
            [*early, late], n_docs, max_bucket=settings.max_bucket, wide_share=settings.wide_share, dropped=dropped
        )
        # 4. screen: a candidate none of whose sentences could align, read from the words the first pass
        #    spilled, is not reuse (:mod:`~provenance.detect.screen`); the others are verified.
        kept = candidates
        if screen.SCREENS:
            spilled = SpilledWords(spill_dir, places)
            linkable = parallel_map(_linkable, candidates, shared=(spilled, settings), jobs=jobs, chunksize=64)
            kept = list(itertools.compress(candidates, linkable))
            spilled.close()
    # 5. verify: the documents of kept candidates prepared again in full, held pickled (a third of their
    #    objects' size) and read in the process verifying a pair.
    needed = sorted({i for cand in kept for i in (cand.a, cand.b)})
    blobs = dict(
        zip(needed, parallel_map(_full_one, needed, shared=(ordered, docs, known, settings), jobs=jobs), strict=True)
    )
    read = functools.lru_cache(maxsize=_READ_CACHE)(functools.partial(_unpickled, (ordered, blobs)))
    pairs: list[PairResult] = []
    checked = parallel_map(_verify_candidate, kept, shared=(read, settings), jobs=jobs, chunksize=4)
    for n, result in enumerate(checked, 1):
        if result is not None:
            pairs.append(result)
        if progress:
            progress("verify", n, len(kept))
    read.cache_clear()
    # The documents of reuse pairs whole (the reports show their sentences), the others as the reports
    # read them: their sentences' spans (:func:`report_form`).
    in_pairs = {x for p in pairs for x in (p.a, p.b)}
    whole = {i: _unpickled((ordered, blobs), i)[0] for i in needed if docs[i].id in in_pairs}
    del blobs
    reported = [whole.get(i, doc) for i, doc in enumerate(docs)]
    return scan_result(
        documents=reported,
        problems=problems,
        pairs=pairs,
        candidates=len(candidates),
        settings=settings,
        spellings=spellings_from_census(aside.census(), variants=name_variants(pairs)),
        boilerplate=boilerplate,
    )


def name_variants(pairs: Sequence[PairResult]) -> list[tuple[str, str]]:
    """The name variants seen at aligned positions of reuse pairs (they back up the spelling table)."""
    return [(c.a, c.b) for p in pairs for al in p.alignments for c in al.changes if c.kind == "name-variant"]


def scan_result(
    *,
    documents: Sequence[Document],
    problems: Sequence[LoadProblem],
    pairs: Sequence[PairResult],
    candidates: int,
    settings: Settings,
    spellings: Sequence[NameSpellings],
    boilerplate: Sequence[BoilerplateLine],
) -> ScanResult:
    """A scan's result, with its clusters and alignment limits computed once (both engines end here).

    ``documents`` come in id order, ``pairs`` are put in :func:`pair_order`; the reports only read what
    this returns.
    """
    return ScanResult(
        documents=tuple(documents),
        problems=tuple(problems),
        pairs=tuple(sorted(pairs, key=pair_order)),
        candidates=candidates,
        settings=settings,
        spellings=tuple(spellings),
        boilerplate=tuple(boilerplate),
        clusters=clusters(pairs, outlets(documents)),
        limits=alignment_limits(documents, settings),
    )
