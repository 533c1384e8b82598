"""Decision replay (决策回溯): the full timeline of one item or request, for discipline
inspectors (纪检监察) and accountability reviews (考核与责任追究, OGI Regulation Arts. 47,
52, 53) — "如实记载权力行使过程": who did what, when, on what basis.

Pure: given the stream's recorded events (each with its log index and leaf hash), the
calendar stream's events (with theirs) and the verification status of each entry, it
folds the aggregate event by event and shows, for every step, the actor and the role the
step needs, the time, the legal basis, the state before and after, and the deadline as
it stood on that day — counted on the working calendar *as recorded before that log
position*, so a later amendment of a year's holidays never rewrites what an officer
faced then. ``as_of`` (a log index) cuts the timeline there: the state as it stood.

    timeline = replay(stream, events, calendar_events, verification, as_of=1234)
    timeline.state                 # the state after the last step at or before index 1234
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from domain.aggregate import Aggregate
from domain.calendar.working_calendar import WorkingCalendar, YearCalendar
from domain.disclosure_request.request import DisclosureRequest
from domain.errors import NothingToReplay
from domain.information_item.item import InformationItem
from domain.office.officer import Officer
from domain.reporting.legal_basis import legal_basis
from domain.reporting.replay_views import deadline_status, plain, snapshot
from ledger.events import Recorded
from verify.roles import ANY, REQUIRED_ROLE

__all__ = ["BUSINESS_DATES", "NothingToReplay", "Step", "Timeline", "business_date", "replay"]

CST = timedelta(hours=8)
KINDS: dict[str, type[Aggregate]] = {
    "DisclosureRequest": DisclosureRequest,
    "InformationItem": InformationItem,
    "Officer": Officer,
}
# The date a step claims it happened on (its business date), where it records one.
BUSINESS_DATES = (
    "received_on",
    "confirmed_on",
    "answered_on",
    "published_on",
    "withdrawn_on",
    "changed_on",
    "left_on",
    "on",
)


@dataclass(frozen=True, slots=True)
class Step:
    """One entry of the timeline, with the state around it."""

    index: int
    seq: int
    type: str
    actor: str
    role: str
    at: str
    recorded_on: date
    on: date | None
    legal_basis: dict[str, Any]
    data: Mapping[str, Any]
    state_before: dict[str, Any] | None
    state_after: dict[str, Any] | None
    deadline: dict[str, Any] | None
    leaf_hash: str | None
    verification: Mapping[str, Any] | None

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "seq": self.seq,
            "type": self.type,
            "actor": self.actor,
            "role": self.role,
            "at": self.at,
            "recorded_on": self.recorded_on.isoformat(),
            "on": plain(self.on),
            "legal_basis": self.legal_basis,
            "data": plain(dict(self.data)),
            "state_before": self.state_before,
            "state_after": self.state_after,
            "deadline": self.deadline,
            "leaf_hash": self.leaf_hash,
            "verification": None if self.verification is None else dict(self.verification),
        }


@dataclass(frozen=True, slots=True)
class Timeline:
    stream: str
    kind: str
    as_of: int | None
    steps: tuple[Step, ...]

    @property
    def state(self) -> dict[str, Any] | None:
        """The state after the last step shown."""
        return self.steps[-1].state_after if self.steps else None

    @property
    def verified(self) -> bool:
        return all(
            s.verification is not None and s.verification.get("status") == "verified"
            for s in self.steps
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "stream": self.stream,
            "kind": self.kind,
            "as_of": self.as_of,
            "entries": len(self.steps),
            "state": self.state,
            "verified": self.verified,
            "timeline": [s.to_json() for s in self.steps],
        }


def business_date(data: Mapping[str, Any]) -> date | None:
    """The date the step claims it happened on, if it records one."""
    for name in BUSINESS_DATES:
        value = data.get(name)
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                return None
    return None


def recorded_on(event: Recorded) -> date:
    """The China Standard Time date on which the entry was recorded."""
    return (event.at + CST).date()


def calendar_before(calendar_events: Sequence[Recorded], index: int) -> WorkingCalendar:
    """The working calendar from every year recorded at a log index before ``index``."""
    years = [
        YearCalendar.from_json({k: e.data[k] for k in ("year", "holidays", "workdays")})
        for e in calendar_events
        if e.log_index is not None and e.log_index < index and e.name == "YearRecorded"
    ]
    return WorkingCalendar(years)


def replay(
    stream: str,
    events: Sequence[Recorded],
    calendar_events: Sequence[Recorded],
    verification: Mapping[int, Mapping[str, Any]],
    *,
    as_of: int | None = None,
) -> Timeline:
    """The timeline of ``stream`` (its events in order, each with ``log_index``).

    Raises NothingToReplay if no event lies at or before ``as_of``."""
    shown = [e for e in events if as_of is None or (e.log_index or 0) <= as_of]
    if not shown:
        raise NothingToReplay(
            f"stream {stream} has no entry at or before log index {as_of}"
            if as_of is not None
            else f"stream {stream} has no integrated entry",
            stream=stream,
            as_of=as_of,
        )
    kind = shown[0].type.split(".", 1)[0]
    cls = KINDS.get(kind)
    steps, before = [], None
    for count, event in enumerate(shown, start=1):
        # each state is the aggregate's own replay of the entries up to this one
        after = cls.replay(stream, shown[:count]) if cls is not None else None
        deadline = None
        if after is not None:
            index = event.log_index if event.log_index is not None else 0
            day = business_date(event.data) or recorded_on(event)
            deadline = deadline_status(after, calendar_before(calendar_events, index), day)
        state = None if after is None else snapshot(after)
        steps.append(_step(event, before, state, deadline, verification))
        before = state
    return Timeline(stream, kind, as_of, tuple(steps))


def _step(
    event: Recorded,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    deadline: dict[str, Any] | None,
    verification: Mapping[int, Mapping[str, Any]],
) -> Step:
    role = REQUIRED_ROLE.get(event.type, "unknown")
    index = event.log_index if event.log_index is not None else -1
    return Step(
        index=index,
        seq=event.seq,
        type=event.type,
        actor=event.actor,
        role="any (own record)" if role == ANY else role,
        at=event.at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        recorded_on=recorded_on(event),
        on=business_date(event.data),
        legal_basis=legal_basis(event.type, event.data),
        data=event.data,
        state_before=before,
        state_after=after,
        deadline=deadline,
        leaf_hash=event.leaf_hash,
        verification=verification.get(index),
    )
