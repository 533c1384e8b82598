"""``gongkai backup``, ``gongkai restore`` and ``gongkai repair``: keeping copies of
the ledger and mending it from them, proven by the log itself (README: "When verify
fails")."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Annotated

import typer

from api.cli.support import fail, guard, open_services, state
from api.clock import today
from ledger.backend import PostgresBackend
from ledger.backup import backup as write_backup
from ledger.copies import open_copies
from ledger.ledger import Ledger
from ledger.repair import RepairReport, repair
from ledger.restore import RestoreReport, restore
from ledger.vault import ERASURE_LOG, reapply_erasures
from verify.note import Vkey

VkeyOption = Annotated[
    str | None,
    typer.Option("--vkey", help="The published verifier key (default: the one the ledger holds)."),
]


def backup_command(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(help="The backup file to write (SQLite).")],
    pg_dump: Annotated[
        bool,
        typer.Option("--pg-dump", help="PostgreSQL: also run pg_dump into OUT.pgdump."),
    ] = False,
) -> None:
    """Back up the ledger's tables into one SQLite file (atomically), naming the signed
    checkpoint it holds. Restore it with `gongkai restore`; repair from it with
    `gongkai repair --from`. Keys (DATA/keys) and, on SQLite, content files
    (DATA/content) are files: copy them too."""
    cli = state(ctx)
    with cli.ledger() as ledger:
        info = guard(
            cli, lambda: write_backup(ledger, out, lambda line: typer.echo(line, err=True))
        )
        typer.echo(f"backup written to {out}: {info.events} entries, checkpoint {info.tree_size}")
        if pg_dump:
            _pg_dump(ledger, out.with_name(out.name + ".pgdump"))


def _pg_dump(ledger: Ledger, out: Path) -> None:
    backend = ledger.backend
    if not isinstance(backend, PostgresBackend):
        fail("--pg-dump needs a PostgreSQL database")
    program = shutil.which("pg_dump")
    if program is None:
        fail("--pg-dump: pg_dump is not installed (the SQLite backup was written)")
    url = backend.url.split("?")[0]
    done = subprocess.run(
        [program, "--format=custom", f"--schema={backend.schema}", f"--file={out}", url],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        fail(f"pg_dump failed: {done.stderr.strip().splitlines()[-1:]}")
    typer.echo(f"pg_dump written to {out}")


def repair_command(
    ctx: typer.Context,
    source: Annotated[
        str,
        typer.Option(
            "--from",
            help="A backup file, an export (gongkai-export/1) or a replica's database URL.",
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would be repaired; write nothing.")
    ] = False,
    vkey: VkeyOption = None,
) -> None:
    """Put back every integrated entry the signed checkpoint no longer proves (row altered
    or deleted, leaf row altered, or both), from a copy whose hash an inclusion proof
    takes to the signed root; any other copy is refused. Exit 1 if one is left."""
    cli = state(ctx)
    with cli.ledger() as ledger:
        copies = guard(cli, lambda: open_copies(source))
        try:
            key = guard(cli, lambda: Vkey.from_text(vkey)) if vkey else None
            report = guard(cli, lambda: repair(ledger, copies, vkey=key, dry_run=dry_run))
        finally:
            copies.close()
    _print_repair(report)
    if not report.ok:
        raise typer.Exit(1)


def _print_repair(report: RepairReport) -> None:
    verb = "would repair" if report.dry_run else "repaired"
    for damage in report.repaired:
        typer.echo(f"{verb}: {damage.describe()}, from {report.source}")
    for damage in report.leaf_rows:
        typer.echo(
            f"{verb}: the leaf row of entry #{damage.index}, altered (the stored entry is "
            "whole and proven by the signed checkpoint)"
        )
    for damage, reason in report.refused:
        typer.echo(f"NOT repaired: {damage.describe()}: {reason}")
    mended = len(report.repaired) + len(report.leaf_rows)
    damaged = mended + len(report.refused)
    typer.echo(
        f"{report.checked} entries checked, {damaged} damaged, {mended} {verb}, "
        f"{len(report.refused)} left"
        + ("" if report.dry_run or not mended else "; now run gongkai verify")
    )


def restore_command(
    ctx: typer.Context,
    backup_file: Annotated[Path, typer.Argument(help="A file written by gongkai backup.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Verify the backup and report; write nothing.")
    ] = False,
    vkey: VkeyOption = None,
    checkpoint: Annotated[
        Path | None,
        typer.Option(
            help="The latest published checkpoint (signed note), when the live store "
            "cannot give it (default: the live log's latest)."
        ),
    ] = None,
) -> None:
    """Restore a backup, only after verifying it against the latest published checkpoint
    (every entry re-verified, a consistency proof from the backup's tree). Entries the
    live log integrated after the backup, and those not yet integrated, are kept. Stop
    the server first; read models are rebuilt afterwards."""
    cli = state(ctx)
    with open_services(cli) as services:
        key = guard(cli, lambda: Vkey.from_text(vkey)) if vkey else None
        note = guard(cli, lambda: checkpoint.read_text("utf-8")) if checkpoint else None

        def say(line: str) -> None:
            typer.echo(line, err=True)

        report = guard(
            cli,
            lambda: restore(
                services.ledger,
                backup_file,
                vkey=key,
                published=note,
                dry_run=dry_run,
                progress=say,
            ),
        )
        if not dry_run:
            for name in services.projections.projections:
                guard(cli, lambda name=name: services.projections.rebuild(name))  # type: ignore[misc]
            log = cli.data / ERASURE_LOG  # erased personal data must not come back (PIPL)
            shredded = guard(cli, lambda: reapply_erasures(services.ledger.backend, log))
            guard(cli, lambda: services.requests.applicants.rebuild(today().year + 1))
    _print_restore(report)
    if not dry_run:
        typer.echo(f"erasures re-applied: {shredded} vault rows deleted; applicant index rebuilt")


def _print_restore(report: RestoreReport) -> None:
    verb = "would restore" if report.dry_run else "restored"
    typer.echo(
        f"{verb} {report.restored_size} entries: {report.backup.tree_size} from the backup "
        f"of {report.backup.created_at}, {report.replayed} integrated since, read back from "
        f"the live store; {report.pending} not yet integrated carried over; consistent with "
        f"the published checkpoint of size {report.published_size}"
    )
    for line in report.dropped:
        typer.echo(f"NOT carried over: {line}")
