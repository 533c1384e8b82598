"""The officers' view of an item, and the rows of their list.

The request bodies of the item commands are declared once, with their call into the
domain, in ``api.commands.items``.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from domain.information_item.item import EntryRef, InformationItem, Version
from projections.catalogue_queries import ItemRow


class EntryOut(BaseModel):
    event: str
    seq: int
    leaf_hash: str | None

    @classmethod
    def of(cls, ref: EntryRef) -> EntryOut:
        return cls(event=ref.event, seq=ref.seq, leaf_hash=ref.leaf_hash)


class VersionOut(BaseModel):
    sha256: str
    origin: str
    since: date
    drafter: str
    redacted_by: str | None
    secrecy: str | None
    secrecy_reviewer: str | None
    approved_by: str | None
    published_on: date | None
    publish_by: date | None
    late: bool | None
    withdrawn_on: date | None
    entries: list[EntryOut]

    @classmethod
    def of(cls, v: Version) -> VersionOut:
        return cls(
            sha256=v.content_sha256,
            origin=v.origin,
            since=v.since,
            drafter=v.drafter,
            redacted_by=v.redacted_by,
            secrecy=v.secrecy,
            secrecy_reviewer=v.secrecy_reviewer,
            approved_by=v.approved_by,
            published_on=v.published_on,
            publish_by=v.publish_by,
            late=v.late,
            withdrawn_on=v.withdrawn_on,
            entries=[EntryOut.of(e) for e in v.entries],
        )


class ItemOut(BaseModel):
    """An item as its officers see it, drafts and reviews included."""

    item_id: str
    version: int = Field(description="Entries in the item's stream; pass as expected_version.")
    status: str
    title: str | None
    title_sealed: bool
    category: str
    doc_number: str | None
    formed_on: date | None
    proposed_attribute: str
    attribute: str | None
    current_sha256: str | None
    published_sha256: str | None
    versions: list[VersionOut]
    clarifications: list[str]
    withdrawal_reason: str | None
    non_disclosure_ground: str | None
    last_leaf_hash: str | None

    @classmethod
    def of(cls, item: InformationItem) -> ItemOut:
        last = item.history[-1].leaf_hash if item.history else None
        return cls(
            item_id=item.id,
            version=item.version,
            status=item.status,
            title=item.title,
            title_sealed=item.title_sealed,
            category=item.category,
            doc_number=item.doc_number,
            formed_on=item.formed_on,
            proposed_attribute=item.proposed_attribute,
            attribute=item.attribute,
            current_sha256=item.current_sha256,
            published_sha256=item.published_sha256,
            versions=[VersionOut.of(v) for v in item.versions],
            clarifications=[c.content_sha256 for c in item.clarifications],
            withdrawal_reason=item.withdrawal.reason if item.withdrawal else None,
            non_disclosure_ground=item.non_disclosure.ground if item.non_disclosure else None,
            last_leaf_hash=last,
        )


class UploadOut(BaseModel):
    sha256: str
    size: int


class ItemSummaryOut(BaseModel):
    """One row of the officers' list (every status)."""

    item_id: str
    status: str
    title: str | None
    category: str
    doc_number: str | None
    formed_on: str
    attribute: str | None
    current_sha256: str
    published_sha256: str | None
    published_on: str | None
    publish_by: str | None
    late: bool | None
    last_leaf_hash: str
    last_index: int

    @classmethod
    def of(cls, row: ItemRow) -> ItemSummaryOut:
        return cls(**{name: getattr(row, name) for name in cls.model_fields})


class ItemListOut(BaseModel):
    items: list[ItemSummaryOut]
    next_cursor: str | None
