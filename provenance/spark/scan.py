"""The scan on Apache Spark: the same stages, run as Spark jobs over a corpus too large for one machine.

The plan mirrors :func:`provenance.pipeline.scan` stage by stage (one function each here):

1. **read**: the input as records, one per article or problem, as the local loader reads it
   (:mod:`provenance.spark.read`); duplicate ids reported and skipped as the local loader does;
2. **documents**: each record split into sentences and described on the executors; the boilerplate
   keys recurring in enough documents counted there;
3. **sign**: each partition sets its documents' boilerplate aside, signs them
   (:func:`~provenance.pipeline.sign` inside ``mapPartitions``) and emits one row per document with
   its distinct LSH band keys packed as int64 bytes (:func:`~provenance.detect.candidates.band_keys`);
   each partition's :func:`~provenance.verdict.spellings.word_census` is counted there and added up;
4. **candidates**: the documents, numbered in id order, send their keys split into groups by the
   key (:func:`~provenance.spark.join.candidate_join`); a partition holds whole groups, so NumPy
   finds each bucket's pairs there: keys shared by 2 to ``max_bucket`` documents are kept, every two
   of a bucket's documents make a pair ``a < b``, and a pair's counts are summed over the partitions
   into its collision count; a larger bucket (mostly boilerplate) pairs each member with its lowest
   document only, kept when the two share ``wide_share`` of the smaller one's keys, exactly as
   :func:`~provenance.detect.candidates.candidate_pairs` does;
5. **verify**: each candidate pair is joined with the two documents' texts and compact signatures
   and verified on the executors (:func:`~provenance.pipeline.verify_candidate`, as the local engine);
6. **result**: the driver builds the :class:`~provenance.models.ScanResult` through
   :func:`~provenance.pipeline.scan_result`, in the local engine's order (documents by id, pairs
   by their two ids, each oriented source → copy, the spelling table from
   :func:`~provenance.verdict.spellings.spellings_from_census`),
   so the renderers write the same ``provenance.json`` and ``provenance.md``; for large runs the
   pairs are also written as Parquet, one row per pair with its JSON entry.

pyspark is imported lazily, when a scan runs (:mod:`provenance.spark.session`).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import operator
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import numpy as np

from ..detect.candidates import band_keys
from ..detect.signatures import DocumentSignature, distinct
from ..io.formats import merge_meta
from ..io.load import CorpusRules, UnreadFiles, unread_summary
from ..models import BoilerplateLine, Document, DocumentMeta, LoadProblem, PairResult, ScanResult, Sentence, Spans
from ..pipeline import describe_document, name_variants, pair_order, prepare, scan_result, sign, verify_candidate
from ..report.json import pair_to_dict
from ..settings import Settings
from ..text.boilerplate import (
    ChromeList,
    Fingerprint,
    Key,
    add_fingerprints,
    boilerplate_lines,
    chrome_of_tally,
    edge_keys,
    page_mark,
    read_chrome_file,
    site_edge_keys,
    site_of,
    site_votes,
    strip_boilerplate,
)
from ..text.metadata import outlet_from_host, parse_date
from ..verdict.spellings import WordCensus, spellings_from_census, word_census
from .join import candidate_join
from .read import Record, duplicates, is_record_file, read_records
from .session import SparkEngineError, first_line, spark_session

if TYPE_CHECKING:
    from pyspark import RDD, Broadcast
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["PARQUET_MIN_DOCUMENTS", "scan_spark"]

PARQUET_MIN_DOCUMENTS = 10_000
"""From this many documents the pairs are also written as Parquet (``pairs.parquet``) unless told not to."""

_Found = tuple[PairResult, int, str]
"""A verified reuse pair, its collision count and its JSON entry."""


def scan_spark(
    input_path: str,
    settings: Settings | None = None,
    *,
    spark: SparkSession | None = None,
    master: str | None = None,
    parquet_dir: str | None = None,
    parquet: bool | None = None,
    partitions: int | None = None,
    progress: Callable[[str], None] | None = None,
    rules: CorpusRules | None = None,
    notes: Callable[[str], None] | None = None,
) -> ScanResult:
    """Scan INPUT (a folder of articles, or a file of JSON Lines or Parquet records) on Spark.

    Returns the same :class:`~provenance.models.ScanResult` as :func:`provenance.pipeline.scan`
    on the same documents.  The reuse pairs are also written as Parquet into ``parquet_dir``
    (columns ``a``, ``b``, ``collisions``, the figures, ``relation`` and ``pair``: the pair's JSON
    entry) when ``parquet`` is true, or when it is None and there are at least
    :data:`PARQUET_MIN_DOCUMENTS` documents.  A folder's files are those ``rules`` admit, as the local
    engine lists them; ``notes`` is given the line the local scan prints about the others, the files no
    reader reads (:func:`~provenance.io.load.unread_summary`), when there are any.  Raises
    :class:`~provenance.spark.session.SparkUnavailable` or :class:`~provenance.spark.session.SparkEngineError`.
    """
    session = spark or spark_session(master)
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    try:
        return _scan(
            session, input_path, settings or Settings(), parquet_dir, parquet, partitions, progress, rules, notes
        )
    except (Py4JError, PySparkException) as err:  # a failed Spark job: one line, not a JVM stack trace
        raise SparkEngineError(f"{input_path}: the Spark job failed: {first_line(err)}") from None


def _scan(
    session: SparkSession,
    input_path: str,
    settings: Settings,
    parquet_dir: str | None,
    parquet: bool | None,
    partitions: int | None,
    progress: Callable[[str], None] | None,
    rules: CorpusRules | None = None,
    notes: Callable[[str], None] | None = None,
) -> ScanResult:
    """The body of :func:`scan_spark`: the stages in order, each releasing what the next ones no longer need."""
    say = progress or (lambda _message: None)
    parts = partitions or max(2, session.sparkContext.defaultParallelism * 4)
    read = _read(session, input_path, settings, parts, rules)
    unread = unread_summary(read.unread)
    if unread is not None and notes is not None:
        notes(unread)
    say(f"loaded {read.inputs} inputs ({len(read.problems)} skipped)")
    prepared, chrome = _documents(read.records, settings)
    signed = _sign(session, prepared, chrome, settings)
    prepared.unpersist()
    if not signed.documents:
        read.loaded.unpersist()
        kind = "records" if is_record_file(input_path) else "article files"
        raise SparkEngineError(f"{input_path}: no readable {kind}")
    say(f"signed {len(signed.documents)} documents")
    census = _word_census(read.records)
    say(f"counted the words of {len(signed.documents)} documents")
    candidates = _candidates(session, signed, settings, parts)
    say(f"{candidates.count} candidate pairs")
    found = _verify(candidates.frame, signed.table, settings, parts)
    say(f"{len(found)} reuse pairs")
    if parquet_dir is not None and (parquet or (parquet is None and len(signed.documents) >= PARQUET_MIN_DOCUMENTS)):
        _write_pairs(session, found, parquet_dir)
        say(f"wrote {parquet_dir}")
    candidates.release()
    signed.table.unpersist()
    read.loaded.unpersist()
    return _result(read, signed, candidates.count, found, census, settings)


# -- read ----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Read:
    """The input read: every record and problem (cached), the records to scan and the problems to report."""

    loaded: RDD[Record | LoadProblem]
    records: RDD[Record]
    """The records read, without those whose id another input has."""
    problems: tuple[LoadProblem, ...]
    """Inputs that could not be read and duplicate ids, by path."""
    inputs: int
    """How many inputs (records and problems) were read."""
    unread: UnreadFiles = dataclasses.field(default_factory=lambda: UnreadFiles())
    """A folder's files no reader reads, passed over (counted in a note, as the local scan counts them)."""


def _read(
    session: SparkSession, input_path: str, settings: Settings, parts: int, rules: CorpusRules | None = None
) -> _Read:
    """The input's records and problems; duplicate ids reported and skipped as the local loader does."""
    unread: list[UnreadFiles] = []
    loaded = read_records(session, input_path, settings, parts, rules, unread=unread).cache()
    # One pass over the records (each one's text unpickled): their paths and ids, and the problems whole.
    outline = loaded.map(lambda r: (r.path, r.id, None) if isinstance(r, Record) else (r.path, None, r)).collect()
    bad = [problem for _path, _id, problem in outline if problem is not None]
    duplicate_problems, rejected_paths, rejected_ids = duplicates([(path, doc_id) for path, doc_id, _ in outline])
    problems = sorted([*bad, *duplicate_problems], key=lambda p: p.path)
    records = loaded.filter(
        lambda r: isinstance(r, Record) and r.path not in rejected_paths and r.id not in rejected_ids
    )
    return _Read(loaded, records, tuple(problems), len(outline), functools.reduce(operator.or_, unread, UnreadFiles()))


# -- documents -----------------------------------------------------------------


def _document(record: Record, settings: Settings) -> Document:
    """The prepared, described document; the record's own date and outlet override the text's."""
    doc = describe_document(prepare(record.document(), settings), settings)
    meta = doc.meta
    assert meta is not None
    date = parse_date(record.date) if record.date else None
    outlet = record.outlet
    if not outlet and record.url:
        host = urlparse(record.url).hostname
        outlet = outlet_from_host(host, record.text) if host else None
    if date or outlet:  # as a file's declared metadata is merged (the record names the outlet, not the dateline)
        doc = dataclasses.replace(doc, meta=merge_meta(meta, DocumentMeta(date=date, outlet=outlet)))
    return doc


def _edge_keys(doc: Document, settings: Settings) -> set[tuple[str, ...]]:
    return edge_keys(
        doc,
        edge_sentences=settings.boilerplate_edge_sentences,
        min_words=settings.min_sentence_tokens,
        max_words=settings.boilerplate_max_words,
    )


@dataclasses.dataclass(frozen=True)
class _Chrome:
    """What setting boilerplate aside needs of the whole corpus, broadcast to the executors."""

    recurring: frozenset[tuple[str, ...]]
    """Edge sentences recurring in enough documents."""
    sites: dict[str, frozenset[tuple[str, ...]]]
    """Per site, its chrome (:func:`~provenance.text.boilerplate.site_chrome`)."""
    listed: ChromeList | None
    """The user's chrome file, read once on the driver."""


def _site_votes(doc: Document, settings: Settings, shared: dict[str, dict[Key, Fingerprint]]) -> list[Any]:
    site = site_of(doc)
    if site not in shared:
        return []
    votes = site_votes(
        doc,
        shared[site],
        edge_sentences=settings.boilerplate_edge_sentences,
        min_words=settings.min_sentence_tokens,
        head_max_words=settings.boilerplate_max_words,
        max_share=settings.boilerplate_site_max_share,
        insert_min_pages=settings.boilerplate_min_documents,
    )
    return [((site, key), (1, 0) if chrome else (0, 1)) for key, chrome in votes.items()]


def _edge_marks(doc: Document, settings: Settings) -> list[tuple[tuple[str | None, Key], Fingerprint]]:
    """A document's edge sentences, keyed ``(None, sentence)`` for the corpus's recurring ones and
    ``(site, sentence)`` for its site's shared ones (:func:`~provenance.text.boilerplate.site_shared`)."""
    marks: list[tuple[tuple[str | None, Key], Fingerprint]] = [
        ((None, key), (1, 0)) for key in _edge_keys(doc, settings)
    ]
    site = site_of(doc)
    if site is not None:
        mark = (1, page_mark(doc.id))
        found = site_edge_keys(
            doc, edge_sentences=settings.boilerplate_edge_sentences, min_words=settings.min_sentence_tokens
        )
        marks += [((site, key), mark) for key in found]
    return marks


def _documents(records: RDD[Record], settings: Settings) -> tuple[RDD[Document], Broadcast[_Chrome]]:
    """The prepared documents (cached), and what boilerplate they share, counted on the executors as the
    local engine counts it: edge sentences recurring in enough of them and those the pages of a site
    share (one pass), then chrome by site from each page's votes (a second); and the user's chrome list."""
    prepared = records.map(lambda r: _document(r, settings)).cache()
    least, site_least = settings.boilerplate_min_documents, settings.boilerplate_site_min_documents
    found = (
        prepared.flatMap(lambda d: _edge_marks(d, settings))
        .reduceByKey(add_fingerprints)
        .filter(lambda kv: kv[1][0] >= (least if kv[0][0] is None else site_least))
        .collect()
    )
    recurring = frozenset(key for (site, key), _mark in found if site is None)
    shared: dict[str, dict[Key, Fingerprint]] = {}
    for (site, key), mark in found:
        if site is not None:
            shared.setdefault(site, {})[key] = mark
    listed = read_chrome_file(settings.chrome_file) if settings.chrome_file else None
    chrome = _Chrome(recurring, _site_chrome(prepared, shared, settings), listed)
    return prepared, prepared.context.broadcast(chrome)


def _site_chrome(
    prepared: RDD[Document], shared: dict[str, dict[Key, Fingerprint]], settings: Settings
) -> dict[str, frozenset[tuple[str, ...]]]:
    """Chrome by site from each page's votes on the sentences its site's pages share (``shared``)."""
    if not shared:
        return {}
    sites = prepared.context.broadcast(shared)
    tally = (
        prepared.flatMap(lambda d: _site_votes(d, settings, sites.value))
        .reduceByKey(lambda a, b: (a[0] + b[0], a[1] + b[1]))
        .collect()
    )
    sites.unpersist()
    return chrome_of_tally(tally, min_documents=settings.boilerplate_site_min_documents)


# -- sign ----------------------------------------------------------------------


def _compact(signature: DocumentSignature) -> tuple[bytes, bytes]:
    """What verification needs of a signature: the whole-text MinHash and the shingle hashes."""
    return signature.whole.astype(np.uint32).tobytes(), signature.shingles.astype(np.uint32).tobytes()


def _uncompact(compact: tuple[bytes, bytes]) -> DocumentSignature:
    whole = np.frombuffer(compact[0], dtype=np.uint32)
    return DocumentSignature(whole[None, :].copy(), np.frombuffer(compact[1], dtype=np.uint32).copy())


def _report_document(doc: Document) -> Document:
    """The document as the report needs it: sentences keep their spans, not their tokens."""
    light = tuple(Sentence(s.index, s.span, (), Spans()) for s in doc.sentences)
    return dataclasses.replace(doc, sentences=light)


def _sign_partition(
    docs: Iterable[Document], settings: Settings, chrome: _Chrome
) -> Iterator[tuple[str, bytearray, bytearray, bytearray, bytearray]]:
    """Per document: id, distinct band keys (int64 bytes), prepared document with compact signature,
    report form, and the boilerplate lines set aside (as the local engine sets them aside)."""
    for prepared in docs:
        site = site_of(prepared)
        doc, aside = strip_boilerplate(
            prepared,
            chrome.recurring,
            edge_sentences=settings.boilerplate_edge_sentences,
            pattern_max_words=settings.boilerplate_pattern_max_words,
            site=chrome.sites.get(site, frozenset()) if site is not None else frozenset(),
            chrome=chrome.listed,
            max_share=settings.boilerplate_max_share,
        )
        signature = sign(doc, settings)
        keys = band_keys(signature.windows, bands=settings.lsh_bands, rows=settings.lsh_rows)
        keyset = distinct(keys.ravel()).view(np.int64).tobytes()
        blob = pickle.dumps((doc, _compact(signature)), pickle.HIGHEST_PROTOCOL)
        report = pickle.dumps(_report_document(doc), pickle.HIGHEST_PROTOCOL)
        lines = pickle.dumps(aside, pickle.HIGHEST_PROTOCOL)
        yield doc.id, bytearray(keyset), bytearray(blob), bytearray(report), bytearray(lines)


@dataclasses.dataclass(frozen=True)
class _Signed:
    """The signed documents: a table of their rows (cached), their report forms and the boilerplate set aside."""

    table: DataFrame
    """One row per document: ``id``, ``keys`` (distinct band keys), ``blob`` (the prepared document and
    its compact signature, pickled), ``report`` and ``aside`` (see :func:`_sign_partition`)."""
    documents: tuple[Document, ...]
    """The documents as the report needs them, by id."""
    boilerplate: tuple[BoilerplateLine, ...]


def _sign(
    session: SparkSession,
    prepared: RDD[Document],
    chrome: Broadcast[_Chrome],
    settings: Settings,
) -> _Signed:
    """The documents signed on the executors, their boilerplate set aside; their report forms collected."""
    signed = prepared.mapPartitions(lambda ds: _sign_partition(ds, settings, chrome.value))
    table = session.createDataFrame(signed, "id string, keys binary, blob binary, report binary, aside binary").cache()
    table.count()  # fills the cache on every core; toLocalIterator alone computes one partition at a time
    documents = []
    set_aside = []
    for row in table.select("id", "report", "aside").toLocalIterator():
        documents.append(pickle.loads(row["report"]))
        set_aside.append((row["id"], pickle.loads(row["aside"])))
    documents.sort(key=lambda d: d.id)
    return _Signed(table, tuple(documents), boilerplate_lines(set_aside))


def _word_census(records: RDD[Record]) -> WordCensus:
    """The spelling table's word census, counted on the executors (censuses of parts add up)."""
    census = WordCensus()
    for part in records.mapPartitions(lambda rs: [word_census(Document(r.id, r.path, r.text) for r in rs)]).collect():
        census.add(part)
    return census


# -- candidates ----------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Candidates:
    """The candidate pairs ``a``, ``b``, ``collisions`` (cached), how many, and the broadcasts they are made from."""

    frame: DataFrame
    count: int
    broadcasts: tuple[Broadcast[Any], ...]

    def release(self) -> None:
        """Drop the cached pairs and the broadcasts (once verified: recomputing the pairs needs them)."""
        self.frame.unpersist()
        for shared in self.broadcasts:
            shared.destroy()


def _candidates(session: SparkSession, signed: _Signed, settings: Settings, parts: int) -> _Candidates:
    """Candidate pairs: the documents numbered in id order, their band keys joined in groups (candidate_join)."""
    sc = session.sparkContext
    ids = [d.id for d in signed.documents]
    numbers = sc.broadcast({doc_id: n for n, doc_id in enumerate(ids)})
    id_of = sc.broadcast(ids)
    keyed = signed.table.select("id", "keys").rdd.map(lambda row: (numbers.value[row["id"]], row["keys"]))
    groups = int(session.conf.get("spark.sql.shuffle.partitions") or parts)
    pairs_rdd = candidate_join(
        keyed, n_docs=len(ids), max_bucket=settings.max_bucket, wide_share=settings.wide_share, groups=groups
    ).map(lambda pair: (id_of.value[pair[0]], id_of.value[pair[1]], pair[2]))
    frame = session.createDataFrame(pairs_rdd, "a string, b string, collisions long").cache()
    return _Candidates(frame, frame.count(), (numbers, id_of))


# -- verify --------------------------------------------------------------------


def _verify_partition(rows: Iterable[Any], settings: Settings) -> Iterator[_Found]:
    """Verify candidate pairs (rows of ``collisions`` and both pickled documents).

    Yields each reuse pair with its collision count and its JSON entry.
    """
    for row in rows:
        doc_a, sig_a = pickle.loads(row["blob_a"])
        doc_b, sig_b = pickle.loads(row["blob_b"])
        result = verify_candidate(doc_a, doc_b, _uncompact(sig_a), _uncompact(sig_b), settings)
        if result is not None:  # oriented source → copy: its ``a`` may be this row's ``b``
            sides = (doc_a, doc_b) if result.a == doc_a.id else (doc_b, doc_a)
            yield result, row["collisions"], json.dumps(pair_to_dict(result, *sides), ensure_ascii=False)


def _verify(candidates: DataFrame, table: DataFrame, settings: Settings, parts: int) -> list[_Found]:
    """The reuse pairs in :func:`~provenance.pipeline.pair_order`: each candidate joined with both
    prepared documents (pickled, joined in the JVM) and verified on the executors."""
    from pyspark.sql import functions as F

    side_a = table.select(F.col("id").alias("a"), F.col("blob").alias("blob_a"))
    side_b = table.select(F.col("id").alias("b"), F.col("blob").alias("blob_b"))
    joined = candidates.join(side_a, "a").join(side_b, "b").repartition(parts)
    verified = joined.rdd.mapPartitions(lambda rows: _verify_partition(rows, settings))
    return sorted(verified.collect(), key=lambda item: pair_order(item[0]))


# -- result --------------------------------------------------------------------


def _write_pairs(session: SparkSession, found: Sequence[_Found], parquet_dir: str) -> None:
    """The reuse pairs as Parquet, one row per pair: ids, collisions, figures, relation and JSON entry."""
    pairs_frame = session.createDataFrame(
        [
            (
                p.a,
                p.b,
                collisions,
                p.share_a,
                p.share_b,
                p.estimated_jaccard,
                p.jaccard,
                len(p.alignments),
                sum(len(al.changes) for al in p.alignments),
                p.provenance.relation if p.provenance else None,
                entry,
            )
            for p, collisions, entry in found
        ],
        "a string, b string, collisions long, share_a double, share_b double, estimated_jaccard double, "
        "jaccard double, aligned_sentences long, changes long, relation string, pair string",
    )
    pairs_frame.coalesce(1).write.mode("overwrite").parquet(parquet_dir)


def _result(
    read: _Read, signed: _Signed, candidates: int, found: Sequence[_Found], census: WordCensus, settings: Settings
) -> ScanResult:
    """The scan's result, as the local engine builds it (:func:`~provenance.pipeline.scan_result`)."""
    pairs = [result for result, _collisions, _entry in found]
    return scan_result(
        documents=signed.documents,
        problems=read.problems,
        pairs=pairs,
        candidates=candidates,
        settings=settings,
        spellings=spellings_from_census(census, variants=name_variants(pairs)),
        boilerplate=signed.boilerplate,
    )
