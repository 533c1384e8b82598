"""依申请公开: the answer (答复), OGI Regulation Arts. 35–39, with exactly one of the annual
report's Table 3 outcomes (``domain.disclosure_request.outcomes``).

The two outcomes that close a request for the applicant's default need that default: no
supplement within the time allowed (Art. 30), no payment within 20 working days of
receiving the fee notice (国办函〔2020〕109号; Art. 42 only stops the clock).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from domain.aggregate import Actor
from domain.calendar.working_calendar import WorkingCalendar
from domain.checks import check_choice, check_sha256, check_text
from domain.disclosure_request import outcomes, rules
from domain.disclosure_request._guards import (
    check_fee_lapsed,
    check_no_consultation,
    check_no_fee_pending,
    check_no_supplement_pending,
    check_on,
    check_open,
    check_started,
    check_supplement_lapsed,
)
from domain.disclosure_request.deadlines import answer_due
from domain.errors import RuleViolation

if TYPE_CHECKING:
    from domain.disclosure_request.request import DisclosureRequest


def answer(
    request: DisclosureRequest,
    actor: Actor,
    at: datetime,
    *,
    answered_on: date,
    outcome: str,
    items: int,
    content_sha256s: Sequence[str],
    delivery_form: str,
    calendar: WorkingCalendar,
) -> None:
    """Arts. 35–39: the answer, with exactly one Table 3 outcome; records whether it
    was late against the answer due date."""
    actor.require("request_handler")
    check_open(request)
    chosen = check_choice(outcome, outcomes.OUTCOME_CODES, "OUTCOME_UNKNOWN", "outcome")
    check_started(request)
    iso = check_on(request, answered_on, "answered_on")
    _check_answerable(request, chosen, answered_on)
    data: dict[str, Any] = {
        "answered_on": iso,
        "outcome": chosen,
        **_check_content(chosen, items, content_sha256s),
        "delivery_form": check_text(delivery_form, "delivery_form"),
    }
    due = answer_due(request, calendar)
    late = due is not None and answered_on > due.due
    request._record("Answered", actor, at, **data, **rules.deadline_json(due), late=late)


def _check_answerable(request: DisclosureRequest, outcome: str, on: date) -> None:
    """The outcomes that close a request for the applicant's default need the default
    (Arts. 30, 42); every other outcome needs the clock running."""
    check_no_consultation(request)
    if outcome == outcomes.NO_SUPPLEMENT:
        check_supplement_lapsed(request, on)
        return
    if outcome == outcomes.UNPAID_FEE:
        check_fee_lapsed(request, on)
        return
    check_no_supplement_pending(request)
    check_no_fee_pending(request)
    supplement = request.supplement
    if outcome == outcomes.STILL_UNCLEAR and (
        supplement is None or supplement.supplemented_on is None
    ):
        raise RuleViolation(
            "OUTCOME_REQUIRES_SUPPLEMENT",
            "still unclear after a supplement: a supplement must have been received",
            outcome=outcome,
        )


def _check_content(outcome: str, items: int, content_sha256s: Sequence[str]) -> dict[str, Any]:
    """What was provided: only disclosing outcomes provide items (``CONTENT_NOT_ALLOWED``)."""
    count = rules.check_count(items, "items", "ITEMS_INVALID", 0)
    if isinstance(content_sha256s, str):
        raise RuleViolation("INVALID_HASH", "content_sha256s must be a list of SHA-256")
    hashes = [check_sha256(h, "content_sha256s") for h in content_sha256s]
    if outcome not in outcomes.PROVIDING and (count or hashes):
        raise RuleViolation(
            "CONTENT_NOT_ALLOWED",
            f"outcome {outcome} provides no information",
            outcome=outcome,
            items=count,
        )
    return {"items": count, "content_sha256s": hashes}
