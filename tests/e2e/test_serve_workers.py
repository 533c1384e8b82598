"""``gongkai serve --workers 2`` as real processes (api/server/workers.py: gunicorn's
arbiter, uvicorn workers), on both backends:

- new connections are spread over both workers (each has its own SO_REUSEPORT socket);
- a worker killed with SIGKILL is replaced, and the server answers throughout;
- an officer's read through one worker sees a write just acknowledged by the other;
- a port another server already listens on is refused in one line, before any worker;
- a worker that cannot start stops the server (exit 1) instead of restarting in a loop.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.cli.server import log_config
from api.server.process import ServerProcess, free_port, gongkai_executable, start_server
from api.server.workers import Workers
from tests.support.serve_office import PASSPHRASE, Office, auth, draft_body, set_up_office


@pytest.fixture
def office(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Office]:
    monkeypatch.setenv("GONGKAI_KEY_PASSPHRASE", PASSPHRASE)
    yield set_up_office(database_url, tmp_path / "data")


@pytest.fixture
def server(office: Office) -> Iterator[ServerProcess]:
    started = start_server(office.data, office.env, workers=2)
    yield started
    started.stop()


def _workers_answering(server: ServerProcess, connections: int = 32) -> set[int]:
    """The worker pid behind each of ``connections`` fresh connections."""
    pids = set()
    for _ in range(connections):
        with httpx.Client(base_url=server.base_url, timeout=10) as client:  # a new connection
            pids.add(client.get("/healthz").json()["worker"])
    return pids


def test_new_connections_are_spread_over_both_workers(server: ServerProcess) -> None:
    pids = _workers_answering(server)
    assert len(pids) == 2 and server.pid not in pids


def test_a_killed_worker_is_replaced_and_the_server_answers_throughout(
    server: ServerProcess,
) -> None:
    before = _workers_answering(server)
    victim = min(before)
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while True:
        now = _workers_answering(server, 16)  # every connection answered, none refused
        assert victim not in now
        if len(now) == 2:
            break
        assert time.monotonic() < deadline, "the killed worker was not replaced"
        time.sleep(0.2)
    assert len(now - before) == 1


def test_an_officers_read_through_either_worker_sees_an_acknowledged_write(
    office: Office, server: ServerProcess
) -> None:
    seen_workers = set()
    for n in range(12):
        with httpx.Client(base_url=server.base_url, timeout=10) as client:
            created = client.post(
                "/v1/items", json=draft_body(office, n), headers=auth(office, "drafter")
            )
            assert created.status_code == 201, created.text
        with httpx.Client(base_url=server.base_url, timeout=10) as client:  # maybe the other
            seen_workers.add(client.get("/healthz").json()["worker"])
            listed = client.get("/v1/items?limit=200", headers=auth(office, "drafter"))
        assert created.json()["item_id"] in {row["item_id"] for row in listed.json()["items"]}
    assert len(seen_workers) == 2


def test_a_port_already_taken_is_refused_in_one_line(office: Office) -> None:
    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        command = [gongkai_executable(), "--data", str(office.data), "serve"]
        result = subprocess.run(
            [*command, "--port", str(port), "--workers", "2"],
            env=office.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith(f"error: cannot listen on 127.0.0.1:{port}:")
    ), result.stderr


def test_a_worker_that_cannot_start_stops_the_server_instead_of_looping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GONGKAI_DATA", str(tmp_path))
    monkeypatch.setenv("GONGKAI_DATABASE_URL", "nosuch://nowhere")  # every worker's app fails
    started = time.monotonic()
    assert Workers(2, "127.0.0.1", free_port(), log_config(access_log=False)).serve() == 1
    assert time.monotonic() - started < 60
