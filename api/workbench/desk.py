"""工作台首页: the desks of the signed-in officer, each with what waits there."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from api.http.middleware.guards import HTML_SECURITY_HEADERS
from api.services import Services
from api.workbench._render import STATIC, render, workbench_page
from api.workbench.auth import desk
from projections import catalogue_queries as cq
from projections import register_queries as rq

router = APIRouter()


def cards(services: Services, roles: frozenset[str]) -> list[dict[str, Any]]:
    """One card per desk the roles open, with its count where one means something."""
    with services.ledger.backend.transaction() as cur:
        counts = cq.status_counts(cur)
        open_requests = rq.open_count(cur)
    shown: list[dict[str, Any]] = []

    def card(role: set[str], href: str, zh: str, en: str, count: int | None, what: str) -> None:
        if roles & role:
            shown.append({"href": href, "zh": zh, "en": en, "count": count, "what": what})

    card(
        {"drafter"}, "/workbench/drafter", "起草", "Draft", counts.get("draft", 0), "件草稿 drafts"
    )
    reviewers = {"attribute_reviewer", "secrecy_reviewer", "approver"}
    card(
        reviewers,
        "/workbench/review",
        "审核",
        "Review",
        counts.get("draft", 0) + counts.get("reviewed", 0),
        "件待审 waiting",
    )
    card(
        {"approver"},
        "/workbench/publish",
        "发布",
        "Publish",
        counts.get("approved", 0),
        "件待发布 ready",
    )
    card(
        {"request_handler", "office_head"},
        "/workbench/requests",
        "依申请公开",
        "Requests",
        open_requests,
        "件申请 requests",
    )
    card({"office_head"}, "/workbench/office", "负责人", "Office head", None, "")
    card({"inspector"}, "/workbench/inspect", "监督检查", "Inspection", None, "")
    card({"admin"}, "/workbench/admin", "系统管理", "Administration", None, "")
    return shown


@router.get("/workbench")
@workbench_page
async def home(request: Request) -> Response:
    at_desk = await desk(request)
    shown = await run_in_threadpool(cards, at_desk.services, at_desk.roles)
    return render(request, "home.html", at_desk, {"cards": shown})


@router.get("/workbench/static/workbench.css")
def stylesheet() -> Response:
    headers = {**HTML_SECURITY_HEADERS, "Cache-Control": "no-cache"}
    return FileResponse(
        STATIC / "workbench.css", media_type="text/css; charset=utf-8", headers=headers
    )
