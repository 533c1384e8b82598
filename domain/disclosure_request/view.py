"""依申请公开: what an officer sees of a request — its state, every deadline on the recorded
calendar and the days left on a given day — as JSON values (CLI ``--json``, HTTP).

Never the applicant or the description: both are sealed, and nothing here reads the
vault. Deadlines follow OGI Regulation Arts. 30–34 and 42 (``domain.disclosure_request.rules``);
"today" is a date the caller passes in (China Standard Time, ``local_date``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from domain.calendar.working_calendar import Deadline, WorkingCalendar
from domain.disclosure_request import outcomes
from domain.disclosure_request.request import DisclosureRequest
from domain.disclosure_request.rules import FeeNotice, Remedy
from ledger.events import Recorded

# Deadlines are counted in the agency's calendar days: China Standard Time, no DST.
CHINA = timezone(timedelta(hours=8), "CST")


def local_date(at: datetime) -> date:
    """The date in China of an instant (a naive datetime is taken as UTC)."""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone(CHINA).date()


def days_left(calendar: WorkingCalendar, due: date, today: date) -> int:
    """Working days from ``today`` to ``due``: 0 on the due date itself, negative once
    it has passed (at least -1 the day after, even if that day is a rest day)."""
    if today <= due:
        return calendar.working_days_between(today, due)
    return -max(1, calendar.working_days_between(due, today))


def outcome_label(code: str | None) -> str | None:
    """The Table 3 row of an outcome code (its Chinese label), or None."""
    return None if code is None else outcomes.TABLE3_ROW.get(code)


def request_json(
    request: DisclosureRequest, calendar: WorkingCalendar, today: date
) -> dict[str, Any]:
    """The officer's view of ``request`` on ``today`` (one JSON object)."""
    due = request.answer_due(calendar)
    notice_due = request.supplement_notice_due(calendar) if request.is_open else None
    remaining = request.days_remaining(calendar, today) if request.is_open else None
    return {
        "id": request.id,
        "number": request.number,
        "version": request.version,
        "status": request.status,
        "channel": request.channel,
        "applicant_type": request.applicant_type,
        "received_on": _iso(request.received_on),
        "receipt_on": _iso(request.receipt_on),
        "clock_start": _iso(request.clock_start),
        **_deadline("answer_due", due),
        **_deadline("supplement_notice_due", notice_due),
        "days_remaining": remaining,
        "overdue": remaining is not None and remaining < 0,
        "extension_days": request.extension_days,
        "supplement": _supplement(request),
        "consultation": _consultation(request, calendar),
        "fees": [_fee(fee) for fee in request.fees],
        "outcome": request.outcome,
        "outcome_label": outcome_label(request.outcome),
        "late": request.late,
        "closed_on": _iso(request.closed_on),
        "handling_officer": request.handling_officer,
        "reconsideration": _remedy(request.reconsideration),
        "lawsuit": _remedy(request.lawsuit),
        "history": [_event(event) for event in request.history],
    }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _deadline(name: str, deadline: Deadline | None) -> dict[str, Any]:
    if deadline is None:
        return {name: None, f"{name}_provisional": None}
    return {name: deadline.due.isoformat(), f"{name}_provisional": deadline.provisional}


def _supplement(request: DisclosureRequest) -> dict[str, Any] | None:
    supplement = request.supplement
    if supplement is None:
        return None
    return {
        "requested_on": supplement.requested_on.isoformat(),
        "due": supplement.due.isoformat(),
        "due_provisional": supplement.provisional,
        "allowed_days": supplement.allowed_days,
        "notice_late": supplement.late,
        "supplemented_on": _iso(supplement.supplemented_on),
    }


def _consultation(request: DisclosureRequest, calendar: WorkingCalendar) -> dict[str, Any] | None:
    pause = request.open_pause
    reply_due = request.consultation_reply_due(calendar)
    if pause is None or reply_due is None:
        return None
    return {
        "party": pause.party,
        "since": pause.start.isoformat(),
        "reply_due": _iso(reply_due.due),
        "reply_due_provisional": reply_due.provisional,
    }


def _fee(fee: FeeNotice) -> dict[str, Any]:
    return {
        "noticed_on": fee.noticed_on.isoformat(),
        "method": fee.method,
        "fee_fen": fee.fee_fen,
        "received_on": _iso(fee.received_on),
        "payment_due": _iso(fee.payment_due),
        "payment_due_provisional": None if fee.payment_due is None else fee.provisional,
        "paid_on": _iso(fee.paid_on),
    }


def _remedy(remedy: Remedy | None) -> dict[str, Any] | None:
    if remedy is None:
        return None
    return {
        "filed_on": remedy.filed_on.isoformat(),
        "result": remedy.result,
        "after_reconsideration": remedy.after_reconsideration,
    }


def _event(event: Recorded) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "event": event.name,
        "at": event.at.isoformat(),
        "actor": event.actor,
        "leaf_hash": event.leaf_hash,
        "data": dict(event.data),
    }
