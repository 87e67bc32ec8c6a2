"""The desk as a web application (Starlette), and :func:`serve`, which runs it under uvicorn.

Safe by default:

- it listens on loopback unless told otherwise, and then only with a token (:func:`check_binding`); with a
  token every request must carry it (``Authorization: Bearer …``, or the cookie a first visit to
  ``/?token=…`` sets);
- on loopback without a token, a request naming another host is refused (421): a web page elsewhere
  cannot reach the desk by DNS rebinding;
- a request another site's page made (an image, a frame, a fetch, a form: its browser says so in
  ``Sec-Fetch-Site``) is refused (403) unless it is a visit (a link followed), and so is any prefetch: such
  a page cannot keep the desk's workers checking on its behalf;
- a request body over the limit is refused with 413 before it is read whole, and so is a text over the
  length limit;
- forms carry a CSRF token that must match the desk's cookie (``SameSite=Strict``), and a form or API
  post from another origin is refused; the API takes only ``application/json`` (a cross-site form cannot
  send it);
- every page is sent with a Content-Security-Policy that loads nothing from anywhere and runs no script.

>>> check_binding("127.0.0.1", None), check_binding("::1", None)
(True, True)
>>> check_binding("0.0.0.0", "s3cret")
False
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hmac
import ipaddress
import json
import logging
import secrets
import socket
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import ProvenanceError
from ..index import IndexFileError
from ..report.checks import to_json
from . import pages
from .api import OPENAPI, article_json, error_json
from .desk import Desk, DeskError

__all__ = ["CSP", "LOOPBACK_HOSTS", "check_binding", "create_app", "serve"]

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
"""Nothing is loaded from anywhere and no script runs; forms post only to the desk; no site may frame it."""
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
"""The names a browser on this machine reaches the desk by."""
_LOG = logging.getLogger("provenance.serve")
_CSRF_COOKIE = "desk_csrf"
_TOKEN_COOKIE = "desk_token"
_PER_PAGE = 200
_FORM_OVERHEAD = 64 * 1024
"""Room in a request for a form's other fields beside the text."""


def _body_limits(max_upload_bytes: int) -> dict[str, int]:
    """The most bytes a request body may hold, by its media type, for a text of ``max_upload_bytes`` (the
    desk's limit of a text as read): as many as the largest such text takes in that encoding, plus room for
    the other fields. A form as the desk's pages post it (``multipart/form-data``) carries the text as it is,
    or the add form its base64 (4/3 of its bytes); a URL-encoded form writes each ``+`` and ``/`` of that
    base64 in three bytes (4 times the text's bytes at most); JSON a character of two to four bytes as one or
    two ``\\uXXXX``, as most encoders do by default (3 times at most; only control characters other than tabs
    and line breaks take more, and no article holds them). ``""``: any other body. Past it, 413 before the
    body is read whole; the text decoded is then held to ``max_upload_bytes`` itself.

    >>> limits = _body_limits(2_000_000)
    >>> limits["multipart/form-data"], limits["application/x-www-form-urlencoded"], limits["application/json"]
    (2732204, 8065540, 6065536)
    """
    encoded = -(-max_upload_bytes // 3) * 4  # base64
    return {
        "multipart/form-data": encoded + _FORM_OVERHEAD,
        "application/x-www-form-urlencoded": 3 * encoded + _FORM_OVERHEAD,
        "application/json": 3 * max_upload_bytes + _FORM_OVERHEAD,
        "": encoded + _FORM_OVERHEAD,
    }


def check_binding(host: str, token: str | None) -> bool:
    """True when ``host`` is a loopback address; raises :class:`DeskError` for another one without a token,
    and for an empty token anywhere (:func:`_check_token`)."""
    _check_token(token)
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not token:
        raise DeskError(
            f"{host}: the desk listens beyond this machine only with a token (--token, or the environment "
            "variable PROVENANCE_SERVE_TOKEN)"
        )
    return loopback


def _check_token(token: str | None) -> None:
    """Refuse a token of nothing but blanks: it guards nothing, and the first-visit address (``/?token=``)
    then matched every request without one, so each page answered with a redirect to itself for ever."""
    if token is not None and not token.strip():
        raise DeskError("--token: an empty token guards nothing; give a secret (or no --token on loopback)")


BODY_SECONDS = 20.0
"""Longest a request body may take to arrive: a client that opens a post and stalls holds one of the
bounded slots (workers + queue) while it does, so 18 stalled uploads refused every check for as long as
their sockets stayed open; 20 s carries a form of the largest text (2.7 MB, :func:`_body_limits`) at 140 KB/s,
and its 8 MB URL-encoded at 400 KB/s."""


class _BodyRefused(Exception):
    """The request body cannot be read: answered with ``status`` and its message, unless an answer began."""

    status = 400


class _TooLarge(_BodyRefused):
    """The request body went over the limit while it was read."""

    status = 413


class _TooSlow(_BodyRefused):
    """The request body did not arrive within :data:`BODY_SECONDS`."""

    status = 408


class _Guard:
    """ASGI middleware: the token, the Host header, the body limit and the security headers of every answer."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        token: str | None,
        hosts: Sequence[str] | None,
        max_body: Mapping[str, int],
        max_posts: int,
        body_seconds: float = BODY_SECONDS,
    ) -> None:
        self.app = app
        self.body_seconds = body_seconds
        self.session = "" if token is None else _session(token)
        """The cookie value a first visit with the token sets (derived once, compared on every request)."""
        self.token = token
        self.hosts = None if hosts is None else {h.lower() for h in hosts}
        self.max_body = dict(max_body)
        """The most bytes of a body by its media type (:func:`_body_limits`; ``""``: any other)."""
        self.max_posts = max_posts
        self.posts = 0
        """Requests with a body being read or answered: past ``max_posts`` the next is refused (503) before
        its body is read, so a burst of slow uploads cannot hold more than that many bodies in memory."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        api = scope["path"].startswith("/api")
        host = (request.headers.get("host") or "").lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if self.hosts is not None and name not in self.hosts:
            await _error(421, f"this desk answers to {', '.join(sorted(self.hosts))}, not {host!r}", api)(
                scope, receive, send
            )
            return
        refused = _from_elsewhere(request)
        if refused is not None:
            await _error(403, refused, api)(scope, receive, send)
            return
        if self.token is not None:
            given = request.headers.get("authorization", "")
            bearer = given[7:] if given.lower().startswith("bearer ") else ""
            if request.method == "GET" and _same(request.query_params.get("token", ""), self.token):
                # A first visit with the token in the address: keep it in a cookie, and drop it from the address
                # (the rest stays, on this desk: a path starting "//" would name another host).
                query = request.url.remove_query_params("token").query
                answer = RedirectResponse("/" + scope["path"].lstrip("/") + (f"?{query}" if query else ""), 303)
                answer.set_cookie(
                    _cookie(_TOKEN_COOKIE, scope),
                    self.session,
                    httponly=True,
                    samesite="strict",
                    secure=scope.get("scheme") == "https",
                )
                await _secured(answer)(scope, receive, send)
                return
            cookie = request.cookies.get(_cookie(_TOKEN_COOKIE, scope), "")
            if not (_same(bearer, self.token) or _same(cookie, self.session)):
                await _error(401, "this desk needs its token (Authorization: Bearer …, or open /?token=…)", api)(
                    scope, receive, send
                )
                return
        length = request.headers.get("content-length")
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        limit = self.max_body.get(kind, self.max_body[""])
        if length is not None and (not (length.isascii() and length.isdigit()) or int(length) > limit):
            await _error(413, _too_large(limit), api)(scope, receive, send)
            return
        if request.method in ("POST", "PUT", "PATCH"):
            if self.posts >= self.max_posts:
                busy = f"the desk is busy ({self.posts} requests in flight); try again in a moment"
                await _error(503, busy, api)(scope, receive, send)
                return
            self.posts += 1
            try:
                await self._answer(scope, receive, send, api, limit)
            finally:
                self.posts -= 1
            return
        await self._answer(scope, receive, send, api, limit)

    async def _answer(self, scope: Scope, receive: Receive, send: Send, api: bool, limit: int) -> None:
        """Answer within the body limit ``limit``, with the security headers."""
        seen = 0
        started = body_in = False
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.body_seconds

        async def limited() -> Message:
            nonlocal seen, body_in
            if body_in:  # the body is in: later receives wait for the client to go, unbounded
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                raise _TooSlow(f"the request body did not arrive within {self.body_seconds:g} s") from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge(_too_large(limit))
                body_in = not message.get("more_body", False)
            return message

        async def headed(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                have = {k.lower() for k, _ in headers}
                headers += [
                    (k.encode("latin-1"), v.encode("latin-1")) for k, v in _HEADERS.items() if k.encode() not in have
                ]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, limited, headed)
        except _BodyRefused as refused:
            if started:
                raise
            await _error(refused.status, str(refused), api)(scope, receive, headed)


_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",  # no-referrer makes Chromium send "Origin: null" with a form post
    "x-frame-options": "DENY",
    "cache-control": "no-store",
}


_ELSEWHERE = "a request another site's page made is refused (only a link to the desk may lead here)"
_SPECULATIVE = "a prefetch is refused: the desk answers what is opened, not what a page guesses will be"


def _from_elsewhere(request: Request) -> str | None:
    """Why a request a page of another origin made is refused, other than a visit: an image, a frame, a
    script, a fetch or a form, as its browser says in its Fetch Metadata (``Sec-Fetch-Site``: ``cross-site``,
    or ``same-site`` for another port of this host); and any prefetch or prerender (``Sec-Purpose``), which
    Chromium sends as ``Sec-Fetch-Site: none`` even when another site's speculation rules asked for it. None:
    a visit (a link the editor followed: a top-level ``GET`` the browser marks user-activated,
    ``Sec-Fetch-User: ?1``; a page's script moving a window it opened from address to address is no visit),
    the desk's own request, or a client that sends no such header (curl, a script, an old browser).

    Without it any page the editor had open made the desk work: each ``<img src=…/articles/ID>`` ran a check of
    that article against the archive (a page loading images in a loop had the desk run 1,539 checks in 8 s
    over 2,000 articles, and the editor's own checks took 4.5 times as long meanwhile), and one
    ``/clusters`` started a survey of the whole archive; speculation rules of prefetches, 740 checks in 8 s.
    Its answers were unreadable there; the work was done. None of the desk's pages prefetches, and a
    prefetch refused is only not used: the browser opens the page when it is opened.
    """
    purpose = request.headers.get("sec-purpose") or request.headers.get("purpose") or request.headers.get("x-moz")
    if purpose is not None and "prefetch" in purpose.lower():
        return _SPECULATIVE
    site = request.headers.get("sec-fetch-site")
    if site in (None, "same-origin", "none"):
        return None
    mode, dest = request.headers.get("sec-fetch-mode"), request.headers.get("sec-fetch-dest")
    visit = request.method in ("GET", "HEAD") and mode == "navigate" and dest == "document"
    return None if visit and request.headers.get("sec-fetch-user") == "?1" else _ELSEWHERE


def _cookie(name: str, scope: Scope) -> str:
    """The name of the desk's cookie ``name`` on the port it listens on (``desk_token_8000``): a browser sends a
    host's cookies to every port of it, so two desks on one host, under one name, overwrote each other's token
    (the first then answered 401) and CSRF cookies. No port (a Unix socket): the name alone.

    >>> _cookie("desk_token", {"server": ("127.0.0.1", 8001)}), _cookie("desk_csrf", {"server": None})
    ('desk_token_8001', 'desk_csrf')
    """
    server = scope.get("server")
    port = server[1] if server and len(server) > 1 else None
    return f"{name}_{port}" if isinstance(port, int) else name


def _session(token: str) -> str:
    """The cookie a first visit with the token sets: a digest of the token, never the token itself. Browsers
    send a host's cookies to every port of it, so another service there receives the cookie; it opens this
    desk's pages as the browser does, but cannot learn the token (the API's bearer credential, which may be
    kept in other places). Over HTTPS the cookie is also ``Secure``.

    >>> len(_session("s3cret")), _session("s3cret") == _session("s3cret"), "s3cret" in _session("s3cret")
    (64, True, False)
    """
    return hmac.new(token.encode("utf-8", "surrogatepass"), b"provenance desk session", "sha256").hexdigest()


def _same(given: str, expected: str) -> bool:
    """``given == expected`` in constant time, for any characters (``hmac.compare_digest`` refuses a
    non-ASCII ``str``: a header of Latin-1 bytes would otherwise be a 500).

    >>> _same("s3cret", "s3cret"), _same("\xe9", "s3cret")
    (True, False)
    """
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass"))


def _secured(response: Response) -> Response:
    for key, value in _HEADERS.items():
        response.headers[key] = value
    return response


def _too_large(limit: int) -> str:
    return f"the request is over the desk's limit of {limit:,} bytes; check a shorter text"


def _error(status: int, message: str, api: bool) -> Response:
    if api:
        return _secured(JSONResponse(error_json(status, message), status_code=status))
    return _secured(HTMLResponse(pages.error_page(status, message), status_code=status))


def _failure(err: BaseException) -> tuple[int, str]:
    """The status and one-line message of an error a request ran into."""
    if isinstance(err, DeskError):
        return err.status, str(err)
    if isinstance(err, IndexFileError):
        return 503, str(err)
    if isinstance(err, ProvenanceError):
        return 422, str(err)
    if isinstance(err, HTTPException):
        return err.status_code, str(err.detail)
    if isinstance(err, ClientDisconnect):  # the client went away mid-upload: nobody to answer, nothing to log
        return 400, "the client went away before its request was read"
    return 500, f"internal error ({type(err).__name__}); the desk's log has the details"


_Endpoint = Callable[[Request], Awaitable[Response]]


def _guarded(endpoint: _Endpoint, *, api: bool) -> _Endpoint:
    """``endpoint`` with every error it raises answered as one line (JSON for the API, a page otherwise)."""

    async def run(request: Request) -> Response:
        try:
            return await endpoint(request)
        except _BodyRefused:
            raise
        except Exception as err:  # an answer with a status, never a traceback in a page
            status, message = _failure(err)
            if status == 500:
                _LOG.exception("internal error on %s", request.url.path)
            return _error(status, message, api)

    return run


def _same_origin(request: Request) -> None:
    """Refuse a post another site's page made (its Origin is not the desk's)."""
    origin = request.headers.get("origin")
    if origin is not None and origin != "null":
        own = f"{request.url.scheme}://{request.headers.get('host', '')}"
        if origin.rstrip("/") != own:
            raise DeskError(f"a post from {origin} is refused (cross-site)", 403)
    elif origin == "null":
        raise DeskError("a post from an opaque origin is refused (cross-site)", 403)


def _csrf(request: Request) -> str:
    """The desk's CSRF token of this browser (its cookie), or a new one."""
    return request.cookies.get(_cookie(_CSRF_COOKIE, request.scope)) or secrets.token_urlsafe(32)


def _html(request: Request, body: str, status: int = 200) -> HTMLResponse:
    response = HTMLResponse(body, status_code=status)
    name = _cookie(_CSRF_COOKIE, request.scope)
    if name not in request.cookies:
        response.set_cookie(name, _csrf_value(request), httponly=True, samesite="strict")
    return response


def _csrf_value(request: Request) -> str:
    value = request.state.csrf if hasattr(request.state, "csrf") else _csrf(request)
    request.state.csrf = value
    return value


def _form_checked(request: Request, form: Any) -> None:
    _same_origin(request)
    cookie = request.cookies.get(_cookie(_CSRF_COOKIE, request.scope), "")
    given = form.get("csrf")
    if not cookie or not isinstance(given, str) or not _same(given, cookie):
        raise DeskError("the form's CSRF token is missing or stale: reload the page and submit it again", 403)


def create_app(
    desk: Desk,
    *,
    token: str | None = None,
    hosts: Sequence[str] | None = LOOPBACK_HOSTS,
    body_seconds: float = BODY_SECONDS,
) -> Starlette:
    """The desk's web application over ``desk``; ``hosts``: the Host names it answers to (None: any, as
    when a token guards it); ``body_seconds``: how long a request body may take to arrive (408 past it)."""
    _check_token(token)
    limits = _body_limits(desk.config.max_upload_bytes)
    limit = max(limits.values())

    async def form_of(request: Request) -> Any:
        form = await request.form(max_files=1, max_fields=8, max_part_size=limit)
        _form_checked(request, form)
        return form

    async def home(request: Request) -> Response:
        return _html(request, pages.check_page(_csrf_value(request)))

    async def check(request: Request) -> Response:
        form = await form_of(request)
        upload = form.get("file")
        pasted: str | None = None
        if isinstance(upload, UploadFile) and upload.filename:
            name = upload.filename
            data = await upload.read(desk.config.max_upload_bytes + 1)
        else:
            text = form.get("text")
            pasted = text if isinstance(text, str) else ""
            name, data = "pasted.txt", pasted.encode("utf-8")
        if not data.strip():
            raise DeskError("nothing to check: paste a text or choose a file", 422)
        csrf = _csrf_value(request)

        def work() -> tuple[str, tuple[str, ...]]:  # read (an HTML page's extraction), checked and rendered
            if pasted is None:
                outcome = desk.check_upload(name, data, pages=True)
            else:  # read as a text and, should it hold markup, as a page's fragment: the worst verdict
                outcome = desk.check_paste(pasted, pages=True)
            return pages.result_page(csrf, outcome, raw=data, name=outcome.checks[0].path)

        body, scripts = await desk.run(work)  # on a worker: the event loop only moves bytes
        response = _html(request, body)
        if scripts:  # the report's own scripts, in its sandboxed frames; the desk's page itself has none
            response.headers["content-security-policy"] = f"{CSP}; script-src {' '.join(scripts)}"
        return response

    async def archive(request: Request) -> Response:
        form = await form_of(request)
        fields = {k: form.get(k) for k in ("id", "name", "content")}
        if not all(isinstance(v, str) for v in fields.values()):
            raise DeskError("the form needs an id, a name and the content", 422)
        try:
            data = base64.b64decode(str(fields["content"]), validate=True)
        except (binascii.Error, ValueError):
            raise DeskError("the form's content is not the text the check read", 422) from None
        added = await desk.run(lambda: desk.add(str(fields["id"]).strip(), str(fields["name"]), data))
        return RedirectResponse("/articles/" + quote(added, safe=""), status_code=303)

    async def articles(request: Request) -> Response:
        query = request.query_params.get("q", "")[:200]
        try:
            page = max(0, int(request.query_params.get("page", "0")))
        except ValueError:
            raise DeskError("page: a whole number", 422) from None
        ids = [i for i, _ in await desk.run(desk.documents) if query.lower() in i.lower()]
        shown = ids[page * _PER_PAGE : (page + 1) * _PER_PAGE]
        return _html(request, pages.articles_page(shown, query, page, len(ids), _PER_PAGE))

    async def article(request: Request) -> Response:
        doc_id = request.path_params["doc_id"]
        return _html(request, await desk.run(lambda: pages.article_page(desk.article(doc_id))))

    async def clusters(request: Request) -> Response:
        return _html(request, await desk.run(lambda: pages.clusters_page(desk.survey())))

    async def spellings(request: Request) -> Response:
        return _html(request, await desk.run(lambda: pages.spellings_page(desk.survey())))

    async def api_doc(request: Request) -> Response:
        return _html(request, pages.api_page())

    async def api_check(request: Request) -> Response:
        _same_origin(request)
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/json":
            raise DeskError('send the text as application/json: {"text": "…", "name": "article.txt"}', 415)
        try:
            body = json.loads(await request.body())
        except (ValueError, RecursionError):
            raise DeskError("the body is not valid JSON", 400) from None
        if not isinstance(body, dict):
            raise DeskError('the body must be a JSON object with "text"', 400)
        text, name = body.get("text"), body.get("name")
        if not isinstance(text, str) or not text.strip():
            raise DeskError('"text": a non-empty string is required', 422)
        if name is None:  # a paste: read as a text and, should it hold markup, as a page's fragment
            pasted = text
            outcome = await desk.run(lambda: desk.check_paste(pasted))
            return JSONResponse(to_json(outcome.checks))
        if not isinstance(name, str):
            raise DeskError('"name": a string (a file name such as article.html)', 422)
        if name.lower().endswith(".gz"):  # a text has no gzip stream: said so, not "not a readable gzip file"
            raise DeskError(f'"name": {name} is compressed; the API takes the text (upload a .gz on the page)', 415)
        data = text.encode("utf-8", "surrogatepass")
        outcome = await desk.run(lambda: desk.check_upload(name, data))
        return JSONResponse(to_json(outcome.checks))

    async def api_article(request: Request) -> Response:
        doc_id = request.path_params["doc_id"]
        view = await desk.run(lambda: desk.article(doc_id))
        return JSONResponse(article_json(view))

    async def api_health(request: Request) -> Response:
        count = await desk.run(desk.count)
        return JSONResponse({"status": "ok", "documents": count})

    async def api_schema(request: Request) -> Response:
        return JSONResponse(OPENAPI)

    def page(path: str, endpoint: _Endpoint, methods: Sequence[str] = ("GET",)) -> Route:
        return Route(path, _guarded(endpoint, api=path.startswith("/api")), methods=list(methods))

    async def not_found(request: Request, exc: Exception) -> Response:
        status, message = _failure(exc)
        if status == 404:
            message = f"no page {request.url.path}"
        return _error(status, message, request.url.path.startswith("/api"))

    app = Starlette(
        routes=[
            page("/", home),
            page("/check", check, ["POST"]),
            page("/archive", archive, ["POST"]),
            page("/articles", articles),
            page("/articles/{doc_id:path}", article),
            page("/clusters", clusters),
            page("/spellings", spellings),
            page("/api", api_doc),
            page("/api/check", api_check, ["POST"]),
            page("/api/articles/{doc_id:path}", api_article),
            page("/api/health", api_health),
            page("/api/openapi.json", api_schema),
        ],
        exception_handlers={HTTPException: not_found},
    )
    app.add_middleware(
        _Guard,
        token=token,
        hosts=hosts,
        max_body=limits,
        max_posts=desk.config.workers + desk.config.queue,
        body_seconds=body_seconds,
    )
    return app


def serve(desk: Desk, *, host: str, port: int, token: str | None = None, log: Callable[[str], None] = print) -> None:
    """Run the desk under uvicorn until interrupted (Ctrl-C)."""
    import uvicorn

    from .server import server_options

    loopback = check_binding(host, token)
    hosts = [*LOOPBACK_HOSTS, host] if loopback and not token else None
    app = create_app(desk, token=token, hosts=hosts)
    shown = f"[{host}]" if ":" in host else host
    listening = listen_on(host, port)  # before saying so: a port in use is one line, not uvicorn's own exit 3
    log(f"reprint desk on http://{shown}:{port}/ (index {desk.config.index}); Ctrl-C stops it")
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=5, **server_options(desk.config))
    uvicorn.Server(config).run(sockets=[listening])


def listen_on(host: str, port: int) -> socket.socket:
    """A socket bound to ``host`` and ``port`` for the desk; :class:`DeskError` naming them when it cannot be
    (a port in use, an address not of this machine)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)[0]
        listening = socket.socket(family, kind, proto)
    except OSError as error:
        raise DeskError(f"{host}: cannot listen there ({error.strerror or error})") from None
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
    except OSError as error:
        listening.close()
        raise DeskError(f"{host}:{port}: cannot listen there ({error.strerror or error})") from None
    return listening
