"""Per-client rate limits (the ``limits`` library), in two tiers.

Every client (its address; ``X-Forwarded-For`` only when the connection comes from a
configured trusted proxy) gets ``default`` requests per window on every route, and a
smaller ``expensive`` budget on the reads that cost the server most: pages of entries,
proofs, reports, exports and documents. Over budget, the answer is 429 problem+json
``RATE_LIMITED`` with ``Retry-After`` (whole seconds), before any route runs.
Liveness, readiness and metrics are never limited: a monitor polling them must not be
locked out by the load it is watching.

The settings (environment, ``gongkai serve`` options) are in ``rate_settings``.
Counters live in the process (``memory://``): with ``--workers N`` a client may get up
to N times the budget, each worker counting what it served.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Sequence

from limits.storage import MemoryStorage
from limits.strategies import SlidingWindowCounterRateLimiter
from starlette.types import ASGIApp, Receive, Scope, Send

from api.http.middleware.rate_settings import EXEMPT, EXPENSIVE_PREFIXES, IpNetwork, RateLimits
from api.http.problems import problem


class RateLimit:
    """429 problem+json once a client passes its budget for the route's tier."""

    def __init__(self, app: ASGIApp, limits: RateLimits) -> None:
        self.app = app
        self.limits = limits
        self.limiter = SlidingWindowCounterRateLimiter(MemoryStorage())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path in EXEMPT:
            await self.app(scope, receive, send)
            return
        expensive = path.startswith(EXPENSIVE_PREFIXES)
        item = self.limits.expensive if expensive else self.limits.default
        tier = "expensive" if expensive else "default"
        client = client_address(scope, self.limits.trusted_proxies)
        if self.limiter.hit(item, tier, client):
            await self.app(scope, receive, send)
            return
        reset = self.limiter.get_window_stats(item, tier, client).reset_time
        retry = max(1, math.ceil(reset - time.time()))
        response = problem(
            "RATE_LIMITED",
            f"too many requests from this client ({item} on {tier} routes); retry in {retry} s",
            limit=str(item),
            tier=tier,
        )
        response.headers["Retry-After"] = str(retry)
        await response(scope, receive, send)


def client_address(scope: Scope, trusted: Sequence[IpNetwork]) -> str:
    """The connecting address, or, when it is a trusted proxy, the last address in
    ``X-Forwarded-For`` that is not one (what the proxies vouch for, not what the client
    wrote at the left of the header)."""
    peer = scope["client"][0] if scope.get("client") else "unknown"
    if not trusted or not _is_trusted(peer, trusted):
        return peer
    forwarded: list[str] = []
    for name, value in scope["headers"]:
        if name == b"x-forwarded-for":
            forwarded += [part.strip() for part in value.decode("latin-1").split(",")]
    for address in reversed(forwarded):
        if not _is_trusted(address, trusted):
            return address
    return peer


def _is_trusted(address: str, trusted: Sequence[IpNetwork]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)
