"""What the CLI and the HTTP API show of requests: the officer's view of one request,
the officers' list and the public register, each with its deadlines on a given day.

Rows come from the register read model (``projections.register_queries``); days left
are counted on the recorded working-day calendar (``domain.disclosure_request.view``). "Today" is
the date in China unless the caller passes one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from api.clock import today
from api.errors import CursorInvalid
from api.services import Services
from domain.calendar.working_calendar import WorkingCalendar
from domain.disclosure_request.service import SUPPLEMENT_NOTICE_PERIOD, parse_number
from domain.disclosure_request.view import days_left, request_json
from projections import register_queries as queries
from projections.register_queries import CLOSED_STATUSES, RegisterRow, StateRow


def request_view(services: Services, ref: str, on: date | None = None) -> dict[str, Any]:
    """One request as officers see it (``domain.disclosure_request.view.request_json``)."""
    request = services.requests.get(ref)
    return request_json(request, services.requests.calendar(), on or today())


def officer_list(
    services: Services,
    *,
    overdue: bool = False,
    status: str | None = None,
    year: int | None = None,
    on: date | None = None,
) -> list[dict[str, Any]]:
    """The officers' list, newest first; ``overdue``: open past due, or answered late."""
    day = on or today()
    with services.ledger.backend.transaction() as cur:
        rows = queries.officer_rows(
            cur, year=year, status=status, overdue_on=day.isoformat() if overdue else None
        )
    calendar = services.requests.calendar()
    return [_officer_row(row, calendar, day) for row in rows]


def officer_page(
    services: Services,
    *,
    overdue: bool = False,
    status: str | None = None,
    year: int | None = None,
    cursor: str | None = None,
    limit: int = 100,
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of the officers' list, newest first; the cursor is the last number shown
    (numbers never change, so a page never repeats or skips a request)."""
    after = None if cursor is None else parse_number(cursor)
    if cursor is not None and after is None:
        raise CursorInvalid(f"cursor {cursor[:40]!r} is not a request number")
    rows = officer_list(services, overdue=overdue, status=status, year=year)
    if after is not None:
        rows = [r for r in rows if (parse_number(r["number"]) or (0, 0)) < after]
    page = rows[:limit]
    return page, (page[-1]["number"] if len(rows) > limit else None)


def register_page(
    services: Services,
    *,
    year: int | None = None,
    status: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
    on: date | None = None,
) -> tuple[list[tuple[RegisterRow, bool]], str | None]:
    """A page of the public register: each row with whether it is overdue on the day."""
    after = None
    if cursor is not None:
        after = parse_number(cursor)
        if after is None:
            raise CursorInvalid("the cursor is a request number, e.g. 2026-0042")
    with services.ledger.backend.transaction() as cur:
        page = queries.register_page(cur, year=year, status=status, after=after, limit=limit)
    day = (on or today()).isoformat()
    return [(row, _past_due(row.status, row.answer_due, day)) for row in page.rows], (
        page.next_cursor
    )


def _past_due(status: str, answer_due: str | None, day: str) -> bool:
    return status not in CLOSED_STATUSES and answer_due is not None and answer_due < day


def _officer_row(row: StateRow, calendar: WorkingCalendar, day: date) -> dict[str, Any]:
    remaining = None
    if row.is_open and row.answer_due is not None:
        # before the clock starts (a receipt recorded ahead of time) the whole period remains
        counted_from = max(day, date.fromisoformat(row.receipt_on or row.received_on))
        remaining = days_left(calendar, date.fromisoformat(row.answer_due), counted_from)
    notice_due = None
    if row.is_open and row.receipt_on is not None:
        receipt = date.fromisoformat(row.receipt_on)
        notice_due = calendar.add_working_days(receipt, SUPPLEMENT_NOTICE_PERIOD).due.isoformat()
    return {
        "id": row.request_id,
        "number": row.number,
        "status": row.status,
        "channel": row.channel,
        "applicant_type": row.applicant_type,
        "received_on": row.received_on,
        "answer_due": row.answer_due,
        "answer_due_provisional": row.answer_due_provisional,
        "supplement_notice_due": notice_due,
        "days_remaining": remaining,
        "overdue": remaining is not None and remaining < 0,
        "outcome": row.outcome,
        "late": row.late,
        "handling_officer": row.handling_officer,
        "handling_unit": row.handling_unit,
        "answered_by": row.answered_by,
        "answered_unit": row.answered_unit,
        "reconsideration": row.reconsideration,
        "lawsuit": row.lawsuit,
    }


AT_RISK_DAYS = 3  # working days left at which the handlers' inbox warns


def inbox_page(
    services: Services, *, cursor: str | None = None, limit: int = 50, on: date | None = None
) -> tuple[list[dict[str, Any]], str | None, int]:
    """The handlers' inbox: open requests, the one due soonest first, each with its days
    left; the next page's cursor and the number open. Work per page is bounded."""
    after = None
    if cursor is not None:
        parts = cursor.split("|")
        if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
            raise CursorInvalid(f"cursor {cursor[:40]!r} is not an inbox position")
        after = (parts[0], int(parts[1]), int(parts[2]))
    with services.ledger.backend.transaction() as cur:
        rows, last = queries.inbox_page(cur, after=after, limit=limit)
        total = queries.open_count(cur)
    calendar, day = services.requests.calendar(), on or today()
    shown = []
    for row in rows:
        view = _officer_row(row, calendar, day)
        left = view["days_remaining"]
        view["at_risk"] = left is not None and 0 <= left <= AT_RISK_DAYS
        shown.append(view)
    return shown, (None if last is None else f"{last[0]}|{last[1]}|{last[2]}"), total
