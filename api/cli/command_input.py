"""A verb's options as its command's input model (``api.commands``): the model the HTTP
route parses, so both check the same fields. An option the model refuses is one line
naming the field, with the code the API gives it, like every other CLI error."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from api.cli.support import fail

M = TypeVar("M", bound=BaseModel)


def command_input(build: Callable[[], M]) -> M:
    """``build()``, or exit 1 with one line saying which fields are invalid and why."""
    try:
        return build()
    except ValidationError as exc:
        fail("VALIDATION_FAILED: " + "; ".join(_reason(e) for e in exc.errors()))


def _reason(error: ErrorDetails) -> str:
    field = ".".join(str(part) for part in error["loc"])
    return f"{field}: {error['msg']}" if field else error["msg"]
