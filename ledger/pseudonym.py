"""Applicant pseudonyms: HMAC-SHA256 under a secret key kept with the signing keys.

Art. 42 fees (国办函〔2020〕109号) cumulate per applicant per natural month, so the
same applicant must be recognised across requests — without their identity being
stored in clear (PIPL; REFERENCE.md: "never hash personal data without a secret key or
nonce"). A pseudonym is ``HMAC-SHA256(key, identity)``; without the key nobody can test
a guessed name or ID number against it, as they could against a bare hash.

The key is 32 random bytes in ``<data>/keys/pseudonym.key`` (mode 0600), created at
first use. Keep it with the signing keys: back it up, share the same file with every
server process of the ledger, and never publish it. Losing it only means that later
requests get new pseudonyms (an applicant's monthly item count starts again);
disclosing it lets whoever holds it test guesses of identities against the
pseudonyms recorded in the ledger.

Usage::

    key = PseudonymKey.open(data_dir / "keys")
    key.pseudonym("id:110101199001011234")   # 64 hex characters
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from ledger.errors import KeyUnavailable

KEY_FILE = "pseudonym.key"
KEY_BYTES = 32


class PseudonymKey:
    """The ledger's pseudonym key (see the module docstring)."""

    __slots__ = ("_key",)

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise KeyUnavailable(f"a pseudonym key is {KEY_BYTES} bytes, not {len(key)}")
        self._key = key

    @classmethod
    def open(cls, directory: Path) -> PseudonymKey:
        """Read ``directory/pseudonym.key``, creating it (atomically) if absent.

        Raises KeyUnavailable if the file exists with the wrong length."""
        path = directory / KEY_FILE
        if not path.exists():
            _create(path)
        return cls(path.read_bytes())

    def pseudonym(self, identity: str) -> str:
        """HMAC-SHA256 of the normalised identity text, as 64 hex characters."""
        return hmac.new(self._key, identity.encode("utf-8"), hashlib.sha256).hexdigest()


def _create(path: Path) -> None:
    # Write a temporary file, then link it into place: two processes starting at once
    # both end up reading the one key that won, never a half-written file.
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{KEY_FILE}.{secrets.token_hex(8)}")
    try:
        descriptor = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secrets.token_bytes(KEY_BYTES))
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
