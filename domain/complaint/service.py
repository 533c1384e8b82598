"""The complaints application service: file and answer (get → call → save).

A complaint is named ``TS`` + the filing date + six random hex digits
(``TS20260305-a1b2c3``): unguessable, so that its number alone reveals nothing, and
never reused (a new number is drawn if the stream already exists)."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from domain.complaint.complaint import Complaint
from domain.errors import NotFound
from domain.office.office import Office
from domain.repository import Repository
from ledger.errors import ConcurrencyError
from ledger.ledger import singleton_stream

_ATTEMPTS = 10


class ComplaintNotFound(NotFound):
    code = "COMPLAINT_NOT_FOUND"


class Complaints:
    def __init__(self, office: Office) -> None:
        self.office = office
        self.repo = Repository(office.ledger)

    def _stream(self, number: str) -> str:
        return singleton_stream(self.office.ledger.origin, f"complaint:{number}")

    def get(self, number: str) -> Complaint:
        complaint = self.repo.load(Complaint, number, self._stream(number), must_exist=False)
        if not complaint.exists:
            raise ComplaintNotFound(f"no complaint {number}", number=number)
        return complaint

    def file(
        self,
        as_officer: str,
        at: datetime,
        *,
        kind: str,
        filed_on: date,
        complainant: Mapping[str, Any],
        text: str,
        about: str | None,
        days: int,
    ) -> Complaint:
        actor, calendar = self.office.actor(as_officer), self.office.calendar()
        for _ in range(_ATTEMPTS):
            number = f"TS{filed_on:%Y%m%d}-{secrets.token_hex(3)}"
            complaint = Complaint.file(
                number, actor, at, number=number, kind=kind, filed_on=filed_on,
                complainant=complainant, text=text, about=about, days=days, calendar=calendar,
            )  # fmt: skip
            try:
                self.repo.save(complaint, self._stream(number))
                return complaint
            except ConcurrencyError:
                continue
        raise ConcurrencyError("could not allocate a complaint number; try again")

    def answer(
        self, number: str, as_officer: str, at: datetime, *, on: date, result: str, reply: str
    ) -> Complaint:
        actor, complaint = self.office.actor(as_officer), self.get(number)
        complaint.answer(actor, at, on=on, result=result, reply=reply)
        self.repo.save(complaint, self._stream(number))
        return complaint
