"""工作日: the working-day calendar every statutory deadline is counted on.

Each year's holidays and make-up working days are ledger events (``CalendarBook``),
seeded from the ``chinese-calendar`` package, so a deadline can be recomputed exactly as
it was known at the time.

    calendar = WorkingCalendar([YearCalendar(2026, holidays, workdays)])
    calendar.add_working_days(date(2026, 2, 6), 20)  # Deadline(due=..., provisional=False)
"""

from domain.calendar.calendar_book import CalendarBook
from domain.calendar.seed import years_from_chinese_calendar
from domain.calendar.working_calendar import Deadline, WorkingCalendar, YearCalendar

__all__ = [
    "CalendarBook",
    "Deadline",
    "WorkingCalendar",
    "YearCalendar",
    "years_from_chinese_calendar",
]
