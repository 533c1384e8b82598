"""The officers' request commands (依申请公开), each declared once: its input model and
its one call into ``DisclosureRequests``.

The models shape the JSON of ``/v1/requests`` and the options of ``gongkai request …``;
their schema lists the domain's vocabularies (``api.commands.vocabulary``), while the
rules themselves (vocabularies, dates in order, deadlines, who may do what) stay the
domain's, so a broken rule comes back with its own code. ``ref`` is a request's id or its
number (``2026-0001``). Steps that record only a date share ``OnIn`` and one table,
``DATE_STEPS``, named as their route and their verb are.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from api.commands.vocabulary import (
    ApplicantType,
    Channel,
    ConsultationParty,
    FeeMethod,
    Outcome,
    RemedyResult,
)
from domain.disclosure_request import DisclosureRequest
from domain.disclosure_request.answer import LetterHasher
from domain.disclosure_request.service import DisclosureRequests


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
    allowed_days: int = Field(
        15,
        description="Working days allowed for the supplement (Art. 30: a reasonable period; "
        "15 is this product's default, at most 60).",
    )


class SupplementedIn(_Command):
    justification: str | None = Field(None, description="正当理由 for a late supplement.")


class ConsultIn(_Command):
    party: ConsultationParty = Field(description="third-party (Art. 32) | agency (Art. 34)")


class ExtendIn(_Command):
    days: int = Field(description="At most 20 working days (Art. 33).")
    reason: str = Field(description="Published with the entry: no personal data.")
    no_personal_data: bool = Field(
        False,
        description="The office head confirms the reason holds no personal data (required).",
    )
    notified_on: date | None = Field(
        None,
        description="The day the applicant was notified of the extension; omitted, the "
        "extension is an accountability finding until its letter is issued.",
    )


class FeeNoticeIn(_Command):
    method: FeeMethod = Field(description="items (按件) | pages (按量)")
    count: int = Field(description="Items (件) or pages of this request.")
    received_on: date | None = Field(
        default=None,
        description="The day the applicant received the notice (the same day if handed "
        "over or sent electronically); the 20 working days to pay (109号) run from it. "
        "Omitted: record it later with fee-notice-received.",
    )


class AnswerIn(_Command):
    outcome: Outcome = Field(description="A Table 3 outcome code.")
    item_ids: list[str] = Field(
        default_factory=list, description="Information items provided (approved content)."
    )
    items: int | None = Field(None, description="Items provided (default: len(item_ids)).")
    delivery_form: str = "electronic"
    reasons: str | None = Field(
        None, description="Why less than asked was given (required unless disclosed; Art. 36)."
    )
    articles: list[str] = Field(
        default_factory=list,
        description="Articles of the OGI Regulation the answer rests on, e.g. 14, 36(三).",
        examples=[["14", "36(三)"]],
    )


class LawsuitIn(_Command):
    after_reconsideration: bool | None = Field(
        None, description="Default: after the reconsideration if one was filed."
    )


class DecisionIn(_Command):
    result: RemedyResult


# --- the commands ---------------------------------------------------------------------


def receive(
    requests: DisclosureRequests, body: ReceiveIn, actor: str, at: datetime
) -> DisclosureRequest:
    """Art. 29: record a request received (request handler)."""
    return requests.receive(
        actor,
        at,
        channel=body.channel,
        received_on=body.received_on,
        applicant=body.applicant.model_dump(exclude_none=True),
        applicant_type=body.applicant_type,
        description=body.description,
        requested_form=body.requested_form,
    )


class _DateOnly(Protocol):
    """A ``DisclosureRequests`` command that records only a date (``OnIn``)."""

    def __call__(
        self, ref: str, as_officer: str, at: datetime, *, on: date, expected_version: int | None
    ) -> DisclosureRequest: ...


DateStep = Literal[
    "confirm-receipt",
    "fee-notice-received",
    "fee-paid",
    "deemed-abandoned",
    "deemed-withdrawn",
    "withdraw",
    "reconsideration",
]
DATE_STEPS: dict[DateStep, Callable[[DisclosureRequests], _DateOnly]] = {
    "confirm-receipt": lambda r: r.confirm_receipt,  # Art. 31
    "fee-notice-received": lambda r: r.fee_notice_received,  # 109号
    "fee-paid": lambda r: r.fee_paid,  # Art. 42
    "deemed-abandoned": lambda r: r.deem_abandoned,  # Art. 30
    "deemed-withdrawn": lambda r: r.deem_withdrawn_unpaid,  # 109号
    "withdraw": lambda r: r.withdraw,  # 申请人撤回
    "reconsideration": lambda r: r.file_reconsideration,  # Art. 51
}


def record_date(
    requests: DisclosureRequests, step: DateStep, ref: str, body: OnIn, actor: str, at: datetime
) -> DisclosureRequest:
    """A step that records only its date (``DATE_STEPS``)."""
    command = DATE_STEPS[step](requests)
    return command(ref, actor, at, on=body.on, expected_version=body.expected_version)


def request_supplement(
    requests: DisclosureRequests, ref: str, body: SupplementNoticeIn, actor: str, at: datetime
) -> DisclosureRequest:
    """Art. 30: the 补正 notice, once, within 7 working days."""
    return requests.request_supplement(
        ref,
        actor,
        at,
        on=body.on,
        items=body.items,
        allowed_days=body.allowed_days,
        expected_version=body.expected_version,
    )


def supplemented(
    requests: DisclosureRequests, ref: str, body: SupplementedIn, actor: str, at: datetime
) -> DisclosureRequest:
    """Art. 30: the supplement is received; the answer period restarts."""
    return requests.supplemented(
        ref,
        actor,
        at,
        on=body.on,
        justification=body.justification,
        expected_version=body.expected_version,
    )


def consult(
    requests: DisclosureRequests, ref: str, body: ConsultIn, actor: str, at: datetime
) -> DisclosureRequest:
    """Arts. 32, 34: consult a third party or another agency; the clock stops."""
    return requests.start_consultation(
        ref, actor, at, party=body.party, on=body.on, expected_version=body.expected_version
    )


def extend(
    requests: DisclosureRequests, ref: str, body: ExtendIn, actor: str, at: datetime
) -> DisclosureRequest:
    """Art. 33: one extension of at most 20 working days (office head)."""
    return requests.extend(
        ref,
        actor,
        at,
        on=body.on,
        days=body.days,
        reason=body.reason,
        notified_on=body.notified_on,
        no_personal_data=body.no_personal_data,
        expected_version=body.expected_version,
    )


def notice_fee(
    requests: DisclosureRequests, ref: str, body: FeeNoticeIn, actor: str, at: datetime
) -> DisclosureRequest:
    """Art. 42: the written fee notice, by items or pages."""
    return requests.notice_fee(
        ref,
        actor,
        at,
        on=body.on,
        method=body.method,
        count=body.count,
        received_on=body.received_on,
        expected_version=body.expected_version,
    )


def answer(
    requests: DisclosureRequests,
    ref: str,
    body: AnswerIn,
    actor: str,
    at: datetime,
    letter: LetterHasher | None = None,
) -> DisclosureRequest:
    """Arts. 35–39: the answer, with exactly one Table 3 outcome, its reasons and the
    hash of its letter (rendered by ``letter``)."""
    return requests.answer(
        ref,
        actor,
        at,
        on=body.on,
        outcome=body.outcome,
        item_ids=body.item_ids,
        items=body.items,
        delivery_form=body.delivery_form,
        expected_version=body.expected_version,
        reasons=body.reasons,
        articles=body.articles,
        letter=letter,
    )


def reanswer(
    requests: DisclosureRequests,
    ref: str,
    body: AnswerIn,
    actor: str,
    at: datetime,
    letter: LetterHasher | None = None,
) -> DisclosureRequest:
    """责令重新答复: the new answer ordered by a corrected remedy decision."""
    return requests.reanswer(
        ref,
        actor,
        at,
        on=body.on,
        outcome=body.outcome,
        item_ids=body.item_ids,
        items=body.items,
        delivery_form=body.delivery_form,
        expected_version=body.expected_version,
        reasons=body.reasons,
        articles=body.articles,
        letter=letter,
    )


def decide_reconsideration(
    requests: DisclosureRequests, ref: str, body: DecisionIn, actor: str, at: datetime
) -> DisclosureRequest:
    """Art. 51: the reconsideration's result."""
    return requests.decide_reconsideration(
        ref, actor, at, on=body.on, result=body.result, expected_version=body.expected_version
    )


def file_lawsuit(
    requests: DisclosureRequests, ref: str, body: LawsuitIn, actor: str, at: datetime
) -> DisclosureRequest:
    """Art. 51: 行政诉讼 filed, directly or after reconsideration."""
    return requests.file_lawsuit(
        ref,
        actor,
        at,
        on=body.on,
        after_reconsideration=body.after_reconsideration,
        expected_version=body.expected_version,
    )


def decide_lawsuit(
    requests: DisclosureRequests, ref: str, body: DecisionIn, actor: str, at: datetime
) -> DisclosureRequest:
    """Art. 51: the court's result."""
    return requests.decide_lawsuit(
        ref, actor, at, on=body.on, result=body.result, expected_version=body.expected_version
    )
