"""``gongkai item …`` after publication — correct, withdraw, 不予公开备案, Art. 6
clarifications — and the reads ``show`` and ``list`` (gathered in ``COMMANDS`` for
``api/cli/items.py``)."""

from __future__ import annotations

from collections.abc import Callable
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
    read_file,
    report_item,
    run_write,
    stated_hash,
)
from api.cli.support import guard, now, open_services, parse_date, print_json, state
from api.commands import items as commands
from api.commands.items import ClarifyIn, CorrectIn, NonDisclosureIn, WithdrawIn
from api.http.schemas.items import ItemSummaryOut
from projections import catalogue_queries


def correct(
    ctx: typer.Context,
    item_id: ItemId,
    reason: Annotated[str, typer.Option(help="What was wrong.")],
    as_officer: AsOfficer,
    file: File = None,
    sha256: Sha = None,
    on: On = None,
    expected: Expected = None,
    as_json: AsJson = False,
) -> None:
    """Correct an item: a new version that needs its own review and approval.

    \b
    Example:
      gongkai item correct ITEM --file notice-v2.txt --reason 附件有误 --as officer-0002
    """
    cli = state(ctx)
    content, changed_on = read_file(cli, file), parse_date(on)
    stated = stated_hash(content, sha256)
    body = command_input(
        lambda: CorrectIn(
            content_sha256=stated, changed_on=changed_on, reason=reason, expected_version=expected
        )
    )
    run_write(
        cli,
        lambda items: commands.correct(items, item_id, body, as_officer, now(), content),
        as_json,
    )


def withdraw(
    ctx: typer.Context,
    item_id: ItemId,
    reason: Annotated[str, typer.Option(help="repealed_or_expired | error | secrecy | other")],
    legal_basis: Annotated[str, typer.Option(help="The basis for withdrawing.")],
    as_officer: AsOfficer,
    on: On = None,
    expected: Expected = None,
    as_json: AsJson = False,
) -> None:
    """Withdraw a published item; for secrecy, its bytes leave public view.

    \b
    Example:
      gongkai item withdraw ITEM --reason repealed_or_expired \\
        --legal-basis 示政发〔2026〕9号 --as officer-0008
    """
    cli = state(ctx)
    withdrawn_on = parse_date(on)
    body = command_input(
        lambda: WithdrawIn(
            reason=reason,
            legal_basis=legal_basis,
            withdrawn_on=withdrawn_on,
            expected_version=expected,
        )
    )
    run_write(
        cli, lambda items: commands.withdraw(items, item_id, body, as_officer, now()), as_json
    )


def non_disclosure(
    ctx: typer.Context,
    item_id: ItemId,
    ground: Annotated[str, typer.Option(help="art14.* | art15.* | art16.* (Arts. 14–16)")],
    basis: Annotated[str, typer.Option(help="The legal basis, e.g. 条例第十六条.")],
    as_officer: AsOfficer,
    expected: Expected = None,
    as_json: AsJson = False,
) -> None:
    """不予公开备案: file a withheld item with its ground.

    \b
    Example:
      gongkai item non-disclosure ITEM --ground art16.process_information \\
        --basis 条例第十六条第二款 --as officer-0008
    """
    body = command_input(
        lambda: NonDisclosureIn(ground=ground, basis=basis, expected_version=expected)
    )
    run_write(
        state(ctx),
        lambda items: commands.file_non_disclosure(items, item_id, body, as_officer, now()),
        as_json,
    )


def clarify(
    ctx: typer.Context,
    item_id: ItemId,
    clarifies: Annotated[str, typer.Option(help="The false or incomplete information.")],
    as_officer: AsOfficer,
    file: File = None,
    sha256: Sha = None,
    channel: Channel = "政府网站",
    url: Url = None,
    on: On = None,
    expected: Expected = None,
    as_json: AsJson = False,
) -> None:
    """Publish an Art. 6 clarification (its text passed secrecy review first).

    \b
    Example:
      gongkai item clarify ITEM --file clarification.txt --clarifies 网传信息不实 \\
        --as officer-0008
    """
    cli = state(ctx)
    content, published_on = read_file(cli, file), parse_date(on)
    stated = stated_hash(content, sha256)
    body = command_input(
        lambda: ClarifyIn(
            content_sha256=stated,
            clarifies=clarifies,
            channel=channel,
            url=url,
            published_on=published_on,
            expected_version=expected,
        )
    )
    run_write(
        cli,
        lambda items: commands.clarify(items, item_id, body, as_officer, now(), content),
        as_json,
    )


def show(ctx: typer.Context, item_id: ItemId, as_json: AsJson = False) -> None:
    """Show an item with every version and the entries behind it."""
    cli = state(ctx)
    with open_services(cli) as services:
        item = guard(cli, lambda: services.items.get(item_id))
    if as_json:
        report_item(item, True)
        return
    title = item.title if item.title is not None else "(sealed title)"
    typer.echo(f"{item.id}  {item.status}  {item.category}  {item.doc_number or ''}")
    typer.echo(f"  {title}")
    for n, v in enumerate(item.versions, start=1):
        published = f"published {v.published_on}" if v.published_on else "not published"
        late = "  LATE" if v.late else ""
        typer.echo(f"  v{n} {v.origin} since {v.since}  {v.content_sha256}  {published}{late}")
        for entry in v.entries:
            typer.echo(f"      {entry.event:<22} seq {entry.seq:<3} leaf {entry.leaf_hash}")


def list_items(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option(help="draft, reviewed, approved, …")] = None,
    category: Annotated[str | None, typer.Option(help="Only this category.")] = None,
    q: Annotated[str | None, typer.Option("--q", help="Search title and 文号.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    as_json: AsJson = False,
) -> None:
    """List items, drafts included, newest first."""
    cli = state(ctx)
    with open_services(cli) as services:
        guard(cli, services.settle)
        with services.ledger.backend.transaction() as cur:
            page = guard(
                cli,
                lambda: catalogue_queries.officer_page(
                    cur, status=status, category=category, q=q, limit=limit
                ),
            )
    rows = [ItemSummaryOut.of(r) for r in page.rows]
    if as_json:
        print_json([r.model_dump(mode="json") for r in rows])
        return
    for r in rows:
        late = " LATE" if r.late else ""
        typer.echo(f"{r.item_id}  {r.status:<9} {r.category:<22} {r.title or '(sealed)'}{late}")


COMMANDS: tuple[tuple[str, Callable[..., None]], ...] = (
    ("correct", correct),
    ("withdraw", withdraw),
    ("non-disclosure", non_disclosure),
    ("clarify", clarify),
    ("show", show),
    ("list", list_items),
)
