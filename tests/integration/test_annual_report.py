"""The annual report of a hand-built office, on SQLite and PostgreSQL: every Table 3 row
reached, the carry-over from 2025 into 2026, Table 4's counting rule, Table 2, and the
publication of a report as a ledger event."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from api.services import Services
from api.views.inspection import Inspection, ReportView
from api.views.report_sections import approve, draft
from domain.disclosure_request.outcomes import OUTCOMES
from domain.errors import RuleViolation
from domain.reporting import tables as layout
from ledger.ledger import Ledger
from tests.conftest import drop_schema, postgres_url_or_skip
from tests.support.inspection_scenario import Scenario, cst_morning, services_for

TYPES = ("natural-person", "commercial", "research", "public-interest", "legal-services", "other")
NP, CO, RE, PI, LS, OT = range(6)


def build(scenario: Scenario) -> None:
    """2025: one request per outcome (applicant types in turn), one withdrawn by the
    applicant, one online request confirmed, one never confirmed, two carried into 2026;
    2026: the two carried ones answered, three new (one left open). Remedies and items
    as the Table 4 and Table 2 tests state."""
    s = scenario
    for i, outcome in enumerate(OUTCOMES):
        label, received = f"2025-{i:04d}", date(2025, 3, 3) + timedelta(days=3 * i)
        s.receive(label, TYPES[i % 6], received)
        _close(s, label, outcome.code, received)
    s.receive("2025-W", TYPES[NP], date(2025, 7, 1))
    s.request("2025-W", "handler", date(2025, 7, 3), "withdraw_by_applicant", on=date(2025, 7, 3))
    s.receive("2025-O", TYPES[RE], date(2025, 6, 2), channel="online")
    s.request(
        "2025-O", "handler", date(2025, 6, 3), "confirm_receipt", confirmed_on=date(2025, 6, 3)
    )
    s.answer("2025-O", date(2025, 6, 10), "disclosed")
    s.receive("2025-U", TYPES[CO], date(2025, 12, 29), channel="online")  # never confirmed
    s.receive("2025-C1", TYPES[NP], date(2025, 12, 22))
    s.answer("2025-C1", date(2026, 1, 8), "disclosed")
    s.receive("2025-C2", TYPES[LS], date(2025, 12, 24))
    s.answer("2025-C2", date(2026, 1, 12), "withheld.third_party_rights")
    s.receive("2026-N1", TYPES[PI], date(2026, 2, 2))
    s.answer("2026-N1", date(2026, 3, 2), "partially_disclosed")
    s.receive("2026-N2", TYPES[OT], date(2026, 11, 2))  # still open at the end of 2026
    s.receive("2026-N3", TYPES[CO], date(2026, 4, 1))
    s.request(
        "2026-N3",
        "handler",
        date(2026, 4, 2),
        "notice_fee",
        on=date(2026, 4, 2),
        method="items",
        count=15,
    )
    s.request("2026-N3", "handler", date(2026, 4, 3), "fee_paid", on=date(2026, 4, 3))
    s.answer("2026-N3", date(2026, 4, 8), "not_processed.duplicate")
    _remedies(s)
    _items(s)


def _close(s: Scenario, label: str, outcome: str, received: date) -> None:
    if outcome == "unavailable.still_unclear":
        s.request(
            label,
            "handler",
            received + timedelta(1),
            "request_supplement",
            on=received + timedelta(1),
            items=["申请内容"],
            allowed_days=10,
        )
        s.request(
            label, "handler", received + timedelta(5), "supplemented", on=received + timedelta(5)
        )
        s.answer(label, received + timedelta(10), outcome)
    elif outcome == "other.no_supplement":
        s.request(
            label,
            "handler",
            received + timedelta(1),
            "request_supplement",
            on=received + timedelta(1),
            items=["申请内容"],
            allowed_days=5,
        )
        s.request(
            label,
            "handler",
            received + timedelta(20),
            "deem_abandoned",
            on=received + timedelta(20),
        )
    elif outcome == "other.unpaid_fee":
        s.request(
            label,
            "handler",
            received + timedelta(2),
            "notice_fee",
            on=received + timedelta(2),
            method="pages",
            count=80,
            received_on=received + timedelta(2),
        )
        s.request(
            label,
            "handler",
            received + timedelta(50),
            "deem_withdrawn_unpaid",
            on=received + timedelta(50),
        )
    else:
        s.answer(label, received + timedelta(7), outcome)


def _remedies(s: Scenario) -> None:
    upheld = f"2025-{_index('withheld.state_secret'):04d}"
    s.request(upheld, "handler", date(2025, 5, 6), "file_reconsideration", on=date(2025, 5, 6))
    s.request(
        upheld,
        "handler",
        date(2025, 7, 1),
        "decide_reconsideration",
        on=date(2025, 7, 1),
        result="upheld",
    )
    corrected = f"2025-{_index('withheld.process_information'):04d}"
    s.request(corrected, "handler", date(2025, 11, 3), "file_reconsideration", on=date(2025, 11, 3))
    s.request(
        corrected,
        "handler",
        date(2026, 2, 10),
        "decide_reconsideration",
        on=date(2026, 2, 10),
        result="corrected",
    )
    s.request(
        corrected,
        "handler",
        date(2026, 3, 2),
        "file_lawsuit",
        on=date(2026, 3, 2),
        after_reconsideration=True,
    )
    direct = f"2025-{_index('unavailable.not_held'):04d}"
    s.request(
        direct,
        "handler",
        date(2025, 9, 1),
        "file_lawsuit",
        on=date(2025, 9, 1),
        after_reconsideration=False,
    )
    s.request(
        direct, "handler", date(2025, 12, 1), "decide_lawsuit", on=date(2025, 12, 1), result="other"
    )


def _items(s: Scenario) -> None:
    s.publish_item("R1", "rules", date(2025, 4, 1), date(2025, 4, 3))
    s.publish_item("ND1", "normative_documents", date(2025, 5, 6), date(2025, 5, 8))
    s.withdraw_item("ND1", date(2026, 3, 2), "repealed_or_expired")
    s.publish_item("L1", "licensing", date(2025, 6, 3), date(2025, 6, 5))
    s.publish_item("P1", "penalties", date(2026, 5, 6), date(2026, 5, 8))
    s.publish_item("E1", "enforcement", date(2026, 6, 2), date(2026, 6, 4))
    s.publish_item("ND2", "normative_documents", date(2026, 7, 1), date(2026, 7, 3))


def _index(code: str) -> int:
    return next(i for i, o in enumerate(OUTCOMES) if o.code == code)


@dataclass
class Built:
    services: Services
    officers: dict[str, str]


@pytest.fixture(scope="module")
def built(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    url = None
    if backend == "postgres":
        url = postgres_url_or_skip()
    data = tmp_path_factory.mktemp("report")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GONGKAI_KEY_PASSPHRASE", "test-passphrase")
        ledger = Ledger.open(data, url or f"sqlite:///{data / 'ledger.db'}")
        scenario = Scenario.open(ledger)
        build(scenario)
        scenario.run()
        services = services_for(ledger, data)
        services.settle()
        yield Built(services, scenario.officers)
        ledger.close()
    if url:
        drop_schema(url)


def _row(view: ReportView, table: int, label: str) -> list[int | None]:
    return list(view.report.tables(table)[0].row(label).values)


def test_every_table3_row_of_the_template_is_reached_in_2025_or_2026(built: Built) -> None:
    office = built.services
    views = [Inspection(office).annual_report(year) for year in (2025, 2026)]
    for label in layout.TABLE3_ROWS:
        assert any(_row(v, 3, label)[-1] for v in views), label


def test_2025_table3_counts_requests_by_receipt_outcome_and_applicant_type(
    built: Built,
) -> None:
    office = built.services
    view = Inspection(office).annual_report(2025)
    assert _row(view, 3, layout.RECEIVED) == [6, 4, 5, 3, 4, 3, 25]
    assert _row(view, 3, layout.CARRIED_IN) == [0, 0, 0, 0, 0, 0, 0]
    assert _row(view, 3, "（一）予以公开") == [1, 0, 1, 0, 0, 0, 2]
    assert _row(view, 3, "（六）其他处理 3.其他") == [1, 0, 1, 0, 0, 0, 2]
    assert _row(view, 3, "（四）无法提供 3.补正后申请内容仍不明确")[-1] == 1
    assert _row(view, 3, layout.RESULTS_TOTAL) == [5, 4, 5, 3, 3, 3, 23]
    assert _row(view, 3, layout.CARRIED_OUT) == [1, 0, 0, 0, 1, 0, 2]
    assert view.report.unconfirmed == 1


def test_what_2025_carries_out_is_what_2026_carries_in(built: Built) -> None:
    office = built.services
    first, second = (Inspection(office).annual_report(year) for year in (2025, 2026))
    assert _row(first, 3, layout.CARRIED_OUT) == _row(second, 3, layout.CARRIED_IN)
    assert _row(second, 3, layout.RECEIVED) == [0, 1, 0, 1, 0, 1, 3]
    assert _row(second, 3, layout.RESULTS_TOTAL) == [1, 1, 0, 1, 1, 0, 4]
    assert _row(second, 3, layout.CARRIED_OUT) == [0, 0, 0, 0, 0, 1, 1]


def test_the_cross_checks_hold_in_both_years(built: Built) -> None:
    office = built.services
    for year in (2025, 2026):
        view = Inspection(office).annual_report(year)
        view.report.check()
        assert view.to_json()["cross_checks_hold"]


def test_table4_counts_a_case_in_each_year_it_was_handled(built: Built) -> None:
    office = built.services
    first, second = (Inspection(office).annual_report(year) for year in (2025, 2026))
    assert _row(first, 4, layout.RECONSIDERATION) == [1, 0, 0, 1, 2]
    assert _row(first, 4, layout.DIRECT_LAWSUIT) == [0, 0, 1, 0, 1]
    assert _row(first, 4, layout.LAWSUIT_AFTER) == [0, 0, 0, 0, 0]
    assert _row(second, 4, layout.RECONSIDERATION) == [0, 1, 0, 0, 1]
    assert _row(second, 4, layout.DIRECT_LAWSUIT) == [0, 0, 0, 0, 0]
    assert _row(second, 4, layout.LAWSUIT_AFTER) == [0, 0, 0, 1, 1]


def test_table2_counts_issued_repealed_in_force_and_leaves_unreported_decisions_empty(
    built: Built,
) -> None:
    office = built.services
    first, second = (Inspection(office).annual_report(year) for year in (2025, 2026))
    assert _row(first, 2, "规章") == [1, 0, 1]
    assert _row(first, 2, "行政规范性文件") == [1, 0, 1]
    # decisions are the units' statistics (none recorded here), not published items
    assert [_row(first, 2, k)[0] for k in ("行政许可", "行政处罚", "行政强制")] == [None] * 3
    assert _row(second, 2, "规章") == [0, 0, 1]
    assert _row(second, 2, "行政规范性文件") == [1, 1, 1]
    assert [_row(second, 2, k)[0] for k in ("行政许可", "行政处罚", "行政强制")] == [None] * 3
    assert _row(second, 2, "行政事业性收费") == [None]
    assert second.report.fees_fen == 50_000


def test_the_report_cites_the_signed_checkpoint_it_was_computed_at(built: Built) -> None:
    office = built.services
    view = Inspection(office).annual_report(2025)
    assert view.position == office.ledger.tree_size()
    assert view.checkpoint_note == office.ledger.checkpoint_note(view.position)
    assert view.root_hash is not None and view.root_hash in _root_hex(view.checkpoint_note)


def _root_hex(note: str | None) -> str:
    import base64

    assert note is not None
    return base64.b64decode(note.splitlines()[2]).hex()


def test_publishing_records_the_report_hash_and_refuses_an_unfinished_year(
    built: Built,
) -> None:
    office = built.services
    inspection = Inspection(office)
    office_head = built.officers["head"]
    with pytest.raises(RuleViolation) as refused:
        inspection.publish_report(2026, office_head, cst_morning(date(2026, 12, 31)))
    assert refused.value.code == "REPORT_YEAR_NOT_OVER"
    with pytest.raises(RuleViolation) as unapproved:
        inspection.publish_report(2025, office_head, cst_morning(date(2026, 1, 20)))
    assert unapproved.value.code == "REPORT_NARRATIVE_NOT_APPROVED"
    for section in (1, 5, 6):
        at = cst_morning(date(2026, 1, 10))
        drafted = draft(office, 2025, section, f"第{section}部分。", built.officers["drafter"], at)
        approve(office, 2025, section, drafted["text_sha256"], office_head, at)
    result = inspection.publish_report(2025, office_head, cst_morning(date(2026, 1, 20)))
    office.settle()
    view = inspection.annual_report(2025)
    assert result["report_sha256"] == view.report.sha256
    assert [p["report_sha256"] for p in view.publications] == [view.report.sha256]
    with pytest.raises(RuleViolation) as again:
        inspection.publish_report(2025, office_head, cst_morning(date(2026, 1, 21)))
    assert again.value.code == "REPORT_ALREADY_PUBLISHED"


def test_the_csv_gives_each_template_row_its_reference_label_and_seven_values(
    built: Built,
) -> None:
    view = Inspection(built.services).annual_report(2025)
    text = layout.to_csv(view.report.tables(3))
    records = list(csv.reader(text.splitlines()))
    assert [r[0] for r in records] == list(layout.TABLE3_ROWS)
    assert all(len(r) == 8 for r in records)
    assert text.splitlines()[0] == "一、本年新收政府信息公开申请数量,6,4,5,3,4,3,25"
