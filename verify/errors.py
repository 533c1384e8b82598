"""Errors of the offline verifier.

Two families, kept apart on purpose (as a court needs to know which it is):

- ``InputError``: the input could not be read or is not of the expected form
  (exit status 2 in the CLI).
- ``VerificationError``: the input was read, and a check failed (exit status 1).

Every error has a stable ``code`` that tests and callers match on, never the text.
"""

from __future__ import annotations


class VerifyError(Exception):
    """Base of every error raised by ``verify``."""

    code = "VERIFY_ERROR"

    def __init__(self, message: str, **evidence: object) -> None:
        super().__init__(message)
        self.message = message
        self.evidence = evidence


class InputError(VerifyError):
    """The input is unreadable or malformed."""

    code = "MALFORMED_INPUT"


class VerificationError(VerifyError):
    """A check failed: the material does not prove what it claims."""

    code = "VERIFICATION_FAILED"


class SignatureInvalid(VerificationError):
    code = "SIGNATURE_INVALID"


class RootMismatch(VerificationError):
    """A computed Merkle root differs from the expected one."""

    code = "ROOT_MISMATCH"

    def __init__(self, message: str, *, expected: bytes, calculated: bytes) -> None:
        super().__init__(message, expected=expected.hex(), calculated=calculated.hex())
        self.expected = expected
        self.calculated = calculated


class ProofInvalid(VerificationError):
    """A proof has the wrong shape for its indices (length, ranges)."""

    code = "PROOF_INVALID"


class ChainBroken(VerificationError):
    code = "CHAIN_BROKEN"


class SequenceGap(VerificationError):
    code = "SEQUENCE_GAP"


class KeyNotRegistered(VerificationError):
    code = "KEY_NOT_REGISTERED"


class KeyRevoked(VerificationError):
    code = "KEY_REVOKED"


class KeyHolderMismatch(VerificationError):
    code = "KEY_NOT_HELD_BY_ACTOR"


class RoleMissing(VerificationError):
    code = "ROLE_MISSING"


class WrongLog(VerificationError):
    """An entry or checkpoint belongs to another log (origin differs)."""

    code = "WRONG_LOG"


class CheckpointMismatch(VerificationError):
    code = "CHECKPOINT_MISMATCH"


class CommitmentMismatch(VerificationError):
    """A disclosed sealed value does not match its commitment."""

    code = "COMMITMENT_MISMATCH"


class ContentMismatch(VerificationError):
    code = "CONTENT_MISMATCH"


class UnknownEventType(VerificationError):
    code = "UNKNOWN_EVENT_TYPE"


class NotCanonical(VerificationError):
    code = "NOT_CANONICAL"
