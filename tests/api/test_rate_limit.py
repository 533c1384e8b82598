"""Per-client rate limits (issue 14, item 4): over its budget a client gets 429
problem+json with ``Retry-After``; the expensive tier (entries, proofs, reports) has its
own smaller budget; other clients, and the health checks, are unaffected; behind a
trusted proxy the client is the address the proxy vouches for."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from limits import parse

from api.http.app import create_app
from api.http.middleware.rate_settings import RateLimits, RateLimitSettingError
from api.http.middleware.ratelimit import client_address
from tests.support.hardening_office import HttpOffice, office_on

LIMITS = RateLimits(parse("8/minute"), parse("3/minute"), (ipaddress.ip_network("10.0.0.0/8"),))


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HttpOffice]:
    with office_on("sqlite", tmp_path_factory.mktemp("limits")) as opened:
        yield opened


def limited_client(office: HttpOffice, address: str = "192.0.2.7") -> TestClient:
    app = create_app(office.services, background=False, rate_limits=LIMITS)
    return TestClient(app, client=(address, 50000))


def test_the_expensive_tier_answers_429_with_retry_after(office: HttpOffice) -> None:
    client = limited_client(office)
    statuses = [client.get("/v1/entries?limit=1").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/v1/proof/inclusion?index=0")
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "RATE_LIMITED"
    assert refused.json()["tier"] == "expensive"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # the default tier still has budget, and the health checks are never limited
    assert client.get("/v1/checkpoint").status_code == 200
    assert all(client.get("/healthz").status_code == 200 for _ in range(20))


def test_the_default_tier_and_other_clients(office: HttpOffice) -> None:
    client = limited_client(office, "192.0.2.8")
    statuses = [client.get("/v1/vkey").status_code for _ in range(9)]
    assert statuses == [200] * 8 + [429]
    assert limited_client(office, "192.0.2.9").get("/v1/vkey").status_code == 200


def test_a_trusted_proxy_forwards_the_client_an_untrusted_peer_cannot_spoof() -> None:
    trusted = LIMITS.trusted_proxies

    def scope(peer: str, forwarded: str) -> dict[str, object]:
        return {"client": (peer, 1), "headers": [(b"x-forwarded-for", forwarded.encode())]}

    assert client_address(scope("10.0.0.2", "203.0.113.5"), trusted) == "203.0.113.5"
    # what the client wrote at the left is not believed past the proxies' own entries
    assert client_address(scope("10.0.0.2", "1.2.3.4, 203.0.113.5, 10.0.0.9"), trusted) == (
        "203.0.113.5"
    )
    assert client_address(scope("198.51.100.1", "203.0.113.5"), trusted) == "198.51.100.1"


def test_settings_from_the_environment() -> None:
    assert RateLimits.from_env({}) is None
    assert RateLimits.from_env({"GONGKAI_RATE_LIMIT": "off"}) is None
    limits = RateLimits.from_env(
        {
            "GONGKAI_RATE_LIMIT": "100/minute",
            "GONGKAI_RATE_LIMIT_EXPENSIVE": "5/second",
            "GONGKAI_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8",
        }
    )
    assert limits is not None
    assert (limits.default.amount, limits.expensive.amount) == (100, 5)
    assert len(limits.trusted_proxies) == 2
    with pytest.raises(RateLimitSettingError, match="GONGKAI_RATE_LIMIT"):
        RateLimits.from_env({"GONGKAI_RATE_LIMIT": "lots"})
    with pytest.raises(RateLimitSettingError, match="GONGKAI_TRUSTED_PROXIES"):
        RateLimits.from_env({"GONGKAI_RATE_LIMIT": "1/second", "GONGKAI_TRUSTED_PROXIES": "x"})
