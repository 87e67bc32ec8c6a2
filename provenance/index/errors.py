"""What goes wrong with an index file, said in one line that suggests a rebuild.

>>> from provenance.errors import ProvenanceError
>>> issubclass(SegmentGone, IndexFileError) and issubclass(IndexFileError, ProvenanceError)
True
"""

from __future__ import annotations

from ..errors import ProvenanceError

__all__ = ["REBUILD_HINT", "IndexFileError", "IndexNotWritable", "SegmentGone"]

REBUILD_HINT = "run `provenance index --rebuild PATH...`"


class IndexFileError(ProvenanceError):
    """The index file cannot be used (corrupt, foreign, other settings); one line."""


class SegmentGone(IndexFileError):
    """A listed segment's file is missing (merged away by another process meanwhile, or deleted)."""


class IndexNotWritable(IndexFileError):
    """The index file cannot be written (a read-only folder or file system, no permission): it may still
    be read, as :meth:`~provenance.index.Index.open` with ``read_only`` opens it."""
