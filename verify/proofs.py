"""Checking proof files (DESIGN.md proof JSON) against signed checkpoints."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from verify.errors import InputError, ProofInvalid
from verify.merkle import verify_consistency, verify_inclusion
from verify.note import Checkpoint, Vkey, verify_checkpoint


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None


def _hashes(proof: dict[str, Any]) -> list[bytes]:
    hashes = proof.get("hashes")
    if not isinstance(hashes, list) or not all(isinstance(h, str) for h in hashes):
        raise InputError("proof has no list of hex hashes")
    try:
        return [bytes.fromhex(h) for h in hashes]
    except ValueError:
        raise InputError("proof hashes are not hex") from None


def load_proof(path: Path) -> dict[str, Any]:
    try:
        proof = json.loads(_read(path))
    except ValueError:
        raise InputError(f"{path} is not JSON") from None
    if not isinstance(proof, dict):
        raise InputError(f"{path} is not a proof object")
    return proof


def check_consistency(old: Checkpoint, new: Checkpoint, proof: dict[str, Any]) -> None:
    """Raises ProofInvalid or RootMismatch unless ``new`` extends ``old``."""
    if proof.get("first") != old.size or proof.get("second") != new.size:
        raise ProofInvalid(
            f"the proof is for sizes {proof.get('first')}→{proof.get('second')}, "
            f"the checkpoints are {old.size}→{new.size}"
        )
    verify_consistency(old.size, new.size, old.root_hash, new.root_hash, _hashes(proof))


def check_inclusion(checkpoint: Checkpoint, proof: dict[str, Any], leaf: bytes) -> None:
    """Raises ProofInvalid or RootMismatch unless ``leaf`` is in ``checkpoint``'s tree."""
    index, size = proof.get("index"), proof.get("tree_size")
    if not isinstance(index, int) or size != checkpoint.size:
        raise ProofInvalid(f"the proof is for tree size {size}, the checkpoint {checkpoint.size}")
    verify_inclusion(index, checkpoint.size, leaf, _hashes(proof), checkpoint.root_hash)


def verify_consistency_files(
    old_path: Path, new_path: Path, proof_path: Path, vkey: Vkey
) -> tuple[Checkpoint, Checkpoint]:
    """Verify both signed checkpoints and the consistency proof between them."""
    old = verify_checkpoint(_read(old_path), vkey)
    new = verify_checkpoint(_read(new_path), vkey)
    check_consistency(old, new, load_proof(proof_path))
    return old, new
