"""``gongkai request answer | reanswer | letter``: the written answer (告知书, OGI
Regulation Art. 36) and the letters of a request.

``answer`` and ``reanswer`` render the letter (PDF with an embedded CJK font, and
printable HTML), record the PDF's SHA-256 in the signed entry and, with ``--letters
DIR``, write both files. ``letter`` renders a request's recorded letters again —
byte for byte the PDF whose hash the ledger holds — for the answer, a re-answer, the
supplement, extension and fee notices and the consultation letter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from api.cli.command_input import command_input
from api.cli.request_support import AsJson, AsOfficer, Expected, On, Ref
from api.cli.requests_show import print_request
from api.cli.support import guard, now, open_services, parse_date, state
from api.commands import requests as commands
from api.commands.requests import AnswerIn
from api.letters import LetterPress, reissue
from domain.disclosure_request.letters import KINDS
from domain.disclosure_request.service import DisclosureRequests
from domain.disclosure_request.view import request_json
from domain.errors import RuleViolation

Outcome = Annotated[str, typer.Option(help="Table 3 outcome code, e.g. disclosed.")]
Items = Annotated[
    list[str] | None,
    typer.Option("--item", help="Information item provided (repeatable; reviewed content)."),
]
Count = Annotated[
    int | None, typer.Option("--count", help="Items provided (default: the --item count).")
]
Reasons = Annotated[
    str | None,
    typer.Option(help="Why less than asked is given (required unless disclosed, Art. 36)."),
]
Articles = Annotated[
    list[str] | None,
    typer.Option("--article", help="Article of the Regulation relied on, e.g. 14 (repeatable)."),
]
LettersDir = Annotated[
    Path | None, typer.Option("--letters", help="Write the letter (HTML and PDF) here.")
]
Form = Annotated[str, typer.Option(help="Delivery form.")]


def answer(
    ctx: typer.Context,
    ref: Ref,
    outcome: Outcome,
    as_officer: AsOfficer,
    on: On = None,
    item: Items = None,
    count: Count = None,
    reasons: Reasons = None,
    article: Articles = None,
    form: Form = "electronic",
    letters: LettersDir = None,
    expected: Expected = None,
    as_json: AsJson = False,
) -> None:
    """Arts. 35–39: the answer, with one annual-report outcome code, its reasons and
    articles, and its letter (its PDF's SHA-256 is recorded in the entry)."""
    body = _body(on, outcome, item, count, reasons, article, form, expected)
    _answer(ctx, ref, body, as_officer, letters, as_json, reanswering=False)


def reanswer(
    ctx: typer.Context,
    ref: Ref,
    outcome: Outcome,
    as_officer: AsOfficer,
    on: On = None,
    item: Items = None,
    count: Count = None,
    reasons: Reasons = None,
    article: Articles = None,
    form: Form = "electronic",
    letters: LettersDir = None,
    expected: Expected = None,
    as_json: AsJson = False,
) -> None:
    """责令重新答复: a new answer after a reconsideration or court decision corrected the
    request's decision (result corrected); chained to that decision."""
    body = _body(on, outcome, item, count, reasons, article, form, expected)
    _answer(ctx, ref, body, as_officer, letters, as_json, reanswering=True)


def letter(
    ctx: typer.Context,
    ref: Ref,
    out: Annotated[Path, typer.Option("--out", help="Directory to write the letters to.")],
    kind: Annotated[
        str | None, typer.Option(help=f"Only this letter: {' | '.join(KINDS)}.")
    ] = None,
    issue: Annotated[
        bool,
        typer.Option(
            "--issue",
            help="Record the letter of the latest --kind notice as issued (its PDF hash, "
            "signed by --as).",
        ),
    ] = False,
    as_officer: Annotated[
        str | None,
        typer.Option(
            "--as",
            help="Acting officer id: with --issue, and to open the sealed items a "
            "supplement letter prints (recorded as PersonalData.Opened).",
        ),
    ] = None,
    on: On = None,
) -> None:
    """Render a request's recorded letters again (HTML and PDF), checking each PDF
    against the SHA-256 recorded for it; print each file with its hash. With ``--issue``,
    record a notice's letter (supplement, extension, fee, consultation) first."""
    cli = state(ctx)
    with open_services(cli) as services:
        if issue:
            guard(cli, lambda: _issue(services.requests, ref, kind, as_officer, parse_date(on)))
            guard(cli, services.settle)
        rendered = guard(
            cli, lambda: reissue(services.requests, ref, kind, as_officer=as_officer, at=now())
        )
    for done in rendered:
        paths = guard(cli, lambda done=done: done.write(out))  # type: ignore[misc]
        typer.echo(f"{done.sha256}  {paths[1]}")
        typer.echo(f"{'':64}  {paths[0]}")


def _issue(
    requests: DisclosureRequests, ref: str, kind: str | None, as_officer: str | None, on: date
) -> None:
    if kind is None or as_officer is None:
        raise RuleViolation("FIELD_REQUIRED", "--issue needs --kind and --as", field="kind")
    requests.issue_letter(ref, as_officer, now(), kind=kind, on=on, letter=LetterPress())


def _body(
    on: str | None,
    outcome: str,
    item: list[str] | None,
    count: int | None,
    reasons: str | None,
    article: list[str] | None,
    form: str,
    expected: int | None,
) -> AnswerIn:
    day = parse_date(on)
    return command_input(
        lambda: AnswerIn(
            on=day,
            outcome=outcome,
            item_ids=item or [],
            items=count,
            delivery_form=form,
            reasons=reasons,
            articles=article or [],
            expected_version=expected,
        )
    )


def _answer(
    ctx: typer.Context,
    ref: str,
    body: AnswerIn,
    as_officer: str,
    letters: Path | None,
    as_json: bool,
    *,
    reanswering: bool,
) -> None:
    cli, press = state(ctx), LetterPress()
    command = commands.reanswer if reanswering else commands.answer
    with open_services(cli) as services:
        request = guard(
            cli, lambda: command(services.requests, ref, body, as_officer, now(), press)
        )
        guard(cli, services.settle)
        view = request_json(request, services.requests.calendar(), parse_date(None))
    written = [] if letters is None else guard(cli, lambda: press.write(letters))
    print_request(view, as_json)
    if not as_json:
        for path in written:
            typer.echo(f"  letter: {path}")


COMMANDS: tuple[tuple[str, Callable[..., None]], ...] = (
    ("answer", answer),
    ("reanswer", reanswer),
    ("letter", letter),
)
