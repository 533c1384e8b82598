"""依申请公开: information processing fees (信息处理费), OGI Regulation Art. 42 with
国办函〔2020〕109号.

One method per request, never both: by items (按件, cumulated per applicant per natural
month in order of receipt; the application service counts ``items_before_this_month``
from the private applicant index, ``applicants``, by ``fee_order``, and the entry seals
it) or by pages (按量, per request). Items within the free ten are recorded
(``ItemsCounted``) so they count toward the month. The waiting time is not counted in
the answer period (Art. 42); 109号, not the regulation, gives the applicant 20 working
days to pay and deems the request withdrawn when unpaid.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from domain.aggregate import Actor
from domain.calendar.working_calendar import WorkingCalendar
from domain.checks import check_choice, check_date, check_not_before
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
    received_on: date | None = None,
) -> None:
    """Written fee notice: ``count`` items (件) or pages; the fee in fen follows.
    ``received_on``: the day the applicant received it, if known (handed over, or sent
    electronically, the same day); the 20 working days to pay run from that day."""
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
    if fee_fen == 0 and chosen == "items":
        # within the free items: no notice, but the items count toward the month (109号)
        request._record("ItemsCounted", actor, at, on=iso, count=count)
        return
    if fee_fen == 0:
        raise RuleViolation(
            "FEE_NOT_DUE", "no fee is due for this request", method=chosen, count=count
        )
    received = None if received_on is None else _check_received(on, received_on)
    data = {
        "on": iso,
        "method": chosen,
        "count": count,
        "schema": FEE_NOTICE_SCHEMA,
        # sealed (schema 2): a count of the applicant's other requests is theirs alone
        "items_before_this_month": Sealed(items_before_this_month),
        "fee_fen": fee_fen,
        "notice_received_on": None if received is None else received.isoformat(),
        **_payment_due(calendar, received),
    }
    request._record("FeeNoticed", actor, at, **data)


def fee_notice_received(
    request: DisclosureRequest, actor: Actor, at: datetime, *, on: date, calendar: WorkingCalendar
) -> None:
    """The day the applicant received the fee notice (a posted notice): the 20 working
    days to pay (109号) run from it."""
    actor.require("request_handler")
    check_open(request)
    fee = awaited_fee(request)
    if fee.received_on is not None:
        raise RuleViolation(
            "FEE_NOTICE_ALREADY_RECEIVED",
            f"the applicant received the fee notice on {fee.received_on}",
            received_on=fee.received_on.isoformat(),
        )
    iso = check_on(request, on)
    received = _check_received(fee.noticed_on, on)
    request._record("FeeNoticeReceived", actor, at, on=iso, **_payment_due(calendar, received))


def _check_received(noticed_on: date, received_on: date) -> date:
    check_date(received_on, "received_on")
    check_not_before(received_on, noticed_on, "received_on")
    return received_on


def _payment_due(calendar: WorkingCalendar, received_on: date | None) -> dict[str, object]:
    if received_on is None:
        return {"payment_due": None, "payment_due_provisional": None}
    due = calendar.add_working_days(received_on, rules.FEE_PAYMENT_PERIOD)
    return {"payment_due": due.due.isoformat(), "payment_due_provisional": due.provisional}


def fee_paid(
    request: DisclosureRequest, actor: Actor, at: datetime, *, on: date, calendar: WorkingCalendar
) -> None:
    """The fee is paid within the 20 working days (109号); the answer period runs again."""
    actor.require("request_handler")
    check_open(request)
    fee = awaited_fee(request)
    iso = check_on(request, on)
    if fee.payment_due is not None and on > fee.payment_due:
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
    """Not paid within 20 working days of receiving the notice: deemed withdrawn (109号)."""
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
