"""The scan on Apache Spark: the same stages as :func:`provenance.pipeline.scan`, as Spark jobs.

One module per part: :mod:`~provenance.spark.session` (the Spark session, on loopback for a local
master), :mod:`~provenance.spark.read` (the input as records), :mod:`~provenance.spark.join` (the
candidate join of band keys), :mod:`~provenance.spark.scan` (:func:`scan_spark`, stage by stage) and
:mod:`~provenance.spark.main` (the ``spark-submit`` entry).

pyspark is an optional extra (``pip install '.[spark]'`` in the project's folder): none of these modules imports it
when imported, only when a session starts or a scan runs.
"""

from __future__ import annotations

from .join import DOCS_PER_BLOCK, candidate_join, key_groups
from .scan import PARQUET_MIN_DOCUMENTS, scan_spark
from .session import INSTALL_HINT, SparkEngineError, SparkUnavailable, local_driver_memory, spark_session

__all__ = [
    "DOCS_PER_BLOCK",
    "INSTALL_HINT",
    "PARQUET_MIN_DOCUMENTS",
    "SparkEngineError",
    "SparkUnavailable",
    "candidate_join",
    "key_groups",
    "local_driver_memory",
    "scan_spark",
    "spark_session",
]
