"""点题公开 over TestClient, on SQLite and PostgreSQL: a proposal is sealed and not
listed until moderated; the list shows the officer's wording and reason, never the
proposer's words or contact; the answer links published items; every step is a signed
entry with the role it needs."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from api.clock import now
from domain.errors import DomainError
from tests.api import test_portal_apply as portal
from tests.api.test_pages import Office

office, client = portal.office, portal.client
WORDS = "希望公开我家小区旁边道路的养护计划，联系人周九"
CONTACT = "zhou9@example.cn"


def propose(client: TestClient, text: str = WORDS, status: int = 201) -> str:
    response = client.post("/topics", data={"text": text, "contact": CONTACT, "consent": "yes"})
    assert response.status_code == status, response.text[-1200:]
    found = re.search(r'id="topic-number">([^<]+)<', response.text)
    return found.group(1) if found else ""


def test_a_topic_is_proposed_moderated_and_answered_in_public(
    client: TestClient, office: Office
) -> None:
    number = propose(client)
    assert number.startswith("DT") and number not in client.get("/topics").text
    topics, approver = office.services.topics, office.officers["approver"]
    with pytest.raises(DomainError):  # a drafter may not moderate
        topics.moderate(number, office.officers["drafter"], now(), accepted=True,
                        reason="x", public_text="y")  # fmt: skip
    topics.moderate(number, approver, now(), accepted=True, reason="属于主动公开范围",
                    public_text="公开2026年道路养护计划")  # fmt: skip
    html = client.get("/topics").text
    assert "公开2026年道路养护计划" in html and "属于主动公开范围" in html and "已采纳" in html
    topics.answer(number, approver, now(), item_ids=[office.items["budget"]], reply="已公开。")
    html = client.get("/topics").text
    assert f"/items/{office.items['budget']}" in html and "已答复" in html
    office.services.settle()
    size = office.services.ledger.checkpoint_size()
    entries = client.get(f"/v1/entries?start=0&end={size}").text
    for kind in ("Topic.Proposed", "Topic.Moderated", "Topic.Answered"):
        assert kind in entries
    for secret in (WORDS, CONTACT, "周九"):
        assert secret not in entries and secret not in html


def test_a_declined_topic_shows_its_reason_but_not_the_proposal(
    client: TestClient, office: Office
) -> None:
    number = propose(client, "请公开某某同事的家庭住址和电话号码")
    approver, reason = office.officers["approver"], "涉及个人隐私，不属于公开范围"
    office.services.topics.moderate(
        number, approver, now(), accepted=False, reason=reason, public_text=None
    )
    html = client.get("/topics").text
    assert "涉及个人隐私" in html and "家庭住址" not in html and "未采纳" in html


def test_an_empty_proposal_is_returned_with_its_error(client: TestClient) -> None:
    response = client.post("/topics", data={"text": "短"})
    assert response.status_code == 422
    assert 'aria-describedby="text-error"' in response.text and "请确认已阅读" in response.text
