"""Make the OpenAPI document tell the truth about errors and authentication.

Every error the app sends is RFC 9457 problem+json with a stable ``code``, so every
operation documents ``default`` (and each error status it names, 422 included) as
``application/problem+json`` with the ``Problem`` schema instead of FastAPI's
``HTTPValidationError``. Operations outside the public part of the role matrix get
the bearer security scheme, 401 and 403, and ``x-roles`` listing who may call them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from fastapi import FastAPI

from api.http.problems import PROBLEM_JSON
from api.http.role_matrix import ANONYMOUS, allowed

PROBLEM_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "title": "Problem",
    "description": "RFC 9457 problem details with a stable machine-readable code.",
    "required": ["type", "title", "status", "code", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "code": {"type": "string", "pattern": "^[A-Z][A-Z0-9_]*$"},
        "detail": {"type": "string"},
    },
    "additionalProperties": True,
}
_REF: Final = {"$ref": "#/components/schemas/Problem"}
_METHODS: Final = ("get", "put", "post", "delete", "patch", "head", "options")
_DESCRIPTIONS: Final = {
    "401": "No valid officer bearer token (UNAUTHENTICATED, TOKEN_INVALID)",
    "403": "The officer lacks the role (ROLE_REQUIRED) or has left",
    "default": "Problem details (RFC 9457)",
}


def _problem_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM_JSON: {"schema": _REF}}}


def _document_operation(path: str, method: str, operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    for status, response in responses.items():
        if status == "default" or (status[:1] in "45" and status[1:].isdigit()):
            response["content"] = {PROBLEM_JSON: {"schema": _REF}}
    try:
        roles: frozenset[str] | None = allowed(method, path)
    except KeyError:
        roles = None
    if roles is not None and ANONYMOUS not in roles:
        operation["security"] = [{"bearerAuth": []}]
        operation["x-roles"] = sorted(roles)
        for status in ("401", "403"):
            responses.setdefault(status, _problem_response(_DESCRIPTIONS[status]))
    responses.setdefault("default", _problem_response(_DESCRIPTIONS["default"]))


def document_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Rewrite ``schema`` in place (and return it) as the module docstring says."""
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    components.setdefault("securitySchemes", {})["bearerAuth"] = {
        "type": "http",
        "scheme": "bearer",
        "description": "An officer token from `gongkai token issue` (stored hashed).",
    }
    for path, item in schema.get("paths", {}).items():
        for method in _METHODS:
            if method in item:
                _document_operation(path, method, item[method])
    for unused in ("HTTPValidationError", "ValidationError"):
        components["schemas"].pop(unused, None)
    return schema


def install(app: FastAPI) -> None:
    """Post-process the app's generated OpenAPI document (once per generation)."""
    generate: Callable[[], dict[str, Any]] = app.openapi
    documented: list[int] = []

    def openapi() -> dict[str, Any]:
        schema = generate()
        if id(schema) not in documented:
            document_problems(schema)
            documented[:] = [id(schema)]
        return schema

    setattr(app, "openapi", openapi)  # noqa: B010
