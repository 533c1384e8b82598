"""The platform registry: which agencies the platform hosts, and the supervising
office's bearer tokens. A small SQLite file under ``DATA/platform/`` (stdlib only);
it holds no agency data, only where each agency's own ledger lives.

Isolation is by construction: each agency is a separate ledger, in its own PostgreSQL
schema ``agency_<slug>`` (the platform's ``GONGKAI_DATABASE_URL`` with ``?schema=``) or
its own SQLite file, with its own data directory ``DATA/agencies/<slug>/`` (keys,
content). Nothing opened for one agency holds a connection to another's tables.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlparse, urlunparse

from ledger.errors import LedgerError

SLUG = re.compile(r"[a-z][a-z0-9_]{1,40}")
KINDS = ("department", "local-government")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS agencies (
    slug TEXT PRIMARY KEY, origin TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    kind TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, retired_at TEXT);
CREATE TABLE IF NOT EXISTS supervisor_tokens (
    token_hash TEXT PRIMARY KEY, name TEXT NOT NULL, expires_at TEXT NOT NULL,
    revoked_at TEXT);
"""


class PlatformError(LedgerError):
    """A platform registry operation refused (unknown, duplicate or invalid agency)."""

    code = "PLATFORM_INVALID"


@dataclass(frozen=True)
class Agency:
    slug: str
    origin: str
    name: str
    kind: str
    status: str
    created_at: str
    retired_at: str | None

    @property
    def retired(self) -> bool:
        return self.status == "retired"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Registry:
    """The registry file of the platform whose data directory is ``data``."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.path = data / "platform" / "registry.db"

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path)) as conn, conn:
            conn.executescript(_SCHEMA)
            yield conn

    def agency_dir(self, slug: str) -> Path:
        return self.data / "agencies" / slug

    def add(self, slug: str, origin: str, name: str, kind: str, at: datetime) -> Agency:
        if not SLUG.fullmatch(slug):
            raise PlatformError(f"invalid slug {slug!r}: a-z, 0-9, _ (2–41, a letter first)")
        if kind not in KINDS:
            raise PlatformError(f"invalid kind {kind!r}: one of {', '.join(KINDS)}")
        with self._db() as db:
            try:
                db.execute(
                    "INSERT INTO agencies VALUES (?, ?, ?, ?, 'active', ?, NULL)",
                    (slug, origin, name, kind, at.isoformat()),
                )
            except sqlite3.IntegrityError:
                raise PlatformError(f"an agency {slug!r} or origin {origin!r} exists") from None
        return self.get(slug)

    def remove(self, slug: str) -> None:
        """Forget an agency whose creation failed (never one that was served)."""
        with self._db() as db:
            db.execute("DELETE FROM agencies WHERE slug = ?", (slug,))

    def list(self) -> list[Agency]:
        with self._db() as db:
            rows = db.execute("SELECT * FROM agencies ORDER BY slug").fetchall()
        return [Agency(*row) for row in rows]

    def get(self, slug: str) -> Agency:
        with self._db() as db:
            row = db.execute("SELECT * FROM agencies WHERE slug = ?", (slug,)).fetchone()
        if row is None:
            raise PlatformError(f"no agency {slug!r} on this platform")
        return Agency(*row)

    def retire(self, slug: str, at: datetime) -> Agency:
        self.get(slug)
        with self._db() as db:
            db.execute(
                "UPDATE agencies SET status = 'retired', retired_at = ? "
                "WHERE slug = ? AND status = 'active'",
                (at.isoformat(), slug),
            )
        return self.get(slug)

    def issue_supervisor_token(self, name: str, days: int, at: datetime) -> str:
        token = "gks_" + secrets.token_urlsafe(32)
        expires = (at + timedelta(days=days)).isoformat()
        with self._db() as db:
            db.execute(
                "INSERT INTO supervisor_tokens VALUES (?, ?, ?, NULL)",
                (_hash(token), name, expires),
            )
        return token

    def supervisor(self, token: str, at: datetime) -> str | None:
        """The supervising officer's name for a valid token, else None."""
        with self._db() as db:
            row = db.execute(
                "SELECT name FROM supervisor_tokens WHERE token_hash = ? "
                "AND revoked_at IS NULL AND expires_at > ?",
                (_hash(token), at.isoformat()),
            ).fetchone()
        return None if row is None else str(row[0])


def agency_database_url(platform_url: str | None, registry: Registry, slug: str) -> str:
    """The agency's own database: the platform's PostgreSQL URL with the agency's
    schema (and a pool of one kept-open connection), or a SQLite file in the agency's
    own directory."""
    if platform_url and platform_url.startswith(("postgresql://", "postgres://")):
        parts = urlparse(platform_url)
        query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("schema", "pool_size")]
        # one connection kept open per agency (more on demand, up to 13): a platform of
        # N agencies holds N idle connections, not 4N, under max_connections
        query += [("schema", f"agency_{slug}"), ("pool_size", "1")]
        return urlunparse(parts._replace(query=urlencode(query)))
    return f"sqlite:///{registry.agency_dir(slug) / 'ledger.db'}"
