"""政府信息公开工作年度报告 — the annual report's tables (OGI Regulation Arts. 49–50;
template 国办公开办函〔2021〕30号), computed from the report-inputs read model.

Pure: functions over already-read rows. Counting rules (dates are the business dates
the entries record, so the report of a year depends only on what happened in it):

Table 3, per applicant type (the column):
- 一 (本年新收): requests whose Art. 31 date of receipt falls in the year; an online or
  fax request whose receipt was never confirmed was never received and is not counted
  anywhere (``unconfirmed`` says how many were left out);
- 二 (上年结转): received before the year and not closed before it;
- 三 (本年度办理结果): requests closed in the year, by outcome: the answer's outcome;
  deemed abandoned (Art. 30) → （六）1; deemed withdrawn for an unpaid fee (109号) →
  （六）2; withdrawn by the applicant → （六）3.其他; （七）总计 = their sum;
- 四 (结转下年度继续办理): received by the year's end and still open at its end.
Cross-checks per column: 一 + 二 = 三（七） + 四 and 三（七） = the sum of the outcome rows.

Table 4: a reconsideration or lawsuit counts in every year it was being handled — filed
by the year's end and not decided before the year began: under its result in the year
it was decided, as 尚未审结 in each year at whose end it was still pending. Lawsuits
are split into direct (未经复议直接起诉) and after reconsideration (复议后起诉).

Table 2 (``domain.reporting.table2``): 规章 and 行政规范性文件 from the published items;
行政许可, 行政处罚, 行政强制 and 行政事业性收费 from the statistics the responsible units
reported (``domain.reporting.statistics``), empty where none was recorded. The
information processing fees collected on requests (Art. 42) are reported separately,
as the template's section on other matters asks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from domain.disclosure_request.outcomes import OUTCOMES
from domain.errors import DomainError, ReportCrossCheckFailed
from domain.reporting import tables as layout
from domain.reporting.statistics import Figure
from domain.reporting.table2 import ItemFacts, table2

__all__ = [
    "FORMAT",
    "CrossCheck",
    "FeeFacts",
    "ItemFacts",
    "RemedyFacts",
    "RequestFacts",
    "YearReport",
    "annual_report",
    "cross_checks",
    "facts_from_rows",
    "table2",
    "table3",
    "table4",
]
from domain.reporting.tables import Table, TableRow

FORMAT: Final = "gongkai-annual-report/1"
WITHDRAWN_BY_APPLICANT: Final = "other.other"  # （六）3.其他
NO_SUPPLEMENT, UNPAID_FEE = "other.no_supplement", "other.unpaid_fee"
_COLUMN = {slug: n for n, (slug, _) in enumerate(layout.APPLICANT_COLUMNS)}
_WIDTH = len(layout.APPLICANT_COLUMNS)


@dataclass(frozen=True, slots=True)
class RequestFacts:
    stream: str
    number: str
    applicant_type: str
    receipt_on: str | None
    closed_as: str | None
    closed_on: str | None
    outcome: str | None

    @property
    def table3_outcome(self) -> str | None:
        if self.closed_as == "withdrawn":
            return WITHDRAWN_BY_APPLICANT
        if self.closed_as == "abandoned":
            return self.outcome or NO_SUPPLEMENT
        if self.closed_as == "deemed_withdrawn":
            return self.outcome or UNPAID_FEE
        return self.outcome


@dataclass(frozen=True, slots=True)
class RemedyFacts:
    stream: str
    kind: str  # reconsideration | lawsuit
    after_reconsideration: bool
    filed_on: str
    decided_on: str | None
    result: str  # upheld | corrected | other | pending


@dataclass(frozen=True, slots=True)
class FeeFacts:
    index: int
    stream: str
    paid_on: str
    fee_fen: int


@dataclass(frozen=True, slots=True)
class CrossCheck:
    name: str
    column: str
    left: int
    right: int

    @property
    def holds(self) -> bool:
        return self.left == self.right

    def to_json(self) -> dict[str, Any]:
        return {
            **{k: getattr(self, k) for k in ("name", "column", "left", "right")},
            "holds": self.holds,
        }


@dataclass(frozen=True)
class YearReport:
    """The three tables of one year, and what goes beside them."""

    year: int
    table2: Table
    table3: Table
    table4: Table
    fees_fen: int
    unconfirmed: int

    def tables(self, number: int | None = None) -> list[Table]:
        chosen = [self.table2, self.table3, self.table4]
        return [t for t in chosen if number is None or t.number == number]

    def body(self) -> dict[str, Any]:
        """What the report's hash covers: the year, the tables and the side figures."""
        return {
            "format": FORMAT,
            "year": self.year,
            "tables": [t.to_json() for t in self.tables()],
            "information_processing_fees_fen": self.fees_fen,
            "unconfirmed_requests": self.unconfirmed,
        }

    @property
    def sha256(self) -> str:
        canonical = json.dumps(
            self.body(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def cross_checks(self) -> list[CrossCheck]:
        return cross_checks(self)

    def check(self) -> None:
        """Raises ReportCrossCheckFailed unless every cross-check holds."""
        failed = [c for c in self.cross_checks() if not c.holds]
        if failed:
            raise ReportCrossCheckFailed(
                f"{len(failed)} cross-check(s) of the {self.year} report fail: "
                + "; ".join(f"{c.name} [{c.column}] {c.left} ≠ {c.right}" for c in failed[:5]),
                year=self.year,
                failed=[c.to_json() for c in failed],
            )


def annual_report(
    year: int,
    requests: Iterable[RequestFacts],
    remedies: Iterable[RemedyFacts],
    items: Iterable[ItemFacts],
    fees: Iterable[FeeFacts],
    statistics: Iterable[Figure] = (),
) -> YearReport:
    """Compute the year's tables from the report inputs and the recorded statistics."""
    requests = list(requests)
    start, end = f"{year:04d}-01-01", f"{year:04d}-12-31"
    fees_fen = sum(f.fee_fen for f in fees if start <= f.paid_on <= end)
    unconfirmed = sum(1 for r in requests if r.receipt_on is None)
    return YearReport(
        year,
        table2(year, items, statistics),
        table3(year, requests),
        table4(year, remedies),
        fees_fen,
        unconfirmed,
    )


def table3(year: int, requests: Iterable[RequestFacts]) -> Table:
    start, end = f"{year:04d}-01-01", f"{year:04d}-12-31"
    counts: dict[str, list[int]] = {label: [0] * _WIDTH for label in layout.TABLE3_ROWS}
    codes = {o.code: o.row for o in OUTCOMES}
    for request in requests:
        if request.receipt_on is None or request.receipt_on > end:
            continue  # never received (Art. 31), or received after this year
        column = _column(request.applicant_type)
        closed = request.closed_on
        if request.receipt_on >= start:
            counts[layout.RECEIVED][column] += 1
        elif closed is None or closed >= start:
            counts[layout.CARRIED_IN][column] += 1
        if closed is None or closed > end:
            counts[layout.CARRIED_OUT][column] += 1
        elif closed >= start:
            outcome = request.table3_outcome
            if outcome not in codes:
                raise DomainError(
                    f"request {request.number} closed without a Table 3 outcome",
                    stream=request.stream,
                    outcome=outcome,
                )
            counts[codes[outcome]][column] += 1
            counts[layout.RESULTS_TOTAL][column] += 1
    rows = [
        TableRow(label, (*counts[label], sum(counts[label])), key)
        for label, key in zip(layout.TABLE3_ROWS, _table3_keys(), strict=True)
    ]
    return Table(3, layout.TABLE3_TITLE, layout.TABLE3_COLUMNS, tuple(rows))


def _table3_keys() -> list[str]:
    return ["received", "carried_in", *(o.code for o in OUTCOMES), "results_total", "carried_out"]


def _column(applicant_type: str) -> int:
    if applicant_type not in _COLUMN:
        raise DomainError(f"unknown applicant type {applicant_type!r}", value=applicant_type)
    return _COLUMN[applicant_type]


def table4(year: int, remedies: Iterable[RemedyFacts]) -> Table:
    start, end = f"{year:04d}-01-01", f"{year:04d}-12-31"
    counts = {label: [0] * 4 for label in layout.TABLE4_ROWS}
    for remedy in remedies:
        decided = remedy.decided_on
        if remedy.filed_on > end or (decided is not None and decided < start):
            continue  # not being handled in this year
        if remedy.kind == "reconsideration":
            label = layout.RECONSIDERATION
        else:
            label = layout.LAWSUIT_AFTER if remedy.after_reconsideration else layout.DIRECT_LAWSUIT
        result = remedy.result if decided is not None and decided <= end else "pending"
        counts[label][layout.RESULT_COLUMN[result]] += 1
    keys = ("reconsideration", "lawsuit_direct", "lawsuit_after_reconsideration")
    rows = [
        TableRow(label, (*counts[label], sum(counts[label])), key)
        for label, key in zip(layout.TABLE4_ROWS, keys, strict=True)
    ]
    return Table(4, layout.TABLE4_TITLE, layout.TABLE4_COLUMNS, tuple(rows))


def cross_checks(report: YearReport) -> list[CrossCheck]:
    """Table 3 per column: 一 + 二 = 三（七） + 四 and 三（七） = Σ outcome rows; the 总计
    column of Tables 3 and 4 is the sum of the others."""
    t3 = report.table3
    received, carried_in = t3.row(layout.RECEIVED), t3.row(layout.CARRIED_IN)
    total, carried_out = t3.row(layout.RESULTS_TOTAL), t3.row(layout.CARRIED_OUT)
    outcomes = [t3.row(o.row) for o in OUTCOMES]
    checks = []
    for n, column in enumerate(t3.columns):
        checks.append(
            CrossCheck(
                "一 + 二 = 三（七） + 四",
                column,
                _v(received, n) + _v(carried_in, n),
                _v(total, n) + _v(carried_out, n),
            )
        )
        checks.append(
            CrossCheck(
                "三（七） = Σ 办理结果", column, _v(total, n), sum(_v(r, n) for r in outcomes)
            )
        )
    for table in (t3, report.table4):
        for row in table.rows:
            checks.append(
                CrossCheck(
                    f"表{table.number} {row.label}: {layout.TOTAL} = Σ",
                    layout.TOTAL,
                    _v(row, len(row.values) - 1),
                    sum(_v(row, n) for n in range(len(row.values) - 1)),
                )
            )
    return checks


def _v(row: TableRow, n: int) -> int:
    value = row.values[n]
    return value if isinstance(value, int) else 0  # Tables 3 and 4 hold counts only


def facts_from_rows(
    requests: Sequence[Sequence[Any]],
    remedies: Sequence[Sequence[Any]],
    items: Sequence[Sequence[Any]],
    fees: Sequence[Sequence[Any]],
) -> tuple[list[RequestFacts], list[RemedyFacts], list[ItemFacts], list[FeeFacts]]:
    """The report-inputs rows (column order as ``projections.report_inputs`` reads them)."""
    return (
        [
            RequestFacts(str(s), str(n), str(a), _text(r), _text(c), _text(d), _text(o))
            for s, n, a, r, c, d, o in requests
        ],
        [
            RemedyFacts(str(s), str(k), bool(a), str(f), _text(d), str(r))
            for s, k, a, f, d, r in remedies
        ],
        [ItemFacts(str(s), str(c), _text(p), _text(w), _text(r)) for s, c, p, w, r in items],
        [FeeFacts(int(i), str(s), str(p), int(f)) for i, s, p, f in fees],
    )


def _text(value: object) -> str | None:
    return None if value is None else str(value)
