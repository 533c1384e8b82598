"""Personal data over HTTP, on SQLite and PostgreSQL: an officer's view of the applicant
is recorded before it is answered; a published extension reason needs the head's
confirmation and is refused when it holds an identifier, without echoing it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from tests.api.test_requests_api import RECEIPT, Desk, problem
from tests.support.request_office import open_office

PHONE = "13912345678"


@pytest.fixture
def desk(database_url: str, tmp_path: Path) -> Iterator[Desk]:
    for office in open_office(database_url, tmp_path):
        now = datetime.now(UTC)
        officers = {"handler": office.handler, "head": office.head, "admin": "officer-0001"}
        tokens = {who: office.services.tokens.issue(o, 1, now) for who, o in officers.items()}
        client = TestClient(create_app(office.services, background=False))
        yield Desk(client, office, tokens)


def test_an_officers_view_of_the_applicant_is_recorded_first(desk: Desk) -> None:
    number, again = desk.receive()["number"], desk.receive()["number"]
    opened = desk.post(f"/v1/requests/{number}/personal-data", "handler", {})
    assert opened.status_code == 200, opened.text
    assert opened.json()["other_requests"] == [again]  # the same applicant (重复申请?)
    fields = {f["field"]: f["value"] for f in opened.json()["fields"]}
    assert fields["data.applicant"]["name"] == RECEIPT["applicant"]["name"]  # type: ignore[index]
    entries = desk.get("/v1/entries?limit=1000").json()["entries"]
    [entry] = [e for e in entries if e["leaf_hash"] == opened.json()["opened"]]
    assert entry["entry"]["type"] == "PersonalData.Opened"
    assert entry["entry"]["data"]["purpose"] == "handling"
    assert "张三丰" not in str(entries)


def test_who_may_open_and_for_what(desk: Desk) -> None:
    number = desk.receive()["number"]
    path = f"/v1/requests/{number}/personal-data"
    assert problem(desk.post(path, "admin", {}), 403) == "ROLE_REQUIRED"
    assert desk.post(path, None, {}).status_code == 401
    assert problem(desk.post(path, "handler", {"purpose": "gossip"}), 422) == "PURPOSE_UNKNOWN"


def test_a_published_reason_needs_confirmation_and_no_identifiers(desk: Desk) -> None:
    number = desk.receive()["number"]
    path = f"/v1/requests/{number}/extend"
    body = {"on": "2026-02-10", "days": 10, "reason": "档案量大"}
    unconfirmed = desk.post(path, "head", body)
    assert problem(unconfirmed, 422) == "PERSONAL_DATA_CONFIRMATION_REQUIRED"
    leaky = desk.post(path, "head", body | {"reason": f"电话{PHONE}", "no_personal_data": True})
    assert problem(leaky, 422) == "PERSONAL_DATA_IN_PUBLIC_TEXT"
    assert PHONE not in leaky.text
    done = desk.post(path, "head", body | {"no_personal_data": True})
    assert done.status_code == 200, done.text
