"""``gongkai serve`` as real processes, on both backends (issue 8.4):

- kill -9 of the server during a burst of appends: after a restart every acknowledged
  entry is there and verifies, the Merkle log catches up and the read models converge
  (equal to a rebuild from zero);
- two server processes on one database, clients racing the same command on the same
  item through both: exactly one wins each version, the others get 409.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier
from typing import Any

import httpx
import pytest

from api.server.process import ServerProcess, gongkai_executable, start_server
from api.services import Services
from ledger.audit import audit
from tests.support.serve_office import PASSPHRASE, Office, auth, draft_body, set_up_office


@pytest.fixture
def office(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Office]:
    monkeypatch.setenv("GONGKAI_KEY_PASSPHRASE", PASSPHRASE)
    yield set_up_office(database_url, tmp_path / "data")


def _burst(
    office: Office, server: ServerProcess, acked: list[tuple[str, int]], refused: list[str]
) -> None:
    """Draft items until the server goes away; record each acknowledged (id, version) and
    each answer that was neither an acknowledgement nor a dropped connection."""
    lock = threading.Lock()

    def writer(worker: int) -> None:
        with httpx.Client(base_url=server.base_url, timeout=10) as client:
            for n in range(10_000):
                try:
                    response = client.post(
                        "/v1/items",
                        json=draft_body(office, worker * 10_000 + n),
                        headers=auth(office, "drafter"),
                    )
                except httpx.TransportError:
                    return  # the server was killed: this one was never acknowledged
                with lock:
                    if response.status_code != 201:
                        refused.append(f"{response.status_code} {response.text[:200]}")
                    else:
                        acked.append((response.json()["item_id"], response.json()["version"]))

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    while len(acked) < 40 and time.monotonic() < deadline:
        time.sleep(0.02)
    server.kill()  # SIGKILL in the middle of the burst
    for thread in threads:
        thread.join(30)


def _settled(services: Services, timeout: float = 60) -> None:
    """Wait for the restarted server's worker to integrate and project everything."""
    deadline = time.monotonic() + timeout
    names = list(services.projections.projections)
    while time.monotonic() < deadline:
        size = services.ledger.tree_size()
        with services.ledger.backend.transaction() as cur:
            stored = services.ledger.backend.notifications_after(cur, 0, 1_000_000)
        positions = [services.projections.position(name) for name in names]
        if size == len(stored) and all(p == size for p in positions):
            return
        time.sleep(0.2)
    raise AssertionError("the restarted server did not catch up")


def test_every_acknowledged_entry_survives_kill_9_and_the_log_and_read_models_catch_up(
    office: Office,
) -> None:
    server = start_server(office.data, office.env)
    acked: list[tuple[str, int]] = []
    refused: list[str] = []
    _burst(office, server, acked, refused)
    assert len(acked) >= 40

    restarted = start_server(office.data, office.env)
    services = office.services()
    try:
        _settled(services)
        for item_id, version in acked:
            stored = services.ledger.read(item_id)
            assert len(stored) >= version, f"acknowledged {item_id} v{version} is lost"
            assert all(services.ledger.leaf_index(s.leaf_hash) is not None for s in stored)
        result = audit(services.ledger)
        assert result.ok, result.problems
        assert result.pending == 0
        for name in services.projections.projections:
            assert services.projections.check(name) == [], name
        listed = httpx.get(
            f"{restarted.base_url}/v1/items?limit=200", headers=auth(office, "drafter")
        ).json()["items"]
        assert {item_id for item_id, _ in acked} <= {row["item_id"] for row in listed}
    finally:
        services.close()
        restarted.stop()
    verified = subprocess.run(
        [gongkai_executable(), "--data", str(office.data), "verify"],
        env=office.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert verified.returncode == 0 and verified.stdout.startswith("VALID"), verified.stdout
    assert not refused, refused[:5]


RACERS = 6


def _race(
    servers: list[ServerProcess], path: str, headers: dict[str, str], body: dict[str, Any]
) -> list[int]:
    """POST the same command from RACERS clients, alternating servers, released together."""
    barrier = Barrier(RACERS)

    def post(n: int) -> int:
        with httpx.Client(base_url=servers[n % len(servers)].base_url, timeout=30) as client:
            barrier.wait(30)
            return client.post(path, json=body, headers=headers).status_code

    with ThreadPoolExecutor(RACERS) as pool:
        return sorted(pool.map(post, range(RACERS)))


def test_two_server_processes_racing_on_one_item_let_exactly_one_win_each_version(
    office: Office,
) -> None:
    servers = [start_server(office.data, office.env) for _ in range(2)]
    try:
        first = httpx.post(
            f"{servers[0].base_url}/v1/items",
            json=draft_body(office, 1),
            headers=auth(office, "drafter"),
        ).json()
        item_id, version, sha = first["item_id"], first["version"], office.sha256
        steps = [
            ("attribute-review", "attribute_reviewer", {"attribute": "proactive", "basis": "同意"}),
            ("secrecy-review", "secrecy_reviewer", {"content_sha256": sha, "result": "passed"}),
            ("approve", "approver", {"content_sha256": sha}),
        ]
        for verb, role, body in steps:
            path = f"/v1/items/{item_id}/{verb}"
            statuses = _race(
                servers, path, auth(office, role), {**body, "expected_version": version}
            )
            assert statuses == [200] + [409] * (RACERS - 1), (verb, statuses)
            version += 1
    finally:
        for server in servers:
            server.stop()
    services = office.services()
    try:
        stored = services.ledger.read(item_id)
        assert [s.entry.seq for s in stored] == [1, 2, 3, 4]
    finally:
        services.close()
