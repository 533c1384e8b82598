"""Ledger errors, each with a stable ``code``."""

from __future__ import annotations


class LedgerError(Exception):
    """Base of every ledger error."""

    code = "LEDGER_ERROR"

    def __init__(self, message: str, **evidence: object) -> None:
        super().__init__(message)
        self.message = message
        self.evidence = evidence


class ConcurrencyError(LedgerError):
    """The stream moved on: an entry with that sequence number already exists."""

    code = "CONCURRENT_APPEND"


class StreamNotFound(LedgerError):
    code = "STREAM_NOT_FOUND"


class NotInitialised(LedgerError):
    code = "LEDGER_NOT_INITIALISED"


class AlreadyInitialised(LedgerError):
    code = "LEDGER_ALREADY_INITIALISED"


class KeyRefused(LedgerError):
    """The acting officer's key may not sign this entry (unregistered, revoked, role)."""

    code = "KEY_REFUSED"


class KeyUnavailable(LedgerError):
    """A private key file is missing or cannot be decrypted."""

    code = "KEY_UNAVAILABLE"


class InvalidEvent(LedgerError):
    """An event's data cannot be sealed (not JSON, unknown type)."""

    code = "INVALID_EVENT"


class IntegrityFailure(LedgerError):
    """Stored entries failed a check while integrating or verifying."""

    code = "INTEGRITY_FAILURE"


class ProofUnavailable(LedgerError):
    """A proof was asked for sizes or indices the log does not have."""

    code = "PROOF_UNAVAILABLE"


class ConfigError(LedgerError):
    code = "CONFIG_ERROR"
