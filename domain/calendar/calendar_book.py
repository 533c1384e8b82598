"""工作日历 — the recorded working-day calendar: each year's State Council holiday notice
(国务院办公厅关于部分节假日安排的通知) as a ledger event.

Statutory deadlines (OGI Regulation Arts. 26, 30, 32–34, 42) are counted in working days
of these notices. Recording each year in the ledger, and amending it by a later record of
the same year, lets anyone recompute a deadline exactly as it was known at any moment
(``calendar_as_of``). One ``CalendarBook`` stream per ledger.
"""

from __future__ import annotations

from datetime import datetime

from domain.aggregate import Actor, Aggregate
from domain.calendar.working_calendar import WorkingCalendar, YearCalendar
from domain.checks import check_text
from domain.errors import RuleViolation
from ledger.events import Recorded


class CalendarBook(Aggregate):
    """The ledger's one calendar stream: ``Calendar.YearRecorded`` events, year by year."""

    aggregate_type = "Calendar"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        # (seq, year) for every record, in stream order: enough for any as-of view
        self._records: list[tuple[int, YearCalendar]] = []
        self._sources: dict[int, str] = {}

    # --- commands -------------------------------------------------------------------

    def record_year(self, actor: Actor, at: datetime, year: YearCalendar, source: str) -> None:
        """Record (or amend) one year's holidays and make-up working days; admin only."""
        actor.require("admin")
        if not isinstance(year, YearCalendar):
            raise RuleViolation(
                "CALENDAR_INVALID", "year must be a YearCalendar", value=type(year).__name__
            )
        checked_source = check_text(source, "source")
        current = self.calendar()
        if current.covers(year.year) and _recorded_year(current, year.year) == year:
            raise RuleViolation(
                "CALENDAR_UNCHANGED",
                f"the calendar of {year.year} is already recorded exactly so",
                year=year.year,
            )
        self._record("YearRecorded", actor, at, **year.to_json(), source=checked_source)

    # --- read -----------------------------------------------------------------------

    def calendar(self) -> WorkingCalendar:
        """The working calendar built from every recorded year (the latest record wins)."""
        return WorkingCalendar(year for _, year in self._records)

    def calendar_as_of(self, seq: int) -> WorkingCalendar:
        """The calendar as it stood once event ``seq`` of this stream was recorded."""
        return WorkingCalendar(year for recorded, year in self._records if recorded <= seq)

    @property
    def recorded_years(self) -> tuple[int, ...]:
        """The years with a recorded calendar, in order."""
        return tuple(sorted({year.year for _, year in self._records}))

    def source_of(self, year: int) -> str | None:
        """The source cited by the latest record of ``year``, or None if never recorded."""
        return self._sources.get(year)

    # --- events ---------------------------------------------------------------------

    def _on_YearRecorded(self, event: Recorded) -> None:
        data = event.data
        year = YearCalendar.from_json({key: data[key] for key in ("year", "holidays", "workdays")})
        self._records.append((event.seq, year))
        self._sources[year.year] = data["source"]


def _recorded_year(calendar: WorkingCalendar, year: int) -> YearCalendar | None:
    return next((recorded for recorded in calendar.years if recorded.year == year), None)
