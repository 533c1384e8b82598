"""The public feeds and downloads over TestClient, on SQLite and PostgreSQL: the Atom
feeds parse with ``feedparser``, each entry links to its ledger entry and an inclusion
proof that checks, the JSON Feed is version 1.1, the CSVs open with a BOM and carry the
索引号, nothing personal is in any of them, and a change rebuilds the cached body."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.pages import _feeds
from api.services import Services
from tests.api.test_pages import (
    APPLICANTS,
    DESCRIPTION,
    OFFICERS,
    Office,
    build_office,
)
from tests.conftest import drop_schema, postgres_url_or_skip
from verify.merkle import verify_inclusion

BASE = "https://gongkai.example.gov.cn"


@pytest.fixture(scope="module")
def office(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    data = tmp_path_factory.mktemp("feeds") / "data"
    url = None if backend == "sqlite" else postgres_url_or_skip()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GONGKAI_KEY_PASSPHRASE", "test-passphrase")
        patch.setenv("GONGKAI_PUBLIC_URL", BASE)
        patch.setattr(_feeds, "RECHECK_SECONDS", 0.0)
        services = Services.open(data, url)
        try:
            yield build_office(services)
        finally:
            services.close()
            if url:
                drop_schema(url)


@pytest.fixture(scope="module")
def client(office: Office) -> TestClient:
    return TestClient(create_app(office.services, background=False))


def _no_personal_data(text: str) -> None:
    for secret in [*OFFICERS.values(), "管理员", *APPLICANTS, *APPLICANTS.values(), DESCRIPTION]:
        assert secret not in text


def _proof_checks(client: TestClient, link: str) -> None:
    query = parse_qs(urlsplit(link).query)
    index, size = int(query["index"][0]), int(query["size"][0])
    proof = client.get(f"/v1/proof/inclusion?index={index}&size={size}").json()
    entry = client.get(f"/v1/entries/{index}").json()
    checkpoint = client.get("/v1/checkpoint").text.splitlines()
    assert int(checkpoint[1]) == size
    import base64

    root = base64.b64decode(checkpoint[2])
    verify_inclusion(
        index,
        size,
        bytes.fromhex(entry["leaf_hash"]),
        [bytes.fromhex(h) for h in proof["hashes"]],
        root,
    )


class TestAtom:
    def test_the_publications_feed_parses_and_names_every_published_version(
        self, client: TestClient
    ) -> None:
        response = client.get("/feeds/publications.atom")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/atom+xml")
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.bozo_exception
        titles = [e.title for e in feed.entries]
        assert any("示范市2026年财政预算公开说明" in t for t in titles)
        assert any(t.startswith("更正") and "工作规定" in t for t in titles)
        assert len(titles) == 5  # four first publications and one republished correction
        _no_personal_data(response.text)

    def test_every_feed_entry_links_to_its_item_and_a_proof_that_checks(
        self, client: TestClient
    ) -> None:
        for name in _feeds.FEEDS:
            feed = feedparser.parse(client.get(f"/feeds/{name}.atom").content)
            assert feed.entries, name
            for entry in feed.entries:
                rels = {link.rel: link.href for link in entry.links}
                assert rels["alternate"].startswith(BASE)
                assert entry.id.startswith(f"{BASE}/v1/entries/")
                _proof_checks(client, rels["related"])

    def test_the_changes_feed_has_the_correction_and_the_withdrawal(
        self, client: TestClient
    ) -> None:
        feed = feedparser.parse(client.get("/feeds/changes.atom").content)
        kinds = sorted(e.title.split("：")[0] for e in feed.entries)
        assert kinds == ["撤回 Withdrawn", "更正 Corrected"]

    def test_the_register_feed_shows_numbers_and_status_never_the_applicant(
        self, client: TestClient
    ) -> None:
        response = client.get("/feeds/register.atom")
        feed = feedparser.parse(response.content)
        assert sorted(e.title for e in feed.entries)[0].startswith("申请 2026-0001")
        _no_personal_data(response.text)

    def test_an_unknown_feed_is_a_404_page(self, client: TestClient) -> None:
        assert client.get("/feeds/secrets.atom").status_code == 404


class TestJsonFeed:
    def test_the_json_feed_is_version_1_1_with_proof_links(self, client: TestClient) -> None:
        response = client.get("/feeds/publications.json")
        assert response.headers["content-type"].startswith("application/feed+json")
        body = json.loads(response.content)
        assert body["version"] == "https://jsonfeed.org/version/1.1"
        assert len(body["items"]) == 5
        for item in body["items"]:
            _proof_checks(client, item["_gongkai"]["proof"])


class TestCsv:
    def test_the_catalogue_csv_starts_with_a_bom_and_has_an_index_number_per_item(
        self, client: TestClient
    ) -> None:
        response = client.get("/downloads/catalogue.csv")
        assert response.content.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0][0] == "索引号"
        numbers = [r[0] for r in rows[1:]]
        assert len(numbers) == 4 and len(set(numbers)) == 4
        assert all(n.startswith("2026-") for n in numbers)
        assert "attachment" in response.headers["content-disposition"]

    def test_the_register_csv_has_every_request_and_nothing_personal(
        self, client: TestClient
    ) -> None:
        response = client.get("/downloads/register.csv")
        text = response.content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert [r[0] for r in rows[1:]] == ["2026-0001", "2026-0002"]
        _no_personal_data(text)


class TestCache:
    def test_a_cached_body_answers_304_to_its_etag(self, client: TestClient) -> None:
        first = client.get("/feeds/publications.atom")
        again = client.get(
            "/feeds/publications.atom", headers={"If-None-Match": first.headers["etag"]}
        )
        assert again.status_code == 304

    def test_a_new_publication_rebuilds_the_feed_and_the_csv(
        self, client: TestClient, office: Office
    ) -> None:
        before = client.get("/downloads/catalogue.csv").content
        office.publish("late", b"new\n", "新近发布的通知", "other", date(2026, 3, 20))
        office.services.settle()
        after = client.get("/downloads/catalogue.csv").content
        assert after != before and "新近发布的通知" in after.decode("utf-8-sig")
        feed = feedparser.parse(client.get("/feeds/publications.atom").content)
        assert "新近发布的通知" in feed.entries[0].title


def test_pages_announce_the_feeds_for_discovery(client: TestClient, tmp_path: Path) -> None:
    html = client.get("/catalogue").text
    assert 'rel="alternate" type="application/atom+xml"' in html
    assert 'href="/feeds/publications.atom"' in html
    page = client.get("/feeds")
    assert page.status_code == 200 and "/downloads/catalogue.csv" in page.text
