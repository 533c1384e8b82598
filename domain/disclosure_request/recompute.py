"""依申请公开: every deadline of an open request recomputed on a newly recorded calendar
year — the answer (Art. 33), the last day to supplement (Art. 30) and the last day to
pay a fee (109号) — and the dates already past that judged a step: the last day to
give the supplement notice (Art. 30's 7 working days: was the notice late?) and a
consulted party's last day to reply (Arts. 32, 34: by how many working days was it
overrun?). A deadline counted through a year with no recorded calendar is
provisional; once the year's notice is recorded, one ``DeadlineRecomputed`` entry by
the admin records each deadline that moved or stopped being provisional, with its
previous date, so the request's history shows why a date changed."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from domain.aggregate import Actor
from domain.calendar.working_calendar import Deadline, WorkingCalendar
from domain.disclosure_request import rules
from domain.disclosure_request.deadlines import (
    answer_due,
    payment_due,
    supplement_due,
    supplement_notice_due,
)

if TYPE_CHECKING:
    from domain.disclosure_request.request import DisclosureRequest


def recompute_deadlines(
    request: DisclosureRequest, actor: Actor, at: datetime, calendar: WorkingCalendar
) -> bool:
    """Record the deadlines again if ``calendar`` moves any of them or settles a
    provisional one; True if ``DeadlineRecomputed`` was recorded."""
    actor.require("admin")
    if not request.is_open:
        return False
    changes: dict[str, Any] = {}
    due, previous = answer_due(request, calendar), request.recorded_answer_due
    answer_moved = due is not None and due != previous
    supplement = request.supplement
    if supplement is not None:
        recorded = Deadline(supplement.due, supplement.provisional)
        changes |= _changed("supplement_due", supplement_due(request, calendar), recorded)
    fee = request.pending_fee
    if fee is not None and fee.payment_due is not None:
        recorded = Deadline(fee.payment_due, fee.provisional)
        changes |= _changed("payment_due", payment_due(request, calendar), recorded)
    changes |= _notice(request, calendar) | _reply(request, calendar)
    if not answer_moved and not changes:
        return False
    data = rules.deadline_json(due)  # None while the clock is stopped
    data["previous"] = _iso(previous.due if answer_moved and previous is not None else None)
    request._record("DeadlineRecomputed", actor, at, **data, **changes)
    return True


def _changed(name: str, now: Deadline | None, recorded: Deadline) -> dict[str, Any]:
    if now is None or now == recorded:
        return {}
    return {
        name: now.due.isoformat(),
        f"{name}_provisional": now.provisional,
        f"previous_{name}": recorded.due.isoformat(),
    }


def _notice(request: DisclosureRequest, calendar: WorkingCalendar) -> dict[str, Any]:
    """The supplement notice's own deadline, if it was provisional: moved or settled,
    with whether the notice given was late on the recorded calendar."""
    supplement = request.supplement
    if supplement is None or supplement.notice_due is None or not supplement.notice_provisional:
        return {}
    now = supplement_notice_due(request, calendar)
    changed = _changed("notice_due", now, Deadline(supplement.notice_due, True))
    if changed and now is not None:
        changed["notice_late"] = supplement.requested_on > now.due
    return changed


def _reply(request: DisclosureRequest, calendar: WorkingCalendar) -> dict[str, Any]:
    """The last ended consultation's reply deadline, if it was provisional: moved or
    settled, with the working days the consultation overran it."""
    ended = [p for p in request.pauses if p.kind == "consultation" and p.end is not None]
    if not ended or ended[-1].reply_due is None or not ended[-1].reply_provisional:
        return {}
    pause = ended[-1]
    assert pause.end is not None and pause.reply_due is not None
    now = calendar.add_working_days(pause.start, rules.CONSULTATION_REPLY_PERIOD)
    changed = _changed("reply_due", now, Deadline(pause.reply_due, True))
    if changed:
        changed["consultation_ended_on"] = pause.end.isoformat()
        changed["overrun_days"] = calendar.working_days_between(now.due, pause.end)
    return changed


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
