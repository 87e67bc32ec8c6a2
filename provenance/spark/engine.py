"""The scan on Apache Spark: the same stages, run as Spark jobs over a corpus too large for one machine.

The plan mirrors :func:`provenance.pipeline.scan` stage by stage:

1. **load**: a folder of articles (``.txt``, ``.md``, ``.html`` and ``.jsonl`` files, as the
   local engine reads them) or a JSON Lines / Parquet file of records with ``id``, ``text`` and
   optional ``date``, ``url``, ``outlet`` columns.  A local folder on a local master is listed and
   read by the local loader itself on the executors; a folder given as a URI (``hdfs://``,
   ``s3a://``, ``file:``) is read by Spark's ``binaryFile`` source and each file's bytes parsed on
   the executors with the local loader's rules (:func:`~provenance.io.load.articles_in_bytes`; Hadoop
   passes over names starting with ``.`` or ``_`` and follows symbolic links wherever they point);
2. **sign**: each partition splits, describes and signs its documents
   (:func:`~provenance.detect.signatures.signature_of` inside ``mapPartitions``) and emits one row per
   document with its distinct LSH band keys packed as int64 bytes
   (:func:`~provenance.detect.candidates.band_keys`);
3. **candidates**: the documents, numbered in id order, send their keys split into groups by the
   key (one row per group and block of documents, :func:`candidate_join`); a partition holds whole
   groups, so NumPy finds each bucket's pairs there: keys shared by 2 to ``max_bucket`` documents
   are kept (larger buckets are boilerplate and ignored, exactly as
   :func:`~provenance.detect.candidates.candidate_pairs` does), every two of a bucket's documents make a
   pair ``a < b``, and a pair's counts are summed over the partitions into its collision count;
4. **verify**: each candidate pair is joined with the two documents' texts and compact signatures
   and verified on the executors (:func:`~provenance.pipeline.verify`, then
   :func:`~provenance.pipeline.direction` for a reuse pair);
5. **report**: the driver builds a :class:`~provenance.models.ScanResult` in the local engine's
   order (documents by id, pairs by ``(a, b)``, the spelling table from the same functions: each
   partition's :func:`~provenance.verdict.spellings.word_census`, counted on the executors and added up,
   then :func:`~provenance.verdict.spellings.spellings_from_census`), so the
   existing renderers write the same ``provenance.json`` and ``provenance.md``; for large runs the
   pairs are also written as Parquet, one row per pair with its JSON entry.

pyspark is an optional extra (``pip install 'provenance[spark]'``) imported only here, lazily.
Everything Spark starts listens on the loopback interface only, with the web UI off.
"""

from __future__ import annotations

import dataclasses
import json
import operator
import os
import pickle
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import numpy as np

from ..detect.candidates import band_keys, colliding_pairs
from ..detect.signatures import DocumentSignature, distinct, estimated_jaccard
from ..errors import ProvenanceError
from ..io.load import SUFFIXES, LoadError, articles_in_bytes, corpus_paths, jsonl_line, load_articles
from ..models import Document, DocumentMeta, LoadProblem, PairResult, ScanResult, Sentence, Spans
from ..pipeline import describe_document, direction, prepare, sign, verify
from ..report.json import pair_to_dict
from ..settings import Settings
from ..text.boilerplate import boilerplate_lines, edge_keys, strip_boilerplate
from ..text.metadata import outlet_from_host, parse_date
from ..verdict.spellings import WordCensus, spellings_from_census, word_census

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import DataFrame, SparkSession

__all__ = [
    "DOCS_PER_BLOCK",
    "INSTALL_HINT",
    "PARQUET_MIN_DOCUMENTS",
    "SparkEngineError",
    "SparkUnavailable",
    "candidate_join",
    "key_groups",
    "local_driver_memory",
    "scan_spark",
    "spark_session",
]

INSTALL_HINT = "pip install 'provenance[spark]'"
PARQUET_MIN_DOCUMENTS = 10_000
"""From this many documents the pairs are also written as Parquet (``pairs.parquet``) unless told not to."""
_LOOPBACK = "127.0.0.1"
_RECORD_SUFFIXES = {".jsonl": "json", ".ndjson": "json", ".json": "json", ".parquet": "parquet"}


class SparkUnavailable(ProvenanceError):
    """pyspark (or the Java runtime it needs) is missing; the message says how to install it."""


class SparkEngineError(ProvenanceError):
    """The input cannot be scanned on Spark (missing columns, unreadable file); a one-line message."""


@dataclasses.dataclass(frozen=True)
class _Record:
    """One input article before preparation (what is shipped between executors)."""

    id: str
    path: str
    text: str
    date: str | None = None
    url: str | None = None
    outlet: str | None = None
    encoding: str | None = None
    """The encoding a file that was not UTF-8 was read in (reported, as the local loader does)."""
    declared: DocumentMeta | None = None
    """Metadata the file declares (HTML page, Markdown front matter, JSON Lines fields)."""
    format: str = "text"
    """Input format, as :attr:`Document.format`."""


def _import_pyspark() -> Any:
    try:
        import pyspark
    except ImportError:
        raise SparkUnavailable(f"the Spark engine needs pyspark; install it with: {INSTALL_HINT}") from None
    return pyspark


def _submitted() -> bool:
    """True when this Python was started by ``spark-submit`` (the JVM is already running)."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def local_driver_memory() -> str:
    """Driver memory for a local master: half of this machine's memory, at least 1 GB (``"11g"``)."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # not on POSIX: Spark's own default
        return "1g"
    return f"{max(1, total // 2**31)}g"


def spark_session(
    master: str | None = None, *, app_name: str = "provenance", conf: dict[str, str] | None = None
) -> SparkSession:
    """A Spark session; on a ``local`` master bound to the loopback interface, web UI off.

    ``master`` is a Spark master URL (``local[2]``, ``spark://host:7077``, ``yarn``); None means the
    one ``spark-submit --master`` gave, or ``local[*]`` outside ``spark-submit``.  On a local master
    the driver binds to 127.0.0.1 and Python workers run this interpreter; on a cluster the
    network and Python settings are the cluster's (given to ``spark-submit``).
    """
    _import_pyspark()
    from pyspark import SparkConf
    from pyspark.sql import SparkSession

    if not _submitted() and (master is None or master.startswith("local")):
        # Set before the JVM starts: nothing Spark opens listens beyond this machine.
        os.environ.setdefault("SPARK_LOCAL_IP", _LOOPBACK)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    try:
        effective = master or SparkConf().get("spark.master", "local[*]") or "local[*]"
        builder = (
            SparkSession.builder.appName(app_name)
            .master(effective)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
        )
        if effective.startswith("local"):
            builder = builder.config("spark.driver.bindAddress", _LOOPBACK).config("spark.driver.host", _LOOPBACK)
            builder = builder.config("spark.sql.shuffle.partitions", "8")
            if not _submitted():  # the JVM starts with this session
                # The driver is the whole of a local Spark: Spark's 1 GB default runs out of heap
                # at 10,000 articles. Half the machine's memory, unless the caller says otherwise.
                builder = builder.config("spark.driver.memory", local_driver_memory())
                # Quiet the JVM's logging.
                log_config = Path(__file__).with_name("log4j2.properties").as_uri()
                builder = builder.config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={log_config}")
            # Workers started on this machine import the same provenance as the driver.
            package_root = str(Path(__file__).resolve().parent.parent)
            python_path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)
            builder = builder.config("spark.executorEnv.PYTHONPATH", python_path)
        for key, value in (conf or {}).items():
            builder = builder.config(key, value)
        session = builder.getOrCreate()
    except Exception as err:  # Java missing or not startable: PySpark raises a bare RuntimeError/Exception.
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise SparkUnavailable(f"cannot start Spark (is Java 17+ installed and on PATH?): {first}") from None
    session.sparkContext.setLogLevel("ERROR")
    return session


# -- load ----------------------------------------------------------------------


def _is_uri(path: str) -> bool:
    return "://" in path or path.startswith("file:")


def _file_records(input_path: str, uri: str, data: bytes, max_bytes: int) -> list[_Record | LoadProblem]:
    """An article file read by Spark, as records named as the local loader names them
    (:func:`~provenance.io.load.articles_in_bytes`: one, or one a line of a JSON Lines export)."""
    name = uri.rsplit("/", 1)[-1]  # Spark gives the path as written, not percent-encoded
    path = f"{input_path.rstrip('/')}/{name}" if _is_uri(input_path) else str(Path(input_path) / name)
    return [_as_record(item) for item in articles_in_bytes(path, data, max_bytes=max_bytes)]


def _as_record(item: Document | LoadProblem) -> _Record | LoadProblem:
    if isinstance(item, LoadProblem):
        return item
    return _Record(item.id, item.path, item.text, encoding=item.encoding, declared=item.declared, format=item.format)


def _text_of(value: Any) -> str | None:
    return None if value is None else str(value)


def _any_case(suffix: str) -> str:
    """A Hadoop glob matching ``suffix`` (without its dot) in any case: ``md`` → ``[mM][dD]``."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in suffix.lstrip("."))


_ARTICLE_GLOB = "*.{" + ",".join(_any_case(s) for s in SUFFIXES) + "}"
"""The article files of a folder, as a Hadoop glob: the local loader's suffixes in any case."""


def _empty_files(spark: SparkSession, folder: str) -> list[str]:
    """Paths of the empty article files directly inside ``folder`` (any Hadoop file system)."""
    jvm: Any = spark.sparkContext._jvm
    pattern = jvm.org.apache.hadoop.fs.Path(f"{folder.rstrip('/')}/{_ARTICLE_GLOB}")
    statuses = pattern.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).globStatus(pattern) or []
    return sorted(str(st.getPath().toString()) for st in statuses if st.isFile() and st.getLen() == 0)


def _row_record(input_path: str, row: Any) -> _Record | LoadProblem:
    values = row.asDict()
    doc_id, text = _text_of(values.get("id")), _text_of(values.get("text"))
    url = _text_of(values.get("url"))
    path = url or f"{input_path}#{doc_id}"
    if not doc_id:
        return LoadProblem(path, "record without an id")
    if text is None or not text.strip():
        return LoadProblem(path, "no text (only white space)" if text else "empty file")
    return _Record(doc_id, path, text, _text_of(values.get("date")), url, _text_of(values.get("outlet")))


def _path_records(path: str, max_bytes: int) -> list[_Record | LoadProblem]:
    """An article file read by the local loader (:func:`~provenance.io.load.load_articles`), as records:
    one, or one a line of a JSON Lines export."""
    return [_as_record(item) for item in load_articles(path, max_bytes=max_bytes)]


def _local_folder_records(spark: SparkSession, folder: str, max_bytes: int, partitions: int) -> Any:
    """A local folder on a local master: listed by the local loader's own rules, read by Python.

    The executors share the driver's file system, so the files are listed here
    (:func:`~provenance.io.load.corpus_paths`: ``.txt``, ``.md``, ``.html`` and ``.jsonl`` in any case,
    directly inside the folder, links leaving it and special files reported) and each read with
    :func:`~provenance.io.load.load_articles`.  This is the local engine's loader exactly, hidden and
    empty files included, and several times faster than Hadoop's ``binaryFile`` source on many small files.
    """
    try:
        paths, skipped = corpus_paths([folder])
    except LoadError as err:
        raise SparkEngineError(str(err)) from None
    sc = spark.sparkContext
    read = sc.parallelize(paths, max(1, min(partitions, len(paths)))).flatMap(lambda p: _path_records(p, max_bytes))
    return read.union(sc.parallelize(skipped, 1)) if skipped else read


def _records(spark: SparkSession, input_path: str, settings: Settings, partitions: int) -> Any:
    """RDD of :class:`_Record` or :class:`LoadProblem`, one per input file or row."""
    suffix = PurePosixPath(urlparse(input_path).path).suffix.lower()
    local = not _is_uri(input_path)
    if local and not Path(input_path).exists():
        raise SparkEngineError(f"{input_path}: no such file or folder")
    if suffix not in _RECORD_SUFFIXES and (not local or Path(input_path).is_dir()):
        max_bytes = settings.max_file_bytes
        if local and (spark.sparkContext.master or "").startswith("local"):
            return _local_folder_records(spark, input_path, max_bytes, partitions)
        # Like the local loader: its suffixes in any case, directly inside the folder.
        files = (
            spark.read.format("binaryFile")
            .option("pathGlobFilter", _ARTICLE_GLOB)
            .load(input_path)
            .select("path", "content")
        )
        read = files.rdd.repartition(partitions).flatMap(
            lambda row: _file_records(input_path, row[0], row[1], max_bytes)
        )
        # Spark's file sources skip empty files; the local loader reports them, so list them here.
        empty = [
            item for uri in _empty_files(spark, input_path) for item in _file_records(input_path, uri, b"", max_bytes)
        ]
        return read.union(spark.sparkContext.parallelize(empty, 1)) if empty else read
    if suffix not in _RECORD_SUFFIXES:
        raise SparkEngineError(f"{input_path}: not a folder, a JSON Lines file (.jsonl) or a Parquet file (.parquet)")
    reader = spark.read.json if _RECORD_SUFFIXES[suffix] == "json" else spark.read.parquet
    try:
        frame: DataFrame = reader(input_path)
    except Exception as err:
        raise SparkEngineError(f"{input_path}: cannot read: {str(err).strip().splitlines()[0]}") from None
    missing = [c for c in ("id", "text") if c not in frame.columns]
    if missing:
        raise SparkEngineError(f"{input_path}: missing column(s) {', '.join(missing)} (needs id and text)")
    wanted = [c for c in ("id", "text", "date", "url", "outlet") if c in frame.columns]
    return frame.select(*wanted).rdd.repartition(partitions).map(lambda row: _row_record(input_path, row))


def _document(record: _Record, settings: Settings) -> Document:
    """The prepared, described document; the record's own date and outlet override the text's."""
    read = Document(
        record.id, record.path, record.text, declared=record.declared, encoding=record.encoding, format=record.format
    )
    doc = describe_document(prepare(read, settings), settings)
    meta = doc.meta
    assert meta is not None
    date = parse_date(record.date) if record.date else None
    outlet = record.outlet
    if not outlet and record.url:
        host = urlparse(record.url).hostname
        outlet = outlet_from_host(host, record.text) if host else None
    if date or outlet:
        meta = dataclasses.replace(meta, date=date or meta.date, outlet=outlet or meta.outlet)
        doc = dataclasses.replace(doc, meta=meta)
    return doc


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


def _edge_keys(doc: Document, settings: Settings) -> set[tuple[str, ...]]:
    return edge_keys(
        doc,
        edge_sentences=settings.boilerplate_edge_sentences,
        min_words=settings.min_sentence_tokens,
        max_words=settings.boilerplate_max_words,
    )


def _sign_partition(
    docs: Iterable[Document], settings: Settings, recurring: frozenset[tuple[str, ...]]
) -> Iterator[tuple[str, bytearray, bytearray, bytearray, bytearray]]:
    """Per document: id, distinct band keys (int64 bytes), prepared document with compact signature,
    report form, and the boilerplate lines set aside (as the local engine sets them aside)."""
    for prepared in docs:
        doc, aside = strip_boilerplate(
            prepared,
            recurring,
            edge_sentences=settings.boilerplate_edge_sentences,
            pattern_max_words=settings.boilerplate_pattern_max_words,
        )
        signature = sign(doc, settings)
        keys = band_keys(signature.windows, bands=settings.lsh_bands, rows=settings.lsh_rows)
        keyset = distinct(keys.ravel()).view(np.int64).tobytes()
        blob = pickle.dumps((doc, _compact(signature)), pickle.HIGHEST_PROTOCOL)
        report = pickle.dumps(_report_document(doc), pickle.HIGHEST_PROTOCOL)
        lines = pickle.dumps(aside, pickle.HIGHEST_PROTOCOL)
        yield doc.id, bytearray(keyset), bytearray(blob), bytearray(report), bytearray(lines)


# -- candidates ----------------------------------------------------------------

DOCS_PER_BLOCK = 1024
"""Documents whose band keys :func:`candidate_join` splits into groups at once (bounds memory, not results)."""


def key_groups(keys: np.ndarray, groups: int) -> np.ndarray:
    """The group, ``0 .. groups - 1``, of each int64 band key: the key as unsigned, modulo ``groups``.

    Band keys are already mixed 64-bit hashes, so the groups are even; equal keys share a group.
    """
    return (keys.view(np.uint64) % np.uint64(groups)).astype(np.int64)


def _split_block(numbers: list[int], packed: list[bytes], groups: int) -> Iterator[tuple[int, tuple[bytes, bytes]]]:
    """One block of documents as rows ``(group, (keys, documents))``, one per group holding any of their keys.

    ``keys`` are the group's int64 keys and ``documents`` (int32) the number of the document of each.
    """
    parts = [np.frombuffer(p, dtype=np.int64) for p in packed]
    keys = np.concatenate([np.zeros(0, dtype=np.int64), *parts])
    docs = np.repeat(np.asarray(numbers, dtype=np.int32), [len(p) for p in parts])
    group = key_groups(keys, groups)
    order = np.argsort(group, kind="stable")
    keys, docs = keys[order], docs[order]
    bounds = np.r_[0, np.cumsum(np.bincount(group, minlength=groups))]
    for g in np.flatnonzero(np.diff(bounds)).tolist():
        start, stop = bounds[g], bounds[g + 1]
        yield g, (keys[start:stop].tobytes(), docs[start:stop].tobytes())


def _grouped_keys(
    documents: Iterable[tuple[int, bytes]], groups: int, docs_per_block: int
) -> Iterator[tuple[int, tuple[bytes, bytes]]]:
    """The band keys of a partition's documents ``(number, int64 keys)`` as rows ``(group, (keys, documents))``.

    Every ``docs_per_block`` documents make one row per group (see :func:`_split_block`).
    """
    numbers: list[int] = []
    packed: list[bytes] = []
    for number, keys in documents:
        numbers.append(number)
        packed.append(keys)
        if len(numbers) == docs_per_block:
            yield from _split_block(numbers, packed, groups)
            numbers, packed = [], []
    if numbers:
        yield from _split_block(numbers, packed, groups)


def _group_pair_counts(
    rows: Iterable[tuple[int, tuple[bytes, bytes]]], n_docs: int, max_bucket: int
) -> Iterator[tuple[int, int]]:
    """Pair codes ``a * n_docs + b`` and collision counts from one partition's rows ``(group, (keys, documents))``.

    A partition holds whole groups, hence whole buckets: the pairs of its buckets of 2 to
    ``max_bucket`` documents are found as the local engine finds them
    (:func:`provenance.detect.candidates.colliding_pairs`), each counted once per bucket.
    """
    keys_parts, docs_parts = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int32)]
    for _group, (keys, docs) in rows:
        keys_parts.append(np.frombuffer(keys, dtype=np.int64))
        docs_parts.append(np.frombuffer(docs, dtype=np.int32))
    keys_all, docs_all = np.concatenate(keys_parts), np.concatenate(docs_parts)
    del keys_parts, docs_parts
    # colliding_pairs sorts by key, stably: documents in ascending order first, so it orders by (key, document).
    order = np.argsort(docs_all, kind="stable")
    codes = colliding_pairs(keys_all[order], docs_all[order], n_docs, max_bucket)
    found, counts = np.unique(codes, return_counts=True)
    yield from zip(found.tolist(), counts.tolist(), strict=True)


def candidate_join(
    documents: RDD[tuple[int, bytes]],
    *,
    n_docs: int,
    max_bucket: int,
    groups: int,
    docs_per_block: int = DOCS_PER_BLOCK,
) -> RDD[tuple[int, int, int]]:
    """Candidate pairs ``(a, b, collisions)``, ``a < b``, from documents ``(number, distinct band keys)``.

    Documents are numbered ``0 .. n_docs - 1``; their distinct band keys come packed as int64
    bytes.  The same pairs and collision counts as :func:`provenance.detect.candidates.candidate_pairs`
    over the documents in number order: buckets of 2 to ``max_bucket`` documents kept, larger
    ones ignored as boilerplate, ``collisions`` the number of keys the two documents share in kept
    buckets.

    The join moves a few rows, not one a key: each block of ``docs_per_block`` documents sends
    one row per group of keys (:func:`key_groups`; ``groups`` partitions, one group each), so every
    bucket is whole in one partition, where NumPy finds its pairs; the counts of a pair are summed
    over the partitions (into as many partitions as ``documents`` has: candidate pairs are few).
    A partition holds about ``1 / groups`` of all keys.
    """
    return (
        documents.mapPartitions(lambda docs: _grouped_keys(docs, groups, docs_per_block))
        .partitionBy(groups, lambda group: int(group))
        .mapPartitions(lambda rows: _group_pair_counts(rows, n_docs, max_bucket))
        .reduceByKey(operator.add, documents.getNumPartitions())
        .map(lambda item: (item[0] // n_docs, item[0] % n_docs, item[1]))
    )


# -- verify --------------------------------------------------------------------


def _verify_partition(rows: Iterable[Any], settings: Settings) -> Iterator[tuple[PairResult, int, str]]:
    """Verify candidate pairs (rows of ``collisions`` and both pickled documents).

    Yields each reuse pair with its collision count and its JSON entry.
    """
    for row in rows:
        doc_a, sig_a = pickle.loads(row["blob_a"])
        doc_b, sig_b = pickle.loads(row["blob_b"])
        sa, sb = _uncompact(sig_a), _uncompact(sig_b)
        estimate = estimated_jaccard(sa, sb)
        result = verify(doc_a, doc_b, settings, signatures=(sa, sb), estimated_jaccard=estimate)
        if result.is_reuse:
            result = direction(result, doc_a, doc_b, settings)
            yield result, row["collisions"], json.dumps(pair_to_dict(result, doc_a, doc_b), ensure_ascii=False)


# -- the scan ------------------------------------------------------------------


def _load_order(item: tuple[str, str | None]) -> tuple[str, int, str]:
    """The local loader's order: files by path, the lines of a JSON Lines export by number."""
    path, doc_id = item
    file, line = jsonl_line(path) or (path, 0)
    return file, line, doc_id or ""


def _problems_and_duplicates(loaded: list[tuple[str, str | None]]) -> tuple[list[LoadProblem], set[str], set[str]]:
    """Duplicate ids: problems, the paths to skip and the ids to skip.

    Files as the local loader reports them: by path order, the first one wins.  Records of one
    file with the same id cannot be told apart, so every one of them is skipped.
    """
    problems: list[LoadProblem] = []
    rejected_paths: set[str] = set()
    rejected_ids: set[str] = set()
    seen: dict[str, str] = {}
    for path, doc_id in sorted(loaded, key=_load_order):
        if doc_id is None:
            continue
        if doc_id not in seen:
            seen[doc_id] = path
        elif path == seen[doc_id]:
            if doc_id not in rejected_ids:
                problems.append(LoadProblem(path, f"duplicate document id {doc_id!r}; every record with it skipped"))
            rejected_ids.add(doc_id)
        else:
            problems.append(LoadProblem(path, f"duplicate document id {doc_id!r} (also {seen[doc_id]})"))
            rejected_paths.add(path)
    return problems, rejected_paths, rejected_ids


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
) -> ScanResult:
    """Scan INPUT (a folder of articles, or a file of JSON Lines or Parquet records) on Spark.

    Returns the same :class:`~provenance.models.ScanResult` as :func:`provenance.pipeline.scan`
    on the same documents.  The reuse pairs are also written as Parquet into ``parquet_dir``
    (columns ``a``, ``b``, ``collisions``, the figures, ``relation`` and ``pair``: the pair's JSON
    entry) when ``parquet`` is true, or when it is None and there are at least
    :data:`PARQUET_MIN_DOCUMENTS` documents.  Raises :class:`SparkUnavailable` or
    :class:`SparkEngineError`.
    """
    session = spark or spark_session(master)
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    try:
        return _scan(session, input_path, settings or Settings(), parquet_dir, parquet, partitions, progress)
    except (Py4JError, PySparkException) as err:  # a failed Spark job: one line, not a JVM stack trace
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise SparkEngineError(f"{input_path}: the Spark job failed: {first}") from None


def _scan(
    session: SparkSession,
    input_path: str,
    settings: Settings,
    parquet_dir: str | None,
    parquet: bool | None,
    partitions: int | None,
    progress: Callable[[str], None] | None,
) -> ScanResult:
    """The body of :func:`scan_spark`."""
    say = progress or (lambda _message: None)
    sc = session.sparkContext
    parts = partitions or max(2, sc.defaultParallelism * 4)
    loaded = _records(session, input_path, settings, parts).cache()
    outline = loaded.map(lambda r: (r.path, r.id if isinstance(r, _Record) else None)).collect()
    bad = loaded.filter(lambda r: isinstance(r, LoadProblem)).collect()
    duplicate_problems, rejected_paths, rejected_ids = _problems_and_duplicates(outline)
    problems = sorted([*bad, *duplicate_problems], key=lambda p: p.path)
    records = loaded.filter(
        lambda r: isinstance(r, _Record) and r.path not in rejected_paths and r.id not in rejected_ids
    )
    say(f"loaded {len(outline)} inputs ({len(problems)} skipped)")

    # One row per document: id, distinct band keys, the pickled prepared document and compact signature.
    # Boilerplate depends on the whole corpus: edge sentences in enough documents, counted on the executors.
    prepared = records.map(lambda r: _document(r, settings)).cache()
    recurring = frozenset(
        prepared.flatMap(lambda d: [(key, 1) for key in _edge_keys(d, settings)])
        .reduceByKey(operator.add)
        .filter(lambda kv: kv[1] >= settings.boilerplate_min_documents)
        .keys()
        .collect()
    )
    shared = sc.broadcast(recurring)
    signed = prepared.mapPartitions(lambda ds: _sign_partition(ds, settings, shared.value))
    table = session.createDataFrame(signed, "id string, keys binary, blob binary, report binary, aside binary").cache()
    table.count()  # fills the cache on every core; toLocalIterator alone computes one partition at a time
    documents = []
    set_aside = []
    for row in table.select("id", "report", "aside").toLocalIterator():
        documents.append(pickle.loads(row["report"]))
        set_aside.append((row["id"], pickle.loads(row["aside"])))
    documents.sort(key=lambda d: d.id)
    boilerplate = boilerplate_lines(set_aside)
    prepared.unpersist()
    if not documents:
        loaded.unpersist()
        records = PurePosixPath(urlparse(input_path).path).suffix.lower() in _RECORD_SUFFIXES
        kind = "records" if records else "article files"
        raise SparkEngineError(f"{input_path}: no readable {kind}")
    say(f"signed {len(documents)} documents")

    # The spelling table's word census, counted on the executors (censuses of parts add up).
    census = WordCensus()
    for part in records.mapPartitions(lambda rs: [word_census(Document(r.id, r.path, r.text) for r in rs)]).collect():
        census.add(part)
    say(f"counted the words of {len(documents)} documents")

    # Candidates: documents numbered in id order, their band keys joined in groups (candidate_join).
    from pyspark.sql import functions as F

    ids = [d.id for d in documents]
    numbers = sc.broadcast({doc_id: n for n, doc_id in enumerate(ids)})
    id_of = sc.broadcast(ids)
    keyed = table.select("id", "keys").rdd.map(lambda row: (numbers.value[row["id"]], row["keys"]))
    groups = int(session.conf.get("spark.sql.shuffle.partitions") or parts)
    pairs_rdd = candidate_join(keyed, n_docs=len(ids), max_bucket=settings.max_bucket, groups=groups).map(
        lambda pair: (id_of.value[pair[0]], id_of.value[pair[1]], pair[2])
    )
    candidates = session.createDataFrame(pairs_rdd, "a string, b string, collisions long").cache()
    n_candidates = candidates.count()
    say(f"{n_candidates} candidate pairs")

    # Verify: join each pair with both prepared documents (pickled, joined in the JVM), on the executors.
    side_a = table.select(F.col("id").alias("a"), F.col("blob").alias("blob_a"))
    side_b = table.select(F.col("id").alias("b"), F.col("blob").alias("blob_b"))
    joined = candidates.join(side_a, "a").join(side_b, "b").repartition(parts)
    verified = joined.rdd.mapPartitions(lambda rows: _verify_partition(rows, settings))
    found = sorted(verified.collect(), key=lambda item: (item[0].a, item[0].b))
    say(f"{len(found)} reuse pairs")
    pairs = tuple(result for result, _collisions, _entry in found)

    if parquet_dir is not None and (parquet or (parquet is None and len(documents) >= PARQUET_MIN_DOCUMENTS)):
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
        say(f"wrote {parquet_dir}")
    candidates.unpersist()
    numbers.destroy()
    id_of.destroy()
    table.unpersist()
    loaded.unpersist()

    variants = [(c.a, c.b) for p in pairs for al in p.alignments for c in al.changes if c.kind == "name-variant"]
    return ScanResult(
        documents=tuple(documents),
        problems=tuple(problems),
        pairs=pairs,
        candidates=n_candidates,
        settings=settings.as_dict(),
        spellings=spellings_from_census(census, variants=variants),
        boilerplate=boilerplate,
    )
