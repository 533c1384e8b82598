"""The aggregate base: state is a fold of recorded events; commands add events.

Aggregates are pure: no I/O, no clock, no ids generated here. Time, ids, the acting
officer and the calendar are passed in by the application service, which loads the
stream from the ledger (get), calls one command (call) and appends the pending
events (save).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Self

from domain.errors import RoleRequired
from ledger.events import NewEvent, Recorded, Sealed


@dataclass(frozen=True, slots=True)
class Actor:
    """The officer issuing a command, with the roles they hold at that moment."""

    officer_id: str
    roles: frozenset[str]
    unit: str | None = None

    def require(self, role: str) -> None:
        """Raises RoleRequired unless the officer holds ``role``."""
        if role not in self.roles:
            raise RoleRequired(
                f"officer {self.officer_id} lacks the role {role!r}",
                officer=self.officer_id,
                role=role,
            )


class Aggregate:
    """Base of every aggregate. Subclasses set ``aggregate_type`` and define
    ``_on_<EventName>(self, event: Recorded) -> None`` for each event they emit."""

    aggregate_type: ClassVar[str]

    def __init__(self, id: str) -> None:
        self.id = id
        self.version = 0
        self.pending: list[NewEvent] = []
        self.history: list[Recorded] = []

    @classmethod
    def replay(cls, id: str, history: Iterable[Recorded]) -> Self:
        aggregate = cls(id)
        for event in history:
            aggregate._apply(event)
        return aggregate

    @property
    def exists(self) -> bool:
        return self.version > 0

    def _record(self, name: str, actor: Actor, at: datetime, **data: Any) -> None:
        event = NewEvent(f"{self.aggregate_type}.{name}", data)
        self.pending.append(event)
        self._apply(
            Recorded(event.type, _as_recorded(data), actor.officer_id, at, self.version + 1)
        )

    def _apply(self, event: Recorded) -> None:
        handler = getattr(self, "_on_" + event.name)
        handler(event)
        self.version = event.seq
        self.history.append(event)

    def collect(self) -> list[NewEvent]:
        """Return and clear the events decided since the last collect."""
        pending, self.pending = self.pending, []
        return pending


def _as_recorded(data: Mapping[str, Any]) -> dict[str, Any]:
    # Pending events may hold Sealed markers; aggregates must not read sealed values.
    return {k: (None if isinstance(v, Sealed) else v) for k, v in data.items()}
