"""Entry point for ``spark-submit``: the ``provenance`` command, as a file Spark can run.

``spark-submit`` runs a Python application given as a ``.py`` file; this one runs the usual
command line (absolute imports, so it works wherever the package is importable)::

    spark-submit --master spark://host:7077 provenance/spark/main.py scan --engine spark INPUT --out DIR
"""

from __future__ import annotations

from provenance.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
