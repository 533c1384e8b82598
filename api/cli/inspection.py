"""``gongkai history``, ``gongkai accountability``, ``gongkai report …`` and
``gongkai projections …``: inspection, the annual report and the read models.

Each command opens the services, integrates pending entries and brings the read models
up to date, then reads through ``api.views.inspection.Inspection``.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli.command_input import command_input
from api.cli.inspection_text import record_lines, timeline_lines
from api.cli.support import CliState, fail, guard, now, parse_date, print_json, state
from api.commands import reports
from api.services import Services
from api.views.inspection import Inspection
from domain.reporting import tables as layout

report_app = typer.Typer(
    help="The annual report (政府信息公开工作年度报告, Arts. 49–50).", no_args_is_help=True
)
projections_app = typer.Typer(
    help="Read models: positions, rebuild from zero, prove equal to a fresh rebuild.",
    no_args_is_help=True,
)


@contextmanager
def _services(cli: CliState, settle: bool = True) -> Iterator[Services]:
    services = guard(cli, lambda: Services.open(cli.data))
    try:
        if not services.ledger.initialised:
            fail("the ledger is not initialised: run `gongkai init` first")
        if settle:
            guard(cli, services.settle)
        yield services
    finally:
        services.close()


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    return parse_date(value, option, 2)


def _echo_lines(lines: Iterator[str]) -> None:
    for line in lines:
        typer.echo(line)


def history(
    ctx: typer.Context,
    stream_id: Annotated[str, typer.Argument(help="Stream id of an item, request or officer.")],
    as_of: Annotated[
        int | None, typer.Option("--as-of", min=0, help="Show the state as of this log index.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Replay one decision: every entry with actor, role, basis, state before and after,
    deadline on the calendar as then recorded, leaf hash and verification status."""
    cli = state(ctx)
    with _services(cli) as services:
        result = guard(cli, lambda: Inspection(services).history(stream_id, as_of))
    if as_json:
        print_json(result)
    else:
        _echo_lines(timeline_lines(result))
    if not result["verified"] and any(
        (s["verification"] or {}).get("status") == "failed" for s in result["timeline"]
    ):
        raise typer.Exit(1)


def accountability(
    ctx: typer.Context,
    officer: Annotated[str | None, typer.Option("--officer", help="Officer id.")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Unit id or unit name.")] = None,
    start: Annotated[
        str | None, typer.Option("--from", help="First day (CST), YYYY-MM-DD.")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (CST), YYYY-MM-DD.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Every action of an officer (or a unit's officers) in the period, with findings
    that cite the entries proving them (考核与责任追究, Arts. 47, 52, 53)."""
    cli = state(ctx)
    if (officer is None) == (unit is None):
        fail("give exactly one of --officer ID or --unit ID", 2)
    first, last = _date(start, "--from"), _date(end, "--to")
    with _services(cli) as services:
        inspection = Inspection(services)
        if officer is not None:
            result = guard(cli, lambda: inspection.officer_record(officer, first, last).to_json())
        else:
            result = guard(cli, lambda: inspection.unit_record(str(unit), first, last))
    if as_json:
        print_json(result)
    else:
        _echo_lines(record_lines(result))


@report_app.command("annual")
def report_annual(
    ctx: typer.Context,
    year: Annotated[int, typer.Argument(min=2000, max=2999, help="The report year.")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON (the hashed body).")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="One CSV row per template row.")] = False,
    as_html: Annotated[bool, typer.Option("--html", help="A printable HTML page.")] = False,
    table: Annotated[
        int | None, typer.Option("--table", min=2, max=4, help="Only table N.")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", help="Write to FILE.")] = None,
    pdf: Annotated[
        Path | None, typer.Option("--pdf", help="Also write the whole report as PDF to FILE.")
    ] = None,
) -> None:
    """Tables 2, 3 and 4 of the year, with their cross-checks (exit 1 if one fails);
    --pdf writes the whole report (six sections, CJK font embedded)."""
    cli = state(ctx)
    if sum((as_json, as_csv, as_html)) > 1:
        fail("choose one of --json, --csv, --html", 2)
    with _services(cli) as services:
        view = guard(cli, lambda: Inspection(services).annual_report(year))
    if pdf is not None:
        from api.report_pdf import render_pdf

        pdf.write_bytes(guard(cli, lambda: render_pdf(view.to_json())))
        typer.echo(f"wrote {pdf}", err=True)
    if as_html:
        from api.pages.report_html import render

        text = render(view, table)
    elif as_csv:
        text = layout.to_csv(view.report.tables(table))
    elif as_json:
        body = view.to_json()
        if table is not None:
            body["tables"] = [t.to_json() for t in view.report.tables(table)]
        text = json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    else:
        text = "".join(line + "\n" for line in _report_lines(view.to_json(), table))
    _write(text, output)
    if not view.to_json()["cross_checks_hold"]:
        typer.echo("error: REPORT_CROSS_CHECK_FAILED: the cross-checks do not hold", err=True)
        raise typer.Exit(1)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output}", err=True)


def _report_lines(body: dict[str, Any], only: int | None) -> Iterator[str]:
    yield f"{body['year']}年政府信息公开工作年度报告 — {body['origin']}"
    yield f"computed at tree size {body['checkpoint']['tree_size']}, SHA-256 {body['sha256']}"
    for table in body["tables"]:
        if only is not None and table["number"] != only:
            continue
        yield ""
        yield f"表{table['number']} {table['title']}"
        for row in table["rows"]:
            values = "  ".join(f"{k}:{'' if v is None else v}" for k, v in row["values"].items())
            yield f"  {row['label']}  {values}"
    holds = "hold" if body["cross_checks_hold"] else "DO NOT HOLD"
    yield ""
    yield f"cross-checks: {len(body['cross_checks'])} {holds}"
    for check in body["cross_checks"]:
        if not check["holds"]:
            yield f"  ✗ {check['name']} [{check['column']}] {check['left']} ≠ {check['right']}"
    yield f"published: {len(body['published'])} time(s)"


@report_app.command("publish")
def report_publish(
    ctx: typer.Context,
    year: Annotated[int, typer.Argument(min=2000, max=2999, help="The report year.")],
    as_officer: Annotated[str, typer.Option("--as", help="The office head publishing it.")],
) -> None:
    """Record AnnualReport.Published with the report's hash and the approved narratives'
    hashes (refused if a cross-check fails or a narrative section is not approved; a
    publication after 31 January (department) or 31 March (local government) is late)."""
    cli = state(ctx)
    with _services(cli) as services:
        result = guard(cli, lambda: reports.publish(services, year, as_officer, now()))
        guard(cli, services.settle)
    typer.echo(
        f"published the {year} report: SHA-256 {result['report_sha256']}, computed at tree "
        f"size {result['tree_size']} (entry {result['leaf_hash']})"
    )


@report_app.command("statistic")
def report_statistic(
    ctx: typer.Context,
    year: Annotated[int, typer.Argument(min=2000, max=2999, help="The report year.")],
    row: Annotated[
        str, typer.Option(help="licensing | penalties | enforcement | fees (Table 2 row).")
    ],
    unit: Annotated[str, typer.Option(help="The unit that reported the figure.")],
    figure: Annotated[
        int, typer.Option(help="Decisions made in the year; for fees, the amount in yuan.")
    ],
    source: Annotated[str, typer.Option(help="Where the figure comes from.")],
    as_officer: Annotated[str, typer.Option("--as", help="The office head recording it.")],
) -> None:
    """Record a Table 2 figure a responsible unit reported (行政许可, 行政处罚, 行政强制
    decisions; 行政事业性收费 amount): Table 2 adds up each unit's latest figure.

    Example: gongkai report statistic 2026 --row licensing --unit 市市场监管局
    --figure 1234 --source "市市场监管局2026年统计表" --as officer-0004
    """
    cli = state(ctx)
    with _services(cli) as services:
        body = command_input(
            lambda: reports.StatisticIn.model_validate(
                {"row": row, "unit": unit, "figure": figure, "source": source}
            )
        )
        result = guard(
            cli, lambda: reports.record_statistic(services, year, body, as_officer, now())
        )
        guard(cli, services.settle)
    typer.echo(f"recorded {year} {row} {unit}: {figure} (entry {result['leaf_hash']})")


@projections_app.command("status")
def projections_status(ctx: typer.Context) -> None:
    """Each read model's position against the integrated log."""
    cli = state(ctx)
    with _services(cli, settle=False) as services:
        size = services.ledger.tree_size()
        for name in services.projections.projections:
            position = services.projections.position(name)
            lag = "" if position == size else f" ({size - position} behind)"
            typer.echo(f"{name:16s} {position}/{size}{lag}")


@projections_app.command("rebuild")
def projections_rebuild(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="One read model (default: all).")] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Rebuild into scratch tables and compare.")
    ] = False,
) -> None:
    """Rebuild read models from entry 0; with --check, prove the live tables equal a fresh
    rebuild instead (exit 1 and a diff summary otherwise)."""
    cli = state(ctx)
    with _services(cli) as services:
        runner = services.projections
        names = list(runner.projections) if name is None else [name]
        unknown = [n for n in names if n not in runner.projections]
        if unknown:
            fail(f"unknown read model {unknown[0]!r}; choose: {', '.join(runner.projections)}", 2)
        action: Callable[[Services, str], bool] = _check_one if check else _rebuild_one
        results = [action(services, n) for n in names]
    if not all(results):
        raise typer.Exit(1)


def _rebuild_one(services: Services, name: str) -> bool:
    started = time.perf_counter()
    services.projections.rebuild(name)
    seconds = time.perf_counter() - started
    size = services.projections.position(name)
    rate = f", {size / seconds:,.0f} entries/s" if seconds > 0 else ""
    typer.echo(f"{name}: rebuilt from {size} entries in {seconds:.2f}s{rate}")
    return True


def _check_one(services: Services, name: str) -> bool:
    differences = services.projections.check(name)
    size = services.projections.position(name)
    if not differences:
        typer.echo(f"{name}: identical to a fresh rebuild of {size} entries")
        return True
    typer.echo(f"{name}: DIFFERS from a fresh rebuild of {size} entries")
    for difference in differences:
        typer.echo(f"  {difference}")
    return False
