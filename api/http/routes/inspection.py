"""Inspection (纪检监察, 考核与责任追究): decision replay and officer and unit
accountability. Inspector role only; everything is read through ``Inspection``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.http.deps import ServicesDep, require_role
from api.views.inspection import Inspection, page_of_actions
from domain.aggregate import Actor

router = APIRouter(prefix="/v1", tags=["inspection (inspector)"])
InspectorDep = Annotated[Actor, require_role("inspector")]
FromQuery = Annotated[
    date | None, Query(alias="from", description="First day (China Standard Time).")
]
ToQuery = Annotated[date | None, Query(alias="to", description="Last day (China Standard Time).")]
CursorQuery = Annotated[
    int | None, Query(ge=0, le=2**53, description="next_cursor of the page before.")
]
LimitQuery = Annotated[int, Query(ge=1, le=5000, description="Actions per page.")]


@router.get(
    "/streams/{stream_id}/history",
    summary="Replay one item or request: every entry with state, deadline and verification",
)
def history(
    stream_id: str,
    services: ServicesDep,
    inspector: InspectorDep,
    as_of: Annotated[int | None, Query(ge=0, description="Log index: the state then.")] = None,
) -> dict[str, Any]:
    return Inspection(services).history(stream_id, as_of)


@router.get(
    "/accountability/officers/{officer_id}",
    summary="Every action of one officer in the period, with findings citing their entries",
)
def officer_accountability(
    officer_id: str,
    services: ServicesDep,
    inspector: InspectorDep,
    start: FromQuery = None,
    end: ToQuery = None,
    cursor: CursorQuery = None,
    limit: LimitQuery = 1000,
) -> dict[str, Any]:
    record = Inspection(services).officer_record(officer_id, start, end).to_json()
    return page_of_actions(record, cursor, limit)


@router.get(
    "/accountability/units/{unit}",
    summary="The accountability records of every officer of one unit in the period",
    description="Members' counts and every finding come whole; the members' actions "
    "come a page at a time in log order (pass `next_cursor` as `cursor`).",
)
def unit_accountability(
    unit: str,
    services: ServicesDep,
    inspector: InspectorDep,
    start: FromQuery = None,
    end: ToQuery = None,
    cursor: CursorQuery = None,
    limit: LimitQuery = 1000,
) -> dict[str, Any]:
    return page_of_actions(Inspection(services).unit_record(unit, start, end), cursor, limit)
