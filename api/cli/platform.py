"""``gongkai agency …`` and ``gongkai platform serve``: many agencies on one platform.

Each agency is a whole ledger of its own: its data directory ``DATA/agencies/<slug>/``
(keys, content) and its own database (the PostgreSQL schema ``agency_<slug>`` of
``GONGKAI_DATABASE_URL``, or ``DATA/agencies/<slug>/ledger.db``). Every other command
works on one agency with ``--data DATA/agencies/<slug>`` (and, on PostgreSQL,
``GONGKAI_DATABASE_URL=…?schema=agency_<slug>``: ``gongkai agency show`` prints both)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from api.cli.support import fail, guard, now, state
from api.platform.registry import KINDS, Registry, agency_database_url
from ledger.ledger import DATABASE_URL_ENV

agency_app = typer.Typer(
    help="The agencies a platform hosts (platform admin): add, list, show, retire.",
    no_args_is_help=True,
)
platform_app = typer.Typer(
    help="Serve many agencies on one platform, with the supervising office's console.",
    no_args_is_help=True,
)


@agency_app.command("add")
def agency_add(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="Short name in URLs (/a/SLUG/), e.g. jyj.")],
    origin: Annotated[
        str, typer.Option(help="The agency's log origin, e.g. jyj.example.gov.cn/gk.")
    ],
    name: Annotated[str, typer.Option(help="The agency's name, e.g. 示范市教育局.")],
    kind: Annotated[
        str, typer.Option(help=f"{' or '.join(KINDS)} (annual report due 31 Jan or 31 Mar).")
    ] = "department",
    admin_name: Annotated[str, typer.Option(help="Name of its first administrator.")] = "管理员",
) -> None:
    """Register an agency and create its own ledger: root and log keys, genesis, admin."""
    from api.platform.agencies import create_agency

    cli = state(ctx)
    registry = Registry(cli.data)
    at = now()
    _, admin, vkey = guard(
        cli, lambda: create_agency(registry, (slug, origin, name, kind), admin_name, at)
    )
    typer.echo(f"added agency {slug} ({name}), log {origin!r}")
    typer.echo(f"admin officer: {admin}")
    typer.echo(f"verifier key:  {vkey}")
    typer.echo("witnessed by the platform witness (gongkai platform witness-vkey)")


@agency_app.command("list")
def agency_list(ctx: typer.Context) -> None:
    """List the platform's agencies: slug, status, kind, origin, name."""
    cli = state(ctx)
    for agency in guard(cli, Registry(cli.data).list):
        typer.echo(f"{agency.slug}  {agency.status}  {agency.kind}  {agency.origin}  {agency.name}")


@agency_app.command("show")
def agency_show(
    ctx: typer.Context, slug: Annotated[str, typer.Argument(help="The agency's slug.")]
) -> None:
    """Where one agency lives: its data directory and database (for other commands)."""
    cli = state(ctx)
    registry = Registry(cli.data)
    agency = guard(cli, lambda: registry.get(slug))
    typer.echo(f"{agency.slug}: {agency.name} ({agency.kind}, {agency.status})")
    typer.echo(f"data:     {registry.agency_dir(slug)}")
    url = agency_database_url(os.environ.get(DATABASE_URL_ENV), registry, slug)
    typer.echo(f"database: {url}")


@agency_app.command("retire")
def agency_retire(
    ctx: typer.Context, slug: Annotated[str, typer.Argument(help="The agency's slug.")]
) -> None:
    """Retire an agency: its pages say so and refuse every write; its log stays served
    and verifiable (a running platform server sees it within seconds)."""
    cli = state(ctx)
    agency = guard(cli, lambda: Registry(cli.data).retire(slug, now()))
    typer.echo(f"retired {agency.slug} on {agency.retired_at}")


@agency_app.command("supervisor-token")
def supervisor_token(
    ctx: typer.Context,
    name: Annotated[str, typer.Option(help="The supervising officer, e.g. 政务公开办 王芳.")],
    days: Annotated[int, typer.Option(min=1, max=366, help="Validity in days.")] = 30,
) -> None:
    """Issue a bearer token for the supervising office's read-only console
    (/supervise); printed once, stored only hashed."""
    cli = state(ctx)
    typer.echo(guard(cli, lambda: Registry(cli.data).issue_supervisor_token(name, days, now())))


@platform_app.command("witness-vkey")
def platform_witness_vkey(ctx: typer.Context) -> None:
    """Print the platform witness's verifier key: it cosigns every agency's
    checkpoints (verify with --witness KEY --quorum 1). Created on first use."""
    from api.platform.witness import witness_directory
    from api.witness.config import WitnessConfigError
    from ledger.errors import KeyUnavailable

    try:
        key = witness_directory(Registry(state(ctx).data)).key()
    except (WitnessConfigError, KeyUnavailable) as exc:
        fail(str(exc))
    typer.echo(key.to_text())


@platform_app.command("serve")
def platform_serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    host_map: Annotated[
        list[str] | None,
        typer.Option(
            help="HOSTNAME=SLUG: serve that agency at the root of that host name "
            "(repeatable); every agency is also at /a/SLUG/."
        ),
    ] = None,
) -> None:
    """Serve every agency under /a/SLUG/ (its own pages, API and workbench), the
    platform index at / and the supervising office's console at /supervise; the
    platform witness cosigns each agency's new checkpoints."""
    import uvicorn

    from api.cli.server import log_config
    from api.platform.app import create_platform_app, open_all
    from api.server.protocol import BoundedHttpTools

    cli = state(ctx)
    hosts = dict(pair.split("=", 1) for pair in host_map or [] if "=" in pair)
    registry = Registry(cli.data)
    if not guard(cli, registry.list):
        fail("no agencies: add one with `gongkai agency add`")
    unknown = set(hosts.values()) - {a.slug for a in registry.list()}
    if unknown:
        fail(f"--host-map names unknown agencies: {', '.join(sorted(unknown))}", 2)
    services = guard(cli, lambda: open_all(registry))
    for opened in services.values():
        guard(cli, opened.settle)
    app = guard(cli, lambda: create_platform_app(cli.data, services, hosts=hosts))
    typer.echo(f"serving {len(services)} agencies on http://{host}:{port}/")
    uvicorn.run(
        app,
        host=host,
        port=port,
        access_log=False,
        log_config=log_config(True),
        http=BoundedHttpTools,
    )
