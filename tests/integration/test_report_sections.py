"""The annual report's six sections (issue 16 item 11, item 9; issue 19 complaints): the
narratives 一/五/六 drafted and approved before publication, the Art. 49 due date and a
late publication as a finding, complaints in section 六 and in accountability, online
requests as 未确认 until confirmed, and the whole report as PDF — on both backends."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from api.pages.apply_tracking import TrackingStore
from api.report_pdf import render_pdf
from api.views.inspection import Inspection
from api.views.report_sections import approve, draft
from domain.errors import DomainError, RuleViolation
from domain.reporting import tables as layout
from domain.reporting.annual_report import YearReport
from ledger.audit import audit
from tests.support.request_office import ADMIN, T0, Office, open_office

GUIDE = {
    "office_name": "示范市人民政府办公室",
    "address": "示范路1号",
    "hours": "9-17",
    "phone": "010-1",
}


@pytest.fixture
def office(database_url: str, tmp_path: Path) -> Iterator[Office]:
    yield from open_office(database_url, tmp_path)


def _drafter(office: Office, roles: tuple[str, ...] = ("drafter",)) -> str:
    return office.services.office.add_officer(ADMIN, "李明", "政务公开科", list(roles), T0)


def _narratives(office: Office, year: int, drafter: str) -> dict[int, str]:
    hashes = {}
    for n in (1, 5, 6):
        at = office.at()
        text = {1: "本年度主动公开工作总体平稳。", 5: "存在的问题：答复偶有延迟。"}.get(n, "无。")
        done = draft(office.services, year, n, text, drafter, at)
        approve(office.services, year, n, done["text_sha256"], office.head, office.at())
        hashes[n] = done["text_sha256"]
    return hashes


def _publish(office: Office, year: int, at: datetime) -> dict[str, object]:
    office.services.settle()
    result = Inspection(office.services).publish_report(year, office.head, at)
    office.services.settle()
    return result


def test_publication_needs_every_narrative_section_approved(office: Office) -> None:
    drafter = _drafter(office)
    office.services.settle()
    with pytest.raises(RuleViolation) as refused:
        _publish(office, 2025, office.at())
    assert refused.value.code == "REPORT_NARRATIVE_NOT_APPROVED"
    draft(office.services, 2025, 1, "总体情况。", drafter, office.at())
    with pytest.raises(RuleViolation) as partial:
        _publish(office, 2025, office.at())
    assert partial.value.evidence["sections"] == [1, 5, 6]
    hashes = _narratives(office, 2025, drafter)
    _publish(office, 2025, office.at())
    view = Inspection(office.services).annual_report(2025)
    published = view.publications[-1]
    assert (published["due_on"], published["late"]) == ("2026-01-31", False)
    sections = view.to_json()["narratives"]
    assert [s["text_sha256"] for s in sections] == [hashes[1], hashes[5], hashes[6]]
    assert all(s["approved_by"] == office.head for s in sections)
    checked = audit(office.services.ledger)  # each entry signed by a key with its role
    assert checked.ok, checked.problems


def test_who_drafted_a_section_cannot_approve_it_and_a_new_draft_needs_approval(
    office: Office,
) -> None:
    both = _drafter(office, ("drafter", "office_head"))
    done = draft(office.services, 2025, 5, "问题。", both, office.at())
    with pytest.raises(RuleViolation) as own:
        approve(office.services, 2025, 5, done["text_sha256"], both, office.at())
    assert own.value.code == "SELF_APPROVAL"
    approve(office.services, 2025, 5, done["text_sha256"], office.head, office.at())
    again = draft(office.services, 2025, 5, "问题（修改）。", both, office.at())
    assert again["approved_by"] is None
    with pytest.raises(RuleViolation) as stale:
        approve(office.services, 2025, 5, done["text_sha256"], office.head, office.at())
    assert stale.value.code == "REPORT_SECTION_CHANGED"
    with pytest.raises(DomainError) as role:
        draft(office.services, 2025, 1, "总体。", office.handler, office.at())
    assert role.value.code == "ROLE_REQUIRED"
    with pytest.raises(RuleViolation) as text:
        draft(office.services, 2025, 1, "\u202e总体", both, office.at())
    assert text.value.code == "TEXT_BIDI_CONTROL"


@pytest.mark.parametrize(("kind", "late"), [("department", True), ("local_government", False)])
def test_a_publication_after_the_art_49_date_is_a_finding(
    office: Office, kind: str, late: bool
) -> None:
    office.services.office.publish_guide(ADMIN, {**GUIDE, "agency_kind": kind}, office.at())
    _narratives(office, 2025, _drafter(office))
    _publish(office, 2025, datetime(2026, 2, 10, 2, 0, tzinfo=UTC))
    view = Inspection(office.services).annual_report(2025)
    assert view.publications[-1]["late"] is late
    record = Inspection(office.services).officer_record(office.head, None, None)
    kinds = [f.kind for f in record.findings]
    assert ("LATE_ANNUAL_REPORT" in kinds) is late


def test_complaints_are_counted_in_section_6_and_a_late_answer_is_a_finding(
    office: Office,
) -> None:
    store, complaints = TrackingStore(office.services.ledger.backend), office.services.complaints
    filed = []
    for n in range(3):
        c = complaints.file(
            office.handler, office.at(), kind="complaint", filed_on=date(2025, 3, 3 + n),
            complainant={"name": "王五"}, text="未按期答复", about=None, days=5,
        )  # fmt: skip
        store.issue(c.number, f"fp{n}", office.at())
        filed.append(c.number)
    complaints.answer(filed[0], office.head, office.at(), on=date(2025, 3, 5), result="upheld",
                      reply="已整改")  # fmt: skip
    complaints.answer(filed[1], office.head, office.at(), on=date(2025, 4, 30), result="rejected",
                      reply="经核查不属实")  # fmt: skip
    office.services.settle()
    six = Inspection(office.services).annual_report(2025).to_json()["section6"]
    assert six["complaints"] == {
        "filed": 3, "answered": 2, "answered_late": 1, "open": 1, "open_overdue": 1,
    }  # fmt: skip
    assert (
        Inspection(office.services).annual_report(2024).to_json()["section6"]["complaints"]["filed"]
        == 0
    )
    record = Inspection(office.services).officer_record(office.head, None, None)
    late = [f for f in record.findings if f.kind == "LATE_COMPLAINT_ANSWER"]
    assert [f.detail["answered_on"] for f in late] == ["2025-04-30"]


def test_an_online_request_is_unconfirmed_in_the_notes_until_confirmed_then_in_table_3(
    office: Office,
) -> None:
    request = office.receive(date(2025, 12, 1), channel="online")
    office.services.settle()
    before = Inspection(office.services).annual_report(2025).report
    assert (before.unconfirmed, _received(before)) == (1, 0)
    office.services.requests.confirm_receipt(
        request.number, office.handler, office.at(), on=date(2025, 12, 2)
    )
    office.services.settle()
    after = Inspection(office.services).annual_report(2025).report
    assert (after.unconfirmed, _received(after)) == (0, 1)


def _received(report: YearReport) -> int | str | None:
    return report.table3.row(layout.RECEIVED).values[-1]


def test_the_pdf_holds_all_six_sections(office: Office) -> None:
    _narratives(office, 2025, _drafter(office))
    office.receive(date(2025, 12, 1), channel="online")
    office.services.settle()
    data = render_pdf(Inspection(office.services).annual_report(2025).to_json())
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    flat = "".join(text.replace("\x00", "").split())  # pypdf reads fpdf2's CMap as UTF-16
    for heading in (
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
        "本年度主动公开工作总体平稳。",
        "收到投诉、举报0件",
        "未确认）1件",
    ):
        assert heading in flat, heading


def test_the_printable_html_holds_the_narratives_around_the_tables(office: Office) -> None:
    from api.pages.report_html import render

    _narratives(office, 2025, _drafter(office))
    office.services.settle()
    view = Inspection(office.services).annual_report(2025)
    page = render(view)
    headings = ("一、总体情况", "二、", "三、", "四、", "五、存在", "六、其他")
    order = [page.index(h) for h in headings]
    assert order == sorted(order)
    assert "本年度主动公开工作总体平稳。" in page and "收到投诉、举报 0 件" in page
    assert "一、总体情况" not in render(view, 3)
