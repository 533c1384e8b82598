"""C2SP signed notes and checkpoints (c2sp.org/signed-note, c2sp.org/tlog-checkpoint).

A checkpoint is the note text ``<origin>\\n<tree size>\\n<base64 root hash>\\n`` (then any
extension lines), followed by a blank line and one or more signature lines
``— <key name> <base64(4-byte key hash ‖ signature)>``. The log signs with Ed25519
(signature type 0x01); its verifier key is published as ``<name>+<hex key hash>+<base64(0x01
‖ public key)>``, the form the Go ``golang.org/x/mod/sumdb/note`` package reads.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from verify.errors import InputError, SignatureInvalid, WrongLog

ED25519_TYPE = b"\x01"
SIGNATURE_PREFIX = "\u2014 "  # EM DASH, SPACE
MAX_SIGNATURES = 100  # the spec asks for at least 16

_KEY_HASH_HEX = re.compile(r"[0-9a-fA-F]{8}")
_TREE_SIZE = re.compile(r"0|[1-9][0-9]{0,19}", re.ASCII)
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f]")
_MAX_TREE_SIZE = 2**64 - 1


@dataclass(frozen=True, slots=True)
class Vkey:
    """A signed-note Ed25519 verifier key: name, 4-byte key hash and raw public key."""

    name: str
    key_hash: bytes
    public_key: bytes

    def __post_init__(self) -> None:
        _check_key_name(self.name)
        if len(self.public_key) != 32:
            raise InputError(f"Ed25519 public key is {len(self.public_key)} bytes, expected 32")
        expected = _ed25519_key_hash(self.name, self.public_key)
        if self.key_hash != expected:
            raise InputError(
                "verifier key hash does not match its name and key",
                expected=expected.hex(),
                actual=self.key_hash.hex(),
            )

    @classmethod
    def for_key(cls, name: str, public_key: bytes) -> Vkey:
        """Return the verifier key of an Ed25519 public key under a key name.

        Raises InputError if the name is not a valid key name or the key is not 32 bytes.
        """
        _check_key_name(name)
        return cls(name, _ed25519_key_hash(name, public_key), public_key)

    @classmethod
    def from_text(cls, text: str) -> Vkey:
        """Parse ``<name>+<8 hex key hash>+<base64(0x01 ‖ public key)>``.

        Raises InputError if the text is malformed, the key is not Ed25519, or the key
        hash does not match the name and key.
        """
        # The name and the hex hash hold no "+", but base64 may: split at the first two.
        parts = text.split("+", 2)
        if len(parts) != 3 or not _KEY_HASH_HEX.fullmatch(parts[1]):
            raise InputError("verifier key is not of the form <name>+<key hash>+<key>")
        name, hash_hex, key_b64 = parts
        key = _b64decode(key_b64, "verifier key")
        if key[:1] != ED25519_TYPE or len(key) != 33:
            raise InputError("verifier key is not an Ed25519 (type 0x01) key")
        return cls(name, bytes.fromhex(hash_hex), key[1:])

    def to_text(self) -> str:
        """Return the verifier key text. Raises nothing."""
        key = base64.b64encode(ED25519_TYPE + self.public_key).decode("ascii")
        return f"{self.name}+{self.key_hash.hex()}+{key}"

    def verify(self, message: bytes, signature: bytes) -> None:
        """Check an Ed25519 signature by this key over message.

        Raises SignatureInvalid if it does not verify.
        """
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, message)
        except InvalidSignature:
            raise SignatureInvalid(
                f"signature by {self.name} does not verify", key=self.to_text()
            ) from None


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A tlog-checkpoint note text: origin, tree size, root hash, extension lines."""

    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for line in (self.origin, *self.extensions):
            _check_text(line, "checkpoint line")
            if not line or "\n" in line:
                raise InputError("checkpoint lines must be non-empty single lines")
        if isinstance(self.size, bool) or not 0 <= self.size <= _MAX_TREE_SIZE:
            raise InputError(f"checkpoint tree size {self.size!r} is out of range")
        if len(self.root_hash) != 32:
            raise InputError(f"checkpoint root hash is {len(self.root_hash)} bytes, expected 32")

    def body(self) -> str:
        """Return the note text, every line ending in a newline. Raises nothing."""
        root = base64.b64encode(self.root_hash).decode("ascii")
        return "".join(
            f"{line}\n" for line in (self.origin, str(self.size), root, *self.extensions)
        )

    @classmethod
    def from_body(cls, text: str) -> Checkpoint:
        """Parse a checkpoint note text strictly (tlog-checkpoint "Note text").

        Raises InputError if a line is missing or empty, the text does not end in a
        newline, the size is not canonical decimal, or the root is not 32 bytes of base64.
        """
        if not text.endswith("\n"):
            raise InputError("checkpoint text does not end with a newline")
        lines = text[:-1].split("\n")
        if len(lines) < 3:
            raise InputError("checkpoint has fewer than three lines")
        origin, size, root, *extensions = lines
        if not _TREE_SIZE.fullmatch(size):
            raise InputError(f"checkpoint tree size {size!r} is not canonical decimal")
        root_hash = _b64decode(root, "checkpoint root hash")
        return cls(origin, int(size), root_hash, tuple(extensions))


@dataclass(frozen=True, slots=True)
class NoteSignature:
    """One signature line of a note: key name, 4-byte key hash, signature bytes."""

    name: str
    key_hash: bytes
    signature: bytes

    def __post_init__(self) -> None:
        _check_key_name(self.name)
        if len(self.key_hash) != 4 or not self.signature:
            raise InputError("note signature must be a 4-byte key hash and a signature")

    def to_line(self) -> str:
        """Return the signature line. Raises nothing."""
        return signature_line(self.name, self.key_hash, self.signature)


@dataclass(frozen=True, slots=True)
class SignedNote:
    """A signed note: its text (ending in a newline) and its signatures."""

    body: str
    signatures: tuple[NoteSignature, ...]

    def __post_init__(self) -> None:
        _check_text(self.body, "note text")
        if not self.body.endswith("\n"):
            raise InputError("note text must end with a newline")
        if not 1 <= len(self.signatures) <= MAX_SIGNATURES:
            raise InputError(f"a note needs 1 to {MAX_SIGNATURES} signatures")

    @classmethod
    def from_text(cls, text: str) -> SignedNote:
        """Parse a signed note: the text is separated from the signatures by the last blank line.

        Raises InputError if the note is malformed (no blank line, a bad signature line,
        control characters, no signatures).
        """
        _check_text(text, "note")
        split = text.rfind("\n\n")
        if split < 0:
            raise InputError("note has no blank line before its signatures")
        body, sig_text = text[: split + 1], text[split + 2 :]
        if not sig_text.endswith("\n"):
            raise InputError("note does not end with a signature line")
        lines = sig_text[:-1].split("\n")
        if len(lines) > MAX_SIGNATURES:
            raise InputError(f"note has more than {MAX_SIGNATURES} signatures")
        return cls(body, tuple(parse_signature_line(line) for line in lines))

    def to_text(self) -> str:
        """Return the note as text: body, blank line, signature lines. Raises nothing."""
        return self.body + "\n" + "".join(s.to_line() for s in self.signatures)


def signature_line(name: str, key_hash: bytes, signature: bytes) -> str:
    """Return ``— <name> <base64(key_hash ‖ signature)>`` and a newline. Raises nothing."""
    return f"{SIGNATURE_PREFIX}{name} {base64.b64encode(key_hash + signature).decode('ascii')}\n"


def verify_checkpoint(note_text: str, vkey: Vkey) -> Checkpoint:
    """Verify a checkpoint signed by vkey and return it (signed-note "Signatures").

    Raises InputError (malformed note or checkpoint), SignatureInvalid (no signature by
    vkey, or one that does not verify), WrongLog (the origin is not the key's name).
    """
    # 1. Parse the note; signatures by other keys are ignored, as the spec requires.
    note = SignedNote.from_text(note_text)
    known = [s for s in note.signatures if s.name == vkey.name and s.key_hash == vkey.key_hash]
    if not known:
        raise SignatureInvalid(f"checkpoint is not signed by {vkey.name}", key=vkey.to_text())
    # 2. Every signature by the key must verify (the spec: reject the whole note).
    message = note.body.encode("utf-8")
    for sig in known:
        vkey.verify(message, sig.signature)
    # 3. Only now read the text, and check that it belongs to this log.
    checkpoint = Checkpoint.from_body(note.body)
    if checkpoint.origin != vkey.name:
        raise WrongLog(
            f"checkpoint is for {checkpoint.origin!r}, not {vkey.name!r}",
            expected=vkey.name,
            actual=checkpoint.origin,
        )
    return checkpoint


def parse_signature_line(line: str) -> NoteSignature:
    if not line.startswith(SIGNATURE_PREFIX):
        raise InputError("note signature line does not start with an em dash and a space")
    parts = line[len(SIGNATURE_PREFIX) :].split(" ")
    if len(parts) != 2:
        raise InputError("note signature line is not '— <name> <signature>'")
    name, sig_b64 = parts
    blob = _b64decode(sig_b64, "note signature")
    if len(blob) < 5:
        raise InputError("note signature is too short")
    return NoteSignature(name, blob[:4], blob[4:])


def _ed25519_key_hash(name: str, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode("utf-8") + b"\n" + ED25519_TYPE + public_key).digest()[:4]


def _check_key_name(name: str) -> None:
    # signed-note "Format": non-empty, no Unicode spaces, no plus.
    _check_text(name, "key name")
    if not name or "+" in name or any(c.isspace() for c in name):
        raise InputError(f"{name!r} is not a valid key name")


def _check_text(text: str, what: str) -> None:
    # signed-note "Format": valid UTF-8, no ASCII control characters but newline.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(f"{what} is not valid UTF-8") from None
    if _CONTROL.search(text):
        raise InputError(f"{what} holds control characters other than newline")


def _b64decode(text: str, what: str) -> bytes:
    """Decode standard base64 strictly: padded, canonical, nothing else."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise InputError(f"{what} is not valid base64") from None
    if base64.b64encode(raw).decode("ascii") != text:
        raise InputError(f"{what} is not canonical base64")
    return raw
