"""The forms of the item page, each posting to the one command of ``api.commands.items``:
属性审核, 保密审查, 发布审核, publish, correct, withdraw, 不予公开备案, Art. 6 clarification.

Every form carries the item version it was shown at (``expected_version``), so a
double submit, or two officers acting at once, records once: the second is refused
with CONCURRENT_APPEND and shown the item as it now stands.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import Response

from api.commands import items as commands
from api.errors import PageError
from api.workbench._render import render, see_other, workbench_page
from api.workbench.auth import desk, form_of, now
from api.workbench.forms import FormInvalid, attempt, model_of
from api.workbench.items_desk import REVIEW_ROLES, choices, item_context
from api.workbench.uploads import document
from domain.information_item.service import InformationItems
from verify.hashes import is_sha256_hex

router = APIRouter()


@dataclass(frozen=True)
class Action:
    role: str
    model: type[BaseModel]
    command: Callable[..., Any]
    upload: bool = False  # the form carries a new document (its hash fills content_sha256)


ACTIONS = {
    "review-attribute": Action(
        "attribute_reviewer", commands.AttributeReviewIn, commands.review_attribute
    ),
    "review-secrecy": Action("secrecy_reviewer", commands.SecrecyReviewIn, commands.review_secrecy),
    "approve": Action("approver", commands.ApproveIn, commands.approve),
    "publish": Action("approver", commands.PublishIn, commands.publish),
    "withdraw": Action("approver", commands.WithdrawIn, commands.withdraw),
    "non-disclosure": Action("approver", commands.NonDisclosureIn, commands.file_non_disclosure),
    "correct": Action("drafter", commands.CorrectIn, commands.correct, upload=True),
    "clarify": Action("approver", commands.ClarifyIn, commands.clarify, upload=True),
}


def _run(
    items: InformationItems, action: Action, item_id: str, form: FormData, officer: str
) -> None:
    extra: dict[str, Any] = {}
    data: bytes | None = None
    if action.upload:
        data = document(form)
        extra["content_sha256"] = hashlib.sha256(data).hexdigest()
    body = model_of(action.model, form, **extra)
    at: datetime = now()
    if data is None:
        attempt(lambda: action.command(items, item_id, body, officer, at))
    else:
        attempt(lambda: action.command(items, item_id, body, officer, at, data))


@router.post("/workbench/items/{item_id}/{name}")
@workbench_page
async def act(request: Request, item_id: str, name: str) -> Response:
    action = ACTIONS.get(name)
    if action is None:
        raise PageError(404, "未找到 Not found", f"没有这个操作 No action {name[:40]}")
    at_desk = await desk(request, action.role)
    form = await form_of(request, at_desk)
    services = at_desk.services
    try:
        await run_in_threadpool(_run, services.items, action, item_id, form, at_desk.officer)
    except FormInvalid as exc:
        context = await run_in_threadpool(item_context, services, item_id)
        errors = {f"{name}.{field}": message for field, message in exc.errors.items()}
        context = {**context, **choices(), "done": "", "errors": errors, "failed": name}
        return render(request, "item_desk.html", at_desk, context, exc.status)
    services.wrote()
    return see_other(f"/workbench/items/{item_id}?done={name}")


@router.get("/workbench/content/{sha256}")
@workbench_page
async def content(request: Request, sha256: str) -> Response:
    """The exact bytes under review, for the officers who review, approve or draft them."""
    at_desk = await desk(request, "drafter", *REVIEW_ROLES, "inspector")
    if not is_sha256_hex(sha256):
        raise PageError(400, "请求有误 Bad request", "SHA-256 应为 64 位十六进制数字。")
    data = await run_in_threadpool(at_desk.services.content.get, sha256)
    if data is None:
        raise PageError(404, "未找到 Not found", "本服务器未存储此文件。 Not stored here.")
    headers = {
        "Content-Disposition": f'attachment; filename="{sha256[:16]}.bin"',
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    }
    return Response(data, media_type="application/octet-stream", headers=headers)
