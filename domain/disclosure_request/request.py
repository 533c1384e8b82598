"""依申请公开 — a request for government information disclosure, OGI Regulation Arts. 29–45.

Received (Arts. 29, 31: online and fax on the confirmation of receipt) → supplement
notice, once, within 7 working days (Art. 30; the period restarts on the supplement) →
consultation (Arts. 32, 34; not counted) → one extension of at most 20 working days by
the office head (Art. 33) → fee notice and payment (Art. 42; not counted) → answered with
one Table 3 outcome and its letter (Arts. 35–39) → reconsideration and lawsuit, and the
re-answer a corrected decision orders (Art. 51).

This class is the request's state, folded from its events; each command's guards and
event live in one module (``receipt``, ``supplement``, ``consultation``, ``extension``,
``fees``, ``answer``, ``reanswer``, ``letter_issue``, ``remedies``). Sealed fields (the
applicant, the description) are never read back.

    request = DisclosureRequest.receive(id, handler, at, number="2026-0001",
        channel="in-person", received_on=date(2026, 2, 6), applicant={...},
        applicant_type="natural-person", description="...", requested_form="electronic",
        calendar=calendar)
    request.answer_due(calendar)  # Deadline(due=date(2026, 3, 12), provisional=False)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from domain.aggregate import Actor, Aggregate
from domain.calendar.working_calendar import Deadline, WorkingCalendar
from domain.disclosure_request import answer as answering
from domain.disclosure_request import (
    consultation,
    deadlines,
    extension,
    receipt,
    recompute,
    remedies,
    rules,
)
from domain.disclosure_request import fees as charging
from domain.disclosure_request import letter_issue as issuing
from domain.disclosure_request import reanswer as reanswering
from domain.disclosure_request import supplement as supplementing
from domain.disclosure_request._variants import VariantSteps
from domain.disclosure_request.rules import FeeNotice, Pause, Remedy, Supplement
from ledger.events import Recorded
from verify.roles import REQUIRED_ROLE

__all__ = ["DisclosureRequest"]

_CLOSING = {
    "Answered": "answered",
    "DeemedAbandoned": "abandoned",
    "WithdrawnByApplicant": "withdrawn",
    "DeemedWithdrawn": "deemed_withdrawn",
    "Reanswered": "answered",
}


class DisclosureRequest(VariantSteps, Aggregate):
    """A disclosure request (政府信息公开申请) and its statutory clock."""

    aggregate_type = "DisclosureRequest"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self._number: str | None = None
        self._channel: str | None = None
        self._applicant_type: str | None = None
        self._applicant_pseudonym: str | None = None
        self._received_on: date | None = None
        self._receipt_on: date | None = None  # Art. 31: the legal date of receipt
        self._clock_start: date | None = None  # receipt, or the supplement (Art. 30)
        self._supplement: Supplement | None = None
        self._pauses: list[Pause] = []
        self._fees: list[FeeNotice] = []
        self._extension_days = 0
        self._outcome: str | None = None
        self._late: bool | None = None
        self._closed_as: str | None = None
        self._closed_on: date | None = None
        self._recorded_due: Deadline | None = None
        self._reconsideration: Remedy | None = None
        self._lawsuit: Remedy | None = None
        self._last_on: date | None = None
        self._handling_officer: str | None = None
        self._reanswer_order: reanswering.ReanswerOrder | None = None

    # --- facts ----------------------------------------------------------------------

    @property
    def number(self) -> str | None:
        return self._number

    @property
    def channel(self) -> str | None:
        return self._channel

    @property
    def applicant_type(self) -> str | None:
        return self._applicant_type

    @property
    def applicant_pseudonym(self) -> str | None:
        """The keyed pseudonym of a schema-1 receipt (in clear); None from schema 2 on,
        where it is sealed and kept in the private index (``applicants``)."""
        return self._applicant_pseudonym

    @property
    def received_on(self) -> date | None:
        return self._received_on

    @property
    def receipt_on(self) -> date | None:
        """Art. 31's date of receipt: received_on, or the confirmation of online and fax."""
        return self._receipt_on

    @property
    def clock_start(self) -> date | None:
        """Day 0 of the answer period: the receipt, or the supplement (Art. 30)."""
        return self._clock_start

    @property
    def supplement(self) -> Supplement | None:
        return self._supplement

    @property
    def pauses(self) -> tuple[Pause, ...]:
        return tuple(self._pauses)

    @property
    def fees(self) -> tuple[FeeNotice, ...]:
        return tuple(self._fees)

    @property
    def extension_days(self) -> int:
        return self._extension_days

    @property
    def outcome(self) -> str | None:
        """The Table 3 outcome code, once answered, abandoned or deemed withdrawn."""
        return self._outcome

    @property
    def late(self) -> bool | None:
        """Whether the answer came after the due date; None until answered."""
        return self._late

    @property
    def closed_on(self) -> date | None:
        return self._closed_on

    @property
    def recorded_answer_due(self) -> Deadline | None:
        """The answer due date as last recorded in the stream (None: clock stopped)."""
        return self._recorded_due

    @property
    def reconsideration(self) -> Remedy | None:
        return self._reconsideration

    @property
    def lawsuit(self) -> Remedy | None:
        return self._lawsuit

    @property
    def handling_officer(self) -> str | None:
        """The officer who last acted as request handler (first: who received it)."""
        return self._handling_officer

    @property
    def last_on(self) -> date | None:
        """The date of the latest dated step; no later step may be dated before it."""
        return self._last_on

    # --- derived --------------------------------------------------------------------

    @property
    def status(self) -> str:
        """received, awaiting_confirmation, awaiting_supplement, consulting, awaiting_fee,
        answered, abandoned, withdrawn or deemed_withdrawn."""
        if self._closed_as is not None:
            return self._closed_as
        if self._clock_start is None:
            return "awaiting_confirmation"
        if self.supplement_pending:
            return "awaiting_supplement"
        pause = self.open_pause
        if pause is not None:
            return "consulting" if pause.kind == "consultation" else "awaiting_fee"
        return "received"

    @property
    def is_open(self) -> bool:
        return self.exists and self._closed_as is None

    @property
    def period(self) -> int:
        """The answer period in working days: 20, plus the extension if granted."""
        return rules.ANSWER_PERIOD + self._extension_days

    @property
    def extended(self) -> bool:
        return self._extension_days > 0

    @property
    def supplement_pending(self) -> bool:
        return self._supplement is not None and self._supplement.supplemented_on is None

    @property
    def open_pause(self) -> Pause | None:
        return next((p for p in self._pauses if p.end is None), None)

    @property
    def pending_fee(self) -> FeeNotice | None:
        return next((f for f in self._fees if f.paid_on is None), None)

    # --- deadlines (``deadlines``) ---

    def answer_due(self, calendar: WorkingCalendar) -> Deadline | None:
        """The answer due date; None while the clock is stopped or once closed unanswered."""
        return deadlines.answer_due(self, calendar)

    def supplement_notice_due(self, calendar: WorkingCalendar) -> Deadline | None:
        """Art. 30: receipt + 7 working days; None before receipt is confirmed."""
        return deadlines.supplement_notice_due(self, calendar)

    def consultation_reply_due(self, calendar: WorkingCalendar) -> Deadline | None:
        """Arts. 32, 34: the consulted party's 15 working days, while a consultation is open."""
        return deadlines.consultation_reply_due(self, calendar)

    def days_remaining(self, calendar: WorkingCalendar, today: date) -> int:
        """Working days left in the answer period on ``today``; negative when overdue."""
        return deadlines.days_remaining(self, calendar, today)

    # --- commands: each is the function of the module that holds its guards and event ---

    @classmethod
    def receive(
        cls,
        id: str,
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
        applicant_pseudonym: str | None = None,
    ) -> DisclosureRequest:
        """Art. 29 request received (``receipt``)."""
        request = cls(id)
        receipt.receive(
            request,
            actor,
            at,
            number=number,
            channel=channel,
            received_on=received_on,
            applicant=applicant,
            applicant_type=applicant_type,
            description=description,
            requested_form=requested_form,
            calendar=calendar,
            applicant_pseudonym=applicant_pseudonym,
        )
        return request

    confirm_receipt = receipt.confirm_receipt
    request_supplement = supplementing.request_supplement
    supplemented = supplementing.supplemented
    deem_abandoned = supplementing.deem_abandoned
    start_consultation = consultation.start_consultation
    end_consultation = consultation.end_consultation
    extend = extension.extend
    notice_fee = charging.notice_fee
    fee_notice_received = charging.fee_notice_received
    fee_paid = charging.fee_paid
    deem_withdrawn_unpaid = charging.deem_withdrawn_unpaid
    answer = answering.answer
    reanswer = reanswering.reanswer
    issue_letter = issuing.issue_letter
    withdraw_by_applicant = remedies.withdraw_by_applicant
    file_reconsideration = remedies.file_reconsideration
    decide_reconsideration = remedies.decide_reconsideration
    file_lawsuit = remedies.file_lawsuit
    decide_lawsuit = remedies.decide_lawsuit
    recompute_deadline = recompute.recompute_deadlines

    # --- events ---------------------------------------------------------------------

    def _apply(self, event: Recorded) -> None:
        super()._apply(event)
        if REQUIRED_ROLE.get(event.type) == "request_handler":
            self._handling_officer = event.actor
        closing = _CLOSING.get(event.name)
        if closing is not None:
            self._closed_as, self._closed_on = closing, self._last_on

    def _dated(self, event: Recorded, key: str = "on") -> date:
        day = date.fromisoformat(event.data[key])
        self._last_on = day
        return day

    def _deadline(self, event: Recorded) -> None:
        self._recorded_due = rules.deadline_from(event.data)

    def _on_Received(self, event: Recorded) -> None:
        data = event.data
        self._number, self._channel = data["number"], data["channel"]
        self._applicant_type = data["applicant_type"]
        pseudonym = data.get("applicant_pseudonym")  # in clear in schema 1 only
        self._applicant_pseudonym = pseudonym if isinstance(pseudonym, str) else None
        self._received_on = self._dated(event, "received_on")
        if self._channel not in rules.CONFIRMED_CHANNELS:
            self._receipt_on = self._clock_start = self._received_on
        self._deadline(event)

    def _on_ReceiptConfirmed(self, event: Recorded) -> None:
        self._receipt_on = self._clock_start = self._dated(event, "confirmed_on")
        self._deadline(event)

    def _on_SupplementRequested(self, event: Recorded) -> None:
        data = event.data
        due = date.fromisoformat(data["supplement_due"])
        self._recorded_due = None  # the clock stops until the supplement (Art. 30)
        self._supplement = Supplement(
            self._dated(event),
            due,
            allowed_days=int(data["allowed_days"]),
            provisional=bool(data.get("supplement_due_provisional")),
            late=bool(data.get("late")),
            notice_due=date.fromisoformat(data["notice_due"]) if data.get("notice_due") else None,
            notice_provisional=bool(data.get("notice_due_provisional")),
        )

    def _on_Supplemented(self, event: Recorded) -> None:
        self._clock_start = on = self._dated(event)
        if self._supplement is not None:
            self._supplement = replace(self._supplement, supplemented_on=on)
        self._deadline(event)

    def _on_DeemedAbandoned(self, event: Recorded) -> None:
        self._dated(event)
        self._outcome = event.data["outcome"]

    def _on_ConsultationStarted(self, event: Recorded) -> None:
        on = self._dated(event)
        self._recorded_due = None  # the clock stops (Arts. 32, 34)
        self._pauses.append(Pause("consultation", on, None, event.data["party"]))

    def _on_Extended(self, event: Recorded) -> None:
        self._dated(event)
        self._extension_days = event.data["days"]
        self._deadline(event)

    def _on_DeemedWithdrawn(self, event: Recorded) -> None:
        self._dated(event)
        self._outcome = event.data["outcome"]

    def _on_Answered(self, event: Recorded) -> None:
        self._dated(event, "answered_on")
        self._outcome, self._late = event.data["outcome"], event.data["late"]

    def _on_WithdrawnByApplicant(self, event: Recorded) -> None:
        self._dated(event)

    def _on_ReconsiderationFiled(self, event: Recorded) -> None:
        self._reconsideration = Remedy(self._dated(event))

    def _on_ReconsiderationDecided(self, event: Recorded) -> None:
        self._reanswer_order = reanswering.ordered(self._reanswer_order, event, self._dated(event))
        if self._reconsideration is not None:
            self._reconsideration = replace(self._reconsideration, result=event.data["result"])

    def _on_LawsuitFiled(self, event: Recorded) -> None:
        after = bool(event.data["after_reconsideration"])
        self._lawsuit = Remedy(self._dated(event), after_reconsideration=after)

    def _on_LawsuitDecided(self, event: Recorded) -> None:
        self._reanswer_order = reanswering.ordered(self._reanswer_order, event, self._dated(event))
        if self._lawsuit is not None:
            self._lawsuit = replace(self._lawsuit, result=event.data["result"])

    def _on_LetterIssued(self, event: Recorded) -> None:
        self._dated(event)

    def _on_Reanswered(self, event: Recorded) -> None:
        self._dated(event, "answered_on")
        self._outcome, self._late, self._reanswer_order = event.data["outcome"], None, None

    def _close_pause(self, end: date) -> None:
        self._pauses = [p if p.end is not None else p.closed(end) for p in self._pauses]
