"""The working calendar as recorded at any log position, for the accountability findings
that count working days (``Calendar.YearRecorded`` rows of the accountability read model)."""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from domain.calendar.working_calendar import WorkingCalendar, YearCalendar

RecordedYear = tuple[int, YearCalendar]  # (log index of the record, the year recorded)


def recorded_year(row: Sequence[Any]) -> RecordedYear:
    """From (log index, year, JSON of its holidays and workdays)."""
    index, year, days = row
    return int(index), YearCalendar.from_json({"year": int(year), **json.loads(days)})


class CalendarHistory:
    """The working calendar as recorded at any log position (``Calendar.YearRecorded``)."""

    def __init__(self, records: Sequence[RecordedYear]) -> None:
        ordered = sorted(records, key=lambda r: r[0])
        self._indices = [index for index, _ in ordered]
        self._years = [year for _, year in ordered]
        self._built: dict[int, WorkingCalendar] = {}

    def before(self, index: int) -> WorkingCalendar:
        """The calendar from every year recorded at a log index before ``index``."""
        count = bisect_left(self._indices, index)
        if count not in self._built:
            self._built[count] = WorkingCalendar(self._years[:count])
        return self._built[count]
