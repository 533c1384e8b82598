"""依申请公开 application service, part one: finding requests, the helpers every command
shares, and the commands after an answer — withdrawal by the applicant, reconsideration
and lawsuit (Art. 51), and deadlines recomputed on a newly recorded calendar year.
The commands up to the answer are in ``domain.disclosure_request.service``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from domain.calendar.working_calendar import WorkingCalendar
from domain.disclosure_request.answer import LetterHasher
from domain.disclosure_request.applicants import Applicants
from domain.disclosure_request.fee_order import MonthRequest, check_receipt_order, items_before
from domain.disclosure_request.index import (
    RECEIVED,
    RequestIndex,
    applicant_identity,
    parse_number,
    released_sha256,
    stream_id_or_none,
)
from domain.disclosure_request.letter_opening import LetterOpening
from domain.disclosure_request.request import DisclosureRequest
from domain.errors import RequestNotFound
from domain.office.office import Office
from ledger.errors import ConcurrencyError
from ledger.pseudonym import PseudonymKey


class RequestsBase:
    """Reads, shared helpers and the commands after the answer."""

    def __init__(self, office: Office, pseudonyms: PseudonymKey | None = None) -> None:
        self.office = office
        self.repo = office.repo
        self.index = RequestIndex(office)
        self._pseudonyms = pseudonyms
        self.applicants = Applicants(office)

    # --- reads ------------------------------------------------------------------------

    def get(self, ref: str, expected_version: int | None = None) -> DisclosureRequest:
        """The request named by its id or its number. Raises RequestNotFound, or
        ConcurrencyError when ``expected_version`` is given and the request moved on."""
        stream = self._stream_of(ref)
        entries = [] if stream is None else self.office.ledger.read(stream)
        if not entries or entries[0].entry.type != RECEIVED:
            raise RequestNotFound(f"no disclosure request {ref}", request=ref)
        request = DisclosureRequest.replay(stream or ref, [e.recorded() for e in entries])
        if expected_version is not None and request.version != expected_version:
            raise ConcurrencyError(
                f"request {request.number} is at version {request.version}, not {expected_version}",
                stream=request.id,
                expected=expected_version,
                actual=request.version,
            )
        return request

    def calendar(self) -> WorkingCalendar:
        return self.office.calendar()

    def open_requests(self, until_year: int) -> list[DisclosureRequest]:
        """Every request not yet answered, abandoned or withdrawn (a ledger scan)."""
        found = (
            DisclosureRequest.replay(f.stream, [e.recorded() for e in f.entries])
            for f in self.index.all_filed(until_year)
        )
        return [request for request in found if request.is_open]

    # --- commands after (or instead of) the answer ------------------------------------

    def withdraw(
        self,
        ref: str,
        as_officer: str,
        at: datetime,
        *,
        on: date,
        expected_version: int | None = None,
    ) -> DisclosureRequest:
        """The applicant withdraws the request (申请人撤回申请)."""
        actor, request = self.office.actor(as_officer), self.get(ref, expected_version)
        request.withdraw_by_applicant(actor, at, on=on)
        return self._save(request)

    def file_reconsideration(
        self,
        ref: str,
        as_officer: str,
        at: datetime,
        *,
        on: date,
        expected_version: int | None = None,
    ) -> DisclosureRequest:
        actor, request = self.office.actor(as_officer), self.get(ref, expected_version)
        request.file_reconsideration(actor, at, on=on, calendar=self.calendar())
        return self._save(request)

    def decide_reconsideration(
        self,
        ref: str,
        as_officer: str,
        at: datetime,
        *,
        on: date,
        result: str,
        expected_version: int | None = None,
    ) -> DisclosureRequest:
        actor, request = self.office.actor(as_officer), self.get(ref, expected_version)
        request.decide_reconsideration(actor, at, on=on, result=result)
        return self._save(request)

    def file_lawsuit(
        self,
        ref: str,
        as_officer: str,
        at: datetime,
        *,
        on: date,
        after_reconsideration: bool | None = None,
        expected_version: int | None = None,
    ) -> DisclosureRequest:
        """行政诉讼; unless told otherwise, it follows the reconsideration if one was filed."""
        actor, request = self.office.actor(as_officer), self.get(ref, expected_version)
        after = request.reconsideration is not None
        request.file_lawsuit(
            actor,
            at,
            on=on,
            after_reconsideration=after if after_reconsideration is None else after_reconsideration,
            calendar=self.calendar(),
        )
        return self._save(request)

    def decide_lawsuit(
        self,
        ref: str,
        as_officer: str,
        at: datetime,
        *,
        on: date,
        result: str,
        expected_version: int | None = None,
    ) -> DisclosureRequest:
        actor, request = self.office.actor(as_officer), self.get(ref, expected_version)
        request.decide_lawsuit(actor, at, on=on, result=result)
        return self._save(request)

    def reanswer(
        self,
        ref: str,
        as_officer: str,
        at: datetime,
        *,
        on: date,
        outcome: str,
        item_ids: Sequence[str] = (),
        items: int | None = None,
        delivery_form: str = "electronic",
        reasons: str | None = None,
        articles: Sequence[str] = (),
        letter: LetterHasher | None = None,
        expected_version: int | None = None,
    ) -> DisclosureRequest:
        """责令重新答复: the new answer a corrected remedy decision orders, with the same
        content, reasons and letter as an answer (``domain.disclosure_request.reanswer``)."""
        actor, request = self.office.actor(as_officer), self.get(ref, expected_version)
        hashes = [released_sha256(self.office, item_id) for item_id in item_ids]
        request.reanswer(
            actor,
            at,
            answered_on=on,
            outcome=outcome,
            items=len(hashes) if items is None else items,
            content_sha256s=hashes,
            delivery_form=delivery_form,
            reasons=reasons,
            articles=articles,
            issuing_office=self.office.agency().name,
            letter=letter,
        )
        return self._save(request)

    def notify_third_party(
        self,
        ref: str,
        as_officer: str,
        at: datetime,
        *,
        on: date,
        reasons: str,
        expected_version: int | None = None,
    ) -> DisclosureRequest:
        """Art. 32: the written notice to an objecting third party that the agency
        discloses anyway, with the reasons."""
        actor, request = self.office.actor(as_officer), self.get(ref, expected_version)
        request.notify_third_party(actor, at, on=on, reasons=reasons)
        return self._save(request)

    def ask_reasons(
        self,
        ref: str,
        as_officer: str,
        at: datetime,
        *,
        on: date,
        note: str,
        expected_version: int | None = None,
    ) -> DisclosureRequest:
        """Art. 35: ask the applicant to explain a clearly unreasonable number of requests."""
        actor, request = self.office.actor(as_officer), self.get(ref, expected_version)
        request.ask_reasons(actor, at, on=on, note=note)
        return self._save(request)

    def set_reasonable_period(
        self,
        ref: str,
        as_officer: str,
        at: datetime,
        *,
        on: date,
        reasons: str,
        due: date,
        expected_version: int | None = None,
    ) -> DisclosureRequest:
        """Art. 35: a reasonable later answer date, notified to the applicant on ``on``."""
        actor, request = self.office.actor(as_officer), self.get(ref, expected_version)
        calendar = self.calendar()
        request.set_reasonable_period(actor, at, on=on, reasons=reasons, due=due, calendar=calendar)
        return self._save(request)

    def issue_letter(
        self,
        ref: str,
        as_officer: str,
        at: datetime,
        *,
        kind: str,
        on: date,
        letter: LetterHasher,
        expected_version: int | None = None,
    ) -> DisclosureRequest:
        """告知书送达: record the hash of the letter of the latest notice of ``kind``
        (supplement, extension, fee, consultation), rendered by ``letter``."""
        actor, request = self.office.actor(as_officer), self.get(ref, expected_version)
        office = self.office.agency().name
        opening = LetterOpening(self.office, request.id, str(request.number), as_officer, at)
        request.issue_letter(
            actor, at, kind=kind, on=on, office=office, letter=letter,
            opened=lambda kind, data: opening.open([(kind, data)])[0],
        )  # fmt: skip
        return self._save(request)

    def recompute_open_deadlines(self, as_officer: str, at: datetime) -> list[str]:
        """After a calendar year is recorded: record ``DeadlineRecomputed`` on every open
        request whose answer due date moved or stopped being provisional, signed by the
        admin who recorded the year; return their numbers."""
        actor, calendar = self.office.actor(as_officer), self.calendar()
        changed = []
        for request in self.open_requests(at.year + 1):
            if request.recompute_deadline(actor, at, calendar):
                self._save(request)
                changed.append(str(request.number))
        return changed

    # --- helpers ----------------------------------------------------------------------

    def _save(self, request: DisclosureRequest) -> DisclosureRequest:
        """Append the decided events; return the request as stored (with leaf hashes)."""
        self.repo.save(request, request.id)
        return self.get(request.id)

    def _stream_of(self, ref: str) -> str | None:
        if parse_number(ref) is not None:
            return self.index.stream_of(ref)
        return stream_id_or_none(ref)

    def _pseudonym(self, applicant: Mapping[str, Any]) -> str:
        if self._pseudonyms is None:
            self._pseudonyms = PseudonymKey.open(self.office.ledger.keys.directory)
        return self._pseudonyms.pseudonym(applicant_identity(applicant))

    def _items_before_this_month(self, request: DisclosureRequest, count: int) -> int:
        """109号: the applicant's items of the month received before ``request``; refuses
        (``FEE_ORDER``) more than one item once a later request of the month was charged.
        The applicant's other requests come from the private index (never a public value)."""
        received_on, number = request.received_on, request.number
        if received_on is None or number is None:
            return 0
        others = [stream for stream, _ in self.applicants.same_month(request.id, received_on)]
        month = self.index.applicant_month([request.id, *others])
        this = next((r for r in month if r.number == number), MonthRequest(number, received_on))
        check_receipt_order(month, this, count)
        return items_before(month, this)
