"""``gongkai tiles``: publish the log as static tiles (C2SP tlog-tiles) into a directory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli.support import guard, state
from api.services import TILES_DIR_ENV, tiles_dir_for
from ledger.tiles import publish_tiles


def tiles(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help=f"Tiles directory (default: ${TILES_DIR_ENV}, else DATA/tiles). "
            "Serve it with any static web server at <prefix>/, e.g. nginx "
            "(docs/nginx-tiles.conf).",
        ),
    ] = None,
) -> None:
    """Integrate pending entries and publish the checkpoint, hash tiles and entry bundles
    the directory lacks (full tiles are never rewritten; the checkpoint is written last)."""
    cli = state(ctx)
    directory = out if out is not None else tiles_dir_for(cli.data)
    with cli.ledger() as ledger:
        guard(cli, ledger.integrate)
        publication = guard(cli, lambda: publish_tiles(ledger, directory))
    typer.echo(
        f"published tree size {publication.size} to {directory} "
        f"(was {publication.previous}; {len(publication.written)} file(s) written)"
    )
