"""A stored entry altered behind the server's back turns it degraded by itself: ``/readyz``
says which entry and why, the integrity metric counts it, and public reads go on."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.services import Services
from tests.conftest import ORIGIN, T0, drop_schema, postgres_url_or_skip
from tests.support.tamper import set_stored_state, stored_rows


@pytest.fixture
def served(backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """A server with its background worker (integrator and self-audit) running."""
    monkeypatch.setenv("GONGKAI_AUDIT_BATCH", "4")
    url = f"sqlite:///{tmp_path / 'ledger.db'}" if backend == "sqlite" else postgres_url_or_skip()
    services = Services.open(tmp_path / "data", url)
    admin = services.office.initialise(ORIGIN, "示范市人民政府办公室", "管理员", T0)
    for number in range(3):
        services.office.add_officer(admin, f"科员{number}", "政务公开科", ["drafter"], T0)
    services.settle()
    try:
        with TestClient(create_app(services)) as client:  # lifespan: the worker runs
            yield client
    finally:
        if backend != "sqlite":
            drop_schema(url)


def _readiness(client: TestClient, wanted: int, seconds: float = 15) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while True:
        answer = client.get("/readyz")
        if answer.status_code == wanted or time.monotonic() > deadline:
            return answer
        time.sleep(0.1)


def test_an_altered_entry_turns_the_server_degraded_without_any_command(
    served: TestClient,
) -> None:
    services: Services = served.app.state.services  # type: ignore[attr-defined]
    assert _readiness(served, 200).status_code == 200
    index = 2
    nid, state = stored_rows(services.ledger)[index]
    set_stored_state(services.ledger, nid, state.replace(b'"seq":', b'"seq": '))

    degraded = _readiness(served, 503)
    assert degraded.status_code == 503
    body = degraded.json()
    assert (body["code"], body["readiness"]) == ("NOT_READY", "degraded")
    assert f"entry {index} " in body["detail"]
    assert served.get("/v1/checkpoint").status_code == 200  # public reads go on
    assert served.get(f"/v1/entries/{index + 1}").status_code == 200
    metrics = served.get("/metrics").text
    assert "gongkai_integrity_failures_total" in metrics
    assert "gongkai_integrity_failures_total 0.0" not in metrics

    set_stored_state(services.ledger, nid, state)  # repaired: ready again
    assert _readiness(served, 200).status_code == 200


def test_serve_starts_degraded_when_integration_fails_instead_of_exiting(
    backend: str, tmp_path: Path
) -> None:
    from api.cli.server import _settle_or_degrade
    from ledger.events import NewEvent
    from ledger.ledger import new_stream_id

    url = f"sqlite:///{tmp_path / 'ledger.db'}" if backend == "sqlite" else postgres_url_or_skip()
    services = Services.open(tmp_path / "data", url)
    try:
        admin = services.office.initialise(ORIGIN, "示范市人民政府办公室", "管理员", T0)
        services.settle()
        stream = new_stream_id()
        event = NewEvent("Calendar.YearRecorded", {"year": 2026})
        services.ledger.append(stream, 0, [event], admin, T0)  # committed, not integrated
        nid, state = stored_rows(services.ledger)[-1]
        set_stored_state(services.ledger, nid, state.replace(b'"seq":1', b'"seq":1,"x":1'))
        _settle_or_degrade(services)
        assert services.last_error is not None and "INTEGRITY" in services.last_error.upper()
    finally:
        services.close()
        if backend != "sqlite":
            drop_schema(url)
