"""The verify page's witness fields: empty by default, prefilled with the office's
published policy (GONGKAI_WITNESS_POLICY), and still served, empty, if that file has
turned unreadable since ``gongkai serve`` checked it."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.services import Services
from api.witness.policy import POLICY_ENV
from ledger.keys import raw_public_key
from verify.cosignature import WitnessKey


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GONGKAI_KEY_PASSPHRASE", "test-passphrase")
        patch.delenv("GONGKAI_DATABASE_URL", raising=False)
        services = Services.open(tmp_path_factory.mktemp("verify-policy") / "data")
        services.office.initialise("pages.gongkai.local/log", "测试局", "管理员", datetime.now(UTC))
        services.settle()
        yield TestClient(create_app(services, background=False))
        services.close()


def fields(client: TestClient) -> tuple[str, str]:
    response = client.get("/verify")
    assert response.status_code == 200
    keys = re.search(r'<textarea id="witnesses"[^>]*>(.*?)</textarea>', response.text, re.S)
    quorum = re.search(r'<input type="number" id="quorum"[^>]*value="([^"]*)"', response.text)
    assert keys and quorum, response.text[:300]
    return html.unescape(keys.group(1)), quorum.group(1)


def witness_key(name: str) -> str:
    public = raw_public_key(Ed25519PrivateKey.generate().public_key())
    return WitnessKey.for_key(name, public).to_text()


def test_without_a_published_policy_the_fields_are_empty(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(POLICY_ENV, raising=False)
    assert fields(client) == ("", "")
    assert 'id="witnesses-published"' not in client.get("/verify").text


def test_the_published_policy_is_offered(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = witness_key("jiwei.example/w"), witness_key("renda.example/w")
    policy = tmp_path / "policy.toml"
    policy.write_text(f'quorum = 1\n[[witness]]\nvkey = "{a}"\n[[witness]]\nvkey = "{b}"\n')
    monkeypatch.setenv(POLICY_ENV, str(policy))
    assert fields(client) == (f"{a}\n{b}\n", "1")
    assert 'id="witnesses-published"' in client.get("/verify").text


def test_a_policy_file_gone_bad_leaves_the_fields_empty_and_is_logged(
    client: TestClient,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv(POLICY_ENV, str(tmp_path / "gone.toml"))
    with caplog.at_level(logging.ERROR, logger="gongkai.pages"):
        assert fields(client) == ("", "")
    assert "gone.toml" in caplog.text
