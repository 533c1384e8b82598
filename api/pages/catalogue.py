"""政务信息公开目录 (the catalogue) and one item's page with its whole history."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.http.deps import ServicesDep
from api.pages import _labels, _queries
from api.pages._render import bad_request, not_found, page, render
from projections import catalogue_queries as cq

router = APIRouter()

PAGE_SIZE = 25
MAX_QUERY = 100
_STATUSES = {"": ("published",), "published": ("published",), "withdrawn": ("withdrawn",)}


def _search_text(q: str | None) -> str:
    text = (q or "").strip()
    if len(text) > MAX_QUERY or any(ord(c) < 32 for c in text):
        raise bad_request(f"检索词过长或含控制字符 (at most {MAX_QUERY} printable characters).")
    return text


@router.get("/catalogue", response_class=HTMLResponse)
@page
def catalogue(
    request: Request,
    services: ServicesDep,
    q: str | None = None,
    category: str | None = None,
    status: str | None = None,
    cursor: str | None = None,
) -> HTMLResponse:
    text = _search_text(q)
    category = category or ""
    if category and category not in _labels.CATEGORY:
        raise bad_request("没有这个类别 Unknown category.")
    statuses = _STATUSES.get(status or "")
    if statuses is None:
        raise bad_request("状态只能是 published 或 withdrawn (status: published | withdrawn).")
    if cursor and not cq.is_cursor(cursor):
        raise bad_request("翻页参数无效 Invalid page cursor.")
    with services.ledger.backend.transaction() as cur:
        summary = cq.summary(cur)
        found = cq.catalogue_page(
            cur,
            statuses=statuses,
            category=category or None,
            q=text or None,
            cursor=cursor or None,
            limit=PAGE_SIZE,
        )
    context = {
        "site": _queries.site(services),
        "summary": summary,
        "rows": found.rows,
        "next_cursor": found.next_cursor,
        "q": text,
        "category": category,
        "status": status or "",
        "paged": bool(cursor),
    }
    return render(request, "catalogue.html", context)


@router.get("/items/{item_id:path}", response_class=HTMLResponse)
@page
def item(request: Request, item_id: str, services: ServicesDep) -> HTMLResponse:
    with services.ledger.backend.transaction() as cur:
        row = cq.item(cur, item_id)
        if row is None:
            raise not_found("目录中没有这条信息 No published item has this id.")
        versions = cq.versions(cur, item_id)
        clarifications = cq.clarifications(cur, item_id)
        withdrawal = cq.withdrawal(cur, item_id)
        hashes = {v.sha256 for v in versions} | {c.sha256 for c in clarifications}
        available = {h for h in hashes if (s := cq.content_status(cur, h)) and s.available}
    cited = [i for v in versions for i in v.log_indices]
    cited += [i for c in clarifications for i in c.log_indices]
    if withdrawal is not None:
        cited.append(withdrawal.log_index)
    context = {
        "site": _queries.site(services),
        "item": row,
        "versions": versions,
        "clarifications": clarifications,
        "withdrawal": withdrawal,
        "available": available,
        "steps": {s.index: s for s in _queries.steps(services, cited)},
    }
    return render(request, "item.html", context)
