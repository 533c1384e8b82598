"""Appending: sealing, chaining, optimistic concurrency, key checks (both backends)."""

from __future__ import annotations

import json

import pytest

from ledger.errors import ConcurrencyError, KeyRefused
from ledger.events import NewEvent, Sealed
from ledger.ledger import Ledger, new_stream_id
from tests.conftest import T0
from verify.entry import check_disclosure

RECEIVED = "DisclosureRequest.Received"


def _received(**data: object) -> NewEvent:
    return NewEvent(RECEIVED, {"channel": "in-person", **data})


def test_appended_entries_chain_each_to_the_previous_leaf(ledger: Ledger) -> None:
    stream = new_stream_id()
    first = ledger.append(stream, 0, [_received()], "officer-1", T0)
    rest = ledger.append(
        stream,
        1,
        [
            NewEvent("DisclosureRequest.ReceiptConfirmed", {}),
            NewEvent("DisclosureRequest.Answered", {"outcome": "disclosed"}),
        ],
        "officer-1",
        T0,
    )
    entries = ledger.read(stream)
    assert [e.entry.seq for e in entries] == [1, 2, 3]
    assert entries[0].entry.prev is None
    assert entries[1].entry.prev == first[0].leaf_hash
    assert entries[2].entry.prev == rest[0].leaf_hash


def test_append_with_a_taken_sequence_number_fails_and_writes_nothing(ledger: Ledger) -> None:
    stream = new_stream_id()
    ledger.append(stream, 0, [_received()], "officer-1", T0)
    ledger.append(stream, 1, [NewEvent("DisclosureRequest.Answered", {})], "officer-1", T0)
    with pytest.raises(ConcurrencyError) as caught:
        ledger.append(
            stream,
            1,
            [
                NewEvent("DisclosureRequest.Answered", {}),
                NewEvent("DisclosureRequest.Extended", {}),
            ],
            "officer-1",
            T0,
        )
    assert caught.value.code == "CONCURRENT_APPEND"
    assert len(ledger.read(stream)) == 2


def test_a_second_ledger_instance_sees_the_conflict_too(ledger: Ledger, tmp_path: object) -> None:
    other = Ledger.open(ledger.keys.directory.parent, ledger.backend.url)
    stream = new_stream_id()
    ledger.append(stream, 0, [_received()], "officer-1", T0)
    other.append(stream, 1, [NewEvent("DisclosureRequest.Answered", {})], "officer-1", T0)
    with pytest.raises(ConcurrencyError):
        ledger.append(stream, 1, [NewEvent("DisclosureRequest.Answered", {})], "officer-1", T0)
    other.close()


def test_a_stream_read_again_includes_what_another_instance_appended(ledger: Ledger) -> None:
    other = Ledger.open(ledger.keys.directory.parent, ledger.backend.url)
    stream = new_stream_id()
    ledger.append(stream, 0, [_received()], "officer-1", T0)
    assert [e.entry.seq for e in ledger.read(stream)] == [1]  # now kept by ``ledger``
    other.append(stream, 1, [NewEvent("DisclosureRequest.Answered", {})], "officer-1", T0)
    again = ledger.read(stream)
    assert [(e.entry.seq, e.leaf_hash) for e in again] == [
        (e.entry.seq, e.leaf_hash) for e in other.read(stream)
    ]
    assert again[1].entry.prev == again[0].leaf_hash
    other.close()


def test_streams_kept_in_memory_stay_within_the_cap_and_read_the_same(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ledger.ledger.STREAM_CACHE", 5)
    streams = [new_stream_id() for _ in range(4)]
    for stream in streams:
        ledger.append(stream, 0, [_received(), _received()], "officer-1", T0)
    first = [[e.leaf_hash for e in ledger.read(s)] for s in streams]
    assert ledger._streams_kept <= 5 and len(ledger._streams) == 2  # two of two entries
    assert [[e.leaf_hash for e in ledger.read(s)] for s in reversed(streams)] == first[::-1]
    assert ledger._streams_kept == sum(len(v) for v in ledger._streams.values()) <= 5


@pytest.mark.parametrize(
    ("actor", "event_type", "cause"),
    [
        ("officer-9", RECEIVED, None),  # holds no key at all
        ("officer-1", "InformationItem.Published", "ROLE_MISSING"),
        ("officer-1", "Keyring.KeyRevoked", "ROLE_MISSING"),
        ("officer-1", "Nonsense.Happened", "UNKNOWN_EVENT_TYPE"),
    ],
)
def test_append_is_refused_when_the_key_may_not_sign(
    ledger: Ledger, actor: str, event_type: str, cause: str | None
) -> None:
    stream = new_stream_id()
    with pytest.raises(KeyRefused) as caught:
        ledger.append(stream, 0, [NewEvent(event_type, {})], actor, T0)
    assert caught.value.evidence.get("cause") == cause
    assert ledger.read(stream) == []


def test_append_is_refused_after_the_key_is_revoked(ledger: Ledger) -> None:
    key = ledger.key_of("officer-1")
    assert key is not None
    ledger.revoke_key(key.key_id, "left the office", T0)
    with pytest.raises(KeyRefused):
        ledger.append(new_stream_id(), 0, [_received()], "officer-1", T0)


def test_sealed_values_never_reach_the_entry_but_open_their_commitment(ledger: Ledger) -> None:
    stream = new_stream_id()
    applicant = {"name": "王小明", "id_number": "110101199003071234"}
    ledger.append(stream, 0, [_received(applicant=Sealed(applicant))], "officer-1", T0)
    entry = ledger.read(stream)[0].entry
    assert "王小明".encode() not in entry.raw and b"110101199003071234" not in entry.raw
    with ledger.backend.transaction() as cur:
        value, nonce = cur.execute(
            "SELECT value, nonce FROM gk_vault WHERE commitment = ?",
            (entry.data["applicant"]["c"],),
        ).fetchone()  # type: ignore[misc]
    check_disclosure(entry.data["applicant"], json.loads(value), bytes.fromhex(nonce))
