"""年度报告表二 — 主动公开政府信息情况 (template 国办公开办函〔2021〕30号).

规章 and 行政规范性文件 are counted from the published information items: 本年制发件数,
first published in the year; 本年废止件数, withdrawn in the year as repealed or
expired; 现行有效件数, published by the year's end and not withdrawn by then.

行政许可, 行政处罚 and 行政强制 "本年处理决定数量" and 行政事业性收费 "本年收费金额（单位：
万元）" are not counts of published items: they are the statistics the responsible units
report, recorded as signed entries (``domain.reporting.statistics``) and added up here,
each unit's latest figure; a row no unit reported is left empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from domain.reporting import tables as layout
from domain.reporting.statistics import FEES_ROW, Figure, row_totals, wan_yuan
from domain.reporting.tables import Table, TableRow


@dataclass(frozen=True, slots=True)
class ItemFacts:
    stream: str
    category: str
    published_on: str | None
    withdrawn_on: str | None
    withdrawal_reason: str | None


def table2(year: int, items: Iterable[ItemFacts], statistics: Iterable[Figure] = ()) -> Table:
    rows = [*_document_rows(year, items)]
    totals = row_totals(year, statistics)
    for slug, label, article in layout.TABLE2_DECISION_ROWS:
        rows.append(TableRow(label, (totals.get(slug),), slug, (layout.DECISIONS,), article))
    slug, label, article = layout.TABLE2_FEES_ROW
    fees = totals.get(FEES_ROW)
    amount = None if fees is None else wan_yuan(fees)
    rows.append(TableRow(label, (amount,), slug, (layout.FEE_AMOUNT,), article))
    return Table(2, layout.TABLE2_TITLE, (), tuple(rows))


def _document_rows(year: int, items: Iterable[ItemFacts]) -> Iterable[TableRow]:
    start, end = f"{year:04d}-01-01", f"{year:04d}-12-31"
    by_category: dict[str, list[ItemFacts]] = {}
    for item in items:
        by_category.setdefault(item.category, []).append(item)

    def in_year(day: str | None) -> bool:
        return day is not None and start <= day <= end

    for slug, label, article in layout.TABLE2_DOCUMENT_ROWS:
        found = by_category.get(slug, [])
        issued = sum(1 for i in found if in_year(i.published_on))
        repealed = sum(
            1
            for i in found
            if in_year(i.withdrawn_on) and i.withdrawal_reason == "repealed_or_expired"
        )
        in_force = sum(
            1
            for i in found
            if i.published_on is not None
            and i.published_on <= end
            and (i.withdrawn_on is None or i.withdrawn_on > end)
        )
        columns = (layout.ISSUED, layout.REPEALED, layout.IN_FORCE)
        yield TableRow(label, (issued, repealed, in_force), slug, columns, article)
