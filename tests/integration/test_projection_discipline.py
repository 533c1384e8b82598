"""Read-model discipline for the inspection read models, on SQLite and PostgreSQL:
positions are durable and catch-up resumes after a restart; ``check`` proves a live
read model equal to a fresh rebuild and catches a corrupted row; ``rebuild`` repairs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from ledger.ledger import Ledger
from tests.support.inspection_scenario import Scenario, build_accountability_cases, services_for


@pytest.fixture
def settled(database_url: str, tmp_path: Path) -> Iterator[Scenario]:
    ledger = Ledger.open(tmp_path, database_url)
    scenario = Scenario.open(ledger)
    build_accountability_cases(scenario)
    scenario.run()
    services_for(ledger, tmp_path).settle()
    yield scenario
    ledger.close()


def _execute(ledger: Ledger, sql: str) -> None:
    with ledger.backend.transaction(write=True) as cur:
        cur.execute(sql)


@pytest.mark.parametrize("name", ["accountability", "report_inputs"])
def test_a_caught_up_read_model_equals_a_fresh_rebuild(
    settled: Scenario, tmp_path: Path, name: str
) -> None:
    runner = services_for(settled.ledger, tmp_path).projections
    assert runner.check(name) == []


@pytest.mark.parametrize(
    ("name", "corruption", "table"),
    [
        ("report_inputs", "UPDATE pj_rpt_requests SET outcome = 'disclosed'", "rpt_requests"),
        ("accountability", "DELETE FROM pj_acc_actions WHERE idx = 40", "acc_actions"),
        (
            "accountability",
            "UPDATE pj_acc_actions SET actor = 'officer-9' WHERE idx = 41",
            "acc_actions",
        ),
    ],
)
def test_check_catches_a_manually_corrupted_row_and_rebuild_repairs_it(
    settled: Scenario, tmp_path: Path, name: str, corruption: str, table: str
) -> None:
    ledger = settled.ledger
    runner = services_for(ledger, tmp_path).projections
    _execute(ledger, corruption)
    differences = runner.check(name)
    assert differences and differences[0].startswith(f"{table}:")
    runner.rebuild(name)
    assert runner.check(name) == []


def test_positions_survive_a_restart_and_catch_up_applies_only_new_entries(
    settled: Scenario, database_url: str, tmp_path: Path
) -> None:
    size = settled.ledger.tree_size()
    settled.ledger.close()
    reopened = Ledger.open(tmp_path, database_url)
    scenario = Scenario(reopened, settled.office.__class__(reopened), dict(settled.officers))
    runner = services_for(reopened, tmp_path).projections
    assert {runner.position(n) for n in runner.projections} == {size}
    scenario.receive("AFTER", "natural-person", date(2026, 7, 1))
    scenario.run()
    assert runner.catch_up() == 2 * (reopened.tree_size() - size)
    assert {runner.position(n) for n in runner.projections} == {reopened.tree_size()}
    reopened.close()


def test_rebuilding_one_model_never_moves_another_back(settled: Scenario, tmp_path: Path) -> None:
    """A rebuild from entry 0 catches up every model behind in shared chunks; a model
    further on than the chunk keeps its position (it used to be set back to the chunk's
    end and then applied the same entries twice)."""
    ledger = settled.ledger
    runner = services_for(ledger, tmp_path).projections
    size = ledger.tree_size()
    settled.receive("AFTER", "natural-person", date(2026, 7, 1))
    settled.run()  # every model is now behind, at ``size``
    runner.rebuild("report_inputs", chunk=5)
    assert {runner.position(n) for n in runner.projections} == {ledger.tree_size()}
    assert size > 5 and all(runner.check(name) == [] for name in runner.projections)
