"""A query value beyond what the database can store or the calendar can reach is a
client error, never a 500: sizes and years past 64 bits, a period ending on the last
representable day. Found by ``test_schemathesis.py`` (``GONGKAI_SCHEMATHESIS_SCALE=8``)
and by probing; each case now guards its fix.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.hardening_office import HttpOffice, office_on

BIG = 2**63  # one past the largest 64-bit integer SQLite and PostgreSQL can store


@pytest.fixture(scope="module")
def office(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HttpOffice]:
    with office_on(backend, tmp_path_factory.mktemp("out-of-range")) as opened:
        yield opened


def _no_server_error(office: HttpOffice, path: str, role: str | None = None) -> None:
    response = office.request("GET", path, role)
    assert response.status_code < 500, f"{response.status_code}: {response.text[:200]}"


def test_a_checkpoint_size_beyond_64_bits_is_a_client_error(office: HttpOffice) -> None:
    _no_server_error(office, f"/v1/checkpoint?size={BIG}")


def test_a_request_list_year_beyond_64_bits_is_a_client_error(office: HttpOffice) -> None:
    _no_server_error(office, f"/v1/requests?year={BIG}", "request_handler")


def test_an_accountability_period_ending_on_the_last_representable_day_is_not_a_500(
    office: HttpOffice,
) -> None:
    officer = office.officers["drafter"]
    _no_server_error(office, f"/v1/accountability/officers/{officer}?to=9999-12-31", "inspector")


# --- cursors, request numbers, years and dates from the query or the path ------------
# Each is parsed from ASCII digits only, within 64 bits: ``int()`` accepts neither more
# than 4,300 digits nor every character ``str.isdigit()`` does (², ③, ①), and
# ``date.min`` has no day before it.

NINES = "9" * 5000
PAST_64_BITS = "2026-9999999999999999999"  # serial 10**19 - 1, past a signed BIGINT
UNICODE_DIGITS = ("²", "③", "①", "٣")  # superscript, circled, Arabic-Indic


def _problem(office: HttpOffice, path: str, role: str | None, code: str) -> None:
    response = office.request("GET", path, role)
    assert 400 <= response.status_code < 500, f"{response.status_code}: {response.text[:200]}"
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == code


def _error_page(office: HttpOffice, path: str) -> None:
    response = office.request("GET", path)
    assert 400 <= response.status_code < 500, f"{response.status_code}: {response.text[:200]}"
    assert response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(
    "cursor",
    [PAST_64_BITS, f"2026-{NINES}", f"{NINES}-0001"]
    + [f"2026-{d * 4}" for d in UNICODE_DIGITS]
    + [f"{d * 4}-0001" for d in UNICODE_DIGITS],
)
def test_a_register_cursor_that_is_no_request_number_is_cursor_invalid(
    office: HttpOffice, cursor: str
) -> None:
    _problem(office, f"/v1/requests/register?cursor={cursor}", None, "CURSOR_INVALID")
    _error_page(office, f"/requests?cursor={cursor}")


@pytest.mark.parametrize("cursor", ["2026-" + "②" * 4, "2026-" + "٣" * 4, "２０２６-0001"])
def test_an_officer_list_cursor_that_is_no_request_number_is_cursor_invalid(
    office: HttpOffice, cursor: str
) -> None:
    _problem(office, f"/v1/requests?cursor={cursor}", "request_handler", "CURSOR_INVALID")


@pytest.mark.parametrize("year", ["0" * 5000 + "2026", "²⁰²⁶", "٢٠٢٦", "9" * 5000])
def test_a_register_page_year_that_is_no_year_is_a_bad_request(
    office: HttpOffice, year: str
) -> None:
    _error_page(office, f"/requests?year={year}")


@pytest.mark.parametrize("cursor", [NINES, str(BIG), *UNICODE_DIGITS, "1" + "²"])
@pytest.mark.parametrize(
    ("path", "role"),
    [
        ("/v1/catalogue", None),
        ("/v1/catalogue/withdrawals", None),
        ("/v1/items", "drafter"),
    ],
)
def test_a_catalogue_cursor_that_is_no_log_index_is_refused(
    office: HttpOffice, path: str, role: str | None, cursor: str
) -> None:
    _problem(office, f"{path}?cursor={cursor}", role, "VALIDATION_FAILED")


@pytest.mark.parametrize("cursor", [NINES, str(BIG), *UNICODE_DIGITS, "1" + "²"])
def test_a_catalogue_page_cursor_that_is_no_log_index_is_a_bad_request(
    office: HttpOffice, cursor: str
) -> None:
    _error_page(office, f"/catalogue?cursor={cursor}")


@pytest.mark.parametrize("year", ["0" * 5000 + "2025", "²⁰²⁵", "٢٠٢٥", "③" * 4, NINES])
def test_a_report_page_year_that_is_no_year_is_not_found(office: HttpOffice, year: str) -> None:
    _error_page(office, f"/reports/{year}")


@pytest.mark.parametrize(
    "ref",
    [f"2026-{'1' * 5000}", PAST_64_BITS, f"{NINES}-0001", "2026-" + "③" * 4, "2026-" + "٣" * 4],
)
def test_a_request_number_beyond_reach_is_request_not_found(office: HttpOffice, ref: str) -> None:
    _problem(office, f"/v1/requests/{ref}", "request_handler", "REQUEST_NOT_FOUND")


def test_an_accountability_period_from_the_first_representable_day_is_not_a_500(
    office: HttpOffice,
) -> None:
    for path in (
        "/v1/accountability/units/办公室?from=0001-01-01",  # the admin's unit
        "/v1/accountability/units/没有的科室?from=0001-01-01&to=0001-01-01",
        "/v1/accountability/units/政务公开科?from=0001-01-01",
        f"/v1/accountability/officers/{office.officers['drafter']}?from=0001-01-01",
        f"/v1/accountability/officers/{office.officers['drafter']}?from=0001-01-01&to=9999-12-31",
    ):
        response = office.request("GET", path, "inspector")
        if "没有" in path:
            assert response.json()["code"] == "UNIT_NOT_FOUND"
            continue
        assert response.status_code == 200, f"{response.status_code}: {response.text[:200]}"
        assert response.json()["from"] == "0001-01-01"


def test_a_period_from_the_first_representable_day_counts_every_action(
    office: HttpOffice,
) -> None:
    officer = office.officers["admin"]
    path = f"/v1/accountability/officers/{officer}"
    whole = office.request("GET", path, "inspector").json()
    since = office.request("GET", f"{path}?from=0001-01-01", "inspector").json()
    since_999 = office.request("GET", f"{path}?from=0999-12-31", "inspector").json()
    assert whole["action_count"] > 0
    assert since["action_count"] == since_999["action_count"] == whole["action_count"]
