"""The item desks (主动公开): the drafter's form and drafts, the review and approval
queues, the publisher's queue, and one page per item with the forms its state allows.

Reads come from the catalogue read model (``projections.catalogue_queries``) and the
item itself (``InformationItems.get``, as the API's ``GET /v1/items/{id}``); every form
posts to ``item_actions``, which calls the one command of ``api.commands.items``.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from api.clock import today
from api.commands import items as commands
from api.errors import PageError
from api.http.schemas.items import ItemOut
from api.services import Services
from api.workbench._render import render, see_other, workbench_page
from api.workbench.auth import Desk, desk, form_of, now
from api.workbench.forms import FormInvalid, attempt, model_of
from api.workbench.uploads import ACCEPTED, document
from domain.errors import DomainError
from domain.information_item import rules
from projections import catalogue_queries as cq

router = APIRouter()
REVIEW_ROLES = ("attribute_reviewer", "secrecy_reviewer", "approver")
# Queue name → (role that works it, catalogue status, title)
QUEUES = {
    "attribute": ("attribute_reviewer", "draft", "属性审核 Attribute review"),
    "secrecy": ("secrecy_reviewer", "draft", "保密审查 Secrecy review"),
    "approval": ("approver", "reviewed", "发布审核 Approval"),
    "publication": ("approver", "approved", "待发布 Ready to publish"),
}


def choices() -> dict[str, Any]:
    """The domain's vocabularies, for the forms' select lists."""
    return {
        "categories": rules.CATEGORIES,
        "attributes": rules.ATTRIBUTES,
        "secrecy_results": rules.SECRECY_RESULTS,
        "withdrawal_reasons": rules.WITHDRAWAL_REASONS,
        "grounds": rules.NON_DISCLOSURE_GROUNDS,
    }


def _queue(services: Services, status: str, limit: int = 50) -> list[cq.ItemRow]:
    with services.ledger.backend.transaction() as cur:
        rows = cq.officer_page(cur, status=status, limit=limit).rows
    return sorted(rows, key=lambda row: row.publish_by or "9999")  # Art. 26 due date first


def queues_for(services: Services, roles: frozenset[str]) -> list[dict[str, Any]]:
    """Each queue the officer works: its rows (due first) and its count."""
    with services.ledger.backend.transaction() as cur:
        counts = cq.status_counts(cur)
    shown = []
    for name, (role, status, title) in QUEUES.items():
        if role not in roles:
            continue
        rows = _queue(services, status)
        if name == "attribute":
            rows = [row for row in rows if row.attribute is None]
        count = len(rows) if name == "attribute" else counts.get(status, 0)
        shown.append({"name": name, "title": title, "rows": rows, "count": count})
    return shown


@router.get("/workbench/review")
@workbench_page
async def review(request: Request) -> Response:
    at_desk = await desk(request, *REVIEW_ROLES)
    queues = await run_in_threadpool(queues_for, at_desk.services, at_desk.roles)
    return render(request, "queues.html", at_desk, {"queues": queues, "section": "review"})


@router.get("/workbench/publish")
@workbench_page
async def publish_desk(request: Request) -> Response:
    at_desk = await desk(request, "approver")

    def read() -> dict[str, Any]:
        ready = _queue(at_desk.services, "approved")
        published = _queue(at_desk.services, "published")
        return {"ready": ready, "published": published}

    return render(request, "publish_desk.html", at_desk, await run_in_threadpool(read))


@router.get("/workbench/drafter")
@workbench_page
async def drafter(request: Request) -> Response:
    at_desk = await desk(request, "drafter")
    return await _drafter_page(request, at_desk, {}, {})


async def _drafter_page(
    request: Request,
    at_desk: Desk,
    errors: dict[str, str],
    values: dict[str, Any],
    status: int = 200,
) -> Response:
    def read() -> list[cq.ItemRow]:
        with at_desk.services.ledger.backend.transaction() as cur:
            return cq.officer_page(cur, limit=30).rows

    context = {
        **choices(),
        "errors": errors,
        "values": {"formed_on": today().isoformat(), **values},
        "item_id": values.get("item_id") or str(uuid.uuid4()),
        "accepted": ACCEPTED,
        "recent": await run_in_threadpool(read),
    }
    return render(request, "drafter.html", at_desk, context, status)


@router.post("/workbench/drafter")
@workbench_page
async def draft(request: Request) -> Response:
    at_desk = await desk(request, "drafter")
    form = await form_of(request, at_desk)
    values = {key: value for key, value in form.items() if isinstance(value, str)}
    try:
        data = document(form)
        body = model_of(commands.DraftIn, form, content_sha256=hashlib.sha256(data).hexdigest())

        def run() -> str:
            services = at_desk.services
            item = attempt(
                lambda: commands.draft(services.items, body, at_desk.officer, now(), data)
            )
            services.wrote()
            return item.id

        item_id = await run_in_threadpool(run)
    except FormInvalid as exc:
        return await _drafter_page(request, at_desk, exc.errors, values, exc.status)
    return see_other(f"/workbench/items/{item_id}?done=draft")


def item_context(services: Services, item_id: str) -> dict[str, Any]:
    """The item as its officers see it, with the entries of its stream."""
    try:
        item = services.items.get(item_id)
    except DomainError:
        raise PageError(404, "未找到 Not found", f"没有这个信息项 No item {item_id[:60]}") from None
    return {"item": ItemOut.of(item), "history": item.history, "today": today().isoformat()}


@router.get("/workbench/items/{item_id}")
@workbench_page
async def item_page(request: Request, item_id: str) -> Response:
    at_desk = await desk(request, "drafter", *REVIEW_ROLES, "inspector")
    context = await run_in_threadpool(item_context, at_desk.services, item_id)
    done = request.query_params.get("done", "")
    return render(
        request, "item_desk.html", at_desk, {**context, **choices(), "done": done, "errors": {}}
    )
