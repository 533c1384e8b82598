"""Request observation, one pure ASGI middleware: each request timed once, giving its
access-log line and its latency (recorded by ``api.http.middleware.metrics``).

Each request gives one JSON line on the ``gongkai.access`` logger::

    {"time": "2026-03-02T01:30:00.123Z", "method": "POST", "path": "/v1/items",
     "route": "/v1/items", "status": 201, "ms": 12.41, "officer": "officer-0002"}

Never logged: query strings (a catalogue search may name a person), bodies, headers,
tokens, client addresses. ``officer`` is the authenticated officer id, if any (set by
``api.http.deps.current_officer`` in the request state).
"""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.middleware.metrics import Metrics

access_log = logging.getLogger("gongkai.access")
UNMATCHED = "<unmatched>"


def route_template(scope: Scope) -> str:
    """The path template of the route that answered (``/v1/items/{item_id}``)."""
    route = scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    if not isinstance(path, str):
        return UNMATCHED
    root = scope.get("root_path", "")
    return path if not root or path.startswith(root) else root + path


class Observe:
    """Times every HTTP request; writes the access-log line and the latency metric."""

    def __init__(self, app: ASGIApp, metrics: Metrics | None = None) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500  # if the app raises, the error middleware outside us answers 500
        scope.setdefault("state", {})

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            seconds = time.perf_counter() - start
            route = route_template(scope)
            if self.metrics is not None:
                self.metrics.observe_request(scope["method"], route, status, seconds)
            if access_log.isEnabledFor(logging.INFO):
                access_log.info(_line(scope, route, status, seconds))


def _line(scope: Scope, route: str, status: int, seconds: float) -> str:
    state: Any = scope.get("state") or {}
    officer = state.get("officer_id") if isinstance(state, dict) else None
    record = {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "method": scope["method"],
        "path": scope["path"],
        "route": route,
        "status": status,
        "ms": round(seconds * 1000, 2),
        "officer": officer,
    }
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))
