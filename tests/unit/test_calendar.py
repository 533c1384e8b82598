"""工作日: deadline arithmetic on the recorded State Council holiday notices."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from domain.calendar.seed import covered_years, years_from_chinese_calendar
from domain.calendar.working_calendar import Deadline, WorkingCalendar, YearCalendar
from domain.errors import CalendarError, DomainError

RECEIVED_IN_PERSON = date(2026, 2, 6)  # a Friday, the REFERENCE worked example


@pytest.fixture(scope="module")
def calendar() -> WorkingCalendar:
    """2026 and the years before it, as recorded before the 2027 notice came out: the
    tests of an unrecorded 2027 hold whatever years the installed package covers."""
    return WorkingCalendar(year for year in years_from_chinese_calendar() if year.year <= 2026)


class TestWorkedExample:
    def test_supplement_notice_is_due_seven_working_days_after_receipt(
        self, calendar: WorkingCalendar
    ) -> None:
        assert calendar.add_working_days(RECEIVED_IN_PERSON, 7) == Deadline(
            date(2026, 2, 24), provisional=False
        )

    def test_answer_is_due_twenty_working_days_after_receipt(
        self, calendar: WorkingCalendar
    ) -> None:
        assert calendar.add_working_days(RECEIVED_IN_PERSON, 20) == Deadline(
            date(2026, 3, 12), provisional=False
        )

    def test_full_extension_moves_the_answer_to_forty_working_days(
        self, calendar: WorkingCalendar
    ) -> None:
        assert calendar.add_working_days(RECEIVED_IN_PERSON, 40) == Deadline(
            date(2026, 4, 10), provisional=False
        )

    def test_seven_working_days_lie_between_receipt_and_supplement_deadline(
        self, calendar: WorkingCalendar
    ) -> None:
        assert calendar.working_days_between(RECEIVED_IN_PERSON, date(2026, 2, 24)) == 7


class TestWorkingDay:
    def test_make_up_saturday_is_a_working_day(self, calendar: WorkingCalendar) -> None:
        assert calendar.is_working_day(date(2026, 2, 14))

    def test_spring_festival_monday_is_not_a_working_day(self, calendar: WorkingCalendar) -> None:
        assert not calendar.is_working_day(date(2026, 2, 16))

    def test_ordinary_sunday_is_not_a_working_day(self, calendar: WorkingCalendar) -> None:
        assert not calendar.is_working_day(date(2026, 3, 1))

    def test_unrecorded_year_knows_new_years_day_is_a_holiday(self) -> None:
        assert not WorkingCalendar().is_working_day(date(2027, 1, 1))

    def test_unrecorded_year_knows_the_fixed_statutory_holidays(self) -> None:
        # 国务院令第798号: 劳动节 1–2 May from 2025; 国庆节 1–3 October
        fixed = [date(2031, 5, 1), date(2031, 5, 2), date(2031, 10, 1), date(2031, 10, 3)]
        assert not any(WorkingCalendar().is_working_day(day) for day in fixed)
        assert WorkingCalendar().is_working_day(date(2031, 5, 5))  # a Monday

    def test_an_unrecorded_weekday_outside_the_fixed_holidays_is_a_working_day(self) -> None:
        assert WorkingCalendar().is_working_day(date(2027, 1, 4))

    def test_a_datetime_is_refused_because_it_would_miss_every_holiday(
        self, calendar: WorkingCalendar
    ) -> None:
        with pytest.raises(CalendarError) as caught:
            calendar.is_working_day(datetime(2026, 2, 16, 9, 0))
        assert caught.value.code == "CALENDAR_INVALID"


class TestYearBoundary:
    def test_deadline_counted_into_a_recorded_year_follows_its_notice(
        self, calendar: WorkingCalendar
    ) -> None:
        # 2026: 1–3 January off, Sunday 4 January a make-up working day
        assert calendar.add_working_days(date(2025, 12, 22), 20) == Deadline(
            date(2026, 1, 20), provisional=False
        )

    def test_deadline_counted_into_an_unrecorded_year_is_provisional(
        self, calendar: WorkingCalendar
    ) -> None:
        assert not calendar.covers(2027)
        # 元旦 (Fri 1 January) is known before the notice: the provisional date skips it
        assert calendar.add_working_days(date(2026, 12, 21), 20) == Deadline(
            date(2027, 1, 19), provisional=True
        )

    def test_recording_the_new_year_recomputes_the_provisional_deadline(
        self, calendar: WorkingCalendar
    ) -> None:
        year_2027 = YearCalendar.create(2027, [date(2027, 1, 1)], [])
        assert calendar.with_year(year_2027).add_working_days(date(2026, 12, 21), 20) == Deadline(
            date(2027, 1, 19), provisional=False
        )

    def test_deadline_within_a_recorded_year_is_final_whatever_follows(
        self, calendar: WorkingCalendar
    ) -> None:
        assert not calendar.add_working_days(date(2026, 11, 2), 20).provisional

    def test_deadline_from_the_last_day_of_a_recorded_year_is_provisional(
        self, calendar: WorkingCalendar
    ) -> None:
        assert calendar.add_working_days(date(2026, 12, 31), 1) == Deadline(
            date(2027, 1, 4), provisional=True
        )


class TestNationalDay:
    def test_golden_week_is_skipped_and_its_make_up_days_are_counted(
        self, calendar: WorkingCalendar
    ) -> None:
        # 2025: Sun 28 Sep works, 1–8 Oct off, Sat 11 Oct works
        assert calendar.add_working_days(date(2025, 9, 26), 7) == Deadline(
            date(2025, 10, 13), provisional=False
        )

    def test_no_working_day_lies_inside_golden_week(self, calendar: WorkingCalendar) -> None:
        assert calendar.working_days_between(date(2025, 9, 30), date(2025, 10, 8)) == 0


class TestPaused:
    def test_working_days_inside_a_pause_are_not_counted(self, calendar: WorkingCalendar) -> None:
        # consultation sent Mon 2 March, reply received Fri 6 March: 3–6 March not counted
        pause = (date(2026, 3, 2), date(2026, 3, 6))
        assert calendar.add_working_days(RECEIVED_IN_PERSON, 20, paused=[pause]).due == date(
            2026, 3, 18
        )

    def test_a_pause_over_a_holiday_changes_nothing(self, calendar: WorkingCalendar) -> None:
        pause = (date(2026, 2, 15), date(2026, 2, 23))
        assert calendar.add_working_days(RECEIVED_IN_PERSON, 20, paused=[pause]).due == date(
            2026, 3, 12
        )

    def test_a_pause_before_receipt_changes_nothing(self, calendar: WorkingCalendar) -> None:
        pause = (date(2026, 1, 5), date(2026, 2, 6))
        assert calendar.add_working_days(RECEIVED_IN_PERSON, 20, paused=[pause]).due == date(
            2026, 3, 12
        )

    def test_overlapping_pauses_count_their_union_once(self, calendar: WorkingCalendar) -> None:
        pauses = [(date(2026, 3, 2), date(2026, 3, 4)), (date(2026, 3, 3), date(2026, 3, 6))]
        assert calendar.add_working_days(RECEIVED_IN_PERSON, 20, paused=pauses).due == date(
            2026, 3, 18
        )

    def test_the_day_a_pause_begins_is_still_counted(self, calendar: WorkingCalendar) -> None:
        pause = (date(2026, 3, 12), date(2026, 3, 13))
        assert calendar.add_working_days(RECEIVED_IN_PERSON, 20, paused=[pause]).due == date(
            2026, 3, 12
        )

    def test_a_pause_running_into_the_unrecorded_year_makes_the_deadline_provisional(
        self, calendar: WorkingCalendar
    ) -> None:
        pause = (date(2026, 11, 30), date(2027, 1, 4))
        assert calendar.add_working_days(date(2026, 11, 30), 1, paused=[pause]) == Deadline(
            date(2027, 1, 5), provisional=True
        )


class TestCounting:
    def test_zero_working_days_is_the_start_itself(self, calendar: WorkingCalendar) -> None:
        assert calendar.add_working_days(date(2026, 2, 15), 0) == Deadline(
            date(2026, 2, 15), provisional=False
        )

    def test_a_negative_count_is_refused(self, calendar: WorkingCalendar) -> None:
        with pytest.raises(CalendarError) as caught:
            calendar.add_working_days(RECEIVED_IN_PERSON, -1)
        assert caught.value.evidence == {"days": -1}

    def test_no_working_days_lie_between_a_date_and_an_earlier_one(
        self, calendar: WorkingCalendar
    ) -> None:
        assert calendar.working_days_between(date(2026, 3, 12), date(2026, 2, 6)) == 0


class TestReplacement:
    def test_a_later_year_calendar_replaces_an_earlier_one_for_the_same_year(self) -> None:
        first = YearCalendar.create(2030, [date(2030, 1, 1)], [])
        corrected = YearCalendar.create(2030, [date(2030, 1, 2)], [])
        calendar = WorkingCalendar([first, corrected])
        assert calendar.is_working_day(date(2030, 1, 1))
        assert not calendar.is_working_day(date(2030, 1, 2))
        assert calendar.years == (corrected,)

    def test_with_year_replaces_the_recorded_year_and_leaves_the_original_alone(self) -> None:
        first = YearCalendar.create(2030, [date(2030, 1, 1)], [])
        original = WorkingCalendar([first])
        replaced = original.with_year(YearCalendar.create(2030, [], []))
        assert replaced.is_working_day(date(2030, 1, 1))
        assert not original.is_working_day(date(2030, 1, 1))

    def test_a_working_calendar_cannot_be_changed_in_place(self) -> None:
        with pytest.raises(AttributeError):
            WorkingCalendar().anything = 1


class TestYearCalendar:
    def test_json_round_trip_gives_the_same_year(self, calendar: WorkingCalendar) -> None:
        for year in calendar.years:
            assert YearCalendar.from_json(year.to_json()) == year

    def test_json_lists_dates_as_sorted_iso_strings(self) -> None:
        year = YearCalendar.create(2026, [date(2026, 2, 16), date(2026, 1, 1)], [date(2026, 2, 14)])
        assert year.to_json() == {
            "year": 2026,
            "holidays": ["2026-01-01", "2026-02-16"],
            "workdays": ["2026-02-14"],
        }

    def test_a_date_outside_the_year_is_refused(self) -> None:
        with pytest.raises(CalendarError) as caught:
            YearCalendar.create(2026, [date(2025, 12, 31)], [])
        assert caught.value.code == "CALENDAR_INVALID"
        assert caught.value.evidence["dates"] == ["2025-12-31"]

    def test_a_date_both_holiday_and_make_up_day_is_refused(self) -> None:
        with pytest.raises(CalendarError) as caught:
            YearCalendar.create(2026, [date(2026, 2, 14)], [date(2026, 2, 14)])
        assert caught.value.evidence["dates"] == ["2026-02-14"]

    def test_calendar_error_is_a_domain_error(self) -> None:
        assert issubclass(CalendarError, DomainError)

    @pytest.mark.parametrize(
        "data",
        [
            [],
            {"year": 2026, "holidays": []},
            {"year": "2026", "holidays": [], "workdays": []},
            {"year": True, "holidays": [], "workdays": []},
            {"year": 2026, "holidays": "2026-01-01", "workdays": []},
            {"year": 2026, "holidays": ["20260101"], "workdays": []},
            {"year": 2026, "holidays": ["2026-02-30"], "workdays": []},
            {"year": 2026, "holidays": [20260101], "workdays": []},
            {"year": 2026, "holidays": [], "workdays": [], "extra": 1},
        ],
    )
    def test_malformed_json_is_refused(self, data: object) -> None:
        with pytest.raises(CalendarError):
            YearCalendar.from_json(data)


class TestSeed:
    def test_seed_covers_every_year_the_package_knows(self) -> None:
        years = [year.year for year in years_from_chinese_calendar()]
        assert years == list(covered_years())
        assert 2026 in years

    def test_seed_keeps_holidays_that_fall_on_weekends(self) -> None:
        seeded = {year.year: year for year in years_from_chinese_calendar()}
        assert date(2026, 2, 15) in seeded[2026].holidays  # a Sunday of Spring Festival

    def test_seed_make_up_days_all_fall_on_weekends(self) -> None:
        for year in years_from_chinese_calendar():
            assert all(day.weekday() >= 5 for day in year.workdays)


def test_a_period_past_the_longest_is_refused_before_a_single_day_is_counted() -> None:
    from domain.calendar.working_calendar import MAX_WORKING_DAYS
    from domain.errors import RuleViolation

    class Counting(WorkingCalendar):
        looked_at = 0

        def is_working_day(self, day: date) -> bool:
            Counting.looked_at += 1
            return super().is_working_day(day)

    calendar = Counting()
    for days in (MAX_WORKING_DAYS + 1, 10**9):
        with pytest.raises(RuleViolation) as refused:
            calendar.add_working_days(date(2026, 2, 6), days)
        assert refused.value.code == "PERIOD_TOO_LONG"
    assert Counting.looked_at == 0
    assert calendar.add_working_days(date(2026, 2, 6), MAX_WORKING_DAYS).due.year == 2035
