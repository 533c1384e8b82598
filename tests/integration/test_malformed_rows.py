"""Stored rows that are not entries at all (a failing disk, a careless UPDATE) are
integrity failures naming the entry, never a crash of whatever reads them: the key
registry, the integrator, a stream's replay, the public API."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.services import Services
from ledger.errors import IntegrityFailure
from ledger.events import NewEvent
from ledger.ledger import Ledger, new_stream_id
from tests.conftest import T0
from tests.support.tamper import set_stored_state, stored_rows

BROKEN = [
    pytest.param(lambda s: s[:10] + b"\xff" + s[11:], id="not-utf8"),
    pytest.param(lambda s: s[: len(s) // 2], id="truncated"),
    pytest.param(lambda s: s.replace(b'"seq":', b'"seq": '), id="not-canonical"),
    pytest.param(lambda s: b"[]", id="not-an-object"),
]


def _reopen(ledger: Ledger, database_url: str, tmp_path: Path) -> Ledger:
    return Ledger.open(tmp_path / "data", database_url)


@pytest.mark.parametrize("breaking", BROKEN)
def test_a_malformed_keyring_row_is_named_by_a_fresh_registry(
    ledger: Ledger, database_url: str, tmp_path: Path, breaking: object
) -> None:
    nid, state = stored_rows(ledger)[1]  # the log key's registration
    set_stored_state(ledger, nid, breaking(state))  # type: ignore[operator]
    fresh = _reopen(ledger, database_url, tmp_path)
    try:
        with pytest.raises(IntegrityFailure) as caught:
            fresh.registry()
        assert caught.value.evidence["stream"] == ledger.keyring_stream
        assert caught.value.evidence["seq"] == 2
    finally:
        fresh.close()


def test_a_keyring_entry_that_the_registry_refuses_is_named(
    ledger: Ledger, database_url: str, tmp_path: Path
) -> None:
    nid, state = stored_rows(ledger)[0]  # the root declaration, now of no valid key
    set_stored_state(ledger, nid, state.replace(b'"alg":"ed25519"', b'"alg":"ed25519","x":1'))
    fresh = _reopen(ledger, database_url, tmp_path)
    try:
        with pytest.raises(IntegrityFailure):
            fresh.registry()
    finally:
        fresh.close()


def test_the_integrator_names_an_altered_keyring_entry(
    ledger: Ledger, database_url: str, tmp_path: Path
) -> None:
    ledger.append(new_stream_id(), 0, [NewEvent("DisclosureRequest.Received", {})], "officer-1", T0)
    nid, state = stored_rows(ledger)[1]
    set_stored_state(ledger, nid, state[:-3])
    fresh = _reopen(ledger, database_url, tmp_path)  # its integrator reads the keyring anew
    try:
        with pytest.raises(IntegrityFailure) as caught:
            fresh.integrate()
        assert caught.value.log_index == 1
    finally:
        fresh.close()


@pytest.mark.parametrize("breaking", BROKEN)
def test_replaying_a_stream_with_a_malformed_row_names_it(
    ledger: Ledger, database_url: str, tmp_path: Path, breaking: object
) -> None:
    stream = new_stream_id()
    ledger.append(stream, 0, [NewEvent("DisclosureRequest.Received", {})], "officer-1", T0)
    nid, state = stored_rows(ledger)[-1]
    set_stored_state(ledger, nid, breaking(state))  # type: ignore[operator]
    fresh = _reopen(ledger, database_url, tmp_path)
    try:
        with pytest.raises(IntegrityFailure) as caught:
            fresh.read(stream)
        assert caught.value.evidence == {**caught.value.evidence, "stream": stream, "seq": 1}
    finally:
        fresh.close()


def test_an_officer_write_on_a_malformed_keyring_is_a_409_not_a_500(
    database_url: str, tmp_path: Path
) -> None:
    services = Services.open(tmp_path / "data", database_url)
    admin = services.office.initialise("t.gongkai.local/log", "测试局", "管理员", T0)
    drafter = services.office.add_officer(admin, "科员", "政务公开科", ["drafter"], T0)
    token = services.tokens.issue(drafter, 1, datetime.now(UTC))
    nid, state = stored_rows(services.ledger)[1]
    set_stored_state(services.ledger, nid, state[:-5])
    services.close()
    services = Services.open(tmp_path / "data", database_url)  # a restart reads it anew
    try:
        client = TestClient(create_app(services, background=False))
        headers = {"Authorization": f"Bearer {token}"}
        sha = client.post("/v1/content", content="正文".encode(), headers=headers).json()["sha256"]
        body = {
            "title": "关于印发规定的通知",
            "category": "normative_documents",
            "formed_on": "2026-01-05",
            "attribute": "proactive",
            "attribute_basis": "涉及公众切身利益",
            "content_sha256": sha,
        }
        answer = client.post("/v1/items", json=body, headers=headers)
        assert answer.status_code == 409, answer.text
        assert answer.json()["code"] == "INTEGRITY_FAILURE"
        assert answer.json()["evidence"]["seq"] == "2"
        assert client.get("/v1/checkpoint").status_code == 200  # public reads go on
    finally:
        services.close()
