"""Dates and day counts an officer types are sanity-checked before anything is recorded
(issue 14, item 7): a receipt in 9999, a document formed in 0001 and a supplement period
of 10^9 working days are quick 422s, not a request numbered 9999-0001 or seconds of CPU.
The window is the server's real default here (dates up to one day ahead of today in China,
the server's clock: a day ahead of the UTC date for eight hours of every day)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from api import date_windows
from api.clock import today as china_today
from domain.date_window import FOUNDING, REGULATION_IN_FORCE
from tests.support.hardening_office import HttpOffice, office_on


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HttpOffice]:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(date_windows.AHEAD_ENV, raising=False)
        with office_on("sqlite", tmp_path_factory.mktemp("windows")) as opened:
            yield opened


def receipt(received_on: str) -> dict[str, Any]:
    return {
        "channel": "in-person",
        "received_on": received_on,
        "applicant_type": "natural-person",
        "applicant": {"name": "赵六"},
        "description": "请求公开某项目资金明细",
    }


def draft(office: HttpOffice, formed_on: str) -> dict[str, Any]:
    sha = office.request("POST", "/v1/content", "drafter", content=b"window doc").json()["sha256"]
    return {
        "title": "关于日期范围的通知",
        "category": "normative_documents",
        "formed_on": formed_on,
        "attribute": "proactive",
        "attribute_basis": "主动公开",
        "content_sha256": sha,
    }


def assert_out_of_range(response: Any, field: str) -> None:
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["code"] == "DATE_OUT_OF_RANGE"
    assert problem["evidence"]["field"] == field


@pytest.mark.parametrize(
    "received_on",
    ["9999-12-01", (china_today() + timedelta(days=3)).isoformat(), "2008-04-30", "0001-01-01"],
)
def test_a_receipt_date_outside_the_window_is_refused(office: HttpOffice, received_on: str) -> None:
    response = office.request("POST", "/v1/requests", "request_handler", json=receipt(received_on))
    assert_out_of_range(response, "received_on")
    register = office.request("GET", "/v1/requests/register").json()
    assert not any(row["number"].startswith("9999") for row in register["requests"])


def test_receipt_dates_inside_the_window_are_recorded(office: HttpOffice) -> None:
    for day in (REGULATION_IN_FORCE, china_today()):
        response = office.request(
            "POST", "/v1/requests", "request_handler", json=receipt(day.isoformat())
        )
        assert response.status_code == 201, response.text


@pytest.mark.parametrize(
    "formed_on", ["0001-01-01", "1949-09-30", (china_today() + timedelta(days=2)).isoformat()]
)
def test_a_formation_date_outside_the_window_is_refused(office: HttpOffice, formed_on: str) -> None:
    response = office.request("POST", "/v1/items", "drafter", json=draft(office, formed_on))
    assert_out_of_range(response, "formed_on")


def test_the_founding_day_is_a_formation_date(office: HttpOffice) -> None:
    body = draft(office, FOUNDING.isoformat())
    assert office.request("POST", "/v1/items", "drafter", json=body).status_code == 201


def test_a_period_of_a_billion_working_days_is_refused_before_it_is_counted(
    office: HttpOffice,
) -> None:
    created = office.request(
        "POST", "/v1/requests", "request_handler", json=receipt(china_today().isoformat())
    ).json()
    response = office.request(
        "POST",
        f"/v1/requests/{created['number']}/supplement-notice",
        "request_handler",
        json={"on": china_today().isoformat(), "items": ["身份证明"], "allowed_days": 10**9},
    )
    assert response.status_code == 422, response.text
    assert response.json()["code"] in {"PERIOD_TOO_LONG", "SUPPLEMENT_PERIOD_INVALID"}


def test_unreadable_window_settings_name_the_variable() -> None:
    with pytest.raises(date_windows.DateWindowSettingError, match=date_windows.AHEAD_ENV):
        date_windows.received_window({date_windows.AHEAD_ENV: "tomorrow"})
    with pytest.raises(date_windows.DateWindowSettingError, match=date_windows.FORMED_ENV):
        date_windows.formed_window({date_windows.FORMED_ENV: "1949/10/01"})
    window = date_windows.received_window({date_windows.RECEIVED_ENV: "2019-05-15"})
    assert window.earliest == date(2019, 5, 15) and window.ahead_days == 1


@pytest.mark.parametrize(
    ("title", "code"), [("通知\u202etxt.exe", "TEXT_BIDI_CONTROL"), ("\u200b", "TEXT_INVISIBLE")]
)
def test_titles_that_do_not_show_what_they_hold_are_refused(
    office: HttpOffice, title: str, code: str
) -> None:
    body = {**draft(office, china_today().isoformat()), "title": title}
    response = office.request("POST", "/v1/items", "drafter", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == code
