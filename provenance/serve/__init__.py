"""The reprint desk: ``provenance serve``, a local web page where an editor checks an article against the archive.

One module per job: :mod:`.desk` (the work: checks by the gate's code, articles, the archive's survey,
adding to it; a bounded pool of workers over the index), :mod:`.pages` (the HTML pages), :mod:`.api`
(the JSON answers and the OpenAPI schema), :mod:`.app` (the Starlette application, its safeguards,
and :func:`serve`, which runs it under uvicorn) and :mod:`.server` (uvicorn's protocol with a deadline for
a request's headers and a cap on open connections). Needs the ``serve`` extra:
``pip install '.[serve]'`` in the project's folder (the name ``provenance`` on PyPI is another project).
"""

from __future__ import annotations

from .api import OPENAPI, article_json, error_json
from .app import CSP, LOOPBACK_HOSTS, check_binding, create_app, serve
from .desk import ArticleView, CheckOutcome, Desk, DeskBusy, DeskConfig, DeskError, Survey, upload_name

__all__ = [
    "CSP",
    "LOOPBACK_HOSTS",
    "OPENAPI",
    "ArticleView",
    "CheckOutcome",
    "Desk",
    "DeskBusy",
    "DeskConfig",
    "DeskError",
    "Survey",
    "article_json",
    "check_binding",
    "create_app",
    "error_json",
    "serve",
    "upload_name",
]
