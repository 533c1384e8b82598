"""Decision replay (pure): the timeline, the state around each step, the deadline on the
calendar as recorded before the step, and ``as_of``."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from domain.calendar.calendar_book import CalendarBook
from domain.calendar.working_calendar import YearCalendar
from domain.disclosure_request.request import DisclosureRequest
from domain.errors import NothingToReplay
from domain.reporting.replay import replay
from domain.reporting.replay_views import snapshot
from ledger.events import Recorded
from tests.support.factories import (
    ADMIN,
    OFFICE_HEAD,
    REQUEST_HANDLER,
    answer_request,
    at,
    calendar_2026,
    received_request,
)

VERIFIED = {"status": "verified"}


def indexed(events: list[Recorded], first: int, step: int = 10) -> list[Recorded]:
    return [
        replace(e, log_index=first + n * step, leaf_hash=f"{n:064x}") for n, e in enumerate(events)
    ]


def calendar_events(*years: tuple[int, YearCalendar]) -> list[Recorded]:
    book = CalendarBook("calendar")
    for _, year in years:
        book.record_year(ADMIN, at(), year, "notice")
    return [replace(e, log_index=index) for e, (index, _) in zip(book.history, years, strict=True)]


def extended_request() -> list[Recorded]:
    request = received_request(calendar=calendar_2026())
    request.extend(
        OFFICE_HEAD, at(30), on=date(2026, 2, 26), days=10, reason="复杂", calendar=calendar_2026(),
        no_personal_data=True,
    )  # fmt: skip
    answer_request(request, date(2026, 3, 20), calendar=calendar_2026())
    return indexed(request.history, 100)


def timeline(events: list[Recorded], **kw: Any) -> Any:
    year = next(iter(calendar_2026().years))
    verification = {e.log_index or 0: VERIFIED for e in events}
    return replay("request-1", events, calendar_events((1, year)), verification, **kw)


def test_each_step_shows_its_actor_role_basis_and_the_state_around_it() -> None:
    steps = timeline(extended_request()).steps
    assert [s.type for s in steps] == [
        "DisclosureRequest.Received",
        "DisclosureRequest.Extended",
        "DisclosureRequest.Answered",
    ]
    extended = steps[1]
    assert (extended.actor, extended.role) == (OFFICE_HEAD.officer_id, "office_head")
    assert extended.legal_basis == {"articles": "Art. 33", "recorded": {"reason": "复杂"}}
    assert extended.state_before is not None and extended.state_before["extension_days"] == 0
    assert extended.state_after is not None and extended.state_after["extension_days"] == 10
    assert steps[0].state_before is None


def test_the_deadline_of_a_step_is_its_status_on_the_steps_business_date() -> None:
    steps = timeline(extended_request()).steps
    assert steps[0].deadline is not None and steps[0].deadline["due"] == "2026-03-12"
    assert steps[0].deadline["status"] == "running" and steps[0].deadline["remaining"] == 20
    assert steps[2].deadline is not None and steps[2].deadline["status"] == "answered_on_time"


def test_a_step_before_any_recorded_calendar_counts_weekends_only() -> None:
    events = extended_request()
    year = next(iter(calendar_2026().years))
    late_calendar = calendar_events((10_000, year))
    steps = replay("request-1", events, late_calendar, {}).steps
    assert steps[0].deadline is not None and steps[0].deadline["provisional"] is True
    assert steps[0].verification is None


def test_as_of_cuts_the_timeline_and_gives_the_state_rebuilt_from_the_entries_before() -> None:
    events = extended_request()
    then = timeline(events, as_of=events[1].log_index)
    assert len(then.steps) == 2
    assert then.state == snapshot(DisclosureRequest.replay("request-1", events[:2]))
    assert then.to_json()["as_of"] == events[1].log_index


def test_as_of_before_the_first_entry_is_nothing_to_replay() -> None:
    with pytest.raises(NothingToReplay) as missing:
        timeline(extended_request(), as_of=99)
    assert missing.value.code == "STREAM_NOT_FOUND"


def test_a_stream_of_another_kind_is_listed_without_state() -> None:
    events = indexed(
        [Recorded("Agency.Registered", {"agency_name": "某市", "origin": "o"}, "a", at(), 1)], 5
    )
    result = replay("agency", events, [], {5: VERIFIED})
    assert result.kind == "Agency" and result.state is None and result.verified


def test_the_timeline_is_verified_only_if_every_entry_is() -> None:
    events = extended_request()
    partly = {events[0].log_index or 0: VERIFIED}
    year = next(iter(calendar_2026().years))
    assert not replay("request-1", events, calendar_events((1, year)), partly).verified


def test_a_clock_stopped_after_the_due_date_keeps_the_overrun_in_working_days() -> None:
    request = received_request(calendar=calendar_2026(), handler=REQUEST_HANDLER)
    request.start_consultation(REQUEST_HANDLER, at(5), party="third-party", on=date(2026, 3, 20))
    steps = timeline(indexed(request.history, 100)).steps
    assert steps[1].deadline is not None and steps[1].deadline["status"] == "stopped"
    # due Thu 2026-03-12; Fri 13 and Mon 16 – Fri 20 March are six working days over
    assert steps[1].deadline["remaining"] == -6
