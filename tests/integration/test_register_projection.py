"""The request register read models on both backends: what the public and the officers
see of each request, and that a rebuild from the log equals the live tables."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from projections import register_queries
from projections.register_queries import RegisterRow, StateRow
from tests.support.request_office import FIRM, Office, open_office


@pytest.fixture
def office(database_url: str, tmp_path: Path) -> Iterator[Office]:
    yield from open_office(database_url, tmp_path)


def register(office: Office) -> dict[str, RegisterRow]:
    office.services.settle()
    with office.services.ledger.backend.transaction() as cur:
        page = register_queries.register_page(cur, limit=200)
    return {row.number: row for row in page.rows}


def internal(office: Office, overdue_on: str | None = None) -> dict[str, StateRow]:
    office.services.settle()
    with office.services.ledger.backend.transaction() as cur:
        rows = register_queries.officer_rows(cur, overdue_on=overdue_on)
    return {row.number: row for row in rows}


def varied_requests(office: Office) -> None:
    """A request in each state: answered late, awaiting a supplement, consulting,
    awaiting a fee, online unconfirmed, extended, withdrawn, abandoned, remedies."""
    r, h, at = office.services.requests, office.handler, office.at
    late = office.receive(date(2026, 2, 6))
    provided = [office.approved_item()]
    r.answer(
        late.id, office.second_handler, at(), on=date(2026, 3, 16), outcome="disclosed",
        item_ids=provided, items=2,
    )  # fmt: skip
    r.file_reconsideration(late.id, h, at(), on=date(2026, 3, 20))
    r.decide_reconsideration(late.id, h, at(), on=date(2026, 5, 6), result="corrected")
    r.file_lawsuit(late.id, h, at(), on=date(2026, 5, 15))
    supplement = office.receive(date(2026, 3, 2), applicant=FIRM, applicant_type="research")
    r.request_supplement(supplement.id, h, at(), on=date(2026, 3, 4), items=["信息名称"])
    consulting = office.receive(date(2026, 3, 3))
    r.start_consultation(consulting.id, h, at(), party="third-party", on=date(2026, 3, 5))
    fee = office.receive(date(2026, 3, 4))
    r.notice_fee(fee.id, h, at(), on=date(2026, 3, 5), method="pages", count=45)
    office.receive(date(2026, 3, 5), channel="online")
    extended = office.receive(date(2026, 3, 6))
    r.extend(
        extended.id,
        office.head,
        at(),
        on=date(2026, 3, 20),
        days=15,
        reason="档案量大",
        no_personal_data=True,
    )
    withdrawn = office.receive(date(2026, 3, 9))
    r.withdraw(withdrawn.id, h, at(), on=date(2026, 3, 10))
    abandoned = office.receive(date(2026, 3, 10))
    r.request_supplement(abandoned.id, h, at(), on=date(2026, 3, 11), items=["身份证明"])
    r.deem_abandoned(abandoned.id, h, at(), on=date(2026, 4, 20))


def test_a_rebuild_of_the_register_equals_the_live_read_model(office: Office) -> None:
    varied_requests(office)
    office.services.settle()
    runner = office.services.projections

    assert runner.check("register") == []
    before = register(office), internal(office)
    runner.rebuild("register")
    assert (register(office), internal(office)) == before


def test_the_register_shows_due_dates_outcomes_and_their_table_3_labels(office: Office) -> None:
    varied_requests(office)
    rows = register(office)

    late = rows["2026-0001"]
    assert (late.status, late.answer_due, late.answered_on) == (
        "answered",
        "2026-03-12",
        "2026-03-16",
    )
    assert (late.outcome, late.outcome_label, late.answered_late) == (
        "disclosed",
        "（一）予以公开",
        True,
    )
    assert rows["2026-0008"].outcome_label is not None
    assert rows["2026-0008"].outcome == "other.no_supplement"
    statuses = {number: row.status for number, row in rows.items()}
    assert statuses == {
        "2026-0001": "answered",
        "2026-0002": "awaiting_supplement",
        "2026-0003": "consulting",
        "2026-0004": "awaiting_fee",
        "2026-0005": "awaiting_confirmation",
        "2026-0006": "received",
        "2026-0007": "withdrawn",
        "2026-0008": "abandoned",
    }
    # 20 + 15 working days after Fri 03-06, the Qingming holiday (04-04..06) not counted
    assert rows["2026-0006"].answer_due == "2026-04-27"
    assert rows["2026-0003"].answer_due is None  # the clock stops during a consultation


def test_the_register_names_the_type_of_organisations_only(office: Office) -> None:
    varied_requests(office)
    rows = register(office)
    assert rows["2026-0002"].applicant_type == "research"
    assert rows["2026-0001"].applicant_type is None


def test_a_late_answer_is_recorded_against_the_officer_and_unit_who_answered(
    office: Office,
) -> None:
    varied_requests(office)
    [late] = internal(office, overdue_on="2026-03-20").values()
    assert (late.number, late.late) == ("2026-0001", True)
    assert (late.answered_by, late.answered_unit) == (office.second_handler, "信息科")
    assert (late.reconsideration, late.lawsuit, late.lawsuit_after_reconsideration) == (
        "corrected",
        "pending",
        True,
    )


def test_open_requests_past_their_due_date_are_listed_as_overdue(office: Office) -> None:
    varied_requests(office)
    overdue = internal(office, overdue_on="2026-04-30")
    assert sorted(overdue) == ["2026-0001", "2026-0006"]
    assert overdue["2026-0006"].handling_officer == office.handler


def test_the_register_pages_newest_first_with_a_stable_cursor(office: Office) -> None:
    for day in (date(2025, 12, 30), date(2026, 1, 5), date(2026, 1, 6)):
        office.receive(day)
    office.services.settle()
    with office.services.ledger.backend.transaction() as cur:
        first = register_queries.register_page(cur, limit=2)
        second = register_queries.register_page(cur, after=(2026, 1), limit=2)
        only_2025 = register_queries.register_page(cur, year=2025)
    assert [r.number for r in first.rows] == ["2026-0002", "2026-0001"]
    assert first.next_cursor == "2026-0001"
    assert ([r.number for r in second.rows], second.next_cursor) == (["2025-0001"], None)
    assert [r.number for r in only_2025.rows] == ["2025-0001"]


def test_no_register_table_has_a_column_for_the_applicant_or_the_description(
    office: Office,
) -> None:
    varied_requests(office)
    tables = office.services.projections.projections["register"].tables
    for columns in tables.values():
        for forbidden in ("applicant ", "applicant_pseudonym", "description", "name"):
            assert forbidden not in columns + " "
