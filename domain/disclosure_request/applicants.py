"""The private applicant index: which requests one applicant filed, for the Art. 42
monthly item count (国办函〔2020〕109号) and for telling repeat requests apart.

Public entries carry no value that links two requests of one applicant: a request's
applicant pseudonym (``ledger.pseudonym``) is sealed in its ``Received`` entry (schema
2) like the applicant. The pseudonym is kept in clear only here, in ``gk_applicants``,
a table that is never exported or served and that ``rebuild`` makes again from the
ledger and the vault (old schema-1 entries carry the pseudonym in clear; a sealed
pseudonym is opened from the vault; an erased one is left out).

Usage::

    applicants = Applicants(office)
    applicants.record(request.id, pseudonym, request.received_on, request.number)
    applicants.same_month(request.id)   # [(stream, number), …] other requests, same month
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from domain.disclosure_request.index import RECEIVED, RequestIndex
from domain.office.office import Office
from ledger.vault import Vault

BUILT = "applicant_index"  # gk_meta flag: the index was built for this ledger


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


class Applicants:
    """The private applicant index of one ledger (see the module docstring)."""

    def __init__(self, office: Office) -> None:
        self.office = office
        self.vault = Vault(office.ledger.backend)

    def record(self, stream: str, pseudonym: str, received_on: date, number: str) -> None:
        self._ensure_built(received_on.year)
        self.vault.index_request(stream, pseudonym, month_of(received_on), number)

    def pseudonym_of(self, stream: str, year: int) -> str | None:
        """The applicant pseudonym of request ``stream`` (None: erased or unknown);
        ``year`` bounds the first build of the index (the latest receipt year)."""
        self._ensure_built(year)
        return self.vault.pseudonym_of(stream)

    def same_month(self, stream: str, received_on: date) -> list[tuple[str, str]]:
        """The other requests of ``stream``'s applicant received in the same natural
        month as ``received_on``: the one function Art. 42 fee counting calls."""
        pseudonym = self.pseudonym_of(stream, received_on.year)
        if pseudonym is None:
            return []
        found = self.vault.streams_of(pseudonym, month_of(received_on))
        return [(s, n) for s, n in found if s != stream]

    def all_of(self, stream: str, year: int) -> list[tuple[str, str]]:
        """Every request (``stream`` included) of ``stream``'s applicant, by number."""
        pseudonym = self.pseudonym_of(stream, year)
        return [] if pseudonym is None else self.vault.streams_of(pseudonym)

    def rebuild(self, until_year: int) -> int:
        """Clear and refill the index from the ledger and the vault; rows written."""
        self.vault.clear_index()
        written = 0
        for filed in RequestIndex(self.office).all_filed(until_year):
            received = filed.received.entry
            if received.type != RECEIVED:
                continue
            pseudonym = self._pseudonym(received.data)
            if pseudonym is None:
                continue
            day = date.fromisoformat(received.data["received_on"])
            self.vault.index_request(filed.stream, pseudonym, month_of(day), filed.number)
            written += 1
        self._mark_built()
        return written

    def _pseudonym(self, data: Mapping[str, Any]) -> str | None:
        value = data.get("applicant_pseudonym")
        if isinstance(value, dict) and value.get("sealed"):
            value = self.vault.open_value(value, "data.applicant_pseudonym")
        return value if isinstance(value, str) and value else None

    def _ensure_built(self, year: int) -> None:
        # A ledger from before the index, or one restored from a backup (the index is
        # not backed up): build it once. An empty index beside requests is rebuilt too.
        ledger = self.office.ledger
        with ledger.backend.transaction() as cur:
            row = cur.execute("SELECT value FROM gk_meta WHERE name = ?", (BUILT,)).fetchone()
        if row is None or self.vault.index_size() == 0:
            self.rebuild(year + 1)

    def _mark_built(self) -> None:
        # Two first requests may build the index at once: the flag is set by whichever
        # commits first, the other's mark is a no-op (both filled the same rows).
        with self.office.ledger.backend.transaction(write=True) as cur:
            cur.execute(
                "INSERT INTO gk_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                (BUILT, "1"),
            )
