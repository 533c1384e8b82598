"""Role checks on every route, proved by walking the whole route table × every caller
(issue 8.3): the role matrix (``api/http/role_matrix.py``) names every route, and every
caller outside a route's set — anonymous, or an officer holding one other role — gets
401 or 403 and nothing else, before the route looks at its input."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

from api.commands.remedies import CaseIn, file_case
from api.http.role_matrix import ANONYMOUS, CALLERS, ROLE_MATRIX, SESSION_PREFIX, allowed, only
from tests.support.hardening_office import HttpOffice, office_on

Route = tuple[str, str]


def app_routes(app: FastAPI) -> set[Route]:
    """(method, path template) of every route the app answers (HEAD goes with GET), but
    the workbench's: they take a session, never a token (``SESSION_PREFIX``)."""
    found: set[Route] = set()
    for context in iter_route_contexts(app.routes):
        methods = context.methods or {"*"}
        path = context.path
        assert isinstance(path, str)
        if path.startswith(SESSION_PREFIX):
            continue
        found.update((m, path) for m in methods if not (m == "HEAD" and "GET" in methods))
    return found


@pytest.fixture(scope="module")
def office(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HttpOffice]:
    with office_on(backend, tmp_path_factory.mktemp("matrix")) as opened:
        yield opened


@pytest.fixture(scope="module")
def real_ids(office: HttpOffice) -> dict[str, str]:
    """Ids of things that exist, so that no route can hide behind a 404."""
    services, drafter = office.services, office.officers["drafter"]
    text = b"matrix test document"
    sha = services.content.put(text)
    item = services.items.draft(
        drafter,
        datetime.now(UTC),
        title="关于矩阵测试的通知",
        category="normative_documents",
        doc_number=None,
        formed_on=date.today(),
        attribute="proactive",
        attribute_basis="主动公开",
        content_sha256=sha,
        sealed_title=False,
        item_id=None,
    )
    request = services.requests.receive(
        office.officers["request_handler"],
        datetime.now(UTC),
        channel="online",
        received_on=date.today(),
        applicant={"name": "张三"},
        applicant_type="natural-person",
        description="2025年道路维修资金使用情况",
    )
    case = CaseIn.model_validate(
        {"reference": "示复〔2026〕1号", "kind": "reconsideration", "subject": "other",
         "on": date.today()}
    )  # fmt: skip
    file_case(services, case, office.officers["request_handler"], datetime.now(UTC))
    services.settle()
    return {
        "reference": case.reference,
        "item_id": item.id,
        "stream_id": item.id,
        "officer_id": office.officers["drafter"],
        "unit": "政务公开科",
        "year": str(date.today().year),
        "ref": request.id,
        "sha256": hashlib.sha256(text).hexdigest(),
        "index": "1",
        "section": "1",
        "path": "0/000",  # a tile below /log/tile/
        "kind": "supplement",
    }


def _fill(path: str, ids: dict[str, str]) -> str:
    for name, value in {**ids, "name": "app.css"}.items():
        path = path.replace("{" + name + "}", value).replace("{" + name + ":path}", value)
    assert "{" not in path, f"no value to fill in {path}: add one to real_ids"
    return path


def _call(office: HttpOffice, route: Route, caller: str, ids: dict[str, str]) -> tuple[int, str]:
    method, template = route
    role = None if caller == ANONYMOUS else caller
    kwargs = {"json": {}} if method in ("POST", "PUT", "PATCH") else {}
    response = office.request(method, _fill(template, ids), role, **kwargs)
    is_problem = response.headers.get("content-type", "").startswith("application/problem+json")
    code = response.json().get("code", "") if is_problem else ""
    return response.status_code, code


def _declared(office: HttpOffice) -> list[Route]:
    """The app's routes that the matrix names (the others fail the test above)."""
    return sorted(app_routes(office.client.app) & set(ROLE_MATRIX))  # type: ignore[arg-type]


def test_every_route_of_the_app_is_in_the_role_matrix(office: HttpOffice) -> None:
    routes = app_routes(office.client.app)  # type: ignore[arg-type]
    missing = sorted(routes - set(ROLE_MATRIX))
    assert not missing, f"routes missing from api/http/role_matrix.py: {missing}"


def test_the_role_matrix_names_no_route_the_app_does_not_have(office: HttpOffice) -> None:
    stale = sorted(set(ROLE_MATRIX) - app_routes(office.client.app))  # type: ignore[arg-type]
    assert not stale, f"api/http/role_matrix.py names routes that do not exist: {stale}"


def _let_through(office: HttpOffice, ids: dict[str, str], routes: list[Route]) -> list[str]:
    found = []
    for route in routes:
        for caller in CALLERS:
            if caller in allowed(*route):
                continue
            status, code = _call(office, route, caller, ids)
            expected = 401 if caller == ANONYMOUS else 403
            if status != expected:
                found.append(f"{route[0]} {route[1]} as {caller}: {status} {code}")
    return found


def test_no_caller_outside_a_routes_roles_gets_anything_but_401_or_403(
    office: HttpOffice, real_ids: dict[str, str]
) -> None:
    let_through = _let_through(office, real_ids, _declared(office))
    assert not let_through, "role checks missing:\n" + "\n".join(let_through)


def test_callers_inside_a_routes_roles_are_never_refused_for_their_role(
    office: HttpOffice, real_ids: dict[str, str]
) -> None:
    refused = []
    for route in _declared(office):
        for caller in sorted(allowed(*route)):
            status, code = _call(office, route, caller, real_ids)
            if status == 401 or code == "ROLE_REQUIRED":
                refused.append(f"{route[0]} {route[1]} as {caller}: {status} {code}")
    assert not refused, "the matrix allows what the app refuses:\n" + "\n".join(refused)


def test_the_matrix_refuses_unknown_roles() -> None:
    with pytest.raises(ValueError):
        only("superuser")
