"""The running server's own audit: stored entries re-checked against the log, always.

Every integrated entry's stored bytes must still hash to the leaf hash the Merkle log
holds for it. ``SelfAudit.step`` checks the next batch, newest first, and starts again
from the top when it reaches the first entry, so an altered or deleted row is noticed
without anyone running ``gongkai verify`` (which also checks signatures and chains).
"""

from __future__ import annotations

from ledger.backend import Backend
from ledger.errors import IntegrityFailure
from verify.merkle import leaf_hash


class SelfAudit:
    """A cursor over the integrated log that moves down ``batch`` entries per step."""

    def __init__(self, backend: Backend, batch: int = 1000) -> None:
        self._backend = backend
        self.batch = batch
        self._below: int | None = None  # the next step checks entries below this index
        self.checked = 0  # entries checked since start

    def step(self) -> None:
        """Check the next batch of integrated entries. Raises IntegrityFailure naming the
        first entry whose stored row is altered or gone."""
        table, column = self._backend.events_table, self._backend.notification_column
        with self._backend.transaction() as cur:
            if not self._below:
                row = cur.execute("SELECT COALESCE(MAX(idx) + 1, 0) FROM gk_leaves").fetchone()
                self._below = int(row[0]) if row else 0
            start = max(0, self._below - self.batch)
            rows = cur.execute(
                f"SELECT l.idx, l.stream, l.seq, l.leaf_hash, e.state FROM gk_leaves l "
                f"LEFT JOIN {table} e ON e.{column} = l.notification_id "
                "WHERE l.idx >= ? AND l.idx < ? ORDER BY l.idx DESC",
                (start, self._below),
            ).fetchall()
        for index, stream, seq, expected, state in rows:
            actual = None if state is None else leaf_hash(bytes(state)).hex()
            if actual != expected:
                raise IntegrityFailure(
                    f"entry {index} (stream {stream}, seq {seq}) "
                    + ("is gone from the store" if actual is None else "was altered in the store")
                    + "; run gongkai verify",
                    log_index=int(index),
                    stream=str(stream),
                    seq=int(seq),
                    expected=str(expected),
                    actual=actual,
                )
        self.checked += len(rows)
        self._below = start
