"""Reads the public pages need beyond the read models' own queries: the site's name,
the latest signed checkpoint, and the ledger steps (entry type, time, leaf hash) behind
the log indices a read model cites."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from api.services import Services
from domain.errors import NotFound
from ledger.errors import LedgerError
from verify.errors import InputError
from verify.note import Checkpoint, SignedNote


@dataclass(frozen=True)
class Site:
    """What every page shows in its header and footer."""

    agency: str
    origin: str
    initialised: bool


@dataclass(frozen=True)
class CheckpointView:
    note: str
    size: int
    root_hex: str
    vkey: str


@dataclass(frozen=True)
class Step:
    """One ledger entry behind a row: its position, leaf hash, type and time."""

    index: int
    leaf_hash: str
    type: str
    at: str


def site(services: Services) -> Site:
    ledger = services.ledger
    if not ledger.initialised:
        return Site("政务公开", "", False)
    try:
        agency = services.office.agency().name
    except NotFound:
        agency = ledger.origin
    return Site(agency, ledger.origin, True)


def latest_checkpoint(services: Services) -> CheckpointView | None:
    """The latest signed checkpoint, parsed for display; None before the first one."""
    ledger = services.ledger
    try:
        note = ledger.checkpoint_note()
        body = Checkpoint.from_body(SignedNote.from_text(note).body)
    except (LedgerError, InputError):
        return None
    return CheckpointView(note, body.size, body.root_hash.hex(), ledger.vkey().to_text())


def steps(services: Services, indices: Iterable[int]) -> list[Step]:
    """The entries at ``indices`` (integrated ones only), in log order."""
    ledger = services.ledger
    size = ledger.checkpoint_size()
    found: list[Step] = []
    for index in sorted({i for i in indices if 0 <= i < size}):
        for i, raw in ledger.indexed_entries(index, index + 1):
            entry = json.loads(raw)
            leaf = hashlib.sha256(b"\x00" + raw).hexdigest()
            found.append(Step(i, leaf, str(entry["type"]), str(entry["at"])))
    return found


def ledger_years(services: Services) -> list[int]:
    """The years from the ledger's first integrated entry to its last, newest first."""
    ledger = services.ledger
    size = ledger.checkpoint_size() if ledger.initialised else 0
    if size == 0:
        return []
    ends = [raw for i in (0, size - 1) for _, raw in ledger.indexed_entries(i, i + 1)]
    first, last = (int(str(json.loads(raw)["at"])[:4]) for raw in ends)
    return list(range(last, first - 1, -1))
