"""The annual report's sections beside its tables: the narrative sections 一, 五 and 六
(drafted, approved, signed — ``domain.reporting.narrative``) and section 六's figures
(information processing fees; complaints and reports received and answered, Art. 47).

Complaints are found through their tracking numbers (``TS…``), as ``gongkai complaint
list`` finds them; the counts are those filed in the year and what became of them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from api.services import Services
from domain.complaint.complaint import Complaint
from domain.reporting.narrative import SECTIONS, ReportNarrative


def narrative_stream(services: Services, year: int) -> str:
    return services.office.stream(f"report-narrative:{year}")


def load_narrative(services: Services, year: int) -> ReportNarrative:
    stream = narrative_stream(services, year)
    return services.office.repo.load(ReportNarrative, stream, stream, must_exist=False)


def draft(
    services: Services, year: int, section: int, text: str, as_officer: str, at: datetime
) -> dict[str, Any]:
    """Record ``ReportNarrative.NarrativeDrafted`` (a drafter). Raises RuleViolation."""
    actor, record = services.office.actor(as_officer), load_narrative(services, year)
    record.draft(actor, at, year=year, section=section, text=text)
    return _saved(services, year, record, section)


def approve(
    services: Services, year: int, section: int, sha256: str, as_officer: str, at: datetime
) -> dict[str, Any]:
    """Record ``ReportNarrative.NarrativeApproved`` (the office head, not the drafter)."""
    actor, record = services.office.actor(as_officer), load_narrative(services, year)
    record.approve(actor, at, section=section, sha256=sha256)
    return _saved(services, year, record, section)


def _saved(services: Services, year: int, record: ReportNarrative, n: int) -> dict[str, Any]:
    saved = services.office.repo.save(record, narrative_stream(services, year))
    section = record.sections[n]
    return {
        "year": year,
        "section": n,
        "title": SECTIONS[n],
        "text_sha256": section.text_sha256,
        "approved_by": section.approved_by,
        "leaf_hash": saved[-1].leaf_hash,
    }


def narratives_json(record: ReportNarrative) -> list[dict[str, Any]]:
    """Each section's latest draft (None where none was drafted) and who approved it."""
    found = record.sections
    return [
        {
            "section": n,
            "title": title,
            "text": found[n].text if n in found else None,
            "text_sha256": found[n].text_sha256 if n in found else None,
            "drafted_by": found[n].drafted_by if n in found else None,
            "approved_by": found[n].approved_by if n in found else None,
        }
        for n, title in SECTIONS.items()
    ]


def complaints_of(services: Services, year: int | None) -> list[Complaint]:
    from api.pages.apply_tracking import TrackingStore

    numbers = TrackingStore(services.ledger.backend).numbers("TS", limit=100_000)
    found = [services.complaints.get(n) for n in numbers]
    return [c for c in found if year is None or (c.filed_on and c.filed_on.year == year)]


def complaint_counts(found: list[Complaint], as_of: date) -> dict[str, int]:
    """Filed in the year; answered; answered after the due date; open, and of those,
    open past the due date as of ``as_of``."""
    return {
        "filed": len(found),
        "answered": sum(1 for c in found if c.answered_on),
        "answered_late": sum(1 for c in found if c.late),
        "open": sum(1 for c in found if not c.answered_on),
        "open_overdue": sum(
            1 for c in found if not c.answered_on and c.answer_due and c.answer_due < as_of
        ),
    }


def sections(services: Services, year: int, fees_fen: int, as_of: date) -> dict[str, Any]:
    """What the report shows beside its tables (not covered by the tables' hash: the
    narratives are hashed one by one, and the publication records those hashes)."""
    return {
        "narratives": narratives_json(load_narrative(services, year)),
        "section6": {
            "information_processing_fees_yuan": f"{fees_fen / 100:.2f}",
            "complaints": complaint_counts(complaints_of(services, year), as_of),
        },
    }
