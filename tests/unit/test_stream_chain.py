"""The stream-chain rule (seq and prev), one definition for the verifier and the live audit."""

from __future__ import annotations

from typing import Any

import pytest

from verify.entry import Entry
from verify.errors import ChainBroken, SequenceGap
from verify.log import check_chain

LEAF = "ab" * 32


def _entry(seq: int, prev: str | None) -> Entry:
    obj: dict[str, Any] = {
        "v": 1,
        "log": "example.gov.cn/log",
        "stream": "00000000-0000-4000-8000-000000000001",
        "seq": seq,
        "type": "InformationItem.Published",
        "at": "2025-09-26T01:30:00.123456Z",
        "actor": "officer",
        "key": "0011223344556677",
        "prev": prev,
        "data": {},
        "sig": "",
    }
    return Entry.from_json(obj)


def test_a_stream_starts_at_seq_one_with_no_prev() -> None:
    check_chain(None, _entry(1, None))


def test_an_entry_follows_its_streams_previous_entry() -> None:
    check_chain((1, LEAF), _entry(2, LEAF))


@pytest.mark.parametrize(("head", "seq"), [(None, 2), ((1, LEAF), 3), ((2, LEAF), 2)])
def test_a_seq_out_of_turn_is_a_sequence_gap(head: tuple[int, str] | None, seq: int) -> None:
    with pytest.raises(SequenceGap) as caught:
        check_chain(head, _entry(seq, LEAF))
    assert caught.value.code == "SEQUENCE_GAP"


@pytest.mark.parametrize(
    ("head", "prev"), [(None, LEAF), ((1, LEAF), None), ((1, LEAF), "cd" * 32)]
)
def test_a_prev_that_is_not_the_previous_leaf_hash_breaks_the_chain(
    head: tuple[int, str] | None, prev: str | None
) -> None:
    seq = 1 if head is None else head[0] + 1
    with pytest.raises(ChainBroken) as caught:
        check_chain(head, _entry(seq, prev))
    assert caught.value.code == "CHAIN_BROKEN"
