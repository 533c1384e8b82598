"""RFC 9457 problem details for every error, with a stable ``code``.

One table maps codes and error families to HTTP statuses; routes never build error
responses themselves.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from domain.errors import DomainError, NotFound, RoleRequired, RuleViolation
from ledger.errors import (
    ConcurrencyError,
    KeyRefused,
    LedgerError,
    NotInitialised,
    ProofUnavailable,
    StreamNotFound,
)
from verify.errors import VerifyError

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("gongkai.api")

_STATUS: list[tuple[type[Exception], int]] = [
    (NotFound, 404),
    (StreamNotFound, 404),
    (RoleRequired, 403),
    (KeyRefused, 403),
    (ConcurrencyError, 409),
    (ProofUnavailable, 404),
    (NotInitialised, 503),
    (RuleViolation, 422),
    (DomainError, 422),
    (VerifyError, 422),
    (LedgerError, 400),
]
_CODE_STATUS = {
    "ITEM_NOT_FOUND": 404,
    "REQUEST_NOT_FOUND": 404,
    "OFFICER_INACTIVE": 403,
    "READ_MODEL_BUSY": 503,  # the read models are catching up: retry shortly
}


class Problem(Exception):
    """An HTTP-level problem raised by the API layer itself."""

    def __init__(self, status: int, code: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.extra = status, code, detail, extra


def problem(status: int, code: str, detail: str, **extra: Any) -> JSONResponse:
    body = {
        "type": f"https://gongkai.example/problems/{code.lower().replace('_', '-')}",
        "title": code.replace("_", " ").capitalize(),
        "status": status,
        "code": code,
        "detail": detail,
        **extra,
    }
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _status_of(exc: Exception, code: str) -> int:
    if code in _CODE_STATUS:
        return _CODE_STATUS[code]
    for family, status in _STATUS:
        if isinstance(exc, family):
            return status
    return 500


def install(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem(exc.status, exc.code, exc.detail, **exc.extra)

    @app.exception_handler(DomainError)
    @app.exception_handler(LedgerError)
    @app.exception_handler(VerifyError)
    async def _known(request: Request, exc: Exception) -> JSONResponse:
        code = str(getattr(exc, "code", "ERROR"))
        evidence = {
            k: str(v) for k, v in getattr(exc, "evidence", {}).items() if k not in ("applicant",)
        }
        return problem(
            _status_of(exc, code), code, str(getattr(exc, "message", exc)), evidence=evidence
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        return problem(422, "VALIDATION_FAILED", "the request is not valid", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 413: "TOO_LARGE"}.get(
            exc.status_code, "HTTP_ERROR"
        )
        response = problem(exc.status_code, code, str(exc.detail))
        response.headers.update(exc.headers or {})  # e.g. Allow on 405 (RFC 9110 §15.5.6)
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem(500, "INTERNAL_ERROR", "an unexpected error occurred; it was logged")
