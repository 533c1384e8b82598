"""``gongkai topic …``: 点题公开 — moderate a proposed topic with a reason, answer an
accepted one by linking published items or by a reasoned reply (approver), each a
signed entry; the public sees the result on ``/topics``."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.support import fail, guard, now, open_services, state

topic_app = typer.Typer(
    help="Topics the public proposed (点题公开): moderate, answer, show.", no_args_is_help=True
)
Number = Annotated[str, typer.Argument(help="The topic's number, e.g. DT20260305-a1b2c3.")]
AsApprover = Annotated[str, typer.Option("--as", help="Acting approver's officer id.")]


@topic_app.command("moderate")
def moderate(
    ctx: typer.Context,
    number: Number,
    reason: Annotated[str, typer.Option(help="Why it is accepted or declined (public).")],
    as_officer: AsApprover,
    accept: Annotated[bool, typer.Option("--accept/--decline", help="Accept or decline.")] = True,
    text: Annotated[
        str | None, typer.Option(help="The topic as published, without personal data.")
    ] = None,
) -> None:
    """Accept (with the public wording) or decline a proposed topic, with a reason.

    Example: gongkai topic moderate DT20260305-a1b2c3 --accept --text "公开2026年道路养护计划"
    --reason "属于主动公开范围" --as officer-0005
    """
    if accept and not text:
        fail("TOPIC_TEXT_REQUIRED: an accepted topic needs --text (its public wording)")
    cli = state(ctx)
    with open_services(cli) as services:
        topic = guard(
            cli,
            lambda: services.topics.moderate(
                number, as_officer, now(), accepted=accept, reason=reason, public_text=text
            ),
        )
        guard(cli, services.settle)
    typer.echo(f"{topic.number}: {topic.status}")


@topic_app.command("answer")
def answer(
    ctx: typer.Context,
    number: Number,
    as_officer: AsApprover,
    item: Annotated[
        list[str] | None, typer.Option("--item", help="A published item that answers it.")
    ] = None,
    reply: Annotated[str | None, typer.Option(help="A reasoned reply (public).")] = None,
) -> None:
    """Answer an accepted topic with published items (repeat --item) and/or a reply."""
    cli = state(ctx)
    with open_services(cli) as services:
        topic = guard(
            cli,
            lambda: services.topics.answer(
                number, as_officer, now(), item_ids=item or [], reply=reply
            ),
        )
        guard(cli, services.settle)
    typer.echo(f"{topic.number}: {topic.status}")


@topic_app.command("show")
def show(ctx: typer.Context, number: Number) -> None:
    """One topic's status, reason and answer (never the proposer's words or contact)."""
    cli = state(ctx)
    with open_services(cli) as services:
        topic = guard(cli, lambda: services.topics.get(number))
    typer.echo(f"{topic.number}: {topic.status}")
    for name in ("public_text", "reason", "reply"):
        if getattr(topic, name):
            typer.echo(f"  {name}: {getattr(topic, name)}")
    for item_id in topic.item_ids:
        typer.echo(f"  item: {item_id}")
