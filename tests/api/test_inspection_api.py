"""Inspection routes (inspector only) and the annual report routes (public reads,
publication by the office head) over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.services import Services
from api.views.report_sections import approve, draft
from ledger.ledger import Ledger
from tests.conftest import drop_schema, postgres_url_or_skip
from tests.support.inspection_scenario import Scenario, build_accountability_cases, services_for


@dataclass
class Desk:
    client: TestClient
    services: Services
    scenario: Scenario
    tokens: dict[str, str]

    def get(self, path: str, role: str | None = None, **params: object) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}
        return self.client.get(path, headers=headers, params=params)


@pytest.fixture(scope="module")
def desk(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    url = postgres_url_or_skip() if backend == "postgres" else None
    data = tmp_path_factory.mktemp("inspection-api")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GONGKAI_KEY_PASSPHRASE", "test-passphrase")
        ledger = Ledger.open(data, url or f"sqlite:///{data / 'ledger.db'}")
        scenario = Scenario.open(ledger)
        build_accountability_cases(scenario)
        scenario.run()
        services = services_for(ledger, data)
        services.settle()
        now = datetime.now(UTC)
        tokens = {
            role: services.tokens.issue(scenario.officers[role], 1, now)
            for role in ("inspector", "handler", "head", "drafter")
        }
        with TestClient(create_app(services, background=False)) as client:
            yield Desk(client, services, scenario, tokens)
        ledger.close()
    if url:
        drop_schema(url)


class TestHistory:
    def test_an_inspector_replays_a_request_with_every_entry_verified(self, desk: Desk) -> None:
        response = desk.get(f"/v1/streams/{desk.scenario.streams['EXT']}/history", "inspector")
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["verified"] and len(body["timeline"]) == 3
        assert body["checkpoint"]["verified"]

    def test_as_of_shows_the_state_as_it_stood_at_that_log_index(self, desk: Desk) -> None:
        path = f"/v1/streams/{desk.scenario.streams['EXT']}/history"
        full = desk.get(path, "inspector").json()
        first = full["timeline"][0]["index"]
        then = desk.get(path, "inspector", as_of=first).json()
        assert then["state"] == full["timeline"][0]["state_after"]
        assert then["state"]["status"] == "received"

    def test_history_needs_a_token(self, desk: Desk) -> None:
        response = desk.get(f"/v1/streams/{desk.scenario.streams['EXT']}/history")
        assert response.status_code == 401
        assert response.json()["code"] == "UNAUTHENTICATED"

    def test_history_is_refused_to_an_officer_without_the_inspector_role(self, desk: Desk) -> None:
        response = desk.get(f"/v1/streams/{desk.scenario.streams['EXT']}/history", "handler")
        assert response.status_code == 403
        assert response.json()["code"] == "ROLE_REQUIRED"

    def test_an_unknown_stream_is_not_found(self, desk: Desk) -> None:
        response = desk.get("/v1/streams/00000000-0000-0000-0000-000000000000/history", "inspector")
        assert response.status_code == 404
        assert response.json()["code"] == "STREAM_NOT_FOUND"


class TestAccountability:
    def test_an_officer_record_lists_findings_with_their_evidence(self, desk: Desk) -> None:
        officer = desk.scenario.officers["handler"]
        response = desk.get(
            f"/v1/accountability/officers/{officer}", "inspector", **{"from": "2026-01-01"}
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["finding_counts"]["LATE_ANSWER"] == 1
        assert body["action_count"] == len(body["actions"])
        assert all(e["leaf_hash"] for f in body["findings"] for e in f["evidence"])

    def test_a_unit_record_is_found_by_the_unit_name(self, desk: Desk) -> None:
        response = desk.get(f"/v1/accountability/units/{quote('保密办')}", "inspector")
        assert response.status_code == 200, response.text
        assert response.json()["finding_counts"]["SECRECY_PASS_WITHDRAWN"] == 1

    def test_an_unknown_officer_is_not_found(self, desk: Desk) -> None:
        response = desk.get("/v1/accountability/officers/officer-9999", "inspector")
        assert response.status_code == 404
        assert response.json()["code"] == "OFFICER_NOT_FOUND"

    def test_a_malformed_date_is_a_validation_problem(self, desk: Desk) -> None:
        officer = desk.scenario.officers["handler"]
        response = desk.get(f"/v1/accountability/officers/{officer}", "inspector", to="2026-13-01")
        assert response.status_code == 422
        assert response.json()["code"] == "VALIDATION_FAILED"


class TestReports:
    def test_the_annual_report_is_public_and_its_cross_checks_hold(self, desk: Desk) -> None:
        response = desk.get("/v1/reports/annual/2026")
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["cross_checks_hold"] and body["year"] == 2026
        assert [t["number"] for t in body["tables"]] == [2, 3, 4]
        assert body["checkpoint"]["note"].startswith(desk.services.ledger.origin)

    def test_the_csv_of_table_3_has_one_record_per_template_row(self, desk: Desk) -> None:
        response = desk.get("/v1/reports/annual/2026", format="csv", table=3)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        assert response.text.splitlines()[0].startswith("一、本年新收政府信息公开申请数量,")
        assert len(response.text.splitlines()) == 25

    def test_the_html_report_cites_its_checkpoint(self, desk: Desk) -> None:
        response = desk.get("/v1/reports/annual/2026", format="html")
        assert response.status_code == 200
        assert desk.services.ledger.checkpoint_note().splitlines()[0] in response.text
        assert "（七）总计" in response.text

    def test_publishing_is_for_the_office_head(self, desk: Desk) -> None:
        headers = {"Authorization": f"Bearer {desk.tokens['inspector']}"}
        refused = desk.client.post("/v1/reports/annual/2025/publish", headers=headers)
        assert refused.status_code == 403
        headers = {"Authorization": f"Bearer {desk.tokens['head']}"}
        unapproved = desk.client.post("/v1/reports/annual/2025/publish", headers=headers)
        assert unapproved.json()["code"] == "REPORT_NARRATIVE_NOT_APPROVED"
        officers, at = desk.scenario.officers, datetime.now(UTC)
        for n in (1, 5):
            done = draft(desk.services, 2025, n, "本年度工作情况。", officers["drafter"], at)
            approve(desk.services, 2025, n, done["text_sha256"], officers["head"], at)
        drafted = desk.client.post(
            "/v1/reports/annual/2025/narratives/6",
            json={"text": "无其他需要报告的事项。"},
            headers={"Authorization": f"Bearer {desk.tokens['drafter']}"},
        )
        assert drafted.status_code == 201, drafted.text
        sha = drafted.json()["text_sha256"]
        path = "/v1/reports/annual/2025/narratives/6/approve"
        own = desk.client.post(path, json={"sha256": sha}, headers=headers | {
            "Authorization": f"Bearer {desk.tokens['drafter']}"})  # fmt: skip
        assert own.status_code == 403
        approved = desk.client.post(path, json={"sha256": sha}, headers=headers)
        assert approved.status_code == 201, approved.text
        published = desk.client.post("/v1/reports/annual/2025/publish", headers=headers)
        assert published.status_code == 201, published.text
        report = desk.get("/v1/reports/annual/2025").json()
        assert [p["report_sha256"] for p in report["published"]] == [report["sha256"]]

    def test_a_year_out_of_range_is_a_validation_problem(self, desk: Desk) -> None:
        assert desk.get("/v1/reports/annual/1999").status_code == 422


def test_dates_in_the_scenario_are_in_the_past() -> None:
    # publication needs the year to be over; the API stamps it with the real clock
    assert datetime.now(UTC).date() > date(2025, 12, 31)


def test_the_html_report_can_show_one_table(desk: Desk) -> None:
    page = desk.get("/v1/reports/annual/2026", format="html", table=4).text
    assert "行政复议" in page and "收到和处理政府信息公开申请情况" not in page
