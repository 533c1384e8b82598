"""``gongkai serve`` and ``gongkai token …``."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli_support import guard, now, state
from api.tokens import TokenStore

token_app = typer.Typer(help="Officers' bearer tokens for the HTTP API.", no_args_is_help=True)


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Serve the public pages and the API (integrating and projecting in the background)."""
    import uvicorn

    from api.app import create_app
    from api.services import Services

    cli = state(ctx)
    services = guard(cli, lambda: Services.open(cli.data))
    if not services.ledger.initialised:
        services.close()
        typer.echo("error: the ledger is not initialised: run `gongkai init` first", err=True)
        raise typer.Exit(1)
    guard(cli, services.settle)
    typer.echo(f"serving {services.ledger.origin} on http://{host}:{port}/")
    uvicorn.run(create_app(services), host=host, port=port, log_level="info")


@token_app.command("issue")
def token_issue(
    ctx: typer.Context,
    officer: Annotated[str, typer.Option(help="Officer id, e.g. officer-0002.")],
    days: Annotated[int, typer.Option(help="Validity in days (1–366).")] = 30,
) -> None:
    """Issue a token for an active officer; it is printed once and stored only hashed."""
    from domain.office import Office

    cli = state(ctx)
    with cli.ledger() as ledger:
        guard(cli, lambda: Office(ledger).actor(officer))
        token = guard(cli, lambda: TokenStore(ledger.backend).issue(officer, days, now()))
    typer.echo(token)


@token_app.command("list")
def token_list(ctx: typer.Context) -> None:
    """List tokens (id, officer, expiry, state) — never the secrets."""
    cli = state(ctx)
    with cli.ledger() as ledger:
        tokens = guard(cli, lambda: TokenStore(ledger.backend).list())
    for info in tokens:
        status = "revoked" if info.revoked_at else ("active" if info.active else "expired")
        typer.echo(f"{info.token_id}  {info.officer}  expires {info.expires_at[:19]}  {status}")


@token_app.command("revoke")
def token_revoke(
    ctx: typer.Context, token_id: Annotated[str, typer.Argument(help="Token id from `list`.")]
) -> None:
    """Revoke a token at once."""
    cli = state(ctx)
    with cli.ledger() as ledger:
        count = guard(cli, lambda: TokenStore(ledger.backend).revoke(token_id, now()))
    if not count:
        typer.echo(f"error: no active token with id {token_id}", err=True)
        raise typer.Exit(1)
    typer.echo(f"revoked {count} token(s)")
