"""A real disclosure office over HTTP for the hardening tests: one officer and one
bearer token per role (officer-0001 is the admin), plus one officer holding every
role, on a real ledger (SQLite or PostgreSQL)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.services import Services
from tests.conftest import drop_schema, postgres_url_or_skip
from verify.roles import ROLES

ORIGIN = "hardening.gongkai.local/gongkai"
EVERY_ROLE = "every_role"
PASSPHRASE = "hardening-passphrase"


@dataclass
class HttpOffice:
    services: Services
    client: TestClient
    officers: dict[str, str]  # role (or EVERY_ROLE) -> officer id
    tokens: dict[str, str]  # role (or EVERY_ROLE) -> bearer token

    def auth(self, role: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}

    def request(
        self, method: str, path: str, role: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        headers = {**self.auth(role), **kwargs.pop("headers", {})}
        return self.client.request(method, path, headers=headers, **kwargs)

    def receive_online(self) -> None:
        """A request received online today, by the request handler (201)."""
        body = {
            "channel": "online",
            "received_on": date.today().isoformat(),
            "applicant_type": "natural-person",
            "applicant": {"name": "王五"},
            "description": "某项目的环评报告",
        }
        response = self.request("POST", "/v1/requests", "request_handler", json=body)
        assert response.status_code == 201, response.text


def open_office(data_dir: Path, database_url: str, replica_url: str | None = None) -> HttpOffice:
    """Initialise a ledger (with a read replica at ``replica_url``), appoint the
    officers and issue their tokens."""
    services = Services.open(data_dir, database_url, replica_url)
    now = datetime.now(UTC)
    admin = services.office.initialise(ORIGIN, "示范市人民政府办公室", "管理员", now)
    officers = {"admin": admin}
    for role in ROLES:
        if role != "admin":
            officers[role] = services.office.add_officer(admin, role, "政务公开科", [role], now)
    officers[EVERY_ROLE] = services.office.add_officer(
        admin, "全能", "政务公开科", list(ROLES), now
    )
    tokens = {role: services.tokens.issue(o, 1, now) for role, o in officers.items()}
    services.settle()
    client = TestClient(create_app(services, background=False), raise_server_exceptions=False)
    return HttpOffice(services, client, officers, tokens)


@contextmanager
def office_on(backend: str, data_dir: Path) -> Iterator[HttpOffice]:
    """An ``HttpOffice`` on a fresh SQLite file or PostgreSQL schema, removed after."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GONGKAI_KEY_PASSPHRASE", PASSPHRASE)
        patch.delenv("GONGKAI_DATABASE_URL", raising=False)
        url = (
            f"sqlite:///{data_dir / 'ledger.db'}" if backend == "sqlite" else postgres_url_or_skip()
        )
        office = open_office(data_dir / "data", url)
        try:
            yield office
        finally:
            office.client.close()
            office.services.close()
            if backend != "sqlite":
                drop_schema(url)


def fresh_id() -> str:
    return str(uuid.uuid4())
