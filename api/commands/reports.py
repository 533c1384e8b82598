"""The annual report's publication (政府信息公开工作年度报告, Arts. 49–50) and the Table 2
statistics it is computed from, each declared once.

``POST /v1/reports/annual/{year}/publish`` and ``gongkai report publish YEAR`` both call
``publish``. It takes no body: the year is the route's path and the verb's argument, and
what is published is the report as computed now, with its hash and the checkpoint cited.
``POST /v1/reports/annual/{year}/statistics`` and ``gongkai report statistic YEAR`` both
call ``record_statistic``: a figure a responsible unit reported for Table 2.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.services import Services
from api.views.inspection import Inspection
from domain.reporting.statistics import ReportStatistics


def publish(services: Services, year: int, actor: str, at: datetime) -> dict[str, Any]:
    """Record ``AnnualReport.Published`` for the year's report (office head).

    Raises ReportCrossCheckFailed, RuleViolation, ProofUnavailable."""
    return Inspection(services).publish_report(year, actor, at)


class StatisticIn(BaseModel):
    """A Table 2 figure a responsible unit reported (行政许可, 行政处罚, 行政强制: decisions
    made in the year; 行政事业性收费: the amount charged, in yuan)."""

    model_config = ConfigDict(extra="forbid")
    row: Literal["licensing", "penalties", "enforcement", "fees"] = Field(
        description="licensing (行政许可) | penalties (行政处罚) | enforcement (行政强制) | "
        "fees (行政事业性收费)"
    )
    unit: str = Field(description="The unit that reported the figure.")
    figure: int = Field(
        description="Decisions made in the year; for fees, the amount in yuan (the table "
        "shows 万元)."
    )
    source: str = Field(description="Where the figure comes from (the unit's statistics).")


def record_statistic(
    services: Services, year: int, body: StatisticIn, actor: str, at: datetime
) -> dict[str, Any]:
    """Record ``Statistics.FigureRecorded`` (office head). Raises RuleViolation."""
    office = services.office
    officer = office.actor(actor)
    stream = office.stream(f"statistics:{year}")
    book = office.repo.load(ReportStatistics, stream, stream, must_exist=False)
    book.record(
        officer, at, year=year, row=body.row, unit=body.unit, figure=body.figure,
        source=body.source,
    )  # fmt: skip
    saved = office.repo.save(book, stream)
    return {
        "year": year,
        **body.model_dump(),
        "stream": stream,
        "seq": saved[-1].entry.seq,
        "leaf_hash": saved[-1].leaf_hash,
    }
