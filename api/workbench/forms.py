"""From a posted form to a command's one input model, and from an error to the message
shown next to its field.

A form's text fields are given to the model as they are; the model (``api.commands``)
and then the domain refuse what is wrong, each with its own code. Nothing here decides
a rule: it only says where on the page a refusal is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from api.workbench.auth import fields
from domain.errors import DomainError
from ledger.errors import ConcurrencyError, LedgerError

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
GENERAL = "_form"  # errors that belong to the form as a whole
# The field a refusal is about, where the code says it (the rest go above the form).
FIELD_OF_CODE = {
    "INVALID_CATEGORY": "category",
    "INVALID_ATTRIBUTE": "attribute",
    "INVALID_SECRECY_RESULT": "result",
    "REDACTED_HASH_REQUIRED": "redacted_sha256",
    "LEGAL_BASIS_REQUIRED": "legal_basis",
    "INVALID_DATE": "on",
    "DATE_IN_FUTURE": "on",
    "OUTCOME_UNKNOWN": "outcome",
    "INVALID_WITHDRAWAL_REASON": "reason",
    "INVALID_GROUND": "ground",
    "REASONS_REQUIRED": "reasons",
    "ARTICLE_UNKNOWN": "articles",
    "CONTENT_REQUIRED": "item_ids",
    "CONTENT_NOT_ALLOWED": "item_ids",
    "DATE_OUT_OF_RANGE": "on",
    "PERSONAL_DATA_CONFIRMATION_REQUIRED": "no_personal_data",
    "PERSONAL_DATA_IN_PUBLIC_TEXT": "reason",
}


class FormInvalid(Exception):
    """A form was refused; ``errors`` maps field names (or ``GENERAL``) to messages."""

    def __init__(self, errors: dict[str, str], status: int = 422) -> None:
        super().__init__(errors)
        self.errors, self.status = errors, status


def model_of(model: type[M], form: FormData, **extra: Any) -> M:
    """The model from the form's filled-in fields (and ``extra``); FormInvalid otherwise."""
    try:
        return model(**{**fields(form, *model.model_fields), **extra})
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for problem in exc.errors():
            name = str(problem["loc"][0]) if problem["loc"] else GENERAL
            errors.setdefault(name, f"{_missing(problem)}{problem['msg']}")
        raise FormInvalid(errors) from None


def _missing(problem: Any) -> str:
    return "必填 Required. " if problem.get("type") == "missing" else ""


def refusal(exc: DomainError | LedgerError) -> FormInvalid:
    """A domain or ledger refusal as a form error, with its code, next to its field."""
    if isinstance(exc, ConcurrencyError):
        message = (
            "此记录已被更新（可能是重复提交），请查看最新状态。 "
            "This record moved on since the page was shown (perhaps a double submit)."
        )
        return FormInvalid({GENERAL: f"{exc.code}: {message}"}, 409)
    named = exc.evidence.get("field")
    field = str(named) if isinstance(named, str) else FIELD_OF_CODE.get(exc.code, GENERAL)
    return FormInvalid({field: f"{exc.code}: {exc.message}"})


def attempt(action: Callable[[], T]) -> T:
    """Run a command; its refusal comes back as FormInvalid."""
    try:
        return action()
    except (DomainError, LedgerError) as exc:
        raise refusal(exc) from None
