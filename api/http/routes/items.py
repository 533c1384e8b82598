"""Officer commands on information items (主动公开): draft, 属性审核, 保密审查, 发布审核,
publish, correct, withdraw, 不予公开备案 and Art. 6 clarifications.

Every route authenticates the officer (bearer token) and hands the command to
``InformationItems``; the domain checks the officer's roles and every rule, and
errors come back as problem+json with their stable code. A successful write answers
once committed; the log and the catalogue catch up in the background, and a read that
follows waits for them (``api.http.commands``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.http.commands import now
from api.http.deps import OfficerDep, ServicesDep, require_role
from api.http.routes.catalogue import Cursor
from api.http.schemas.items import (
    ApproveIn,
    AttributeReviewIn,
    ClarifyIn,
    CorrectIn,
    DraftIn,
    ItemListOut,
    ItemOut,
    ItemSummaryOut,
    NonDisclosureIn,
    PublishIn,
    SecrecyReviewIn,
    WithdrawIn,
)
from api.services import Services
from domain.information_item.item import InformationItem
from projections import catalogue_queries

router = APIRouter(prefix="/v1/items", tags=["items (officers)"])


def _written(services: Services, item: InformationItem) -> ItemOut:
    """The item after a committed write."""
    services.wrote()
    return ItemOut.of(item)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Draft an item (drafter)",
    dependencies=[require_role("drafter")],
)
def draft(body: DraftIn, actor: OfficerDep, services: ServicesDep, response: Response) -> ItemOut:
    item = services.items.draft(
        actor.officer_id,
        now(),
        title=body.title,
        category=body.category,
        doc_number=body.doc_number,
        formed_on=body.formed_on,
        attribute=body.attribute,
        attribute_basis=body.attribute_basis,
        content_sha256=body.content_sha256,
        sealed_title=body.sealed_title,
        item_id=body.item_id,
    )
    response.headers["Location"] = f"/v1/items/{item.id}"
    return _written(services, item)


@router.get("", summary="Every item, drafts included, newest first (officers)")
def list_items(
    actor: OfficerDep,
    services: ServicesDep,
    status: str | None = None,
    category: str | None = None,
    q: str | None = None,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ItemListOut:
    with services.ledger.backend.transaction() as cur:
        page = catalogue_queries.officer_page(
            cur, status=status, category=category, q=q, cursor=cursor, limit=limit
        )
    return ItemListOut(
        items=[ItemSummaryOut.of(r) for r in page.rows], next_cursor=page.next_cursor
    )


@router.get("/{item_id}", summary="One item as its officers see it (ETag: its version)")
def get_item(item_id: str, actor: OfficerDep, services: ServicesDep, response: Response) -> ItemOut:
    item = services.items.get(item_id)
    response.headers["ETag"] = f'"{item.version}"'
    return ItemOut.of(item)


@router.post(
    "/{item_id}/attribute-review",
    summary="属性审核 (attribute reviewer)",
    dependencies=[require_role("attribute_reviewer")],
)
def attribute_review(
    item_id: str, body: AttributeReviewIn, actor: OfficerDep, services: ServicesDep
) -> ItemOut:
    item = services.items.review_attribute(
        item_id,
        actor.officer_id,
        now(),
        attribute=body.attribute,
        basis=body.basis,
        expected_version=body.expected_version,
    )
    return _written(services, item)


@router.post(
    "/{item_id}/secrecy-review",
    summary="保密审查 of one exact content (secrecy reviewer)",
    dependencies=[require_role("secrecy_reviewer")],
)
def secrecy_review(
    item_id: str, body: SecrecyReviewIn, actor: OfficerDep, services: ServicesDep
) -> ItemOut:
    item = services.items.review_secrecy(
        item_id,
        actor.officer_id,
        now(),
        content_sha256=body.content_sha256,
        result=body.result,
        legal_basis=body.legal_basis,
        redacted_sha256=body.redacted_sha256,
        subject=body.subject,
        expected_version=body.expected_version,
    )
    return _written(services, item)


@router.post(
    "/{item_id}/approve",
    summary="发布审核: approve one exact content (approver)",
    dependencies=[require_role("approver")],
)
def approve(item_id: str, body: ApproveIn, actor: OfficerDep, services: ServicesDep) -> ItemOut:
    item = services.items.approve(
        item_id,
        actor.officer_id,
        now(),
        content_sha256=body.content_sha256,
        expected_version=body.expected_version,
    )
    return _written(services, item)


@router.post(
    "/{item_id}/publish",
    summary="Publish the approved content (approver; Art. 26)",
    dependencies=[require_role("approver")],
)
def publish(item_id: str, body: PublishIn, actor: OfficerDep, services: ServicesDep) -> ItemOut:
    item = services.items.publish(
        item_id,
        actor.officer_id,
        now(),
        content_sha256=body.content_sha256,
        channel=body.channel,
        url=body.url,
        published_on=body.published_on,
        expected_version=body.expected_version,
    )
    return _written(services, item)


@router.post(
    "/{item_id}/correct",
    summary="Correct: a new version needing its own review",
    dependencies=[require_role("drafter")],
)
def correct(item_id: str, body: CorrectIn, actor: OfficerDep, services: ServicesDep) -> ItemOut:
    item = services.items.correct(
        item_id,
        actor.officer_id,
        now(),
        content_sha256=body.content_sha256,
        changed_on=body.changed_on,
        reason=body.reason,
        expected_version=body.expected_version,
    )
    return _written(services, item)


@router.post(
    "/{item_id}/withdraw",
    summary="Withdraw a published item (approver)",
    dependencies=[require_role("approver")],
)
def withdraw(item_id: str, body: WithdrawIn, actor: OfficerDep, services: ServicesDep) -> ItemOut:
    item = services.items.withdraw(
        item_id,
        actor.officer_id,
        now(),
        reason=body.reason,
        legal_basis=body.legal_basis,
        withdrawn_on=body.withdrawn_on,
        expected_version=body.expected_version,
    )
    return _written(services, item)


@router.post(
    "/{item_id}/non-disclosure",
    summary="不予公开备案 with its ground (approver)",
    dependencies=[require_role("approver")],
)
def non_disclosure(
    item_id: str, body: NonDisclosureIn, actor: OfficerDep, services: ServicesDep
) -> ItemOut:
    item = services.items.file_non_disclosure(
        item_id,
        actor.officer_id,
        now(),
        ground=body.ground,
        basis=body.basis,
        expected_version=body.expected_version,
    )
    return _written(services, item)


@router.post(
    "/{item_id}/clarify",
    summary="Publish an Art. 6 clarification (approver)",
    dependencies=[require_role("approver")],
)
def clarify(item_id: str, body: ClarifyIn, actor: OfficerDep, services: ServicesDep) -> ItemOut:
    item = services.items.clarify(
        item_id,
        actor.officer_id,
        now(),
        content_sha256=body.content_sha256,
        clarifies=body.clarifies,
        channel=body.channel,
        url=body.url,
        published_on=body.published_on,
        expected_version=body.expected_version,
    )
    return _written(services, item)
