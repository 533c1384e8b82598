"""依申请公开: how the fee, consultation-end and recomputed-deadline events change a
request's state (the folds ``DisclosureRequest`` inherits; its other folds are in
``request``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from domain.calendar.working_calendar import Deadline
from domain.disclosure_request import rules
from domain.disclosure_request.rules import FeeNotice, Pause, Supplement
from ledger.events import Recorded


class FeeAndDeadlineFolds:
    """Fee notices, their receipt and payment, the end of a consultation (the party's
    reply deadline), and deadlines recomputed on a new year."""

    _fees: list[FeeNotice]
    _pauses: list[Pause]
    _supplement: Supplement | None
    _recorded_due: Deadline | None

    def _dated(self, event: Recorded, key: str = "on") -> date:
        raise NotImplementedError

    def _deadline(self, event: Recorded) -> None:
        raise NotImplementedError

    def _close_pause(self, end: date) -> None:
        raise NotImplementedError

    def _on_ConsultationEnded(self, event: Recorded) -> None:
        data = event.data
        due = date.fromisoformat(data["reply_due"]) if data.get("reply_due") else None
        provisional = bool(data.get("reply_due_provisional"))
        self._pauses = [
            p if p.end is not None else p.replied_by(due, provisional) for p in self._pauses
        ]
        self._close_pause(self._dated(event))
        self._deadline(event)

    def _on_FeeNoticed(self, event: Recorded) -> None:
        data, on = event.data, self._dated(event)
        # entries before the receipt of the notice was recorded counted from the notice
        received = data.get("notice_received_on", data["on"])
        self._fees.append(
            FeeNotice(
                on,
                data["method"],
                data["fee_fen"],
                rules.optional_day(data["payment_due"]),
                received_on=rules.optional_day(received),
                provisional=bool(data.get("payment_due_provisional")),
            )
        )
        self._pauses.append(Pause("fee", on, None))
        self._recorded_due = None  # the clock stops until the fee is paid (Art. 42)

    def _on_FeeNoticeReceived(self, event: Recorded) -> None:
        on = self._dated(event)
        self._set_payment_due(event.data, received_on=on)

    def _set_payment_due(self, data: Mapping[str, Any], received_on: date | None = None) -> None:
        due, provisional = rules.optional_day(data["payment_due"]), data["payment_due_provisional"]
        self._fees = [
            f
            if f.paid_on is not None
            else replace(
                f,
                payment_due=due,
                provisional=bool(provisional),
                received_on=received_on or f.received_on,
            )
            for f in self._fees
        ]

    def _on_ItemsCounted(self, event: Recorded) -> None:
        self._dated(event)

    def _on_FeePaid(self, event: Recorded) -> None:
        on = self._dated(event)
        self._fees = [f if f.paid_on is not None else replace(f, paid_on=on) for f in self._fees]
        self._close_pause(on)
        self._deadline(event)

    def _on_DeadlineRecomputed(self, event: Recorded) -> None:
        data = event.data
        self._deadline(event)
        if "supplement_due" in data and self._supplement is not None:
            self._supplement = replace(
                self._supplement,
                due=date.fromisoformat(data["supplement_due"]),
                provisional=bool(data["supplement_due_provisional"]),
            )
        if "payment_due" in data:
            self._set_payment_due(data)
        if "notice_due" in data and self._supplement is not None:
            self._supplement = replace(
                self._supplement,
                notice_due=date.fromisoformat(data["notice_due"]),
                notice_provisional=bool(data["notice_due_provisional"]),
                late=bool(data["notice_late"]),
            )
        if "reply_due" in data:
            ended = date.fromisoformat(data["consultation_ended_on"])
            due, provisional = date.fromisoformat(data["reply_due"]), data["reply_due_provisional"]
            self._pauses = [
                p.replied_by(due, bool(provisional))
                if p.kind == "consultation" and p.end == ended
                else p
                for p in self._pauses
            ]
