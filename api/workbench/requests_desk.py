"""The request handlers' desk (依申请公开): the inbox sorted by days left (overdue and
at-risk marked, a cursor per page), the receipt form, and one page per request with
each statutory step as a form (``request_steps``).

Reads go through ``api.views.requests`` (as ``gongkai request list/show`` and
``GET /v1/requests``); every step calls the one command of ``api.commands.requests``.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from api.clock import today
from api.commands import requests as commands
from api.errors import CursorInvalid, PageError
from api.letters import reissue
from api.views import requests as views
from api.workbench._render import render, see_other, workbench_page
from api.workbench.auth import Desk, desk, form_of, now, text
from api.workbench.forms import FormInvalid, attempt, model_of
from api.workbench.once import ALREADY_SUBMITTED, form_key
from api.workbench.request_steps import STEPS, run_step
from domain.disclosure_request import rules
from domain.disclosure_request.letters import EVENT_OF, KINDS
from domain.disclosure_request.outcomes import OUTCOMES
from domain.disclosure_request.third_party import REPLIES
from domain.errors import DomainError
from domain.privacy.record import PURPOSES
from domain.privacy.service import Opening, PersonalData

router = APIRouter()
LETTER_MEDIA = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}
ROLES = ("request_handler", "office_head")
REPLY_NAMES = {
    "consent": "同意 consent",
    "objection": "不同意 objection",
    "none": "未回复 no reply",
}
PAGE = 50
# why an officer opens an applicant's details at the desk (the applicant's own copy is
# ``gongkai applicant export``, on recorded identity proof)
OPENING_PURPOSES = {name: PURPOSES[name][0] for name in ("handling", "review")}


def _vocabularies() -> dict[str, Any]:
    return {
        "channels": rules.CHANNELS,
        "applicant_types": rules.APPLICANT_TYPES,
        "parties": rules.CONSULTATION_PARTIES,
        "fee_methods": rules.FEE_METHODS,
        "outcomes": OUTCOMES,
        "replies": REPLIES,
        "reply_names": REPLY_NAMES,
    }


async def _inbox(
    request: Request, at_desk: Desk, errors: dict[str, str], values: dict[str, str], status: int
) -> Response:
    cursor = request.query_params.get("cursor") or None
    try:
        rows, next_cursor, total = await run_in_threadpool(
            views.inbox_page, at_desk.services, cursor=cursor, limit=PAGE
        )
    except CursorInvalid as exc:
        raise PageError(400, "请求有误 Bad request", exc.message) from None
    context = {
        "rows": rows,
        "next_cursor": next_cursor,
        "total": total,
        "errors": errors,
        "values": values,
        "today": today().isoformat(),
        "form_id": values.get("form_id") or str(uuid.uuid4()),
        **_vocabularies(),
    }
    return render(request, "inbox.html", at_desk, context, status)


@router.get("/workbench/requests")
@workbench_page
async def inbox(request: Request) -> Response:
    return await _inbox(request, await desk(request, *ROLES), {}, {}, 200)


@router.post("/workbench/requests")
@workbench_page
async def receive(request: Request) -> Response:
    at_desk = await desk(request, "request_handler")
    form = await form_of(request, at_desk)
    applicant = {"name": text(form, "applicant_name"), "contact": text(form, "applicant_contact")}
    services = at_desk.services
    claim = form_key("receive", text(form, "form_id"))
    try:
        body = model_of(
            commands.ReceiveIn,
            form,
            applicant={key: value for key, value in applicant.items() if value},
        )

        def run() -> str:
            received = attempt(
                lambda: commands.receive(services.requests, body, at_desk.officer, now())
            )
            services.wrote()
            return received.id

        once = services.form_submissions.record_once
        posted = await run_in_threadpool(once, claim, at_desk.officer, now(), run)
    except FormInvalid as exc:
        values = {key: value for key, value in form.items() if isinstance(value, str)}
        return await _inbox(request, at_desk, exc.errors, values, exc.status)
    if not posted.result:  # posted again while the first post is still being recorded
        raise PageError(409, "已提交 Already submitted", ALREADY_SUBMITTED)
    # posted again: the request the first post recorded
    return see_other(f"/workbench/requests/{posted.result}?done=receive")


def _request_context(at_desk: Desk, ref: str) -> dict[str, Any]:
    try:
        shown = views.request_view(at_desk.services, ref)
    except DomainError:
        raise PageError(404, "未找到 Not found", f"没有这个申请 No request {ref[:60]}") from None
    steps = {name: step for name, step in STEPS.items() if at_desk.has(step.role)}
    recorded = {row["event"] for row in shown["history"]}
    letters = [kind for kind in KINDS if EVENT_OF[kind] in recorded]
    return {
        "r": shown,
        "steps": steps,
        "letters": letters,
        "today": today().isoformat(),
        **_vocabularies(),
    }


async def request_page_response(
    request: Request,
    at_desk: Desk,
    ref: str,
    errors: dict[str, str],
    status: int = 200,
    opened: Opening | None = None,
) -> Response:
    context = await run_in_threadpool(_request_context, at_desk, ref)
    done = request.query_params.get("done", "") if status == 200 else ""
    failed = next(iter(errors), "").split(".")[0]
    context = {**context, "errors": errors, "done": done, "failed": failed, "opened": opened,
               "purposes": OPENING_PURPOSES, "opens": at_desk.has(*ROLES)}  # fmt: skip
    return render(request, "request_desk.html", at_desk, context, status)


@router.post("/workbench/requests/{ref}/personal-data")
@workbench_page
async def open_applicant(request: Request, ref: str) -> Response:
    """The applicant's details, shown only after a signed ``PersonalData.Opened`` entry
    records who opened them, when and why (PIPL; docs/privacy.md). A POST: every showing
    is recorded, a reload records another. The handlers' desk only: the inspector's
    session writes nothing (``gongkai applicant show --purpose inspection`` opens on the
    inspector's own record)."""
    at_desk = await desk(request, *ROLES)
    form = await form_of(request, at_desk)
    purpose, services = text(form, "purpose") or "handling", at_desk.services
    privacy = PersonalData(services.office, services.requests)
    opening = partial(privacy.open_request, ref, at_desk.officer, now(), purpose=purpose,
                      scope="officer_view")  # fmt: skip
    try:
        opened = await run_in_threadpool(attempt, opening)
    except FormInvalid as exc:
        errors = {f"personal-data.{key}": message for key, message in exc.errors.items()}
        return await request_page_response(request, at_desk, ref, errors, exc.status)
    services.wrote()
    return await request_page_response(request, at_desk, ref, {}, opened=opened)


@router.get("/workbench/requests/{ref}")
@workbench_page
async def request_page(request: Request, ref: str) -> Response:
    at_desk = await desk(request, *ROLES, "inspector")
    return await request_page_response(request, at_desk, ref, {})


@router.post("/workbench/requests/{ref}/{name}")
@workbench_page
async def take_step(request: Request, ref: str, name: str) -> Response:
    step = STEPS.get(name)
    if step is None:
        raise PageError(404, "未找到 Not found", f"没有这个步骤 No step {name[:40]}")
    at_desk = await desk(request, step.role)
    form = await form_of(request, at_desk)
    services = at_desk.services
    try:
        await run_in_threadpool(run_step, services.requests, step, ref, form, at_desk.officer)
    except FormInvalid as exc:
        errors = {f"{name}.{key}": message for key, message in exc.errors.items()}
        return await request_page_response(request, at_desk, ref, errors, exc.status)
    services.wrote()
    return see_other(f"/workbench/requests/{ref}?done={name}")


@router.get("/workbench/requests/{ref}/letters/{name}")
@workbench_page
async def letter(request: Request, ref: str, name: str) -> Response:
    """A letter of the request as PDF or HTML, re-rendered from its entry and checked
    against the hash the entry records (the case file: officers and inspectors)."""
    officer = await desk(request, *ROLES, "inspector")
    kind, _dot, suffix = name.partition(".")
    if kind not in KINDS or suffix not in LETTER_MEDIA:
        raise PageError(404, "未找到 Not found", f"没有这份告知书 No letter {name[:40]}")
    services = request.app.state.services
    try:
        opener = officer.officer  # a supplement's items: opened on the record, and why
        purpose = "handling" if officer.has(*ROLES) else "inspection"
        reissued = partial(
            reissue, services.requests, ref, kind, as_officer=opener, at=now(), purpose=purpose
        )
        done = (await run_in_threadpool(reissued))[-1]
        services.wrote()
    except (DomainError, IndexError):
        raise PageError(404, "未找到 Not found", f"没有这份告知书 No letter {name[:40]}") from None
    body: str | bytes = done.pdf if suffix == "pdf" else done.html
    return Response(body, media_type=LETTER_MEDIA[suffix], headers={"X-Letter-SHA256": done.sha256})
