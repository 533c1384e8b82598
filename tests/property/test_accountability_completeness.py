"""Accountability completeness: for any officer and any period, the actions listed are
exactly the ledger's entries by that officer recorded on those China Standard Time
dates — counted here independently, by reading the whole log."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.services import Services
from api.views.inspection import Inspection
from domain.office.office import FIRST_ADMIN
from ledger.ledger import Ledger
from tests.support.inspection_scenario import Scenario, services_for
from verify.entry import Entry

YEAR_START = date(2026, 1, 1)
CST = timedelta(hours=8)
# instants that straddle midnight in China Standard Time (16:00 UTC)
EDGES = (time(0, 0), time(15, 59, 59, 999999), time(16, 0), time(23, 59, 59))


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, list[str]]]:
    data: Path = tmp_path_factory.mktemp("completeness")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GONGKAI_KEY_PASSPHRASE", "test-passphrase")
        ledger = Ledger.open(data, f"sqlite:///{data / 'ledger.db'}")
        scenario = Scenario.open(ledger)
        services = services_for(ledger, data)
        officers = [FIRST_ADMIN, *scenario.officers.values()]
        yield services, officers
        ledger.close()


def cst_date(at: str) -> date:
    return (datetime.strptime(at, "%Y-%m-%dT%H:%M:%S.%fZ") + CST).date()


instants = st.builds(
    lambda day, clock, minute: (
        datetime.combine(YEAR_START + timedelta(days=day), clock, tzinfo=UTC)
        + timedelta(minutes=minute)
    ),
    st.integers(0, 60),
    st.sampled_from(EDGES),
    st.sampled_from([0, 0, 1, 7 * 60]),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    actions=st.lists(st.tuples(st.integers(0, 8), instants), max_size=6),
    who=st.integers(0, 8),
    first=st.integers(-2, 62),
    length=st.integers(0, 20),
)
def test_the_actions_of_an_officer_in_a_period_are_exactly_their_ledger_entries(
    office: tuple[Services, list[str]],
    actions: list[tuple[int, datetime]],
    who: int,
    first: int,
    length: int,
) -> None:
    services, officers = office
    for officer, at in actions:
        actor = services.office.actor(officers[officer])
        services.office.record_refused(actor, "SELF_APPROVAL", "stream-x", "approve", at)
    services.settle()
    officer = officers[who]
    start = YEAR_START + timedelta(days=first)
    end = start + timedelta(days=length)
    record = Inspection(services).officer_record(officer, start, end)
    expected = [
        index
        for index, raw in services.ledger.indexed_entries()
        if (entry := Entry.from_bytes(raw)).actor == officer and start <= cst_date(entry.at) <= end
    ]
    assert [a.index for a in record.actions] == expected
    assert len(record.actions) == len(expected)
