"""Public output of the catalogue (政务信息公开目录): what anyone may read.

Built from the read model's rows; fields that only officers see (drafts, versions
under review, reviewers' identities) are simply not here. Every row cites the leaf
hashes of the entries behind it with a link to their inclusion proofs.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from domain.information_item.item import (
    CATEGORIES,
    NON_DISCLOSURE_GROUNDS,
    WITHDRAWAL_REASONS,
    Choice,
)
from projections.catalogue_queries import (
    ClarificationRow,
    ItemRow,
    NonDisclosureRow,
    Summary,
    VersionRow,
    WithdrawalRow,
)


def _label(choices: tuple[Choice, ...], slug: str) -> str:
    return next((c.label for c in choices if c.slug == slug), slug)


def proof_link(index: int) -> str:
    return f"/v1/proof/inclusion?index={index}"


def content_link(sha256: str) -> str:
    return f"/v1/content/{sha256}"


class CitedEntry(BaseModel):
    leaf_hash: str
    log_index: int
    proof: str = Field(description="Inclusion proof against the latest checkpoint.")

    @classmethod
    def of(cls, leaf_hash: str, index: int) -> CitedEntry:
        return cls(leaf_hash=leaf_hash, log_index=index, proof=proof_link(index))


def _cited(leaves: list[str], indices: list[int]) -> list[CitedEntry]:
    return [CitedEntry.of(h, i) for h, i in zip(leaves, indices, strict=True)]


class CatalogueItem(BaseModel):
    """One row of the catalogue: the item and its current public version."""

    item_id: str
    title: str | None = Field(description="None when the title is sealed.")
    category: str
    category_label: str
    doc_number: str | None
    status: str = Field(description="published | withdrawn")
    sha256: str | None = Field(description="The latest published version's content hash.")
    published_on: str | None
    publish_by: str | None = Field(description="Art. 26: 20 working days after formation.")
    late: bool | None
    content: str | None
    published_entry: CitedEntry | None
    link: str

    @classmethod
    def of(cls, row: ItemRow) -> CatalogueItem:
        cited = (
            CitedEntry.of(row.published_leaf_hash, row.published_index)
            if row.published_leaf_hash is not None and row.published_index is not None
            else None
        )
        return cls(
            item_id=row.item_id,
            title=row.title,
            category=row.category,
            category_label=_label(CATEGORIES, row.category),
            doc_number=row.doc_number,
            status=row.status,
            sha256=row.published_sha256,
            published_on=row.published_on,
            publish_by=row.publish_by,
            late=row.late,
            content=content_link(row.published_sha256) if row.published_sha256 else None,
            published_entry=cited,
            link=f"/v1/catalogue/{row.item_id}",
        )


class CataloguePage(BaseModel):
    items: list[CatalogueItem]
    next_cursor: str | None
    next: str | None = Field(description="The next page's URL, if any.")


class PublicVersion(BaseModel):
    n: int
    sha256: str
    origin: str = Field(description="drafted | corrected | redacted")
    since: str = Field(description="Formed or changed on: starts the Art. 26 clock.")
    secrecy: str | None
    published_on: str | None
    publish_by: str | None
    publish_by_provisional: bool | None
    late: bool | None
    channel: str | None
    url: str | None
    withdrawn_on: str | None
    content: str
    entries: list[CitedEntry]

    @classmethod
    def of(cls, row: VersionRow) -> PublicVersion:
        return cls(
            n=row.n,
            sha256=row.sha256,
            origin=row.origin,
            since=row.since,
            secrecy=row.secrecy,
            published_on=row.published_on,
            publish_by=row.publish_by,
            publish_by_provisional=row.publish_by_provisional,
            late=row.late,
            channel=row.channel,
            url=row.url,
            withdrawn_on=row.withdrawn_on,
            content=content_link(row.sha256),
            entries=_cited(row.leaf_hashes, row.log_indices),
        )


class PublicClarification(BaseModel):
    sha256: str
    clarifies: str | None
    channel: str | None
    url: str | None
    published_on: str | None
    content: str
    entries: list[CitedEntry]

    @classmethod
    def of(cls, row: ClarificationRow) -> PublicClarification:
        return cls(
            sha256=row.sha256,
            clarifies=row.clarifies,
            channel=row.channel,
            url=row.url,
            published_on=row.published_on,
            content=content_link(row.sha256),
            entries=_cited(row.leaf_hashes, row.log_indices),
        )


class PublicWithdrawal(BaseModel):
    item_id: str
    sha256: str
    reason: str
    reason_label: str
    legal_basis: str
    withdrawn_on: str
    entry: CitedEntry

    @classmethod
    def of(cls, row: WithdrawalRow) -> PublicWithdrawal:
        return cls(
            item_id=row.item_id,
            sha256=row.sha256,
            reason=row.reason,
            reason_label=_label(WITHDRAWAL_REASONS, row.reason),
            legal_basis=row.legal_basis,
            withdrawn_on=row.withdrawn_on,
            entry=CitedEntry.of(row.leaf_hash, row.log_index),
        )


class CatalogueDetail(BaseModel):
    item: CatalogueItem
    versions: list[PublicVersion] = Field(description="Every published version, oldest first.")
    clarifications: list[PublicClarification]
    withdrawal: PublicWithdrawal | None
    drafted_entry: CitedEntry


class PublicNonDisclosure(BaseModel):
    """不予公开备案: the ground and its legal basis — never the withheld content."""

    item_id: str
    ground: str
    ground_label: str
    basis: str
    filed_at: str
    entry: CitedEntry

    @classmethod
    def of(cls, row: NonDisclosureRow) -> PublicNonDisclosure:
        return cls(
            item_id=row.item_id,
            ground=row.ground,
            ground_label=_label(NON_DISCLOSURE_GROUNDS, row.ground),
            basis=row.basis,
            filed_at=row.filed_at,
            entry=CitedEntry.of(row.leaf_hash, row.log_index),
        )


class WithdrawalPage(BaseModel):
    withdrawals: list[PublicWithdrawal]
    next_cursor: str | None


class NonDisclosurePage(BaseModel):
    non_disclosures: list[PublicNonDisclosure]
    next_cursor: str | None


class CategoryOut(BaseModel):
    slug: str
    label: str
    published: int


class SummaryOut(BaseModel):
    published: int
    withdrawn: int
    withheld: int
    versions_published: int
    late_publications: int = Field(description="Versions published after their Art. 26 date.")
    categories: list[CategoryOut]

    @classmethod
    def of(cls, summary: Summary) -> SummaryOut:
        return cls(
            published=summary.published,
            withdrawn=summary.withdrawn,
            withheld=summary.withheld,
            versions_published=summary.versions_published,
            late_publications=summary.late_publications,
            categories=[
                CategoryOut(
                    slug=c.slug, label=c.label, published=summary.by_category.get(c.slug, 0)
                )
                for c in CATEGORIES
            ],
        )
