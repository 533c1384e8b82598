"""Every error the ``api`` package defines, each with a stable ``code``.

- ``ApiError``: an answer of the HTTP API itself (no token, no such entry, a body too
  large), raised with its code only; ``api.http.problems`` holds the one table from
  codes to HTTP statuses and turns it into problem+json.
- Errors of the officers' views and tokens, in the family of the layer whose rule
  they apply (``DomainError``, ``NotFound``, ``LedgerError``), so that the CLI and
  the API treat them like their family.
- ``PageError``: a public page that cannot be shown, answered as an HTML error page.
- ``ServerFailed``: a ``gongkai serve`` child process that did not start.

Usage::

    raise ApiError("ENTRY_NOT_FOUND", f"no integrated entry at index {index}")
"""

from __future__ import annotations

from typing import Any

from domain.errors import DomainError, NotFound
from ledger.errors import LedgerError


class ApiError(Exception):
    """An answer of the HTTP API itself: a stable ``code``, a ``detail`` for people,
    and ``extra`` fields added to the problem (``limit`` of a body too large)."""

    def __init__(self, code: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.code, self.detail, self.extra = code, detail, extra


class TokenError(LedgerError):
    """A bearer token cannot be issued or revoked as asked."""

    code = "TOKEN_INVALID"


class AccountError(LedgerError):
    """A workbench account cannot be changed as asked (``PASSWORD_WEAK``, ``NO_ACCOUNT``)."""

    code = "ACCOUNT_INVALID"

    def __init__(self, message: str, *, code: str = "ACCOUNT_INVALID") -> None:
        super().__init__(message)
        self.code = code


class CursorInvalid(DomainError):
    """A register page's cursor is not a request number."""

    code = "CURSOR_INVALID"


class OfficerNotFound(NotFound):
    code = "OFFICER_NOT_FOUND"


class UnitNotFound(NotFound):
    code = "UNIT_NOT_FOUND"


class ReadModelBusy(LedgerError):
    """The read models kept moving while a consistent view was read: retry shortly."""

    code = "READ_MODEL_BUSY"


class PageError(Exception):
    """A page cannot be shown: the handler's way to answer 400/404/503 in HTML."""

    def __init__(self, status: int, title: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail


class ServerFailed(RuntimeError):
    """The server exited or did not become ready in time (its log tail attached)."""
