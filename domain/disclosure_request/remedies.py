"""依申请公开: the end of a request — withdrawal by the applicant, remedies (行政复议,
行政诉讼, OGI Regulation Art. 51) and deadlines recomputed on a newly recorded calendar.

Remedies may be sought against an answer, a request deemed abandoned or withdrawn, or an
answer overdue (不履行法定职责): Art. 51 covers any act of disclosure work that the
applicant believes infringes their rights, not answers only.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from domain.aggregate import Actor
from domain.calendar.working_calendar import WorkingCalendar
from domain.checks import check_choice
from domain.disclosure_request import rules
from domain.disclosure_request._guards import (
    check_on,
    check_open,
    check_received,
)
from domain.disclosure_request.deadlines import days_remaining
from domain.disclosure_request.rules import Remedy
from domain.errors import RuleViolation

if TYPE_CHECKING:
    from domain.disclosure_request.request import DisclosureRequest


def withdraw_by_applicant(
    request: DisclosureRequest, actor: Actor, at: datetime, *, on: date
) -> None:
    """The applicant withdraws the request (申请人撤回申请) before it is answered."""
    actor.require("request_handler")
    check_open(request)
    request._record("WithdrawnByApplicant", actor, at, on=check_on(request, on))


def file_reconsideration(
    request: DisclosureRequest, actor: Actor, at: datetime, *, on: date, calendar: WorkingCalendar
) -> None:
    """行政复议 filed (Art. 51); once, and not after a lawsuit."""
    actor.require("request_handler")
    if request.reconsideration is not None:
        raise RuleViolation(
            "RECONSIDERATION_ALREADY_FILED",
            "a reconsideration of this request is already on file",
            filed_on=request.reconsideration.filed_on.isoformat(),
        )
    if request.lawsuit is not None:
        raise RuleViolation(
            "LAWSUIT_ALREADY_FILED",
            "a lawsuit was filed; reconsideration is no longer open",
            filed_on=request.lawsuit.filed_on.isoformat(),
        )
    iso = check_on(request, on)
    _check_challengeable(request, on, calendar)
    request._record("ReconsiderationFiled", actor, at, on=iso)


def decide_reconsideration(
    request: DisclosureRequest, actor: Actor, at: datetime, *, on: date, result: str
) -> None:
    """The reconsideration's result: upheld, corrected, other, or still pending."""
    actor.require("request_handler")
    data = _check_decision(request, request.reconsideration, "RECONSIDERATION", on, result)
    request._record("ReconsiderationDecided", actor, at, **data)


def file_lawsuit(
    request: DisclosureRequest,
    actor: Actor,
    at: datetime,
    *,
    on: date,
    after_reconsideration: bool,
    calendar: WorkingCalendar,
) -> None:
    """行政诉讼 filed, directly or after reconsideration (Table 4 counts them apart)."""
    actor.require("request_handler")
    if request.lawsuit is not None:
        raise RuleViolation(
            "LAWSUIT_ALREADY_FILED",
            "a lawsuit about this request is already on file",
            filed_on=request.lawsuit.filed_on.isoformat(),
        )
    if not isinstance(after_reconsideration, bool):
        raise RuleViolation(
            "FIELD_REQUIRED",
            "after_reconsideration must be a bool",
            field="after_reconsideration",
        )
    if after_reconsideration and request.reconsideration is None:
        raise RuleViolation("NO_RECONSIDERATION", "no reconsideration was filed")
    if not after_reconsideration and request.reconsideration is not None:
        raise RuleViolation(
            "RECONSIDERATION_FILED",
            "a reconsideration was filed: the lawsuit follows it",
            filed_on=request.reconsideration.filed_on.isoformat(),
        )
    iso = check_on(request, on)
    _check_challengeable(request, on, calendar)
    data = {"on": iso, "after_reconsideration": after_reconsideration}
    request._record("LawsuitFiled", actor, at, **data)


def decide_lawsuit(
    request: DisclosureRequest, actor: Actor, at: datetime, *, on: date, result: str
) -> None:
    """The court's result: upheld, corrected, other, or still pending."""
    actor.require("request_handler")
    data = _check_decision(request, request.lawsuit, "LAWSUIT", on, result)
    request._record("LawsuitDecided", actor, at, **data)


def _check_challengeable(request: DisclosureRequest, on: date, calendar: WorkingCalendar) -> None:
    """An answer, a deemed abandonment or withdrawal, or an answer overdue on ``on``."""
    check_received(request)
    if request.status in ("answered", "abandoned", "deemed_withdrawn"):
        return
    if request.is_open and days_remaining(request, calendar, on) < 0:
        return
    raise RuleViolation(
        "NOTHING_TO_CHALLENGE",
        f"request {request.number} is {request.status}: no decision and not overdue",
        status=request.status,
    )


def _check_decision(
    request: DisclosureRequest, remedy: Remedy | None, kind: str, on: date, result: str
) -> dict[str, str]:
    if remedy is None:
        raise RuleViolation(f"NO_{kind}", f"no {kind.lower()} was filed")
    if remedy.result != rules.PENDING:
        raise RuleViolation(
            f"{kind}_ALREADY_DECIDED",
            f"the {kind.lower()} was decided: {remedy.result}",
            result=remedy.result,
        )
    chosen = check_choice(result, rules.REMEDY_RESULTS, "REMEDY_RESULT_UNKNOWN", "result")
    return {"on": check_on(request, on), "result": chosen}
