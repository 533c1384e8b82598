"""``gongkai serve`` and ``gongkai token …``."""

from __future__ import annotations

import copy
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from api.cli.support import DATA_ENV, CliState, guard, now, state
from api.http.middleware import rate_settings as ratelimit
from api.tokens import TokenStore
from ledger.errors import IntegrityFailure
from ledger.replica import REPLICA_URL_ENV

if TYPE_CHECKING:
    from api.services import Services

token_app = typer.Typer(help="Officers' bearer tokens for the HTTP API.", no_args_is_help=True)


WorkersOption = Annotated[
    int,
    typer.Option(
        min=1,
        max=64,
        help="Server processes, each on its own socket (SO_REUSEPORT); one that dies is replaced.",
    ),
]
AccessLogOption = Annotated[
    bool, typer.Option(help="JSON access log on stdout (logger gongkai.access).")
]
RateLimitOption = Annotated[
    str,
    typer.Option(
        envvar=ratelimit.DEFAULT_ENV,
        help="Requests per client on every route, e.g. 600/minute; 'off' for none.",
    ),
]
ExpensiveOption = Annotated[
    str,
    typer.Option(
        envvar=ratelimit.EXPENSIVE_ENV,
        help="Requests per client on entries pages, proofs, reports and exports.",
    ),
]
ReplicaOption = Annotated[
    str | None,
    typer.Option(
        envvar=REPLICA_URL_ENV,
        help="Read-only PostgreSQL streaming replica serving the public reads of the log "
        "(checkpoint, entries, proofs); writes and officers stay on the primary.",
    ),
]
ProxyOption = Annotated[
    list[str] | None,
    typer.Option(
        help="Address or network of a proxy whose X-Forwarded-For is believed "
        f"(repeatable; or {ratelimit.PROXIES_ENV}, comma-separated).",
    ),
]


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    workers: WorkersOption = 1,
    access_log: AccessLogOption = True,
    rate_limit: RateLimitOption = ratelimit.SERVE_DEFAULT,
    rate_limit_expensive: ExpensiveOption = ratelimit.SERVE_EXPENSIVE,
    trusted_proxy: ProxyOption = None,
    replica_url: ReplicaOption = None,
) -> None:
    """Serve the public pages and the API (integrating and projecting in the background).

    Each client (by address) is rate-limited per worker process: over budget it gets
    429 problem+json with Retry-After. /healthz, /readyz and /metrics are never limited.
    """
    import uvicorn

    cli = state(ctx)
    limits = _rate_limits(rate_limit, rate_limit_expensive, trusted_proxy)
    _check_witness_list()
    _check_witness_policy()
    services = _open_settled(cli, replica_url)
    typer.echo(f"serving {services.ledger.origin} on http://{host}:{port}/ ({workers} worker(s))")
    if services.replica is not None:  # worker processes open it from the environment
        os.environ[REPLICA_URL_ENV] = services.replica.backend.url
        typer.echo(f"public reads of the log from the replica at {services.replica.url_host}")
    if workers > 1:
        services.close()
        raise typer.Exit(_serve_workers(cli.data, workers, host, port, log_config(access_log)))
    from api.http.app import create_app
    from api.server.protocol import BoundedHttpTools

    # uvicorn's own access log would print query strings (which may name a person):
    # api/http/middleware/observe.py writes one JSON line per request instead.
    config = log_config(access_log)
    uvicorn.run(
        create_app(services, rate_limits=limits),
        host=host,
        port=port,
        access_log=False,
        log_config=config,
        http=BoundedHttpTools,
    )


def _rate_limits(
    default: str, expensive: str, proxies: list[str] | None
) -> ratelimit.RateLimits | None:
    """The limits from the options, also put in the environment for worker processes
    (which build their app from it); a bad value is one clear error line."""
    os.environ[ratelimit.DEFAULT_ENV] = default
    os.environ[ratelimit.EXPENSIVE_ENV] = expensive
    if proxies:
        os.environ[ratelimit.PROXIES_ENV] = ",".join(proxies)
    try:
        return ratelimit.RateLimits.from_env()
    except ratelimit.RateLimitSettingError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def _check_witness_list() -> None:
    """An unreadable GONGKAI_WITNESSES is one clear error line, before serving."""
    from api.witness.client import WITNESSES_ENV, WitnessListError, load_witnesses

    where = os.environ.get(WITNESSES_ENV)
    if not where:
        return
    try:
        witnesses = load_witnesses(Path(where))
    except WitnessListError as exc:
        typer.echo(f"error: {WITNESSES_ENV}: {exc}", err=True)
        raise typer.Exit(2) from None
    names = ", ".join(w.key.name for w in witnesses)
    typer.echo(f"checkpoints go to {len(witnesses)} witness(es): {names}")


def _check_witness_policy() -> None:
    """An unreadable GONGKAI_WITNESS_POLICY is one clear error line, before serving."""
    from api.witness.policy import POLICY_ENV, PolicyFileError, published_policy

    try:
        policy = published_policy()
    except PolicyFileError as exc:
        typer.echo(f"error: {POLICY_ENV}: {exc}", err=True)
        raise typer.Exit(2) from None
    if policy is not None:
        typer.echo(
            f"the verify page offers a witness policy: {policy.quorum} of {len(policy.keys)}"
        )


def _open_settled(cli: CliState, replica_url: str | None = None) -> Services:
    """The services of an initialised ledger, with everything integrated and projected."""
    from api.services import Services

    services = guard(cli, lambda: Services.open(cli.data, replica_url=replica_url))
    if not services.ledger.initialised:
        services.close()
        typer.echo("error: the ledger is not initialised: run `gongkai init` first", err=True)
        raise typer.Exit(1)
    guard(cli, lambda: _settle_or_degrade(services))
    return services


def _settle_or_degrade(services: Services) -> None:
    """Settle; an integrity failure does not stop the server: it serves public reads from
    the last good checkpoint and ``/readyz`` says why it is degraded."""
    try:
        services.settle()
    except IntegrityFailure as failure:
        services.last_error = f"IntegrityFailure: {failure.message}"
        typer.echo(f"warning: {failure.code}: {failure.message} (serving degraded)", err=True)


def _serve_workers(data: Path, count: int, host: str, port: int, logs: dict[str, Any]) -> int:
    """``count`` worker processes (api/server/workers.py) until stopped; the exit code."""
    from api.http.middleware.metrics import MULTIPROC_ENV
    from api.server.workers import PortTaken, Workers

    os.environ[DATA_ENV] = str(data)
    os.environ[MULTIPROC_ENV] = str(_fresh_metrics_dir(data))
    try:
        return Workers(count, host, port, logs).serve()
    except PortTaken as exc:
        typer.echo(f"error: {exc}", err=True)
        return 1


def log_config(access_log: bool) -> dict[str, Any]:
    """uvicorn's logging, plus ``gongkai.*`` loggers: access lines as bare JSON on stdout."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["json_line"] = {"format": "%(message)s"}
    config["handlers"]["json_line"] = {
        "formatter": "json_line",
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stdout",
    }
    config["loggers"]["gongkai"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    config["loggers"]["gongkai.access"] = {
        "handlers": ["json_line"],
        "level": "INFO" if access_log else "WARNING",
        "propagate": False,
    }
    return config


def _fresh_metrics_dir(data: Path) -> Path:
    """prometheus_client's multiprocess directory, emptied: counters start at zero."""
    where = data / "run" / "prometheus"
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    return where


@token_app.command("issue")
def token_issue(
    ctx: typer.Context,
    officer: Annotated[str, typer.Option(help="Officer id, e.g. officer-0002.")],
    days: Annotated[int, typer.Option(help="Validity in days (1–366).")] = 30,
) -> None:
    """Issue a token for an active officer; it is printed once and stored only hashed."""
    from domain.office.office import Office

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
