"""首页 (home), 核验文件 (verify a document) and the pages' static files."""

from __future__ import annotations

import json
import logging

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from api.http.deps import ServicesDep, public_url, site_root
from api.http.middleware.guards import HTML_SECURITY_HEADERS
from api.pages import _labels, _queries
from api.pages._render import (
    STATIC,
    bad_request,
    error_page,
    not_found,
    page,
    render,
)
from api.witness.policy import PolicyFileError, PublishedPolicy, published_policy
from projections import catalogue_queries as cq
from verify.hashes import is_sha256_hex

router = APIRouter()
log = logging.getLogger("gongkai.pages")

_STATIC_FILES = {
    "site.css": "text/css; charset=utf-8",
    "verify.js": "text/javascript; charset=utf-8",
    "site.js": "text/javascript; charset=utf-8",
    "apply.js": "text/javascript; charset=utf-8",
}


@router.get("/", response_class=HTMLResponse)
@page
def home(request: Request, services: ServicesDep) -> HTMLResponse:
    site = _queries.site(services)
    summary, latest = None, []
    if site.initialised:
        with services.ledger.backend.transaction() as cur:
            summary = cq.summary(cur)
            latest = cq.catalogue_page(cur, limit=5).rows
    context = {
        "site": site,
        "checkpoint": _queries.latest_checkpoint(services),
        "summary": summary,
        "latest": latest,
        "base_url": public_url() + site_root(request),
    }
    return render(request, "home.html", context)


@router.get("/verify", response_class=HTMLResponse)
@page
def verify(
    request: Request,
    services: ServicesDep,
    sha256: str | None = None,
) -> HTMLResponse:
    if sha256 is not None and sha256 != "" and not is_sha256_hex(sha256):
        raise bad_request("SHA-256 指纹应为 64 位小写十六进制数字 (64 lowercase hex digits).")
    words = {
        "category": _labels.CATEGORY,
        "withdrawal_reason": _labels.WITHDRAWAL_REASON,
        "ground": _labels.NON_DISCLOSURE_GROUND,
    }
    context = {
        "site": _queries.site(services),
        "checkpoint": _queries.latest_checkpoint(services),
        "sha256": sha256 or "",
        "words_json": json.dumps(words, ensure_ascii=False),
        "witness_policy": _witness_policy(),
    }
    return render(request, "verify.html", context)


def _witness_policy() -> PublishedPolicy | None:
    """The office's published witness policy, to prefill the page; a file that turned
    unreadable since ``gongkai serve`` checked it leaves the fields empty (and is logged)."""
    try:
        return published_policy()
    except PolicyFileError as exc:
        log.error("GONGKAI_WITNESS_POLICY: %s", exc)
        return None


@router.get("/static/{name:path}")
def static(request: Request, name: str) -> Response:
    media_type = _STATIC_FILES.get(name)
    if media_type is None:
        return error_page(request, not_found(f"没有这个文件 No such file: {name[:80]}"))
    headers = {**HTML_SECURITY_HEADERS, "Cache-Control": "no-cache"}
    return FileResponse(STATIC / name, media_type=media_type, headers=headers)
