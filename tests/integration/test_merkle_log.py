"""The integrated Merkle log: checkpoints, proofs, crash safety (both backends)."""

from __future__ import annotations

import pytest

from ledger.errors import ProofUnavailable
from ledger.events import NewEvent
from ledger.ledger import Ledger, new_stream_id
from ledger.tree import NodeCache, StoredTree
from tests.conftest import T0
from verify.merkle import root_of, verify_consistency, verify_inclusion
from verify.note import verify_checkpoint
from verify.proofs import check_consistency, check_inclusion


def _fill(ledger: Ledger, streams: int, per_stream: int) -> None:
    for _ in range(streams):
        stream = new_stream_id()
        ledger.append(stream, 0, [NewEvent("DisclosureRequest.Received", {})], "officer-1", T0)
        for seq in range(1, per_stream):
            ledger.append(
                stream,
                seq,
                [NewEvent("DisclosureRequest.Supplemented", {"n": seq})],
                "officer-1",
                T0,
            )


def test_checkpoint_is_signed_by_the_log_key_and_covers_every_entry(ledger: Ledger) -> None:
    _fill(ledger, 3, 4)
    ledger.integrate()
    checkpoint = verify_checkpoint(ledger.checkpoint_note(), ledger.vkey())
    leaves = [bytes.fromhex(h) for h in _leaf_hashes(ledger)]
    assert checkpoint.size == len(leaves) == 3 + 12  # genesis: root, log key, officer key
    assert checkpoint.root_hash == root_of(leaves)


def test_every_inclusion_proof_verifies_against_the_checkpoint(ledger: Ledger) -> None:
    _fill(ledger, 4, 3)
    ledger.integrate()
    checkpoint = verify_checkpoint(ledger.checkpoint_note(), ledger.vkey())
    for index in range(checkpoint.size):
        proof = ledger.inclusion_proof(index)
        check_inclusion(checkpoint, proof, bytes.fromhex(proof.leaf_hash))


def test_consistency_proofs_link_every_older_checkpoint_to_the_newest(ledger: Ledger) -> None:
    sizes = []
    for _ in range(4):
        _fill(ledger, 1, 3)
        ledger.integrate()
        sizes.append(ledger.checkpoint_size())
    newest = verify_checkpoint(ledger.checkpoint_note(), ledger.vkey())
    for size in sizes:
        old = verify_checkpoint(ledger.checkpoint_note(size), ledger.vkey())
        check_consistency(old, newest, ledger.consistency_proof(size, newest.size))


def test_proofs_for_sizes_beyond_the_log_are_refused_clearly(ledger: Ledger) -> None:
    ledger.integrate()
    size = ledger.checkpoint_size()
    with pytest.raises(ProofUnavailable):
        ledger.inclusion_proof(0, size + 1)
    with pytest.raises(ProofUnavailable):
        ledger.inclusion_proof(size, size)
    with pytest.raises(ProofUnavailable):
        ledger.consistency_proof(0, size)


def test_a_crash_while_integrating_leaves_no_half_written_tree(ledger: Ledger) -> None:
    _fill(ledger, 2, 2)
    ledger.integrate()
    before = ledger.checkpoint_size()
    _fill(ledger, 2, 2)
    ledger.integrate()  # builds the integrator
    _fill(ledger, 1, 3)
    integrator = ledger._integrator
    assert integrator is not None

    def crash(size: int, root: bytes) -> str:
        raise RuntimeError("power cut while signing")

    good = integrator.sign_checkpoint
    integrator.sign_checkpoint = crash
    with pytest.raises(RuntimeError):
        ledger.integrate()
    assert ledger.tree_size() == ledger.checkpoint_size() == before + 4
    integrator.sign_checkpoint = good
    assert ledger.integrate() == 3
    checkpoint = verify_checkpoint(ledger.checkpoint_note(), ledger.vkey())
    assert checkpoint.root_hash == root_of([bytes.fromhex(h) for h in _leaf_hashes(ledger)])


def test_stored_proofs_match_the_reference_proofs_from_all_leaves(ledger: Ledger) -> None:
    _fill(ledger, 5, 3)
    ledger.integrate()
    leaves = [bytes.fromhex(h) for h in _leaf_hashes(ledger)]
    size = len(leaves)
    for old in range(1, size + 1):
        proof = [bytes.fromhex(h) for h in ledger.consistency_proof(old, size).hashes]
        verify_consistency(old, size, root_of(leaves[:old]), root_of(leaves), proof)
        index = old - 1
        path = [bytes.fromhex(h) for h in ledger.inclusion_proof(index, size).hashes]
        verify_inclusion(index, size, leaves[index], path, root_of(leaves))


def _leaf_hashes(ledger: Ledger) -> list[str]:
    with ledger.backend.transaction() as cur:
        return [
            str(r[0])
            for r in cur.execute("SELECT leaf_hash FROM gk_leaves ORDER BY idx").fetchall()
        ]


@pytest.mark.parametrize("capacity", [5, 200_000])
def test_proofs_served_through_the_node_cache_equal_the_stored_trees(
    ledger: Ledger, capacity: int
) -> None:
    ledger._nodes = NodeCache(capacity)  # 5: evicts on every proof
    _fill(ledger, 3, 3)
    ledger.integrate()
    first = ledger.checkpoint_size()
    warm = [ledger.inclusion_proof(i) for i in range(first)]
    _fill(ledger, 4, 2)  # the tree grows: cached nodes must still be the right ones
    ledger.integrate()
    second = ledger.checkpoint_size()
    with ledger.backend.transaction() as cur:
        uncached = StoredTree(cur)
        for size in (first, second):
            for index in range(size):
                leaf, hashes = uncached.leaf_and_inclusion_proof(index, size)
                served = ledger.inclusion_proof(index, size)
                assert served.leaf_hash == leaf.hex()
                assert served.hashes == tuple(h.hex() for h in hashes)
        expected = [h.hex() for h in uncached.consistency_proof(first, second)]
    assert list(ledger.consistency_proof(first, second).hashes) == expected
    assert warm == [ledger.inclusion_proof(i, first) for i in range(first)]
