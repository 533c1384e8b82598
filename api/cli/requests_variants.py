"""``gongkai request …`` verbs for the statutory variants: the end of a consultation with
the consulted party's reply (Arts. 32, 34), the written notice to a third party the
agency discloses over (Art. 32), the reasons asked and the reasonable period set for
requests clearly beyond a reasonable number (Art. 35) (gathered in ``COMMANDS`` for
``api/cli/requests.py``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from api.cli.command_input import command_input
from api.cli.request_support import AsJson, AsOfficer, Expected, On, Ref, write
from api.cli.support import now, parse_date
from api.commands import request_variants as variants
from api.commands.request_variants import (
    ConsultEndIn,
    ReasonablePeriodIn,
    ReasonsAskedIn,
    ThirdPartyNoticeIn,
)


def consult_end(
    ctx: typer.Context,
    ref: Ref,
    as_officer: AsOfficer,
    reply: Annotated[
        str,
        typer.Option(
            help="consent | objection | none (no reply; an agency silent past "
            "its 15 working days is deemed to consent, Art. 34)."
        ),
    ] = "none",
    on: On = None,
    expected: Expected = None,
    as_json: AsJson = False,
) -> None:
    """The consultation ends with the party's reply, or none; the clock runs again."""
    day = parse_date(on)
    body = command_input(lambda: ConsultEndIn(on=day, reply=reply, expected_version=expected))
    write(ctx, lambda r: variants.end_consultation(r, ref, body, as_officer, now()), as_json)


def third_party_notice(
    ctx: typer.Context,
    ref: Ref,
    reasons: Annotated[str, typer.Option(help="Why it is disclosed over the objection.")],
    as_officer: AsOfficer,
    on: On = None,
    expected: Expected = None,
    as_json: AsJson = False,
) -> None:
    """Art. 32: written notice to an objecting third party that the information is
    disclosed anyway, with the reasons; needed before a disclosing answer."""
    day = parse_date(on)
    body = command_input(
        lambda: ThirdPartyNoticeIn(on=day, reasons=reasons, expected_version=expected)
    )
    write(ctx, lambda r: variants.notify_third_party(r, ref, body, as_officer, now()), as_json)


def ask_reasons(
    ctx: typer.Context,
    ref: Ref,
    note: Annotated[str, typer.Option(help="What the applicant is asked to explain.")],
    as_officer: AsOfficer,
    on: On = None,
    expected: Expected = None,
    as_json: AsJson = False,
) -> None:
    """Art. 35: requests clearly beyond a reasonable number; ask the applicant's reasons."""
    day = parse_date(on)
    body = command_input(lambda: ReasonsAskedIn(on=day, note=note, expected_version=expected))
    write(ctx, lambda r: variants.ask_reasons(r, ref, body, as_officer, now()), as_json)


def reasonable_period(
    ctx: typer.Context,
    ref: Ref,
    reasons: Annotated[str, typer.Option(help="Why a longer period is reasonable.")],
    due: Annotated[str, typer.Option(help="The new answer due date (YYYY-MM-DD).")],
    as_officer: AsOfficer,
    on: On = None,
    expected: Expected = None,
    as_json: AsJson = False,
) -> None:
    """Art. 35: the office head sets a reasonable later answer date, notified to the
    applicant on --date; the answer falls due on it (reasons must have been asked)."""
    day, until = parse_date(on), parse_date(due, "--due")
    body = command_input(
        lambda: ReasonablePeriodIn(on=day, reasons=reasons, due=until, expected_version=expected)
    )
    write(ctx, lambda r: variants.set_reasonable_period(r, ref, body, as_officer, now()), as_json)


COMMANDS: tuple[tuple[str, Callable[..., None]], ...] = (
    ("consult-end", consult_end),
    ("third-party-notice", third_party_notice),
    ("ask-reasons", ask_reasons),
    ("reasonable-period", reasonable_period),
)
