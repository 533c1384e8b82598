"""The API's operational edges, installed on the app in one call (issue 8, part 3):
the middleware in its order, ``GET /metrics`` and the OpenAPI description of problems
and bearer authentication. Wiring only: each edge is defined in its own module.

Middleware order, outermost first: ``Observe`` (times and logs everything, 413s,
429s and 304s included) → ``HeaderLimit`` → ``RateLimit`` (when limits are set) →
``HtmlSecurity`` → ``RejectNul`` → ``BodyLimit`` → ``ConditionalGet`` → the routes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from fastapi import FastAPI

from api.http import openapi_doc
from api.http.middleware import metrics as prometheus
from api.http.middleware.guards import (
    DEFAULT_BODY_LIMIT,
    BodyLimit,
    ConditionalGet,
    HeaderLimit,
    HtmlSecurity,
    RejectNul,
)
from api.http.middleware.metrics import Metrics
from api.http.middleware.observe import Observe
from api.http.middleware.rate_settings import RateLimits
from api.http.middleware.ratelimit import RateLimit
from api.http.routes.catalogue import MAX_UPLOAD_BYTES
from api.services import Services

# Document uploads get the upload route's own limit; everything else the default.
# The online application form carries one attachment of at most 2 MB; the workbench's
# forms that carry a document (its drafts, corrections, clarifications) the upload limit.
UPLOAD_LIMITS: Final[Mapping[str, int]] = {
    "/v1/content": MAX_UPLOAD_BYTES,
    "/apply": 3 * 1024 * 1024,
    "/workbench/drafter": MAX_UPLOAD_BYTES + 64 * 1024,
    "/workbench/items": MAX_UPLOAD_BYTES + 64 * 1024,
}


def install(
    app: FastAPI,
    services: Services,
    *,
    body_limit: int = DEFAULT_BODY_LIMIT,
    upload_limits: Mapping[str, int] = UPLOAD_LIMITS,
    rate_limits: RateLimits | None = None,
) -> Metrics:
    """Add the middleware, ``GET /metrics`` and the OpenAPI post-processing; per-client
    rate limits when ``rate_limits`` are given."""
    metrics = prometheus.expose(app, services)
    app.add_middleware(ConditionalGet)
    app.add_middleware(BodyLimit, default=body_limit, larger=upload_limits)
    app.add_middleware(RejectNul)
    app.add_middleware(HtmlSecurity)
    if rate_limits is not None:
        app.add_middleware(RateLimit, limits=rate_limits)
    app.add_middleware(HeaderLimit)
    app.add_middleware(Observe, metrics=metrics)
    openapi_doc.install(app)
    return metrics
