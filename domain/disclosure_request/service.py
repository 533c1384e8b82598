"""依申请公开 application service: the commands of disclosure on request (OGI Regulation
Arts. 29–45, 51), each loaded from the ledger, decided by the ``DisclosureRequest``
aggregate on the recorded working-day calendar and saved as signed entries
(get → call → save).

A request is named by its number, ``2026-0001`` (receipt year, then a serial), and its
stream id is derived from that number (``domain.disclosure_request.index``), so either the id or
the number finds it and no number can be given twice. The applicant and the
description are sealed in the ledger, and so is a keyed pseudonym of the applicant
(``ledger.pseudonym``) that recognises the same applicant across requests for the
monthly item count of Art. 42 fees: only the private index (``applicants``) holds
it in clear.

Usage::

    requests = DisclosureRequests(office)
    request = requests.receive("officer-0009", at, channel="in-person",
        received_on=date(2026, 2, 6), applicant={"name": "…", "id_number": "…"},
        applicant_type="natural-person", description="…")
    requests.answer(request.number, "officer-0009", at, on=date(2026, 3, 2),
        outcome="disclosed", items=1)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from domain.checks import check_date
from domain.date_window import RECEIVED_ON, DateWindow
from domain.disclosure_request._service_base import RequestsBase
from domain.disclosure_request.answer import LetterHasher
from domain.disclosure_request.index import format_number, parse_number, released_sha256
from domain.disclosure_request.request import DisclosureRequest
from domain.disclosure_request.rules import SUPPLEMENT_NOTICE_PERIOD
from domain.disclosure_request.view import local_date
from domain.errors import RequestNotFound
from ledger.errors import ConcurrencyError

__all__ = [
    "DEFAULT_SUPPLEMENT_DAYS",
    "SUPPLEMENT_NOTICE_PERIOD",
    "DisclosureRequests",
    "RequestNotFound",
    "format_number",
    "parse_number",
]

# Art. 30 leaves the time allowed for a supplement to the agency ("合理的补正期限");
# 15 working days is this product's default (not a rule of the regulation, 109号 or
# the seed documents); at most ``rules.MAX_SUPPLEMENT_DAYS`` may be allowed.
DEFAULT_SUPPLEMENT_DAYS = 15
_NUMBER_ATTEMPTS = 100  # receipts racing at once; each loss moves one number on


class DisclosureRequests(RequestsBase):
    """The disclosure-on-request commands of one agency's ledger.

    ``received_window`` bounds receipt and confirmation dates (``DATE_OUT_OF_RANGE``);
    the server sets it from its configuration."""

    received_window: DateWindow = RECEIVED_ON

    # --- commands ---------------------------------------------------------------------

    def receive(
        self,
        as_officer: str,
        at: datetime,
        *,
        channel: str,
        received_on: date,
        applicant: Mapping[str, Any],
        applicant_type: str,
        description: str,
        requested_form: str = "electronic",
    ) -> DisclosureRequest:
        """Art. 29: record a request under the next number of its receipt year."""
        actor = self.office.actor(as_officer)
        check_date(received_on, "received_on")
        self.received_window.check(received_on, "received_on", today=local_date(at))
        pseudonym, calendar = self._pseudonym(applicant), self.calendar()
        year, serial = received_on.year, self.index.count(received_on.year) + 1
        for _ in range(_NUMBER_ATTEMPTS):
            number = format_number(year, serial)
            request = DisclosureRequest.receive(
                self.index.stream_of(number),
                actor,
                at,
                number=number,
                channel=channel,
                received_on=received_on,
                applicant=applicant,
                applicant_type=applicant_type,
                description=description,
                requested_form=requested_form,
                calendar=calendar,
                applicant_pseudonym=pseudonym,
            )
            try:
                saved = self._save(request)
            except ConcurrencyError:
                serial += 1  # another officer took this number a moment ago: take the next
                continue
            self.applicants.record(saved.id, pseudonym, received_on, number)
            return saved
        raise ConcurrencyError("could not allocate a request number; try again", number=number)

    def confirm_receipt(
        self,
        ref: str,
        as_officer: str,
        at: datetime,
        *,
        on: date,
        expected_version: int | None = None,
    ) -> DisclosureRequest:
        actor, request = self.office.actor(as_officer), self.get(ref, expected_version)
        check_date(on, "on")
        self.received_window.check(on, "on", today=local_date(at))
        request.confirm_receipt(actor, at, confirmed_on=on, calendar=self.calendar())
        return self._save(request)

    def request_supplement(
        self,
        ref: str,
        as_officer: str,
        at: datetime,
        *,
        on: date,
        items: Sequence[str],
        allowed_days: int = DEFAULT_SUPPLEMENT_DAYS,
        expected_version: int | None = None,
    ) -> DisclosureRequest:
        actor, request = self.office.actor(as_officer), self.get(ref, expected_version)
        request.request_supplement(
            actor, at, on=on, items=items, allowed_days=allowed_days, calendar=self.calendar()
        )
        return self._save(request)

    def supplemented(
        self,
        ref: str,
        as_officer: str,
        at: datetime,
        *,
        on: date,
        justification: str | None = None,
        expected_version: int | None = None,
    ) -> DisclosureRequest:
        actor, request = self.office.actor(as_officer), self.get(ref, expected_version)
        request.supplemented(
            actor, at, on=on, calendar=self.calendar(), justification=justification
        )
        return self._save(request)

    def deem_abandoned(
        self,
        ref: str,
        as_officer: str,
        at: datetime,
        *,
        on: date,
        expected_version: int | None = None,
    ) -> DisclosureRequest:
        actor, request = self.office.actor(as_officer), self.get(ref, expected_version)
        request.deem_abandoned(actor, at, on=on)
        return self._save(request)

    def start_consultation(
        self,
        ref: str,
        as_officer: str,
        at: datetime,
        *,
        party: str,
        on: date,
        expected_version: int | None = None,
    ) -> DisclosureRequest:
        actor, request = self.office.actor(as_officer), self.get(ref, expected_version)
        request.start_consultation(actor, at, party=party, on=on)
        return self._save(request)

    def end_consultation(
        self,
        ref: str,
        as_officer: str,
        at: datetime,
        *,
        on: date,
        reply: str = "none",
        expected_version: int | None = None,
    ) -> DisclosureRequest:
        """Arts. 32, 34: the consultation ends with ``reply`` (consent, objection, none)."""
        actor, request = self.office.actor(as_officer), self.get(ref, expected_version)
        request.end_consultation(actor, at, on=on, calendar=self.calendar(), reply=reply)
        return self._save(request)

    def extend(
        self,
        ref: str,
        as_officer: str,
        at: datetime,
        *,
        on: date,
        days: int,
        reason: str,
        notified_on: date | None = None,
        no_personal_data: bool = False,
        expected_version: int | None = None,
    ) -> DisclosureRequest:
        """Art. 33, and the day the applicant was notified of it; the reason is published
        once the head confirms ``no_personal_data``."""
        actor, request = self.office.actor(as_officer), self.get(ref, expected_version)
        request.extend(
            actor, at, on=on, days=days, reason=reason, calendar=self.calendar(),
            notified_on=notified_on, no_personal_data=no_personal_data,
        )  # fmt: skip
        return self._save(request)

    def notice_fee(
        self,
        ref: str,
        as_officer: str,
        at: datetime,
        *,
        on: date,
        method: str,
        count: int,
        received_on: date | None = None,
        expected_version: int | None = None,
    ) -> DisclosureRequest:
        """Art. 42 fee notice; by items, the applicant's items of this natural month
        received before this request are counted from the ledger (109号: progressive on
        the month's total, in order of receipt)."""
        actor, request = self.office.actor(as_officer), self.get(ref, expected_version)
        before = self._items_before_this_month(request, count) if method == "items" else 0
        request.notice_fee(
            actor,
            at,
            on=on,
            method=method,
            count=count,
            calendar=self.calendar(),
            items_before_this_month=before,
            received_on=received_on,
        )
        return self._save(request)

    def fee_notice_received(
        self,
        ref: str,
        as_officer: str,
        at: datetime,
        *,
        on: date,
        expected_version: int | None = None,
    ) -> DisclosureRequest:
        """109号: the day the applicant received the fee notice starts the 20 days to pay."""
        actor, request = self.office.actor(as_officer), self.get(ref, expected_version)
        request.fee_notice_received(actor, at, on=on, calendar=self.calendar())
        return self._save(request)

    def fee_paid(
        self,
        ref: str,
        as_officer: str,
        at: datetime,
        *,
        on: date,
        expected_version: int | None = None,
    ) -> DisclosureRequest:
        actor, request = self.office.actor(as_officer), self.get(ref, expected_version)
        request.fee_paid(actor, at, on=on, calendar=self.calendar())
        return self._save(request)

    def deem_withdrawn_unpaid(
        self,
        ref: str,
        as_officer: str,
        at: datetime,
        *,
        on: date,
        expected_version: int | None = None,
    ) -> DisclosureRequest:
        actor, request = self.office.actor(as_officer), self.get(ref, expected_version)
        request.deem_withdrawn_unpaid(actor, at, on=on)
        return self._save(request)

    def answer(
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
        expected_version: int | None = None,
        reasons: str | None = None,
        articles: Sequence[str] = (),
        letter: LetterHasher | None = None,
    ) -> DisclosureRequest:
        """Arts. 35–39. ``item_ids`` name information items provided (their content
        must have passed secrecy review and approval); ``items`` counts what was
        provided (default: the number of ``item_ids``); ``reasons`` and ``articles``
        state why less was given (Art. 36); ``letter`` renders the 告知书 and returns
        its SHA-256, recorded in the entry."""
        actor, request = self.office.actor(as_officer), self.get(ref, expected_version)
        hashes = [released_sha256(self.office, item_id) for item_id in item_ids]
        request.answer(
            actor,
            at,
            answered_on=on,
            outcome=outcome,
            items=len(hashes) if items is None else items,
            content_sha256s=hashes,
            delivery_form=delivery_form,
            calendar=self.calendar(),
            reasons=reasons,
            articles=articles,
            issuing_office=self.office.agency().name,
            letter=letter,
        )
        return self._save(request)
