"""The request edges (issue 8.3): body size limits (413 before the body is read),
ETag / If-None-Match → 304 on cacheable reads, and the JSON access log."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from starlette.types import Message, Receive, Scope, Send

from api.http.middleware.guards import DEFAULT_BODY_LIMIT, BodyLimit, etag_matches
from api.http.routes.catalogue import MAX_UPLOAD_BYTES
from tests.support.hardening_office import HttpOffice, office_on


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HttpOffice]:
    with office_on("sqlite", tmp_path_factory.mktemp("edges")) as opened:
        yield opened


def _chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    while total > 0:
        yield b"x" * min(size, total)
        total -= size


# -- request size limits -------------------------------------------------------------


def test_a_command_body_over_the_limit_is_refused_with_413_problem_json(
    office: HttpOffice,
) -> None:
    response = office.request(
        "POST", "/v1/requests", "request_handler", content=b"{" + b" " * DEFAULT_BODY_LIMIT
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "TOO_LARGE"
    assert response.json()["limit"] == DEFAULT_BODY_LIMIT


def test_a_chunked_body_is_refused_as_soon_as_it_passes_the_limit(office: HttpOffice) -> None:
    response = office.request(
        "POST",
        "/v1/requests",
        "request_handler",
        content=_chunks(DEFAULT_BODY_LIMIT * 3),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["code"] == "TOO_LARGE"


def test_document_uploads_get_the_larger_limit(office: HttpOffice) -> None:
    document = b"%PDF-1.7\n" + b"0" * (DEFAULT_BODY_LIMIT * 2)
    response = office.request("POST", "/v1/content", "drafter", content=document)
    assert response.status_code == 201, response.text
    too_big = office.request(
        "POST", "/v1/content", "drafter", content=_chunks(MAX_UPLOAD_BYTES + 1)
    )
    assert too_big.status_code == 413 and too_big.json()["code"] == "TOO_LARGE"


@pytest.mark.parametrize(
    "declared",
    # over the limit; then lengths int() refuses: ² (latin-1), past 4,300 digits
    [str(DEFAULT_BODY_LIMIT + 1).encode(), b"\xb2", "٣".encode(), b"9" * 5000],
)
def test_a_declared_length_over_the_limit_is_refused_without_reading_the_body(
    declared: bytes,
) -> None:
    reads: list[int] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:  # pragma: no cover
        raise AssertionError("the app must not be called")

    async def receive() -> Message:
        reads.append(1)
        return {"type": "http.request", "body": b"", "more_body": False}

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    scope: Scope = {
        "type": "http",
        "method": "POST",
        "path": "/v1/items",
        "headers": [(b"content-length", declared)],
    }
    asyncio.run(BodyLimit(app)(scope, receive, send))
    assert sent[0]["status"] == 413 and not reads
    assert (b"connection", b"close") in sent[0]["headers"]


def test_a_body_within_the_limit_reaches_the_route(office: HttpOffice) -> None:
    response = office.request("POST", "/v1/requests", "request_handler", json={})
    assert response.status_code == 422  # validated by the route, not refused by size


# -- conditional reads ------------------------------------------------------------------


def test_an_entry_read_again_with_its_etag_is_304_without_a_body(office: HttpOffice) -> None:
    first = office.request("GET", "/v1/entries/1")
    etag = first.headers["etag"]
    assert "immutable" in first.headers["cache-control"]
    again = office.request("GET", "/v1/entries/1", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag and "immutable" in again.headers["cache-control"]


def test_an_old_checkpoint_gets_a_strong_etag_and_304(office: HttpOffice) -> None:
    first = office.request("GET", "/v1/checkpoint?size=2")
    assert first.status_code == 200 and "immutable" in first.headers["cache-control"]
    etag = first.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = office.request("GET", "/v1/checkpoint?size=2", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_the_latest_checkpoint_is_revalidated_and_changes_its_etag_when_the_log_grows(
    office: HttpOffice,
) -> None:
    first = office.request("GET", "/v1/checkpoint")
    assert first.headers["cache-control"] == "no-cache"
    etag = first.headers["etag"]
    assert (
        office.request("GET", "/v1/checkpoint", headers={"If-None-Match": etag}).status_code == 304
    )
    office.services.office.add_officer(
        office.officers["admin"], "新人", "科", ["drafter"], datetime.now(UTC)
    )
    office.services.settle()
    grown = office.request("GET", "/v1/checkpoint", headers={"If-None-Match": etag})
    assert grown.status_code == 200 and grown.headers["etag"] != etag


def _publish(office: HttpOffice, text: bytes) -> str:
    sha = str(office.request("POST", "/v1/content", "drafter", content=text).json()["sha256"])
    draft = {
        "title": "关于缓存测试的通知",
        "category": "normative_documents",
        "formed_on": date.today().isoformat(),
        "attribute": "proactive",
        "attribute_basis": "主动公开",
        "content_sha256": sha,
    }
    item = office.request("POST", "/v1/items", "drafter", json=draft).json()["item_id"]
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
    for verb, role, body in steps:
        response = office.request("POST", f"/v1/items/{item}/{verb}", role, json=body)
        assert response.status_code == 200, response.text
    return sha


def test_published_content_is_served_with_its_hash_as_etag_and_304(office: HttpOffice) -> None:
    sha = _publish(office, "公开的文件正文".encode())
    first = office.request("GET", f"/v1/content/{sha}")
    assert first.status_code == 200 and first.headers["etag"] == f'"{sha}"'
    again = office.request("GET", f"/v1/content/{sha}", headers={"If-None-Match": f'"{sha}"'})
    assert again.status_code == 304 and again.content == b""


def test_errors_are_never_turned_into_304(office: HttpOffice) -> None:
    sha = "0" * 64
    response = office.request("GET", f"/v1/content/{sha}", headers={"If-None-Match": "*"})
    assert response.status_code == 404


def test_a_non_matching_etag_gets_the_full_response(office: HttpOffice) -> None:
    response = office.request("GET", "/v1/entries/1", headers={"If-None-Match": '"other"'})
    assert response.status_code == 200 and response.json()["index"] == 1


def test_uncacheable_reads_get_no_etag(office: HttpOffice) -> None:
    assert "etag" not in office.request("GET", "/healthz").headers
    assert "etag" not in office.request("GET", "/metrics").headers


@pytest.mark.parametrize(
    ("header", "etag", "matches"),
    [
        ('"a"', '"a"', True),
        ('W/"a"', '"a"', True),
        ('"b", W/"a"', 'W/"a"', True),
        ("*", '"z"', True),
        ('"a"', '"b"', False),
        ("", '"a"', False),
    ],
)
def test_if_none_match_uses_the_weak_comparison(header: str, etag: str, matches: bool) -> None:
    assert etag_matches(header, etag) is matches


# -- access log -------------------------------------------------------------------------


def _access_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "gongkai.access"]


def test_each_request_writes_one_json_access_line_with_the_officer(
    office: HttpOffice, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="gongkai.access")
    response = office.request("GET", "/v1/items?q=张三&limit=5", "inspector")
    assert response.status_code == 200
    (line,) = _access_lines(caplog)
    assert line["method"] == "GET" and line["path"] == "/v1/items" and line["route"] == "/v1/items"
    assert line["status"] == 200 and line["officer"] == office.officers["inspector"]
    assert isinstance(line["ms"], float) and str(line["time"]).endswith("Z")


def test_the_access_log_holds_no_query_body_or_token(
    office: HttpOffice, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="gongkai.access")
    body = {"channel": "online", "applicant": {"name": "李四", "id_number": "110101199001011234"}}
    office.request("POST", "/v1/requests?note=李四", "request_handler", json=body)
    office.request("GET", "/v1/catalogue?q=110101199001011234")
    text = "\n".join(r.getMessage() for r in caplog.records if r.name == "gongkai.access")
    assert "李四" not in text and "110101199001011234" not in text
    assert office.tokens["request_handler"] not in text and "?" not in text


def test_the_access_log_names_route_templates_and_anonymous_callers(
    office: HttpOffice, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="gongkai.access")
    office.request("GET", "/v1/entries/2")
    office.request("GET", "/no/such/page")
    first, second = _access_lines(caplog)
    assert first["route"] == "/v1/entries/{index}" and first["officer"] is None
    assert second["route"] == "<unmatched>" and second["status"] == 404


# -- NUL characters -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/v1/catalogue?q=%00", "/v1/catalogue/%00", "/v1/requests/register?status=a%00b"],
)
def test_a_nul_character_in_the_url_is_refused_before_any_query(
    office: HttpOffice, path: str
) -> None:
    response = office.request("GET", path, "inspector")
    assert response.status_code == 422
    assert response.json()["code"] == "INVALID_CHARACTER"
