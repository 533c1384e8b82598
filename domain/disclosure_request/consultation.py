"""依申请公开: consultation of a third party (Art. 32) or another agency (Art. 34). The
consulted party has 15 working days from the letter; that time is not counted in the
answer period, and no more of it: a consultation still open beyond them lets the clock
run (``rules.uncounted_until``). The end records the reply's due date and the working
days it was overrun, an accountability finding."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from domain.aggregate import Actor
from domain.calendar.working_calendar import WorkingCalendar
from domain.checks import check_choice
from domain.disclosure_request import rules
from domain.disclosure_request._guards import check_clock_running, check_on, check_open
from domain.disclosure_request.deadlines import due_after
from domain.disclosure_request.third_party import reply_data
from domain.errors import RuleViolation

if TYPE_CHECKING:
    from domain.disclosure_request.request import DisclosureRequest


def start_consultation(
    request: DisclosureRequest, actor: Actor, at: datetime, *, party: str, on: date
) -> None:
    """Arts. 32, 34: consult a third party or another agency; the clock stops."""
    actor.require("request_handler")
    check_open(request)
    check_clock_running(request)
    chosen = check_choice(party, rules.CONSULTATION_PARTIES, "CONSULTATION_PARTY_UNKNOWN", "party")
    request._record("ConsultationStarted", actor, at, on=check_on(request, on), party=chosen)


def end_consultation(
    request: DisclosureRequest,
    actor: Actor,
    at: datetime,
    *,
    on: date,
    calendar: WorkingCalendar,
    reply: str = "none",
) -> None:
    """The consultation ends with the party's reply (consent, objection) or none; an
    agency silent past its 15 working days is deemed to consent (Art. 34)."""
    actor.require("request_handler")
    check_open(request)
    pause = request.open_pause
    if pause is None or pause.kind != "consultation":
        raise RuleViolation("NO_CONSULTATION_OPEN", "no consultation is open")
    iso = check_on(request, on)
    reply_due = calendar.add_working_days(pause.start, rules.CONSULTATION_REPLY_PERIOD)
    overrun = calendar.working_days_between(reply_due.due, on)
    due = due_after(request, calendar, pause_ends=on)
    data = {
        "on": iso,
        "reply_due": reply_due.due.isoformat(),
        "reply_due_provisional": reply_due.provisional,
        "overrun_days": overrun,
    }
    data |= reply_data(pause, reply, on, reply_due.due)
    request._record("ConsultationEnded", actor, at, **data, **rules.deadline_json(due))
