"""Operations endpoints (issue 8.3): ``/healthz``, ``/readyz`` and the Prometheus
``/metrics`` (append latency, integrated tree size, projection lag), on both backends."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.services import Services
from ledger.errors import ConcurrencyError
from ledger.events import NewEvent
from tests.support.hardening_office import HttpOffice, office_on


@pytest.fixture(scope="module")
def office(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HttpOffice]:
    with office_on(backend, tmp_path_factory.mktemp("operations")) as opened:
        yield opened


def metric(text: str, name: str, labels: str = "") -> float:
    """The value of one sample in the Prometheus text format."""
    pattern = re.escape(name + (f"{{{labels}}}" if labels else "")) + r" ([0-9.e+-]+)$"
    found = re.search(pattern, text, re.MULTILINE)
    assert found, f"no sample {name}{{{labels}}} in /metrics"
    return float(found.group(1))


def test_healthz_answers_without_touching_the_database(office: HttpOffice) -> None:
    response = office.request("GET", "/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "worker": os.getpid()}


def test_readyz_reports_the_integrated_tree_size(office: HttpOffice) -> None:
    response = office.request("GET", "/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "tree_size": office.services.ledger.tree_size()}


def test_readyz_is_503_before_the_ledger_is_initialised(tmp_path: Path) -> None:
    services = Services.open(tmp_path / "empty")
    try:
        client = TestClient(create_app(services, background=False))
        response = client.get("/readyz")
        assert response.status_code == 503 and response.json()["code"] == "NOT_READY"
        assert client.get("/healthz").status_code == 200
    finally:
        services.close()


def test_metrics_report_the_tree_size_and_no_lag_once_settled(office: HttpOffice) -> None:
    office.services.settle()
    text = office.request("GET", "/metrics").text
    size = office.services.ledger.tree_size()
    assert metric(text, "gongkai_tree_size") == size
    assert metric(text, "gongkai_checkpoint_size") == size
    assert metric(text, "gongkai_integration_pending") == 0
    assert metric(text, "gongkai_projection_lag") == 0
    assert metric(text, "gongkai_projection_position", 'name="catalogue"') == size


def test_metrics_show_entries_waiting_for_integration_and_projection(office: HttpOffice) -> None:
    services, now = office.services, datetime.now(UTC)
    services.office.add_officer(office.officers["admin"], "待整合", "科", ["drafter"], now)
    text = office.request("GET", "/metrics").text
    assert metric(text, "gongkai_integration_pending") >= 2  # appointment + key registration
    services.ledger.integrate()
    text = office.request("GET", "/metrics").text
    assert metric(text, "gongkai_integration_pending") == 0
    assert metric(text, "gongkai_projection_lag") >= 2
    services.settle()
    assert metric(office.request("GET", "/metrics").text, "gongkai_projection_lag") == 0


def test_metrics_time_every_append_and_every_request_by_route(office: HttpOffice) -> None:
    before = office.request("GET", "/metrics").text
    appended = metric(before, "gongkai_ledger_append_duration_seconds_count")
    sample = 'outcome="ok"'
    ok = metric(before, "gongkai_ledger_appends_total", sample) if sample in before else 0
    office.receive_online()
    after = office.request("GET", "/metrics").text
    assert metric(after, "gongkai_ledger_append_duration_seconds_count") == appended + 1
    assert metric(after, "gongkai_ledger_appends_total", sample) == ok + 1
    labels = 'method="POST",route="/v1/requests",status="201"'
    assert metric(after, "gongkai_http_request_duration_seconds_count", labels) >= 1


def test_metrics_count_conflicting_appends(office: HttpOffice) -> None:
    before = office.request("GET", "/metrics").text
    sample = 'outcome="conflict"'
    conflicts = metric(before, "gongkai_ledger_appends_total", sample) if sample in before else 0
    services = office.services
    stream = services.office.officer_stream(office.officers["admin"])
    head = services.ledger.read(stream)[-1].entry.seq
    event = NewEvent("Officer.AttemptRefused", {"code": "X", "stream": stream, "command": "c"})
    with pytest.raises(ConcurrencyError):
        services.ledger.append(
            stream, head - 1, [event], office.officers["admin"], datetime.now(UTC)
        )
    after = office.request("GET", "/metrics").text
    assert metric(after, "gongkai_ledger_appends_total", sample) == conflicts + 1


def test_metrics_are_prometheus_text_and_never_cached(office: HttpOffice) -> None:
    response = office.request("GET", "/metrics")
    assert response.headers["content-type"].startswith("text/plain; version=")
    assert response.headers["cache-control"] == "no-store"
    assert "# TYPE gongkai_ledger_append_duration_seconds histogram" in response.text
