"""Cosignatures (c2sp.org/tlog-cosignature, Ed25519 cosignature/v1) and the witness
policy: key IDs and vkeys, the signed message, quorum counting, lines ignored or refused."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from ledger.keys import raw_public_key
from verify.cosignature import (
    WitnessKey,
    WitnessPolicy,
    cosignature_line,
    cosigned_message,
    key_id,
)
from verify.errors import InputError, QuorumNotMet
from verify.note import Checkpoint, Vkey, signature_line

LOG = Ed25519PrivateKey.generate()
LOG_VKEY = Vkey.for_key("example.gov.cn/log", raw_public_key(LOG.public_key()))
BODY = Checkpoint("example.gov.cn/log", 12, hashlib.sha256(b"root").digest()).body()


def log_note(body: str = BODY) -> str:
    signature = LOG.sign(body.encode())
    return body + "\n" + signature_line(LOG_VKEY.name, LOG_VKEY.key_hash, signature)


def witness(name: str) -> tuple[Ed25519PrivateKey, WitnessKey]:
    private = Ed25519PrivateKey.generate()
    return private, WitnessKey.for_key(name, raw_public_key(private.public_key()))


def cosign(note: str, private: Ed25519PrivateKey, key: WitnessKey, at: int = 1_700_000_000) -> str:
    body = note[: note.index("\n\n") + 1]
    return note + cosignature_line(key, at, private.sign(cosigned_message(body, at)))


def test_the_key_id_and_message_follow_the_spec() -> None:
    _, key = witness("witness.example/w1")
    expected = hashlib.sha256(b"witness.example/w1\n\x04" + key.public_key).digest()[:4]
    assert key.key_id == key_id("witness.example/w1", key.public_key) == expected
    assert cosigned_message(BODY, 1679315147) == (
        b"cosignature/v1\ntime 1679315147\n" + BODY.encode()
    )
    text = key.to_text()
    assert text.split("+")[1] == expected.hex()
    assert base64.b64decode(text.split("+", 2)[2])[:1] == b"\x04"
    assert WitnessKey.from_text(text) == key


def test_a_log_key_is_not_a_witness_key() -> None:
    with pytest.raises(InputError, match="0x04"):
        WitnessKey.from_text(LOG_VKEY.to_text())


def test_the_quorum_counts_valid_cosignatures_of_trusted_witnesses_only() -> None:
    (a_priv, a), (b_priv, b), (_c_priv, c) = witness("w/a"), witness("w/b"), witness("w/c")
    note = cosign(cosign(log_note(), a_priv, a), b_priv, b)
    assert set(WitnessPolicy((a, b), 2).check(note)) == {"w/a", "w/b"}
    assert set(WitnessPolicy((a, b, c), 2).check(note)) == {"w/a", "w/b"}
    with pytest.raises(QuorumNotMet) as refused:
        WitnessPolicy((a, c), 2).check(note)
    assert refused.value.evidence["missing"] == ["w/c"]
    with pytest.raises(InputError):
        WitnessPolicy((a, b), 3)


def test_a_cosignature_over_another_checkpoint_does_not_count() -> None:
    a_priv, a = witness("w/a")
    other = Checkpoint("example.gov.cn/log", 13, hashlib.sha256(b"fork").digest()).body()
    forged_line = cosign(log_note(other), a_priv, a).rsplit("\n", 2)[-2] + "\n"
    note = log_note() + forged_line  # a's line, but signed over size 13
    with pytest.raises(QuorumNotMet):
        WitnessPolicy((a,), 1).check(note)


@given(st.integers(min_value=0, max_value=2**63 - 1))
def test_the_timestamp_is_read_back_from_any_cosignature(at: int) -> None:
    a_priv, a = witness("w/a")
    assert WitnessPolicy((a,), 1).check(cosign(log_note(), a_priv, a, at)) == {"w/a": at}
