"""依申请公开: the deadlines of a request, computed on a given working calendar.

Art. 33: answer within 20 working days of receipt, one extension of at most 20; Art. 30:
the supplement notice within 7 working days of receipt, the period restarting on the
supplement; Arts. 32, 34: consultation not counted for at most the consulted party's 15
working days; Art. 42: waiting for a fee not counted, 109号: 20 working days to pay from
the day the applicant received the fee notice. Each deadline is a ``Deadline`` whose
``provisional`` flag says it was counted through a year with no recorded calendar.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from domain.calendar.working_calendar import Deadline, WorkingCalendar
from domain.disclosure_request import rules

if TYPE_CHECKING:
    from domain.disclosure_request.request import DisclosureRequest

# closed without an answer: no answer falls due any more
_CLOSED_UNANSWERED = frozenset({"abandoned", "withdrawn", "deemed_withdrawn"})


def answer_due(request: DisclosureRequest, calendar: WorkingCalendar) -> Deadline | None:
    """Clock start + 20 (+ extension) working days, consultation and fee waits not
    counted. None while the clock is stopped (receipt unconfirmed, supplement awaited,
    consultation open, fee awaited) and once closed without an answer."""
    start = request.clock_start
    stopped = request.supplement_pending or request.open_pause is not None
    if start is None or stopped or request.status in _CLOSED_UNANSWERED:
        return None
    return rules.answer_due(calendar, start, request.period, request.pauses)


def supplement_notice_due(request: DisclosureRequest, calendar: WorkingCalendar) -> Deadline | None:
    """Art. 30: receipt + 7 working days; None before receipt is confirmed."""
    if request.receipt_on is None:
        return None
    return calendar.add_working_days(request.receipt_on, rules.SUPPLEMENT_NOTICE_PERIOD)


def consultation_reply_due(
    request: DisclosureRequest, calendar: WorkingCalendar
) -> Deadline | None:
    """Arts. 32, 34: the consulted party's 15 working days, while a consultation is open."""
    pause = request.open_pause
    if pause is None or pause.kind != "consultation":
        return None
    return calendar.add_working_days(pause.start, rules.CONSULTATION_REPLY_PERIOD)


def supplement_due(request: DisclosureRequest, calendar: WorkingCalendar) -> Deadline | None:
    """Art. 30: the last day to supplement, the time allowed counted from the notice;
    None unless a supplement is awaited."""
    supplement = request.supplement
    if supplement is None or supplement.supplemented_on is not None:
        return None
    return calendar.add_working_days(supplement.requested_on, supplement.allowed_days)


def payment_due(request: DisclosureRequest, calendar: WorkingCalendar) -> Deadline | None:
    """109号: the last day to pay, 20 working days from the day the applicant received
    the fee notice; None unless a fee is awaited and that day is recorded."""
    fee = request.pending_fee
    if fee is None or fee.received_on is None:
        return None
    return calendar.add_working_days(fee.received_on, rules.FEE_PAYMENT_PERIOD)


def days_remaining(request: DisclosureRequest, calendar: WorkingCalendar, today: date) -> int:
    """Working days left in the answer period on ``today``; negative when overdue.

    A stopped clock keeps its count; before receipt and while a supplement is awaited
    the whole period remains (it restarts, Art. 30); a closed request stops counting
    on the day it closed.
    """
    start = request.clock_start
    if start is None or request.supplement_pending:
        return request.period
    if request.closed_on is not None:
        today = min(today, request.closed_on)
    used = rules.counted_days(calendar, start, request.pauses, today)
    remaining = request.period - used
    if remaining == 0:
        # a rest day after the due date: nothing left to count, and already late
        due = answer_due(request, calendar)
        if due is not None and today > due.due:
            return -1
    return remaining


def due_after(
    request: DisclosureRequest,
    calendar: WorkingCalendar,
    *,
    start: date | None = None,
    extension_days: int | None = None,
    pause_ends: date | None = None,
) -> Deadline | None:
    """The answer due date once the step being decided is recorded."""
    start = start if start is not None else request.clock_start
    pauses = [
        p.closed(pause_ends) if p.end is None and pause_ends is not None else p
        for p in request.pauses
    ]
    if start is None or any(p.end is None for p in pauses):
        return None
    days = request.extension_days if extension_days is None else extension_days
    return rules.answer_due(calendar, start, rules.ANSWER_PERIOD + days, pauses)
