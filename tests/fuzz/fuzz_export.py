"""Harness: ``gongkai-verify export`` on a mutated export file (JSON lines).

Mode by the first byte: even, the bytes are the whole file; odd, they are written over
one line of a genuine export (chosen by the second byte). Only the verifier's own
errors (``VerifyError``) may come out."""

from __future__ import annotations

import contextlib

from tests.fuzz._world import splice, world
from verify.errors import VerifyError
from verify.export import verify_export


def seeds() -> list[bytes]:
    return [b"\x00" + world().export, b"\x01\x02\x00\x10" + b'{"x":1}']


def TestOneInput(data: bytes) -> None:
    w = world()
    if not data or data[0] % 2 == 0:
        content = data[1:]
    else:
        lines = w.export.split(b"\n")
        which = (data[1] if len(data) > 1 else 0) % len(lines)
        lines[which] = splice(lines[which], data[2:])
        content = b"\n".join(lines)
    path = w.work / "fuzz-export.jsonl"
    path.write_bytes(content)
    with contextlib.suppress(VerifyError):
        verify_export(path, w.vkey)
