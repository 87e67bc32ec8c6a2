"""Reading on Spark: the input as records, one per article or problem, as the local loader reads it.

The input is a folder of articles (``.txt``, ``.md``, ``.html`` and ``.jsonl`` files, as the local
engine reads them) or a JSON Lines / Parquet file of records with ``id``, ``text`` and optional
``date``, ``url``, ``outlet`` columns.  A local folder on a local master is listed and read by the
local loader itself on the executors; a folder given as a URI (``hdfs://``, ``s3a://``, ``file:``)
is read by Spark's ``binaryFile`` source and each file's bytes parsed on the executors with the
local loader's rules (:func:`~provenance.io.load.articles_in_bytes`; Hadoop passes over names
starting with ``.`` or ``_`` and follows symbolic links wherever they point).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from ..io.load import SUFFIXES, LoadError, articles_in_bytes, corpus_paths, jsonl_line, load_articles
from ..models import Document, DocumentMeta, LoadProblem
from ..settings import Settings
from .session import SparkEngineError, first_line

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["RECORD_SUFFIXES", "Record", "duplicates", "is_record_file", "read_records"]

RECORD_SUFFIXES = {".jsonl": "json", ".ndjson": "json", ".json": "json", ".parquet": "parquet"}
"""Suffixes of a file of records (any case), and the Spark source that reads it."""


@dataclasses.dataclass(frozen=True)
class Record:
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


def is_record_file(input_path: str) -> bool:
    """True when ``input_path`` (a path or a URI) names a file of records by its suffix (JSON Lines or Parquet).

    >>> is_record_file("hdfs://host/corpus/records.JSONL"), is_record_file("corpus")
    (True, False)
    """
    return PurePosixPath(urlparse(input_path).path).suffix.lower() in RECORD_SUFFIXES


def _is_uri(path: str) -> bool:
    return "://" in path or path.startswith("file:")


def _file_records(input_path: str, uri: str, data: bytes, max_bytes: int) -> list[Record | LoadProblem]:
    """An article file read by Spark, as records named as the local loader names them
    (:func:`~provenance.io.load.articles_in_bytes`: one, or one a line of a JSON Lines export)."""
    name = uri.rsplit("/", 1)[-1]  # Spark gives the path as written, not percent-encoded
    path = f"{input_path.rstrip('/')}/{name}" if _is_uri(input_path) else str(Path(input_path) / name)
    return [_as_record(item) for item in articles_in_bytes(path, data, max_bytes=max_bytes)]


def _as_record(item: Document | LoadProblem) -> Record | LoadProblem:
    if isinstance(item, LoadProblem):
        return item
    return Record(item.id, item.path, item.text, encoding=item.encoding, declared=item.declared, format=item.format)


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


def _row_record(input_path: str, row: Any) -> Record | LoadProblem:
    values = row.asDict()
    doc_id, text = _text_of(values.get("id")), _text_of(values.get("text"))
    url = _text_of(values.get("url"))
    path = url or f"{input_path}#{doc_id}"
    if not doc_id:
        return LoadProblem(path, "record without an id")
    if text is None or not text.strip():
        return LoadProblem(path, "no text (only white space)" if text else "empty file")
    return Record(doc_id, path, text, _text_of(values.get("date")), url, _text_of(values.get("outlet")))


def _path_records(path: str, max_bytes: int) -> list[Record | LoadProblem]:
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


def read_records(spark: SparkSession, input_path: str, settings: Settings, partitions: int) -> Any:
    """RDD of :class:`Record` or :class:`LoadProblem`, one per input file or row."""
    suffix = PurePosixPath(urlparse(input_path).path).suffix.lower()  # the one is_record_file reads
    local = not _is_uri(input_path)
    if local and not Path(input_path).exists():
        raise SparkEngineError(f"{input_path}: no such file or folder")
    if suffix not in RECORD_SUFFIXES and (not local or Path(input_path).is_dir()):
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
    if suffix not in RECORD_SUFFIXES:
        raise SparkEngineError(f"{input_path}: not a folder, a JSON Lines file (.jsonl) or a Parquet file (.parquet)")
    reader = spark.read.json if RECORD_SUFFIXES[suffix] == "json" else spark.read.parquet
    try:
        frame: DataFrame = reader(input_path)
    except Exception as err:
        raise SparkEngineError(f"{input_path}: cannot read: {first_line(err)}") from None
    missing = [c for c in ("id", "text") if c not in frame.columns]
    if missing:
        raise SparkEngineError(f"{input_path}: missing column(s) {', '.join(missing)} (needs id and text)")
    wanted = [c for c in ("id", "text", "date", "url", "outlet") if c in frame.columns]
    return frame.select(*wanted).rdd.repartition(partitions).map(lambda row: _row_record(input_path, row))


def _load_order(item: tuple[str, str | None]) -> tuple[str, int, str]:
    """The local loader's order: files by path, the lines of a JSON Lines export by number."""
    path, doc_id = item
    file, line = jsonl_line(path) or (path, 0)
    return file, line, doc_id or ""


def duplicates(loaded: list[tuple[str, str | None]]) -> tuple[list[LoadProblem], set[str], set[str]]:
    """Duplicate ids among the inputs read ``(path, id or None)``: problems, the paths to skip and the ids to skip.

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
