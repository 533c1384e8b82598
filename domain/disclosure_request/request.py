"""依申请公开 — a request for government information disclosure, OGI Regulation Arts. 29–45.

Received (Art. 29; Art. 31: in person and by post the clock starts on receipt, online
and by fax on the confirmation of receipt) → supplement notice, once, within 7 working
days (Art. 30; the period restarts on the supplement, no supplement in time is deemed
abandonment) → consultation of a third party or another agency (Arts. 32, 34; not
counted) → one extension of at most 20 working days by the office head (Art. 33) → fee
notice and payment (Art. 42; waiting not counted; unpaid after 20 working days is deemed
withdrawal) → answered with one Table 3 outcome (Arts. 35–39) → reconsideration and
lawsuit (Art. 51). Commands in the ``_request_*`` modules; the state in
``domain.disclosure_request._state``.

    request = DisclosureRequest.receive(id, handler, at, number="2026-0001",
        channel="in-person", received_on=date(2026, 2, 6), applicant={...},
        applicant_type="natural-person", description="...", requested_form="electronic",
        calendar=calendar)
    request.answer_due(calendar)  # Deadline(due=date(2026, 3, 12), provisional=False)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from domain.aggregate import Actor
from domain.calendar.working_calendar import WorkingCalendar
from domain.checks import check_choice, check_optional_text, check_text
from domain.disclosure_request import outcomes, rules
from domain.disclosure_request.answer import RequestAnswer
from domain.errors import RuleViolation
from ledger.events import Sealed

__all__ = ["DisclosureRequest"]


class DisclosureRequest(RequestAnswer):
    """A disclosure request (政府信息公开申请) and its statutory clock."""

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
        """Art. 29 request received; the applicant and the description are sealed."""
        actor.require("request_handler")
        if not isinstance(applicant, Mapping) or not applicant:
            raise RuleViolation("APPLICANT_REQUIRED", "Art. 29: the applicant's identity")
        request = cls(id)
        data: dict[str, Any] = {
            "number": check_text(number, "number"),
            "channel": check_choice(channel, rules.CHANNELS, "CHANNEL_UNKNOWN", "channel"),
            "received_on": request._check_on(received_on, "received_on"),
            "applicant": Sealed(dict(applicant)),
            "applicant_pseudonym": check_optional_text(applicant_pseudonym, "applicant_pseudonym"),
            "applicant_type": check_choice(
                applicant_type, rules.APPLICANT_TYPES, "APPLICANT_TYPE_UNKNOWN", "applicant_type"
            ),
            "description": Sealed(check_text(description, "description")),
            "requested_form": check_text(requested_form, "requested_form"),
        }
        starts = channel not in rules.CONFIRMED_CHANNELS
        due = request._due_after(calendar, start=received_on) if starts else None
        request._record("Received", actor, at, **data, **rules.deadline_json(due))
        return request

    def confirm_receipt(
        self, actor: Actor, at: datetime, *, confirmed_on: date, calendar: WorkingCalendar
    ) -> None:
        """Art. 31: an online or fax request is received when both sides confirm receipt."""
        actor.require("request_handler")
        self._check_open()
        if self.channel not in rules.CONFIRMED_CHANNELS:
            raise RuleViolation(
                "RECEIPT_CONFIRMATION_NOT_NEEDED",
                f"a request by {self.channel} is received on the day it arrives",
                channel=self.channel,
            )
        if self.clock_start is not None:
            raise RuleViolation(
                "RECEIPT_ALREADY_CONFIRMED",
                f"receipt was confirmed on {self.receipt_on}",
                confirmed_on=str(self.receipt_on),
            )
        iso = self._check_on(confirmed_on, "confirmed_on")
        due = self._due_after(calendar, start=confirmed_on)
        self._record("ReceiptConfirmed", actor, at, confirmed_on=iso, **rules.deadline_json(due))

    def request_supplement(
        self,
        actor: Actor,
        at: datetime,
        *,
        on: date,
        items: Sequence[str],
        allowed_days: int,
        calendar: WorkingCalendar,
    ) -> None:
        """Art. 30: one notice, within 7 working days of receipt, of what to supplement and
        in how many working days (``allowed_days``)."""
        actor.require("request_handler")
        self._check_open()
        if self.supplement is not None:
            raise RuleViolation(
                "SUPPLEMENT_ALREADY_REQUESTED",
                "Art. 30: the applicant is told once what to supplement",
                requested_on=self.supplement.requested_on.isoformat(),
            )
        self._check_clock_running()
        iso = self._check_on(on)
        notice_due = self.supplement_notice_due(calendar)
        if notice_due is not None and on > notice_due.due:
            raise RuleViolation(
                "SUPPLEMENT_TOO_LATE",
                f"Art. 30: the supplement notice was due by {notice_due.due}",
                notice_due=notice_due.due.isoformat(),
                on=iso,
            )
        data = {
            "on": iso,
            "items": rules.check_texts(items, "items"),
            "allowed_days": rules.check_count(
                allowed_days, "allowed_days", "SUPPLEMENT_PERIOD_INVALID", 1
            ),
        }
        supplement_due = calendar.add_working_days(on, allowed_days).due
        self._record(
            "SupplementRequested", actor, at, **data, supplement_due=supplement_due.isoformat()
        )

    def supplemented(
        self,
        actor: Actor,
        at: datetime,
        *,
        on: date,
        calendar: WorkingCalendar,
        justification: str | None = None,
    ) -> None:
        """Art. 30: the supplement is received; the answer period restarts from ``on``.
        After the time allowed only with a justified reason (正当理由)."""
        actor.require("request_handler")
        self._check_open()
        supplement = self._awaited_supplement()
        iso = self._check_on(on)
        reason = check_optional_text(justification, "justification")
        late = on > supplement.due
        if late and reason is None:
            raise RuleViolation(
                "SUPPLEMENT_PERIOD_LAPSED",
                f"Art. 30: the time allowed ended on {supplement.due}; a late supplement "
                "needs a justified reason",
                supplement_due=supplement.due.isoformat(),
                on=iso,
            )
        due = self._due_after(calendar, start=on)
        data = {"on": iso, "late": late, "justification": reason, **rules.deadline_json(due)}
        self._record("Supplemented", actor, at, **data)

    def deem_abandoned(self, actor: Actor, at: datetime, *, on: date) -> None:
        """Art. 30: no supplement within the time allowed; the request is deemed abandoned."""
        actor.require("request_handler")
        self._check_open()
        iso = self._check_on(on)
        self._check_supplement_lapsed(on)
        self._record("DeemedAbandoned", actor, at, on=iso, outcome=outcomes.NO_SUPPLEMENT)

    def start_consultation(self, actor: Actor, at: datetime, *, party: str, on: date) -> None:
        """Arts. 32, 34: consult a third party or another agency; the clock stops."""
        actor.require("request_handler")
        self._check_open()
        self._check_clock_running()
        chosen = check_choice(
            party, rules.CONSULTATION_PARTIES, "CONSULTATION_PARTY_UNKNOWN", "party"
        )
        self._record("ConsultationStarted", actor, at, on=self._check_on(on), party=chosen)

    def end_consultation(
        self, actor: Actor, at: datetime, *, on: date, calendar: WorkingCalendar
    ) -> None:
        """The consultation ends (reply, or silence after 15 working days); the clock runs."""
        actor.require("request_handler")
        self._check_open()
        pause = self.open_pause
        if pause is None or pause.kind != "consultation":
            raise RuleViolation("NO_CONSULTATION_OPEN", "no consultation is open")
        iso = self._check_on(on)
        due = self._due_after(calendar, pause_ends=on)
        self._record("ConsultationEnded", actor, at, on=iso, **rules.deadline_json(due))

    def extend(
        self,
        actor: Actor,
        at: datetime,
        *,
        on: date,
        days: int,
        reason: str,
        calendar: WorkingCalendar,
    ) -> None:
        """Art. 33: one extension of at most 20 working days, approved by the head of the
        disclosure office before the answer falls due, with a reason."""
        actor.require("office_head")
        self._check_open()
        self._check_started()
        self._check_no_supplement_pending()
        if self.extended:
            raise RuleViolation(
                "EXTENSION_ALREADY_GRANTED",
                f"Art. 33: extended once already, by {self.extension_days} working days",
                days=self.extension_days,
            )
        rules.check_count(days, "days", "EXTENSION_DAYS_INVALID", 1)
        if days > rules.MAX_EXTENSION:
            raise RuleViolation(
                "EXTENSION_TOO_LONG",
                f"Art. 33: at most {rules.MAX_EXTENSION} working days",
                days=days,
                maximum=rules.MAX_EXTENSION,
            )
        data = {"on": self._check_on(on), "days": days, "reason": check_text(reason, "reason")}
        if self.days_remaining(calendar, on) < 0:
            raise RuleViolation(
                "EXTENSION_TOO_LATE",
                "Art. 33: the answer period has already run out",
                on=data["on"],
            )
        due = self._due_after(calendar, extension_days=days)
        self._record("Extended", actor, at, **data, **rules.deadline_json(due))
