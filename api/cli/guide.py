"""``gongkai guide …``: the disclosure guide (政府信息公开指南, Art. 12).

``publish`` records the office's settings from a TOML file (keys: office_name, address,
hours, phone; optionally postcode, email, fax, website, reconsideration_body, court,
supervisor, complaint_days, portal_officer, notes) as a new signed version; the public
page ``/guide`` is generated from the latest version.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated

import typer

from api.cli.support import fail, guard, now, open_services, print_json, state
from domain.office.guide import FIELDS

guide_app = typer.Typer(
    help="The disclosure guide (公开指南): publish the office's settings, show them.",
    no_args_is_help=True,
)


def _read(file: Path) -> dict[str, object]:
    try:
        loaded = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read {file}: {exc}")
    except tomllib.TOMLDecodeError as exc:
        fail(f"GUIDE_INVALID: {file} is not TOML: {exc}")
    return dict(loaded.get("guide", loaded))


@guide_app.command("publish")
def publish(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="TOML file, e.g. DATA/office.toml ([guide] table).")],
    as_officer: Annotated[str, typer.Option("--as", help="Acting admin's officer id.")],
) -> None:
    """Record the guide's settings as a new signed version (Agency.GuidePublished).

    Example: gongkai guide publish var/office.toml --as officer-0001
    """
    cli = state(ctx)
    settings = _read(file)
    with open_services(cli) as services:
        version = guard(cli, lambda: services.office.publish_guide(as_officer, settings, now()))
        guard(cli, services.settle)
    typer.echo(f"guide version {version} published; see /guide")


@guide_app.command("show")
def show(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The latest recorded guide settings and their version."""
    cli = state(ctx)
    with open_services(cli) as services:
        agency = guard(cli, services.office.agency)
    result = {"version": agency.guide_version, "settings": dict(agency.guide)}
    if as_json:
        print_json(result)
        return
    if not agency.guide_version:
        typer.echo("no guide published yet (gongkai guide publish FILE --as ADMIN)")
        return
    typer.echo(f"version {agency.guide_version}")
    for name in FIELDS:
        if name in agency.guide:
            typer.echo(f"  {name}: {agency.guide[name]}")
