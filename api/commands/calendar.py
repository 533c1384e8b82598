"""Recording calendar years (admin), declared once for ``gongkai calendar`` and the
workbench: record the years, then recompute the open requests' deadlines."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from api.services import Services
from domain.calendar.working_calendar import YearCalendar


def record(
    services: Services, admin: str, years: list[YearCalendar], source: str, at: datetime
) -> dict[str, Any]:
    """Record the years, then recompute the open requests' deadlines (both signed by
    ``admin``); run the recomputation even if nothing new was recorded, so a run cut
    short is finished by running it again."""
    recorded = services.office.record_years(admin, years, source, at)
    recomputed = services.requests.recompute_open_deadlines(admin, at)
    services.settle()
    return {"recorded": recorded, "recomputed": recomputed}
