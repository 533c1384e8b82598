"""依申请公开: the guards the request commands share. Each raises ``RuleViolation`` (or
``RequestNotFound``) with a stable code before anything is recorded, or returns what the
command needs."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from domain.checks import check_date, check_not_before
from domain.disclosure_request.rules import FeeNotice, Supplement
from domain.errors import RequestNotFound, RuleViolation

if TYPE_CHECKING:
    from domain.disclosure_request.request import DisclosureRequest


def check_received(request: DisclosureRequest) -> None:
    if not request.exists:
        raise RequestNotFound(f"no request {request.id}", request=request.id)


def check_open(request: DisclosureRequest) -> None:
    """Not answered, abandoned or withdrawn (``ALREADY_ANSWERED``, ``REQUEST_CLOSED``)."""
    check_received(request)
    status = request.status
    if status == "answered":
        raise RuleViolation(
            "ALREADY_ANSWERED", f"request {request.number} was answered", outcome=request.outcome
        )
    if not request.is_open:
        closed_on = request.closed_on
        raise RuleViolation(
            "REQUEST_CLOSED",
            f"request {request.number} is {status}",
            status=status,
            closed_on=None if closed_on is None else closed_on.isoformat(),
        )


def check_started(request: DisclosureRequest) -> date:
    """Art. 31: nothing runs before an online or fax request's receipt is confirmed."""
    if request.clock_start is None:
        raise RuleViolation(
            "RECEIPT_NOT_CONFIRMED",
            f"receipt of {request.channel} request {request.number} is not yet confirmed",
            channel=request.channel,
        )
    return request.clock_start


def check_no_supplement_pending(request: DisclosureRequest) -> None:
    supplement = request.supplement
    if supplement is not None and supplement.supplemented_on is None:
        raise RuleViolation(
            "SUPPLEMENT_PENDING",
            "a supplement is awaited (Art. 30)",
            supplement_due=supplement.due.isoformat(),
        )


def check_no_consultation(request: DisclosureRequest) -> None:
    pause = request.open_pause
    if pause is not None and pause.kind == "consultation":
        raise RuleViolation(
            "CONSULTATION_OPEN",
            f"a {pause.party} consultation is open since {pause.start}",
            since=pause.start.isoformat(),
        )


def check_no_fee_pending(request: DisclosureRequest) -> None:
    fee = request.pending_fee
    if fee is not None:
        raise RuleViolation(
            "FEE_PENDING",
            f"a fee noticed on {fee.noticed_on} is awaited (Art. 42)",
            payment_due=None if fee.payment_due is None else fee.payment_due.isoformat(),
        )


def check_clock_running(request: DisclosureRequest) -> date:
    """Received, and no supplement, consultation or fee awaited."""
    start = check_started(request)
    check_no_supplement_pending(request)
    check_no_consultation(request)
    check_no_fee_pending(request)
    return start


def check_on(request: DisclosureRequest, on: date, field: str = "on") -> str:
    """A date not before the request's latest dated step (``INVALID_DATE``)."""
    iso = check_date(on, field)
    if request.last_on is not None:
        check_not_before(on, request.last_on, field)
    return iso


def awaited_supplement(request: DisclosureRequest) -> Supplement:
    supplement = request.supplement
    if supplement is None or supplement.supplemented_on is not None:
        raise RuleViolation("NO_SUPPLEMENT_PENDING", "no supplement is awaited")
    return supplement


def check_settled(provisional: bool, due: date, what: str) -> None:
    """A default is never found on a provisional last day: the year's notice may still
    move it later (``DEADLINE_PROVISIONAL``; record the calendar year first)."""
    if provisional:
        raise RuleViolation(
            "DEADLINE_PROVISIONAL",
            f"the last day {what} ({due}) is provisional: record that year's calendar first",
            due=due.isoformat(),
            year=due.year,
        )


def check_supplement_lapsed(request: DisclosureRequest, on: date) -> None:
    """Art. 30: deemed abandoned only once the time allowed has passed."""
    supplement = awaited_supplement(request)
    check_settled(supplement.provisional, supplement.due, "to supplement")
    if on <= supplement.due:
        raise RuleViolation(
            "SUPPLEMENT_PERIOD_RUNNING",
            f"the applicant may supplement until {supplement.due}",
            supplement_due=supplement.due.isoformat(),
            on=on.isoformat(),
        )


def awaited_fee(request: DisclosureRequest) -> FeeNotice:
    fee = request.pending_fee
    if fee is None:
        raise RuleViolation("NO_FEE_PENDING", "no fee is awaited")
    return fee


def check_fee_lapsed(request: DisclosureRequest, on: date) -> None:
    """109号: deemed withdrawn only after 20 working days without payment, counted from
    the day the applicant received the fee notice (``FEE_NOTICE_NOT_RECEIVED`` before)."""
    fee = awaited_fee(request)
    if fee.payment_due is None:
        raise RuleViolation(
            "FEE_NOTICE_NOT_RECEIVED",
            "the day the applicant received the fee notice is not recorded: "
            "the 20 working days to pay have not started",
        )
    check_settled(fee.provisional, fee.payment_due, "to pay")
    if on <= fee.payment_due:
        raise RuleViolation(
            "FEE_PERIOD_RUNNING",
            f"the applicant may pay until {fee.payment_due}",
            payment_due=fee.payment_due.isoformat(),
            on=on.isoformat(),
        )
