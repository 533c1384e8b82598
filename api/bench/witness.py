"""``gongkai bench witness``: how many checkpoints a witness cosigns per second, each
with its whole check (the log's signature, the consistency proof from the last cosigned
size, the durable state update) and its own Ed25519 signature. Target: 500/s.

The log is synthetic (random leaves, a fresh log key); each checkpoint adds
``step`` leaves to the last, as a busy log's checkpoints would.
"""

from __future__ import annotations

import base64
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api.witness.config import WitnessDirectory
from api.witness.witness import add_checkpoint
from ledger.keys import raw_public_key
from verify.merkle import consistency_proof, leaf_hash, root_of
from verify.note import Checkpoint, Vkey, signature_line

TARGET_PER_S = 500.0
ORIGIN = "bench.gongkai.local/witnessed"


def submissions(count: int, step: int) -> tuple[str, list[bytes]]:
    """The log's verifier key and ``count`` add-checkpoint bodies, in order."""
    key = Ed25519PrivateKey.generate()
    vkey = Vkey.for_key(ORIGIN, raw_public_key(key.public_key()))
    leaves: list[bytes] = []
    bodies, old = [], 0
    for _ in range(count):
        leaves += [leaf_hash(os.urandom(64)) for _ in range(step)]
        body = Checkpoint(ORIGIN, len(leaves), root_of(leaves)).body()
        note = body + "\n" + signature_line(vkey.name, vkey.key_hash, key.sign(body.encode()))
        proof = consistency_proof(leaves, old) if old else []
        head = [f"old {old}", *(base64.b64encode(h).decode() for h in proof)]
        bodies.append(("\n".join(head) + "\n\n" + note).encode())
        old = len(leaves)
    return vkey.to_text(), bodies


def run(
    out: Callable[[str], None], *, work: Path, count: int = 2000, step: int = 7
) -> dict[str, Any]:
    work.mkdir(parents=True, exist_ok=True)
    where = Path(tempfile.mkdtemp(prefix="bench-witness-", dir=work))
    try:
        vkey, bodies = submissions(count, step)
        directory = WitnessDirectory(where)
        directory.init("bench.gongkai.local/witness")
        directory.add_log(vkey)
        witness = directory.open()
        started = time.perf_counter()
        statuses = [add_checkpoint(witness, body).status for body in bodies]
        elapsed = time.perf_counter() - started
    finally:
        shutil.rmtree(where, ignore_errors=True)
    per_s = count / elapsed
    refused = sum(1 for s in statuses if s != 200)
    out(
        f"witness: {count} checkpoints ({step} new leaves each) cosigned in {elapsed:.2f} s: "
        f"{per_s:.0f}/s ({per_s / TARGET_PER_S:.2f}x the {TARGET_PER_S:.0f}/s target), "
        f"{refused} refused"
    )
    return {
        "checkpoints": count,
        "seconds": round(elapsed, 3),
        "per_s": round(per_s, 1),
        "refused": refused,
        "target_per_s": TARGET_PER_S,
    }
