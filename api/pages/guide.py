"""政府信息公开指南 — the disclosure guide, generated from the latest signed version of
the office's recorded settings (``gongkai guide publish``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.http.deps import ServicesDep
from api.pages import _queries
from api.pages._render import page, render
from domain.office.guide import FIELDS

router = APIRouter()


@router.get("/guide", response_class=HTMLResponse)
@page
def guide(request: Request, services: ServicesDep) -> HTMLResponse:
    site = _queries.site(services)
    settings = dict.fromkeys(FIELDS, "")
    version = 0
    if site.initialised:
        agency = services.office.agency()
        settings, version = settings | dict(agency.guide), agency.guide_version
    context = {"site": site, "g": settings, "version": version}
    return render(request, "guide.html", context)
