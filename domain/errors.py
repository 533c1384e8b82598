"""Domain errors: every broken rule of the regulation has a stable ``code``.

Tests, the CLI and the API match on ``code``, never on the message. The families:

- ``RuleViolation``: a command broke a rule; the code names the rule (``SELF_APPROVAL``,
  ``EXTENSION_ALREADY_GRANTED`` …), the evidence says what was found.
- ``RoleRequired``: the officer lacks the role the command needs.
- ``NotFound``: what the command names is not in the ledger (``ItemNotFound``,
  ``RequestNotFound``, ``NothingToReplay``).
- ``CalendarError``, ``FeeError``, ``ReportCrossCheckFailed``: inputs that cannot be right.

    try:
        requests.extend(ref, officer, at, on=day, days=10, reason="…")
    except DomainError as refused:
        print(refused.code, refused.evidence)
"""

from __future__ import annotations

__all__ = [
    "CalendarError",
    "DomainError",
    "FeeError",
    "ItemNotFound",
    "NotFound",
    "NothingToReplay",
    "ReportCrossCheckFailed",
    "RequestNotFound",
    "RoleRequired",
    "RuleViolation",
]


class DomainError(Exception):
    """Base of every domain error. Tests and the API match on ``code``."""

    code: str = "DOMAIN_ERROR"

    def __init__(self, message: str, **evidence: object) -> None:
        super().__init__(message)
        self.message = message
        self.evidence = evidence


class RuleViolation(DomainError):
    """A command broke a rule; ``code`` names the rule (e.g. ``SELF_APPROVAL``)."""

    def __init__(self, code: str, message: str, **evidence: object) -> None:
        super().__init__(message, **evidence)
        self.code = code


class RoleRequired(DomainError):
    """The acting officer does not hold the role the command requires."""

    code = "ROLE_REQUIRED"

    def __init__(self, message: str, *, officer: str, role: str) -> None:
        super().__init__(message, officer=officer, role=role)
        self.officer = officer
        self.role = role


class NotFound(DomainError):
    """A stream the command names has no entries."""

    code = "NOT_FOUND"


class ItemNotFound(NotFound):
    """No information item (政府信息) with this id."""

    code = "ITEM_NOT_FOUND"

    def __init__(self, message: str, *, item: str) -> None:
        super().__init__(message, item=item)
        self.item = item


class RequestNotFound(NotFound):
    """No disclosure request (政府信息公开申请) with this number or id."""

    code = "REQUEST_NOT_FOUND"

    def __init__(self, message: str, *, request: str) -> None:
        super().__init__(message, request=request)
        self.request = request


class NothingToReplay(NotFound):
    """The stream has no entry at or before the log index asked for."""

    code = "STREAM_NOT_FOUND"

    def __init__(self, message: str, *, stream: str, as_of: int | None) -> None:
        super().__init__(message, stream=stream, as_of=as_of)
        self.stream = stream
        self.as_of = as_of


class CalendarError(DomainError):
    """A working-day calendar (工作日) that cannot be right: a date outside its year,
    a day both a holiday and a make-up working day, or malformed ledger data."""

    code = "CALENDAR_INVALID"


class FeeError(DomainError):
    """A fee asked for a negative number of items or pages."""

    code = "FEE_INVALID"


class ReportCrossCheckFailed(DomainError):
    """A cross-check of Table 3 (or a total) does not hold: the report is not published."""

    code = "REPORT_CROSS_CHECK_FAILED"
