"""Proof JSON (contract): the dataclasses read and write the contract's objects unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from verify.errors import InputError
from verify.proofs import ConsistencyProof, InclusionProof

MERKLE = json.loads((Path(__file__).parents[1] / "vectors" / "contract-v1.json").read_text())[
    "merkle"
]


def _bytes(obj: object) -> str:
    return json.dumps(obj, separators=(",", ":"))


def test_an_inclusion_proof_round_trips_byte_for_byte() -> None:
    proof = MERKLE["inclusion_proof"]
    assert _bytes(InclusionProof.from_json(proof).to_json()) == _bytes(proof)


def test_a_consistency_proof_round_trips_byte_for_byte() -> None:
    proof = MERKLE["consistency_proof"]
    assert _bytes(ConsistencyProof.from_json(proof).to_json()) == _bytes(proof)


@pytest.mark.parametrize(
    "change",
    [{"first": -1}, {"second": True}, {"hashes": ["AB" * 32]}, {"hashes": "00"}, {"extra": 1}],
)
def test_a_malformed_consistency_proof_is_refused(change: dict[str, object]) -> None:
    with pytest.raises(InputError):
        ConsistencyProof.from_json({**MERKLE["consistency_proof"], **change})
