"""Accountability findings (pure): which actions are findings, for whom, and the
entries each one cites."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from domain.calendar.working_calendar import YearCalendar
from domain.reporting.accountability import LoggedAction, RecordedYear, findings, officer_record
from tests.support.factories import calendar_2026

OFFICER, OTHER = "officer-0002", "officer-0003"
CALENDAR: list[RecordedYear] = [(0, next(iter(calendar_2026().years)))]
_next = iter(range(100, 10_000))


def act(
    type_: str,
    facts: Mapping[str, Any] | None = None,
    *,
    actor: str = OFFICER,
    stream: str = "s1",
    at: str = "2026-03-02T02:00:00.000000Z",
) -> LoggedAction:
    index = next(_next)
    return LoggedAction(index, stream, 1, type_, actor, at, f"{index:064x}", facts)


def kinds(actions: list[LoggedAction], calendar: list[RecordedYear] = CALENDAR) -> list[str]:
    streams: dict[str, list[LoggedAction]] = {}
    for a in actions:
        streams.setdefault(a.stream, []).append(a)
    mine = [a for a in actions if a.actor == OFFICER]
    return [f.kind for f in findings(OFFICER, mine, streams, calendar)]


class TestBackfill:
    def answered(self, answered_on: str, at: str) -> LoggedAction:
        facts = {"answered_on": answered_on, "late": False, "outcome": "disclosed"}
        return act("DisclosureRequest.Answered", facts, at=at)

    def test_two_working_days_late_recording_is_not_backfilling(self) -> None:
        # Thu 2026-03-05 recorded Mon 2026-03-09 (CST): Fri and Mon, two working days
        assert kinds([self.answered("2026-03-05", "2026-03-09T02:00:00.000000Z")]) == []

    def test_three_working_days_is_backfilling(self) -> None:
        found = [self.answered("2026-03-04", "2026-03-09T02:00:00.000000Z")]
        assert kinds(found) == ["BACKFILLED"]

    def test_the_recording_day_is_the_china_standard_time_date(self) -> None:
        # 2026-03-09T17:00Z is already Tue 2026-03-10 in Beijing: three working days
        late = self.answered("2026-03-05", "2026-03-09T17:00:00.000000Z")
        assert kinds([late]) == ["BACKFILLED"]

    def test_working_days_are_counted_on_the_calendar_recorded_before_the_entry(self) -> None:
        year = next(iter(calendar_2026().years))
        amended = YearCalendar.create(2026, year.holidays | {date(2026, 3, 6)}, year.workdays)
        entry = self.answered("2026-03-04", "2026-03-09T02:00:00.000000Z")
        assert kinds([entry], [*CALENDAR, (entry.index + 1, amended)]) == ["BACKFILLED"]
        assert kinds([entry], [*CALENDAR, (entry.index - 1, amended)]) == []


def test_an_answer_recorded_late_cites_the_entry_that_set_its_due_date() -> None:
    received = act(
        "DisclosureRequest.Received",
        {"number": "2026-1", "answer_due": "2026-03-30", "received_on": "2026-03-02"},
        actor=OTHER,
    )
    answered = act(
        "DisclosureRequest.Answered",
        {
            "answered_on": "2026-03-31",
            "late": True,
            "answer_due": "2026-03-30",
            "outcome": "disclosed",
        },
        at="2026-03-31T02:00:00.000000Z",
    )
    streams = {"s1": [received, answered]}
    (finding,) = findings(OFFICER, [answered], streams, CALENDAR)
    assert finding.kind == "LATE_ANSWER" and finding.subject == "2026-1"
    assert [e.index for e in finding.evidence] == [received.index, answered.index]


def test_a_pass_of_redacted_content_later_withdrawn_for_secrecy_is_found() -> None:
    review = act(
        "InformationItem.SecrecyReviewed",
        {
            "subject": "version",
            "content_sha256": "a",
            "result": "passed_with_redactions",
            "redacted_sha256": "b",
        },
    )
    published = act(
        "InformationItem.Published", {"content_sha256": "b", "late": False}, actor=OTHER
    )
    withdrawn = act(
        "InformationItem.Withdrawn", {"content_sha256": "b", "reason": "secrecy"}, actor=OTHER
    )
    assert kinds([review, published, withdrawn]) == ["SECRECY_PASS_WITHDRAWN"]
    (finding,) = findings(OFFICER, [review], {"s1": [review, published, withdrawn]}, CALENDAR)
    assert [e.index for e in finding.evidence] == [review.index, published.index, withdrawn.index]


def test_a_withdrawal_for_another_reason_is_not_a_secrecy_finding() -> None:
    review = act(
        "InformationItem.SecrecyReviewed",
        {"subject": "version", "content_sha256": "a", "result": "passed", "redacted_sha256": None},
    )
    withdrawn = act(
        "InformationItem.Withdrawn", {"content_sha256": "a", "reason": "error"}, actor=OTHER
    )
    assert kinds([review, withdrawn]) == []


def test_only_a_corrected_remedy_makes_a_decision_a_finding() -> None:
    answered = act(
        "DisclosureRequest.Answered",
        {"answered_on": "2026-03-02", "late": False, "outcome": "withheld.state_secret"},
    )
    filed = act("DisclosureRequest.ReconsiderationFiled", {"on": "2026-03-10"}, actor=OTHER)
    upheld = act(
        "DisclosureRequest.ReconsiderationDecided",
        {"on": "2026-04-01", "result": "upheld"},
        actor=OTHER,
    )
    assert kinds([answered, filed, upheld]) == []
    sued = act("DisclosureRequest.LawsuitFiled", {"on": "2026-04-10"}, actor=OTHER)
    corrected = act(
        "DisclosureRequest.LawsuitDecided", {"on": "2026-06-01", "result": "corrected"}, actor=OTHER
    )
    assert kinds([answered, filed, upheld, sued, corrected]) == ["DECISION_CORRECTED"]


def test_findings_are_only_about_the_officers_own_actions() -> None:
    extension = act("DisclosureRequest.Extended", {"on": "2026-03-02", "days": 5}, actor=OTHER)
    refused = act(
        "Officer.AttemptRefused",
        {"code": "SELF_APPROVAL", "stream": "item-1", "command": "approve"},
        stream="officer-stream",
    )
    record = officer_record(OFFICER, [extension, refused], [], CALENDAR)
    assert [f.kind for f in record.findings] == ["ATTEMPT_REFUSED"]
    assert record.findings[0].stream == "item-1"
    assert record.to_json()["finding_counts"]["ATTEMPT_REFUSED"] == 1


def test_the_record_lists_every_entry_an_evidence_bundle_must_hold() -> None:
    review = act(
        "InformationItem.SecrecyReviewed",
        {"subject": "version", "content_sha256": "a", "result": "passed", "redacted_sha256": None},
    )
    withdrawn = act(
        "InformationItem.Withdrawn", {"content_sha256": "a", "reason": "secrecy"}, actor=OTHER
    )
    record = officer_record(OFFICER, [review], [review, withdrawn], CALENDAR)
    assert record.cited_indices() == [review.index, withdrawn.index]
    assert record.to_json()["entries_cited"] == [review.index, withdrawn.index]


def request_kinds(actions: list[LoggedAction], as_of: date | None) -> list[str]:
    streams: dict[str, list[LoggedAction]] = {}
    for a in actions:
        streams.setdefault(a.stream, []).append(a)
    mine = [a for a in actions if a.actor == OFFICER]
    found = findings(OFFICER, mine, streams, CALENDAR, as_of)
    return [f.kind for f in found if f.kind != "BACKFILLED"]


def received(channel: str = "in-person", due: str | None = "2026-03-12") -> LoggedAction:
    facts = {"number": "2026-0001", "received_on": "2026-02-06", "channel": channel}
    return act("DisclosureRequest.Received", {**facts, "answer_due": due})


class TestRequestFindings:
    def test_a_late_supplement_notice_is_a_finding(self) -> None:
        notice = act(
            "DisclosureRequest.SupplementRequested",
            {"on": "2026-02-25", "notice_due": "2026-02-24", "late": True},
        )
        assert request_kinds([received(), notice], None) == ["LATE_SUPPLEMENT_NOTICE"]

    def test_a_timely_supplement_notice_is_not(self) -> None:
        notice = act(
            "DisclosureRequest.SupplementRequested",
            {"on": "2026-02-24", "notice_due": "2026-02-24", "late": False},
        )
        assert request_kinds([received(), notice], None) == []

    def test_a_consultation_beyond_fifteen_working_days_is_a_finding(self) -> None:
        rows = [
            received(),
            act("DisclosureRequest.ConsultationStarted", {"on": "2026-03-03"}),
            act(
                "DisclosureRequest.ConsultationEnded",
                {
                    "on": "2026-11-30",
                    "reply_due": "2026-03-24",
                    "overrun_days": 171,
                    "answer_due": "2026-04-02",
                },
            ),
        ]
        assert request_kinds(rows, None) == ["CONSULTATION_OVERRUN"]

    def test_an_open_request_past_its_due_date_is_found_on_the_latest_step(self) -> None:
        first = received()
        assert request_kinds([first], date(2026, 3, 12)) == []  # the due date itself
        assert request_kinds([first], date(2026, 3, 13)) == ["OVERDUE_UNANSWERED"]

    def test_an_answered_or_paused_request_is_not_overdue(self) -> None:
        answer = act("DisclosureRequest.Answered", {"answered_on": "2026-03-20", "late": True})
        assert "OVERDUE_UNANSWERED" not in request_kinds([received(), answer], date(2026, 4, 1))
        fee = act("DisclosureRequest.FeeNoticed", {"on": "2026-03-02"})
        assert request_kinds([received(), fee], date(2026, 4, 1)) == []

    def test_the_finding_is_on_whoever_handled_the_request_last(self) -> None:
        other = act(
            "DisclosureRequest.Supplemented",
            {"on": "2026-02-10", "answer_due": "2026-03-10"},
            actor=OTHER,
        )
        assert request_kinds([received(), other], date(2026, 4, 1)) == []

    def test_an_online_request_never_confirmed_is_a_finding_after_seven_working_days(
        self,
    ) -> None:
        online = received(channel="online", due=None)
        assert request_kinds([online], date(2026, 2, 24)) == []  # 7 working days
        assert request_kinds([online], date(2026, 2, 25)) == ["UNCONFIRMED"]
        confirmed = act(
            "DisclosureRequest.ReceiptConfirmed",
            {"confirmed_on": "2026-02-09", "answer_due": "2026-03-09"},
        )
        assert request_kinds([online, confirmed], date(2026, 2, 25)) == []


class TestOverdueWhileConsulting:
    def consulting(self) -> list[LoggedAction]:
        # due 2026-03-12; consulted from 03-02 (8 working days left), reply due 03-23
        return [received(), act("DisclosureRequest.ConsultationStarted", {"on": "2026-03-02"})]

    def test_the_clock_stands_still_for_the_consulted_partys_fifteen_days(self) -> None:
        # 8 working days after 03-23: 03-24..27, 30, 31, 04-01, 04-02
        assert request_kinds(self.consulting(), date(2026, 4, 2)) == []

    def test_a_consultation_left_open_beyond_them_lets_the_request_fall_overdue(self) -> None:
        assert request_kinds(self.consulting(), date(2026, 4, 3)) == ["OVERDUE_UNANSWERED"]
