"""依申请公开: one test per statutory rule of a disclosure request (OGI Regulation Arts. 29–51)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from domain.calendar.working_calendar import Deadline, WorkingCalendar, YearCalendar
from domain.disclosure_request.outcomes import OUTCOME_CODES, OUTCOMES, TABLE3_ROW
from domain.disclosure_request.request import DisclosureRequest
from domain.errors import DomainError
from ledger.events import Sealed
from tests.support.factories import (
    ADMIN,
    APPLICANT,
    DESCRIPTION,
    OFFICE_HEAD,
    REQUEST_HANDLER,
    SECOND_HANDLER,
    answer_request,
    at,
    calendar_2026,
    expect_refused,
    real_calendar,
    received_request,
    request_state,
    sha,
)
from verify.roles import REQUIRED_ROLE

CAL = real_calendar()
H = REQUEST_HANDLER
ANSWER_DUE = date(2026, 3, 12)  # worked example: 20 working days after Fri 2026-02-06
EXTENDED_DUE = date(2026, 4, 10)  # worked example: with a full extension


def receive(**overrides: object) -> DisclosureRequest:
    arguments: dict[str, object] = {
        "number": "2026-0001",
        "channel": "in-person",
        "received_on": date(2026, 2, 6),
        "applicant": APPLICANT,
        "applicant_type": "natural-person",
        "description": DESCRIPTION,
        "requested_form": "paper",
        "calendar": CAL,
    }
    arguments.update(overrides)
    actor = arguments.pop("actor", H)
    return DisclosureRequest.receive("request-1", actor, at(), **arguments)  # type: ignore[arg-type]


def refused_receipt(code: str, **overrides: object) -> None:
    with pytest.raises(DomainError) as refused:
        receive(**overrides)
    assert refused.value.code == code


def event(request: DisclosureRequest, index: int = -1) -> tuple[str, dict[str, object]]:
    pending = request.pending[index]
    return pending.type, dict(pending.data)


def consult(request: DisclosureRequest, start: date, end: date | None) -> None:
    request.start_consultation(H, at(10), party="third-party", on=start)
    if end is not None:
        request.end_consultation(H, at(11), on=end, calendar=CAL)


def notice_pages(request: DisclosureRequest, on: date, pages: int = 31) -> None:
    """A fee notice handed to the applicant the day it is given."""
    request.notice_fee(H, at(20), on=on, method="pages", count=pages, calendar=CAL, received_on=on)


def supplement(request: DisclosureRequest, on: date = date(2026, 2, 10), days: int = 10) -> None:
    request.request_supplement(
        H, at(5), on=on, items=["请说明所需信息的文号"], allowed_days=days, calendar=CAL
    )


class TestReceive:
    def test_in_person_request_starts_the_clock_on_the_day_it_is_submitted(self) -> None:
        request = receive(channel="in-person")
        assert request.clock_start == date(2026, 2, 6)
        assert request.status == "received"

    def test_posted_request_starts_the_clock_on_the_day_it_is_signed_for(self) -> None:
        request = receive(channel="post", received_on=date(2026, 2, 9))
        assert request.answer_due(CAL) == Deadline(date(2026, 3, 13), provisional=False)

    def test_online_request_does_not_start_the_clock_before_receipt_is_confirmed(self) -> None:
        request = receive(channel="online")
        assert request.status == "awaiting_confirmation"
        assert request.answer_due(CAL) is None
        assert event(request)[1]["answer_due"] is None

    def test_fax_request_starts_the_clock_on_the_day_receipt_is_confirmed(self) -> None:
        request = received_request(channel="fax", received_on=date(2026, 2, 4))
        request.confirm_receipt(H, at(1), confirmed_on=date(2026, 2, 6), calendar=CAL)
        assert request.receipt_on == date(2026, 2, 6)
        assert request.answer_due(CAL) == Deadline(ANSWER_DUE, provisional=False)
        assert event(request)[1]["answer_due"] == "2026-03-12"

    def test_receipt_of_an_in_person_request_needs_no_confirmation(self) -> None:
        request = received_request()
        expect_refused(
            request,
            "RECEIPT_CONFIRMATION_NOT_NEEDED",
            lambda: request.confirm_receipt(H, at(1), confirmed_on=date(2026, 2, 9), calendar=CAL),
        )

    def test_receipt_is_confirmed_only_once(self) -> None:
        request = received_request(channel="online")
        request.confirm_receipt(H, at(1), confirmed_on=date(2026, 2, 6), calendar=CAL)
        expect_refused(
            request,
            "RECEIPT_ALREADY_CONFIRMED",
            lambda: request.confirm_receipt(H, at(2), confirmed_on=date(2026, 2, 9), calendar=CAL),
        )

    def test_receipt_cannot_be_confirmed_before_the_request_arrived(self) -> None:
        request = received_request(channel="online")
        expect_refused(
            request,
            "INVALID_DATE",
            lambda: request.confirm_receipt(H, at(1), confirmed_on=date(2026, 2, 5), calendar=CAL),
        )

    def test_nothing_runs_on_an_online_request_before_receipt_is_confirmed(self) -> None:
        request = received_request(channel="online")
        expect_refused(request, "RECEIPT_NOT_CONFIRMED", lambda: supplement(request))

    def test_applicant_and_description_are_recorded_sealed(self) -> None:
        data = event(receive())[1]
        assert data["applicant"] == Sealed(APPLICANT)
        assert data["description"] == Sealed(DESCRIPTION)

    def test_receipt_records_the_fixed_schema(self) -> None:
        kind, data = event(receive(applicant_pseudonym="p-1"))
        assert kind == "DisclosureRequest.Received"
        assert set(data) == {
            "number",
            "channel",
            "received_on",
            "applicant",
            "schema",
            "applicant_pseudonym",
            "applicant_type",
            "description",
            "requested_form",
            "answer_due",
            "answer_due_provisional",
        }
        assert data["received_on"] == "2026-02-06"
        assert (data["schema"], data["applicant_pseudonym"]) == (2, Sealed("p-1"))
        assert (data["answer_due"], data["answer_due_provisional"]) == ("2026-03-12", False)

    def test_request_without_an_applicant_is_refused(self) -> None:
        refused_receipt("APPLICANT_REQUIRED", applicant={})

    def test_unknown_channel_is_refused(self) -> None:
        refused_receipt("CHANNEL_UNKNOWN", channel="pigeon")

    def test_unknown_applicant_type_is_refused(self) -> None:
        refused_receipt("APPLICANT_TYPE_UNKNOWN", applicant_type="company")

    def test_request_without_a_description_is_refused(self) -> None:
        refused_receipt("FIELD_REQUIRED", description="  ")

    def test_only_a_request_handler_receives_requests(self) -> None:
        refused_receipt("ROLE_REQUIRED", actor=OFFICE_HEAD)

    def test_commands_on_a_request_never_received_are_refused(self) -> None:
        request = DisclosureRequest("request-unknown")
        expect_refused(
            request,
            "REQUEST_NOT_FOUND",
            lambda: request.withdraw_by_applicant(H, at(1), on=date(2026, 2, 9)),
        )


class TestWorkedExample:
    def test_supplement_notice_is_due_seven_working_days_after_receipt(self) -> None:
        request = received_request()
        assert request.supplement_notice_due(CAL) == Deadline(date(2026, 2, 24), False)

    def test_answer_is_due_twenty_working_days_after_receipt(self) -> None:
        assert received_request().answer_due(CAL) == Deadline(ANSWER_DUE, provisional=False)

    def test_a_full_extension_makes_the_answer_due_forty_working_days_after_receipt(
        self,
    ) -> None:
        request = received_request()
        request.extend(
            OFFICE_HEAD, at(1), on=date(2026, 3, 2), days=20, reason="需调取档案", calendar=CAL,
            no_personal_data=True,
        )  # fmt: skip
        assert request.answer_due(CAL) == Deadline(EXTENDED_DUE, provisional=False)
        assert event(request)[1]["answer_due"] == "2026-04-10"


class TestSupplement:
    def test_supplement_notice_states_items_and_the_time_allowed(self) -> None:
        request = received_request()
        supplement(request, on=date(2026, 2, 24), days=10)
        kind, data = event(request)
        assert kind == "DisclosureRequest.SupplementRequested"
        assert data == {
            "on": "2026-02-24",
            "items": Sealed(["请说明所需信息的文号"]),
            "allowed_days": 10,
            "supplement_due": "2026-03-09",
            "supplement_due_provisional": False,
            "notice_due": "2026-02-24",
            "notice_due_provisional": False,
            "late": False,
        }

    def test_a_supplement_notice_after_seven_working_days_is_recorded_as_late(self) -> None:
        # 如实记载: the ledger records what happened, as it does a late answer
        request = received_request()
        supplement(request, date(2026, 2, 25))
        data = event(request)[1]
        assert (data["late"], data["notice_due"]) == (True, "2026-02-24")
        assert request.supplement is not None and request.supplement.late is True
        assert request.status == "awaiting_supplement"

    def test_at_most_sixty_working_days_may_be_allowed_to_supplement(self) -> None:
        request = received_request()
        expect_refused(request, "SUPPLEMENT_PERIOD_INVALID", lambda: supplement(request, days=61))
        supplement(request, days=60)
        assert event(request)[1]["allowed_days"] == 60

    def test_a_second_supplement_notice_is_refused(self) -> None:
        request = received_request()
        supplement(request)
        request.supplemented(H, at(6), on=date(2026, 2, 11), calendar=CAL)
        expect_refused(
            request, "SUPPLEMENT_ALREADY_REQUESTED", lambda: supplement(request, date(2026, 2, 12))
        )

    def test_supplement_notice_needs_at_least_one_day_allowed(self) -> None:
        request = received_request()
        expect_refused(request, "SUPPLEMENT_PERIOD_INVALID", lambda: supplement(request, days=0))

    def test_answer_due_is_unknown_while_a_supplement_is_awaited(self) -> None:
        request = received_request()
        supplement(request)
        assert request.status == "awaiting_supplement"
        assert request.answer_due(CAL) is None

    def test_answer_period_restarts_on_the_day_the_supplement_is_received(self) -> None:
        request = received_request()
        supplement(request, on=date(2026, 2, 10))
        request.supplemented(H, at(6), on=date(2026, 2, 13), calendar=CAL)
        # 20 working days after Fri 2026-02-13: Sat 14 (make-up), 24–27, 28, Mar 2–6, 9–13, 16–19
        assert request.answer_due(CAL) == Deadline(date(2026, 3, 19), provisional=False)
        assert event(request)[1]["answer_due"] == "2026-03-19"

    def test_a_late_supplement_needs_a_justified_reason(self) -> None:
        request = received_request()
        supplement(request, on=date(2026, 2, 10), days=3)  # due Fri 2026-02-13
        expect_refused(
            request,
            "SUPPLEMENT_PERIOD_LAPSED",
            lambda: request.supplemented(H, at(6), on=date(2026, 2, 24), calendar=CAL),
        )

    def test_a_late_supplement_with_a_justified_reason_is_accepted(self) -> None:
        request = received_request()
        supplement(request, on=date(2026, 2, 10), days=3)
        request.supplemented(
            H, at(6), on=date(2026, 2, 24), calendar=CAL, justification="申请人住院"
        )
        assert event(request)[1]["late"] is True
        assert request.status == "received"

    def test_request_is_deemed_abandoned_once_the_time_allowed_has_passed(self) -> None:
        request = received_request()
        supplement(request, on=date(2026, 2, 10), days=3)
        request.deem_abandoned(H, at(7), on=date(2026, 2, 14))
        assert event(request)[1] == {"on": "2026-02-14", "outcome": "other.no_supplement"}
        assert request.status == "abandoned"

    def test_request_is_not_deemed_abandoned_while_the_time_allowed_runs(self) -> None:
        request = received_request()
        supplement(request, on=date(2026, 2, 10), days=3)
        expect_refused(
            request,
            "SUPPLEMENT_PERIOD_RUNNING",
            lambda: request.deem_abandoned(H, at(7), on=date(2026, 2, 13)),
        )

    def test_request_is_not_deemed_abandoned_without_a_supplement_notice(self) -> None:
        request = received_request()
        expect_refused(
            request,
            "NO_SUPPLEMENT_PENDING",
            lambda: request.deem_abandoned(H, at(7), on=date(2026, 3, 1)),
        )

    def test_a_supplement_is_received_only_after_a_notice(self) -> None:
        request = received_request()
        expect_refused(
            request,
            "NO_SUPPLEMENT_PENDING",
            lambda: request.supplemented(H, at(6), on=date(2026, 2, 11), calendar=CAL),
        )

    def test_supplement_notice_is_due_seven_working_days_after_confirmed_receipt(self) -> None:
        request = received_request(channel="online", received_on=date(2026, 2, 1))
        assert request.supplement_notice_due(CAL) is None
        request.confirm_receipt(H, at(1), confirmed_on=date(2026, 2, 6), calendar=CAL)
        assert request.supplement_notice_due(CAL) == Deadline(date(2026, 2, 24), False)


class TestConsultation:
    def test_consultation_days_are_not_counted(self) -> None:
        request = received_request()
        consult(request, date(2026, 3, 2), date(2026, 3, 6))  # 4 working days: Mar 3–6
        assert request.answer_due(CAL) == Deadline(date(2026, 3, 18), provisional=False)

    def test_answer_due_is_unknown_while_a_consultation_is_open(self) -> None:
        request = received_request()
        consult(request, date(2026, 3, 2), None)
        assert request.status == "consulting"
        assert request.answer_due(CAL) is None

    def test_days_remaining_stand_still_for_the_consulted_partys_fifteen_days(self) -> None:
        request = received_request()
        consult(request, date(2026, 3, 2), None)  # day 12 of 20; the reply is due Mar 23
        assert request.days_remaining(CAL, date(2026, 3, 2)) == 8
        assert request.days_remaining(CAL, date(2026, 3, 23)) == 8

    def test_beyond_the_fifteen_days_the_clock_runs_though_the_reply_is_awaited(self) -> None:
        request = received_request()
        consult(request, date(2026, 3, 2), None)
        assert request.days_remaining(CAL, date(2026, 3, 24)) == 7
        assert request.days_remaining(CAL, date(2026, 6, 30)) < 0

    def test_a_consultation_open_for_months_pauses_the_answer_for_fifteen_days_only(
        self,
    ) -> None:
        # issue 16: open 03-03 to 11-30 moved the answer to 12-25 and it was never overdue
        endless, timely = received_request(), received_request()
        consult(endless, date(2026, 3, 3), date(2026, 11, 30))
        consult(timely, date(2026, 3, 3), date(2026, 3, 24))  # the 15th working day
        assert endless.answer_due(CAL) == timely.answer_due(CAL)
        assert endless.answer_due(CAL) == Deadline(date(2026, 4, 2), provisional=False)
        data = event(endless)[1]
        assert (data["reply_due"], data["overrun_days"]) == ("2026-03-24", 171)
        assert event(timely)[1]["overrun_days"] == 0

    def test_a_second_consultation_after_the_first_is_not_counted_either(self) -> None:
        request = received_request()
        consult(request, date(2026, 3, 2), date(2026, 3, 3))  # Mar 3
        request.start_consultation(H, at(12), party="agency", on=date(2026, 3, 5))
        request.end_consultation(H, at(13), on=date(2026, 3, 6), calendar=CAL)  # Mar 6
        assert request.answer_due(CAL) == Deadline(date(2026, 3, 16), provisional=False)

    def test_a_consultation_cannot_start_while_another_is_open(self) -> None:
        request = received_request()
        consult(request, date(2026, 3, 2), None)
        expect_refused(
            request,
            "CONSULTATION_OPEN",
            lambda: request.start_consultation(H, at(12), party="agency", on=date(2026, 3, 3)),
        )

    def test_ending_a_consultation_that_is_not_open_is_refused(self) -> None:
        request = received_request()
        expect_refused(
            request,
            "NO_CONSULTATION_OPEN",
            lambda: request.end_consultation(H, at(11), on=date(2026, 3, 3), calendar=CAL),
        )

    def test_unknown_consultation_party_is_refused(self) -> None:
        request = received_request()
        expect_refused(
            request,
            "CONSULTATION_PARTY_UNKNOWN",
            lambda: request.start_consultation(H, at(12), party="press", on=date(2026, 3, 3)),
        )

    def test_the_consulted_party_has_fifteen_working_days_to_reply(self) -> None:
        request = received_request()
        consult(request, date(2026, 3, 2), None)
        assert request.consultation_reply_due(CAL) == Deadline(date(2026, 3, 23), False)


class TestExtend:
    def extend(self, request: DisclosureRequest, days: int = 20, **kw: object) -> None:
        arguments: dict[str, object] = {"on": date(2026, 3, 2), "reason": "需调取档案"}
        arguments.setdefault("no_personal_data", True)
        arguments.update(kw)
        actor = arguments.pop("actor", OFFICE_HEAD)
        request.extend(actor, at(30), days=days, calendar=CAL, **arguments)  # type: ignore[arg-type]

    def test_extension_records_days_reason_and_the_new_due_date(self) -> None:
        request = received_request()
        self.extend(request, days=5)
        assert event(request)[1] == {
            "on": "2026-03-02",
            "days": 5,
            "reason": "需调取档案",
            "notified_on": None,
            "answer_due": "2026-03-19",
            "answer_due_provisional": False,
        }

    def test_only_the_office_head_grants_an_extension(self) -> None:
        request = received_request()
        expect_refused(request, "ROLE_REQUIRED", lambda: self.extend(request, actor=H))

    def test_a_second_extension_is_refused(self) -> None:
        request = received_request()
        self.extend(request, days=5)
        expect_refused(request, "EXTENSION_ALREADY_GRANTED", lambda: self.extend(request, days=5))

    def test_an_extension_beyond_twenty_working_days_is_refused(self) -> None:
        request = received_request()
        expect_refused(request, "EXTENSION_TOO_LONG", lambda: self.extend(request, days=21))

    def test_an_extension_of_no_days_is_refused(self) -> None:
        request = received_request()
        expect_refused(request, "EXTENSION_DAYS_INVALID", lambda: self.extend(request, days=0))

    def test_an_extension_needs_a_reason(self) -> None:
        request = received_request()
        expect_refused(request, "FIELD_REQUIRED", lambda: self.extend(request, reason=""))

    def test_an_extension_after_the_answer_period_ran_out_is_refused(self) -> None:
        request = received_request()
        expect_refused(
            request, "EXTENSION_TOO_LATE", lambda: self.extend(request, on=date(2026, 3, 13))
        )

    def test_an_extension_on_the_last_day_of_the_period_is_granted(self) -> None:
        request = received_request()
        self.extend(request, on=ANSWER_DUE)
        assert request.answer_due(CAL) == Deadline(EXTENDED_DUE, provisional=False)


class TestFees:
    def test_fee_by_items_counts_the_applicants_earlier_items_this_month(self) -> None:
        request = received_request()
        request.notice_fee(
            H,
            at(20),
            on=date(2026, 3, 2),
            method="items",
            count=3,
            items_before_this_month=9,
            calendar=CAL,
            received_on=date(2026, 3, 2),
        )  # items 10, 11, 12: one free, two at 100 yuan
        data = event(request)[1]
        assert (data["fee_fen"], data["payment_due"]) == (20_000, "2026-03-30")

    def test_fee_by_pages_is_charged_per_request(self) -> None:
        request = received_request()
        notice_pages(request, date(2026, 3, 2), pages=101)  # 70 × 10 + 1 × 20 yuan
        assert event(request)[1]["fee_fen"] == 72_000

    def test_a_request_charged_by_pages_is_not_charged_by_items_as_well(self) -> None:
        request = received_request()
        notice_pages(request, date(2026, 3, 2))
        request.fee_paid(H, at(21), on=date(2026, 3, 3), calendar=CAL)
        expect_refused(
            request,
            "FEE_METHOD_MIXED",
            lambda: request.notice_fee(
                H, at(22), on=date(2026, 3, 4), method="items", count=20, calendar=CAL
            ),
        )

    def test_no_fee_notice_when_nothing_is_due(self) -> None:
        request = received_request()
        expect_refused(request, "FEE_NOT_DUE", lambda: notice_pages(request, date(2026, 3, 2), 30))

    def test_days_waiting_for_the_fee_are_not_counted(self) -> None:
        request = received_request()
        notice_pages(request, date(2026, 3, 2))
        assert request.status == "awaiting_fee"
        assert request.answer_due(CAL) is None
        request.fee_paid(H, at(21), on=date(2026, 3, 9), calendar=CAL)  # Mar 3–6, 9 paused
        assert request.answer_due(CAL) == Deadline(date(2026, 3, 19), provisional=False)

    def test_unpaid_request_is_deemed_withdrawn_after_twenty_working_days(self) -> None:
        request = received_request()
        notice_pages(request, date(2026, 3, 2))  # payment due Mon 2026-03-30
        request.deem_withdrawn_unpaid(H, at(23), on=date(2026, 3, 31))
        assert event(request)[1] == {"on": "2026-03-31", "outcome": "other.unpaid_fee"}
        assert request.status == "deemed_withdrawn"

    def test_request_is_not_deemed_withdrawn_while_the_payment_period_runs(self) -> None:
        request = received_request()
        notice_pages(request, date(2026, 3, 2))
        expect_refused(
            request,
            "FEE_PERIOD_RUNNING",
            lambda: request.deem_withdrawn_unpaid(H, at(23), on=date(2026, 3, 30)),
        )

    def test_payment_after_the_period_is_refused(self) -> None:
        request = received_request()
        notice_pages(request, date(2026, 3, 2))
        expect_refused(
            request,
            "FEE_PERIOD_LAPSED",
            lambda: request.fee_paid(H, at(21), on=date(2026, 3, 31), calendar=CAL),
        )

    def test_a_second_fee_notice_waits_for_the_first_to_be_paid(self) -> None:
        request = received_request()
        notice_pages(request, date(2026, 3, 2))
        expect_refused(request, "FEE_PENDING", lambda: notice_pages(request, date(2026, 3, 3)))

    def test_payment_without_a_fee_notice_is_refused(self) -> None:
        request = received_request()
        expect_refused(
            request,
            "NO_FEE_PENDING",
            lambda: request.fee_paid(H, at(21), on=date(2026, 3, 3), calendar=CAL),
        )

    def test_an_unknown_fee_method_is_refused(self) -> None:
        request = received_request()
        expect_refused(
            request,
            "FEE_METHOD_UNKNOWN",
            lambda: request.notice_fee(
                H, at(20), on=date(2026, 3, 2), method="hours", count=5, calendar=CAL
            ),
        )

    def test_items_charged_earlier_in_the_month_do_not_apply_to_pages(self) -> None:
        request = received_request()
        expect_refused(
            request,
            "FEE_COUNT_INVALID",
            lambda: request.notice_fee(
                H,
                at(20),
                on=date(2026, 3, 2),
                method="pages",
                count=50,
                items_before_this_month=3,
                calendar=CAL,
            ),
        )


class TestAnswer:
    def test_an_answer_on_the_due_date_is_not_late(self) -> None:
        request = received_request()
        answer_request(request, ANSWER_DUE)
        kind, data = event(request)
        assert kind == "DisclosureRequest.Answered"
        assert data == {
            "answer_schema": 2,
            "answered_on": "2026-03-12",
            "outcome": "disclosed",
            "items": 1,
            "content_sha256s": [sha("answer")],
            "delivery_form": "electronic",
            "reasons": None,
            "articles": [],
            "issuing_office": None,
            "letter_sha256": None,
            "answer_due": "2026-03-12",
            "answer_due_provisional": False,
            "late": False,
        }
        assert request.status == "answered"

    def test_an_answer_after_the_due_date_is_late(self) -> None:
        request = received_request()
        answer_request(request, date(2026, 3, 14))  # a Saturday after the due Thursday
        assert event(request)[1]["late"] is True
        assert request.late is True

    def test_a_request_is_answered_once(self) -> None:
        request = received_request()
        answer_request(request, date(2026, 3, 2))
        expect_refused(
            request, "ALREADY_ANSWERED", lambda: answer_request(request, date(2026, 3, 3))
        )

    def test_an_unknown_outcome_is_refused(self) -> None:
        request = received_request()
        expect_refused(
            request, "OUTCOME_UNKNOWN", lambda: answer_request(request, date(2026, 3, 2), "granted")
        )

    def test_withholding_provides_no_content(self) -> None:
        request = received_request()
        expect_refused(
            request,
            "CONTENT_NOT_ALLOWED",
            lambda: request.answer(
                H,
                at(60),
                answered_on=date(2026, 3, 2),
                outcome="withheld.state_secret",
                items=1,
                content_sha256s=[sha("secret")],
                delivery_form="paper",
                calendar=CAL,
            ),
        )

    def test_content_is_identified_by_sha256(self) -> None:
        request = received_request()
        expect_refused(
            request,
            "INVALID_HASH",
            lambda: request.answer(
                H,
                at(60),
                answered_on=date(2026, 3, 2),
                outcome="disclosed",
                items=1,
                content_sha256s=["not-a-hash"],
                delivery_form="paper",
                calendar=CAL,
            ),
        )

    def test_no_answer_while_a_consultation_is_open(self) -> None:
        request = received_request()
        consult(request, date(2026, 3, 2), None)
        expect_refused(
            request, "CONSULTATION_OPEN", lambda: answer_request(request, date(2026, 3, 3))
        )

    def test_no_answer_while_a_fee_is_awaited(self) -> None:
        request = received_request()
        notice_pages(request, date(2026, 3, 2))
        expect_refused(request, "FEE_PENDING", lambda: answer_request(request, date(2026, 3, 3)))

    def test_answering_for_want_of_supplement_needs_the_time_allowed_to_have_passed(
        self,
    ) -> None:
        request = received_request()
        supplement(request, on=date(2026, 2, 10), days=3)
        expect_refused(
            request,
            "SUPPLEMENT_PERIOD_RUNNING",
            lambda: answer_request(request, date(2026, 2, 12), "other.no_supplement"),
        )
        answer_request(request, date(2026, 2, 24), "other.no_supplement")
        assert request.outcome == "other.no_supplement"

    def test_answering_for_want_of_payment_needs_the_payment_period_to_have_passed(self) -> None:
        request = received_request()
        notice_pages(request, date(2026, 3, 2))
        expect_refused(
            request,
            "FEE_PERIOD_RUNNING",
            lambda: answer_request(request, date(2026, 3, 30), "other.unpaid_fee"),
        )

    def test_still_unclear_after_supplement_needs_a_supplement(self) -> None:
        request = received_request()
        expect_refused(
            request,
            "OUTCOME_REQUIRES_SUPPLEMENT",
            lambda: answer_request(request, date(2026, 3, 2), "unavailable.still_unclear"),
        )

    def test_an_answer_cannot_predate_the_last_step(self) -> None:
        request = received_request()
        expect_refused(request, "INVALID_DATE", lambda: answer_request(request, date(2026, 2, 5)))

    def test_no_answer_before_receipt_of_an_online_request_is_confirmed(self) -> None:
        request = received_request(channel="online")
        expect_refused(
            request, "RECEIPT_NOT_CONFIRMED", lambda: answer_request(request, date(2026, 2, 9))
        )


class TestOutcomes:
    def test_every_outcome_is_one_table_3_row_in_the_template_order(self) -> None:
        assert OUTCOME_CODES[:3] == ("disclosed", "partially_disclosed", "withheld.state_secret")
        assert len(OUTCOME_CODES) == len(set(OUTCOME_CODES)) == 21
        assert len({outcome.row for outcome in OUTCOMES}) == 21

    def test_outcome_rows_are_labelled_as_the_report_template(self) -> None:
        assert TABLE3_ROW["withheld.state_secret"] == "（三）不予公开 1.属于国家秘密"
        assert TABLE3_ROW["withheld.security_stability"] == "（三）不予公开 3.危及“三安全一稳定”"
        assert TABLE3_ROW["other.other"] == "（六）其他处理 3.其他"


class TestWithdrawal:
    def test_the_applicant_may_withdraw_before_the_answer(self) -> None:
        request = received_request()
        request.withdraw_by_applicant(H, at(40), on=date(2026, 2, 9))
        assert request.status == "withdrawn"

    def test_a_withdrawn_request_takes_no_further_steps(self) -> None:
        request = received_request()
        request.withdraw_by_applicant(H, at(40), on=date(2026, 2, 9))
        expect_refused(request, "REQUEST_CLOSED", lambda: answer_request(request, date(2026, 2, 9)))

    def test_an_answered_request_cannot_be_withdrawn(self) -> None:
        request = received_request()
        answer_request(request, date(2026, 2, 9))
        expect_refused(
            request,
            "ALREADY_ANSWERED",
            lambda: request.withdraw_by_applicant(H, at(40), on=date(2026, 2, 10)),
        )


class TestRemedies:
    def answered(self) -> DisclosureRequest:
        request = received_request()
        answer_request(request, date(2026, 3, 2), "withheld.third_party_rights")
        return request

    def test_reconsideration_of_an_answer_is_filed_and_decided(self) -> None:
        request = self.answered()
        request.file_reconsideration(H, at(70), on=date(2026, 3, 20), calendar=CAL)
        request.decide_reconsideration(H, at(71), on=date(2026, 5, 20), result="corrected")
        assert request.reconsideration is not None
        assert request.reconsideration.result == "corrected"

    def test_no_reconsideration_while_the_answer_is_neither_given_nor_overdue(self) -> None:
        request = received_request()
        expect_refused(
            request,
            "NOTHING_TO_CHALLENGE",
            lambda: request.file_reconsideration(H, at(70), on=date(2026, 3, 12), calendar=CAL),
        )

    def test_an_overdue_answer_can_be_challenged(self) -> None:
        request = received_request()
        request.file_reconsideration(H, at(70), on=date(2026, 3, 13), calendar=CAL)
        assert request.reconsideration is not None

    def test_a_second_reconsideration_is_refused(self) -> None:
        request = self.answered()
        request.file_reconsideration(H, at(70), on=date(2026, 3, 20), calendar=CAL)
        expect_refused(
            request,
            "RECONSIDERATION_ALREADY_FILED",
            lambda: request.file_reconsideration(H, at(71), on=date(2026, 3, 21), calendar=CAL),
        )

    def test_a_lawsuit_after_reconsideration_needs_a_reconsideration(self) -> None:
        request = self.answered()
        expect_refused(
            request,
            "NO_RECONSIDERATION",
            lambda: request.file_lawsuit(
                H, at(72), on=date(2026, 3, 20), after_reconsideration=True, calendar=CAL
            ),
        )

    def test_a_direct_lawsuit_is_refused_once_reconsideration_was_chosen(self) -> None:
        request = self.answered()
        request.file_reconsideration(H, at(70), on=date(2026, 3, 20), calendar=CAL)
        expect_refused(
            request,
            "RECONSIDERATION_FILED",
            lambda: request.file_lawsuit(
                H, at(72), on=date(2026, 3, 21), after_reconsideration=False, calendar=CAL
            ),
        )

    def test_reconsideration_is_not_open_after_a_lawsuit(self) -> None:
        request = self.answered()
        request.file_lawsuit(
            H, at(72), on=date(2026, 3, 20), after_reconsideration=False, calendar=CAL
        )
        expect_refused(
            request,
            "LAWSUIT_ALREADY_FILED",
            lambda: request.file_reconsideration(H, at(73), on=date(2026, 3, 21), calendar=CAL),
        )

    def test_a_pending_result_can_be_followed_by_the_final_one(self) -> None:
        request = self.answered()
        request.file_lawsuit(
            H, at(72), on=date(2026, 3, 20), after_reconsideration=False, calendar=CAL
        )
        request.decide_lawsuit(H, at(73), on=date(2026, 12, 31), result="pending")
        request.decide_lawsuit(H, at(74), on=date(2027, 3, 1), result="upheld")
        assert request.lawsuit is not None
        assert request.lawsuit.result == "upheld"

    def test_a_final_result_is_not_decided_again(self) -> None:
        request = self.answered()
        request.file_reconsideration(H, at(70), on=date(2026, 3, 20), calendar=CAL)
        request.decide_reconsideration(H, at(71), on=date(2026, 5, 20), result="upheld")
        expect_refused(
            request,
            "RECONSIDERATION_ALREADY_DECIDED",
            lambda: request.decide_reconsideration(H, at(72), on=date(2026, 5, 21), result="other"),
        )

    def test_an_unknown_result_is_refused(self) -> None:
        request = self.answered()
        request.file_reconsideration(H, at(70), on=date(2026, 3, 20), calendar=CAL)
        expect_refused(
            request,
            "REMEDY_RESULT_UNKNOWN",
            lambda: request.decide_reconsideration(H, at(71), on=date(2026, 5, 20), result="won"),
        )

    def test_no_decision_without_a_filing(self) -> None:
        request = self.answered()
        expect_refused(
            request,
            "NO_LAWSUIT",
            lambda: request.decide_lawsuit(H, at(71), on=date(2026, 5, 20), result="upheld"),
        )


class TestProvisionalSupplementAndFee:
    """Issue 16: a supplement period from 2026-12-28 runs into 2027, not yet recorded."""

    def december_supplement(self) -> DisclosureRequest:
        request = received_request(received_on=date(2026, 12, 24), calendar=calendar_2026())
        request.request_supplement(
            H, at(5), on=date(2026, 12, 28), items=["请说明文号"], allowed_days=15,
            calendar=calendar_2026(),
        )  # fmt: skip
        return request

    def test_the_supplement_period_skips_new_years_day_and_is_provisional(self) -> None:
        request = self.december_supplement()
        data = event(request)[1]
        # 元旦 falls on Friday 2027-01-01: the 15th working day is Tuesday 19 January
        assert (data["supplement_due"], data["supplement_due_provisional"]) == ("2027-01-19", True)

    def test_deemed_abandonment_is_refused_on_the_applicants_last_day(self) -> None:
        request = self.december_supplement()
        expect_refused(
            request,
            "DEADLINE_PROVISIONAL",
            lambda: request.deem_abandoned(H, at(7), on=date(2027, 1, 20)),
        )
        request.recompute_deadline(ADMIN, at(8), TestDeadlineRecomputed().with_2027())
        expect_refused(
            request,
            "SUPPLEMENT_PERIOD_RUNNING",
            lambda: request.deem_abandoned(H, at(9), on=date(2027, 1, 20)),
        )

    def test_recording_the_year_recomputes_the_supplement_period(self) -> None:
        request = self.december_supplement()
        assert request.recompute_deadline(ADMIN, at(8), TestDeadlineRecomputed().with_2027())
        data = event(request)[1]
        assert (data["supplement_due"], data["supplement_due_provisional"]) == ("2027-01-20", False)
        assert data["previous_supplement_due"] == "2027-01-19"
        assert (data["answer_due"], data["answer_due_provisional"]) == (None, None)  # stopped
        request.deem_abandoned(H, at(9), on=date(2027, 1, 21))
        assert request.status == "abandoned"

    def december_fee(self, received_on: date | None) -> DisclosureRequest:
        request = received_request(received_on=date(2026, 12, 1), calendar=calendar_2026())
        request.notice_fee(
            H, at(20), on=date(2026, 12, 14), method="pages", count=31,
            calendar=calendar_2026(), received_on=received_on,
        )  # fmt: skip
        return request

    def test_the_payment_period_runs_from_the_day_the_notice_was_received(self) -> None:
        request = self.december_fee(received_on=None)
        data = event(request)[1]
        assert (data["payment_due"], data["notice_received_on"]) == (None, None)
        expect_refused(
            request,
            "FEE_NOTICE_NOT_RECEIVED",
            lambda: request.deem_withdrawn_unpaid(H, at(21), on=date(2027, 3, 1)),
        )
        request.fee_notice_received(H, at(22), on=date(2026, 12, 17), calendar=calendar_2026())
        data = event(request)[1]
        # 20 working days from Thu 17 December, 元旦 skipped: Friday 15 January, provisional
        assert (data["payment_due"], data["payment_due_provisional"]) == ("2027-01-15", True)

    def test_recording_the_year_recomputes_the_payment_period(self) -> None:
        request = self.december_fee(received_on=date(2026, 12, 17))
        expect_refused(
            request,
            "DEADLINE_PROVISIONAL",
            lambda: request.deem_withdrawn_unpaid(H, at(21), on=date(2027, 1, 18)),
        )
        assert request.recompute_deadline(ADMIN, at(22), TestDeadlineRecomputed().with_2027())
        data = event(request)[1]
        assert (data["payment_due"], data["payment_due_provisional"]) == ("2027-01-18", False)
        expect_refused(
            request,
            "FEE_PERIOD_RUNNING",
            lambda: request.deem_withdrawn_unpaid(H, at(23), on=date(2027, 1, 18)),
        )
        request.deem_withdrawn_unpaid(H, at(24), on=date(2027, 1, 19))
        assert request.status == "deemed_withdrawn"


class TestDeadlineRecomputed:
    # Received Tue 2026-12-15: the 20 working days run into 2027, not yet recorded.
    def december_request(self) -> DisclosureRequest:
        return received_request(received_on=date(2026, 12, 15), calendar=calendar_2026())

    def with_2027(self) -> WorkingCalendar:
        # a synthetic notice: 元旦, and Tuesday 5 January a rest day too
        new_year = YearCalendar.create(2027, [date(2027, 1, 1), date(2027, 1, 5)], [])
        return calendar_2026().with_year(new_year)

    def test_a_deadline_into_an_unrecorded_year_is_provisional(self) -> None:
        request = self.december_request()
        # 元旦 (Fri 1 January) is a statutory holiday by date, known before the notice
        assert request.recorded_answer_due == Deadline(date(2027, 1, 13), provisional=True)

    def test_recording_the_next_year_recomputes_the_deadline(self) -> None:
        request = self.december_request()
        assert request.recompute_deadline(ADMIN, at(90), self.with_2027()) is True
        assert event(request) == (
            "DisclosureRequest.DeadlineRecomputed",
            {"answer_due": "2027-01-14", "answer_due_provisional": False, "previous": "2027-01-13"},
        )
        assert request.recorded_answer_due == Deadline(date(2027, 1, 14), provisional=False)

    def test_an_unchanged_deadline_records_nothing(self) -> None:
        request = self.december_request()
        assert request.recompute_deadline(ADMIN, at(90), calendar_2026()) is False
        assert request.pending == []

    def test_only_an_admin_recomputes_deadlines(self) -> None:
        request = self.december_request()
        expect_refused(
            request,
            "ROLE_REQUIRED",
            lambda: request.recompute_deadline(H, at(90), self.with_2027()),
        )


class TestDaysRemaining:
    def test_the_whole_period_remains_on_the_day_of_receipt(self) -> None:
        assert received_request().days_remaining(CAL, date(2026, 2, 6)) == 20

    def test_nothing_remains_on_the_due_date(self) -> None:
        assert received_request().days_remaining(CAL, ANSWER_DUE) == 0

    def test_days_remaining_are_negative_when_overdue(self) -> None:
        request = received_request()
        assert request.days_remaining(CAL, date(2026, 3, 14)) == -1  # Saturday after
        assert request.days_remaining(CAL, date(2026, 3, 17)) == -3


class TestHandlingOfficer:
    def test_the_officer_who_received_the_request_handles_it(self) -> None:
        assert received_request().handling_officer == "hana"

    def test_the_last_request_handler_to_act_handles_it(self) -> None:
        request = received_request()
        request.start_consultation(SECOND_HANDLER, at(10), party="agency", on=date(2026, 2, 9))
        request.extend(
            OFFICE_HEAD, at(11), on=date(2026, 2, 9), days=5, reason="会商", calendar=CAL,
            no_personal_data=True,
        )  # fmt: skip
        assert request.handling_officer == "hong"


class TestReplay:
    def test_a_replayed_request_equals_the_live_one(self) -> None:
        request = received_request(channel="online")
        request.confirm_receipt(H, at(1), confirmed_on=date(2026, 2, 9), calendar=CAL)
        supplement(request, on=date(2026, 2, 10))
        request.supplemented(H, at(2), on=date(2026, 2, 11), calendar=CAL)
        consult(request, date(2026, 2, 12), date(2026, 2, 26))
        notice_pages(request, date(2026, 3, 2))
        request.fee_paid(H, at(21), on=date(2026, 3, 5), calendar=CAL)
        answer_request(request, date(2026, 3, 20), "partially_disclosed")
        replayed = DisclosureRequest.replay(request.id, request.history)
        assert request_state(replayed) == request_state(request)

    def test_every_event_is_json_with_personal_data_only_in_sealed_fields(self) -> None:
        request = receive(channel="fax")
        request.confirm_receipt(H, at(1), confirmed_on=date(2026, 2, 9), calendar=CAL)
        request.extend(
            OFFICE_HEAD, at(2), on=date(2026, 2, 9), days=3, reason="会商", calendar=CAL,
            no_personal_data=True,
        )  # fmt: skip
        answer_request(request, date(2026, 2, 20))

        def only_sealed(value: object) -> object:
            assert isinstance(value, Sealed)
            return "sealed"

        assert len(request.pending) == 4
        for pending in request.pending:
            json.dumps(dict(pending.data), default=only_sealed, allow_nan=False)

    def test_every_event_type_has_its_role_in_the_verification_table(self) -> None:
        handlers = [name[4:] for name in dir(DisclosureRequest) if name.startswith("_on_")]
        assert len(handlers) == 25
        assert all(f"DisclosureRequest.{name}" in REQUIRED_ROLE for name in handlers)
