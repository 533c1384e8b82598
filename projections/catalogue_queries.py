"""Reads of the catalogue read model (``projections.catalogue``): plain SQL given a
cursor, returning typed rows. Public reads see published and withdrawn items only;
drafts, items under review and withheld items appear only in the officers' list
(and a withheld item publicly only as its non-disclosure register row).

Pages are ordered by a log index (newest first), so the cursor — the last index
seen — stays valid while new items are published.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from typing import Any, Generic, TypeVar

from ledger.backend import Cursor
from projections.runner import LIVE, Tables

T = Tables(LIVE)
R = TypeVar("R")
PUBLIC_STATUSES = ("published", "withdrawn")
_JSON = frozenset({"leaf_hashes", "log_indices"})
_BOOL = frozenset(
    {
        "title_sealed",
        "approved",
        "late",
        "publish_by_provisional",
        "available",
        "withdrawn_for_secrecy",
    }
)


@dataclass(frozen=True)
class ItemRow:
    item_id: str
    title: str | None
    title_sealed: bool
    category: str
    doc_number: str | None
    formed_on: str
    proposed_attribute: str
    attribute: str | None
    status: str
    current_sha256: str
    versions: int
    published_sha256: str | None
    published_on: str | None
    publish_by: str | None
    late: bool | None
    published_leaf_hash: str | None
    published_index: int | None
    first_published_index: int | None
    drafted_leaf_hash: str
    drafted_index: int
    last_leaf_hash: str
    last_index: int


@dataclass(frozen=True)
class VersionRow:
    n: int
    sha256: str
    origin: str
    since: str
    secrecy: str | None
    approved: bool
    published_on: str | None
    publish_by: str | None
    publish_by_provisional: bool | None
    late: bool | None
    channel: str | None
    url: str | None
    withdrawn_on: str | None
    leaf_hashes: list[str]
    log_indices: list[int]


@dataclass(frozen=True)
class ClarificationRow:
    sha256: str
    secrecy: str | None
    clarifies: str | None
    channel: str | None
    url: str | None
    published_on: str | None
    published_index: int | None
    leaf_hashes: list[str]
    log_indices: list[int]


@dataclass(frozen=True)
class WithdrawalRow:
    item_id: str
    sha256: str
    reason: str
    legal_basis: str
    withdrawn_on: str
    leaf_hash: str
    log_index: int


@dataclass(frozen=True)
class NonDisclosureRow:
    item_id: str
    ground: str
    basis: str
    filed_at: str
    leaf_hash: str
    log_index: int


@dataclass(frozen=True)
class ContentStatus:
    """Whether the bytes of one hash may be served publicly."""

    sha256: str
    available: bool
    withdrawn_for_secrecy: bool
    withdrawal_leaf_hash: str | None


@dataclass(frozen=True)
class Page(Generic[R]):
    rows: list[R]
    next_cursor: str | None


@dataclass(frozen=True)
class Summary:
    published: int
    withdrawn: int
    withheld: int
    by_category: dict[str, int]
    versions_published: int
    late_publications: int


def _columns(cls: type[Any], alias: str = "") -> str:
    return ", ".join(alias + f.name for f in fields(cls))


def _build(cls: type[R], row: tuple[Any, ...] | Any) -> R:
    values = []
    for f, value in zip(fields(cls), row, strict=True):  # type: ignore[arg-type]
        if f.name in _JSON:
            value = json.loads(value)
        elif f.name in _BOOL and value is not None:
            value = bool(value)
        values.append(value)
    return cls(*values)


def _rows(cur: Cursor, cls: type[R], sql: str, params: tuple[Any, ...] = ()) -> list[R]:
    return [_build(cls, row) for row in cur.execute(sql, params).fetchall()]


def is_cursor(value: str) -> bool:
    """Whether ``value`` can name a log index: ASCII digits, a BIGINT at most (``²``
    passes ``str.isdigit`` but not ``int``)."""
    return re.fullmatch(r"[0-9]{1,18}", value) is not None


def _cursor(value: str | None) -> int | None:
    """The log index a page cursor names; an unreadable cursor starts from the top."""
    if value is None or not is_cursor(value):
        return None
    return int(value)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# --- the catalogue ----------------------------------------------------------------------


def catalogue_page(
    cur: Cursor,
    *,
    statuses: tuple[str, ...] = ("published",),
    category: str | None = None,
    q: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[ItemRow]:
    """Items ever published, newest first publication first (public statuses only)."""
    statuses = tuple(s for s in statuses if s in PUBLIC_STATUSES) or ("published",)
    return _item_page(cur, "first_published_index", statuses, category, q, cursor, limit)


def officer_page(
    cur: Cursor,
    *,
    status: str | None = None,
    category: str | None = None,
    q: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[ItemRow]:
    """Every item, drafts included, newest draft first (for officers)."""
    statuses = (status,) if status else ()
    return _item_page(cur, "drafted_index", statuses, category, q, cursor, limit)


def _item_page(
    cur: Cursor,
    key: str,
    statuses: tuple[str, ...],
    category: str | None,
    q: str | None,
    cursor: str | None,
    limit: int,
) -> Page[ItemRow]:
    where, params = [f"{key} IS NOT NULL"], list[Any]()
    if statuses:
        where.append(f"status IN ({', '.join('?' for _ in statuses)})")
        params.extend(statuses)
    if category:
        where.append("category = ?")
        params.append(category)
    if q:
        where.append("(title LIKE ? ESCAPE '\\' OR doc_number LIKE ? ESCAPE '\\')")
        params.extend([_like(q), _like(q)])
    after = _cursor(cursor)
    if after is not None:
        where.append(f"{key} < ?")
        params.append(after)
    rows = _rows(
        cur,
        ItemRow,
        f"SELECT {_columns(ItemRow)} FROM {T['catalogue_items']} WHERE {' AND '.join(where)} "
        f"ORDER BY {key} DESC LIMIT ?",
        (*params, limit + 1),
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, str(getattr(rows[-1], key)) if more else None)


def item(cur: Cursor, item_id: str, *, public: bool = True) -> ItemRow | None:
    """One item; publicly only if it was ever published."""
    found = _rows(
        cur,
        ItemRow,
        f"SELECT {_columns(ItemRow)} FROM {T['catalogue_items']} WHERE item_id = ?",
        (item_id,),
    )
    if not found or (public and found[0].first_published_index is None):
        return None
    return found[0]


def versions(cur: Cursor, item_id: str, *, public: bool = True) -> list[VersionRow]:
    """The item's versions, oldest first; publicly only those that were published."""
    only = " AND published_on IS NOT NULL" if public else ""
    return _rows(
        cur,
        VersionRow,
        f"SELECT {_columns(VersionRow)} FROM {T['catalogue_versions']} "
        f"WHERE item_id = ?{only} ORDER BY n",
        (item_id,),
    )


def clarifications(cur: Cursor, item_id: str, *, public: bool = True) -> list[ClarificationRow]:
    only = " AND published_on IS NOT NULL" if public else ""
    return _rows(
        cur,
        ClarificationRow,
        f"SELECT {_columns(ClarificationRow)} FROM {T['catalogue_clarifications']} "
        f"WHERE item_id = ?{only} ORDER BY published_index, sha256",
        (item_id,),
    )


def withdrawal(cur: Cursor, item_id: str) -> WithdrawalRow | None:
    found = _rows(
        cur,
        WithdrawalRow,
        f"SELECT {_columns(WithdrawalRow)} FROM {T['catalogue_withdrawals']} WHERE item_id = ?",
        (item_id,),
    )
    return found[0] if found else None


def withdrawals_page(
    cur: Cursor, *, cursor: str | None = None, limit: int = 50
) -> Page[WithdrawalRow]:
    """The withdrawals register, newest first."""
    return _register(cur, WithdrawalRow, "catalogue_withdrawals", cursor, limit)


def non_disclosures_page(
    cur: Cursor, *, cursor: str | None = None, limit: int = 50
) -> Page[NonDisclosureRow]:
    """The non-disclosure register (不予公开备案): ground and basis only, newest first."""
    return _register(cur, NonDisclosureRow, "catalogue_non_disclosures", cursor, limit)


_REGISTER_KEY = "log_index"


def _register(cur: Cursor, cls: type[R], table: str, cursor: str | None, limit: int) -> Page[R]:
    after = _cursor(cursor)
    where, params = ("WHERE log_index < ?", (after,)) if after is not None else ("", ())
    rows = _rows(
        cur,
        cls,
        f"SELECT {_columns(cls)} FROM {T[table]} {where} ORDER BY log_index DESC LIMIT ?",
        (*params, limit + 1),
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, str(getattr(rows[-1], _REGISTER_KEY)) if more else None)


def content_status(cur: Cursor, sha256: str) -> ContentStatus | None:
    """None if no published text has this hash; withdrawn for secrecy wins over any
    other item that published the same bytes."""
    row = cur.execute(
        "SELECT MAX(available), MAX(withdrawn_for_secrecy), MAX(withdrawal_leaf_hash) "
        f"FROM {T['content_status']} WHERE sha256 = ?",
        (sha256,),
    ).fetchone()
    if row is None or row[0] is None:
        return None
    secret = bool(row[1])
    if not secret and not row[0]:
        return None
    return ContentStatus(sha256, bool(row[0]) and not secret, secret, row[2])


def summary(cur: Cursor) -> Summary:
    """Counts for the public: items by status and category, late publications (Art. 26)."""
    items, versions_table = T["catalogue_items"], T["catalogue_versions"]
    by_status = {
        str(s): int(n)
        for s, n in cur.execute(f"SELECT status, COUNT(*) FROM {items} GROUP BY status").fetchall()
    }
    by_category = cur.execute(
        f"SELECT category, COUNT(*) FROM {items} WHERE status = 'published' "
        "GROUP BY category ORDER BY category"
    ).fetchall()
    counts = cur.execute(
        "SELECT COUNT(*), COALESCE(SUM(late), 0) FROM "
        f"{versions_table} WHERE published_on IS NOT NULL"
    ).fetchone()
    published, late = (int(counts[0]), int(counts[1])) if counts else (0, 0)
    return Summary(
        published=int(by_status.get("published", 0)),
        withdrawn=int(by_status.get("withdrawn", 0)),
        withheld=int(by_status.get("withheld", 0)),
        by_category={str(c): int(n) for c, n in by_category},
        versions_published=published,
        late_publications=late,
    )


def status_counts(cur: Cursor) -> dict[str, int]:
    """Every item's status, counted (drafts included): the officers' queue sizes."""
    items = T["catalogue_items"]
    rows = cur.execute(f"SELECT status, COUNT(*) FROM {items} GROUP BY status").fetchall()
    return {str(status): int(count) for status, count in rows}
