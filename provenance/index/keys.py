"""The keys the persistent index holds for an article, and the reading and keying of files for an update.

The keys are LSH band keys (:func:`provenance.detect.candidates.band_keys`) of the
same window MinHashes as the scan, with a sparser banding
(``index_bands`` × ``index_rows``, default 3 × 1: each key is one window's
minimum under one permutation): about 80 keys an article instead of the scan's
2,200, so a million articles take about a gigabyte of keys.  A document is a
candidate when it shares ``index_min_collisions`` (2) keys with the query;
keys held by more than ``max_bucket`` documents are ignored, as in the scan.

An index holds the keys of one set of :func:`signature_settings`; an article
whose :func:`content_hash` is the stored one is not keyed again.

>>> content_hash("")[:16]
'e3b0c44298fc1c14'
>>> from provenance.settings import Settings
>>> len(text_keys("one two three four five six seven", Settings()))
3
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

import numpy as np

from ..detect.candidates import band_keys
from ..detect.signatures import distinct, shingle_hashes, window_minhashes
from ..io.load import load_articles
from ..models import LoadProblem
from ..settings import Settings
from ..text.sentences import word_keys

__all__ = ["Signed", "content_hash", "index_keys", "read_and_sign", "signature_settings", "text_keys"]


def content_hash(text: str) -> str:
    """SHA-256 of a document's text (UTF-8), the key of incremental updates."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def signature_settings(settings: Settings) -> dict[str, int]:
    """The settings an index's keys depend on."""
    return {
        "shingle_size": settings.shingle_size,
        "num_perm": settings.num_perm,
        "seed": settings.seed,
        "window": settings.window,
        "index_bands": settings.index_bands,
        "index_rows": settings.index_rows,
    }


def index_keys(windows: np.ndarray, settings: Settings) -> np.ndarray:
    """The distinct index keys (sorted uint64) of a document's window MinHashes.

    ``windows`` needs only the first ``index_bands * index_rows`` permutations.
    """
    if len(windows) == 0:
        return np.zeros(0, dtype=np.uint64)
    return distinct(band_keys(windows, bands=settings.index_bands, rows=settings.index_rows).ravel())


def text_keys(text: str, settings: Settings) -> np.ndarray:
    """Index keys straight from a text: words, shingles, the few permutations needed."""
    hashes = shingle_hashes(word_keys(text), settings.shingle_size)
    windows = window_minhashes(
        hashes,
        num_perm=settings.num_perm,
        seed=settings.seed,
        window=settings.window,
        first=settings.index_bands * settings.index_rows,
    )
    return index_keys(windows, settings)


@dataclass(frozen=True)
class Signed:
    """An article read and keyed (in a worker process) for :meth:`provenance.index.Index.update`."""

    path: str
    """The article's path: its file's, or ``file.jsonl:LINE`` for a line of a JSON Lines export."""
    doc_id: str
    """The article's id."""
    digest: str
    """Its :func:`content_hash`."""
    characters: int
    """Its length in characters."""
    keys: np.ndarray | None
    """None when the content hash is the stored one (nothing to key)."""


def read_and_sign(
    settings: Settings, item: tuple[str, dict[str, tuple[str, str]], str | None]
) -> list[Signed | LoadProblem]:
    """The articles of one file (one, or one a line of a JSON Lines export), read and keyed.

    ``item`` is the file, the stored id and content hash of its articles by path (an article
    stored under the same id with the same hash is not keyed again), and the file's id in its
    corpus (None: its stem; not used for an export, whose lines carry theirs).
    """
    path, stored, doc_id = item
    signed: list[Signed | LoadProblem] = []
    for article in load_articles(path, max_bytes=settings.max_file_bytes, doc_id=doc_id):
        if isinstance(article, LoadProblem):
            signed.append(article)
            continue
        where = os.path.normpath(article.path)
        digest = content_hash(article.text)
        keys = None if stored.get(where) == (article.id, digest) else text_keys(article.text, settings)
        signed.append(Signed(where, article.id, digest, article.characters, keys))
    return signed
