"""Every entry a read serves is checked first: an altered one is never served, the
answer names it (409 INTEGRITY_FAILURE) and the server is degraded at once, with no
background worker running."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.services import Services
from ledger.bundle import write_bundle
from ledger.errors import IntegrityFailure
from tests.conftest import ORIGIN, T0, drop_schema, postgres_url_or_skip
from tests.support.tamper import set_stored_state, stored_rows
from verify.bundle_format import Selection


@pytest.fixture
def services(backend: str, tmp_path: Path) -> Iterator[Services]:
    url = f"sqlite:///{tmp_path / 'ledger.db'}" if backend == "sqlite" else postgres_url_or_skip()
    opened = Services.open(tmp_path / "data", url)
    admin = opened.office.initialise(ORIGIN, "示范市人民政府办公室", "管理员", T0)
    for number in range(3):
        opened.office.add_officer(admin, f"科员{number}", "政务公开科", ["drafter"], T0)
    opened.settle()
    try:
        yield opened
    finally:
        opened.close()
        if backend != "sqlite":
            drop_schema(url)


@pytest.fixture
def client(services: Services) -> TestClient:
    return TestClient(create_app(services))  # no lifespan: no worker, no self-audit


def _alter(services: Services, index: int) -> bytes:
    nid, state = stored_rows(services.ledger)[index]
    set_stored_state(services.ledger, nid, state.replace(b'"seq":', b'"seq": '))
    return state


def _names_entry(answer: object, index: int) -> None:
    body = answer.json()  # type: ignore[attr-defined]
    assert answer.status_code == 409  # type: ignore[attr-defined]
    assert answer.headers["content-type"] == "application/problem+json"  # type: ignore[attr-defined]
    assert body["code"] == "INTEGRITY_FAILURE"
    assert body["evidence"]["log_index"] == str(index)
    assert {"stream", "seq", "expected", "actual"} <= body["evidence"].keys()
    assert f"entry {index} " in body["detail"]


@pytest.mark.parametrize("path", ["/v1/entries/{index}", "/v1/entries?start=0&limit=50"])
def test_an_altered_entry_is_not_served_and_degrades_the_server_at_once(
    client: TestClient, services: Services, path: str
) -> None:
    index = services.ledger.tree_size() - 2
    assert client.get("/readyz").status_code == 200
    _alter(services, index)
    _names_entry(client.get(path.format(index=index)), index)
    ready = client.get("/readyz")
    assert (ready.status_code, ready.json()["readiness"]) == (503, "degraded")
    assert f"entry {index} " in ready.json()["detail"]
    assert "gongkai_integrity_failures_total 1.0" in client.get("/metrics").text
    assert client.get(f"/v1/entries/{index + 1}").status_code == 200  # the rest is served


def test_a_deleted_entry_is_named_not_hidden_as_missing(
    client: TestClient, services: Services
) -> None:
    nid, _ = stored_rows(services.ledger)[3]
    b = services.ledger.backend
    with b.transaction(write=True) as cur:
        cur.execute(f"DELETE FROM {b.events_table} WHERE {b.notification_column} = ?", (nid,))
    answer = client.get("/v1/entries/3")
    assert answer.status_code == 409
    assert "gone" in answer.json()["detail"]


def test_the_keys_read_checks_keyring_entries(client: TestClient, services: Services) -> None:
    _alter(services, 1)
    _names_entry(client.get("/v1/keys"), 1)


def test_a_page_showing_entries_answers_409_in_html(client: TestClient, services: Services) -> None:
    _alter(services, 0)  # the reports page reads the first and last entries' years
    answer = client.get("/reports")
    assert answer.status_code == 409
    assert answer.headers["content-type"].startswith("text/html")
    assert "entry 0 " in answer.text
    assert client.get("/readyz").json()["readiness"] == "degraded"


def test_readiness_comes_back_once_the_entry_is_whole_again(
    client: TestClient, services: Services
) -> None:
    index = services.ledger.tree_size() - 1
    state = _alter(services, index)
    assert client.get(f"/v1/entries/{index}").status_code == 409
    services.audit_step()
    assert client.get("/readyz").status_code == 503  # the self-audit re-checks it, still bad
    nid, _ = stored_rows(services.ledger)[index]
    set_stored_state(services.ledger, nid, state)
    services.audit_step()
    assert client.get("/readyz").status_code == 200
    assert client.get(f"/v1/entries/{index}").status_code == 200


def test_a_bundle_refuses_an_altered_entry(services: Services, tmp_path: Path) -> None:
    ledger = services.ledger
    _alter(services, 1)
    selection = Selection.from_text(f"stream {ledger.keyring_stream}")
    with pytest.raises(IntegrityFailure) as caught:
        write_bundle(ledger, selection, tmp_path / "b.zip", at=T0)
    assert caught.value.log_index == 1


def test_metrics_and_readiness_answer_before_the_ledger_is_initialised(tmp_path: Path) -> None:
    fresh = Services.open(tmp_path / "fresh", f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        client = TestClient(create_app(fresh))
        assert client.get("/metrics").status_code == 200
        assert client.get("/readyz").status_code == 503
        fresh.audit_step()  # nothing to audit yet, and no error
    finally:
        fresh.close()
