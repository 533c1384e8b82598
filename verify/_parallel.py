"""Signature checks in worker processes, with exactly the sequential verifier's result.

``LogVerifier`` (with ``defer=signatures.defer``) stays the one sequential pass: it
parses each entry, resolves its key at its log position, checks the chain and folds the
leaf into the tree. The Ed25519 checks of non-keyring entries are collected here into
chunks and verified by a process pool. So that the outcome is the sequential one:

- chunks are read back in the order they were sent, and a worker reports the first bad
  signature of its chunk, so the first bad signature found is the lowest log index;
- before any failure of the sequential pass is reported, every signature deferred
  before it is settled (``settle``): a bad signature earlier in the log wins;
- the failing entry is checked again in this process, raising the very error the
  sequential verifier raises.

At most ``2 × jobs`` chunks are in flight, so memory stays flat. No pool is started
for a log smaller than one chunk.
"""

from __future__ import annotations

import base64
import binascii
import multiprocessing
from collections import deque
from multiprocessing.pool import AsyncResult, Pool
from types import TracebackType

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from verify.entry import Entry
from verify.errors import EntryRejected, VerificationError
from verify.registry import RegisteredKey

CHUNK_SIZE = 2000

Work = tuple[bytes, bytes, str]  # raw public key, signed bytes, base64 signature
Ref = tuple[int, bytes, RegisteredKey]  # log index, entry bytes, key

_keys: dict[bytes, Ed25519PublicKey] = {}


def first_bad_signature(chunk: list[Work]) -> int | None:
    """Position of the first entry of ``chunk`` whose signature fails, or None.

    Raises nothing: a malformed signature counts as a failed one.
    """
    for position, (raw_key, message, sig) in enumerate(chunk):
        key = _keys.get(raw_key)
        if key is None:
            key = _keys[raw_key] = Ed25519PublicKey.from_public_bytes(raw_key)
        try:
            key.verify(base64.b64decode(sig, validate=True), message)
        except (InvalidSignature, binascii.Error, ValueError):
            return position
    return None


class ParallelSignatures:
    """Collects deferred signature checks and settles them in log order."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: Pool | None = None
        self._pending: deque[tuple[AsyncResult[int | None], list[Ref]]] = deque()
        self._work: list[Work] = []
        self._refs: list[Ref] = []
        self._raw_keys: dict[str, bytes] = {}

    def __enter__(self) -> ParallelSignatures:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._pool is not None:
            if exc is None:  # every task was settled: let the workers finish cleanly
                self._pool.close()
            else:
                self._pool.terminate()
            self._pool.join()

    def defer(self, index: int, entry: Entry, key: RegisteredKey) -> None:
        """Queue the signature check of the entry at log ``index``. Raises EntryRejected."""
        raw_key = self._raw_keys.get(key.key_id)
        if raw_key is None:
            raw_key = key.public_key.public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw
            )
            self._raw_keys[key.key_id] = raw_key
        self._work.append((raw_key, entry.signed_bytes(), entry.sig))
        self._refs.append((index, entry.raw, key))
        if len(self._work) >= CHUNK_SIZE:
            self._send()
            while len(self._pending) > 2 * self.jobs:
                self._settle_oldest()

    def settle(self) -> None:
        """Check every queued signature. Raises EntryRejected for the first bad one."""
        if self._pool is None:  # a log smaller than one chunk: not worth the processes
            _report(self._refs, first_bad_signature(self._work))
            self._work, self._refs = [], []
            return
        if self._work:
            self._send()
        while self._pending:
            self._settle_oldest()

    def _send(self) -> None:
        if self._pool is None:
            # forkserver: workers never inherit a threaded parent's locks (test runners,
            # servers), the known cause of pools that hang on shutdown after a fork.
            self._pool = multiprocessing.get_context("forkserver").Pool(self.jobs)
        result = self._pool.apply_async(first_bad_signature, (self._work,))
        self._pending.append((result, self._refs))
        self._work, self._refs = [], []

    def _settle_oldest(self) -> None:
        result, refs = self._pending.popleft()
        _report(refs, result.get())


def _report(refs: list[Ref], bad: int | None) -> None:
    """Raise, for the entry at ``bad``, the error the sequential verifier raises."""
    if bad is None:
        return
    index, raw, key = refs[bad]
    entry = Entry.from_bytes(raw)
    try:
        entry.verify_signature(key.public_key)
    except VerificationError as exc:
        raise EntryRejected(exc, index, entry) from None
    raise EntryRejected(  # a worker and this process disagree: never expected
        VerificationError("signature check gave different results in two processes"),
        index,
        entry,
    )
