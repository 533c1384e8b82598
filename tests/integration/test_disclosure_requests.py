"""The DisclosureRequests application service on both backends: numbers, look-ups,
applicant pseudonyms, the monthly item count of fees and recomputed deadlines."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from api.views.inspection import Inspection
from domain.calendar.seed import covered_years
from domain.calendar.working_calendar import YearCalendar
from domain.disclosure_request.index import RequestIndex
from domain.disclosure_request.request import DisclosureRequest
from domain.errors import DomainError
from ledger.pseudonym import KEY_FILE
from ledger.vault import Vault
from tests.support.request_office import ADMIN, FIRM, PERSON, Office, open_office
from verify.entry import is_sealed


@pytest.fixture
def office(database_url: str, tmp_path: Path) -> Iterator[Office]:
    yield from open_office(database_url, tmp_path)


YEAR = covered_years()[-1] + 1  # the first year the office has no recorded calendar for


def next_year() -> YearCalendar:
    """A synthetic notice for YEAR: 元旦 and the whole second week of January."""
    return YearCalendar.create(
        YEAR, [date(YEAR, 1, 1), *(date(YEAR, 1, d) for d in range(8, 15))], []
    )


def refused(code: str, command: object) -> None:
    with pytest.raises(DomainError) as caught:
        command()  # type: ignore[operator]
    assert caught.value.code == code, caught.value.message


def items_before(office: Office, request: DisclosureRequest) -> object:
    """The sealed items_before_this_month of the request's last fee notice, opened."""
    sealed = request.history[-1].data["items_before_this_month"]
    assert is_sealed(sealed)
    return Vault(office.services.ledger.backend).open_value(sealed)


class TestNumbers:
    def test_numbers_run_per_receipt_year(self, office: Office) -> None:
        numbers = [
            office.receive(day).number
            for day in (date(2025, 12, 30), date(2026, 1, 5), date(2026, 1, 6), date(2025, 12, 31))
        ]
        assert numbers == ["2025-0001", "2026-0001", "2026-0002", "2025-0002"]

    def test_a_request_is_found_by_its_number_or_its_id(self, office: Office) -> None:
        request = office.receive(date(2026, 1, 5))
        by_number = office.services.requests.get("2026-0001")
        by_id = office.services.requests.get(request.id)
        assert by_number.id == by_id.id == request.id

    def test_a_number_taken_a_moment_ago_by_another_officer_is_skipped(
        self, office: Office, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        office.receive(date(2026, 1, 5))
        stale = [0]  # the first allocation still sees no request this year
        real_count = RequestIndex.count

        def count(index: RequestIndex, year: int) -> int:
            return stale.pop() if stale else real_count(index, year)

        monkeypatch.setattr(RequestIndex, "count", count)
        assert office.receive(date(2026, 1, 6)).number == "2026-0002"
        assert office.services.requests.get("2026-0001").received_on == date(2026, 1, 5)

    def test_an_unknown_number_or_another_stream_is_not_a_request(self, office: Office) -> None:
        officer_stream = office.services.office.officer_stream(office.handler)
        for ref in ("2026-0001", officer_stream, "not-a-request"):
            refused("REQUEST_NOT_FOUND", lambda ref=ref: office.services.requests.get(ref))


class TestApplicantPseudonym:
    def test_the_same_applicant_gets_the_same_private_pseudonym_and_nothing_in_clear(
        self, office: Office
    ) -> None:
        spaced = {**PERSON, "id_number": " 1101 0119 9001 011234 ", "name": "张 三丰"}
        first, second = (
            office.receive(date(2026, 1, 5)),
            office.receive(date(2026, 1, 6), applicant=spaced),
        )
        other = office.receive(date(2026, 1, 7), applicant=FIRM, applicant_type="commercial")
        index = office.services.requests.applicants
        known = [index.pseudonym_of(r.id, 2026) for r in (first, second, other)]
        assert known[0] == known[1] != known[2]
        assert len(str(known[0])) == 64
        sealed = [r.history[0].data["applicant_pseudonym"] for r in (first, second)]
        assert sealed[0]["sealed"] == "hmac-sha256" and sealed[0] != sealed[1]
        assert all(r.applicant_pseudonym is None for r in (first, second, other))
        assert str(known[0]) not in repr([r.history[0].data for r in (first, second)])

    def test_the_pseudonym_key_is_created_once_and_readable_only_by_its_owner(
        self, office: Office, tmp_path: Path
    ) -> None:
        office.receive(date(2026, 1, 5))
        key = tmp_path / "data" / "keys" / KEY_FILE
        assert len(key.read_bytes()) == 32
        assert stat.S_IMODE(key.stat().st_mode) == 0o600

    def test_an_applicant_without_a_name_is_refused(self, office: Office) -> None:
        refused(
            "APPLICANT_REQUIRED",
            lambda: office.receive(date(2026, 1, 5), applicant={"contact": "x"}),
        )


class TestFeesByItems:
    def test_items_charged_earlier_in_the_month_make_the_next_notice_dearer(
        self, office: Office
    ) -> None:
        requests = office.services.requests
        first, second = office.receive(date(2026, 3, 2)), office.receive(date(2026, 3, 16))
        requests.notice_fee(
            first.id, office.handler, office.at(), on=date(2026, 3, 3), method="items", count=12
        )
        noticed = requests.notice_fee(
            second.id, office.handler, office.at(), on=date(2026, 3, 17), method="items", count=5
        )
        [fee] = noticed.fees
        assert fee.fee_fen == 5 * 100 * 100  # items 13–17 of the month, 100 yuan each
        assert items_before(office, noticed) == 12

    def test_earlier_requests_within_the_free_items_still_count_toward_the_month(
        self, office: Office
    ) -> None:
        requests = office.services.requests
        free = [office.receive(date(2026, 5, d)) for d in (4, 5, 6)]  # no notice: free
        later = office.receive(date(2026, 5, 18))
        noticed = requests.notice_fee(
            later.id, office.handler, office.at(), on=date(2026, 5, 19), method="items", count=9
        )
        assert len(free) == 3
        assert items_before(office, noticed) == 3
        assert noticed.fees[0].fee_fen == 2 * 100 * 100  # items 11 and 12 of the month

    def test_another_month_or_another_applicant_starts_from_nothing(self, office: Office) -> None:
        requests = office.services.requests
        march = office.receive(date(2026, 3, 2))
        april = office.receive(date(2026, 4, 1))
        firm = office.receive(date(2026, 3, 3), applicant=FIRM, applicant_type="commercial")
        requests.notice_fee(
            march.id, office.handler, office.at(), on=date(2026, 3, 3), method="items", count=12
        )
        for request, day in ((april, date(2026, 4, 2)), (firm, date(2026, 3, 4))):
            noticed = requests.notice_fee(
                request.id, office.handler, office.at(), on=day, method="items", count=12
            )
            assert items_before(office, noticed) == 0
            assert noticed.fees[0].fee_fen == 2 * 100 * 100


class TestFeesInReceiptOrder:
    """109号: the n-th item of the month is charged by the band n falls in."""

    def test_fifteen_requests_on_one_day_cost_the_eleventh_to_fifteenth(
        self, office: Office
    ) -> None:
        requests = office.services.requests
        received = [office.receive(date(2026, 3, 2)) for _ in range(15)]
        charged, free = [], []
        for request in reversed(received):  # noticed latest first: the order must not matter
            noticed = requests.notice_fee(
                request.id, office.handler, office.at(), on=date(2026, 3, 3),
                method="items", count=1,
            )  # fmt: skip
            if noticed.fees:
                charged.append((noticed.number, noticed.fees[0].fee_fen))
            else:  # within the free ten: the item is counted, nothing is charged
                assert noticed.history[-1].name == "ItemsCounted"
                free.append(noticed.number)
        assert sorted(charged) == [(r.number, 100 * 100) for r in received[10:]]
        assert sum(fee for _, fee in charged) == 500 * 100
        assert sorted(free) == [r.number for r in received[:10]]

    def test_free_items_of_an_earlier_request_count_toward_the_month(self, office: Office) -> None:
        requests = office.services.requests
        first, second = office.receive(date(2026, 3, 2)), office.receive(date(2026, 3, 3))
        counted = requests.notice_fee(
            first.id, office.handler, office.at(), on=date(2026, 3, 3), method="items", count=8
        )
        assert (counted.fees, counted.status) == ((), "received")  # free: the clock runs on
        noticed = requests.notice_fee(
            second.id, office.handler, office.at(), on=date(2026, 3, 4), method="items", count=4
        )
        assert items_before(office, noticed) == 8
        assert noticed.fees[0].fee_fen == 2 * 100 * 100  # items 11 and 12

    def test_a_request_received_later_does_not_count_toward_an_earlier_one(
        self, office: Office
    ) -> None:
        requests = office.services.requests
        first = office.receive(date(2026, 3, 2))
        later = [office.receive(date(2026, 3, 20)) for _ in range(12)]
        assert later
        noticed = requests.notice_fee(
            first.id, office.handler, office.at(), on=date(2026, 3, 25), method="items", count=11
        )
        assert items_before(office, noticed) == 0
        assert noticed.fees[0].fee_fen == 100 * 100  # only its own 11th item

    def test_an_earlier_request_cannot_grow_once_a_later_one_was_charged(
        self, office: Office
    ) -> None:
        requests = office.services.requests
        first = office.receive(date(2026, 3, 2))
        second = office.receive(date(2026, 3, 3))
        requests.notice_fee(
            second.id, office.handler, office.at(), on=date(2026, 3, 4), method="items", count=12
        )
        refused(
            "FEE_ORDER",
            lambda: requests.notice_fee(
                first.id, office.handler, office.at(), on=date(2026, 3, 5), method="items", count=5
            ),
        )


class TestRecomputedDeadlines:
    def test_recording_a_year_recomputes_every_deadline_of_open_requests(
        self, office: Office
    ) -> None:
        """Answer, supplement and payment periods reaching into YEAR, all provisional,
        settle and move when a synthetic notice for YEAR is recorded."""
        requests, december = office.services.requests, date(YEAR - 1, 12, 21)
        answer = office.receive(december)
        supplement = office.receive(december)
        requests.request_supplement(
            supplement.id, office.handler, office.at(), on=december, items=["文号"],
            allowed_days=15,
        )  # fmt: skip
        fee = office.receive(december)
        requests.notice_fee(
            fee.id, office.handler, office.at(), on=december, method="pages", count=31,
            received_on=december,
        )  # fmt: skip
        before = {r.id: requests.get(r.id) for r in (answer, supplement, fee)}
        assert before[answer.id].recorded_answer_due.provisional  # type: ignore[union-attr]
        assert before[supplement.id].supplement.provisional  # type: ignore[union-attr]
        assert before[fee.id].pending_fee.provisional  # type: ignore[union-attr]

        office.services.office.record_years(ADMIN, [next_year()], "通知", office.at())
        changed = requests.recompute_open_deadlines(ADMIN, office.at())

        assert sorted(changed) == sorted(r.number for r in (answer, supplement, fee))
        after = {r.id: requests.get(r.id) for r in (answer, supplement, fee)}
        due = after[answer.id].recorded_answer_due
        assert due is not None and not due.provisional
        assert due.due > before[answer.id].recorded_answer_due.due  # type: ignore[union-attr]
        late = after[supplement.id].supplement
        assert late is not None and not late.provisional
        assert late.due > before[supplement.id].supplement.due  # type: ignore[union-attr]
        pay = after[fee.id].pending_fee
        assert pay is not None and not pay.provisional and pay.payment_due is not None
        assert pay.payment_due > before[fee.id].pending_fee.payment_due  # type: ignore[union-attr,operator]
        assert {r.history[-1].name for r in after.values()} == {"DeadlineRecomputed"}

    def test_a_notice_and_a_consultation_judged_on_a_provisional_count_are_judged_again(
        self, office: Office
    ) -> None:
        """Art. 30's 7 working days for the supplement notice and a consulted party's 15
        (Arts. 32, 34), counted into YEAR, are provisional and say so; recording YEAR
        recomputes them and the judgement they carried — the notice no longer late, the
        consultation no longer overrun — and the findings follow the recorded calendar."""
        requests, received = office.services.requests, date(YEAR - 1, 12, 30)
        noticed, consulted = office.receive(received), office.receive(received)
        notice_due = requests.calendar().add_working_days(received, 7)
        reply_due = requests.calendar().add_working_days(received, 15)
        assert notice_due.provisional and reply_due.provisional
        notice_on = notice_due.due + timedelta(days=1)
        requests.request_supplement(
            noticed.id, office.handler, office.at(), on=notice_on, items=["文号"]
        )
        requests.start_consultation(
            consulted.id, office.handler, office.at(), party="third-party", on=received
        )
        ended_on = reply_due.due + timedelta(days=2)
        requests.end_consultation(consulted.id, office.handler, office.at(), on=ended_on)
        recorded = office.services.ledger.read(noticed.id)[-1].entry.data
        assert recorded["late"] is True and recorded["notice_due_provisional"] is True
        ended = office.services.ledger.read(consulted.id)[-1].entry.data
        assert ended["reply_due_provisional"] is True and ended["overrun_days"] > 0
        office.services.settle()
        before = {(f.kind, f.subject) for f in self._findings(office)}
        assert ("LATE_SUPPLEMENT_NOTICE", noticed.number) in before
        assert ("CONSULTATION_OVERRUN", consulted.number) in before

        office.services.office.record_years(ADMIN, [next_year()], "通知", office.at())
        calendar = requests.calendar()
        settled_notice = calendar.add_working_days(received, 7)
        settled_reply = calendar.add_working_days(received, 15)
        assert settled_notice.due >= notice_on and settled_reply.due >= ended_on  # the week off
        changed = requests.recompute_open_deadlines(ADMIN, office.at())

        assert {noticed.number, consulted.number} <= set(changed)
        supplement = requests.get(noticed.id).supplement
        assert supplement is not None and not supplement.notice_provisional
        assert (supplement.notice_due, supplement.late) == (settled_notice.due, False)
        pause = [p for p in requests.get(consulted.id).pauses if p.kind == "consultation"][-1]
        assert (pause.reply_due, pause.reply_provisional) == (settled_reply.due, False)
        recomputed = office.services.ledger.read(consulted.id)[-1].entry.data
        assert recomputed["overrun_days"] == 0
        assert recomputed["previous_reply_due"] == reply_due.due.isoformat()
        office.services.settle()
        after = {(f.kind, f.subject) for f in self._findings(office)}
        assert ("LATE_SUPPLEMENT_NOTICE", noticed.number) not in after
        assert ("CONSULTATION_OVERRUN", consulted.number) not in after

    @staticmethod
    def _findings(office: Office) -> list[Any]:
        return list(Inspection(office.services).officer_record(office.handler, None, None).findings)

    def test_recording_a_year_recomputes_open_requests_as_the_admin(self, office: Office) -> None:
        requests = office.services.requests
        open_one = office.receive(date(YEAR - 1, 12, 21))
        answered = office.receive(date(YEAR - 1, 12, 22))
        requests.answer(
            answered.id,
            office.handler,
            office.at(),
            on=date(YEAR - 1, 12, 23),
            outcome="not_processed.duplicate",
            reasons="与编号2026-0001的申请相同",
            articles=["36(六)"],
        )
        year = next_year()
        office.services.office.record_years(ADMIN, [year], "国务院办公厅通知", office.at())

        assert requests.recompute_open_deadlines(ADMIN, office.at()) == [open_one.number]
        recomputed = requests.get(open_one.id).history[-1]
        assert (recomputed.name, recomputed.actor) == ("DeadlineRecomputed", ADMIN)
        assert requests.get(answered.id).history[-1].name == "Answered"

    def test_recomputing_twice_records_nothing_more(self, office: Office) -> None:
        office.receive(date(YEAR - 1, 12, 21))
        year = next_year()
        office.services.office.record_years(ADMIN, [year], "国务院办公厅通知", office.at())
        requests = office.services.requests
        requests.recompute_open_deadlines(ADMIN, office.at())
        assert requests.recompute_open_deadlines(ADMIN, office.at()) == []

    def test_only_an_admin_recomputes_deadlines(self, office: Office) -> None:
        office.receive(date(YEAR - 1, 12, 21))
        year = next_year()
        office.services.office.record_years(ADMIN, [year], "国务院办公厅通知", office.at())
        refused(
            "ROLE_REQUIRED",
            lambda: office.services.requests.recompute_open_deadlines(office.handler, office.at()),
        )


class TestAnswerWithItems:
    def approved_item(self, office: Office, text: str, *, approve: bool = True) -> tuple[str, str]:
        item_id = office.approved_item(text, approve=approve)
        sha = office.services.items.get(item_id).current_sha256
        return item_id, str(sha)

    def test_an_answer_provides_approved_items_by_their_content_hash(self, office: Office) -> None:
        item_id, sha = self.approved_item(office, "补偿方案全文")
        request = office.receive(date(2026, 3, 2))
        answered = office.services.requests.answer(
            request.id, office.handler, office.at(), on=date(2026, 3, 9), outcome="disclosed",
            item_ids=[item_id],
        )  # fmt: skip
        data = answered.history[-1].data
        assert (data["items"], data["content_sha256s"]) == (1, [sha])

    def test_an_item_not_yet_approved_cannot_be_provided(self, office: Office) -> None:
        item_id, _ = self.approved_item(office, "未经审批的文本", approve=False)
        request = office.receive(date(2026, 3, 2))
        refused(
            "ITEM_NOT_RELEASABLE",
            lambda: office.services.requests.answer(
                request.id, office.handler, office.at(), on=date(2026, 3, 9),
                outcome="disclosed", item_ids=[item_id],
            ),
        )  # fmt: skip


class TestStatuteOnTheLedger:
    """Issue 16's rules that were unit-tested only, on a real ledger (both backends)."""

    def test_a_consultation_left_open_for_months_stops_the_clock_for_15_days_only(
        self, office: Office
    ) -> None:
        requests = office.services.requests
        received = date(2026, 2, 6)  # REFERENCE.md's worked example: due 03-12 unpaused
        endless, timely = office.receive(received), office.receive(received)
        for request, ended in ((endless, date(2026, 11, 30)), (timely, date(2026, 3, 24))):
            requests.start_consultation(
                request.id, office.handler, office.at(), party="third-party", on=date(2026, 3, 3)
            )
            requests.end_consultation(request.id, office.handler, office.at(), on=ended)
        calendar = requests.calendar()
        due = requests.get(endless.id).answer_due(calendar)
        assert due is not None and due.due == date(2026, 4, 2)
        assert due == requests.get(timely.id).answer_due(calendar)
        ended = office.services.ledger.read(endless.id)[-1].entry.data
        assert (ended["reply_due"], ended["overrun_days"]) == ("2026-03-24", 171)
        office.services.settle()
        found = {(f.kind, f.subject) for f in TestRecomputedDeadlines._findings(office)}
        assert ("CONSULTATION_OVERRUN", endless.number) in found
        assert ("CONSULTATION_OVERRUN", timely.number) not in found

    def test_no_deemed_abandonment_on_a_provisional_last_day(self, office: Office) -> None:
        requests = office.services.requests
        december = date(YEAR - 1, 12, 28)
        request = office.receive(december)
        requests.request_supplement(
            request.id, office.handler, office.at(), on=december, items=["文号"], allowed_days=15
        )
        supplement = requests.get(request.id).supplement
        assert supplement is not None and supplement.provisional
        after_it = supplement.due + timedelta(days=1)
        refused(
            "DEADLINE_PROVISIONAL",
            lambda: requests.deem_abandoned(request.id, office.handler, office.at(), on=after_it),
        )
        assert requests.get(request.id).status != "abandoned"

    def test_an_extension_the_applicant_was_not_told_of_is_a_finding(self, office: Office) -> None:
        requests, day = office.services.requests, date(2026, 3, 2)
        told, untold = office.receive(day), office.receive(day)
        for request, notified in ((told, date(2026, 3, 20)), (untold, None)):
            requests.extend(
                request.id, office.head, office.at(), on=date(2026, 3, 20), days=10,
                reason="需调取多年档案", notified_on=notified, no_personal_data=True,
            )  # fmt: skip
        office.services.settle()
        record = Inspection(office.services).officer_record(office.head, None, None)
        found = {(f.kind, f.subject) for f in record.findings}
        assert ("EXTENSION_NOT_NOTIFIED", untold.number) in found
        assert ("EXTENSION_NOT_NOTIFIED", told.number) not in found


class TestAccountabilityOfRequests:
    def test_an_overdue_open_request_a_late_notice_and_an_unconfirmed_one_are_findings(
        self, office: Office
    ) -> None:
        requests = office.services.requests
        overdue = office.receive(date(2026, 2, 6))  # due 2026-03-12, never answered
        noticed = office.receive(date(2026, 2, 6))
        requests.request_supplement(
            noticed.id, office.handler, office.at(), on=date(2026, 2, 25), items=["文号"]
        )  # a day after Art. 30's 7 working days: recorded, flagged late
        office.receive(date(2026, 2, 6), channel="online")  # never confirmed
        office.services.settle()

        record = Inspection(office.services).officer_record(office.handler, None, None)

        found = {(f.kind, f.subject) for f in record.findings}
        assert ("OVERDUE_UNANSWERED", overdue.number) in found
        assert ("LATE_SUPPLEMENT_NOTICE", noticed.number) in found
        assert ("UNCONFIRMED", "2026-0003") in found
        assert ("OVERDUE_UNANSWERED", noticed.number) not in found  # its clock is stopped
