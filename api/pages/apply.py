"""在线申请 (``/apply``) and 办理状态 (``/track``): the public applies online and follows
their own request with its tracking number and secret.

An application is received exactly as an officer's ``gongkai request receive``
receives one — ``DisclosureRequests.receive`` on channel ``online``, signed by the
office's portal officer (the guide's ``portal_officer``) — so the applicant and the
description are sealed at intake. Per Art. 31 it waits for an officer's confirmation of
receipt (``gongkai request confirm-receipt NUMBER --as OFFICER``) before the clock starts.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from api.clock import now, today
from api.letters import reissue
from api.pages import _queries
from api.pages import apply_intake as intake
from api.pages._render import render
from api.pages.apply_status import status_of
from api.pages.apply_tracking import RateLimiter, TrackingStore
from api.services import Services
from domain.disclosure_request.letters import KINDS
from domain.errors import DomainError, NotFound
from ledger.errors import LedgerError

router = APIRouter()
_RECEIVING = threading.Lock()
PORTAL_OFFICER_ENV = "GONGKAI_PORTAL_OFFICER"
CLOSED = (
    503,
    "暂不受理在线申请 Online applications are closed",
    "本机关尚未开通在线申请，请当面或以信函提出申请（见公开指南）。",
)
TOO_MANY = (
    429,
    "提交过于频繁 Too many applications",
    "同一来源短时间内提交过多申请，请稍后再试。 Please try again later.",
)
TOO_MANY_LOOKUPS = (429, "查询过于频繁 Too many lookups", "请稍后再试。 Please try again later.")


@dataclass
class Portal:
    store: TrackingStore
    submissions: RateLimiter
    lookups: RateLimiter


def _portal(request: Request) -> Portal:
    portal = getattr(request.app.state, "portal", None)
    if portal is None:
        services: Services = request.app.state.services
        portal = Portal(TrackingStore(services.ledger.backend), RateLimiter(), RateLimiter(30, 600))
        request.app.state.portal = portal
    return portal


def _services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def portal_officer(services: Services) -> str | None:
    """Whose key signs online applications: the guide's setting, else the environment."""
    if services.ledger.initialised:
        try:
            chosen = services.office.agency().guide.get("portal_officer")
        except NotFound:
            chosen = None
        if chosen:
            return chosen
    return os.environ.get(PORTAL_OFFICER_ENV) or None


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _form_page(
    request: Request, services: Services, a: intake.Application, status: int = 200
) -> HTMLResponse:
    context = {
        "site": _queries.site(services),
        "a": a,
        "offered": portal_officer(services) is not None,
        "forms": intake.FORMS,
        "delivery": intake.DELIVERY,
        "types": _applicant_types(),
        "max_mb": intake.MAX_ATTACHMENT // (1024 * 1024),
        "notice": None,
    }
    return render(request, "apply.html", context, status)


def _applicant_types() -> dict[str, str]:
    from api.pages._labels import APPLICANT_TYPE

    return {"natural-person": "自然人 Natural person", **APPLICANT_TYPE}


def _notice(
    request: Request, services: Services, status: int, title: str, text: str
) -> HTMLResponse:
    context = {"site": _queries.site(services), "status": status, "title": title, "detail": text}
    return render(request, "error.html", context, status)


@router.get("/apply", response_class=HTMLResponse)
async def apply_form(request: Request) -> HTMLResponse:
    services = _services(request)
    return await run_in_threadpool(_form_page, request, services, intake.Application())


@router.post("/apply", response_class=HTMLResponse)
async def apply_submit(request: Request) -> HTMLResponse:
    services, portal = _services(request), _portal(request)
    form = await request.form(max_files=1, max_fields=20)
    upload = form.get("attachment")
    data = await upload.read() if isinstance(upload, UploadFile) else None
    fields: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    return await run_in_threadpool(_submit, request, services, portal, fields, data)


def _submit(
    request: Request, services: Services, portal: Portal, fields: dict[str, Any], data: bytes | None
) -> HTMLResponse:
    officer = portal_officer(services)
    if officer is None:
        return _notice(request, services, *CLOSED)
    application = intake.read(fields, data)
    if application.errors:
        return _form_page(request, services, application, 422)
    if not portal.submissions.allow(_client(request)):
        return _notice(request, services, *TOO_MANY)
    at = now()
    fingerprint = application.fingerprint()
    duplicate = portal.store.duplicate_of(fingerprint, at)
    if duplicate is not None:
        return _notice(request, services, 409, "重复申请 Already received",
                       f"同一申请已于24小时内提交，编号 {duplicate}；请用当时的查询码查看办理状态。"
                       f" The same application was received as {duplicate}.")  # fmt: skip
    attachment = services.content.put(application.attachment) if application.attachment else None
    try:
        with _RECEIVING:  # one at a time here: racing receipts would collide on a number
            received = services.requests.receive(
                officer,
                at,
                channel="online",
                received_on=today(),
                applicant=application.applicant(attachment),
                applicant_type=application.applicant_type,
                description=application.description,
                requested_form=application.requested_form,
            )
    except (DomainError, LedgerError) as exc:
        return _notice(request, services, 503, "暂时无法受理 Cannot receive now", exc.message)
    services.wrote()
    secret = portal.store.issue(str(received.number), fingerprint, at)
    context = {"site": _queries.site(services), "number": received.number, "secret": secret}
    return render(request, "applied.html", context, 201)


@router.get("/track", response_class=HTMLResponse)
async def track_form(request: Request) -> HTMLResponse:
    services = _services(request)
    context = {"site": _queries.site(services), "number": "", "failed": False}
    return await run_in_threadpool(render, request, "track.html", context)


@router.post("/track", response_class=HTMLResponse)
async def track(request: Request) -> HTMLResponse:
    services, portal = _services(request), _portal(request)
    form = await request.form(max_files=0, max_fields=5)
    number = str(form.get("number") or "").strip()
    secret = str(form.get("secret") or "").strip()
    return await run_in_threadpool(_track, request, services, portal, number, secret)


def _refused(
    request: Request,
    services: Services,
    portal: Portal,
    number: str,
    secret: str,
    asked_well: bool = True,
) -> HTMLResponse | None:
    """The page that refuses a lookup (too many, not ``asked_well``, or no such number
    and secret), or None when ``number`` and ``secret`` open that request's status."""
    if not portal.lookups.allow(_client(request)):
        return _notice(request, services, *TOO_MANY_LOOKUPS)
    services.fresh(every_process=True)
    if not asked_well or not portal.store.check(number, secret):
        context = {"site": _queries.site(services), "number": number[:30], "failed": True}
        return render(request, "track.html", context, 404)
    return None


def _track(
    request: Request, services: Services, portal: Portal, number: str, secret: str
) -> HTMLResponse:
    refused = _refused(request, services, portal, number, secret)
    if refused is not None:
        return refused
    if number.startswith("TS"):
        from api.pages.complain import complaint_status

        return complaint_status(request, services, number)
    context = {"site": _queries.site(services), "s": status_of(services, number), "secret": secret}
    return render(request, "status.html", context)


@router.post("/track/letter")
async def track_letter(request: Request) -> Response:
    """A letter addressed to the applicant, as the PDF whose hash the ledger records
    (re-rendered and checked); the supplement notice's items are opened for the
    applicant on the record (``applicant_access``, by the portal officer)."""
    services, portal = _services(request), _portal(request)
    form = await request.form(max_files=0, max_fields=5)
    number, secret, kind = (str(form.get(k) or "").strip() for k in ("number", "secret", "kind"))
    return await run_in_threadpool(_letter, request, services, portal, number, secret, kind)


def _letter(
    request: Request, services: Services, portal: Portal, number: str, secret: str, kind: str
) -> Response:
    letters = not number.startswith("TS") and kind in KINDS  # a complaint has none
    refused = _refused(request, services, portal, number, secret, letters)
    if refused is not None:
        return refused
    try:
        done = reissue(
            services.requests,
            number,
            kind,
            as_officer=portal_officer(services),
            at=now(),
            purpose="applicant_access",
        )[-1]
    except DomainError as exc:
        return _notice(request, services, 404, "未找到 Not found", exc.message)
    services.wrote()
    headers = {
        "Content-Disposition": f'attachment; filename="{number}-{kind}.pdf"',
        "Cache-Control": "no-store",
        "X-Letter-SHA256": done.sha256,
    }
    return Response(done.pdf, media_type="application/pdf", headers=headers)
