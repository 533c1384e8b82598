"""An agency's app served under ``/a/<slug>``: the pages' site-absolute links, form
actions and redirects carry the prefix; a retired agency's pages say so and every
write is refused (its log stays readable and verifiable)."""

from __future__ import annotations

import re
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.deps import SITE_ROOT_KEY
from api.http.problems import problem

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_LINK = re.compile(rb'((?:href|src|action|formaction)=")/(?!/)')
_BODY = re.compile(rb"<body[^>]*>")
_COOKIE_PATH = re.compile(rb"(;\s*[Pp]ath=)/")
RETIRED_BANNER = (
    '<p class="notice" role="status" style="background:#fde8e8;padding:.6em">'
    "本机关已撤销，页面仅供查阅，不再受理申请。 "
    "This agency is retired: its pages and log remain readable; nothing new is accepted.</p>"
)


def rewrite_html(body: bytes, prefix: str, *, retired: bool) -> bytes:
    """Site-absolute links and actions under ``prefix``; the root in ``<html data-root>``
    for scripts; the retired banner first in the body."""
    root = prefix.encode()
    body = _LINK.sub(rb"\1" + root + b"/", body)
    body = body.replace(b"<html", b'<html data-root="' + root + b'"', 1)
    if retired:
        body = _BODY.sub(lambda m: m.group(0) + RETIRED_BANNER.encode(), body, count=1)
    return body


class AgencyPrefix:
    """Wraps one agency's ASGI app mounted at ``prefix``."""

    def __init__(
        self, app: ASGIApp, prefix: str, *, retired: Callable[[], bool] = lambda: False
    ) -> None:
        self.app, self.prefix, self.is_retired = app, prefix, retired

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        retired = self.is_retired()
        if retired and scope["method"] not in SAFE_METHODS:
            refusal = problem("AGENCY_RETIRED", "this agency is retired: its log is read-only")
            await refusal(scope, receive, send)
            return
        await self.app(
            _unprefixed(scope, self.prefix), receive, _Rewriter(send, self.prefix, retired)
        )


def _unprefixed(scope: Scope, prefix: str) -> Scope:
    """The request as the agency's app would see it served at the root: its middleware
    matches paths (upload limits by route, NUL refusal under ``/v1/``, the expensive
    rate-limit tier), which under the mount's full path would never match."""
    path = str(scope["path"])
    if not path.startswith(prefix):
        return scope
    raw = scope.get("raw_path")
    encoded = prefix.encode()
    inner = {**scope, "path": path[len(prefix) :] or "/", "root_path": "", SITE_ROOT_KEY: prefix}
    if isinstance(raw, bytes) and raw.startswith(encoded):
        inner["raw_path"] = raw[len(encoded) :] or b"/"
    return inner


class _Rewriter:
    """The send channel of one response: HTML buffered and rewritten, the rest passed."""

    def __init__(self, send: Send, prefix: str, retired: bool) -> None:
        self.send, self.prefix, self.retired = send, prefix, retired
        self.start: Message | None = None
        self.chunks: list[bytes] = []

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [self._header(k, v) for k, v in message.get("headers", [])]
            message = {**message, "headers": headers}
            kind = dict(headers).get(b"content-type", b"")
            if kind.startswith(b"text/html"):
                self.start = message
                return
        elif message["type"] == "http.response.body" and self.start is not None:
            self.chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = rewrite_html(b"".join(self.chunks), self.prefix, retired=self.retired)
            headers = [(k, v) for k, v in self.start["headers"] if k != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            await self.send({**self.start, "headers": headers})
            message = {"type": "http.response.body", "body": body}
        await self.send(message)

    def _header(self, name: bytes, value: bytes) -> tuple[bytes, bytes]:
        if name == b"location" and value.startswith(b"/") and not value.startswith(b"//"):
            return name, self.prefix.encode() + value
        if name == b"set-cookie":  # an agency's cookies go back to that agency only
            return name, _COOKIE_PATH.sub(rb"\1" + self.prefix.encode() + b"/", value)
        return name, value
