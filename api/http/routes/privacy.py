"""An officer's view of a request's personal data over HTTP, on the record.

``POST /v1/requests/{ref}/personal-data`` appends a signed ``PersonalData.Opened`` entry
(who, whose record, which fields, purpose and legal basis) and only then answers with
the sealed values (``〔已删除 erased〕`` where the retention period ended). It is a POST
because every call writes an entry; request handlers, office heads and inspectors may
call it (``domain.privacy.record.OPENING_ROLES``). docs/privacy.md.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from api.clock import now
from api.http.deps import OfficerDep, ServicesDep
from domain.aggregate import Actor
from domain.errors import RoleRequired
from domain.privacy.record import OPENING_ROLES, PURPOSES
from domain.privacy.service import PersonalData

router = APIRouter(prefix="/v1/requests", tags=["personal data (个人信息)"])


def _opener(actor: OfficerDep) -> Actor:
    if not actor.roles & OPENING_ROLES:
        raise RoleRequired(
            f"officer {actor.officer_id} may not open personal data",
            officer=actor.officer_id,
            role="request_handler",
        )
    return actor


OpenerDep = Annotated[Actor, Depends(_opener)]


class OpenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    purpose: Annotated[str, WithJsonSchema({"type": "string", "enum": list(PURPOSES)})] = Field(
        "handling", description="Why the data is opened; recorded with its legal basis."
    )


class OpenedFieldOut(BaseModel):
    seq: int
    type: str
    field: str
    value: Any = Field(description="The sealed value, or 〔已删除 erased〕 after retention.")
    erased: bool


class OpenedOut(BaseModel):
    number: str | None
    opened: str = Field(description="Leaf hash of the PersonalData.Opened entry.")
    fields: list[OpenedFieldOut]
    other_requests: list[str] = Field(
        description="The same applicant's other requests (private index), e.g. for 重复申请."
    )


@router.post(
    "/{ref}/personal-data",
    summary="Open the applicant's details (recorded as PersonalData.Opened first)",
)
def open_personal_data(
    ref: str, body: OpenIn, actor: OpenerDep, services: ServicesDep
) -> OpenedOut:
    opening = PersonalData(services.office, services.requests).open_request(
        ref, actor.officer_id, now(), purpose=body.purpose, scope="officer_view"
    )
    services.wrote()
    return OpenedOut(
        number=opening.number,
        opened=opening.opened_leaf,
        fields=[OpenedFieldOut(**f.to_json()) for f in opening.fields],
        other_requests=opening.other_requests,
    )
