"""``gongkai officer …``: appoint officers, change their roles, record departures.

Each is a ledger event signed by the acting admin; appointing also registers the
officer's signing key (with their roles), a role change re-registers it and a
departure revokes it, so the verifier can check every later entry's authority.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from api.cli.support import CliState, guard, now, parse_date, print_json, state
from domain.office.office import Office
from domain.office.officer import Officer
from verify.roles import ROLES

officer_app = typer.Typer(
    help="Officers of the disclosure office: appointment, roles, departure.", no_args_is_help=True
)
T = TypeVar("T")
ROLE_LIST = ", ".join(ROLES)

AsOfficer = Annotated[str, typer.Option("--as", help="Acting admin's officer id.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]
Roles = Annotated[str, typer.Option("--roles", help=f"Comma-separated roles: {ROLE_LIST}.")]


def parse_roles(value: str) -> list[str]:
    return [role.strip() for role in value.split(",") if role.strip()]


def _officer_json(office: Office, officer: Officer) -> dict[str, Any]:
    key = office.ledger.key_of(officer.id)
    return {
        "officer_id": officer.id,
        "name": officer.name,
        "unit": officer.unit,
        "roles": sorted(officer.roles),
        "active": officer.active,
        "left_on": officer.left_on.isoformat() if officer.left_on else None,
        "key_id": key.key_id if key else None,
    }


def _run(cli: CliState, action: Callable[[Office], T]) -> T:
    """Run one command against the office, then integrate it into the Merkle log."""
    with cli.ledger() as ledger:
        office = Office(ledger)
        result = guard(cli, lambda: action(office))
        guard(cli, ledger.integrate)
        return result


@officer_app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help="The officer's name, e.g. 李明.")],
    roles: Roles,
    as_officer: AsOfficer,
    unit: Annotated[str, typer.Option("--unit", help="Internal unit (内设机构).")] = "政务公开科",
    as_json: AsJson = False,
) -> None:
    """Appoint an officer and register their signing key; print the new officer id.

    \b
    Example:
      gongkai officer add --name 李明 --roles drafter --unit 政务公开科 --as officer-0001
    """
    cli = state(ctx)

    def action(office: Office) -> dict[str, Any]:
        officer_id = office.add_officer(as_officer, name, unit, parse_roles(roles), now())
        return _officer_json(office, office.officer(officer_id))

    result = _run(cli, action)
    if as_json:
        print_json(result)
    else:
        typer.echo(result["officer_id"])


@officer_app.command("list")
def list_officers(ctx: typer.Context, as_json: AsJson = False) -> None:
    """List every officer: id, name, unit, roles, and whether still in office."""
    cli = state(ctx)
    rows = _run(cli, lambda office: [_officer_json(office, o) for o in office.officers()])
    if as_json:
        print_json(rows)
        return
    for row in rows:
        left = "active" if row["active"] else f"left {row['left_on']}"
        roles = ",".join(row["roles"])
        typer.echo(f"{row['officer_id']}  {row['name']}  {row['unit']}  {roles}  {left}")


@officer_app.command("show")
def show(
    ctx: typer.Context,
    officer_id: Annotated[str, typer.Argument(help="Officer id, e.g. officer-0002.")],
    as_json: AsJson = False,
) -> None:
    """Show one officer, with the refused attempts they recorded."""
    cli = state(ctx)

    def action(office: Office) -> dict[str, Any]:
        officer = office.officer(officer_id)
        refused = [
            {"code": r.code, "stream": r.stream, "command": r.command, "at": r.at.isoformat()}
            for r in officer.refused_attempts
        ]
        return _officer_json(office, officer) | {"refused_attempts": refused}

    result = _run(cli, action)
    if as_json:
        print_json(result)
        return
    typer.echo(f"{result['officer_id']}  {result['name']}  {result['unit']}")
    typer.echo(f"  roles: {', '.join(result['roles'])}  key: {result['key_id']}")
    if result["left_on"]:
        typer.echo(f"  left on {result['left_on']}")
    for attempt in result["refused_attempts"]:
        typer.echo(f"  refused {attempt['code']} on {attempt['stream']} at {attempt['at']}")


@officer_app.command("roles")
def change_roles(
    ctx: typer.Context,
    officer_id: Annotated[str, typer.Argument(help="Officer whose roles change.")],
    roles: Roles,
    reason: Annotated[str, typer.Option("--reason", help="Why, e.g. 岗位调整.")],
    as_officer: AsOfficer,
) -> None:
    """Replace an officer's roles (their key is re-registered with the new roles).

    \b
    Example:
      gongkai officer roles officer-0003 --roles drafter,approver --reason 岗位调整 \\
        --as officer-0001
    """
    cli = state(ctx)
    _run(
        cli,
        lambda office: office.change_roles(
            as_officer, officer_id, parse_roles(roles), reason, now()
        ),
    )
    typer.echo(f"{officer_id}: roles now {','.join(sorted(parse_roles(roles)))}")


@officer_app.command("leave")
def leave(
    ctx: typer.Context,
    officer_id: Annotated[str, typer.Argument(help="Officer who leaves.")],
    reason: Annotated[str, typer.Option("--reason", help="Why, e.g. 调离.")],
    as_officer: AsOfficer,
    on: Annotated[str | None, typer.Option("--on", help="Day left (default today).")] = None,
) -> None:
    """Record that an officer left; their signing key is revoked.

    \b
    Example:
      gongkai officer leave officer-0004 --reason 调离 --on 2026-03-31 --as officer-0001
    """
    cli = state(ctx)
    left_on = parse_date(on)
    _run(cli, lambda office: office.officer_leaves(as_officer, officer_id, left_on, reason, now()))
    typer.echo(f"{officer_id}: left on {left_on.isoformat()}; key revoked")
