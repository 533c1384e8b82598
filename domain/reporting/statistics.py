"""年度报告表二的统计数 — the figures of the annual report's Table 2 that are not counts
of published items: 行政许可, 行政处罚 and 行政强制 "本年处理决定数量" (the decisions the
responsible units made in the year) and 行政事业性收费 "本年收费金额" (what they
charged). The responsible units report them (OGI Regulation Art. 50; template
国办公开办函〔2021〕30号); the office head records each one as a signed entry — year,
row, reporting unit, figure, source — and Table 2 adds up the latest figure of each unit.

One stream per report year. A later figure of the same unit and row corrects the
earlier one; both stay in the ledger.

    book = ReportStatistics(stream)
    book.record(head, at, year=2026, row="licensing", unit="市市场监管局", figure=1234,
        source="市市场监管局2026年行政许可统计表")
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from domain.aggregate import Actor, Aggregate
from domain.checks import check_choice, check_text
from domain.errors import RuleViolation
from ledger.events import Recorded

# Table 2 rows recorded as statistics, and what their figure counts
DECISION_ROWS: Final = ("licensing", "penalties", "enforcement")  # decisions (件)
FEES_ROW: Final = "fees"  # 行政事业性收费: the amount in yuan (the table shows 万元)
ROWS: Final = (*DECISION_ROWS, FEES_ROW)
YUAN_PER_WAN: Final = 10_000


@dataclass(frozen=True, slots=True)
class Figure:
    """One recorded figure: a unit's count of decisions, or its fees in yuan."""

    year: int
    row: str
    unit: str
    figure: int
    source: str


class ReportStatistics(Aggregate):
    """The Table 2 statistics of one report year."""

    aggregate_type = "Statistics"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self._figures: list[Figure] = []

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(self._figures)

    def record(
        self, actor: Actor, at: datetime, *, year: int, row: str, unit: str, figure: int,
        source: str,
    ) -> None:  # fmt: skip
        """Record a unit's figure for ``row`` of ``year`` (office head)."""
        actor.require("office_head")
        if self._figures and self._figures[0].year != year:
            raise RuleViolation(
                "STATISTICS_YEAR_MISMATCH",
                f"this stream holds the {self._figures[0].year} statistics",
                year=year,
            )
        data = {
            "year": _whole(year, "year", 2008),
            "row": check_choice(row, ROWS, "STATISTICS_ROW_UNKNOWN", "row"),
            "unit": check_text(unit, "unit"),
            "figure": _whole(figure, "figure", 0),
            "source": check_text(source, "source"),
        }
        self._record("FigureRecorded", actor, at, **data)

    def _on_FigureRecorded(self, event: Recorded) -> None:
        data = event.data
        self._figures.append(
            Figure(data["year"], data["row"], data["unit"], data["figure"], data["source"])
        )


def _whole(value: object, field: str, minimum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise RuleViolation(
            f"STATISTICS_{field.upper()}_INVALID",
            f"{field} must be an integer of at least {minimum}",
            field=field,
            value=repr(value),
        )
    return value


def row_totals(year: int, figures: Iterable[Figure]) -> dict[str, int]:
    """Per row, the sum over units of each unit's latest figure for ``year`` (rows no unit
    reported are absent: the table leaves them empty)."""
    latest: dict[tuple[str, str], int] = {}
    for figure in figures:
        if figure.year == year:
            latest[(figure.row, figure.unit)] = figure.figure
    totals: dict[str, int] = {}
    for (row, _), value in latest.items():
        totals[row] = totals.get(row, 0) + value
    return totals


def figures_from_rows(rows: Iterable[Iterable[object]]) -> list[Figure]:
    """(year, row, unit, figure, source) rows of the report-inputs read model."""
    return [Figure(int(str(y)), str(r), str(u), int(str(f)), str(s)) for y, r, u, f, s in rows]


def wan_yuan(yuan: int) -> str:
    """An amount in yuan as 万元 with four decimals (one yuan precision): 12345 → 1.2345."""
    whole, rest = divmod(yuan, YUAN_PER_WAN)
    return f"{whole}.{rest:04d}"
