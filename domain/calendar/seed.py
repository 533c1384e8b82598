"""工作日历种子 — seed the recorded working-day calendar from the ``chinese_calendar`` package.

Each year's State Council holiday notice (国务院办公厅关于部分节假日安排的通知) must be
recorded in the ledger before deadlines in that year stop being provisional (OGI
Regulation Arts. 30, 33). This module turns the notices compiled in the
``chinesecalendar`` distribution into ``YearCalendar`` values for that recording; no
deadline ever reads the package directly.

The package exposes two dicts keyed by ``datetime.date``: ``holidays`` (every rest day of
a notice, weekends included) and ``workdays`` (the make-up working days, 调休上班).
A notice can reach into the previous year (the 2019 notice moved 29–31 December 2018),
so dates are grouped by the year they fall in, not by the notice that set them.
"""

from __future__ import annotations

from datetime import date

import chinese_calendar

from domain.calendar.working_calendar import YearCalendar

_SATURDAY = 5


def covered_years() -> range:
    """The years the installed package has holiday data for."""
    years = {day.year for day in _package_holidays()}
    return range(min(years), max(years) + 1)


def years_from_chinese_calendar() -> list[YearCalendar]:
    """One ``YearCalendar`` per covered year, in order."""
    holidays = _package_holidays()
    workdays = _package_workdays()
    return [
        YearCalendar.create(
            year,
            holidays=(day for day in holidays if day.year == year),
            workdays=(day for day in workdays if day.year == year and day.weekday() >= _SATURDAY),
        )
        for year in covered_years()
    ]


def _package_holidays() -> frozenset[date]:
    return frozenset(chinese_calendar.holidays)


def _package_workdays() -> frozenset[date]:
    return frozenset(chinese_calendar.workdays)
