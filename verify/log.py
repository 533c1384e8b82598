"""Streaming verification of a whole log, entry by entry, in log order.

For each entry (numbered steps, as the contract states them):
1. it parses as a canonical version-1 entry of this log;
2. its key may sign it at this position (registered by the root key, not revoked,
   held by the actor, carrying the role the type needs);
3. its Ed25519 signature verifies;
4. its ``seq`` follows the stream's previous entry and ``prev`` is that entry's leaf
   hash;
5. its leaf hash joins the RFC 9162 tree, kept as a compact frontier (O(log n)
   memory), so the root can be compared with a signed checkpoint at the end.

Memory: the frontier, the key registry and one head (seq, leaf hash) per stream; nothing
per entry. With ``defer`` set, step 3 of every non-keyring entry is handed to the caller
(``verify._parallel`` checks them in worker processes); keyring entries are always
checked here, as they change what later entries are checked against.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from verify.entry import Entry
from verify.errors import (
    ChainBroken,
    EntryRejected,
    InputError,
    SequenceGap,
    VerificationError,
    WrongLog,
)
from verify.registry import KeyRegistry, RegisteredKey

CLOCK_TOLERANCE_SECONDS = 300


SignatureCheck = Callable[[int, Entry, RegisteredKey], None]


@dataclass
class LogVerifier:
    """Feeds entries in log order; raises EntryRejected at the first bad one."""

    origin: str | None = None
    registry: KeyRegistry = field(default_factory=KeyRegistry)
    size: int = 0
    heads: dict[str, tuple[int, str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    defer: SignatureCheck | None = None
    _frontier: list[tuple[int, bytes]] = field(default_factory=list)
    _last_at: str = ""

    def add(self, raw: bytes) -> Entry:
        """Verify the next entry and add it to the tree. Raises EntryRejected."""
        try:
            entry = Entry.from_bytes(raw)
        except (VerificationError, InputError) as exc:
            raise EntryRejected(exc, self.size, None, raw) from None
        except RecursionError:  # json nesting deeper than the interpreter's stack
            raise EntryRejected(InputError("entry nests too deeply"), self.size, None) from None
        return self.add_entry(entry)

    def add_entry(self, entry: Entry) -> Entry:
        """Verify an already parsed canonical entry and add it. Raises EntryRejected."""
        try:
            self._check(entry)
        except (VerificationError, InputError) as exc:
            if isinstance(exc, EntryRejected):
                raise
            raise EntryRejected(exc, self.size, entry, entry.raw) from None
        leaf = entry.leaf_hash()
        self.heads[entry.stream] = (entry.seq, leaf.hex())
        self._push(leaf)
        self._watch_clock(entry)
        self.size += 1
        return entry

    def _check(self, entry: Entry) -> None:
        if self.origin is None:
            self.origin = entry.log
        if entry.log != self.origin:
            raise WrongLog(f"entry belongs to log {entry.log!r}, not {self.origin!r}")
        if entry.type == "Keyring.RootDeclared":
            key = self.registry.declare_root(entry.actor, entry.key, entry.data)
        else:
            key = self.registry.check(entry.type, entry.actor, entry.key)
        defer = None if entry.type.startswith("Keyring.") else self.defer
        if defer is None:
            entry.verify_signature(key.public_key)
        else:
            defer(self.size, entry, key)
        try:
            check_chain(self.heads.get(entry.stream), entry)
        except VerificationError:
            if defer is not None:  # a bad signature is reported before a broken chain
                entry.verify_signature(key.public_key)
            raise
        if entry.type in ("Keyring.KeyRegistered", "Keyring.KeyRevoked"):
            self.registry.apply(entry.type, entry.data)

    def _push(self, leaf: bytes) -> None:
        level, current = 0, leaf
        while self._frontier and self._frontier[-1][0] == level:
            _, left = self._frontier.pop()
            current = hashlib.sha256(b"\x01" + left + current).digest()
            level += 1
        self._frontier.append((level, current))

    def _watch_clock(self, entry: Entry) -> None:
        # ``at`` has one fixed-width form, so text order is time order: parse only when
        # the clock ran backwards.
        if entry.at >= self._last_at:
            self._last_at = entry.at
            return
        behind = (_instant(self._last_at) - _instant(entry.at)).total_seconds()
        if behind > CLOCK_TOLERANCE_SECONDS and len(self.warnings) < 100:
            self.warnings.append(
                f"entry #{self.size} ({entry.type}) is timestamped {behind:.0f}s "
                "before the latest entry logged ahead of it"
            )

    def resume(
        self,
        size: int,
        frontier: list[tuple[int, bytes]],
        *,
        heads: dict[str, tuple[int, str]] | None = None,
        last_at: str = "",
    ) -> None:
        """Continue a log whose first ``size`` leaves have the given perfect subtrees
        (level, hash), left to right: what a stored tree gives, without re-reading them
        (``heads``: each stream's last (seq, leaf hash); ``last_at``: the latest time)."""
        self.size, self._frontier = size, list(frontier)
        if heads is not None:
            self.heads = dict(heads)
        self._last_at = last_at or self._last_at

    @property
    def last_at(self) -> str:
        """The latest ``at`` of the entries added so far (the clock check's reference)."""
        return self._last_at

    def frontier(self) -> list[tuple[int, bytes]]:
        """The perfect subtrees (level, hash) of the entries added so far, left to right:
        with ``resume``, how a monitor continues a log where it left off."""
        return list(self._frontier)

    def root(self) -> bytes:
        """RFC 9162 root hash of every entry added so far."""
        if not self._frontier:
            return hashlib.sha256(b"").digest()
        result = self._frontier[-1][1]
        for _, left in reversed(self._frontier[:-1]):
            result = hashlib.sha256(b"\x01" + left + result).digest()
        return result


def check_chain(head: tuple[int, str] | None, entry: Entry) -> None:
    """Check that ``entry`` follows ``head`` (seq, hex leaf hash of its stream's previous
    entry), or starts its stream when there is none: step 4.

    Raises SequenceGap or ChainBroken.
    """
    expected_seq = 1 if head is None else head[0] + 1
    if entry.seq != expected_seq:
        why = "repeated or out of order" if entry.seq < expected_seq else "missing"
        raise SequenceGap(
            f"stream {entry.stream} expected seq {expected_seq}, found {entry.seq} "
            f"(an entry of the stream is {why})",
            expected=expected_seq,
            actual=entry.seq,
        )
    expected_prev = None if head is None else head[1]
    if entry.prev != expected_prev:
        raise ChainBroken(
            f"prev is {entry.prev}, but the stream's previous leaf hash is {expected_prev}",
            expected=expected_prev,
            actual=entry.prev,
        )


def _instant(at: str) -> datetime:
    return datetime.strptime(at, "%Y-%m-%dT%H:%M:%S.%fZ")
