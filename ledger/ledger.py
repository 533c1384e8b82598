"""The ledger: append signed entries, read streams, integrate, prove, export.

Usage::

    ledger = Ledger.open(Path("var"))            # or database_url="postgresql://…"
    entries = ledger.append(stream, expected_seq, [NewEvent(...)], actor, at)
    ledger.integrate()
    note = ledger.checkpoint_note()
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, StoredEvent

from ledger.backend import Backend, open_backend
from ledger.checked import parse_stored
from ledger.errors import (
    AlreadyInitialised,
    ConcurrencyError,
    IntegrityFailure,
    KeyRefused,
    NotInitialised,
)
from ledger.events import NewEvent, Recorded
from ledger.heads import StreamHeads
from ledger.integrator import Integrator
from ledger.keys import FileKeyStore, passphrase_from_env, public_key_b64, raw_public_key
from ledger.merkle_log import MerkleLogReads
from ledger.merkle_log import latest_checkpoint_size as latest_checkpoint_size
from ledger.seal import VaultRow, format_timestamp, seal_event
from ledger.sealed_here import SealedHere
from ledger.tree import NodeCache
from verify.entry import Entry
from verify.errors import VerificationError, VerifyError
from verify.note import Checkpoint, Vkey, signature_line
from verify.registry import ROOT_HOLDER, KeyRegistry, RegisteredKey

DATABASE_URL_ENV = "GONGKAI_DATABASE_URL"
REGISTRY_TTL_SECONDS = 0.5


def singleton_stream(origin: str, name: str) -> str:
    """The fixed stream id of a per-ledger singleton (keyring, agency, calendar)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"gongkai:{origin}:{name}"))


def new_stream_id() -> str:
    return str(uuid.uuid4())


STREAM_CACHE = 4096  # entries Ledger.read keeps, whole streams (~2.7 kB each: ~11 MB)


@dataclass(frozen=True, slots=True)
class StoredEntry:
    entry: Entry
    leaf_hash: str

    def recorded(self) -> Recorded:
        at = datetime.strptime(self.entry.at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        e = self.entry
        return Recorded(e.type, e.data, e.actor, at, e.seq, self.leaf_hash)


class Ledger(MerkleLogReads):
    """One agency's ledger over one database."""

    def __init__(self, backend: Backend, keys: FileKeyStore) -> None:
        self.backend = backend
        self.keys = keys
        self.heads = StreamHeads(self.backend)
        self._streams: OrderedDict[str, tuple[StoredEntry, ...]] = OrderedDict()
        self._streams_lock = threading.Lock()
        self._streams_kept = 0  # entries in self._streams
        self._nodes = NodeCache()  # for proofs: committed tree nodes never change
        self._registry = KeyRegistry()
        self._registry_seq = 0
        self._registry_checked = 0.0
        self._lock = threading.RLock()
        self._integrate_lock = threading.Lock()
        self._meta = self._read_meta()
        self._integrator: Integrator | None = None
        self._sealed_here = SealedHere()  # what this process signed, for the integrator

    @classmethod
    def open(cls, data_dir: Path, database_url: str | None = None) -> Ledger:
        """Open (creating tables if needed) the ledger under ``data_dir``."""
        url = (
            database_url
            or os.environ.get(DATABASE_URL_ENV)
            or f"sqlite:///{data_dir / 'ledger.db'}"
        )
        backend = open_backend(url)
        backend.create_tables()
        return cls(backend, FileKeyStore(data_dir / "keys", passphrase_from_env()))

    def close(self) -> None:
        self.backend.close()

    # -- identity -------------------------------------------------------------

    @property
    def initialised(self) -> bool:
        return "origin" in self._meta

    @property
    def origin(self) -> str:
        return self._require("origin")

    @property
    def keyring_stream(self) -> str:
        return singleton_stream(self.origin, "keyring")

    def vkey(self) -> Vkey:
        """The log's verifier key in signed-note form (the public trust anchor)."""
        key = self.registry().keys[self._require("log_key")]
        return Vkey.for_key(self.origin, raw_public_key(key.public_key))

    def _require(self, name: str) -> str:
        if name not in self._meta:
            raise NotInitialised("the ledger is not initialised: run `gongkai init` first")
        return self._meta[name]

    def _read_meta(self) -> dict[str, str]:
        with self.backend.transaction() as cur:
            return {
                str(k): str(v) for k, v in cur.execute("SELECT name, value FROM gk_meta").fetchall()
            }

    # -- genesis and keys -------------------------------------------------------

    def genesis(self, origin: str, at: datetime) -> None:
        """Create root and log keys and the genesis entries. Raises AlreadyInitialised."""
        if self.initialised:
            raise AlreadyInitialised(f"this ledger is already initialised as {self.origin!r}")
        root_id, root = self.keys.generate()
        stream = singleton_stream(origin, "keyring")
        declared = NewEvent(
            "Keyring.RootDeclared",
            {"key_id": root_id, "public_key": public_key_b64(root.public_key()), "alg": "ed25519"},
        )
        self._meta = {"origin": origin}
        self._insert(stream, 0, [declared], ROOT_HOLDER, root_id, at)
        log_id = self.register_key("log", [], "log", at)
        with self.backend.transaction(write=True) as cur:
            cur.executemany(
                "INSERT INTO gk_meta (name, value) VALUES (?, ?)",
                [("origin", origin), ("root_key", root_id), ("log_key", log_id)],
            )
        self._meta = self._read_meta()
        self.integrate()

    def register_key(self, holder: str, roles: Sequence[str], purpose: str, at: datetime) -> str:
        """Generate a key for ``holder`` and register it by a root-signed entry."""
        key_id, key = self.keys.generate()
        self._keyring_append(
            "Keyring.KeyRegistered",
            {
                "key_id": key_id,
                "holder": holder,
                "public_key": public_key_b64(key.public_key()),
                "roles": sorted(roles),
                "purpose": purpose,
                "alg": "ed25519",
            },
            at,
        )
        return key_id

    def update_key_roles(self, key_id: str, roles: Sequence[str], at: datetime) -> None:
        """Re-register a key with new roles (after an officer's roles change)."""
        key = self.registry().keys[key_id]
        self._keyring_append(
            "Keyring.KeyRegistered",
            {
                "key_id": key_id,
                "holder": key.holder,
                "public_key": public_key_b64(key.public_key),
                "roles": sorted(roles),
                "purpose": key.purpose,
                "alg": "ed25519",
            },
            at,
        )

    def revoke_key(self, key_id: str, reason: str, at: datetime) -> None:
        self._keyring_append("Keyring.KeyRevoked", {"key_id": key_id, "reason": reason}, at)

    def _keyring_append(self, type_: str, data: dict[str, Any], at: datetime) -> None:
        with self._lock:
            seq = self._refresh_registry(force=True)
            root_id = self._meta.get("root_key") or self._registry.root.key_id  # type: ignore[union-attr]
            self._insert(
                self.keyring_stream, seq, [NewEvent(type_, data)], ROOT_HOLDER, root_id, at
            )
            self._refresh_registry(force=True)

    def registry(self) -> KeyRegistry:
        """The key registry with every committed Keyring entry applied."""
        self._refresh_registry()
        return self._registry

    def key_of(self, holder: str) -> RegisteredKey | None:
        return self.registry().active_key_of(holder)

    def _refresh_registry(self, force: bool = False) -> int:
        # Other processes may register or revoke keys; re-read at most every TTL.
        now = time.monotonic()
        if force or now - self._registry_checked > REGISTRY_TTL_SECONDS:
            with self._lock:
                stored = self.backend.recorder.select_events(
                    UUID(self.keyring_stream), gt=self._registry_seq
                )
                for event in stored:
                    entry = parse_stored(self.keyring_stream, event.originator_version, event.state)
                    try:
                        if entry.type == "Keyring.RootDeclared":
                            self._registry.declare_root(entry.actor, entry.key, entry.data)
                        else:
                            self._registry.apply(entry.type, entry.data)
                    except VerifyError as exc:
                        why = f"is a keyring entry that fails: {exc.message}"
                        stream = self.keyring_stream
                        raise IntegrityFailure.entry_altered(stream, entry.seq, why) from None
                    self._registry_seq = entry.seq
                self._registry_checked = now
        return self._registry_seq

    # -- append and read ---------------------------------------------------------

    def append(
        self, stream: str, expected_seq: int, events: Sequence[NewEvent], actor: str, at: datetime
    ) -> list[StoredEntry]:
        """Seal and store ``events`` after entry ``expected_seq`` of ``stream``.

        Raises KeyRefused if the actor's key may not sign them, ConcurrencyError if
        the stream has moved on (nothing is written then).
        """
        registry = self.registry()
        key = registry.active_key_of(actor)
        if key is None:
            raise KeyRefused(f"{actor} holds no registered, unrevoked signing key", actor=actor)
        for event in events:
            try:
                registry.check(event.type, actor, key.key_id)
            except VerificationError as exc:
                raise KeyRefused(exc.message, cause=exc.code, actor=actor) from None
        return self._insert(stream, expected_seq, events, actor, key.key_id, at)

    def _insert(
        self,
        stream: str,
        expected_seq: int,
        events: Sequence[NewEvent],
        actor: str,
        key_id: str,
        at: datetime,
    ) -> list[StoredEntry]:
        private_key = self.keys.private_key(key_id)
        prev = self._prev(stream, expected_seq)
        stamp = format_timestamp(at)
        sealed: list[StoredEntry] = []
        vault: list[VaultRow] = []
        for offset, event in enumerate(events, start=1):
            entry, rows = seal_event(
                event,
                origin=self.origin,
                stream=stream,
                seq=expected_seq + offset,
                prev=prev,
                actor=actor,
                key_id=key_id,
                private_key=private_key,
                at=stamp,
            )
            vault.extend(rows)
            leaf = entry.leaf_hash().hex()
            sealed.append(StoredEntry(entry, leaf))
            prev = leaf
        if vault:
            self._write_vault(vault)
        try:
            self.backend.recorder.insert_events(
                [StoredEvent(UUID(stream), s.entry.seq, s.entry.type, s.entry.raw) for s in sealed]
            )
        except BaseException as exc:
            self.heads.forget(stream)
            if vault:  # the entry that would cite them was never stored
                self._delete_vault(vault)
            if not isinstance(exc, IntegrityError):
                raise
            raise ConcurrencyError(
                f"stream {stream} already has an entry with seq {expected_seq + 1}",
                stream=stream,
                seq=expected_seq + 1,
            ) from None
        self.heads.sealed(stream, sealed[-1].entry.seq, sealed[-1].leaf_hash)
        self._sealed_here.add(bytes.fromhex(s.leaf_hash) for s in sealed)
        return sealed

    def _prev(self, stream: str, expected_seq: int) -> str | None:
        try:
            return self.heads.prev(stream, expected_seq)
        except IntegrityFailure:
            with self._streams_lock:  # replay it from the store next time, not from memory
                self._streams.pop(stream, None)
            raise

    def _write_vault(self, rows: Sequence[VaultRow]) -> None:
        with self.backend.transaction(write=True) as cur:
            cur.executemany(
                "INSERT INTO gk_vault (commitment, value, nonce, stream, field) VALUES (?,?,?,?,?)",
                [(r.commitment, r.value_json, r.nonce_hex, r.stream, r.field) for r in rows],
            )

    def _delete_vault(self, rows: Sequence[VaultRow]) -> None:
        with self.backend.transaction(write=True) as cur:
            cur.executemany(
                "DELETE FROM gk_vault WHERE commitment = ?", [(r.commitment,) for r in rows]
            )

    def read(self, stream: str) -> list[StoredEntry]:
        """Every entry of ``stream`` in sequence order (empty if none).

        Committed entries never change, so those already read are kept (up to
        ``STREAM_CACHE`` entries, of the streams read most recently) and only newer ones
        are fetched: replaying an officer or an item on every request costs one query,
        not a parse of its whole history."""
        with self._streams_lock:
            known = self._streams.get(stream, ())
        after = known[-1].entry.seq if known else None
        fetched = []
        for event in self.backend.recorder.select_events(UUID(stream), gt=after):
            entry = parse_stored(stream, event.originator_version, event.state)
            fetched.append(StoredEntry(entry, entry.leaf_hash().hex()))
        result = known + tuple(fetched)
        if result:
            self.heads.read(stream, result[-1].entry.seq, result[-1].leaf_hash)
            with self._streams_lock:
                kept = self._streams.get(stream, ())
                if len(result) >= len(kept):
                    self._streams[stream] = result
                    self._streams_kept += len(result) - len(kept)
                self._streams.move_to_end(stream)
                while self._streams_kept > STREAM_CACHE and len(self._streams) > 1:
                    self._streams_kept -= len(self._streams.popitem(last=False)[1])
        return list(result)

    def forget_streams(self) -> None:
        """Drop every stream kept by ``read`` (and the heads read with them): after a
        repair, entries read while a row was altered must be read again."""
        with self._streams_lock:
            for stream in self._streams:
                self.heads.forget(stream)
            self._streams.clear()
            self._streams_kept = 0

    def last_notification_id(self) -> int:
        """The notification id of the newest committed entry (0 for none): entries
        up to it are what a settle pass that starts now will integrate."""
        table, column = self.backend.events_table, self.backend.notification_column
        with self.backend.transaction() as cur:
            row = cur.execute(f"SELECT COALESCE(MAX({column}), 0) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    # -- the Merkle log -------------------------------------------------------------

    def integrate(self) -> int:
        """Add committed entries to the Merkle log and sign a checkpoint."""
        with self._integrate_lock:  # the integrator's cached state is per process
            if self._integrator is None:
                self._integrator = Integrator(
                    self.backend, self._sign_checkpoint, self.keyring_stream, self._sealed_here
                )
            return self._integrator.run()

    def _sign_checkpoint(self, size: int, root: bytes) -> str:
        log_key = self.keys.private_key(self._require("log_key"))
        vkey = Vkey.for_key(self.origin, raw_public_key(log_key.public_key()))
        body = Checkpoint(self.origin, size, root).body()
        signature = log_key.sign(body.encode("utf-8"))
        return body + "\n" + signature_line(vkey.name, vkey.key_hash, signature)
