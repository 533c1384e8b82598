"""Other copies of the log's entries, for ``gongkai repair``: a backup file, an export
(``gongkai-export/1``), or another database (a replica), named by one SOURCE string.

A copy is only ever offered: the repair takes it only if its bytes hash to the leaf
hash the log integrated, so a source can be stale, partial or hostile without harm.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from abc import ABC, abstractmethod
from pathlib import Path
from uuid import UUID

from eventsourcing.persistence import PersistenceError

from ledger.backend import Backend, open_backend
from ledger.errors import ConfigError
from ledger.tables import BACKUP_EVENTS
from verify.merkle import leaf_hash

SQLITE_MAGIC = b"SQLite format 3\x00"


class Copies(ABC):
    """Entry bytes held elsewhere, looked up by stream and sequence number."""

    name: str

    @abstractmethod
    def copy_of(self, stream: str, seq: int, leaf: str) -> bytes | None:
        """The bytes this source holds for entry ``seq`` of ``stream`` (None if none);
        ``leaf`` is the hash wanted, for sources indexed by it."""

    def close(self) -> None:
        return None


class BackupCopies(Copies):
    """A backup file (or any SQLite ledger database), opened read-only."""

    def __init__(self, path: Path) -> None:
        self.name = str(path)
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def copy_of(self, stream: str, seq: int, leaf: str) -> bytes | None:
        row = self._conn.execute(
            f"SELECT state FROM {BACKUP_EVENTS} WHERE originator_id = ? AND originator_version = ?",
            (UUID(stream).hex, seq),
        ).fetchone()
        return None if row is None else bytes(row[0])

    def close(self) -> None:
        self._conn.close()


class ReplicaCopies(Copies):
    """Another database holding the same log (a replica, a restored copy)."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.name = url.split("@")[-1]  # never echo a password
        try:
            self._backend: Backend = open_backend(url)
        except (psycopg.Error, PersistenceError) as exc:
            reason = " ".join(str(exc).split())  # one line
            raise ConfigError(f"cannot open the replica {self.name}: {reason}") from None

    def copy_of(self, stream: str, seq: int, leaf: str) -> bytes | None:
        stored = self._backend.recorder.select_events(UUID(stream), gt=seq - 1, lte=seq)
        return bytes(stored[0].state) if stored else None

    def close(self) -> None:
        self._backend.close()


class ExportCopies(Copies):
    """An export file: every entry line indexed by its leaf hash (and, when a leaf row
    itself was altered, by stream and sequence number)."""

    def __init__(self, path: Path) -> None:
        self.name = str(path)
        self._by_leaf: dict[str, bytes] = {}
        self._by_position: dict[tuple[str, int], bytes] | None = None
        with open(path, "rb") as handle:
            header = handle.readline()
            try:
                if json.loads(header).get("format") != "gongkai-export/1":
                    raise ValueError
            except (ValueError, AttributeError):
                raise ConfigError(f"{path} is not a gongkai-export/1 file") from None
            for line in handle:
                raw = line.rstrip(b"\n")
                self._by_leaf[leaf_hash(raw).hex()] = raw

    def copy_of(self, stream: str, seq: int, leaf: str) -> bytes | None:
        found = self._by_leaf.get(leaf)
        if found is not None:
            return found
        if self._by_position is None:  # parsed once, on the first miss
            self._by_position = {}
            for raw in self._by_leaf.values():
                with contextlib.suppress(ValueError, AttributeError, TypeError):
                    entry = json.loads(raw)
                    self._by_position[(str(entry.get("stream")), int(entry.get("seq")))] = raw
        return self._by_position.get((stream, seq))


def open_copies(source: str) -> Copies:
    """The copies named by ``source``: a database URL, a backup file or an export file.
    Raises ConfigError if it is none of them."""
    if "://" in source:
        if source.startswith("sqlite:///"):
            return BackupCopies(_existing(Path(source.removeprefix("sqlite:///"))))
        return ReplicaCopies(source)
    path = _existing(Path(source))
    with open(path, "rb") as handle:
        magic = handle.read(len(SQLITE_MAGIC))
    return BackupCopies(path) if magic == SQLITE_MAGIC else ExportCopies(path)


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise ConfigError(f"no such file: {path}")
    return path
