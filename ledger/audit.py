"""``gongkai verify``: re-verify the live database end to end.

Beyond what an export's verifier sees, the live check also compares the database's
own bookkeeping with the entries: every stored event row is integrated exactly once
(none inserted behind the log, none deleted from under it), every stored leaf hash
equals the entry's, and the stored tree's root equals the root recomputed from the
entries and signed in the latest checkpoint.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from uuid import UUID

from ledger.ledger import Ledger
from ledger.tree import StoredTree
from verify.errors import EntryRejected, VerificationError
from verify.log import LogVerifier
from verify.note import verify_checkpoint


@dataclass
class AuditResult:
    entries: int = 0
    checkpoint_size: int = 0
    pending: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def audit(ledger: Ledger, progress: Callable[[int, int], None] | None = None) -> AuditResult:
    """Check every entry, the stored tree and the latest checkpoint; never raises
    for a failed check (they are collected in ``problems``, the first bad entry first)."""
    result = AuditResult()
    note = ledger.checkpoint_note()
    try:
        checkpoint = verify_checkpoint(note, ledger.vkey())
    except VerificationError as exc:
        result.problems.append(f"latest checkpoint: {exc.code}: {exc.message}")
        return result
    result.checkpoint_size = checkpoint.size
    _check_rows(ledger, checkpoint.size, result)
    verifier = LogVerifier(origin=ledger.origin)
    try:
        for idx, stream, seq, leaf_hash, raw in _stored_entries(ledger, checkpoint.size, result):
            verifier.add(raw)
            if hashlib.sha256(b"\x00" + raw).hexdigest() != leaf_hash:
                result.problems.insert(
                    0,
                    (
                        f"LEAF_MISMATCH: entry #{idx} (stream {stream}, seq {seq}) "
                        "is not the entry integrated at that position"
                    ),
                )
                return result
            if progress and verifier.size % 10000 == 0:
                progress(verifier.size, checkpoint.size)
    except EntryRejected as exc:
        result.problems.insert(0, f"{exc.code}: {exc.message}")
        return result
    result.entries = verifier.size
    result.warnings = verifier.warnings
    root = verifier.root()  # of the signed entries: pending ones are added after them
    _check_pending(ledger, verifier, result)
    if result.problems:
        return result
    if root != checkpoint.root_hash:
        result.problems.append(
            f"ROOT_MISMATCH: entries give root {root.hex()}, the signed checkpoint "
            f"of size {checkpoint.size} says {checkpoint.root_hash.hex()}"
        )
    with ledger.backend.transaction() as cur:
        stored_root = StoredTree(cur).root(checkpoint.size)
    if stored_root != checkpoint.root_hash:
        result.problems.append("TREE_CORRUPT: the stored Merkle nodes do not give the signed root")
    return result


def _stored_entries(
    ledger: Ledger, size: int, result: AuditResult
) -> Iterator[tuple[int, str, int, str, bytes]]:
    """(index, stream, seq, stored leaf hash, entry bytes) in log order; a missing
    event row is reported as deleted and ends the walk."""
    backend = ledger.backend
    table, column = backend.events_table, backend.notification_column
    start = 0
    while start < size:
        with backend.transaction() as cur:
            rows = cur.execute(
                f"SELECT l.idx, l.stream, l.seq, l.leaf_hash, e.state FROM gk_leaves l "
                f"LEFT JOIN {table} e ON e.{column} = l.notification_id "
                "WHERE l.idx >= ? AND l.idx < ? ORDER BY l.idx",
                (start, min(size, start + 2000)),
            ).fetchall()
        if not rows:
            return
        for idx, stream, seq, leaf_hash, state in rows:
            if state is None:
                result.problems.insert(
                    0, f"ENTRY_MISSING: entry #{idx} (stream {stream}, seq {seq}) was deleted"
                )
                return
            yield int(idx), str(stream), int(seq), str(leaf_hash), bytes(state)
        start += len(rows)


def _check_rows(ledger: Ledger, size: int, result: AuditResult) -> None:
    backend = ledger.backend
    table, column = backend.events_table, backend.notification_column
    with backend.transaction() as cur:
        row = cur.execute(
            "SELECT COALESCE(MAX(notification_id), 0) FROM gk_leaves WHERE idx < ?", (size,)
        ).fetchone()
        last = int(row[0]) if row else 0
        strays = cur.execute(
            f"SELECT e.{column}, e.originator_id, e.originator_version FROM {table} e "
            f"LEFT JOIN gk_leaves l ON l.notification_id = e.{column} "
            f"WHERE l.idx IS NULL AND e.{column} <= ? ORDER BY e.{column} LIMIT 5",
            (last,),
        ).fetchall()
        pending = cur.execute(
            f"SELECT COUNT(*) FROM {table} WHERE {column} > ?", (last,)
        ).fetchone()
    for nid, stream, seq in strays:
        stream_id = stream if isinstance(stream, UUID) else UUID(str(stream))
        result.problems.append(
            f"ENTRY_INSERTED: event row {nid} (stream {stream_id}, seq {seq}) sits inside the "
            "signed log but was never integrated"
        )
    result.pending = int(pending[0]) if pending else 0


def _check_pending(ledger: Ledger, verifier: LogVerifier, result: AuditResult) -> None:
    """Entries committed after the checkpoint must verify too (they will be integrated)."""
    with ledger.backend.transaction() as cur:
        row = cur.execute("SELECT COALESCE(MAX(notification_id), 0) FROM gk_leaves").fetchone()
        last = int(row[0]) if row else 0
        rows = ledger.backend.notifications_after(cur, last, 100000)
    for position, (nid, _stream, _seq, state) in enumerate(rows):
        try:
            verifier.add(bytes(state))
        except EntryRejected as exc:
            result.problems.append(
                f"{exc.code}: pending event row {nid} (not yet integrated, position "
                f"{result.checkpoint_size + position}): {exc.cause.message}"
            )
            return
