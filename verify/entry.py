"""The ledger entry (DESIGN.md, "Ledger entry format — contract", version 1).

An entry is one domain event, sealed: a JCS envelope signed with Ed25519 under the
domain-separation prefix ``gongkai-entry:v1\\n``. Its leaf hash (RFC 9162 §2.1.1) is
its one identifier everywhere.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from verify.canonical import canonical_bytes
from verify.errors import CommitmentMismatch, InputError, NotCanonical, SignatureInvalid
from verify.hashes import is_sha256_hex

ENTRY_VERSION = 1
SIGNING_PREFIX = b"gongkai-entry:v1\n"
SEALED_ALGORITHM = "hmac-sha256"

_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
_SIG_MEMBER = b',"sig":"'


@dataclass(frozen=True, slots=True)
class Entry:
    """A signed, chained ledger entry, parsed and checked for shape."""

    v: int
    log: str
    stream: str
    seq: int
    type: str
    at: str
    actor: str
    key: str
    prev: str | None
    data: dict[str, Any]
    sig: str
    raw: bytes

    @classmethod
    def from_bytes(cls, raw: bytes) -> Entry:
        """Parse entry bytes, which must be the canonical (JCS) form.

        Raises InputError if the bytes are not a well-formed canonical entry.
        """
        try:
            obj = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(f"entry is not JSON: {exc}") from None
        except RecursionError:
            raise InputError("entry is not JSON: nested too deeply") from None
        entry = cls.from_json(obj)
        if entry.raw != raw:
            raise NotCanonical("entry bytes are not in canonical (RFC 8785) form")
        return entry

    @classmethod
    def from_json(cls, obj: Any, raw: bytes | None = None) -> Entry:
        """Build an entry from a parsed JSON object (``raw``: its known canonical bytes).

        Raises InputError if a field is missing or of the wrong type.
        """
        if not isinstance(obj, dict):
            raise InputError("entry is not a JSON object")
        expected = {"v", "log", "stream", "seq", "type", "at", "actor", "key", "prev", "data"}
        missing = (expected | {"sig"}) - obj.keys()
        extra = obj.keys() - expected - {"sig"}
        if missing or extra:
            raise InputError(
                f"entry fields wrong: missing {sorted(missing)}, extra {sorted(extra)}"
            )
        _check_envelope(obj)
        if not isinstance(obj["sig"], str):
            raise InputError("entry field 'sig' must be a string")
        return cls(
            v=obj["v"],
            log=obj["log"],
            stream=obj["stream"],
            seq=obj["seq"],
            type=obj["type"],
            at=obj["at"],
            actor=obj["actor"],
            key=obj["key"],
            prev=obj["prev"],
            data=obj["data"],
            sig=obj["sig"],
            raw=canonical_bytes(obj) if raw is None else raw,
        )

    def signed_bytes(self) -> bytes:
        """The bytes the signature covers: the prefix and JCS(envelope).

        JCS orders members by name, so JCS(envelope) is the entry bytes with the
        ``sig`` member cut out; no second canonicalisation is needed.
        """
        start = self.raw.rfind(_SIG_MEMBER)
        end = self.raw.index(b'"', start + len(_SIG_MEMBER))
        return SIGNING_PREFIX + self.raw[:start] + self.raw[end + 1 :]

    def leaf_hash(self) -> bytes:
        """SHA-256(0x00 ‖ entry bytes), RFC 9162 §2.1.1."""
        return hashlib.sha256(b"\x00" + self.raw).digest()

    def verify_signature(self, public_key: Ed25519PublicKey) -> None:
        """Check the Ed25519 signature over the signed bytes.

        Raises SignatureInvalid if it does not verify.
        """
        try:
            signature = base64.b64decode(self.sig, validate=True)
            public_key.verify(signature, self.signed_bytes())
        except (InvalidSignature, binascii.Error, ValueError):
            raise SignatureInvalid(
                f"signature of {self.type} (stream {self.stream}, seq {self.seq}) does not verify",
                stream=self.stream,
                seq=self.seq,
            ) from None

    def envelope(self) -> dict[str, Any]:
        return {
            "v": self.v,
            "log": self.log,
            "stream": self.stream,
            "seq": self.seq,
            "type": self.type,
            "at": self.at,
            "actor": self.actor,
            "key": self.key,
            "prev": self.prev,
            "data": self.data,
        }


def _check_envelope(obj: dict[str, Any]) -> None:
    if obj["v"] != ENTRY_VERSION or isinstance(obj["v"], bool):
        raise InputError(f"unsupported entry version {obj['v']!r}")
    for name in ("log", "stream", "type", "actor", "key"):
        if not isinstance(obj[name], str) or not obj[name]:
            raise InputError(f"entry field {name!r} must be a non-empty string")
    if not isinstance(obj["seq"], int) or isinstance(obj["seq"], bool) or obj["seq"] < 1:
        raise InputError("entry field 'seq' must be a positive integer")
    if not isinstance(obj["at"], str) or not _TIMESTAMP.match(obj["at"]):
        raise InputError("entry field 'at' must be an RFC 3339 UTC timestamp with microseconds")
    prev = obj["prev"]
    if prev is not None and not is_sha256_hex(prev):
        raise InputError("entry field 'prev' must be null or 64 lowercase hex digits")
    if not isinstance(obj["data"], dict):
        raise InputError("entry field 'data' must be an object")


def envelope_signed_bytes(envelope: dict[str, Any]) -> bytes:
    """Prefix ‖ JCS(envelope): what the signer signs."""
    return SIGNING_PREFIX + canonical_bytes(envelope)


def seal_commitment(value: Any, nonce: bytes) -> dict[str, str]:
    """The sealed form of a field value: HMAC-SHA256(nonce, JCS(value))."""
    digest = hmac.new(nonce, canonical_bytes(value), hashlib.sha256).hexdigest()
    return {"sealed": SEALED_ALGORITHM, "c": digest}


def check_disclosure(sealed: Any, value: Any, nonce: bytes) -> None:
    """Check that a disclosed value and nonce open a sealed field.

    Raises CommitmentMismatch if they do not.
    """
    if not is_sealed(sealed) or not hmac.compare_digest(
        seal_commitment(value, nonce)["c"], sealed["c"]
    ):
        raise CommitmentMismatch("disclosed value does not match its sealed commitment")


def is_sealed(value: Any) -> bool:
    """True if ``value`` is a sealed-field commitment object."""
    return (
        isinstance(value, dict)
        and value.keys() == {"sealed", "c"}
        and value["sealed"] == SEALED_ALGORITHM
        and isinstance(value["c"], str)
    )
