"""The integrator's memory of what this process sealed: exact leaf hashes only, bounded,
the oldest forgotten first (a forgotten entry is simply checked in full)."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from ledger.sealed_here import SealedHere


def leaf(n: int) -> bytes:
    return hashlib.sha256(n.to_bytes(8, "big")).digest()


@given(limit=st.integers(1, 50), added=st.lists(st.integers(0, 200), max_size=300))
def test_it_vouches_for_exactly_the_last_distinct_leaves_it_was_given(
    limit: int, added: list[int]
) -> None:
    sealed = SealedHere(limit)
    sealed.add(leaf(n) for n in added)
    model: list[int] = []  # a leaf given again while remembered keeps its place
    for n in added:
        if n not in model:
            model = [*model, n][-limit:]
    remembered = set(model)
    for n in range(201):
        assert sealed.vouches(leaf(n)) == (n in remembered)


def test_a_leaf_differing_in_one_bit_is_not_vouched_for() -> None:
    sealed = SealedHere()
    sealed.add([leaf(1)])
    flipped = bytes([leaf(1)[0] ^ 1]) + leaf(1)[1:]
    assert sealed.vouches(leaf(1)) and not sealed.vouches(flipped)
