"""Table 2's decisions and fees come from the statistics the responsible units reported,
recorded as signed entries, on both backends (issue 16, item 10)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from api.commands.reports import StatisticIn, record_statistic
from api.views.inspection import Inspection
from domain.errors import DomainError
from tests.support.request_office import Office, open_office


@pytest.fixture
def office(database_url: str, tmp_path: Path) -> Iterator[Office]:
    yield from open_office(database_url, tmp_path)


def record(office: Office, row: str, unit: str, figure: int, who: str | None = None) -> None:
    body = StatisticIn.model_validate(
        {"row": row, "unit": unit, "figure": figure, "source": f"{unit}2026年统计表"}
    )
    record_statistic(office.services, 2026, body, who or office.head, office.at())


def test_table_2_adds_up_each_units_latest_recorded_figure(office: Office) -> None:
    record(office, "licensing", "市场监管局", 120)
    record(office, "licensing", "交通局", 30)
    record(office, "licensing", "市场监管局", 125)  # a correction: the latest figure counts
    record(office, "fees", "财政局", 2_500_000)
    office.services.settle()

    table = Inspection(office.services).annual_report(2026).report.table2

    assert table.row("行政许可").values == (155,)
    assert table.row("行政处罚").values == (None,)
    assert table.row("行政事业性收费").values == ("250.0000",)
    assert table.row("行政许可").columns == ("本年处理决定数量",)


def test_only_the_office_head_records_a_figure(office: Office) -> None:
    with pytest.raises(DomainError) as caught:
        record(office, "penalties", "城管局", 5, who=office.handler)
    assert caught.value.code == "ROLE_REQUIRED"
