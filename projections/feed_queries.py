"""Reads for the public feeds and downloads: what changed in the catalogue and the
request register, newest first by log index, and every row for the CSV downloads.

Only public facts: published and withdrawn items (never a sealed title), and the
register's own columns (never anything about an applicant but an organisation's type).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from domain.information_item.rules import CATEGORIES
from ledger.backend import Cursor
from projections.catalogue_queries import ItemRow, _build, _columns
from projections.register_queries import RegisterRow, _row
from projections.runner import LIVE, Tables

T = Tables(LIVE)


@dataclass(frozen=True)
class Change:
    """One public change: a publication, a correction or a withdrawal of an item."""

    kind: str  # published | corrected | withdrawn
    item_id: str
    title: str | None
    category: str
    doc_number: str | None
    sha256: str
    on: str
    detail: str | None
    log_index: int


def _title(title: object, sealed: object) -> str | None:
    return None if sealed else (None if title is None else str(title))


def publications(cur: Cursor, *, limit: int = 50) -> list[Change]:
    """Every published version (first publications and republished corrections)."""
    rows = cur.execute(
        "SELECT v.item_id, i.title, i.title_sealed, i.category, i.doc_number, v.sha256, "
        "v.published_on, v.origin, v.log_indices, v.n "
        f"FROM {T['catalogue_versions']} v JOIN {T['catalogue_items']} i "
        "ON i.item_id = v.item_id WHERE v.published_on IS NOT NULL "
        "AND i.status IN ('published', 'withdrawn')",
    ).fetchall()
    found = [
        Change(
            "corrected" if str(origin) == "corrected" else "published",
            str(item_id),
            _title(title, sealed),
            str(category),
            None if doc is None else str(doc),
            str(sha),
            str(on),
            f"v{n}",
            max(int(i) for i in json.loads(str(indices))),
        )
        for item_id, title, sealed, category, doc, sha, on, origin, indices, n in rows
    ]
    return sorted(found, key=lambda c: c.log_index, reverse=True)[:limit]


def corrections_and_withdrawals(cur: Cursor, *, limit: int = 50) -> list[Change]:
    """Republished corrections and withdrawals, newest first."""
    corrected = [c for c in publications(cur, limit=10_000) if c.kind == "corrected"]
    rows = cur.execute(
        "SELECT w.item_id, i.title, i.title_sealed, i.category, i.doc_number, w.sha256, "
        "w.withdrawn_on, w.reason, w.log_index "
        f"FROM {T['catalogue_withdrawals']} w JOIN {T['catalogue_items']} i "
        "ON i.item_id = w.item_id",
    ).fetchall()
    withdrawn = [
        Change(
            "withdrawn",
            str(item_id),
            _title(title, sealed),
            str(category),
            None if doc is None else str(doc),
            str(sha),
            str(on),
            str(reason),
            int(index),
        )
        for item_id, title, sealed, category, doc, sha, on, reason, index in rows
    ]
    return sorted(corrected + withdrawn, key=lambda c: c.log_index, reverse=True)[:limit]


def register_changes(cur: Cursor, *, limit: int = 50) -> list[RegisterRow]:
    """Register rows by their latest change (a receipt, an answer…), newest first."""
    return _register(cur, "ORDER BY log_index DESC LIMIT ?", (limit,))


def register_rows(cur: Cursor) -> list[RegisterRow]:
    """The whole public register, oldest first (for the CSV download)."""
    return _register(cur, "ORDER BY year, serial", ())


def _register(cur: Cursor, tail: str, params: tuple[int, ...]) -> list[RegisterRow]:
    names = list(RegisterRow.__dataclass_fields__)
    rows = cur.execute(
        f"SELECT {', '.join(names)} FROM {T['request_register']} {tail}", params
    ).fetchall()
    return [_row(RegisterRow, names, row) for row in rows]


def catalogue_rows(cur: Cursor) -> list[ItemRow]:
    """Every published and withdrawn item, in order of first publication."""
    rows = cur.execute(
        f"SELECT {_columns(ItemRow)} FROM {T['catalogue_items']} "
        "WHERE status IN ('published', 'withdrawn') ORDER BY first_published_index",
    ).fetchall()
    return [_build(ItemRow, row) for row in rows]


def index_number(item: ItemRow) -> str:
    """The item's 索引号: year the document was formed, category number, and the log index
    of its first publication — unique, and fixed once the item is first published."""
    slugs = [c.slug for c in CATEGORIES]
    category = slugs.index(item.category) + 1 if item.category in slugs else 99
    position = item.first_published_index if item.first_published_index is not None else 0
    return f"{item.formed_on[:4]}-{category:02d}-{position:06d}"
