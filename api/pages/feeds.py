"""订阅与下载 — Atom and JSON feeds of new publications, corrections and withdrawals, and
register changes; CSV (UTF-8 with a BOM) of the catalogue and the register. Each feed
entry links to its ledger entry and its inclusion proof."""

from __future__ import annotations

import threading
from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from api.http.deps import ServicesDep, public_url, site_root
from api.pages import _feeds, _queries
from api.pages._render import not_found, page, render
from api.services import Services

router = APIRouter()
_CACHES_LOCK = threading.Lock()
_MEDIA = {
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


def _cache_of(services: Services) -> _feeds.FeedCache:
    """The feed cache of this ledger's services: on a platform each agency has its own,
    so one agency's feeds are never served for another's."""
    cache = services.__dict__.get("feed_cache")
    if cache is None:
        with _CACHES_LOCK:
            cache = services.__dict__.setdefault("feed_cache", _feeds.FeedCache())
    assert isinstance(cache, _feeds.FeedCache)
    return cache


async def _serve(services: Services, key: str, kind: str, build: Callable[[], bytes]) -> Response:
    """The cached body, built in a worker thread when the checkpoint has grown; the
    ETag it carries lets ``ConditionalGet`` answer 304 to a reader that has it."""
    cache = _cache_of(services)
    built = cache.cached(key)
    if built is None:
        built = await run_in_threadpool(cache.get, services, key, _MEDIA[kind], build)
    headers = {"ETag": built.etag, "Cache-Control": "public, max-age=60"}
    if kind == "csv":
        headers["Content-Disposition"] = f'attachment; filename="{key.split(".")[0]}.csv"'
    return Response(built.body, media_type=built.media_type, headers=headers)


@router.get("/feeds", response_class=HTMLResponse)
@page
def feeds(request: Request, services: ServicesDep) -> HTMLResponse:
    context = {"site": _queries.site(services), "feeds": _feeds.FEEDS}
    return render(request, "feeds.html", context)


@router.get("/feeds/{name}.atom")
async def atom_feed(request: Request, name: str, services: ServicesDep) -> Response:
    if name not in _feeds.FEEDS:
        return _missing(request)
    base = public_url() + site_root(request)
    build = lambda: _feeds.atom(services, base, name)  # noqa: E731
    return await _serve(services, f"{name}.atom", "atom", build)


@router.get("/feeds/{name}.json")
async def json_feed(request: Request, name: str, services: ServicesDep) -> Response:
    if name not in _feeds.FEEDS:
        return _missing(request)
    base = public_url() + site_root(request)
    build = lambda: _feeds.json_feed(services, base, name)  # noqa: E731
    return await _serve(services, f"{name}.json", "json", build)


@router.get("/downloads/catalogue.csv")
async def catalogue_csv(request: Request, services: ServicesDep) -> Response:
    base = public_url() + site_root(request)
    build = lambda: _feeds.catalogue_csv(services, base)  # noqa: E731
    return await _serve(services, "catalogue.csv", "csv", build)


@router.get("/downloads/register.csv")
async def register_csv(request: Request, services: ServicesDep) -> Response:
    base = public_url() + site_root(request)
    build = lambda: _feeds.register_csv(services, base)  # noqa: E731
    return await _serve(services, "register.csv", "csv", build)


def _missing(request: Request) -> Response:
    from api.pages._render import error_page

    return error_page(request, not_found("没有这个订阅源 No such feed."))
