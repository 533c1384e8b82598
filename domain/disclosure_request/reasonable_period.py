"""依申请公开: requests clearly beyond a reasonable number or frequency, OGI Regulation
Art. 35. The agency may ask the applicant for the reasons (``ReasonsAsked``); if the
reasons are sound but the answer cannot be given within Art. 33's period, the head of
the disclosure office sets a reasonable later date and notifies the applicant
(``ReasonablePeriodSet``: the reasons, the new due date, the day of the notice). The
answer then falls due on that date; answering after it is late. Reasons found unsound
lead to the ``not_processed`` outcomes (不予处理) through the ordinary answer."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from domain.aggregate import Actor
from domain.calendar.working_calendar import WorkingCalendar
from domain.checks import check_date
from domain.disclosure_request._guards import check_clock_running, check_on, check_open
from domain.disclosure_request.deadlines import answer_due, days_remaining
from domain.errors import RuleViolation
from domain.privacy.public_text import check_public_text

if TYPE_CHECKING:
    from domain.disclosure_request.request import DisclosureRequest


def ask_reasons(
    request: DisclosureRequest, actor: Actor, at: datetime, *, on: date, note: str
) -> None:
    """Art. 35: the applicant is asked to explain a clearly unreasonable number of requests."""
    actor.require("request_handler")
    check_open(request)
    check_clock_running(request)
    data = {"on": check_on(request, on), "note": _public(note, "note")}
    request._record("ReasonsAsked", actor, at, **data)


def set_reasonable_period(
    request: DisclosureRequest,
    actor: Actor,
    at: datetime,
    *,
    on: date,
    reasons: str,
    due: date,
    calendar: WorkingCalendar,
) -> None:
    """Art. 35: a reasonable later answer date, notified to the applicant on ``on``;
    only after the reasons were asked, once, before Art. 33's period runs out, and later
    than the date it replaces."""
    actor.require("office_head")
    check_open(request)
    check_clock_running(request)
    iso = check_on(request, on)
    if not any(e.name == "ReasonsAsked" for e in request.history):
        raise RuleViolation("REASONS_NOT_ASKED", "Art. 35: ask the applicant for reasons first")
    if request.reasonable_due is not None:
        raise RuleViolation(
            "REASONABLE_PERIOD_ALREADY_SET",
            f"Art. 35: the answer is already due on {request.reasonable_due}",
        )
    if days_remaining(request, calendar, on) < 0:
        raise RuleViolation("REASONABLE_PERIOD_TOO_LATE", "Art. 33's period has run out", on=iso)
    statutory = answer_due(request, calendar)
    check_date(due, "due")
    if statutory is None or due <= statutory.due:
        raise RuleViolation(
            "REASONABLE_PERIOD_NOT_LATER",
            "Art. 35: the reasonable period must end after the answer's current due date",
            due=due.isoformat(),
        )
    data = {"on": iso, "reasons": _public(reasons, "reasons"), "notified_on": iso}
    previous = statutory.due.isoformat()
    deadline = {"answer_due": due.isoformat(), "answer_due_provisional": False}
    request._record("ReasonablePeriodSet", actor, at, **data, previous=previous, **deadline)


def _public(text: object, field: str) -> str:
    """The text is in the signed entry: ID and mobile numbers are refused
    (``PERSONAL_DATA_IN_PUBLIC_TEXT``)."""
    return check_public_text(text, field, confirmed=True)
