"""Harness: a signed checkpoint (C2SP signed note) as ``verify_checkpoint`` reads it,
and its body as ``Checkpoint.from_body`` does. Mode by the first byte: even, the text
is the input; odd, the input is written over a genuine note. Only ``VerifyError``."""

from __future__ import annotations

import contextlib

from tests.fuzz._world import splice, world
from verify.errors import VerifyError
from verify.note import Checkpoint, SignedNote, verify_checkpoint


def seeds() -> list[bytes]:
    return [b"\x00" + world().note.encode(), b"\x01\x00\x05abc"]


def TestOneInput(data: bytes) -> None:
    w = world()
    raw = data[1:] if not data or data[0] % 2 == 0 else splice(w.note.encode(), data[1:])
    text = raw.decode("utf-8", errors="replace")
    with contextlib.suppress(VerifyError):
        verify_checkpoint(text, w.vkey)
    with contextlib.suppress(VerifyError):
        Checkpoint.from_body(SignedNote.from_text(text).body)
