"""``gongkai request …``: disclosure on request (依申请公开) from the command line.

The same commands as ``/v1/requests`` — receipt (Art. 29), confirmation of receipt
(Art. 31), supplement (Art. 30), consultation (Arts. 32, 34), extension (Art. 33), fees
(Art. 42), answer (Arts. 35–39), withdrawal, reconsideration and lawsuit (Art. 51) —
each signed by the officer named with ``--as``. ``ID`` is a request's id or its number
(``2026-0001``). Each write is integrated into the Merkle log and the register before
the command returns; ``--json`` prints the request's current state as one JSON object.
The applicant and the description are sealed: no command ever prints them.
"""

from __future__ import annotations

import typer

from api.cli import requests_dates, requests_intake, requests_letters, requests_show

request_app = typer.Typer(
    help="Disclosure requests (依申请公开): receipt to answer, reconsideration and lawsuit.",
    no_args_is_help=True,
)
for _name, _command in (
    *requests_show.COMMANDS,
    *requests_intake.COMMANDS,
    *requests_letters.COMMANDS,
    *requests_dates.COMMANDS,
):
    request_app.command(_name)(_command)
