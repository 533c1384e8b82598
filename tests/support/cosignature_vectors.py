"""Writes ``tests/vectors/cosignature-v1.json``: c2sp.org/tlog-cosignature vectors from
fixed Ed25519 seeds (a log key and two witness keys), a fixed checkpoint and fixed
timestamps. Ed25519 is deterministic, so every field is reproducible byte for byte.

    .venv/bin/python -m tests.support.cosignature_vectors

Run it on purpose only: ``tests/unit/test_cosignature_vectors.py`` recomputes every
field from the seeds with ``verify/cosignature.py`` and the browser test feeds the
notes to the verify page.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.keys import raw_public_key
from verify.cosignature import WitnessKey, cosignature_line, cosigned_message
from verify.note import Checkpoint, Vkey, signature_line

PATH = Path(__file__).resolve().parents[1] / "vectors" / "cosignature-v1.json"
ORIGIN = "vectors.gongkai.example/log"
LOG_SEED = hashlib.sha256(b"gongkai cosignature vectors: log").digest()
WITNESSES = (
    ("jiwei.example.gov.cn/witness", hashlib.sha256(b"gongkai vectors: witness 1").digest()),
    ("renda.example.gov.cn/witness", hashlib.sha256(b"gongkai vectors: witness 2").digest()),
)
TIMESTAMPS = (1679315147, 1767225600)
CHECKPOINT = Checkpoint(ORIGIN, 1234, hashlib.sha256(b"gongkai vectors: root").digest())


def log_note(body: str) -> str:
    """The checkpoint body signed by the fixed log key (signed note, type 0x01)."""
    private = Ed25519PrivateKey.from_private_bytes(LOG_SEED)
    vkey = Vkey.for_key(ORIGIN, raw_public_key(private.public_key()))
    return body + "\n" + signature_line(vkey.name, vkey.key_hash, private.sign(body.encode()))


def witness_vector(name: str, seed: bytes, body: str, timestamp: int) -> dict[str, Any]:
    private = Ed25519PrivateKey.from_private_bytes(seed)
    key = WitnessKey.for_key(name, raw_public_key(private.public_key()))
    message = cosigned_message(body, timestamp)
    signature = private.sign(message)
    return {
        "name": name,
        "seed": seed.hex(),
        "public_key": key.public_key.hex(),
        "key_id": key.key_id.hex(),
        "vkey": key.to_text(),
        "timestamp": timestamp,
        "message": message.decode(),
        "signature": signature.hex(),
        "line": cosignature_line(key, timestamp, signature),
    }


def vectors() -> dict[str, Any]:
    body = CHECKPOINT.body()
    log_private = Ed25519PrivateKey.from_private_bytes(LOG_SEED)
    log_vkey = Vkey.for_key(ORIGIN, raw_public_key(log_private.public_key()))
    witnesses = [
        witness_vector(name, seed, body, at)
        for (name, seed), at in zip(WITNESSES, TIMESTAMPS, strict=True)
    ]
    note = log_note(body)
    return {
        "about": "c2sp.org/tlog-cosignature (cosignature/v1, Ed25519, key type 0x04) on a "
        "c2sp.org/tlog-checkpoint signed note; written by tests/support/cosignature_vectors.py",
        "log": {"origin": ORIGIN, "seed": LOG_SEED.hex(), "vkey": log_vkey.to_text()},
        "checkpoint": body,
        "note": note,
        "witnesses": witnesses,
        "cosigned_note": note + "".join(w["line"] for w in witnesses),
    }


def main() -> None:
    text = json.dumps(vectors(), ensure_ascii=False, indent=2) + "\n"
    PATH.write_text(text, encoding="utf-8")
    print(f"wrote {PATH}")


if __name__ == "__main__":
    main()
