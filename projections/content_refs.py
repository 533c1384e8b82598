"""Which streams cite which content hash (documents: drafted, reviewed, published…).

Lets anyone holding a file find every entry about it by its SHA-256."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from ledger.backend import Cursor
from projections.runner import Projection, Tables
from verify.entry import Entry

HASH_FIELDS = ("content_sha256", "redacted_sha256", "letter_sha256")
HASH_LIST_FIELDS = ("content_sha256s",)


def cited_hashes(data: dict[str, Any]) -> Iterator[str]:
    """Every content hash an entry's data cite."""
    for name in HASH_FIELDS:
        value = data.get(name)
        if isinstance(value, str):
            yield value
    for name in HASH_LIST_FIELDS:
        values = data.get(name)
        if isinstance(values, list):
            yield from (v for v in values if isinstance(v, str))


class ContentRefs(Projection):
    name = "content_refs"
    tables: ClassVar[dict[str, str]] = {
        "content_refs": "sha256 TEXT NOT NULL, stream TEXT NOT NULL, log_index BIGINT NOT NULL, "
        "type TEXT NOT NULL, PRIMARY KEY (sha256, log_index)"
    }
    indexes = ("content_refs(stream)",)

    def handle(self, cur: Cursor, t: Tables, index: int, entry: Entry) -> None:
        for sha in set(cited_hashes(entry.data)):
            cur.execute(
                f"INSERT INTO {t['content_refs']} (sha256, stream, log_index, type) "
                "VALUES (?, ?, ?, ?)",
                (sha, entry.stream, index, entry.type),
            )


def streams_citing(cur: Cursor, sha256: str) -> list[str]:
    rows = cur.execute(
        f"SELECT DISTINCT stream FROM {Tables('pj_')['content_refs']} WHERE sha256 = ?", (sha256,)
    ).fetchall()
    return sorted(str(r[0]) for r in rows)
