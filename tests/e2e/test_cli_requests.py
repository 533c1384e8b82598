"""Disclosure on request from the command line, as an operator or a script runs it:
init → officer add → request receive … answer → reconsideration → lawsuit → show, list,
register, export → gongkai-verify. The whole flow runs on SQLite and on PostgreSQL
(GONGKAI_DATABASE_URL, a fresh schema); the error cases on SQLite only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import gongkai as run_gongkai

BIN = Path(sys.executable).parent
ADMIN = "officer-0001"


def gongkai(*args: str, env: dict[str, str], ok: bool = True) -> subprocess.CompletedProcess[str]:
    result = run_gongkai(args, env=env, timeout=120)
    if ok:
        assert result.returncode == 0, result.stderr + result.stdout
    return result


def state(*args: str, env: dict[str, str]) -> dict[str, Any]:
    """Run a request verb with --json and parse the one JSON object it prints."""
    return dict(json.loads(gongkai("request", *args, "--json", env=env).stdout))


def environment(database_url: str, tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "GONGKAI_DATA": str(tmp_path / "data"),
        "GONGKAI_DATABASE_URL": database_url,
        "GONGKAI_KEY_PASSPHRASE": "e2e-passphrase",
    }
    gongkai("init", "--origin", "e2e.gongkai.local/requests", "--agency", "示范市", env=env)
    return env


def officer(name: str, roles: str, env: dict[str, str]) -> str:
    added = gongkai("officer", "add", "--name", name, "--roles", roles, "--as", ADMIN, env=env)
    return added.stdout.strip()


def receive(handler: str, env: dict[str, str], *extra: str) -> dict[str, Any]:
    return state(
        "receive", "--channel", "in-person", "--date", "2026-02-06",
        "--applicant-type", "natural-person", "--applicant", "张三丰",
        "--id-number", "110101199001011234",
        "--description", "请求公开2025年度老旧小区改造资金使用明细",
        "--as", handler, *extra, env=env,
    )  # fmt: skip


@pytest.fixture
def sqlite_env(tmp_path: Path) -> dict[str, str]:
    return environment(f"sqlite:///{tmp_path / 'ledger.db'}", tmp_path)


def test_a_request_goes_from_receipt_to_lawsuit_and_the_log_verifies(
    database_url: str, tmp_path: Path
) -> None:
    env = environment(database_url, tmp_path)
    handler, head = officer("周丽", "request_handler", env), officer("徐婷", "office_head", env)

    received = receive(handler, env)
    number = received["number"]
    assert (number, received["status"], received["outcome"]) == ("2026-0001", "received", None)
    assert (received["answer_due"], received["answer_due_provisional"]) == ("2026-03-12", False)
    assert (received["supplement_notice_due"], received["received_on"]) == (
        "2026-02-24",
        "2026-02-06",
    )
    extended = state(
        "extend",
        number,
        "--days",
        "20",
        "--reason",
        "档案量大",
        "--confirm-no-personal-data",
        "--date",
        "2026-02-10",
        "--as",
        head,
        env=env,
    )
    assert extended["answer_due"] == "2026-04-10"
    answered = state(
        "answer",
        number,
        "--outcome",
        "withheld.third_party_rights",
        "--reasons",
        "涉及第三方商业秘密，第三方不同意公开",
        "--article",
        "15",
        "--date",
        "2026-03-20",
        "--as",
        handler,
        env=env,
    )
    assert (answered["status"], answered["outcome"], answered["late"]) == (
        "answered",
        "withheld.third_party_rights",
        False,
    )
    state("reconsideration", number, "--date", "2026-04-01", "--as", handler, env=env)
    state(
        "reconsideration-decision",
        number,
        "--result",
        "upheld",
        "--date",
        "2026-05-20",
        "--as",
        handler,
        env=env,
    )
    sued = state("lawsuit", number, "--date", "2026-06-01", "--as", handler, env=env)
    assert sued["lawsuit"]["after_reconsideration"] is True
    state(
        "lawsuit-decision",
        received["id"],
        "--result",
        "corrected",
        "--date",
        "2026-09-01",
        "--as",
        handler,
        env=env,
    )

    shown = json.loads(gongkai("request", "show", number, "--json", env=env).stdout)
    assert [e["event"] for e in shown["history"]][-1] == "LawsuitDecided"
    register = json.loads(gongkai("request", "register", "--json", env=env).stdout)
    assert [(r["number"], r["outcome"]) for r in register] == [
        (number, "withheld.third_party_rights")
    ]

    export = tmp_path / "ledger.jsonl"
    gongkai("export", str(export), env=env)
    vkey = gongkai("vkey", env=env).stdout.strip()
    checked = subprocess.run(
        [str(BIN / "gongkai-verify"), "export", str(export), "--vkey", vkey, "--json"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert json.loads(checked.stdout)["valid"] is True, checked.stdout + checked.stderr


def test_an_online_request_with_supplement_consultation_and_fee(sqlite_env: dict[str, str]) -> None:
    env = sqlite_env
    handler = officer("周丽", "request_handler", env)
    number = receive(handler, env, "--channel", "online")["number"]
    assert state("show", number, env=env)["status"] == "awaiting_confirmation"

    state("confirm-receipt", number, "--date", "2026-02-09", "--as", handler, env=env)
    state(
        "supplement-notice",
        number,
        "--items",
        "信息的文号",
        "--items",
        "时间范围",
        "--date",
        "2026-02-10",
        "--as",
        handler,
        env=env,
    )
    state("supplemented", number, "--date", "2026-02-12", "--as", handler, env=env)
    state("consult", number, "--party", "agency", "--date", "2026-02-13", "--as", handler, env=env)
    state("consult-end", number, "--date", "2026-02-27", "--as", handler, env=env)
    fee = state(
        "fee-notice", number, "--items", "12", "--date", "2026-03-02", "--as", handler, env=env
    )
    assert fee["fees"][0]["fee_fen"] == 20000 and fee["status"] == "awaiting_fee"
    paid = state("fee-paid", number, "--date", "2026-03-05", "--as", handler, env=env)
    assert paid["status"] == "received" and paid["answer_due"] is not None


def test_a_refused_command_prints_one_line_with_its_code(sqlite_env: dict[str, str]) -> None:
    env = sqlite_env
    handler = officer("周丽", "request_handler", env)
    number = receive(handler, env)["number"]

    extend = gongkai(
        "request",
        "extend",
        number,
        "--days",
        "5",
        "--reason",
        "x",
        "--as",
        handler,
        env=env,
        ok=False,
    )
    assert extend.returncode == 1
    assert extend.stderr.strip().startswith("error: ROLE_REQUIRED")
    unknown = gongkai("request", "show", "2026-0042", env=env, ok=False)
    assert unknown.stderr.strip().startswith("error: REQUEST_NOT_FOUND")
    for result in (extend, unknown):
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_list_overdue_shows_late_answers_with_the_officer_and_unit(
    sqlite_env: dict[str, str],
) -> None:
    env = sqlite_env
    handler = officer("周丽", "request_handler", env)
    late = receive(handler, env)["number"]
    duplicate = ("--outcome", "not_processed.duplicate", "--reasons", "重复申请", "--article", "36")
    state("answer", late, *duplicate, "--date", "2026-03-16", "--as", handler, env=env)
    receive(handler, env, "--date", "2026-03-02")

    rows = json.loads(
        gongkai("request", "list", "--overdue", "--today", "2026-03-20", "--json", env=env).stdout
    )
    assert [(r["number"], r["late"], r["answered_by"], r["answered_unit"]) for r in rows] == [
        (late, True, handler, "政务公开科")
    ]
    text = gongkai("request", "list", "--overdue", "--today", "2026-03-20", env=env).stdout
    assert "LATE" in text and handler in text


def test_calendar_show_prints_a_recorded_year_and_explains_a_missing_one(
    sqlite_env: dict[str, str],
) -> None:
    env = sqlite_env
    shown = json.loads(gongkai("calendar", "show", "2026", "--json", env=env).stdout)
    assert shown["recorded"] is True and "2026-02-17" in shown["holidays"]
    missing = gongkai("calendar", "show", "2199", env=env)
    assert "not recorded" in missing.stdout and "provisional" in missing.stdout


def test_fee_notice_received_statistics_and_remedy_cases_from_the_command_line(
    sqlite_env: dict[str, str],
) -> None:
    env = sqlite_env
    handler, head = officer("周丽", "request_handler", env), officer("徐婷", "office_head", env)
    number = receive(handler, env)["number"]
    noticed = state(
        "fee-notice", number, "--pages", "31", "--date", "2026-03-02", "--as", handler, env=env
    )
    assert noticed["fees"][0]["payment_due"] is None  # not received yet: the 20 days wait
    received = state(
        "fee-notice-received", number, "--date", "2026-03-04", "--as", handler, env=env
    )
    fee = received["fees"][0]
    assert (fee["payment_due"], fee["payment_due_provisional"]) == ("2026-04-01", False)

    gongkai(
        "report", "statistic", "2026", "--row", "penalties", "--unit", "城管局",
        "--figure", "17", "--source", "城管局统计表", "--as", head, env=env,
    )  # fmt: skip
    filed = gongkai(
        "remedy", "file", "示复〔2026〕9号", "--kind", "reconsideration",
        "--subject", "third_party", "--date", "2026-05-06", "--as", handler, env=env,
    )  # fmt: skip
    assert json.loads(filed.stdout)["result"] == "pending"
    report = json.loads(gongkai("report", "annual", "2026", "--json", env=env).stdout)
    tables = {table["number"]: table for table in report["tables"]}
    rows = {row["label"]: row["values"] for table in tables.values() for row in table["rows"]}
    assert rows["行政处罚"] == {"本年处理决定数量": 17}
    assert rows["行政复议"]["尚未审结"] == 1

    refused = gongkai(
        "report", "statistic", "2026", "--row", "penalties", "--unit", "城管局",
        "--figure", "17", "--source", "x", "--as", handler, env=env, ok=False,
    )  # fmt: skip
    assert refused.returncode == 1 and "ROLE_REQUIRED" in refused.stderr
