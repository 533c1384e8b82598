"""Complaints and reports online (Arts. 47, 51), over TestClient on SQLite and
PostgreSQL: filed as a sealed, signed entry with a due date from the guide's period,
answered by an office head, shown to the complainant with number and secret only."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from api.clock import now, today
from domain.errors import DomainError
from tests.api import test_portal_apply as portal
from tests.api.test_pages import T0, Office

office, client = portal.office, portal.client
COMPLAINT = {
    "kind": "complaint",
    "about": "2026-0002",
    "name": "孙八",
    "contact": "sun@example.cn",
    "text": "申请已超过二十个工作日仍未收到答复",
    "consent": "yes",
}


def file(client: TestClient, status: int = 201, **changes: str) -> tuple[str, str]:
    response = client.post("/complain", data={**COMPLAINT, **changes})
    assert response.status_code == status, response.text[-1200:]
    if status != 201:
        return "", response.text
    number = re.search(r'id="tracking-number">([^<]+)<', response.text)
    secret = re.search(r'id="tracking-secret">([^<]+)<', response.text)
    assert number and secret
    return number.group(1), secret.group(1)


def test_a_complaint_is_filed_sealed_answered_and_shown_only_to_its_complainant(
    client: TestClient, office: Office
) -> None:
    number, secret = file(client)
    assert number.startswith("TS")
    services = office.services
    filed = services.complaints.get(number)
    assert filed.kind == "complaint" and filed.about == "2026-0002" and filed.answer_due
    services.settle()
    entries = client.get(f"/v1/entries?start=0&end={services.ledger.checkpoint_size()}").text
    assert "Complaint.Filed" in entries
    assert (
        "孙八" not in entries and "sun@example.cn" not in entries and "仍未收到答复" not in entries
    )
    page = client.post("/track", data={"number": number, "secret": secret}).text
    assert "办理中" in page and filed.answer_due.isoformat() in page
    head = services.office.add_officer("officer-0001", "负责人", "办公室", ["office_head"], T0)
    with pytest.raises(DomainError):  # a request handler may not answer it
        services.complaints.answer(
            number, office.officers["request_handler"], now(), on=today(), result="upheld",
            reply="x",
        )  # fmt: skip
    services.complaints.answer(
        number, head, now(), on=today(), result="upheld", reply="已督促承办科室在三日内答复。"
    )
    page = client.post("/track", data={"number": number, "secret": secret}).text
    assert "已督促承办科室" in page and "查证属实" in page
    refused = client.post("/track", data={"number": number, "secret": "guess"})
    assert refused.status_code == 404 and "已督促承办科室" not in refused.text


def test_a_complaint_form_with_mistakes_is_returned_with_each_named(client: TestClient) -> None:
    _, html = file(client, 422, name="", text="短", consent="")
    assert html.count('class="field-error"') == 3 and "请确认已阅读" in html
