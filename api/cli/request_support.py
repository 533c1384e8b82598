"""What every ``gongkai request …`` verb shares: its options and the write helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from api.cli.command_input import command_input
from api.cli.requests_show import print_request
from api.cli.support import guard, now, open_services, parse_date, state
from api.commands import requests as commands
from api.commands.requests import DateStep, OnIn
from domain.disclosure_request.request import DisclosureRequest
from domain.disclosure_request.service import DisclosureRequests
from domain.disclosure_request.view import request_json

Ref = Annotated[str, typer.Argument(help="The request's number (2026-0001) or id.")]
AsOfficer = Annotated[str, typer.Option("--as", help="Acting officer id, e.g. officer-0009.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the request as one JSON object.")]
On = Annotated[
    str | None, typer.Option("--date", "--on", help="Date YYYY-MM-DD (default today in China).")
]
Expected = Annotated[
    int | None, typer.Option("--expected-version", help="Refuse if the request moved on.")
]
Command = Callable[[DisclosureRequests], DisclosureRequest]


def write(ctx: typer.Context, command: Command, as_json: bool) -> None:
    """Run one command, integrate it and catch the register up, then report the request."""
    cli = state(ctx)
    with open_services(cli) as services:
        request = guard(cli, lambda: command(services.requests))
        guard(cli, services.settle)
        view = request_json(request, services.requests.calendar(), parse_date(None))
    print_request(view, as_json)


def record_date(
    ctx: typer.Context,
    step: DateStep,
    ref: str,
    as_officer: str,
    on: str | None,
    expected: int | None,
    as_json: bool,
) -> None:
    """A step that records only its date (``api.commands.requests.DATE_STEPS``)."""
    day = parse_date(on)
    body = command_input(lambda: OnIn(on=day, expected_version=expected))
    write(ctx, lambda r: commands.record_date(r, step, ref, body, as_officer, now()), as_json)
