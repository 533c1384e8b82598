"""The tables a backup holds, in one place, and how their rows are named.

A backup copies what cannot be recomputed: the entries (the library's stored-events
table), the Merkle log (leaves, nodes, signed checkpoints and the witnesses'
cosignatures of them), the ledger's metadata, the vault of personal data behind
commitments, officers' token hashes and sign-in accounts (with the record of sign-ins),
online applicants' tracking-secret hashes and (on PostgreSQL) the content blobs. Read
models (``pj_*`` tables and ``gk_positions``) are rebuilt from the entries after a
restore, and sessions end there, so neither is copied.

A backup is a SQLite file of the SQLite backend's layout: the events table is
``stored_events`` (stream ids as 32 hex digits, the notification id as ``rowid``) and
every ``gk_*`` table has the same name and columns on both backends. The file names
itself in ``gk_backup`` (never restored).
"""

from __future__ import annotations

from uuid import UUID

BACKUP_FORMAT = "gongkai-backup/1"
BACKUP_EVENTS = "stored_events"  # the events table of a backup file (SQLite layout)
BACKUP_INFO_DDL = "CREATE TABLE IF NOT EXISTS gk_backup (name TEXT PRIMARY KEY, value TEXT)"

# Ledger tables (``Backend.create_tables``), then those the services create when they
# open: name -> (columns in backup order, DDL for a backup file that lacks it).
LEDGER_TABLES: dict[str, tuple[str, ...]] = {
    "gk_meta": ("name", "value"),
    "gk_leaves": ("idx", "notification_id", "stream", "seq", "type", "actor", "at", "leaf_hash"),
    "gk_nodes": ("level", "idx", "hash"),
    "gk_checkpoints": ("tree_size", "root", "note", "created_at"),
    "gk_cosignatures": ("tree_size", "witness", "line", "received_at"),
    "gk_vault": ("commitment", "value", "nonce", "stream", "field"),
}
SERVICE_TABLES: dict[str, tuple[tuple[str, ...], str]] = {
    "gk_tokens": (
        ("token_hash", "officer", "created_at", "expires_at", "revoked_at"),
        "token_hash TEXT PRIMARY KEY, officer TEXT NOT NULL, created_at TEXT NOT NULL, "
        "expires_at TEXT NOT NULL, revoked_at TEXT",
    ),
    "gk_content": (
        ("sha256", "data", "size"),
        "sha256 TEXT PRIMARY KEY, data BYTEA NOT NULL, size BIGINT NOT NULL",
    ),
    "gk_accounts": (  # officers' sign-in: password hashes and TOTP secrets
        (
            "officer",
            "password_hash",
            "totp_secret",
            "totp_last",
            "failures",
            "locked_until",
            "updated_at",
        ),
        "officer TEXT PRIMARY KEY, password_hash TEXT NOT NULL, totp_secret TEXT, "
        "totp_last TEXT, failures INTEGER NOT NULL, locked_until TEXT, updated_at TEXT NOT NULL",
    ),
    "gk_sign_ins": (  # the record of sign-in attempts
        ("id", "at", "officer", "outcome", "address"),
        "id TEXT PRIMARY KEY, at TEXT NOT NULL, officer TEXT NOT NULL, outcome TEXT NOT NULL, "
        "address TEXT NOT NULL",
    ),
    "gk_portal_tracking": (  # online applicants' tracking secrets (hashes): not derivable
        ("number", "secret_hash", "fingerprint", "created_at"),
        "number TEXT PRIMARY KEY, secret_hash TEXT NOT NULL, fingerprint TEXT NOT NULL, "
        "created_at TEXT NOT NULL",
    ),
}
EVENT_COLUMNS = ("originator_id", "originator_version", "topic", "state")
# Never backed up: read-model positions are rebuilt; sessions end at a restore (officers
# sign in again); the private applicant index is rebuilt from the ledger and the vault
# (gongkai restore rebuilds it, after re-applying erasures); workbench forms' one-day
# claims against a double post are worth nothing after a restore.
DERIVED_TABLES = ("gk_positions", "gk_sessions", "gk_applicants", "gk_form_submissions")


def columns_of(table: str) -> tuple[str, ...]:
    """The columns a backup copies of ``table`` (a ``gk_*`` table named above)."""
    if table in LEDGER_TABLES:
        return LEDGER_TABLES[table]
    return SERVICE_TABLES[table][0]


def backed_up_tables() -> tuple[str, ...]:
    """Every ``gk_*`` table a backup holds, ledger tables first."""
    return (*LEDGER_TABLES, *SERVICE_TABLES)


def stream_text(value: object) -> str:
    """A stream id as the ledger names it (dashed UUID), from either backend's column."""
    return str(value if isinstance(value, UUID) else UUID(str(value)))
