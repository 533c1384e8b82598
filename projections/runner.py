"""Projections follow the integrated log in order and keep read models.

Each projection owns a few ``pj_*`` tables and a row in ``gk_positions``; the rows it
writes for a chunk of entries and its new position are committed in one transaction,
so after a crash it resumes exactly where it stopped. ``rebuild`` starts from zero;
``check`` rebuilds into scratch tables and compares them with the live ones.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from ledger.backend import Cursor
from ledger.ledger import Ledger
from verify.entry import Entry

LIVE, SCRATCH = "pj_", "pjs_"


@dataclass(frozen=True)
class Tables:
    """Table names of one projection under a prefix (live or scratch)."""

    prefix: str

    def __getitem__(self, name: str) -> str:
        return f"{self.prefix}{name}"


class Projection(ABC):
    """A read model: ``tables`` maps a table name to its column definitions."""

    name: ClassVar[str]
    tables: ClassVar[dict[str, str]]
    indexes: ClassVar[Sequence[str]] = ()  # "table(columns)"

    @abstractmethod
    def handle(self, cur: Cursor, t: Tables, index: int, entry: Entry) -> None:
        """Apply one entry (already verified by the integrator)."""


def _parse(raw: bytes) -> Entry:
    # Entries in the integrated log passed the integrator's checks; skip re-canonicalising.
    return Entry.from_json(json.loads(raw), raw=raw)


class ProjectionRunner:
    def __init__(self, ledger: Ledger, projections: Iterable[Projection]) -> None:
        self.ledger = ledger
        self.projections = {p.name: p for p in projections}
        with ledger.backend.ddl() as cur:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS gk_positions (name TEXT PRIMARY KEY, "
                "position BIGINT NOT NULL)"
            )
            for projection in self.projections.values():
                _create(cur, projection, Tables(LIVE))
                # A row to lock from the start: concurrent catch-ups serialise on it.
                cur.execute(
                    "INSERT INTO gk_positions (name, position) VALUES (?, 0) "
                    "ON CONFLICT (name) DO NOTHING",
                    (projection.name,),
                )

    def position(self, name: str) -> int:
        with self.ledger.backend.transaction() as cur:
            row = cur.execute(
                "SELECT position FROM gk_positions WHERE name = ?", (name,)
            ).fetchone()
        return int(row[0]) if row else 0

    def positions(self) -> dict[str, int]:
        with self.ledger.backend.transaction() as cur:
            rows = cur.execute("SELECT name, position FROM gk_positions").fetchall()
        known = {str(name): int(position) for name, position in rows}
        return {name: known.get(name, 0) for name in self.projections}

    def catch_up(self, chunk: int = 2000) -> int:
        """Apply every integrated entry not yet seen by each projection; return the count.

        The projections behind share one read of the entries and one transaction per
        chunk (the usual case after a write: every projection one entry behind)."""
        total = 0
        size = self.ledger.tree_size()
        while True:
            behind = {n: p for n, p in self.positions().items() if p < size}
            if not behind:
                return total
            start = min(behind.values())
            stop = min(size, start + chunk)
            # Read before taking the writer: asking the pool for a second connection
            # while holding SQLite's writer can wait on a queued writer.
            entries = [(i, _parse(raw)) for i, raw in self.ledger.indexed_entries(start, stop)]
            with self.ledger.backend.transaction(write=True) as cur:
                for name, seen in behind.items():
                    total += self._apply(cur, name, seen, stop, entries)

    def _apply(
        self, cur: Cursor, name: str, seen: int, stop: int, entries: list[tuple[int, Entry]]
    ) -> int:
        # Re-read and lock: another worker may have moved this projection meanwhile.
        row = cur.execute(
            "SELECT position FROM gk_positions WHERE name = ?" + self.ledger.backend.row_lock,
            (name,),
        ).fetchone()
        if (int(row[0]) if row else 0) != seen or seen >= stop:
            return 0  # moved on meanwhile, or already past this chunk: never set it back
        projection, applied = self.projections[name], 0
        for index, entry in entries:
            if seen <= index < stop:
                projection.handle(cur, Tables(LIVE), index, entry)
                applied += 1
        _set_position(cur, name, stop)
        return applied

    def rebuild(self, name: str, chunk: int = 2000) -> int:
        """Drop the projection's tables and rebuild them from entry 0 (the others catch
        up too, each from its own position)."""
        projection = self.projections[name]
        with self.ledger.backend.transaction(write=True) as cur:
            _drop(cur, projection, Tables(LIVE))
            _create(cur, projection, Tables(LIVE))
            _set_position(cur, name, 0)
        return self.catch_up(chunk)

    def check(self, name: str) -> list[str]:
        """Rebuild into scratch tables and compare with the live read model (caught up
        first); return a summary of every difference (empty: identical)."""
        self.catch_up()
        projection = self.projections[name]
        size = self.position(name)
        differences: list[str] = []
        with self.ledger.backend.transaction(write=True) as cur:
            _drop(cur, projection, Tables(SCRATCH))
            _create(cur, projection, Tables(SCRATCH))
        for start in range(0, size, 2000):  # read outside the writer (see catch_up)
            entries = list(self.ledger.indexed_entries(start, min(size, start + 2000)))
            with self.ledger.backend.transaction(write=True) as cur:
                for index, raw in entries:
                    projection.handle(cur, Tables(SCRATCH), index, _parse(raw))
        with self.ledger.backend.transaction(write=True) as cur:
            for table in projection.tables:
                live, scratch = Tables(LIVE)[table], Tables(SCRATCH)[table]
                extra = _count(cur, f"SELECT * FROM {live} EXCEPT SELECT * FROM {scratch}")
                missing = _count(cur, f"SELECT * FROM {scratch} EXCEPT SELECT * FROM {live}")
                if extra or missing:
                    differences.append(
                        f"{table}: {extra} live row(s) not in the rebuild, "
                        f"{missing} rebuilt row(s) missing or different in the live table"
                    )
            _drop(cur, projection, Tables(SCRATCH))
        return differences


def _count(cur: Cursor, query: str) -> int:
    row = cur.execute(f"SELECT COUNT(*) FROM ({query}) AS d").fetchone()
    return int(row[0]) if row else 0


def _create(cur: Cursor, projection: Projection, t: Tables) -> None:
    for table, columns in projection.tables.items():
        cur.execute(f"CREATE TABLE IF NOT EXISTS {t[table]} ({columns})")
    for number, index in enumerate(projection.indexes):
        table, columns = index.split("(", 1)
        cur.execute(f"CREATE INDEX IF NOT EXISTS {t[table]}_i{number} ON {t[table]} ({columns}")


def _drop(cur: Cursor, projection: Projection, t: Tables) -> None:
    for table in projection.tables:
        cur.execute(f"DROP TABLE IF EXISTS {t[table]}")


def _set_position(cur: Cursor, name: str, position: int) -> None:
    cur.execute(
        "INSERT INTO gk_positions (name, position) VALUES (?, ?) "
        "ON CONFLICT (name) DO UPDATE SET position = excluded.position",
        (name, position),
    )
