"""Officers' bearer tokens (issue 8.3): stored only hashed, expiring, revocable, and
listed without their secrets — through the API and through ``gongkai token``."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli.main import app as cli_app
from api.errors import TokenError
from tests.support.hardening_office import HttpOffice, office_on

OFFICER_ROUTE = "/v1/items"  # any officer may list items; nobody else


@pytest.fixture(scope="module")
def office(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HttpOffice]:
    with office_on(backend, tmp_path_factory.mktemp("tokens")) as opened:
        yield opened


def _get(office: HttpOffice, token: str | None, scheme: str = "Bearer") -> tuple[int, str]:
    headers = {"Authorization": f"{scheme} {token}"} if token is not None else {}
    response = office.client.get(OFFICER_ROUTE, headers=headers)
    code = response.json().get("code", "") if response.status_code >= 400 else ""
    return response.status_code, code


def test_a_valid_token_authenticates_its_officer(office: HttpOffice) -> None:
    token = office.services.tokens.issue(office.officers["drafter"], 1, datetime.now(UTC))
    assert _get(office, token) == (200, "")


def test_an_expired_token_is_refused_with_401(office: HttpOffice) -> None:
    issued = datetime.now(UTC) - timedelta(days=2)
    token = office.services.tokens.issue(office.officers["drafter"], 1, issued)
    assert _get(office, token) == (401, "TOKEN_INVALID")


def test_a_revoked_token_is_refused_with_401_at_once(office: HttpOffice) -> None:
    tokens = office.services.tokens
    token = tokens.issue(office.officers["drafter"], 30, datetime.now(UTC))
    assert _get(office, token)[0] == 200
    token_id = hashlib.sha256(token.encode()).hexdigest()[:12]
    assert tokens.revoke(token_id, datetime.now(UTC)) == 1
    assert _get(office, token) == (401, "TOKEN_INVALID")


def test_a_request_without_a_bearer_token_is_refused_with_401_and_a_challenge(
    office: HttpOffice,
) -> None:
    response = office.client.get(OFFICER_ROUTE)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    ("scheme", "token"),
    [
        ("Basic", "b2ZmaWNlcjpwdw=="),
        ("Bearer", ""),
        ("Bearer", "gk_unknown"),
        ("Bearer", "x" * 300),
    ],
)
def test_malformed_or_unknown_credentials_are_refused_with_401(
    office: HttpOffice, scheme: str, token: str
) -> None:
    assert _get(office, token, scheme)[0] == 401


def test_the_token_of_an_officer_who_left_is_refused(office: HttpOffice) -> None:
    services, now = office.services, datetime.now(UTC)
    leaver = services.office.add_officer(office.officers["admin"], "离职", "科", ["drafter"], now)
    token = services.tokens.issue(leaver, 1, now)
    assert _get(office, token)[0] == 200
    services.office.officer_leaves(office.officers["admin"], leaver, date.today(), "调任", now)
    assert _get(office, token) == (403, "OFFICER_INACTIVE")


def test_the_database_holds_only_the_sha256_of_a_token(office: HttpOffice) -> None:
    token = office.services.tokens.issue(office.officers["approver"], 1, datetime.now(UTC))
    with office.services.ledger.backend.transaction() as cur:
        rows = cur.execute("SELECT * FROM gk_tokens").fetchall()
    assert not any(token in str(cell) for row in rows for cell in row)
    hashes = {row[0] for row in rows}
    assert hashlib.sha256(token.encode()).hexdigest() in hashes


def test_listed_tokens_carry_an_id_and_never_the_secret_or_the_whole_hash(
    office: HttpOffice,
) -> None:
    token = office.services.tokens.issue(office.officers["inspector"], 1, datetime.now(UTC))
    digest = hashlib.sha256(token.encode()).hexdigest()
    listed = office.services.tokens.list()
    mine = [info for info in listed if digest.startswith(info.token_id)]
    assert len(mine) == 1 and mine[0].officer == office.officers["inspector"]
    assert not any(token in repr(info) or digest in repr(info) for info in listed)


def test_revoking_needs_at_least_eight_hex_digits_of_the_id(office: HttpOffice) -> None:
    with pytest.raises(TokenError):
        office.services.tokens.revoke("abc", datetime.now(UTC))
    with pytest.raises(TokenError):
        office.services.tokens.revoke("%", datetime.now(UTC))


def test_a_token_lives_between_one_and_366_days(office: HttpOffice) -> None:
    for days in (0, 367):
        with pytest.raises(TokenError):
            office.services.tokens.issue(office.officers["drafter"], days, datetime.now(UTC))


# -- gongkai token issue | list | revoke -------------------------------------------------


def _cli(runner: CliRunner, data: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(cli_app, ["--data", str(data), *args])
    return result.exit_code, result.output


def test_the_token_commands_issue_list_and_revoke_without_showing_secrets(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GONGKAI_DATABASE_URL", database_url)
    runner, data = CliRunner(), tmp_path / "data"
    assert _cli(runner, data, "init", "--origin", "cli.local/log", "--agency", "测试局")[0] == 0

    code, issued = _cli(runner, data, "token", "issue", "--officer", "officer-0001", "--days", "7")
    token = issued.strip()
    assert code == 0 and token.startswith("gk_")
    digest = hashlib.sha256(token.encode()).hexdigest()

    code, listed = _cli(runner, data, "token", "list")
    assert code == 0 and "officer-0001" in listed and "active" in listed
    assert token not in listed and digest not in listed
    token_id = listed.split()[0]
    assert digest.startswith(token_id)

    assert _cli(runner, data, "token", "revoke", token_id)[0] == 0
    code, listed = _cli(runner, data, "token", "list")
    assert "revoked" in listed and token not in listed
    assert _cli(runner, data, "token", "revoke", token_id)[0] == 1  # nothing left to revoke


def test_a_token_is_not_issued_for_an_unknown_officer(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GONGKAI_DATABASE_URL", database_url)
    runner, data = CliRunner(), tmp_path / "data"
    assert _cli(runner, data, "init", "--origin", "cli.local/log", "--agency", "测试局")[0] == 0
    code, output = _cli(runner, data, "token", "issue", "--officer", "officer-0999")
    assert code == 1 and "gk_" not in output
