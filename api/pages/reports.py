"""政府信息公开工作年度报告 — the annual reports: Tables 2–4 as the ledger's read models
give them at a signed checkpoint, their cross-checks and their publication entries."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.http.deps import ServicesDep
from api.pages import _queries
from api.pages._render import not_found, page, render
from api.views.inspection import Inspection
from domain.disclosure_request.outcomes import OUTCOMES
from domain.reporting import tables as layout

router = APIRouter()


@router.get("/reports", response_class=HTMLResponse)
@page
def reports(request: Request, services: ServicesDep) -> HTMLResponse:
    context = {"site": _queries.site(services), "years": _queries.ledger_years(services)}
    return render(request, "reports.html", context)


@router.get("/reports/{year:path}", response_class=HTMLResponse)
@page
def report(request: Request, year: str, services: ServicesDep) -> HTMLResponse:
    if not (re.fullmatch(r"[0-9]{4}", year) and int(year) in _queries.ledger_years(services)):
        raise not_found("没有这一年度的报告 No annual report for this year.")
    view = Inspection(services).annual_report(int(year))
    context = {
        "site": _queries.site(services),
        "year": int(year),
        "view": view,
        "checks": view.report.cross_checks(),
        "results_heading": layout.RESULTS,
        "first_result": OUTCOMES[0].row,
    }
    return render(request, "report.html", context)
