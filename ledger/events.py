"""What callers hand to the ledger, and what they get back.

The domain decides ``NewEvent`` values; the ledger alone turns them into signed,
chained entries. ``Sealed`` marks a field whose value must never appear in an entry
(applicants' personal data): the ledger replaces it by a commitment and keeps value
and nonce in the vault.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

JSON = Any


@dataclass(frozen=True, slots=True)
class Sealed:
    """A field value to seal: stored only as HMAC-SHA256(nonce, JCS(value))."""

    value: JSON


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event decided by an aggregate, not yet sealed.

    ``type`` is ``<Aggregate>.<Event>``; ``data`` holds JSON values or ``Sealed``.
    """

    type: str
    data: Mapping[str, JSON]


@dataclass(frozen=True, slots=True)
class Recorded:
    """An event as an aggregate sees it when replaying its stream.

    ``leaf_hash`` and ``log_index`` are None while the event is still pending.
    Sealed fields appear as their commitment objects.
    """

    type: str
    data: Mapping[str, JSON]
    actor: str
    at: datetime
    seq: int
    leaf_hash: str | None = None
    log_index: int | None = None

    @property
    def name(self) -> str:
        return self.type.split(".", 1)[1]
