"""``gongkai account …``: the workbench's sign-in accounts (an admin's work).

An account is an officer's password (stored as an Argon2id hash) and, optionally, a
TOTP second factor; the officer signs in at ``/workbench/sign-in`` with their officer
id. Passwords and secrets never enter the ledger.
"""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.support import guard, now, open_services, print_json, state

account_app = typer.Typer(
    help="Workbench sign-in accounts: passwords, TOTP, lock-outs, sign-in record.",
    no_args_is_help=True,
)
Officer = Annotated[str, typer.Argument(help="The officer id, e.g. officer-0002.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@account_app.command("set-password")
def set_password(
    ctx: typer.Context,
    officer: Officer,
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            help="At least 12 characters; asked for when not given.",
        ),
    ],
) -> None:
    """Create the officer's account or set a new password (clears a lock-out).

    \b
    Example:
      gongkai account set-password officer-0002
    """
    cli = state(ctx)
    with open_services(cli) as services:
        guard(cli, lambda: services.office.actor(officer))  # an active officer only
        guard(cli, lambda: services.accounts.set_password(officer, password, now()))
    typer.echo(f"password set for {officer}")


@account_app.command("reset")
def reset(ctx: typer.Context, officer: Officer) -> None:
    """A new random password (printed once), TOTP removed, lock-out cleared, and every
    session of the officer signed out."""
    cli = state(ctx)
    with open_services(cli) as services:
        guard(cli, lambda: services.office.actor(officer))
        password = guard(cli, lambda: services.accounts.reset(officer, now()))
        guard(cli, lambda: services.sessions.end_all(officer, now()))
    typer.echo(f"new password for {officer}: {password}")


@account_app.command("enrol-totp")
def enrol_totp(ctx: typer.Context, officer: Officer) -> None:
    """Require a TOTP code at sign-in; prints the otpauth:// URI for an authenticator app."""
    cli = state(ctx)
    with open_services(cli) as services:
        uri = guard(cli, lambda: services.accounts.enrol_totp(officer, now()))
    typer.echo(uri)


@account_app.command("list")
def list_accounts(ctx: typer.Context, as_json: AsJson = False) -> None:
    """Every account: TOTP or not, failures in a row, locked until."""
    cli = state(ctx)
    with open_services(cli) as services:
        accounts = guard(cli, services.accounts.accounts)
    if as_json:
        print_json([a.__dict__ for a in accounts])
        return
    for a in accounts:
        locked = f" locked until {a.locked_until}" if a.locked_until else ""
        typer.echo(f"{a.officer}  totp={'yes' if a.totp else 'no'}  failures={a.failures}{locked}")


@account_app.command("sign-ins")
def sign_ins(
    ctx: typer.Context,
    officer: Annotated[str | None, typer.Option(help="Only this officer id.")] = None,
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50,
    as_json: AsJson = False,
) -> None:
    """The latest sign-ins and failures (time, officer id, outcome, address)."""
    cli = state(ctx)
    with open_services(cli) as services:
        rows = guard(cli, lambda: services.accounts.sign_ins(limit, officer))
    if as_json:
        print_json([r.__dict__ for r in rows])
        return
    for r in rows:
        typer.echo(f"{r.at}  {r.officer}  {r.outcome}  {r.address}")
