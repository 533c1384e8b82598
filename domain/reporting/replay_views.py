"""What a replay shows of an aggregate at one moment: its state as JSON values, and the
status of its statutory deadline on a given day, counted on a given working calendar.

Requests: the answer period (Art. 33; Art. 30 restarts it; Arts. 32, 34, 42 pause it).
Items: publication within 20 working days of formation or change (Art. 26).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from domain.aggregate import Aggregate
from domain.calendar.working_calendar import Deadline, WorkingCalendar
from domain.disclosure_request.request import DisclosureRequest
from domain.information_item.item import InformationItem
from domain.information_item.rules import PUBLISH_WITHIN_WORKING_DAYS
from domain.office.officer import Officer


def plain(value: Any) -> Any:
    """``value`` as JSON values: dates in ISO form, dataclasses as objects."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(plain(v) for v in value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def snapshot(aggregate: Aggregate) -> dict[str, Any] | None:
    """The aggregate's public state, or None for a stream kind not replayed."""
    if isinstance(aggregate, DisclosureRequest):
        return _request(aggregate)
    if isinstance(aggregate, InformationItem):
        return _item(aggregate)
    if isinstance(aggregate, Officer):
        return _officer(aggregate)
    return None


def _request(r: DisclosureRequest) -> dict[str, Any]:
    fields = [
        "version",
        "status",
        "number",
        "channel",
        "applicant_type",
        "received_on",
        "receipt_on",
        "clock_start",
        "supplement",
        "pauses",
        "fees",
        "extension_days",
        "outcome",
        "late",
        "closed_on",
        "recorded_answer_due",
        "reconsideration",
        "lawsuit",
        "handling_officer",
    ]
    return {name: plain(getattr(r, name)) for name in fields}


def _item(item: InformationItem) -> dict[str, Any]:
    fields = [
        "version",
        "status",
        "title",
        "title_sealed",
        "category",
        "doc_number",
        "formed_on",
        "proposed_attribute",
        "attribute",
        "current_sha256",
        "drafter",
        "published_sha256",
        "withdrawal",
        "non_disclosure",
    ]
    state = {name: plain(getattr(item, name)) for name in fields}
    state["versions"] = [
        {k: v for k, v in plain(version).items() if k != "entries"} for version in item.versions
    ]
    state["clarifications"] = len(item.clarifications)
    return state


def _officer(officer: Officer) -> dict[str, Any]:
    return {
        "version": officer.version,
        "name": officer.name,
        "unit": officer.unit,
        "roles": sorted(officer.roles),
        "active": officer.active,
        "left_on": plain(officer.left_on),
        "refused_attempts": len(officer.refused_attempts),
    }


def deadline_status(
    aggregate: Aggregate, calendar: WorkingCalendar, on: date
) -> dict[str, Any] | None:
    """The statutory deadline of the aggregate on day ``on``, or None if it has none."""
    if isinstance(aggregate, DisclosureRequest) and aggregate.exists:
        return _request_deadline(aggregate, calendar, on)
    if isinstance(aggregate, InformationItem) and aggregate.exists:
        return _item_deadline(aggregate, calendar, on)
    return None


def _due(deadline: Deadline | None) -> dict[str, Any]:
    if deadline is None:
        return {"due": None, "provisional": None}
    return {"due": deadline.due.isoformat(), "provisional": deadline.provisional}


def _running(remaining: int) -> str:
    if remaining < 0:
        return "overdue"
    return "due_today" if remaining == 0 else "running"


def _request_deadline(r: DisclosureRequest, calendar: WorkingCalendar, on: date) -> dict[str, Any]:
    base: dict[str, Any] = {"kind": "answer", "on": on.isoformat(), "period": r.period}
    status = r.status
    if status == "answered":
        late = "answered_late" if r.late else "answered_on_time"
        return {**base, **_due(r.recorded_answer_due), "status": late}
    if not r.is_open:
        return {**base, **_due(None), "status": "closed", "closed_as": status}
    if r.clock_start is None:
        return {**base, **_due(None), "status": "not_started"}
    if r.supplement_pending and r.supplement is not None:
        return {
            **base,
            **_due(None),
            "status": "stopped",
            "reason": "awaiting_supplement",
            "supplement_due": r.supplement.due.isoformat(),
        }
    remaining = r.days_remaining(calendar, on)
    pause = r.open_pause
    if pause is not None:
        reason = "consultation" if pause.kind == "consultation" else "awaiting_fee"
        return {**base, **_due(None), "status": "stopped", "reason": reason, "remaining": remaining}
    result = {**base, **_due(r.answer_due(calendar)), "remaining": remaining}
    result["status"] = _running(remaining)
    if r.supplement is None:
        notice = r.supplement_notice_due(calendar)
        result["supplement_notice_due"] = None if notice is None else notice.due.isoformat()
    return result


def _item_deadline(
    item: InformationItem, calendar: WorkingCalendar, on: date
) -> dict[str, Any] | None:
    if item.status in ("withheld", "withdrawn"):
        return {"kind": "publication", "on": on.isoformat(), "status": "closed"}
    attribute = item.attribute or item.proposed_attribute
    current = item.versions[-1]
    if attribute != "proactive":
        return None
    base = {"kind": "publication", "on": on.isoformat(), "since": current.since.isoformat()}
    if current.published_on is not None:
        late = "published_late" if current.late else "published_on_time"
        due = None if current.publish_by is None else current.publish_by.isoformat()
        return {**base, "due": due, "provisional": current.publish_by_provisional, "status": late}
    deadline = calendar.add_working_days(current.since, PUBLISH_WITHIN_WORKING_DAYS)
    used = calendar.working_days_between(current.since, on)
    remaining = PUBLISH_WITHIN_WORKING_DAYS - used
    if remaining == 0 and on > deadline.due:
        remaining = -1
    return {**base, **_due(deadline), "remaining": remaining, "status": _running(remaining)}
