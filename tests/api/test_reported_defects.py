"""Defects found by the hardening work in routes owned by others, each reproduced
exactly and marked ``xfail(strict=True)``: the suite stays green while they are open,
and each test fails (XPASS) the moment its defect is fixed, so its mark gets removed.

Found by ``test_schemathesis.py`` (``GONGKAI_SCHEMATHESIS_SCALE=8``) and by probing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.support.hardening_office import HttpOffice, office_on

BIG = 2**63  # one past the largest 64-bit integer SQLite and PostgreSQL can store


@pytest.fixture(scope="module")
def office(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HttpOffice]:
    with office_on(backend, tmp_path_factory.mktemp("defects")) as opened:
        yield opened


def _backend(office: HttpOffice) -> str:
    return "postgres" if "postgres" in office.services.ledger.backend.url else "sqlite"


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


def test_a_nul_character_in_a_command_cannot_stop_the_read_models(tmp_path: Path) -> None:
    # PostgreSQL only (SQLite stores NUL in text), and on a ledger of its own: the
    # poisoned entry would stop the shared one's read models for the other tests.
    with office_on("postgres", tmp_path) as office:
        sha = office.request("POST", "/v1/content", "drafter", content=b"nul").json()["sha256"]
        body = {
            "title": "含\u0000空字符的标题",
            "category": "normative_documents",
            "formed_on": date.today().isoformat(),
            "attribute": "proactive",
            "attribute_basis": "主动公开",
            "content_sha256": sha,
        }
        response = office.request("POST", "/v1/items", "drafter", json=body)
        if response.status_code == 201:  # accepted: then the read models must still follow
            office.services.settle()
        else:
            assert response.status_code == 422


def test_two_concurrent_catch_ups_on_postgresql_do_not_fail(tmp_path: Path) -> None:
    with office_on("postgres", tmp_path) as office:
        services, drafter = office.services, office.officers["drafter"]
        sha = services.content.put(b"catch-up race")
        for n in range(60):
            services.items.draft(
                drafter,
                datetime.now(UTC),
                title=f"并发投影{n}",
                category="normative_documents",
                doc_number=None,
                formed_on=date.today(),
                attribute="proactive",
                attribute_basis="主动公开",
                content_sha256=sha,
                sealed_title=False,
                item_id=None,
            )
        services.ledger.integrate()
        barrier, errors = threading.Barrier(2), list[str]()

        def catch_up() -> None:
            barrier.wait(30)
            try:
                services.projections.catch_up()
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")

        threads = [threading.Thread(target=catch_up) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert not errors, errors
