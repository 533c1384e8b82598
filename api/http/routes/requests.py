"""Disclosure on request (依申请公开) over HTTP: officers' commands from receipt to answer,
reconsideration and lawsuit, the officers' view and list, and the public register.

Every command authenticates the officer (bearer token) and checks the role it needs
before anything else (request handler; the extension: office head), then hands its body
to the command declared in ``api.commands.requests`` (the one ``gongkai request …`` calls
too), which makes one call into ``DisclosureRequests``: the domain checks every rule, and
errors come back as problem+json with their stable code. ``{ref}`` is a request's id or its number
(``2026-0001``). A successful write answers once committed; the log and the register
catch up in the background, and a read that follows waits for them (``api.services``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.clock import now
from api.commands import requests as commands
from api.commands.requests import (
    AnswerIn,
    ConsultIn,
    DateStep,
    DecisionIn,
    ExtendIn,
    FeeNoticeIn,
    LawsuitIn,
    OnIn,
    ReceiveIn,
    SupplementedIn,
    SupplementNoticeIn,
)
from api.http.deps import OfficerDep, ServicesDep, require_role
from api.http.schemas.requests import (
    RegisterPageOut,
    RegisterRowOut,
    RequestListOut,
    RequestOut,
    RequestRowOut,
)
from api.letters import LetterPress
from api.services import Services
from api.views.requests import officer_page, register_page, request_view
from domain.aggregate import Actor
from domain.disclosure_request.request import DisclosureRequest

router = APIRouter(prefix="/v1/requests", tags=["requests (依申请公开)"])

HandlerDep = Annotated[Actor, require_role("request_handler")]
OfficeHeadDep = Annotated[Actor, require_role("office_head")]


def _written(services: Services, request: DisclosureRequest) -> RequestOut:
    """The request after a committed write (read back from its stream)."""
    services.wrote()
    return RequestOut.model_validate(request_view(services, request.id))


def _record_date(
    step: DateStep, ref: str, body: OnIn, actor: Actor, services: Services
) -> RequestOut:
    request = commands.record_date(services.requests, step, ref, body, actor.officer_id, now())
    return _written(services, request)


# --- public ---------------------------------------------------------------------------


@router.get("/register", summary="The public register of requests (no personal data)")
def register(
    services: ServicesDep,
    year: Annotated[int | None, Query(ge=2000, le=2999, description="Receipt year.")] = None,
    status: str | None = None,
    cursor: Annotated[str | None, Query(description="next_cursor of the page before.")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> RegisterPageOut:
    rows, next_cursor = register_page(
        services, year=year, status=status, cursor=cursor, limit=limit
    )
    return RegisterPageOut(
        requests=[RegisterRowOut.of(row, overdue) for row, overdue in rows],
        next_cursor=next_cursor,
    )


# --- officers: reads --------------------------------------------------------------------


@router.get("", summary="Every request with its deadlines (officers)")
def list_requests(
    actor: OfficerDep,
    services: ServicesDep,
    overdue: bool = False,
    status: str | None = None,
    year: Annotated[int | None, Query(ge=2000, le=2999, description="Receipt year.")] = None,
    cursor: Annotated[
        str | None, Query(max_length=20, description="next_cursor of the page before.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> RequestListOut:
    rows, next_cursor = officer_page(
        services, overdue=overdue, status=status, year=year, cursor=cursor, limit=limit
    )
    return RequestListOut(
        requests=[RequestRowOut.model_validate(row) for row in rows], next_cursor=next_cursor
    )


@router.get("/{ref}", summary="One request, every deadline and its history (officers)")
def get_request(
    ref: str, actor: OfficerDep, services: ServicesDep, response: Response
) -> RequestOut:
    view = RequestOut.model_validate(request_view(services, ref))
    response.headers["ETag"] = f'"{view.version}"'
    return view


# --- officers: commands -----------------------------------------------------------------


@router.post("", status_code=status.HTTP_201_CREATED, summary="Receive a request (Art. 29)")
def receive(
    body: ReceiveIn, actor: HandlerDep, services: ServicesDep, response: Response
) -> RequestOut:
    request = commands.receive(services.requests, body, actor.officer_id, now())
    response.headers["Location"] = f"/v1/requests/{request.number}"
    return _written(services, request)


@router.post(
    "/{ref}/confirm-receipt", summary="Confirm receipt of an online or fax request (Art. 31)"
)
def confirm_receipt(ref: str, body: OnIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    return _record_date("confirm-receipt", ref, body, actor, services)


@router.post(
    "/{ref}/consult-end", summary="The consultation ends; the clock runs again (Arts. 32, 34)"
)
def consult_end(ref: str, body: OnIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    return _record_date("consult-end", ref, body, actor, services)


@router.post(
    "/{ref}/fee-notice-received",
    summary="The day the applicant received the fee notice; 20 working days to pay (109号)",
)
def fee_notice_received(
    ref: str, body: OnIn, actor: HandlerDep, services: ServicesDep
) -> RequestOut:
    return _record_date("fee-notice-received", ref, body, actor, services)


@router.post("/{ref}/fee-paid", summary="The fee is paid; the clock runs again (Art. 42)")
def fee_paid(ref: str, body: OnIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    return _record_date("fee-paid", ref, body, actor, services)


@router.post("/{ref}/deemed-abandoned", summary="No supplement in time: deemed abandoned (Art. 30)")
def deemed_abandoned(ref: str, body: OnIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    return _record_date("deemed-abandoned", ref, body, actor, services)


@router.post("/{ref}/deemed-withdrawn", summary="Fee unpaid in time: deemed withdrawn (109号)")
def deemed_withdrawn(ref: str, body: OnIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    return _record_date("deemed-withdrawn", ref, body, actor, services)


@router.post("/{ref}/withdraw", summary="The applicant withdraws the request (申请人撤回)")
def withdraw(ref: str, body: OnIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    return _record_date("withdraw", ref, body, actor, services)


@router.post("/{ref}/reconsideration", summary="行政复议 filed (Art. 51)")
def reconsideration(ref: str, body: OnIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    return _record_date("reconsideration", ref, body, actor, services)


@router.post(
    "/{ref}/supplement-notice", summary="补正 notice, once, within 7 working days (Art. 30)"
)
def supplement_notice(
    ref: str, body: SupplementNoticeIn, actor: HandlerDep, services: ServicesDep
) -> RequestOut:
    request = commands.request_supplement(services.requests, ref, body, actor.officer_id, now())
    return _written(services, request)


@router.post("/{ref}/supplemented", summary="The supplement is received; the period restarts")
def supplemented(
    ref: str, body: SupplementedIn, actor: HandlerDep, services: ServicesDep
) -> RequestOut:
    request = commands.supplemented(services.requests, ref, body, actor.officer_id, now())
    return _written(services, request)


@router.post("/{ref}/consult", summary="Consult a third party or another agency (Arts. 32, 34)")
def consult(ref: str, body: ConsultIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    request = commands.consult(services.requests, ref, body, actor.officer_id, now())
    return _written(services, request)


@router.post("/{ref}/extend", summary="One extension of ≤ 20 working days (office head, Art. 33)")
def extend(ref: str, body: ExtendIn, actor: OfficeHeadDep, services: ServicesDep) -> RequestOut:
    request = commands.extend(services.requests, ref, body, actor.officer_id, now())
    return _written(services, request)


@router.post("/{ref}/fee-notice", summary="Written fee notice by items or pages (Art. 42)")
def fee_notice(ref: str, body: FeeNoticeIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    request = commands.notice_fee(services.requests, ref, body, actor.officer_id, now())
    return _written(services, request)


@router.post("/{ref}/answer", summary="The answer, its reasons and its letter (Arts. 35–39)")
def answer(ref: str, body: AnswerIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    """The letter (告知书) is rendered and its PDF's SHA-256 recorded in the entry; fetch
    it from ``/v1/requests/{ref}/letters/answer.pdf``."""
    press = LetterPress()
    request = commands.answer(services.requests, ref, body, actor.officer_id, now(), press)
    return _written(services, request)


@router.post("/{ref}/reconsideration-decision", summary="The reconsideration's result")
def reconsideration_decision(
    ref: str, body: DecisionIn, actor: HandlerDep, services: ServicesDep
) -> RequestOut:
    request = commands.decide_reconsideration(services.requests, ref, body, actor.officer_id, now())
    return _written(services, request)


@router.post("/{ref}/lawsuit", summary="行政诉讼 filed, directly or after reconsideration")
def lawsuit(ref: str, body: LawsuitIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    request = commands.file_lawsuit(services.requests, ref, body, actor.officer_id, now())
    return _written(services, request)


@router.post("/{ref}/lawsuit-decision", summary="The court's result")
def lawsuit_decision(
    ref: str, body: DecisionIn, actor: HandlerDep, services: ServicesDep
) -> RequestOut:
    request = commands.decide_lawsuit(services.requests, ref, body, actor.officer_id, now())
    return _written(services, request)
