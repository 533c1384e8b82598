"""工作日 — the working-day calendar behind every statutory deadline.

OGI Regulation (政府信息公开条例) deadlines are counted in working days: Art. 26 (主动公开
within 20), Art. 30 (补正 notice within 7), Art. 33 (answer within 20, one extension of at
most 20), Arts. 32 and 34 (consultees have 15). The day of receipt is not counted; day 1
is the first working day after it. Time spent consulting (Art. 33, second paragraph) or
waiting for a fee (Art. 42, 国办函〔2020〕109号) is not counted: such intervals are
passed in as ``paused``.

Working days follow each year's State Council holiday notice (国务院办公厅关于部分节假日
安排的通知): listed holidays are rest days, make-up days (调休上班) on weekends are
working days. The notices are not read from a package here: each year is recorded in
the ledger as a ``YearCalendar`` and passed in, so a deadline can be recomputed exactly
as it was known at any moment. A deadline that runs into an unrecorded year skips
weekends and the statutory holidays fixed by date (``domain.calendar.statutory``: 元旦,
劳动节, 国庆节) and is marked provisional.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Any, NoReturn

from domain.calendar.statutory import is_fixed_holiday
from domain.errors import CalendarError, RuleViolation

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5
# The longest period counted, checked before the loop that counts it: no statutory period
# comes near it (the longest is 20 + 20 working days), so more is a typing error, not ten
# years of work for the server.
MAX_WORKING_DAYS = 2500


@dataclass(frozen=True, slots=True)
class YearCalendar:
    """One year's holiday notice: every official rest day, and the weekend make-up days.

    ``holidays`` lists all rest days of the notice, weekdays and weekends alike;
    ``workdays`` lists the weekend days designated as working days (调休上班).
    """

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]

    def __post_init__(self) -> None:
        _check_year(self.year)
        _check_dates(self.year, "holidays", self.holidays)
        _check_dates(self.year, "workdays", self.workdays)
        both = self.holidays & self.workdays
        if both:
            raise CalendarError(
                f"{self.year}: dates both holiday and make-up working day",
                year=self.year,
                dates=_iso_sorted(both),
            )

    @classmethod
    def create(cls, year: int, holidays: Iterable[date], workdays: Iterable[date]) -> YearCalendar:
        """Build a checked year. Raises CalendarError (``CALENDAR_INVALID``)."""
        return cls(year, frozenset(holidays), frozenset(workdays))

    def to_json(self) -> dict[str, Any]:
        """JSON values only, dates as sorted ISO strings: ledger event data."""
        return {
            "year": self.year,
            "holidays": _iso_sorted(self.holidays),
            "workdays": _iso_sorted(self.workdays),
        }

    @classmethod
    def from_json(cls, data: object) -> YearCalendar:
        """Parse ``to_json`` output. Raises CalendarError if malformed or invalid."""
        if not isinstance(data, Mapping) or set(data) != {"year", "holidays", "workdays"}:
            raise CalendarError("year calendar must have exactly year, holidays, workdays")
        return cls.create(
            data["year"], _parse_dates(data["holidays"]), _parse_dates(data["workdays"])
        )


@dataclass(frozen=True, slots=True)
class Deadline:
    """A due date; ``provisional`` if it was counted through an unrecorded year."""

    due: date
    provisional: bool


class WorkingCalendar:
    """The recorded years; for the same year a later ``YearCalendar`` replaces an earlier."""

    __slots__ = ("_by_year",)
    _by_year: Mapping[int, YearCalendar]

    def __init__(self, years: Iterable[YearCalendar] = ()) -> None:
        by_year = {year.year: year for year in years}
        object.__setattr__(self, "_by_year", MappingProxyType(by_year))

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError("WorkingCalendar is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkingCalendar):
            return NotImplemented
        return self._by_year == other._by_year

    def __hash__(self) -> int:
        return hash(self.years)

    def __repr__(self) -> str:
        return f"WorkingCalendar(years={sorted(self._by_year)})"

    @property
    def years(self) -> tuple[YearCalendar, ...]:
        """The recorded years, in order."""
        return tuple(self._by_year[year] for year in sorted(self._by_year))

    def covers(self, year: int) -> bool:
        return year in self._by_year

    def with_year(self, year: YearCalendar) -> WorkingCalendar:
        """A calendar with ``year`` recorded, replacing any earlier record of that year."""
        return WorkingCalendar([*self._by_year.values(), year])

    def is_working_day(self, day: date) -> bool:
        """Recorded year: per the notice; unrecorded year: Monday to Friday except the
        statutory holidays fixed by date (元旦, 劳动节, 国庆节)."""
        _check_plain_date(day)
        recorded = self._by_year.get(day.year)
        if recorded is not None and day in recorded.workdays:
            return True
        if day.weekday() >= _SATURDAY:
            return False
        if recorded is None:
            return not is_fixed_holiday(day)
        return day not in recorded.holidays

    def add_working_days(
        self, start: date, days: int, *, paused: Sequence[tuple[date, date]] = ()
    ) -> Deadline:
        """The ``days``-th working day after ``start``, not counting days in (s, e] of a pause.

        Raises CalendarError if ``days`` is negative or the date range is exhausted, and
        ``PERIOD_TOO_LONG`` past MAX_WORKING_DAYS, before counting anything.
        """
        _check_plain_date(start)
        if days < 0:
            raise CalendarError("cannot count a negative number of working days", days=days)
        if days > MAX_WORKING_DAYS:
            raise RuleViolation(
                "PERIOD_TOO_LONG",
                f"cannot count {days} working days: a period is 0 to {MAX_WORKING_DAYS}",
                days=days,
                most=MAX_WORKING_DAYS,
            )
        day, counted = start, 0
        while counted < days:
            day = _next_day(day)
            resume = _pause_end(day, paused)
            if resume is not None:
                day = resume  # counting resumes after the pause ends
            elif self.is_working_day(day):
                counted += 1
        return Deadline(due=day, provisional=not self._covers_span(start, day))

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days d have ``start < d <= end`` (0 if ``end <= start``)."""
        _check_plain_date(start)
        _check_plain_date(end)
        return sum(1 for day in _days_after(start, end) if self.is_working_day(day))

    def _covers_span(self, start: date, end: date) -> bool:
        """Whether every year of the days in (start, end] is recorded."""
        if end <= start:
            return True
        first = (start + _ONE_DAY).year
        return all(self.covers(year) for year in range(first, end.year + 1))


def _next_day(day: date) -> date:
    try:
        return day + _ONE_DAY
    except OverflowError:
        raise CalendarError("deadline falls beyond the last representable date") from None


def _pause_end(day: date, paused: Sequence[tuple[date, date]]) -> date | None:
    """The latest end of the pauses (s, e] containing ``day``, or None."""
    return max((end for begin, end in paused if begin < day <= end), default=None)


def _days_after(start: date, end: date) -> Iterator[date]:
    for offset in range(1, (end - start).days + 1):
        yield start + timedelta(days=offset)


def _check_plain_date(day: object) -> None:
    # a datetime never equals a date, so it would silently miss every holiday
    if not isinstance(day, date) or isinstance(day, datetime):
        raise CalendarError(f"expected a date, got {type(day).__name__}", value=repr(day))


def _check_year(year: object) -> None:
    if not isinstance(year, int) or isinstance(year, bool):
        raise CalendarError("year must be an integer", year=repr(year))


def _check_dates(year: int, field: str, dates: frozenset[date]) -> None:
    for day in dates:
        _check_plain_date(day)
    outside = [day for day in dates if day.year != year]
    if outside:
        raise CalendarError(
            f"{year}: {field} outside the year", year=year, field=field, dates=_iso_sorted(outside)
        )


def _iso_sorted(dates: Iterable[date]) -> list[str]:
    return [day.isoformat() for day in sorted(dates)]


def _parse_dates(values: object) -> list[date]:
    if not isinstance(values, list):
        raise CalendarError("dates must be a list of ISO date strings", value=repr(values))
    return [_parse_date(value) for value in values]


def _parse_date(value: object) -> date:
    try:
        parsed = date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    # only the canonical YYYY-MM-DD form: ledger data must have one spelling
    if parsed is None or parsed.isoformat() != value:
        raise CalendarError(f"not an ISO date (YYYY-MM-DD): {value!r}", value=repr(value))
    return parsed
