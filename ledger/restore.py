"""``gongkai restore``: put a backup back, only once it is proven to be this log.

The backup is checked against the latest *published* checkpoint (the live log's, or a
note the operator gives when the live store is gone), under the published verifier
key: every backup entry is verified as ``gongkai-verify`` would (canonical form, key
registry, signature, stream chain) and re-hashed to the leaf the backup's log holds
for it; the log is rebuilt from those entries, and a consistency proof from the
backup's signed tree to the published one must verify. Entries the live log
integrated after the backup are read back from the live store (each must hash to its
live leaf and continue the rebuilt log), and entries committed but not yet integrated
are carried over too, so nothing acknowledged is lost. Anything else is refused with
``RestoreRefused`` before a single row of the target is touched; the target is then
rewritten in one transaction (``ledger._restore_write``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from eventsourcing.persistence import PersistenceError

from ledger._restore_write import Rebuilt, RestoreRefused, read_backup_rows, write_restore
from ledger.backup import BackupInfo, read_info
from ledger.errors import IntegrityFailure
from ledger.ledger import Ledger
from ledger.tables import BACKUP_EVENTS
from verify.errors import VerificationError
from verify.merkle import consistency_proof, verify_consistency
from verify.note import Checkpoint, Vkey, verify_checkpoint

Progress = Callable[[str], None]


@dataclass
class RestoreReport:
    backup: BackupInfo
    published_size: int
    restored_size: int = 0
    replayed: int = 0  # entries the live log integrated after the backup
    pending: int = 0  # committed, not yet integrated, carried over
    dropped: list[str] = field(default_factory=list)  # pending rows that do not verify
    checkpoints: int = 0
    dry_run: bool = False


@dataclass
class _Live:
    """What the live store still holds beyond the backup (read before anything is written)."""

    integrated: list[tuple[int, int, str, bytes]] = field(default_factory=list)
    pending: list[tuple[int, bytes]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (note, created_at)


def restore(
    ledger: Ledger,
    path: Path,
    *,
    vkey: Vkey | None = None,
    published: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> RestoreReport:
    """Verify the backup at ``path`` and (unless ``dry_run``) restore it into ``ledger``.
    ``vkey`` and ``published`` default to the live ledger's key and latest checkpoint.
    Raises RestoreRefused."""
    try:
        return _restore(ledger, path, vkey, published, dry_run, progress or (lambda _: None))
    except sqlite3.DatabaseError as exc:
        raise RestoreRefused(f"{path} is damaged: {exc}") from None


def _restore(
    ledger: Ledger,
    path: Path,
    vkey: Vkey | None,
    published: str | None,
    dry_run: bool,
    say: Progress,
) -> RestoreReport:
    info = read_info(path)
    try:
        key, published_cp = _anchor(ledger, vkey, published)
        backup_cp = _checked(info.checkpoint, key, "the backup's checkpoint")
        live = _read_live(ledger, backup_cp.size) if ledger.initialised else _Live()
    except _database_errors() as exc:
        raise RestoreRefused(
            f"the live store cannot be read ({type(exc).__name__}: {exc}): restore into an "
            "empty database instead, with the published --vkey and --checkpoint"
        ) from None
    report = RestoreReport(info, published_cp.size, dry_run=dry_run)
    if not ledger.initialised:
        live.pending = _backup_pending(path)
    notes = [*_backup_notes(path), *live.notes]
    if published is not None:
        notes.append((published, datetime.now(UTC).isoformat()))
    wanted = {_checked_size(note, key) for note, _ in notes}
    rebuilt = Rebuilt(key.name, wanted | {backup_cp.size, published_cp.size})
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        for index, nid, leaf, raw in read_backup_rows(conn, backup_cp.size):
            rebuilt.add(nid, raw, f"backup entry #{index}", leaf)
            if index and index % 10000 == 0:
                say(f"  … {index}/{backup_cp.size} backup entries verified")
    for index, nid, leaf, raw in live.integrated:
        where = f"live entry #{index} (integrated after the backup)"
        rebuilt.add(nid, raw, where, leaf, keep=True)
    report.replayed = len(live.integrated)
    _prove(rebuilt, backup_cp, published_cp)
    report.pending, report.dropped = rebuilt.add_pending(live.pending)
    rebuilt.keep_checkpoints(notes, key)
    report.restored_size, report.checkpoints = rebuilt.size, len(rebuilt.checkpoints)
    say(f"backup verified: {backup_cp.size} entries, consistent with {published_cp.size}")
    if not dry_run:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            _write(ledger, conn, rebuilt, say)
    return report


def _database_errors() -> tuple[type[Exception], ...]:
    """What a store that cannot be read or written raises (evaluated only when something
    was raised: psycopg is imported for PostgreSQL alone)."""
    import psycopg

    return (sqlite3.Error, psycopg.Error, PersistenceError)


def _write(ledger: Ledger, conn: sqlite3.Connection, rebuilt: Rebuilt, say: Progress) -> None:
    try:
        write_restore(ledger.backend, conn, rebuilt, say)
    except _database_errors() as exc:
        raise RestoreRefused(
            f"the restore could not be written ({type(exc).__name__}: {exc}); it was one "
            "transaction: nothing was written"
        ) from None


def published_cp_note(published: str | None, ledger: Ledger) -> str:
    if published is not None:
        return published
    return ledger.checkpoint_note() if ledger.initialised else ""


def _anchor(ledger: Ledger, vkey: Vkey | None, published: str | None) -> tuple[Vkey, Checkpoint]:
    """The published verifier key and checkpoint the backup must agree with."""
    if vkey is None:
        if not ledger.initialised:
            raise RestoreRefused("the target holds no ledger: give the published --vkey")
        try:
            vkey = ledger.vkey()
        except (VerificationError, IntegrityFailure) as exc:
            raise RestoreRefused(
                f"the live keyring cannot be read ({exc.code}: {exc.message}): "
                "give the published --vkey"
            ) from None
    note = published_cp_note(published, ledger)
    if not note:
        raise RestoreRefused(
            "no published checkpoint to verify the backup against: give --checkpoint FILE"
        )
    return vkey, _checked(note, vkey, "the published checkpoint")


def _checked(note: str, vkey: Vkey, what: str) -> Checkpoint:
    try:
        return verify_checkpoint(note, vkey)
    except VerificationError as exc:
        raise RestoreRefused(f"{what} does not verify: {exc.code}: {exc.message}") from None


def _checked_size(note: str, vkey: Vkey) -> int:
    try:
        return verify_checkpoint(note, vkey).size
    except VerificationError:
        return -1  # never reached: such a note is dropped


def _prove(rebuilt: Rebuilt, backup_cp: Checkpoint, published_cp: Checkpoint) -> None:
    """The rebuilt log gives both signed roots, and a consistency proof joins them."""
    for cp, what in ((backup_cp, "backup's"), (published_cp, "published")):
        if cp.size > rebuilt.size:
            raise RestoreRefused(
                f"the {what} checkpoint covers {cp.size} entries, but only {rebuilt.size} "
                "can be read whole from the backup and the live store"
            )
        if rebuilt.roots.get(cp.size) != cp.root_hash:
            raise RestoreRefused(
                f"the entries give another root at size {cp.size} than the {what} checkpoint"
            )
    old, new = sorted((backup_cp, published_cp), key=lambda cp: cp.size)
    proof = consistency_proof(rebuilt.hashes[: new.size], old.size) if old.size else []
    try:
        verify_consistency(old.size, new.size, old.root_hash, new.root_hash, proof)
    except VerificationError as exc:
        raise RestoreRefused(f"consistency proof {old.size} -> {new.size}: {exc.message}") from None


def _backup_notes(path: Path) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        rows = conn.execute("SELECT note, created_at FROM gk_checkpoints").fetchall()
    return [(str(note), str(at)) for note, at in rows]


def _read_live(ledger: Ledger, after: int) -> _Live:
    """Live entries integrated at index >= ``after`` (refused if one is altered or gone),
    committed rows not yet integrated, and the live checkpoints."""
    live = _Live()
    backend = ledger.backend
    table, column = backend.events_table, backend.notification_column
    with backend.transaction() as cur:
        rows = cur.execute(
            f"SELECT l.idx, l.notification_id, l.leaf_hash, e.state FROM gk_leaves l "
            f"LEFT JOIN {table} e ON e.{column} = l.notification_id "
            "WHERE l.idx >= ? ORDER BY l.idx",
            (after,),
        ).fetchall()
        last = cur.execute("SELECT COALESCE(MAX(notification_id), 0) FROM gk_leaves").fetchone()
        pending = backend.notifications_after(cur, int(last[0]) if last else 0, 1_000_000)
        notes = cur.execute("SELECT note, created_at FROM gk_checkpoints").fetchall()
    live.notes = [(str(note), str(at)) for note, at in notes]
    for idx, nid, leaf, state in rows:
        if state is None:
            raise RestoreRefused(
                f"entry #{idx}, integrated after the backup, is gone from the live store: "
                "repair it first (gongkai repair --from …) or restore a newer backup"
            )
        live.integrated.append((int(idx), int(nid), str(leaf), bytes(state)))
    live.pending = [(int(nid), bytes(state)) for nid, _s, _q, state in pending]
    return live


def _backup_pending(path: Path) -> list[tuple[int, bytes]]:
    """Rows the backup holds that its log had not integrated yet (acknowledged writes)."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        rows = conn.execute(
            f"SELECT rowid, state FROM {BACKUP_EVENTS} WHERE rowid > "
            "(SELECT COALESCE(MAX(notification_id), 0) FROM gk_leaves) ORDER BY rowid"
        ).fetchall()
    return [(int(nid), bytes(state)) for nid, state in rows]


__all__ = ["RestoreRefused", "RestoreReport", "restore"]
