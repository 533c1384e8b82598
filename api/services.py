"""Everything a running server (or a CLI command) needs, opened once."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from api import date_windows
from api.public_log import PublicLog
from api.tokens import TokenStore
from api.workbench.accounts import AccountStore
from api.workbench.once import FormSubmissions
from api.workbench.sessions import SessionStore
from domain.complaint.service import Complaints
from domain.disclosure_request.service import DisclosureRequests
from domain.information_item.service import InformationItems
from domain.office.office import Office
from domain.topic.topic import Topics
from ledger.backend import PostgresBackend
from ledger.content import ContentStore
from ledger.errors import ConfigError, IntegrityFailure, LedgerError
from ledger.ledger import Ledger
from ledger.replica import Replica
from ledger.self_audit import SelfAudit
from ledger.tiles import publish_tiles
from projections.registry import all_projections
from projections.runner import ProjectionRunner
from verify.errors import VerifyError

if TYPE_CHECKING:
    from api.witness.client import Submitter

log = logging.getLogger("gongkai.worker")
AUDIT_BATCH_ENV = "GONGKAI_AUDIT_BATCH"  # entries the self-audit checks per pass
WORKER_INTERVAL = 0.5  # seconds between the background worker's passes (settle, audit)
TILES_DIR_ENV = "GONGKAI_TILES_DIR"  # where static tiles are published (default DATA/tiles)


@dataclass
class Services:
    ledger: Ledger
    office: Office
    content: ContentStore
    tokens: TokenStore
    projections: ProjectionRunner
    _wake: threading.Event = field(default_factory=threading.Event)
    _stop: threading.Event = field(default_factory=threading.Event)
    _settling: threading.Condition = field(default_factory=threading.Condition)
    _passes_started: int = 0
    _pass_running: bool = False
    _writes: int = 0  # writes committed by this process
    _writes_settled: int = 0  # of those, how many a finished pass covered
    _caught_up_to: int = 0  # notification id every read model had reached, last pass
    _thread: threading.Thread | None = None
    last_error: str | None = None
    integrity: str | None = None  # why the stored log fails its self-audit, if it does
    integrity_failures: int = 0  # failed self-audit steps and integrations since start
    tiles_dir: Path | None = None  # static tiles (C2SP tlog-tiles) published here
    tiles_error: str | None = None  # why the last tiles publication failed, if it did
    replica: Replica | None = None  # serves public reads of the log (api/public_log.py)

    @classmethod
    def open(
        cls, data_dir: Path, database_url: str | None = None, replica_url: str | None = None
    ) -> Services:
        """Open the ledger, and the read replica at ``replica_url`` if given.

        Raises ConfigError for a replica of a ledger that is not on PostgreSQL."""
        replica = Replica.open(replica_url) if replica_url else None  # connects on first use
        ledger = Ledger.open(data_dir, database_url)
        if replica is not None and not isinstance(ledger.backend, PostgresBackend):
            replica.close()
            ledger.close()
            raise ConfigError("a read replica needs a PostgreSQL primary (GONGKAI_DATABASE_URL)")
        return cls(
            ledger=ledger,
            office=Office(ledger),
            content=ContentStore(ledger.backend, data_dir / "content"),
            tokens=TokenStore(ledger.backend),
            projections=ProjectionRunner(ledger, all_projections()),
            tiles_dir=tiles_dir_for(data_dir),
            replica=replica,
        )

    @cached_property
    def public_log(self) -> PublicLog:
        """Public reads of the log: from the replica if one is set, else the ledger."""
        return PublicLog(self.ledger, self.replica)

    def publish_tiles(self) -> None:
        """Bring the tiles directory up to the latest checkpoint; a failure makes the
        server degraded (``/readyz`` names it) until a later publication succeeds."""
        if self.tiles_dir is None or not self.ledger.initialised:
            return
        if self.ledger.checkpoint_size() == 0:
            return
        try:
            publish_tiles(self.ledger, self.tiles_dir)
        except (LedgerError, VerifyError, OSError) as exc:
            message = getattr(exc, "message", None) or str(exc)
            if self.tiles_error != message:
                log.error("tiles publication failed: %s", message)
            self.tiles_error = message
            return
        self.tiles_error = None

    @cached_property
    def auditor(self) -> SelfAudit:
        batch = int(os.environ.get(AUDIT_BATCH_ENV, "1000"))
        return SelfAudit(self.ledger.backend, lambda: self.ledger.keyring_stream, batch)

    def audit_step(self) -> None:
        """One self-audit step; a failure makes the server degraded (``/readyz``), logged
        and counted, until a later step finds every entry known bad whole again."""
        if not self.ledger.initialised:
            return
        try:
            self.auditor.step()
        except IntegrityFailure as failure:
            self._degrade(failure, "self-audit")
            return
        if self.integrity is not None:  # whole again (gongkai repair, restore): forget what
            self.ledger.forget_streams()  # was read while it was altered
        self.integrity = None

    def integrity_failed(self, failure: IntegrityFailure) -> None:
        """A read or a write found a stored entry altered: degraded at once, and the
        self-audit re-checks that entry every step until it is whole again."""
        if failure.log_index is not None and self.ledger.initialised:
            self.auditor.suspect(failure)
        self._degrade(failure, "served entry")

    def _degrade(self, failure: IntegrityFailure, found_by: str) -> None:
        self.integrity_failures += 1
        if self.integrity != failure.message:
            log.error("%s: %s: %s", found_by, failure.code, failure.message)
        self.integrity = failure.message

    @cached_property
    def accounts(self) -> AccountStore:
        """Workbench sign-in accounts (their table is made on first use)."""
        return AccountStore(self.ledger.backend)

    @cached_property
    def sessions(self) -> SessionStore:
        return SessionStore(self.ledger.backend)

    @cached_property
    def form_submissions(self) -> FormSubmissions:
        """Workbench forms posted once (``api.workbench.once``)."""
        return FormSubmissions(self.ledger.backend)

    @cached_property
    def items(self) -> InformationItems:
        return InformationItems(self.office, self.content, date_windows.formed_window())

    @cached_property
    def complaints(self) -> Complaints:
        return Complaints(self.office)

    @cached_property
    def topics(self) -> Topics:
        return Topics(self.office)

    @cached_property
    def requests(self) -> DisclosureRequests:
        requests = DisclosureRequests(self.office)
        requests.received_window = date_windows.received_window()
        return requests

    def settle(self) -> None:
        """Integrate committed entries and bring every read model up to date.

        Concurrent callers share passes: a caller returns once a pass that started
        after its call has finished, so a burst of callers pays for few passes."""
        with self._settling:
            wanted = self._passes_started + 1
            while self._pass_running:
                self._settling.wait()
            if self._passes_started >= wanted:
                return
            self._pass_running = True
            self._passes_started += 1
            writes = self._writes
        try:
            if self.ledger.initialised:
                latest = self.ledger.last_notification_id()
                self.ledger.integrate()
                self.projections.catch_up()
                self._caught_up_to = max(self._caught_up_to, latest)
            with self._settling:
                self._writes_settled = max(self._writes_settled, writes)
        finally:
            with self._settling:
                self._pass_running = False
                self._settling.notify_all()

    def wrote(self) -> None:
        """Note a committed write: the background worker settles it at once, and the
        next read in this process waits for that (``fresh``)."""
        with self._settling:
            self._writes += 1
        self._wake.set()

    @property
    def unsettled_writes(self) -> bool:
        """Whether this process committed writes that no finished pass has covered."""
        return self._writes > self._writes_settled

    def fresh(self, *, every_process: bool = False) -> None:
        """Settle before a read if this process wrote since its last pass; with
        ``every_process``, also if any process committed since (one indexed query).

        A failure to settle leaves the read to serve what is there: it is logged and
        ``/readyz`` reports it."""
        behind = self.unsettled_writes
        if not behind and every_process and self.ledger.initialised:
            behind = self.ledger.last_notification_id() > self._caught_up_to
        if not behind:
            return
        try:
            self.settle()
        except Exception:
            log.exception("settling before a read failed; serving the read models as they are")

    def start_worker(
        self, interval: float = WORKER_INTERVAL, submitters: Sequence[Submitter] = ()
    ) -> None:
        """Integrate and project in the background, on demand and every ``interval``;
        bring the witnesses of ``GONGKAI_WITNESSES`` and ``submitters`` up to date."""

        def loop() -> None:
            while not self._stop.is_set():
                self._wake.wait(interval)
                self._wake.clear()
                try:
                    self.settle()
                    self.last_error = None
                except Exception as exc:  # keep serving reads; /readyz reports it
                    self.integrity_failures += isinstance(exc, IntegrityFailure)
                    self.last_error = f"{type(exc).__name__}: {exc}"
                    log.error("background integration failed: %s", self.last_error)
                self.publish_tiles()
                self.audit_step()

        self._thread = threading.Thread(target=loop, name="gongkai-worker", daemon=True)
        self._thread.start()
        self._start_witnesses(submitters)

    def _start_witnesses(self, submitters: Sequence[Submitter]) -> None:
        """Submit each new checkpoint to the witnesses of ``GONGKAI_WITNESSES``
        (``gongkai serve`` refuses to start on an unreadable list; here it is logged)
        and to those of ``submitters``."""
        from api.witness.client import WitnessListError, start_submitter, start_submitters

        for submitter in submitters:
            start_submitter(submitter, self._stop)
        try:
            start_submitters(self.ledger, self._stop)
        except WitnessListError as exc:
            log.error("witness list: %s", exc)

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self.replica is not None:
            self.replica.close()
        self.ledger.close()


def tiles_dir_for(data_dir: Path) -> Path:
    """The tiles directory: ``GONGKAI_TILES_DIR``, or ``tiles`` in the data directory."""
    configured = os.environ.get(TILES_DIR_ENV)
    return Path(configured) if configured else data_dir / "tiles"
