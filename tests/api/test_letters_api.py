"""Answers and letters over HTTP, on SQLite and PostgreSQL: a refusal without reasons is
a 422 problem, every answer records its letter's hash and serves that exact PDF, a
re-answer follows a corrected decision, and letters are for officers only."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from domain.privacy.service import PersonalData
from tests.support.request_office import Office, open_office

RECEIPT = {
    "channel": "in-person",
    "received_on": "2026-02-06",
    "applicant_type": "natural-person",
    "applicant": {"name": "张三丰", "id_number": "110101199001011234"},
    "description": "请求公开2025年度老旧小区改造资金使用明细",
}
REFUSAL = {
    "on": "2026-03-02",
    "outcome": "withheld.process_information",
    "reasons": "所申请的会议纪要属于内部讨论记录",
    "articles": ["16", "36(三)"],
}


class Desk:
    def __init__(self, client: TestClient, office: Office, token: str) -> None:
        self.client, self.office = client, office
        self.auth = {"Authorization": f"Bearer {token}"}

    def post(self, path: str, body: object) -> httpx.Response:
        return self.client.post(path, json=body, headers=self.auth)

    def get(self, path: str, auth: bool = True) -> httpx.Response:
        return self.client.get(path, headers=self.auth if auth else {})

    def received(self) -> str:
        response = self.post("/v1/requests", RECEIPT)
        assert response.status_code == 201, response.text
        return str(response.json()["number"])


@pytest.fixture
def desk(database_url: str, tmp_path: Path) -> Iterator[Desk]:
    for office in open_office(database_url, tmp_path):
        token = office.services.tokens.issue(office.handler, 1, datetime.now(UTC))
        yield Desk(TestClient(create_app(office.services, background=False)), office, token)


def problem(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return str(response.json()["code"])


def test_a_refusal_without_reasons_is_a_422_problem(desk: Desk) -> None:
    number = desk.received()
    bare = {"on": "2026-03-02", "outcome": "withheld.process_information"}
    assert problem(desk.post(f"/v1/requests/{number}/answer", bare), 422) == "REASONS_REQUIRED"
    disclosed = {"on": "2026-03-02", "outcome": "disclosed", "items": 2}
    refused = desk.post(f"/v1/requests/{number}/answer", disclosed)
    assert problem(refused, 422) == "CONTENT_REQUIRED"


def test_the_answer_serves_the_pdf_whose_hash_its_entry_records(desk: Desk) -> None:
    number = desk.received()
    assert desk.post(f"/v1/requests/{number}/answer", REFUSAL).status_code == 200
    pdf = desk.get(f"/v1/requests/{number}/letters/answer.pdf")
    assert (pdf.status_code, pdf.headers["content-type"]) == (200, "application/pdf")
    sha = hashlib.sha256(pdf.content).hexdigest()
    recorded = desk.office.services.requests.get(number).history[-1].data["letter_sha256"]
    assert sha == recorded == pdf.headers["x-letter-sha256"]
    [listed] = desk.get(f"/v1/requests/{number}/letters").json()["letters"]
    assert (listed["kind"], listed["sha256"]) == ("answer", sha)
    html = desk.get(f"/v1/requests/{number}/letters/answer.html")
    assert "第16条、第36条第（三）项" in html.text and "张三丰" not in html.text
    document = desk.get(f"/v1/documents/{sha}", auth=False).json()
    citing = [
        e["entry"]["type"]
        for e in document["entries"]
        if e["entry"]["data"].get("letter_sha256") == sha
    ]
    assert citing == ["DisclosureRequest.Answered"]


def test_a_reanswer_follows_a_corrected_decision(desk: Desk) -> None:
    number = desk.received()
    desk.post(f"/v1/requests/{number}/answer", REFUSAL)
    early = desk.post(f"/v1/requests/{number}/reanswer", REFUSAL | {"on": "2026-04-02"})
    assert problem(early, 422) == "REANSWER_NOT_ORDERED"
    desk.post(f"/v1/requests/{number}/reconsideration", {"on": "2026-03-20"})
    decision = {"on": "2026-05-20", "result": "corrected"}
    desk.post(f"/v1/requests/{number}/reconsideration-decision", decision)
    item = desk.office.approved_item()
    body = {"on": "2026-06-01", "outcome": "disclosed", "item_ids": [item]}
    again = desk.post(f"/v1/requests/{number}/reanswer", body)
    assert (again.status_code, again.json()["outcome"]) == (200, "disclosed"), again.text
    kinds = [x["kind"] for x in desk.get(f"/v1/requests/{number}/letters").json()["letters"]]
    assert kinds == ["answer", "reanswer"]


def test_letters_are_for_officers_and_named_by_kind(desk: Desk) -> None:
    number = desk.received()
    missing = desk.get(f"/v1/requests/{number}/letters/answer.pdf")
    assert problem(missing, 404) == "LETTER_NOT_FOUND"
    assert problem(desk.get(f"/v1/requests/{number}/letters/invoice.doc"), 404) == (
        "LETTER_NOT_FOUND"
    )
    anonymous = desk.get(f"/v1/requests/{number}/letters/answer.pdf", auth=False)
    assert anonymous.status_code == 401


def test_a_supplement_notice_letter_is_issued_and_served(desk: Desk) -> None:
    number = desk.received()
    desk.post(f"/v1/requests/{number}/supplement-notice", {"on": "2026-02-09", "items": ["文号"]})
    issued = desk.post(f"/v1/requests/{number}/letters/supplement/issue", {"on": "2026-02-09"})
    assert issued.status_code == 200, issued.text
    pdf = desk.get(f"/v1/requests/{number}/letters/supplement.pdf")
    recorded = desk.office.services.requests.get(number).history[-1].data["letter_sha256"]
    assert hashlib.sha256(pdf.content).hexdigest() == recorded
    stream = desk.office.services.requests.get(number).id
    opened = PersonalData(desk.office.services.office).record(stream).openings
    assert [(o.actor, o.data["scope"]) for o in opened] == [(desk.office.handler, "letter")] * 2
    again = desk.post(f"/v1/requests/{number}/letters/supplement/issue", {"on": "2026-02-10"})
    assert problem(again, 422) == "LETTER_ALREADY_ISSUED"
