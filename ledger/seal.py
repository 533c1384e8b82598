"""Sealing: one domain event becomes one signed, chained entry.

This is the only place entries are made. Sealed fields are replaced by commitments
here, so a clear value never reaches the entry.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.errors import InvalidEvent
from ledger.events import NewEvent, Sealed
from verify.canonical import canonical_bytes
from verify.entry import ENTRY_VERSION, SIGNING_PREFIX, Entry, seal_commitment
from verify.errors import InputError

_STREAM_MEMBER = b',"stream":"'


@dataclass(frozen=True, slots=True)
class VaultRow:
    """A sealed value and its nonce: kept apart from the entry, erasable."""

    commitment: str
    value_json: str
    nonce_hex: str
    stream: str
    field: str


def format_timestamp(at: datetime) -> str:
    """UTC RFC 3339 with microseconds and ``Z``, as the contract fixes it."""
    if at.tzinfo is None:
        raise InvalidEvent("entry time must be timezone-aware")
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


_PLAIN = (str, int, bool, type(None))


def _seal_values(value: Any, path: str, stream: str, vault: list[VaultRow]) -> Any:
    kind = type(value)
    if kind in _PLAIN:  # the common case first: this runs on every field of every entry
        return value
    if kind is dict:
        return {k: _seal_values(v, f"{path}.{k}", stream, vault) for k, v in value.items()}
    if isinstance(value, Sealed):
        nonce = os.urandom(32)
        sealed = seal_commitment(value.value, nonce)
        vault.append(
            VaultRow(
                sealed["c"],
                json.dumps(value.value, ensure_ascii=False, sort_keys=True),
                nonce.hex(),
                stream,
                path,
            )
        )
        return sealed
    if isinstance(value, Mapping):
        return {k: _seal_values(v, f"{path}.{k}", stream, vault) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_seal_values(v, f"{path}[{i}]", stream, vault) for i, v in enumerate(value)]
    return value


def seal_event(
    event: NewEvent,
    *,
    origin: str,
    stream: str,
    seq: int,
    prev: str | None,
    actor: str,
    key_id: str,
    private_key: Ed25519PrivateKey,
    at: str,
) -> tuple[Entry, list[VaultRow]]:
    """Make the signed entry for ``event``. Raises InvalidEvent for non-JSON data."""
    vault: list[VaultRow] = []
    data = _seal_values(event.data, "data", stream, vault)
    envelope = {
        "v": ENTRY_VERSION,
        "log": origin,
        "stream": stream,
        "seq": seq,
        "type": event.type,
        "at": at,
        "actor": actor,
        "key": key_id,
        "prev": prev,
        "data": data,
    }
    try:
        envelope_bytes = canonical_bytes(envelope)
    except InputError as exc:
        raise InvalidEvent(f"{event.type}: {exc.message}") from None
    sig = base64.b64encode(private_key.sign(SIGNING_PREFIX + envelope_bytes))
    # JCS orders members by name: "sig" sits right before "stream".
    cut = envelope_bytes.rfind(_STREAM_MEMBER)
    raw = envelope_bytes[:cut] + b',"sig":"' + sig + b'"' + envelope_bytes[cut:]
    entry = Entry(
        v=ENTRY_VERSION,
        log=origin,
        stream=stream,
        seq=seq,
        type=event.type,
        at=at,
        actor=actor,
        key=key_id,
        prev=prev,
        data=data,
        sig=sig.decode("ascii"),
        raw=raw,
    )
    return entry, vault
