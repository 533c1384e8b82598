"""The local streaming replica for the read-replica tests: started by ``.ci/pg-replica``
when it does not answer, waited for, paused.

Without PostgreSQL (or where the replica cannot be started) the tests skip; with
``GONGKAI_REQUIRE_POSTGRES=1`` (set by ``.ci/run``) they fail instead."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from tests.conftest import POSTGRES_URL, REQUIRE_POSTGRES, postgres_url_or_skip

REPLICA_URL = os.environ.get(
    "GONGKAI_TEST_REPLICA_URL", "postgresql://postgres@127.0.0.1:5433/test"
)
SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "pg-replica"
_STARTED: list[str | None] = []  # once per test process: None, or why it failed


def _in_recovery() -> str | None:
    """None if the replica answers as a replica, else why not."""
    try:
        with psycopg.connect(REPLICA_URL, connect_timeout=3, autocommit=True) as conn:
            row = conn.execute("SELECT pg_is_in_recovery()").fetchone()
    except psycopg.Error as exc:
        return str(exc).strip()
    return None if row and row[0] else f"{REPLICA_URL} is not in recovery"


def _start() -> str | None:
    """Start the replica with .ci/pg-replica if it does not answer; None once it does."""
    if _in_recovery() is None:
        return None
    if shutil.which("pg_createcluster") is None:
        return "no pg_createcluster here (Debian postgresql-common) to start a replica"
    done = subprocess.run([str(SCRIPT)], capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        return f"{SCRIPT.name} failed: {(done.stderr or done.stdout).strip()}"
    return _in_recovery()


def replica_urls_or_skip() -> tuple[str, str]:
    """(primary URL, replica URL) of one fresh schema; skips (fails when required)
    without PostgreSQL or a replica."""
    primary = postgres_url_or_skip()
    if not _STARTED:
        _STARTED.append(_start())
    if _STARTED[0] is not None:
        message = f"read replica unavailable at {REPLICA_URL}: {_STARTED[0]}"
        if REQUIRE_POSTGRES:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return primary, f"{REPLICA_URL}?{primary.split('?', 1)[1]}"


def primary_lsn() -> str:
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        row = conn.execute("SELECT pg_current_wal_lsn()::text").fetchone()
    assert row is not None
    return str(row[0])


def wait_for_replay(seconds: float = 60) -> None:
    """Return once the replica has replayed everything the primary wrote so far."""
    target = primary_lsn()
    deadline = time.monotonic() + seconds
    with psycopg.connect(REPLICA_URL, autocommit=True) as conn:
        while True:
            row = conn.execute(
                "SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), %s::pg_lsn) >= 0", [target]
            ).fetchone()
            if row and row[0]:
                return
            if time.monotonic() > deadline:
                pytest.fail(f"the replica did not replay up to {target} in {seconds} s")
            time.sleep(0.05)


@contextmanager
def replay_paused() -> Iterator[None]:
    """The replica's replay paused (it still receives WAL), resumed afterwards."""
    with psycopg.connect(REPLICA_URL, autocommit=True) as conn:
        conn.execute("SELECT pg_wal_replay_pause()")
        try:
            while conn.execute("SELECT pg_get_wal_replay_pause_state()").fetchone() != ("paused",):
                time.sleep(0.02)
            yield
        finally:
            conn.execute("SELECT pg_wal_replay_resume()")
