"""The log a restore rebuilds from verified entries, and how it is written back.

``Rebuilt`` verifies entries in log order and recomputes what the store keeps beside
them (leaves, tree nodes, the roots of signed checkpoints), so nothing of the backup's
own bookkeeping is trusted. ``write_restore`` then replaces the target's entries and
log in one transaction, and merges the vault, tokens and content of the backup into
what the target still holds.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from typing import Any
from uuid import UUID

from ledger.backend import Backend, Cursor, PostgresBackend
from ledger.errors import LedgerError
from ledger.tables import BACKUP_EVENTS, LEDGER_TABLES, SERVICE_TABLES, columns_of
from ledger.tree import extend
from verify.entry import Entry
from verify.errors import EntryRejected, VerificationError
from verify.log import LogVerifier
from verify.merkle import leaf_hash
from verify.note import SignedNote, Vkey, verify_checkpoint

CHUNK = 2000


class RestoreRefused(LedgerError):
    """The backup is not proven to be (a prefix of) the published log."""

    code = "RESTORE_REFUSED"


class Rebuilt:
    """The log rebuilt from entries verified in order (``add``), then pending rows."""

    def __init__(self, origin: str, wanted: set[int]) -> None:
        self.verifier = LogVerifier(origin=origin)
        self.hashes: list[bytes] = []
        self.leaves: list[tuple[int, int, str, int, str, str, str, str]] = []
        self.nodes: list[tuple[int, int, str]] = []
        self.roots: dict[int, bytes] = {0: hashlib.sha256(b"").digest()}
        self.kept: list[tuple[int, Entry]] = []  # entries read from the live store
        self.pending: list[tuple[int, Entry]] = []
        self.checkpoints: list[tuple[int, str, str, str]] = []  # size, root, note, made
        self._wanted = wanted
        self._frontier: list[tuple[int, bytes]] = []

    @property
    def size(self) -> int:
        return len(self.hashes)

    def add(self, nid: int, raw: bytes, where: str, leaf: str, *, keep: bool = False) -> None:
        """Verify the next integrated entry. Raises RestoreRefused."""
        if leaf_hash(raw).hex() != leaf:
            raise RestoreRefused(f"{where} does not hash to the leaf its log holds for it")
        try:
            entry = self.verifier.add(raw)
        except EntryRejected as exc:
            raise RestoreRefused(f"{where}: {exc.code}: {exc.cause.message}") from None
        index, digest = self.size, entry.leaf_hash()
        self.hashes.append(digest)
        self.leaves.append(
            (index, nid, entry.stream, entry.seq, entry.type, entry.actor, entry.at, leaf)
        )
        self.nodes.extend((lv, i, h.hex()) for lv, i, h in extend(self._frontier, index, digest))
        if self.size in self._wanted:
            self.roots[self.size] = self.verifier.root()
        if keep:
            self.kept.append((nid, entry))

    def add_pending(self, rows: Sequence[tuple[int, bytes]]) -> tuple[int, list[str]]:
        """Carry over committed rows not yet integrated: each that verifies (signature,
        key, chain on what is carried); return (carried, why each other one is not)."""
        dropped: list[str] = []
        for nid, raw in rows:
            try:
                self.pending.append((nid, self.verifier.add(raw)))
            except EntryRejected as exc:
                dropped.append(f"pending event row {nid}: {exc.code}: {exc.cause.message}")
        return len(self.pending), dropped

    def keep_checkpoints(self, notes: Sequence[tuple[str, str]], vkey: Vkey) -> None:
        """Keep each signed checkpoint (note, when it was made) whose root the rebuilt
        log gives at its size."""
        seen: set[int] = set()
        for note, made in notes:
            try:
                cp = verify_checkpoint(note, vkey)
            except VerificationError:
                continue
            if cp.size not in seen and self.roots.get(cp.size) == cp.root_hash and cp.size:
                seen.add(cp.size)
                self.checkpoints.append((cp.size, cp.root_hash.hex(), _own(note, vkey), made))


def _own(note: str, vkey: Vkey) -> str:
    """The note with the log's own signature only (witnesses' cosignatures are kept in
    their own table and appended when the note is served)."""
    parsed = SignedNote.from_text(note)
    mine = tuple(s for s in parsed.signatures if (s.name, s.key_hash) == (vkey.name, vkey.key_hash))
    return SignedNote(parsed.body, mine).to_text()


def read_backup_rows(conn: sqlite3.Connection, size: int) -> Iterator[tuple[int, int, str, bytes]]:
    """(log index, notification id, leaf hash, entry bytes) of the backup's first
    ``size`` entries, in log order. Raises RestoreRefused for a missing one."""
    start = 0
    while start < size:
        rows = conn.execute(
            f"SELECT l.idx, l.notification_id, l.leaf_hash, e.state FROM gk_leaves l "
            f"LEFT JOIN {BACKUP_EVENTS} e ON e.rowid = l.notification_id "
            "WHERE l.idx >= ? AND l.idx < ? ORDER BY l.idx",
            (start, min(size, start + CHUNK)),
        ).fetchall()
        for idx, nid, leaf, state in rows:
            if idx != start or state is None:
                raise RestoreRefused(f"backup entry #{start} is missing")
            yield int(idx), int(nid), str(leaf), bytes(state)
            start += 1
        if not rows:
            raise RestoreRefused(f"backup entry #{start} is missing")


def write_restore(
    backend: Backend, conn: sqlite3.Connection, rebuilt: Rebuilt, say: Callable[[str], None]
) -> None:
    """Replace the target's entries and log with the rebuilt ones, in one transaction."""
    table, column = backend.events_table, backend.notification_column
    with backend.transaction(write=True) as cur:
        for name in (table, "gk_leaves", "gk_nodes", "gk_checkpoints", "gk_meta"):
            cur.execute(f"DELETE FROM {name}")
        events = f"INSERT INTO {table} (originator_id, originator_version, topic, state, {column})"
        sql = events + " VALUES (?, ?, ?, ?, ?)"
        written = 0
        for batch in _event_rows(backend, conn, rebuilt):
            cur.executemany(sql, batch)
            written += len(batch)
            say(f"  … {written} entries written")
        _insert(cur, "gk_leaves", LEDGER_TABLES["gk_leaves"], rebuilt.leaves)
        _insert(cur, "gk_nodes", LEDGER_TABLES["gk_nodes"], rebuilt.nodes)
        _insert(
            cur,
            "gk_checkpoints",
            ("tree_size", "root", "note", "created_at"),
            rebuilt.checkpoints,
        )
        _insert(cur, "gk_meta", ("name", "value"), conn.execute("SELECT name, value FROM gk_meta"))
        _merge_services(cur, conn)
        if isinstance(backend, PostgresBackend):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'notification_id'), "
                f"(SELECT COALESCE(MAX(notification_id), 1) FROM {table}))"
            )


def _event_rows(
    backend: Backend, conn: sqlite3.Connection, rebuilt: Rebuilt
) -> Iterator[list[tuple[Any, ...]]]:
    """Event rows in batches: the backup's entries (each re-checked against the rebuilt
    leaf, the file being read a second time), then those kept from the live store."""
    hex_ids = backend.notification_column == "rowid"  # SQLite keeps stream ids as hex

    def row(nid: int, stream: str, seq: int, type_: str, raw: bytes) -> tuple[Any, ...]:
        uuid = UUID(stream)
        return (uuid.hex if hex_ids else uuid, seq, type_, raw, nid)

    batch: list[tuple[Any, ...]] = []
    backup_size = rebuilt.size - len(rebuilt.kept)
    for idx, nid, _leaf, raw in read_backup_rows(conn, backup_size):
        if leaf_hash(raw) != rebuilt.hashes[idx]:
            raise RestoreRefused(f"backup entry #{idx} changed while it was being restored")
        _i, _n, stream, seq, type_, *_ = rebuilt.leaves[idx]
        batch.append(row(nid, stream, seq, type_, raw))
        if len(batch) == CHUNK:
            yield batch
            batch = []
    for nid, entry in [*rebuilt.kept, *rebuilt.pending]:
        batch.append(row(nid, entry.stream, entry.seq, entry.type, entry.raw))
    yield batch


def _insert(cur: Cursor, table: str, columns: Sequence[str], rows: Any) -> None:
    marks = ", ".join("?" * len(columns))
    rows = [tuple(r) for r in rows]
    for start in range(0, len(rows), CHUNK):
        cur.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) ON CONFLICT DO NOTHING",
            rows[start : start + CHUNK],
        )


def _merge_services(cur: Cursor, conn: sqlite3.Connection) -> None:
    """The backup's vault rows, witness cosignatures, tokens and content, beside those
    the target holds (a token revoked since the backup stays revoked)."""
    present = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master")}
    for table in ("gk_vault", "gk_cosignatures", *SERVICE_TABLES):
        if table not in present:
            continue
        if table in SERVICE_TABLES:
            cur.execute(f"CREATE TABLE IF NOT EXISTS {table} ({SERVICE_TABLES[table][1]})")
        columns = columns_of(table)
        _insert(cur, table, columns, conn.execute(f"SELECT {', '.join(columns)} FROM {table}"))
