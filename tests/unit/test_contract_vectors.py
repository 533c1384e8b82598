"""The ledger and verify/ reproduce every golden contract vector byte for byte
(../shared/vectors/contract-v1.json, copied to tests/vectors)."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.events import NewEvent, Sealed
from ledger.keys import public_key_b64
from ledger.seal import seal_event
from verify.entry import Entry, envelope_signed_bytes, seal_commitment
from verify.note import Checkpoint, Vkey, signature_line, verify_checkpoint
from verify.registry import key_id_of

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).parents[1] / "vectors" / "contract-v1.json").read_text(encoding="utf-8")
)


def _key(name: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(VECTORS[name]["seed_hex"]))


@pytest.mark.parametrize("name", ["officer_key", "log_key"])
def test_public_keys_and_key_ids_match_the_vectors(name: str) -> None:
    key = _key(name).public_key()
    assert public_key_b64(key) == VECTORS[name]["public_key"]
    assert key_id_of(base64.b64decode(VECTORS[name]["public_key"])) == VECTORS[name]["key_id"]


@pytest.mark.parametrize("number", [0, 1])
def test_the_sealer_reproduces_each_entry_byte_for_byte(number: int) -> None:
    vector = VECTORS["entries"][number]
    envelope = vector["envelope"]
    data = dict(envelope["data"])
    event = NewEvent(envelope["type"], data)
    entry, vault = seal_event(
        event,
        origin=envelope["log"],
        stream=envelope["stream"],
        seq=envelope["seq"],
        prev=envelope["prev"],
        actor=envelope["actor"],
        key_id=envelope["key"],
        private_key=_key("officer_key"),
        at=envelope["at"],
    )
    assert vault == []
    assert envelope_signed_bytes(envelope) == vector["signed_bytes_utf8"].encode("utf-8")
    assert entry.raw == vector["entry_bytes_utf8"].encode("utf-8")
    assert entry.leaf_hash().hex() == vector["leaf_hash"]


@pytest.mark.parametrize("number", [0, 1])
def test_the_verifier_parses_and_checks_each_entry(number: int) -> None:
    vector = VECTORS["entries"][number]
    entry = Entry.from_bytes(vector["entry_bytes_utf8"].encode("utf-8"))
    assert entry.signed_bytes() == vector["signed_bytes_utf8"].encode("utf-8")
    assert entry.leaf_hash().hex() == vector["leaf_hash"]
    entry.verify_signature(_key("officer_key").public_key())


def test_the_second_entry_chains_to_the_first() -> None:
    first, second = VECTORS["entries"]
    assert second["envelope"]["prev"] == first["leaf_hash"]


def test_sealed_field_commitment_matches_the_vector() -> None:
    field = VECTORS["sealed_field"]
    sealed = seal_commitment(field["value"], bytes.fromhex(field["nonce_hex"]))
    assert sealed == field["sealed"]


def test_sealing_a_value_replaces_it_by_a_fresh_commitment() -> None:
    entry, vault = seal_event(
        NewEvent("DisclosureRequest.Received", {"applicant": Sealed("张三")}),
        origin=VECTORS["origin"],
        stream="6f1c1a8e-3b0c-4a51-9d0e-2f4b8c9a7d10",
        seq=1,
        prev=None,
        actor="officer-0001",
        key_id=VECTORS["officer_key"]["key_id"],
        private_key=_key("officer_key"),
        at="2026-02-06T01:30:00.000000Z",
    )
    assert "张三".encode() not in entry.raw
    assert [row.value_json for row in vault] == ['"张三"']
    assert entry.data["applicant"] == seal_commitment("张三", bytes.fromhex(vault[0].nonce_hex))


def test_vkey_and_checkpoint_note_match_the_vectors() -> None:
    log_key = _key("log_key")
    vkey = Vkey.for_key(VECTORS["origin"], base64.b64decode(VECTORS["log_key"]["public_key"]))
    assert vkey.to_text() == VECTORS["vkey"]
    root = bytes.fromhex(VECTORS["merkle"]["roots"]["7"])
    body = Checkpoint(VECTORS["origin"], 7, root).body()
    note = body + "\n" + signature_line(vkey.name, vkey.key_hash, log_key.sign(body.encode()))
    assert note == VECTORS["checkpoint_note"]
    assert verify_checkpoint(note, vkey).root_hash == root
