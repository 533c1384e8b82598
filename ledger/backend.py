"""Storage backends: the ``eventsourcing`` recorders plus our own ledger tables.

Two implementations, SQLite (embedded default) and PostgreSQL (production), chosen
by the database URL. Events live in the library's stored-events table (its primary
key on stream and sequence number gives optimistic concurrency); the Merkle log,
checkpoints, the vault and the private applicant index live in ``gk_*`` tables
reached through the same connection pools. SQL is written with ``?`` placeholders.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import weakref
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlparse

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore

from ledger.errors import ConfigError

if TYPE_CHECKING:  # psycopg is imported when a PostgreSQL URL is opened: a tenth of a
    import psycopg  # second at start-up that every SQLite command would pay

Row = Sequence[Any]

_TABLES = """
CREATE TABLE IF NOT EXISTS gk_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS gk_leaves (
    idx BIGINT PRIMARY KEY, notification_id BIGINT NOT NULL UNIQUE,
    stream TEXT NOT NULL, seq BIGINT NOT NULL, type TEXT NOT NULL, actor TEXT NOT NULL,
    at TEXT NOT NULL, leaf_hash TEXT NOT NULL, UNIQUE (stream, seq));
CREATE INDEX IF NOT EXISTS gk_leaves_actor ON gk_leaves (actor, at);
CREATE INDEX IF NOT EXISTS gk_leaves_hash ON gk_leaves (leaf_hash);
CREATE TABLE IF NOT EXISTS gk_nodes (
    level INTEGER NOT NULL, idx BIGINT NOT NULL, hash TEXT NOT NULL,
    PRIMARY KEY (level, idx));
CREATE TABLE IF NOT EXISTS gk_checkpoints (
    tree_size BIGINT PRIMARY KEY, root TEXT NOT NULL, note TEXT NOT NULL,
    created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS gk_cosignatures (
    tree_size BIGINT NOT NULL, witness TEXT NOT NULL, line TEXT NOT NULL,
    received_at TEXT NOT NULL, PRIMARY KEY (tree_size, witness));
CREATE TABLE IF NOT EXISTS gk_vault (
    commitment TEXT PRIMARY KEY, value TEXT NOT NULL, nonce TEXT NOT NULL,
    stream TEXT NOT NULL, field TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS gk_applicants (
    stream TEXT PRIMARY KEY, pseudonym TEXT NOT NULL, month TEXT NOT NULL,
    number TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS gk_applicants_month ON gk_applicants (pseudonym, month);
"""


class Cursor:
    """A cursor inside one transaction, with ``?`` placeholders on both backends."""

    def __init__(self, raw: Any, placeholder: str, *, read_only: bool = False) -> None:
        self._raw = raw
        self._placeholder = placeholder
        self._read_only = read_only

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        if self._read_only and not sql.lstrip()[:6].upper().startswith(("SELECT", "WITH")):
            raise RuntimeError(f"a read transaction cannot run {sql.split(None, 1)[0]}")
        if self._placeholder != "?":
            sql = sql.replace("?", self._placeholder)
        self._raw.execute(sql, list(params))
        return self

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if self._read_only:
            raise RuntimeError("a read transaction cannot write")
        if self._placeholder != "?":
            sql = sql.replace("?", self._placeholder)
        self._raw.executemany(sql, [list(r) for r in rows])

    def fetchone(self) -> Row | None:
        row = self._raw.fetchone()
        return None if row is None else tuple(row)

    def fetchall(self) -> list[Row]:
        return [tuple(r) for r in self._raw.fetchall()]


class Backend(ABC):
    """Event recorder and ledger tables of one database."""

    row_lock = ""  # appended to a SELECT to lock its rows until the transaction ends

    recorder: ApplicationRecorder
    events_table: str
    notification_column: str
    url: str

    @abstractmethod
    def transaction(
        self, *, write: bool = False, exclusive: bool = False
    ) -> contextlib.AbstractContextManager[Cursor]:
        """A transaction on the ledger tables, committed only if ``write``;
        ``exclusive`` also takes the single-integrator lock."""

    def create_tables(self) -> None:
        self.recorder.create_table()  # type: ignore[attr-defined]
        with self.transaction(write=True) as cur:  # PostgreSQL: under the DDL lock already
            for statement in _TABLES.split(";"):
                if statement.strip():
                    cur.execute(statement)

    def ddl(self) -> contextlib.AbstractContextManager[Cursor]:
        """A write transaction for CREATE … IF NOT EXISTS statements, serialised
        between processes starting at once (PostgreSQL's catalogue is not)."""
        return self.transaction(write=True)

    def notifications_after(self, cur: Cursor, after: int, limit: int) -> list[Row]:
        """Rows (notification id, stream, seq, state) committed after ``after``."""
        cur.execute(
            f"SELECT {self.notification_column}, originator_id, originator_version, state "
            f"FROM {self.events_table} WHERE {self.notification_column} > ? "
            f"ORDER BY {self.notification_column} LIMIT ?",
            (after, limit),
        )
        return cur.fetchall()

    @abstractmethod
    def close(self) -> None: ...


class SQLiteBackend(Backend):
    notification_column = "rowid"

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.url = f"sqlite:///{path}"
        self.datastore = SQLiteDatastore(str(path), lock_timeout=30, pool_size=8)
        self.events_table = "stored_events"
        self.recorder = SQLiteApplicationRecorder(self.datastore, self.events_table)

    @contextlib.contextmanager
    def transaction(self, *, write: bool = False, exclusive: bool = False) -> Iterator[Cursor]:
        write = write or exclusive
        with self.datastore.get_connection(commit=write) as conn:
            raw = conn.cursor()
            # IMMEDIATE takes SQLite's write lock up front: one integrator at a time.
            raw.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield Cursor(raw, "?", read_only=not write)
            except BaseException:
                raw.sqlite_cursor.close()
                conn.rollback()
                raise
            # A statement read only in part (fetchone, LIMIT 1) stays active past
            # ROLLBACK and keeps its snapshot: the pooled connection would then read
            # stale rows and fail every later write at once ("database is locked").
            raw.sqlite_cursor.close()
            if write:
                conn.commit()
            else:
                conn.rollback()

    def close(self) -> None:
        self.datastore.close()


class PostgresBackend(Backend):
    notification_column = "notification_id"
    row_lock = " FOR UPDATE"  # SQLite needs none: its write transactions are serial

    def __init__(self, url: str, *, read_only: bool = False, wait: float = 5.0) -> None:
        """``read_only``: a hot standby (no DDL, no writes); ``wait``: seconds a caller
        waits for a pooled connection (all of it when the server cannot be reached)."""
        self.schema, pool, self._connect = _postgres_settings(url)
        self.url = url
        self._configured: weakref.WeakSet[psycopg.Connection[Any]] = weakref.WeakSet()
        from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
        from psycopg.rows import tuple_row
        from psycopg_pool import PoolTimeout

        self._rows = tuple_row
        digest = hashlib.sha256(f"gongkai-ddl:{self.schema}".encode()).digest()
        self.ddl_key = int.from_bytes(digest[:8], "big", signed=True)
        self.read_only = read_only
        if not read_only:  # a standby refuses DDL: its schema comes from the primary
            with self._ddl_lock() as conn:
                conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
        self.datastore = PostgresDatastore(
            **self._connect,
            schema=self.schema,
            pool_size=pool,
            max_overflow=12,
            max_waiting=64,
            lock_timeout=30,
            connect_timeout=wait,
        )
        self.events_table = f'"{self.schema}".gongkai_events'
        if not read_only:  # the recorder writes (and connects at once for its types)
            # Open the pool with its one connection first: asked while that connection
            # is still being made, the pool makes a second and keeps it for its idle
            # time (ten minutes) — two connections per agency on a platform, not one.
            with contextlib.suppress(PoolTimeout):  # the recorder reports a dead server
                self.datastore.pool.open(wait=True, timeout=wait)
            self.recorder = PostgresApplicationRecorder(
                self.datastore, events_table_name="gongkai_events"
            )
        # Stable advisory-lock key for the integrator of this schema.
        digest = hashlib.sha256(f"gongkai-integrator:{self.schema}".encode()).digest()
        self.lock_key = int.from_bytes(digest[:8], "big", signed=True)

    @contextlib.contextmanager
    def _ddl_lock(self) -> Iterator[psycopg.Connection[Any]]:
        import psycopg

        conn = psycopg.connect(**self._connect, autocommit=True, connect_timeout=5)
        with conn:
            conn.execute("SELECT pg_advisory_lock(%s)", [self.ddl_key])
            try:
                yield conn
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", [self.ddl_key])

    def create_tables(self) -> None:
        # Workers and processes starting together must not run DDL concurrently.
        with self._ddl_lock():
            super().create_tables()

    @contextlib.contextmanager
    def ddl(self) -> Iterator[Cursor]:
        with self.transaction(write=True) as cur:
            cur.execute("SELECT pg_advisory_xact_lock(?)", (self.ddl_key,))
            yield cur

    @contextlib.contextmanager
    def transaction(self, *, write: bool = False, exclusive: bool = False) -> Iterator[Cursor]:
        """Writes run in one transaction. Reads run in autocommit, a statement at a
        time: under READ COMMITTED a transaction gives each statement its own snapshot
        anyway, and skipping BEGIN/ROLLBACK saves two round trips and keeps psycopg's
        prepared statements, which every ROLLBACK would discard."""
        if self.read_only and (write or exclusive):
            raise ConfigError(f"{self.schema}: a read-only database (a replica) cannot write")
        with self.datastore.get_connection() as conn:
            if conn not in self._configured:  # once per pooled connection, not per transaction
                conn.execute(f'SET search_path TO "{self.schema}"')  # autocommit: it persists
                self._configured.add(conn)
            if not (write or exclusive):
                yield Cursor(conn.cursor(row_factory=self._rows), "%s", read_only=True)
                return
            with conn.transaction():
                raw = conn.cursor(row_factory=self._rows)
                if exclusive:
                    raw.execute("SELECT pg_advisory_xact_lock(%s)", [self.lock_key])
                yield Cursor(raw, "%s")

    def drop_schema(self) -> None:
        """Remove every table of this ledger (tests only)."""
        with self.datastore.get_connection() as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')

    def close(self) -> None:
        self.datastore.close()


def _postgres_settings(url: str) -> tuple[str, int, dict[str, Any]]:
    """The schema, the pool size and the connection arguments a PostgreSQL URL names.

    Raises ConfigError for an invalid schema name or pool size."""
    parsed = urlparse(url)
    query = parse_qs(parsed.query)
    schema = query.get("schema", ["public"])[0]
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", schema):
        raise ConfigError(f"invalid schema name {schema!r} in database URL")
    pool = query.get("pool_size", ["4"])[0]  # connections kept open (a platform: 1)
    if not pool.isdigit() or not 1 <= int(pool) <= 64:
        raise ConfigError(f"invalid pool_size {pool!r} in database URL (1–64)")
    connect = {
        "dbname": (parsed.path or "/postgres").lstrip("/") or "postgres",
        "host": parsed.hostname or "127.0.0.1",
        "port": parsed.port or 5432,
        "user": unquote(parsed.username or "postgres"),
        "password": unquote(parsed.password or ""),
    }
    return schema, int(pool), connect


def open_backend(url: str) -> Backend:
    """Open the backend named by a ``sqlite:///path`` or ``postgresql://`` URL.

    Raises ConfigError for any other URL.
    """
    if url.startswith("sqlite:///"):
        return SQLiteBackend(Path(url.removeprefix("sqlite:///")))
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresBackend(url)
    raise ConfigError(f"unsupported database URL {url!r}: use sqlite:///PATH or postgresql://…")
