"""Disclosure requests over HTTP, on SQLite and PostgreSQL: a request from receipt to
answer, reconsideration and lawsuit; rules refused with their problem+json codes; roles
checked before anything else; the public register."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from tests.support.request_office import Office, open_office

RECEIPT = {
    "channel": "in-person",
    "received_on": "2026-02-06",  # Fri: REFERENCE.md's worked example
    "applicant_type": "natural-person",
    "applicant": {"name": "张三丰", "id_number": "110101199001011234"},
    "description": "请求公开2025年度老旧小区改造资金使用明细",
}


@dataclass
class Desk:
    """The request desk over HTTP: a token per officer."""

    client: TestClient
    office: Office
    tokens: dict[str, str]

    def post(self, path: str, who: str | None, body: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        return self.client.post(path, json=body, headers=headers)

    def get(self, path: str, who: str | None = None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        return self.client.get(path, headers=headers)

    def receive(self, **fields: Any) -> dict[str, Any]:
        response = self.post("/v1/requests", "handler", RECEIPT | fields)
        assert response.status_code == 201, response.text
        return dict(response.json())

    def command(self, ref: str, verb: str, who: str = "handler", **body: Any) -> dict[str, Any]:
        response = self.post(f"/v1/requests/{ref}/{verb}", who, body)
        assert response.status_code == 200, response.text
        return dict(response.json())


@pytest.fixture
def desk(database_url: str, tmp_path: Path) -> Iterator[Desk]:
    for office in open_office(database_url, tmp_path):
        now = datetime.now(UTC)
        officers = {"handler": office.handler, "head": office.head, "admin": "officer-0001"}
        tokens = {who: office.services.tokens.issue(o, 1, now) for who, o in officers.items()}
        client = TestClient(create_app(office.services, background=False))
        yield Desk(client, office, tokens)


def problem(response: httpx.Response, status: int) -> str:
    """The problem+json code of a refused request, checking its status and media type."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return str(response.json()["code"])


class TestFullPath:
    def test_a_request_is_received_with_the_statutory_deadlines(self, desk: Desk) -> None:
        request = desk.receive()
        assert (request["number"], request["status"]) == ("2026-0001", "received")
        assert (request["answer_due"], request["answer_due_provisional"]) == ("2026-03-12", False)
        assert request["supplement_notice_due"] == "2026-02-24"
        assert "applicant" not in request and "description" not in request

    def test_a_request_goes_from_receipt_to_answer_reconsideration_and_lawsuit(
        self, desk: Desk
    ) -> None:
        number = desk.receive()["number"]
        extended = desk.command(
            number, "extend", "head", on="2026-02-10", days=20, reason="档案量大",
            no_personal_data=True,
        )  # fmt: skip
        assert extended["answer_due"] == "2026-04-10"  # REFERENCE.md: with a full extension
        answered = desk.command(
            number,
            "answer",
            on="2026-03-20",
            outcome="withheld.process_information",
            reasons="所申请的会议纪要属于内部讨论记录",
            articles=["16", "36(三)"],
        )
        assert (answered["status"], answered["late"]) == ("answered", False)
        assert answered["outcome_label"] == "（三）不予公开 6.属于四类过程性信息"
        desk.command(number, "reconsideration", on="2026-04-01")
        decided = desk.command(
            number, "reconsideration-decision", on="2026-05-20", result="corrected"
        )
        assert decided["reconsideration"]["result"] == "corrected"
        sued = desk.command(number, "lawsuit", on="2026-05-25")
        assert sued["lawsuit"] == {
            "filed_on": "2026-05-25",
            "result": "pending",
            "after_reconsideration": True,
        }
        final = desk.command(number, "lawsuit-decision", on="2026-08-10", result="upheld")
        events = [e["event"] for e in final["history"]]
        assert events == [
            "Received",
            "Extended",
            "Answered",
            "ReconsiderationFiled",
            "ReconsiderationDecided",
            "LawsuitFiled",
            "LawsuitDecided",
        ]

    def test_supplement_consultation_and_fee_stop_and_restart_the_clock(self, desk: Desk) -> None:
        ref = desk.receive(channel="online", received_on="2026-03-02")["id"]
        assert desk.command(ref, "confirm-receipt", on="2026-03-03")["answer_due"] == "2026-03-31"
        notice = desk.command(ref, "supplement-notice", on="2026-03-05", items=["信息的文号"])
        assert (notice["status"], notice["answer_due"]) == ("awaiting_supplement", None)
        assert desk.command(ref, "supplemented", on="2026-03-10")["answer_due"] == "2026-04-08"
        consulting = desk.command(ref, "consult", on="2026-03-12", party="third-party")
        assert consulting["consultation"]["reply_due"] == "2026-04-02"
        ended = desk.command(ref, "consult-end", on="2026-03-19", reply="consent")
        assert ended["consultation_replies"] == [
            {
                "on": "2026-03-19",
                "party": "third-party",
                "reply": "consent",
                "deemed_consent": False,
            }
        ]
        fee = desk.command(ref, "fee-notice", on="2026-03-20", method="pages", count=45)
        assert fee["fees"][0]["fee_fen"] == 15000  # pages 31–45 at 10 yuan
        paid = desk.command(ref, "fee-paid", on="2026-03-24")
        # counted: 03-11, 03-12 and 03-20 (3); 17 more after payment, past the Qingming
        # holiday (04-04..06): 03-25 … 04-17
        assert (paid["status"], paid["answer_due"]) == ("received", "2026-04-17")
        provided = [desk.office.approved_item()]
        done = desk.command(
            ref, "answer", on="2026-04-16", outcome="disclosed", item_ids=provided, items=3
        )
        assert (done["outcome"], done["late"]) == ("disclosed", False)

    def test_the_register_shows_the_answer_without_personal_data(self, desk: Desk) -> None:
        number = desk.receive()["number"]
        provided = [desk.office.approved_item()]
        desk.command(number, "answer", on="2026-03-16", outcome="disclosed", item_ids=provided)

        page = desk.get("/v1/requests/register").json()
        [row] = page["requests"]
        assert (row["number"], row["status"], row["answer_due"]) == (
            number,
            "answered",
            "2026-03-12",
        )
        assert (row["answered_late"], row["outcome_label"]) == (True, "（一）予以公开")
        assert row["applicant_type"] is None and "张三丰" not in str(page)

    def test_the_officers_list_shows_late_answers_against_the_officer(self, desk: Desk) -> None:
        number = desk.receive()["number"]
        provided = [desk.office.approved_item()]
        desk.command(number, "answer", on="2026-03-16", outcome="disclosed", item_ids=provided)
        [row] = desk.get("/v1/requests?overdue=true", "handler").json()["requests"]
        assert (row["number"], row["late"]) == (number, True)
        assert (row["answered_by"], row["answered_unit"]) == (desk.office.handler, "政务公开科")


class TestRulesRefused:
    def test_a_second_extension_is_refused(self, desk: Desk) -> None:
        number = desk.receive()["number"]
        desk.command(
            number, "extend", "head", on="2026-02-10", days=10, reason="档案量大",
            no_personal_data=True,
        )  # fmt: skip
        again = desk.post(
            f"/v1/requests/{number}/extend",
            "head",
            {"on": "2026-02-11", "days": 5, "reason": "x", "no_personal_data": True},
        )
        assert problem(again, 422) == "EXTENSION_ALREADY_GRANTED"

    def test_an_answer_after_the_answer_is_refused(self, desk: Desk) -> None:
        number = desk.receive()["number"]
        desk.command(
            number,
            "answer",
            on="2026-03-02",
            outcome="unavailable.not_held",
            reasons="本机关未制作、未获取该信息",
            articles=["36(四)"],
        )
        again = desk.post(
            f"/v1/requests/{number}/answer", "handler", {"on": "2026-03-03", "outcome": "disclosed"}
        )
        assert problem(again, 422) == "ALREADY_ANSWERED"

    def test_an_unknown_outcome_code_is_refused(self, desk: Desk) -> None:
        number = desk.receive()["number"]
        answer = desk.post(
            f"/v1/requests/{number}/answer", "handler", {"on": "2026-03-02", "outcome": "maybe"}
        )
        assert problem(answer, 422) == "OUTCOME_UNKNOWN"

    def test_an_in_person_request_needs_no_confirmation_of_receipt(self, desk: Desk) -> None:
        number = desk.receive()["number"]
        confirm = desk.post(
            f"/v1/requests/{number}/confirm-receipt", "handler", {"on": "2026-02-09"}
        )
        assert problem(confirm, 422) == "RECEIPT_CONFIRMATION_NOT_NEEDED"

    def test_a_late_supplement_notice_is_recorded_and_flagged(self, desk: Desk) -> None:
        number = desk.receive()["number"]
        late = desk.command(number, "supplement-notice", on="2026-02-25", items=["x"])
        assert late["supplement"]["notice_late"] is True
        assert late["history"][-1]["data"]["notice_due"] == "2026-02-24"

    def test_an_unreasonable_supplement_period_is_refused(self, desk: Desk) -> None:
        number = desk.receive()["number"]
        long = desk.post(
            f"/v1/requests/{number}/supplement-notice",
            "handler",
            {"on": "2026-02-10", "items": ["x"], "allowed_days": 61},
        )
        assert problem(long, 422) == "SUPPLEMENT_PERIOD_INVALID"

    def test_the_payment_period_starts_when_the_notice_is_received(self, desk: Desk) -> None:
        number = desk.receive()["number"]
        noticed = desk.command(number, "fee-notice", on="2026-03-02", method="pages", count=31)
        assert noticed["fees"][0]["payment_due"] is None
        early = desk.post(
            f"/v1/requests/{number}/deemed-withdrawn", "handler", {"on": "2026-06-01"}
        )
        assert problem(early, 422) == "FEE_NOTICE_NOT_RECEIVED"
        received = desk.command(number, "fee-notice-received", on="2026-03-05")
        fee = received["fees"][0]
        assert (fee["received_on"], fee["payment_due"]) == ("2026-03-05", "2026-04-02")
        assert fee["payment_due_provisional"] is False

    def test_a_lawsuit_about_an_open_request_not_yet_due_is_refused(self, desk: Desk) -> None:
        number = desk.receive()["number"]
        sued = desk.post(f"/v1/requests/{number}/lawsuit", "handler", {"on": "2026-02-20"})
        assert problem(sued, 422) == "NOTHING_TO_CHALLENGE"

    def test_an_unknown_request_is_not_found(self, desk: Desk) -> None:
        for ref in ("2026-0099", "no-such-request"):
            assert problem(desk.get(f"/v1/requests/{ref}", "handler"), 404) == "REQUEST_NOT_FOUND"

    def test_a_stale_expected_version_is_a_conflict(self, desk: Desk) -> None:
        number = desk.receive()["number"]
        stale = desk.post(
            f"/v1/requests/{number}/answer",
            "handler",
            {"on": "2026-03-02", "outcome": "disclosed", "expected_version": 7},
        )
        assert problem(stale, 409) == "CONCURRENT_APPEND"

    def test_a_malformed_body_is_a_validation_problem(self, desk: Desk) -> None:
        bad = desk.post("/v1/requests", "handler", RECEIPT | {"received_on": "yesterday"})
        assert problem(bad, 422) == "VALIDATION_FAILED"

    def test_a_bad_register_cursor_is_refused(self, desk: Desk) -> None:
        assert problem(desk.get("/v1/requests/register?cursor=abc"), 422) == "CURSOR_INVALID"


class TestRoles:
    def test_an_extension_by_an_officer_who_is_not_office_head_is_forbidden(
        self, desk: Desk
    ) -> None:
        number = desk.receive()["number"]
        refused = desk.post(
            f"/v1/requests/{number}/extend",
            "handler",
            {"on": "2026-02-10", "days": 10, "reason": "x"},
        )
        assert problem(refused, 403) == "ROLE_REQUIRED"
        assert desk.get(f"/v1/requests/{number}", "handler").json()["extension_days"] == 0

    def test_only_a_request_handler_receives_and_answers(self, desk: Desk) -> None:
        assert problem(desk.post("/v1/requests", "head", RECEIPT), 403) == "ROLE_REQUIRED"
        number = desk.receive()["number"]
        answer = desk.post(
            f"/v1/requests/{number}/answer", "admin", {"on": "2026-03-02", "outcome": "disclosed"}
        )
        assert problem(answer, 403) == "ROLE_REQUIRED"

    def test_the_role_is_checked_before_the_request_is_looked_up(self, desk: Desk) -> None:
        refused = desk.post(
            "/v1/requests/2026-0099/extend",
            "handler",
            {"on": "2026-02-10", "days": 1, "reason": "x"},
        )
        assert problem(refused, 403) == "ROLE_REQUIRED"

    def test_commands_and_officer_reads_need_a_token(self, desk: Desk) -> None:
        number = desk.receive()["number"]
        assert problem(desk.post("/v1/requests", None, RECEIPT), 401) == "UNAUTHENTICATED"
        assert problem(desk.get(f"/v1/requests/{number}"), 401) == "UNAUTHENTICATED"
        assert problem(desk.get("/v1/requests"), 401) == "UNAUTHENTICATED"

    def test_the_register_is_public(self, desk: Desk) -> None:
        desk.receive()
        assert desk.get("/v1/requests/register").status_code == 200


class TestRegisterPages:
    def test_pages_follow_the_cursor_and_filters_apply(self, desk: Desk) -> None:
        for day in ("2025-12-30", "2026-01-05", "2026-01-06"):
            desk.receive(received_on=day)
        first = desk.get("/v1/requests/register?limit=2").json()
        assert [r["number"] for r in first["requests"]] == ["2026-0002", "2026-0001"]
        second = desk.get(f"/v1/requests/register?limit=2&cursor={first['next_cursor']}").json()
        assert ([r["number"] for r in second["requests"]], second["next_cursor"]) == (
            ["2025-0001"],
            None,
        )
        only = desk.get("/v1/requests/register?year=2025&status=received").json()
        assert [r["number"] for r in only["requests"]] == ["2025-0001"]


class TestThirdPartyObjection:
    def test_disclosing_over_an_objection_needs_the_written_notice(self, desk: Desk) -> None:
        ref = desk.receive()["id"]
        desk.command(ref, "consult", on="2026-02-24", party="third-party")
        desk.command(ref, "consult-end", on="2026-03-03", reply="objection")
        provided = [desk.office.approved_item()]
        body = {"on": "2026-03-04", "outcome": "disclosed", "item_ids": provided}
        refused = desk.post(f"/v1/requests/{ref}/answer", "handler", body)
        assert problem(refused, 422) == "THIRD_PARTY_NOT_NOTIFIED"
        notice = desk.command(ref, "third-party-notice", on="2026-03-04", reasons="公共利益")
        assert notice["history"][-1]["event"] == "ThirdPartyNotified"
        assert desk.command(ref, "answer", **body)["outcome"] == "disclosed"

    def test_an_unknown_reply_is_a_validation_problem(self, desk: Desk) -> None:
        ref = desk.receive()["id"]
        desk.command(ref, "consult", on="2026-02-24", party="agency")
        response = desk.post(
            f"/v1/requests/{ref}/consult-end", "handler", {"on": "2026-03-03", "reply": "maybe"}
        )
        assert response.status_code == 422


class TestReasonablePeriod:
    def test_the_office_head_sets_a_reasonable_answer_date_after_the_reasons(
        self, desk: Desk
    ) -> None:
        ref = desk.receive()["id"]  # answer due 2026-03-12
        body = {
            "on": "2026-02-11",
            "reasons": "数量明显超过合理范围，理由合理",
            "due": "2026-04-30",
        }
        early = desk.post(f"/v1/requests/{ref}/reasonable-period", "head", body)
        assert problem(early, 422) == "REASONS_NOT_ASKED"
        desk.command(ref, "ask-reasons", on="2026-02-10", note="请说明申请理由")
        handler = desk.post(f"/v1/requests/{ref}/reasonable-period", "handler", body)
        assert handler.status_code == 403
        later = desk.command(ref, "reasonable-period", "head", **body)
        assert later["reasonable_due"] == "2026-04-30"
        assert (later["answer_due"], later["answer_due_provisional"]) == ("2026-04-30", False)
        assert later["history"][-1]["data"]["previous"] == "2026-03-12"


class TestUnsignedMail:
    def test_ordinary_mail_is_received_on_the_confirmation(self, desk: Desk) -> None:
        request = desk.receive(channel="mail-unsigned", received_on="2026-02-06")
        assert (request["status"], request["answer_due"]) == ("awaiting_confirmation", None)
        confirmed = desk.command(request["id"], "confirm-receipt", on="2026-02-09")
        assert (confirmed["receipt_on"], confirmed["answer_due"]) == ("2026-02-09", "2026-03-13")


class TestExtensionNotice:
    def test_the_extension_records_the_day_the_applicant_was_notified(self, desk: Desk) -> None:
        number = desk.receive()["number"]
        body = {"on": "2026-02-10", "days": 10, "reason": "档案量大", "notified_on": "2026-02-09"}
        body["no_personal_data"] = True
        early = desk.post(f"/v1/requests/{number}/extend", "head", body)
        assert problem(early, 422) == "INVALID_DATE"
        extended = desk.command(number, "extend", "head", **(body | {"notified_on": "2026-02-11"}))
        assert extended["history"][-1]["data"]["notified_on"] == "2026-02-11"


class TestAgencySilence:
    def test_an_agency_silent_past_its_period_shows_as_deemed_consent(self, desk: Desk) -> None:
        ref = desk.receive()["id"]
        desk.command(ref, "consult", on="2026-02-24", party="agency")
        ended = desk.command(ref, "consult-end", on="2026-03-17")  # reply due 03-16
        assert ended["consultation_replies"] == [
            {"on": "2026-03-17", "party": "agency", "reply": "none", "deemed_consent": True}
        ]
