"""The date windows of the server, from its environment.

- ``GONGKAI_RECEIVED_ON_EARLIEST`` (default 2008-05-01, the regulation's first day in
  force): the earliest receipt (or confirmation) date a request may carry;
- ``GONGKAI_FORMED_ON_EARLIEST`` (default 1949-10-01): the earliest formation date of a
  drafted item;
- ``GONGKAI_DATE_AHEAD_DAYS`` (default 1): how many days after today (in China) either
  date may be.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from domain.date_window import FORMED_ON, RECEIVED_ON, DateWindow

RECEIVED_ENV = "GONGKAI_RECEIVED_ON_EARLIEST"
FORMED_ENV = "GONGKAI_FORMED_ON_EARLIEST"
AHEAD_ENV = "GONGKAI_DATE_AHEAD_DAYS"
MAX_AHEAD_DAYS = 3660


class DateWindowSettingError(ValueError):
    """A date-window variable that cannot be read; the message names it."""


def received_window(environ: Mapping[str, str] = os.environ) -> DateWindow:
    return _window(RECEIVED_ON, RECEIVED_ENV, environ)


def formed_window(environ: Mapping[str, str] = os.environ) -> DateWindow:
    return _window(FORMED_ON, FORMED_ENV, environ)


def _window(default: DateWindow, name: str, environ: Mapping[str, str]) -> DateWindow:
    window = default
    if environ.get(name):
        try:
            window = replace(window, earliest=date.fromisoformat(environ[name]))
        except ValueError:
            raise DateWindowSettingError(
                f"{name}={environ[name]!r} is not a date (YYYY-MM-DD)"
            ) from None
    if environ.get(AHEAD_ENV):
        text = environ[AHEAD_ENV]
        if not text.isascii() or not text.isdigit() or int(text) > MAX_AHEAD_DAYS:
            raise DateWindowSettingError(
                f"{AHEAD_ENV}={text!r} must be a whole number of days from 0 to {MAX_AHEAD_DAYS}"
            )
        window = replace(window, ahead_days=int(text))
    return window
