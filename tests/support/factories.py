"""Small builders for tests. Each section belongs to one part of the domain; add yours
under its own heading."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from domain.aggregate import Actor, Aggregate
from domain.calendar.working_calendar import WorkingCalendar, YearCalendar
from domain.errors import DomainError
from domain.information_item.item import InformationItem
from domain.office.agency import Agency
from domain.office.officer import Officer

# =====================================================================================
# Officers, agency and information items (domain/office/officer.py, agency.py,
# information_item.py)
# =====================================================================================

AT = datetime(2026, 2, 6, 2, 0, tzinfo=UTC)


def at(minutes: int = 0) -> datetime:
    """A UTC instant ``minutes`` after AT: commands are given their time."""
    return AT + timedelta(minutes=minutes)


def sha(label: str) -> str:
    """The SHA-256 of a label: a stand-in content hash."""
    return hashlib.sha256(label.encode()).hexdigest()


def actor(officer_id: str, *roles: str, unit: str | None = None) -> Actor:
    return Actor(officer_id, frozenset(roles), unit)


ADMIN = actor("admin-1", "admin")
DRAFTER = actor("dana", "drafter")
ATTRIBUTE_REVIEWER = actor("ari", "attribute_reviewer")
SECRECY_REVIEWER = actor("sam", "secrecy_reviewer")
APPROVER = actor("paul", "approver")

# The 2026 State Council holiday notice (as compiled by the chinesecalendar package).
_HOLIDAYS_2026 = (
    "01-01 01-02 01-03 02-15 02-16 02-17 02-18 02-19 02-20 02-21 02-22 02-23 04-04 04-05 "
    "04-06 05-01 05-02 05-03 05-04 05-05 06-19 06-20 06-21 09-25 09-26 09-27 10-01 10-02 "
    "10-03 10-04 10-05 10-06 10-07"
)
_WORKDAYS_2026 = "01-04 02-14 02-28 05-09 09-20 10-10"


def _days_2026(spec: str) -> list[date]:
    return [date.fromisoformat(f"2026-{day}") for day in spec.split()]


def calendar_2026() -> WorkingCalendar:
    """Only 2026 recorded: deadlines reaching into 2027 are provisional."""
    year = YearCalendar.create(2026, _days_2026(_HOLIDAYS_2026), _days_2026(_WORKDAYS_2026))
    return WorkingCalendar([year])


FORMED_ON = date(2026, 2, 6)  # a Friday before the Spring Festival
PUBLISH_BY = date(2026, 3, 12)  # 20 working days later (REFERENCE.md worked example)
CONTENT = sha("content v1")


def expect_refused(aggregate: Aggregate, code: str, command: Callable[[], object]) -> DomainError:
    """Run a command that must be refused with ``code`` and must record nothing."""
    version, history, pending = aggregate.version, list(aggregate.history), list(aggregate.pending)
    with pytest.raises(DomainError) as refused:
        command()
    assert refused.value.code == code, refused.value.message
    assert (aggregate.version, aggregate.history, aggregate.pending) == (version, history, pending)
    return refused.value


def refusal(command: Callable[[], object]) -> str:
    """The code a creating command is refused with (no aggregate exists to record into)."""
    with pytest.raises(DomainError) as refused:
        command()
    return refused.value.code


def appointed_officer(
    officer_id: str = "dana", *roles: str, name: str = "王丹", unit: str = "office"
) -> Officer:
    officer = Officer.appoint(officer_id, ADMIN, at(), name, unit, roles or ("drafter",))
    officer.collect()
    return officer


def registered_agency(agency_id: str = "agency-1") -> Agency:
    agency = Agency.register(agency_id, ADMIN, at(), "某市人民政府办公室", "gongkai.example.gov.cn")
    agency.collect()
    return agency


def drafted_item(
    item_id: str = "item-1",
    *,
    drafter: Actor = DRAFTER,
    content: str = CONTENT,
    attribute: str = "proactive",
    formed_on: date = FORMED_ON,
) -> InformationItem:
    item = InformationItem.draft(
        item_id,
        drafter,
        at(),
        title="关于印发某某办法的通知",
        category="normative_documents",
        doc_number="某政办发〔2026〕1号",
        formed_on=formed_on,
        content_sha256=content,
        attribute=attribute,
        attribute_basis="涉及公众切身利益，应当主动公开",
    )
    item.collect()
    return item


def attribute_reviewed_item(
    attribute: str = "proactive", *, drafter: Actor = DRAFTER, content: str = CONTENT
) -> InformationItem:
    item = drafted_item(attribute=attribute, drafter=drafter, content=content)
    item.review_attribute(ATTRIBUTE_REVIEWER, at(1), attribute=attribute, basis="同意")
    item.collect()
    return item


def reviewed_item(*, drafter: Actor = DRAFTER, content: str = CONTENT) -> InformationItem:
    """Attribute reviewed as proactive; the current version passed secrecy review."""
    item = attribute_reviewed_item(drafter=drafter, content=content)
    pass_secrecy(item)
    return item


def pass_secrecy(item: InformationItem, reviewer: Actor = SECRECY_REVIEWER) -> None:
    current = item.current_sha256
    assert current is not None
    item.review_secrecy(reviewer, at(2), content_sha256=current, result="passed")
    item.collect()


def approved_item(*, drafter: Actor = DRAFTER, content: str = CONTENT) -> InformationItem:
    item = reviewed_item(drafter=drafter, content=content)
    approve(item)
    return item


def approve(item: InformationItem, approver: Actor = APPROVER) -> None:
    current = item.current_sha256
    assert current is not None
    item.approve(approver, at(3), content_sha256=current)
    item.collect()


def published_item(*, drafter: Actor = DRAFTER, content: str = CONTENT) -> InformationItem:
    item = approved_item(drafter=drafter, content=content)
    publish(item)
    return item


def publish(item: InformationItem, published_on: date = date(2026, 2, 10)) -> None:
    current = item.current_sha256
    assert current is not None
    item.publish(
        APPROVER,
        at(4),
        content_sha256=current,
        channel="政府网站",
        url="https://www.example.gov.cn/zwgk/1.html",
        published_on=published_on,
        calendar=calendar_2026(),
    )
    item.collect()


def item_state(item: InformationItem) -> tuple[object, ...]:
    """Everything an InformationItem exposes, for comparing a live item with a replay."""
    return (
        item.id,
        item.version,
        item.title,
        item.title_sealed,
        item.category,
        item.doc_number,
        item.formed_on,
        item.proposed_attribute,
        item.attribute,
        item.status,
        item.versions,
        item.current_sha256,
        item.drafter,
        item.published_sha256,
        item.clarifications,
        item.withdrawal,
        item.non_disclosure,
    )


# =====================================================================================
# Disclosure requests and the recorded calendar (domain/disclosure_request/request.py,
# domain/calendar/calendar_book.py)
# =====================================================================================

from functools import cache  # noqa: E402

from domain.calendar.seed import years_from_chinese_calendar  # noqa: E402
from domain.disclosure_request.request import DisclosureRequest  # noqa: E402

REQUEST_HANDLER = actor("hana", "request_handler")
SECOND_HANDLER = actor("hong", "request_handler")
OFFICE_HEAD = actor("olga", "office_head")
RECEIVED_ON = date(2026, 2, 6)  # Fri: REFERENCE.md worked example
APPLICANT = {
    "name": "张三丰",
    "id_number": "110101199001011234",
    "contact": "13800138000",
    "address": "北京市东城区某某街道一号",
}
DESCRIPTION = "请求公开张三丰名下房屋的征收补偿决定"


@cache
def real_calendar() -> WorkingCalendar:
    """Every year the chinesecalendar package knows, as the ledger would record them."""
    return WorkingCalendar(years_from_chinese_calendar())


def received_request(
    *,
    channel: str = "in-person",
    received_on: date = RECEIVED_ON,
    handler: Actor = REQUEST_HANDLER,
    calendar: WorkingCalendar | None = None,
    applicant: dict[str, str] | None = None,
    request_id: str = "request-1",
) -> DisclosureRequest:
    """A request received (and collected): in person on the worked example's Friday."""
    request = DisclosureRequest.receive(
        request_id,
        handler,
        at(),
        number="2026-0001",
        channel=channel,
        received_on=received_on,
        applicant=APPLICANT if applicant is None else applicant,
        applicant_type="natural-person",
        description=DESCRIPTION,
        requested_form="electronic",
        calendar=real_calendar() if calendar is None else calendar,
    )
    request.collect()
    return request


def answer_request(
    request: DisclosureRequest,
    answered_on: date,
    outcome: str = "disclosed",
    *,
    calendar: WorkingCalendar | None = None,
) -> None:
    """Answer with ``outcome``; disclosing outcomes provide one item; any other gives
    its reasons and Art. 36 as its basis."""
    provides = outcome in ("disclosed", "partially_disclosed")
    reasons = None if outcome == "disclosed" else f"理由：{outcome}"
    request.answer(
        REQUEST_HANDLER,
        at(60),
        answered_on=answered_on,
        outcome=outcome,
        items=1 if provides else 0,
        content_sha256s=[sha("answer")] if provides else [],
        delivery_form="electronic",
        calendar=real_calendar() if calendar is None else calendar,
        reasons=reasons,
        articles=[] if reasons is None else ["36"],
    )


def request_state(request: DisclosureRequest) -> tuple[object, ...]:
    """Everything a DisclosureRequest exposes, for comparing a live request with a replay."""
    calendar = real_calendar()
    return (
        request.id,
        request.version,
        request.number,
        request.channel,
        request.applicant_type,
        request.received_on,
        request.receipt_on,
        request.clock_start,
        request.status,
        request.supplement,
        request.pauses,
        request.fees,
        request.extension_days,
        request.outcome,
        request.late,
        request.closed_on,
        request.recorded_answer_due,
        request.reconsideration,
        request.lawsuit,
        request.handling_officer,
        request.answer_due(calendar),
        request.supplement_notice_due(calendar),
    )
