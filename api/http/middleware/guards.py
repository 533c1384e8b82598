"""Pure ASGI middleware guarding the edges of every request: header and body size
limits, NUL characters in URLs, security headers on HTML, and conditional reads
(``If-None-Match`` → 304).

Both are plain ASGI (no ``BaseHTTPMiddleware``), so they cost a few microseconds per
request and never buffer what they do not have to.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Final

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.problems import problem

DEFAULT_BODY_LIMIT: Final = 1024 * 1024  # officers' JSON commands are a few kilobytes
HEADER_LIMIT: Final = 16 * 1024  # all request headers together, names and values
# Pages load nothing from elsewhere and run no inline script: the verify page must be
# the code the agency published, not whatever a third party or an injection serves.
HTML_SECURITY_HEADERS: Final[Mapping[str, str]] = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
ETAG_BUFFER_LIMIT: Final = 1024 * 1024
_NOT_MODIFIED_HEADERS: Final = (
    b"etag",
    b"cache-control",
    b"vary",
    b"date",
    b"expires",
    b"content-location",
)


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` once a body without a declared length passes its limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body exceeds {limit} bytes")


class BodyLimit:
    """413 problem+json for bodies over the limit of their path, before reading them.

    A declared ``Content-Length`` over the limit is refused at once (the body is never
    read, and the connection is closed); a body without one is counted as it arrives
    and refused as soon as it passes the limit. ``larger`` maps path prefixes (document
    uploads) to their own, larger limits.
    """

    def __init__(
        self,
        app: ASGIApp,
        default: int = DEFAULT_BODY_LIMIT,
        larger: Mapping[str, int] | None = None,
    ) -> None:
        self.app = app
        self.default = default
        self.larger = sorted((larger or {}).items(), key=lambda item: -len(item[0]))

    def limit_for(self, path: str) -> int:
        for prefix, limit in self.larger:
            if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
                return limit
        return self.default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared, chunked = None, False
        for name, value in scope["headers"]:
            if name == b"content-length":
                declared = value.decode("latin-1")
            elif name == b"transfer-encoding":
                chunked = True
        if declared is None and not chunked:  # HTTP/1.1: no length, no chunks, no body
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        if declared is not None:
            if not re.fullmatch(r"[0-9]{1,20}", declared) or int(declared) > limit:
                await _too_large(scope, receive, send, limit)
                return
            # The server delivers exactly the declared length: nothing left to count.
            await self.app(scope, receive, send)
            return
        await self._counted(scope, receive, send, limit)

    async def _counted(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge:
            if started:
                raise
            await _too_large(scope, receive, send, limit)


async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    response = problem("TOO_LARGE", f"the request body exceeds {limit} bytes", limit=limit)
    response.headers["Connection"] = "close"
    await response(scope, receive, send)


class HeaderLimit:
    """431 problem+json when the request's headers together exceed ``limit`` bytes,
    before anything reads them (the server's protocol bounds them while they arrive,
    see ``api/server/protocol.py``)."""

    def __init__(self, app: ASGIApp, limit: int = HEADER_LIMIT) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            size = sum(len(name) + len(value) + 4 for name, value in scope["headers"])
            if size > self.limit:
                detail = f"the request headers exceed {self.limit} bytes"
                response = problem("HEADERS_TOO_LARGE", detail, limit=self.limit)
                response.headers["Connection"] = "close"
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class HtmlSecurity:
    """``HTML_SECURITY_HEADERS`` on every HTML response (pages, the annual report as
    HTML, error pages), unless the response sets its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def securing_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(raw=message["headers"])
                if headers.get("content-type", "").lower().startswith("text/html"):
                    for name, value in HTML_SECURITY_HEADERS.items():
                        if name not in headers:
                            headers[name] = value
            await send(message)

        await self.app(scope, receive, securing_send)


class RejectNul:
    """422 problem+json for a NUL character anywhere in the path or the query string of
    an API call (``prefix``; the HTML pages answer browsers with their own 400 page).

    No identifier, search or filter of ours can hold one, and PostgreSQL cannot store
    one in a text column: refused here, it never reaches a query.
    """

    def __init__(self, app: ASGIApp, prefix: str = "/v1/") -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["path"].startswith(self.prefix)
            and ("\x00" in scope["path"] or b"%00" in scope.get("query_string", b""))
        ):
            response = problem("INVALID_CHARACTER", "the path or query holds a NUL character (%00)")
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def etag_matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110 §13.1.2: weak comparison of ``etag`` with an If-None-Match list."""
    if if_none_match.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in if_none_match.split(","))


class ConditionalGet:
    """ETags for cacheable reads and 304 Not Modified when the client already has them.

    A successful GET or HEAD whose response carries an ``ETag`` is answered with 304
    (no body, the caching headers kept) when ``If-None-Match`` matches. A successful
    response that declares ``Cache-Control`` but no ETag (old checkpoints, proofs at a
    fixed size, the latest checkpoint) gets a strong ETag from the SHA-256 of its body,
    computed on bodies up to ``ETAG_BUFFER_LIMIT``.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        await _ConditionalResponse(scope, send)(self.app, receive)


class _ConditionalResponse:
    def __init__(self, scope: Scope, send: Send) -> None:
        self.scope = scope
        self.send = send
        self.if_none_match = Headers(scope=scope).get("if-none-match")
        self.start: Message | None = None
        self.mode = "pass"  # pass | drop (after a 304) | buffer (computing the ETag)
        self.body: list[bytes] = []
        self.size = 0

    async def __call__(self, app: ASGIApp, receive: Receive) -> None:
        await app(self.scope, receive, self.on_send)

    async def on_send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            await self._on_start(message)
        elif message["type"] == "http.response.body" and self.mode != "pass":
            await self._on_body(message)
        else:
            await self.send(message)

    async def _on_start(self, message: Message) -> None:
        headers = Headers(raw=message["headers"])
        if message["status"] != 200:
            await self.send(message)
            return
        etag = headers.get("etag")
        if etag is not None:
            if self.if_none_match is not None and etag_matches(self.if_none_match, etag):
                await self._not_modified(message)
                self.mode = "drop"
            else:
                await self.send(message)
            return
        cache_control = headers.get("cache-control", "")
        if not cache_control or "no-store" in cache_control:
            await self.send(message)
            return
        self.start, self.mode = message, "buffer"

    async def _on_body(self, message: Message) -> None:
        if self.mode == "drop":
            return
        chunk = message.get("body", b"")
        self.body.append(chunk)
        self.size += len(chunk)
        more = bool(message.get("more_body", False))
        start = self.start or {}
        if self.size > ETAG_BUFFER_LIMIT:  # too big to hash here: send it as it is
            await self.send(start)
            await self.send({**message, "body": b"".join(self.body)})
            self.mode, self.body = "pass", []
            return
        if more:
            return
        body = b"".join(self.body)
        etag = '"' + hashlib.sha256(body).hexdigest()[:40] + '"'
        MutableHeaders(raw=start["headers"]).append("ETag", etag)
        if self.if_none_match is not None and etag_matches(self.if_none_match, etag):
            await self._not_modified(start)
            self.mode = "drop"
            return
        await self.send(start)
        await self.send({"type": "http.response.body", "body": body, "more_body": False})

    async def _not_modified(self, start: Message) -> None:
        kept = [(k, v) for k, v in start["headers"] if k.lower() in _NOT_MODIFIED_HEADERS]
        await self.send({"type": "http.response.start", "status": 304, "headers": kept})
        await self.send({"type": "http.response.body", "body": b"", "more_body": False})
