"""The inspector's and the office head's command-line flow, on both backends: history,
accountability, the annual report in every format, its publication, and the read
models' status, rebuild and check (which catches a corrupted row and exits 1)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from ledger.ledger import Ledger
from tests.support.cli import gongkai as run_gongkai
from tests.support.inspection_scenario import Scenario, build_accountability_cases

BIN = Path(sys.executable).parent


def _run(*args: str, env: dict[str, str], code: int = 0) -> subprocess.CompletedProcess[str]:
    result = run_gongkai(args, env=env, timeout=180)
    assert result.returncode == code, result.stderr + result.stdout
    return result


@pytest.fixture
def office(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Scenario, dict[str, str]]:
    data = tmp_path / "data"
    monkeypatch.setenv("GONGKAI_KEY_PASSPHRASE", "e2e-passphrase")
    ledger = Ledger.open(data, database_url)
    scenario = Scenario.open(ledger)
    build_accountability_cases(scenario)
    scenario.receive("OLD", "commercial", date(2025, 11, 3))
    scenario.answer("OLD", date(2025, 11, 10), "disclosed")
    scenario.run()
    ledger.close()
    env = {
        **os.environ,
        "GONGKAI_DATA": str(data),
        "GONGKAI_DATABASE_URL": database_url,
        "GONGKAI_KEY_PASSPHRASE": "e2e-passphrase",
    }
    return scenario, env


def test_an_inspector_replays_a_decision_and_pulls_an_officers_record(
    office: tuple[Scenario, dict[str, str]],
) -> None:
    scenario, env = office
    stream = scenario.streams["LATE"]
    text = _run("history", stream, env=env).stdout
    assert "DisclosureRequest.Answered" in text and "✓ verified" in text
    full = json.loads(_run("history", stream, "--json", env=env).stdout)
    first = full["timeline"][0]["index"]
    then = json.loads(_run("history", stream, "--as-of", str(first), "--json", env=env).stdout)
    assert then["state"]["status"] == "received" and len(then["timeline"]) == 1

    officer = scenario.officers["handler"]
    args = ("accountability", "--officer", officer, "--from", "2026-01-01", "--to", "2026-12-31")
    record = json.loads(_run(*args, "--json", env=env).stdout)
    assert record["finding_counts"]["LATE_ANSWER"] == 1
    assert "LATE_ANSWER" in _run(*args, env=env).stdout
    unit = json.loads(_run("accountability", "--unit", "保密办", "--json", env=env).stdout)
    assert unit["finding_counts"]["SECRECY_PASS_WITHDRAWN"] == 1
    _run("accountability", "--officer", officer, "--unit", "保密办", env=env, code=2)
    _run("accountability", "--officer", officer, "--from", "2026-02-30", env=env, code=2)


def test_the_office_head_gets_and_publishes_the_annual_report(
    office: tuple[Scenario, dict[str, str]], tmp_path: Path
) -> None:
    scenario, env = office
    rows = list(
        csv.reader(
            _run("report", "annual", "2026", "--csv", "--table", "3", env=env).stdout.splitlines()
        )
    )
    assert len(rows) == 25 and all(len(r) == 8 for r in rows)
    assert rows[0][0] == "一、本年新收政府信息公开申请数量"
    body = json.loads(_run("report", "annual", "2025", "--json", env=env).stdout)
    assert body["cross_checks_hold"] and body["year"] == 2025
    page = tmp_path / "2026.html"
    _run("report", "annual", "2026", "--html", "--output", str(page), env=env)
    assert body["origin"] in page.read_text(encoding="utf-8")

    head = scenario.officers["head"]
    unapproved = _run("report", "publish", "2025", "--as", head, env=env, code=1)
    assert "REPORT_NARRATIVE_NOT_APPROVED" in unapproved.stderr
    text = tmp_path / "section.txt"
    text.write_text("本年度工作情况。", encoding="utf-8")
    for n in ("1", "5", "6"):
        drafted = _run(
            "report", "draft", "2025", "--section", n, "--file", str(text),
            "--as", scenario.officers["drafter"], env=env,
        )  # fmt: skip
        sha = drafted.stdout.split("SHA-256 ")[1].split()[0]
        own = _run("report", "approve", "2025", "--section", n, "--sha256", sha,
                   "--as", scenario.officers["drafter"], env=env, code=1)  # fmt: skip
        assert "ROLE_REQUIRED" in own.stderr
        _run("report", "approve", "2025", "--section", n, "--sha256", sha, "--as", head, env=env)
    published = _run("report", "publish", "2025", "--as", head, env=env)
    assert "published the 2025 report" in published.stdout
    again = _run("report", "publish", "2025", "--as", head, env=env, code=1)
    assert "REPORT_ALREADY_PUBLISHED" in again.stderr
    refused = _run(
        "report", "publish", "2025", "--as", scenario.officers["handler"], env=env, code=1
    )
    assert "ROLE_REQUIRED" in refused.stderr


def test_projections_check_catches_a_corrupted_row_and_rebuild_repairs_it(
    office: tuple[Scenario, dict[str, str]], database_url: str, tmp_path: Path
) -> None:
    _, env = office
    assert "identical" in _run("projections", "rebuild", "--check", env=env).stdout
    ledger = Ledger.open(tmp_path / "data", database_url)
    with ledger.backend.transaction(write=True) as cur:
        cur.execute("UPDATE pj_rpt_requests SET applicant_type = 'research'")
    ledger.close()
    broken = _run("projections", "rebuild", "report_inputs", "--check", env=env, code=1)
    assert "DIFFERS" in broken.stdout and "rpt_requests" in broken.stdout
    rebuilt = _run("projections", "rebuild", "report_inputs", env=env)
    assert "rebuilt from" in rebuilt.stdout
    assert "identical" in _run("projections", "rebuild", "report_inputs", "--check", env=env).stdout
    status = _run("projections", "status", env=env).stdout
    assert "report_inputs" in status and "behind" not in status
    _run("projections", "rebuild", "nonesuch", env=env, code=2)
