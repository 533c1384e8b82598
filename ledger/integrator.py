"""The log integrator: appends committed entries to the Merkle log, in commit order.

One integrator runs at a time (SQLite's write lock, or a PostgreSQL advisory lock).
Before a leaf is added, the entry is checked as the verifier would (canonical form,
key registry at this position, signature, stream chain), so a signed checkpoint never
covers a bad entry: an entry written into the database behind the ledger's back stops
integration with an ``IntegrityFailure`` naming it. A row whose bytes are exactly those
this process sealed (``ledger.sealed_here``) skips the signature and canonical-form
checks, which those bytes pass by construction. Leaves, nodes and the checkpoint
of a batch are written in one transaction, so a crash loses nothing and leaves nothing
half-written.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from uuid import UUID

from ledger.backend import Backend, Cursor, Row
from ledger.checked import checked_rows, parse_logged
from ledger.errors import IntegrityFailure
from ledger.sealed_here import SealedHere
from ledger.tree import StoredTree, extend
from verify.entry import Entry
from verify.errors import EntryRejected, InputError, VerificationError, VerifyError
from verify.log import LogVerifier
from verify.merkle import leaf_hash
from verify.registry import RegisteredKey

Signer = Callable[[int, bytes], str]  # (tree size, root) -> signed checkpoint note


class Integrator:
    def __init__(
        self,
        backend: Backend,
        sign_checkpoint: Signer,
        keyring_stream: str,
        sealed_here: SealedHere | None = None,
    ) -> None:
        self.backend = backend
        self.sign_checkpoint = sign_checkpoint
        self.keyring_stream = keyring_stream
        self.sealed_here = sealed_here  # entries this process signed (ledger.sealed_here)
        self._verifier: LogVerifier | None = None
        self._verifier_size = -1

    def run(self, batch: int = 2000) -> int:
        """Integrate everything committed so far; return how many leaves were added.

        Raises IntegrityFailure at the first entry that fails a check (the entries
        before it are integrated and checkpointed).
        """
        total = 0
        while True:
            try:
                added, failure = self._run_batch(batch)
            except BaseException:
                # The transaction rolled back; the in-memory verifier had moved on.
                self._verifier = None
                raise
            total += added
            if failure is not None:
                raise failure
            if added < batch:
                return total

    def _run_batch(self, batch: int) -> tuple[int, IntegrityFailure | None]:
        with self.backend.transaction(exclusive=True) as cur:
            tree = StoredTree(cur)
            size = tree.size()
            row = cur.execute("SELECT COALESCE(MAX(notification_id), 0) FROM gk_leaves").fetchone()
            last = int(row[0]) if row else 0
            rows = self.backend.notifications_after(cur, last, batch)
            if not rows:
                return 0, None
            verifier = self._verifier_at(cur, size)
            frontier = tree.frontier(size) if size else []
            leaves: list[tuple[object, ...]] = []
            nodes: list[tuple[int, int, str]] = []
            failure = None
            for nid, stream, seq, state in rows:
                try:
                    entry = self._check(verifier, cur, _uuid_text(stream), int(seq), bytes(state))
                except IntegrityFailure as exc:
                    failure = exc
                    break
                index = size + len(leaves)
                leaf = entry.leaf_hash()
                leaves.append(
                    (
                        index,
                        nid,
                        entry.stream,
                        entry.seq,
                        entry.type,
                        entry.actor,
                        entry.at,
                        leaf.hex(),
                    )
                )
                nodes.extend((lv, i, h.hex()) for lv, i, h in extend(frontier, index, leaf))
            if leaves:
                self._write(cur, leaves, nodes, size + len(leaves), verifier.root())
                self._verifier_size = size + len(leaves)
            else:
                self._verifier = None
            return len(leaves), failure

    def _check(
        self, verifier: LogVerifier, cur: Cursor, stream: str, seq: int, state: bytes
    ) -> Entry:
        try:
            vouched = self.sealed_here is not None and self.sealed_here.vouches(leaf_hash(state))
            if vouched:  # bytes this process sealed: canonical and signed by construction
                entry = Entry.from_json(json.loads(state), raw=state)
            else:
                entry = Entry.from_bytes(state)
            verifier.defer = _signed_here if vouched else None  # the other checks all run
            if entry.stream != stream or entry.seq != seq:
                raise VerificationError(
                    f"stored row ({stream}, {seq}) holds the entry of ({entry.stream}, {entry.seq})"
                )
            if entry.stream not in verifier.heads and entry.seq > 1:
                verifier.heads[entry.stream] = _head(cur, entry.stream, entry.seq - 1)
            return verifier.add_entry(entry)
        except EntryRejected as exc:
            raise IntegrityFailure(f"refusing to integrate {exc.message}", code=exc.code) from None
        except (VerificationError, InputError) as exc:
            raise IntegrityFailure(
                f"refusing to integrate entry #{verifier.size} ({stream}, seq {seq}): "
                f"{exc.message}",
                code=exc.code,
            ) from None

    def _verifier_at(self, cur: Cursor, size: int) -> LogVerifier:
        """A verifier whose registry and frontier stand at tree size ``size``."""
        if self._verifier is not None and self._verifier_size == size:
            self._verifier.heads.clear()  # heads are re-read per batch: other writers
            return self._verifier
        verifier = LogVerifier()
        for row in checked_rows(self.backend, "l.stream = ?", (self.keyring_stream,), cur):
            entry = parse_logged(row)
            try:
                if entry.type == "Keyring.RootDeclared":
                    verifier.registry.declare_root(entry.actor, entry.key, entry.data)
                else:
                    verifier.registry.apply(entry.type, entry.data)
            except VerifyError as exc:
                raise IntegrityFailure.entry_altered(
                    row.stream,
                    row.seq,
                    f"is a keyring entry that fails: {exc.message}",
                    log_index=row.index,
                ) from None
            verifier.origin = entry.log
        tree = StoredTree(cur)
        verifier.resume(size, tree.frontier(size) if size else [])
        self._verifier, self._verifier_size = verifier, size
        verifier.heads.clear()
        return verifier

    def _write(
        self,
        cur: Cursor,
        leaves: list[tuple[object, ...]],
        nodes: list[tuple[int, int, str]],
        size: int,
        root: bytes,
    ) -> None:
        cur.executemany(
            "INSERT INTO gk_leaves (idx, notification_id, stream, seq, type, actor, at, leaf_hash)"
            " VALUES (?,?,?,?,?,?,?,?)",
            leaves,
        )
        if nodes:
            cur.executemany("INSERT INTO gk_nodes (level, idx, hash) VALUES (?,?,?)", nodes)
        note = self.sign_checkpoint(size, root)
        cur.execute(
            "INSERT INTO gk_checkpoints (tree_size, root, note, created_at) VALUES (?,?,?,?)",
            (size, root.hex(), note, datetime.now(UTC).isoformat()),
        )


def _head(cur: Cursor, stream: str, seq: int) -> tuple[int, str]:
    row = cur.execute(
        "SELECT seq, leaf_hash FROM gk_leaves WHERE stream = ? AND seq = ?", (stream, seq)
    ).fetchone()
    if row is None:
        raise IntegrityFailure(f"stream {stream} seq {seq} was never integrated")
    return int(row[0]), str(row[1])


def _signed_here(index: int, entry: Entry, key: RegisteredKey) -> None:
    """The signature check of an entry whose exact bytes this process signed: none."""


def _uuid_text(value: object) -> str:
    return str(value if isinstance(value, UUID) else UUID(str(value)))


__all__ = ["Integrator", "Row"]
