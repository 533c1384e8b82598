"""Properties of RFC 9162 proofs over trees of 1..2000 leaves."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verify.errors import VerifyError
from verify.merkle import (
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root_of,
    verify_consistency,
    verify_inclusion,
)

MAX_SIZE = 2000
LEAVES = [leaf_hash(i.to_bytes(4, "big")) for i in range(MAX_SIZE)]

sizes = st.integers(min_value=1, max_value=MAX_SIZE)
PROPERTY = settings(max_examples=150, deadline=None)


def mth(leaves: Sequence[bytes]) -> bytes:
    """MTH written straight from RFC 9162 §2.1.1, recursion and all."""
    if len(leaves) == 0:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def flip(value: bytes, at: int) -> bytes:
    return value[:at] + bytes([value[at] ^ 0x01]) + value[at + 1 :]


@st.composite
def tree_and_index(draw: st.DrawFn) -> tuple[int, int]:
    size = draw(sizes)
    return size, draw(st.integers(min_value=0, max_value=size - 1))


@st.composite
def two_sizes(draw: st.DrawFn) -> tuple[int, int]:
    new_size = draw(sizes)
    return draw(st.integers(min_value=0, max_value=new_size)), new_size


@st.composite
def proper_two_sizes(draw: st.DrawFn) -> tuple[int, int]:
    new_size = draw(st.integers(min_value=2, max_value=MAX_SIZE))
    return draw(st.integers(min_value=1, max_value=new_size - 1)), new_size


@PROPERTY
@given(size=st.integers(min_value=0, max_value=300))
def test_root_of_equals_the_recursive_definition(size: int) -> None:
    assert root_of(LEAVES[:size]) == mth(LEAVES[:size])


@PROPERTY
@given(tree_and_index())
def test_every_inclusion_proof_verifies(case: tuple[int, int]) -> None:
    size, index = case
    leaves = LEAVES[:size]
    verify_inclusion(index, size, leaves[index], inclusion_proof(leaves, index), root_of(leaves))


@PROPERTY
@given(two_sizes())
def test_every_consistency_proof_verifies(case: tuple[int, int]) -> None:
    old_size, new_size = case
    proof = consistency_proof(LEAVES[:new_size], old_size)
    verify_consistency(
        old_size, new_size, root_of(LEAVES[:old_size]), root_of(LEAVES[:new_size]), proof
    )


@PROPERTY
@given(tree_and_index(), st.data())
def test_altering_any_inclusion_proof_hash_is_caught(
    case: tuple[int, int], data: st.DataObject
) -> None:
    size, index = case
    leaves = LEAVES[:size]
    proof = inclusion_proof(leaves, index)
    if not proof:
        return  # a one-leaf tree has nothing to alter
    at = data.draw(st.integers(0, len(proof) - 1))
    proof[at] = flip(proof[at], data.draw(st.integers(0, 31)))
    with pytest.raises(VerifyError) as exc:
        verify_inclusion(index, size, leaves[index], proof, root_of(leaves))
    assert exc.value.code == "ROOT_MISMATCH"


@PROPERTY
@given(tree_and_index(), st.integers(0, 31), st.booleans())
def test_altering_the_leaf_or_the_root_is_caught(
    case: tuple[int, int], at: int, alter_root: bool
) -> None:
    size, index = case
    leaves = LEAVES[:size]
    leaf, root = leaves[index], root_of(leaves)
    if alter_root:
        root = flip(root, at)
    else:
        leaf = flip(leaf, at)
    with pytest.raises(VerifyError) as exc:
        verify_inclusion(index, size, leaf, inclusion_proof(leaves, index), root)
    assert exc.value.code == "ROOT_MISMATCH"


@PROPERTY
@given(proper_two_sizes(), st.data())
def test_altering_any_consistency_proof_hash_is_caught(
    case: tuple[int, int], data: st.DataObject
) -> None:
    old_size, new_size = case
    proof = consistency_proof(LEAVES[:new_size], old_size)
    at = data.draw(st.integers(0, len(proof) - 1))
    proof[at] = flip(proof[at], data.draw(st.integers(0, 31)))
    with pytest.raises(VerifyError) as exc:
        verify_consistency(
            old_size, new_size, root_of(LEAVES[:old_size]), root_of(LEAVES[:new_size]), proof
        )
    assert exc.value.code == "ROOT_MISMATCH"


@PROPERTY
@given(proper_two_sizes(), st.integers(0, 31), st.booleans())
def test_altering_either_root_of_a_consistency_proof_is_caught(
    case: tuple[int, int], at: int, alter_old: bool
) -> None:
    old_size, new_size = case
    old_root, new_root = root_of(LEAVES[:old_size]), root_of(LEAVES[:new_size])
    if alter_old:
        old_root = flip(old_root, at)
    else:
        new_root = flip(new_root, at)
    proof = consistency_proof(LEAVES[:new_size], old_size)
    with pytest.raises(VerifyError) as exc:
        verify_consistency(old_size, new_size, old_root, new_root, proof)
    assert exc.value.code == "ROOT_MISMATCH"


@PROPERTY
@given(tree_and_index(), st.sampled_from([-1, 1]))
def test_a_proof_of_the_wrong_length_is_refused(case: tuple[int, int], change: int) -> None:
    size, index = case
    leaves = LEAVES[:size]
    proof = inclusion_proof(leaves, index)
    if change < 0 and not proof:
        return
    proof = proof[:-1] if change < 0 else [*proof, leaves[0]]
    with pytest.raises(VerifyError) as exc:
        verify_inclusion(index, size, leaves[index], proof, root_of(leaves))
    assert exc.value.code == "PROOF_INVALID"


def test_every_proof_in_every_tree_up_to_64_leaves_verifies() -> None:
    for size in range(1, 65):
        leaves, root = LEAVES[:size], root_of(LEAVES[:size])
        for index in range(size):
            verify_inclusion(index, size, leaves[index], inclusion_proof(leaves, index), root)
        for old_size in range(size + 1):
            proof = consistency_proof(leaves, old_size)
            verify_consistency(old_size, size, root_of(LEAVES[:old_size]), root, proof)
