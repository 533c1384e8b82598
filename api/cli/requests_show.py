"""``gongkai request show | list | register``: reading requests and their deadlines.

``show`` is one request as officers see it (every deadline, days left, history);
``list`` is the officers' list (``--overdue``: open past due, or answered late, with the
handling officer and unit); ``register`` is the public register. ``--today`` counts the
days left as of another day (default: today in China).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from functools import partial
from typing import Annotated, Any

import typer

from api.cli.support import guard, open_services, parse_date, print_json, state
from api.views.requests import officer_list, register_page, request_view

Today = Annotated[
    str | None, typer.Option("--today", help="Count days left as of YYYY-MM-DD (default today).")
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]
Year = Annotated[int | None, typer.Option(help="Receipt year.")]
Status = Annotated[str | None, typer.Option(help="Only this status, e.g. received, answered.")]


def print_request(view: dict[str, Any], as_json: bool) -> None:
    """One request: a JSON object, or one line with its deadlines."""
    if as_json:
        print_json(view)
        return
    typer.echo(f"{view['number']}  {view['status']}  {_deadlines(view)}")


def _deadlines(view: dict[str, Any]) -> str:
    if view["outcome"] is not None:
        late = "  (answered late)" if view.get("late") else ""
        return f"outcome {view['outcome']} {view['outcome_label']}{late}"
    parts = []
    if view["answer_due"] is not None:
        provisional = " provisional" if view["answer_due_provisional"] else ""
        parts.append(f"answer due {view['answer_due']}{provisional}")
    remaining = view["days_remaining"]
    if remaining is not None:
        parts.append(
            f"overdue by {-remaining} working days"
            if remaining < 0
            else f"{remaining} working days left"
        )
    if view.get("supplement_notice_due") and view["status"] == "received":
        parts.append(f"supplement notice due {view['supplement_notice_due']}")
    return "  ".join(parts) or "clock stopped"


def show(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The request's number (2026-0001) or id.")],
    as_json: AsJson = False,
    today: Today = None,
) -> None:
    """One request: its state, every deadline, the days left and its history."""
    cli = state(ctx)
    day = parse_date(today)
    with open_services(cli) as services:
        view = guard(cli, lambda: request_view(services, ref, day))
    if as_json:
        print_json(view)
        return
    print_request(view, False)
    for key in ("channel", "applicant_type", "received_on", "receipt_on", "handling_officer"):
        typer.echo(f"  {key}: {view[key]}")
    for remedy in ("reconsideration", "lawsuit"):
        if view[remedy]:
            typer.echo(f"  {remedy}: filed {view[remedy]['filed_on']}, {view[remedy]['result']}")
    for event in view["history"]:
        typer.echo(f"  #{event['seq']} {event['at'][:19]} {event['actor']} {event['event']}")


def list_requests(
    ctx: typer.Context,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only open past due, or answered late.")
    ] = False,
    status: Status = None,
    year: Year = None,
    as_json: AsJson = False,
    today: Today = None,
) -> None:
    """Every request with its deadlines, handling officer and unit (newest first)."""
    cli = state(ctx)
    day = parse_date(today)
    with open_services(cli) as services:
        guard(cli, services.settle)
        rows = guard(
            cli, lambda: officer_list(services, overdue=overdue, status=status, year=year, on=day)
        )
    if as_json:
        print_json(rows)
        return
    for row in rows:
        # an answered request is accounted to whoever answered it
        officer = row["answered_by"] or row["handling_officer"]
        unit = (row["answered_unit"] if row["answered_by"] else row["handling_unit"]) or "—"
        flag = "LATE " if row["late"] else ("OVERDUE " if row["overdue"] else "")
        typer.echo(
            f"{row['number']}  {flag}{row['status']}  due {row['answer_due'] or '—'}  "
            f"left {_or_dash(row['days_remaining'])}  {row['outcome'] or '—'}  "
            f"{officer} ({unit})"
        )


def register(
    ctx: typer.Context,
    year: Year = None,
    status: Status = None,
    as_json: AsJson = False,
) -> None:
    """The public register (what anyone sees): no personal data."""
    cli = state(ctx)
    rows: list[dict[str, Any]] = []
    with open_services(cli) as services:
        guard(cli, services.settle)
        cursor: str | None = None
        while True:
            page, cursor = guard(
                cli,
                partial(register_page, services, year=year, status=status, cursor=cursor),
            )
            rows.extend(asdict(row) | {"overdue": overdue} for row, overdue in page)
            if cursor is None:
                break
    if as_json:
        print_json(rows)
        return
    for row in rows:
        kind = row["applicant_type"] or "—"
        typer.echo(
            f"{row['number']}  {row['received_on']}  {row['status']}  "
            f"due {row['answer_due'] or '—'}  {kind}  {row['outcome_label'] or '—'}"
        )


def _or_dash(value: object) -> str:
    return "—" if value is None else str(value)


COMMANDS: tuple[tuple[str, Callable[..., None]], ...] = (
    ("show", show),
    ("list", list_requests),
    ("register", register),
)
