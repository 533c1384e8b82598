"""The log as the public reads it: from the read replica (``GONGKAI_REPLICA_URL``) when
one is set and answering, else from the primary.

Each answer comes whole from one database: ``read(answer)`` runs ``answer`` on the
replica and, if the replica fails on the way, runs it again on the primary. A replica
that failed is left alone for ``RETRY_SECONDS`` (public reads go to the primary
meanwhile, and ``/readyz`` is degraded with the reason); then the next read or
readiness check tries it again. Writes, the background worker and officers' reads
never come here: they stay on the primary.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from ledger.errors import ReplicaUnavailable
from ledger.ledger import Ledger
from ledger.merkle_log import MerkleLogReads
from ledger.replica import Replica, ReplicaLag

T = TypeVar("T")
RETRY_SECONDS = 10.0
log = logging.getLogger("gongkai.replica")


@dataclass(frozen=True, slots=True)
class ReplicaState:
    """The replica as last seen: its lag, or why it is not serving."""

    url_host: str
    lag: ReplicaLag | None
    error: str | None


class PublicLog:
    """Public reads of the log, served by the replica if there is one."""

    def __init__(self, primary: Ledger, replica: Replica | None) -> None:
        self.primary = primary
        self.replica = replica
        self._error: str | None = None
        self._failed_at = 0.0

    def read(self, answer: Callable[[MerkleLogReads], T]) -> T:
        """``answer`` computed on the replica, or wholly on the primary if the replica
        is not set, failed lately, or fails now."""
        replica = self._replica_to_try()
        if replica is None:
            return answer(self.primary)
        try:
            with replica.reading():
                return answer(replica)
        except ReplicaUnavailable as exc:
            self._failed(exc)
        return answer(self.primary)

    def replica_state(self) -> ReplicaState | None:
        """The replica's lag, measured now (``None`` without a replica); a replica that
        failed lately is not tried again before ``RETRY_SECONDS``."""
        replica = self.replica
        if replica is None:
            return None
        if self._replica_to_try() is None:
            return ReplicaState(replica.url_host, None, self._error)
        try:
            lag = replica.lag(self.primary.backend)
        except ReplicaUnavailable as exc:
            self._failed(exc)
            return ReplicaState(replica.url_host, None, self._error)
        if self._error is not None:
            log.info("replica %s answers again: public reads go to it", replica.url_host)
            self._error = None
        return ReplicaState(replica.url_host, lag, None)

    def _replica_to_try(self) -> Replica | None:
        if self._error is not None and time.monotonic() - self._failed_at < RETRY_SECONDS:
            return None
        return self.replica

    def _failed(self, exc: ReplicaUnavailable) -> None:
        if self._error != exc.message:
            log.warning("replica unavailable: %s; public reads go to the primary", exc.message)
        self._error = exc.message
        self._failed_at = time.monotonic()
