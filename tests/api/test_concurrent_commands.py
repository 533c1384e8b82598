"""Concurrent writers on one stream through the API (issue 8.4): officers' clients race
the same command on the same item, each naming the version it saw; exactly one gets
200, every other 409 problem+json, and nothing is lost — the item's stream holds one
entry per step, in order, integrated into the log. (Separate server processes racing:
``tests/e2e/test_serve_robustness.py``.)"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from threading import Barrier
from typing import Any

import pytest

from tests.support.hardening_office import HttpOffice, office_on

RACERS = 6


@pytest.fixture(scope="module")
def office(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HttpOffice]:
    with office_on(backend, tmp_path_factory.mktemp("race")) as opened:
        yield opened


def race(office: HttpOffice, path: str, role: str, body: dict[str, Any]) -> list[tuple[int, str]]:
    """POST the same command from RACERS threads released together."""
    barrier = Barrier(RACERS)

    def post(_: int) -> tuple[int, str]:
        barrier.wait(30)
        response = office.request("POST", path, role, json=body)
        code = response.json().get("code", "") if response.status_code >= 400 else ""
        return response.status_code, code

    with ThreadPoolExecutor(RACERS) as pool:
        return list(pool.map(post, range(RACERS)))


def test_racing_item_commands_win_each_version_exactly_once(office: HttpOffice) -> None:
    sha = office.request("POST", "/v1/content", "drafter", content=b"race doc").json()["sha256"]
    draft = {
        "title": "关于并发测试的通知",
        "category": "normative_documents",
        "formed_on": date.today().isoformat(),
        "attribute": "proactive",
        "attribute_basis": "主动公开",
        "content_sha256": sha,
    }
    item = office.request("POST", "/v1/items", "drafter", json=draft).json()
    steps = [
        ("attribute-review", "attribute_reviewer", {"attribute": "proactive", "basis": "同意"}),
        ("secrecy-review", "secrecy_reviewer", {"content_sha256": sha, "result": "passed"}),
        ("approve", "approver", {"content_sha256": sha}),
        (
            "publish",
            "approver",
            {
                "content_sha256": sha,
                "channel": "政府网站",
                "published_on": date.today().isoformat(),
            },
        ),
    ]
    version = item["version"]
    for verb, role, body in steps:
        outcomes = race(
            office,
            f"/v1/items/{item['item_id']}/{verb}",
            role,
            {**body, "expected_version": version},
        )
        assert sorted(outcomes) == [(200, "")] + [(409, "CONCURRENT_APPEND")] * (RACERS - 1), verb
        version += 1

    stored = office.services.ledger.read(item["item_id"])
    assert [s.entry.seq for s in stored] == list(range(1, version + 1))
    assert [s.entry.type.split(".")[1] for s in stored] == [
        "Drafted",
        "AttributeReviewed",
        "SecrecyReviewed",
        "Approved",
        "Published",
    ]
    office.services.settle()
    assert all(office.services.ledger.leaf_index(s.leaf_hash) is not None for s in stored)
    public = office.request("GET", f"/v1/catalogue/{item['item_id']}")
    assert public.status_code == 200 and len(public.json()["versions"]) == 1


def test_racing_receipts_of_new_requests_lose_nothing(office: HttpOffice) -> None:
    body = {
        "channel": "online",
        "received_on": date.today().isoformat(),
        "applicant_type": "natural-person",
        "applicant": {"name": "赵六"},
        "description": "并发受理",
    }
    outcomes = race(office, "/v1/requests", "request_handler", body)
    assert [status for status, _ in outcomes] == [201] * RACERS  # distinct streams: all win
    listed = office.request("GET", "/v1/requests", "request_handler").json()["requests"]
    numbers = [row["number"] for row in listed]
    assert len(numbers) == len(set(numbers)) >= RACERS  # each got its own number
