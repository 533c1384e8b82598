"""The key registry, replayed from ``Keyring`` entries (DESIGN.md, contract).

The root key declares itself; every later key is registered and revoked by entries
signed with the root key. Re-registering a known key id replaces its roles (how an
officer's change of roles reaches the registry). ``check`` answers, at one log
position, whether an entry's key may sign it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass, replace
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from verify.errors import (
    InputError,
    KeyHolderMismatch,
    KeyNotRegistered,
    KeyRevoked,
    RoleMissing,
    UnknownEventType,
    VerificationError,
)
from verify.roles import ANY, REQUIRED_ROLE, ROOT

ROOT_HOLDER = "root"


def key_id_of(public_key: bytes) -> str:
    """Hex of the first 8 bytes of SHA-256(raw 32-byte public key)."""
    return hashlib.sha256(public_key).digest()[:8].hex()


@dataclass(frozen=True, slots=True)
class RegisteredKey:
    key_id: str
    holder: str
    public_key: Ed25519PublicKey
    roles: frozenset[str]
    purpose: str
    revoked: bool = False


def _public_key(data: dict[str, Any]) -> tuple[bytes, Ed25519PublicKey]:
    try:
        raw = base64.b64decode(data["public_key"], validate=True)
        return raw, Ed25519PublicKey.from_public_bytes(raw)
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise InputError("keyring entry has no valid Ed25519 public_key") from None


class KeyRegistry:
    """Key registry state at one log position."""

    def __init__(self) -> None:
        self.root: RegisteredKey | None = None
        self.keys: dict[str, RegisteredKey] = {}

    def check(self, entry_type: str, actor: str, key_id: str) -> RegisteredKey:
        """Return the key that may sign an entry of this type by this actor.

        Raises KeyNotRegistered, KeyRevoked, KeyHolderMismatch, RoleMissing or
        UnknownEventType.
        """
        role = REQUIRED_ROLE.get(entry_type)
        if role is None:
            raise UnknownEventType(f"unknown entry type {entry_type!r}", type=entry_type)
        if entry_type == "Keyring.RootDeclared":
            raise VerificationError("RootDeclared is checked by declare_root, not check")
        key = self.keys.get(key_id)
        if key is None:
            raise KeyNotRegistered(f"key {key_id} is not registered", key=key_id)
        if key.revoked:
            raise KeyRevoked(f"key {key_id} was revoked", key=key_id)
        if key.holder != actor:
            raise KeyHolderMismatch(
                f"key {key_id} is held by {key.holder}, not by {actor}",
                key=key_id,
                holder=key.holder,
                actor=actor,
            )
        if role == ROOT:
            if self.root is None or key.key_id != self.root.key_id:
                raise RoleMissing(f"{entry_type} must be signed by the root key", key=key_id)
        elif role != ANY and role not in key.roles:
            raise RoleMissing(
                f"key {key_id} of {actor} lacks the role {role!r} needed for {entry_type}",
                key=key_id,
                role=role,
            )
        return key

    def declare_root(self, actor: str, key_id: str, data: dict[str, Any]) -> RegisteredKey:
        """Check and apply a ``Keyring.RootDeclared`` entry (self-signed).

        Raises VerificationError if a root exists or the declaration is inconsistent.
        """
        raw, public_key = _public_key(data)
        if self.root is not None:
            raise VerificationError("a root key was already declared")
        if actor != ROOT_HOLDER or data.get("key_id") != key_id or key_id_of(raw) != key_id:
            raise VerificationError("RootDeclared must be self-signed by the declared key")
        root = RegisteredKey(key_id, ROOT_HOLDER, public_key, frozenset(), "root")
        self.root = root
        self.keys[key_id] = root
        return root

    def apply(self, entry_type: str, data: dict[str, Any]) -> None:
        """Apply a checked Keyring.KeyRegistered or Keyring.KeyRevoked entry.

        Raises InputError if its data are malformed.
        """
        key_id = data.get("key_id")
        if not isinstance(key_id, str):
            raise InputError(f"{entry_type} has no key_id")
        if entry_type == "Keyring.KeyRegistered":
            raw, public_key = _public_key(data)
            roles, holder = data.get("roles"), data.get("holder")
            if key_id_of(raw) != key_id or not isinstance(holder, str) or holder == ROOT_HOLDER:
                raise InputError(f"KeyRegistered for {key_id} is inconsistent")
            if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
                raise InputError(f"KeyRegistered for {key_id} has malformed roles")
            known = self.keys.get(key_id)
            if known is not None and (known.revoked or known.holder != holder):
                raise InputError(f"key {key_id} cannot be registered again")
            self.keys[key_id] = RegisteredKey(
                key_id, holder, public_key, frozenset(roles), str(data.get("purpose", ""))
            )
        elif entry_type == "Keyring.KeyRevoked":
            known = self.keys.get(key_id)
            if known is None or known is self.root:
                raise InputError(f"KeyRevoked names unknown or root key {key_id}")
            self.keys[key_id] = replace(known, revoked=True)

    def active_key_of(self, holder: str) -> RegisteredKey | None:
        """The holder's most recently registered unrevoked key, if any."""
        found = None
        for key in self.keys.values():
            if key.holder == holder and not key.revoked:
                found = key
        return found
