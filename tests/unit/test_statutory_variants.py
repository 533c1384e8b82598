"""依申请公开 statutory variants: the consulted party's reply (Arts. 32, 34), the
written notice to an objecting third party (Art. 32) and the reasonable period for
requests beyond a reasonable number (Art. 35)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.calendar.working_calendar import Deadline
from domain.disclosure_request.request import DisclosureRequest
from domain.errors import RoleRequired
from tests.support.factories import (
    OFFICE_HEAD,
    REQUEST_HANDLER,
    answer_request,
    at,
    expect_refused,
    real_calendar,
    received_request,
)

CAL = real_calendar()
H = REQUEST_HANDLER


def consulted(party: str, end: date, reply: str) -> DisclosureRequest:
    request = received_request()  # in person, Fri 2026-02-06
    request.start_consultation(H, at(10), party=party, on=date(2026, 2, 24))
    request.end_consultation(H, at(11), on=end, calendar=CAL, reply=reply)
    return request


def ended(request: DisclosureRequest) -> dict[str, object]:
    return next(dict(e.data) for e in request.history if e.name == "ConsultationEnded")


class TestConsultationReply:
    def test_the_reply_and_the_party_are_recorded(self) -> None:
        data = ended(consulted("third-party", date(2026, 3, 3), "objection"))
        assert (data["party"], data["reply"], data["deemed_consent"]) == (
            "third-party",
            "objection",
            False,
        )

    def test_an_agency_silent_past_fifteen_working_days_is_deemed_to_consent(self) -> None:
        # consulted Tue 02-24: 15 working days (Sat 02-28 is a 调休 working day) end Mon 03-16
        silent = ended(consulted("agency", date(2026, 3, 17), "none"))
        assert (silent["reply_due"], silent["deemed_consent"]) == ("2026-03-16", True)

    def test_an_agency_silent_within_its_period_or_a_silent_third_party_is_not(self) -> None:
        assert ended(consulted("agency", date(2026, 3, 16), "none"))["deemed_consent"] is False
        assert ended(consulted("third-party", date(2026, 3, 18), "none"))["deemed_consent"] is False

    def test_an_unknown_reply_is_refused(self) -> None:
        request = received_request()
        request.start_consultation(H, at(10), party="agency", on=date(2026, 2, 24))
        expect_refused(
            request,
            "CONSULTATION_REPLY_UNKNOWN",
            lambda: request.end_consultation(
                H, at(11), on=date(2026, 3, 3), calendar=CAL, reply="maybe"
            ),
        )


class TestThirdPartyNotice:
    def test_disclosing_over_an_objection_without_the_notice_is_refused(self) -> None:
        request = consulted("third-party", date(2026, 3, 3), "objection")
        for outcome in ("disclosed", "partially_disclosed"):
            expect_refused(
                request,
                "THIRD_PARTY_NOT_NOTIFIED",
                lambda outcome=outcome: answer_request(request, date(2026, 3, 4), outcome),
            )

    def test_after_the_written_notice_the_agency_may_disclose(self) -> None:
        request = consulted("third-party", date(2026, 3, 3), "objection")
        request.notify_third_party(H, at(12), on=date(2026, 3, 4), reasons="涉及重大公共利益")
        answer_request(request, date(2026, 3, 5))
        assert [e.name for e in request.history][-2:] == ["ThirdPartyNotified", "Answered"]
        assert request.outcome == "disclosed"

    def test_withholding_for_the_third_party_needs_no_notice(self) -> None:
        request = consulted("third-party", date(2026, 3, 3), "objection")
        answer_request(request, date(2026, 3, 4), "withheld.third_party_rights")
        assert request.outcome == "withheld.third_party_rights"

    def test_a_consenting_third_party_needs_no_notice(self) -> None:
        request = consulted("third-party", date(2026, 3, 3), "consent")
        answer_request(request, date(2026, 3, 4))
        assert request.outcome == "disclosed"

    def test_no_notice_without_an_objection(self) -> None:
        request = consulted("third-party", date(2026, 3, 3), "consent")
        expect_refused(
            request,
            "NO_THIRD_PARTY_OBJECTION",
            lambda: request.notify_third_party(H, at(12), on=date(2026, 3, 4), reasons="公共利益"),
        )


def asked(on: date = date(2026, 2, 10)) -> DisclosureRequest:
    request = received_request()  # answer due Thu 2026-03-12
    request.ask_reasons(H, at(10), on=on, note="本月已提出 60 件申请，请说明理由")
    return request


class TestReasonablePeriod:
    def test_the_answer_falls_due_on_the_reasonable_date_set(self) -> None:
        request = asked()
        request.set_reasonable_period(
            OFFICE_HEAD,
            at(11),
            on=date(2026, 2, 11),
            reasons="理由合理，数量大",
            due=date(2026, 5, 29),
            calendar=CAL,
        )
        assert request.answer_due(CAL) == Deadline(date(2026, 5, 29), False)
        assert request.days_remaining(CAL, date(2026, 5, 28)) == 1
        data = dict(request.history[-1].data)
        assert (data["previous"], data["answer_due"], data["notified_on"]) == (
            "2026-03-12",
            "2026-05-29",
            "2026-02-11",
        )

    def test_an_answer_after_the_reasonable_date_is_late_and_before_it_is_not(self) -> None:
        on_time, late = asked(), asked()
        for request in (on_time, late):
            request.set_reasonable_period(
                OFFICE_HEAD,
                at(11),
                on=date(2026, 2, 11),
                reasons="合理",
                due=date(2026, 4, 30),
                calendar=CAL,
            )
        answer_request(on_time, date(2026, 4, 30))
        answer_request(late, date(2026, 5, 6))
        assert (on_time.late, late.late) == (False, True)
        assert late.days_remaining(CAL, date(2026, 5, 6)) < 0

    def test_the_reasons_are_asked_first_by_the_office_head_once_and_later(self) -> None:
        def set_period(request: DisclosureRequest, due: date, actor: object = OFFICE_HEAD) -> None:
            request.set_reasonable_period(
                actor,
                at(11),
                on=date(2026, 2, 11),
                reasons="合理",
                due=due,
                calendar=CAL,  # type: ignore[arg-type]
            )

        fresh = received_request()
        expect_refused(fresh, "REASONS_NOT_ASKED", lambda: set_period(fresh, date(2026, 4, 30)))
        request = asked()
        expect_refused(
            request, "REASONABLE_PERIOD_NOT_LATER", lambda: set_period(request, date(2026, 3, 12))
        )
        with pytest.raises(RoleRequired):
            set_period(request, date(2026, 4, 30), H)
        set_period(request, date(2026, 4, 30))
        expect_refused(
            request, "REASONABLE_PERIOD_ALREADY_SET", lambda: set_period(request, date(2026, 5, 29))
        )

    def test_the_reasonable_date_survives_replay(self) -> None:
        request = asked()
        request.set_reasonable_period(
            OFFICE_HEAD,
            at(11),
            on=date(2026, 2, 11),
            reasons="合理",
            due=date(2026, 4, 30),
            calendar=CAL,
        )
        replayed = DisclosureRequest.replay(request.id, request.history)
        assert replayed.answer_due(CAL) == Deadline(date(2026, 4, 30), False)


class TestUnsignedMail:
    def test_ordinary_mail_is_received_on_the_offices_confirmation(self) -> None:
        request = received_request(channel="mail-unsigned")  # arrived Fri 2026-02-06
        assert (request.status, request.answer_due(CAL)) == ("awaiting_confirmation", None)
        request.confirm_receipt(H, at(9), confirmed_on=date(2026, 2, 9), calendar=CAL)
        assert (request.receipt_on, request.clock_start) == (date(2026, 2, 9), date(2026, 2, 9))
        assert request.answer_due(CAL) == Deadline(date(2026, 3, 13), False)

    def test_registered_post_needs_no_confirmation(self) -> None:
        request = received_request(channel="post")
        expect_refused(
            request,
            "RECEIPT_CONFIRMATION_NOT_NEEDED",
            lambda: request.confirm_receipt(H, at(9), confirmed_on=date(2026, 2, 9), calendar=CAL),
        )


def test_free_texts_in_the_variant_entries_refuse_mobile_numbers() -> None:
    request = consulted("third-party", date(2026, 3, 3), "objection")
    expect_refused(
        request,
        "PERSONAL_DATA_IN_PUBLIC_TEXT",
        lambda: request.notify_third_party(
            H, at(12), on=date(2026, 3, 4), reasons="联系人 13812345678"
        ),
    )
    fresh = received_request()
    expect_refused(
        fresh,
        "PERSONAL_DATA_IN_PUBLIC_TEXT",
        lambda: fresh.ask_reasons(H, at(10), on=date(2026, 2, 10), note="请致电13812345678"),
    )
