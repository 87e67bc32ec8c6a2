"""The scan on Apache Spark: the same stages as :func:`provenance.pipeline.scan`, as Spark jobs."""
