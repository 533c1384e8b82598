"""Stream heads: what the next entry of a stream chains to (its ``prev``).

A head this process sealed itself is trusted. A head read from the store is checked
against the leaf hash the log integrated for it, so no entry is ever signed on top of
an altered row: the write is refused with IntegrityFailure naming the entry, and writes
to other streams go on.
"""

from __future__ import annotations

from uuid import UUID

from ledger.backend import Backend
from ledger.errors import IntegrityFailure, StreamNotFound
from verify.merkle import leaf_hash


class StreamHeads:
    """The last (seq, leaf hash) of each stream this process has seen."""

    def __init__(self, backend: Backend) -> None:
        self._backend = backend
        self._heads: dict[str, tuple[int, str]] = {}
        self._sealed: dict[str, tuple[int, str]] = {}  # heads this process sealed itself

    def read(self, stream: str, seq: int, leaf: str) -> None:
        """Remember a head read from the store (checked before it is built on)."""
        self._heads[stream] = (seq, leaf)

    def sealed(self, stream: str, seq: int, leaf: str) -> None:
        """Remember a head this process has just sealed and committed."""
        self._heads[stream] = self._sealed[stream] = (seq, leaf)

    def forget(self, stream: str) -> None:
        self._heads.pop(stream, None)
        self._sealed.pop(stream, None)

    def prev(self, stream: str, expected_seq: int) -> str | None:
        """The leaf hash of entry ``expected_seq`` of ``stream`` (None before the first).

        Raises StreamNotFound, or IntegrityFailure if the stored entry no longer hashes
        to the leaf hash the log integrated for it."""
        if expected_seq == 0:
            return None
        head = self._heads.get(stream)
        if head is not None and head[0] == expected_seq:
            if self._sealed.get(stream) == head:
                return head[1]
            leaf = head[1]
        else:
            stored = self._backend.recorder.select_events(
                UUID(stream), lte=expected_seq, desc=True, limit=1
            )
            if not stored or stored[0].originator_version != expected_seq:
                raise StreamNotFound(f"stream {stream} has no entry {expected_seq}", stream=stream)
            leaf = leaf_hash(bytes(stored[0].state)).hex()
        self._check_integrated(stream, expected_seq, leaf)
        return leaf

    def _check_integrated(self, stream: str, seq: int, leaf: str) -> None:
        with self._backend.transaction() as cur:
            row = cur.execute(
                "SELECT idx, leaf_hash FROM gk_leaves WHERE stream = ? AND seq = ?", (stream, seq)
            ).fetchone()
        if row is None or str(row[1]) == leaf:
            return  # not integrated yet: the integrator checks the chain when it is
        self.forget(stream)
        raise IntegrityFailure.entry_altered(
            stream,
            seq,
            "no longer matches the leaf hash the log integrated: nothing is written on top of it",
            log_index=int(row[0]),
            expected=str(row[1]),
            actual=leaf,
        )
