"""``gongkai calendar set-year``'s day lists: dates and inclusive ranges, or one clear error."""

from __future__ import annotations

from datetime import date

import pytest

from api.cli.calendar import parse_days
from domain.errors import CalendarError


def test_a_list_mixes_single_days_and_inclusive_ranges() -> None:
    days = parse_days("2027-01-01, 2027-02-05..2027-02-07,")
    assert days == [date(2027, 1, 1), date(2027, 2, 5), date(2027, 2, 6), date(2027, 2, 7)]


def test_no_list_is_no_days() -> None:
    assert parse_days(None) == [] == parse_days("")


@pytest.mark.parametrize("text", ["2027-13-01", "2027-01-01..tomorrow", "1 January"])
def test_anything_but_iso_dates_is_refused(text: str) -> None:
    with pytest.raises(CalendarError) as refused:
        parse_days(text)
    assert refused.value.code == "CALENDAR_INVALID"
