"""The material every harness mutates: a tiny real ledger, made once per process.

A ledger with a request history, its export, an evidence bundle, the latest signed
checkpoint, the verifier key and two proofs, all genuine, so the fuzzers start from
inputs that pass every check and mutate their way into each branch of the parsers.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api.bench.bundle import DOCUMENT, OFFICER, ORIGIN, T0, request_history
from ledger.bundle import Selection, write_bundle
from ledger.export import export
from ledger.ledger import Ledger
from verify.note import Vkey


@dataclass(frozen=True)
class World:
    work: Path
    vkey: Vkey
    vkey_text: str
    note: str
    export: bytes
    bundle: bytes
    log_key: Ed25519PrivateKey
    inclusion: bytes
    consistency: bytes
    leaf: bytes


@cache
def world() -> World:
    work = Path(tempfile.mkdtemp(prefix="gongkai-fuzz-"))
    atexit.register(shutil.rmtree, work, True)
    os.environ.setdefault("GONGKAI_KEY_PASSPHRASE", "fuzz")
    ledger = Ledger.open(work / "data", f"sqlite:///{work / 'ledger.db'}")
    try:
        ledger.genesis(ORIGIN, T0)
        ledger.register_key(OFFICER, ["office_head", "request_handler"], "signing", T0)
        request_history(ledger, "2026-0007", 6)
        ledger.integrate()
        first = ledger.tree_size()
        request_history(ledger, "2026-0008", 4)
        export(ledger, work / "export.jsonl")
        bundle = write_bundle(
            ledger,
            Selection("request", "2026-0007"),
            work / "bundle.zip",
            at=T0 + timedelta(days=30),
            content={hashlib.sha256(DOCUMENT).hexdigest(): DOCUMENT}.get,
        ).path
        size = ledger.checkpoint_size()
        inclusion = ledger.inclusion_proof(3, size)
        log = ledger.key_of("log")
        assert log is not None
        return World(
            work=work,
            vkey=ledger.vkey(),
            vkey_text=ledger.vkey().to_text(),
            note=ledger.checkpoint_note(),
            export=(work / "export.jsonl").read_bytes(),
            bundle=bundle.read_bytes(),
            log_key=ledger.keys.private_key(log.key_id),
            inclusion=json.dumps(inclusion.to_json()).encode(),
            consistency=json.dumps(ledger.consistency_proof(first, size).to_json()).encode(),
            leaf=bytes.fromhex(inclusion.leaf_hash),
        )
    finally:
        ledger.close()


def splice(original: bytes, data: bytes) -> bytes:
    """``original`` with bytes from ``data`` written over it at a position ``data`` picks
    (its first two bytes), so most inputs stay close to a valid one."""
    if len(data) < 2 or not original:
        return original
    position = int.from_bytes(data[:2], "big") % len(original)
    patch = data[2:]
    return original[:position] + patch + original[position + len(patch) :]
