"""One ASGI app for the whole platform: each agency's own ``create_app(services)``
mounted at ``/a/<slug>/`` (or reached by host name), the platform index at ``/`` and
the supervising office's console at ``/supervise``."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from functools import partial
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from api.http.app import create_app
from api.http.middleware.rate_settings import RateLimits
from api.platform import console
from api.platform.agencies import open_agency
from api.platform.prefix import AgencyPrefix
from api.platform.registry import Registry
from api.platform.witness import open_witness, submitter_for
from api.services import Services
from api.witness.config import Witness


def open_all(registry: Registry, database_url: str | None = None) -> dict[str, Services]:
    """Every registered agency's own services (closed again if one fails to open)."""
    opened: dict[str, Services] = {}
    try:
        for agency in registry.list():
            opened[agency.slug] = open_agency(registry, agency.slug, database_url)
    except Exception:
        for services in opened.values():
            services.close()
        raise
    return opened


def create_platform_app(
    data: Path,
    services: Mapping[str, Services],
    *,
    background: bool = True,
    hosts: Mapping[str, str] | None = None,
    rate_limits: RateLimits | None = None,
) -> ASGIApp:
    """The platform over already opened agencies' ``services``; ``hosts`` maps a host
    name to the slug it serves at its root (besides ``/a/<slug>/``). The platform
    witness is opened (created on first use) with every agency's log registered."""
    registry = Registry(data)
    statuses = Statuses(registry)
    witness = open_witness(registry, services)
    apps = {
        slug: create_app(s, background=False, rate_limits=rate_limits)
        for slug, s in services.items()
    }

    async def index(request: Request) -> Response:
        return console.index_page(registry.list(), witness.key.to_text())

    async def witness_json(request: Request) -> Response:
        return JSONResponse(console.witness_summary(registry.list(), witness))

    async def supervise(request: Request) -> Response:
        return await console.supervise(request, registry, services, witness, as_json=False)

    async def supervise_json(request: Request) -> Response:
        return await console.supervise(request, registry, services, witness, as_json=True)

    routes: list[BaseRoute] = [
        Route("/", index),
        Route("/witness.json", witness_json),
        Route("/supervise", supervise),
        Route("/supervise.json", supervise_json),
    ]
    for slug, app in apps.items():
        prefix = f"/a/{slug}"
        retired = partial(statuses.retired, slug)
        routes.append(Mount(prefix, app=AgencyPrefix(app, prefix, retired=retired)))

    platform = Starlette(routes=routes, lifespan=_lifespan(services, witness, background))
    if hosts:
        by_host = {  # at the root of its own host name: nothing to prefix, still guarded
            h.lower(): AgencyPrefix(apps[slug], "", retired=partial(statuses.retired, slug))
            for h, slug in hosts.items()
        }
        return HostDispatch(platform, by_host)
    return platform


def _lifespan(
    services: Mapping[str, Services], witness: Witness, background: bool
) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """A mounted app's own lifespan never runs: the platform starts and stops the
    agencies' background workers (integration, read models, self-audit, and the
    submission of each new checkpoint to the platform witness)."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if background:
            for agency_services in services.values():
                submitter = submitter_for(witness, agency_services.ledger)
                agency_services.start_worker(submitters=[submitter])
        yield
        if background:
            for agency_services in services.values():
                agency_services.close()

    return lifespan


class Statuses:
    """Which agencies are retired, read from the registry at most every
    ``RECHECK_SECONDS``: ``gongkai agency retire`` takes effect on a running server."""

    RECHECK_SECONDS = 2.0

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._retired: frozenset[str] = frozenset()
        self._read_at = float("-inf")

    def retired(self, slug: str) -> bool:
        if time.monotonic() - self._read_at >= self.RECHECK_SECONDS:
            self._retired = frozenset(a.slug for a in self.registry.list() if a.retired)
            self._read_at = time.monotonic()
        return slug in self._retired


class HostDispatch:
    """A request whose Host is an agency's own name goes to that agency's app."""

    def __init__(self, platform: ASGIApp, by_host: Mapping[str, ASGIApp]) -> None:
        self.platform, self.by_host = platform, by_host

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = dict(scope.get("headers", []))
            host = headers.get(b"host", b"").decode("latin-1").split(":")[0].lower()
            if host in self.by_host:
                await self.by_host[host](scope, receive, send)
                return
        await self.platform(scope, receive, send)
