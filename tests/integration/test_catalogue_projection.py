"""The catalogue read model after a realistic run (the demo office's items), on both
backends: a rebuild from zero equals the live tables, positions survive reopening,
and the demo holds what the catalogue must show."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.demo import items as demo_items
from api.demo.office import DemoContext, run_demo
from api.services import Services
from projections import catalogue_queries as queries
from projections.catalogue_queries import ItemRow, VersionRow
from tests.conftest import drop_schema, postgres_url_or_skip

SEED = 7


@pytest.fixture(scope="module")
def demo_data(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A data directory and database URL holding the demo office (built once per backend)."""
    data = tmp_path_factory.mktemp("demo")
    url = f"sqlite:///{data / 'ledger.db'}" if backend == "sqlite" else postgres_url_or_skip()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("GONGKAI_KEY_PASSPHRASE", "test-passphrase")
        services = Services.open(data, url)
        try:
            run_demo(services, SEED, out=lambda _: None)
        finally:
            services.close()
        yield data, url
    if backend == "postgres":
        drop_schema(url)


@pytest.fixture
def services(demo_data: tuple[Path, str]) -> Iterator[Services]:
    opened = Services.open(*demo_data)
    yield opened
    opened.close()


def _catalogue(services: Services) -> list[tuple[ItemRow, list[VersionRow]]]:
    with services.ledger.backend.transaction() as cur:
        page = queries.catalogue_page(cur, statuses=queries.PUBLIC_STATUSES, limit=1000)
        return [(row, queries.versions(cur, row.item_id)) for row in page.rows]


class TestRebuild:
    def test_a_rebuild_from_zero_equals_the_live_catalogue(self, services: Services) -> None:
        assert services.projections.check("catalogue") == []

    def test_rebuilding_the_live_tables_gives_the_same_catalogue(self, services: Services) -> None:
        before = _catalogue(services)

        services.projections.rebuild("catalogue")

        assert _catalogue(services) == before
        assert services.projections.position("catalogue") == services.ledger.tree_size()


class TestPositions:
    def test_the_position_survives_reopening_and_nothing_is_applied_twice(
        self, demo_data: tuple[Path, str]
    ) -> None:
        first = Services.open(*demo_data)
        size, before = first.ledger.tree_size(), _catalogue(first)
        first.close()

        reopened = Services.open(*demo_data)
        try:
            assert reopened.projections.position("catalogue") == size
            assert reopened.projections.catch_up() == 0
            assert _catalogue(reopened) == before
        finally:
            reopened.close()


class TestDemoCatalogue:
    def test_the_demo_publishes_sixty_items_across_the_statutory_categories(
        self, services: Services
    ) -> None:
        with services.ledger.backend.transaction() as cur:
            summary = queries.summary(cur)

        assert summary.published + summary.withdrawn >= 60
        assert {"normative_documents", "policy_interpretations", "budgets", "licensing",
                "penalties", "personnel"} <= set(summary.by_category)  # fmt: skip

    def test_the_demo_has_one_late_publication(self, services: Services) -> None:
        with services.ledger.backend.transaction() as cur:
            assert queries.summary(cur).late_publications == 1

    def test_the_demo_has_corrected_and_redacted_versions(self, services: Services) -> None:
        origins = [v.origin for _, versions in _catalogue(services) for v in versions]

        assert origins.count("corrected") >= 5 and origins.count("redacted") >= 1

    def test_the_demo_withdraws_for_each_reason_and_files_non_disclosures(
        self, services: Services
    ) -> None:
        with services.ledger.backend.transaction() as cur:
            withdrawals = queries.withdrawals_page(cur).rows
            filed = queries.non_disclosures_page(cur).rows
            secret = queries.content_status(cur, next(w.sha256 for w in withdrawals
                                                      if w.reason == "secrecy"))  # fmt: skip

        assert {w.reason for w in withdrawals} == {"repealed_or_expired", "error", "secrecy"}
        assert len(filed) >= 3
        assert secret is not None and secret.withdrawn_for_secrecy and not secret.available

    def test_the_refused_self_approval_is_on_the_officers_record(self, services: Services) -> None:
        refused = [a for o in services.office.officers() for a in o.refused_attempts]

        assert [a.code for a in refused] == ["SELF_APPROVAL"]

    def test_the_same_seed_schedules_the_same_items(self, services: Services) -> None:
        def plan() -> list[tuple[object, str]]:
            ctx = DemoContext(services, random.Random(SEED))
            for officer in services.office.officers():
                for role in sorted(officer.roles):
                    ctx.officers.setdefault(role, []).append(officer.id)
            return [(step.at, step.label) for step in demo_items.schedule(ctx)]

        assert plan() == plan()
