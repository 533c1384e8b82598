"""The item desks of the workbench (issue 18): a draft with its file through both
reviews, approval and publication on the same commands as the API; the rules' own
refusals next to the field; a double submit recorded once; an inspector's session
reaching no write and a drafter's approving nothing. Both backends."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from api.clock import today
from api.workbench.admin_desk import ACTIONS as ADMIN_ACTIONS
from api.workbench.item_actions import ACTIONS
from api.workbench.request_steps import STEPS
from tests.support.hardening_office import EVERY_ROLE, HttpOffice, office_on
from tests.support.workbench import csrf_of, new_client, sign_in, with_account

DOCUMENT = "示范市政府信息公开指南（2026年版）\n".encode()


@pytest.fixture(scope="module")
def office(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HttpOffice]:
    with office_on(backend, tmp_path_factory.mktemp("desks")) as opened:
        for officer in opened.officers.values():
            with_account(opened.services, officer)
        yield opened


def _at(office: HttpOffice, role: str) -> TestClient:
    client = new_client(office.client)
    assert sign_in(client, office.officers[role]).status_code == 303
    return client


def _draft(client: TestClient, content: bytes = DOCUMENT, name: str = "指南.txt") -> str:
    page = client.get("/workbench/drafter")
    item_id = str(uuid.uuid4())
    data = {
        "csrf": csrf_of(page.text),
        "item_id": item_id,
        "title": "示范市政府信息公开指南",
        "category": "rules",
        "formed_on": "2026-03-02",
        "attribute": "proactive",
        "attribute_basis": "《条例》第二十条",
    }
    files = {"file": (name, content, "text/plain")}
    answer = client.post("/workbench/drafter", data=data, files=files, follow_redirects=False)
    assert answer.status_code == 303, _errors(answer.text)
    return item_id


def _errors(html: str) -> list[str]:
    return re.findall(r'class="field-error"[^>]*>([^<]*)<', html)


def _act(client: TestClient, item_id: str, action: str, **fields: str) -> tuple[int, str]:
    page = client.get(f"/workbench/items/{item_id}")
    version = re.search(r'name="expected_version" value="(\d+)"', page.text)
    data = {"csrf": csrf_of(page.text), "expected_version": version.group(1) if version else "1"}
    answer = client.post(
        f"/workbench/items/{item_id}/{action}", data={**data, **fields}, follow_redirects=False
    )
    return answer.status_code, answer.text


def _reviewed(office: HttpOffice, item_id: str) -> None:
    sha = hashlib.sha256(DOCUMENT).hexdigest()
    reviewer = _at(office, "attribute_reviewer")
    assert (
        _act(reviewer, item_id, "review-attribute", attribute="proactive", basis="同意")[0] == 303
    )
    secrecy = _at(office, "secrecy_reviewer")
    page = secrecy.get(f"/workbench/items/{item_id}")
    assert sha in page.text  # the exact file's hash on screen
    assert secrecy.get(f"/workbench/content/{sha}").content == DOCUMENT
    assert _act(secrecy, item_id, "review-secrecy", content_sha256=sha, result="passed")[0] == 303


def test_a_draft_goes_through_both_reviews_approval_and_publication(office: HttpOffice) -> None:
    item_id = _draft(_at(office, "drafter"))
    _reviewed(office, item_id)
    approver, sha = _at(office, "approver"), hashlib.sha256(DOCUMENT).hexdigest()
    assert "/workbench/items/" + item_id in approver.get("/workbench/review").text
    assert _act(approver, item_id, "approve", content_sha256=sha)[0] == 303
    published = _act(
        approver,
        item_id,
        "publish",
        content_sha256=sha,
        channel="政府网站",
        published_on="2026-03-04",
    )
    assert published[0] == 303
    office.services.settle()
    assert item_id in office.client.get("/catalogue").text


def test_the_author_of_a_version_is_refused_approval_in_the_rules_words(
    office: HttpOffice,
) -> None:
    author = _at(office, EVERY_ROLE)
    item_id = _draft(author)
    _reviewed(office, item_id)
    sha = hashlib.sha256(DOCUMENT).hexdigest()
    status, html = _act(author, item_id, "approve", content_sha256=sha)
    assert status == 422
    assert "SELF_APPROVAL: the author of a version cannot approve it" in _errors(html)


def test_a_double_submit_records_once(office: HttpOffice) -> None:
    item_id = _draft(_at(office, "drafter"))
    reviewer = _at(office, "attribute_reviewer")
    page = reviewer.get(f"/workbench/items/{item_id}")
    data = {"csrf": csrf_of(page.text), "expected_version": "1", "attribute": "proactive"}
    path = f"/workbench/items/{item_id}/review-attribute"
    first = reviewer.post(path, data={**data, "basis": "同意"}, follow_redirects=False)
    second = reviewer.post(path, data={**data, "basis": "同意"}, follow_redirects=False)
    assert (first.status_code, second.status_code) == (303, 409)
    assert "CONCURRENT_APPEND" in second.text
    assert office.services.items.get(item_id).version == 2


def test_a_missing_field_is_shown_next_to_it(office: HttpOffice) -> None:
    item_id = _draft(_at(office, "drafter"))
    status, html = _act(_at(office, "attribute_reviewer"), item_id, "review-attribute")
    assert status == 422
    assert 'id="err-review-attribute-attribute"' in html and "Traceback" not in html


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("scan.pdf", b"not a pdf at all", "TYPE_REFUSED"),
        ("macro.exe", b"MZ\x90\x00", "TYPE_REFUSED"),
        ("empty.txt", b"", "CONTENT_EMPTY"),
    ],
)
def test_an_upload_of_the_wrong_type_is_refused_next_to_the_file_field(
    office: HttpOffice, name: str, content: bytes, code: str
) -> None:
    client = _at(office, "drafter")
    page = client.get("/workbench/drafter")
    data = {"csrf": csrf_of(page.text), "title": "t", "category": "rules"}
    answer = client.post("/workbench/drafter", data=data, files={"file": (name, content)})
    assert answer.status_code in (415, 422)
    assert any(e.startswith(code) for e in _errors(answer.text))


def test_an_upload_over_the_size_limit_is_refused(
    office: HttpOffice, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.workbench import uploads

    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 10)
    client = _at(office, "drafter")
    page = client.get("/workbench/drafter")
    data = {"csrf": csrf_of(page.text), "title": "t"}
    answer = client.post("/workbench/drafter", data=data, files={"file": ("a.txt", b"x" * 11)})
    assert answer.status_code == 413 and any(
        e.startswith("TOO_LARGE") for e in _errors(answer.text)
    )


def test_a_drafters_session_cannot_approve(office: HttpOffice) -> None:
    item_id = _draft(_at(office, "drafter"))
    _reviewed(office, item_id)
    sha = hashlib.sha256(DOCUMENT).hexdigest()
    status, _ = _act(_at(office, "drafter"), item_id, "approve", content_sha256=sha)
    assert status == 403
    assert office.services.items.get(item_id).status == "reviewed"


def _write_routes(client: TestClient) -> list[str]:
    """Every workbench route that takes a POST, but signing in and out."""
    return sorted(
        str(context.path)
        for context in iter_route_contexts(client.app.routes)  # type: ignore[attr-defined]
        if str(context.path).startswith("/workbench")
        and "POST" in (context.methods or set())
        and not str(context.path).startswith("/workbench/sign-")
    )


def test_an_inspectors_session_reaches_no_write(office: HttpOffice) -> None:
    """Every POST of the workbench, with each of its real action or step names and a
    real item and request, answers 403 to the inspector before anything is read or
    recorded (an unknown name's 404 would prove nothing about the role check)."""
    item_id = _draft(_at(office, "drafter"))
    number = office.services.requests.receive(
        office.officers["request_handler"],
        datetime.now(UTC),
        channel="in-person",
        received_on=today(),
        applicant={"name": "申请人"},
        applicant_type="natural-person",
        description="申请公开道路维修资金使用情况",
    ).number
    inspector = _at(office, "inspector")
    csrf = csrf_of(inspector.get("/workbench").text)
    before = office.services.ledger.last_notification_id()
    names = {
        "/workbench/items/{item_id}/{name}": list(ACTIONS),
        "/workbench/requests/{ref}/{name}": list(STEPS),
        "/workbench/admin/{name}": list(ADMIN_ACTIONS),
    }
    routes = _write_routes(inspector)
    assert set(names) <= set(routes) and "/workbench/drafter" in routes
    tried = 0
    for route in routes:
        for name in names.get(route, [""]):
            path = route.replace("{item_id}", item_id).replace("{ref}", number)
            path = path.replace("{name}", name)
            assert "{" not in path, f"a placeholder this test does not fill: {route}"
            answer = inspector.post(path, data={"csrf": csrf}, follow_redirects=False)
            assert answer.status_code == 403, (path, answer.status_code)
            tried += 1
    assert tried >= len(ACTIONS) + len(STEPS) + len(ADMIN_ACTIONS) + 3
    assert office.services.ledger.last_notification_id() == before


def test_a_draft_posted_twice_is_recorded_once(office: HttpOffice) -> None:
    client = _at(office, "drafter")
    page = client.get("/workbench/drafter")
    item_id = re.search(r'name="item_id" value="([^"]+)"', page.text)
    assert item_id
    data = {
        "csrf": csrf_of(page.text),
        "item_id": item_id.group(1),
        "title": "重复提交的草稿",
        "category": "rules",
        "formed_on": "2026-03-02",
        "attribute": "proactive",
        "attribute_basis": "《条例》第二十条",
    }
    files = {"file": ("a.txt", DOCUMENT, "text/plain")}
    first = client.post("/workbench/drafter", data=data, files=files, follow_redirects=False)
    second = client.post("/workbench/drafter", data=data, files=files, follow_redirects=False)
    assert first.status_code == 303 and second.status_code in (409, 422)
    assert office.services.items.get(item_id.group(1)).version == 1
