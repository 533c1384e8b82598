"""Reads of the request register (``projections.register``): plain SQL, typed rows.

The public register pages newest first by request number (receipt year, then serial);
the cursor is the last number seen, which never changes, so pages stay stable while
new requests arrive. The officers' list reads the internal table.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, TypeVar

from ledger.backend import Cursor, Row
from projections.runner import LIVE, Tables

T = Tables(LIVE)
R = TypeVar("R")
CLOSED_STATUSES = ("answered", "abandoned", "withdrawn", "deemed_withdrawn")
_BOOL = frozenset(
    {"answer_due_provisional", "answered_late", "late", "lawsuit_after_reconsideration"}
)


@dataclass(frozen=True)
class RegisterRow:
    """One public register row: nothing about the applicant but an organisation's type."""

    request_id: str
    number: str
    year: int
    serial: int
    received_on: str
    status: str
    applicant_type: str | None
    answer_due: str | None
    answer_due_provisional: bool | None
    answered_on: str | None
    answered_late: bool | None
    outcome: str | None
    outcome_label: str | None
    leaf_hash: str
    log_index: int


@dataclass(frozen=True)
class StateRow:
    """One request as officers list it, with its handling officer and unit."""

    request_id: str
    number: str
    year: int
    serial: int
    channel: str
    applicant_type: str
    received_on: str
    receipt_on: str | None
    status: str
    answer_due: str | None
    answer_due_provisional: bool | None
    extension_days: int
    supplement_due: str | None
    consultation_party: str | None
    payment_due: str | None
    outcome: str | None
    closed_on: str | None
    late: bool | None
    handling_officer: str
    handling_unit: str | None
    answered_by: str | None
    answered_unit: str | None
    reconsideration: str | None
    lawsuit: str | None
    lawsuit_after_reconsideration: bool | None
    leaf_hash: str
    log_index: int

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES


@dataclass(frozen=True)
class RegisterPage:
    rows: list[RegisterRow]
    next_cursor: str | None


def register_page(
    cur: Cursor,
    *,
    year: int | None = None,
    status: str | None = None,
    after: tuple[int, int] | None = None,
    limit: int = 50,
) -> RegisterPage:
    """Newest first; ``after`` is the (year, serial) of the last row of the page before."""
    where, params = _filters(year=year, status=status)
    if after is not None:
        where.append("(year < ? OR (year = ? AND serial < ?))")
        params += [after[0], after[0], after[1]]
    rows = _select(
        cur, RegisterRow, T["request_register"], where, params, "year DESC, serial DESC", limit + 1
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return RegisterPage(rows, rows[-1].number if more and rows else None)


def officer_rows(
    cur: Cursor,
    *,
    year: int | None = None,
    status: str | None = None,
    overdue_on: str | None = None,
) -> list[StateRow]:
    """Every request, newest first. With ``overdue_on`` (a date), only those overdue:
    open with the answer due before that date, or answered late."""
    where, params = _filters(year=year, status=status)
    if overdue_on is not None:
        closed = ", ".join("?" for _ in CLOSED_STATUSES)
        where.append(
            f"((status NOT IN ({closed}) AND answer_due IS NOT NULL AND answer_due < ?) "
            "OR late = 1)"
        )
        params += [*CLOSED_STATUSES, overdue_on]
    return _select(cur, StateRow, T["request_state"], where, params, "year DESC, serial DESC")


def _filters(**equal: Any) -> tuple[list[str], list[Any]]:
    where = [f"{column} = ?" for column, value in equal.items() if value is not None]
    return where, [value for value in equal.values() if value is not None]


def _select(
    cur: Cursor,
    cls: type[R],
    table: str,
    where: list[str],
    params: list[Any],
    order: str,
    limit: int | None = None,
) -> list[R]:
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    sql = f"SELECT {', '.join(names)} FROM {table}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {order}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [_row(cls, names, row) for row in cur.execute(sql, params).fetchall()]


def _row(cls: type[R], names: list[str], row: Row) -> R:
    values = {
        name: (None if value is None else bool(value)) if name in _BOOL else value
        for name, value in zip(names, row, strict=True)
    }
    return cls(**values)


def open_count(cur: Cursor) -> int:
    """How many requests are still open (the handlers' inbox size)."""
    closed = ", ".join("?" for _ in CLOSED_STATUSES)
    row = cur.execute(
        f"SELECT COUNT(*) FROM {T['request_state']} WHERE status NOT IN ({closed})",
        CLOSED_STATUSES,
    ).fetchone()
    return int(row[0]) if row else 0


NO_DUE = "9999-12-31"  # an open request with no due date yet sorts last


def inbox_page(
    cur: Cursor, *, after: tuple[str, int, int] | None = None, limit: int = 50
) -> tuple[list[StateRow], tuple[str, int, int] | None]:
    """Open requests, the one due soonest first; ``after`` is the (due date, year,
    serial) of the last row of the page before. Work per page is bounded by ``limit``."""
    closed = ", ".join("?" for _ in CLOSED_STATUSES)
    due = f"COALESCE(answer_due, '{NO_DUE}')"
    where, params = [f"status NOT IN ({closed})"], list[Any](CLOSED_STATUSES)
    if after is not None:
        where.append(f"({due} > ? OR ({due} = ? AND (year > ? OR (year = ? AND serial > ?))))")
        params += [after[0], after[0], after[1], after[1], after[2]]
    order = f"{due}, year, serial"
    rows = _select(cur, StateRow, T["request_state"], where, params, order, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if more and rows else None
    return rows, (None if last is None else (last.answer_due or NO_DUE, last.year, last.serial))
