"""依申请公开: the statutory variants' commands and folds ``DisclosureRequest`` inherits —
the notice to an objecting third party (Art. 32, ``third_party``) and the reasonable
period for requests beyond a reasonable number (Art. 35, ``reasonable_period``)."""

from __future__ import annotations

from datetime import date

from domain.disclosure_request import reasonable_period, rules, third_party
from domain.disclosure_request._folds import FeeAndDeadlineFolds
from ledger.events import Recorded


class VariantSteps(FeeAndDeadlineFolds):
    """Arts. 32 and 35: the commands, their folds and the reasonable due date (and,
    inherited, the fee and recomputed-deadline folds)."""

    _reasonable_due: date | None = None

    notify_third_party = third_party.notify_third_party
    ask_reasons = reasonable_period.ask_reasons
    set_reasonable_period = reasonable_period.set_reasonable_period

    @property
    def reasonable_due(self) -> date | None:
        """Art. 35: the later answer date set and notified to the applicant, if any."""
        return self._reasonable_due

    def _on_ThirdPartyNotified(self, event: Recorded) -> None:
        self._dated(event)

    def _on_ReasonsAsked(self, event: Recorded) -> None:
        self._dated(event)

    def _on_ReasonablePeriodSet(self, event: Recorded) -> None:
        self._dated(event)
        self._reasonable_due = date.fromisoformat(event.data["answer_due"])
        self._recorded_due = rules.deadline_from(event.data)
