"""The request, office-head, admin and inspector desks of the workbench (issue 18):
a request from receipt to answer with a supplement and an extension, the inbox sorted
by days left with overdue rows marked and pages by cursor, the admin's officers and
sign-in record, and the console's replay as of a past entry and its evidence bundle
(which the offline verifier accepts). Both backends."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.clock import today
from api.workbench import requests_desk
from domain.privacy.record import record_stream
from tests.support.hardening_office import HttpOffice, office_on
from tests.support.tamper import stored_rows
from tests.support.workbench import csrf_of, new_client, sign_in, with_account
from verify.bundle import verify_bundle


@pytest.fixture(scope="module")
def office(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HttpOffice]:
    with office_on(backend, tmp_path_factory.mktemp("request-desk")) as opened:
        for officer in opened.officers.values():
            with_account(opened.services, officer)
        yield opened


def _at(office: HttpOffice, role: str) -> TestClient:
    client = new_client(office.client)
    assert sign_in(client, office.officers[role]).status_code == 303
    return client


def _receive(client: TestClient, received_on: date) -> str:
    page = client.get("/workbench/requests")
    data = {
        "csrf": csrf_of(page.text),
        "channel": "in-person",
        "received_on": received_on.isoformat(),
        "applicant_type": "natural-person",
        "applicant_name": "申请人",
        "description": "申请公开道路维修资金使用情况",
    }
    answer = client.post("/workbench/requests", data=data, follow_redirects=False)
    assert answer.status_code == 303, answer.text[-500:]
    return str(answer.headers["location"]).split("?")[0].rsplit("/", 1)[1]


def _step(client: TestClient, ref: str, name: str, **fields: str) -> tuple[int, str]:
    page = client.get(f"/workbench/requests/{ref}")
    version = re.search(r'name="expected_version" value="(\d+)"', page.text)
    assert version, page.text[-500:]
    data = {"csrf": csrf_of(page.text), "expected_version": version.group(1), **fields}
    answer = client.post(f"/workbench/requests/{ref}/{name}", data=data, follow_redirects=False)
    return answer.status_code, answer.text


def _due(client: TestClient, ref: str) -> str:
    found = re.search(r'id="answer-due">([0-9-]+)', client.get(f"/workbench/requests/{ref}").text)
    assert found
    return found.group(1)


def test_a_request_goes_from_receipt_to_answer_with_a_supplement_and_an_extension(
    office: HttpOffice,
) -> None:
    handler, day = _at(office, "request_handler"), today()
    ref = _receive(handler, day)
    page = handler.get(f"/workbench/requests/{ref}").text
    assert "第三十条 Art. 30" in page and "第三十一条 Art. 31" in page  # each step's article
    notice = _step(handler, ref, "supplement-notice", on=day.isoformat(), items="身份证明")
    assert notice[0] == 303
    assert _step(handler, ref, "supplemented", on=day.isoformat())[0] == 303
    due_before = _due(handler, ref)
    refused = _step(handler, ref, "extend", on=day.isoformat(), days="10", reason="复杂")
    assert refused[0] == 403  # a handler without the office head's role
    head = _at(office, "office_head")
    extended = _step(
        head, ref, "extend", on=day.isoformat(), days="10", reason="需协调", no_personal_data="on"
    )
    assert extended[0] == 303
    assert _due(handler, ref) > due_before
    answered = _step(
        handler, ref, "answer", on=day.isoformat(), outcome="unavailable.not_held",
        reasons="本机关未制作、未获取该信息", articles="36(四)",
    )  # fmt: skip
    assert answered[0] == 303, re.findall(r"<li>([^<]*)</li>", answered[1])[:3]
    assert office.services.requests.get(ref).status == "answered"


def _events(office: HttpOffice, ref: str) -> list[str]:
    return [e.name for e in office.services.requests.get(ref).history]


def test_the_statutory_variants_are_recorded_from_the_desk(office: HttpOffice) -> None:
    """Arts. 32, 34 and 35 and letter 109's steps, each from its form: a consultation
    ended with the third party's objection, the written notice to it, the fee notice
    with the day it was received, the deemed withdrawal, the Art. 35 reasons and the
    office head's reasonable period."""
    handler, head, day = _at(office, "request_handler"), _at(office, "office_head"), today()
    on = day.isoformat()
    ref = _receive(handler, day)
    assert _step(handler, ref, "consult", on=on, party="third-party")[0] == 303
    assert _step(handler, ref, "consult-end", on=on, reply="objection")[0] == 303
    notice = _step(handler, ref, "third-party-notice", on=on, reasons="涉及公共利益，决定公开")
    assert notice[0] == 303, re.findall(r"<li>([^<]*)</li>", notice[1])[:3]
    fee = _step(handler, ref, "fee-notice", on=on, method="pages", count="120", received_on=on)
    assert fee[0] == 303, re.findall(r"<li>([^<]*)</li>", fee[1])[:3]
    ended = office.services.requests.get(ref).history
    assert [e.data.get("reply") for e in ended if e.name == "ConsultationEnded"] == ["objection"]
    assert "ThirdPartyNotified" in _events(office, ref)
    received = [e.data for e in ended if e.name == "FeeNoticed"]
    assert received and received[0].get("notice_received_on") == on
    later = _receive(handler, day)
    assert _step(handler, later, "ask-reasons", on=on, note="请说明申请数量的用途")[0] == 303
    due = (day + timedelta(days=60)).isoformat()
    assert _step(handler, later, "reasonable-period", on=on, reasons="数量大", due=due)[0] == 403
    assert _step(head, later, "reasonable-period", on=on, reasons="数量大", due=due)[0] == 303
    assert _due(handler, later) == due
    assert {"ReasonsAsked", "ReasonablePeriodSet"} <= set(_events(office, later))


def test_a_refused_step_shows_the_rules_words_and_no_stack_trace(office: HttpOffice) -> None:
    head = _at(office, "office_head")
    ref = _receive(_at(office, "request_handler"), today())
    status, html = _step(head, ref, "extend", on=today().isoformat(), days="25", reason="x")
    assert status == 422 and "EXTENSION_TOO_LONG" in html and "Traceback" not in html


def test_the_inbox_puts_the_soonest_due_first_and_marks_overdue_rows(
    office: HttpOffice, monkeypatch: pytest.MonkeyPatch
) -> None:
    handler = _at(office, "request_handler")
    old = _receive(handler, today() - timedelta(days=60))
    for days_ago in (1, 2):
        _receive(handler, today() - timedelta(days=days_ago))
    monkeypatch.setattr(requests_desk, "PAGE", 2)
    first = handler.get("/workbench/requests").text
    rows = re.findall(r'<tr class="([a-z-]*)">\s*<td><a href="/workbench/requests/([^"]+)"', first)
    assert rows[0][0] == "overdue"
    assert office.services.requests.get(rows[0][1]).id == office.services.requests.get(old).id
    cursor = re.search(r'href="/workbench/requests\?cursor=([^"]+)"', first)
    assert cursor, "a second page is linked"
    second = handler.get(f"/workbench/requests?cursor={cursor.group(1)}").text
    numbers = re.findall(r'<td><a href="/workbench/requests/([^"]+)"', second)
    assert numbers and not set(numbers) & {number for _, number in rows}


def test_a_malformed_inbox_cursor_is_a_400_page(office: HttpOffice) -> None:
    answer = _at(office, "request_handler").get("/workbench/requests?cursor=x")
    assert answer.status_code == 400


def test_the_admin_appoints_an_officer_and_sees_every_sign_in_failure(
    office: HttpOffice,
) -> None:
    admin = _at(office, "admin")
    sign_in(new_client(office.client), office.officers["drafter"], "wrong-password-1")
    page = admin.get("/workbench/admin")
    assert "bad_password" in page.text
    data = {"csrf": csrf_of(page.text), "name": "新任", "unit": "政务公开科", "roles": ["drafter"]}
    answer = admin.post("/workbench/admin/appoint", data=data)
    assert answer.status_code == 200 and "已任命 Appointed officer-" in answer.text


def _form_id(html: str) -> str:
    found = re.search(r'name="form_id" value="([^"]+)"', html)
    assert found, html[-500:]
    return found.group(1)


def test_a_receipt_posted_twice_records_one_request(office: HttpOffice) -> None:
    """A double click or a reload of the receipt form lands on the request the first
    post recorded; a refused post frees the form to be sent again corrected."""
    client = _at(office, "request_handler")
    page = client.get("/workbench/requests")
    data = {
        "csrf": csrf_of(page.text),
        "form_id": _form_id(page.text),
        "channel": "in-person",
        "received_on": "1999-01-01",  # refused: before the regulation was in force
        "applicant_type": "natural-person",
        "applicant_name": "申请人",
        "description": "申请公开重复提交测试的材料",
    }
    refused = client.post("/workbench/requests", data=data, follow_redirects=False)
    assert refused.status_code == 422
    before = office.services.ledger.last_notification_id()
    data["received_on"] = today().isoformat()
    first = client.post("/workbench/requests", data=data, follow_redirects=False)
    second = client.post("/workbench/requests", data=data, follow_redirects=False)
    assert first.status_code == second.status_code == 303, second.text[-300:]
    assert first.headers["location"] == second.headers["location"]
    received = [
        nid
        for nid, raw in stored_rows(office.services.ledger)
        if nid > before and b'"DisclosureRequest.Received"' in raw
    ]
    assert len(received) == 1


def test_an_appointment_posted_twice_appoints_once(office: HttpOffice) -> None:
    admin = _at(office, "admin")
    page = admin.get("/workbench/admin")
    data = {
        "csrf": csrf_of(page.text),
        "form_id": _form_id(page.text),
        "name": "只任命一次",
        "unit": "政务公开科",
        "roles": ["drafter"],
    }
    first = admin.post("/workbench/admin/appoint", data=data)
    second = admin.post("/workbench/admin/appoint", data=data)
    assert "已任命 Appointed officer-" in first.text
    assert second.status_code == 200 and "nothing was recorded again" in second.text
    named = [o for o in office.services.office.officers() if o.name == "只任命一次"]
    assert len(named) == 1


def test_the_inspector_replays_a_request_as_of_a_past_entry_and_gets_a_verifiable_bundle(
    office: HttpOffice, tmp_path: Path
) -> None:
    handler = _at(office, "request_handler")
    ref = _receive(handler, today())
    answered = _step(
        handler, ref, "answer", on=today().isoformat(), outcome="unavailable.not_held",
        reasons="本机关未制作、未获取该信息", articles="36(四)",
    )  # fmt: skip
    assert answered[0] == 303
    office.services.settle()
    stream = office.services.requests.get(ref).id
    inspector = _at(office, "inspector")
    found = inspector.get(f"/workbench/inspect?request={office.services.requests.get(ref).number}")
    assert f"/workbench/inspect/streams/{stream}" in found.text
    whole = inspector.get(f"/workbench/inspect/streams/{stream}").text
    indices = re.findall(r'<option value="(\d+)"', whole)
    assert len(indices) >= 1 and "全部条目签名" in whole
    past = inspector.get(f"/workbench/inspect/streams/{stream}?as_of={indices[0]}").text
    assert past.count('<li class="card">') == 1
    bundle = inspector.get(f"/workbench/inspect/bundle/{stream}")
    assert bundle.status_code == 200 and bundle.headers["content-type"] == "application/zip"
    path = tmp_path / "bundle.zip"
    path.write_bytes(bundle.content)
    verify_bundle(path, office.services.ledger.vkey())


def test_the_inspector_sees_an_officers_record_with_findings(office: HttpOffice) -> None:
    inspector = _at(office, "inspector")
    officer = office.officers["request_handler"]
    answer = inspector.get(f"/workbench/inspect/record?officer={officer}")
    assert answer.status_code == 200 and "责任记录" in answer.text and officer in answer.text


@pytest.mark.parametrize(
    "path", ["/workbench/drafter", "/workbench/requests", "/workbench/admin", "/workbench/office"]
)
def test_the_inspectors_session_opens_no_desk_that_writes(office: HttpOffice, path: str) -> None:
    assert _at(office, "inspector").get(path).status_code == 403


def test_an_officer_who_is_not_an_inspector_cannot_open_the_console(office: HttpOffice) -> None:
    assert _at(office, "drafter").get("/workbench/inspect").status_code == 403


def test_accounts_and_sign_out_from_the_admin_desk_end_the_officers_sessions(
    office: HttpOffice,
) -> None:
    victim = _at(office, "approver")
    admin = _at(office, "admin")
    page = admin.get("/workbench/admin")
    data = {"csrf": csrf_of(page.text), "officer": office.officers["approver"]}
    assert admin.post("/workbench/admin/sign-out", data=data).status_code == 200
    assert victim.get("/workbench", follow_redirects=False).status_code == 303
    with_account(office.services, office.officers["approver"])
    assert sign_in(new_client(office.client), office.officers["approver"]).status_code == 303


def test_the_request_page_lists_its_letters_and_serves_the_recorded_bytes(
    office: HttpOffice,
) -> None:
    handler = _at(office, "request_handler")
    ref = _receive(handler, today())
    answered = _step(
        handler,
        ref,
        "answer",
        on=today().isoformat(),
        outcome="unavailable.not_held",
        reasons="本机关未制作、未获取该信息",
        articles="36(四)",
    )
    assert answered[0] == 303
    page = handler.get(f"/workbench/requests/{ref}").text
    link = re.search(r'href="(/workbench/requests/[^"/]+/letters/answer\.pdf)"', page)
    assert link, page[-800:]
    pdf = handler.get(link.group(1))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    stored = office.services.ledger.read(office.services.requests.get(ref).id)
    answer = next(s.entry for s in stored if s.entry.type.endswith(".Answered"))
    assert hashlib.sha256(pdf.content).hexdigest() == answer.data["letter_sha256"]
    assert pdf.headers["x-letter-sha256"] == answer.data["letter_sha256"]
    assert handler.get(f"/workbench/requests/{ref}/letters/fee.pdf").status_code == 404


def test_an_inspector_reading_a_supplement_letter_records_an_opening_for_inspection(
    office: HttpOffice,
) -> None:
    handler, day = _at(office, "request_handler"), today()
    ref = _receive(handler, day)
    assert _step(handler, ref, "supplement-notice", on=day.isoformat(), items="房产证")[0] == 303
    inspector = _at(office, "inspector")
    letter = inspector.get(f"/workbench/requests/{ref}/letters/supplement.pdf")
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
    record = record_stream(office.services.office, office.services.requests.get(ref).id)
    opened = [s.entry for s in office.services.ledger.read(record)]
    assert opened[-1].type == "PersonalData.Opened"
    assert (opened[-1].actor, opened[-1].data["purpose"]) == (
        office.officers["inspector"],
        "inspection",
    )


def test_the_applicants_details_are_shown_only_after_a_recorded_opening(
    office: HttpOffice,
) -> None:
    handler, inspector = _at(office, "request_handler"), _at(office, "inspector")
    ref = _receive(handler, today())
    record = record_stream(office.services.office, office.services.requests.get(ref).id)
    page = handler.get(f"/workbench/requests/{ref}").text
    assert "申请公开道路维修资金使用情况" not in page  # sealed: not on the page
    refused = handler.post(f"/workbench/requests/{ref}/personal-data",
                           data={"csrf": csrf_of(page), "purpose": "curiosity"})  # fmt: skip
    assert refused.status_code == 422 and "PURPOSE_UNKNOWN" in refused.text
    assert office.services.ledger.read(record) == []  # nothing shown, nothing recorded
    shown = handler.post(f"/workbench/requests/{ref}/personal-data",
                         data={"csrf": csrf_of(page), "purpose": "handling"})  # fmt: skip
    assert shown.status_code == 200
    assert "申请公开道路维修资金使用情况" in shown.text and "申请人" in shown.text
    page = inspector.get(f"/workbench/requests/{ref}").text
    assert "--purpose inspection" in page and '/personal-data"' not in page  # no form
    opening = f"/workbench/requests/{ref}/personal-data"
    denied = inspector.post(opening, data={"csrf": csrf_of(page)})
    assert denied.status_code == 403
    opened = [s.entry for s in office.services.ledger.read(record)]
    assert [(e.type, e.actor, e.data["purpose"], e.data["scope"]) for e in opened] == [
        ("PersonalData.Opened", office.officers["request_handler"], "handling", "officer_view"),
    ]
    assert "申请公开道路维修资金使用情况" not in str([e.data for e in opened])
