"""``gongkai bundle``: write an evidence bundle (BagIt zip) for a court or an inspector.

Exactly one selection: ``--stream ID``, ``--request NUMBER`` or ``--officer ID --from
DATE --to DATE`` (dates inclusive, Beijing time). ``--disclose FIELD`` (repeatable, or
comma-separated) opens sealed fields for the recipient and needs ``--as OFFICER``
holding the inspector or office_head role. Bad input exits 2, a refused or failed
bundle exits 1, each with one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli.support import CliState, fail, guard, now, parse_date, state
from domain.privacy.record import PURPOSES
from ledger.bundle import (
    BundleSummary,
    Selection,
    check_disclosing,
    disclosable,
    write_bundle,
)
from ledger.content import ContentStore
from ledger.ledger import Ledger

_Opt = typer.Option


def bundle(
    ctx: typer.Context,
    stream: Annotated[str | None, _Opt("--stream", help="Every entry of this stream.")] = None,
    request: Annotated[
        str | None, _Opt("--request", help="The disclosure request with this number.")
    ] = None,
    officer: Annotated[
        str | None, _Opt("--officer", help="Every entry signed by this officer (with dates).")
    ] = None,
    from_: Annotated[str | None, _Opt("--from", help="First date, YYYY-MM-DD.")] = None,
    to: Annotated[str | None, _Opt("--to", help="Last date, YYYY-MM-DD.")] = None,
    out: Annotated[Path | None, _Opt("--out", help="Output file, FILE.zip.")] = None,
    disclose: Annotated[
        list[str] | None, _Opt("--disclose", help="Sealed field to open, e.g. applicant.")
    ] = None,
    as_: Annotated[str | None, _Opt("--as", help="Officer disclosing the fields.")] = None,
    purpose: Annotated[
        str | None,
        _Opt("--purpose", help=f"Why fields are disclosed (recorded): {', '.join(PURPOSES)}."),
    ] = None,
) -> None:
    """Write an evidence bundle: entries, proofs, keys, content, report, signature.
    Disclosing sealed fields first records a signed PersonalData.Opened entry per record."""
    selection = _selection(stream, request, officer, from_, to)
    target = _target(out)
    fields = [f.strip() for item in disclose or [] for f in item.split(",") if f.strip()]
    if fields and (purpose is None or as_ is None):
        fail("--disclose needs --as OFFICER and --purpose (recorded with the opening)", 2)
    cli = state(ctx)
    with cli.ledger() as ledger:
        if fields:
            _record_openings(cli, ledger, selection, fields, str(as_), str(purpose))
        summary = guard(
            cli,
            lambda: write_bundle(
                ledger,
                selection,
                target,
                at=now(),
                content=ContentStore(ledger.backend, cli.data / "content").get,
                disclose=fields,
                as_officer=as_,
                organization=_agency_name(ledger),
                progress=lambda message: typer.echo(f"  … {message}", err=True),
            ),
        )
    _say_written(summary)


def _say_written(summary: BundleSummary) -> None:
    typer.echo(
        f"wrote {summary.path}: {summary.entries} entries, {summary.keyring} key registry "
        f"entries, {len(summary.content)} content files, {summary.disclosed} disclosed fields"
    )
    for digest in summary.content_missing:
        typer.echo(f"  content not in the store (listed as missing): {digest}")
    for field in summary.unavailable:
        typer.echo(f"  sealed field erased from the vault, not disclosed: {field}")
    typer.echo(f"verify with: gongkai-verify bundle {summary.path} --vkey '{summary.vkey}'")


def _selection(
    stream: str | None, request: str | None, officer: str | None, start: str | None, end: str | None
) -> Selection:
    if sum(1 for v in (stream, request, officer) if v) != 1:
        fail("choose exactly one of --stream, --request or --officer", 2)
    if officer is None:
        if start or end:
            fail("--from and --to go with --officer", 2)
        return Selection("stream", stream) if stream else Selection("request", str(request))
    if not start or not end:
        fail("--officer needs --from DATE and --to DATE (YYYY-MM-DD)", 2)
    first, last = parse_date(start, "--from", 2), parse_date(end, "--to", 2)
    if first > last:
        fail(f"--from {first} is after --to {last}", 2)
    if " " in officer:
        fail(f"officer id {officer!r} holds a space", 2)
    return Selection("officer", officer, first, last)


def _target(out: Path | None) -> Path:
    if out is None:
        fail("--out FILE.zip is required", 2)
    if out.suffix.lower() != ".zip":
        fail(f"--out {out} must name a .zip file", 2)
    if not out.parent.is_dir():
        fail(f"directory {out.parent} does not exist", 2)
    return out


def _agency_name(ledger: Ledger) -> str | None:
    from domain.errors import DomainError
    from domain.office.office import Office

    try:
        return Office(ledger).agency().name
    except DomainError:
        return None


def _record_openings(
    cli: CliState, ledger: Ledger, selection: Selection, fields: list[str], who: str, why: str
) -> None:
    """PersonalData.Opened for every record the bundle discloses, before it is written."""
    from domain.office.office import Office
    from domain.privacy.service import PersonalData

    def record() -> None:
        check_disclosing(ledger, who)
        streams = disclosable(ledger, selection, fields)
        PersonalData(Office(ledger)).record_bundle_openings(streams, who, now(), purpose=why)

    guard(cli, record)
