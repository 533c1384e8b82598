"""The workbench's sign-in as a security review checks it (issue 18): CSRF on every
form, no session fixation, expired and signed-out sessions refused, lock-out after
repeated failures, TOTP, every attempt visible to the admin, and bearer tokens kept
for the API. Both backends."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from fastapi.testclient import TestClient

from api.errors import AccountError
from api.workbench import accounts as acc
from api.workbench.sessions import COOKIE
from tests.support.hardening_office import HttpOffice, office_on
from tests.support.workbench import PASSWORD, csrf_of, new_client, sign_in, with_account


@pytest.fixture(scope="module")
def office(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HttpOffice]:
    with office_on(backend, tmp_path_factory.mktemp("workbench")) as opened:
        yield opened


@pytest.fixture(autouse=True)
def _no_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGKAI_SIGN_IN_DELAY", "0")


def _officer(office: HttpOffice, role: str, name: str) -> str:
    """A fresh officer with an account (each test its own: lock-outs stay apart)."""
    admin, now = office.officers["admin"], datetime.now(UTC)
    officer = office.services.office.add_officer(admin, name, "政务公开科", [role], now)
    office.services.settle()
    return with_account(office.services, officer)


def test_signing_in_sets_an_httponly_samesite_strict_session_cookie(office: HttpOffice) -> None:
    officer = _officer(office, "drafter", "甲")
    client = new_client(office.client)
    answer = sign_in(client, officer)
    assert answer.status_code == 303 and answer.headers["location"] == "/workbench"
    cookie = answer.headers["set-cookie"]
    assert f"{COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Path=/workbench" in cookie and "Secure" not in cookie  # served over plain http
    desk = client.get("/workbench")
    assert desk.status_code == 200 and officer in desk.text


def test_the_cookie_is_secure_when_the_public_url_is_https(
    office: HttpOffice, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GONGKAI_PUBLIC_URL", "https://gongkai.example.gov.cn")
    client = TestClient(office.client.app, base_url="https://testserver")
    answer = sign_in(client, _officer(office, "drafter", "乙"))
    assert "Secure" in answer.headers["set-cookie"]


def test_a_wrong_password_is_refused_and_recorded_for_the_admin(office: HttpOffice) -> None:
    officer = _officer(office, "drafter", "丙")
    answer = sign_in(new_client(office.client), officer, "not-the-password")
    assert answer.status_code == 401 and COOKIE not in answer.headers.get("set-cookie", "")
    outcomes = [s.outcome for s in office.services.accounts.sign_ins(officer=officer)]
    assert outcomes == [acc.BAD_PASSWORD]


def test_five_failures_lock_the_account_even_against_the_right_password(
    office: HttpOffice,
) -> None:
    officer = _officer(office, "drafter", "丁")
    client = new_client(office.client)
    for _ in range(acc.MAX_FAILURES):
        assert sign_in(client, officer, "wrong-password!").status_code == 401
    refused = sign_in(client, officer, PASSWORD)
    assert refused.status_code == 401 and "锁定" in refused.text
    assert office.services.accounts.sign_ins(limit=1, officer=officer)[0].outcome == acc.LOCKED
    office.services.accounts.set_password(officer, PASSWORD, datetime.now(UTC))  # admin unlocks
    assert sign_in(client, officer).status_code == 303


def test_the_sign_in_form_refuses_a_post_without_its_csrf_value(office: HttpOffice) -> None:
    officer = _officer(office, "drafter", "戊")
    client = new_client(office.client)
    data = {"officer": officer, "password": PASSWORD}
    assert client.post("/workbench/sign-in", data=data, follow_redirects=False).status_code == 403
    client.get("/workbench/sign-in")  # the cookie is there, but the forged form has no value
    forged = {**data, "csrf": "forged-by-another-site"}
    assert client.post("/workbench/sign-in", data=forged, follow_redirects=False).status_code == 403


def test_a_signed_in_form_with_a_forged_or_missing_csrf_token_records_nothing(
    office: HttpOffice,
) -> None:
    officer = _officer(office, "drafter", "己")
    client = new_client(office.client)
    sign_in(client, officer)
    before = office.services.ledger.last_notification_id()
    for token in (None, "forged"):
        data = {"title": "伪造", "category": "rules", "formed_on": "2026-03-02"}
        if token:
            data["csrf"] = token
        files = {"file": ("a.txt", b"forged", "text/plain")}
        answer = client.post("/workbench/drafter", data=data, files=files)
        assert answer.status_code == 403
    assert office.services.ledger.last_notification_id() == before


def test_a_session_id_planted_before_sign_in_is_replaced_and_worthless(
    office: HttpOffice,
) -> None:
    officer = _officer(office, "drafter", "庚")
    victim = new_client(office.client)
    attacker = new_client(office.client)
    assert sign_in(attacker, officer).status_code == 303  # a real id, of the attacker's
    planted = attacker.cookies.get(COOKIE)
    victim.cookies.set(COOKIE, planted, path="/workbench")
    answer = sign_in(victim, officer)
    issued = answer.cookies.get(COOKIE)
    assert issued and issued != planted
    attacker.cookies.set(COOKIE, planted, path="/workbench")
    assert attacker.get("/workbench", follow_redirects=False).status_code == 303


def test_an_idle_session_is_refused(office: HttpOffice) -> None:
    officer = _officer(office, "drafter", "辛")
    long_ago = datetime.now(UTC) - timedelta(minutes=31)
    session_id = office.services.sessions.start(officer, long_ago)
    client = new_client(office.client)
    client.cookies.set(COOKIE, session_id, path="/workbench")
    answer = client.get("/workbench", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/workbench/sign-in")


def test_a_session_past_its_absolute_lifetime_is_refused_though_in_use(
    office: HttpOffice,
) -> None:
    sessions, officer = office.services.sessions, _officer(office, "drafter", "壬")
    start = datetime.now(UTC) - timedelta(hours=13)
    session_id = sessions.start(officer, start)
    at = start
    while at < start + sessions.absolute - timedelta(minutes=20):
        at += timedelta(minutes=20)
        assert sessions.find(session_id, at) is not None  # in use all along
    assert sessions.find(session_id, start + sessions.absolute + timedelta(minutes=1)) is None


def test_a_signed_out_session_is_refused(office: HttpOffice) -> None:
    officer = _officer(office, "drafter", "癸")
    client = new_client(office.client)
    sign_in(client, officer)
    session_id = client.cookies.get(COOKIE)
    page = client.get("/workbench")
    out = client.post("/workbench/sign-out", data={"csrf": csrf_of(page.text)})
    assert out.status_code == 200 and "已退出" in out.text
    client.cookies.set(COOKIE, session_id, path="/workbench")
    assert client.get("/workbench", follow_redirects=False).status_code == 303


def test_sign_out_everywhere_ends_the_sessions_of_other_browsers(office: HttpOffice) -> None:
    officer = _officer(office, "drafter", "子")
    first, second = new_client(office.client), new_client(office.client)
    sign_in(first, officer)
    sign_in(second, officer)
    page = first.get("/workbench")
    first.post("/workbench/sign-out-everywhere", data={"csrf": csrf_of(page.text)})
    assert second.get("/workbench", follow_redirects=False).status_code == 303


def test_totp_is_required_once_enrolled_and_a_code_works_only_once(office: HttpOffice) -> None:
    accounts, officer = office.services.accounts, _officer(office, "drafter", "丑")
    uri = accounts.enrol_totp(officer, datetime.now(UTC))
    totp = pyotp.parse_uri(uri)
    client = new_client(office.client)
    assert sign_in(client, officer).status_code == 401  # no code
    code = totp.now()
    assert sign_in(client, officer, code=code).status_code == 303
    assert sign_in(new_client(office.client), officer, code=code).status_code == 401  # replayed
    outcomes = [s.outcome for s in accounts.sign_ins(officer=officer)]
    assert outcomes.count(acc.BAD_CODE) == 2 and acc.SIGNED_IN in outcomes


def test_a_totp_code_raced_by_two_sign_ins_lets_one_in(office: HttpOffice) -> None:
    """Both attempts read the account before either claims the code: one passes."""
    accounts, officer = office.services.accounts, _officer(office, "drafter", "卯")
    totp = pyotp.parse_uri(accounts.enrol_totp(officer, datetime.now(UTC)))
    now, code = datetime.now(UTC), totp.now()
    with office.services.ledger.backend.transaction() as cur:
        secret, last = acc._row(cur, officer)[1:3]  # type: ignore[index]
    passed = [accounts._code_ok(officer, str(secret), last, code, now) for _ in range(2)]
    assert passed == [True, False]


def test_an_officer_who_left_cannot_sign_in(office: HttpOffice) -> None:
    officer = _officer(office, "drafter", "寅")
    services, now = office.services, datetime.now(UTC)
    services.office.officer_leaves(office.officers["admin"], officer, now.date(), "调离", now)
    assert sign_in(new_client(office.client), officer).status_code == 401


def test_bearer_tokens_keep_working_and_open_no_workbench_page(office: HttpOffice) -> None:
    assert office.request("GET", "/v1/items", "drafter").status_code == 200
    client = new_client(office.client)
    answer = client.get("/workbench", headers=office.auth("drafter"), follow_redirects=False)
    assert answer.status_code == 303


def test_a_workbench_session_opens_no_api_command(office: HttpOffice) -> None:
    client = new_client(office.client)
    sign_in(client, _officer(office, "drafter", "卯"))
    assert client.get("/v1/items").status_code == 401


def test_the_next_address_after_sign_in_stays_on_the_workbench(office: HttpOffice) -> None:
    officer = _officer(office, "drafter", "辰")
    client = new_client(office.client)
    form = client.get("/workbench/sign-in")
    data = {"csrf": csrf_of(form.text), "officer": officer, "password": PASSWORD}
    answer = client.post(
        "/workbench/sign-in", data={**data, "next": "//evil.example/x"}, follow_redirects=False
    )
    assert answer.headers["location"] == "/workbench"


def test_a_lock_out_ends_after_its_fifteen_minutes(office: HttpOffice) -> None:
    accounts, officer = office.services.accounts, _officer(office, "drafter", "巳")
    start = datetime.now(UTC)
    for n in range(acc.MAX_FAILURES):
        assert accounts.check(officer, "wrong!", "", start + timedelta(seconds=n), "t") == (
            acc.BAD_PASSWORD
        )
    later = start + timedelta(minutes=acc.LOCK_MINUTES - 1)
    assert accounts.check(officer, PASSWORD, "", later, "t") == acc.LOCKED
    after = start + timedelta(minutes=acc.LOCK_MINUTES + 1)
    assert accounts.check(officer, PASSWORD, "", after, "t") == acc.SIGNED_IN


def test_a_success_resets_the_count_of_failures_in_a_row(office: HttpOffice) -> None:
    accounts, officer = office.services.accounts, _officer(office, "drafter", "午")
    now = datetime.now(UTC)
    for _ in range(acc.MAX_FAILURES - 1):
        accounts.check(officer, "wrong!", "", now, "t")
    assert accounts.check(officer, PASSWORD, "", now, "t") == acc.SIGNED_IN
    assert accounts.failures(officer) == 0
    assert accounts.check(officer, "wrong!", "", now, "t") == acc.BAD_PASSWORD


def test_a_short_password_is_refused_with_its_code(office: HttpOffice) -> None:
    with pytest.raises(AccountError) as refused:
        office.services.accounts.set_password(
            office.officers["drafter"], "short", datetime.now(UTC)
        )
    assert refused.value.code == "PASSWORD_WEAK"


def test_only_the_hash_of_a_password_and_of_a_session_id_is_stored(office: HttpOffice) -> None:
    officer = _officer(office, "drafter", "未")
    client = new_client(office.client)
    sign_in(client, officer)
    session_id = client.cookies.get(COOKIE)
    with office.services.ledger.backend.transaction() as cur:
        stored = cur.execute("SELECT password_hash FROM gk_accounts WHERE officer = ?", (officer,))
        password_hash = str(stored.fetchone()[0])  # type: ignore[index]
        found = cur.execute(
            "SELECT COUNT(*) FROM gk_sessions WHERE session_hash = ?", (session_id,)
        )
        as_stored = int(found.fetchone()[0])  # type: ignore[index]
    assert password_hash.startswith("$argon2id$") and PASSWORD not in password_hash
    assert as_stored == 0  # the id itself is nowhere in the table


def test_the_demo_gives_each_role_an_account_and_says_how_to_sign_in(office: HttpOffice) -> None:
    from api.demo.accounts import DEMO_PASSWORD, create_accounts, print_sign_in

    reviewer = _officer(office, "secrecy_reviewer", "申")
    chosen = create_accounts(
        office.services,
        {"secrecy_reviewer": [reviewer]},
        office.officers["admin"],
        datetime.now(UTC),
    )
    lines: list[str] = []
    print_sign_in(chosen, lines.append)
    assert DEMO_PASSWORD in lines[0] and "/workbench/sign-in" in lines[0]
    assert any("secrecy_reviewer" in line and reviewer in line for line in lines)
    assert sign_in(new_client(office.client), reviewer, DEMO_PASSWORD).status_code == 303


def test_a_new_sign_in_forgets_sessions_long_past_their_lifetime(office: HttpOffice) -> None:
    sessions, officer = office.services.sessions, _officer(office, "drafter", "酉")
    ancient = datetime.now(UTC) - sessions.absolute - timedelta(days=2)
    old = sessions.start(officer, ancient)
    sessions.start(officer, datetime.now(UTC))
    with office.services.ledger.backend.transaction() as cur:
        row = cur.execute(
            "SELECT COUNT(*) FROM gk_sessions WHERE created_at = ?", (ancient.isoformat(),)
        ).fetchone()
    assert row is not None and int(row[0]) == 0
    assert sessions.find(old, datetime.now(UTC)) is None
