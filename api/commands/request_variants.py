"""The officers' request commands for the statutory variants (依申请公开): the end of a
consultation with the consulted party's reply (Arts. 32, 34), the written notice to a
third party the agency discloses over (Art. 32), and for requests clearly beyond a
reasonable number the reasons asked and the reasonable period set (Art. 35). Shared by
``/v1/requests`` and ``gongkai request …`` as ``api.commands.requests`` is."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from api.commands.requests import _Command
from api.commands.vocabulary import Text, one_of
from domain.disclosure_request import DisclosureRequest
from domain.disclosure_request.service import DisclosureRequests
from domain.disclosure_request.third_party import REPLIES

ConsultationReply = Annotated[Text, one_of(REPLIES)]


class ConsultEndIn(_Command):
    reply: ConsultationReply = Field(
        "none",
        description="consent | objection | none (no reply). Art. 34: an agency silent past "
        "its 15 working days is recorded as deemed to consent.",
    )


class ThirdPartyNoticeIn(_Command):
    reasons: str = Field(
        description="Why the information is disclosed over the objection (Art. 32: the "
        "public interest), as written to the third party."
    )


class ReasonsAskedIn(_Command):
    note: str = Field(description="What the applicant is asked to explain (Art. 35).")


class ReasonablePeriodIn(_Command):
    reasons: str = Field(description="Why the answer needs a longer, reasonable period.")
    due: date = Field(description="The new answer due date, notified to the applicant.")


def end_consultation(
    requests: DisclosureRequests, ref: str, body: ConsultEndIn, actor: str, at: datetime
) -> DisclosureRequest:
    """Arts. 32, 34: the consultation ends with the party's reply; the clock runs."""
    return requests.end_consultation(
        ref, actor, at, on=body.on, reply=body.reply, expected_version=body.expected_version
    )


def notify_third_party(
    requests: DisclosureRequests, ref: str, body: ThirdPartyNoticeIn, actor: str, at: datetime
) -> DisclosureRequest:
    """Art. 32: the written notice to an objecting third party before disclosing."""
    return requests.notify_third_party(
        ref, actor, at, on=body.on, reasons=body.reasons, expected_version=body.expected_version
    )


def ask_reasons(
    requests: DisclosureRequests, ref: str, body: ReasonsAskedIn, actor: str, at: datetime
) -> DisclosureRequest:
    """Art. 35: ask the applicant to explain a clearly unreasonable number of requests."""
    return requests.ask_reasons(
        ref, actor, at, on=body.on, note=body.note, expected_version=body.expected_version
    )


def set_reasonable_period(
    requests: DisclosureRequests, ref: str, body: ReasonablePeriodIn, actor: str, at: datetime
) -> DisclosureRequest:
    """Art. 35: the reasonable answer date, notified to the applicant (office head)."""
    return requests.set_reasonable_period(
        ref,
        actor,
        at,
        on=body.on,
        reasons=body.reasons,
        due=body.due,
        expected_version=body.expected_version,
    )
