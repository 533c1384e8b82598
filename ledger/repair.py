"""``gongkai repair``: put back stored entries that no longer hash to their leaves.

The log itself says what every integrated entry must be: its leaf hash, proven by an
inclusion proof in the latest signed checkpoint. For each entry whose stored row is
altered or gone, a copy is taken from another source (``ledger.copies``) only if its
bytes hash to that leaf hash, and written back; a copy that does not is refused and
named. Nothing else in the store is touched, so the running server's self-audit finds
the entries whole again on its next pass and clears ``degraded`` by itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from ledger.backend import Backend, Cursor
from ledger.copies import Copies
from ledger.errors import ConfigError, ProofUnavailable
from ledger.ledger import Ledger
from ledger.tables import stream_text
from ledger.tree import StoredTree
from verify.errors import VerificationError
from verify.merkle import leaf_hash, verify_inclusion
from verify.note import Checkpoint, Vkey, verify_checkpoint


@dataclass(frozen=True)
class Damage:
    """An integrated entry whose stored row is altered (``actual``) or gone (None)."""

    index: int
    notification_id: int
    stream: str
    seq: int
    type: str
    expected: str
    actual: str | None

    def describe(self) -> str:
        state = "gone" if self.actual is None else "altered"
        return f"entry #{self.index} (stream {self.stream}, seq {self.seq}) is {state}"


@dataclass
class RepairReport:
    source: str
    checked: int = 0
    repaired: list[Damage] = field(default_factory=list)
    refused: list[tuple[Damage, str]] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.refused


def find_damage(backend: Backend, chunk: int = 2000) -> tuple[int, list[Damage]]:
    """(entries checked, every integrated entry whose stored bytes miss its leaf hash)."""
    table, column = backend.events_table, backend.notification_column
    damaged: list[Damage] = []
    start, checked = 0, 0
    while True:
        with backend.transaction() as cur:
            rows = cur.execute(
                "SELECT l.idx, l.notification_id, l.stream, l.seq, l.type, l.leaf_hash, e.state "
                f"FROM gk_leaves l LEFT JOIN {table} e ON e.{column} = l.notification_id "
                "WHERE l.idx >= ? ORDER BY l.idx LIMIT ?",
                (start, chunk),
            ).fetchall()
        if not rows:
            return checked, damaged
        for idx, nid, stream, seq, type_, expected, state in rows:
            actual = None if state is None else leaf_hash(bytes(state)).hex()
            if actual != expected:
                damaged.append(
                    Damage(int(idx), int(nid), str(stream), int(seq), str(type_), expected, actual)
                )
        checked += len(rows)
        start = int(rows[-1][0]) + 1


def repair(
    ledger: Ledger, copies: Copies, *, vkey: Vkey | None = None, dry_run: bool = False
) -> RepairReport:
    """Repair every damaged entry that ``copies`` holds a true copy of.

    ``vkey`` is the published verifier key (default: the one the ledger holds). Raises
    VerificationError if the latest checkpoint does not verify under it."""
    report = RepairReport(copies.name, dry_run=dry_run)
    checkpoint = verify_checkpoint(ledger.checkpoint_note(), vkey or _own_vkey(ledger))
    report.checked, damaged = find_damage(ledger.backend)
    fixes: list[tuple[Damage, bytes]] = []
    for damage in damaged:
        reason = _unproven(ledger.backend, checkpoint, damage)
        copy = None if reason else copies.copy_of(damage.stream, damage.seq, damage.expected)
        if reason is None and copy is None:
            reason = f"{copies.name} holds no copy of it"
        elif copy is not None and leaf_hash(copy).hex() != damage.expected:
            reason = (
                f"the copy in {copies.name} hashes to {leaf_hash(copy).hex()}, "
                f"not to the integrated leaf {damage.expected}: refused"
            )
        if reason is None and copy is not None:
            fixes.append((damage, copy))
        else:
            report.refused.append((damage, reason or "no copy"))
    if fixes and not dry_run:
        with ledger.backend.transaction(write=True) as cur:
            for damage, copy in fixes:
                _write_back(ledger.backend, cur, damage, copy)
    report.repaired = [damage for damage, _ in fixes]
    return report


def _own_vkey(ledger: Ledger) -> Vkey:
    try:
        return ledger.vkey()
    except VerificationError as exc:
        raise ConfigError(
            f"the ledger's keyring cannot be read ({exc.code}: {exc.message}): "
            "give the published verifier key (--vkey)"
        ) from None


def _unproven(backend: Backend, checkpoint: Checkpoint, damage: Damage) -> str | None:
    """Why the log's own leaf hash for ``damage`` cannot be trusted (None: it is proven
    by an inclusion proof in the signed checkpoint)."""
    if damage.index >= checkpoint.size:
        return f"entry #{damage.index} is beyond the signed checkpoint of size {checkpoint.size}"
    try:
        with backend.transaction() as cur:
            proof = StoredTree(cur).inclusion_proof(damage.index, checkpoint.size)
        expected = bytes.fromhex(damage.expected)
        verify_inclusion(damage.index, checkpoint.size, expected, proof, checkpoint.root_hash)
    except (ProofUnavailable, VerificationError, ValueError) as exc:
        return (
            f"the log's leaf hash for entry #{damage.index} is not proven by the signed "
            f"checkpoint ({exc}): restore from a backup instead"
        )
    return None


def _write_back(backend: Backend, cur: Cursor, damage: Damage, copy: bytes) -> None:
    table, column = backend.events_table, backend.notification_column
    if damage.actual is not None:
        cur.execute(
            f"UPDATE {table} SET state = ? WHERE {column} = ?", (copy, damage.notification_id)
        )
        return
    stream = UUID(stream_text(damage.stream))
    cur.execute(
        f"INSERT INTO {table} (originator_id, originator_version, topic, state, {column}) "
        "VALUES (?, ?, ?, ?, ?)",
        (
            stream.hex if column == "rowid" else stream,
            damage.seq,
            damage.type,
            copy,
            damage.notification_id,
        ),
    )
