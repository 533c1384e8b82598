"""Harness: witness cosignatures (``gongkai-verify --witness KEY --quorum K``): a
witness key as ``WitnessKey.from_text`` reads it, and a cosigned checkpoint as
``WitnessPolicy.check`` reads it. Mode by the first byte: even, the input is the key
text; odd, it is written over a genuine checkpoint cosigned by a genuine witness. Only
``VerifyError`` may come out, and a note that passes is cosigned by that witness."""

from __future__ import annotations

import contextlib
from functools import cache

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.fuzz._world import splice, world
from verify.cosignature import WitnessKey, WitnessPolicy, cosignature_line, cosigned_message
from verify.errors import VerifyError
from verify.note import SignedNote

TIMESTAMP = 1_767_225_600


@cache
def _witness() -> tuple[WitnessKey, str]:
    private = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    key = WitnessKey.for_key("witness.fuzz.example", private.public_key().public_bytes_raw())
    note = world().note
    body = SignedNote.from_text(note).body
    signature = private.sign(cosigned_message(body, TIMESTAMP))
    return key, note + cosignature_line(key, TIMESTAMP, signature)


def seeds() -> list[bytes]:
    key, cosigned = _witness()
    return [b"\x00" + key.to_text().encode(), b"\x01" + cosigned.encode(), b"\x01\x00\x00+"]


def TestOneInput(data: bytes) -> None:
    key, cosigned = _witness()
    if not data or data[0] % 2 == 0:
        with contextlib.suppress(VerifyError):
            parsed = WitnessKey.from_text(data[1:].decode("utf-8", errors="replace"))
            assert WitnessKey.from_text(parsed.to_text()) == parsed
        return
    text = splice(cosigned.encode(), data[1:]).decode("utf-8", errors="replace")
    with contextlib.suppress(VerifyError):
        assert WitnessPolicy((key,), 1).check(text) == {key.name: TIMESTAMP}
