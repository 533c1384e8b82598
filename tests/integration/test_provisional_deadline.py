"""A deadline that runs into a year with no recorded calendar is counted on weekends only
and marked provisional; recording that year with ``gongkai calendar set-year`` recomputes
it, and the request's history shows the ``DeadlineRecomputed`` entry by the admin.

The year is the first one the chinese-calendar package does not cover (2027 when this
was written: its holiday notice comes out in the autumn before), so the test keeps
working when the package learns 2027.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from domain.calendar.seed import covered_years, years_from_chinese_calendar
from domain.calendar.working_calendar import WorkingCalendar, YearCalendar
from tests.support.cli import gongkai as run_gongkai
from tests.support.request_office import ADMIN, Office, open_office

BIN = Path(sys.executable).parent
YEAR = covered_years()[-1] + 1  # the first year without a recorded calendar
RECEIVED = date(YEAR - 1, 12, 20)


def gongkai(*args: str, env: dict[str, str]) -> str:
    result = run_gongkai(args, env=env, timeout=120)
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stdout


def show(number: str, env: dict[str, str]) -> dict[str, Any]:
    return dict(json.loads(gongkai("request", "show", number, "--json", env=env)))


@pytest.fixture
def env(database_url: str, tmp_path: Path) -> dict[str, str]:
    environment = {
        **os.environ,
        "GONGKAI_DATA": str(tmp_path / "data"),
        "GONGKAI_DATABASE_URL": database_url,
        "GONGKAI_KEY_PASSPHRASE": "provisional",
    }
    gongkai(
        "init", "--origin", "provisional.gongkai.local/x", "--agency", "示范市", env=environment
    )
    return environment


@pytest.fixture
def office(database_url: str, tmp_path: Path) -> Iterator[Office]:
    yield from open_office(database_url, tmp_path)


def test_recording_the_missing_year_recomputes_the_provisional_deadline(
    env: dict[str, str],
) -> None:
    handler = gongkai(
        "officer", "add", "--name", "周丽", "--roles", "request_handler", "--as", ADMIN, env=env
    ).strip()
    received = json.loads(gongkai(
        "request", "receive", "--channel", "in-person", "--date", RECEIVED.isoformat(),
        "--applicant-type", "natural-person", "--applicant", "李四", "--description", "某信息",
        "--as", handler, "--json", env=env,
    ))  # fmt: skip
    number = received["number"]
    assert received["answer_due_provisional"] is True
    assert date.fromisoformat(received["answer_due"]).year == YEAR

    # a synthetic notice: 元旦 (known already) and the provisional due date itself
    moved = date.fromisoformat(received["answer_due"])
    gongkai(
        "calendar", "set-year", str(YEAR), "--holidays", f"{YEAR}-01-01,{moved}",
        "--as", ADMIN, env=env,
    )  # fmt: skip
    after = show(number, env)
    recorded_year = YearCalendar.create(YEAR, [date(YEAR, 1, 1), moved], [])
    expected = WorkingCalendar([*years_from_chinese_calendar(), recorded_year])
    assert after["answer_due"] == expected.add_working_days(RECEIVED, 20).due.isoformat()
    assert after["answer_due_provisional"] is False
    recomputed = after["history"][-1]
    assert (recomputed["event"], recomputed["actor"]) == ("DeadlineRecomputed", ADMIN)
    assert recomputed["data"]["previous"] == received["answer_due"]
    assert date.fromisoformat(after["answer_due"]) > moved
    if YEAR == 2027:  # 元旦 (Fri 1 January) is skipped before the notice is recorded
        assert (received["answer_due"], after["answer_due"]) == ("2027-01-18", "2027-01-19")

    [row] = json.loads(gongkai("request", "register", "--json", env=env))
    assert (row["answer_due"], row["answer_due_provisional"]) == (after["answer_due"], False)


def test_a_request_received_in_an_unrecorded_year_is_counted_on_fixed_holidays(
    office: Office,
) -> None:
    request = office.receive(date(YEAR, 1, 4))
    due = request.answer_due(office.services.requests.calendar())

    assert request.number == f"{YEAR}-0001"
    assert due is not None and due.provisional is True
    assert due.due == WorkingCalendar().add_working_days(date(YEAR, 1, 4), 20).due
