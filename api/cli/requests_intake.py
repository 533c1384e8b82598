"""``gongkai request …`` from receipt to answer: disclosure on request (依申请公开).

The same commands as ``/v1/requests`` — receipt (Art. 29), confirmation of receipt
(Art. 31), supplement (Art. 30), consultation (Arts. 32, 34), extension (Art. 33), fees
(Art. 42), answer (Arts. 35–39), withdrawal, reconsideration and lawsuit (Art. 51) —
each signed by the officer named with ``--as``. ``ID`` is a request's id or its number
(``2026-0001``). Each write is integrated into the Merkle log and the register before
the command returns; ``--json`` prints the request's current state as one JSON object.
The applicant and the description are sealed: no command ever prints them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from api.cli.command_input import command_input
from api.cli.request_support import AsJson, AsOfficer, Expected, On, Ref, record_date, write
from api.cli.support import now, parse_date
from api.commands import requests as commands
from api.commands.requests import (
    ApplicantIn,
    ConsultIn,
    ExtendIn,
    FeeNoticeIn,
    ReceiveIn,
    SupplementedIn,
    SupplementNoticeIn,
)
from domain.disclosure_request.service import DEFAULT_SUPPLEMENT_DAYS


def receive(
    ctx: typer.Context,
    channel: Annotated[str, typer.Option(help="in-person | post | online | fax (Art. 31).")],
    applicant_type: Annotated[
        str,
        typer.Option(
            help="natural-person | commercial | research | public-interest | "
            "legal-services | other."
        ),
    ],
    applicant: Annotated[str, typer.Option("--applicant", help="The applicant's name.")],
    description: Annotated[str, typer.Option(help="The information requested.")],
    as_officer: AsOfficer,
    on: On = None,
    id_number: Annotated[
        str | None, typer.Option(help="身份证号 or 统一社会信用代码 (recognises the applicant).")
    ] = None,
    contact: Annotated[str | None, typer.Option(help="Telephone or e-mail.")] = None,
    address: Annotated[str | None, typer.Option(help="Postal address.")] = None,
    form: Annotated[str, typer.Option(help="Requested form: electronic, paper, …")] = "electronic",
    as_json: AsJson = False,
) -> None:
    """Record a request received (Art. 29); print its number and deadlines.

    \b
    Example:
      gongkai request receive --channel in-person --date 2026-02-06 \\
        --applicant-type natural-person --applicant 张三 --id-number 1101… \\
        --description 请求公开2025年度老旧小区改造资金明细 --as officer-0009
    """
    day = parse_date(on)
    body = command_input(
        lambda: ReceiveIn(
            channel=channel,
            received_on=day,
            applicant_type=applicant_type,
            applicant=ApplicantIn(  # an empty option names nothing
                name=applicant,
                id_number=id_number or None,
                contact=contact or None,
                address=address or None,
            ),
            description=description,
            requested_form=form,
        )
    )
    write(ctx, lambda requests: commands.receive(requests, body, as_officer, now()), as_json)


def confirm_receipt(
    ctx: typer.Context,
    ref: Ref,
    as_officer: AsOfficer,
    on: On = None,
    expected: Expected = None,
    as_json: AsJson = False,
) -> None:
    """Art. 31: an online or fax request is received when both sides confirm receipt."""
    record_date(ctx, "confirm-receipt", ref, as_officer, on, expected, as_json)


def supplement_notice(
    ctx: typer.Context,
    ref: Ref,
    items: Annotated[list[str], typer.Option("--items", help="What to supplement (repeatable).")],
    as_officer: AsOfficer,
    on: On = None,
    allowed_days: Annotated[
        int, typer.Option(help="Working days allowed for the supplement.")
    ] = DEFAULT_SUPPLEMENT_DAYS,
    expected: Expected = None,
    as_json: AsJson = False,
) -> None:
    """Art. 30: tell the applicant, once and within 7 working days, what to supplement."""
    day = parse_date(on)
    body = command_input(
        lambda: SupplementNoticeIn(
            on=day, items=items, allowed_days=allowed_days, expected_version=expected
        )
    )
    write(ctx, lambda r: commands.request_supplement(r, ref, body, as_officer, now()), as_json)


def supplemented(
    ctx: typer.Context,
    ref: Ref,
    as_officer: AsOfficer,
    on: On = None,
    justification: Annotated[
        str | None, typer.Option(help="正当理由 for a supplement after the time allowed.")
    ] = None,
    expected: Expected = None,
    as_json: AsJson = False,
) -> None:
    """Art. 30: the supplement is received; the answer period restarts from that day."""
    day = parse_date(on)
    body = command_input(
        lambda: SupplementedIn(on=day, justification=justification, expected_version=expected)
    )
    write(ctx, lambda r: commands.supplemented(r, ref, body, as_officer, now()), as_json)


def consult(
    ctx: typer.Context,
    ref: Ref,
    party: Annotated[str, typer.Option(help="third-party (Art. 32) | agency (Art. 34).")],
    as_officer: AsOfficer,
    on: On = None,
    expected: Expected = None,
    as_json: AsJson = False,
) -> None:
    """Consult a third party or another agency; the answer clock stops."""
    day = parse_date(on)
    body = command_input(lambda: ConsultIn(on=day, party=party, expected_version=expected))
    write(ctx, lambda r: commands.consult(r, ref, body, as_officer, now()), as_json)


def extend(
    ctx: typer.Context,
    ref: Ref,
    days: Annotated[int, typer.Option(help="Working days, at most 20 (Art. 33).")],
    reason: Annotated[
        str, typer.Option(help="Why the answer needs more time (published: no personal data).")
    ],
    as_officer: AsOfficer,
    on: On = None,
    notified_on: Annotated[
        str | None,
        typer.Option(
            "--notified-on",
            help="Day the applicant was notified (YYYY-MM-DD); omitted, the extension is "
            "an accountability finding until its letter is issued.",
        ),
    ] = None,
    expected: Expected = None,
    as_json: AsJson = False,
    confirmed: Annotated[
        bool,
        typer.Option(
            "--confirm-no-personal-data",
            help="Confirm the reason holds no personal data (required: it is published).",
        ),
    ] = False,
) -> None:
    """Art. 33: one extension, approved by the head of the disclosure office and
    notified to the applicant. The reason is published; ID and mobile numbers in it are
    refused."""
    day = parse_date(on)
    told = None if notified_on is None else parse_date(notified_on, "--notified-on")
    body = command_input(
        lambda: ExtendIn(
            on=day,
            days=days,
            reason=reason,
            notified_on=told,
            no_personal_data=confirmed,
            expected_version=expected,
        )
    )
    write(ctx, lambda r: commands.extend(r, ref, body, as_officer, now()), as_json)


def fee_notice(
    ctx: typer.Context,
    ref: Ref,
    as_officer: AsOfficer,
    items: Annotated[int | None, typer.Option(help="Charge by items (按件).")] = None,
    pages: Annotated[int | None, typer.Option(help="Or by pages (按量).")] = None,
    on: On = None,
    received_on: Annotated[
        str | None,
        typer.Option(
            "--received-on",
            help="Day the applicant received the notice (YYYY-MM-DD), e.g. the notice date "
            "if handed over. The 20 working days to pay (109号) run from it; if omitted, "
            "record it later with `request fee-notice-received`.",
        ),
    ] = None,
    expected: Expected = None,
    as_json: AsJson = False,
) -> None:
    """Art. 42: written fee notice; by items (按件) the applicant's items of the month
    received before this request are counted in, in order of receipt (109号)."""
    if (items is None) == (pages is None):
        typer.echo("error: FEE_METHOD_UNKNOWN: give --items N or --pages N", err=True)
        raise typer.Exit(1)
    method, count = ("items", items) if items is not None else ("pages", pages)
    day = parse_date(on)
    received = None if received_on is None else parse_date(received_on, "--received-on")
    body = command_input(
        lambda: FeeNoticeIn(
            on=day,
            method=method,
            count=int(count or 0),
            received_on=received,
            expected_version=expected,
        )
    )
    write(ctx, lambda r: commands.notice_fee(r, ref, body, as_officer, now()), as_json)


COMMANDS: tuple[tuple[str, Callable[..., None]], ...] = (
    ("receive", receive),
    ("confirm-receipt", confirm_receipt),
    ("supplement-notice", supplement_notice),
    ("supplemented", supplemented),
    ("consult", consult),
    ("extend", extend),
    ("fee-notice", fee_notice),
)
