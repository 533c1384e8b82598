"""投诉、举报 — one complaint or report, filed and answered (Arts. 47, 51).

The complainant and the text are sealed; what stays in clear is the kind, what it is
about (a request number, or a short reference), the dates, the due date of the answer
(the office's stated period, in working days) and the office's answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Final

from domain.aggregate import Actor, Aggregate
from domain.calendar.working_calendar import WorkingCalendar
from domain.checks import check_choice, check_date, check_optional_text, check_text
from domain.errors import RuleViolation
from domain.privacy.public_text import check_public_text
from ledger.events import Recorded, Sealed

KINDS: Final = ("complaint", "report")  # 投诉 | 举报
RESULTS: Final = ("upheld", "rejected", "referred")  # 属实整改 | 不属实 | 转交
MAX_DAYS: Final = 60


class Complaint(Aggregate):
    aggregate_type = "Complaint"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self.number = ""
        self.kind = ""
        self.about: str | None = None
        self.filed_on: date | None = None
        self.answer_due: date | None = None
        self.answered_on: date | None = None
        self.result: str | None = None
        self.reply: str | None = None

    @classmethod
    def file(
        cls,
        id: str,
        actor: Actor,
        at: datetime,
        *,
        number: str,
        kind: str,
        filed_on: date,
        complainant: Mapping[str, Any],
        text: str,
        about: str | None,
        days: int,
        calendar: WorkingCalendar,
    ) -> Complaint:
        """Received by the office's portal or an officer (a request handler)."""
        actor.require("request_handler")
        if not complainant:
            raise RuleViolation("COMPLAINANT_REQUIRED", "who complains, and how to answer them")
        if not 1 <= days <= MAX_DAYS:
            raise RuleViolation("COMPLAINT_PERIOD_INVALID", f"1–{MAX_DAYS} working days")
        check_date(filed_on, "filed_on")
        complaint = cls(id)
        complaint._record(
            "Filed",
            actor,
            at,
            number=check_text(number, "number"),
            kind=check_choice(kind, KINDS, "COMPLAINT_KIND_UNKNOWN", "kind"),
            about=check_optional_text(about, "about"),
            filed_on=filed_on.isoformat(),
            answer_due=calendar.add_working_days(filed_on, days).due.isoformat(),
            complainant=Sealed(dict(complainant)),
            text=Sealed(check_text(text, "text")),
        )
        return complaint

    def answer(self, actor: Actor, at: datetime, *, on: date, result: str, reply: str) -> None:
        """The office's answer; the reply is public text (no personal data in it)."""
        actor.require("office_head")
        if self.answered_on is not None:
            raise RuleViolation("COMPLAINT_ALREADY_ANSWERED", f"answered on {self.answered_on}")
        check_date(on, "on")
        if self.filed_on is not None and on < self.filed_on:
            raise RuleViolation("DATE_BEFORE_FILING", "the answer cannot precede the filing")
        self._record(
            "Answered",
            actor,
            at,
            answered_on=on.isoformat(),
            result=check_choice(result, RESULTS, "COMPLAINT_RESULT_UNKNOWN", "result"),
            reply=check_public_text(reply, "reply", confirmed=True),
            late=self.answer_due is not None and on > self.answer_due,
        )

    @property
    def late(self) -> bool:
        return (
            self.answered_on is not None
            and self.answer_due is not None
            and (self.answered_on > self.answer_due)
        )

    def _on_Filed(self, event: Recorded) -> None:
        d = event.data
        self.number, self.kind, self.about = d["number"], d["kind"], d["about"]
        self.filed_on = date.fromisoformat(d["filed_on"])
        self.answer_due = date.fromisoformat(d["answer_due"])

    def _on_Answered(self, event: Recorded) -> None:
        d = event.data
        self.answered_on = date.fromisoformat(d["answered_on"])
        self.result, self.reply = d["result"], d["reply"]
