"""``gongkai``: the ledger's command line.

Global option ``--data DIR`` (env ``GONGKAI_DATA``, default ``./var``); the database
is ``GONGKAI_DATABASE_URL`` (default: SQLite inside the data directory).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from typer.main import get_command_name

from api.cli import accounts as cli_accounts
from api.cli import bundle as cli_bundle
from api.cli import calendar as cli_calendar
from api.cli import complaints as cli_complaints
from api.cli import guide as cli_guide
from api.cli import inspection as cli_inspection
from api.cli import items as cli_items
from api.cli import officers as cli_officers
from api.cli import platform as cli_platform
from api.cli import privacy as cli_privacy
from api.cli import recovery as cli_recovery
from api.cli import remedies as cli_remedies
from api.cli import report_narrative as _report_narrative  # noqa: F401 (registers verbs)
from api.cli import requests as cli_requests
from api.cli import server as cli_server
from api.cli import tiles as cli_tiles
from api.cli import topics as cli_topics
from api.cli import witness as cli_witness
from api.cli.bench import BENCHES, platform_runner, projections_met_targets, tiles_runner
from api.cli.support import DATA_ENV, CliState, fail, guard, now, print_json, state
from ledger.audit import audit
from ledger.export import export
from ledger.vault import erased_in_ledger

app = typer.Typer(
    name="gongkai",
    help="Gongkai 公开 — tamper-evident ledger for government information disclosure.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
proof_app = typer.Typer(
    help="Inclusion and consistency proofs (RFC 9162), as JSON.", no_args_is_help=True
)
app.add_typer(proof_app, name="proof")


@app.callback()
def main_options(
    ctx: typer.Context,
    data: Annotated[Path, typer.Option("--data", envvar=DATA_ENV, help="Data directory.")] = Path(
        "var"
    ),
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    ctx.obj = CliState(data, debug)


@app.command()
def init(
    ctx: typer.Context,
    origin: Annotated[str, typer.Option(help="Log origin, e.g. example.gov.cn/gongkai.")],
    agency: Annotated[str, typer.Option(help="The agency's name, e.g. 某市人民政府办公室.")],
    admin_name: Annotated[str, typer.Option(help="Name of the first administrator.")] = "管理员",
) -> None:
    """Create root and log keys, the genesis entries, the agency and an admin officer."""
    from domain.office.office import Office

    cli = state(ctx)
    with cli.ledger() as ledger:
        office = Office(ledger)
        admin = guard(cli, lambda: office.initialise(origin, agency, admin_name, now()))
        typer.echo(f"initialised log {origin!r} for {agency}")
        typer.echo(f"admin officer: {admin}")
        typer.echo(f"verifier key:  {ledger.vkey().to_text()}")


@app.command()
def vkey(ctx: typer.Context) -> None:
    """Print the log's verifier key (signed-note form): publish it out of band."""
    cli = state(ctx)
    with cli.ledger() as ledger:
        typer.echo(guard(cli, lambda: ledger.vkey().to_text()))


@app.command()
def checkpoint(
    ctx: typer.Context,
    size: Annotated[int | None, typer.Option(help="Tree size (default: latest).")] = None,
) -> None:
    """Integrate pending entries and print the latest signed checkpoint."""
    cli = state(ctx)
    with cli.ledger() as ledger:
        guard(cli, ledger.integrate)
        sys.stdout.write(guard(cli, lambda: ledger.checkpoint_note(size)))


@proof_app.command("inclusion")
def proof_inclusion(
    ctx: typer.Context,
    index: Annotated[int, typer.Argument(help="Leaf index (log position).")],
    size: Annotated[int | None, typer.Option(help="Tree size (default: latest).")] = None,
) -> None:
    """Prove that entry INDEX is in the tree of the given size."""
    cli = state(ctx)
    with cli.ledger() as ledger:
        guard(cli, ledger.integrate)
        print_json(guard(cli, lambda: ledger.inclusion_proof(index, size).to_json()))


@proof_app.command("consistency")
def proof_consistency(
    ctx: typer.Context,
    first: Annotated[int, typer.Argument(help="Older tree size.")],
    second: Annotated[int, typer.Argument(help="Newer tree size.")],
) -> None:
    """Prove that the tree of size FIRST is a prefix of the tree of size SECOND."""
    cli = state(ctx)
    with cli.ledger() as ledger:
        guard(cli, ledger.integrate)
        print_json(guard(cli, lambda: ledger.consistency_proof(first, second).to_json()))


@app.command("export")
def export_command(
    ctx: typer.Context, file: Annotated[Path, typer.Argument(help="Output file (JSON Lines).")]
) -> None:
    """Export the whole log with its latest checkpoint (gongkai-export/1)."""
    cli = state(ctx)

    def progress(done: int, total: int) -> None:
        typer.echo(f"  … {done}/{total} entries", err=True)

    with cli.ledger() as ledger:
        count = guard(cli, lambda: export(ledger, file, progress))
        typer.echo(f"exported {count} entries to {file}")
        typer.echo(f"verify with: gongkai-verify export {file} --vkey '{ledger.vkey().to_text()}'")


@app.command()
def verify(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Re-verify the live database end to end; name the first bad entry and exit 1."""
    cli = state(ctx)

    def progress(done: int, total: int) -> None:
        if not as_json:
            typer.echo(f"  … {done}/{total} entries verified", err=True)

    with cli.ledger() as ledger:
        try:
            ledger.integrate()
        except Exception as exc:  # integration refuses bad entries; audit names them
            typer.echo(f"integration stopped: {exc}", err=True)
        result = guard(cli, lambda: audit(ledger, progress))
        erased = len({row.stream for row in erased_in_ledger(ledger.backend)})
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "valid": result.ok,
                    "entries": result.entries,
                    "checkpoint_size": result.checkpoint_size,
                    "pending": result.pending,
                    "problems": result.problems,
                    "warnings": result.warnings,
                    "erased_records": erased,
                },
                ensure_ascii=False,
            )
        )
    elif result.ok:
        typer.echo(
            f"VALID: {result.entries} entries, checkpoint size {result.checkpoint_size}, "
            f"{result.pending} pending"
        )
        for warning in result.warnings:
            typer.echo(f"warning: {warning}")
        if erased:
            typer.echo(f"erased: {erased} records' personal data (PIPL Art. 47); proofs intact")
    else:
        typer.echo("INVALID: " + result.problems[0])
        for problem in result.problems[1:10]:
            typer.echo("  also: " + problem)
    if not result.ok:
        raise typer.Exit(1)


@app.command()
def bench(
    ctx: typer.Context,
    what: Annotated[str, typer.Argument(help=" | ".join(BENCHES))] = "ledger",
    quick: Annotated[bool, typer.Option(help="Smaller sizes (seconds, not minutes).")] = False,
    postgres: Annotated[
        str | None,
        typer.Option(help="PostgreSQL URL for the PostgreSQL half of the benchmark."),
    ] = "postgresql://postgres@127.0.0.1:5432/test",
    output: Annotated[Path | None, typer.Option(help="Also write the figures as JSON.")] = None,
    agencies: Annotated[int, typer.Option(min=1, help="`platform`: agencies to build.")] = 20,
    entries: Annotated[int, typer.Option(min=1, help="`platform`: entries per agency.")] = 5000,
    monitor_entries: Annotated[
        int | None,
        typer.Option(min=1000, help="`tiles`: entries the monitor catches up on [200,000]."),
    ] = None,
) -> None:
    """Benchmarks: print figures and ratios (see `gongkai bench --help` for the list).

    `platform` builds a synthetic platform of --agencies × --entries under
    DATA/bench/platform (resumable: run it again to finish or to grow it);
    `tiles --monitor-entries 1000000` lets the monitor catch up on a million entries."""
    cli = state(ctx)
    runner = BENCHES.get(what)
    if what == "platform":
        runner = platform_runner(agencies, entries)
    if what == "tiles" and monitor_entries is not None:
        runner = tiles_runner(monitor_entries)
    if runner is None:
        fail(f"unknown benchmark {what!r}; choose: {', '.join(BENCHES)}", 2)
    figures = guard(cli, lambda: runner(cli.data / "bench", quick, postgres or None))
    if output:
        output.write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    if what == "projections" and not projections_met_targets(figures):
        raise typer.Exit(1)


def demo(
    ctx: typer.Context,
    seed: Annotated[
        int, typer.Option(help="Random seed: the same seed gives the same demo.")
    ] = 2025,
) -> None:
    """Create a demo disclosure office (officers, items, requests) in a fresh data dir."""
    from api.demo.office import run_demo
    from api.services import Services

    cli = state(ctx)
    services = guard(cli, lambda: Services.open(cli.data))
    try:
        if services.ledger.initialised:
            fail(f"{cli.data} already holds a ledger; the demo needs a fresh --data directory")
        steps = guard(cli, lambda: run_demo(services, seed, typer.echo))
        typer.echo(f"demo ready: {steps} steps, {services.ledger.tree_size()} entries")
    finally:
        services.close()


# Verbs and groups defined in their own modules, in the order ``--help`` lists them.
app.command("serve")(cli_server.serve)
app.command("demo")(demo)
app.command("bundle")(cli_bundle.bundle)
app.command("tiles")(cli_tiles.tiles)
app.command("backup")(cli_recovery.backup_command)
app.command("restore")(cli_recovery.restore_command)
app.command("repair")(cli_recovery.repair_command)
app.command("history")(cli_inspection.history)
app.command("accountability")(cli_inspection.accountability)
app.add_typer(cli_server.token_app, name="token")
app.add_typer(cli_platform.agency_app, name="agency")
app.add_typer(cli_platform.platform_app, name="platform")
app.add_typer(cli_officers.officer_app, name="officer")
app.add_typer(cli_accounts.account_app, name="account")
app.add_typer(cli_items.item_app, name="item")
app.add_typer(cli_requests.request_app, name="request")
app.add_typer(cli_calendar.calendar_app, name="calendar")
app.add_typer(cli_guide.guide_app, name="guide")
app.add_typer(cli_complaints.complaint_app, name="complaint")
app.add_typer(cli_topics.topic_app, name="topic")
app.add_typer(cli_inspection.report_app, name="report")
app.add_typer(cli_remedies.remedy_app, name="remedy")
app.add_typer(cli_inspection.projections_app, name="projections")
app.add_typer(cli_witness.witness_app, name="witness")
app.add_typer(cli_privacy.applicant_app, name="applicant")
app.add_typer(cli_privacy.privacy_app, name="privacy")
app.command("erase")(cli_privacy.erase)


def main() -> None:
    _only_the_named_command(sys.argv[1:])
    app()


def _only_the_named_command(argv: list[str]) -> None:
    """Keep only the command or group the line names: typer builds the parameters of
    every registered command before it dispatches (a tenth of a second per run, for
    one command). ``gongkai --help``, or a line naming no known command, builds all."""
    words = iter(argv)
    for word in words:
        if word == "--data":
            next(words, None)
        elif word == "--debug" or word.startswith("--data="):
            continue
        elif word.startswith("-"):
            return
        else:
            break
    else:
        return
    groups = [g for g in app.registered_groups if g.name == word]
    commands = [
        c
        for c in app.registered_commands
        if (c.name or get_command_name(getattr(c.callback, "__name__", ""))) == word
    ]
    if groups or commands:
        app.registered_groups, app.registered_commands = groups, commands
