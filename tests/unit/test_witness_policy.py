"""The published witness policy (GONGKAI_WITNESS_POLICY): keys and quorum read from TOML,
the quorum all of them by default, every fault one message naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api.witness.policy import POLICY_ENV, PolicyFileError, load_policy, published_policy
from ledger.keys import raw_public_key
from verify.cosignature import WitnessKey


def key(name: str) -> str:
    return WitnessKey.for_key(
        name, raw_public_key(Ed25519PrivateKey.generate().public_key())
    ).to_text()


def policy_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_keys_and_quorum_are_read_and_the_quorum_defaults_to_all(tmp_path: Path) -> None:
    a, b = key("w/a"), key("w/b")
    listing = f'[[witness]]\nurl = "http://a"\nvkey = "{a}"\n[[witness]]\nvkey = "{b}"\n'
    everyone = load_policy(policy_file(tmp_path, listing))
    assert everyone.keys == (a, b) and everyone.quorum == 2
    assert everyone.keys_text == f"{a}\n{b}\n"
    assert load_policy(policy_file(tmp_path, "quorum = 1\n" + listing)).quorum == 1


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("quorum = 1\n", "a quorum of 1 needs at least 1 witness keys; 0 given"),
        ('quorum = "2"\n[[witness]]\nvkey = "{a}"\n', "quorum must be a whole number"),
        ("[[witness]]\nurl = 'http://a'\n", "each [[witness]] needs a vkey"),
        ('[[witness]]\nvkey = "w/a+00000000+AQ=="\n', "witness key"),
        ('[[witness]]\nvkey = "{a}"\n[[witness]]\nvkey = "{a}"\n', "share one name"),
        ("quorum = \n", "policy.toml"),
    ],
)
def test_a_bad_policy_file_is_one_message_naming_it(tmp_path: Path, text: str, fault: str) -> None:
    path = policy_file(tmp_path, text.replace("{a}", key("w/a")))
    with pytest.raises(PolicyFileError, match=r"policy\.toml") as refused:
        load_policy(path)
    assert fault in str(refused.value)


def test_the_setting_is_optional(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(POLICY_ENV, raising=False)
    assert published_policy() is None
    monkeypatch.setenv(POLICY_ENV, str(tmp_path / "missing.toml"))
    with pytest.raises(PolicyFileError, match=r"missing\.toml"):
        published_policy()
