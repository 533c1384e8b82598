"""Harness: the HTTP API's query parameters and path segments, end to end.

The first byte picks a route (public reads, pages, and officers' reads with a token);
the rest, as text, becomes its query string or path segment. The app runs in process
over a small office; every answer must be below 500 (a 4xx problem+json, or a page).
"""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi.testclient import TestClient

from api.http.app import create_app
from api.services import Services

ROUTES = (
    "/v1/requests/register?{q}",
    "/requests?{q}",
    "/catalogue?{q}",
    "/reports/{p}",
    "/v1/reports/annual/{p}?{q}",
    "/v1/entries?{q}",
    "/v1/entries/{p}",
    "/v1/proof/inclusion?{q}",
    "/v1/proof/consistency?{q}",
    "/v1/checkpoint?{q}",
    "/v1/catalogue?{q}",
    "/v1/catalogue/withdrawals?{q}",
    "/v1/catalogue/{p}",
    "/items/{p}",
    "/v1/documents/{p}",
    "/v1/content/{p}",
    "/static/{p}",
    "/v1/requests/{p}",  # officers' reads from here on
    "/v1/requests?{q}",
    "/v1/items?{q}",
    "/v1/accountability/units/{p}?{q}",
    "/v1/accountability/officers/{p}?{q}",
    "/v1/streams/{p}/history?{q}",
)
OFFICERS_FROM = ROUTES.index("/v1/requests/{p}")


@cache
def _client() -> tuple[Any, str]:
    work = Path(tempfile.mkdtemp(prefix="gongkai-fuzz-api-"))
    os.environ.setdefault("GONGKAI_KEY_PASSPHRASE", "fuzz")
    services = Services.open(work, f"sqlite:///{work / 'ledger.db'}")
    admin = services.office.initialise("fuzz.gongkai.local/log", "测试局", "管理员", _now())
    head = services.office.add_officer(
        admin, "主任", "办公室", ["inspector", "office_head"], _now()
    )
    services.settle()
    token = services.tokens.issue(head, 1, _now())
    return TestClient(create_app(services, background=False)), token


def _now() -> datetime:
    return datetime.now(UTC)


def seeds() -> list[bytes]:
    return [
        bytes([ROUTES.index(r)]) + s
        for r, s in (
            ("/v1/requests/register?{q}", b"cursor=2026-9999999999999999999"),
            ("/catalogue?{q}", "cursor=²".encode()),
            ("/reports/{p}", b"0000000002025"),
            ("/v1/entries?{q}", b"start=0&limit=1000"),
            ("/v1/accountability/units/{p}?{q}", "办公室\x00from=0001-01-01".encode()),
        )
    ]


def TestOneInput(data: bytes) -> None:
    client, token = _client()
    which = (data[0] if data else 0) % len(ROUTES)
    text = data[1:].decode("utf-8", errors="replace")
    segment, _, query = text.partition("\x00")
    path = ROUTES[which].format(
        p=quote(segment, safe="") or "x", q=quote(query or segment, safe="=&")
    )
    headers = {"Authorization": f"Bearer {token}"} if which >= OFFICERS_FROM else {}
    answer = client.get(path, headers=headers)
    assert answer.status_code < 500, (path, answer.status_code, answer.text[:300])
