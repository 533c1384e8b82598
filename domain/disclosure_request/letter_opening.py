"""Opening the sealed fields a letter prints: the supplement notice tells the applicant
what to supplement (``SupplementRequested.items``, sealed since issue 17), so issuing or
re-rendering its letter reads the vault — an opening like any other, recorded first as
``PersonalData.Opened`` (purpose ``handling``, scope ``letter``) by the officer who
issues or views the letter — or, when the applicants fetch their own letter from the
portal, by the portal officer for ``applicant_access`` (PIPL Art. 45). Letters that
print no sealed field record nothing.

Once the record's personal data is erased, the letter is built with the erased marker
in place of the value and flagged: it can no longer reproduce the bytes whose hash the
ledger records, and says so.

Usage::

    opening = LetterOpening(office, request.id, request.number, as_officer, at)
    data = opening.open([("supplement", notice.data)])[0]   # Opened entry, then values
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from domain.disclosure_request.letters import SEALED_IN_LETTER
from domain.errors import RuleViolation
from domain.office.office import Office
from domain.privacy.record import ERASED, PersonalDataRecord, record_stream
from ledger.vault import Vault
from verify.entry import is_sealed


class LetterOpening:
    """Opens, for one request and one acting officer, the sealed fields its letters print."""

    def __init__(
        self,
        office: Office,
        record: str,
        number: str,
        as_officer: str | None,
        at: datetime,
        purpose: str = "handling",
    ) -> None:
        self.office, self.record, self.number = office, record, number
        self.as_officer, self.at, self.purpose = as_officer, at, purpose
        self.erased = False  # a letter opened here printed the erased marker

    def open(self, notices: Sequence[tuple[str, Mapping[str, Any]]]) -> list[Mapping[str, Any]]:
        """The data of each (kind, entry data) with the sealed fields its letter prints
        opened; one ``Opened`` entry first if there are any. Raises OFFICER_REQUIRED
        (no acting officer named), ROLE_REQUIRED."""
        fields = sorted({name for kind, data in notices for name in _sealed_printed(kind, data)})
        if not fields:
            return [data for _, data in notices]
        stream = record_stream(self.office, self.record)
        aggregate = self.office.repo.load(PersonalDataRecord, stream, stream, must_exist=False)
        if aggregate.erased is None:
            self._record(aggregate, stream, fields)
        vault = Vault(self.office.ledger.backend)
        opened: list[Mapping[str, Any]] = []
        for kind, data in notices:
            copy = dict(data)
            for name in _sealed_printed(kind, data):
                value = vault.open_value(data[name], f"data.{name}")
                self.erased = self.erased or value is None
                copy[name] = ERASED if value is None else value
            opened.append(copy)
        return opened

    def _record(self, aggregate: PersonalDataRecord, stream: str, fields: list[str]) -> None:
        if self.as_officer is None:
            raise RuleViolation(
                "OFFICER_REQUIRED",
                f"the letters of {self.number} print sealed personal data ({', '.join(fields)}):"
                " name the officer who opens them (--as)",
                field="as",
            )
        actor = self.office.actor(self.as_officer)
        aggregate.open(actor, self.at, record=self.record, number=self.number, fields=fields,
                       purpose=self.purpose, scope="letter")  # fmt: skip
        self.office.repo.save(aggregate, stream)


def _sealed_printed(kind: str, data: Mapping[str, Any]) -> list[str]:
    return [name for name in SEALED_IN_LETTER.get(kind, ()) if is_sealed(data.get(name))]
