"""Request bodies of the officers' request commands, the officers' view of a request and
the public register's rows.

Input models shape the JSON, and their schema lists the domain's vocabularies
(``api.http.schemas.vocabulary``); the rules themselves (vocabularies, dates in order,
deadlines, who may do what) are the domain's, so a broken rule comes back with its own code.
Output models never carry the applicant or the description: both are sealed in the
ledger and no view reads them back.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.http.schemas.vocabulary import (
    ApplicantType,
    Channel,
    ConsultationParty,
    FeeMethod,
    Outcome,
    RemedyResult,
)
from projections.register_queries import RegisterRow


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Command(_In):
    on: date = Field(description="The date of this step (China Standard Time).")
    expected_version: int | None = Field(
        None, ge=1, description="The request version last seen; 409 if the request moved on."
    )


class ApplicantIn(_In):
    """Art. 29: who applies. Sealed in the ledger; only a keyed pseudonym stays in clear."""

    name: str = Field(examples=["张三"])
    id_number: str | None = Field(None, description="身份证号 or 统一社会信用代码.")
    contact: str | None = Field(None, description="Telephone, e-mail or address for replies.")
    address: str | None = None


class ReceiveIn(_In):
    channel: Channel = Field(description="How the request arrived (Art. 31).")
    received_on: date
    applicant_type: ApplicantType = Field(description="The annual report's Table 3 columns.")
    applicant: ApplicantIn
    description: str = Field(description="The information requested (sealed).")
    requested_form: str = Field("electronic", examples=["electronic", "paper"])


class OnIn(_Command):
    pass


class SupplementNoticeIn(_Command):
    items: list[str] = Field(min_length=1, description="What the applicant must supplement.")
    allowed_days: int = Field(15, description="Working days allowed for the supplement.")


class SupplementedIn(_Command):
    justification: str | None = Field(None, description="正当理由 for a late supplement.")


class ConsultIn(_Command):
    party: ConsultationParty = Field(description="third-party (Art. 32) | agency (Art. 34)")


class ExtendIn(_Command):
    days: int = Field(description="At most 20 working days (Art. 33).")
    reason: str


class FeeNoticeIn(_Command):
    method: FeeMethod = Field(description="items (按件) | pages (按量)")
    count: int = Field(description="Items (件) or pages of this request.")


class AnswerIn(_Command):
    outcome: Outcome = Field(description="A Table 3 outcome code.")
    item_ids: list[str] = Field(
        default_factory=list, description="Information items provided (approved content)."
    )
    items: int | None = Field(None, description="Items provided (default: len(item_ids)).")
    delivery_form: str = "electronic"


class LawsuitIn(_Command):
    after_reconsideration: bool | None = Field(
        None, description="Default: after the reconsideration if one was filed."
    )


class DecisionIn(_Command):
    result: RemedyResult


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
