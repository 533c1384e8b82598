"""The domain's vocabularies and formats, written into the OpenAPI document.

A field typed ``one_of(...)`` shows its allowed values as a JSON Schema ``enum``, and a
``Sha256`` field its pattern, so a client generated from the schema (or schemathesis)
sends only what the domain takes. The check itself stays the domain's: a value outside
the list is still refused with the domain's own code (``INVALID_CATEGORY``,
``OUTCOME_UNKNOWN``, ``INVALID_HASH``…), not a generic validation error.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from pydantic import Field, WithJsonSchema

from domain.disclosure_request import rules as requests
from domain.disclosure_request.outcomes import OUTCOME_CODES
from domain.information_item import rules as items
from verify.hashes import SHA256_HEX_PATTERN

SHA256_PATTERN = SHA256_HEX_PATTERN
NO_NUL = r"^[^\x00]*$"  # no database text type can hold one


def one_of(values: Iterable[str]) -> WithJsonSchema:
    """The schema of a string that is one of ``values``, in the domain's order."""
    return WithJsonSchema({"type": "string", "enum": list(values)})


def _slugs(choices: Iterable[items.Choice]) -> list[str]:
    return [choice.slug for choice in choices]


Text = Annotated[str, Field(pattern=NO_NUL)]
Sha256 = Annotated[
    Text, WithJsonSchema({"type": "string", "pattern": SHA256_PATTERN, "description": "SHA-256"})
]
Category = Annotated[Text, one_of(_slugs(items.CATEGORIES))]
Attribute = Annotated[Text, one_of(_slugs(items.ATTRIBUTES))]
SecrecyResult = Annotated[Text, one_of(_slugs(items.SECRECY_RESULTS))]
WithdrawalReason = Annotated[Text, one_of(_slugs(items.WITHDRAWAL_REASONS))]
NonDisclosureGround = Annotated[Text, one_of(_slugs(items.NON_DISCLOSURE_GROUNDS))]
Channel = Annotated[Text, one_of(requests.CHANNELS)]
ApplicantType = Annotated[Text, one_of(requests.APPLICANT_TYPES)]
ConsultationParty = Annotated[Text, one_of(requests.CONSULTATION_PARTIES)]
FeeMethod = Annotated[Text, one_of(requests.FEE_METHODS)]
Outcome = Annotated[Text, one_of(OUTCOME_CODES)]
RemedyResult = Annotated[Text, one_of(requests.REMEDY_RESULTS)]
