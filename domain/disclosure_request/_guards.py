"""依申请公开: the guards the request commands share. Each raises ``RuleViolation`` with a
stable code before anything is recorded, or returns what the command needs."""

from __future__ import annotations

from datetime import date

from domain.checks import check_date, check_not_before
from domain.disclosure_request.deadlines import RequestDeadlines
from domain.disclosure_request.rules import FeeNotice, Supplement
from domain.errors import RequestNotFound, RuleViolation


class RequestGuards(RequestDeadlines):
    """The state and deadlines of a request plus the checks its commands run first."""

    def _check_received(self) -> None:
        if not self.exists:
            raise RequestNotFound(f"no request {self.id}", request=self.id)

    def _check_open(self) -> None:
        """Not answered, abandoned or withdrawn (``ALREADY_ANSWERED``, ``REQUEST_CLOSED``)."""
        self._check_received()
        status = self.status
        if status == "answered":
            raise RuleViolation(
                "ALREADY_ANSWERED", f"request {self.number} was answered", outcome=self.outcome
            )
        if not self.is_open:
            raise RuleViolation(
                "REQUEST_CLOSED",
                f"request {self.number} is {status}",
                status=status,
                closed_on=None if self.closed_on is None else self.closed_on.isoformat(),
            )

    def _check_started(self) -> date:
        """Art. 31: nothing runs before an online or fax request's receipt is confirmed."""
        if self.clock_start is None:
            raise RuleViolation(
                "RECEIPT_NOT_CONFIRMED",
                f"receipt of {self.channel} request {self.number} is not yet confirmed",
                channel=self.channel,
            )
        return self.clock_start

    def _check_no_supplement_pending(self) -> None:
        supplement = self.supplement
        if supplement is not None and supplement.supplemented_on is None:
            raise RuleViolation(
                "SUPPLEMENT_PENDING",
                "a supplement is awaited (Art. 30)",
                supplement_due=supplement.due.isoformat(),
            )

    def _check_no_consultation(self) -> None:
        pause = self.open_pause
        if pause is not None and pause.kind == "consultation":
            raise RuleViolation(
                "CONSULTATION_OPEN",
                f"a {pause.party} consultation is open since {pause.start}",
                since=pause.start.isoformat(),
            )

    def _check_no_fee_pending(self) -> None:
        fee = self.pending_fee
        if fee is not None:
            raise RuleViolation(
                "FEE_PENDING",
                f"a fee noticed on {fee.noticed_on} is awaited (Art. 42)",
                payment_due=fee.payment_due.isoformat(),
            )

    def _check_clock_running(self) -> date:
        """Received, and no supplement, consultation or fee awaited."""
        start = self._check_started()
        self._check_no_supplement_pending()
        self._check_no_consultation()
        self._check_no_fee_pending()
        return start

    def _check_on(self, on: date, field: str = "on") -> str:
        """A date not before the request's latest dated step (``INVALID_DATE``)."""
        iso = check_date(on, field)
        if self.last_on is not None:
            check_not_before(on, self.last_on, field)
        return iso

    def _awaited_supplement(self) -> Supplement:
        supplement = self.supplement
        if supplement is None or supplement.supplemented_on is not None:
            raise RuleViolation("NO_SUPPLEMENT_PENDING", "no supplement is awaited")
        return supplement

    def _check_supplement_lapsed(self, on: date) -> None:
        """Art. 30: deemed abandoned only once the time allowed has passed."""
        supplement = self._awaited_supplement()
        if on <= supplement.due:
            raise RuleViolation(
                "SUPPLEMENT_PERIOD_RUNNING",
                f"the applicant may supplement until {supplement.due}",
                supplement_due=supplement.due.isoformat(),
                on=on.isoformat(),
            )

    def _awaited_fee(self) -> FeeNotice:
        fee = self.pending_fee
        if fee is None:
            raise RuleViolation("NO_FEE_PENDING", "no fee is awaited")
        return fee

    def _check_fee_lapsed(self, on: date) -> None:
        """Art. 42: deemed withdrawn only after 20 working days without payment."""
        fee = self._awaited_fee()
        if on <= fee.payment_due:
            raise RuleViolation(
                "FEE_PERIOD_RUNNING",
                f"the applicant may pay until {fee.payment_due}",
                payment_due=fee.payment_due.isoformat(),
                on=on.isoformat(),
            )
