"""``gongkai request …`` verbs that record only a date (and a result): the end of a
consultation, a payment, the deemed closures (Arts. 30, 42), the applicant's withdrawal,
and the remedies of Art. 51 — reconsideration and lawsuit, filed and decided
(gathered in ``COMMANDS`` for ``api/cli/requests.py``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

import typer

from api.cli.request_support import AsJson, AsOfficer, Expected, On, Ref, dated
from api.cli.support import now
from domain.disclosure_request.request import DisclosureRequest
from domain.disclosure_request.service import DisclosureRequests

Method = Callable[[DisclosureRequests], Callable[..., DisclosureRequest]]
Verb = tuple[str, Callable[..., None]]


def _date_only(name: str, method: Method, doc: str) -> Verb:
    """``request NAME ID --date --as``: a command that records only a date."""

    def command(
        ctx: typer.Context,
        ref: Ref,
        as_officer: AsOfficer,
        on: On = None,
        expected: Expected = None,
        as_json: AsJson = False,
    ) -> None:
        def run(requests: DisclosureRequests, day: date) -> DisclosureRequest:
            return method(requests)(ref, as_officer, now(), on=day, expected_version=expected)

        dated(ctx, on, as_json, run)

    command.__doc__ = doc
    return name, command


CONSULT_END = _date_only(
    "consult-end",
    lambda r: r.end_consultation,
    "The consultation ends (reply, or 15 working days of silence); the clock runs again.",
)
FEE_PAID = _date_only(
    "fee-paid", lambda r: r.fee_paid, "Art. 42: the fee is paid; the clock runs again."
)
DEEMED_ABANDONED = _date_only(
    "deemed-abandoned",
    lambda r: r.deem_abandoned,
    "Art. 30: no supplement within the time allowed; the request is deemed abandoned.",
)
DEEMED_WITHDRAWN = _date_only(
    "deemed-withdrawn",
    lambda r: r.deem_withdrawn_unpaid,
    "Art. 42: the fee was not paid within 20 working days; deemed withdrawn.",
)
WITHDRAW = _date_only(
    "withdraw", lambda r: r.withdraw, "The applicant withdraws the request (撤回申请)."
)
RECONSIDERATION = _date_only(
    "reconsideration",
    lambda r: r.file_reconsideration,
    "Art. 51: 行政复议 filed (against an answer, a deemed closure, or an overdue answer).",
)


def _decision(name: str, method: Method, doc: str) -> Verb:
    def command(
        ctx: typer.Context,
        ref: Ref,
        result: Annotated[str, typer.Option(help="upheld | corrected | other | pending.")],
        as_officer: AsOfficer,
        on: On = None,
        expected: Expected = None,
        as_json: AsJson = False,
    ) -> None:
        def run(requests: DisclosureRequests, day: date) -> DisclosureRequest:
            act = method(requests)
            return act(ref, as_officer, now(), on=day, result=result, expected_version=expected)

        dated(ctx, on, as_json, run)

    command.__doc__ = doc
    return name, command


RECONSIDERATION_DECISION = _decision(
    "reconsideration-decision",
    lambda r: r.decide_reconsideration,
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
    dated(
        ctx,
        on,
        as_json,
        lambda r, day: r.file_lawsuit(
            ref,
            as_officer,
            now(),
            on=day,
            after_reconsideration=after_reconsideration,
            expected_version=expected,
        ),
    )


LAWSUIT_DECISION = _decision(
    "lawsuit-decision",
    lambda r: r.decide_lawsuit,
    "The court's result: upheld, corrected, other or pending.",
)

COMMANDS: tuple[Verb, ...] = (
    CONSULT_END,
    FEE_PAID,
    DEEMED_ABANDONED,
    DEEMED_WITHDRAWN,
    WITHDRAW,
    RECONSIDERATION,
    RECONSIDERATION_DECISION,
    ("lawsuit", lawsuit),
    LAWSUIT_DECISION,
)
