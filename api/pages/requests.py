"""依申请公开办理登记 — the public register of disclosure requests: numbers, dates,
answer due dates and outcomes, never anything about the applicant."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.errors import CursorInvalid
from api.http.deps import ServicesDep
from api.pages import _labels, _queries
from api.pages._render import bad_request, page, render
from api.views import requests as request_views

router = APIRouter()

PAGE_SIZE = 50


def _year(text: str | None) -> int | None:
    if not text:
        return None
    if not (re.fullmatch(r"[0-9]{4}", text) and 2000 <= int(text) <= 2100):
        raise bad_request("年份应为四位数字 The year is four digits, e.g. 2026.")
    return int(text)


@router.get("/requests", response_class=HTMLResponse)
@page
def register(
    request: Request,
    services: ServicesDep,
    year: str | None = None,
    status: str | None = None,
    cursor: str | None = None,
) -> HTMLResponse:
    chosen_year = _year(year)
    if status and status not in _labels.REQUEST_STATUS:
        raise bad_request("没有这个办理状态 Unknown status.")
    try:
        rows, next_cursor = request_views.register_page(
            services,
            year=chosen_year,
            status=status or None,
            cursor=cursor or None,
            limit=PAGE_SIZE,
        )
    except CursorInvalid:
        raise bad_request("翻页参数无效 Invalid page cursor.") from None
    context = {
        "site": _queries.site(services),
        "rows": rows,
        "next_cursor": next_cursor,
        "year": "" if chosen_year is None else str(chosen_year),
        "status": status or "",
        "paged": bool(cursor),
    }
    return render(request, "requests.html", context)
