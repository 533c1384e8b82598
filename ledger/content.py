"""Content-addressed storage of document bytes (SHA-256).

On SQLite the bytes are files under ``<data>/content/ab/<sha256>`` (written to a
temporary name, fsynced, renamed: never half a file under a hash's name); on
PostgreSQL they live in the ``gk_content`` table so that stateless API workers share
them. The hash is the only name, so a stored file can always be checked against the
ledger entry that cites it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ledger.backend import Backend, SQLiteBackend
from ledger.errors import ContentError
from verify.hashes import is_sha256_hex

MAX_CONTENT_BYTES = 50 * 1024 * 1024


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_sha256(value: str) -> str:
    """Raises ContentError unless ``value`` is 64 lowercase hex digits."""
    if not is_sha256_hex(value):
        raise ContentError(f"not a SHA-256 (64 lowercase hex digits): {value[:80]!r}")
    return value


class ContentStore:
    def __init__(self, backend: Backend, directory: Path) -> None:
        self.backend = backend
        self.directory = directory
        self._files = isinstance(backend, SQLiteBackend)
        if not self._files:
            with backend.ddl() as cur:
                cur.execute(
                    "CREATE TABLE IF NOT EXISTS gk_content (sha256 TEXT PRIMARY KEY, "
                    "data BYTEA NOT NULL, size BIGINT NOT NULL)"
                )

    def put(self, data: bytes) -> str:
        """Store ``data``; return its SHA-256. Raises ContentError if too large."""
        if len(data) > MAX_CONTENT_BYTES:
            raise ContentError(f"content of {len(data)} bytes exceeds {MAX_CONTENT_BYTES}")
        digest = sha256_hex(data)
        if self.exists(digest):
            return digest
        if self._files:
            path = self._path(digest)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{digest}.{os.getpid()}.tmp")
            with open(tmp, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            tmp.replace(path)
        else:
            with self.backend.transaction(write=True) as cur:
                cur.execute(
                    "INSERT INTO gk_content (sha256, data, size) VALUES (?, ?, ?) "
                    "ON CONFLICT (sha256) DO NOTHING",
                    (digest, data, len(data)),
                )
        return digest

    def get(self, sha256: str) -> bytes | None:
        """The bytes stored under ``sha256``, or None."""
        check_sha256(sha256)
        if self._files:
            try:
                return self._path(sha256).read_bytes()
            except FileNotFoundError:
                return None
        with self.backend.transaction() as cur:
            row = cur.execute("SELECT data FROM gk_content WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else bytes(row[0])

    def exists(self, sha256: str) -> bool:
        check_sha256(sha256)
        if self._files:
            return self._path(sha256).is_file()
        with self.backend.transaction() as cur:
            row = cur.execute("SELECT 1 FROM gk_content WHERE sha256 = ?", (sha256,)).fetchone()
        return row is not None

    def _path(self, sha256: str) -> Path:
        return self.directory / sha256[:2] / sha256
