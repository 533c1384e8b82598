"""行政复议 and 行政诉讼 not tied to a disclosure request (OGI Regulation Art. 51; annual
report Table 4): a case about proactive disclosure (主动公开), or brought by a third
party against information the agency disclosed (Art. 32), or any other government
information disclosure case. Cases about a request are recorded on the request
(``domain.disclosure_request.remedies``); Table 4 counts both kinds alike.

A case is named by its reference (the reconsideration body's or the court's case
number, e.g. 示复〔2026〕3号), which also names its stream, so one case is recorded once.
No party is named: a third party may be a natural person.

    case = RemedyCase(stream)
    case.file(handler, at, reference="示复〔2026〕3号", kind="reconsideration",
        subject="third_party", on=date(2026, 5, 6))
    case.decide(handler, at, on=date(2026, 7, 1), result="upheld")
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Final

from domain.aggregate import Actor, Aggregate
from domain.checks import check_choice, check_date, check_not_before, check_text
from domain.errors import RuleViolation
from ledger.events import Recorded

KINDS: Final = ("reconsideration", "lawsuit")
SUBJECTS: Final = ("proactive", "third_party", "other")
RESULTS: Final = ("upheld", "corrected", "other", "pending")


class RemedyCase(Aggregate):
    """One reconsideration or lawsuit about government information disclosure."""

    aggregate_type = "RemedyCase"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self._kind: str | None = None
        self._filed_on: date | None = None
        self._result: str | None = None
        self._last_on: date | None = None

    @property
    def kind(self) -> str | None:
        return self._kind

    @property
    def result(self) -> str | None:
        """upheld, corrected, other, or pending (filed, not decided)."""
        return self._result

    def file(
        self, actor: Actor, at: datetime, *, reference: str, kind: str, subject: str, on: date,
        after_reconsideration: bool = False, item_id: str | None = None,
    ) -> None:  # fmt: skip
        """The case is filed (受理); ``after_reconsideration`` only for a lawsuit."""
        actor.require("request_handler")
        if self.exists:
            raise RuleViolation("REMEDY_ALREADY_FILED", f"case {reference} is recorded already")
        chosen = check_choice(kind, KINDS, "REMEDY_KIND_UNKNOWN", "kind")
        if after_reconsideration and chosen != "lawsuit":
            raise RuleViolation(
                "REMEDY_KIND_UNKNOWN", "only a lawsuit follows a reconsideration", kind=chosen
            )
        data = {
            "reference": check_text(reference, "reference"),
            "kind": chosen,
            "subject": check_choice(subject, SUBJECTS, "REMEDY_SUBJECT_UNKNOWN", "subject"),
            "on": check_date(on, "on"),
            "after_reconsideration": bool(after_reconsideration),
            "item_id": None if item_id is None else check_text(item_id, "item_id"),
        }
        self._record("Filed", actor, at, **data)

    def decide(self, actor: Actor, at: datetime, *, on: date, result: str) -> None:
        """The decision or judgment: upheld, corrected, other (or still pending)."""
        actor.require("request_handler")
        if not self.exists:
            raise RuleViolation("NO_REMEDY_CASE", "no such case is recorded")
        if self._result != "pending":
            raise RuleViolation(
                "REMEDY_ALREADY_DECIDED", f"the case was decided: {self._result}",
                result=self._result,
            )  # fmt: skip
        iso = check_date(on, "on")
        if self._last_on is not None:
            check_not_before(on, self._last_on, "on")
        chosen = check_choice(result, RESULTS, "REMEDY_RESULT_UNKNOWN", "result")
        self._record("Decided", actor, at, on=iso, result=chosen)

    def _on_Filed(self, event: Recorded) -> None:
        self._kind = event.data["kind"]
        self._filed_on = self._last_on = date.fromisoformat(event.data["on"])
        self._result = "pending"

    def _on_Decided(self, event: Recorded) -> None:
        self._last_on = date.fromisoformat(event.data["on"])
        self._result = event.data["result"]
