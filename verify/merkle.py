"""Merkle tree hashes and proofs over SHA-256, exactly as RFC 9162 §2.1.

Leaves are hashed as SHA-256(0x00 ‖ data) and interior nodes as SHA-256(0x01 ‖ left ‖ right)
(RFC 9162 §2.1.1), so trees and proofs are interchangeable with RFC 6962 logs. The
verifiers are plain loops over the proof (RFC 9162 §2.1.3.2 and §2.1.4.2): they are called
once per entry of a bundle. The generators build proofs from the full list of leaf hashes
(RFC 9162 §2.1.3.1 and §2.1.4.1); they serve tests and small evidence bundles.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from verify.errors import InputError, ProofInvalid, RootMismatch

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

_sha256 = hashlib.sha256


def leaf_hash(entry_bytes: bytes) -> bytes:
    """Return the RFC 9162 §2.1.1 leaf hash SHA-256(0x00 ‖ entry_bytes).

    Raises nothing.
    """
    return _sha256(b"\x00" + entry_bytes).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Return the RFC 9162 §2.1.1 interior node hash SHA-256(0x01 ‖ left ‖ right).

    Raises nothing.
    """
    return _sha256(b"\x01" + left + right).digest()


def root_of(leaf_hashes: Sequence[bytes]) -> bytes:
    """Return the RFC 9162 §2.1.1 tree head MTH over already-hashed leaves.

    Raises nothing; the empty tree's root is SHA-256 of the empty string.
    """
    if not leaf_hashes:
        return EMPTY_ROOT
    # Pairing level by level and lifting an odd last node unchanged gives the same tree
    # as the RFC's split at the largest power of two below n.
    level = list(leaf_hashes)
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int) -> list[bytes]:
    """Return the audit path PATH(index, D[n]) of RFC 9162 §2.1.3.1.

    Raises InputError if index is not in [0, len(leaf_hashes)).
    """
    if not 0 <= index < len(leaf_hashes):
        raise InputError(f"leaf index {index} is outside a tree of size {len(leaf_hashes)}")
    path: list[bytes] = []
    lo, hi = 0, len(leaf_hashes)
    while hi - lo > 1:
        k = _largest_power_of_two_below(hi - lo)
        if index < lo + k:
            path.append(root_of(leaf_hashes[lo + k : hi]))
            hi = lo + k
        else:
            path.append(root_of(leaf_hashes[lo : lo + k]))
            lo += k
    path.reverse()
    return path


def consistency_proof(leaf_hashes: Sequence[bytes], old_size: int) -> list[bytes]:
    """Return the consistency proof PROOF(old_size, D[n]) of RFC 9162 §2.1.4.1.

    Raises InputError if old_size is not in [0, len(leaf_hashes)].
    """
    if not 0 <= old_size <= len(leaf_hashes):
        raise InputError(f"old size {old_size} is outside a tree of size {len(leaf_hashes)}")
    if old_size in (0, len(leaf_hashes)):
        return []
    path: list[bytes] = []
    lo, hi, m, complete = 0, len(leaf_hashes), old_size, True
    while m != hi - lo:
        k = _largest_power_of_two_below(hi - lo)
        if m <= k:
            path.append(root_of(leaf_hashes[lo + k : hi]))
            hi = lo + k
        else:
            path.append(root_of(leaf_hashes[lo : lo + k]))
            lo, m, complete = lo + k, m - k, False
    if not complete:
        path.append(root_of(leaf_hashes[lo:hi]))
    path.reverse()
    return path


def root_from_inclusion(index: int, tree_size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """Return the root implied by an inclusion proof (RFC 9162 §2.1.3.2, steps 1-4).

    Raises ProofInvalid if the index is out of range or the proof has the wrong length,
    InputError if a hash is not 32 bytes.
    """
    # Step 1: the index must fall inside the tree.
    if not 0 <= index < tree_size:
        raise ProofInvalid(
            f"leaf index {index} is outside a tree of size {tree_size}",
            index=index,
            tree_size=tree_size,
        )
    _check_length(len(proof), _inclusion_proof_length(index, tree_size))
    _check_hash_sizes(leaf, *proof)
    # Steps 2-4.
    fn, sn, r = index, tree_size - 1, leaf
    for p in proof:
        if fn & 1 or fn == sn:
            r = _sha256(b"\x01" + p + r).digest()
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            r = _sha256(b"\x01" + r + p).digest()
        fn >>= 1
        sn >>= 1
    if sn != 0:  # unreachable once the length is checked; kept as the RFC's step 5
        raise ProofInvalid("inclusion proof does not reach the root")
    return r


def verify_inclusion(
    index: int, tree_size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that leaf is at index in the tree of tree_size leaves with the given root.

    Raises ProofInvalid (index out of range, wrong proof length), RootMismatch (the
    calculated root differs), InputError (a hash is not 32 bytes).
    """
    _check_hash_sizes(root)
    calculated = root_from_inclusion(index, tree_size, leaf, proof)
    if calculated != root:
        raise RootMismatch(
            f"inclusion proof for leaf {index} gives another root",
            expected=root,
            calculated=calculated,
        )


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> None:
    """Check that the tree of old_size leaves is a prefix of the tree of new_size leaves.

    Raises ProofInvalid (sizes out of order, wrong proof length), RootMismatch (a
    calculated root differs), InputError (a hash is not 32 bytes).
    """
    _check_hash_sizes(old_root, new_root)
    if not 0 <= old_size <= new_size:
        raise ProofInvalid(
            f"sizes {old_size} -> {new_size} are out of order",
            first=old_size,
            second=new_size,
        )
    _check_length(len(proof), _consistency_proof_length(old_size, new_size))
    _check_hash_sizes(*proof)
    if old_size == new_size:
        if old_root != new_root:
            raise RootMismatch(
                f"two roots for the same size {old_size}", expected=old_root, calculated=new_root
            )
        return
    if old_size == 0:
        return
    # RFC 9162 §2.1.4.2. Step 1 (empty proof) is covered by the length check.
    fr, sr, sn = _consistency_roots(old_size, new_size, old_root, proof)
    # Step 7.
    if sn != 0:  # unreachable once the length is checked
        raise ProofInvalid("consistency proof does not reach the new root")
    if fr != old_root:
        raise RootMismatch(
            "consistency proof gives another old root", expected=old_root, calculated=fr
        )
    if sr != new_root:
        raise RootMismatch(
            "consistency proof gives another new root", expected=new_root, calculated=sr
        )


def _consistency_roots(
    old_size: int, new_size: int, old_root: bytes, proof: Sequence[bytes]
) -> tuple[bytes, bytes, int]:
    """RFC 9162 §2.1.4.2 steps 2-6 for 0 < old_size < new_size: the old and new roots
    the proof leads to, and what is left of ``sn`` (step 7 wants 0)."""
    # Step 2: a complete old tree is its own first node.
    path = [old_root, *proof] if old_size & (old_size - 1) == 0 else list(proof)
    # Steps 3-4.
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    # Steps 5-6.
    fr = sr = path[0]
    for c in path[1:]:
        if fn & 1 or fn == sn:
            fr = _sha256(b"\x01" + c + fr).digest()
            sr = _sha256(b"\x01" + c + sr).digest()
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            sr = _sha256(b"\x01" + sr + c).digest()
        fn >>= 1
        sn >>= 1
    return fr, sr, sn


def _largest_power_of_two_below(n: int) -> int:
    """Return the k of RFC 9162 §2.1.1: the largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def _inclusion_proof_length(index: int, tree_size: int) -> int:
    # Levels below the point where the leaf's path and the last leaf's path meet each
    # contribute one hash; above it, one for each left subtree on the way up.
    inner = (index ^ (tree_size - 1)).bit_length()
    return inner + (index >> inner).bit_count()


def _consistency_proof_length(old_size: int, new_size: int) -> int:
    if old_size in (0, new_size):
        return 0
    # Like the inclusion proof of the old tree's last leaf, minus the levels inside the
    # old tree's rightmost complete subtree, plus that subtree's root unless it is the
    # whole old tree.
    inner = ((old_size - 1) ^ (new_size - 1)).bit_length()
    border = ((old_size - 1) >> inner).bit_count()
    shift = (old_size & -old_size).bit_length() - 1
    seed = 0 if old_size == 1 << shift else 1
    return seed + inner - shift + border


def _check_length(actual: int, expected: int) -> None:
    if actual != expected:
        raise ProofInvalid(
            f"proof has {actual} hashes, expected {expected}", expected=expected, actual=actual
        )


def _check_hash_sizes(*hashes: bytes) -> None:
    for h in hashes:
        if len(h) != HASH_SIZE:
            raise InputError(f"a hash is {len(h)} bytes, expected {HASH_SIZE}", actual=len(h))
