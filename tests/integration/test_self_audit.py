"""The self-audit re-checks integrated entries against the log, newest first, forever."""

from __future__ import annotations

import pytest

from ledger.errors import IntegrityFailure
from ledger.events import NewEvent
from ledger.ledger import Ledger, new_stream_id
from ledger.self_audit import SelfAudit
from tests.conftest import T0
from tests.support.tamper import set_stored_state, stored_rows


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
    audit = SelfAudit(filled.backend, batch=3)
    _audit_everything(audit, size)
    assert audit.checked >= 2 * size  # went round more than once


@pytest.mark.parametrize("from_the_end", [1, 4, 8])
def test_an_altered_row_is_named_within_one_round(filled: Ledger, from_the_end: int) -> None:
    rows = stored_rows(filled)
    index = len(rows) - from_the_end
    nid, state = rows[index]
    set_stored_state(filled, nid, state.replace(b'"seq":', b'"seq": '))
    audit = SelfAudit(filled.backend, batch=3)
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
        SelfAudit(filled.backend).step()
    assert caught.value.log_index == filled.tree_size() - 2
    assert "gone" in caught.value.message
