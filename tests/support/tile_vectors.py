"""Writes the static-tile test vectors (tests/vectors/tiles/): a log of 300 fixed
entries as C2SP tlog-tiles files, a checkpoint signed by a fixed Ed25519 seed, and the
expected hashes and proofs. Regenerate on purpose with
``python -m tests.support.tile_vectors``; tests/unit/test_tile_vectors.py checks that
the code reproduces every byte."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.support.tiles import memory_tiles
from verify.merkle import consistency_proof, inclusion_proof, leaf_hash
from verify.note import Checkpoint, Vkey, signature_line

DIRECTORY = Path(__file__).resolve().parents[1] / "vectors" / "tiles"
ORIGIN = "vectors.gongkai.local/tiles"
SEED = bytes(range(32))
SIZE = 300
INCLUSION = (0, 1, 255, 256, 299)
CONSISTENCY = (1, 100, 256, 257, 299)


def vector_entries() -> list[bytes]:
    return [f'{{"n":{n},"vector":"gongkai tiles"}}'.encode() for n in range(SIZE)]


def signed_checkpoint(root: bytes) -> tuple[str, Vkey]:
    key = Ed25519PrivateKey.from_private_bytes(SEED)
    vkey = Vkey.for_key(ORIGIN, key.public_key().public_bytes_raw())
    body = Checkpoint(ORIGIN, SIZE, root).body()
    line = signature_line(vkey.name, vkey.key_hash, key.sign(body.encode()))
    return body + "\n" + line, vkey


def expected() -> tuple[dict[str, bytes], dict[str, Any]]:
    files, root = memory_tiles(vector_entries())
    note, vkey = signed_checkpoint(root)
    files["checkpoint"] = note.encode()
    leaves = [leaf_hash(raw) for raw in vector_entries()]
    summary = {
        "origin": ORIGIN,
        "vkey": vkey.to_text(),
        "tree_size": SIZE,
        "root": root.hex(),
        "files": {path: hashlib.sha256(data).hexdigest() for path, data in sorted(files.items())},
        "inclusion": [
            {"index": i, "leaf_hash": leaves[i].hex(), "hashes": _hex(inclusion_proof(leaves, i))}
            for i in INCLUSION
        ],
        "consistency": [
            {"first": m, "second": SIZE, "hashes": _hex(consistency_proof(leaves, m))}
            for m in CONSISTENCY
        ],
    }
    return files, summary


def _hex(hashes: list[bytes]) -> list[str]:
    return [h.hex() for h in hashes]


def main() -> None:
    files, summary = expected()
    for path, data in files.items():
        target = DIRECTORY / "log" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (DIRECTORY / "expected.json").write_text(json.dumps(summary, indent=1) + "\n")


if __name__ == "__main__":
    main()
