"""Signing in to the workbench from a test client, the way a browser does: open the
form, post it with its CSRF value, keep the session cookie."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx
from fastapi.testclient import TestClient

from api.services import Services

PASSWORD = "a-long-enough-password"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    """The CSRF value of the first form on a page."""
    found = _CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def with_account(services: Services, officer: str, password: str = PASSWORD) -> str:
    services.accounts.set_password(officer, password, datetime.now(UTC))
    return officer


def sign_in(
    client: TestClient, officer: str, password: str = PASSWORD, code: str = ""
) -> httpx.Response:
    """Post the sign-in form (not following the redirect)."""
    form = client.get("/workbench/sign-in")
    data = {"csrf": csrf_of(form.text), "officer": officer, "password": password, "code": code}
    return client.post("/workbench/sign-in", data=data, follow_redirects=False)


def new_client(client: TestClient) -> TestClient:
    """A second browser on the same app (its own cookies)."""
    return TestClient(client.app, raise_server_exceptions=False)
