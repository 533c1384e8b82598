"""Load aggregates from the ledger and save their pending events (get → call → save)."""

from __future__ import annotations

from typing import TypeVar

from domain.aggregate import Aggregate
from domain.errors import NotFound
from ledger.ledger import Ledger, StoredEntry

A = TypeVar("A", bound=Aggregate)


class Repository:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def load(self, cls: type[A], id: str, stream: str, *, must_exist: bool = True) -> A:
        """Replay ``stream`` into an aggregate. Raises NotFound if it has no entries."""
        entries = self.ledger.read(stream)
        if must_exist and not entries:
            raise NotFound(f"no {cls.aggregate_type} {id}", id=id)
        return cls.replay(id, [e.recorded() for e in entries])

    def save(self, aggregate: Aggregate, stream: str) -> list[StoredEntry]:
        """Append the aggregate's pending events as signed entries, atomically.

        Raises ConcurrencyError if the stream moved on since the aggregate was loaded.
        """
        events = aggregate.collect()
        if not events:
            return []
        last = aggregate.history[-1]
        expected = aggregate.version - len(events)
        return self.ledger.append(stream, expected, events, last.actor, last.at)
