"""Reads of the Merkle log: signed checkpoints, inclusion and consistency proofs
(RFC 9162 §2.1, proof JSON as ``verify.proofs`` states it), entries in log order.

``Ledger`` has these methods; integrating and signing checkpoints stay in ``Ledger``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ledger import cosignatures
from ledger.backend import Backend, Cursor
from ledger.checked import checked_rows
from ledger.errors import ProofUnavailable
from ledger.tree import NodeCache, StoredTree
from verify.proofs import ConsistencyProof, InclusionProof


def latest_checkpoint_size(cur: Cursor) -> int:
    """The tree size of the latest signed checkpoint (0 before the first)."""
    row = cur.execute("SELECT COALESCE(MAX(tree_size), 0) FROM gk_checkpoints").fetchone()
    return int(row[0]) if row else 0


class MerkleLogReads:
    """The read side of the log, over the ledger's backend and its cache of tree nodes."""

    backend: Backend
    _nodes: NodeCache  # for proofs: committed tree nodes never change

    def checkpoint_note(self, size: int | None = None) -> str:
        """The signed checkpoint of ``size`` (default: the latest), with the witnesses'
        cosignatures gathered for it. Raises ProofUnavailable."""
        with self.backend.transaction() as cur:
            if size is None:
                row = cur.execute(
                    "SELECT note, tree_size FROM gk_checkpoints ORDER BY tree_size DESC LIMIT 1"
                ).fetchone()
            else:
                row = cur.execute(
                    "SELECT note, tree_size FROM gk_checkpoints WHERE tree_size = ?", (size,)
                ).fetchone()
            if row is None:
                missing = f"no checkpoint of size {size}" if size else "no checkpoint yet"
                raise ProofUnavailable(missing)
            return cosignatures.with_cosignatures(
                str(row[0]), cosignatures.lines_for(cur, int(row[1]))
            )

    def tree_size(self) -> int:
        with self.backend.transaction() as cur:
            return StoredTree(cur).size()

    def checkpoint_size(self) -> int:
        with self.backend.transaction() as cur:
            return latest_checkpoint_size(cur)

    def streams_with_type(self, entry_type: str) -> list[str]:
        """The streams holding an integrated entry of ``entry_type``, in log
        order (a scan of the leaf index: for batch work such as erasure, not requests)."""
        with self.backend.transaction() as cur:
            rows = cur.execute(
                "SELECT stream FROM gk_leaves WHERE type = ? ORDER BY idx", (entry_type,)
            ).fetchall()
        return list(dict.fromkeys(str(r[0]) for r in rows))

    def inclusion_proof(self, index: int, size: int | None = None) -> InclusionProof:
        """Proof (contract) that leaf ``index`` is in the tree of ``size`` (default: the
        latest checkpoint's). Raises ProofUnavailable."""
        with self.backend.transaction() as cur:
            tree = StoredTree(cur, self._nodes)
            if size is None:
                size = latest_checkpoint_size(cur)
                leaf, hashes = tree.leaf_and_inclusion_proof(index, size, size_checked=True)
            else:
                leaf, hashes = tree.leaf_and_inclusion_proof(index, size)
        return InclusionProof(index, size, leaf.hex(), tuple(h.hex() for h in hashes))

    def consistency_proof(self, first: int, second: int) -> ConsistencyProof:
        """Proof (contract) that the tree of ``first`` is a prefix of ``second``.
        Raises ProofUnavailable."""
        with self.backend.transaction() as cur:
            hashes = StoredTree(cur, self._nodes).consistency_proof(first, second)
        return ConsistencyProof(first, second, tuple(h.hex() for h in hashes))

    def leaf_index(self, leaf_hash: str) -> int | None:
        with self.backend.transaction() as cur:
            row = cur.execute(
                "SELECT idx FROM gk_leaves WHERE leaf_hash = ?", (leaf_hash,)
            ).fetchone()
        return None if row is None else int(row[0])

    def entries(
        self, start: int = 0, stop: int | None = None, chunk: int = 1000
    ) -> Iterator[bytes]:
        """Entry bytes in log order, leaves [start, stop), read in chunks."""
        for _, raw in self.indexed_entries(start, stop, chunk):
            yield raw

    def indexed_entries(
        self, start: int = 0, stop: int | None = None, chunk: int = 1000
    ) -> Iterator[tuple[int, bytes]]:
        """(log index, entry bytes) in log order, leaves [start, stop), read in chunks,
        each checked against its integrated leaf hash before it is yielded.

        Raises IntegrityFailure naming the first entry altered or gone from the store."""
        stop = self.tree_size() if stop is None else stop
        while start < stop:
            rows = checked_rows(
                self.backend, "l.idx >= ? AND l.idx < ?", (start, min(stop, start + chunk))
            )
            if not rows:
                return
            for row in rows:
                yield row.index, row.raw
            start = rows[-1].index + 1
