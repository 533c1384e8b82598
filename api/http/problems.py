"""RFC 9457 problem details for every error, with a stable ``code``.

``STATUS`` is the one table from codes to HTTP statuses: for each family of errors, its
default status and the codes whose status differs. Raise sites name a code only
(``ApiError("ENTRY_NOT_FOUND", …)``, or a domain, ledger or verify error); routes
never build error responses themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.errors import ApiError
from api.http.deps import officer_before_body
from domain.errors import DomainError, NotFound
from ledger.errors import IntegrityFailure, LedgerError
from verify.errors import VerifyError

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("gongkai.api")

# The one table: family (most specific first) → (default status, {code: status}).
# A code is looked up in the first family the error belongs to, so one code may mean
# two things: CONTENT_NOT_STORED is 404 when the API has no bytes to serve, 422 when a
# command cites bytes never uploaded (a domain rule).
STATUS: Final[tuple[tuple[type[Exception], int, Mapping[str, int]], ...]] = (
    (
        ApiError,
        500,
        {
            "UNAUTHENTICATED": 401,
            "TOKEN_INVALID": 401,
            "ROLE_REQUIRED": 403,
            "ENTRY_NOT_FOUND": 404,
            "DOCUMENT_NOT_FOUND": 404,
            "PROOF_UNAVAILABLE": 404,
            "TILE_NOT_FOUND": 404,
            "CONTENT_NOT_FOUND": 404,
            "CONTENT_NOT_STORED": 404,
            "CONTENT_WITHDRAWN": 410,
            "TOO_LARGE": 413,
            "URI_TOO_LONG": 414,
            "HEADERS_TOO_LARGE": 431,
            "RATE_LIMITED": 429,
            "VALIDATION_FAILED": 422,
            "INVALID_HASH": 422,
            "INVALID_CHARACTER": 422,
            "CONTENT_EMPTY": 422,
            "INTERNAL_ERROR": 500,
            "NOT_READY": 503,
            "AGENCY_RETIRED": 409,
            "AGENCY_NOT_FOUND": 404,
        },
    ),
    (NotFound, 404, {}),
    (
        DomainError,  # every broken rule of the regulation is 422, except:
        422,
        {
            "ROLE_REQUIRED": 403,
            "OFFICER_INACTIVE": 403,
            "ITEM_NOT_FOUND": 404,
            "REQUEST_NOT_FOUND": 404,
        },
    ),
    (VerifyError, 422, {}),
    (
        LedgerError,
        400,
        {
            "KEY_REFUSED": 403,
            "STREAM_NOT_FOUND": 404,
            "PROOF_UNAVAILABLE": 404,
            "CONCURRENT_APPEND": 409,
            "INTEGRITY_FAILURE": 409,  # a stored entry is altered: not served, nothing on top
            "LEDGER_NOT_INITIALISED": 503,
            "READ_MODEL_BUSY": 503,  # the read models are catching up: retry shortly
        },
    ),
)


def status_of(error: Exception, code: str) -> int:
    """The HTTP status of ``error`` answering with ``code`` (500 for an unknown family)."""
    for family, default, statuses in STATUS:
        if isinstance(error, family):
            return statuses.get(code, default)
    return 500


def problem(code: str, detail: str, **extra: Any) -> JSONResponse:
    """The problem+json response for one of the API's own codes."""
    return _response(status_of(ApiError(code, detail), code), code, detail, extra)


def _response(status: int, code: str, detail: str, extra: Mapping[str, Any]) -> JSONResponse:
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


def _known(error: Exception) -> JSONResponse:
    code = str(getattr(error, "code", "ERROR"))
    evidence = {
        k: str(v) for k, v in getattr(error, "evidence", {}).items() if k not in ("applicant",)
    }
    detail = str(getattr(error, "message", error))
    return _response(status_of(error, code), code, detail, {"evidence": evidence})


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> JSONResponse:
        return problem(exc.code, exc.detail, **exc.extra)

    @app.exception_handler(IntegrityFailure)
    async def _integrity(request: Request, exc: IntegrityFailure) -> JSONResponse:
        # A stored entry failed its check on the way out (or under a write): the
        # server is degraded at once and the self-audit watches that entry.
        degrade = getattr(getattr(request.app.state, "services", None), "integrity_failed", None)
        if degrade is not None:
            degrade(exc)
        return _known(exc)

    @app.exception_handler(DomainError)
    @app.exception_handler(LedgerError)
    @app.exception_handler(VerifyError)
    async def _family(request: Request, exc: Exception) -> JSONResponse:
        return _known(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        if any(e.get("type") == "json_invalid" for e in exc.errors()):
            try:  # authentication comes before the body, even one that cannot be parsed
                await officer_before_body(request)
            except ApiError as refused:
                return problem(refused.code, refused.detail, **refused.extra)
            except DomainError as refused:  # an officer deactivated since the token
                return _known(refused)
        errors = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        return problem("VALIDATION_FAILED", "the request is not valid", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # Starlette's own answers (no route, wrong method) come with their status.
        code = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 413: "TOO_LARGE"}.get(
            exc.status_code, "HTTP_ERROR"
        )
        response = _response(exc.status_code, code, str(exc.detail), {})
        response.headers.update(exc.headers or {})  # e.g. Allow on 405 (RFC 9110 §15.5.6)
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem("INTERNAL_ERROR", "an unexpected error occurred; it was logged")
