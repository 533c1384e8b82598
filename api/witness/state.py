"""A witness's memory: the latest checkpoint it cosigned per log, and the checkpoints
it refused (proof of a log's misbehaviour, kept for whoever asks).

One SQLite file. Checking the old size and recording the new checkpoint happen in one
``BEGIN EXCLUSIVE`` transaction (two racing submissions can never roll a log back), and
the commit is durable (``synchronous=FULL``) before the witness answers.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS latest (
    origin TEXT PRIMARY KEY, size INTEGER NOT NULL, root BLOB NOT NULL, note TEXT NOT NULL,
    cosigned_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS refusals (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, origin TEXT NOT NULL,
    status INTEGER NOT NULL, reason TEXT NOT NULL, request TEXT NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class Latest:
    size: int
    root: bytes | None  # None before the first cosigned checkpoint
    note: str | None


@dataclass(frozen=True, slots=True)
class Refusal:
    at: str
    origin: str
    status: int
    reason: str
    request: str


class WitnessState:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        # One connection, used by one thread at a time; other processes on the same
        # file are kept out by BEGIN EXCLUSIVE.
        self._conn = sqlite3.connect(
            path, timeout=30, isolation_level=None, check_same_thread=False
        )
        self._lock = threading.Lock()
        with self._connection() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")  # the commit is on disk before we answer
            conn.executescript(_SCHEMA)

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._conn

    def close(self) -> None:
        self._conn.close()

    def latest(self, origin: str) -> Latest:
        with self._connection() as conn:
            return _latest(conn, origin)

    def advance(self, origin: str, decide: Callable[[Latest], tuple[int, bytes, str, T]]) -> T:
        """Under an exclusive lock: ``decide`` sees the latest cosigned checkpoint and
        either raises (nothing changes) or returns the new (size, root, note) to record
        and a result, which is returned once the record is durable."""
        with self._connection() as conn:
            conn.execute("BEGIN EXCLUSIVE")
            try:
                size, root, note, result = decide(_latest(conn, origin))
                conn.execute(
                    "INSERT INTO latest (origin, size, root, note, cosigned_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (origin) DO UPDATE SET "
                    "size = excluded.size, root = excluded.root, note = excluded.note, "
                    "cosigned_at = excluded.cosigned_at",
                    (origin, size, root, note, _now()),
                )
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        return result

    def refuse(self, origin: str, status: int, reason: str, request: str) -> None:
        with self._connection() as conn:
            conn.execute(
                "INSERT INTO refusals (at, origin, status, reason, request) VALUES (?, ?, ?, ?, ?)",
                (_now(), origin, status, reason, request),
            )

    def refusals(self, limit: int = 100) -> list[Refusal]:
        with self._connection() as conn:
            rows = conn.execute(
                "SELECT at, origin, status, reason, request FROM refusals ORDER BY id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [Refusal(*row) for row in rows]


def _latest(conn: sqlite3.Connection, origin: str) -> Latest:
    row = conn.execute("SELECT size, root, note FROM latest WHERE origin = ?", (origin,)).fetchone()
    return Latest(0, None, None) if row is None else Latest(int(row[0]), bytes(row[1]), row[2])


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
