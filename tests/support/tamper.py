"""Altering stored rows behind the ledger's back, as an attacker or a failing disk would."""

from __future__ import annotations

import base64

from ledger.ledger import Ledger
from verify.canonical import canonical_bytes
from verify.entry import Entry, envelope_signed_bytes


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


def set_leaf_hash(ledger: Ledger, index: int, leaf: str) -> None:
    """Overwrite the leaf hash the leaf table holds for log index ``index`` (an attacker
    who rewrites both an entry and the leaf table, but not the signed tree)."""
    with ledger.backend.transaction(write=True) as cur:
        cur.execute("UPDATE gk_leaves SET leaf_hash = ? WHERE idx = ?", (leaf, index))


def resigned(ledger: Ledger, raw: bytes, **changes: object) -> bytes:
    """The entry ``raw`` with envelope fields changed and signed again with its own key
    (a key holder rewriting history)."""
    entry = Entry.from_bytes(raw)
    envelope = {**entry.envelope(), **changes}
    signature = ledger.keys.private_key(entry.key).sign(envelope_signed_bytes(envelope))
    return canonical_bytes({**envelope, "sig": base64.b64encode(signature).decode()})
