"""Reading on Spark: the input as records, one per article or problem, as the local loader reads it.

The input is a folder of articles (``.txt``, ``.md``, ``.html`` and ``.jsonl`` files at any depth,
as the local engine lists them by :class:`~provenance.io.load.CorpusRules`) or a JSON Lines / Parquet
file of records with ``id``, ``text`` and optional ``date``, ``url``, ``outlet``, ``title`` columns (a title
of 25 words or more read before the text, as the local loader reads an export line).  A local
folder on a local master is listed by the local listing itself and read on the executors; a folder
given as a URI (``hdfs://``, ``s3a://``, ``file:``) is listed on the driver through Hadoop's file
system (recursively, the same rules and ids applied to the paths inside it) and read by Spark's
``binaryFile`` source, each file's bytes parsed on the executors with the local loader's rules
(:func:`~provenance.io.load.articles_in_bytes`).  What differs on a URI: Hadoop's file sources pass
over names starting with ``_`` (each such article is reported, not read) and follow symbolic links
wherever they point.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from ..io.load import (
    ARTICLE_SUFFIXES,
    CorpusRules,
    LoadError,
    UnreadFiles,
    articles_in_bytes,
    corpus_ids,
    jsonl_line,
    list_corpus,
    load_articles,
    titled_text,
)
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
    extraction_warning: str | None = None
    """Why an HTML page's extracted text may be incomplete, as :attr:`Document.extraction_warning`."""

    @classmethod
    def of(cls, doc: Document) -> Record:
        """The record of a loaded article (its date, url and outlet are in its declared metadata)."""
        return cls(doc.id, doc.path, doc.text, **{name: getattr(doc, name) for name in CARRIED})

    def document(self) -> Document:
        """The article again, as the loader gave it, to be prepared."""
        return Document(self.id, self.path, self.text, **{name: getattr(self, name) for name in CARRIED})


CARRIED = ("encoding", "declared", "format", "extraction_warning")
"""The fields beside id, path and text that a :class:`Record` and a :class:`Document` share: what a record
carries from the loader to the executor that prepares it (one list, so a new field cannot be left behind)."""


def is_record_file(input_path: str) -> bool:
    """True when ``input_path`` (a path or a URI) names a file of records by its suffix (JSON Lines or Parquet).

    >>> is_record_file("hdfs://host/corpus/records.JSONL"), is_record_file("corpus")
    (True, False)
    """
    return PurePosixPath(urlparse(input_path).path).suffix.lower() in RECORD_SUFFIXES


def _is_uri(path: str) -> bool:
    return "://" in path or path.startswith("file:")


def _file_records(
    input_path: str, relative: str, data: bytes, max_bytes: int, doc_id: str | None
) -> list[Record | LoadProblem]:
    """An article file read by Spark (its path inside the folder ``relative``), as records named as the local
    loader names them (:func:`~provenance.io.load.articles_in_bytes`: one, or one a line of a JSON Lines export)."""
    path = f"{input_path.rstrip('/')}/{relative}" if _is_uri(input_path) else str(Path(input_path) / relative)
    return [_as_record(item) for item in articles_in_bytes(path, data, max_bytes=max_bytes, doc_id=doc_id)]


def _as_record(item: Document | LoadProblem) -> Record | LoadProblem:
    return item if isinstance(item, LoadProblem) else Record.of(item)


def _text_of(value: Any) -> str | None:
    return None if value is None else str(value)


def _any_case(suffix: str) -> str:
    """A Hadoop glob matching ``suffix`` (without its dot) in any case: ``md`` → ``[mM][dD]``."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in suffix.lstrip("."))


_ARTICLE_GLOB = "*.{" + ",".join(_any_case(s) for s in ARTICLE_SUFFIXES) + "}"
"""The article files of a folder, as a Hadoop glob: the local loader's suffixes in any case, compressed or not."""


def _hadoop_listing(spark: SparkSession, folder: str) -> tuple[str, list[tuple[str, int]]]:
    """The files below ``folder`` on its Hadoop file system, recursively: the folder's qualified path
    and each file's (qualified path, length)."""
    jvm: Any = spark.sparkContext._jvm
    root = jvm.org.apache.hadoop.fs.Path(folder)
    fs = root.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    qualified = str(fs.makeQualified(root).toString()).rstrip("/")
    found: list[tuple[str, int]] = []
    files = fs.listFiles(root, True)
    while files.hasNext():
        status = files.next()
        found.append((str(status.getPath().toString()), int(status.getLen())))
    return qualified, found


def _row_record(input_path: str, row: Any) -> Record | LoadProblem:
    values = row.asDict()
    doc_id, text = _text_of(values.get("id")), _text_of(values.get("text"))
    url = _text_of(values.get("url"))
    path = url or f"{input_path}#{doc_id}"
    if not doc_id:
        return LoadProblem(path, "record without an id")
    if text is None or not text.strip():
        return LoadProblem(path, "no text (only white space)" if text else "empty file")
    text = titled_text(values.get("title"), text)
    return Record(doc_id, path, text, _text_of(values.get("date")), url, _text_of(values.get("outlet")))


def _path_records(
    path: str, max_bytes: int, doc_id: str | None = None, shown: str | None = None
) -> list[Record | LoadProblem]:
    """An article file read by the local loader (:func:`~provenance.io.load.load_articles`), as records:
    one (id ``doc_id``), or one a line of a JSON Lines export; named ``shown`` (its path as listed) when
    it is read by its absolute ``path`` (a worker's current folder need not be the driver's)."""
    items = [_as_record(item) for item in load_articles(path, max_bytes=max_bytes, doc_id=doc_id)]
    if shown is None or shown == path:
        return items
    return [dataclasses.replace(item, path=shown + item.path[len(path) :]) for item in items]


def _local_folder_records(
    spark: SparkSession,
    folder: str,
    max_bytes: int,
    partitions: int,
    rules: CorpusRules | None,
    unread: list[UnreadFiles] | None = None,
) -> Any:
    """A local folder on a local master: listed by the local listing itself, read by Python.

    The executors share the driver's file system, so the files are listed here
    (:func:`~provenance.io.load.list_corpus`: the article files at any depth as ``rules`` say, with
    their ids; links leaving it and special files reported) and each read with
    :func:`~provenance.io.load.load_articles`.  This is the local engine's loader exactly, empty files
    included, and several times faster than Hadoop's ``binaryFile`` source on many small files.
    """
    try:
        listing = list_corpus([folder], rules)
    except LoadError as err:
        raise SparkEngineError(str(err)) from None
    if unread is not None:
        unread.append(listing.unread)
    sc = spark.sparkContext
    named = [(os.path.abspath(path), listing.ids.get(path), path) for path in listing.files]
    skipped = list(listing.problems)
    read = sc.parallelize(named, max(1, min(partitions, len(named)))).flatMap(
        lambda item: _path_records(item[0], max_bytes, item[1], item[2])
    )
    return read.union(sc.parallelize(skipped, 1)) if skipped else read


def read_records(
    spark: SparkSession,
    input_path: str,
    settings: Settings,
    partitions: int,
    rules: CorpusRules | None = None,
    *,
    unread: list[UnreadFiles] | None = None,
) -> Any:
    """RDD of :class:`Record` or :class:`LoadProblem`, one per input file or row (a folder's files as
    ``rules`` list them); a folder's files no reader reads are counted in ``unread`` when given (the local
    listing's :attr:`~provenance.io.load.CorpusListing.unread`: the scan says how many)."""
    suffix = PurePosixPath(urlparse(input_path).path).suffix.lower()  # the one is_record_file reads
    local = not _is_uri(input_path)
    if local and not Path(input_path).exists():
        raise SparkEngineError(f"{input_path}: no such file or folder")
    if suffix not in RECORD_SUFFIXES and (not local or Path(input_path).is_dir()):
        max_bytes = settings.max_file_bytes
        if local and (spark.sparkContext.master or "").startswith("local"):
            return _local_folder_records(spark, input_path, max_bytes, partitions, rules, unread)
        return _uri_folder_records(spark, input_path, max_bytes, partitions, rules or CorpusRules(), unread)
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
    wanted = [c for c in ("id", "text", "date", "url", "outlet", "title") if c in frame.columns]
    return frame.select(*wanted).rdd.repartition(partitions).map(lambda row: _row_record(input_path, row))


def _uri_folder_records(
    spark: SparkSession,
    input_path: str,
    max_bytes: int,
    partitions: int,
    rules: CorpusRules,
    unread: list[UnreadFiles] | None = None,
) -> Any:
    """A folder on a Hadoop file system (or a local one on a cluster): listed here by the local rules, read by Spark.

    The listing (recursive, through Hadoop's file system) gives the article files and their ids as
    :func:`~provenance.io.load.list_corpus` would; ``binaryFile`` then reads the folder recursively
    and only those files are parsed.  Spark's file sources skip empty files and names starting with
    ``_``: the first are reported as the local loader reports them, the second as not read.
    """
    root, listed = _hadoop_listing(spark, input_path)
    relatives = {uri[len(root) + 1 :]: size for uri, size in listed if uri.startswith(root + "/")}
    wanted = sorted(r for r in relatives if rules.admits(r))
    if unread is not None:  # as the local listing: nothing in a hidden folder, which it never enters
        admitted = set(wanted)
        unread.append(
            UnreadFiles.of(
                f"{input_path.rstrip('/')}/{r}"
                for r in sorted(relatives)
                if r not in admitted
                and not any(part.startswith(".") for part in r.split("/"))
                and rules.unread(r, r.rsplit("/", 1)[-1])
            )
        )
    hidden = [r for r in wanted if any(part.startswith("_") for part in r.split("/"))]
    ids = corpus_ids(wanted)
    problems: list[Record | LoadProblem] = [
        LoadProblem(f"{input_path.rstrip('/')}/{r}", HADOOP_HIDDEN_REASON) for r in hidden
    ]
    skipped = set(hidden)
    for relative in wanted:  # Spark's file sources skip empty files; the local loader reports them
        if relatives[relative] == 0 and relative not in skipped:
            problems.extend(_file_records(input_path, relative, b"", max_bytes, ids.get(relative)))
    readable = {r: ids.get(r) for r in wanted if r not in skipped and relatives[r] > 0}
    if not readable:
        return spark.sparkContext.parallelize(problems, 1)
    chosen = spark.sparkContext.broadcast(readable)
    reader = spark.read.format("binaryFile").option("recursiveFileLookup", "true")
    if rules.include == CorpusRules().include:  # a name filter first, so other files are never read
        reader = reader.option("pathGlobFilter", _ARTICLE_GLOB)
    files = reader.load(input_path).select("path", "content")

    def records(row: Any) -> list[Record | LoadProblem]:
        uri = str(row[0])
        relative = uri[len(root) + 1 :] if uri.startswith(root + "/") else None
        if relative is None or relative not in chosen.value:
            return []
        return _file_records(input_path, relative, row[1], max_bytes, chosen.value[relative])

    read = files.rdd.repartition(partitions).flatMap(records)
    return read.union(spark.sparkContext.parallelize(problems, 1)) if problems else read


HADOOP_HIDDEN_REASON = "name starting with '_', which Hadoop's file sources pass over (not read)"
"""The problem reason of an article below a URI folder that Spark's ``binaryFile`` source never reads."""


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
