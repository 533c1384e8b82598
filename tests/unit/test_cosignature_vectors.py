"""The committed cosignature vectors (tests/vectors/cosignature-v1.json): from the fixed
seeds, ``verify/cosignature.py`` reproduces every key ID, verifier key, signed message and
cosignature line byte for byte, and a policy over the witnesses accepts the cosigned note."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.keys import raw_public_key
from tests.support import cosignature_vectors
from verify.cosignature import WitnessKey, WitnessPolicy, cosignature_line, cosigned_message
from verify.errors import QuorumNotMet
from verify.note import Vkey, verify_checkpoint

VECTORS: dict[str, Any] = json.loads(cosignature_vectors.PATH.read_text(encoding="utf-8"))
WITNESSES = VECTORS["witnesses"]


@pytest.mark.parametrize("vector", WITNESSES, ids=[w["name"] for w in WITNESSES])
def test_the_cosignature_is_reproduced_byte_for_byte(vector: dict[str, Any]) -> None:
    private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(vector["seed"]))
    public = raw_public_key(private.public_key())
    assert public.hex() == vector["public_key"]
    key = WitnessKey.for_key(vector["name"], public)
    spec_id = hashlib.sha256(vector["name"].encode() + b"\n\x04" + public).digest()[:4]
    assert key.key_id == spec_id == bytes.fromhex(vector["key_id"])
    assert key.to_text() == vector["vkey"]
    assert WitnessKey.from_text(vector["vkey"]) == key
    message = cosigned_message(VECTORS["checkpoint"], vector["timestamp"])
    assert message == f"cosignature/v1\ntime {vector['timestamp']}\n".encode() + (
        VECTORS["checkpoint"].encode()
    )
    assert message.decode() == vector["message"]
    signature = private.sign(message)
    assert signature.hex() == vector["signature"]
    line = cosignature_line(key, vector["timestamp"], signature)
    assert line == vector["line"]
    blob = base64.b64decode(line.split(" ")[2])
    assert blob == spec_id + vector["timestamp"].to_bytes(8, "big") + signature


def test_the_cosigned_note_meets_a_quorum_of_both_and_not_with_a_wrong_key() -> None:
    note = VECTORS["cosigned_note"]
    assert note == VECTORS["note"] + "".join(w["line"] for w in WITNESSES)
    verify_checkpoint(note, Vkey.from_text(VECTORS["log"]["vkey"]))
    keys = tuple(WitnessKey.from_text(w["vkey"]) for w in WITNESSES)
    assert WitnessPolicy(keys, 2).check(note) == {w["name"]: w["timestamp"] for w in WITNESSES}
    stranger = Ed25519PrivateKey.from_private_bytes(bytes(32)).public_key()
    wrong = WitnessKey.for_key(WITNESSES[1]["name"], raw_public_key(stranger))
    with pytest.raises(QuorumNotMet):
        WitnessPolicy((keys[0], wrong), 2).check(note)


def test_the_committed_file_is_what_the_generator_writes() -> None:
    expected = json.dumps(cosignature_vectors.vectors(), ensure_ascii=False, indent=2) + "\n"
    assert cosignature_vectors.PATH.read_text(encoding="utf-8") == expected
