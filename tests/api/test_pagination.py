"""Pagination with stable cursors on every list (issue 8.3): walking a list page by page
yields each row exactly once, even when rows are added between pages.

Paginated (cursor = a log index or a request number, immutable): ``/v1/entries``,
``/v1/catalogue`` (+ ``/withdrawals``, ``/non-disclosures``), ``/v1/items``,
``/v1/requests/register``, ``/v1/requests``, and the actions of an officer's and of a
unit's accountability record. ``/v1/keys`` and ``/v1/documents/{sha256}`` are
unpaginated but bounded by the key registry and by one document's history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from tests.support.hardening_office import HttpOffice, office_on


@pytest.fixture(scope="module")
def office(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HttpOffice]:
    with office_on(backend, tmp_path_factory.mktemp("pages")) as opened:
        yield opened


def publish(office: HttpOffice, n: int) -> str:
    services, o, now, today = office.services, office.officers, datetime.now(UTC), date.today()
    sha = services.content.put(f"分页测试文件{n}".encode())
    item = services.items.draft(
        o["drafter"],
        now,
        title=f"分页测试{n}",
        category="normative_documents",
        doc_number=None,
        formed_on=today,
        attribute="proactive",
        attribute_basis="主动公开",
        content_sha256=sha,
        sealed_title=False,
        item_id=None,
    )
    items = services.items
    items.review_attribute(item.id, o["attribute_reviewer"], now, attribute="proactive", basis="可")
    items.review_secrecy(item.id, o["secrecy_reviewer"], now, content_sha256=sha, result="passed")
    items.approve(item.id, o["approver"], now, content_sha256=sha)
    items.publish(
        item.id,
        o["approver"],
        now,
        content_sha256=sha,
        channel="网站",
        url=None,
        published_on=today,
    )
    services.settle()
    return item.id


def receive(office: HttpOffice, n: int) -> str:
    request = office.services.requests.receive(
        office.officers["request_handler"],
        datetime.now(UTC),
        channel="online",
        received_on=date.today(),
        applicant={"name": f"申请人{n}"},
        applicant_type="natural-person",
        description=f"分页测试申请{n}",
    )
    office.services.settle()
    return request.id


def walk(
    office: HttpOffice,
    path: str,
    rows: str,
    key: str,
    cursor: Callable[[dict[str, Any]], str | None],
    param: str = "cursor",
    role: str | None = None,
    between: Callable[[], object] = lambda: None,
    limit: int = 2,
) -> list[Any]:
    """Every row's ``key`` over all pages of ``limit``, calling ``between`` after each."""
    seen: list[Any] = []
    url = f"{path}?limit={limit}"
    for _ in range(1000):
        page = office.request("GET", url, role)
        assert page.status_code == 200, page.text
        body = page.json()
        seen.extend(row[key] for row in body[rows])
        following = cursor(body)
        if following is None:
            return seen
        between()
        url = f"{path}?limit={limit}&{param}={following}"
    raise AssertionError("the pages never end")


def test_the_catalogue_walk_yields_each_published_item_once_while_more_are_published(
    office: HttpOffice,
) -> None:
    before = {publish(office, n) for n in range(5)}
    added = iter(range(100, 110))
    seen = walk(
        office,
        "/v1/catalogue",
        "items",
        "item_id",
        lambda body: body["next_cursor"],
        between=lambda: publish(office, next(added)),
    )
    assert len(seen) == len(set(seen))
    assert before <= set(seen)  # newest first: what is published meanwhile comes before


def test_the_officers_item_list_walk_yields_each_item_once(office: HttpOffice) -> None:
    for n in range(6):  # its own items: xdist may run it before the other item tests
        publish(office, 300 + n)
    seen = walk(
        office,
        "/v1/items",
        "items",
        "item_id",
        lambda body: body["next_cursor"],
        role="inspector",
        between=lambda: publish(office, 200),
    )
    assert len(seen) == len(set(seen)) >= 5


def test_the_public_register_walk_yields_each_request_once_while_more_arrive(
    office: HttpOffice,
) -> None:
    for n in range(5):
        receive(office, n)
    added = iter(range(100, 110))
    seen = walk(
        office,
        "/v1/requests/register",
        "requests",
        "number",
        lambda body: body["next_cursor"],
        between=lambda: receive(office, next(added)),
    )
    assert len(seen) == len(set(seen)) >= 5


def test_the_entry_walk_is_the_whole_log_in_order_while_it_grows(office: HttpOffice) -> None:
    seen = walk(
        office,
        "/v1/entries",
        "entries",
        "index",
        lambda body: body["next"],
        param="start",
        between=lambda: receive(office, 300),
        limit=50,
    )
    assert seen == list(range(len(seen)))
    assert len(seen) == office.services.ledger.checkpoint_size()


def test_the_officers_request_list_is_paginated(office: HttpOffice) -> None:
    for n in range(3):
        receive(office, 400 + n)
    body = office.request("GET", "/v1/requests?limit=1", "request_handler").json()
    assert len(body["requests"]) == 1 and body.get("next_cursor")
    seen, cursor = [], None
    while True:
        query = "/v1/requests?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = office.request("GET", query, "request_handler").json()
        seen += [row["number"] for row in page["requests"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    everything = office.request("GET", "/v1/requests?limit=500", "request_handler").json()
    assert seen == [row["number"] for row in everything["requests"]]
    assert len(seen) == len(set(seen))


def test_an_officers_accountability_record_is_paginated(office: HttpOffice) -> None:
    officer = office.officers["drafter"]
    publish(office, 500)
    publish(office, 501)
    base = f"/v1/accountability/officers/{officer}"
    whole = office.request("GET", base, "inspector").json()
    seen, cursor = [], None
    while True:
        query = f"{base}?limit=1" + (f"&cursor={cursor}" if cursor is not None else "")
        page = office.request("GET", query, "inspector").json()
        assert page["action_count"] == whole["action_count"]
        seen += [a["index"] for a in page["actions"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [a["index"] for a in whole["actions"]] and len(seen) >= 2


def test_a_units_accountability_record_is_paginated(office: HttpOffice) -> None:
    publish(office, 600)  # five actions by four members of 政务公开科
    base = "/v1/accountability/units/政务公开科"
    whole = office.request("GET", base, "inspector").json()
    seen, cursor = [], None
    while True:
        query = f"{base}?limit=2" + (f"&cursor={cursor}" if cursor is not None else "")
        page = office.request("GET", query, "inspector").json()
        assert (page["action_count"], page["members"]) == (whole["action_count"], whole["members"])
        assert len(page["actions"]) <= 2
        seen += [a["index"] for a in page["actions"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [a["index"] for a in whole["actions"]] and len(seen) >= 5
    assert seen == sorted(seen)
