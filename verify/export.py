"""Offline verification of a ``gongkai-export/1`` file, streaming (flat memory).

Steps:
1. the header names the format and the log's origin;
2. every entry line passes ``LogVerifier`` (canonical form, key registry, signature,
   stream chain) in file order, which is log order;
3. the final line is a checkpoint signed by the trusted verifier key, of exactly as
   many entries as the file holds, whose root equals the root of those entries.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from verify._note import Checkpoint, Vkey, verify_checkpoint
from verify.errors import CheckpointMismatch, InputError, RootMismatch, WrongLog
from verify.log import LogVerifier

EXPORT_FORMAT = "gongkai-export/1"


@dataclass
class ExportReport:
    origin: str
    entries: int
    checkpoint: Checkpoint
    streams: int
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "valid": True,
            "origin": self.origin,
            "entries": self.entries,
            "tree_size": self.checkpoint.size,
            "root": self.checkpoint.root_hash.hex(),
            "streams": self.streams,
            "warnings": self.warnings,
        }


def _lines(handle: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    for number, line in enumerate(handle, start=1):
        if not line.endswith(b"\n"):
            raise InputError(f"line {number} is truncated (no newline at the end of the file)")
        yield number, line[:-1]


def _json_object(line: bytes, number: int) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        raise InputError(f"line {number} is not JSON") from None
    if not isinstance(value, dict):
        raise InputError(f"line {number} is not a JSON object")
    return value


def verify_export(
    path: Path, vkey: Vkey, progress: Callable[[int], None] | None = None
) -> ExportReport:
    """Verify an export file. Raises InputError (unreadable) or VerificationError."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    with handle:
        lines = _lines(handle)
        first = next(lines, None)
        if first is None:
            raise InputError("the export is empty")
        header = _json_object(first[1], 1)
        if header.get("format") != EXPORT_FORMAT or not isinstance(header.get("origin"), str):
            raise InputError(f"line 1 is not a {EXPORT_FORMAT} header")
        if header["origin"] != vkey.name:
            raise WrongLog(
                f"the export is of log {header['origin']!r}, the verifier key of {vkey.name!r}"
            )
        verifier = LogVerifier(origin=vkey.name)
        last: tuple[int, bytes] | None = None
        for number, line in lines:
            if last is not None:
                verifier.add(last[1])
                if progress and verifier.size % 50000 == 0:
                    progress(verifier.size)
            last = (number, line)
    if last is None:
        raise InputError("the export has no checkpoint line")
    tail = _json_object(last[1], last[0])
    if set(tail) != {"checkpoint"} or not isinstance(tail["checkpoint"], str):
        raise InputError(f"line {last[0]} should be the final checkpoint line")
    checkpoint = verify_checkpoint(tail["checkpoint"], vkey)
    if checkpoint.size != verifier.size:
        raise CheckpointMismatch(
            f"the checkpoint covers {checkpoint.size} entries, the export holds {verifier.size}",
            expected=checkpoint.size,
            actual=verifier.size,
        )
    root = verifier.root()
    if root != checkpoint.root_hash:
        raise RootMismatch(
            "the entries' Merkle root differs from the signed checkpoint's",
            expected=checkpoint.root_hash,
            calculated=root,
        )
    return ExportReport(
        vkey.name, verifier.size, checkpoint, len(verifier.heads), verifier.warnings
    )
