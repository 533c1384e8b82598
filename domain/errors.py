"""Domain errors: every broken rule of the regulation has a stable ``code``."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every domain error. Tests and the API match on ``code``."""

    code: str = "DOMAIN_ERROR"

    def __init__(self, message: str, **evidence: object) -> None:
        super().__init__(message)
        self.message = message
        self.evidence = evidence


class CalendarError(DomainError):
    """A working-day calendar (工作日) that cannot be right: a date outside its year,
    a day both a holiday and a make-up working day, or malformed ledger data."""

    code = "CALENDAR_INVALID"
