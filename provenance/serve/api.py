"""The desk's JSON API: what its endpoints return, and its OpenAPI schema.

``POST /api/check`` returns :func:`provenance.report.checks.to_json` of the check, the document
``provenance check --format json`` prints; ``GET /api/articles/{id}`` an archived article with its
matches in the same shape; an error is ``{"error": {"status": N, "message": "…"}}`` with status N.

>>> error_json(413, "too long")
{'error': {'status': 413, 'message': 'too long'}}
"""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..report.checks import to_json
from .desk import ArticleView, related

__all__ = ["OPENAPI", "article_json", "error_json"]


def error_json(status: int, message: str) -> dict[str, Any]:
    """The body of an error answer."""
    return {"error": {"status": status, "message": message}}


def article_json(view: ArticleView) -> dict[str, Any]:
    """An archived article: its metadata, the ids of what it reuses, what reuses it and what shares a source
    with it, and its check against the rest of the archive (one entry of ``files`` of the check JSON)."""
    doc, meta = view.document, view.document.meta
    return {
        "id": doc.id,
        "path": doc.path,
        "format": doc.format,
        "title": meta.title if meta else None,
        "date": meta.date if meta else None,
        "outlet": meta.outlet if meta else None,
        "url": meta.url if meta else None,
        "characters": len(doc.text),
        **related(view.check),
        "check": to_json([view.check])["files"][0],
    }


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


_CHANGE = {
    "type": "object",
    "properties": {
        "kind": {"type": "string"},
        "a": {"type": "string", "description": "the words in the checked text"},
        "b": {"type": "string", "description": "the words in the archive article"},
        "a_span": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2},
        "b_span": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2},
        "in_quote": {"type": "boolean"},
        "severity": {"type": "string", "enum": ["high", "medium", "low"]},
    },
}
_MATCH = {
    "type": "object",
    "properties": {
        "source": {"type": "string"},
        "source_path": {"type": "string"},
        "share_new": {"type": "number"},
        "share_source": {"type": "number"},
        "is_reuse": {"type": "boolean"},
        "relation": {"type": ["string", "null"], "description": "a-from-b: the checked text took its text from source"},
        "verdict": {"type": "string", "enum": ["pass", "warn", "fail"]},
        "reason": {"type": "string"},
        "credit": {"type": ["string", "null"]},
        "outside_body": {"type": "boolean", "description": "in what an HTML page shows outside its article"},
        "line": {"type": ["integer", "null"], "description": "the checked file's line where the reused passage starts"},
        "changes": {"type": "array", "items": _CHANGE},
    },
}
_FILE = {
    "type": "object",
    "properties": {
        "path": {"type": "string"},
        "id": {"type": "string"},
        "verdict": {"type": "string", "enum": ["pass", "warn", "fail"]},
        "matches": {"type": "array", "items": _MATCH},
    },
}
_IDS = {"type": "array", "items": {"type": "string"}}

OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "provenance reprint desk",
        "version": __version__,
        "description": "Check a text against the newsroom's archive; read an archived article's reuse.",
    },
    "paths": {
        "/api/check": {
            "post": {
                "summary": "Check a text against the archive by the configured policy (nothing is stored)",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CheckRequest"}}},
                },
                "responses": {
                    "200": {
                        "description": "The document `provenance check --format json` prints",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CheckResult"}}},
                    },
                    "400": _error_response("Not JSON, or not an object"),
                    "401": _error_response("A token is required and was not given"),
                    "413": _error_response("The request or the text is over the limit"),
                    "415": _error_response("Not application/json, or a name of a format the desk does not read"),
                    "422": _error_response("A field is missing or of the wrong type, or the text cannot be read"),
                    "503": _error_response("The desk is busy (every worker and the queue); try again"),
                },
            }
        },
        "/api/articles/{id}": {
            "get": {
                "summary": "An archived article, what reuses it and what it reuses",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "The article",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Article"}}},
                    },
                    "404": _error_response("No article of that id in the archive"),
                    "410": _error_response("The article's file can no longer be read"),
                },
            }
        },
        "/api/health": {
            "get": {
                "summary": "The desk is up: how many articles its index holds",
                "responses": {"200": {"description": '`{"status": "ok", "documents": N}`'}},
            }
        },
    },
    "components": {
        "schemas": {
            "CheckRequest": {
                "type": "object",
                "required": ["text"],
                "properties": {
                    "text": {
                        "type": "string",
                        "description": "The article: plain text, Markdown, HTML or one JSON line",
                    },
                    "name": {
                        "type": "string",
                        "description": (
                            "A file name; its suffix (.txt, .md, .html, .jsonl) says how to read the text. "
                            "Without one: pasted.html when the text begins as an HTML page, else pasted.txt and, "
                            "when it holds markup (a tag, a comment, a character reference), pasted.html too: the "
                            "worse verdict"
                        ),
                    },
                },
            },
            "CheckResult": {
                "type": "object",
                "properties": {
                    "schema_version": {"type": "integer"},
                    "verdict": {"type": "string", "enum": ["pass", "warn", "fail"]},
                    "files": {"type": "array", "items": _FILE},
                },
            },
            "Article": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "path": {"type": "string"},
                    "format": {"type": "string"},
                    "title": {"type": ["string", "null"]},
                    "date": {"type": ["string", "null"]},
                    "outlet": {"type": ["string", "null"]},
                    "url": {"type": ["string", "null"]},
                    "characters": {"type": "integer"},
                    "reuses": _IDS,
                    "reused_by": _IDS,
                    "shares": _IDS,
                    "check": _FILE,
                },
            },
            "Error": {
                "type": "object",
                "properties": {
                    "error": {
                        "type": "object",
                        "properties": {"status": {"type": "integer"}, "message": {"type": "string"}},
                    }
                },
            },
        }
    },
}
"""The API's OpenAPI 3.1 schema, served at ``/api/openapi.json``."""
