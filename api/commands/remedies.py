"""行政复议 and 行政诉讼 not tied to a request (Art. 51; annual report Table 4), each command
declared once: ``gongkai remedy file|decide`` and ``POST /v1/remedies``,
``POST /v1/remedies/{reference}/decision`` call these. A case is named by its reference
(the case number), which names its stream."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.services import Services
from domain.remedy_case import RemedyCase


class CaseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reference: str = Field(description="The case number, e.g. 示复〔2026〕3号.")
    kind: Literal["reconsideration", "lawsuit"] = Field(description="行政复议 | 行政诉讼")
    subject: Literal["proactive", "third_party", "other"] = Field(
        description="proactive (主动公开) | third_party (a third party against a disclosure) "
        "| other"
    )
    on: date = Field(description="The day the case was filed (受理).")
    after_reconsideration: bool = Field(False, description="A lawsuit after reconsideration.")
    item_id: str | None = Field(None, description="The information item concerned, if any.")


class CaseDecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    on: date = Field(description="The day of the decision or judgment.")
    result: Literal["upheld", "corrected", "other", "pending"] = Field(
        description="upheld (维持) | corrected (纠正) | other | pending"
    )


def file_case(services: Services, body: CaseIn, actor: str, at: datetime) -> dict[str, Any]:
    """Record ``RemedyCase.Filed`` (request handler). Raises RuleViolation."""
    office, stream = services.office, case_stream(services, body.reference)
    case = office.repo.load(RemedyCase, stream, stream, must_exist=False)
    case.file(
        office.actor(actor), at, reference=body.reference, kind=body.kind,
        subject=body.subject, on=body.on, after_reconsideration=body.after_reconsideration,
        item_id=body.item_id,
    )  # fmt: skip
    return _saved(services, case, stream, body.reference)


def decide_case(
    services: Services, reference: str, body: CaseDecisionIn, actor: str, at: datetime
) -> dict[str, Any]:
    """Record ``RemedyCase.Decided`` (request handler). Raises RuleViolation."""
    office, stream = services.office, case_stream(services, reference)
    case = office.repo.load(RemedyCase, stream, stream, must_exist=False)
    case.decide(office.actor(actor), at, on=body.on, result=body.result)
    return _saved(services, case, stream, reference)


def case_stream(services: Services, reference: str) -> str:
    return services.office.stream(f"remedy:{reference.strip()}")


def _saved(services: Services, case: RemedyCase, stream: str, reference: str) -> dict[str, Any]:
    saved = services.office.repo.save(case, stream)
    return {
        "reference": reference,
        "stream": stream,
        "kind": case.kind,
        "result": case.result,
        "seq": saved[-1].entry.seq,
        "leaf_hash": saved[-1].leaf_hash,
    }
