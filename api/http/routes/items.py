"""Officer commands on information items (主动公开): draft, 属性审核, 保密审查, 发布审核,
publish, correct, withdraw, 不予公开备案 and Art. 6 clarifications.

Every route authenticates the officer (bearer token) and hands its body to the command
declared in ``api.commands.items`` (the one ``gongkai item …`` calls too), which makes one
call into ``InformationItems``; the domain checks the officer's roles and every rule, and
errors come back as problem+json with their stable code. A successful write answers
once committed; the log and the catalogue catch up in the background, and a read that
follows waits for them (``api.services``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.clock import now
from api.commands import items as commands
from api.commands.items import (
    ApproveIn,
    AttributeReviewIn,
    ClarifyIn,
    CorrectIn,
    DraftIn,
    NonDisclosureIn,
    PublishIn,
    SecrecyReviewIn,
    WithdrawIn,
)
from api.http.deps import OfficerDep, ServicesDep, require_role
from api.http.routes.catalogue import Cursor
from api.http.schemas.items import ItemListOut, ItemOut, ItemSummaryOut
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
    item = commands.draft(services.items, body, actor.officer_id, now())
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
    item = commands.review_attribute(services.items, item_id, body, actor.officer_id, now())
    return _written(services, item)


@router.post(
    "/{item_id}/secrecy-review",
    summary="保密审查 of one exact content (secrecy reviewer)",
    dependencies=[require_role("secrecy_reviewer")],
)
def secrecy_review(
    item_id: str, body: SecrecyReviewIn, actor: OfficerDep, services: ServicesDep
) -> ItemOut:
    item = commands.review_secrecy(services.items, item_id, body, actor.officer_id, now())
    return _written(services, item)


@router.post(
    "/{item_id}/approve",
    summary="发布审核: approve one exact content (approver)",
    dependencies=[require_role("approver")],
)
def approve(item_id: str, body: ApproveIn, actor: OfficerDep, services: ServicesDep) -> ItemOut:
    item = commands.approve(services.items, item_id, body, actor.officer_id, now())
    return _written(services, item)


@router.post(
    "/{item_id}/publish",
    summary="Publish the approved content (approver; Art. 26)",
    dependencies=[require_role("approver")],
)
def publish(item_id: str, body: PublishIn, actor: OfficerDep, services: ServicesDep) -> ItemOut:
    item = commands.publish(services.items, item_id, body, actor.officer_id, now())
    return _written(services, item)


@router.post(
    "/{item_id}/correct",
    summary="Correct: a new version needing its own review",
    dependencies=[require_role("drafter")],
)
def correct(item_id: str, body: CorrectIn, actor: OfficerDep, services: ServicesDep) -> ItemOut:
    item = commands.correct(services.items, item_id, body, actor.officer_id, now())
    return _written(services, item)


@router.post(
    "/{item_id}/withdraw",
    summary="Withdraw a published item (approver)",
    dependencies=[require_role("approver")],
)
def withdraw(item_id: str, body: WithdrawIn, actor: OfficerDep, services: ServicesDep) -> ItemOut:
    item = commands.withdraw(services.items, item_id, body, actor.officer_id, now())
    return _written(services, item)


@router.post(
    "/{item_id}/non-disclosure",
    summary="不予公开备案 with its ground (approver)",
    dependencies=[require_role("approver")],
)
def non_disclosure(
    item_id: str, body: NonDisclosureIn, actor: OfficerDep, services: ServicesDep
) -> ItemOut:
    item = commands.file_non_disclosure(services.items, item_id, body, actor.officer_id, now())
    return _written(services, item)


@router.post(
    "/{item_id}/clarify",
    summary="Publish an Art. 6 clarification (approver)",
    dependencies=[require_role("approver")],
)
def clarify(item_id: str, body: ClarifyIn, actor: OfficerDep, services: ServicesDep) -> ItemOut:
    item = commands.clarify(services.items, item_id, body, actor.officer_id, now())
    return _written(services, item)
