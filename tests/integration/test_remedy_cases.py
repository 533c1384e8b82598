"""Table 4 counts reconsiderations and lawsuits not tied to a request — about proactive
disclosure, or a third party's case against a disclosure — on both backends (issue 16,
item 12)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from api.commands.remedies import CaseDecisionIn, CaseIn, decide_case, file_case
from api.views.inspection import Inspection
from domain.errors import DomainError
from domain.reporting import tables as layout
from tests.support.request_office import Office, open_office


@pytest.fixture
def office(database_url: str, tmp_path: Path) -> Iterator[Office]:
    yield from open_office(database_url, tmp_path)


def file(office: Office, reference: str, **fields: object) -> None:
    body = CaseIn.model_validate({"reference": reference, **fields})
    file_case(office.services, body, office.handler, office.at())


def test_cases_not_tied_to_a_request_are_counted_in_table_4(office: Office) -> None:
    file(office, "示复〔2026〕3号", kind="reconsideration", subject="third_party", on="2026-05-06")
    file(office, "（2026）示行初12号", kind="lawsuit", subject="proactive", on="2026-06-01")
    file(
        office, "（2026）示行初20号", kind="lawsuit", subject="other", on="2026-08-03",
        after_reconsideration=True,
    )  # fmt: skip
    decision = CaseDecisionIn.model_validate({"on": "2026-07-01", "result": "corrected"})
    decide_case(office.services, "示复〔2026〕3号", decision, office.handler, office.at())
    office.services.settle()

    table = Inspection(office.services).annual_report(2026).report.table4

    assert table.row(layout.RECONSIDERATION).values == (0, 1, 0, 0, 1)
    assert table.row(layout.DIRECT_LAWSUIT).values == (0, 0, 0, 1, 1)
    assert table.row(layout.LAWSUIT_AFTER).values == (0, 0, 0, 1, 1)


def test_a_case_is_recorded_once(office: Office) -> None:
    file(office, "示复〔2026〕4号", kind="reconsideration", subject="proactive", on="2026-05-06")
    with pytest.raises(DomainError) as caught:
        file(office, "示复〔2026〕4号", kind="lawsuit", subject="proactive", on="2026-05-07")
    assert caught.value.code == "REMEDY_ALREADY_FILED"
