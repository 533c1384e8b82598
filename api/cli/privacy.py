"""``gongkai applicant show | export``, ``gongkai erase --due`` and ``gongkai privacy``:
the applicant's personal data through its lifecycle (PIPL; docs/privacy.md).

- ``applicant show --request NUMBER --as OFFICER [--purpose P]``: appends a signed
  ``PersonalData.Opened`` entry (who, whose record, which fields, purpose and legal
  basis), *then* prints the applicant's sealed details.
- ``applicant export --request NUMBER --identity-proof TEXT --as OFFICER --out FILE.zip``
  (PIPL Art. 45): records the opening (identity proof sealed in it), then writes one
  evidence bundle per request of that applicant, every sealed field disclosed:
  ``FILE.zip`` for the request named, ``FILE-<number>.zip`` for each other one. Each
  verifies with ``gongkai-verify bundle``.
- ``erase --due [--dry-run] --as ADMIN``: lists the closed requests, complaints and
  proposed topics whose retention period (``<data>/retention.toml``, defaults in
  README) has ended, then shreds their vault rows (written first to
  ``<data>/erasures.log``) and appends a signed ``PersonalData.Erased`` entry per record.
- ``privacy rebuild-index``: the private applicant index made again from the ledger and
  the vault. ``privacy reapply-erasures``: after restoring a backup, delete again every
  vault row the erasure log or an ``Erased`` entry names.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli.support import CliState, fail, guard, now, open_services, print_json, state
from api.clock import today
from domain.privacy.record import PURPOSES
from domain.privacy.retention import RetentionPolicy
from domain.privacy.service import PersonalData
from ledger.bundle import Selection, write_bundle
from ledger.vault import ERASURE_LOG, reapply_erasures

applicant_app = typer.Typer(help="An applicant's personal data: opened on the record only.")
privacy_app = typer.Typer(help="The private applicant index and re-applied erasures.")
RETENTION_FILE = "retention.toml"

Request = Annotated[str, typer.Option("--request", help="The request's number, 2026-0001.")]
AsOfficer = Annotated[str, typer.Option("--as", help="The officer opening the data.")]
Purpose = Annotated[
    str, typer.Option("--purpose", help=f"Why: one of {', '.join(PURPOSES)} (recorded).")
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@applicant_app.command("show")
def show(
    ctx: typer.Context,
    request: Request,
    as_officer: AsOfficer,
    purpose: Purpose = "handling",
    as_json: AsJson = False,
) -> None:
    """Record the opening, then show the applicant's sealed details of one request."""
    cli = state(ctx)
    with open_services(cli) as services:
        opening = guard(
            cli,
            lambda: PersonalData(services.office, services.requests).open_request(
                request, as_officer, now(), purpose=purpose, scope="officer_view"
            ),
        )
    shown = [f.to_json() for f in opening.fields]
    others = opening.other_requests
    if as_json:
        print_json({"number": opening.number, "opened": opening.opened_leaf, "fields": shown,
                    "other_requests": others})  # fmt: skip
        return
    typer.echo(f"{opening.number}: opening recorded as entry {opening.opened_leaf}")
    for item in shown:
        typer.echo(f"  {item['field']} (seq {item['seq']}): {_text(item['value'])}")
    typer.echo(f"  the same applicant's other requests: {', '.join(others) or 'none'}")


@applicant_app.command("export")
def export(
    ctx: typer.Context,
    request: Request,
    identity_proof: Annotated[
        str,
        typer.Option("--identity-proof", help="How the applicant proved who they are (sealed)."),
    ],
    as_officer: AsOfficer,
    out: Annotated[Path, typer.Option("--out", help="FILE.zip for this request's bundle.")],
) -> None:
    """PIPL Art. 45: the applicant's own requests and data as verifiable bundles."""
    if out.suffix.lower() != ".zip" or not out.parent.is_dir():
        fail(f"--out {out} must name a .zip file in an existing directory", 2)
    cli = state(ctx)
    with open_services(cli) as services:
        privacy = PersonalData(services.office, services.requests)
        found = guard(
            cli,
            lambda: privacy.record_applicant_export(
                request, as_officer, now(), identity_proof=identity_proof
            ),
        )
        ledger = services.ledger
        for position, (stream, number, names) in enumerate(found):
            target = out if position == 0 else out.with_name(f"{out.stem}-{number}.zip")
            summary = guard(
                cli,
                lambda stream=stream, names=names, target=target: write_bundle(  # type: ignore[misc]
                    ledger, Selection("stream", stream), target, at=now(),
                    content=services.content.get, disclose=names, as_officer=as_officer,
                ),
            )  # fmt: skip
            typer.echo(f"wrote {summary.path}: request {number}, {summary.disclosed} fields")
            for field in summary.unavailable:
                typer.echo(f"  erased (retention ended), not disclosed: {field}")
    typer.echo(f"verify each with: gongkai-verify bundle FILE --vkey '{summary.vkey}'")


def erase(
    ctx: typer.Context,
    due: Annotated[bool, typer.Option("--due", help="Erase what is due (required).")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only list what is due.")] = False,
    as_officer: Annotated[
        str | None, typer.Option("--as", help="The admin who erases (not for --dry-run).")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Crypto-shred the personal data whose retention period ended (PIPL Art. 47).

    Closed requests, answered complaints and decided topics are due once the years of
    their class in DATA/retention.toml (defaults: request 10, request_with_remedy 30,
    complaint 10, topic 10) have passed since their last dated step."""
    if not due:
        fail("say --due: only records whose retention period ended are erased", 2)
    if not dry_run and as_officer is None:
        fail("erasing needs --as ADMIN (or --dry-run)", 2)
    cli = state(ctx)
    policy = guard(cli, lambda: RetentionPolicy.from_mapping(_retention(cli)))
    with open_services(cli) as services:
        privacy = PersonalData(services.office, services.requests)
        day = today()
        found = guard(cli, lambda: privacy.due(day, policy, day.year + 1))
        listed = [_due_json(item) for item in found]
        erased: list[str] = []
        if not dry_run and found:
            log, who = cli.data / ERASURE_LOG, str(as_officer)
            erased = guard(
                cli, lambda: privacy.erase(found, who, now(), log=log, years=dict(policy.years))
            )
    if as_json:
        print_json({"due": listed, "erased": erased, "dry_run": dry_run})
        return
    for item in listed:
        typer.echo(
            f"{item['number']}  {item['record_class']}  last step {item['last_on']}  "
            f"retention ended {item['ends']}  {item['vault_rows']} sealed fields"
        )
    verb = "would erase" if dry_run else "erased"
    typer.echo(f"{verb} {len(listed) if dry_run else len(erased)} records")


@privacy_app.command("rebuild-index")
def rebuild_index(ctx: typer.Context) -> None:
    """Make the private applicant index again from the ledger and the vault."""
    cli = state(ctx)
    with open_services(cli) as services:
        rows = guard(cli, lambda: services.requests.applicants.rebuild(today().year + 1))
    typer.echo(f"applicant index rebuilt: {rows} requests")


@privacy_app.command("reapply-erasures")
def reapply(ctx: typer.Context) -> None:
    """After a restore: delete again every vault row erased since the backup."""
    cli = state(ctx)
    with cli.ledger() as ledger:
        rows = guard(cli, lambda: reapply_erasures(ledger.backend, cli.data / ERASURE_LOG))
    typer.echo(f"erasures re-applied: {rows} vault rows deleted")


def _retention(cli: CliState) -> dict[str, Any] | None:
    path = cli.data / RETENTION_FILE
    if not path.exists():
        return None
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        fail(f"RETENTION_INVALID: {path}: {exc}")


def _due_json(item: Any) -> dict[str, Any]:
    return {
        "number": item.number,
        "record_class": item.record_class,
        "last_on": item.last_on.isoformat(),
        "ends": item.ends.isoformat(),
        "vault_rows": len(item.commitments),
    }


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return str(value)
