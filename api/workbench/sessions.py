"""Server-side workbench sessions: a random id in an HttpOnly, SameSite=Strict cookie
(Secure when the server is reached over TLS), stored only as its SHA-256 hash, with an
idle and an absolute expiry, a CSRF token of its own, and sign-out everywhere.

Session fixation: an id is only ever made here, at sign-in, and whatever session the
browser presented then is revoked, so an id planted before sign-in is worth nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from ledger.backend import Backend

IDLE: Final = timedelta(minutes=30)
ABSOLUTE: Final = timedelta(hours=12)
COOKIE: Final = "gk_session"


@dataclass(frozen=True)
class Session:
    officer: str
    csrf: str
    created_at: str
    key: str  # the hash the session is stored under


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


class SessionStore:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.idle, self.absolute = IDLE, ABSOLUTE
        with backend.ddl() as cur:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS gk_sessions (session_hash TEXT PRIMARY KEY, "
                "officer TEXT NOT NULL, csrf TEXT NOT NULL, created_at TEXT NOT NULL, "
                "seen_at TEXT NOT NULL, revoked_at TEXT)"
            )

    def start(self, officer: str, now: datetime, replacing: str | None = None) -> str:
        """A new session for ``officer``; the presented one (``replacing``) is revoked."""
        session_id = secrets.token_urlsafe(32)
        stamp = now.isoformat()
        with self.backend.transaction(write=True) as cur:
            if replacing:
                cur.execute(
                    "UPDATE gk_sessions SET revoked_at = ? WHERE session_hash = ?",
                    (stamp, _hash(replacing)),
                )
            # sessions past their absolute lifetime are worth nothing: forget them
            cur.execute(
                "DELETE FROM gk_sessions WHERE created_at < ?",
                ((now - self.absolute - timedelta(days=1)).isoformat(),),
            )
            cur.execute(
                "INSERT INTO gk_sessions (session_hash, officer, csrf, created_at, seen_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (_hash(session_id), officer, secrets.token_urlsafe(32), stamp, stamp),
            )
        return session_id

    def find(self, session_id: str, now: datetime) -> Session | None:
        """The live session behind the cookie (touched: its idle clock restarts), or None
        when unknown, revoked, idle too long or past its absolute lifetime."""
        if not session_id or len(session_id) > 100:
            return None
        key = _hash(session_id)
        with self.backend.transaction() as cur:
            row = cur.execute(
                "SELECT officer, csrf, created_at, seen_at, revoked_at FROM gk_sessions "
                "WHERE session_hash = ?",
                (key,),
            ).fetchone()
        if row is None or row[4] is not None:
            return None
        created, seen = datetime.fromisoformat(str(row[2])), datetime.fromisoformat(str(row[3]))
        if now - seen > self.idle or now - created > self.absolute:
            return None
        if now - seen > timedelta(seconds=30):  # a write at most every half minute
            with self.backend.transaction(write=True) as cur:
                cur.execute(
                    "UPDATE gk_sessions SET seen_at = ? WHERE session_hash = ?",
                    (now.isoformat(), key),
                )
        return Session(str(row[0]), str(row[1]), str(row[2]), key)

    def end(self, session: Session, now: datetime) -> None:
        with self.backend.transaction(write=True) as cur:
            cur.execute(
                "UPDATE gk_sessions SET revoked_at = ? WHERE session_hash = ?",
                (now.isoformat(), session.key),
            )

    def end_all(self, officer: str, now: datetime) -> int:
        """Sign ``officer`` out everywhere; the number of sessions ended."""
        with self.backend.transaction(write=True) as cur:
            row = cur.execute(
                "SELECT COUNT(*) FROM gk_sessions WHERE officer = ? AND revoked_at IS NULL",
                (officer,),
            ).fetchone()
            cur.execute(
                "UPDATE gk_sessions SET revoked_at = ? WHERE officer = ? AND revoked_at IS NULL",
                (now.isoformat(), officer),
            )
        return int(row[0]) if row else 0


def csrf_ok(session: Session, sent: str | None) -> bool:
    """Whether a form carried the session's own CSRF token (synchronizer token)."""
    return bool(sent) and hmac.compare_digest(session.csrf.encode(), str(sent).encode())
