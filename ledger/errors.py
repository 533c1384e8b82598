"""Every ledger error, each with a stable ``code`` and its evidence.

Tests, the CLI and the API match on ``code``, never on the text. Evidence the caller
can act on is kept twice: as typed attributes (``ConcurrencyError.stream``) and in
``evidence`` (the mapping the API returns in a problem's ``evidence`` field).
"""

from __future__ import annotations

from verify.errors import VerificationError


class LedgerError(Exception):
    """Base of every ledger error."""

    code = "LEDGER_ERROR"

    def __init__(self, message: str, **evidence: object) -> None:
        super().__init__(message)
        self.message = message
        self.evidence = evidence


def _given(**evidence: object) -> dict[str, object]:
    """The typed evidence actually given (``None`` means not known, and is left out)."""
    return {name: value for name, value in evidence.items() if value is not None}


class ConcurrencyError(LedgerError):
    """The stream moved on: an entry with that sequence number already exists, or the
    aggregate is no longer at the version the caller read."""

    code = "CONCURRENT_APPEND"

    def __init__(
        self,
        message: str,
        *,
        stream: str | None = None,
        seq: int | None = None,
        expected: int | None = None,
        actual: int | None = None,
        **evidence: object,
    ) -> None:
        typed = _given(stream=stream, seq=seq, expected=expected, actual=actual)
        super().__init__(message, **typed, **evidence)
        self.stream, self.seq, self.expected, self.actual = stream, seq, expected, actual


class StreamNotFound(LedgerError):
    """A stream has no entry at the sequence number asked for."""

    code = "STREAM_NOT_FOUND"

    def __init__(self, message: str, *, stream: str | None = None, **evidence: object) -> None:
        super().__init__(message, **_given(stream=stream), **evidence)
        self.stream = stream


class NotInitialised(LedgerError):
    code = "LEDGER_NOT_INITIALISED"


class AlreadyInitialised(LedgerError):
    code = "LEDGER_ALREADY_INITIALISED"


class KeyRefused(LedgerError):
    """The acting officer's key may not sign this entry (unregistered, revoked, role);
    ``cause`` is the code of the registry check that refused it, if one did."""

    code = "KEY_REFUSED"

    def __init__(
        self,
        message: str,
        *,
        cause: str | None = None,
        actor: str | None = None,
        **evidence: object,
    ) -> None:
        super().__init__(message, **_given(cause=cause, actor=actor), **evidence)
        self.cause, self.actor = cause, actor


class KeyUnavailable(LedgerError):
    """A private key file is missing or cannot be decrypted."""

    code = "KEY_UNAVAILABLE"


class InvalidEvent(LedgerError):
    """An event's data cannot be sealed (not JSON, unknown type)."""

    code = "INVALID_EVENT"


class IntegrityFailure(LedgerError):
    """Stored entries failed a check while integrating or verifying."""

    code = "INTEGRITY_FAILURE"

    def __init__(self, message: str, *, log_index: int | None = None, **evidence: object) -> None:
        super().__init__(message, **_given(log_index=log_index), **evidence)
        self.log_index = log_index

    @classmethod
    def entry_altered(
        cls,
        stream: str,
        seq: int | None,
        why: str,
        *,
        log_index: int | None = None,
        expected: str | None = None,
        actual: str | None = None,
    ) -> IntegrityFailure:
        """A stored entry that fails a check: ``why`` says which (altered, gone,
        signature, chain), the message names the entry by log index, stream and seq."""
        where = f"entry {log_index} " if log_index is not None else "entry "
        named = f"(stream {stream})" if seq is None else f"(stream {stream}, seq {seq})"
        return cls(
            f"{where}{named} {why}; run gongkai verify",
            log_index=log_index,
            **_given(stream=stream, seq=seq, expected=expected, actual=actual),
        )

    @property
    def entry(self) -> tuple[int | None, str | None, int | None]:
        """(log index, stream, seq) of the entry named, as far as known."""
        seq = self.evidence.get("seq")
        stream = self.evidence.get("stream")
        return (
            self.log_index,
            None if stream is None else str(stream),
            seq if isinstance(seq, int) else None,
        )


class ProofUnavailable(LedgerError):
    """A proof was asked for sizes or indices the log does not have."""

    code = "PROOF_UNAVAILABLE"


class ConfigError(LedgerError):
    code = "CONFIG_ERROR"


class ContentError(LedgerError):
    """Document bytes or a document hash that the content store cannot take."""

    code = "CONTENT_INVALID"


class BundleError(LedgerError):
    """An evidence bundle cannot be written as asked."""

    code = "BUNDLE_INVALID"


class SelectionEmpty(BundleError):
    """No entry of the log matches the bundle's selection."""

    code = "SELECTION_EMPTY"


class DisclosureRefused(BundleError):
    """Sealed fields may be disclosed only by an inspector or the office head."""

    code = "DISCLOSURE_REFUSED"

    def __init__(self, message: str, *, actor: str | None = None, **evidence: object) -> None:
        super().__init__(message, **_given(actor=actor), **evidence)
        self.actor = actor


class LeafHashMismatch(VerificationError):
    """An entry's bytes no longer hash to the leaf hash the Merkle log recorded (a
    failed check, in the verifier's family, found on the ledger's own storage)."""

    code = "LEAF_HASH_MISMATCH"

    def __init__(self, message: str, *, expected: str, actual: str) -> None:
        super().__init__(message, expected=expected, actual=actual)
        self.expected, self.actual = expected, actual


class TilesConflict(LedgerError):
    """The tiles directory holds a full tile, bundle or checkpoint that differs from the
    log's: it belongs to another log, or was altered. Full tiles are never rewritten."""

    code = "TILES_CONFLICT"


class ReplicaUnavailable(LedgerError):
    """The read replica cannot be reached, or is not a replica (not in recovery)."""

    code = "REPLICA_UNAVAILABLE"
