"""``gongkai item draft | attribute-review | secrecy-review | approve | publish``: an item's
way to publication (draft → 属性审核 → 保密审查 → 发布审核 → publish)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from api.cli.command_input import command_input
from api.cli.item_support import (
    AsJson,
    AsOfficer,
    Channel,
    Expected,
    File,
    ItemId,
    On,
    Sha,
    Url,
    content_hash,
    read_file,
    report_item,
    run_write,
    stated_hash,
    write,
)
from api.cli.support import now, parse_date, state
from api.commands import items as commands
from api.commands.items import (
    ApproveIn,
    AttributeReviewIn,
    DraftIn,
    PublishIn,
    SecrecyReviewIn,
)


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
    stated = stated_hash(content, sha256)
    body = command_input(
        lambda: DraftIn(
            title=title,
            category=category,
            doc_number=doc_number,
            formed_on=formed,
            attribute=attribute,
            attribute_basis=basis,
            content_sha256=stated,
            sealed_title=sealed_title,
            item_id=None,
        )
    )
    item = write(cli, lambda items: commands.draft(items, body, as_officer, now(), content))
    if as_json:
        report_item(item, as_json)
    else:
        typer.echo(item.id)


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
    body = command_input(
        lambda: AttributeReviewIn(attribute=attribute, basis=basis, expected_version=expected)
    )
    run_write(
        state(ctx),
        lambda items: commands.review_attribute(items, item_id, body, as_officer, now()),
        as_json,
    )


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
    content, redacted = content_hash(cli, file, sha256), read_file(cli, redacted_file)
    body = command_input(
        lambda: SecrecyReviewIn(
            content_sha256=content,
            result=result,
            legal_basis=legal_basis,
            redacted_sha256=None,  # the redacted file's bytes go to the service
            subject="clarification" if clarification else "version",
            expected_version=expected,
        )
    )
    run_write(
        cli,
        lambda items: commands.review_secrecy(items, item_id, body, as_officer, now(), redacted),
        as_json,
    )


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
    content = content_hash(cli, file, sha256)
    body = command_input(lambda: ApproveIn(content_sha256=content, expected_version=expected))
    run_write(cli, lambda items: commands.approve(items, item_id, body, as_officer, now()), as_json)


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
    content, published_on = content_hash(cli, file, sha256), parse_date(on)
    body = command_input(
        lambda: PublishIn(
            content_sha256=content,
            channel=channel,
            url=url,
            published_on=published_on,
            expected_version=expected,
        )
    )
    run_write(cli, lambda items: commands.publish(items, item_id, body, as_officer, now()), as_json)


COMMANDS: tuple[tuple[str, Callable[..., None]], ...] = (
    ("draft", draft),
    ("attribute-review", attribute_review),
    ("secrecy-review", secrecy_review),
    ("approve", approve),
    ("publish", publish),
)
