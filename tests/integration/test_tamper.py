"""Tampering with stored rows behind the ledger's back is detected and pinpointed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ledger.audit import audit
from ledger.errors import IntegrityFailure
from ledger.events import NewEvent
from ledger.ledger import Ledger, new_stream_id
from tests.conftest import T0
from tests.support.tamper import set_stored_state, stored_rows


@pytest.fixture
def filled(ledger: Ledger) -> Ledger:
    for _ in range(3):
        stream = new_stream_id()
        ledger.append(
            stream, 0, [NewEvent("DisclosureRequest.Received", {"d": "申请"})], "officer-1", T0
        )
        ledger.append(
            stream,
            1,
            [NewEvent("DisclosureRequest.Answered", {"outcome": "disclosed"})],
            "officer-1",
            T0,
        )
    ledger.integrate()
    return ledger


def test_a_clean_ledger_verifies(filled: Ledger) -> None:
    result = audit(filled)
    assert result.ok, result.problems
    assert result.entries == result.checkpoint_size == 3 + 6


@pytest.mark.parametrize("position", [0, 4, 8])
def test_one_altered_byte_is_detected_and_names_the_entry(filled: Ledger, position: int) -> None:
    nid, state = stored_rows(filled)[position]
    at = state.index(b'"at":"') + 8  # a digit of the year: still valid JSON
    tampered = state[:at] + (b"9" if state[at : at + 1] != b"9" else b"8") + state[at + 1 :]
    set_stored_state(filled, nid, tampered)
    result = audit(filled)
    assert not result.ok
    assert result.problems[0].startswith(f"SIGNATURE_INVALID: entry #{position} ")


def test_an_altered_byte_that_breaks_the_json_is_named_too(filled: Ledger) -> None:
    nid, state = stored_rows(filled)[5]
    set_stored_state(filled, nid, state[:10] + b"\xff" + state[11:])
    result = audit(filled)
    assert result.problems[0].startswith("MALFORMED_INPUT: entry #5")


def test_a_deleted_row_is_detected_and_named(filled: Ledger) -> None:
    nid, _ = stored_rows(filled)[6]
    b = filled.backend
    with b.transaction(write=True) as cur:
        cur.execute(f"DELETE FROM {b.events_table} WHERE {b.notification_column} = ?", (nid,))
    result = audit(filled)
    assert result.problems[0].startswith("ENTRY_MISSING: entry #6 ")


def test_two_swapped_rows_are_detected(filled: Ledger) -> None:
    rows = stored_rows(filled)
    (n3, s3), (n5, s5) = rows[3], rows[5]
    set_stored_state(filled, n3, s5)
    set_stored_state(filled, n5, s3)
    result = audit(filled)
    assert not result.ok
    assert "entry #3 " in result.problems[0]


def test_a_row_inserted_inside_the_signed_log_is_detected(filled: Ledger) -> None:
    rows = stored_rows(filled)
    b = filled.backend
    gap = rows[-1][0] + 1000
    with b.transaction(write=True) as cur:  # a row numbered inside, then the log re-numbered
        cur.execute("UPDATE gk_leaves SET notification_id = notification_id + 2000")
        cur.execute(
            f"INSERT INTO {b.events_table} (originator_id, originator_version, topic, state, "
            f"{b.notification_column}) VALUES (?, ?, ?, ?, ?)",
            (
                new_stream_id().replace("-", "")
                if b.notification_column == "rowid"
                else new_stream_id(),
                1,
                "DisclosureRequest.Received",
                rows[0][1],
                gap,
            ),
        )
    result = audit(filled)
    assert not result.ok


def test_a_forged_row_appended_at_the_end_is_refused_by_the_integrator(filled: Ledger) -> None:
    rows = stored_rows(filled)
    stream = new_stream_id()
    filled.append(stream, 0, [NewEvent("DisclosureRequest.Received", {})], "officer-1", T0)
    nid, state = stored_rows(filled)[-1]
    set_stored_state(filled, nid, state.replace(b'"seq":1', b'"seq":1,"x":1'))
    with pytest.raises(IntegrityFailure) as caught:
        filled.integrate()
    assert f"entry #{len(rows)}" in caught.value.message
    assert filled.checkpoint_size() == len(rows)
    result = audit(filled)
    assert not result.ok and "pending event row" in result.problems[0]


ALTERATIONS = {
    # another valid signature's worth of base64: canonical, but not this entry's
    "signature": (lambda raw: re.sub(rb'"sig":"[A-Za-z0-9+/]{8}', b'"sig":"AAAAAAAA', raw),
                  "SIGNATURE_INVALID"),
    # the same JSON, not in canonical form
    "whitespace": (lambda raw: raw.replace(b'","', b'", "', 1), "NOT_CANONICAL"),
}  # fmt: skip


@pytest.mark.parametrize("alteration", sorted(ALTERATIONS))
def test_a_row_this_process_sealed_is_checked_in_full_once_its_bytes_change(
    filled: Ledger, alteration: str
) -> None:
    """The integrator skips the signature and canonical-form checks only for the exact
    bytes this process sealed (ledger.sealed_here): altered ones are checked in full."""
    size = len(stored_rows(filled))
    filled.append(new_stream_id(), 0, [NewEvent("DisclosureRequest.Received", {})],
                  "officer-1", T0)  # fmt: skip
    nid, state = stored_rows(filled)[-1]
    alter, code = ALTERATIONS[alteration]
    assert alter(state) != state
    set_stored_state(filled, nid, alter(state))
    with pytest.raises(IntegrityFailure) as caught:
        filled.integrate()
    assert caught.value.evidence["code"] == code and f"entry #{size}" in caught.value.message
    assert filled.checkpoint_size() == size


def _leaves(ledger: Ledger) -> list[tuple[int, int, str, int]]:
    """(log index, notification id, stream, seq) of every integrated entry."""
    with ledger.backend.transaction() as cur:
        rows = cur.execute(
            "SELECT idx, notification_id, stream, seq FROM gk_leaves ORDER BY idx"
        ).fetchall()
    return [(int(i), int(n), str(s), int(q)) for i, n, s, q in rows]


@pytest.mark.parametrize("replayed_first", [False, True], ids=["appended", "replayed"])
def test_a_write_on_an_altered_head_is_refused_and_other_streams_go_on(
    filled: Ledger, database_url: str, tmp_path: Path, replayed_first: bool
) -> None:
    index, nid, stream, seq = _leaves(filled)[-1]  # a request stream's head (seq 2)
    state = dict(stored_rows(filled))[nid]
    set_stored_state(filled, nid, state.replace(b"disclosed", b"withheld!"))
    size = filled.checkpoint_size()
    other = Ledger.open(tmp_path / "data", database_url)  # another process: nothing cached
    try:
        if replayed_first:
            other.read(stream)  # as a command does: replay the stream, then append
        with pytest.raises(IntegrityFailure) as caught:
            other.append(
                stream,
                seq,
                [NewEvent("DisclosureRequest.Answered", {"outcome": "other"})],
                "officer-1",
                T0,
            )
        assert (caught.value.log_index, caught.value.evidence["stream"]) == (index, stream)
        assert caught.value.evidence["seq"] == seq
        assert len(stored_rows(other)) == len(_leaves(other))  # nothing written on top of it
        elsewhere = new_stream_id()
        other.append(elsewhere, 0, [NewEvent("DisclosureRequest.Received", {})], "officer-1", T0)
        other.integrate()
        assert other.checkpoint_size() == size + 1
        result = audit(other)
        assert not result.ok and f"#{index}" in result.problems[0]
    finally:
        other.close()


def test_entries_committed_after_the_checkpoint_are_no_root_mismatch(filled: Ledger) -> None:
    """``gongkai verify`` while officers write: rows committed after its integration pass
    are checked as pending, never folded into the signed checkpoint's root."""
    size = filled.checkpoint_size()
    filled.append(new_stream_id(), 0, [NewEvent("DisclosureRequest.Received", {})], "officer-1", T0)
    result = audit(filled)
    assert result.ok, result.problems
    assert (result.entries, result.pending) == (size, 1)
