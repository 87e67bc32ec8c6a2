"""The persistent index: document records in SQLite and their LSH keys in sorted segments.

One module per job: :mod:`.store` (the :class:`Index` facade over the SQLite
file), :mod:`.segments` (the sorted key-segment files beside it), :mod:`.keys`
(what keys an article gets) and :mod:`.errors` (:class:`IndexFileError`).
"""

from __future__ import annotations

from .errors import REBUILD_HINT, IndexFileError, IndexNotWritable
from .keys import content_hash, index_keys, key_counts, signature_settings
from .store import (
    DEFAULT_INDEX_PATH,
    SCHEMA_VERSION,
    Candidate,
    Index,
    UpdateStats,
    corpus_files,
    is_index_file,
    rebuilding,
    refuse_links,
)

__all__ = [
    "DEFAULT_INDEX_PATH",
    "REBUILD_HINT",
    "SCHEMA_VERSION",
    "Candidate",
    "Index",
    "IndexFileError",
    "IndexNotWritable",
    "UpdateStats",
    "content_hash",
    "corpus_files",
    "index_keys",
    "is_index_file",
    "key_counts",
    "rebuilding",
    "refuse_links",
    "signature_settings",
]
