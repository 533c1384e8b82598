"""The running server's own audit: integrated entries re-checked, always.

Each step re-checks the entries ``AuditSchedule`` picks (the whole log newest first,
then the newest tenth often and the rest in a rolling window), plus every entry found
bad before (by a step, or by a read that served it). An entry passes when

- its stored bytes still hash to the leaf hash the Merkle log integrated,
- they are a canonical entry of that stream and seq,
- its ``prev`` is the integrated leaf hash of the stream's previous entry (chain), and
- its Ed25519 signature verifies under the key it names, from the integrated keyring.

``gongkai verify`` checks more (the key registry at each position, roles, the tree and
checkpoint); this is the part cheap enough to run forever in the background.
"""

from __future__ import annotations

import base64
import binascii
import threading
from collections.abc import Callable

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ledger.audit_schedule import AuditSchedule
from ledger.backend import Backend
from ledger.checked import LoggedRow, check_row, checked_rows, parse_logged, select_sql
from ledger.errors import IntegrityFailure
from verify.errors import SignatureInvalid
from verify.registry import key_id_of


class SelfAudit:
    """Re-checks ``batch`` scheduled entries per step, and every entry known bad."""

    def __init__(
        self, backend: Backend, keyring_stream: str | Callable[[], str], batch: int = 1000
    ) -> None:
        """``keyring_stream``: its id, or how to learn it once the ledger is initialised."""
        self._backend = backend
        self._keyring_stream = keyring_stream
        self.batch = batch
        self.schedule = AuditSchedule()
        self.bad: dict[int, IntegrityFailure] = {}  # log index -> why it fails
        self.checked = 0  # entries checked since start
        self._keys: dict[str, Ed25519PublicKey] = {}
        self._keyring_size = -1
        self._suspects: list[IntegrityFailure] = []  # found by reads, in other threads
        self._lock = threading.Lock()

    def suspect(self, failure: IntegrityFailure) -> None:
        """Note an entry a read found bad: every step re-checks it until it is whole."""
        if failure.log_index is not None:
            with self._lock:
                self._suspects.append(failure)

    def step(self) -> None:
        """Check the next scheduled entries and those known bad. Raises IntegrityFailure
        naming the first entry of the log that fails, while any does."""
        with self._lock:
            suspects, self._suspects = self._suspects, []
        for failure in suspects:
            self.bad.setdefault(failure.log_index or 0, failure)
        with self._backend.transaction() as cur:
            row = cur.execute("SELECT COALESCE(MAX(idx) + 1, 0) FROM gk_leaves").fetchone()
            size = int(row[0]) if row else 0
            sql = select_sql(self._backend, "l.idx >= ? AND l.idx < ?", with_prev=True)
            rows = []
            for start, stop in self.schedule.next(size, self.batch):
                rows.extend(cur.execute(sql, (start, stop)).fetchall())
            for index in sorted(self.bad):
                rows.extend(cur.execute(sql, (index, index + 1)).fetchall())
        seen: set[int] = set()
        for index, stream, seq, leaf, state, prev in rows:
            if int(index) in seen:
                continue
            seen.add(int(index))
            try:
                self._check(check_row(index, stream, seq, leaf, state), prev)
            except IntegrityFailure as failure:  # (a keyring entry's, if that is what failed)
                self.bad[int(index) if failure.log_index is None else failure.log_index] = failure
            else:
                self.bad.pop(int(index), None)
        self.bad = {i: f for i, f in self.bad.items() if i < size}  # a log never shrinks
        self.checked += len(seen)
        if self.bad:
            raise self.bad[min(self.bad)]

    def _check(self, row: LoggedRow, prev: object) -> None:
        entry = parse_logged(row)
        expected_prev = None if prev is None else str(prev)
        if entry.prev != expected_prev:
            raise IntegrityFailure.entry_altered(
                row.stream,
                row.seq,
                f"does not chain to the stream's previous entry (prev {entry.prev}, "
                f"integrated {expected_prev})",
                log_index=row.index,
            )
        key = self._key(entry.key)
        if key is None:
            raise IntegrityFailure.entry_altered(
                row.stream,
                row.seq,
                f"names key {entry.key}, not in the keyring",
                log_index=row.index,
            )
        try:
            entry.verify_signature(key)
        except SignatureInvalid:
            raise IntegrityFailure.entry_altered(
                row.stream,
                row.seq,
                f"has a signature that does not verify under key {entry.key}",
                log_index=row.index,
            ) from None

    def _key(self, key_id: str) -> Ed25519PublicKey | None:
        if key_id not in self._keys:
            self._load_keys()
        return self._keys.get(key_id)

    def _load_keys(self) -> None:
        """Every public key the integrated keyring declares or registers."""
        stream = self._keyring_stream
        rows = checked_rows(
            self._backend, "l.stream = ?", (stream if isinstance(stream, str) else stream(),)
        )
        if len(rows) == self._keyring_size:
            return
        keys: dict[str, Ed25519PublicKey] = {}
        for row in rows:
            entry = parse_logged(row)
            if entry.type in ("Keyring.RootDeclared", "Keyring.KeyRegistered"):
                key_id, key = _public_key(row, entry.data)
                keys[key_id] = key
        self._keys, self._keyring_size = keys, len(rows)


def _public_key(row: LoggedRow, data: dict[str, object]) -> tuple[str, Ed25519PublicKey]:
    try:
        raw = base64.b64decode(str(data["public_key"]), validate=True)
        key = Ed25519PublicKey.from_public_bytes(raw)
    except (KeyError, ValueError, binascii.Error):
        raise IntegrityFailure.entry_altered(
            row.stream,
            row.seq,
            "is a keyring entry without a valid public key",
            log_index=row.index,
        ) from None
    if data.get("key_id") != key_id_of(raw):
        raise IntegrityFailure.entry_altered(
            row.stream,
            row.seq,
            "is a keyring entry whose key_id is not its key's",
            log_index=row.index,
        )
    return key_id_of(raw), key
