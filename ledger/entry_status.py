"""The verification status of chosen entries, each checked where it stands in the log.

An inspector replaying one decision (DESIGN.md: "decision timeline of any stream with
verification status") gets, for every entry, the verifier's own checks:

1. its stored bytes are a canonical version-1 entry, and their leaf hash is the one
   the Merkle log recorded for it;
2. its key may sign it at that log position: a ``KeyRegistry`` replayed from the
   Keyring entries logged before it (holder, revocation, role of the entry type);
3. its Ed25519 signature verifies under that key;
4. it follows the previous entry of its stream (``seq`` and ``prev``);
5. an inclusion proof from the stored tree leads to the root of the latest signed
   checkpoint, and that checkpoint's signature verifies under the log's verifier key.

Usage::

    entries = stream_entries(ledger, stream)
    checkpoint, statuses = check_entries(ledger, entries)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ledger.errors import IntegrityFailure, LeafHashMismatch, ProofUnavailable
from ledger.ledger import Ledger
from verify.entry import Entry
from verify.errors import InputError, VerificationError, VerifyError
from verify.log import check_chain
from verify.merkle import verify_inclusion
from verify.note import verify_checkpoint
from verify.registry import KeyRegistry, RegisteredKey

OK = "ok"
PENDING = "pending"
CHECKS = ("entry", "leaf", "key", "signature", "chain", "inclusion")


@dataclass(frozen=True, slots=True)
class LoggedEntry:
    """One integrated entry: its log index, stored bytes and recorded leaf hash."""

    index: int
    raw: bytes
    leaf_hash: str

    def parsed(self) -> Entry:
        """The entry as stored, without the canonical-form check (step 1 reports that).

        Raises IntegrityFailure if the stored bytes are not an entry at all."""
        try:
            return Entry.from_json(json.loads(self.raw), raw=self.raw)
        except (ValueError, UnicodeDecodeError, InputError) as exc:
            raise IntegrityFailure(
                f"log entry #{self.index} cannot be read: {exc}", log_index=self.index
            ) from None


@dataclass(frozen=True, slots=True)
class CheckpointRef:
    """The signed checkpoint the inclusion proofs were checked against."""

    size: int
    root_hash: str
    note: str
    problem: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "tree_size": self.size,
            "root_hash": self.root_hash,
            "note": self.note,
            "verified": self.problem is None,
            "problem": self.problem,
        }


@dataclass(frozen=True, slots=True)
class EntryStatus:
    """Each check's outcome: ``ok``, ``pending`` (not yet checkpointed) or an error code."""

    index: int
    leaf_hash: str
    checks: tuple[tuple[str, str], ...]
    problem: str | None = None

    @property
    def verified(self) -> bool:
        return all(outcome == OK for _, outcome in self.checks)

    @property
    def status(self) -> str:
        """verified | pending | failed."""
        outcomes = {outcome for _, outcome in self.checks}
        if outcomes <= {OK}:
            return "verified"
        return "pending" if outcomes <= {OK, PENDING} else "failed"

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "leaf_hash": self.leaf_hash,
            "checks": dict(self.checks),
            "problem": self.problem,
        }


def stream_entries(ledger: Ledger, stream: str) -> list[LoggedEntry]:
    """Every integrated entry of ``stream``, in log order."""
    return _select(ledger, "l.stream = ?", (stream,))


def _select(ledger: Ledger, where: str, params: Sequence[object]) -> list[LoggedEntry]:
    table, column = ledger.backend.events_table, ledger.backend.notification_column
    with ledger.backend.transaction() as cur:
        rows = cur.execute(
            f"SELECT l.idx, e.state, l.leaf_hash FROM gk_leaves l JOIN {table} e "
            f"ON e.{column} = l.notification_id WHERE {where} ORDER BY l.idx",
            params,
        ).fetchall()
    return [LoggedEntry(int(i), bytes(state), str(leaf)) for i, state, leaf in rows]


def latest_checkpoint(ledger: Ledger) -> CheckpointRef:
    """The latest signed checkpoint, its signature checked under the log's verifier key.

    Raises ProofUnavailable if there is none yet."""
    note = ledger.checkpoint_note()
    try:
        checkpoint = verify_checkpoint(note, ledger.vkey())
    except VerifyError as exc:
        size = ledger.checkpoint_size()
        return CheckpointRef(size, "", note, f"{exc.code}: {exc.message}")
    return CheckpointRef(checkpoint.size, checkpoint.root_hash.hex(), note)


def check_entries(
    ledger: Ledger, entries: Sequence[LoggedEntry]
) -> tuple[CheckpointRef, list[EntryStatus]]:
    """Check ``entries`` (one stream's, from its first entry, in log order) at their
    positions; return the checkpoint used and one status per entry."""
    checkpoint = latest_checkpoint(ledger)
    keyring = _select(ledger, "l.stream = ?", (ledger.keyring_stream,))
    registry, applied = KeyRegistry(), 0
    heads: dict[str, tuple[int, str]] = {}
    statuses = []
    for logged in sorted(entries, key=lambda e: e.index):
        while applied < len(keyring) and keyring[applied].index < logged.index:
            _apply_keyring(registry, keyring[applied])
            applied += 1
        statuses.append(_status(ledger, logged, registry, heads, checkpoint))
    return checkpoint, statuses


def _apply_keyring(registry: KeyRegistry, logged: LoggedEntry) -> None:
    entry = logged.parsed()
    if entry.type == "Keyring.RootDeclared":
        registry.declare_root(entry.actor, entry.key, entry.data)
    else:
        registry.apply(entry.type, entry.data)


def _status(
    ledger: Ledger,
    logged: LoggedEntry,
    registry: KeyRegistry,
    heads: dict[str, tuple[int, str]],
    checkpoint: CheckpointRef,
) -> EntryStatus:
    leaf = hashlib.sha256(b"\x00" + logged.raw).hexdigest()
    results: dict[str, str] = {}
    problems: list[str] = []

    def run(name: str, check: Any) -> Any:
        try:
            value = check()
        except VerifyError as exc:
            results[name] = exc.code
            problems.append(f"{name}: {exc.message}")
            return None
        results[name] = OK
        return value

    entry = run("entry", lambda: Entry.from_bytes(logged.raw))
    run("leaf", lambda: _check_leaf(logged, leaf))
    if entry is not None:
        key = run("key", lambda: _key_for(registry, entry))
        if key is not None:
            run("signature", lambda: entry.verify_signature(key.public_key))
        run("chain", lambda: _check_chain(heads, entry, leaf))
    run("inclusion", lambda: _check_inclusion(ledger, logged.index, leaf, checkpoint))
    checks = tuple((name, results.get(name, "skipped")) for name in CHECKS)
    return EntryStatus(logged.index, leaf, checks, "; ".join(problems) or None)


def _check_leaf(logged: LoggedEntry, leaf: str) -> None:
    if leaf != logged.leaf_hash:
        raise LeafHashMismatch(
            f"the entry hashes to {leaf}, the log recorded {logged.leaf_hash}",
            expected=logged.leaf_hash,
            actual=leaf,
        )


def _key_for(registry: KeyRegistry, entry: Entry) -> RegisteredKey:
    if entry.type == "Keyring.RootDeclared":
        return KeyRegistry().declare_root(entry.actor, entry.key, entry.data)
    return registry.check(entry.type, entry.actor, entry.key)


def _check_chain(heads: dict[str, tuple[int, str]], entry: Entry, leaf: str) -> None:
    # The head moves on even past a broken link, so each entry is judged against the
    # entry actually logged before it.
    head = heads.get(entry.stream)
    heads[entry.stream] = (entry.seq, leaf)
    check_chain(head, entry)


def _check_inclusion(ledger: Ledger, index: int, leaf: str, checkpoint: CheckpointRef) -> str:
    if checkpoint.problem is not None:
        raise VerificationError(f"the checkpoint does not verify: {checkpoint.problem}")
    if index >= checkpoint.size:
        raise _Pending("not yet covered by a signed checkpoint")
    try:
        proof = ledger.inclusion_proof(index, checkpoint.size)
    except ProofUnavailable as exc:
        raise VerificationError(exc.message) from None
    hashes = [bytes.fromhex(h) for h in proof.hashes]
    verify_inclusion(
        index, checkpoint.size, bytes.fromhex(leaf), hashes, bytes.fromhex(checkpoint.root_hash)
    )
    return OK


class _Pending(VerificationError):
    code = PENDING
