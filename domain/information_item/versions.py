"""Read records of an InformationItem: its versions, clarifications and terminal filings.

Each record keeps references to the ledger entries behind it (``EntryRef``), so the
catalogue can show, for every published version, the drafting, review, approval and
publication entries that a member of the public can check with inclusion proofs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ledger.events import Recorded


@dataclass(frozen=True, slots=True)
class EntryRef:
    """One ledger entry of the item's stream; ``leaf_hash`` is None while pending."""

    event: str
    seq: int
    leaf_hash: str | None

    @classmethod
    def of(cls, event: Recorded) -> EntryRef:
        return cls(event.name, event.seq, event.leaf_hash)


@dataclass(frozen=True, slots=True)
class Version:
    """One exact content of the item, identified by its SHA-256.

    ``origin`` is "drafted", "corrected" or "redacted" (a secrecy review passed it
    with redactions). ``since`` starts the Art. 26 clock: the formation date, the
    correction date, or for a redaction the date of the version it was redacted from.
    """

    content_sha256: str
    since: date
    origin: str
    drafter: str
    redacted_by: str | None = None
    secrecy: str | None = None
    secrecy_reviewer: str | None = None
    approved_by: str | None = None
    published_on: date | None = None
    publish_by: date | None = None
    publish_by_provisional: bool | None = None
    late: bool | None = None
    withdrawn_on: date | None = None
    entries: tuple[EntryRef, ...] = ()

    @property
    def authors(self) -> frozenset[str]:
        """Who wrote this exact content: its drafter and, for a redaction, the redactor."""
        return frozenset(a for a in (self.drafter, self.redacted_by) if a is not None)

    @property
    def leaf_hashes(self) -> tuple[str, ...]:
        """Leaf hashes of the recorded entries behind this version, in stream order."""
        return tuple(e.leaf_hash for e in self.entries if e.leaf_hash is not None)

    def after(self, event: Recorded, **changes: Any) -> Version:
        """This version with ``event`` added to its entries and ``changes`` applied."""
        return replace(self, entries=(*self.entries, EntryRef.of(event)), **changes)


@dataclass(frozen=True, slots=True)
class Clarification:
    """An Art. 6 clarification published on this item, with its secrecy review entry."""

    content_sha256: str
    clarifies: str
    channel: str
    url: str | None
    published_on: date
    entries: tuple[EntryRef, ...]

    @property
    def leaf_hashes(self) -> tuple[str, ...]:
        return tuple(e.leaf_hash for e in self.entries if e.leaf_hash is not None)


@dataclass(frozen=True, slots=True)
class ClarificationReview:
    """The secrecy review state of one clarification text; ``result`` None = pending."""

    result: str | None
    entry: EntryRef | None


@dataclass(frozen=True, slots=True)
class Withdrawal:
    content_sha256: str
    reason: str
    legal_basis: str
    withdrawn_on: date
    entry: EntryRef


@dataclass(frozen=True, slots=True)
class NonDisclosure:
    """不予公开备案: the ground (Arts. 14–16) and its legal basis."""

    content_sha256: str
    ground: str
    basis: str
    entry: EntryRef
