"""Measurement 3 of ``gongkai bench ledger``: full verification (``LogVerifier.add``) of
the appended entries against a bare Ed25519 verify loop over the same signatures."""

from __future__ import annotations

import base64
import gc
import math
import time
from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ledger.errors import IntegrityFailure
from ledger.ledger import Ledger
from ledger.tree import StoredTree
from verify.entry import Entry
from verify.log import LogVerifier


def verify_bench(ledger: Ledger, rounds: int, out: Callable[[str], None]) -> dict[str, Any]:
    """LogVerifier.add over the ledger's entries against bare Ed25519 verifies of them."""
    entries = list(ledger.entries())
    with ledger.backend.transaction() as cur:
        root = StoredTree(cur).root(len(entries))
    keys = ledger.registry().keys
    signatures: list[tuple[Ed25519PublicKey, bytes, bytes]] = []
    for raw in entries:
        entry = Entry.from_bytes(raw)
        signatures.append(
            (keys[entry.key].public_key, base64.b64decode(entry.sig), entry.signed_bytes())
        )
    full, bare = math.inf, math.inf
    for _ in range(rounds):  # alternate and keep the best round of each: CPU-bound timing
        full = min(full, _time_log_verifier(entries, root))
        bare = min(bare, _time_raw_verify(signatures))
    n = len(entries)
    figures = {
        "entries": n,
        "ledger_per_s": n / full,
        "raw_ed25519_per_s": n / bare,
        "us_per_entry": full / n * 1e6,
        "raw_us_per_signature": bare / n * 1e6,
        "ratio": bare / full,
    }
    out(
        f"verify: LogVerifier {figures['ledger_per_s']:,.0f} entries/s "
        f"({figures['us_per_entry']:.0f} µs), raw Ed25519 {figures['raw_ed25519_per_s']:,.0f}/s "
        f"({figures['raw_us_per_signature']:.0f} µs) → ratio {figures['ratio']:.2f}× "
        f"(target ≥ 0.7×) over {n} entries"
    )
    return figures


def _time_log_verifier(entries: list[bytes], root: bytes) -> float:
    verifier = LogVerifier()
    gc.collect()
    started = time.perf_counter()
    for raw in entries:
        verifier.add(raw)
    elapsed = time.perf_counter() - started
    if verifier.root() != root:
        raise IntegrityFailure("the verifier's root differs from the ledger's")
    return elapsed


def _time_raw_verify(signatures: list[tuple[Ed25519PublicKey, bytes, bytes]]) -> float:
    gc.collect()
    started = time.perf_counter()
    for key, signature, message in signatures:
        key.verify(signature, message)
    return time.perf_counter() - started
