"""依申请公开: the extension of the answer period, OGI Regulation Art. 33, second
paragraph: once, at most 20 working days, approved by the head of the disclosure office
before the answer falls due, with a reason."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from domain.aggregate import Actor
from domain.calendar.working_calendar import WorkingCalendar
from domain.checks import check_not_before
from domain.disclosure_request import rules
from domain.disclosure_request._guards import (
    check_no_supplement_pending,
    check_on,
    check_open,
    check_started,
)
from domain.disclosure_request.deadlines import days_remaining, due_after
from domain.errors import RuleViolation
from domain.privacy.public_text import check_public_text

if TYPE_CHECKING:
    from domain.disclosure_request.request import DisclosureRequest


def extend(
    request: DisclosureRequest,
    actor: Actor,
    at: datetime,
    *,
    on: date,
    days: int,
    reason: str,
    calendar: WorkingCalendar,
    notified_on: date | None = None,
    no_personal_data: bool = False,
) -> None:
    """Art. 33: one extension of at most 20 working days, approved by the head of the
    disclosure office before the answer falls due, with a reason, and notified to the
    applicant (``notified_on``; None: not yet, an accountability finding until the
    extension letter is issued). The reason is published: the head confirms it holds no
    personal data (``no_personal_data``) and it must not contain ID or mobile numbers
    (``domain.privacy.public_text``)."""
    actor.require("office_head")
    check_open(request)
    check_started(request)
    check_no_supplement_pending(request)
    if request.extended:
        raise RuleViolation(
            "EXTENSION_ALREADY_GRANTED",
            f"Art. 33: extended once already, by {request.extension_days} working days",
            days=request.extension_days,
        )
    rules.check_count(days, "days", "EXTENSION_DAYS_INVALID", 1)
    if days > rules.MAX_EXTENSION:
        raise RuleViolation(
            "EXTENSION_TOO_LONG",
            f"Art. 33: at most {rules.MAX_EXTENSION} working days",
            days=days,
            maximum=rules.MAX_EXTENSION,
        )
    reason_text = _public_reason(reason, no_personal_data)
    data = {"on": check_on(request, on), "days": days, "reason": reason_text}
    if days_remaining(request, calendar, on) < 0:
        raise RuleViolation(
            "EXTENSION_TOO_LATE",
            "Art. 33: the answer period has already run out",
            on=data["on"],
        )
    if notified_on is not None:
        check_not_before(notified_on, on, "notified_on")
    data["notified_on"] = None if notified_on is None else notified_on.isoformat()
    due = due_after(request, calendar, extension_days=days)
    request._record("Extended", actor, at, **data, **rules.deadline_json(due))


def _public_reason(reason: object, confirmed: bool) -> str:
    return check_public_text(reason, "reason", confirmed=confirmed)
