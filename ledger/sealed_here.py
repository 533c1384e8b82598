"""The entries this process sealed and stored itself, remembered by leaf hash until its
integrator has had time to add them to the log.

The integrator checks every committed row as a verifier would before it becomes a
leaf, so that a row written or altered behind the ledger's back is never covered by a
checkpoint. For a row whose bytes hash to a leaf this process produced when it signed
the entry, two of those checks prove nothing new: the bytes are the ones this process
made canonical and signed a moment ago, so they are canonical and the signature
verifies. The integrator skips those two for such rows — an Ed25519 verify is about
half of its time per entry — and keeps every other check (the registry at this
position, the stream chain, the leaf hash itself). Rows from other processes, or
older than the memory kept here, are checked in full, and the self-audit re-checks
every entry, signatures included, whatever their origin.

    sealed = SealedHere()
    sealed.add([leaf_hash_bytes, ...])      # after the rows are committed
    sealed.vouches(leaf_hash_bytes)         # the integrator's question
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable

REMEMBERED = 65_536  # leaves: a few MB; the integrator runs twice a second


class SealedHere:
    """A bounded memory of the leaf hashes this process sealed, oldest forgotten first."""

    def __init__(self, limit: int = REMEMBERED) -> None:
        self._limit = limit
        self._order: deque[bytes] = deque()
        self._known: set[bytes] = set()
        self._lock = threading.Lock()

    def add(self, leaves: Iterable[bytes]) -> None:
        with self._lock:
            for leaf in leaves:
                if leaf in self._known:
                    continue
                self._known.add(leaf)
                self._order.append(leaf)
                if len(self._order) > self._limit:
                    self._known.discard(self._order.popleft())

    def vouches(self, leaf: bytes) -> bool:
        """Whether this process sealed the entry whose leaf hash is ``leaf``."""
        return leaf in self._known
