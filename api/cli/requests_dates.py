"""``gongkai request …`` verbs that record only a date (and a result): the end of a
consultation, a payment, the deemed closures (Arts. 30, 42), the applicant's withdrawal,
and the remedies of Art. 51 — reconsideration and lawsuit, filed and decided
(gathered in ``COMMANDS`` for ``api/cli/requests.py``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

import typer

from api.cli.command_input import command_input
from api.cli.request_support import AsJson, AsOfficer, Expected, On, Ref, record_date, write
from api.cli.support import now, parse_date
from api.commands import requests as commands
from api.commands.requests import DateStep, DecisionIn, LawsuitIn
from domain.disclosure_request.request import DisclosureRequest
from domain.disclosure_request.service import DisclosureRequests

Decide = Callable[[DisclosureRequests, str, DecisionIn, str, datetime], DisclosureRequest]
Verb = tuple[str, Callable[..., None]]


def _date_only(name: DateStep, doc: str) -> Verb:
    """``request NAME ID --date --as``: a command that records only a date."""

    def command(
        ctx: typer.Context,
        ref: Ref,
        as_officer: AsOfficer,
        on: On = None,
        expected: Expected = None,
        as_json: AsJson = False,
    ) -> None:
        record_date(ctx, name, ref, as_officer, on, expected, as_json)

    command.__doc__ = doc
    return name, command


CONSULT_END = _date_only(
    "consult-end",
    "The consultation ends (reply, or 15 working days of silence); the clock runs again.",
)
FEE_NOTICE_RECEIVED = _date_only(
    "fee-notice-received",
    "The day the applicant received the fee notice: the 20 working days to pay run "
    "from it (国办函〔2020〕109号).",
)
FEE_PAID = _date_only("fee-paid", "Art. 42: the fee is paid; the clock runs again.")
DEEMED_ABANDONED = _date_only(
    "deemed-abandoned",
    "Art. 30: no supplement within the time allowed; the request is deemed abandoned.",
)
DEEMED_WITHDRAWN = _date_only(
    "deemed-withdrawn",
    "国办函〔2020〕109号: the fee was not paid within 20 working days of receiving the "
    "notice; deemed withdrawn.",
)
WITHDRAW = _date_only("withdraw", "The applicant withdraws the request (撤回申请).")
RECONSIDERATION = _date_only(
    "reconsideration",
    "Art. 51: 行政复议 filed (against an answer, a deemed closure, or an overdue answer).",
)


def _decision(name: str, decide: Decide, doc: str) -> Verb:
    def command(
        ctx: typer.Context,
        ref: Ref,
        result: Annotated[str, typer.Option(help="upheld | corrected | other | pending.")],
        as_officer: AsOfficer,
        on: On = None,
        expected: Expected = None,
        as_json: AsJson = False,
    ) -> None:
        day = parse_date(on)
        body = command_input(lambda: DecisionIn(on=day, result=result, expected_version=expected))
        write(ctx, lambda r: decide(r, ref, body, as_officer, now()), as_json)

    command.__doc__ = doc
    return name, command


RECONSIDERATION_DECISION = _decision(
    "reconsideration-decision",
    commands.decide_reconsideration,
    "The reconsideration's result: upheld, corrected, other or pending.",
)


def lawsuit(
    ctx: typer.Context,
    ref: Ref,
    as_officer: AsOfficer,
    on: On = None,
    after_reconsideration: Annotated[
        bool | None,
        typer.Option(
            "--after-reconsideration/--direct",
            help="Default: after the reconsideration if one was filed.",
        ),
    ] = None,
    expected: Expected = None,
    as_json: AsJson = False,
) -> None:
    """Art. 51: 行政诉讼 filed, directly or after reconsideration."""
    day = parse_date(on)
    body = command_input(
        lambda: LawsuitIn(
            on=day, after_reconsideration=after_reconsideration, expected_version=expected
        )
    )
    write(ctx, lambda r: commands.file_lawsuit(r, ref, body, as_officer, now()), as_json)


LAWSUIT_DECISION = _decision(
    "lawsuit-decision",
    commands.decide_lawsuit,
    "The court's result: upheld, corrected, other or pending.",
)

COMMANDS: tuple[Verb, ...] = (
    CONSULT_END,
    FEE_NOTICE_RECEIVED,
    FEE_PAID,
    DEEMED_ABANDONED,
    DEEMED_WITHDRAWN,
    WITHDRAW,
    RECONSIDERATION,
    RECONSIDERATION_DECISION,
    ("lawsuit", lawsuit),
    LAWSUIT_DECISION,
)
