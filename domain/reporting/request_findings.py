"""考核与责任追究: the findings on how disclosure requests were handled that are not a
late answer (Arts. 30–34, 47, 52), for ``domain.reporting.accountability``:

- ``LATE_SUPPLEMENT_NOTICE``: a supplement notice given after Art. 30's 7 working days
  (recorded as it happened, flagged ``late``);
- ``CONSULTATION_OVERRUN``: a consultation ended after the consulted party's 15 working
  days (Arts. 32, 34); the days beyond them were counted in the answer period;
- ``OVERDUE_UNANSWERED``: a request still open, its clock running, past its answer due
  date on the day the record is read (Art. 33) — found on the officer's latest step on
  it; a consultation still open stops the clock for its 15 working days only;
- ``EXTENSION_NOT_NOTIFIED``: an extension (Art. 33) with no day the applicant was
  notified of it and no extension letter issued after it;
- ``UNCONFIRMED``: an online, fax or unsigned-mail request whose receipt was never
  confirmed (Art. 31) more than ``UNCONFIRMED_WORKING_DAYS`` working days after it
  arrived — found on the officer who recorded it. The regulation sets no period for
  confirming; this product uses the 7 working days of Art. 30, the first step that
  depends on receipt.

Pure: the rows are the accountability read model's fact-bearing entries of the stream.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from domain.calendar.working_calendar import WorkingCalendar
from domain.disclosure_request.rules import CONFIRMED_CHANNELS, CONSULTATION_REPLY_PERIOD

if TYPE_CHECKING:
    from domain.reporting.accountability import Evidence, LoggedAction

UNCONFIRMED_WORKING_DAYS: Final = 7
KINDS: Final[dict[str, str]] = {
    "LATE_SUPPLEMENT_NOTICE": "超过七个工作日告知补正",
    "CONSULTATION_OVERRUN": "征求意见超过十五个工作日",
    "OVERDUE_UNANSWERED": "逾期未答复（仍在办理）",
    "UNCONFIRMED": "网络、传真或平常信函申请未确认收到",
    "EXTENSION_NOT_NOTIFIED": "延长答复期限未告知申请人",
}
_P = "DisclosureRequest."
_CLOSING = frozenset(
    _P + name for name in ("Answered", "DeemedAbandoned", "DeemedWithdrawn", "WithdrawnByApplicant")
)
# the steps that stop the answer clock, and those that start it again
_STOPS = {_P + "SupplementRequested", _P + "ConsultationStarted", _P + "FeeNoticed"}
_RUNS = {_P + "Supplemented", _P + "ConsultationEnded", _P + "FeePaid", _P + "ReceiptConfirmed"}
# steps not taken by the request's handler (the office head, the admin)
_NOT_HANDLING = {_P + "Extended", _P + "ReasonablePeriodSet", _P + "DeadlineRecomputed"}

Check = tuple[str, dict[str, Any], tuple["Evidence", ...]]


def request_checks(
    action: LoggedAction,
    history: Sequence[LoggedAction],
    calendar: WorkingCalendar,
    as_of: date | None,
) -> Iterable[Check]:
    """The findings of this module on ``action`` (its stream's rows are ``history``)."""
    if action.type == _P + "SupplementRequested":
        notice = _as_recomputed(action, history, ("notice_due", "late"), "notice_due")
        if notice["late"]:
            detail = {"on": action.fact("on"), "notice_due": notice["notice_due"]}
            yield "LATE_SUPPLEMENT_NOTICE", detail, notice["evidence"]
    if action.type == _P + "ConsultationEnded":
        reply = _as_recomputed(action, history, ("reply_due", "overrun_days"), "reply_due")
        if (reply["overrun_days"] or 0) > 0:
            detail = {
                "on": action.fact("on"),
                **{k: reply[k] for k in ("reply_due", "overrun_days")},
            }
            yield "CONSULTATION_OVERRUN", detail, reply["evidence"]
    if action.type == _P + "Extended" and not _extension_notified(action, history):
        detail = {k: action.fact(k) for k in ("on", "days", "answer_due")}
        yield "EXTENSION_NOT_NOTIFIED", detail, (action.evidence(),)
    if as_of is None or not history or any(r.type in _CLOSING for r in history):
        return
    received = history[0]
    if received.type != _P + "Received":
        return
    if action.index == received.index:
        unconfirmed = _unconfirmed(received, history, calendar, as_of)
        if unconfirmed is not None:
            yield unconfirmed
    handling = [r for r in history if r.type not in _NOT_HANDLING]
    if action.index == handling[-1].index:
        overdue = _overdue(history, calendar, as_of)
        if overdue is not None:
            yield overdue


def _extension_notified(extended: LoggedAction, history: Sequence[LoggedAction]) -> bool:
    """Art. 33: the applicant notified of the extension, on the entry or by its letter."""
    if extended.fact("notified_on") is not None:
        return True
    letters = (r for r in history if r.type == _P + "LetterIssued" and r.index > extended.index)
    return any(r.fact("kind") == "extension" for r in letters)


def _unconfirmed(
    received: LoggedAction,
    history: Sequence[LoggedAction],
    calendar: WorkingCalendar,
    as_of: date,
) -> Check | None:
    if received.fact("channel") not in CONFIRMED_CHANNELS:
        return None
    if any(r.type == _P + "ReceiptConfirmed" for r in history):
        return None
    arrived = date.fromisoformat(str(received.fact("received_on")))
    waiting = calendar.working_days_between(arrived, as_of)
    if waiting <= UNCONFIRMED_WORKING_DAYS:
        return None
    detail = {
        "channel": received.fact("channel"),
        "received_on": arrived.isoformat(),
        "as_of": as_of.isoformat(),
        "working_days": waiting,
    }
    return "UNCONFIRMED", detail, (received.evidence(),)


def _overdue(
    history: Sequence[LoggedAction], calendar: WorkingCalendar, as_of: date
) -> Check | None:
    setters = [r for r in history if r.facts is not None and "answer_due" in r.facts]
    due = setters[-1].fact("answer_due") if setters else None
    if not isinstance(due, str):
        return None
    clock = [r for r in history if r.type in _STOPS | _RUNS]
    stop = clock[-1] if clock and clock[-1].type in _STOPS else None
    if stop is not None and stop.type != _P + "ConsultationStarted":
        return None  # a supplement or a fee is awaited: the clock is stopped
    last_day = date.fromisoformat(due)
    if stop is not None:  # Arts. 32, 34: stopped for the consulted party's 15 days only
        last_day = _after_consultation(calendar, date.fromisoformat(str(stop.fact("on"))), last_day)
    if last_day >= as_of:
        return None
    detail = {"answer_due": last_day.isoformat(), "as_of": as_of.isoformat()}
    return "OVERDUE_UNANSWERED", detail, (setters[-1].evidence(), history[-1].evidence())


def _after_consultation(calendar: WorkingCalendar, start: date, due: date) -> date:
    """The due date once a consultation opened on ``start`` has used its 15 working days."""
    left = calendar.working_days_between(start, due)
    reply_due = calendar.add_working_days(start, CONSULTATION_REPLY_PERIOD).due
    return calendar.add_working_days(reply_due, left).due if due > start else due


def _as_recomputed(
    action: LoggedAction, history: Sequence[LoggedAction], names: tuple[str, ...], key: str
) -> dict[str, Any]:
    """``names`` of ``action`` as it recorded them, or as the last ``DeadlineRecomputed``
    of its stream recorded them again on a newly recorded calendar year (``key`` moved:
    a provisional deadline settled); ``evidence``: the entries they come from."""
    values: dict[str, Any] = {name: action.fact(name) for name in names}
    evidence = [action.evidence()]
    ended_on = action.fact("on") if key == "reply_due" else None
    for row in history:
        if row.index <= action.index or row.type != _P + "DeadlineRecomputed":
            continue
        if row.fact(key) is None or (ended_on and row.fact("consultation_ended_on") != ended_on):
            continue
        late = row.fact("notice_late")
        values |= {key: row.fact(key)} | ({"late": late} if late is not None else {})
        if row.fact("overrun_days") is not None:
            values["overrun_days"] = row.fact("overrun_days")
        evidence.append(row.evidence())
    return values | {"evidence": tuple(evidence)}
