"""点题公开 / 回音壁 (``/topics``): the public proposes what the office should disclose;
the page lists every moderated topic with its status, the moderator's reason and the
office's answer (linked catalogue items or a reasoned reply). A proposal's own text and
contact stay sealed; what the page shows is the officer's public wording."""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from api.clock import now, today
from api.pages import _queries
from api.pages._render import render
from api.pages.apply import CLOSED, TOO_MANY, Portal, _client, _notice, _portal, portal_officer
from api.services import Services
from domain.errors import DomainError, NotFound
from domain.topic.topic import Topic
from ledger.errors import LedgerError

router = APIRouter()
STATUS = {
    "proposed": "待审核 Awaiting moderation",
    "accepted": "已采纳，办理中 Accepted",
    "answered": "已答复 Answered",
    "declined": "未采纳 Declined",
}


def _listed(services: Services, portal: Portal) -> list[Topic]:
    found = []
    for number in portal.store.numbers("DT"):
        try:
            topic = services.topics.get(number)
        except NotFound:
            continue
        if topic.accepted is not None:  # only moderated topics are public
            found.append(topic)
    return found


def _page(
    request: Request, services: Services, portal: Portal, values: dict[str, str],
    errors: dict[str, str], status: int = 200,
) -> HTMLResponse:  # fmt: skip
    context = {
        "site": _queries.site(services),
        "topics": _listed(services, portal) if services.ledger.initialised else [],
        "labels": STATUS,
        "offered": portal_officer(services) is not None,
        "v": values,
        "errors": errors,
    }
    return render(request, "topics.html", context, status)


@router.get("/topics", response_class=HTMLResponse)
async def topics(request: Request) -> HTMLResponse:
    services, portal = request.app.state.services, _portal(request)
    return await run_in_threadpool(_page, request, services, portal, {}, {})


@router.post("/topics", response_class=HTMLResponse)
async def propose(request: Request) -> HTMLResponse:
    services, portal = request.app.state.services, _portal(request)
    form = await request.form(max_files=0, max_fields=10)
    fields = {k: v.strip()[:2001] for k, v in form.items() if isinstance(v, str)}
    return await run_in_threadpool(_propose, request, services, portal, fields)


def _errors(v: dict[str, Any]) -> dict[str, str]:
    errors = {}
    if not 5 <= len(v.get("text", "")) <= 2000:
        errors["text"] = "请写明希望公开的内容（5–2000 字）。 Describe the topic (5–2000)."
    if len(v.get("contact", "")) > 200:
        errors["contact"] = "联系方式过长。 The contact is too long."
    if v.get("consent") != "yes":
        errors["consent"] = "请确认已阅读个人信息说明。 Confirm you have read the statement."
    return errors


def _propose(
    request: Request, services: Services, portal: Portal, v: dict[str, str]
) -> HTMLResponse:
    officer = portal_officer(services)
    if officer is None:
        return _notice(request, services, *CLOSED)
    errors = _errors(v)
    if errors:
        return _page(request, services, portal, v, errors, 422)
    if not portal.submissions.allow(_client(request)):
        return _notice(request, services, *TOO_MANY)
    at = now()
    fingerprint = hashlib.sha256(f"topic\x1f{v['text']}".encode()).hexdigest()
    if (duplicate := portal.store.duplicate_of(fingerprint, at)) is not None:
        return _notice(request, services, 409, "重复提交 Already received", f"编号 {duplicate}")
    contact = {"contact": v["contact"]} if v.get("contact") else {"contact": "（未留）"}
    try:
        topic = services.topics.propose(officer, at, on=today(), text=v["text"], contact=contact)
    except (DomainError, LedgerError) as exc:
        return _notice(request, services, 503, "暂时无法受理 Cannot receive now", str(exc))
    services.wrote()
    portal.store.issue(topic.number, fingerprint, at)
    context = {"site": _queries.site(services), "number": topic.number}
    return render(request, "topic_received.html", context, 201)
