"""Recording a calendar year recomputes every deadline of an open request: after
``recompute_deadline`` the recorded answer, supplement and payment deadlines equal those
counted from scratch on the new calendar, none of them provisional, whatever synthetic
notice is recorded for the year (issue 16, item 2)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.calendar.working_calendar import Deadline, YearCalendar
from domain.disclosure_request.deadlines import answer_due
from domain.disclosure_request.request import DisclosureRequest
from domain.disclosure_request.rules import FEE_PAYMENT_PERIOD
from tests.support.factories import ADMIN, REQUEST_HANDLER, at, calendar_2026, received_request

H = REQUEST_HANDLER
BEFORE = calendar_2026()  # 2027 not recorded


@st.composite
def notices(draw: st.DrawFn) -> YearCalendar:
    """A synthetic 2027 notice: rest days and weekend make-up days in January–February."""
    days = [date(2027, 1, 1) + timedelta(days=n) for n in range(59)]
    rest = draw(st.sets(st.sampled_from([d for d in days if d.weekday() < 5]), max_size=8))
    work = draw(st.sets(st.sampled_from([d for d in days if d.weekday() >= 5]), max_size=3))
    return YearCalendar.create(2027, rest | {date(2027, 1, 1)}, work - rest)


STEPS = st.sampled_from(["answer", "supplement", "fee"])
RECEIPTS = st.dates(date(2026, 12, 1), date(2026, 12, 31))


def open_request(step: str, received: date) -> DisclosureRequest:
    request = received_request(received_on=received, calendar=BEFORE)
    if step == "supplement":
        request.request_supplement(
            H, at(1), on=received, items=["文号"], allowed_days=15, calendar=BEFORE
        )
    elif step == "fee":
        request.notice_fee(
            H, at(1), on=received, method="pages", count=40, calendar=BEFORE,
            received_on=received,
        )  # fmt: skip
    return request


@settings(deadline=None, max_examples=60)
@given(STEPS, RECEIPTS, notices())
def test_every_deadline_is_recounted_on_the_recorded_year(
    step: str, received: date, notice: YearCalendar
) -> None:
    request = open_request(step, received)
    after = BEFORE.with_year(notice)
    request.recompute_deadline(ADMIN, at(2), after)

    due = answer_due(request, after)
    assert request.recorded_answer_due == due  # both None while the clock is stopped
    supplement, fee = request.supplement, request.pending_fee
    if supplement is not None:
        expected = after.add_working_days(received, 15)
        assert Deadline(supplement.due, supplement.provisional) == expected
    if fee is not None:
        expected = after.add_working_days(received, FEE_PAYMENT_PERIOD)
        assert Deadline(fee.payment_due, fee.provisional) == expected  # type: ignore[arg-type]
    for deadline in (request.recorded_answer_due, supplement, fee):
        assert deadline is None or deadline.provisional is False


def test_the_same_calendar_recomputes_nothing() -> None:
    request = open_request("fee", date(2026, 12, 21))
    assert request.recompute_deadline(ADMIN, at(2), BEFORE) is False
