"""工作日 invariants: deadlines never count holidays, pauses or the day of receipt."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from domain.calendar.seed import years_from_chinese_calendar
from domain.calendar.working_calendar import WorkingCalendar, YearCalendar

Pauses = list[tuple[date, date]]

REAL = WorkingCalendar(years_from_chinese_calendar())
ANY_DATE = st.dates(date(1990, 1, 1), date(2100, 12, 31))
NEAR_RECORDED = st.dates(date(2003, 6, 1), date(2027, 6, 30))
DAYS = st.integers(min_value=0, max_value=60)


@st.composite
def year_calendars(draw: st.DrawFn, year: int) -> YearCalendar:
    in_year = st.dates(date(year, 1, 1), date(year, 12, 31))
    holidays = draw(st.sets(in_year, max_size=60))
    weekends = draw(st.sets(in_year.filter(lambda day: day.weekday() >= 5), max_size=10))
    return YearCalendar.create(year, holidays, weekends - holidays)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[WorkingCalendar, date]:
    """A start date and a calendar: the real one, or random notices around the start."""
    start = draw(st.one_of(NEAR_RECORDED, ANY_DATE))
    if draw(st.booleans()):
        return REAL, start
    years = draw(st.sets(st.integers(start.year - 1, start.year + 1)))
    return WorkingCalendar([draw(year_calendars(year)) for year in sorted(years)]), start


@st.composite
def pauses_after(draw: st.DrawFn, start: date) -> Pauses:
    pauses = []
    for _ in range(draw(st.integers(0, 3))):
        begin = start + timedelta(days=draw(st.integers(-10, 60)))
        pauses.append((begin, begin + timedelta(days=draw(st.integers(0, 30)))))
    return pauses


def is_paused(day: date, pauses: Pauses) -> bool:
    return any(begin < day <= end for begin, end in pauses)


def paused_working_days(calendar: WorkingCalendar, start: date, end: date, pauses: Pauses) -> int:
    days = (start + timedelta(days=offset) for offset in range(1, (end - start).days + 1))
    return sum(1 for day in days if is_paused(day, pauses) and calendar.is_working_day(day))


@given(scenarios(), st.integers(min_value=1, max_value=60), st.data())
def test_due_date_is_a_working_day_never_a_holiday_nor_paused(
    scenario: tuple[WorkingCalendar, date], days: int, data: st.DataObject
) -> None:
    calendar, start = scenario
    pauses = data.draw(pauses_after(start))
    due = calendar.add_working_days(start, days, paused=pauses).due
    recorded = {year.year: year for year in calendar.years}
    assert calendar.is_working_day(due)
    assert due not in (recorded[due.year].holidays if due.year in recorded else set())
    assert not is_paused(due, pauses)


@given(scenarios(), DAYS, st.data())
def test_working_days_to_the_due_date_less_paused_ones_equal_the_days_asked(
    scenario: tuple[WorkingCalendar, date], days: int, data: st.DataObject
) -> None:
    calendar, start = scenario
    pauses = data.draw(pauses_after(start))
    due = calendar.add_working_days(start, days, paused=pauses).due
    counted = calendar.working_days_between(start, due)
    assert counted - paused_working_days(calendar, start, due, pauses) == days


@given(scenarios(), DAYS, st.data())
def test_adding_a_pause_never_makes_the_deadline_earlier(
    scenario: tuple[WorkingCalendar, date], days: int, data: st.DataObject
) -> None:
    calendar, start = scenario
    pauses = data.draw(pauses_after(start))
    extra = data.draw(pauses_after(start))
    before = calendar.add_working_days(start, days, paused=pauses).due
    after = calendar.add_working_days(start, days, paused=pauses + extra).due
    assert after >= before


@given(scenarios(), DAYS, DAYS)
def test_counting_in_two_steps_reaches_the_same_deadline(
    scenario: tuple[WorkingCalendar, date], first: int, second: int
) -> None:
    calendar, start = scenario
    whole = calendar.add_working_days(start, first + second)
    halfway = calendar.add_working_days(start, first)
    rest = calendar.add_working_days(halfway.due, second)
    assert whole.due == rest.due
    assert whole.provisional == (halfway.provisional or rest.provisional)


@given(scenarios(), DAYS)
def test_deadline_is_provisional_exactly_when_it_crosses_an_unrecorded_year(
    scenario: tuple[WorkingCalendar, date], days: int
) -> None:
    calendar, start = scenario
    deadline = calendar.add_working_days(start, days)
    years = {(start + timedelta(days=n)).year for n in range(1, (deadline.due - start).days + 1)}
    assert deadline.provisional == any(not calendar.covers(year) for year in years)


@given(ANY_DATE, ANY_DATE, DAYS, st.sampled_from([REAL, WorkingCalendar()]))
def test_any_date_from_1990_to_2100_never_raises(
    start: date, end: date, days: int, calendar: WorkingCalendar
) -> None:
    calendar.is_working_day(start)
    calendar.add_working_days(start, days)
    assert calendar.working_days_between(start, end) >= 0


@given(st.integers(1990, 2100).flatmap(year_calendars))
def test_year_calendar_survives_a_json_round_trip(year: YearCalendar) -> None:
    assert YearCalendar.from_json(year.to_json()) == year
