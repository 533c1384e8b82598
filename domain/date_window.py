"""Sanity windows for the dates an officer types: a receipt date or a formation date
outside its window is a typing error, refused before anything is recorded
(``DATE_OUT_OF_RANGE``), not a request numbered ``9999-0001``.

    RECEIVED_ON.check(date(9999, 12, 1), "received_on", today=date(2026, 12, 6))
    # RuleViolation DATE_OUT_OF_RANGE: received_on 9999-12-01 is outside 2008-05-01 … 2026-12-07
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from domain.errors import RuleViolation

# The first day the regulation was in force (国务院令第492号, 2008-05-01): no request
# under it was received before.
REGULATION_IN_FORCE: Final = date(2008, 5, 1)
# Documents of the People's Republic: none was formed before its founding.
FOUNDING: Final = date(1949, 10, 1)


@dataclass(frozen=True)
class DateWindow:
    """Dates from ``earliest`` to ``ahead_days`` after today (a day of slack covers an
    officer whose clock or time zone is a day ahead of the server's)."""

    earliest: date
    ahead_days: int = 1

    def latest(self, today: date) -> date:
        return today + timedelta(days=self.ahead_days)

    def check(self, value: date, field: str, *, today: date) -> None:
        """Raise ``DATE_OUT_OF_RANGE`` naming the field and the window."""
        latest = self.latest(today)
        if not self.earliest <= value <= latest:
            raise RuleViolation(
                "DATE_OUT_OF_RANGE",
                f"{field} {value.isoformat()} is outside {self.earliest.isoformat()} … "
                f"{latest.isoformat()}",
                field=field,
                value=value.isoformat(),
                earliest=self.earliest.isoformat(),
                latest=latest.isoformat(),
            )


RECEIVED_ON: Final = DateWindow(REGULATION_IN_FORCE)
FORMED_ON: Final = DateWindow(FOUNDING)
