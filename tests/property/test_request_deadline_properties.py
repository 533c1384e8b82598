"""依申请公开 invariants: the answer period never counts a holiday, a consultation day
(within the consulted party's 15 working days) or a day waiting for a fee; an extension
never exceeds 20 working days; the one extension and the one supplement notice are never
repeated; sealed applicant data never leaves its Sealed marker. The oracle for working
days is the chinesecalendar package itself."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.disclosure_request.request import DisclosureRequest
from ledger.events import Sealed
from tests.support.factories import (
    DESCRIPTION,
    OFFICE_HEAD,
    REQUEST_HANDLER,
    at,
    expect_refused,
    real_calendar,
    received_request,
    sha,
)

CAL = real_calendar()
H = REQUEST_HANDLER
# Receipts late enough in the package's range that every deadline stays inside it.
RECEIPTS = st.dates(date(2005, 1, 1), date(2026, 6, 30))
NAME_CHARACTERS = "张王李赵刘陈杨黄周吴郑孙朱马胡林郭何高罗"

Pauses = Sequence[tuple[date, date]]


def days_after(start: date, end: date) -> Iterator[date]:
    for offset in range(1, (end - start).days + 1):
        yield start + timedelta(days=offset)


def official_working_days(start: date, end: date, pauses: Pauses = ()) -> list[date]:
    """Days in (start, end] the State Council counts as working, outside every pause."""
    return [
        day
        for day in days_after(start, end)
        if chinese_calendar.is_workday(day) and not any(s < day <= e for s, e in pauses)
    ]


def nth_working_day_after(start: date, n: int) -> date:
    day = start
    while n:
        day += timedelta(days=1)
        n -= chinese_calendar.is_workday(day)
    return day


@dataclass(frozen=True)
class Steps:
    """(days after the previous step, days paused) of a consultation and a fee wait."""

    consultation: tuple[int, int] | None
    fee: tuple[int, int] | None


@st.composite
def steps(draw: st.DrawFn) -> Steps:
    consultation = draw(st.none() | st.tuples(st.integers(0, 20), st.integers(1, 40)))
    # 21 calendar days hold at most 18 working days: payment always within the 20 allowed
    fee = draw(st.none() | st.tuples(st.integers(0, 20), st.integers(1, 21)))
    return Steps(consultation, fee)


def run(request: DisclosureRequest, received: date, plan: Steps) -> Pauses:
    """Apply the planned steps in order; return the pauses they make."""
    pauses: list[tuple[date, date]] = []
    day = received
    if plan.consultation is not None:
        start = day + timedelta(days=plan.consultation[0])
        day = start + timedelta(days=plan.consultation[1])
        request.start_consultation(H, at(1), party="third-party", on=start)
        request.end_consultation(H, at(2), on=day, calendar=CAL)
        # Arts. 32, 34: not counted for at most the consulted party's 15 working days
        pauses.append((start, min(day, nth_working_day_after(start, 15))))
    if plan.fee is not None:
        start = day + timedelta(days=plan.fee[0])
        day = start + timedelta(days=plan.fee[1])
        request.notice_fee(H, at(3), on=start, method="pages", count=40, calendar=CAL)
        request.fee_paid(H, at(4), on=day, calendar=CAL)
        pauses.append((start, day))
    return pauses


@settings(deadline=None)
@given(RECEIPTS)
def test_the_answer_period_never_counts_a_holiday(received: date) -> None:
    due = received_request(received_on=received).answer_due(CAL)
    assert due is not None and not due.provisional
    counted = official_working_days(received, due.due)
    assert len(counted) == 20
    assert counted[-1] == due.due  # the due date is itself a working day
    assert not any(chinese_calendar.is_holiday(day) for day in counted)


@settings(deadline=None)
@given(RECEIPTS, steps())
def test_the_answer_period_never_counts_consultation_or_fee_waiting_days(
    received: date, plan: Steps
) -> None:
    request = received_request(received_on=received)
    pauses = run(request, received, plan)
    due = request.answer_due(CAL)
    assert due is not None
    counted = official_working_days(received, due.due, pauses)
    assert len(counted) == 20
    assert counted[-1] == due.due


@settings(deadline=None)
@given(RECEIPTS, st.integers(-5, 45))
def test_an_extension_never_exceeds_twenty_working_days(received: date, days: int) -> None:
    request = received_request(received_on=received)
    before = request.answer_due(CAL)
    assert before is not None
    on = nth_working_day_after(received, 5)
    if not 1 <= days <= 20:
        code = "EXTENSION_TOO_LONG" if days > 20 else "EXTENSION_DAYS_INVALID"
        expect_refused(request, code, lambda: extend(request, on, days))
        return
    extend(request, on, days)
    after = request.answer_due(CAL)
    assert after is not None
    assert len(official_working_days(before.due, after.due)) == days <= 20
    assert len(official_working_days(received, after.due)) == 20 + days


def extend(request: DisclosureRequest, on: date, days: int) -> None:
    request.extend(
        OFFICE_HEAD, at(5), on=on, days=days, reason="需会商", calendar=CAL, no_personal_data=True
    )


@settings(deadline=None)
@given(RECEIPTS, st.integers(1, 20), st.integers(-50, 50), st.integers(0, 15))
def test_a_second_extension_is_always_refused(
    received: date, first: int, second: int, later: int
) -> None:
    request = received_request(received_on=received)
    on = nth_working_day_after(received, 3)
    extend(request, on, first)
    expect_refused(
        request,
        "EXTENSION_ALREADY_GRANTED",
        lambda: extend(request, on + timedelta(days=later), second),
    )


@settings(deadline=None)
@given(RECEIPTS, st.integers(0, 7), st.booleans(), st.integers(0, 30), st.integers(1, 30))
def test_a_second_supplement_notice_is_always_refused(
    received: date, first: int, supplemented: bool, later: int, allowed: int
) -> None:
    request = received_request(received_on=received)
    on = nth_working_day_after(received, first)
    request.request_supplement(H, at(1), on=on, items=["文号"], allowed_days=allowed, calendar=CAL)
    if supplemented:
        request.supplemented(H, at(2), on=on, calendar=CAL)
    expect_refused(
        request,
        "SUPPLEMENT_ALREADY_REQUESTED",
        lambda: request.request_supplement(
            H, at(3), on=on + timedelta(days=later), items=["文号"], allowed_days=5, calendar=CAL
        ),
    )


APPLICANTS = st.dictionaries(
    st.sampled_from(["name", "id_number", "contact", "address", "organisation"]),
    st.text(NAME_CHARACTERS, min_size=2, max_size=12),
    min_size=1,
)


def clear_strings(value: object) -> Iterator[str]:
    """Every string in an event's data that is not inside a Sealed marker."""
    if isinstance(value, Sealed):
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield str(key)
            yield from clear_strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from clear_strings(item)


@settings(deadline=None)
@given(
    APPLICANTS,
    st.text(NAME_CHARACTERS, min_size=2, max_size=30),
    st.sampled_from(["in-person", "post", "online", "fax"]),
    steps(),
    st.sampled_from(["disclosed", "withheld.third_party_rights", "unavailable.not_held"]),
)
def test_sealed_applicant_data_never_appears_outside_its_sealed_marker(
    applicant: dict[str, str], description: str, channel: str, plan: Steps, outcome: str
) -> None:
    received = date(2026, 3, 2)
    request = DisclosureRequest.receive(
        "request-1",
        H,
        at(),
        number="2026-0042",
        channel=channel,
        received_on=received,
        applicant=applicant,
        applicant_type="natural-person",
        description=description,
        requested_form="paper",
        calendar=CAL,
    )
    if channel in ("online", "fax"):
        request.confirm_receipt(H, at(1), confirmed_on=received, calendar=CAL)
    run(request, received, plan)
    disclosed = outcome == "disclosed"
    request.answer(
        H,
        at(9),
        answered_on=date(2026, 7, 1),
        outcome=outcome,
        items=int(disclosed),
        content_sha256s=[sha("provided")] if disclosed else [],
        delivery_form="paper",
        calendar=CAL,
        reasons=None if disclosed else "不予公开的理由",
        articles=[] if disclosed else ["15", "36(三)"],
    )
    received_event = request.pending[0].data
    assert received_event["applicant"] == Sealed(applicant)
    assert received_event["description"] == Sealed(description)
    secrets = [*applicant.values(), description, DESCRIPTION]
    for event in request.pending:
        for text in clear_strings(event.data):
            assert not any(secret in text for secret in secrets), (event.type, text)
    # and the aggregate never holds the sealed values in what it replays
    for recorded in request.history:
        assert all(not isinstance(v, Sealed) for v in recorded.data.values())
