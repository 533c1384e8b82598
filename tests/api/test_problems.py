"""Every error the API can produce is RFC 9457 problem+json with a stable ``code``
(issue 8.3), and the OpenAPI document says so.

The HTML pages (``/``, ``/catalogue``, ``/items/…``, ``/static/…``) answer browsers
with HTML error pages by design; everything else is covered here (and every response
of the schemathesis run is checked the same way in ``test_schemathesis.py``).
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

import api
from api.errors import ApiError
from api.http.problems import PROBLEM_JSON, STATUS, status_of
from api.http.role_matrix import ANONYMOUS, allowed
from domain.errors import DomainError
from ledger.errors import IntegrityFailure
from tests.support.hardening_office import HttpOffice, office_on


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HttpOffice]:
    with office_on("sqlite", tmp_path_factory.mktemp("problems")) as opened:

        @opened.client.app.get("/v1/_test/boom", include_in_schema=False)  # type: ignore[attr-defined]
        def boom() -> None:
            raise RuntimeError("secret internals must not leak")

        yield opened


def assert_problem(response: httpx.Response, status: int) -> str:
    """The response is problem+json of ``status``; return its code."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].split(";")[0] == PROBLEM_JSON
    body = response.json()
    assert body["status"] == status
    assert body["code"] and body["code"] == body["code"].upper()
    assert body["type"].startswith("https://") and body["title"] and "detail" in body
    return str(body["code"])


def _draft(office: HttpOffice) -> dict[str, Any]:
    sha = office.request("POST", "/v1/content", "drafter", content=b"problem doc").json()
    body = {
        "title": "关于错误格式的通知",
        "category": "normative_documents",
        "formed_on": date.today().isoformat(),
        "attribute": "proactive",
        "attribute_basis": "主动公开",
        "content_sha256": sha["sha256"],
    }
    response = office.request("POST", "/v1/items", "drafter", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


CASES: list[tuple[str, str, str | None, dict[str, Any], int, str]] = [
    ("GET", "/nowhere", None, {}, 404, "NOT_FOUND"),
    ("DELETE", "/v1/checkpoint", None, {}, 405, "METHOD_NOT_ALLOWED"),
    ("GET", "/v1/entries?start=-1", None, {}, 422, "VALIDATION_FAILED"),
    ("GET", "/v1/proof/inclusion", None, {}, 422, "VALIDATION_FAILED"),
    (
        "POST",
        "/v1/requests",
        "request_handler",
        {"content": b"{not json", "headers": {"content-type": "application/json"}},
        422,
        "VALIDATION_FAILED",
    ),
    ("GET", "/v1/items", None, {}, 401, "UNAUTHENTICATED"),
    ("GET", "/v1/items", None, {"headers": {"authorization": "Bearer gk_x"}}, 401, "TOKEN_INVALID"),
    ("POST", "/v1/requests", "drafter", {"json": {}}, 403, "ROLE_REQUIRED"),
    # a fixed unknown id: test ids must be the same in every xdist worker
    ("GET", "/v1/items/00000000-0000-4000-8000-000000000000", "drafter", {}, 404, "ITEM_NOT_FOUND"),
    ("GET", "/v1/checkpoint?size=99999", None, {}, 404, "PROOF_UNAVAILABLE"),
    ("GET", "/v1/entries/99999", None, {}, 404, "ENTRY_NOT_FOUND"),
    ("GET", "/v1/documents/not-a-hash", None, {}, 422, "INVALID_HASH"),
    ("POST", "/v1/content", "drafter", {"content": b""}, 422, "CONTENT_EMPTY"),
    ("POST", "/v1/items", "drafter", {"content": b"x" * (2 << 20)}, 413, "TOO_LARGE"),
    ("GET", "/v1/_test/boom", None, {}, 500, "INTERNAL_ERROR"),
]


@pytest.mark.parametrize(
    ("method", "path", "role", "kwargs", "status", "code"),
    CASES,
    ids=[f"{c[4]}-{c[0]}-{c[1][:40]}" for c in CASES],
)
def test_each_kind_of_error_is_problem_json_with_its_code(
    office: HttpOffice,
    method: str,
    path: str,
    role: str | None,
    kwargs: dict[str, Any],
    status: int,
    code: str,
) -> None:
    assert assert_problem(office.request(method, path, role, **kwargs), status) == code


def test_a_conflicting_command_is_409_problem_json(office: HttpOffice) -> None:
    item = _draft(office)
    path = f"/v1/items/{item['item_id']}/attribute-review"
    body = {"attribute": "proactive", "basis": "同意", "expected_version": item["version"]}
    assert office.request("POST", path, "attribute_reviewer", json=body).status_code == 200
    again = office.request("POST", path, "attribute_reviewer", json=body)
    assert assert_problem(again, 409) == "CONCURRENT_APPEND"


def test_a_domain_rule_violation_is_422_problem_json_with_the_rules_code(
    office: HttpOffice,
) -> None:
    item = _draft(office)
    body = {"content_sha256": item["current_sha256"]}  # approval before any review
    response = office.request("POST", f"/v1/items/{item['item_id']}/approve", "approver", json=body)
    assert response.status_code in (409, 422)
    assert assert_problem(response, response.status_code) not in ("", "ERROR", "INTERNAL_ERROR")


def test_a_405_names_the_allowed_methods(office: HttpOffice) -> None:
    response = office.request("DELETE", "/v1/checkpoint")
    assert response.headers["allow"] == "GET"


def test_an_unexpected_error_does_not_leak_its_message(office: HttpOffice) -> None:
    response = office.request("GET", "/v1/_test/boom")
    assert "secret internals" not in response.text


def test_not_ready_is_503_problem_json(office: HttpOffice) -> None:
    office.services.last_error = "IntegrityFailure: entry 7"
    try:
        assert assert_problem(office.request("GET", "/readyz"), 503) == "NOT_READY"
    finally:
        office.services.last_error = None


def test_the_openapi_document_describes_every_error_as_a_problem(office: HttpOffice) -> None:
    schema = office.request("GET", "/openapi.json").json()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            assert "default" in responses, (method, path)
            for status, response in responses.items():
                if status == "default" or status >= "400":
                    assert list(response["content"]) == [PROBLEM_JSON], (method, path, status)
    assert "HTTPValidationError" not in json.dumps(schema)


def test_the_openapi_document_marks_officer_operations_with_the_bearer_scheme_and_roles(
    office: HttpOffice,
) -> None:
    schema = office.request("GET", "/openapi.json").json()
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            roles = allowed(method, path)
            if ANONYMOUS in roles:
                assert "security" not in operation, (method, path)
            else:
                assert operation["security"] == [{"bearerAuth": []}], (method, path)
                assert operation["x-roles"] == sorted(roles)
                assert {"401", "403"} <= set(operation["responses"])


def test_every_code_the_api_raises_itself_has_its_status_in_the_one_table() -> None:
    api_codes = dict(STATUS[0][2])
    raised = set()
    for path in Path(api.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) in ("ApiError", "problem")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                raised.add(node.args[0].value)
    assert raised and raised <= set(api_codes), raised - set(api_codes)


def test_a_code_shared_by_the_api_and_a_domain_rule_keeps_each_its_status() -> None:
    rule = DomainError("upload the content before citing its hash")
    rule.code = "CONTENT_NOT_STORED"
    answer = ApiError("CONTENT_NOT_STORED", "the bytes of this document are not stored here")
    assert status_of(answer, answer.code) == 404
    assert status_of(rule, rule.code) == 422


def test_a_write_on_an_altered_stream_head_is_refused_as_409_naming_the_entry() -> None:
    failure = IntegrityFailure("entry 7 no longer matches", log_index=7, stream="s", seq=2)
    assert status_of(failure, failure.code) == 409
    assert failure.evidence == {"log_index": 7, "stream": "s", "seq": 2}
