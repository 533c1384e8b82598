"""投诉、举报 (``/complain``): anyone complains about, or reports, the office's disclosure
work (Arts. 47, 51). The complaint is filed as a signed ``Complaint.Filed`` entry by the
portal officer with the complainant and the text sealed; the complainant gets its
number and a secret for ``/track``, where the office's answer appears once an office
head answers it (``gongkai complaint answer``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from api.clock import now, today
from api.pages import _queries
from api.pages._render import render
from api.pages.apply import CLOSED, TOO_MANY, Portal, _client, _notice, _portal, portal_officer
from api.services import Services
from domain.complaint.complaint import KINDS
from domain.errors import DomainError
from ledger.errors import LedgerError

router = APIRouter()
DEFAULT_DAYS = 15
KIND_LABELS = {"complaint": "投诉 Complaint", "report": "举报 Report"}
RESULT_LABELS = {
    "upheld": "查证属实，已督促整改 Upheld",
    "rejected": "经查不属实 Not upheld",
    "referred": "已转交有权机关 Referred",
}


@dataclass
class ComplaintForm:
    kind: str = "complaint"
    about: str = ""
    name: str = ""
    contact: str = ""
    text: str = ""
    errors: dict[str, str] = field(default_factory=dict)


def _read(form: dict[str, Any]) -> ComplaintForm:
    def get(name: str, limit: int = 200) -> str:
        value = form.get(name)
        return value.strip()[: limit + 1] if isinstance(value, str) else ""

    c = ComplaintForm(get("kind") or "complaint", get("about", 100), get("name"), get("contact"))
    c.text = get("text", 4000)
    if c.kind not in KINDS:
        c.errors["kind"] = "请选择投诉或举报。 Choose complaint or report."
    if not c.name:
        c.errors["name"] = "请填写姓名或名称。 Enter your name."
    if not c.contact:
        c.errors["contact"] = "请填写联系方式，以便答复。 Enter a contact for the answer."
    if not 5 <= len(c.text) <= 4000:
        c.errors["text"] = "请写明事实和理由（5–4000 字）。 Describe what happened (5–4000)."
    if form.get("consent") != "yes":
        c.errors["consent"] = "请确认已阅读个人信息说明。 Confirm you have read the statement."
    return c


def _days(services: Services) -> int:
    text = services.office.agency().guide.get("complaint_days", "")
    return int(text) if text.isdigit() else DEFAULT_DAYS


def _page(
    request: Request, services: Services, c: ComplaintForm, status: int = 200
) -> HTMLResponse:
    context = {
        "site": _queries.site(services),
        "c": c,
        "kinds": KIND_LABELS,
        "offered": portal_officer(services) is not None,
        "days": _days(services) if services.ledger.initialised else DEFAULT_DAYS,
    }
    return render(request, "complain.html", context, status)


@router.get("/complain", response_class=HTMLResponse)
async def complain_form(request: Request) -> HTMLResponse:
    services: Services = request.app.state.services
    return await run_in_threadpool(_page, request, services, ComplaintForm())


@router.post("/complain", response_class=HTMLResponse)
async def complain(request: Request) -> HTMLResponse:
    services, portal = request.app.state.services, _portal(request)
    form = await request.form(max_files=0, max_fields=10)
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    return await run_in_threadpool(_file, request, services, portal, fields)


def _file(
    request: Request, services: Services, portal: Portal, fields: dict[str, Any]
) -> HTMLResponse:
    officer = portal_officer(services)
    if officer is None:
        return _notice(request, services, *CLOSED)
    c = _read(fields)
    if c.errors:
        return _page(request, services, c, 422)
    if not portal.submissions.allow(_client(request)):
        return _notice(request, services, *TOO_MANY)
    at = now()
    fingerprint = hashlib.sha256(f"complaint\x1f{c.name}\x1f{c.text}".encode()).hexdigest()
    duplicate = portal.store.duplicate_of(fingerprint, at)
    if duplicate is not None:
        return _notice(request, services, 409, "重复提交 Already received", f"编号 {duplicate}")
    try:
        filed = services.complaints.file(
            officer, at, kind=c.kind, filed_on=today(), about=c.about or None,
            complainant={"name": c.name, "contact": c.contact}, text=c.text,
            days=_days(services),
        )  # fmt: skip
    except (DomainError, LedgerError) as exc:
        return _notice(request, services, 503, "暂时无法受理 Cannot receive now", str(exc))
    services.wrote()
    secret = portal.store.issue(filed.number, fingerprint, at)
    context = {
        "site": _queries.site(services),
        "number": filed.number,
        "secret": secret,
        "complaint": filed,
    }
    return render(request, "applied.html", context, 201)


def complaint_status(request: Request, services: Services, number: str) -> HTMLResponse:
    """The complainant's view: dates, due date and the office's answer."""
    c = services.complaints.get(number)
    context = {
        "site": _queries.site(services),
        "c": c,
        "kind": KIND_LABELS.get(c.kind, c.kind),
        "result": RESULT_LABELS.get(c.result or "", c.result),
    }
    return render(request, "complaint_status.html", context)
