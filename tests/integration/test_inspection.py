"""Decision replay and accountability over a real ledger, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.services import Services
from api.views.inspection import Inspection, recorded
from domain.calendar.working_calendar import YearCalendar
from domain.disclosure_request.request import DisclosureRequest
from domain.errors import DomainError
from domain.office.office import FIRST_ADMIN
from domain.reporting.replay_views import snapshot
from ledger.entry_status import stream_entries
from ledger.ledger import Ledger
from tests.conftest import drop_schema, postgres_url_or_skip
from tests.support.inspection_scenario import Scenario, build_accountability_cases, services_for


@dataclass
class Built:
    services: Services
    scenario: Scenario

    def stream(self, label: str) -> str:
        return self.scenario.streams[label]

    def officer(self, role: str) -> str:
        return self.scenario.officers[role]


@pytest.fixture(scope="module")
def built(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    url = postgres_url_or_skip() if backend == "postgres" else None
    data = tmp_path_factory.mktemp("inspection")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GONGKAI_KEY_PASSPHRASE", "test-passphrase")
        ledger = Ledger.open(data, url or f"sqlite:///{data / 'ledger.db'}")
        scenario = Scenario.open(ledger)
        build_accountability_cases(scenario)
        scenario.run()
        services = services_for(ledger, data)
        services.settle()
        yield Built(services, scenario)
        ledger.close()
    if url:
        drop_schema(url)


def _kinds(built: Built, role: str) -> dict[str, int]:
    record = Inspection(built.services).officer_record(built.officer(role), None, None)
    return {k: v for k, v in record.counts.items() if v}


class TestAccountability:
    def test_a_late_answer_and_a_backfilled_receipt_are_found_for_their_handler(
        self, built: Built
    ) -> None:
        assert _kinds(built, "handler") == {"LATE_ANSWER": 1, "BACKFILLED": 1}

    def test_an_extension_is_found_for_the_office_head_who_granted_it(self, built: Built) -> None:
        assert _kinds(built, "head") == {"EXTENSION_GRANTED": 1}

    def test_a_decision_corrected_on_reconsideration_is_found_for_who_decided_it(
        self, built: Built
    ) -> None:
        assert _kinds(built, "handler2") == {"DECISION_CORRECTED": 1}

    def test_content_passed_in_secrecy_review_and_withdrawn_for_secrecy_is_found(
        self, built: Built
    ) -> None:
        assert _kinds(built, "secrecy") == {"SECRECY_PASS_WITHDRAWN": 1}

    def test_a_late_publication_and_a_refused_self_approval_are_found_for_the_approver(
        self, built: Built
    ) -> None:
        assert _kinds(built, "approver") == {"LATE_PUBLICATION": 1, "ATTEMPT_REFUSED": 1}

    def test_every_finding_cites_entries_whose_leaf_hashes_the_log_holds(
        self, built: Built
    ) -> None:
        inspection, ledger = Inspection(built.services), built.services.ledger
        for role in ("handler", "handler2", "head", "secrecy", "approver"):
            for finding in inspection.officer_record(built.officer(role), None, None).findings:
                assert finding.evidence
                for evidence in finding.evidence:
                    proof = ledger.inclusion_proof(evidence.index)
                    assert proof.leaf_hash == evidence.leaf_hash

    def test_the_period_bounds_are_china_standard_time_dates(self, built: Built) -> None:
        inspection = Inspection(built.services)
        day = date(2026, 4, 30)  # the late answer, recorded 10:00 CST that day
        record = inspection.officer_record(built.officer("handler"), day, day)
        assert [a.type for a in record.actions] == ["DisclosureRequest.Answered"]
        assert (
            inspection.officer_record(
                built.officer("handler"), date(2026, 5, 1), date(2026, 5, 5)
            ).actions
            == ()
        )

    def test_a_unit_record_gathers_its_officers(self, built: Built) -> None:
        unit = Inspection(built.services).unit_record("保密办", None, None)
        assert [m["officer"] for m in unit["members"]] == [built.officer("secrecy")]
        assert unit["finding_counts"]["SECRECY_PASS_WITHDRAWN"] == 1

    def test_an_unknown_officer_is_not_found(self, built: Built) -> None:
        with pytest.raises(DomainError) as missing:
            Inspection(built.services).officer_record("officer-9999", None, None)
        assert missing.value.code == "OFFICER_NOT_FOUND"


class TestReplay:
    def test_every_entry_of_a_request_verifies_and_shows_its_state_change(
        self, built: Built
    ) -> None:
        history = Inspection(built.services).history(built.stream("EXT"))
        assert history["verified"] and history["kind"] == "DisclosureRequest"
        steps = history["timeline"]
        assert [s["type"].split(".")[1] for s in steps] == ["Received", "Extended", "Answered"]
        assert steps[1]["role"] == "office_head" and steps[1]["actor"] == built.officer("head")
        assert steps[1]["state_before"]["extension_days"] == 0
        assert steps[1]["state_after"]["extension_days"] == 10
        assert steps[1]["legal_basis"]["articles"] == "Art. 33"
        assert steps[2]["deadline"]["status"] == "answered_on_time"

    def test_the_deadline_of_a_step_is_counted_on_the_calendar_recorded_before_it(
        self, built: Built
    ) -> None:
        history = Inspection(built.services).history(built.stream("LATE"))
        received = history["timeline"][0]["deadline"]
        assert received["due"] == "2026-03-30" and received["status"] == "running"
        assert history["timeline"][1]["deadline"]["status"] == "answered_late"

    @settings(
        max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(data=st.data())
    def test_replay_as_of_equals_the_state_rebuilt_from_the_entries_up_to_that_index(
        self, built: Built, data: st.DataObject
    ) -> None:
        label = data.draw(st.sampled_from(["LATE", "EXT", "BACK", "COR"]))
        entries = stream_entries(built.services.ledger, built.stream(label))
        as_of = data.draw(st.integers(entries[0].index, entries[-1].index + 3))
        history = Inspection(built.services).history(built.stream(label), as_of)
        upto = [recorded(e) for e in entries if e.index <= as_of]
        rebuilt = DisclosureRequest.replay(built.stream(label), upto)
        assert history["state"] == snapshot(rebuilt)
        assert [s["index"] for s in history["timeline"]] == [e.log_index for e in upto]

    def test_replay_before_the_first_entry_is_not_found(self, built: Built) -> None:
        first = stream_entries(built.services.ledger, built.stream("LATE"))[0].index
        with pytest.raises(DomainError) as missing:
            Inspection(built.services).history(built.stream("LATE"), first - 1)
        assert missing.value.code == "STREAM_NOT_FOUND"


def test_a_later_calendar_amendment_does_not_change_an_earlier_steps_deadline(
    database_url: str, tmp_path: Path
) -> None:
    ledger = Ledger.open(tmp_path, database_url)
    scenario = Scenario.open(ledger)
    scenario.receive("CAL", "natural-person", date(2026, 3, 2))
    scenario.run()
    office = scenario.office
    old = office.calendar()
    year = next(y for y in old.years if y.year == 2026)
    amended = YearCalendar.create(2026, year.holidays | {date(2026, 3, 9)}, year.workdays)
    office.record_years(FIRST_ADMIN, [amended], "amended", datetime(2026, 3, 6, 2, tzinfo=UTC))
    scenario.request(
        "CAL", "head", date(2026, 3, 10), "extend", on=date(2026, 3, 10), days=5, reason="需要协调",
        no_personal_data=True,
    )  # fmt: skip
    scenario.run()
    services = services_for(ledger, tmp_path)
    services.settle()
    steps = Inspection(services).history(scenario.streams["CAL"])["timeline"]
    new = office.calendar()
    start = date(2026, 3, 2)
    assert steps[0]["deadline"]["due"] == old.add_working_days(start, 20).due.isoformat()
    assert steps[1]["deadline"]["due"] == new.add_working_days(start, 25).due.isoformat()
    assert old.add_working_days(start, 25) != new.add_working_days(start, 25)
    ledger.close()


def test_an_entry_altered_after_integration_is_shown_as_failed_in_the_replay(
    database_url: str, tmp_path: Path
) -> None:
    ledger = Ledger.open(tmp_path, database_url)
    scenario = Scenario.open(ledger)
    scenario.receive("TAMPER", "natural-person", date(2026, 3, 2))
    scenario.answer("TAMPER", date(2026, 3, 6), "withheld.state_secret")
    scenario.run()
    answered = stream_entries(ledger, scenario.streams["TAMPER"])[-1]
    b = ledger.backend
    with b.transaction(write=True) as cur:
        cur.execute(
            f"UPDATE {b.events_table} SET state = ? WHERE originator_version = 2 AND state = ?",
            (answered.raw.replace(b'"withheld.state_secret"', b'"disclosed"'), answered.raw),
        )
    services = services_for(ledger, tmp_path)
    history = Inspection(services).history(scenario.streams["TAMPER"])
    first, second = history["timeline"]
    assert first["verification"]["status"] == "verified"
    assert second["verification"]["status"] == "failed"
    assert second["verification"]["checks"]["leaf"] == "LEAF_HASH_MISMATCH"
    assert second["verification"]["checks"]["signature"] == "SIGNATURE_INVALID"
    assert second["verification"]["checks"]["inclusion"] == "ROOT_MISMATCH"
    assert not history["verified"]
    assert services.integrity is not None and "entry " in services.integrity  # degraded
    assert services.integrity_failures == 1
    ledger.close()
