"""依申请公开: the request received (Art. 29) and its receipt confirmed (Art. 31: in person
and by post the clock starts on receipt, online and by fax on the confirmation)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from domain.aggregate import Actor
from domain.calendar.working_calendar import WorkingCalendar
from domain.checks import check_choice, check_optional_text, check_text
from domain.disclosure_request import rules
from domain.disclosure_request._guards import check_on, check_open
from domain.disclosure_request.deadlines import due_after
from domain.errors import RuleViolation
from ledger.events import Sealed

# Schema 1 (no "schema" member) carried applicant_pseudonym in clear; schema 2 seals it.
RECEIVED_SCHEMA = 2

if TYPE_CHECKING:
    from domain.disclosure_request.request import DisclosureRequest


def receive(
    request: DisclosureRequest,
    actor: Actor,
    at: datetime,
    *,
    number: str,
    channel: str,
    received_on: date,
    applicant: Mapping[str, Any],
    applicant_type: str,
    description: str,
    requested_form: str,
    calendar: WorkingCalendar,
    applicant_pseudonym: str | None,
) -> None:
    """Art. 29 request received; the applicant and the description are sealed, and so
    is the applicant's pseudonym (schema 2): no public value links two requests of one
    applicant (the private index ``domain.disclosure_request.applicants`` does, unpublished)."""
    actor.require("request_handler")
    if not isinstance(applicant, Mapping) or not applicant:
        raise RuleViolation("APPLICANT_REQUIRED", "Art. 29: the applicant's identity")
    data: dict[str, Any] = {
        "number": check_text(number, "number"),
        "channel": check_choice(channel, rules.CHANNELS, "CHANNEL_UNKNOWN", "channel"),
        "received_on": check_on(request, received_on, "received_on"),
        "applicant": Sealed(dict(applicant)),
        "schema": RECEIVED_SCHEMA,
        "applicant_pseudonym": _sealed_pseudonym(applicant_pseudonym),
        "applicant_type": check_choice(
            applicant_type, rules.APPLICANT_TYPES, "APPLICANT_TYPE_UNKNOWN", "applicant_type"
        ),
        "description": Sealed(check_text(description, "description")),
        "requested_form": check_text(requested_form, "requested_form"),
    }
    starts = channel not in rules.CONFIRMED_CHANNELS
    due = due_after(request, calendar, start=received_on) if starts else None
    request._record("Received", actor, at, **data, **rules.deadline_json(due))


def _sealed_pseudonym(pseudonym: str | None) -> Sealed | None:
    checked = check_optional_text(pseudonym, "applicant_pseudonym")
    return None if checked is None else Sealed(checked)


def confirm_receipt(
    request: DisclosureRequest,
    actor: Actor,
    at: datetime,
    *,
    confirmed_on: date,
    calendar: WorkingCalendar,
) -> None:
    """Art. 31: an online, fax or unsigned-mail request is received when confirmed."""
    actor.require("request_handler")
    check_open(request)
    if request.channel not in rules.CONFIRMED_CHANNELS:
        raise RuleViolation(
            "RECEIPT_CONFIRMATION_NOT_NEEDED",
            f"a request by {request.channel} is received on the day it arrives",
            channel=request.channel,
        )
    if request.clock_start is not None:
        raise RuleViolation(
            "RECEIPT_ALREADY_CONFIRMED",
            f"receipt was confirmed on {request.receipt_on}",
            confirmed_on=str(request.receipt_on),
        )
    iso = check_on(request, confirmed_on, "confirmed_on")
    due = due_after(request, calendar, start=confirmed_on)
    request._record("ReceiptConfirmed", actor, at, confirmed_on=iso, **rules.deadline_json(due))
