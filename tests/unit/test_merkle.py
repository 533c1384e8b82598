"""RFC 9162 Merkle tree hashes and proofs against published and contract vectors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from verify.errors import VerifyError
from verify.merkle import (
    EMPTY_ROOT,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root_from_inclusion,
    root_of,
    verify_consistency,
    verify_inclusion,
)

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
RFC: dict[str, Any] = json.loads((VECTORS / "rfc6962_merkle.json").read_text("utf-8"))
CONTRACT: dict[str, Any] = json.loads((VECTORS / "contract-v1.json").read_text("utf-8"))

RFC_LEAVES = [leaf_hash(bytes.fromhex(data)) for data in RFC["leaves"]]
RFC_ROOTS = {int(n): bytes.fromhex(h) for n, h in RFC["roots"].items()}
CONTRACT_LEAVES = [bytes.fromhex(h) for h in CONTRACT["merkle"]["leaf_hashes"]]
CONTRACT_ROOTS = {int(n): bytes.fromhex(h) for n, h in CONTRACT["merkle"]["roots"].items()}


def hashes(hex_list: list[str]) -> list[bytes]:
    return [bytes.fromhex(h) for h in hex_list]


def flipped(value: bytes, at: int = 0) -> bytes:
    return value[:at] + bytes([value[at] ^ 0x10]) + value[at + 1 :]


def code_of(exc: pytest.ExceptionInfo[VerifyError]) -> str:
    return exc.value.code


# 7 leaves, leaf 3, the contract vector: a proof with three hashes.
INDEX, SIZE = 3, 7
PROOF = hashes(CONTRACT["merkle"]["inclusion_proof"]["hashes"])
LEAF = CONTRACT_LEAVES[INDEX]
ROOT = CONTRACT_ROOTS[SIZE]
OLD_ROOT = CONTRACT_ROOTS[3]
CONSISTENCY = hashes(CONTRACT["merkle"]["consistency_proof"]["hashes"])


class TestRfcVectors:
    def test_empty_tree_root_is_the_hash_of_nothing(self) -> None:
        assert root_of([]) == EMPTY_ROOT == bytes.fromhex(RFC["empty_root"])

    @pytest.mark.parametrize("size", range(1, 9))
    def test_root_equals_the_published_tree_head(self, size: int) -> None:
        assert root_of(RFC_LEAVES[:size]) == RFC_ROOTS[size]

    @pytest.mark.parametrize("case", RFC["inclusion_proofs"], ids=repr)
    def test_inclusion_proof_equals_the_published_proof(self, case: dict[str, Any]) -> None:
        proof = inclusion_proof(RFC_LEAVES[: case["tree_size"]], case["index"])
        assert proof == hashes(case["hashes"])

    @pytest.mark.parametrize("case", RFC["inclusion_proofs"], ids=repr)
    def test_published_inclusion_proof_verifies(self, case: dict[str, Any]) -> None:
        index, size = case["index"], case["tree_size"]
        verify_inclusion(index, size, RFC_LEAVES[index], hashes(case["hashes"]), RFC_ROOTS[size])

    @pytest.mark.parametrize("case", RFC["consistency_proofs"], ids=repr)
    def test_consistency_proof_equals_the_published_proof(self, case: dict[str, Any]) -> None:
        proof = consistency_proof(RFC_LEAVES[: case["second"]], case["first"])
        assert proof == hashes(case["hashes"])

    @pytest.mark.parametrize("case", RFC["consistency_proofs"], ids=repr)
    def test_published_consistency_proof_verifies(self, case: dict[str, Any]) -> None:
        first, second = case["first"], case["second"]
        verify_consistency(
            first, second, RFC_ROOTS[first], RFC_ROOTS[second], hashes(case["hashes"])
        )


class TestContractVectors:
    @pytest.mark.parametrize("entry", CONTRACT["entries"], ids=lambda e: str(e["entry"]["seq"]))
    def test_leaf_hash_of_entry_bytes_equals_the_contract(self, entry: dict[str, Any]) -> None:
        raw = entry["entry_bytes_utf8"].encode("utf-8")
        assert leaf_hash(raw).hex() == entry["leaf_hash"]

    @pytest.mark.parametrize("size", sorted(CONTRACT_ROOTS))
    def test_root_equals_the_contract(self, size: int) -> None:
        assert root_of(CONTRACT_LEAVES[:size]) == CONTRACT_ROOTS[size]

    def test_inclusion_proof_equals_the_contract(self) -> None:
        assert CONTRACT["merkle"]["inclusion_proof"]["leaf_hash"] == LEAF.hex()
        assert inclusion_proof(CONTRACT_LEAVES, INDEX) == PROOF

    def test_contract_inclusion_proof_verifies(self) -> None:
        verify_inclusion(INDEX, SIZE, LEAF, PROOF, ROOT)

    def test_root_from_inclusion_returns_the_contract_root(self) -> None:
        assert root_from_inclusion(INDEX, SIZE, LEAF, PROOF) == ROOT

    def test_consistency_proof_equals_the_contract(self) -> None:
        assert consistency_proof(CONTRACT_LEAVES, 3) == CONSISTENCY

    def test_contract_consistency_proof_verifies(self) -> None:
        verify_consistency(3, 7, OLD_ROOT, ROOT, CONSISTENCY)


class TestInclusionRejects:
    def test_a_proof_one_hash_short(self) -> None:
        with pytest.raises(VerifyError) as exc:
            verify_inclusion(INDEX, SIZE, LEAF, PROOF[:-1], ROOT)
        assert code_of(exc) == "PROOF_INVALID"

    def test_a_proof_with_a_trailing_hash(self) -> None:
        with pytest.raises(VerifyError) as exc:
            verify_inclusion(INDEX, SIZE, LEAF, [*PROOF, ROOT], ROOT)
        assert code_of(exc) == "PROOF_INVALID"

    @pytest.mark.parametrize("index", [-1, SIZE, SIZE + 5])
    def test_an_index_outside_the_tree(self, index: int) -> None:
        with pytest.raises(VerifyError) as exc:
            verify_inclusion(index, SIZE, LEAF, PROOF, ROOT)
        assert code_of(exc) == "PROOF_INVALID"

    def test_any_index_in_an_empty_tree(self) -> None:
        with pytest.raises(VerifyError) as exc:
            verify_inclusion(0, 0, LEAF, [], EMPTY_ROOT)
        assert code_of(exc) == "PROOF_INVALID"

    @pytest.mark.parametrize("position", range(len(PROOF)))
    def test_a_flipped_byte_in_the_proof(self, position: int) -> None:
        proof = list(PROOF)
        proof[position] = flipped(proof[position], at=7)
        with pytest.raises(VerifyError) as exc:
            verify_inclusion(INDEX, SIZE, LEAF, proof, ROOT)
        assert code_of(exc) == "ROOT_MISMATCH"

    def test_a_flipped_byte_in_the_leaf(self) -> None:
        with pytest.raises(VerifyError) as exc:
            verify_inclusion(INDEX, SIZE, flipped(LEAF, at=31), PROOF, ROOT)
        assert code_of(exc) == "ROOT_MISMATCH"

    def test_a_flipped_byte_in_the_root_names_both_roots(self) -> None:
        wrong_root = flipped(ROOT)
        with pytest.raises(VerifyError) as exc:
            verify_inclusion(INDEX, SIZE, LEAF, PROOF, wrong_root)
        assert code_of(exc) == "ROOT_MISMATCH"
        assert exc.value.evidence == {"expected": wrong_root.hex(), "calculated": ROOT.hex()}

    def test_the_right_proof_for_a_neighbouring_index(self) -> None:
        with pytest.raises(VerifyError) as exc:
            verify_inclusion(INDEX - 1, SIZE, LEAF, PROOF, ROOT)
        assert code_of(exc) == "ROOT_MISMATCH"

    def test_a_hash_that_is_not_32_bytes(self) -> None:
        with pytest.raises(VerifyError) as exc:
            verify_inclusion(INDEX, SIZE, LEAF, [*PROOF[:-1], PROOF[-1][:31]], ROOT)
        assert code_of(exc) == "MALFORMED_INPUT"

    @pytest.mark.parametrize("case", RFC["inclusion_proofs"], ids=repr)
    def test_every_corruption_of_a_published_proof(self, case: dict[str, Any]) -> None:
        index, size = case["index"], case["tree_size"]
        leaf, proof, root = RFC_LEAVES[index], hashes(case["hashes"]), RFC_ROOTS[size]
        probes = [
            (index - 1, size, leaf, proof, root),
            (index + 1, size, leaf, proof, root),
            (index ^ 2, size, leaf, proof, root),
            (index, size * 2, leaf, proof, root),
            (index, size // 2, leaf, proof, root),
            (index, size, EMPTY_ROOT, proof, root),
            (index, size, leaf, proof, EMPTY_ROOT),
            (index, size, leaf, [*proof, root], root),
            (index, size, leaf, [root, *proof], root),
        ]
        for probe in probes:
            with pytest.raises(VerifyError):
                verify_inclusion(*probe)


class TestConsistencyRejects:
    def test_a_proof_one_hash_short(self) -> None:
        with pytest.raises(VerifyError) as exc:
            verify_consistency(3, 7, OLD_ROOT, ROOT, CONSISTENCY[:-1])
        assert code_of(exc) == "PROOF_INVALID"

    def test_an_empty_proof_between_different_sizes(self) -> None:
        with pytest.raises(VerifyError) as exc:
            verify_consistency(3, 7, OLD_ROOT, ROOT, [])
        assert code_of(exc) == "PROOF_INVALID"

    def test_an_old_size_larger_than_the_new_size(self) -> None:
        with pytest.raises(VerifyError) as exc:
            verify_consistency(7, 3, ROOT, OLD_ROOT, CONSISTENCY)
        assert code_of(exc) == "PROOF_INVALID"

    def test_a_negative_old_size(self) -> None:
        with pytest.raises(VerifyError) as exc:
            verify_consistency(-1, 7, OLD_ROOT, ROOT, CONSISTENCY)
        assert code_of(exc) == "PROOF_INVALID"

    @pytest.mark.parametrize("position", range(len(CONSISTENCY)))
    def test_a_flipped_byte_in_the_proof(self, position: int) -> None:
        proof = list(CONSISTENCY)
        proof[position] = flipped(proof[position], at=11)
        with pytest.raises(VerifyError) as exc:
            verify_consistency(3, 7, OLD_ROOT, ROOT, proof)
        assert code_of(exc) == "ROOT_MISMATCH"

    def test_a_flipped_byte_in_the_old_root(self) -> None:
        with pytest.raises(VerifyError) as exc:
            verify_consistency(3, 7, flipped(OLD_ROOT), ROOT, CONSISTENCY)
        assert code_of(exc) == "ROOT_MISMATCH"

    def test_a_flipped_byte_in_the_new_root(self) -> None:
        with pytest.raises(VerifyError) as exc:
            verify_consistency(3, 7, OLD_ROOT, flipped(ROOT), CONSISTENCY)
        assert code_of(exc) == "ROOT_MISMATCH"

    def test_two_different_roots_for_the_same_size(self) -> None:
        with pytest.raises(VerifyError) as exc:
            verify_consistency(7, 7, flipped(ROOT), ROOT, [])
        assert code_of(exc) == "ROOT_MISMATCH"

    def test_a_non_empty_proof_between_equal_sizes(self) -> None:
        with pytest.raises(VerifyError) as exc:
            verify_consistency(7, 7, ROOT, ROOT, [ROOT])
        assert code_of(exc) == "PROOF_INVALID"

    def test_a_non_empty_proof_from_the_empty_tree(self) -> None:
        with pytest.raises(VerifyError) as exc:
            verify_consistency(0, 7, EMPTY_ROOT, ROOT, [ROOT])
        assert code_of(exc) == "PROOF_INVALID"

    def test_a_hash_that_is_not_32_bytes(self) -> None:
        with pytest.raises(VerifyError) as exc:
            verify_consistency(3, 7, OLD_ROOT[:31], ROOT, CONSISTENCY)
        assert code_of(exc) == "MALFORMED_INPUT"

    @pytest.mark.parametrize("case", RFC["consistency_proofs"][1:], ids=repr)
    def test_every_corruption_of_a_published_proof(self, case: dict[str, Any]) -> None:
        m, n, proof = case["first"], case["second"], hashes(case["hashes"])
        old, new = RFC_ROOTS[m], RFC_ROOTS[n]
        probes = [
            (m - 1, n, old, new, proof),
            (m + 1, n, old, new, proof),
            (m ^ 2, n, old, new, proof),
            (m, n * 2, old, new, proof),
            (m, n // 2, old, new, proof),
            (m, n, new, old, proof),
            (m, n, old, new, [*proof, old]),
            (m, n, old, new, [proof[0], *proof]),
        ]
        for probe in probes:
            with pytest.raises(VerifyError):
                verify_consistency(*probe)


class TestConsistencyAccepts:
    def test_the_empty_tree_is_consistent_with_any_tree(self) -> None:
        verify_consistency(0, 7, EMPTY_ROOT, ROOT, [])

    def test_a_tree_is_consistent_with_itself(self) -> None:
        verify_consistency(7, 7, ROOT, ROOT, [])


class TestGenerators:
    def test_inclusion_proof_refuses_an_index_outside_the_tree(self) -> None:
        with pytest.raises(VerifyError) as exc:
            inclusion_proof(CONTRACT_LEAVES, len(CONTRACT_LEAVES))
        assert code_of(exc) == "MALFORMED_INPUT"

    def test_consistency_proof_refuses_an_old_size_beyond_the_tree(self) -> None:
        with pytest.raises(VerifyError) as exc:
            consistency_proof(CONTRACT_LEAVES, len(CONTRACT_LEAVES) + 1)
        assert code_of(exc) == "MALFORMED_INPUT"

    @pytest.mark.parametrize("old_size", [0, len(CONTRACT_LEAVES)])
    def test_consistency_proof_is_empty_at_the_ends(self, old_size: int) -> None:
        assert consistency_proof(CONTRACT_LEAVES, old_size) == []
