"""The keys the persistent index holds for an article, and the reading and keying of files for an update.

The keys are LSH band keys (:func:`provenance.detect.candidates.band_keys`) of the
same window MinHashes as the scan, with a sparser banding
(``index_bands`` × ``index_rows``, default 3 × 1: each key is one window's
minimum under one permutation): about 80 keys an article instead of the scan's
2,200, so a million articles take about a gigabyte of keys.  A document is a
candidate when it shares ``index_min_collisions`` (2) keys with the query, or one when either text
has a single window (:func:`~provenance.detect.candidates.collisions_needed`);
keys held by more than ``max_bucket`` documents count only for a document holding
``index_wide_share`` of the query's keys, as such buckets do in the scan (``wide_share``).

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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from .._compiled import core as _core
from ..detect.candidates import band_keys
from ..detect.signatures import distinct, permutations, shingle_hashes, window_minhashes
from ..io.formats import DecodeError, decode
from ..io.load import TEXT_SUFFIXES, LoadError, _read, load_articles
from ..models import Document, LoadProblem
from ..settings import Settings
from ..text.normalize import fold
from ..text.sentences import word_keys

__all__ = [
    "Signed",
    "content_hash",
    "index_keys",
    "plain_text_keys",
    "read_and_sign",
    "sign_loaded",
    "signature_settings",
    "text_keys",
]


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


def key_counts(keyed: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys of several documents (each given as :func:`index_keys` gives them) and how many of
    the documents hold each, as :meth:`~provenance.index.store.Index.candidates` takes them (``uncounted``).

    >>> key_counts([np.array([1, 5], dtype=np.uint64), np.array([5], dtype=np.uint64)])
    (array([1, 5], dtype=uint64), array([1, 2]))
    """
    if not keyed:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    keys, counts = np.unique(np.concatenate(keyed), return_counts=True)
    return keys, counts.astype(np.int64)


def text_keys(text: str, settings: Settings) -> np.ndarray:
    """Index keys straight from a text: words, shingles, the few permutations needed.

    One call of the compiled core a text (:func:`_core.index_keys`: no Python object a word or
    sentence); :func:`plain_text_keys` is the reference it equals (tests/test_fastpath.py).
    """
    if _core is None:
        return plain_text_keys(text, settings)
    a, b = _index_permutations(settings.num_perm, settings.seed, settings.index_bands * settings.index_rows)
    if settings.window < 2 or settings.window % 2:
        raise ValueError("window must be an even number of at least 2")
    packed = _core.index_keys(fold(text).text, a, b, settings.shingle_size, settings.window // 2, settings.index_rows)
    return np.frombuffer(packed, dtype=np.uint64)


@lru_cache(maxsize=8)
def _index_permutations(num_perm: int, seed: int, first: int) -> tuple[np.ndarray, np.ndarray]:
    """The first ``first`` permutations' (a, b), contiguous, for the compiled core."""
    a, b = permutations(num_perm, seed)
    return np.ascontiguousarray(a[:first]), np.ascontiguousarray(b[:first])


def plain_text_keys(text: str, settings: Settings) -> np.ndarray:
    """:func:`text_keys` in NumPy: the words, shingle hashes, window minima and band keys of the scan."""
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

    def __reduce__(self) -> tuple[Any, ...]:
        # From a worker to the writer as a plain tuple, the keys as bytes: a tenth of the pickling
        # time of a dataclass holding a NumPy array, a million times in an index build.
        keys = None if self.keys is None else self.keys.tobytes()
        return _signed, (self.path, self.doc_id, self.digest, self.characters, keys)


def _signed(path: str, doc_id: str, digest: str, characters: int, keys: bytes | None) -> Signed:
    """A :class:`Signed` unpickled (its keys read-only, as the writer only reads them)."""
    return Signed(path, doc_id, digest, characters, None if keys is None else np.frombuffer(keys, dtype=np.uint64))


def read_and_sign(
    settings: Settings, item: tuple[str, dict[str, tuple[str, str]], str | None]
) -> list[Signed | LoadProblem]:
    """The articles of one file (one, or one a line of a JSON Lines export), read and keyed.

    ``item`` is the file, the stored id and content hash of its articles by path (an article
    stored under the same id with the same hash is not keyed again), and the file's id in its
    corpus (None: its stem; not used for an export, whose lines carry theirs).
    """
    path, stored, doc_id = item
    if doc_id is not None and path.lower().endswith(TEXT_SUFFIXES):
        return [_plain_text_file(settings, path, stored, doc_id)]
    signed: list[Signed | LoadProblem] = []
    for article in load_articles(path, max_bytes=settings.max_file_bytes, doc_id=doc_id):
        if isinstance(article, LoadProblem):
            signed.append(article)
            continue
        signed.append(_sign(settings, os.path.normpath(article.path), article.id, article.text, stored))
    return signed


def sign_loaded(
    shared: tuple[Settings, Mapping[str, Document]], item: tuple[str, dict[str, tuple[str, str]], str | None]
) -> list[Signed | LoadProblem]:
    """:func:`read_and_sign` of a file whose one article its caller has read already (``shared``: the settings
    and those articles by their file's canonical path, as :meth:`~provenance.index.Index.update` names files):
    keyed from its text, the file not read again; any other file (an export, one not among them) is read."""
    settings, articles = shared
    path, stored, doc_id = item
    article = articles.get(path)
    if article is None or doc_id is None or article.id != doc_id:
        return read_and_sign(settings, item)
    return [_sign(settings, os.path.normpath(path), doc_id, article.text, stored)]


def _plain_text_file(
    settings: Settings, path: str, stored: dict[str, tuple[str, str]], doc_id: str
) -> Signed | LoadProblem:
    """A ``.txt`` file read and keyed as :func:`load_articles` reads it (the same checks, text and
    problems), without the :class:`~provenance.models.Document` and paths it makes: a tenth of an
    index build's work a file."""
    try:
        text, _ = decode(_read(path, settings.max_file_bytes))
    except (LoadError, DecodeError) as err:
        return LoadProblem(path, str(err))
    return _sign(settings, os.path.normpath(path), doc_id, text, stored)


def _sign(settings: Settings, where: str, doc_id: str, text: str, stored: dict[str, tuple[str, str]]) -> Signed:
    digest = content_hash(text)
    keys = None if stored.get(where) == (doc_id, digest) else text_keys(text, settings)
    return Signed(where, doc_id, digest, len(text), keys)
