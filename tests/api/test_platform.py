"""Two agencies on one platform (one PostgreSQL database, or SQLite files): each log
verifies on its own key with the unchanged verifier; no route, page, token or read
model of one sees the other's data; the supervising console shows both agencies'
overdue requests with links to the entries that prove them; a retired agency is
read-only."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.http.role_matrix import ROLE_MATRIX, is_public
from api.platform.app import Statuses, create_platform_app, open_all
from api.platform.registry import Registry, agency_database_url
from api.services import Services
from ledger.export import export
from tests.conftest import postgres_url_or_skip
from tests.support.platform import close_platform, two_agencies
from tests.support.workbench import PASSWORD, csrf_of, with_account
from verify.cli import main as verify_main

T0 = datetime(2026, 1, 5, 1, 30, tzinfo=UTC)
PERSON = {"name": "张三丰", "id_number": "110101199001011234"}


@dataclass
class Platform:
    registry: Registry
    services: dict[str, Services]
    slugs: tuple[str, str]
    tokens: dict[str, str]  # slug -> an officer's bearer token
    supervisor: str
    base_url: str | None

    def client(self) -> TestClient:
        app = create_platform_app(self.registry.data, self.services, background=False)
        return TestClient(app)


def _receive(services: Services, handler: str, received_on: date, what: str, n: int) -> None:
    services.requests.receive(
        handler,
        T0 + timedelta(minutes=n),
        channel="in-person",
        received_on=received_on,
        applicant=PERSON,
        applicant_type="natural-person",
        description=what,
    )


def _populate(services: Services, slug: str, requests: int) -> str:
    """A handler and ``requests`` overdue requests; the handler's token."""
    handler = services.office.add_officer(
        "officer-0001", "周丽", "政务公开科", ["request_handler"], T0
    )
    for n in range(requests):
        _receive(services, handler, date(2026, 1, 5), f"{slug} 请求 {n}", n + 1)
    services.settle()
    return services.tokens.issue(handler, 1, datetime.now(UTC))


@pytest.fixture(params=["sqlite", "postgres"])
def platform(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Platform]:
    base = None if request.param == "sqlite" else postgres_url_or_skip()
    registry = Registry(tmp_path / "data")
    slugs = two_agencies(registry, T0, base)
    services = open_all(registry, base)
    tokens = {
        slugs[0]: _populate(services[slugs[0]], slugs[0], 2),
        slugs[1]: _populate(services[slugs[1]], slugs[1], 1),
    }
    supervisor = registry.issue_supervisor_token("政务公开办", 1, datetime.now(UTC))
    try:
        yield Platform(registry, services, slugs, tokens, supervisor, base)
    finally:
        close_platform(services, base, slugs)


def test_each_agency_has_its_own_database(platform: Platform) -> None:
    a, b = (agency_database_url(platform.base_url, platform.registry, s) for s in platform.slugs)
    assert a != b
    if platform.base_url is not None:
        assert f"schema=agency_{platform.slugs[0]}&pool_size=1" in a


def test_each_log_verifies_on_its_own_key_only(platform: Platform, tmp_path: Path) -> None:
    services = [platform.services[s] for s in platform.slugs]
    files = []
    for n, agency in enumerate(services):
        files.append(tmp_path / f"{n}.jsonl")
        export(agency.ledger, files[-1])
    keys = [agency.ledger.vkey().to_text() for agency in services]
    assert keys[0] != keys[1]
    for path, key, other in ((files[0], keys[0], keys[1]), (files[1], keys[1], keys[0])):
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            assert verify_main(["export", str(path), "--vkey", key, "--jobs", "1"]) == 0
            assert verify_main(["export", str(path), "--vkey", other, "--jobs", "1"]) != 0


def test_a_token_of_one_agency_is_refused_on_the_other(platform: Platform) -> None:
    a, b = platform.slugs
    with platform.client() as client:
        for mine, theirs in ((a, b), (b, a)):
            auth = {"Authorization": f"Bearer {platform.tokens[mine]}"}
            assert client.get(f"/a/{mine}/v1/requests", headers=auth).status_code == 200
            refused = client.get(f"/a/{theirs}/v1/requests", headers=auth)
            assert refused.status_code == 401, refused.text
            assert refused.json()["code"] in ("TOKEN_INVALID", "UNAUTHENTICATED")


def test_no_route_or_read_model_of_one_sees_the_other(platform: Platform) -> None:
    a, b = platform.slugs
    with platform.client() as client:
        for slug, count, other in ((a, 2, b), (b, 1, a)):
            register = client.get(f"/a/{slug}/v1/requests/register").json()
            assert len(register["requests"]) == count
            origin = platform.services[slug].ledger.origin
            entries = client.get(f"/a/{slug}/v1/entries?limit=1000").json()["entries"]
            assert entries and all(e["entry"]["log"] == origin for e in entries)
            other_origin = platform.services[other].ledger.origin
            csv = client.get(f"/a/{slug}/downloads/register.csv").text.strip().splitlines()
            assert len(csv) == count + 1
            pages = ("/", "/requests", "/catalogue", "/feeds/register.atom", "/feeds/register.json")
            for page in pages:
                response = client.get(f"/a/{slug}{page}")
                assert response.status_code == 200, page
                assert other_origin not in response.text and other not in response.text


def test_an_agency_s_edge_guards_see_its_own_paths_under_the_prefix(platform: Platform) -> None:
    """The body limits by route, the NUL refusal under /v1/ and the rest of the
    agency's middleware match the agency's own path, not the mount's /a/<slug>/…"""
    a = platform.slugs[0]
    auth = {"Authorization": f"Bearer {platform.tokens[a]}"}
    with platform.client() as client:
        nul = client.get(f"/a/{a}/v1/entries?cursor=%00")
        assert nul.status_code == 422 and nul.json()["code"] == "INVALID_CHARACTER"
        # a 2 MiB file is within the content route's own limit (the default is 1 MiB):
        # the handler's token is refused for its role, not the body for its size
        upload = client.post(f"/a/{a}/v1/content", content=b"x" * (2 << 20), headers=auth)
        assert upload.status_code == 403, upload.text


def test_pages_link_under_the_agency_prefix(platform: Platform) -> None:
    a = platform.slugs[0]
    with platform.client() as client:
        home = client.get(f"/a/{a}/")
        index = client.get("/")
    assert home.status_code == 200
    assert f'href="/a/{a}/catalogue"' in home.text and 'href="/catalogue"' not in home.text
    assert all(f'href="/a/{slug}/"' in index.text for slug in platform.slugs)


def test_feeds_link_under_the_agency_prefix(platform: Platform) -> None:
    """Absolute links the agency writes itself (its feeds) carry its prefix too."""
    a = platform.slugs[0]
    with platform.client() as client:
        for path in ("/feeds/register.atom", "/feeds/register.json"):
            text = client.get(f"/a/{a}{path}").text
            links = re.findall(r"https?://[^\s\"<>,]+", text)
            ours = [link for link in links if "/requests" in link or "/v1/" in link]
            assert ours, (path, text[:300])
            assert all(f"/a/{a}/" in link for link in ours), (path, ours)


def test_the_console_shows_both_agencies_overdue_requests_with_proofs(
    platform: Platform,
) -> None:
    with platform.client() as client:
        assert client.get("/supervise.json").status_code == 401
        officer = {"Authorization": f"Bearer {platform.tokens[platform.slugs[0]]}"}
        assert client.get("/supervise.json", headers=officer).status_code == 401
        auth = {"Authorization": f"Bearer {platform.supervisor}"}
        summary = client.get("/supervise.json", headers=auth).json()
        by_slug = {row["slug"]: row for row in summary["agencies"]}
        assert [len(by_slug[s]["overdue"]) for s in platform.slugs] == [2, 1]
        assert summary["total"]["overdue"] == 3
        for slug in platform.slugs:
            for line in by_slug[slug]["overdue"]:
                entry = client.get(line["entry"]).json()["entry"]
                assert entry["log"] == platform.services[slug].ledger.origin
                assert client.get(line["proof"]).status_code == 200
        html = client.get("/supervise", headers=auth).text
        assert all(f'href="/a/{s}/v1/proof/inclusion?index=' in html for s in platform.slugs)


def test_a_retired_agency_is_read_only_and_says_so(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = platform.slugs
    monkeypatch.setattr(Statuses, "RECHECK_SECONDS", 0.0)
    auth = {"Authorization": f"Bearer {platform.tokens[a]}"}
    body = {
        "channel": "in-person",
        "received_on": "2026-02-06",
        "applicant_type": "natural-person",
        "applicant": PERSON,
        "description": "新申请",
    }
    with platform.client() as client:
        assert "已撤销" not in client.get(f"/a/{a}/").text
        platform.registry.retire(a, datetime.now(UTC))  # on the running server
        refused = client.post(f"/a/{a}/v1/requests", json=body, headers=auth)
        assert refused.status_code == 409 and refused.json()["code"] == "AGENCY_RETIRED"
        assert "已撤销" in client.get(f"/a/{a}/").text
        assert client.get(f"/a/{a}/v1/checkpoint").status_code == 200
        assert "已撤销" not in client.get(f"/a/{b}/").text


def test_an_agency_at_its_own_host_name_is_served_at_the_root_and_guarded_alike(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = platform.slugs[0]
    monkeypatch.setattr(Statuses, "RECHECK_SECONDS", 0.0)
    host = {"host": "jyj.example.gov.cn"}
    auth = {"Authorization": f"Bearer {platform.tokens[a]}", **host}
    app = create_platform_app(
        platform.registry.data, platform.services, background=False, hosts={host["host"]: a}
    )
    with TestClient(app) as client:
        home = client.get("/", headers=host)
        assert "示范市教育局" in home.text and 'href="/catalogue"' in home.text
        assert client.get("/", headers={"host": "other.example"}).text != home.text  # platform
        nul = client.get("/v1/entries?cursor=%00", headers=host)
        assert nul.json()["code"] == "INVALID_CHARACTER"
        platform.registry.retire(a, datetime.now(UTC))
        refused = client.post("/v1/requests", json={"description": "新申请"}, headers=auth)
        assert refused.status_code == 409 and refused.json()["code"] == "AGENCY_RETIRED"
        assert "已撤销" in client.get("/", headers=host).text


def test_an_officer_signs_in_to_the_own_agency_s_workbench_only(platform: Platform) -> None:
    a, b = platform.slugs
    with_account(platform.services[a], "officer-0002")
    with platform.client() as client:
        form = client.get(f"/a/{a}/workbench/sign-in")
        assert f'action="/a/{a}/workbench/sign-in"' in form.text
        data = {"csrf": csrf_of(form.text), "officer": "officer-0002", "password": PASSWORD}
        signed = client.post(f"/a/{a}/workbench/sign-in", data=data, follow_redirects=False)
        assert signed.status_code == 303, signed.text
        assert signed.headers["location"].startswith(f"/a/{a}/workbench")
        assert client.get(signed.headers["location"]).status_code == 200
        other = client.get(f"/a/{b}/workbench", follow_redirects=False)
        assert other.status_code == 303
        assert other.headers["location"].startswith(f"/a/{b}/workbench/sign-in")


# Real parameters where the route needs them: the agencies' requests are 2026-0001…,
# their first entries are at index 0; the rest may well be 404 (nothing to leak).
PARAMETERS = {
    "index": "0", "ref": "2026-0001", "name": "answer.pdf", "year": "2026",
    "unit": "政务公开科", "officer_id": "officer-0001", "item_id": "1" * 32,
    "sha256": "0" * 64, "stream_id": "00000000-0000-0000-0000-000000000000",
    "path": "0/000",
}  # fmt: skip
QUERIES = {
    "/v1/proof/inclusion": "?index=0",
    "/v1/proof/consistency": "?first=1&second=2",
}
GET_ROUTES = sorted(path for method, path in ROLE_MATRIX if method == "GET")


def _url(path: str) -> str:
    filled = re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: PARAMETERS[m.group(1)], path)
    return filled + QUERIES.get(path, "")


def test_the_route_list_covers_every_get_route_and_fills_every_parameter() -> None:
    assert len(GET_ROUTES) > 40
    assert all("{" not in _url(path) for path in GET_ROUTES)


@pytest.mark.parametrize("direction", [0, 1], ids=["a-asks-b", "b-asks-a"])
def test_no_get_route_of_one_agency_answers_with_the_others_data(
    platform: Platform, direction: int
) -> None:
    theirs, mine = platform.slugs[direction], platform.slugs[1 - direction]
    my_origin = platform.services[mine].ledger.origin
    mine_auth = {"Authorization": f"Bearer {platform.tokens[mine]}"}
    their_auth = {"Authorization": f"Bearer {platform.tokens[theirs]}"}
    leaks, answered = [], 0
    with platform.client() as client:
        for path in GET_ROUTES:
            url = f"/a/{theirs}{_url(path)}"
            foreign = client.get(url, headers=mine_auth)
            if not is_public("GET", path):
                assert foreign.status_code == 401, (path, foreign.status_code)
            own = client.get(url, headers=their_auth)
            answered += own.status_code == 200
            for answer in (foreign, own):
                if my_origin in answer.text or mine in answer.text:
                    leaks.append((path, answer.status_code))
    assert leaks == []
    assert answered > 25  # most routes answered with data, not a refusal
