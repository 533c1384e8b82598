"""Harness: ``gongkai-verify bundle`` on a mutated evidence bundle (a BagIt zip).

Mode by the first byte: even, the bytes are the zip itself; odd, one member of a
genuine bundle (chosen by the second byte) is overwritten in place and, when bit 1 is
set, the bag is sealed again with the log key, so the mutation reaches the checks
behind the signature. Only ``VerifyError`` may come out."""

from __future__ import annotations

import contextlib

from tests.fuzz._world import splice, world
from tests.support.bundles import read_members, reseal, write_members
from verify.bundle import verify_bundle
from verify.errors import VerifyError


def seeds() -> list[bytes]:
    return [b"\x00" + world().bundle, b"\x03\x05\x00\x20" + b'{"index":0}', b"\x01\x00"]


def TestOneInput(data: bytes) -> None:
    w = world()
    path = w.work / "fuzz-bundle.zip"
    if not data or data[0] % 2 == 0:
        path.write_bytes(data[1:])
    else:
        source = w.work / "bundle.zip"
        base, members = read_members(source)
        names = sorted(members)
        name = names[(data[1] if len(data) > 1 else 0) % len(names)]
        members[name] = splice(members[name], data[2:])
        if data[0] & 2:
            # (unless the mutated bag-info no longer parses)
            with contextlib.suppress(KeyError, ValueError, VerifyError):
                members = reseal(members, w.log_key)
        write_members(path, base, members)
    with contextlib.suppress(VerifyError):
        verify_bundle(path, w.vkey)
