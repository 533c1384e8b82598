"""The witness's ``add-checkpoint`` (c2sp.org/tlog-witness): cosign a checkpoint only
once it is signed by a log this witness knows and proven consistent with the last one it
cosigned for that log; otherwise answer with the spec's status (and, for a wrong old size,
the size the witness knows).

The request body is ``old <size>\\n``, up to 63 base64 consistency proof hashes, one per
line, a blank line, then the signed checkpoint note.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import time
from dataclasses import dataclass
from typing import Final

from api.witness.config import Witness
from api.witness.state import Latest
from verify.cosignature import cosignature_line, cosigned_message
from verify.errors import InputError, SignatureInvalid, VerificationError, WrongLog
from verify.merkle import verify_consistency
from verify.note import Checkpoint, SignedNote, verify_checkpoint

SIZE_TYPE: Final = "text/x.tlog.size"
TEXT_TYPE: Final = "text/plain; charset=utf-8"
MAX_PROOF_LINES: Final = 63
MAX_BODY: Final = 64 * 1024
EMPTY_ROOT: Final = hashlib.sha256(b"").digest()
_OLD = re.compile(r"old (0|[1-9][0-9]{0,19})", re.ASCII)


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: str
    content_type: str = TEXT_TYPE


class Refused(Exception):
    def __init__(self, status: int, reason: str, body: str = "", content_type: str = "") -> None:
        super().__init__(reason)
        self.answer = Answer(status, body or f"{reason}\n", content_type or TEXT_TYPE)


@dataclass(frozen=True, slots=True)
class Submission:
    old_size: int
    proof: tuple[bytes, ...]
    note: str


def parse(body: bytes) -> Submission:
    """The submission in ``body``. Raises Refused(400) if it is not one."""
    if len(body) > MAX_BODY:
        raise Refused(400, f"request body over {MAX_BODY} bytes")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "request body is not UTF-8") from None
    head, blank, note = text.partition("\n\n")
    lines = head.split("\n")
    match = _OLD.fullmatch(lines[0])
    if not blank or match is None:
        raise Refused(400, "request does not start with 'old <size>' and a blank line")
    if len(lines) - 1 > MAX_PROOF_LINES:
        raise Refused(400, f"more than {MAX_PROOF_LINES} consistency proof lines")
    try:
        proof = tuple(base64.b64decode(line, validate=True) for line in lines[1:])
    except (binascii.Error, ValueError):
        raise Refused(400, "a consistency proof line is not base64") from None
    if any(len(h) != 32 for h in proof):
        raise Refused(400, "a consistency proof hash is not 32 bytes")
    return Submission(int(match.group(1)), proof, note)


def add_checkpoint(witness: Witness, body: bytes, now: float | None = None) -> Answer:
    """Answer one add-checkpoint request; refusals of a known, validly signed log are
    recorded in the witness's state."""
    try:
        submission = parse(body)
        checkpoint = _signed_checkpoint(witness, submission.note)
    except Refused as refused:
        return refused.answer
    timestamp = int(time.time() if now is None else now)
    try:
        return witness.state.advance(
            checkpoint.origin,
            lambda latest: _cosign(witness, submission, checkpoint, latest, timestamp),
        )
    except Refused as refused:
        witness.state.refuse(
            checkpoint.origin, refused.answer.status, str(refused), body.decode("utf-8")
        )
        return refused.answer


def _signed_checkpoint(witness: Witness, note: str) -> Checkpoint:
    try:
        origin = Checkpoint.from_body(SignedNote.from_text(note).body).origin
    except InputError as exc:
        raise Refused(400, f"not a signed checkpoint: {exc.message}") from None
    vkey = witness.logs.get(origin)
    if vkey is None:
        raise Refused(404, f"unknown log {origin!r}")
    try:
        return verify_checkpoint(note, vkey)
    except (SignatureInvalid, WrongLog) as exc:
        raise Refused(403, exc.message) from None
    except InputError as exc:
        raise Refused(400, exc.message) from None


def _cosign(
    witness: Witness, sub: Submission, checkpoint: Checkpoint, latest: Latest, timestamp: int
) -> tuple[int, bytes, str, Answer]:
    size, root = checkpoint.size, checkpoint.root_hash
    if sub.old_size > size:
        raise Refused(400, f"old size {sub.old_size} is larger than the checkpoint's {size}")
    if sub.old_size != latest.size:
        raise Refused(409, "old size is not the latest cosigned", f"{latest.size}\n", SIZE_TYPE)
    if size == 0 and root != EMPTY_ROOT:
        raise Refused(422, "a checkpoint of size 0 must have the empty tree's root")
    if sub.old_size == 0 and sub.proof:
        raise Refused(422, "a consistency proof from size 0 must be empty")
    if latest.root is not None:
        try:
            verify_consistency(latest.size, size, latest.root, root, sub.proof)
        except (VerificationError, InputError) as exc:
            raise Refused(422, f"not consistent with size {latest.size}: {exc.message}") from None
    body = SignedNote.from_text(sub.note).body
    signature = witness.private_key.sign(cosigned_message(body, timestamp))
    line = cosignature_line(witness.key, timestamp, signature)
    return size, root, sub.note + line, Answer(200, line)
