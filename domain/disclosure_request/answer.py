"""依申请公开: the answer (答复), OGI Regulation Arts. 35–39, with exactly one of the annual
report's Table 3 outcomes (``domain.disclosure_request.outcomes``).

The two outcomes that close a request for the applicant's default need that default: no
supplement within the time allowed (Art. 30), no payment within 20 working days of
receiving the fee notice (国办函〔2020〕109号; Art. 42 only stops the clock).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
from domain.disclosure_request.answer_reasons import (
    ANSWER_SCHEMA,
    check_content,
    check_reasons,
)
from domain.disclosure_request.deadlines import answer_due
from domain.disclosure_request.letters import Letter, letter_for
from domain.errors import RuleViolation

# Renders a letter and returns the SHA-256 (hex) of the PDF the applicant receives.
LetterHasher = Callable[[Letter], str]

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
    reasons: str | None = None,
    articles: Sequence[str] = (),
    issuing_office: str | None = None,
    letter: LetterHasher | None = None,
) -> None:
    """Arts. 35–39: the answer, with exactly one Table 3 outcome, its reasons and legal
    basis (Art. 36) and the hash of its letter; records whether it was late."""
    actor.require("request_handler")
    check_open(request)
    chosen = check_choice(outcome, outcomes.OUTCOME_CODES, "OUTCOME_UNKNOWN", "outcome")
    check_started(request)
    iso = check_on(request, answered_on, "answered_on")
    _check_answerable(request, chosen, answered_on)
    data = answer_data(
        request,
        iso,
        chosen,
        items,
        content_sha256s,
        delivery_form,
        reasons,
        articles,
        issuing_office,
        letter,
    )
    due = answer_due(request, calendar)
    late = due is not None and answered_on > due.due
    request._record("Answered", actor, at, **data, **rules.deadline_json(due), late=late)


def answer_data(
    request: DisclosureRequest,
    iso: str,
    outcome: str,
    items: int,
    content_sha256s: Sequence[str],
    delivery_form: str,
    reasons: str | None,
    articles: Sequence[str],
    issuing_office: str | None,
    letter: LetterHasher | None,
    kind: str = "answer",
    **extra: Any,
) -> dict[str, Any]:
    """The fields of an answer entry (schema 2), the letter's hash last: the letter is
    rendered from exactly the other fields."""
    content = check_content(outcome, items, content_sha256s)
    reasons_text, cited = check_reasons(outcome, reasons, articles)
    data: dict[str, Any] = {
        "answer_schema": ANSWER_SCHEMA,
        "answered_on": iso,
        "outcome": outcome,
        **content,
        "delivery_form": check_text(delivery_form, "delivery_form"),
        "reasons": reasons_text,
        "articles": cited,
        "issuing_office": None if issuing_office is None else check_text(issuing_office, "office"),
        **extra,
    }
    data["letter_sha256"] = None
    if letter is not None:
        office = data["issuing_office"] or ""
        drafted = letter_for(kind, str(request.number), data, office)
        data["letter_sha256"] = check_sha256(letter(drafted), "letter_sha256")
    return data


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
