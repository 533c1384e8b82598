"""Guards shared by the aggregates: each returns the JSON value to record or raises
RuleViolation with a stable code, before anything is recorded."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from datetime import date, datetime
from typing import Final

from domain.errors import RuleViolation
from verify.hashes import is_sha256_hex


def check_sha256(value: object, field: str = "content_sha256") -> str:
    """A SHA-256 as 64 lowercase hex characters (``INVALID_HASH``)."""
    if not isinstance(value, str) or not is_sha256_hex(value):
        raise RuleViolation(
            "INVALID_HASH",
            f"{field} must be a SHA-256 in 64 lowercase hex characters",
            field=field,
            value=repr(value),
        )
    return value


# Characters that reorder how text is shown (Unicode bidi embeddings, overrides,
# isolates and marks): "公开.pdf" can be made to display as something else. No officer
# text in Chinese needs them.
BIDI_CONTROLS: Final = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Categories that show nothing: format characters (U+200B, U+2060, U+FEFF …), controls,
# separators, and unassigned code points.
_INVISIBLE_CATEGORIES: Final = frozenset({"Cf", "Cc", "Cn", "Zs", "Zl", "Zp", "Co", "Cs"})


def check_text(value: object, field: str) -> str:
    """A non-blank string (``FIELD_REQUIRED``) that shows what it holds: no bidi control
    characters (``TEXT_BIDI_CONTROL``) and not made of invisible characters only
    (``TEXT_INVISIBLE``)."""
    if not isinstance(value, str) or not value.strip():
        raise RuleViolation("FIELD_REQUIRED", f"{field} must be a non-blank text", field=field)
    for position, char in enumerate(value):
        if char in BIDI_CONTROLS:
            raise RuleViolation(
                "TEXT_BIDI_CONTROL",
                f"{field} holds the bidi control character U+{ord(char):04X} at position "
                f"{position}; remove it",
                field=field,
                character=f"U+{ord(char):04X}",
                position=position,
            )
    if all(unicodedata.category(char) in _INVISIBLE_CATEGORIES for char in value):
        raise RuleViolation(
            "TEXT_INVISIBLE", f"{field} holds only invisible characters", field=field
        )
    return value


def check_optional_text(value: object, field: str) -> str | None:
    """None, or a non-blank string (``FIELD_REQUIRED``)."""
    return None if value is None else check_text(value, field)


def check_date(value: object, field: str) -> str:
    """A calendar date (not a datetime), recorded as ``YYYY-MM-DD`` (``INVALID_DATE``)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise RuleViolation("INVALID_DATE", f"{field} must be a date", field=field)
    return value.isoformat()


def check_not_before(value: date, earliest: date, field: str) -> None:
    """``value`` is on or after ``earliest`` (``INVALID_DATE``)."""
    if value < earliest:
        raise RuleViolation(
            "INVALID_DATE",
            f"{field} {value} is before {earliest}",
            field=field,
            value=value.isoformat(),
            earliest=earliest.isoformat(),
        )


def check_choice(value: object, choices: Collection[str], code: str, field: str) -> str:
    """One of ``choices`` (``code``)."""
    if not isinstance(value, str) or value not in choices:
        raise RuleViolation(
            code,
            f"{field} must be one of {sorted(choices)}",
            field=field,
            value=repr(value),
        )
    return value
