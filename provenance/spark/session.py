"""The Spark session: on a local master bound to the loopback interface, web UI off, half the machine's memory.

pyspark is an optional extra (``pip install '.[spark]'`` in the project's folder): it is imported when a session
is asked for, never when this module is.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ProvenanceError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = [
    "INSTALL_HINT",
    "SparkEngineError",
    "SparkUnavailable",
    "first_line",
    "import_pyspark",
    "local_driver_memory",
    "spark_session",
]

INSTALL_HINT = "in the project's folder, pip install '.[spark]'"
"""How to get pyspark: the spark extra of this project (``provenance`` on PyPI is another project, an unrelated
caching library, which ``pip install 'provenance[spark]'`` installed)."""
_LOOPBACK = "127.0.0.1"


class SparkUnavailable(ProvenanceError):
    """pyspark (or the Java runtime it needs) is missing; the message says how to install it."""


class SparkEngineError(ProvenanceError):
    """The input cannot be scanned on Spark (missing columns, unreadable file); a one-line message."""


def first_line(err: BaseException) -> str:
    """The first line of an error's message (a JVM error brings its whole stack trace), or its type's name.

    >>> first_line(RuntimeError("Java gateway process exited\\n\\tat ..."))
    'Java gateway process exited'
    >>> first_line(RuntimeError())
    'RuntimeError'
    """
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def import_pyspark() -> Any:
    """The pyspark module; :class:`SparkUnavailable`, saying how to install it, when it is missing."""
    try:
        import pyspark
    except ImportError:
        raise SparkUnavailable(f"the Spark engine needs pyspark: {INSTALL_HINT}") from None
    return pyspark


def _submitted() -> bool:
    """True when this Python was started by ``spark-submit`` (the JVM is already running)."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def local_driver_memory() -> str:
    """Driver memory for a local master: half of this machine's memory, at least 1 GB (``"11g"``)."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # not on POSIX: Spark's own default
        return "1g"
    return f"{max(1, total // 2**31)}g"


def spark_session(
    master: str | None = None, *, app_name: str = "provenance", conf: dict[str, str] | None = None
) -> SparkSession:
    """A Spark session; on a ``local`` master bound to the loopback interface, web UI off.

    ``master`` is a Spark master URL (``local[2]``, ``spark://host:7077``, ``yarn``); None means the
    one ``spark-submit --master`` gave, or ``local[*]`` outside ``spark-submit``.  On a local master
    the driver binds to 127.0.0.1 and Python workers run this interpreter; on a cluster the
    network and Python settings are the cluster's (given to ``spark-submit``).
    """
    import_pyspark()
    from pyspark import SparkConf
    from pyspark.sql import SparkSession

    if not _submitted() and (master is None or master.startswith("local")):
        # Set before the JVM starts: nothing Spark opens listens beyond this machine.
        os.environ.setdefault("SPARK_LOCAL_IP", _LOOPBACK)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    try:
        effective = master or SparkConf().get("spark.master", "local[*]") or "local[*]"
        builder = (
            SparkSession.builder.appName(app_name)
            .master(effective)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
        )
        if effective.startswith("local"):
            builder = builder.config("spark.driver.bindAddress", _LOOPBACK).config("spark.driver.host", _LOOPBACK)
            builder = builder.config("spark.sql.shuffle.partitions", "8")
            if not _submitted():  # the JVM starts with this session
                # The driver is the whole of a local Spark: Spark's 1 GB default runs out of heap
                # at 10,000 articles. Half the machine's memory, unless the caller says otherwise.
                builder = builder.config("spark.driver.memory", local_driver_memory())
                # Quiet the JVM's logging.
                log_config = Path(__file__).with_name("log4j2.properties").as_uri()
                builder = builder.config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={log_config}")
            # Workers started on this machine import the same provenance as the driver: the folder
            # holding the package (provenance/spark/session.py is three levels below it).
            package_root = str(Path(__file__).resolve().parents[2])
            python_path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)
            builder = builder.config("spark.executorEnv.PYTHONPATH", python_path)
        for key, value in (conf or {}).items():
            builder = builder.config(key, value)
        session = builder.getOrCreate()
    except Exception as err:  # Java missing or not startable: PySpark raises a bare RuntimeError/Exception.
        raise SparkUnavailable(f"cannot start Spark (is Java 17+ installed and on PATH?): {first_line(err)}") from None
    session.sparkContext.setLogLevel("ERROR")
    return session
