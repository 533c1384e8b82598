"""What every ``gongkai request …`` verb shares: its options and the write helper."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

import typer

from api.cli.officers import parse_date
from api.cli.requests_show import print_request
from api.cli.support import guard, open_services, state
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


def dated(
    ctx: typer.Context,
    on: str | None,
    as_json: bool,
    command: Callable[[DisclosureRequests, date], DisclosureRequest],
) -> None:
    day = parse_date(on)
    write(ctx, lambda requests: command(requests, day), as_json)
