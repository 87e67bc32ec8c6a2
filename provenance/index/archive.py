"""The archive scan: every reuse pair of an indexed corpus, from the index's sorted key segments.

The in-memory scan (:func:`provenance.pipeline.scan`) holds every text, sentence and signature of a
folder at once, which bounds it to folders (about 25 KB an article of 780 words). An archive already
has what finding its pairs needs: the index keeps every article's keys sorted in a few segments
(:mod:`.segments`). :func:`key_pairs` joins the segments one range of key values at a time (a few
million keys in memory, never the corpus): every pair of articles sharing ``index_min_collisions``
keys is a candidate, keys held by more than ``max_bucket`` entries set aside (each pairs its holders
with its lowest live one only, counted for two sharing ``index_wide_share`` of the smaller one's keys),
as a ``check`` of one of the two would find the other. :func:`archive_scan` then reads each candidate's two files,
verifies the pair as ``check`` does (site chrome the two pages share set aside, the pair's direction
decided and oriented source → copy) and streams every reuse pair to a JSON Lines file, while the
clusters and the corpus figures (:class:`ArchiveSummary`) are kept for a summary report in Markdown
and HTML. The result is the same for any number of ``jobs``.

>>> from provenance.settings import Settings
>>> from provenance.index.store import Index
>>> with Index.open(":memory:", Settings()) as index:
...     key_pairs(index).pairs.shape
(0, 2)
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import IO, Any

import numpy as np

from ..detect.candidates import bucket_pairs, collisions_needed, pair_counts, wide_kept
from ..io.load import LoadError, load_article
from ..models import Cluster, Document, PairResult
from ..parallel import parallel_map
from ..pipeline import describe_document, prepare, set_aside, verify_candidate
from ..settings import Settings
from ..verdict.clusters import clusters
from .store import Index

__all__ = ["ArchiveSummary", "KeyPairs", "archive_scan", "key_pairs", "render_summary_html", "render_summary_markdown"]

_RANGE_KEYS = 1 << 22  # keys of the largest segment per range of key values joined at a time (~4M: ~100 MB)
_CACHE_DOCS = 64  # prepared articles a verifying process keeps (candidate pairs come sorted by their first)
_LARGEST = 20  # clusters and sources the summary lists


@dataclass(frozen=True)
class KeyPairs:
    """Candidate pairs of an index: row ids sharing keys, and how many (:func:`key_pairs`)."""

    pairs: np.ndarray
    """(n, 2) uint32 row ids of the index's ``docs`` table, the smaller first, rows sorted."""
    collisions: np.ndarray
    """Keys each pair shares (int64), at least ``index_min_collisions``."""
    keys: int
    """Key entries read from the segments (dead ones included)."""


def _run_pairs(keys: np.ndarray, docs: np.ndarray, max_bucket: int, alive: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pair codes (``low << 32 | high``) of every two documents holding one key, keys sorted, buckets
    of more than ``max_bucket`` entries skipped (vectorised by bucket size); and the stars of those skipped:
    each of their live documents with the bucket's lowest live one (``alive[row]``, linear in the bucket).

    >>> k = np.array([1, 1, 2, 3, 3, 3], dtype=np.uint64)
    >>> d = np.array([5, 2, 9, 1, 2, 3], dtype=np.uint32)
    >>> alive = np.array([True, False, True, True, True, True, True, True, True, True])
    >>> pairs, stars = _run_pairs(k, d, 64, alive)
    >>> sorted((int(c) >> 32, int(c) & 0xFFFFFFFF) for c in pairs), len(stars)
    ([(1, 2), (1, 3), (2, 3), (2, 5)], 0)
    >>> pairs, stars = _run_pairs(k, d, 2, alive)
    >>> len(pairs), sorted((int(c) >> 32, int(c) & 0xFFFFFFFF) for c in stars)
    (1, [(2, 3)])
    """
    none = np.zeros(0, dtype=np.uint64)
    n = len(keys)
    if n < 2:
        return none, none
    bounds = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    starts = np.concatenate(([0], bounds))
    sizes = np.diff(np.concatenate((starts, [n])))
    kept = (sizes >= 2) & (sizes <= max_bucket)
    first, second = (x.astype(np.uint64) for x in bucket_pairs(docs, starts[kept], sizes[kept]))
    codes = (np.minimum(first, second) << np.uint64(32)) | np.maximum(first, second)
    wide = np.flatnonzero(sizes > max_bucket)
    if len(wide) == 0:
        return codes, none
    # The wide buckets' entries, each with its bucket's lowest live row (dead rows read as the largest).
    at = np.flatnonzero(np.repeat(sizes > max_bucket, sizes))  # the buckets lie one after another from 0
    rows = docs[at].astype(np.uint64)
    live = alive[np.minimum(rows, len(alive) - 1)] & (rows < len(alive))
    lowest = np.repeat(np.minimum.reduceat(np.where(live, rows, np.uint64(2**32)), _offsets(sizes[wide])), sizes[wide])
    star = live & (rows != lowest)
    return codes, (lowest[star] << np.uint64(32)) | rows[star]


def _offsets(sizes: np.ndarray) -> np.ndarray:
    """Where each of ``sizes`` begins, laid one after another."""
    return np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)


def _merged(found: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pair codes and their two counts, found range by range, with each code's counts added up."""
    if not found:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    codes, shared, wide = (np.concatenate([f[k] for f in found]) for k in range(3))
    order = np.argsort(codes, kind="stable")
    codes, shared, wide = codes[order], shared[order].astype(np.int64), wide[order].astype(np.int64)
    if len(codes):
        starts = np.concatenate(([0], np.flatnonzero(codes[1:] != codes[:-1]) + 1))
        codes, shared, wide = codes[starts], np.add.reduceat(shared, starts), np.add.reduceat(wide, starts)
    return codes, shared, wide


def key_pairs(index: Index, *, range_keys: int = _RANGE_KEYS) -> KeyPairs:
    """Every pair of live indexed articles sharing ``index_min_collisions`` keys (buckets over ``max_bucket``
    entries, dead ones included, set aside: what :meth:`Index.candidates` answers for either of the two).

    A bucket over the limit pairs each live holder with its lowest live one only, and such a pair counts
    its keys of those buckets only when the two share ``index_wide_share`` of the smaller one's keys (a
    story archived more than ``max_bucket`` times; :func:`~provenance.detect.candidates.wide_kept`).
    The segments are joined one range of key values at a time: the ranges are cut at every
    ``range_keys``-th key of the largest segment, and each range's keys of every segment are sorted
    together, so memory holds a few ranges' keys and the pairs found, never every key.
    """
    settings = index.settings
    share = settings.index_wide_share
    with index.reading() as (arrays, live):
        alive = np.zeros(int(live.max()) + 1 if len(live) else 1, dtype=bool)
        alive[live] = True
        total = sum(len(keys) for keys, _ in arrays)
        largest = max(arrays, key=lambda a: len(a[0]))[0] if arrays else np.zeros(0, dtype=np.uint64)
        cuts = np.unique(np.asarray(largest[range_keys::range_keys]))
        edges = [np.searchsorted(keys, cuts, side="left") for keys, _ in arrays]
        found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for r in range(len(cuts) + 1 if arrays else 0):
            parts_k, parts_d = [], []
            for (keys, docs), at in zip(arrays, edges, strict=True):
                lo = 0 if r == 0 else int(at[r - 1])
                hi = len(keys) if r == len(cuts) else int(at[r])
                parts_k.append(np.asarray(keys[lo:hi]))
                parts_d.append(np.asarray(docs[lo:hi]))
            k, d = np.concatenate(parts_k), np.concatenate(parts_d)
            order = np.argsort(k, kind="stable")
            pairs, stars = _run_pairs(k[order], d[order], settings.max_bucket, alive)
            found.append(pair_counts(pairs, stars if share > 0 else stars[:0]))
        codes, counts, wide = _merged(found)
        held = np.zeros(len(alive), dtype=np.int64)
        for _, docs in arrays:  # each row's keys: a short text needs fewer shared, and wide buckets count
            held += np.bincount(np.asarray(docs), minlength=len(alive))[: len(alive)]
    low = (codes >> np.uint64(32)).astype(np.uint32)
    high = (codes & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    smaller = np.minimum(held[np.minimum(low, len(alive) - 1)], held[np.minimum(high, len(alive) - 1)])
    need = collisions_needed(smaller, min_collisions=settings.index_min_collisions, bands=settings.index_bands)
    keep = wide_kept(counts, wide, smaller, wide_share=share, min_collisions=need)
    counts = np.where(counts >= need, counts, counts + wide)
    keep &= low != high
    keep &= alive[np.minimum(low, len(alive) - 1)] & (low < len(alive))
    keep &= alive[np.minimum(high, len(alive) - 1)] & (high < len(alive))
    return KeyPairs(np.stack([low[keep], high[keep]], axis=1), counts[keep], total)


# -- verifying ---------------------------------------------------------------


@dataclass(frozen=True)
class _Task:
    """One candidate pair to verify: the two articles' ids and stored paths, in id order."""

    a: str
    path_a: str
    b: str
    path_b: str


@dataclass(frozen=True)
class _Verified:
    """What a verifying process sends back for a reuse pair: its JSON line and what the summary needs."""

    line: str
    pair: PairResult
    """The pair without its alignments, quotes and passages (the clusters read only ids and provenance)."""
    outlets: tuple[tuple[str, str], ...]


class _Reader:
    """A verifying process's last few prepared articles, by path (pairs come sorted by their first)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._docs: OrderedDict[str, Document | None] = OrderedDict()

    def __call__(self, doc_id: str, path: str) -> Document | None:
        if path in self._docs:
            self._docs.move_to_end(path)
            return self._docs[path]
        try:
            raw = load_article(path, max_bytes=self.settings.max_file_bytes, links=False, doc_id=doc_id)
            doc: Document | None = describe_document(prepare(raw, self.settings), self.settings)
        except LoadError:
            doc = None  # gone or unreadable since it was indexed: the next index update drops it
        self._docs[path] = doc
        if len(self._docs) > _CACHE_DOCS:
            self._docs.popitem(last=False)
        return doc


_UNREAD = "unread"


def _verify(reader: _Reader, task: _Task) -> _Verified | str | None:
    """One candidate verified by a process with its own :class:`_Reader` (a forked copy of the scan's):
    its record when it is reuse, :data:`_UNREAD` when a file could not be read, else None."""
    settings = reader.settings
    a, b = reader(task.a, task.path_a), reader(task.b, task.path_b)
    if a is None or b is None:
        return _UNREAD
    # Chrome the two pages share as pages of one outlet, or that the chrome file lists, is set aside
    # as a check sets it aside; the corpus-wide boilerplate of a folder scan needs every text at once.
    (bare_a, bare_b), _ = set_aside([a, b], settings)
    pair = verify_candidate(bare_a, bare_b, None, None, settings)  # signed only when it is reuse
    if pair is None:
        return None
    from ..report.json import pair_to_dict, render_json_line  # the JSON report's own record of a pair

    docs = {bare_a.id: bare_a, bare_b.id: bare_b}
    record = {
        "path_a": docs[pair.a].path,
        "path_b": docs[pair.b].path,
        **pair_to_dict(pair, docs[pair.a], docs[pair.b]),
    }
    line = render_json_line(record)
    slim = replace(pair, alignments=(), quotes=(), unaligned_a=(), unaligned_b=())
    outlets = tuple((d.id, d.meta.outlet) for d in (a, b) if d.meta is not None and d.meta.outlet)
    return _Verified(line, slim, outlets)


# -- the scan ------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ArchiveSummary:
    """What an archive scan found, for its summary report (the pairs themselves are in the JSON Lines file)."""

    articles: int
    """Articles the index holds."""
    keys: int
    """Key entries of its segments."""
    candidates: int
    """Candidate pairs the key join proposed (each verified)."""
    unreadable: int
    """Candidates one of whose files could not be read (gone or changed since the index was updated)."""
    pairs: int
    """Reuse pairs found."""
    relations: tuple[tuple[str, int], ...]
    """Reuse pairs by provenance relation, most first."""
    clusters: tuple[Cluster, ...]
    """Every cluster of reuse pairs, largest first (then by first document)."""
    sources: tuple[tuple[str, int], ...]
    """The documents most often found as a source (``b-from-a``/``a-from-b``), with their copies."""


def archive_scan(
    index: Index,
    out: IO[str],
    *,
    jobs: int = 1,
    progress: Callable[[str, int, int], None] | None = None,
) -> ArchiveSummary:
    """Verify every candidate pair of ``index`` (:func:`key_pairs`), writing each reuse pair to ``out`` as
    one JSON line (the JSON report's record of a pair, with both paths), in the order of the two ids.

    Holds only the candidates and a small record a reuse pair, whatever the corpus size.
    """
    settings = index.settings
    found = key_pairs(index)
    rows = np.unique(found.pairs)
    named = index.rows(rows.tolist())
    tasks = sorted(
        (_task(named[int(x)], named[int(y)]) for x, y in found.pairs.tolist() if int(x) in named and int(y) in named),
        key=lambda t: (t.a, t.b),
    )
    kept: list[PairResult] = []
    outlets: dict[str, str] = {}
    unreadable = len(found.pairs) - len(tasks)  # rows deleted between the join and reading their paths
    for n, result in enumerate(parallel_map(_verify, tasks, shared=_Reader(settings), jobs=jobs, chunksize=32), 1):
        if isinstance(result, _Verified):
            out.write(result.line + "\n")
            kept.append(result.pair)
            outlets.update(result.outlets)
        elif result == _UNREAD:
            unreadable += 1
        if progress:
            progress("verify", n, len(tasks))
    groups = sorted(clusters(kept, outlets), key=lambda c: (-len(c.documents), c.documents[0]))
    relations = Counter(p.provenance.relation if p.provenance else "undetermined" for p in kept)
    sources = Counter(p.source for p in kept if p.source is not None)
    return ArchiveSummary(
        articles=index.count(),
        keys=found.keys,
        candidates=len(found.pairs),
        unreadable=unreadable,
        pairs=len(kept),
        relations=tuple(sorted(relations.items(), key=lambda kv: (-kv[1], kv[0]))),
        clusters=tuple(groups),
        sources=tuple(sorted(sources.items(), key=lambda kv: (-kv[1], kv[0]))[:_LARGEST]),
    )


def _task(one: tuple[str, str], other: tuple[str, str]) -> _Task:
    (id_a, path_a), (id_b, path_b) = sorted((one, other))
    return _Task(id_a, path_a, id_b, path_b)


# -- the summary report -----------------------------------------------------------


def _figures(summary: ArchiveSummary) -> list[tuple[str, str]]:
    sizes = [len(c.documents) for c in summary.clusters]
    in_clusters = sum(sizes)
    rows = [
        ("articles indexed", f"{summary.articles:,}"),
        ("index keys read", f"{summary.keys:,}"),
        ("candidate pairs verified", f"{summary.candidates:,}"),
        ("reuse pairs", f"{summary.pairs:,}"),
        ("clusters", f"{len(summary.clusters):,}"),
        ("articles in a cluster", f"{in_clusters:,} ({in_clusters / max(1, summary.articles):.2%})"),
        ("largest cluster", f"{max(sizes, default=0):,} articles"),
    ]
    if summary.unreadable:
        rows.append(("candidates not read (file gone since the index update)", f"{summary.unreadable:,}"))
    rows += [(f"pairs: {relation}", f"{count:,}") for relation, count in summary.relations]
    return rows


def _size_rows(summary: ArchiveSummary) -> list[tuple[str, str]]:
    sizes = Counter(len(c.documents) for c in summary.clusters)
    return [(f"{size}", f"{count:,}") for size, count in sorted(sizes.items())]


def _cluster_rows(summary: ArchiveSummary) -> Iterator[tuple[str, str, str, str]]:
    for n, cluster in enumerate(summary.clusters[:_LARGEST], 1):
        shown = ", ".join(cluster.documents[:8]) + (" …" if len(cluster.documents) > 8 else "")
        yield str(n), f"{len(cluster.documents)}", cluster.origin or "undetermined", shown


def render_summary_markdown(summary: ArchiveSummary) -> str:
    """The archive scan's summary in Markdown: corpus figures, cluster sizes, the largest clusters and sources."""
    from ..report.markdown import cell

    def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
        lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        lines += ["| " + " | ".join(cell(str(v)) for v in row) + " |" for row in rows]
        return [*lines, ""]

    lines = [
        "# Archive scan",
        "",
        "Every reuse pair is a line of `pairs.jsonl` (the JSON report's record of a pair).",
        "",
    ]
    lines += ["## Corpus figures", "", *table(("figure", "value"), _figures(summary))]
    lines += ["## Cluster sizes", "", *table(("articles in the cluster", "clusters"), _size_rows(summary))]
    lines += [
        "## Largest clusters",
        "",
        *table(("#", "articles", "likely origin", "articles"), list(_cluster_rows(summary))),
    ]
    if summary.sources:
        lines += [
            "## Most copied sources",
            "",
            *table(("source", "copies found"), [(s, str(n)) for s, n in summary.sources]),
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_summary_html(summary: ArchiveSummary) -> str:
    """The same summary as one self-contained HTML page (nothing loaded, every value escaped)."""
    from ..report.escape import escape

    def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
        head = "".join(f"<th>{escape(h)}</th>" for h in headers)
        body = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>" for row in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    sections = [
        ("Corpus figures", table(("figure", "value"), _figures(summary))),
        ("Cluster sizes", table(("articles in the cluster", "clusters"), _size_rows(summary))),
        ("Largest clusters", table(("#", "articles", "likely origin", "articles"), list(_cluster_rows(summary)))),
    ]
    if summary.sources:
        sections.append(
            ("Most copied sources", table(("source", "copies found"), [(s, str(n)) for s, n in summary.sources]))
        )
    body = "".join(f"<h2>{escape(title)}</h2>{content}" for title, content in sections)
    digest = base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-{digest}'\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Archive scan</title>'
        f"<style>{_STYLE}</style></head><body><h1>Archive scan</h1>"
        "<p>Every reuse pair is a line of <code>pairs.jsonl</code> (the JSON report's record of a pair).</p>"
        f"{body}</body></html>\n"
    )


_STYLE = (
    "body{font:15px/1.4 system-ui,sans-serif;margin:1.5em;max-width:70em}"
    "table{border-collapse:collapse;margin-bottom:1em}"
    "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;overflow-wrap:anywhere}"
)
"""The summary page's only style, allowed by its hash in the page's Content-Security-Policy."""


def summary_to_dict(summary: ArchiveSummary) -> dict[str, Any]:
    """The summary as plain data (for tests and tools)."""
    return {
        "articles": summary.articles,
        "candidates": summary.candidates,
        "pairs": summary.pairs,
        "clusters": [list(c.documents) for c in summary.clusters],
    }
