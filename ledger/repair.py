"""``gongkai repair``: put back stored entries that the signed log no longer proves.

The latest signed checkpoint says what every integrated entry must be: the leaf hash at
its index is the one an inclusion proof (from the stored tree) takes to the signed
root. An entry is damaged when its stored bytes do not hash to its leaf row, when its
row is gone, or when its leaf row no longer matches the tree (an entry rewritten with
its leaf row). For each, a copy is taken from another source (``ledger.copies``) only
if the hash of its bytes is proven at that index, and written back (with the leaf row,
if that was altered too); a copy that is not proven is refused and named. If the
stored entry itself is proven, only its leaf row is mended. Nothing else is touched,
so a running server's self-audit finds the entries whole again on its next pass and
clears ``degraded`` by itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from uuid import UUID

from ledger.backend import Backend, Cursor
from ledger.copies import Copies
from ledger.errors import ConfigError, IntegrityFailure, ProofUnavailable
from ledger.ledger import Ledger
from ledger.tables import stream_text
from ledger.tree import StoredTree
from verify.errors import VerificationError
from verify.merkle import leaf_hash, node_hash, verify_inclusion
from verify.note import Checkpoint, Vkey, verify_checkpoint


@dataclass(frozen=True)
class Damage:
    """An integrated entry: its leaf row's hash, and its stored bytes' (None: gone)."""

    index: int
    notification_id: int
    stream: str
    seq: int
    type: str
    leaf: str
    actual: str | None

    def describe(self) -> str:
        if self.actual is None:
            state = "gone"
        elif self.actual != self.leaf:
            state = "altered"
        else:
            state = "altered with its leaf row"
        return f"entry #{self.index} (stream {self.stream}, seq {self.seq}) is {state}"


@dataclass
class RepairReport:
    source: str
    checked: int = 0
    repaired: list[Damage] = field(default_factory=list)
    leaf_rows: list[Damage] = field(default_factory=list)  # entries whole, leaf rows mended
    refused: list[tuple[Damage, str]] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.refused


class _Proofs:
    """Inclusion in the signed checkpoint, from the stored tree."""

    def __init__(self, backend: Backend, checkpoint: Checkpoint) -> None:
        self.backend, self.checkpoint = backend, checkpoint

    def proven(self, index: int, leaf: str, sibling: str | None = None) -> bool:
        """Whether ``leaf`` at ``index`` gives the signed root, the leaf beside it taken
        as ``sibling`` (default: its stored leaf row)."""
        size = self.checkpoint.size
        try:
            with self.backend.transaction() as cur:
                proof = StoredTree(cur).inclusion_proof(index, size)
            if sibling is not None and index ^ 1 < size:
                proof[0] = bytes.fromhex(sibling)
            verify_inclusion(index, size, bytes.fromhex(leaf), proof, self.checkpoint.root_hash)
        except (ProofUnavailable, VerificationError, ValueError):
            return False
        return True


class _NoCopies(Copies):
    name = "no copy"

    def copy_of(self, stream: str, seq: int, leaf: str) -> bytes | None:
        return None


def find_damage(ledger: Ledger, vkey: Vkey | None = None) -> tuple[int, list[Damage]]:
    """(entries checked, every damaged integrated entry), against the latest checkpoint
    verified under ``vkey`` (default: the ledger's own key). Without a copy to tell
    them apart, an entry rewritten with its leaf row names both entries of its pair."""
    report = repair(ledger, _NoCopies(), vkey=vkey, dry_run=True)
    damaged = [*report.repaired, *report.leaf_rows, *(d for d, _ in report.refused)]
    return report.checked, sorted(damaged, key=lambda d: d.index)


def _suspect_pairs(backend: Backend, size: int, chunk: int = 2000) -> Iterator[list[Damage]]:
    """The pairs of leaves (or the last, unpaired leaf) in which some stored entry misses
    its leaf row, or whose leaf rows miss the stored node above them."""
    for start in range(0, size, chunk):
        rows, parents = _scan(backend, start, min(size, start + chunk))
        for number in sorted({i // 2 for i in rows}):
            pair = [rows[i] for i in (2 * number, 2 * number + 1) if i in rows]
            fits = (
                len(pair) == 2
                and number in parents
                and parents[number]
                == node_hash(bytes.fromhex(pair[0].leaf), bytes.fromhex(pair[1].leaf))
            )
            unpaired = len(pair) == 1 and pair[0].index == size - 1
            if unpaired or not fits or any(d.actual != d.leaf for d in pair):
                yield pair


def _scan(backend: Backend, start: int, stop: int) -> tuple[dict[int, Damage], dict[int, bytes]]:
    """Leaves [start, stop) (start even) by index, and the stored level-1 nodes above."""
    table, column = backend.events_table, backend.notification_column
    with backend.transaction() as cur:
        rows = cur.execute(
            "SELECT l.idx, l.notification_id, l.stream, l.seq, l.type, l.leaf_hash, e.state "
            f"FROM gk_leaves l LEFT JOIN {table} e ON e.{column} = l.notification_id "
            "WHERE l.idx >= ? AND l.idx < ? ORDER BY l.idx",
            (start, stop),
        ).fetchall()
        nodes = cur.execute(
            "SELECT idx, hash FROM gk_nodes WHERE level = 1 AND idx >= ? AND idx < ?",
            (start // 2, stop // 2),
        ).fetchall()
    leaves: dict[int, Damage] = {}
    for idx, nid, stream, seq, type_, leaf, state in rows:
        actual = None if state is None else leaf_hash(bytes(state)).hex()
        leaves[int(idx)] = Damage(
            int(idx), int(nid), str(stream), int(seq), str(type_), leaf, actual
        )
    return leaves, {int(i): bytes.fromhex(str(h)) for i, h in nodes}


def repair(
    ledger: Ledger, copies: Copies, *, vkey: Vkey | None = None, dry_run: bool = False
) -> RepairReport:
    """Repair every damaged entry whose stored bytes or whose copy in ``copies`` the
    signed checkpoint proves.

    ``vkey`` is the published verifier key (default: the one the ledger holds). Raises
    VerificationError if the latest checkpoint does not verify under it."""
    report = RepairReport(copies.name, dry_run=dry_run)
    checkpoint = verify_checkpoint(ledger.checkpoint_note(), vkey or _own_vkey(ledger))
    proofs = _Proofs(ledger.backend, checkpoint)
    report.checked = checkpoint.size
    fixes: list[tuple[Damage, str, bytes | None]] = []
    for pair in _suspect_pairs(ledger.backend, checkpoint.size):
        for damage, true_leaf, copy, reason in _resolve(proofs, copies, pair):
            if reason is not None:
                report.refused.append((damage, reason))
            elif damage.leaf != true_leaf or damage.actual != true_leaf:
                fixes.append((damage, true_leaf, copy))
    if fixes and not dry_run:
        with ledger.backend.transaction(write=True) as cur:
            for damage, true_leaf, copy in fixes:
                _write_back(ledger.backend, cur, damage, true_leaf, copy)
    report.repaired = [damage for damage, _, copy in fixes if copy is not None]
    report.leaf_rows = [damage for damage, _, copy in fixes if copy is None]
    return report


Choice = tuple[str, bytes | None]  # a leaf hash, and the copy's bytes if it came from one


def _choices(copies: Copies, damage: Damage) -> list[Choice]:
    """What the leaf at ``damage.index`` may truly be: the stored entry's hash, the hash
    of the source's copy, its leaf row (in that order, each once)."""
    found: dict[str, bytes | None] = {}
    if damage.actual is not None:
        found[damage.actual] = None  # its bytes are in the store already
    copy = copies.copy_of(damage.stream, damage.seq, damage.leaf)
    if copy is not None:
        found.setdefault(leaf_hash(copy).hex(), copy)
    found.setdefault(damage.leaf, None)
    return list(found.items())


def _resolve(
    proofs: _Proofs, copies: Copies, pair: list[Damage]
) -> list[tuple[Damage, str, bytes | None, str | None]]:
    """(entry, its proven leaf, the copy to write if any, why not if none is proven) for
    each entry of the pair: the first choices the signed checkpoint proves together."""
    options = [_choices(copies, damage) for damage in pair]
    combos: list[tuple[Choice, ...]] = (
        [(a, b) for a in options[0] for b in options[1]]
        if len(pair) == 2
        else [(a,) for a in options[0]]
    )
    for combo in combos:
        sibling = combo[1][0] if len(combo) == 2 else None
        if proofs.proven(pair[0].index, combo[0][0], sibling):
            return [
                (d, leaf, copy, _missing(copies, d, leaf, copy))
                for d, (leaf, copy) in zip(pair, combo, strict=True)
            ]
    reason = (
        f"no copy in {copies.name} (nor the stored entry) is proven by the signed "
        "checkpoint: try another copy, or restore from a backup"
    )
    return [(d, d.leaf, None, reason) for d in pair]  # which of them is altered is unknown


def _missing(copies: Copies, damage: Damage, leaf: str, copy: bytes | None) -> str | None:
    """Why the proven ``leaf`` cannot be written back (None: it can, or need not be)."""
    if copy is not None or damage.actual == leaf:
        return None
    offered = copies.copy_of(damage.stream, damage.seq, leaf)
    if offered is None:
        return f"{copies.name} holds no copy of it"
    return (
        f"the copy in {copies.name} hashes to {leaf_hash(offered).hex()}, not to the leaf "
        f"{leaf} the signed checkpoint proves: refused"
    )


def _own_vkey(ledger: Ledger) -> Vkey:
    try:
        return ledger.vkey()
    except (VerificationError, IntegrityFailure) as exc:
        raise ConfigError(
            f"the ledger's keyring cannot be read ({exc.code}: {exc.message}): "
            "give the published verifier key (--vkey)"
        ) from None


def _write_back(
    backend: Backend, cur: Cursor, damage: Damage, true_leaf: str, copy: bytes | None
) -> None:
    table, column = backend.events_table, backend.notification_column
    if true_leaf != damage.leaf:
        cur.execute("UPDATE gk_leaves SET leaf_hash = ? WHERE idx = ?", (true_leaf, damage.index))
    if copy is None or damage.actual == true_leaf:
        return
    if damage.actual is not None:
        cur.execute(
            f"UPDATE {table} SET state = ? WHERE {column} = ?", (copy, damage.notification_id)
        )
        return
    stream = UUID(stream_text(damage.stream))
    cur.execute(
        f"INSERT INTO {table} (originator_id, originator_version, topic, state, {column}) "
        "VALUES (?, ?, ?, ?, ?)",
        (
            stream.hex if column == "rowid" else stream,
            damage.seq,
            damage.type,
            copy,
            damage.notification_id,
        ),
    )
