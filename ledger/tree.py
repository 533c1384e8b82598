"""The stored Merkle tree (RFC 9162 §2.1) of the log.

Every complete node is stored once: leaves in ``gk_leaves`` (level 0) and inner
nodes in ``gk_nodes``, where node (level, i) covers leaves [i·2^level, (i+1)·2^level).
Appending a leaf writes at most log2(n) nodes; the hash of any range the RFC's
recursions ask for is a fold of O(log n) stored nodes, fetched in one query, so a
root, an inclusion proof or a consistency proof never rebuilds the tree.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence

from ledger.backend import Cursor
from ledger.errors import ProofUnavailable
from verify.merkle import node_hash
from verify.ranges import Node, Range, consistency_ranges, fold, inclusion_ranges, range_nodes


class NodeCache:
    """The stored nodes read most recently, for serving proofs.

    A stored node is the hash of a complete subtree (or a leaf): once committed it never
    changes, so a copy never goes stale. Live verification (``ledger.audit``) and the
    integrator read without it, so they always see what the database holds."""

    def __init__(self, capacity: int = 20_000) -> None:  # about 11 MB
        self.capacity = capacity
        self._nodes: OrderedDict[Node, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, nodes: Iterable[Node]) -> dict[Node, bytes]:
        with self._lock:
            found = {n: h for n in nodes if (h := self._nodes.get(n)) is not None}
            for node in found:
                self._nodes.move_to_end(node)
        return found

    def put(self, nodes: dict[Node, bytes]) -> None:
        with self._lock:
            self._nodes.update(nodes)
            while len(self._nodes) > self.capacity:
                self._nodes.popitem(last=False)


class StoredTree:
    """Reads and extends the tree through a cursor of the current transaction
    (``cache``: serve committed nodes from it, and keep those read)."""

    def __init__(self, cur: Cursor, cache: NodeCache | None = None) -> None:
        self.cur = cur
        self.cache = cache

    def size(self) -> int:
        row = self.cur.execute("SELECT COALESCE(MAX(idx) + 1, 0) FROM gk_leaves").fetchone()
        return int(row[0]) if row else 0

    def fetch(self, nodes: Iterable[Node]) -> dict[Node, bytes]:
        """Load the given nodes (level 0 = leaves) in at most two queries."""
        wanted = set(nodes)
        found = self.cache.get(wanted) if self.cache is not None else {}
        cached = len(found)
        to_read = wanted - found.keys()
        leaves = sorted(i for level, i in to_read if level == 0)
        inner = sorted((level, i) for level, i in to_read if level > 0)
        for start in range(0, len(leaves), 500):
            ids = leaves[start : start + 500]
            marks = ",".join("?" * len(ids))
            self.cur.execute(f"SELECT idx, leaf_hash FROM gk_leaves WHERE idx IN ({marks})", ids)
            found.update({(0, int(i)): bytes.fromhex(h) for i, h in self.cur.fetchall()})
        for start in range(0, len(inner), 250):
            chunk = inner[start : start + 250]
            # OR of equalities, not a row-value IN: SQLite plans the latter as a scan.
            marks = " OR ".join("(level = ? AND idx = ?)" for _ in chunk)
            params = [v for node in chunk for v in node]
            self.cur.execute(f"SELECT level, idx, hash FROM gk_nodes WHERE {marks}", params)
            found.update({(int(lv), int(i)): bytes.fromhex(h) for lv, i, h in self.cur.fetchall()})
        missing = wanted - found.keys()
        if missing:
            raise ProofUnavailable(f"tree nodes missing from storage: {sorted(missing)[:5]}")
        if self.cache is not None and len(found) > cached:
            self.cache.put(found)
        return found

    def range_hashes(self, ranges: Sequence[Range]) -> list[bytes]:
        """MTH of each leaf range, with every needed node fetched at once."""
        plans = [range_nodes(s, e) for s, e in ranges]
        nodes = self.fetch(n for plan in plans for n in plan)
        return [fold([nodes[n] for n in plan]) for plan in plans]

    def root(self, size: int) -> bytes:
        """MTH of the first ``size`` leaves. Raises ProofUnavailable beyond the tree."""
        self._check_size(size)
        if size == 0:
            return hashlib.sha256(b"").digest()
        return self.range_hashes([(0, size)])[0]

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        """RFC 9162 inclusion proof. Raises ProofUnavailable for bad index or size."""
        return self.leaf_and_inclusion_proof(index, size)[1]

    def leaf_and_inclusion_proof(
        self, index: int, size: int, *, size_checked: bool = False
    ) -> tuple[bytes, list[bytes]]:
        """The leaf hash at ``index`` and its RFC 9162 inclusion proof, from one fetch
        (``size_checked``: ``size`` is known not to pass the tree, e.g. a checkpoint's).
        Raises ProofUnavailable for bad index or size."""
        if not size_checked:
            self._check_size(size)
        if not 0 <= index < size:
            raise ProofUnavailable(f"leaf {index} is not in a tree of size {size}")
        plans = [range_nodes(s, e) for s, e in inclusion_ranges(index, size)]
        nodes = self.fetch([(0, index), *(n for plan in plans for n in plan)])
        return nodes[(0, index)], [fold([nodes[n] for n in plan]) for plan in plans]

    def consistency_proof(self, old: int, new: int) -> list[bytes]:
        """RFC 9162 consistency proof. Raises ProofUnavailable unless 0 < old <= new <= size."""
        self._check_size(new)
        if not 0 < old <= new:
            raise ProofUnavailable(f"no consistency proof from size {old} to size {new}")
        if old == new:
            return []
        return self.range_hashes(consistency_ranges(old, new))

    def _check_size(self, size: int) -> None:
        current = self.size()
        if size < 0 or size > current:
            raise ProofUnavailable(f"tree size {size} is beyond the log's size {current}")

    def level_hashes(self, level: int, start: int, stop: int) -> list[bytes]:
        """The stored hashes of nodes (level, start) .. (level, stop - 1), in one query:
        a static tile's content (level 0: leaf hashes). Raises ProofUnavailable if any
        is missing."""
        if level == 0:
            sql, params = (
                "SELECT idx, leaf_hash FROM gk_leaves WHERE idx >= ? AND idx < ?",
                [
                    start,
                    stop,
                ],
            )
        else:
            sql = "SELECT idx, hash FROM gk_nodes WHERE level = ? AND idx >= ? AND idx < ?"
            params = [level, start, stop]
        rows = self.cur.execute(sql + " ORDER BY idx", params).fetchall()
        if len(rows) != stop - start:
            raise ProofUnavailable(f"tree nodes missing at level {level} in [{start}, {stop})")
        return [bytes.fromhex(h) for _, h in rows]

    def frontier(self, size: int) -> list[tuple[int, bytes]]:
        """The perfect subtrees (level, hash) of a tree of ``size`` leaves, left to right."""
        plan = range_nodes(0, size)
        nodes = self.fetch(plan)
        return [(level, nodes[(level, i)]) for level, i in plan]


def extend(
    frontier: list[tuple[int, bytes]], index: int, leaf: bytes
) -> list[tuple[int, int, bytes]]:
    """Add leaf ``index`` to the frontier in place; return the inner nodes it completes."""
    completed: list[tuple[int, int, bytes]] = []
    level, position, current = 0, index, leaf
    while frontier and frontier[-1][0] == level:
        _, left = frontier.pop()
        current = node_hash(left, current)
        level, position = level + 1, position >> 1
        completed.append((level, position, current))
    frontier.append((level, current))
    return completed
