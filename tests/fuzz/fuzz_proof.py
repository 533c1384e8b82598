"""Harness: proof JSON (inclusion and consistency) as ``gongkai-verify`` reads it from
a file (``load_proof``), then builds and checks it against the genuine checkpoint.
Mode by the first byte: bit 0 picks the proof kind; bit 1, whether the input is
written over a genuine proof. Only ``VerifyError`` may come out."""

from __future__ import annotations

from tests.fuzz._world import splice, world
from verify.errors import VerifyError
from verify.note import verify_checkpoint
from verify.proofs import (
    ConsistencyProof,
    InclusionProof,
    check_consistency,
    check_inclusion,
    load_proof,
)


def seeds() -> list[bytes]:
    w = world()
    return [b"\x00" + w.inclusion, b"\x01" + w.consistency, b"\x02\x00\x04[]", b"\x03\x00\x10\x00"]


def TestOneInput(data: bytes) -> None:
    w = world()
    mode = data[0] if data else 0
    inclusion = mode % 2 == 0
    genuine = w.inclusion if inclusion else w.consistency
    raw = splice(genuine, data[1:]) if mode & 2 else data[1:]
    path = w.work / "fuzz-proof.json"
    path.write_bytes(raw)
    checkpoint = verify_checkpoint(w.note, w.vkey)
    try:
        proof = load_proof(path)
        if inclusion:
            check_inclusion(checkpoint, InclusionProof.from_json(proof), w.leaf)
        else:
            check_consistency(checkpoint, checkpoint, ConsistencyProof.from_json(proof))
    except VerifyError:
        pass
