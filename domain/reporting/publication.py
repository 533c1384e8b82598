"""政府信息公开工作年度报告的发布 — publishing one year's annual report (OGI Regulation
Arts. 49–50) as a ledger event.

The ``AnnualReport.Published`` entry carries the report's SHA-256 (over its canonical
JSON body, ``YearReport.sha256``), its figures, and the signed checkpoint (tree size and
root hash) it was computed at, so anyone holding the log can recompute and compare it.
The office head publishes, only a report whose cross-checks hold, only once the year is
over; a later publication of the same year supersedes the earlier one and names it.
One stream per year.

The entry also carries the hashes of the approved narrative sections
(``domain.reporting.narrative``) and the Art. 49 due date: 31 January for a department
(县级以上人民政府部门), 31 March for a local government (县级以上地方人民政府); a
publication after it is recorded, flagged ``late`` — an accountability finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

from domain.aggregate import Actor, Aggregate
from domain.checks import check_date
from domain.errors import RuleViolation
from domain.reporting.annual_report import FORMAT, YearReport
from domain.reporting.narrative import ReportNarrative
from ledger.events import Recorded

DUE: Final = {"department": (1, 31), "local_government": (3, 31)}


def report_due(year: int, agency_kind: str) -> date:
    """Art. 49: the day by which the report of ``year`` is published."""
    if agency_kind not in DUE:
        raise RuleViolation(
            "GUIDE_INVALID", f"agency_kind is one of {', '.join(DUE)}", field="agency_kind"
        )
    month, day = DUE[agency_kind]
    return date(year + 1, month, day)


@dataclass(frozen=True, slots=True)
class Publication:
    report_sha256: str
    tree_size: int
    published_on: date
    officer: str
    seq: int


class AnnualReport(Aggregate):
    """The publications of one year's annual report."""

    aggregate_type = "AnnualReport"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self._year: int | None = None
        self._publications: list[Publication] = []

    @property
    def year(self) -> int | None:
        return self._year

    @property
    def publications(self) -> tuple[Publication, ...]:
        return tuple(self._publications)

    @property
    def current(self) -> Publication | None:
        return self._publications[-1] if self._publications else None

    def publish(
        self,
        actor: Actor,
        at: datetime,
        *,
        report: YearReport,
        tree_size: int,
        root_hash: str,
        published_on: date,
        narratives: ReportNarrative,
        agency_kind: str,
    ) -> None:
        """Publish ``report`` as computed at the checkpoint (tree_size, root_hash).

        Raises ReportCrossCheckFailed, or RuleViolation: REPORT_YEAR_NOT_OVER,
        REPORT_YEAR_MISMATCH, REPORT_ALREADY_PUBLISHED,
        REPORT_NARRATIVE_NOT_APPROVED (every narrative section drafted and approved)."""
        actor.require("office_head")
        day = self._check_year(report, published_on)
        report.check()
        approved = narratives.approved()
        current = self.current
        if current is not None and current.report_sha256 == report.sha256:
            raise RuleViolation(
                "REPORT_ALREADY_PUBLISHED",
                f"this exact report of {report.year} was published on {current.published_on}",
                report_sha256=report.sha256,
            )
        due = report_due(report.year, agency_kind)
        self._record(
            "Published",
            actor,
            at,
            format=FORMAT,
            year=report.year,
            report_sha256=report.sha256,
            tree_size=tree_size,
            root_hash=root_hash,
            published_on=day,
            supersedes=None if current is None else current.report_sha256,
            figures=figures(report),
            narratives={str(n): s.text_sha256 for n, s in sorted(approved.items())},
            agency_kind=agency_kind,
            due_on=due.isoformat(),
            late=published_on > due,
        )

    def _check_year(self, report: YearReport, published_on: date) -> str:
        """The publication date as recorded; the report must be of this stream's year, and
        published after that year ends (Arts. 49–50)."""
        day = check_date(published_on, "published_on")
        if self._year is not None and report.year != self._year:
            raise RuleViolation(
                "REPORT_YEAR_MISMATCH",
                f"this stream holds the report of {self._year}",
                year=self._year,
                report_year=report.year,
            )
        if published_on.year <= report.year:
            raise RuleViolation(
                "REPORT_YEAR_NOT_OVER",
                f"Arts. 49–50: the report of {report.year} is published after the year ends",
                year=report.year,
                published_on=day,
            )
        return day

    def _on_Published(self, event: Recorded) -> None:
        data = event.data
        self._year = int(data["year"])
        self._publications.append(
            Publication(
                data["report_sha256"],
                int(data["tree_size"]),
                date.fromisoformat(data["published_on"]),
                event.actor,
                event.seq,
            )
        )


def figures(report: YearReport) -> dict[str, Any]:
    """The report's numbers by table and row key (integers only; None: not recorded)."""
    return {
        f"table{table.number}": {row.key: list(row.values) for row in table.rows}
        for table in report.tables()
    }
