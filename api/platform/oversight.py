"""The supervising office's figures for one agency (政务公开办): overdue and at-risk
requests, requests answered late, late publications (Art. 26) and the annual report
of the last year (Art. 49: by 31 January for departments, 31 March for local
governments). Every figure carries the links to the entries that prove it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from api.platform.registry import Agency
from api.services import Services
from api.views.inspection import report_stream
from api.views.requests import AT_RISK_DAYS
from domain.disclosure_request.view import days_left
from projections import catalogue_queries as catalogue
from projections import register_queries as queries

CST = timedelta(hours=8)


@dataclass
class AgencyFigures:
    agency: Agency
    overdue: list[dict[str, Any]] = field(default_factory=list)
    at_risk: list[dict[str, Any]] = field(default_factory=list)
    answered_late: list[dict[str, Any]] = field(default_factory=list)
    late_publications: list[dict[str, Any]] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)
    witnessed_size: int = 0  # the largest size of its log the platform witness cosigned

    def counts(self) -> dict[str, int]:
        return {
            "overdue": len(self.overdue),
            "at_risk": len(self.at_risk),
            "answered_late": len(self.answered_late),
            "late_publications": len(self.late_publications),
            "report_missing_or_late": int(self.report.get("status") in ("missing", "late")),
        }


def proof_links(agency: Agency, index: int) -> dict[str, str]:
    root = f"/a/{agency.slug}/v1"
    return {"entry": f"{root}/entries/{index}", "proof": f"{root}/proof/inclusion?index={index}"}


def report_deadline(kind: str, year: int) -> date:
    """Art. 49: the annual report of ``year`` is due by 31 Jan (departments) or 31 Mar
    (local governments) of the next year."""
    return date(year + 1, 1, 31) if kind == "department" else date(year + 1, 3, 31)


def figures(services: Services, agency: Agency, on: date) -> AgencyFigures:
    """The agency's figures on the day ``on`` (read from its own read models only)."""
    result = AgencyFigures(agency)
    calendar = services.requests.calendar()
    with services.ledger.backend.transaction() as cur:
        rows = queries.officer_rows(cur)
        published = cur.execute(
            "SELECT item_id, published_on, published_index FROM "
            f"{catalogue.T['catalogue_items']} WHERE late = 1 ORDER BY published_on"
        ).fetchall()
    for row in rows:
        line: dict[str, Any] = {
            "number": row.number,
            "status": row.status,
            "answer_due": row.answer_due,
        }
        line |= proof_links(agency, row.log_index)
        if row.late:
            result.answered_late.append(line)
        if not row.is_open or row.answer_due is None:
            continue
        counted_from = max(on, date.fromisoformat(row.receipt_on or row.received_on))
        left = days_left(calendar, date.fromisoformat(row.answer_due), counted_from)
        line["days_remaining"] = left
        if left < 0:
            result.overdue.append(line)
        elif left <= AT_RISK_DAYS:
            result.at_risk.append(line)
    for item_id, published_on, index in published:
        late: dict[str, Any] = {"item": item_id, "published_on": published_on}
        if index is not None:
            late |= proof_links(agency, int(index))
        result.late_publications.append(late)
    result.report = _report(services, agency, on)
    return result


def _report(services: Services, agency: Agency, on: date) -> dict[str, Any]:
    year = on.year - 1
    due = report_deadline(agency.kind, year)
    stream = report_stream(services.ledger.origin, year)
    with services.ledger.backend.transaction() as cur:
        row = cur.execute(
            "SELECT idx, at FROM gk_leaves WHERE stream = ? ORDER BY idx LIMIT 1", (stream,)
        ).fetchone()
    result: dict[str, Any] = {"year": year, "due": due.isoformat()}
    if row is None:
        result["status"] = "missing" if on > due else "due"
        return result
    at = datetime.fromisoformat(str(row[1]).replace("Z", "+00:00")).astimezone(UTC)
    published_on = (at + CST).date()
    result |= {"published_on": published_on.isoformat(), **proof_links(agency, int(row[0]))}
    result["status"] = "late" if published_on > due else "on time"
    return result
