"""Harness: a verifier key as ``Vkey.from_text`` reads it (``--vkey``, the checkpoint
page). Mode by the first byte: even, the text is the input; odd, the input is written
over a genuine key. Only ``VerifyError`` may come out."""

from __future__ import annotations

from tests.fuzz._world import splice, world
from verify.errors import VerifyError
from verify.note import Vkey


def seeds() -> list[bytes]:
    return [b"\x00" + world().vkey_text.encode(), b"\x01\x00\x03+"]


def TestOneInput(data: bytes) -> None:
    w = world()
    raw = data[1:] if not data or data[0] % 2 == 0 else splice(w.vkey_text.encode(), data[1:])
    try:
        key = Vkey.from_text(raw.decode("utf-8", errors="replace"))
    except VerifyError:
        return
    assert Vkey.from_text(key.to_text()) == key  # what parses, round-trips
