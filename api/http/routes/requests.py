"""Disclosure on request (依申请公开) over HTTP: officers' commands from receipt to answer,
reconsideration and lawsuit, the officers' view and list, and the public register.

Every command authenticates the officer (bearer token) and checks the role it needs
before anything else (request handler; the extension: office head), then hands the
command to ``DisclosureRequests``: the domain checks every rule, and errors come back
as problem+json with their stable code. ``{ref}`` is a request's id or its number
(``2026-0001``). A successful write answers once committed; the log and the register
catch up in the background, and a read that follows waits for them (``api.http.commands``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Protocol

from fastapi import APIRouter, Query, Response, status

from api.http.commands import now
from api.http.deps import OfficerDep, ServicesDep, require_role
from api.http.schemas.requests import (
    AnswerIn,
    ConsultIn,
    DecisionIn,
    ExtendIn,
    FeeNoticeIn,
    LawsuitIn,
    OnIn,
    ReceiveIn,
    RegisterPageOut,
    RegisterRowOut,
    RequestListOut,
    RequestOut,
    RequestRowOut,
    SupplementedIn,
    SupplementNoticeIn,
)
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


class _DateOnly(Protocol):
    """A ``DisclosureRequests`` command that records only a date (``OnIn``)."""

    def __call__(
        self, ref: str, as_officer: str, at: datetime, *, on: date, expected_version: int | None
    ) -> DisclosureRequest: ...


def _record_date(
    command: _DateOnly, ref: str, body: OnIn, actor: Actor, services: Services
) -> RequestOut:
    request = command(
        ref, actor.officer_id, now(), on=body.on, expected_version=body.expected_version
    )
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
    request = services.requests.receive(
        actor.officer_id,
        now(),
        channel=body.channel,
        received_on=body.received_on,
        applicant=body.applicant.model_dump(exclude_none=True),
        applicant_type=body.applicant_type,
        description=body.description,
        requested_form=body.requested_form,
    )
    response.headers["Location"] = f"/v1/requests/{request.number}"
    return _written(services, request)


@router.post(
    "/{ref}/confirm-receipt", summary="Confirm receipt of an online or fax request (Art. 31)"
)
def confirm_receipt(ref: str, body: OnIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    return _record_date(services.requests.confirm_receipt, ref, body, actor, services)


@router.post(
    "/{ref}/consult-end", summary="The consultation ends; the clock runs again (Arts. 32, 34)"
)
def consult_end(ref: str, body: OnIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    return _record_date(services.requests.end_consultation, ref, body, actor, services)


@router.post("/{ref}/fee-paid", summary="The fee is paid; the clock runs again (Art. 42)")
def fee_paid(ref: str, body: OnIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    return _record_date(services.requests.fee_paid, ref, body, actor, services)


@router.post("/{ref}/deemed-abandoned", summary="No supplement in time: deemed abandoned (Art. 30)")
def deemed_abandoned(ref: str, body: OnIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    return _record_date(services.requests.deem_abandoned, ref, body, actor, services)


@router.post("/{ref}/deemed-withdrawn", summary="Fee unpaid in time: deemed withdrawn (Art. 42)")
def deemed_withdrawn(ref: str, body: OnIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    return _record_date(services.requests.deem_withdrawn_unpaid, ref, body, actor, services)


@router.post("/{ref}/withdraw", summary="The applicant withdraws the request (申请人撤回)")
def withdraw(ref: str, body: OnIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    return _record_date(services.requests.withdraw, ref, body, actor, services)


@router.post("/{ref}/reconsideration", summary="行政复议 filed (Art. 51)")
def reconsideration(ref: str, body: OnIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    return _record_date(services.requests.file_reconsideration, ref, body, actor, services)


@router.post(
    "/{ref}/supplement-notice", summary="补正 notice, once, within 7 working days (Art. 30)"
)
def supplement_notice(
    ref: str, body: SupplementNoticeIn, actor: HandlerDep, services: ServicesDep
) -> RequestOut:
    request = services.requests.request_supplement(
        ref,
        actor.officer_id,
        now(),
        on=body.on,
        items=body.items,
        allowed_days=body.allowed_days,
        expected_version=body.expected_version,
    )
    return _written(services, request)


@router.post("/{ref}/supplemented", summary="The supplement is received; the period restarts")
def supplemented(
    ref: str, body: SupplementedIn, actor: HandlerDep, services: ServicesDep
) -> RequestOut:
    request = services.requests.supplemented(
        ref,
        actor.officer_id,
        now(),
        on=body.on,
        justification=body.justification,
        expected_version=body.expected_version,
    )
    return _written(services, request)


@router.post("/{ref}/consult", summary="Consult a third party or another agency (Arts. 32, 34)")
def consult(ref: str, body: ConsultIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    request = services.requests.start_consultation(
        ref,
        actor.officer_id,
        now(),
        party=body.party,
        on=body.on,
        expected_version=body.expected_version,
    )
    return _written(services, request)


@router.post("/{ref}/extend", summary="One extension of ≤ 20 working days (office head, Art. 33)")
def extend(ref: str, body: ExtendIn, actor: OfficeHeadDep, services: ServicesDep) -> RequestOut:
    request = services.requests.extend(
        ref,
        actor.officer_id,
        now(),
        on=body.on,
        days=body.days,
        reason=body.reason,
        expected_version=body.expected_version,
    )
    return _written(services, request)


@router.post("/{ref}/fee-notice", summary="Written fee notice by items or pages (Art. 42)")
def fee_notice(ref: str, body: FeeNoticeIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    request = services.requests.notice_fee(
        ref,
        actor.officer_id,
        now(),
        on=body.on,
        method=body.method,
        count=body.count,
        expected_version=body.expected_version,
    )
    return _written(services, request)


@router.post("/{ref}/answer", summary="The answer, with one Table 3 outcome (Arts. 35–39)")
def answer(ref: str, body: AnswerIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    request = services.requests.answer(
        ref,
        actor.officer_id,
        now(),
        on=body.on,
        outcome=body.outcome,
        item_ids=body.item_ids,
        items=body.items,
        delivery_form=body.delivery_form,
        expected_version=body.expected_version,
    )
    return _written(services, request)


@router.post("/{ref}/reconsideration-decision", summary="The reconsideration's result")
def reconsideration_decision(
    ref: str, body: DecisionIn, actor: HandlerDep, services: ServicesDep
) -> RequestOut:
    request = services.requests.decide_reconsideration(
        ref,
        actor.officer_id,
        now(),
        on=body.on,
        result=body.result,
        expected_version=body.expected_version,
    )
    return _written(services, request)


@router.post("/{ref}/lawsuit", summary="行政诉讼 filed, directly or after reconsideration")
def lawsuit(ref: str, body: LawsuitIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    request = services.requests.file_lawsuit(
        ref,
        actor.officer_id,
        now(),
        on=body.on,
        after_reconsideration=body.after_reconsideration,
        expected_version=body.expected_version,
    )
    return _written(services, request)


@router.post("/{ref}/lawsuit-decision", summary="The court's result")
def lawsuit_decision(
    ref: str, body: DecisionIn, actor: HandlerDep, services: ServicesDep
) -> RequestOut:
    request = services.requests.decide_lawsuit(
        ref,
        actor.officer_id,
        now(),
        on=body.on,
        result=body.result,
        expected_version=body.expected_version,
    )
    return _written(services, request)
