"""Officer accounts for the workbench: Argon2id password hashes (``argon2-cffi``), an
optional TOTP second factor (``pyotp``), lock-out after repeated failures, and a record
of every sign-in and failure for the admin.

An account belongs to an officer id (the sign-in name, e.g. ``officer-0002``); what the
officer may do is decided by the roles they hold at each command, exactly as for a
bearer token. Passwords and TOTP secrets never enter the ledger.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from api.errors import AccountError
from ledger.backend import Backend, Cursor, Row

MAX_FAILURES: Final = 5  # consecutive failures before the account locks
LOCK_MINUTES: Final = 15
MIN_PASSWORD: Final = 12
ISSUER: Final = "Gongkai 公开"

_TABLES = (
    "CREATE TABLE IF NOT EXISTS gk_accounts (officer TEXT PRIMARY KEY, "
    "password_hash TEXT NOT NULL, totp_secret TEXT, totp_last TEXT, "
    "failures INTEGER NOT NULL, locked_until TEXT, updated_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS gk_sign_ins (id TEXT PRIMARY KEY, at TEXT NOT NULL, "
    "officer TEXT NOT NULL, outcome TEXT NOT NULL, address TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS gk_sign_ins_at ON gk_sign_ins (at)",
)
# Outcomes of a sign-in attempt, as the admin's list shows them.
SIGNED_IN: Final = "signed_in"
BAD_PASSWORD: Final = "bad_password"
BAD_CODE: Final = "bad_totp_code"
LOCKED: Final = "locked"
NO_ACCOUNT: Final = "no_account"


@dataclass(frozen=True)
class AccountInfo:
    officer: str
    totp: bool
    failures: int
    locked_until: str | None
    updated_at: str


@dataclass(frozen=True)
class SignIn:
    at: str
    officer: str
    outcome: str
    address: str


class AccountStore:
    """Accounts, lock-out and the sign-in record, in the ledger's database."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.hasher = PasswordHasher()  # Argon2id with the library's current parameters
        self._dummy = self.hasher.hash(secrets.token_hex(16))
        with backend.ddl() as cur:
            for statement in _TABLES:
                cur.execute(statement)

    # --- admin actions ----------------------------------------------------------------

    def set_password(self, officer: str, password: str, now: datetime) -> None:
        """Create the account or replace its password; clears any lock-out.

        Raises AccountError(PASSWORD_WEAK) for a password under ``MIN_PASSWORD``."""
        if len(password) < MIN_PASSWORD:
            raise AccountError(
                f"a password has at least {MIN_PASSWORD} characters", code="PASSWORD_WEAK"
            )
        hashed = self.hasher.hash(password)
        with self.backend.transaction(write=True) as cur:
            if _row(cur, officer) is None:
                cur.execute(
                    "INSERT INTO gk_accounts (officer, password_hash, failures, updated_at) "
                    "VALUES (?, ?, 0, ?)",
                    (officer, hashed, now.isoformat()),
                )
            else:
                cur.execute(
                    "UPDATE gk_accounts SET password_hash = ?, failures = 0, "
                    "locked_until = NULL, updated_at = ? WHERE officer = ?",
                    (hashed, now.isoformat(), officer),
                )

    def reset(self, officer: str, now: datetime) -> str:
        """A new random password (shown once), TOTP removed and the lock-out cleared."""
        password = secrets.token_urlsafe(12)
        self.set_password(officer, password, now)
        with self.backend.transaction(write=True) as cur:
            cur.execute(
                "UPDATE gk_accounts SET totp_secret = NULL, totp_last = NULL WHERE officer = ?",
                (officer,),
            )
        return password

    def enrol_totp(self, officer: str, now: datetime) -> str:
        """A new TOTP secret for the account; returns its ``otpauth://`` URI (shown once)."""
        secret = pyotp.random_base32()
        with self.backend.transaction(write=True) as cur:
            cur.execute(
                "UPDATE gk_accounts SET totp_secret = ?, totp_last = NULL, updated_at = ? "
                "WHERE officer = ?",
                (secret, now.isoformat(), officer),
            )
            if _row(cur, officer) is None:
                raise AccountError(f"officer {officer} has no account yet", code="NO_ACCOUNT")
        return pyotp.TOTP(secret).provisioning_uri(name=officer, issuer_name=ISSUER)

    def accounts(self) -> list[AccountInfo]:
        with self.backend.transaction() as cur:
            rows = cur.execute(
                "SELECT officer, totp_secret IS NOT NULL, failures, locked_until, updated_at "
                "FROM gk_accounts ORDER BY officer"
            ).fetchall()
        return [AccountInfo(str(r[0]), bool(r[1]), int(r[2]), _opt(r[3]), str(r[4])) for r in rows]

    def sign_ins(self, limit: int = 100, officer: str | None = None) -> list[SignIn]:
        """The latest sign-ins and failures, newest first."""
        where, params = ("WHERE officer = ? ", [officer]) if officer else ("", [])
        with self.backend.transaction() as cur:
            rows = cur.execute(
                "SELECT at, officer, outcome, address FROM gk_sign_ins "
                f"{where}ORDER BY at DESC, id LIMIT ?",
                (*params, max(1, min(limit, 1000))),
            ).fetchall()
        return [SignIn(str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]

    # --- signing in -------------------------------------------------------------------

    def check(self, officer: str, password: str, code: str, now: datetime, address: str) -> str:
        """The outcome of one attempt (``SIGNED_IN`` or why not), recorded either way.

        A locked account is refused before its password is even checked; the fifth
        consecutive failure locks it for ``LOCK_MINUTES``."""
        with self.backend.transaction() as cur:
            row = _row(cur, officer)
        if row is None:
            self._verify(self._dummy, password)  # the same time as a real account
            outcome = NO_ACCOUNT
        elif row[3] is not None and str(row[3]) > now.isoformat():
            outcome = LOCKED
        elif not self._verify(str(row[0]), password):
            outcome = BAD_PASSWORD
        elif row[1] is not None and not self._code_ok(officer, str(row[1]), row[2], code, now):
            outcome = BAD_CODE
        else:
            outcome = SIGNED_IN
        self._record(officer, outcome, now, address, known=row is not None)
        return outcome

    def failures(self, officer: str) -> int:
        with self.backend.transaction() as cur:
            row = _row(cur, officer)
        return 0 if row is None else int(row[4])

    def _verify(self, hashed: str, password: str) -> bool:
        try:
            return self.hasher.verify(hashed, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def _code_ok(self, officer: str, secret: str, last: object, code: str, now: datetime) -> bool:
        """A current TOTP code, never the same one twice (a replayed code is refused).

        The code is claimed by one conditional update, so two sign-ins racing with the
        same code cannot both pass: only the one whose update changed the row does."""
        totp = pyotp.TOTP(secret)
        if not code.isdigit() or not totp.verify(code, for_time=now, valid_window=1):
            return False
        if last is not None and str(last).split(":")[1] == code:
            return False
        step = str(int(now.timestamp()) // totp.interval) + ":" + code
        with self.backend.transaction(write=True) as cur:
            claimed = cur.execute(
                "UPDATE gk_accounts SET totp_last = ? WHERE officer = ? "
                "AND (totp_last IS NULL OR totp_last NOT LIKE ?) RETURNING officer",
                (step, officer, "%:" + code),
            ).fetchone()
        return claimed is not None

    def _record(self, officer: str, outcome: str, now: datetime, address: str, known: bool) -> None:
        with self.backend.transaction(write=True) as cur:
            cur.execute(
                "INSERT INTO gk_sign_ins (id, at, officer, outcome, address) "
                "VALUES (?, ?, ?, ?, ?)",
                (uuid.uuid4().hex, now.isoformat(), officer[:80], outcome, address[:80]),
            )
            if not known or outcome == LOCKED:
                return
            if outcome == SIGNED_IN:
                cur.execute("UPDATE gk_accounts SET failures = 0 WHERE officer = ?", (officer,))
                return
            cur.execute(
                "UPDATE gk_accounts SET failures = failures + 1 WHERE officer = ?", (officer,)
            )
            until = (now + timedelta(minutes=LOCK_MINUTES)).isoformat()
            cur.execute(
                "UPDATE gk_accounts SET locked_until = ?, failures = 0 "
                "WHERE officer = ? AND failures >= ?",
                (until, officer, MAX_FAILURES),
            )


def _row(cur: Cursor, officer: str) -> Row | None:
    row = cur.execute(
        "SELECT password_hash, totp_secret, totp_last, locked_until, failures "
        "FROM gk_accounts WHERE officer = ?",
        (officer,),
    ).fetchone()
    return row


def _opt(value: object) -> str | None:
    return None if value is None else str(value)
