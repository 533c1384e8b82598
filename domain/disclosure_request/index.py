"""依申请公开: finding disclosure requests, their applicants and the information items
they provide in the ledger, without a read model.

A request's stream id is derived from its number (``request:2026-0001`` under the
ledger's origin), so a number names exactly one stream. Two receipts that pick the same
number write the first entry of the same stream: the event store accepts one and
refuses the other (optimistic concurrency), so a duplicate number cannot exist.
Numbers are allocated densely per receipt year (1, 2, 3, …), so the next free number
is found with a handful of reads: an exponential, then a binary search over which
streams exist.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.disclosure_request.fee_order import MonthRequest
from domain.errors import ItemNotFound, RuleViolation
from domain.information_item.item import InformationItem
from domain.office.office import Office
from ledger.ledger import StoredEntry

RECEIVED = "DisclosureRequest.Received"
FEE_NOTICED = "DisclosureRequest.FeeNoticed"
ITEMS_COUNTED = "DisclosureRequest.ItemsCounted"  # items within the free ones (109号)
FIRST_YEAR = 2008  # the OGI Regulation of 2007 took effect on 2008-05-01
# ASCII digits only (``\d`` and ``int`` accept ٣ and more), a serial within a BIGINT
_NUMBER = re.compile(r"([0-9]{4})-([0-9]{4,18})")
# Item states whose current content passed secrecy review and approval (先审查、后公开).
RELEASABLE = ("approved", "published")


def format_number(year: int, serial: int) -> str:
    """``2026-0001``: the receipt year and the serial within it (at least 4 digits)."""
    return f"{year:04d}-{serial:04d}"


def parse_number(text: str) -> tuple[int, int] | None:
    """(year, serial) of a request number, or None if ``text`` is not one."""
    match = _NUMBER.fullmatch(text)
    if match is None or int(match[2]) < 1:
        return None
    return int(match[1]), int(match[2])


@dataclass(frozen=True, slots=True)
class Filed:
    """One request as the index reads it: its number, stream and entries."""

    number: str
    stream: str
    entries: list[StoredEntry]

    @property
    def received(self) -> StoredEntry:
        return self.entries[0]


class RequestIndex:
    """Requests by number, read straight from the ledger."""

    def __init__(self, office: Office) -> None:
        self.office = office

    def stream_of(self, number: str) -> str:
        return self.office.stream(f"request:{number}")

    def read(self, number: str) -> list[StoredEntry]:
        return self.office.ledger.read(self.stream_of(number))

    def count(self, year: int) -> int:
        """How many numbers of ``year`` are taken (the highest serial, numbers being dense)."""
        if not self._taken(year, 1):
            return 0
        low, high = 1, 2
        while self._taken(year, high):
            low, high = high, high * 2
        while high - low > 1:  # taken(low), not taken(high)
            middle = (low + high) // 2
            if self._taken(year, middle):
                low = middle
            else:
                high = middle
        return low

    def next_number(self, year: int) -> str:
        return format_number(year, self.count(year) + 1)

    def filed(self, year: int) -> Iterator[Filed]:
        """Every request received in ``year``, in number order."""
        for serial in range(1, self.count(year) + 1):
            number = format_number(year, serial)
            entries = self.read(number)
            if entries:
                yield Filed(number, self.stream_of(number), entries)

    def all_filed(self, until_year: int) -> Iterator[Filed]:
        """Every request received from ``FIRST_YEAR`` to ``until_year``."""
        for year in range(FIRST_YEAR, until_year + 1):
            yield from self.filed(year)

    def applicant_month(self, streams: Sequence[str]) -> list[MonthRequest]:
        """The requests of one applicant's natural month (国办函〔2020〕109号 第四条:
        "同一申请人一个自然月内累计申请"), given their streams — found in the private
        applicant index (``domain.disclosure_request.applicants``), never in a public
        value — each with the items its item fee notices charged (``fee_order``)."""
        month = []
        for stream in streams:
            entries = self.office.ledger.read(stream)
            if not entries or entries[0].entry.type != RECEIVED:
                continue
            data = entries[0].entry.data
            day = date.fromisoformat(data["received_on"])
            counted = [
                int(e.entry.data["count"])
                for e in entries
                if e.entry.type == ITEMS_COUNTED
                or (e.entry.type == FEE_NOTICED and e.entry.data["method"] == "items")
            ]
            number = str(data["number"])
            month.append(MonthRequest(number, day, sum(counted) if counted else None))
        return month

    def _taken(self, year: int, serial: int) -> bool:
        return bool(self.read(format_number(year, serial)))


def released_sha256(office: Office, item_id: str) -> str:
    """The content of an information item that may be handed to an applicant: approved
    or published after its secrecy review (``ITEM_NOT_FOUND``, ``ITEM_NOT_RELEASABLE``)."""
    stream = stream_id_or_none(item_id)
    entries = [] if stream is None else office.ledger.read(stream)
    if not entries or entries[0].entry.type != "InformationItem.Drafted":
        raise ItemNotFound(f"no information item {item_id}", item=item_id)
    item = InformationItem.replay(item_id, [e.recorded() for e in entries])
    sha = item.published_sha256 or item.current_sha256
    if item.status not in RELEASABLE or sha is None:
        raise RuleViolation(
            "ITEM_NOT_RELEASABLE",
            f"item {item_id} is {item.status}: only approved or published content "
            "(after secrecy review) may be provided",
            item=item_id,
            status=item.status,
        )
    return sha


def applicant_identity(applicant: Mapping[str, Any]) -> str:
    """What recognises an applicant across requests, normalised (NFKC, no spaces, upper
    case): their identity document number (身份证号, 统一社会信用代码) if given,
    otherwise their name with their contact details (a name alone is shared by many)."""
    if not isinstance(applicant, Mapping):
        raise RuleViolation("APPLICANT_REQUIRED", "Art. 29: the applicant's identity")
    name = applicant.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RuleViolation("APPLICANT_REQUIRED", "Art. 29: the applicant's name", field="name")
    id_number = applicant.get("id_number")
    if isinstance(id_number, str) and id_number.strip():
        return "id:" + _normal(id_number)
    return f"name:{_normal(name)}|contact:{_normal(str(applicant.get('contact') or ''))}"


def stream_id_or_none(text: str) -> str | None:
    """``text`` if it is a stream id (a lowercase UUID), else None."""
    try:
        return text if str(uuid.UUID(text)) == text else None
    except (ValueError, TypeError, AttributeError):
        return None


def _normal(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()
