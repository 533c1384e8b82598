"""Integrated entries read back only with their check.

Every read that serves an integrated entry (the API's entries, the public pages, the
bundles, the self-audit) goes through ``checked_rows``: the stored bytes must still
hash to the leaf hash the Merkle log integrated for them, or the read fails with an
``IntegrityFailure`` naming the entry (log index, stream, seq) instead of serving bytes
that differ from what the inclusion proofs prove. ``parse_logged`` also reads the bytes
as an entry, so a malformed row is the same clear failure, never a crash.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ledger.backend import Backend, Cursor
from ledger.errors import IntegrityFailure
from verify.entry import Entry
from verify.errors import VerifyError
from verify.merkle import leaf_hash


@dataclass(frozen=True, slots=True)
class LoggedRow:
    """One integrated entry whose stored bytes hash to its recorded leaf hash."""

    index: int
    stream: str
    seq: int
    leaf_hash: str
    raw: bytes


def select_sql(backend: Backend, where: str, *, with_prev: bool = False) -> str:
    """The query of integrated entries (``l``: leaf, ``e``: stored row, ``p``: the leaf
    of the stream's previous entry) matching ``where``, in log order; rows whose event
    is gone come back with a NULL state, so they are noticed, not skipped."""
    table, column = backend.events_table, backend.notification_column
    prev = ", p.leaf_hash" if with_prev else ""
    join_prev = (
        " LEFT JOIN gk_leaves p ON p.stream = l.stream AND p.seq = l.seq - 1" if with_prev else ""
    )
    return (
        f"SELECT l.idx, l.stream, l.seq, l.leaf_hash, e.state{prev} FROM gk_leaves l "
        f"LEFT JOIN {table} e ON e.{column} = l.notification_id{join_prev} "
        f"WHERE {where} ORDER BY l.idx"
    )


def check_row(index: object, stream: object, seq: object, leaf: object, state: object) -> LoggedRow:
    """The row, if its stored bytes hash to the leaf hash the log integrated.

    Raises IntegrityFailure naming the entry if they are altered or gone."""
    expected, name, number, position = str(leaf), str(stream), int(str(seq)), int(str(index))
    if state is None:
        raise IntegrityFailure.entry_altered(
            name, number, "is gone from the store", log_index=position
        )
    raw = bytes(state)  # type: ignore[call-overload]
    actual = leaf_hash(raw).hex()
    if actual != expected:
        raise IntegrityFailure.entry_altered(
            name,
            number,
            "was altered in the store: its bytes no longer hash to the integrated leaf hash",
            log_index=position,
            expected=expected,
            actual=actual,
        )
    return LoggedRow(position, name, number, expected, raw)


def checked_rows(
    backend: Backend, where: str, params: Sequence[object], cur: Cursor | None = None
) -> list[LoggedRow]:
    """Integrated entries matching ``where`` (over ``l``, the leaf table), checked.

    Raises IntegrityFailure at the first one altered or gone."""
    if cur is None:
        with backend.transaction() as own:
            rows = own.execute(select_sql(backend, where), params).fetchall()
    else:
        rows = cur.execute(select_sql(backend, where), params).fetchall()
    return [check_row(*row) for row in rows]


def parse_logged(row: LoggedRow) -> Entry:
    """The entry a checked row holds. Raises IntegrityFailure if its bytes are not a
    canonical entry of that stream and seq (the leaf table itself was altered)."""
    return parse_stored(row.stream, row.seq, row.raw, log_index=row.index)


def parse_stored(stream: str, seq: int, raw: bytes, *, log_index: int | None = None) -> Entry:
    """Stored bytes read as the entry (stream, seq). Raises IntegrityFailure naming
    it if they are not one."""
    try:
        entry = Entry.from_bytes(raw)
    except VerifyError as exc:
        raise IntegrityFailure.entry_altered(
            stream, seq, f"cannot be read as an entry ({exc.message})", log_index=log_index
        ) from None
    if entry.stream != stream or entry.seq != seq:
        raise IntegrityFailure.entry_altered(
            stream,
            seq,
            f"holds the entry of stream {entry.stream}, seq {entry.seq}",
            log_index=log_index,
        )
    return entry
