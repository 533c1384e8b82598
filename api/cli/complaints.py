"""``gongkai complaint …``: complaints and reports received online (投诉、举报, Arts. 47,
51) — show one, and answer it as an office head (a signed ``Complaint.Answered``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from api.cli.support import guard, now, open_services, parse_date, print_json, state
from domain.complaint.complaint import Complaint

complaint_app = typer.Typer(
    help="Complaints and reports (投诉、举报): show one, answer it.", no_args_is_help=True
)
Number = Annotated[str, typer.Argument(help="The complaint's number, e.g. TS20260305-a1b2c3.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _json(c: Complaint) -> dict[str, Any]:
    iso = _iso
    return {
        "number": c.number,
        "kind": c.kind,
        "about": c.about,
        "filed_on": iso(c.filed_on),
        "answer_due": iso(c.answer_due),
        "answered_on": iso(c.answered_on),
        "result": c.result,
        "reply": c.reply,
        "late": c.late,
    }


def _print(c: Complaint, as_json: bool) -> None:
    if as_json:
        print_json(_json(c))
        return
    for name, value in _json(c).items():
        if value is not None:
            typer.echo(f"{name}: {value}")


@complaint_app.command("show")
def show(ctx: typer.Context, number: Number, as_json: AsJson = False) -> None:
    """One complaint: kind, dates, due date and the answer (never the complainant)."""
    cli = state(ctx)
    with open_services(cli) as services:
        _print(guard(cli, lambda: services.complaints.get(number)), as_json)


@complaint_app.command("answer")
def answer(
    ctx: typer.Context,
    number: Number,
    result: Annotated[str, typer.Option(help="upheld | rejected | referred.")],
    reply: Annotated[str, typer.Option(help="The answer, public text (no personal data).")],
    as_officer: Annotated[str, typer.Option("--as", help="Acting office head's officer id.")],
    on: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default today).")] = None,
    as_json: AsJson = False,
) -> None:
    """Answer a complaint (office head); the complainant sees it on /track.

    Example: gongkai complaint answer TS20260305-a1b2c3 --result upheld --reply "…"
    --as officer-0002
    """
    cli = state(ctx)
    day = parse_date(on, "--date")
    with open_services(cli) as services:
        done = guard(
            cli,
            lambda: services.complaints.answer(
                number, as_officer, now(), on=day, result=result, reply=reply
            ),
        )
        guard(cli, services.settle)
    _print(done, as_json)


@complaint_app.command("list")
def list_complaints(
    ctx: typer.Context,
    year: Annotated[int | None, typer.Option(help="Only those filed in this year.")] = None,
    as_json: AsJson = False,
) -> None:
    """Every complaint received online, newest first, and the counts the annual report's
    section 六 (其他需要报告的事项) gives: filed, answered, answered late, open."""
    from api.pages.apply_tracking import TrackingStore

    cli = state(ctx)
    with open_services(cli) as services:
        numbers = TrackingStore(services.ledger.backend).numbers("TS", limit=100_000)
        found = guard(cli, lambda: [services.complaints.get(n) for n in numbers])
    found = [c for c in found if year is None or (c.filed_on and c.filed_on.year == year)]
    counts = {
        "filed": len(found),
        "answered": sum(1 for c in found if c.answered_on),
        "answered_late": sum(1 for c in found if c.late),
        "open": sum(1 for c in found if not c.answered_on),
    }
    if as_json:
        print_json({"counts": counts, "complaints": [_json(c) for c in found]})
        return
    for c in found:
        state_ = f"answered {c.answered_on} ({c.result})" if c.answered_on else "open"
        typer.echo(f"{c.number}  {c.kind:9}  filed {c.filed_on}  due {c.answer_due}  {state_}")
    typer.echo("  ".join(f"{k}: {v}" for k, v in counts.items()))
