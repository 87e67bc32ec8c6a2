"""The one base of every error a user can act on.

A :class:`ProvenanceError` is a problem with the input, a setting, a file or an
environment, told in one line that names what is wrong. The command line turns
it into that line on stderr and exit code 2 in one place (:mod:`provenance.cli`);
library callers catch it as one type. Each stage names its own subclass
(``LoadError``, ``SettingsError``, ``IndexFileError`` …) beside the code that
raises it.

>>> from provenance.settings import SettingsError
>>> issubclass(SettingsError, ProvenanceError)
True
"""

from __future__ import annotations

__all__ = ["ProvenanceError"]


class ProvenanceError(Exception):
    """A problem the user can fix, said in one line (the CLI prints it and exits 2)."""
