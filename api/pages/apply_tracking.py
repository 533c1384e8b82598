"""Tracking online applications and keeping abuse out, without a captcha.

A submission gets the request's number as its tracking number and a random secret,
shown once; only the secret's SHA-256 is kept (``gk_portal_tracking``), next to a
fingerprint of who asked for what, so the same application sent twice within a day is
recognised and not received twice. A per-client limit (a sliding window per address)
bounds how many applications one client can send.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
import time
from collections import deque
from datetime import datetime, timedelta

from ledger.backend import Backend

DUPLICATE_WINDOW = timedelta(hours=24)
RATE_ENV = "GONGKAI_APPLY_RATE"  # "N/SECONDS": at most N submissions per client per window
DEFAULT_RATE = (5, 600.0)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class TrackingStore:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        with backend.ddl() as cur:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS gk_portal_tracking (number TEXT PRIMARY KEY, "
                "secret_hash TEXT NOT NULL, fingerprint TEXT NOT NULL, created_at TEXT NOT NULL)"
            )

    def duplicate_of(self, fingerprint: str, now: datetime) -> str | None:
        """The number of the same application received within the last day, if any."""
        since = (now - DUPLICATE_WINDOW).isoformat()
        with self.backend.transaction() as cur:
            row = cur.execute(
                "SELECT number FROM gk_portal_tracking WHERE fingerprint = ? AND created_at > ?",
                (fingerprint, since),
            ).fetchone()
        return None if row is None else str(row[0])

    def issue(self, number: str, fingerprint: str, now: datetime) -> str:
        """A new secret for ``number`` (returned once; only its hash is kept)."""
        secret = secrets.token_urlsafe(12)
        with self.backend.transaction(write=True) as cur:
            cur.execute(
                "INSERT INTO gk_portal_tracking (number, secret_hash, fingerprint, created_at) "
                "VALUES (?, ?, ?, ?)",
                (number, _hash(secret), fingerprint, now.isoformat()),
            )
        return secret

    def numbers(self, prefix: str, limit: int = 200) -> list[str]:
        """The newest tracked numbers that start with ``prefix`` (e.g. ``DT`` topics)."""
        with self.backend.transaction() as cur:
            rows = cur.execute(
                "SELECT number FROM gk_portal_tracking WHERE number LIKE ? "
                "ORDER BY created_at DESC LIMIT ?",
                (prefix + "%", limit),
            ).fetchall()
        return [str(r[0]) for r in rows]

    def check(self, number: str, secret: str) -> bool:
        """Whether ``secret`` is the one issued for ``number`` (constant-time compare)."""
        if len(number) > 30 or len(secret) > 100:
            return False
        with self.backend.transaction() as cur:
            row = cur.execute(
                "SELECT secret_hash FROM gk_portal_tracking WHERE number = ?", (number,)
            ).fetchone()
        expected = "0" * 64 if row is None else str(row[0])
        return hmac.compare_digest(expected, _hash(secret)) and row is not None


def _rate_from_env() -> tuple[int, float]:
    text = os.environ.get(RATE_ENV, "")
    count, _, seconds = text.partition("/")
    try:
        return (int(count), float(seconds)) if text else DEFAULT_RATE
    except ValueError:
        return DEFAULT_RATE


class RateLimiter:
    """At most ``count`` events per client in any ``seconds``; in this process."""

    def __init__(self, count: int | None = None, seconds: float | None = None) -> None:
        default = _rate_from_env()
        self.count = default[0] if count is None else count
        self.seconds = default[1] if seconds is None else seconds
        self._lock = threading.Lock()
        self._seen: dict[str, deque[float]] = {}

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        with self._lock:
            if len(self._seen) > 10_000:  # forget idle clients rather than grow forever
                self._seen = {
                    k: v for k, v in self._seen.items() if v and v[-1] > now - self.seconds
                }
            times = self._seen.setdefault(client, deque())
            while times and times[0] <= now - self.seconds:
                times.popleft()
            if len(times) >= self.count:
                return False
            times.append(now)
            return True
