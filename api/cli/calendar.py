"""``gongkai calendar …``: the recorded working-day calendar (工作日历).

Each year's State Council holiday notice is a ``Calendar.YearRecorded`` entry signed by
an admin: ``seed`` records every year the chinese-calendar package covers, ``set-year``
records or amends one year by hand (the notice for next year is published in the
autumn, often before the package has it). Recording a year recomputes the answer due
date of every open request it moves or settles, each a ``DeadlineRecomputed`` entry by
the same admin, so the change shows in the request's history.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli.support import guard, now, open_services, print_json, state
from api.commands import calendar as calendar_commands
from api.services import Services
from domain.calendar.working_calendar import YearCalendar
from domain.errors import CalendarError
from domain.office.office import FIRST_ADMIN

calendar_app = typer.Typer(
    help="The working-day calendar: holidays and make-up working days per year.",
    no_args_is_help=True,
)

AsAdmin = Annotated[str, typer.Option("--as", help="Acting admin's officer id.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]
Year = Annotated[int, typer.Argument(help="The year, e.g. 2027.")]


def parse_days(text: str | None) -> list[date]:
    """Comma-separated dates; ``A..B`` is every day from A to B inclusive.

    Raises CalendarError for anything else."""
    days: list[date] = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        first, _, last = part.partition("..")
        try:
            start, end = date.fromisoformat(first), date.fromisoformat(last or first)
        except ValueError:
            raise CalendarError(
                f"not a date or range (YYYY-MM-DD[..YYYY-MM-DD]): {part!r}"
            ) from None
        days.extend(start + timedelta(days=n) for n in range((end - start).days + 1))
    return days


def _year_from(
    year: int, holidays: str | None, workdays: str | None, file: Path | None
) -> YearCalendar:
    if file is None:
        if not holidays:  # every State Council notice has holidays: an empty list is a slip
            raise CalendarError("give the year's --holidays (and --workdays), or --file")
        return YearCalendar.create(year, parse_days(holidays), parse_days(workdays))
    if holidays or workdays:
        raise CalendarError("give --file, or --holidays and --workdays, not both")
    recorded = YearCalendar.from_json(json.loads(file.read_text(encoding="utf-8")))
    if recorded.year != year:
        raise CalendarError(f"{file} holds {recorded.year}, not {year}", year=recorded.year)
    return recorded


def _record(
    services: Services, admin: str, years: list[YearCalendar], source: str
) -> dict[str, Any]:
    return calendar_commands.record(services, admin, years, source, now())


def _report(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(result)
        return
    recorded = ", ".join(str(y) for y in result["recorded"]) or "nothing new"
    typer.echo(f"recorded: {recorded}")
    numbers = result["recomputed"]
    typer.echo(
        f"deadlines recomputed: {len(numbers)}" + (f" ({', '.join(numbers)})" if numbers else "")
    )


@calendar_app.command("seed")
def seed(ctx: typer.Context, as_officer: AsAdmin = FIRST_ADMIN, as_json: AsJson = False) -> None:
    """Record every year the chinese-calendar package covers that is not yet recorded so."""
    from domain.calendar.seed import years_from_chinese_calendar

    cli = state(ctx)
    with open_services(cli) as services:
        years = guard(cli, years_from_chinese_calendar)
        result = guard(cli, lambda: _record(services, as_officer, years, "chinese-calendar"))
    _report(result, as_json)


@calendar_app.command("set-year")
def set_year(
    ctx: typer.Context,
    year: Year,
    as_officer: AsAdmin,
    holidays: Annotated[
        str | None, typer.Option(help="Rest days: 2027-01-01,2027-02-05..2027-02-11,…")
    ] = None,
    workdays: Annotated[
        str | None, typer.Option(help="Weekend make-up working days (调休上班).")
    ] = None,
    file: Annotated[
        Path | None, typer.Option(help='A JSON file {"year", "holidays", "workdays"}.')
    ] = None,
    source: Annotated[str | None, typer.Option(help="The notice recorded as the source.")] = None,
    as_json: AsJson = False,
) -> None:
    """Record or amend one year's holidays and make-up working days (admin).

    \b
    Example:
      gongkai calendar set-year 2027 --holidays 2027-01-01,2027-02-06..2027-02-12 \\
        --workdays 2027-02-14 --as officer-0001
    """
    cli = state(ctx)
    notice = source or f"国务院办公厅关于{year}年部分节假日安排的通知"
    chosen = guard(cli, lambda: _year_from(year, holidays, workdays, file))
    with open_services(cli) as services:
        result = guard(cli, lambda: _record(services, as_officer, [chosen], notice))
    _report(result, as_json)


@calendar_app.command("show")
def show(ctx: typer.Context, year: Year, as_json: AsJson = False) -> None:
    """One year as recorded: holidays, make-up working days and the source."""
    cli = state(ctx)
    with open_services(cli) as services:
        book = guard(cli, services.office.calendar_book)
    recorded = next((y for y in book.calendar().years if y.year == year), None)
    if recorded is None:
        if as_json:
            print_json({"year": year, "recorded": False})
            return
        typer.echo(
            f"{year}: not recorded — deadlines reaching into it are provisional (weekends "
            "only); record it with `gongkai calendar set-year`"
        )
        return
    view = {**recorded.to_json(), "recorded": True, "source": book.source_of(year)}
    if as_json:
        print_json(view)
        return
    typer.echo(f"{year}  (source: {view['source']})")
    typer.echo(f"  holidays: {', '.join(view['holidays'])}")
    typer.echo(f"  make-up working days: {', '.join(view['workdays']) or '—'}")
