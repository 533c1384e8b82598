"""Altering stored rows behind the ledger's back, as an attacker or a failing disk would."""

from __future__ import annotations

from ledger.ledger import Ledger


def stored_rows(ledger: Ledger) -> list[tuple[int, bytes]]:
    """(notification id, stored entry bytes) of every event row, in commit order."""
    b = ledger.backend
    with b.transaction() as cur:
        rows = cur.execute(
            f"SELECT {b.notification_column}, state FROM {b.events_table} "
            f"ORDER BY {b.notification_column}"
        ).fetchall()
    return [(int(n), bytes(s)) for n, s in rows]


def set_stored_state(ledger: Ledger, nid: int, state: bytes) -> None:
    """Overwrite one stored row's bytes."""
    b = ledger.backend
    with b.transaction(write=True) as cur:
        cur.execute(
            f"UPDATE {b.events_table} SET state = ? WHERE {b.notification_column} = ?", (state, nid)
        )
