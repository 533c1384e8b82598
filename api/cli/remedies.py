"""``gongkai remedy …``: 行政复议 and 行政诉讼 not tied to a disclosure request (Art. 51) —
a case about proactive disclosure, or a third party's case against a disclosure. Table 4
of the annual report counts them with the requests' own remedies. A case is named by
its reference (the case number)."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.command_input import command_input
from api.cli.support import guard, now, open_services, parse_date, print_json, state
from api.commands import remedies

remedy_app = typer.Typer(
    help="Reconsiderations and lawsuits not tied to a request (Table 4).", no_args_is_help=True
)

Reference = Annotated[str, typer.Argument(help="The case number, e.g. 示复〔2026〕3号.")]
AsHandler = Annotated[str, typer.Option("--as", help="Acting request handler's officer id.")]
On = Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default: today).")]


@remedy_app.command("file")
def file_case(
    ctx: typer.Context,
    reference: Reference,
    kind: Annotated[str, typer.Option(help="reconsideration (行政复议) | lawsuit (行政诉讼).")],
    subject: Annotated[
        str, typer.Option(help="proactive (主动公开) | third_party (against a disclosure) | other.")
    ],
    as_officer: AsHandler,
    on: On = None,
    after_reconsideration: Annotated[
        bool, typer.Option("--after-reconsideration", help="A lawsuit after reconsideration.")
    ] = False,
    item: Annotated[str | None, typer.Option(help="The information item concerned.")] = None,
) -> None:
    """Record a case as filed (受理).

    Example: gongkai remedy file 示复〔2026〕3号 --kind reconsideration --subject third_party
    --date 2026-05-06 --as officer-0002
    """
    cli, day = state(ctx), parse_date(on)
    body = command_input(
        lambda: remedies.CaseIn.model_validate(
            {"reference": reference, "kind": kind, "subject": subject, "on": day,
             "after_reconsideration": after_reconsideration, "item_id": item}
        )
    )  # fmt: skip
    with open_services(cli) as services:
        result = guard(cli, lambda: remedies.file_case(services, body, as_officer, now()))
        guard(cli, services.settle)
    print_json(result)


@remedy_app.command("decide")
def decide_case(
    ctx: typer.Context,
    reference: Reference,
    result: Annotated[str, typer.Option(help="upheld | corrected | other | pending.")],
    as_officer: AsHandler,
    on: On = None,
) -> None:
    """Record the case's decision or judgment."""
    cli, day = state(ctx), parse_date(on)
    body = command_input(
        lambda: remedies.CaseDecisionIn.model_validate({"on": day, "result": result})
    )
    with open_services(cli) as services:
        saved = guard(
            cli, lambda: remedies.decide_case(services, reference, body, as_officer, now())
        )
        guard(cli, services.settle)
    print_json(saved)
