"""provenance: find reused text between news articles, what changed, and its source.

The pipeline, one module per stage::

    load → normalize → sentences → boilerplate → signatures → candidates → align → changes → report

>>> from provenance import Document, compare
>>> pair = compare(Document("a", "a.txt", "The minister said the talks in Vienna went well for all."),
...                Document("b", "b.txt", "The minister said the talks in Vienna went well for everyone."))
>>> [c.kind for al in pair.alignments for c in al.changes]
['synonym']
"""

from __future__ import annotations

from .io.load import LoadError, load_file, load_folder, load_jsonl
from .models import (
    Alignment,
    Attribution,
    BoilerplateLine,
    Change,
    Document,
    DocumentMeta,
    LoadProblem,
    PairResult,
    Provenance,
    ScanResult,
    Sentence,
)
from .pipeline import compare, prepare, scan
from .settings import Settings, load_settings

# The one version source: pyproject.toml reads it (dynamic = ["version"]).
__version__ = "0.1.0"

__all__ = [
    "Alignment",
    "Attribution",
    "BoilerplateLine",
    "Change",
    "Document",
    "DocumentMeta",
    "LoadError",
    "LoadProblem",
    "PairResult",
    "Provenance",
    "ScanResult",
    "Sentence",
    "Settings",
    "__version__",
    "compare",
    "load_file",
    "load_folder",
    "load_jsonl",
    "load_settings",
    "prepare",
    "scan",
]
