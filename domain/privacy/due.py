"""Which records' personal data is due for erasure: the closed records of each class
whose retention period (``RetentionPolicy``) ended by a given day, not yet erased.

Three kinds of record hold sealed personal data:

- a disclosure request (the applicant, the description, sealed officer text):
  ``request``, or ``request_with_remedy`` once reconsideration or a lawsuit was filed;
  closed when answered or otherwise ended, last dated by its last step;
- a complaint or report (投诉、举报: the complainant and the text): ``complaint``,
  closed when answered, last dated by the answer;
- a proposed topic (点题公开: the text and the contact): ``topic``, closed when
  declined or answered, last dated by that decision.

An open record is never due, however old.

    for item in due_records(office, today, policy, until_year=today.year + 1):
        print(item.number, item.record_class, item.ends)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from domain.complaint.complaint import Complaint
from domain.disclosure_request.request import DisclosureRequest
from domain.disclosure_request.service import DisclosureRequests
from domain.office.office import Office
from domain.privacy.record import personal_data_of, record_stream
from domain.privacy.retention import RetentionPolicy
from domain.topic.topic import Topic
from ledger.ledger import StoredEntry
from ledger.vault import VaultEntry
from verify.bundle_format import sealed_paths


@dataclass(frozen=True, slots=True)
class Due:
    """A record whose retention period has ended."""

    number: str
    record: str
    record_class: str
    last_on: date
    ends: date
    commitments: list[VaultEntry] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Closed:
    """A closed record: its number, class and last dated step."""

    number: str
    record: str
    record_class: str
    last_on: date
    entries: Sequence[StoredEntry]


def due_records(
    office: Office,
    requests: DisclosureRequests,
    today: date,
    policy: RetentionPolicy,
    until_year: int,
) -> list[Due]:
    """Every closed record whose retention period ended by ``today``, not yet erased:
    requests in number order, then complaints and topics in log order."""
    found = []
    for closed in _closed(office, requests, until_year):
        ends = policy.ends(closed.record_class, closed.last_on)
        if ends > today or personal_data_of(office, closed.record).erased is not None:
            continue
        own = record_stream(office, closed.record)
        rows = commitments(closed.record, closed.entries)
        rows += commitments(own, office.ledger.read(own))
        found.append(
            Due(closed.number, closed.record, closed.record_class, closed.last_on, ends, rows)
        )
    return found


def commitments(stream: str, entries: Sequence[StoredEntry]) -> list[VaultEntry]:
    """The vault rows behind every sealed field of ``entries``."""
    return [
        VaultEntry(commitment["c"], stream, path)
        for stored in entries
        for path, commitment in sealed_paths(stored.entry.data)
    ]


def _closed(office: Office, requests: DisclosureRequests, until_year: int) -> Iterator[Closed]:
    for filed in requests.index.all_filed(until_year):
        request = DisclosureRequest.replay(filed.stream, [e.recorded() for e in filed.entries])
        if not request.is_open and request.last_on is not None:
            remedy = request.reconsideration is not None or request.lawsuit is not None
            kind = "request_with_remedy" if remedy else "request"
            yield Closed(filed.number, filed.stream, kind, request.last_on, filed.entries)
    yield from _closed_of(office, "Complaint.Filed", "complaint", _complaint_closed_on)
    yield from _closed_of(office, "Topic.Proposed", "topic", _topic_closed_on)


def _closed_of(
    office: Office,
    first_type: str,
    record_class: str,
    closed_on: Callable[[str, Sequence[StoredEntry]], tuple[str, date | None]],
) -> Iterator[Closed]:
    for stream in office.ledger.streams_with_type(first_type):
        entries = office.ledger.read(stream)
        number, last_on = closed_on(stream, entries)
        if last_on is not None:
            yield Closed(number, stream, record_class, last_on, entries)


def _complaint_closed_on(stream: str, entries: Sequence[StoredEntry]) -> tuple[str, date | None]:
    complaint = Complaint.replay(stream, [e.recorded() for e in entries])
    return complaint.number, complaint.answered_on


def _topic_closed_on(stream: str, entries: Sequence[StoredEntry]) -> tuple[str, date | None]:
    topic = Topic.replay(stream, [e.recorded() for e in entries])
    return topic.number, topic.closed_on
