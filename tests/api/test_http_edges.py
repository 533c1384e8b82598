"""The HTTP edges an attacker reaches first: links and shown commands that never echo
the ``Host`` header, a bound on request headers (431), authentication before the body
is parsed, and security headers on every HTML response (no CDN-served /docs)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.http.deps import DEFAULT_PUBLIC_URL
from api.http.middleware.guards import HEADER_LIMIT, HTML_SECURITY_HEADERS
from tests.api.test_pagination import publish
from tests.support.hardening_office import HttpOffice, office_on

EVIL = {"Host": "evil.example"}


@pytest.fixture(scope="module")
def office(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HttpOffice]:
    with office_on(backend, tmp_path_factory.mktemp("http-edges")) as opened:
        publish(opened, 1)
        publish(opened, 2)
        yield opened


# -- links from the configured public URL, never from Host ----------------------------


def test_the_next_link_uses_the_public_url_not_the_host_header(
    office: HttpOffice, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GONGKAI_PUBLIC_URL", raising=False)
    following = office.client.get("/v1/catalogue?limit=1", headers=EVIL).json()["next"]
    assert following.startswith(f"{DEFAULT_PUBLIC_URL}/v1/catalogue?")
    assert "limit=1" in following and "cursor=" in following
    assert "evil.example" not in following


def test_the_public_url_is_configured_by_the_environment(
    office: HttpOffice, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GONGKAI_PUBLIC_URL", "https://gongkai.example.gov.cn/")
    following = office.client.get("/v1/catalogue?limit=1", headers=EVIL).json()["next"]
    assert following.startswith("https://gongkai.example.gov.cn/v1/catalogue?")
    home = office.client.get("/", headers=EVIL).text
    assert "--ledger https://gongkai.example.gov.cn " in home
    assert "evil.example" not in home


def test_the_home_page_commands_ignore_the_host_header(
    office: HttpOffice, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GONGKAI_PUBLIC_URL", raising=False)
    home = office.client.get("/", headers=EVIL)
    assert home.status_code == 200
    assert "evil.example" not in home.text
    assert f"curl -s {DEFAULT_PUBLIC_URL}/v1/checkpoint" in home.text


# -- request header size --------------------------------------------------------------


def test_headers_over_the_limit_are_refused_with_431_problem_json(office: HttpOffice) -> None:
    response = office.client.get("/healthz", headers={"X-Padding": "x" * HEADER_LIMIT})
    assert response.status_code == 431
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "HEADERS_TOO_LARGE"
    assert response.json()["limit"] == HEADER_LIMIT


def test_many_small_headers_count_together(office: HttpOffice) -> None:
    headers = {f"X-Part-{n}": "y" * 100 for n in range(HEADER_LIMIT // 100)}
    assert office.client.get("/healthz", headers=headers).status_code == 431


def test_ordinary_headers_pass(office: HttpOffice) -> None:
    response = office.client.get("/healthz", headers={"X-Padding": "x" * 4096})
    assert response.status_code == 200


# -- authentication before the body ----------------------------------------------------


def test_an_anonymous_write_with_malformed_json_is_unauthenticated(office: HttpOffice) -> None:
    response = office.client.post(
        "/v1/items", content=b"{", headers={"content-type": "application/json"}
    )
    assert response.status_code == 401
    assert response.json()["code"] == "UNAUTHENTICATED"


def test_an_unknown_token_with_malformed_json_is_refused(office: HttpOffice) -> None:
    headers = {"content-type": "application/json", "Authorization": "Bearer nope"}
    response = office.client.post("/v1/items", content=b"{", headers=headers)
    assert response.status_code == 401
    assert response.json()["code"] == "TOKEN_INVALID"


def test_an_officer_without_the_role_and_malformed_json_is_forbidden(office: HttpOffice) -> None:
    response = office.request(
        "POST", "/v1/items", "inspector", content=b"{", headers={"content-type": "application/json"}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "ROLE_REQUIRED"


def test_an_officer_with_the_role_and_malformed_json_gets_the_validation_problem(
    office: HttpOffice,
) -> None:
    response = office.request(
        "POST", "/v1/items", "drafter", content=b"{", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "VALIDATION_FAILED"


# -- security headers on HTML; no /docs ------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/verify",
        "/catalogue",
        "/requests",
        "/items/no-such-item",
        "/v1/reports/annual/2026?format=html",
    ],
)
def test_every_html_response_carries_the_security_headers(office: HttpOffice, path: str) -> None:
    response = office.client.get(path)
    if not response.headers.get("content-type", "").startswith("text/html"):
        pytest.skip(f"{path} does not answer with HTML")
    for name, value in HTML_SECURITY_HEADERS.items():
        assert response.headers[name] == value
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_the_annual_report_as_html_has_the_security_headers(office: HttpOffice) -> None:
    response = office.client.get("/v1/reports/annual/2026?format=html")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in response.headers["content-security-policy"]


def test_no_cdn_documentation_pages_but_the_openapi_document_stays(office: HttpOffice) -> None:
    assert office.client.get("/docs").status_code == 404
    assert office.client.get("/redoc").status_code == 404
    assert office.client.get("/openapi.json").status_code == 200
