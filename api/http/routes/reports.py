"""The annual report (政府信息公开工作年度报告): public reads in JSON, CSV or printable
HTML or PDF; the narrative sections drafted (drafter) and approved (office head); its
publication as a ledger event by the office head."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response, status
from fastapi.responses import HTMLResponse, PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field

from api.clock import now
from api.commands import reports
from api.http.deps import ServicesDep, require_role
from api.pages.report_html import render
from api.views import report_sections
from api.views.inspection import Inspection
from domain.aggregate import Actor
from domain.reporting import tables as layout

router = APIRouter(prefix="/v1/reports", tags=["reports (public)"])
Year = Annotated[int, Path(ge=2000, le=2999, description="The report year.")]
OfficeHeadDep = Annotated[Actor, require_role("office_head")]


_TEXT = {"schema": {"type": "string"}}


@router.get(
    "/annual/{year}",
    summary="Tables 2–4 of the year's annual report, with cross-checks and checkpoint",
    response_model=None,
    responses={
        200: {
            "description": "JSON (default), CSV (?format=csv), printable HTML (?format=html) "
            "or the whole report as PDF (?format=pdf)",
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "text/csv": _TEXT,
                "text/html": _TEXT,
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
)
def annual_report(
    year: Year,
    services: ServicesDep,
    format: Annotated[Literal["json", "csv", "html", "pdf"], Query()] = "json",
    table: Annotated[int | None, Query(ge=2, le=4, description="Only table N.")] = None,
) -> dict[str, Any] | Response:
    view = Inspection(services).annual_report(year)
    if format == "pdf":
        from api.report_pdf import render_pdf

        return Response(render_pdf(view.to_json()), media_type="application/pdf")
    if format == "html":
        return HTMLResponse(render(view, table))
    if format == "csv":
        return PlainTextResponse(
            layout.to_csv(view.report.tables(table)), media_type="text/csv; charset=utf-8"
        )
    body = view.to_json()
    if table is not None:
        body["tables"] = [t.to_json() for t in view.report.tables(table)]
    return body


@router.post(
    "/annual/{year}/statistics",
    status_code=status.HTTP_201_CREATED,
    summary="Record a Table 2 figure a responsible unit reported (office head)",
)
def record_statistic(
    year: Year, body: reports.StatisticIn, services: ServicesDep, head: OfficeHeadDep
) -> dict[str, Any]:
    result = reports.record_statistic(services, year, body, head.officer_id, now())
    services.wrote()
    return result


@router.post(
    "/annual/{year}/publish",
    status_code=status.HTTP_201_CREATED,
    summary="Publish the year's report as AnnualReport.Published (office head)",
)
def publish(year: Year, services: ServicesDep, head: OfficeHeadDep) -> dict[str, Any]:
    result = reports.publish(services, year, head.officer_id, now())
    services.wrote()
    return result


DrafterDep = Annotated[Actor, require_role("drafter")]
Section = Annotated[int, Path(description="1 (总体情况), 5 (问题及改进) or 6 (其他事项).")]


class NarrativeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="The section's text, as the office writes it.")


class ApprovalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sha256: str = Field(description="The SHA-256 of the draft the office head read.")


@router.post(
    "/annual/{year}/narratives/{section}",
    status_code=status.HTTP_201_CREATED,
    summary="Draft a narrative section of the year's report (drafter)",
)
def draft_narrative(
    year: Year, section: Section, body: NarrativeIn, services: ServicesDep, who: DrafterDep
) -> dict[str, Any]:
    result = report_sections.draft(services, year, section, body.text, who.officer_id, now())
    services.wrote()
    return result


@router.post(
    "/annual/{year}/narratives/{section}/approve",
    status_code=status.HTTP_201_CREATED,
    summary="Approve the current draft of a narrative section by its hash (office head)",
)
def approve_narrative(
    year: Year, section: Section, body: ApprovalIn, services: ServicesDep, head: OfficeHeadDep
) -> dict[str, Any]:
    result = report_sections.approve(services, year, section, body.sha256, head.officer_id, now())
    services.wrote()
    return result
