"""工作日历: each year's holiday notice recorded in the ledger, amendable, readable as of
any moment."""

from __future__ import annotations

from datetime import date

import pytest

from domain.calendar.calendar_book import CalendarBook
from domain.calendar.seed import years_from_chinese_calendar
from domain.calendar.working_calendar import Deadline, YearCalendar
from tests.support.factories import ADMIN, REQUEST_HANDLER, at, calendar_2026, expect_refused

NOTICE = "国办发明电〔2025〕7号"
YEAR_2026 = calendar_2026().years[0]
NEW_YEAR_2027 = YearCalendar.create(2027, [date(2027, 1, 1)], [])


def book_with(*years: YearCalendar) -> CalendarBook:
    book = CalendarBook("calendar")
    for minute, year in enumerate(years):
        book.record_year(ADMIN, at(minute), year, NOTICE)
    return book


def test_a_year_is_recorded_with_its_holidays_make_up_days_and_source() -> None:
    book = book_with(NEW_YEAR_2027)
    assert [(e.type, dict(e.data)) for e in book.pending] == [
        (
            "Calendar.YearRecorded",
            {"year": 2027, "holidays": ["2027-01-01"], "workdays": [], "source": NOTICE},
        )
    ]


def test_only_an_admin_records_a_year() -> None:
    book = CalendarBook("calendar")
    expect_refused(
        book,
        "ROLE_REQUIRED",
        lambda: book.record_year(REQUEST_HANDLER, at(), NEW_YEAR_2027, NOTICE),
    )


def test_a_year_is_recorded_with_its_source() -> None:
    book = CalendarBook("calendar")
    expect_refused(
        book, "FIELD_REQUIRED", lambda: book.record_year(ADMIN, at(), NEW_YEAR_2027, " ")
    )


def test_recording_a_year_exactly_as_recorded_is_refused() -> None:
    book = book_with(NEW_YEAR_2027)
    expect_refused(
        book, "CALENDAR_UNCHANGED", lambda: book.record_year(ADMIN, at(9), NEW_YEAR_2027, NOTICE)
    )


def test_the_calendar_holds_only_recorded_years() -> None:
    assert not CalendarBook("calendar").calendar().covers(2026)
    calendar = book_with(YEAR_2026).calendar()
    assert calendar.covers(2026)
    assert not calendar.covers(2027)


def test_a_later_record_of_a_year_amends_it() -> None:
    amended = YearCalendar.create(2027, [date(2027, 1, 1), date(2027, 1, 4)], [])
    book = book_with(NEW_YEAR_2027, amended)
    assert not book.calendar().is_working_day(date(2027, 1, 4))
    assert book.recorded_years == (2027,)


def test_the_calendar_as_of_an_earlier_event_ignores_later_records() -> None:
    amended = YearCalendar.create(2027, [date(2027, 1, 1), date(2027, 1, 4)], [])
    book = book_with(YEAR_2026, NEW_YEAR_2027, amended)
    assert not book.calendar_as_of(1).covers(2027)
    assert book.calendar_as_of(2).is_working_day(date(2027, 1, 4))
    assert not book.calendar_as_of(3).is_working_day(date(2027, 1, 4))


def test_a_deadline_becomes_final_once_the_next_year_is_recorded() -> None:
    book = book_with(YEAR_2026)
    received = date(2026, 12, 15)
    assert book.calendar().add_working_days(received, 20).provisional
    book.record_year(ADMIN, at(5), NEW_YEAR_2027, NOTICE)
    assert book.calendar().add_working_days(received, 20) == Deadline(date(2027, 1, 13), False)


@pytest.mark.parametrize("days, due", [(7, date(2026, 2, 24)), (20, date(2026, 3, 12))])
def test_the_worked_example_holds_on_the_seeded_calendar(days: int, due: date) -> None:
    book = book_with(*years_from_chinese_calendar())
    assert book.calendar().add_working_days(date(2026, 2, 6), days) == Deadline(due, False)


def test_a_replayed_book_gives_the_same_calendar_and_sources() -> None:
    book = book_with(YEAR_2026, NEW_YEAR_2027)
    replayed = CalendarBook.replay(book.id, book.history)
    assert replayed.calendar() == book.calendar()
    assert replayed.source_of(2027) == NOTICE
    assert replayed.source_of(2025) is None
