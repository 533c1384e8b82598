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
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from domain.checks import check_text
from domain.disclosure_request.applicants import Applicants
from domain.disclosure_request.service import DisclosureRequests
from domain.errors import RuleViolation
from domain.office.office import Office
from domain.privacy.due import Due, due_records
from domain.privacy.record import ERASED, PersonalDataRecord, personal_data_of, record_stream
from domain.privacy.retention import RetentionPolicy
from ledger.ledger import StoredEntry
from ledger.vault import Vault
from verify.bundle_format import sealed_paths

OTHER_REQUESTS = "other_requests"  # not a sealed field: the private index's answer
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
    other_requests: list[str] = field(default_factory=list)  # same applicant (重复申请?)


class PersonalData:
    """Openings, erasures and applicant copies over one office's ledger."""

    def __init__(self, office: Office, requests: DisclosureRequests | None = None) -> None:
        self.office = office
        self.requests = requests or DisclosureRequests(office)
        self.vault = Vault(office.ledger.backend)
        self.applicants = Applicants(office)

    def stream_of(self, record: str) -> str:
        return record_stream(self.office, record)

    def record(self, record: str) -> PersonalDataRecord:
        return personal_data_of(self.office, record)

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
        """Append ``PersonalData.Opened`` for request ``ref``, then read the fields and,
        from the private index, the applicant's other requests (to tell a repeated
        request, 重复申请, Art. 36(6)) — part of what the opening records."""
        request = self.requests.get(ref)
        opening = self.open_stream(
            request.id, request.number, as_officer, at,
            purpose=purpose, scope=scope, fields=[*fields, OTHER_REQUESTS], sealed=sealed,
        )  # fmt: skip
        year = request.received_on.year if request.received_on else at.year
        others = [n for s, n in self.applicants.all_of(request.id, year) if s != request.id]
        return replace(opening, other_requests=others)

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
        """The opening of any record's sealed ``fields`` (top-level names; empty = all):
        ``PersonalData.Opened`` is appended first, then the vault is read."""
        found = _sealed_fields(self.office.ledger.read(record), fields)
        names = sorted({_top(path) for _, _, path, _ in found})
        if names and OTHER_REQUESTS in fields:
            names.append(OTHER_REQUESTS)
        leaf = self.record_opening(
            record, number, as_officer, at, purpose=purpose, scope=scope, fields=names,
            sealed=sealed,
        )  # fmt: skip
        shown = [
            OpenedField(seq, kind, path, self.vault.open_value(commitment, path))
            for seq, kind, path, commitment in found
        ]
        return Opening(number, record, leaf, shown)

    def record_opening(
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
    ) -> str:
        """Append ``PersonalData.Opened`` (nothing is read); return its leaf hash.
        Raises NO_SEALED_FIELDS, PERSONAL_DATA_ERASED, ROLE_REQUIRED, PURPOSE_UNKNOWN."""
        if not fields:
            raise RuleViolation(
                "NO_SEALED_FIELDS", f"{number or record} has no such sealed field", record=record
            )
        actor, aggregate = self.office.actor(as_officer), self.record(record)
        aggregate.open(actor, at, record=record, number=number, fields=fields,
                       purpose=purpose, scope=scope, sealed=sealed)  # fmt: skip
        [stored] = self.office.repo.save(aggregate, self.stream_of(record))
        return stored.leaf_hash

    def record_bundle_openings(
        self, streams: dict[str, list[str]], as_officer: str, at: datetime, *, purpose: str
    ) -> list[str]:
        """One ``Opened`` per stream a bundle discloses, before it is written."""
        leaves = []
        for record, names in sorted(streams.items()):
            entries = self.office.ledger.read(record)
            first = entries[0].entry.data if entries else {}
            number = first.get("number") if isinstance(first.get("number"), str) else None
            leaves.append(
                self.record_opening(
                    record, number, as_officer, at, purpose=purpose, scope="bundle", fields=names
                )
            )
        return leaves

    def applicant_requests(self, ref: str) -> list[tuple[str, str, list[str]]]:
        """(stream, number, sealed field names) of every request of ``ref``'s applicant
        (``ref`` first), from the private index."""
        request = self.requests.get(ref)
        year = request.received_on.year if request.received_on else 2008
        others = [(s, n) for s, n in self.applicants.all_of(request.id, year) if s != request.id]
        found = []
        for stream, number in [(request.id, str(request.number)), *others]:
            entries = self.office.ledger.read(stream)
            names = sorted({_top(path) for _, _, path, _ in _sealed_fields(entries, ())})
            found.append((stream, number, names))
        return found

    def record_applicant_export(
        self, ref: str, as_officer: str, at: datetime, *, identity_proof: str
    ) -> list[tuple[str, str, list[str]]]:
        """PIPL Art. 45: one ``Opened`` on ``ref`` for the applicant's own copy; the
        identity proof and the applicant's other request numbers are sealed in it (so
        the public entry does not link the requests). Returns ``applicant_requests``."""
        found = self.applicant_requests(ref)
        stream, number, names = found[0]
        proof = check_text(identity_proof, "identity_proof")
        self.record_opening(
            stream, number, as_officer, at, purpose="applicant_access", scope="applicant_export",
            fields=names, sealed={"identity_proof": proof, "requests": [n for _, n, _ in found]},
        )  # fmt: skip
        return found

    # -- erasure -------------------------------------------------------------------------

    def due(self, today: date, policy: RetentionPolicy, until_year: int) -> list[Due]:
        """Closed requests, complaints and topics whose retention period ended by
        ``today``, not yet erased (``domain.privacy.due``)."""
        return due_records(self.office, self.requests, today, policy, until_year)

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


def _top(path: str) -> str:
    return path.removeprefix("data.").split(".")[0].split("[")[0]


def _sealed_fields(
    entries: Sequence[StoredEntry], fields: Sequence[str]
) -> list[tuple[int, str, str, dict[str, Any]]]:
    wanted = set(fields)
    found = []
    for stored in entries:
        for path, commitment in sealed_paths(stored.entry.data):
            if not wanted or _top(path) in wanted:
                found.append((stored.entry.seq, stored.entry.type, path, commitment))
    return found
