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
