"""What an applicant sees of their own request: state, deadlines and the letters
addressed to them (the steps of the request that the office sent or recorded), never
an officer's name and never anything about another request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from api.clock import today
from api.pages import _labels
from api.services import Services
from domain.disclosure_request.letters import EVENT_OF, KINDS, TITLES
from domain.disclosure_request.view import request_json

LETTERS = {
    "Received": "收到申请 Application received",
    "ReceiptConfirmed": "确认收到 Receipt confirmed (Art. 31)",
    "SupplementRequested": "补正通知 Request to supplement (Art. 30)",
    "Supplemented": "已补正 Supplement received",
    "DeemedAbandoned": "视为放弃 Deemed abandoned (Art. 30)",
    "ConsultationStarted": "征求意见 Consultation started (Art. 32)",
    "ConsultationEnded": "征求意见结束 Consultation ended",
    "Extended": "延期答复通知 Extension notice (Art. 33)",
    "FeeNoticed": "收费通知 Fee notice (Art. 42)",
    "FeePaid": "已缴费 Fee paid",
    "DeemedWithdrawn": "视为撤回 Deemed withdrawn (Art. 42)",
    "Answered": "答复 Answer",
    "WithdrawnByApplicant": "申请人撤回 Withdrawn by the applicant",
    "DeadlineRecomputed": "答复期限重新计算 Due date recomputed",
}
_DATE_KEYS = ("on", "confirmed_on", "received_on", "answered_on")


@dataclass(frozen=True)
class Letter:
    title: str
    on: str
    detail: str
    content: list[str]  # SHA-256 of what was provided: each checkable on /verify


@dataclass(frozen=True)
class Status:
    number: str
    state: str
    awaiting_confirmation: bool
    received_on: str | None
    receipt_on: str | None
    answer_due: str | None
    days_remaining: int | None
    overdue: bool
    outcome: str | None
    closed_on: str | None
    letters: list[Letter]
    documents: list[tuple[str, str]]  # (kind, title): the letters (告知书) to download


def _letter(event: dict[str, Any]) -> Letter | None:
    title = LETTERS.get(str(event["event"]))
    if title is None:
        return None
    data = event["data"]
    on = next((str(data[k]) for k in _DATE_KEYS if data.get(k)), str(event["at"])[:10])
    detail = ""
    if data.get("outcome"):
        detail = _labels.label(data["outcome"], "outcome")
    elif data.get("answer_due"):
        detail = f"答复期限 due {data['answer_due']}"
    elif data.get("items") and isinstance(data["items"], list):
        detail = "；".join(str(i) for i in data["items"])
    items = [str(h) for h in data.get("content_sha256s") or []]
    return Letter(title, on, detail, items)


def status_of(services: Services, number: str) -> Status:
    request = services.requests.get(number)
    view = request_json(request, services.requests.calendar(), today())
    letters = [found for e in view["history"] if (found := _letter(e)) is not None]
    recorded = {e.name for e in request.history}
    documents = [(kind, TITLES[kind]) for kind in KINDS if EVENT_OF[kind] in recorded]
    return Status(
        number=str(view["number"]),
        state=_labels.label(view["status"], "request_status"),
        awaiting_confirmation=view["status"] == "awaiting_confirmation",
        received_on=view["received_on"],
        receipt_on=view["receipt_on"],
        answer_due=view.get("answer_due"),
        days_remaining=view["days_remaining"],
        overdue=bool(view["overdue"]),
        outcome=view["outcome_label"],
        closed_on=view["closed_on"],
        letters=letters,
        documents=documents,
    )
