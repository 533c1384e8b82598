"""依申请公开: the new answer a remedy orders (责令重新答复). A reconsideration decision
or a court judgment that corrects the decision on a request (result ``corrected``,
OGI Regulation Art. 51; 行政复议法, 行政诉讼法) allows one new answer, recorded as
``Reanswered`` and chained to that decision by its sequence number in the stream.
Without such a decision an answered request stays answered (``ALREADY_ANSWERED``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from domain.aggregate import Actor
from domain.checks import check_choice
from domain.disclosure_request import outcomes
from domain.disclosure_request._guards import check_on, check_received
from domain.disclosure_request.answer import LetterHasher, answer_data
from domain.errors import RuleViolation
from ledger.events import Recorded

if TYPE_CHECKING:
    from domain.disclosure_request.request import DisclosureRequest

# The outcomes for the applicant's default (Arts. 30, 42) are not answers a remedy orders.
_NOT_REANSWERS = frozenset({outcomes.NO_SUPPLEMENT, outcomes.UNPAID_FEE})


@dataclass(frozen=True, slots=True)
class ReanswerOrder:
    """The decision that ordered a new answer: which remedy, its entry's seq, its date."""

    kind: str  # reconsideration | lawsuit
    seq: int
    decided_on: date

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "seq": self.seq, "decided_on": self.decided_on.isoformat()}


def reanswer(
    request: DisclosureRequest,
    actor: Actor,
    at: datetime,
    *,
    answered_on: date,
    outcome: str,
    items: int,
    content_sha256s: Sequence[str],
    delivery_form: str,
    reasons: str | None = None,
    articles: Sequence[str] = (),
    issuing_office: str | None = None,
    letter: LetterHasher | None = None,
) -> None:
    """The new answer ordered by a corrected remedy decision, with the same content
    rules as an answer (reasons, articles, reviewed content, letter)."""
    actor.require("request_handler")
    order = check_reanswer_ordered(request)
    chosen = check_choice(outcome, outcomes.OUTCOME_CODES, "OUTCOME_UNKNOWN", "outcome")
    if chosen in _NOT_REANSWERS:
        raise RuleViolation(
            "OUTCOME_NOT_ALLOWED", f"a re-answer cannot be {chosen}", outcome=chosen
        )
    iso = check_on(request, answered_on, "answered_on")
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
        kind="reanswer",
        decision=order.to_json(),
    )
    request._record("Reanswered", actor, at, **data)


def ordered(order: ReanswerOrder | None, decided: Recorded, on: date) -> ReanswerOrder | None:
    """The order standing after a remedy decision: a corrected one orders a new answer."""
    if decided.data["result"] != "corrected":
        return order
    kind = "lawsuit" if decided.name == "LawsuitDecided" else "reconsideration"
    return ReanswerOrder(kind, decided.seq, on)


def check_reanswer_ordered(request: DisclosureRequest) -> ReanswerOrder:
    """A corrected decision not yet followed by a re-answer (``REANSWER_NOT_ORDERED``);
    an open request is answered, not re-answered (``REQUEST_OPEN``)."""
    check_received(request)
    if request.is_open:
        raise RuleViolation(
            "REQUEST_OPEN", f"request {request.number} is open: answer it", status=request.status
        )
    order = request._reanswer_order  # folded from the remedy decisions (``ordered``)
    if order is None:
        raise RuleViolation(
            "REANSWER_NOT_ORDERED",
            f"request {request.number}: no reconsideration or court decision corrected it "
            "since its last answer",
            status=request.status,
        )
    return order
