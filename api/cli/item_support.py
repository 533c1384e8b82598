"""What every ``gongkai item …`` verb shares: its options and the write helpers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from api.cli.support import CliState, fail, guard, open_services, print_json
from api.http.schemas.items import ItemOut
from domain.information_item.item import InformationItem
from domain.information_item.service import InformationItems
from ledger.content import sha256_hex

T = TypeVar("T")
NO_CONTENT = "name the exact content with --file PATH or --sha256 HEX"

ItemId = Annotated[str, typer.Argument(help="The item id (a UUID, printed by `item draft`).")]
AsOfficer = Annotated[str, typer.Option("--as", help="Acting officer id, e.g. officer-0002.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the item as JSON.")]
File = Annotated[Path | None, typer.Option("--file", help="The document file.")]
Sha = Annotated[str | None, typer.Option("--sha256", help="Or the content's SHA-256.")]
On = Annotated[str | None, typer.Option("--on", help="Date YYYY-MM-DD (default today).")]
Channel = Annotated[str, typer.Option("--channel", help="Where: 政府网站, 政府公报, …")]
Url = Annotated[str | None, typer.Option("--url", help="The publication's URL, if online.")]
Expected = Annotated[
    int | None, typer.Option("--expected-version", help="Refuse if the item moved on.")
]


def write(cli: CliState, command: Callable[[InformationItems], InformationItem]) -> InformationItem:
    """Run one command, integrate it and catch the catalogue up; return the item."""
    with open_services(cli) as services:
        item = guard(cli, lambda: command(services.items))
        guard(cli, services.settle)
    return item


def run_write(
    cli: CliState, command: Callable[[InformationItems], InformationItem], as_json: bool
) -> None:
    """Run one command as ``write`` does, then report the item."""
    report_item(write(cli, command), as_json)


def report_item(item: InformationItem, as_json: bool) -> None:
    if as_json:
        print_json(ItemOut.of(item).model_dump(mode="json"))
        return
    typer.echo(f"{item.id}  {item.status}  version {item.version}  sha256 {item.current_sha256}")


def read_file(cli: CliState, file: Path | None) -> bytes | None:
    return None if file is None else guard(cli, file.read_bytes)


def stated_hash(content: bytes | None, sha256: str | None) -> str:
    """The hash a command states for its content: the one given, else the file's own (the
    service stores the file and checks a given hash against it)."""
    if sha256 is not None:
        return sha256
    if content is None:
        fail(NO_CONTENT)
    return sha256_hex(content)


def content_hash(cli: CliState, file: Path | None, sha256: str | None) -> str:
    """The exact content a review or approval is about: a file's hash, or a hash given."""
    if file is not None and sha256 is not None:
        fail("give --file or --sha256, not both")
    data = read_file(cli, file)
    if data is not None:
        return sha256_hex(data)
    if sha256 is None:
        fail(NO_CONTENT)
    return sha256
