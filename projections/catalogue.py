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

from ledger.backend import Cursor
from projections.runner import Projection, Tables
from verify.entry import Entry

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


def _append_sql(column: str) -> str:
    """SQL appending one JSON value (a parameter) to a JSON array held as text, in the
    compact form ``json.dumps(separators=(",", ":"))`` writes: one statement, no read."""
    return (
        f"{column} = CASE WHEN {column} = '[]' THEN '[' || CAST(? AS TEXT) || ']' "
        f"ELSE substr({column}, 1, length({column}) - 1) || ',' || CAST(? AS TEXT) || ']' END"
    )


_CITE = f"{_append_sql('leaf_hashes')}, {_append_sql('log_indices')}"


class _Event:
    """One InformationItem entry being applied, with what every handler needs.

    Writes are single statements (no read-modify-write): a rebuild replays the whole
    log, so each entry costs a few round trips at most."""

    def __init__(self, cur: Cursor, t: Tables, index: int, entry: Entry) -> None:
        self.cur, self.t, self.index, self.entry = cur, t, index, entry
        self.item = entry.stream
        self.data: dict[str, Any] = {k: _without_nul(v) for k, v in entry.data.items()}
        self.leaf = entry.leaf_hash().hex()
        self.current = f"(SELECT versions FROM {t['catalogue_items']} WHERE item_id = ?)"

    @property
    def citation(self) -> tuple[str, str, str, str]:
        """The parameters of ``_CITE``: this entry's leaf hash and log index, as JSON."""
        leaf, index = json.dumps(self.leaf), str(self.index)
        return (leaf, leaf, index, index)

    def cite(self, table: str, where: str, params: tuple[Any, ...]) -> None:
        """Append this entry's leaf hash and log index to a row's citations."""
        self.cur.execute(
            f"UPDATE {self.t[table]} SET {_CITE} WHERE {where}", (*self.citation, *params)
        )

    def update_version(self, which: str | None = None, **columns: Any) -> None:
        """Set ``columns`` of one version and cite this entry on it. ``which`` is SQL for
        its number given the item id (default: the current version)."""
        sets = "".join(f"{name} = ?, " for name in columns)
        self.cur.execute(
            f"UPDATE {self.t['catalogue_versions']} SET {sets}{_CITE} "
            f"WHERE item_id = ? AND n = {which or self.current}",
            (*columns.values(), *self.citation, self.item, self.item),
        )

    def update_item(self, **columns: Any) -> None:
        columns |= {"last_leaf_hash": self.leaf, "last_index": self.index}
        sets = ", ".join(f"{name} = ?" for name in columns)
        self.cur.execute(
            f"UPDATE {self.t['catalogue_items']} SET {sets} WHERE item_id = ?",
            (*columns.values(), self.item),
        )

    def add_version(self, sha256: str, origin: str, since: str | None) -> None:
        """Append a version after the current one (``since`` None: the current one's)."""
        versions = self.t["catalogue_versions"]
        start = (
            "?"
            if since is not None
            else (f"(SELECT since FROM {versions} WHERE item_id = ? AND n = {self.current})")
        )
        self.cur.execute(
            f"INSERT INTO {versions} (item_id, n, sha256, origin, since, approved, leaf_hashes, "
            f"log_indices) VALUES (?, COALESCE({self.current}, 0) + 1, ?, ?, {start}, 0, ?, ?)",
            (
                self.item,
                self.item,
                sha256,
                origin,
                *((since,) if since is not None else (self.item, self.item)),
                _json([self.leaf]),
                _json([self.index]),
            ),
        )
        self.cur.execute(
            f"UPDATE {self.t['catalogue_items']} SET versions = versions + 1, "
            "current_sha256 = ? WHERE item_id = ?",
            (sha256, self.item),
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
        "VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, 0, ?, ?, ?, ?)",
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
    e.add_version(d["content_sha256"], "drafted", d["formed_on"])


def _attribute_reviewed(e: _Event) -> None:
    # 属性审核 decides for the item; it is cited on the version under review then.
    e.update_version()
    e.update_item(attribute=e.data["attribute"])


def _secrecy_reviewed(e: _Event) -> None:
    d = e.data
    if d["subject"] == "clarification":
        _clarification_reviewed(e)
        return
    e.update_version(secrecy=d["result"])
    if d["redacted_sha256"] is not None:
        # the redacted text is what may be published; it keeps the Art. 26 clock
        e.add_version(d["redacted_sha256"], "redacted", since=None)
    e.update_item()


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
    e.update_version(approved=1)
    e.update_item()


def _published(e: _Event) -> None:
    d = e.data
    published = {"published_on": d["published_on"], "publish_by": d["publish_by"]}
    e.update_version(
        **published,
        publish_by_provisional=int(d["publish_by_provisional"]),
        late=int(d["late"]),
        channel=d["channel"],
        url=d["url"],
    )
    e.update_item(
        **published,
        published_sha256=d["content_sha256"],
        late=int(d["late"]),
        published_leaf_hash=e.leaf,
        published_index=e.index,
    )
    e.cur.execute(
        f"UPDATE {e.t['catalogue_items']} SET first_published_index = ? "
        "WHERE item_id = ? AND first_published_index IS NULL",
        (e.index, e.item),
    )
    e.content(d["content_sha256"], available=True)


def _corrected(e: _Event) -> None:
    e.add_version(e.data["content_sha256"], "corrected", e.data["changed_on"])
    e.update_item()


def _withdrawn(e: _Event) -> None:
    d = e.data
    latest_published = (
        f"(SELECT MAX(n) FROM {e.t['catalogue_versions']} "
        "WHERE item_id = ? AND published_on IS NOT NULL)"
    )
    e.update_version(latest_published, withdrawn_on=d["withdrawn_on"])
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
    withdrawn are final and set by their handlers), in one statement."""
    items, versions = e.t["catalogue_items"], e.t["catalogue_versions"]
    current = f"FROM {versions} v WHERE v.item_id = {items}.item_id AND v.n = {items}.versions"
    e.cur.execute(
        f"UPDATE {items} SET status = CASE "
        "WHEN status IN ('withheld', 'withdrawn') THEN status "
        "WHEN published_sha256 IS NOT NULL THEN 'published' "
        f"WHEN (SELECT v.approved {current}) = 1 THEN 'approved' "
        f"WHEN attribute IS NOT NULL AND (SELECT v.secrecy {current}) = 'passed' THEN 'reviewed' "
        "ELSE 'draft' END WHERE item_id = ?",
        (e.item,),
    )


def _without_nul(value: Any) -> Any:
    """PostgreSQL text cannot hold NUL: an entry that carries one (the ledger takes any
    JSON string) is shown with U+FFFD rather than stopping the read model for good."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    return value


def _json(values: list[Any]) -> str:
    return json.dumps(values, separators=(",", ":"))
