"""``gongkai backup``: a consistent copy of the ledger's tables in one SQLite file.

SQLite: the online backup API copies the live database in one read transaction while
writers go on (a consistent snapshot). PostgreSQL: every backed-up table is read
in one REPEATABLE READ transaction (one snapshot) into a SQLite file of the SQLite
backend's layout, so a backup of either backend verifies offline and restores onto
either. The file is written beside its target, fsynced and renamed into place, and
names in ``gk_backup`` the signed checkpoint it contains.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ledger.backend import PostgresBackend, SQLiteBackend
from ledger.errors import ConfigError
from ledger.ledger import Ledger

if TYPE_CHECKING:
    import psycopg
from ledger.tables import (
    BACKUP_EVENTS,
    BACKUP_FORMAT,
    BACKUP_INFO_DDL,
    SERVICE_TABLES,
    backed_up_tables,
    columns_of,
)
from verify.note import Checkpoint, SignedNote

Progress = Callable[[str], None]
CHUNK = 5000


@dataclass(frozen=True)
class BackupInfo:
    """What a backup file holds."""

    format: str
    source: str
    created_at: str
    tree_size: int
    events: int
    checkpoint: str


def backup(ledger: Ledger, path: Path, progress: Progress | None = None) -> BackupInfo:
    """Write a backup of ``ledger`` to ``path`` (atomically); return what it holds."""
    say = progress or (lambda _: None)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.partial")
    tmp.unlink(missing_ok=True)
    try:
        if isinstance(ledger.backend, SQLiteBackend):
            _copy_sqlite(ledger.backend, tmp, say)
        elif isinstance(ledger.backend, PostgresBackend):
            _copy_postgres(ledger.backend, tmp, say)
        else:  # pragma: no cover - only two backends exist
            raise ConfigError(f"cannot back up {ledger.backend.url}")
        info = _record(tmp, ledger.backend.url.split("@")[-1])
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        tmp.replace(path)
        _fsync_dir(path.parent)
    finally:
        tmp.unlink(missing_ok=True)
    say(f"backup holds {info.events} entries, checkpoint of size {info.tree_size}")
    return info


def read_info(path: Path) -> BackupInfo:
    """The ``gk_backup`` record of a backup file. Raises ConfigError if it has none."""
    if not path.is_file():
        raise ConfigError(f"no such file: {path}")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            values = dict(conn.execute("SELECT name, value FROM gk_backup").fetchall())
    except sqlite3.DatabaseError:
        raise ConfigError(f"{path} is not a gongkai backup") from None
    if values.get("format") != BACKUP_FORMAT:
        raise ConfigError(f"{path} is not a {BACKUP_FORMAT} file")
    return BackupInfo(
        values["format"],
        values["source"],
        values["created_at"],
        int(values["tree_size"]),
        int(values["events"]),
        values["checkpoint"],
    )


def _copy_sqlite(backend: SQLiteBackend, tmp: Path, say: Progress) -> None:
    source_path = backend.url.removeprefix("sqlite:///")
    with (
        closing(sqlite3.connect(source_path, timeout=30)) as source,
        closing(sqlite3.connect(tmp)) as target,
    ):

        def step(status: int, remaining: int, total: int) -> None:
            say(f"  … {total - remaining}/{total} pages copied")

        # One step: a write by another connection between steps would restart the copy
        # (forever, under steady writes). In WAL mode the read does not block writers.
        source.backup(target, pages=-1, progress=step)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file


def _copy_postgres(backend: PostgresBackend, tmp: Path, say: Progress) -> None:
    import psycopg

    target_backend = SQLiteBackend(tmp)
    target_backend.create_tables()  # the events table and the ledger tables, as SQLite has
    target_backend.close()
    with (
        closing(sqlite3.connect(tmp)) as target,
        psycopg.connect(**backend._connect, autocommit=False) as conn,
    ):
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        conn.execute(f'SET search_path TO "{backend.schema}"')
        present = {
            str(r[0])
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                [backend.schema],
            ).fetchall()
        }
        events = "SELECT notification_id, originator_id, originator_version, topic, state FROM "
        rows = _chunks(conn, events + "gongkai_events ORDER BY notification_id")
        _insert(
            target,
            BACKUP_EVENTS,
            ("rowid", "originator_id", "originator_version", "topic", "state"),
            (
                (nid, stream.hex, version, topic, bytes(state))
                for nid, stream, version, topic, state in rows
            ),
            say,
        )
        for table in backed_up_tables():
            if table not in present:
                continue
            if table in SERVICE_TABLES:
                target.execute(f"CREATE TABLE IF NOT EXISTS {table} ({SERVICE_TABLES[table][1]})")
            columns = columns_of(table)
            query = f"SELECT {', '.join(columns)} FROM {table}"
            _insert(target, table, columns, _chunks(conn, query), say)
        conn.rollback()
        target.commit()


def _chunks(conn: psycopg.Connection[Any], query: str) -> Iterator[tuple[Any, ...]]:
    with conn.cursor(name="gongkai_backup") as cur:  # server-side: rows in chunks
        cur.itersize = CHUNK
        cur.execute(query)
        yield from cur


def _insert(
    target: sqlite3.Connection,
    table: str,
    columns: tuple[str, ...],
    rows: Iterator[tuple[Any, ...]],
    say: Progress,
) -> None:
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    batch: list[tuple[Any, ...]] = []
    copied = 0
    for row in rows:
        batch.append(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row))
        if len(batch) == CHUNK:
            target.executemany(sql, batch)
            copied += len(batch)
            batch.clear()
            say(f"  … {table}: {copied} rows")
    target.executemany(sql, batch)
    copied += len(batch)
    say(f"  {table}: {copied} rows")


def _record(tmp: Path, source: str) -> BackupInfo:
    """Name in the file the latest checkpoint it holds (read from the file itself)."""
    with closing(sqlite3.connect(tmp)) as conn:
        row = conn.execute(
            "SELECT note FROM gk_checkpoints ORDER BY tree_size DESC LIMIT 1"
        ).fetchone()
        if row is None:
            raise ConfigError("the ledger has no checkpoint yet: nothing to back up")
        note = str(row[0])
        size = Checkpoint.from_body(SignedNote.from_text(note).body).size
        events = conn.execute(f"SELECT COUNT(*) FROM {BACKUP_EVENTS}").fetchone()[0]
        info = BackupInfo(
            BACKUP_FORMAT, source, datetime.now(UTC).isoformat(), size, int(events), note
        )
        conn.execute(BACKUP_INFO_DDL)
        conn.execute("DELETE FROM gk_backup")  # a backup of a backup names itself
        conn.executemany(
            "INSERT INTO gk_backup (name, value) VALUES (?, ?)",
            [(name, str(value)) for name, value in vars(info).items()],
        )
        conn.commit()
        conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside
    return info


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
