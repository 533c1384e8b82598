"""法定节假日 — the statutory holidays fixed by date, known before a year's notice.

国务院《全国年节及纪念日放假办法》 (as amended by 国务院令第798号, in force 1 January 2025)
fixes three holidays by the Gregorian date: 元旦 (1 January), 劳动节 (1 and 2 May; 1 May
only before 2025) and 国庆节 (1 to 3 October). The other holidays follow the lunar
calendar (春节, 清明节, 端午节, 中秋节), and each year's State Council notice adds the moved
rest days and the make-up working days (调休上班). So in a year whose notice is not yet
recorded, these dates alone are known rest days; every deadline counted through such a
year stays provisional until the notice is recorded.
"""

from __future__ import annotations

from datetime import date

# 国务院令第798号 added 2 May to 劳动节 from this year on
_TWO_DAY_LABOUR_DAY_FROM = 2025


def fixed_holidays(year: int) -> frozenset[date]:
    """The statutory holidays of ``year`` that fall on a fixed Gregorian date."""
    labour_days = (1, 2) if year >= _TWO_DAY_LABOUR_DAY_FROM else (1,)
    days = [date(year, 1, 1)]
    days += [date(year, 5, day) for day in labour_days]
    days += [date(year, 10, day) for day in (1, 2, 3)]
    return frozenset(days)


def is_fixed_holiday(day: date) -> bool:
    """Whether ``day`` is 元旦, 劳动节 or 国庆节 by its date."""
    return day in fixed_holidays(day.year)
