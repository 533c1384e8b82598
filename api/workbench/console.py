"""监督检查台 — the inspectors' console, read only: find a decision (an item, a request
number, an officer, a date range), replay it as a timeline as of any moment, pull an
officer's or a unit's accountability record, and download the evidence bundle.

Every read goes through ``api.views.inspection.Inspection`` (as ``gongkai history`` and
``/v1/streams/{id}/history``) and the bundle through ``ledger.bundle.write_bundle`` (as
``gongkai bundle``). The console has no form that writes: only GET routes.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from api.errors import PageError
from api.services import Services
from api.views.inspection import Inspection
from api.workbench._render import render, see_other, workbench_page
from api.workbench.auth import desk, now
from domain.errors import DomainError, NotFound
from ledger.bundle import Selection, write_bundle
from ledger.errors import LedgerError
from projections import catalogue_queries as cq

router = APIRouter()
ACTIONS_SHOWN = 200  # an officer's actions listed on the page (findings come whole)


def _date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PageError(400, "请求有误 Bad request", f"{name}: 日期格式 YYYY-MM-DD") from None


def _find(services: Services, params: dict[str, str]) -> dict[str, Any]:
    """What the search form found: items by title or number, a request by its number."""
    found: dict[str, Any] = {"items": [], "request": None}
    if params.get("item"):
        with services.ledger.backend.transaction() as cur:
            found["items"] = cq.officer_page(cur, q=params["item"], limit=20).rows
    if params.get("request"):
        try:
            found["request"] = services.requests.get(params["request"])
        except DomainError:
            found["request_missing"] = params["request"]
    return found


@router.get("/workbench/inspect")
@workbench_page
async def console(request: Request) -> Response:
    at_desk = await desk(request, "inspector")
    params = {k: v.strip() for k, v in request.query_params.items() if v.strip()}
    found = await run_in_threadpool(_find, at_desk.services, params)
    return render(request, "console.html", at_desk, {"params": params, "found": found})


@router.get("/workbench/inspect/streams/{stream}")
@workbench_page
async def timeline(request: Request, stream: str) -> Response:
    at_desk = await desk(request, "inspector")
    as_of_text = request.query_params.get("as_of") or ""
    as_of = int(as_of_text) if as_of_text.isdigit() else None

    def read() -> dict[str, Any]:
        inspection = Inspection(at_desk.services)
        try:
            whole = inspection.history(stream)
            shown = whole if as_of is None else inspection.history(stream, as_of)
        except (DomainError, LedgerError):
            missing = f"没有这个记录流 No stream {stream[:60]}"
            raise PageError(404, "未找到 Not found", missing) from None
        return {"whole": whole, "shown": shown, "as_of": as_of, "stream": stream}

    return render(request, "timeline.html", at_desk, await run_in_threadpool(read))


@router.get("/workbench/inspect/record")
@workbench_page
async def find_record(request: Request) -> Response:
    """The record form's answer: the officer's record, or else the unit's."""
    await desk(request, "inspector")
    params = request.query_params
    period = urlencode({k: params[k] for k in ("from", "to") if params.get(k)})
    who = (params.get("officer") or "").strip()
    unit = (params.get("unit") or "").strip()
    if not who and not unit:
        raise PageError(
            400, "请求有误 Bad request", "请填写工作人员编号或内设机构。 Give an officer or a unit."
        )
    path = f"officers/{quote(who, safe='')}" if who else f"units/{quote(unit, safe='')}"
    return see_other(f"/workbench/inspect/{path}" + (f"?{period}" if period else ""))


@router.get("/workbench/inspect/officers/{officer}")
@workbench_page
async def officer_record(request: Request, officer: str) -> Response:
    at_desk = await desk(request, "inspector")
    start = _date(request.query_params.get("from"), "from")
    end = _date(request.query_params.get("to"), "to")

    def read() -> dict[str, Any]:
        try:
            record = Inspection(at_desk.services).officer_record(officer, start, end).to_json()
        except NotFound as exc:
            raise PageError(404, "未找到 Not found", exc.message) from None
        return {"record": record, "unit": None, "start": start, "end": end}

    context = await run_in_threadpool(read)
    return render(request, "record.html", at_desk, {**context, "shown": ACTIONS_SHOWN})


@router.get("/workbench/inspect/units/{unit}")
@workbench_page
async def unit_record(request: Request, unit: str) -> Response:
    at_desk = await desk(request, "inspector")
    start = _date(request.query_params.get("from"), "from")
    end = _date(request.query_params.get("to"), "to")

    def read() -> dict[str, Any]:
        try:
            found = Inspection(at_desk.services).unit_record(unit, start, end)
        except NotFound as exc:
            raise PageError(404, "未找到 Not found", exc.message) from None
        return {"record": found, "unit": unit, "start": start, "end": end}

    context = await run_in_threadpool(read)
    return render(request, "record.html", at_desk, {**context, "shown": ACTIONS_SHOWN})


@router.get("/workbench/inspect/bundle/{stream}")
@workbench_page
async def bundle(request: Request, stream: str) -> Response:
    """The evidence bundle of one stream, as ``gongkai bundle --stream`` writes it."""
    at_desk = await desk(request, "inspector")
    services = at_desk.services

    def write() -> Path:
        folder = Path(tempfile.mkdtemp(prefix="gongkai-bundle-"))
        target = folder / f"bundle-{stream[:36]}.zip"
        try:
            write_bundle(
                services.ledger,
                Selection("stream", stream),
                target,
                at=now(),
                content=services.content.get,
                organization=services.office.agency().name,
            )
        except (DomainError, LedgerError) as exc:
            raise PageError(404, "无法生成 Cannot build the bundle", exc.message) from None
        return target

    target = await run_in_threadpool(write)
    return FileResponse(
        target,
        media_type="application/zip",
        filename=target.name,
        background=BackgroundTask(_remove, target),
        headers={"Cache-Control": "no-store"},
    )


def _remove(target: Path) -> None:
    target.unlink(missing_ok=True)
    target.parent.rmdir()
