"""依申请公开: information processing fees (信息处理费), OGI Regulation Art. 42 with
国办函〔2020〕109号.

One method per request, never both: by items (按件, cumulated per applicant per natural
month; the application service counts ``items_before_this_month`` from the private
applicant index, ``applicants``, and the entry seals it) or by pages (按量, per
request). The applicant has 20 working days from the written notice to pay; the
waiting time is not counted in the answer period; unpaid in time, the request is
deemed withdrawn.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from domain.aggregate import Actor
from domain.calendar.working_calendar import WorkingCalendar
from domain.checks import check_choice
from domain.disclosure_request import outcomes, rules
from domain.disclosure_request._guards import (
    awaited_fee,
    check_clock_running,
    check_fee_lapsed,
    check_on,
    check_open,
)
from domain.disclosure_request.deadlines import due_after
from domain.disclosure_request.fee_schedule import fee_by_items, fee_by_pages
from domain.errors import RuleViolation
from ledger.events import Sealed

# Schema 1 (no "schema" member) carried items_before_this_month in clear.
FEE_NOTICE_SCHEMA = 2

if TYPE_CHECKING:
    from domain.disclosure_request.request import DisclosureRequest


def notice_fee(
    request: DisclosureRequest,
    actor: Actor,
    at: datetime,
    *,
    on: date,
    method: str,
    count: int,
    calendar: WorkingCalendar,
    items_before_this_month: int = 0,
) -> None:
    """Written fee notice: ``count`` items (件) or pages; the fee in fen follows."""
    actor.require("request_handler")
    check_open(request)
    check_clock_running(request)
    iso = check_on(request, on)
    chosen = check_choice(method, rules.FEE_METHODS, "FEE_METHOD_UNKNOWN", "method")
    used = {fee.method for fee in request.fees}
    if used and chosen not in used:
        raise RuleViolation(
            "FEE_METHOD_MIXED",
            f"this request is charged by {used.pop()}: one method per request, never both",
            method=chosen,
        )
    fee_fen = _fee(chosen, count, items_before_this_month)
    if fee_fen == 0:
        raise RuleViolation(
            "FEE_NOT_DUE", "no fee is due for this request", method=chosen, count=count
        )
    payment_due = calendar.add_working_days(on, rules.FEE_PAYMENT_PERIOD).due
    data = {
        "on": iso,
        "method": chosen,
        "count": count,
        "schema": FEE_NOTICE_SCHEMA,
        # sealed (schema 2): a count of the applicant's other requests is theirs alone
        "items_before_this_month": Sealed(items_before_this_month),
        "fee_fen": fee_fen,
        "payment_due": payment_due.isoformat(),
    }
    request._record("FeeNoticed", actor, at, **data)


def fee_paid(
    request: DisclosureRequest, actor: Actor, at: datetime, *, on: date, calendar: WorkingCalendar
) -> None:
    """The fee is paid within the 20 working days; the answer period runs again."""
    actor.require("request_handler")
    check_open(request)
    fee = awaited_fee(request)
    iso = check_on(request, on)
    if on > fee.payment_due:
        raise RuleViolation(
            "FEE_PERIOD_LAPSED",
            f"payment was due by {fee.payment_due}; the request is deemed withdrawn",
            payment_due=fee.payment_due.isoformat(),
            on=iso,
        )
    due = due_after(request, calendar, pause_ends=on)
    data = {"on": iso, "fee_fen": fee.fee_fen, **rules.deadline_json(due)}
    request._record("FeePaid", actor, at, **data)


def deem_withdrawn_unpaid(
    request: DisclosureRequest, actor: Actor, at: datetime, *, on: date
) -> None:
    """Not paid within 20 working days of the notice: deemed withdrawn."""
    actor.require("request_handler")
    check_open(request)
    iso = check_on(request, on)
    check_fee_lapsed(request, on)
    request._record("DeemedWithdrawn", actor, at, on=iso, outcome=outcomes.UNPAID_FEE)


def _fee(method: str, count: int, items_before: int) -> int:
    rules.check_count(count, "count", "FEE_COUNT_INVALID", 1)
    rules.check_count(items_before, "items_before_this_month", "FEE_COUNT_INVALID", 0)
    if method == "items":
        return fee_by_items(items_before, count)
    if items_before:
        raise RuleViolation(
            "FEE_COUNT_INVALID",
            "pages are charged per request: items_before_this_month does not apply",
            items_before_this_month=items_before,
        )
    return fee_by_pages(count)
