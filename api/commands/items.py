"""The officers' item commands (主动公开), each declared once: its input model and its
one call into ``InformationItems``.

The models shape the JSON of ``/v1/items`` and the options of ``gongkai item …``; their
schema lists the domain's vocabularies and the hash format
(``api.commands.vocabulary``), while the rules themselves (vocabularies, hashes, dates
in order, who may do what) stay the domain's, so a broken rule comes back with its own
code. Every command but the draft may carry ``expected_version``: the item version the
client last saw (refused if the item has moved on since). Where the CLI reads a file, its
bytes come in as ``content`` / ``redacted`` beside the model and are stored by the service.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.commands.vocabulary import (
    Attribute,
    Category,
    NonDisclosureGround,
    SecrecyResult,
    Sha256,
    Text,
    WithdrawalReason,
)
from domain.information_item import InformationItem
from domain.information_item.service import InformationItems


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Command(_In):
    expected_version: int | None = Field(
        None, ge=1, description="The item version last seen; 409 if the item moved on."
    )


class DraftIn(_In):
    title: Text = Field(examples=["关于印发《示范市政府信息公开工作规定》的通知"])
    category: Category = Field(examples=["normative_documents"])
    doc_number: Text | None = Field(None, examples=["示政办发〔2025〕12号"])
    formed_on: date = Field(description="The day the information was formed (Art. 26 clock).")
    attribute: Attribute = Field(description="The proposed disclosure attribute.")
    attribute_basis: Text
    content_sha256: Sha256 = Field(description="SHA-256 of bytes uploaded with POST /v1/content.")
    sealed_title: bool = Field(False, description="Record only a commitment to the title.")
    item_id: Text | None = Field(None, description="A UUID chosen by the client (idempotency).")


class AttributeReviewIn(_Command):
    attribute: Attribute = Field(description="The reviewed attribute (属性审核).")
    basis: Text


class SecrecyReviewIn(_Command):
    content_sha256: Sha256
    result: SecrecyResult = Field(description="保密审查 result.")
    legal_basis: Text | None = None
    redacted_sha256: Sha256 | None = Field(None, description="Uploaded redacted text, if any.")
    subject: Literal["version", "clarification"] = "version"


class ApproveIn(_Command):
    content_sha256: Sha256


class PublishIn(_Command):
    content_sha256: Sha256
    channel: Text = Field(examples=["政府网站"])
    url: Text | None = None
    published_on: date


class CorrectIn(_Command):
    content_sha256: Sha256
    changed_on: date
    reason: Text


class WithdrawIn(_Command):
    reason: WithdrawalReason
    legal_basis: Text
    withdrawn_on: date


class NonDisclosureIn(_Command):
    ground: NonDisclosureGround = Field(description="Arts. 14–16.")
    basis: Text


class ClarifyIn(_Command):
    content_sha256: Sha256
    clarifies: Text = Field(description="What false or incomplete information this clarifies.")
    channel: Text
    url: Text | None = None
    published_on: date


# --- the commands ---------------------------------------------------------------------


def draft(
    items: InformationItems,
    body: DraftIn,
    actor: str,
    at: datetime,
    content: bytes | None = None,
) -> InformationItem:
    """Draft an item (drafter); ``content``, when given, is stored and must hash to
    ``body.content_sha256``."""
    return items.draft(
        actor,
        at,
        title=body.title,
        category=body.category,
        doc_number=body.doc_number,
        formed_on=body.formed_on,
        attribute=body.attribute,
        attribute_basis=body.attribute_basis,
        content=content,
        content_sha256=body.content_sha256,
        sealed_title=body.sealed_title,
        item_id=body.item_id,
    )


def review_attribute(
    items: InformationItems, item_id: str, body: AttributeReviewIn, actor: str, at: datetime
) -> InformationItem:
    """属性审核 (attribute reviewer)."""
    return items.review_attribute(
        item_id,
        actor,
        at,
        attribute=body.attribute,
        basis=body.basis,
        expected_version=body.expected_version,
    )


def review_secrecy(
    items: InformationItems,
    item_id: str,
    body: SecrecyReviewIn,
    actor: str,
    at: datetime,
    redacted: bytes | None = None,
) -> InformationItem:
    """保密审查 of one exact content (secrecy reviewer); ``redacted`` bytes are stored."""
    return items.review_secrecy(
        item_id,
        actor,
        at,
        content_sha256=body.content_sha256,
        result=body.result,
        legal_basis=body.legal_basis,
        redacted=redacted,
        redacted_sha256=body.redacted_sha256,
        subject=body.subject,
        expected_version=body.expected_version,
    )


def approve(
    items: InformationItems, item_id: str, body: ApproveIn, actor: str, at: datetime
) -> InformationItem:
    """发布审核: approve one exact content (approver)."""
    return items.approve(
        item_id,
        actor,
        at,
        content_sha256=body.content_sha256,
        expected_version=body.expected_version,
    )


def publish(
    items: InformationItems, item_id: str, body: PublishIn, actor: str, at: datetime
) -> InformationItem:
    """Publish the approved content (approver; Art. 26)."""
    return items.publish(
        item_id,
        actor,
        at,
        content_sha256=body.content_sha256,
        channel=body.channel,
        url=body.url,
        published_on=body.published_on,
        expected_version=body.expected_version,
    )


def correct(
    items: InformationItems,
    item_id: str,
    body: CorrectIn,
    actor: str,
    at: datetime,
    content: bytes | None = None,
) -> InformationItem:
    """Correct: a new version needing its own review (drafter)."""
    return items.correct(
        item_id,
        actor,
        at,
        changed_on=body.changed_on,
        reason=body.reason,
        content=content,
        content_sha256=body.content_sha256,
        expected_version=body.expected_version,
    )


def withdraw(
    items: InformationItems, item_id: str, body: WithdrawIn, actor: str, at: datetime
) -> InformationItem:
    """Withdraw a published item (approver)."""
    return items.withdraw(
        item_id,
        actor,
        at,
        reason=body.reason,
        legal_basis=body.legal_basis,
        withdrawn_on=body.withdrawn_on,
        expected_version=body.expected_version,
    )


def file_non_disclosure(
    items: InformationItems, item_id: str, body: NonDisclosureIn, actor: str, at: datetime
) -> InformationItem:
    """不予公开备案 with its ground (approver)."""
    return items.file_non_disclosure(
        item_id,
        actor,
        at,
        ground=body.ground,
        basis=body.basis,
        expected_version=body.expected_version,
    )


def clarify(
    items: InformationItems,
    item_id: str,
    body: ClarifyIn,
    actor: str,
    at: datetime,
    content: bytes | None = None,
) -> InformationItem:
    """Publish an Art. 6 clarification (approver)."""
    return items.clarify(
        item_id,
        actor,
        at,
        clarifies=body.clarifies,
        channel=body.channel,
        url=body.url,
        published_on=body.published_on,
        content=content,
        content_sha256=body.content_sha256,
        expected_version=body.expected_version,
    )
