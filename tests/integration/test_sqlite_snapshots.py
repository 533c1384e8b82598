"""A read that fetches only part of its rows (``fetchone``, ``LIMIT 1``) must not leave
its pooled SQLite connection holding the snapshot: such a connection read stale rows
(a checkpoint going backwards, tiles finding "tree nodes missing") and failed every
later write at once with "database is locked" — a 500 on an officer's POST."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ledger.backend import SQLiteBackend


def test_a_partly_read_statement_leaves_no_stale_snapshot(tmp_path: Path) -> None:
    backend = SQLiteBackend(tmp_path / "ledger.db")
    try:
        with backend.transaction(write=True) as cur:
            cur.execute("CREATE TABLE t (x INTEGER)")
            cur.executemany("INSERT INTO t VALUES (?)", [(1,), (2,), (3,)])
        for _ in range(3):  # every pooled connection the pool hands back
            with backend.transaction() as cur:
                assert cur.execute("SELECT x FROM t ORDER BY x").fetchone() == (1,)
        other = sqlite3.connect(tmp_path / "ledger.db", isolation_level=None)
        other.execute("INSERT INTO t VALUES (4)")  # another process commits
        other.close()
        for _ in range(3):
            with backend.transaction() as cur:
                assert cur.execute("SELECT count(*) FROM t").fetchone() == (4,)
        for _ in range(3):
            with backend.transaction(write=True) as cur:  # not "database is locked"
                cur.execute("INSERT INTO t VALUES (5)")
    finally:
        backend.close()
