"""Errors of the offline verifier.

Two families, kept apart on purpose (as a court needs to know which it is):

- ``InputError``: the input could not be read or is not of the expected form
  (exit status 2 in the CLI).
- ``VerificationError``: the input was read, and a check failed (exit status 1).

Every error has a stable ``code`` that tests and callers match on, never the text,
and carries its evidence (``evidence``, and typed attributes where callers use them:
``RootMismatch.expected``, ``EntryRejected.log_index``). ``EntryRejected`` and
``MemberRejected`` name where a check failed (a log index, a bag member and line)
and take the code of the check itself. Every verify error is defined here.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from verify.entry import Entry


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


class QuorumNotMet(VerificationError):
    """Fewer valid witness cosignatures than the policy's quorum (a split view is not
    ruled out)."""

    code = "QUORUM_NOT_MET"


class SplitView(VerificationError):
    """Two checkpoints signed by the log's key that cannot both be true: one size, two
    roots, or a later tree that does not extend an earlier one."""

    code = "SPLIT_VIEW"


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


# Input errors of one source ------------------------------------------------------


class RemoteNotFound(InputError):
    """HTTP 404: for a document, an empty listing; for anything else, unreadable."""


# Failed checks of one entry of a log --------------------------------------------


class EntryRejected(VerificationError):
    """One entry failed a check; names it and carries the failed check's code."""

    def __init__(
        self,
        cause: VerificationError | InputError,
        log_index: int,
        entry: Entry | None,
        raw: bytes | None = None,
    ) -> None:
        names = _names(entry, raw)
        where = f"entry #{log_index}"
        if names:
            label = {"stream": "stream ", "seq": "seq ", "type": ""}
            where += " (" + ", ".join(label[k] + str(v) for k, v in names.items()) + ")"
        super().__init__(f"{where}: {cause.message}")
        self.evidence = {**cause.evidence, "log_index": log_index, **names}
        self.code = cause.code
        self.cause = cause
        self.log_index = log_index
        self.stream: str | None = names.get("stream")
        self.seq: int | None = names.get("seq")
        self.type: str | None = names.get("type")


def _names(entry: Entry | None, raw: bytes | None) -> dict[str, Any]:
    """Stream, seq and type of the entry; read leniently when it did not parse."""
    if entry is not None:
        return {"stream": entry.stream, "seq": entry.seq, "type": entry.type}
    try:
        obj = json.loads(raw or b"")
    except (ValueError, UnicodeDecodeError, RecursionError):
        return {}
    if not isinstance(obj, dict):
        return {}
    wanted = {"stream": str, "seq": int, "type": str}
    return {k: obj[k] for k, kind in wanted.items() if isinstance(obj.get(k), kind)}


# Failed checks of an evidence bundle (a BagIt zip) ------------------------------


class BundleSignatureInvalid(SignatureInvalid):
    """The tag manifest is unsigned, or its signature is not by the verifier key."""

    code = "BUNDLE_SIGNATURE_INVALID"


class MemberRejected(VerificationError):
    """A check failed on one line of one bag member; carries the check's code."""

    def __init__(self, cause: VerificationError | InputError, member: str, line: int | None):
        where = member if line is None else f"{member} line {line}"
        super().__init__(f"{where}: {cause.message}", member=member, line=line, **cause.evidence)
        self.code = cause.code
        self.cause = cause
        self.member = member
        self.line = line


class LeafMismatch(VerificationError):
    code = "LEAF_MISMATCH"


class ProofMissing(VerificationError):
    code = "PROOF_MISSING"


class LogOrderInvalid(VerificationError):
    code = "LOG_ORDER_INVALID"


class RegistryIncomplete(VerificationError):
    code = "REGISTRY_INCOMPLETE"


class SelectionMismatch(VerificationError):
    code = "SELECTION_MISMATCH"


class DisclosureInvalid(VerificationError):
    code = "DISCLOSURE_INVALID"


class ContentMissing(VerificationError):
    code = "CONTENT_MISSING"


class ContentUncited(VerificationError):
    code = "CONTENT_UNCITED"


class BagFileMissing(VerificationError):
    code = "BAG_FILE_MISSING"


class BagChecksumMismatch(VerificationError):
    code = "BAG_CHECKSUM_MISMATCH"


class BagUnlistedFile(VerificationError):
    code = "BAG_UNLISTED_FILE"


class BagOxumMismatch(VerificationError):
    code = "BAG_OXUM_MISMATCH"


# What a monitor alarms on besides SplitView (``gongkai-verify monitor``) ----------


class HistoryRewritten(VerificationError):
    """A newer checkpoint is not an extension of one seen before (no consistency)."""

    code = "HISTORY_REWRITTEN"


class LogRolledBack(VerificationError):
    """The log now shows fewer entries than a checkpoint seen before."""

    code = "LOG_ROLLED_BACK"
