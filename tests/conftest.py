"""Shared fixtures: every integration test runs on SQLite and on PostgreSQL.

With ``GONGKAI_REQUIRE_POSTGRES=1`` (set by ``.ci/run``) a PostgreSQL test that cannot
connect fails instead of skipping.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from hypothesis import HealthCheck, settings

from ledger.ledger import Ledger

# Speed is measured by benchmarks, never by tests: no per-example deadline and no
# "too slow" health check, so a busy machine cannot fail a property test.
settings.register_profile("gongkai", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("gongkai")

# The test offices sign with synthetic clocks (2026-01-05, 2026-03-02 …) while they date
# requests and documents throughout the year: let dates run up to ten years ahead of the
# signing time. tests/api/test_date_windows.py checks the server's real default (1 day).
os.environ.setdefault("GONGKAI_DATE_AHEAD_DAYS", "3660")
# Servers the tests start serve one client (the test) many times a second: no rate
# limits unless a test sets them (tests/api/test_rate_limit.py, tests/e2e/test_flood.py).
os.environ.setdefault("GONGKAI_RATE_LIMIT", "off")

POSTGRES_URL = os.environ.get(
    "GONGKAI_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("GONGKAI_REQUIRE_POSTGRES") == "1"
ORIGIN = "test.gongkai.local/gongkai"
T0 = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)


def _postgres_error() -> str | None:
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return str(exc).strip()


_PG_ERROR: list[str | None] = []


def postgres_url_or_skip() -> str:
    """A fresh schema's URL; skips (or fails when required) without a server."""
    if not _PG_ERROR:
        _PG_ERROR.append(_postgres_error())
    if _PG_ERROR[0] is not None:
        message = f"PostgreSQL unreachable at {POSTGRES_URL}: {_PG_ERROR[0]}"
        if REQUIRE_POSTGRES:
            pytest.fail(message)
        pytest.skip(message)
    return f"{POSTGRES_URL}?schema=t_{uuid.uuid4().hex[:16]}"


def drop_schema(url: str) -> None:
    schema = url.rsplit("schema=", 1)[1]
    with psycopg.connect(url.split("?")[0], autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(autouse=True)
def _passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGKAI_KEY_PASSPHRASE", "test-passphrase")
    monkeypatch.delenv("GONGKAI_DATABASE_URL", raising=False)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    """The database a test runs on: every test that asks for one runs once on each.

    Module fixtures that build a whole office take ``backend`` too, so that a module's
    tests share one office per backend; the test ids end in ``[sqlite]`` or ``[postgres]``.
    """
    return str(request.param)


@pytest.fixture
def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
        return
    url = postgres_url_or_skip()
    yield url
    drop_schema(url)


@pytest.fixture
def ledger(database_url: str, tmp_path: Path) -> Iterator[Ledger]:
    """A ledger after genesis, with officer-1 holding a request-handler key."""
    opened = Ledger.open(tmp_path / "data", database_url)
    opened.genesis(ORIGIN, T0)
    opened.register_key("officer-1", ["request_handler", "office_head"], "signing", T0)
    yield opened
    opened.close()
