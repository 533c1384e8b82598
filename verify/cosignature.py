"""Witness cosignatures (c2sp.org/tlog-cosignature, Ed25519 ``cosignature/v1``) and the
policy a verifier applies: at least K valid cosignatures from the witnesses it trusts.

A cosignature is a note signature line on the log's checkpoint, by a witness key:

    — <witness name> base64(key ID ‖ u64 big-endian timestamp ‖ Ed25519 signature)

The key ID is ``SHA-256(<name> ‖ "\\n" ‖ 0x04 ‖ public key)[:4]``; the signed message is
``cosignature/v1\\ntime <timestamp>\\n`` followed by the checkpoint's note body. A
witness's verifier key is published as ``<name>+<hex key ID>+<base64(0x04 ‖ public key)>``.

    policy = WitnessPolicy((WitnessKey.from_text(a), WitnessKey.from_text(b)), quorum=2)
    names = policy.check(note_text)   # raises QuorumNotMet, naming who is missing
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from verify.errors import InputError, QuorumNotMet
from verify.note import NoteSignature, SignedNote, Vkey, _b64decode, signature_line

COSIGNATURE_TYPE = b"\x04"
HEADER = "cosignature/v1"
_MAX_TIMESTAMP = 2**63 - 1


def cosigned_message(note_body: str, timestamp: int) -> bytes:
    """The bytes a witness signs for ``note_body`` (the checkpoint text) at ``timestamp``."""
    if not 0 <= timestamp <= _MAX_TIMESTAMP:
        raise InputError(f"cosignature timestamp {timestamp} is out of range")
    return f"{HEADER}\ntime {timestamp}\n{note_body}".encode()


def key_id(name: str, public_key: bytes) -> bytes:
    """The 4-byte key ID of an Ed25519 cosigner key under ``name``."""
    return hashlib.sha256(name.encode("utf-8") + b"\n" + COSIGNATURE_TYPE + public_key).digest()[:4]


@dataclass(frozen=True, slots=True)
class WitnessKey:
    """A witness's Ed25519 cosigning key: name, key ID and raw public key."""

    name: str
    key_id: bytes
    public_key: bytes

    def __post_init__(self) -> None:
        Vkey.for_key(self.name, self.public_key)  # the same name and key checks
        if self.key_id != key_id(self.name, self.public_key):
            raise InputError("witness key ID does not match its name and key")

    @classmethod
    def for_key(cls, name: str, public_key: bytes) -> WitnessKey:
        return cls(name, key_id(name, public_key), public_key)

    @classmethod
    def from_text(cls, text: str) -> WitnessKey:
        """Parse ``<name>+<8 hex key ID>+<base64(0x04 ‖ public key)>``. Raises InputError."""
        parts = text.strip().split("+", 2)
        if len(parts) != 3 or len(parts[1]) != 8:
            raise InputError("witness key is not of the form <name>+<key ID>+<key>")
        name, id_hex, key_b64 = parts
        try:
            identifier = bytes.fromhex(id_hex)
        except ValueError:
            raise InputError("witness key ID is not hex") from None
        key = _b64decode(key_b64, "witness key")
        if key[:1] != COSIGNATURE_TYPE or len(key) != 33:
            raise InputError("witness key is not an Ed25519 cosignature (type 0x04) key")
        return cls(name, identifier, key[1:])

    def to_text(self) -> str:
        key = base64.b64encode(COSIGNATURE_TYPE + self.public_key).decode("ascii")
        return f"{self.name}+{self.key_id.hex()}+{key}"

    def matches(self, signature: NoteSignature) -> bool:
        return signature.name == self.name and signature.key_hash == self.key_id

    def verify(self, note_body: str, signature: NoteSignature) -> int:
        """The cosignature's timestamp, once its signature verifies over ``note_body``.
        Raises InputError (malformed) or SignatureInvalid-like InputError."""
        blob = signature.signature
        if len(blob) != 8 + 64:
            raise InputError(f"cosignature by {self.name} is not a timestamp and a signature")
        timestamp = int.from_bytes(blob[:8], "big")
        message = cosigned_message(note_body, timestamp)
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(blob[8:], message)
        except InvalidSignature:
            raise InputError(f"cosignature by {self.name} does not verify") from None
        return timestamp


def cosignature_line(key: WitnessKey, timestamp: int, signature: bytes) -> str:
    """The note signature line of a cosignature (with its newline)."""
    return signature_line(key.name, key.key_id, timestamp.to_bytes(8, "big") + signature)


@dataclass(frozen=True, slots=True)
class WitnessPolicy:
    """Trusted witnesses and how many of them must have cosigned (the quorum)."""

    witnesses: tuple[WitnessKey, ...]
    quorum: int

    def __post_init__(self) -> None:
        if not 0 <= self.quorum <= len(self.witnesses):
            raise InputError(
                f"a quorum of {self.quorum} needs at least {self.quorum} witness keys; "
                f"{len(self.witnesses)} given"
            )
        if len({w.name for w in self.witnesses}) != len(self.witnesses):
            raise InputError("two witness keys share one name")

    @classmethod
    def from_texts(cls, keys: Sequence[str], quorum: int | None) -> WitnessPolicy:
        """The policy of ``--witness`` keys and ``--quorum`` (default: all of them)."""
        witnesses = tuple(WitnessKey.from_text(text) for text in keys)
        return cls(witnesses, len(witnesses) if quorum is None else quorum)

    def cosigners(self, note_text: str) -> dict[str, int]:
        """The trusted witnesses whose cosignature on the note verifies, with the
        timestamps; lines by other keys are ignored, as the spec requires."""
        note = SignedNote.from_text(note_text)
        valid: dict[str, int] = {}
        for witness in self.witnesses:
            for line in note.signatures:
                if witness.matches(line):
                    try:
                        valid[witness.name] = witness.verify(note.body, line)
                    except InputError:
                        continue
        return valid

    def check(self, note_text: str) -> dict[str, int]:
        """The cosigners, if at least ``quorum``. Raises QuorumNotMet naming who is missing."""
        valid = self.cosigners(note_text)
        if len(valid) < self.quorum:
            missing = sorted(w.name for w in self.witnesses if w.name not in valid)
            raise QuorumNotMet(
                f"the checkpoint carries {len(valid)} valid cosignature(s) of the "
                f"{self.quorum} required; none valid from: {', '.join(missing)}",
                required=self.quorum,
                valid=sorted(valid),
                missing=missing,
            )
        return valid
