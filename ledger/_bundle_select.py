"""Selecting a bundle's entries from the ledger's leaf table (``gk_leaves``).

``gk_leaves`` holds each leaf's stream, seq, type, actor and timestamp (indexed on
actor and time), so selections are one query joined to the stored events, always
bounded by the checkpoint's tree size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ledger.checked import checked_rows, parse_logged
from ledger.errors import BundleError, SelectionEmpty
from ledger.ledger import Ledger
from verify.bundle_format import CST, Selection
from verify.entry import Entry


@dataclass(frozen=True, slots=True)
class Row:
    """One entry of the log: its index, bytes, parsed form and leaf hash."""

    index: int
    raw: bytes
    entry: Entry
    leaf: str


def select(ledger: Ledger, selection: Selection, size: int) -> list[Row]:
    """The selected entries among the first ``size`` leaves, in log order.

    Raises SelectionEmpty if nothing matches, BundleError if a request number is
    ambiguous or an officer selection has no dates.
    """
    if selection.kind == "stream":
        rows = _rows(ledger, "l.stream = ?", (selection.value,), size)
    elif selection.kind == "request":
        stream = _request_stream(ledger, selection.value, size)
        rows = _rows(ledger, "l.stream = ?", (stream,), size)
    elif selection.start is not None and selection.end is not None:
        since, until = _cst_midnight(selection.start), _cst_midnight(selection.end + timedelta(1))
        where = "l.actor = ? AND l.at >= ? AND l.at < ?"
        rows = _rows(ledger, where, (selection.value, since, until), size)
    else:
        raise BundleError(f"selection {selection.to_text()!r} is incomplete")
    if not rows:
        raise SelectionEmpty(f"no entries match {selection.to_text()}")
    return rows


def _cst_midnight(day: date) -> str:
    # Midnight in China Standard Time, as the UTC timestamp text gk_leaves.at holds.
    start = datetime(day.year, day.month, day.day) - CST
    return start.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _rows(ledger: Ledger, where: str, params: Sequence[object], stop: int) -> list[Row]:
    rows = []
    for logged in checked_rows(ledger.backend, f"{where} AND l.idx < ?", (*params, stop)):
        entry = parse_logged(logged)
        rows.append(Row(logged.index, entry.raw, entry, logged.leaf_hash))
    return rows


def _request_stream(ledger: Ledger, number: str, size: int) -> str:
    received = _rows(ledger, "l.type = ?", ("DisclosureRequest.Received",), size)
    streams = {r.entry.stream for r in received if r.entry.data.get("number") == number}
    if not streams:
        raise SelectionEmpty(f"no disclosure request numbered {number!r}")
    if len(streams) > 1:
        raise BundleError(f"{len(streams)} requests are numbered {number!r}; choose --stream")
    return streams.pop()


def keyring_rows(ledger: Ledger, stop: int) -> list[Row]:
    """Every Keyring entry at a log index below ``stop``, in log order. Raises IntegrityFailure."""
    return _rows(ledger, "l.stream = ?", (ledger.keyring_stream,), stop)
