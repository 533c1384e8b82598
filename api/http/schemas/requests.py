"""The officers' view of a request and the public register's rows.

The request bodies of the request commands are declared once, with their call into the
domain, in ``api.commands.requests``. Output models never carry the applicant or the
description: both are sealed in the ledger and no view reads them back.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from projections.register_queries import RegisterRow

# --- the officers' view ---------------------------------------------------------------


class EventOut(BaseModel):
    seq: int
    event: str
    at: str
    actor: str
    leaf_hash: str | None
    data: dict[str, Any]


class RequestOut(BaseModel):
    """A request as officers see it: every deadline, days left, history."""

    id: str
    number: str | None
    version: int
    status: str
    channel: str | None
    applicant_type: str | None
    received_on: str | None
    receipt_on: str | None
    clock_start: str | None
    answer_due: str | None
    answer_due_provisional: bool | None
    supplement_notice_due: str | None
    supplement_notice_due_provisional: bool | None
    days_remaining: int | None
    overdue: bool
    extension_days: int
    supplement: dict[str, Any] | None
    consultation: dict[str, Any] | None
    consultation_replies: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Arts. 32, 34: each consultation's reply (consent, objection, none); "
        "an agency silent past its 15 working days is deemed_consent.",
    )
    reasonable_due: str | None = Field(
        None, description="Art. 35: the reasonable answer date set and notified, if any."
    )
    fees: list[dict[str, Any]]
    outcome: str | None
    outcome_label: str | None
    late: bool | None
    closed_on: str | None
    handling_officer: str | None
    reconsideration: dict[str, Any] | None
    lawsuit: dict[str, Any] | None
    history: list[EventOut]


class RequestRowOut(BaseModel):
    """One row of the officers' list."""

    id: str
    number: str
    status: str
    channel: str
    applicant_type: str
    received_on: str
    answer_due: str | None
    answer_due_provisional: bool | None
    supplement_notice_due: str | None
    days_remaining: int | None
    overdue: bool
    outcome: str | None
    late: bool | None
    handling_officer: str
    handling_unit: str | None
    answered_by: str | None = Field(description="Who answered (a late answer counts against them).")
    answered_unit: str | None
    reconsideration: str | None
    lawsuit: str | None


class RequestListOut(BaseModel):
    requests: list[RequestRowOut]
    next_cursor: str | None = None


# --- the public register ----------------------------------------------------------------


class RegisterRowOut(BaseModel):
    """One public register row: no personal data; the applicant type of organisations only."""

    number: str
    request_id: str
    received_on: str
    status: str
    applicant_type: str | None = Field(description="Organisations only; null for a person.")
    answer_due: str | None
    answer_due_provisional: bool | None
    overdue: bool = Field(description="Open and past its answer due date today.")
    answered_on: str | None
    answered_late: bool | None
    outcome: str | None
    outcome_label: str | None
    leaf_hash: str = Field(description="The request's latest entry (ask for its proof).")
    log_index: int

    @classmethod
    def of(cls, row: RegisterRow, overdue: bool) -> RegisterRowOut:
        return cls(
            number=row.number,
            request_id=row.request_id,
            received_on=row.received_on,
            status=row.status,
            applicant_type=row.applicant_type,
            answer_due=row.answer_due,
            answer_due_provisional=row.answer_due_provisional,
            overdue=overdue,
            answered_on=row.answered_on,
            answered_late=row.answered_late,
            outcome=row.outcome,
            outcome_label=row.outcome_label,
            leaf_hash=row.leaf_hash,
            log_index=row.log_index,
        )


class RegisterPageOut(BaseModel):
    requests: list[RegisterRowOut]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page.")
