"""Officer free text that is published: checked for obvious personal identifiers.

Where a field is public (a reason the public and a court should read, such as the
reason of an extension), the officer confirms it holds no personal data and the text
is refused if it contains a resident ID number (18 characters with a valid GB 11643
check digit) or a mainland mobile number (11 digits, 1[3-9]…): ``PERSONAL_DATA_IN_PUBLIC_TEXT``.
Which fields are public and which sealed: docs/privacy-fields.md.

    check_public_text("需调取档案", "reason", confirmed=True)   # returns the text
"""

from __future__ import annotations

import re
import unicodedata

from domain.checks import check_text
from domain.errors import RuleViolation

_ID = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4}(?![0-9])")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_number_valid(text: str) -> bool:
    """An 18-character resident ID number whose last character is its check digit."""
    if len(text) != 18 or not text[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(text[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == text[17].upper()


def personal_identifiers(text: str) -> list[str]:
    """The kinds of identifier found in ``text``: "id_number", "mobile"."""
    plain = unicodedata.normalize("NFKC", text)  # full-width digits count too
    found = []
    if any(id_number_valid(m.group()) for m in _ID.finditer(plain)):
        found.append("id_number")
    if _MOBILE.search(plain):
        found.append("mobile")
    return found


def check_public_text(value: object, field: str, *, confirmed: bool) -> str:
    """A published free text: confirmed by the officer to hold no personal data
    (``PERSONAL_DATA_CONFIRMATION_REQUIRED``) and free of ID and mobile numbers
    (``PERSONAL_DATA_IN_PUBLIC_TEXT``)."""
    text = check_text(value, field)
    if not confirmed:
        raise RuleViolation(
            "PERSONAL_DATA_CONFIRMATION_REQUIRED",
            f"{field} is published: confirm it holds no personal data "
            "(--confirm-no-personal-data, or no_personal_data: true)",
            field=field,
        )
    kinds = personal_identifiers(text)
    if kinds:
        raise RuleViolation(
            "PERSONAL_DATA_IN_PUBLIC_TEXT",
            f"{field} is published but holds what looks like a {kinds[0].replace('_', ' ')}: "
            "remove it",
            field=field,
            found=kinds,
        )
    return text
