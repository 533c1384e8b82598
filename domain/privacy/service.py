"""The personal-data service: open a request's sealed fields (recording the opening
first), erase what is due, and find an applicant's requests for their own copy.

Usage::

    privacy = PersonalData(office)
    shown = privacy.open_request("2026-0001", officer, at, purpose="handling",
                                 scope="officer_view")      # Opened entry, then values
    due = privacy.due(at.date(), RetentionPolicy.from_mapping(None))
    privacy.erase(due, admin, at, log=data_dir / "erasures.log")
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from domain.disclosure_request.applicants import Applicants
from domain.disclosure_request.request import DisclosureRequest
from domain.disclosure_request.service import DisclosureRequests
from domain.errors import RuleViolation
from domain.office.office import Office
from domain.privacy.record import PersonalDataRecord
from domain.privacy.retention import RetentionPolicy
from ledger.ledger import StoredEntry
from ledger.vault import Vault, VaultEntry
from verify.bundle_format import sealed_paths

ERASED = "〔已删除 erased〕"
OFFICER_VIEW_FIELDS = ("applicant", "description")


@dataclass(frozen=True, slots=True)
class OpenedField:
    """One sealed field as shown after an opening; ``value`` None means erased."""

    seq: int
    type: str
    path: str
    value: Any

    def to_json(self) -> dict[str, Any]:
        shown = ERASED if self.value is None else self.value
        return {"seq": self.seq, "type": self.type, "field": self.path, "value": shown,
                "erased": self.value is None}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Opening:
    """What an opening recorded (its entry) and what it showed."""

    number: str | None
    record: str
    opened_leaf: str
    fields: list[OpenedField]


@dataclass(frozen=True, slots=True)
class Due:
    """A record whose retention period has ended."""

    number: str
    record: str
    record_class: str
    last_on: date
    ends: date
    commitments: list[VaultEntry] = field(default_factory=list)


class PersonalData:
    """Openings, erasures and applicant copies over one office's ledger."""

    def __init__(self, office: Office, requests: DisclosureRequests | None = None) -> None:
        self.office = office
        self.requests = requests or DisclosureRequests(office)
        self.vault = Vault(office.ledger.backend)
        self.applicants = Applicants(office)

    def stream_of(self, record: str) -> str:
        return self.office.stream(f"personal-data:{record}")

    def record(self, record: str) -> PersonalDataRecord:
        stream = self.stream_of(record)
        return self.office.repo.load(PersonalDataRecord, stream, stream, must_exist=False)

    # -- opening ----------------------------------------------------------------------

    def open_request(
        self,
        ref: str,
        as_officer: str,
        at: datetime,
        *,
        purpose: str,
        scope: str,
        fields: Sequence[str] = OFFICER_VIEW_FIELDS,
        sealed: dict[str, Any] | None = None,
    ) -> Opening:
        """Append ``PersonalData.Opened`` for request ``ref``, then read the fields."""
        request = self.requests.get(ref)
        return self.open_stream(
            request.id, request.number, as_officer, at,
            purpose=purpose, scope=scope, fields=fields, sealed=sealed,
        )  # fmt: skip

    def open_stream(
        self,
        record: str,
        number: str | None,
        as_officer: str,
        at: datetime,
        *,
        purpose: str,
        scope: str,
        fields: Sequence[str],
        sealed: dict[str, Any] | None = None,
    ) -> Opening:
        """The opening of any record's sealed ``fields`` (top-level names; empty = all)."""
        entries = self.office.ledger.read(record)
        found = _sealed_fields(entries, fields)
        names = sorted({path.removeprefix("data.").split(".")[0] for _, _, path, _ in found})
        if not names:
            raise RuleViolation(
                "NO_SEALED_FIELDS", f"{number or record} has no sealed field {list(fields)}",
                record=record,
            )  # fmt: skip
        actor, aggregate = self.office.actor(as_officer), self.record(record)
        aggregate.open(actor, at, record=record, number=number, fields=names,
                       purpose=purpose, scope=scope, sealed=sealed)  # fmt: skip
        [stored] = self.office.repo.save(aggregate, self.stream_of(record))
        shown = [
            OpenedField(seq, kind, path, self.vault.open_value(commitment, path))
            for seq, kind, path, commitment in found
        ]
        return Opening(number, record, stored.leaf_hash, shown)

    # -- erasure -------------------------------------------------------------------------

    def due(self, today: date, policy: RetentionPolicy, until_year: int) -> list[Due]:
        """Closed requests whose retention period ended by ``today``, not yet erased."""
        found = []
        for filed in self.requests.index.all_filed(until_year):
            request = DisclosureRequest.replay(filed.stream, [e.recorded() for e in filed.entries])
            if request.is_open or request.last_on is None:
                continue
            record_class = _record_class(request)
            ends = policy.ends(record_class, request.last_on)
            if ends > today or self.record(filed.stream).erased is not None:
                continue
            rows = _commitments(filed.stream, filed.entries)
            rows += _commitments(self.stream_of(filed.stream), self._own(filed.stream))
            found.append(Due(filed.number, filed.stream, record_class, request.last_on, ends, rows))
        return found

    def erase(
        self, due: Iterable[Due], as_officer: str, at: datetime, *, log: Path, years: dict[str, int]
    ) -> list[str]:
        """Shred each record's vault rows (logged first), then append ``Erased``."""
        actor, erased = self.office.actor(as_officer), []
        actor.require("admin")
        for item in due:
            aggregate = self.record(item.record)
            self.vault.erase(item.commitments, log=log, at=at.isoformat())
            aggregate.erase(
                actor, at, record=item.record, number=item.number,
                fields=[c.field for c in item.commitments],
                commitments=[c.commitment for c in item.commitments],
                retention={"class": item.record_class, "years": years[item.record_class],
                           "last_on": item.last_on.isoformat(), "ended": item.ends.isoformat()},
            )  # fmt: skip
            self.office.repo.save(aggregate, self.stream_of(item.record))
            erased.append(item.number)
        return erased

    def _own(self, record: str) -> list[StoredEntry]:
        return self.office.ledger.read(self.stream_of(record))


def _record_class(request: DisclosureRequest) -> str:
    remedy = request.reconsideration is not None or request.lawsuit is not None
    return "request_with_remedy" if remedy else "request"


def _sealed_fields(
    entries: Sequence[StoredEntry], fields: Sequence[str]
) -> list[tuple[int, str, str, dict[str, Any]]]:
    wanted = set(fields)
    found = []
    for stored in entries:
        for path, commitment in sealed_paths(stored.entry.data):
            top = path.removeprefix("data.").split(".")[0].split("[")[0]
            if not wanted or top in wanted:
                found.append((stored.entry.seq, stored.entry.type, path, commitment))
    return found


def _commitments(stream: str, entries: Sequence[StoredEntry]) -> list[VaultEntry]:
    return [
        VaultEntry(commitment["c"], stream, path)
        for stored in entries
        for path, commitment in sealed_paths(stored.entry.data)
    ]
