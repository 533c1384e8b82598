"""The evidence bundle's checks after the bag itself is trusted (steps 6-10 of
``verify.bundle``): proven entries, the key registry, chains, selection, disclosures
and content files. Every failure names the bag member and line it concerns."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from verify.bundle_format import (
    CONTENT_DIR,
    DISCLOSED,
    Disclosure,
    Selection,
    cited_hashes,
    sealed_paths,
)
from verify.entry import Entry, check_disclosure
from verify.errors import (
    ChainBroken,
    CommitmentMismatch,
    ContentMismatch,
    ContentMissing,
    ContentUncited,
    DisclosureInvalid,
    InputError,
    LeafMismatch,
    LogOrderInvalid,
    MemberRejected,
    ProofInvalid,
    ProofMissing,
    RegistryIncomplete,
    RootMismatch,
    SelectionMismatch,
    SequenceGap,
    VerificationError,
    WrongLog,
)
from verify.merkle import verify_inclusion
from verify.note import Checkpoint
from verify.proofs import InclusionProof
from verify.registry import KeyRegistry


@dataclass(frozen=True, slots=True)
class Proven:
    """An entry with its log index, proven included in the bundle's checkpoint."""

    index: int
    entry: Entry
    leaf: str
    member: str
    line: int


@contextmanager
def checking(member: str, line: int | None = None) -> Iterator[None]:
    """Re-raise any failed check inside the block as MemberRejected(member, line).

    Raises MemberRejected.
    """
    try:
        yield
    except MemberRejected:
        raise
    except (VerificationError, InputError) as exc:
        raise MemberRejected(exc, member, line) from None
    except RecursionError:
        raise MemberRejected(InputError("JSON nested too deeply"), member, line) from None


def json_lines(data: bytes, member: str) -> list[bytes]:
    """The lines of a JSON Lines member. Raises MemberRejected if the last is unterminated."""
    if not data:
        return []
    if not data.endswith(b"\n"):
        raise MemberRejected(InputError("the last line has no newline"), member, None)
    return data[:-1].split(b"\n")


def _json(raw: bytes) -> object:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise InputError("not JSON") from None


def load_proven(
    files: Mapping[str, bytes], members: tuple[str, str], checkpoint: Checkpoint
) -> list[Proven]:
    """Step 6: parse entries and proofs, check each inclusion and the log order.

    Raises MemberRejected, ProofMissing or LogOrderInvalid.
    """
    member, proofs_member = members
    lines = json_lines(files.get(member, b""), member)
    proofs = json_lines(files.get(proofs_member, b""), proofs_member)
    if len(lines) != len(proofs):
        raise ProofMissing(
            f"{member} has {len(lines)} lines but {proofs_member} has {len(proofs)}",
            member=member,
        )
    result: list[Proven] = []
    for number, (raw, proof_raw) in enumerate(zip(lines, proofs, strict=True), start=1):
        with checking(member, number):
            entry = Entry.from_bytes(raw)
            if entry.log != checkpoint.origin:
                raise WrongLog(f"the entry belongs to log {entry.log!r}", actual=entry.log)
        with checking(proofs_member, number):
            index = _check_inclusion(checkpoint, InclusionProof.from_json(_json(proof_raw)), entry)
        if result and index <= result[-1].index:
            raise MemberRejected(
                LogOrderInvalid(f"log index {index} does not follow {result[-1].index}"),
                member,
                number,
            )
        result.append(Proven(index, entry, entry.leaf_hash().hex(), member, number))
    return result


def _check_inclusion(checkpoint: Checkpoint, proof: InclusionProof, entry: Entry) -> int:
    leaf = entry.leaf_hash()
    if proof.leaf_hash != leaf.hex():
        raise LeafMismatch(
            "the proof is for another entry than the line beside it",
            expected=proof.leaf_hash,
            actual=leaf.hex(),
        )
    if proof.tree_size != checkpoint.size:
        raise ProofInvalid(f"the proof is for tree size {proof.tree_size}, not {checkpoint.size}")
    hashes = [bytes.fromhex(h) for h in proof.hashes]
    try:
        verify_inclusion(proof.index, checkpoint.size, leaf, hashes, checkpoint.root_hash)
    except RootMismatch as exc:
        raise RootMismatch(
            f"the entry is not at log index {proof.index} of the checkpoint's tree "
            "(altered, spliced from elsewhere, or a forged proof)",
            expected=exc.expected,
            calculated=exc.calculated,
        ) from None
    return proof.index


def check_keyring_chain(keyring: Sequence[Proven]) -> None:
    """Step 7a: the keyring is its stream's unbroken chain from RootDeclared at index 0.

    Raises RegistryIncomplete, SequenceGap or ChainBroken (as MemberRejected).
    """
    if not keyring or keyring[0].index != 0 or keyring[0].entry.type != "Keyring.RootDeclared":
        raise RegistryIncomplete("the keyring does not start with RootDeclared at log index 0")
    stream = keyring[0].entry.stream
    for number, item in enumerate(keyring, start=1):
        with checking(item.member, item.line):
            if item.entry.stream != stream or not item.entry.type.startswith("Keyring."):
                raise RegistryIncomplete("a keyring line is not an entry of the keyring stream")
            if item.entry.seq != number:
                raise SequenceGap(
                    f"keyring entry seq {item.entry.seq} where {number} was due: "
                    "a key registry entry is missing",
                    expected=number,
                    actual=item.entry.seq,
                )
    check_chains(keyring)


def check_signers(keyring: Sequence[Proven], entries: Sequence[Proven]) -> None:
    """Step 7b: replay the registry in log order; check each entry's key where it stands.

    Raises MemberRejected (key not registered, revoked, not held, role missing,
    signature invalid) or RegistryIncomplete.
    """
    registry = KeyRegistry()
    pending = list(reversed(keyring))
    on_keyring = {k.index for k in keyring}
    for item in entries:
        while pending and pending[-1].index < item.index:
            _apply(registry, pending.pop())
        if item.entry.type.startswith("Keyring."):
            if item.index not in on_keyring:
                raise MemberRejected(
                    RegistryIncomplete("a selected keyring entry is not in the keyring"),
                    item.member,
                    item.line,
                )
            continue
        with checking(item.member, item.line):
            key = registry.check(item.entry.type, item.entry.actor, item.entry.key)
            item.entry.verify_signature(key.public_key)
    while pending:
        _apply(registry, pending.pop())


def _apply(registry: KeyRegistry, item: Proven) -> None:
    entry = item.entry
    with checking(item.member, item.line):
        if entry.type == "Keyring.RootDeclared":
            key = registry.declare_root(entry.actor, entry.key, entry.data)
        else:
            key = registry.check(entry.type, entry.actor, entry.key)
        entry.verify_signature(key.public_key)
        if entry.type != "Keyring.RootDeclared":
            registry.apply(entry.type, entry.data)


def check_chains(entries: Sequence[Proven]) -> None:
    """Step 8a: in each stream, seq grows with the log index, and consecutive entries
    are linked by ``prev``. Raises MemberRejected (SequenceGap, ChainBroken)."""
    streams: dict[str, list[Proven]] = {}
    for item in entries:
        streams.setdefault(item.entry.stream, []).append(item)
    for items in streams.values():
        first = items[0]
        if first.entry.seq == 1 and first.entry.prev is not None:
            with checking(first.member, first.line):
                raise ChainBroken("the first entry of a stream must have prev null")
        for before, after in pairwise(items):
            with checking(after.member, after.line):
                _check_link(before, after)


def _check_link(before: Proven, after: Proven) -> None:
    if after.entry.seq <= before.entry.seq:
        raise SequenceGap(
            f"seq {after.entry.seq} is logged after seq {before.entry.seq} of its stream",
            expected=before.entry.seq + 1,
            actual=after.entry.seq,
        )
    if after.entry.seq == before.entry.seq + 1 and after.entry.prev != before.leaf:
        raise ChainBroken(
            f"prev is {after.entry.prev}, but seq {before.entry.seq}'s leaf hash is {before.leaf}",
            expected=before.leaf,
            actual=after.entry.prev,
        )


def check_selection(selection: Selection, entries: Sequence[Proven]) -> None:
    """Step 8b: the entries are what bag-info says was selected; a stream or a request
    is complete from seq 1. Raises SelectionMismatch or SequenceGap (as MemberRejected)."""
    if not entries:
        raise SelectionMismatch("the bundle holds no entries")
    for item in entries:
        with checking(item.member, item.line):
            _check_selected(selection, item.entry, entries[0].entry.stream)
    if selection.kind == "officer":
        return
    for number, item in enumerate(entries, start=1):
        if item.entry.seq != number:
            with checking(item.member, item.line):
                raise SequenceGap(
                    f"seq {item.entry.seq} where {number} was due: the {selection.kind} "
                    "is not complete",
                    expected=number,
                    actual=item.entry.seq,
                )
    received = entries[0]
    if selection.kind == "request" and (
        received.entry.type != "DisclosureRequest.Received"
        or received.entry.data.get("number") != selection.value
    ):
        with checking(received.member, received.line):
            raise SelectionMismatch(f"this is not the Received entry of request {selection.value}")


def _check_selected(selection: Selection, entry: Entry, first_stream: str) -> None:
    if selection.kind == "stream" and entry.stream != selection.value:
        raise SelectionMismatch(f"the entry is of stream {entry.stream}, not {selection.value}")
    if selection.kind == "request" and entry.stream != first_stream:
        raise SelectionMismatch("the entries of a request must all be of one stream")
    if selection.kind == "officer" and (
        entry.actor != selection.value or not selection.covers(entry.at)
    ):
        raise SelectionMismatch(
            f"the entry by {entry.actor} at {entry.at} is outside {selection.to_text()}"
        )


def check_disclosures(files: Mapping[str, bytes], entries: Sequence[Proven]) -> int:
    """Step 9: each disclosed value and nonce open the sealed field they name.

    Raises MemberRejected (DisclosureInvalid, CommitmentMismatch, malformed record).
    """
    raw = files.get(DISCLOSED)
    if raw is None:
        return 0
    with checking(DISCLOSED):
        records = _json(raw)
        if not isinstance(records, list):
            raise InputError("disclosed.json is not a list")
    by_leaf = {item.leaf: item for item in entries}
    seen: set[tuple[str, str]] = set()
    for number, record in enumerate(records, start=1):
        with checking(DISCLOSED, number):
            disclosure = Disclosure.from_json(record)
            item = by_leaf.get(disclosure.leaf_hash)
            if item is None:
                raise DisclosureInvalid("the disclosure names an entry the bundle does not hold")
            sealed = dict(sealed_paths(item.entry.data)).get(disclosure.field)
            if sealed is None or (disclosure.leaf_hash, disclosure.field) in seen:
                raise DisclosureInvalid(f"{disclosure.field} is not a sealed field, or repeated")
            seen.add((disclosure.leaf_hash, disclosure.field))
            _check_opens(disclosure, sealed, item)
    return len(records)


def _check_opens(disclosure: Disclosure, sealed: dict[str, Any], item: Proven) -> None:
    try:
        check_disclosure(sealed, disclosure.value, bytes.fromhex(disclosure.nonce_hex))
    except CommitmentMismatch:
        raise CommitmentMismatch(
            f"the disclosed value and nonce of {disclosure.field} do not open its commitment "
            f"in {item.member} line {item.line} ({item.entry.type})",
            field=disclosure.field,
            leaf_hash=disclosure.leaf_hash,
        ) from None


def check_content(
    files: Mapping[str, bytes], entries: Sequence[Proven], declared_missing: Sequence[str]
) -> tuple[list[str], list[str]]:
    """Step 10: content files hash to their names and are cited; every cited hash is
    present or declared missing. Returns (present, missing) hashes.

    Raises MemberRejected (ContentMismatch, ContentUncited) or ContentMissing.
    """
    cited = list(dict.fromkeys(h for item in entries for h in cited_hashes(item.entry.data)))
    present = sorted(p.removeprefix(CONTENT_DIR) for p in files if p.startswith(CONTENT_DIR))
    for name in present:
        with checking(CONTENT_DIR + name):
            actual = hashlib.sha256(files[CONTENT_DIR + name]).hexdigest()
            if actual != name:
                raise ContentMismatch(
                    "the content file's SHA-256 differs from its name", expected=name, actual=actual
                )
            if name not in cited:
                raise ContentUncited("no selected entry cites this content file")
    missing = [h for h in cited if h not in present]
    for digest in missing:
        if digest not in declared_missing:
            raise ContentMissing(
                f"content {digest} is cited but neither in the bundle nor declared missing",
                sha256=digest,
            )
    return present, missing
