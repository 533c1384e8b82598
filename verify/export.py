"""Offline verification of a ``gongkai-export/1`` file, streaming (flat memory).

Steps:
0. every line is canonical JSON (RFC 8785), so no byte of the file is left unchecked;
1. the header names the format, the log's origin and the trusted verifier key;
2. every entry line passes ``LogVerifier`` (canonical form, key registry, signature,
   stream chain) in file order, which is log order; with ``jobs`` > 1 the signatures
   are checked in worker processes (``verify._parallel``) with the same outcome;
3. the final line is a checkpoint signed by the trusted verifier key, of exactly as
   many entries as the file holds, whose root equals the root of those entries.

Memory stays flat in the number of entries: one line at a time, the tree frontier, and
one head per stream (see ``verify.log``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from verify._parallel import ParallelSignatures
from verify.canonical import canonical_bytes
from verify.entry import Entry
from verify.errors import (
    CheckpointMismatch,
    InputError,
    NotCanonical,
    RootMismatch,
    VerifyError,
    WrongLog,
)
from verify.log import LogVerifier
from verify.note import Checkpoint, Vkey, verify_checkpoint

EXPORT_FORMAT = "gongkai-export/1"
MAX_LINE_BYTES = 16 << 20  # far above any entry; bounds memory on a hostile file
PROGRESS_EVERY = 50_000


@dataclass
class ExportReport:
    origin: str
    entries: int
    checkpoint: Checkpoint
    streams: int
    warnings: list[str] = field(default_factory=list)
    note: str = ""

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
    for number, line in enumerate(iter(lambda: handle.readline(MAX_LINE_BYTES + 1), b""), 1):
        if len(line) > MAX_LINE_BYTES:
            raise InputError(f"line {number} is longer than {MAX_LINE_BYTES} bytes")
        if not line.endswith(b"\n"):
            raise InputError(f"line {number} is truncated (no newline at the end of the file)")
        yield number, line[:-1]


def _json_object(line: bytes, number: int) -> dict[str, Any]:
    """The line's object; like entries, it must be canonical, so no byte is free."""
    try:
        value = json.loads(line)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise InputError(f"line {number} is not JSON") from None
    if not isinstance(value, dict):
        raise InputError(f"line {number} is not a JSON object")
    if canonical_bytes(value) != line:
        raise NotCanonical(f"line {number} is not in canonical (RFC 8785) form")
    return value


def verify_export(
    path: Path,
    vkey: Vkey,
    progress: Callable[[int], None] | None = None,
    *,
    jobs: int = 1,
    observe: Callable[[int, Entry], None] | None = None,
) -> ExportReport:
    """Verify an export file, checking signatures in ``jobs`` processes.

    ``observe(log_index, entry)`` sees every entry once its form, key and chain have
    passed (its signature may still be pending until this function returns).
    Raises InputError (unreadable, or not an export) or VerificationError (a check
    failed; ``EntryRejected`` names the first bad entry, whatever ``jobs`` is).
    """
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    with handle, ParallelSignatures(jobs) as signatures:
        lines = _lines(handle)
        _check_header(next(lines, None), vkey)
        verifier = LogVerifier(origin=vkey.name, defer=signatures.defer if jobs > 1 else None)
        try:
            last = _add_entries(lines, verifier, progress, observe)
        except Exception:
            signatures.settle()  # a bad signature earlier in the log is reported first
            raise
        signatures.settle()
    note, checkpoint = _check_checkpoint(last, vkey, verifier)
    heads = len(verifier.heads)
    return ExportReport(vkey.name, verifier.size, checkpoint, heads, verifier.warnings, note)


def _check_header(first: tuple[int, bytes] | None, vkey: Vkey) -> None:
    if first is None:
        raise InputError("the export is empty")
    header = _json_object(first[1], 1)
    if header.get("format") != EXPORT_FORMAT or set(header) != {"format", "origin", "vkey"}:
        raise InputError(f"line 1 is not a {EXPORT_FORMAT} header")
    if header["origin"] != vkey.name:
        raise WrongLog(
            f"the export is of log {header['origin']!r}, the verifier key of {vkey.name!r}",
            expected=vkey.name,
            actual=header["origin"],
        )
    if header["vkey"] != vkey.to_text():
        raise WrongLog(
            "the export names another verifier key than the trusted one",
            expected=vkey.to_text(),
            actual=header["vkey"],
        )


def _add_entries(
    lines: Iterator[tuple[int, bytes]],
    verifier: LogVerifier,
    progress: Callable[[int], None] | None,
    observe: Callable[[int, Entry], None] | None,
) -> tuple[int, bytes] | None:
    """Feed every line but the last to the verifier; return the last one."""
    last: tuple[int, bytes] | None = None
    for number, line in lines:
        if last is not None:
            entry = verifier.add(last[1])
            if observe is not None:
                observe(verifier.size - 1, entry)
            if progress is not None and verifier.size % PROGRESS_EVERY == 0:
                progress(verifier.size)
        last = (number, line)
    return last


def _check_checkpoint(
    last: tuple[int, bytes] | None, vkey: Vkey, verifier: LogVerifier
) -> tuple[str, Checkpoint]:
    if last is None:
        raise InputError("the export has no checkpoint line")
    tail = _json_object(last[1], last[0])
    if set(tail) != {"checkpoint"} or not isinstance(tail["checkpoint"], str):
        raise InputError(f"line {last[0]} should be the final checkpoint line")
    try:
        checkpoint = verify_checkpoint(tail["checkpoint"], vkey)
    except VerifyError as exc:
        exc.message = f"the checkpoint (line {last[0]}): {exc.message}"
        raise
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
    return tail["checkpoint"], checkpoint
