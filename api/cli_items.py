"""``gongkai item …``: proactive disclosure (主动公开) from the command line.

The same commands as ``/v1/items`` (draft → 属性审核 → 保密审查 → 发布审核 → publish;
correct, withdraw, 不予公开备案, Art. 6 clarifications), each signed by the officer
named with ``--as``. Document bytes come from ``--file``; a review or approval names
the exact content by ``--file`` or ``--sha256``. Each write is integrated into the
Merkle log and the catalogue before the command returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from api.cli_officers import parse_date
from api.cli_support import CliState, fail, guard, now, print_json, state
from api.schemas_items import ItemOut
from api.services import Services
from domain.information_item import InformationItem
from domain.items import InformationItems
from ledger.content import sha256_hex

item_app = typer.Typer(
    help="Information items: draft, review, approve, publish, correct, withdraw.",
    no_args_is_help=True,
)
T = TypeVar("T")

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


@contextmanager
def open_services(cli: CliState) -> Iterator[Services]:
    services = guard(cli, lambda: Services.open(cli.data))
    try:
        yield services
    finally:
        services.close()


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


def _hash(cli: CliState, file: Path | None, sha256: str | None) -> str:
    """The exact content a review or approval is about: a file's hash, or a hash given."""
    if file is not None and sha256 is not None:
        fail("give --file or --sha256, not both")
    data = read_file(cli, file)
    if data is not None:
        return sha256_hex(data)
    if sha256 is None:
        fail("name the exact content with --file PATH or --sha256 HEX")
    return sha256


@item_app.command("draft")
def draft(
    ctx: typer.Context,
    title: Annotated[str, typer.Option("--title", help="Title, e.g. 关于印发…的通知.")],
    category: Annotated[str, typer.Option("--category", help="normative_documents, budgets, …")],
    as_officer: AsOfficer,
    file: File = None,
    sha256: Sha = None,
    doc_number: Annotated[str | None, typer.Option("--doc-number", help="文号.")] = None,
    formed_on: Annotated[
        str | None, typer.Option("--formed-on", help="Formed on (Art. 26).")
    ] = None,
    attribute: Annotated[str, typer.Option(help="proactive | on_request | withheld")] = "proactive",
    basis: Annotated[str, typer.Option("--basis", help="Why this attribute.")] = "依法主动公开",
    sealed_title: Annotated[
        bool, typer.Option(help="Record only a commitment to the title.")
    ] = False,
    as_json: AsJson = False,
) -> None:
    """Draft an item from a document file; print its id.

    \b
    Example:
      gongkai item draft --title 关于印发《示范市政府信息公开规定》的通知 \\
        --category normative_documents --doc-number 示政办发〔2026〕3号 \\
        --file notice.txt --as officer-0002
    """
    cli = state(ctx)
    content, formed = read_file(cli, file), parse_date(formed_on)
    item = write(
        cli,
        lambda items: items.draft(
            as_officer,
            now(),
            title=title,
            category=category,
            doc_number=doc_number,
            formed_on=formed,
            attribute=attribute,
            attribute_basis=basis,
            content=content,
            content_sha256=sha256,
            sealed_title=sealed_title,
        ),
    )
    if as_json:
        report_item(item, as_json)
    else:
        typer.echo(item.id)


@item_app.command("attribute-review")
def attribute_review(
    ctx: typer.Context,
    item_id: ItemId,
    attribute: Annotated[str, typer.Option(help="proactive | on_request | withheld")],
    basis: Annotated[str, typer.Option(help="The reviewer's reasons.")],
    as_officer: AsOfficer,
    expected: Expected = None,
    as_json: AsJson = False,
) -> None:
    """属性审核: decide the item's disclosure attribute.

    \b
    Example:
      gongkai item attribute-review ITEM --attribute proactive --basis 同意 --as officer-0005
    """
    run_write(
        state(ctx),
        lambda items: items.review_attribute(
            item_id, as_officer, now(), attribute=attribute, basis=basis, expected_version=expected
        ),
        as_json,
    )


@item_app.command("secrecy-review")
def secrecy_review(
    ctx: typer.Context,
    item_id: ItemId,
    result: Annotated[str, typer.Option(help="passed | failed | passed_with_redactions")],
    as_officer: AsOfficer,
    file: File = None,
    sha256: Sha = None,
    legal_basis: Annotated[str | None, typer.Option(help="Required unless passed.")] = None,
    redacted_file: Annotated[Path | None, typer.Option(help="The redacted text.")] = None,
    clarification: Annotated[bool, typer.Option(help="Review an Art. 6 clarification.")] = False,
    expected: Expected = None,
    as_json: AsJson = False,
) -> None:
    """保密审查 (Art. 17) of one exact content.

    \b
    Example:
      gongkai item secrecy-review ITEM --file notice.txt --result passed --as officer-0006
    """
    cli = state(ctx)
    content, redacted = _hash(cli, file, sha256), read_file(cli, redacted_file)
    run_write(
        cli,
        lambda items: items.review_secrecy(
            item_id,
            as_officer,
            now(),
            content_sha256=content,
            result=result,
            legal_basis=legal_basis,
            redacted=redacted,
            subject="clarification" if clarification else "version",
            expected_version=expected,
        ),
        as_json,
    )


@item_app.command("approve")
def approve(
    ctx: typer.Context,
    item_id: ItemId,
    as_officer: AsOfficer,
    file: File = None,
    sha256: Sha = None,
    expected: Expected = None,
    as_json: AsJson = False,
) -> None:
    """发布审核: approve one exact content (never by its author).

    \b
    Example:
      gongkai item approve ITEM --file notice.txt --as officer-0008
    """
    cli = state(ctx)
    content = _hash(cli, file, sha256)
    run_write(
        cli,
        lambda items: items.approve(
            item_id, as_officer, now(), content_sha256=content, expected_version=expected
        ),
        as_json,
    )


@item_app.command("publish")
def publish(
    ctx: typer.Context,
    item_id: ItemId,
    as_officer: AsOfficer,
    file: File = None,
    sha256: Sha = None,
    channel: Channel = "政府网站",
    url: Url = None,
    on: On = None,
    expected: Expected = None,
    as_json: AsJson = False,
) -> None:
    """Publish the approved content; marked late if beyond 20 working days (Art. 26).

    \b
    Example:
      gongkai item publish ITEM --file notice.txt --as officer-0008 \\
        --url https://www.example.gov.cn/zwgk/3.html
    """
    cli = state(ctx)
    content, published_on = _hash(cli, file, sha256), parse_date(on)
    run_write(
        cli,
        lambda items: items.publish(
            item_id,
            as_officer,
            now(),
            content_sha256=content,
            channel=channel,
            url=url,
            published_on=published_on,
            expected_version=expected,
        ),
        as_json,
    )


# correct, withdraw, non-disclosure, clarify, show and list live in their own module.
from api import cli_items_after  # noqa: E402, F401
