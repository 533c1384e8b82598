"""Witness cosignatures the log has gathered, stored beside its checkpoints.

A cosignature is a note signature line by a witness (c2sp.org/tlog-cosignature) over one
checkpoint; the log keeps the latest line per witness and tree size, already verified
by whoever stores it (api/witness/client.py), and serves the checkpoint note with them
appended (``MerkleLogReads.checkpoint_note``). Verifiers ignore lines by keys they do
not trust, so adding lines never invalidates a note.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from ledger.backend import Backend, Cursor


def store(backend: Backend, tree_size: int, witness: str, line: str) -> None:
    """Keep ``line`` (with its newline) as ``witness``'s cosignature of ``tree_size``."""
    if not line.endswith("\n") or "\n" in line[:-1]:
        raise ValueError("a cosignature is one signature line ending in a newline")
    at = datetime.now(UTC).isoformat()
    with backend.transaction(write=True) as cur:
        cur.execute(
            "DELETE FROM gk_cosignatures WHERE tree_size = ? AND witness = ?", (tree_size, witness)
        )
        cur.execute(
            "INSERT INTO gk_cosignatures (tree_size, witness, line, received_at) "
            "VALUES (?, ?, ?, ?)",
            (tree_size, witness, line, at),
        )


def lines_for(cur: Cursor, tree_size: int) -> list[str]:
    """The cosignature lines of the checkpoint of ``tree_size``, by witness name."""
    cur.execute(
        "SELECT line FROM gk_cosignatures WHERE tree_size = ? ORDER BY witness", (tree_size,)
    )
    return [str(row[0]) for row in cur.fetchall()]


def with_cosignatures(note: str, lines: Sequence[str]) -> str:
    """The note with the cosignature lines appended (each line once)."""
    present = set(note.splitlines(keepends=True))
    return note + "".join(line for line in lines if line not in present)


def cosigned_sizes(backend: Backend, witness: str) -> int:
    """The largest tree size ``witness`` has cosigned for this log (0 if none)."""
    with backend.transaction() as cur:
        row = cur.execute(
            "SELECT COALESCE(MAX(tree_size), 0) FROM gk_cosignatures WHERE witness = ?",
            (witness,),
        ).fetchone()
    return int(row[0]) if row else 0
