"""What every ``gongkai`` command shares: the data directory, opening the ledger,
and turning errors into one clear line (tracebacks only with ``--debug``)."""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import typer

from api.clock import now as now  # re-exported: every verb signs at the one clock
from api.clock import today
from api.services import Services
from domain.errors import DomainError
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from verify.errors import VerifyError

DATA_ENV = "GONGKAI_DATA"
T = TypeVar("T")


@dataclass
class CliState:
    data: Path
    debug: bool

    @contextmanager
    def ledger(self) -> Iterator[Ledger]:
        ledger = guard(self, lambda: Ledger.open(self.data))
        try:
            yield ledger
        finally:
            ledger.close()


@contextmanager
def open_services(cli: CliState) -> Iterator[Services]:
    services = guard(cli, lambda: Services.open(cli.data))
    try:
        yield services
    finally:
        services.close()


def state(ctx: typer.Context) -> CliState:
    obj = ctx.find_root().obj
    if not isinstance(obj, CliState):
        obj = CliState(Path(os.environ.get(DATA_ENV, "var")), False)
    return obj


def parse_date(value: str | None, option: str | None = None, code: int = 1) -> date:
    """A ``YYYY-MM-DD`` option's value (none: today in China); exits ``code`` with one
    INVALID_DATE line naming the option otherwise."""
    if value is None:
        return today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        named = "" if option is None else f"{option} "
        fail(f"INVALID_DATE: {named}{value!r} is not a date (YYYY-MM-DD)", code)


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def guard(cli: CliState, action: Callable[[], T]) -> T:
    """Run ``action``; print known errors as one line and exit 1."""
    try:
        return action()
    except (LedgerError, DomainError, VerifyError) as exc:
        if cli.debug:
            traceback.print_exc()
        fail(f"{exc.code}: {exc.message}")
    except OSError as exc:
        if cli.debug:
            traceback.print_exc()
        fail(f"{exc.strerror or exc}: {getattr(exc, 'filename', '') or ''}".rstrip(": "))
    except Exception as exc:  # a database that cannot be reached, and the like
        if cli.debug:
            raise
        fail(f"{type(exc).__name__}: {exc} (run with --debug for details)")


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")
