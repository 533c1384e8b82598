"""Bearer tokens for officers: random secrets, stored only as SHA-256 hashes,
expiring and revocable. A token authenticates an officer; what the officer may do
is decided by their roles at the time of each command."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from api.errors import TokenError
from ledger.backend import Backend

PREFIX = "gk_"


@dataclass(frozen=True)
class TokenInfo:
    token_id: str
    officer: str
    created_at: str
    expires_at: str
    revoked_at: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None and self.expires_at > datetime.now(UTC).isoformat()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TokenStore:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        with backend.ddl() as cur:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS gk_tokens (token_hash TEXT PRIMARY KEY, "
                "officer TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, "
                "revoked_at TEXT)"
            )

    def issue(self, officer: str, days: int, now: datetime) -> str:
        """Create a token for ``officer`` valid for ``days``; return it (shown once)."""
        if not 1 <= days <= 366:
            raise TokenError("a token lives between 1 and 366 days")
        token = PREFIX + secrets.token_urlsafe(32)
        with self.backend.transaction(write=True) as cur:
            cur.execute(
                "INSERT INTO gk_tokens (token_hash, officer, created_at, expires_at) "
                "VALUES (?, ?, ?, ?)",
                (_hash(token), officer, now.isoformat(), (now + timedelta(days=days)).isoformat()),
            )
        return token

    def authenticate(self, token: str, now: datetime) -> str | None:
        """The officer a valid, unexpired, unrevoked token belongs to, or None."""
        if not token.startswith(PREFIX) or len(token) > 200:
            return None
        with self.backend.transaction() as cur:
            row = cur.execute(
                "SELECT officer, expires_at, revoked_at FROM gk_tokens WHERE token_hash = ?",
                (_hash(token),),
            ).fetchone()
        if row is None or row[2] is not None or str(row[1]) <= now.isoformat():
            return None
        return str(row[0])

    def list(self) -> list[TokenInfo]:
        with self.backend.transaction() as cur:
            rows = cur.execute(
                "SELECT token_hash, officer, created_at, expires_at, revoked_at FROM gk_tokens "
                "ORDER BY created_at"
            ).fetchall()
        return [
            TokenInfo(
                str(r[0])[:12], str(r[1]), str(r[2]), str(r[3]), None if r[4] is None else str(r[4])
            )
            for r in rows
        ]

    def revoke(self, token_id: str, now: datetime) -> int:
        """Revoke the token(s) whose id (hash prefix, ≥ 8 hex digits) matches."""
        if len(token_id) < 8 or any(c not in "0123456789abcdef" for c in token_id):
            raise TokenError("give at least 8 hex digits of the token id (see `token list`)")
        with self.backend.transaction(write=True) as cur:
            cur.execute(
                "UPDATE gk_tokens SET revoked_at = ? "
                "WHERE token_hash LIKE ? AND revoked_at IS NULL",
                (now.isoformat(), token_id + "%"),
            )
            row = cur.execute(
                "SELECT COUNT(*) FROM gk_tokens WHERE token_hash LIKE ? AND revoked_at = ?",
                (token_id + "%", now.isoformat()),
            ).fetchone()
        return int(row[0]) if row else 0
