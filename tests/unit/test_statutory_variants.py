"""依申请公开 statutory variants: the consulted party's reply (Arts. 32, 34) and the
written notice to an objecting third party (Art. 32)."""

from __future__ import annotations

from datetime import date

from domain.disclosure_request.request import DisclosureRequest
from tests.support.factories import (
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
