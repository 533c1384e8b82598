"""依申请公开: the supplement (补正), OGI Regulation Art. 30. One notice, within 7 working
days of receipt, of what to supplement and in how many working days; the answer period
restarts on the supplement; no supplement in time is deemed abandonment.

A notice given after the 7 working days is recorded as it happened (如实记载) and
flagged ``late``, as a late answer is; it counts in the officer's accountability record.
The time allowed is at most ``MAX_SUPPLEMENT_DAYS`` working days; its last day is
recomputed when a calendar year is recorded, and deemed abandonment is refused until
that last day is past on a recorded calendar."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from domain.aggregate import Actor
from domain.calendar.working_calendar import WorkingCalendar
from domain.checks import check_optional_text
from domain.disclosure_request import outcomes, rules
from domain.disclosure_request._guards import (
    awaited_supplement,
    check_clock_running,
    check_on,
    check_open,
    check_supplement_lapsed,
)
from domain.disclosure_request.deadlines import due_after, supplement_notice_due
from domain.errors import RuleViolation
from ledger.events import Sealed

if TYPE_CHECKING:
    from domain.disclosure_request.request import DisclosureRequest


def request_supplement(
    request: DisclosureRequest,
    actor: Actor,
    at: datetime,
    *,
    on: date,
    items: Sequence[str],
    allowed_days: int,
    calendar: WorkingCalendar,
) -> None:
    """Art. 30: one notice, within 7 working days of receipt, of what to supplement and
    in how many working days (``allowed_days``)."""
    actor.require("request_handler")
    check_open(request)
    if request.supplement is not None:
        raise RuleViolation(
            "SUPPLEMENT_ALREADY_REQUESTED",
            "Art. 30: the applicant is told once what to supplement",
            requested_on=request.supplement.requested_on.isoformat(),
        )
    check_clock_running(request)
    iso = check_on(request, on)
    notice_due = supplement_notice_due(request, calendar)
    late = notice_due is not None and on > notice_due.due
    days = rules.check_count(allowed_days, "allowed_days", "SUPPLEMENT_PERIOD_INVALID", 1)
    if days > rules.MAX_SUPPLEMENT_DAYS:
        raise RuleViolation(
            "SUPPLEMENT_PERIOD_INVALID",
            f"at most {rules.MAX_SUPPLEMENT_DAYS} working days may be allowed to supplement",
            field="allowed_days",
            value=days,
            maximum=rules.MAX_SUPPLEMENT_DAYS,
        )
    # sealed: what to supplement often names the applicant's own documents
    items_checked = Sealed(rules.check_texts(items, "items"))
    supplement_due = calendar.add_working_days(on, days)
    request._record(
        "SupplementRequested",
        actor,
        at,
        on=iso,
        items=items_checked,
        allowed_days=days,
        supplement_due=supplement_due.due.isoformat(),
        supplement_due_provisional=supplement_due.provisional,
        notice_due=None if notice_due is None else notice_due.due.isoformat(),
        notice_due_provisional=notice_due is not None and notice_due.provisional,
        late=late,
    )


def supplemented(
    request: DisclosureRequest,
    actor: Actor,
    at: datetime,
    *,
    on: date,
    calendar: WorkingCalendar,
    justification: str | None = None,
) -> None:
    """Art. 30: the supplement is received; the answer period restarts from ``on``.
    After the time allowed only with a justified reason (正当理由)."""
    actor.require("request_handler")
    check_open(request)
    supplement = awaited_supplement(request)
    iso = check_on(request, on)
    reason = check_optional_text(justification, "justification")
    late = on > supplement.due
    if late and reason is None:
        raise RuleViolation(
            "SUPPLEMENT_PERIOD_LAPSED",
            f"Art. 30: the time allowed ended on {supplement.due}; a late supplement "
            "needs a justified reason",
            supplement_due=supplement.due.isoformat(),
            on=iso,
        )
    due = due_after(request, calendar, start=on)
    # sealed: a justified reason (正当理由) is the applicant's own circumstances
    sealed_reason = None if reason is None else Sealed(reason)
    data = {"on": iso, "late": late, "justification": sealed_reason, **rules.deadline_json(due)}
    request._record("Supplemented", actor, at, **data)


def deem_abandoned(request: DisclosureRequest, actor: Actor, at: datetime, *, on: date) -> None:
    """Art. 30: no supplement within the time allowed; the request is deemed abandoned."""
    actor.require("request_handler")
    check_open(request)
    iso = check_on(request, on)
    check_supplement_lapsed(request, on)
    request._record("DeemedAbandoned", actor, at, on=iso, outcome=outcomes.NO_SUPPLEMENT)
