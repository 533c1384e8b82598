"""The server's clock, read in one place for the CLI, the HTTP routes and the views.

Commands are signed at ``now()`` (UTC); the statutory days are counted on ``today()``,
the calendar day in China. The domain never reads the clock: these values are passed in.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from domain.disclosure_request.view import local_date


def now() -> datetime:
    """The current instant, in UTC."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date in China (where the statutory days are counted)."""
    return local_date(now())
