"""负责人工作台 — the office head's desk: requests at risk (extensions are granted on
the request's own page, Art. 33), the annual report's publication (Arts. 49–50) and
the recorded calendar years the deadlines are counted on."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from api.clock import today
from api.commands import reports
from api.views import requests as views
from api.workbench._render import render, see_other, workbench_page
from api.workbench.auth import Desk, desk, form_of, now, text
from api.workbench.forms import FormInvalid, attempt

router = APIRouter()


def _context(at_desk: Desk) -> dict[str, Any]:
    services = at_desk.services
    rows, _, total = views.inbox_page(services, limit=20)
    years = services.office.calendar().years
    return {
        "rows": [row for row in rows if row["overdue"] or row["at_risk"]],
        "total": total,
        "years": [
            {"year": y.year, "holidays": len(y.holidays), "workdays": len(y.workdays)}
            for y in years
        ],
        "report_year": today().year - 1,
    }


async def _page(request: Request, at_desk: Desk, errors: dict[str, str], status: int) -> Response:
    context = await run_in_threadpool(_context, at_desk)
    done = request.query_params.get("done", "")
    return render(
        request, "office_desk.html", at_desk, {**context, "errors": errors, "done": done}, status
    )


@router.get("/workbench/office")
@workbench_page
async def office(request: Request) -> Response:
    return await _page(request, await desk(request, "office_head"), {}, 200)


@router.post("/workbench/office/report")
@workbench_page
async def publish_report(request: Request) -> Response:
    at_desk = await desk(request, "office_head")
    form = await form_of(request, at_desk)
    year_text = text(form, "year") or ""
    try:
        if not year_text.isdigit():
            raise FormInvalid({"year": "INVALID_YEAR: 年份为四位数字。 A year has four digits."})
        year = int(year_text)

        def run() -> None:
            services = at_desk.services
            services.settle()  # the report is computed on everything committed so far
            attempt(lambda: reports.publish(services, year, at_desk.officer, now()))
            services.wrote()

        await run_in_threadpool(run)
    except FormInvalid as exc:
        errors = {f"report.{key}": value for key, value in exc.errors.items()}
        return await _page(request, at_desk, errors, exc.status)
    return see_other(f"/workbench/office?done=report-{year}")
