"""The FastAPI application: public reads, officer commands, pages."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from api import pages
from api.errors import ApiError
from api.http import problems
from api.http.middleware import install as hardening
from api.http.middleware.rate_settings import RateLimits
from api.http.routes import catalogue as routes_catalogue
from api.http.routes import inspection as routes_inspection
from api.http.routes import items as routes_items
from api.http.routes import ledger as routes_ledger
from api.http.routes import letters as routes_letters
from api.http.routes import privacy as routes_privacy
from api.http.routes import remedies as routes_remedies
from api.http.routes import reports as routes_reports
from api.http.routes import requests as routes_requests
from api.http.routes import tiles as routes_tiles
from api.services import Services
from api.workbench.router import router as workbench_router
from ledger.replica import REPLICA_URL_ENV

MAX_BODY_BYTES = 60 * 1024 * 1024
DESCRIPTION = (
    "Tamper-evident ledger for government information disclosure. "
    "Public reads need no token; officer commands need a bearer token "
    "(`gongkai token issue`). Errors are RFC 9457 problem+json with a stable `code`."
)

# The API's resources, the public pages and the officers' workbench, in this order (a
# route of an earlier router wins over a pattern of a later one).
ROUTERS = (
    routes_ledger.router,
    routes_catalogue.router,
    routes_items.router,
    routes_privacy.router,
    routes_requests.router,
    routes_letters.router,
    routes_inspection.router,
    routes_reports.router,
    routes_remedies.router,
    routes_tiles.router,
    pages.router,
    workbench_router,
)


def create_app(
    services: Services, *, background: bool = True, rate_limits: RateLimits | None = None
) -> FastAPI:
    """The app over already opened services; ``background`` starts the integrator loop;
    ``rate_limits`` (none by default) limits each client."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if background:
            services.start_worker()
        yield
        if background:
            services.close()

    app = FastAPI(
        title="Gongkai 公开 API",
        version="1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # no /docs, /redoc: CDN scripts on the verify page's origin
        redoc_url=None,
    )
    app.state.services = services
    problems.install(app)
    for router in ROUTERS:
        app.include_router(router)

    @app.get("/healthz", tags=["operations"])
    def healthz() -> dict[str, Any]:
        """Liveness, without touching the database; ``worker`` is the answering process."""
        return {"status": "ok", "worker": os.getpid()}

    @app.get("/readyz", tags=["operations"])
    def readyz() -> dict[str, Any]:
        return readiness(services)

    hardening.install(app, services, rate_limits=rate_limits)
    return app


def readiness(services: Services) -> dict[str, Any]:
    """``/readyz``: ready with the tree size, or NOT_READY (degraded: still serving)."""
    size = services.ledger.tree_size()
    if services.integrity is not None:  # public reads go on from the last good checkpoint
        raise ApiError("NOT_READY", services.integrity, readiness="degraded")
    if services.tiles_error is not None:  # the API serves; static readers fall behind
        raise ApiError("NOT_READY", f"tiles: {services.tiles_error}", readiness="degraded")
    ready = services.ledger.initialised and services.last_error is None
    if not ready:
        raise ApiError("NOT_READY", services.last_error or "not initialised")
    answer: dict[str, Any] = {"status": "ready", "tree_size": size}
    replica = services.public_log.replica_state()
    if replica is None:
        return answer
    if replica.lag is None:  # the primary serves the public reads meanwhile
        detail = f"replica: {replica.error}; public reads are served by the primary"
        where = {"url_host": replica.url_host, "error": replica.error}
        raise ApiError("NOT_READY", detail, readiness="degraded", replica=where)
    answer["replica"] = replica.lag.to_json()
    return answer


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory api.http.app:app_from_env`` (reads GONGKAI_DATA
    and GONGKAI_REPLICA_URL)."""
    data = Path(os.environ.get("GONGKAI_DATA", "var"))
    services = Services.open(data, replica_url=os.environ.get(REPLICA_URL_ENV) or None)
    return create_app(services, rate_limits=RateLimits.from_env())
