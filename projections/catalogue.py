"""政务信息公开目录 — the public catalogue of government information, as a read model.

Follows the ``InformationItem.*`` entries of the log and keeps: every item with its
current and latest published version, each version's review and publication record,
the withdrawals register, the non-disclosure register (不予公开备案: ground and basis
only) and, per content hash, whether its bytes may be served (a withdrawal for
secrecy takes them out of public view; hash and history stay). Every row cites the
leaf hashes and log indices of the entries behind it, so a reader can ask for an
inclusion proof of each. Queries over these tables are in ``catalogue_queries``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, ClassVar

from ledger._backend import Cursor
from projections.runner import Projection, Tables
from verify._entry import Entry

PREFIX = "InformationItem."

_LEAVES = "leaf_hashes TEXT NOT NULL, log_indices TEXT NOT NULL"
TABLES: dict[str, str] = {
    "catalogue_items": "item_id TEXT PRIMARY KEY, title TEXT, title_sealed INTEGER NOT NULL, "
    "category TEXT NOT NULL, doc_number TEXT, formed_on TEXT NOT NULL, "
    "proposed_attribute TEXT NOT NULL, attribute TEXT, status TEXT NOT NULL, "
    "current_sha256 TEXT NOT NULL, versions INTEGER NOT NULL, published_sha256 TEXT, "
    "published_on TEXT, publish_by TEXT, late INTEGER, published_leaf_hash TEXT, "
    "published_index BIGINT, first_published_index BIGINT, "
    "drafted_leaf_hash TEXT NOT NULL, drafted_index BIGINT NOT NULL, "
    "last_leaf_hash TEXT NOT NULL, last_index BIGINT NOT NULL",
    "catalogue_versions": "item_id TEXT NOT NULL, n INTEGER NOT NULL, sha256 TEXT NOT NULL, "
    "origin TEXT NOT NULL, since TEXT NOT NULL, secrecy TEXT, approved INTEGER NOT NULL, "
    "published_on TEXT, publish_by TEXT, publish_by_provisional INTEGER, late INTEGER, "
    f"channel TEXT, url TEXT, withdrawn_on TEXT, {_LEAVES}, PRIMARY KEY (item_id, n)",
    "catalogue_clarifications": "item_id TEXT NOT NULL, sha256 TEXT NOT NULL, "
    "secrecy TEXT, clarifies TEXT, channel TEXT, url TEXT, published_on TEXT, "
    f"published_index BIGINT, {_LEAVES}, PRIMARY KEY (item_id, sha256)",
    "catalogue_withdrawals": "item_id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, "
    "reason TEXT NOT NULL, legal_basis TEXT NOT NULL, withdrawn_on TEXT NOT NULL, "
    "leaf_hash TEXT NOT NULL, log_index BIGINT NOT NULL",
    "catalogue_non_disclosures": "item_id TEXT PRIMARY KEY, ground TEXT NOT NULL, "
    "basis TEXT NOT NULL, filed_at TEXT NOT NULL, leaf_hash TEXT NOT NULL, "
    "log_index BIGINT NOT NULL",
    "content_status": "sha256 TEXT NOT NULL, item_id TEXT NOT NULL, available INTEGER NOT NULL, "
    "withdrawn_for_secrecy INTEGER NOT NULL, withdrawal_leaf_hash TEXT, "
    "PRIMARY KEY (sha256, item_id)",
}

Handler = Callable[["_Event"], None]


class _Event:
    """One InformationItem entry being applied, with what every handler needs."""

    def __init__(self, cur: Cursor, t: Tables, index: int, entry: Entry) -> None:
        self.cur, self.t, self.index, self.entry = cur, t, index, entry
        self.item = entry.stream
        self.data: dict[str, Any] = entry.data
        self.leaf = entry.leaf_hash().hex()

    def one(self, sql: str, params: tuple[Any, ...]) -> tuple[Any, ...]:
        row = self.cur.execute(sql, params).fetchone()
        if row is None:  # the integrator checked the chain: an item's first entry drafts it
            raise LookupError(f"catalogue: no row for {params} at log index {self.index}")
        return tuple(row)

    def current(self) -> int:
        return int(
            self.one(
                f"SELECT versions FROM {self.t['catalogue_items']} WHERE item_id = ?", (self.item,)
            )[0]
        )

    def cite(self, table: str, where: str, params: tuple[Any, ...]) -> None:
        """Append this entry's leaf hash and log index to a row's citations."""
        leaves, indices = self.one(
            f"SELECT leaf_hashes, log_indices FROM {self.t[table]} WHERE {where}", params
        )
        self.cur.execute(
            f"UPDATE {self.t[table]} SET leaf_hashes = ?, log_indices = ? WHERE {where}",
            (_append(leaves, self.leaf), _append(indices, self.index), *params),
        )

    def update_version(self, n: int, **columns: Any) -> None:
        """Set ``columns`` of version ``n`` and cite this entry on it."""
        if columns:
            sets = ", ".join(f"{name} = ?" for name in columns)
            self.cur.execute(
                f"UPDATE {self.t['catalogue_versions']} SET {sets} WHERE item_id = ? AND n = ?",
                (*columns.values(), self.item, n),
            )
        self.cite("catalogue_versions", "item_id = ? AND n = ?", (self.item, n))

    def update_item(self, **columns: Any) -> None:
        columns |= {"last_leaf_hash": self.leaf, "last_index": self.index}
        sets = ", ".join(f"{name} = ?" for name in columns)
        self.cur.execute(
            f"UPDATE {self.t['catalogue_items']} SET {sets} WHERE item_id = ?",
            (*columns.values(), self.item),
        )

    def add_version(self, n: int, sha256: str, origin: str, since: str) -> None:
        self.cur.execute(
            f"INSERT INTO {self.t['catalogue_versions']} (item_id, n, sha256, origin, since, "
            "approved, leaf_hashes, log_indices) VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
            (self.item, n, sha256, origin, since, _json([self.leaf]), _json([self.index])),
        )

    def content(self, sha256: str, available: bool) -> None:
        self.cur.execute(
            f"INSERT INTO {self.t['content_status']} (sha256, item_id, available, "
            "withdrawn_for_secrecy) VALUES (?, ?, ?, 0) ON CONFLICT (sha256, item_id) "
            "DO UPDATE SET available = excluded.available",
            (sha256, self.item, int(available)),
        )


class Catalogue(Projection):
    name = "catalogue"
    tables: ClassVar[dict[str, str]] = TABLES
    indexes = (
        "catalogue_items(status, first_published_index)",
        "catalogue_items(category, status, first_published_index)",
        "catalogue_items(drafted_index)",
        "catalogue_withdrawals(log_index)",
        "catalogue_non_disclosures(log_index)",
    )

    def handle(self, cur: Cursor, t: Tables, index: int, entry: Entry) -> None:
        if not entry.type.startswith(PREFIX):
            return
        handler = _HANDLERS.get(entry.type.removeprefix(PREFIX))
        if handler is not None:
            event = _Event(cur, t, index, entry)
            handler(event)
            _refresh_status(event)


# --- one handler per event type --------------------------------------------------------


def _drafted(e: _Event) -> None:
    d = e.data
    title = d["title"]
    e.cur.execute(
        f"INSERT INTO {e.t['catalogue_items']} (item_id, title, title_sealed, category, "
        "doc_number, formed_on, proposed_attribute, status, current_sha256, versions, "
        "drafted_leaf_hash, drafted_index, last_leaf_hash, last_index) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, 1, ?, ?, ?, ?)",
        (
            e.item,
            title if isinstance(title, str) else None,
            int(not isinstance(title, str)),  # sealed: only a commitment is in the entry
            d["category"],
            d["doc_number"],
            d["formed_on"],
            d["proposed_attribute"],
            d["content_sha256"],
            e.leaf,
            e.index,
            e.leaf,
            e.index,
        ),
    )
    e.add_version(1, d["content_sha256"], "drafted", d["formed_on"])


def _attribute_reviewed(e: _Event) -> None:
    # 属性审核 decides for the item; it is cited on the version under review then.
    e.update_version(e.current())
    e.update_item(attribute=e.data["attribute"])


def _secrecy_reviewed(e: _Event) -> None:
    d = e.data
    if d["subject"] == "clarification":
        _clarification_reviewed(e)
        return
    n = e.current()
    e.update_version(n, secrecy=d["result"])
    if d["redacted_sha256"] is None:
        e.update_item()
        return
    # the redacted text is what may be published; it keeps the Art. 26 clock
    (since,) = e.one(
        f"SELECT since FROM {e.t['catalogue_versions']} WHERE item_id = ? AND n = ?", (e.item, n)
    )
    e.add_version(n + 1, d["redacted_sha256"], "redacted", str(since))
    e.update_item(current_sha256=d["redacted_sha256"], versions=n + 1)


def _clarification_reviewed(e: _Event) -> None:
    d, table = e.data, e.t["catalogue_clarifications"]
    for sha256, secrecy in ((d["content_sha256"], d["result"]), (d["redacted_sha256"], None)):
        if sha256 is None:
            continue
        e.cur.execute(
            f"INSERT INTO {table} (item_id, sha256, secrecy, leaf_hashes, log_indices) "
            "VALUES (?, ?, ?, '[]', '[]') ON CONFLICT (item_id, sha256) DO UPDATE SET "
            f"secrecy = COALESCE(excluded.secrecy, {table}.secrecy)",
            (e.item, sha256, secrecy),
        )
        e.cite("catalogue_clarifications", "item_id = ? AND sha256 = ?", (e.item, sha256))
    e.update_item()


def _approved(e: _Event) -> None:
    e.update_version(e.current(), approved=1)
    e.update_item()


def _published(e: _Event) -> None:
    d = e.data
    published = {"published_on": d["published_on"], "publish_by": d["publish_by"]}
    e.update_version(
        e.current(),
        **published,
        publish_by_provisional=int(d["publish_by_provisional"]),
        late=int(d["late"]),
        channel=d["channel"],
        url=d["url"],
    )
    (first,) = e.one(
        f"SELECT first_published_index FROM {e.t['catalogue_items']} WHERE item_id = ?",
        (e.item,),
    )
    e.update_item(
        **published,
        published_sha256=d["content_sha256"],
        late=int(d["late"]),
        published_leaf_hash=e.leaf,
        published_index=e.index,
        first_published_index=e.index if first is None else first,
    )
    e.content(d["content_sha256"], available=True)


def _corrected(e: _Event) -> None:
    n = e.current() + 1
    e.add_version(n, e.data["content_sha256"], "corrected", e.data["changed_on"])
    e.update_item(current_sha256=e.data["content_sha256"], versions=n)


def _withdrawn(e: _Event) -> None:
    d = e.data
    (n,) = e.one(
        f"SELECT MAX(n) FROM {e.t['catalogue_versions']} "
        "WHERE item_id = ? AND published_on IS NOT NULL",
        (e.item,),
    )
    e.update_version(int(n), withdrawn_on=d["withdrawn_on"])
    e.cur.execute(
        f"INSERT INTO {e.t['catalogue_withdrawals']} (item_id, sha256, reason, legal_basis, "
        "withdrawn_on, leaf_hash, log_index) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            e.item,
            d["content_sha256"],
            d["reason"],
            d["legal_basis"],
            d["withdrawn_on"],
            e.leaf,
            e.index,
        ),
    )
    e.update_item(status="withdrawn")
    if d["reason"] == "secrecy":
        _withhold_content(e)


def _withhold_content(e: _Event) -> None:
    """涉及秘密: every text of the item leaves public view (earlier versions and
    clarifications may carry the same secret); the hashes and entries stay."""
    for table in ("catalogue_versions", "catalogue_clarifications"):
        rows = e.cur.execute(
            f"SELECT sha256 FROM {e.t[table]} WHERE item_id = ?", (e.item,)
        ).fetchall()
        for (sha256,) in rows:
            e.content(str(sha256), available=False)
    e.cur.execute(
        f"UPDATE {e.t['content_status']} SET withdrawn_for_secrecy = 1, "
        "withdrawal_leaf_hash = ? WHERE item_id = ?",
        (e.leaf, e.item),
    )


def _non_disclosure_filed(e: _Event) -> None:
    e.cur.execute(
        f"INSERT INTO {e.t['catalogue_non_disclosures']} (item_id, ground, basis, filed_at, "
        "leaf_hash, log_index) VALUES (?, ?, ?, ?, ?, ?)",
        (e.item, e.data["ground"], e.data["basis"], e.entry.at, e.leaf, e.index),
    )
    e.update_item(status="withheld")


def _clarification_published(e: _Event) -> None:
    d = e.data
    where = "item_id = ? AND sha256 = ?"
    e.cur.execute(
        f"UPDATE {e.t['catalogue_clarifications']} SET clarifies = ?, channel = ?, url = ?, "
        f"published_on = ?, published_index = ? WHERE {where}",
        (
            d["clarifies"],
            d["channel"],
            d["url"],
            d["published_on"],
            e.index,
            e.item,
            d["content_sha256"],
        ),
    )
    e.cite("catalogue_clarifications", where, (e.item, d["content_sha256"]))
    e.content(d["content_sha256"], available=True)
    e.update_item()


_HANDLERS: dict[str, Handler] = {
    "Drafted": _drafted,
    "AttributeReviewed": _attribute_reviewed,
    "SecrecyReviewed": _secrecy_reviewed,
    "Approved": _approved,
    "Published": _published,
    "Corrected": _corrected,
    "Withdrawn": _withdrawn,
    "NonDisclosureFiled": _non_disclosure_filed,
    "ClarificationPublished": _clarification_published,
}


def _refresh_status(e: _Event) -> None:
    """The item's status as ``InformationItem.status`` defines it (withheld and
    withdrawn are final and set by their handlers)."""
    items, versions = e.t["catalogue_items"], e.t["catalogue_versions"]
    status, attribute, published, secrecy, approved = e.one(
        f"SELECT i.status, i.attribute, i.published_sha256, v.secrecy, v.approved "
        f"FROM {items} i JOIN {versions} v ON v.item_id = i.item_id AND v.n = i.versions "
        "WHERE i.item_id = ?",
        (e.item,),
    )
    if status in ("withheld", "withdrawn"):
        return
    if published is not None:
        new = "published"
    elif approved:
        new = "approved"
    elif attribute is not None and secrecy == "passed":
        new = "reviewed"
    else:
        new = "draft"
    if new != status:
        e.cur.execute(f"UPDATE {items} SET status = ? WHERE item_id = ?", (new, e.item))


def _json(values: list[Any]) -> str:
    return json.dumps(values, separators=(",", ":"))


def _append(array: str, value: Any) -> str:
    return _json([*json.loads(array), value])
