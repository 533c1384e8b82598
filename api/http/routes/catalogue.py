"""Public reads of the catalogue (政务信息公开目录) and of published document bytes, and
the officers' upload of document bytes.

Only what was published is public: the catalogue lists published items (and, on
request, withdrawn ones with their history); a withheld item appears only in the
non-disclosure register, by its ground. Document bytes are served by hash only
once published; after a withdrawal for secrecy they are gone (410, citing the
withdrawal entry) while the hash and the history stay.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response as RawResponse

from api.errors import ApiError
from api.http.deps import OfficerDep, ServicesDep, public_url, site_root
from api.http.schemas.catalogue import (
    CatalogueDetail,
    CatalogueItem,
    CataloguePage,
    CitedEntry,
    NonDisclosurePage,
    PublicClarification,
    PublicNonDisclosure,
    PublicVersion,
    PublicWithdrawal,
    SummaryOut,
    WithdrawalPage,
)
from api.http.schemas.items import UploadOut
from domain.errors import ItemNotFound
from projections import catalogue_queries as queries
from verify.hashes import is_sha256_hex

router = APIRouter(prefix="/v1", tags=["catalogue (public)"])
IMMUTABLE = "public, max-age=31536000, immutable"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_ROLES = frozenset({"drafter", "secrecy_reviewer", "approver"})
Limit = Annotated[int, Query(ge=1, le=200)]
Cursor = Annotated[
    str | None, Query(pattern=r"^[0-9]{1,18}$", description="next_cursor of the previous page.")
]


@router.get("/catalogue", summary="Published items, newest first; filter and page")
def catalogue(
    request: Request,
    services: ServicesDep,
    category: str | None = None,
    q: Annotated[str | None, Query(max_length=100, description="In title or 文号.")] = None,
    status: Literal["published", "withdrawn", "all"] = "published",
    cursor: Cursor = None,
    limit: Limit = 50,
) -> CataloguePage:
    statuses = queries.PUBLIC_STATUSES if status == "all" else (status,)
    with services.ledger.backend.transaction() as cur:
        page = queries.catalogue_page(
            cur, statuses=statuses, category=category, q=q, cursor=cursor, limit=limit
        )
    following = None
    if page.next_cursor:
        url = request.url.include_query_params(cursor=page.next_cursor)
        following = f"{public_url()}{url.path}?{url.query}"
    return CataloguePage(
        items=[CatalogueItem.of(r) for r in page.rows],
        next_cursor=page.next_cursor,
        next=following,
    )


@router.get("/catalogue/summary", summary="Counts by status and category; late publications")
def summary(services: ServicesDep) -> SummaryOut:
    with services.ledger.backend.transaction() as cur:
        return SummaryOut.of(queries.summary(cur))


@router.get("/catalogue/withdrawals", summary="The withdrawals register, newest first")
def withdrawals(services: ServicesDep, cursor: Cursor = None, limit: Limit = 50) -> WithdrawalPage:
    with services.ledger.backend.transaction() as cur:
        page = queries.withdrawals_page(cur, cursor=cursor, limit=limit)
    return WithdrawalPage(
        withdrawals=[PublicWithdrawal.of(r) for r in page.rows], next_cursor=page.next_cursor
    )


@router.get(
    "/catalogue/non-disclosures", summary="不予公开备案: ground and legal basis, newest first"
)
def non_disclosures(
    services: ServicesDep, cursor: Cursor = None, limit: Limit = 50
) -> NonDisclosurePage:
    with services.ledger.backend.transaction() as cur:
        page = queries.non_disclosures_page(cur, cursor=cursor, limit=limit)
    return NonDisclosurePage(
        non_disclosures=[PublicNonDisclosure.of(r) for r in page.rows],
        next_cursor=page.next_cursor,
    )


@router.get("/catalogue/{item_id}", summary="One item: published versions, withdrawal, entries")
def catalogue_item(item_id: str, services: ServicesDep) -> CatalogueDetail:
    with services.ledger.backend.transaction() as cur:
        row = queries.item(cur, item_id)
        if row is None:
            raise ItemNotFound(f"no published item {item_id}", item=item_id)
        versions = queries.versions(cur, item_id)
        clarifications = queries.clarifications(cur, item_id)
        withdrawn = queries.withdrawal(cur, item_id)
    return CatalogueDetail(
        item=CatalogueItem.of(row),
        versions=[PublicVersion.of(v) for v in versions],
        clarifications=[PublicClarification.of(c) for c in clarifications],
        withdrawal=PublicWithdrawal.of(withdrawn) if withdrawn else None,
        drafted_entry=CitedEntry.of(row.drafted_leaf_hash, row.drafted_index),
    )


@router.get(
    "/content/{sha256}",
    response_class=RawResponse,
    summary="Published document bytes by SHA-256 (410 once withdrawn for secrecy)",
    responses={200: {"content": {"application/octet-stream": {}}}, 410: {}},
)
def content(sha256: str, services: ServicesDep, request: Request) -> Response:
    if not is_sha256_hex(sha256):
        raise ApiError("INVALID_HASH", "give the SHA-256 as 64 lowercase hex digits")
    with services.ledger.backend.transaction() as cur:
        found = queries.content_status(cur, sha256)
    if found is None:
        raise ApiError("CONTENT_NOT_FOUND", "no published document has this SHA-256")
    if found.withdrawn_for_secrecy:
        leaf = found.withdrawal_leaf_hash or ""
        index = services.ledger.leaf_index(leaf)
        raise ApiError(
            "CONTENT_WITHDRAWN",
            "withdrawn for secrecy (涉及秘密): the hash and history remain, the bytes do not",
            withdrawal_leaf_hash=leaf,
            withdrawal_index=index,
            proof=f"{site_root(request)}/v1/proof/inclusion?index={index}"
            if index is not None
            else None,
        )
    data = services.content.get(sha256)
    if data is None:
        raise ApiError("CONTENT_NOT_STORED", "the bytes of this document are not stored here")
    headers = {
        "ETag": f'"{sha256}"',
        "Cache-Control": IMMUTABLE,
        "X-Content-Type-Options": "nosniff",
    }
    return Response(data, media_type=_media_type(data), headers=headers)


@router.post(
    "/content",
    status_code=status.HTTP_201_CREATED,
    tags=["items (officers)"],
    summary="Upload document bytes (raw body); returns their SHA-256 to cite in commands",
)
async def upload(request: Request, actor: OfficerDep, services: ServicesDep) -> UploadOut:
    if not actor.roles & UPLOAD_ROLES:
        raise ApiError("ROLE_REQUIRED", "uploading needs a drafter, reviewer or approver role")
    declared = request.headers.get("content-length")
    sized = re.fullmatch(r"[0-9]{1,20}", declared or "")  # ASCII digits, as the guard checks
    if sized and int(sized[0]) > MAX_UPLOAD_BYTES:
        raise ApiError("TOO_LARGE", f"documents are limited to {MAX_UPLOAD_BYTES} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_UPLOAD_BYTES:
            raise ApiError("TOO_LARGE", f"documents are limited to {MAX_UPLOAD_BYTES} bytes")
        chunks.append(chunk)
    if size == 0:
        raise ApiError("CONTENT_EMPTY", "the request body holds no document bytes")
    digest = await run_in_threadpool(services.content.put, b"".join(chunks))
    return UploadOut(sha256=digest, size=size)


def _media_type(data: bytes) -> str:
    """PDF, UTF-8 text, or bytes — never HTML, so a document cannot script the site."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    return "text/plain; charset=utf-8"
