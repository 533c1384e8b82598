"""A PostgreSQL streaming replica of the ledger's database, for public reads of the log.

A replica replays the primary's WAL in commit order, so it always holds a state the
primary had: its latest checkpoint, the leaves under it and the tree nodes that prove
them. Every answer is computed from the replica alone (its own latest checkpoint),
never mixed with the primary's; it only trails the primary by the lag.

Usage::

    replica = Replica.open("postgresql://…@127.0.0.1:5433/gongkai?schema=…")
    note = replica.checkpoint_note()       # the replica's latest checkpoint
    proof = replica.inclusion_proof(3)     # proved against that same checkpoint
    lag = replica.lag(ledger.backend)      # how far it trails the primary
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from eventsourcing.persistence import PersistenceError

from ledger.backend import Backend, PostgresBackend
from ledger.errors import ConfigError, ReplicaUnavailable
from ledger.merkle_log import MerkleLogReads
from ledger.tree import NodeCache

REPLICA_URL_ENV = "GONGKAI_REPLICA_URL"
REPLICA_WAIT_SECONDS = 2.0  # a read waits this long for the replica, then goes to the primary


@dataclass(frozen=True, slots=True)
class ReplicaLag:
    """How far the replica trails the primary, measured once.

    ``lag_seconds`` is 0 when the replica has replayed all the WAL the primary wrote,
    else the age of the last transaction it replayed (``None`` before the first)."""

    url_host: str
    lag_bytes: int
    lag_seconds: float | None
    streaming: bool
    replay_paused: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "url_host": self.url_host,
            "lag_bytes": self.lag_bytes,
            "lag_seconds": self.lag_seconds,
            "streaming": self.streaming,
            "replay_paused": self.replay_paused,
        }


class Replica(MerkleLogReads):
    """The read side of the log (``MerkleLogReads``) over a read-only replica."""

    def __init__(self, backend: PostgresBackend) -> None:
        self.backend = backend
        self._nodes = NodeCache()  # its own: nothing of the primary enters an answer
        parsed = urlparse(backend.url)
        self.url_host = f"{parsed.hostname or '127.0.0.1'}:{parsed.port or 5432}"

    @classmethod
    def open(cls, url: str) -> Replica:
        """Open (without connecting yet) the replica at a ``postgresql://`` URL.

        Raises ConfigError for any other URL."""
        if not url.startswith(("postgresql://", "postgres://")):
            raise ConfigError(f"a read replica is a PostgreSQL URL (postgresql://…), not {url!r}")
        return cls(PostgresBackend(url, read_only=True, wait=REPLICA_WAIT_SECONDS))

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Turn the database's own errors on the replica into ReplicaUnavailable."""
        try:
            yield
        except PersistenceError as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ReplicaUnavailable(f"{self.url_host}: {reason}") from None

    def lag(self, primary: Backend) -> ReplicaLag:
        """Bytes of the primary's WAL not yet replayed, and for how long.

        Raises ReplicaUnavailable if the replica cannot be reached or is not in recovery."""
        with self.reading(), self.backend.transaction() as cur:
            row = cur.execute(
                "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text,"
                " EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8,"
                " EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming'),"
                " CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() ELSE false END"
            ).fetchone()
        if row is None or not row[0] or row[1] is None:
            raise ReplicaUnavailable(f"{self.url_host} is not a replica (not in recovery)")
        with primary.transaction() as cur:
            behind = cur.execute(
                "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), ?::pg_lsn)::bigint", (row[1],)
            ).fetchone()
        lag_bytes = max(0, int(behind[0])) if behind else 0
        age = None if row[2] is None else max(0.0, float(row[2]))
        return ReplicaLag(
            url_host=self.url_host,
            lag_bytes=lag_bytes,
            lag_seconds=0.0 if lag_bytes == 0 else age,
            streaming=bool(row[3]),
            replay_paused=bool(row[4]),
        )

    def close(self) -> None:
        self.backend.close()
