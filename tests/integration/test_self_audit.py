"""The self-audit re-checks integrated entries against the log, newest first, forever:
leaf hash, canonical form, chain link and signature."""

from __future__ import annotations

import pytest

from ledger.errors import IntegrityFailure
from ledger.events import NewEvent
from ledger.ledger import Ledger, new_stream_id
from ledger.self_audit import SelfAudit
from tests.conftest import T0
from tests.support.tamper import resigned, set_leaf_hash, set_stored_state, stored_rows
from verify.merkle import leaf_hash


@pytest.fixture
def filled(ledger: Ledger) -> Ledger:
    for _ in range(5):
        received = NewEvent("DisclosureRequest.Received", {"d": "申请"})
        ledger.append(new_stream_id(), 0, [received], "officer-1", T0)
    ledger.integrate()
    return ledger


def _audit_everything(audit: SelfAudit, size: int) -> None:
    for _ in range(size):
        audit.step()


def test_a_whole_log_passes_and_the_audit_starts_again_from_the_top(filled: Ledger) -> None:
    size = filled.tree_size()
    audit = SelfAudit(filled.backend, filled.keyring_stream, batch=3)
    _audit_everything(audit, size)
    assert audit.checked >= 2 * size  # went round more than once


@pytest.mark.parametrize("from_the_end", [1, 4, 8])
def test_an_altered_row_is_named_within_one_round(filled: Ledger, from_the_end: int) -> None:
    rows = stored_rows(filled)
    index = len(rows) - from_the_end
    nid, state = rows[index]
    set_stored_state(filled, nid, state.replace(b'"seq":', b'"seq": '))
    audit = SelfAudit(filled.backend, filled.keyring_stream, batch=3)
    with pytest.raises(IntegrityFailure) as caught:
        _audit_everything(audit, len(rows))
    assert caught.value.log_index == index
    assert "altered" in caught.value.message
    with pytest.raises(IntegrityFailure):  # it stays there until the row is whole again
        audit.step()
    set_stored_state(filled, nid, state)
    audit.step()


def test_a_deleted_row_is_named_as_gone(filled: Ledger) -> None:
    nid, _ = stored_rows(filled)[-2]
    b = filled.backend
    with b.transaction(write=True) as cur:
        cur.execute(f"DELETE FROM {b.events_table} WHERE {b.notification_column} = ?", (nid,))
    with pytest.raises(IntegrityFailure) as caught:
        SelfAudit(filled.backend, filled.keyring_stream).step()
    assert caught.value.log_index == filled.tree_size() - 2
    assert "gone" in caught.value.message


def _rewrite(ledger: Ledger, index: int, raw: bytes) -> None:
    """Replace entry ``index`` and its leaf-table hash (not the signed tree)."""
    nid, _ = stored_rows(ledger)[index]
    set_stored_state(ledger, nid, raw)
    set_leaf_hash(ledger, index, leaf_hash(raw).hex())


def test_an_entry_rewritten_with_its_leaf_hash_fails_on_its_signature(filled: Ledger) -> None:
    index = filled.tree_size() - 2
    _, state = stored_rows(filled)[index]
    _rewrite(filled, index, state.replace("申请".encode(), "撤回".encode()))
    with pytest.raises(IntegrityFailure) as caught:
        _audit_everything(SelfAudit(filled.backend, filled.keyring_stream, batch=2), 10)
    assert caught.value.log_index == index
    assert "signature that does not verify" in caught.value.message


def test_an_entry_resigned_with_another_prev_fails_on_its_chain(ledger: Ledger) -> None:
    stream = new_stream_id()
    for seq in range(3):
        ledger.append(
            stream, seq, [NewEvent("DisclosureRequest.Received", {"n": seq})], "officer-1", T0
        )
    ledger.integrate()
    index = ledger.tree_size() - 1
    _, state = stored_rows(ledger)[index]
    _rewrite(ledger, index, resigned(ledger, state, prev="ab" * 32))
    with pytest.raises(IntegrityFailure) as caught:
        SelfAudit(ledger.backend, ledger.keyring_stream).step()
    assert caught.value.log_index == index
    assert "does not chain" in caught.value.message


def test_a_keyring_entry_without_a_key_is_named(filled: Ledger) -> None:
    index = 1  # genesis: root declared, then the log key registered
    _, state = stored_rows(filled)[index]
    broken = resigned(filled, state, data={"key_id": "00" * 8, "holder": "log"})
    _rewrite(filled, index, broken)
    with pytest.raises(IntegrityFailure) as caught:
        _audit_everything(SelfAudit(filled.backend, filled.keyring_stream, batch=100), 2)
    assert caught.value.log_index == index
    assert "without a valid public key" in caught.value.message


def test_an_entry_a_read_found_bad_is_rechecked_every_step_until_whole(filled: Ledger) -> None:
    audit = SelfAudit(filled.backend, filled.keyring_stream, batch=1)
    index = 0
    nid, state = stored_rows(filled)[index]
    set_stored_state(filled, nid, state + b" ")
    with pytest.raises(IntegrityFailure) as read:
        list(filled.indexed_entries(0, 1))
    audit.suspect(read.value)
    for _ in range(3):  # the schedule is elsewhere (the newest first); the suspect is not
        with pytest.raises(IntegrityFailure) as caught:
            audit.step()
        assert caught.value.log_index == index
    set_stored_state(filled, nid, state)
    audit.step()
    assert not audit.bad
