"""Proof JSON (DESIGN.md, contract) and checking proofs against signed checkpoints.

``InclusionProof`` is ``{"index":i,"tree_size":n,"leaf_hash":"<hex>","hashes":[...]}``
and ``ConsistencyProof`` is ``{"first":m,"second":n,"hashes":[...]}`` (RFC 9162 §2.1).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from verify.errors import InputError, ProofInvalid
from verify.hashes import is_sha256_hex
from verify.merkle import verify_consistency, verify_inclusion
from verify.note import Checkpoint, Vkey, verify_checkpoint


@dataclass(frozen=True, slots=True)
class InclusionProof:
    """``{"index", "tree_size", "leaf_hash", "hashes"}`` (DESIGN.md proof JSON)."""

    index: int
    tree_size: int
    leaf_hash: str
    hashes: tuple[str, ...]

    @classmethod
    def from_json(cls, obj: Any) -> InclusionProof:
        """Raises InputError unless ``obj`` is a well-formed inclusion proof object."""
        if not isinstance(obj, dict) or obj.keys() != {"index", "tree_size", "leaf_hash", "hashes"}:
            raise InputError("not an inclusion proof object")
        index, size, leaf, hashes = obj["index"], obj["tree_size"], obj["leaf_hash"], obj["hashes"]
        if not all(
            isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in (index, size)
        ):
            raise InputError("proof index and tree_size must be non-negative integers")
        if not is_sha256_hex(leaf):
            raise InputError("proof leaf_hash must be 64 lowercase hex digits")
        if not isinstance(hashes, list) or not all(is_sha256_hex(h) for h in hashes):
            raise InputError("proof hashes must be 64-hex-digit strings")
        return cls(index, size, leaf, tuple(hashes))

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "tree_size": self.tree_size,
            "leaf_hash": self.leaf_hash,
            "hashes": list(self.hashes),
        }


@dataclass(frozen=True, slots=True)
class ConsistencyProof:
    """``{"first", "second", "hashes"}`` (DESIGN.md proof JSON)."""

    first: int
    second: int
    hashes: tuple[str, ...]

    @classmethod
    def from_json(cls, obj: Any) -> ConsistencyProof:
        """Raises InputError unless ``obj`` is a well-formed consistency proof object."""
        if not isinstance(obj, dict) or obj.keys() != {"first", "second", "hashes"}:
            raise InputError("not a consistency proof object")
        first, second, hashes = obj["first"], obj["second"], obj["hashes"]
        if not all(
            isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in (first, second)
        ):
            raise InputError("proof first and second must be non-negative integers")
        if not isinstance(hashes, list) or not all(is_sha256_hex(h) for h in hashes):
            raise InputError("proof hashes must be 64-hex-digit strings")
        return cls(first, second, tuple(hashes))

    def to_json(self) -> dict[str, Any]:
        return {"first": self.first, "second": self.second, "hashes": list(self.hashes)}


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
    except (ValueError, RecursionError):
        raise InputError(f"{path} is not JSON") from None
    if not isinstance(proof, dict):
        raise InputError(f"{path} is not a proof object")
    return proof


def check_consistency(
    old: Checkpoint, new: Checkpoint, proof: ConsistencyProof | dict[str, Any]
) -> None:
    """Check that ``new`` extends ``old``; ``proof`` as built or as parsed JSON (read
    leniently, so a proof for other sizes is reported before its hashes are read).

    Raises ProofInvalid, RootMismatch or InputError.
    """
    if isinstance(proof, ConsistencyProof):
        proof = proof.to_json()
    if proof.get("first") != old.size or proof.get("second") != new.size:
        raise ProofInvalid(
            f"the proof is for sizes {proof.get('first')}→{proof.get('second')}, "
            f"the checkpoints are {old.size}→{new.size}"
        )
    verify_consistency(old.size, new.size, old.root_hash, new.root_hash, _hashes(proof))


def check_inclusion(
    checkpoint: Checkpoint, proof: InclusionProof | dict[str, Any], leaf: bytes
) -> None:
    """Check that ``leaf`` is in ``checkpoint``'s tree; ``proof`` as built or as parsed JSON.

    Raises ProofInvalid, RootMismatch or InputError.
    """
    if isinstance(proof, InclusionProof):
        proof = proof.to_json()
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
