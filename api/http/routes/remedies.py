"""行政复议 and 行政诉讼 not tied to a request (Art. 51): a case about proactive disclosure
or brought by a third party against a disclosure, filed and decided by a request
handler; Table 4 of the annual report counts them with the requests' remedies."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, status

from api.clock import now
from api.commands import remedies
from api.http.deps import ServicesDep, require_role
from domain.aggregate import Actor

router = APIRouter(prefix="/v1/remedies", tags=["remedies (officers)"])
HandlerDep = Annotated[Actor, require_role("request_handler")]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Record a reconsideration or lawsuit not tied to a request (Art. 51)",
)
def file_case(body: remedies.CaseIn, actor: HandlerDep, services: ServicesDep) -> dict[str, Any]:
    result = remedies.file_case(services, body, actor.officer_id, now())
    services.wrote()
    return result


@router.post("/{reference}/decision", summary="The case's decision or judgment")
def decide_case(
    reference: str, body: remedies.CaseDecisionIn, actor: HandlerDep, services: ServicesDep
) -> dict[str, Any]:
    result = remedies.decide_case(services, reference, body, actor.officer_id, now())
    services.wrote()
    return result
