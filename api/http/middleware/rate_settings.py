"""Rate-limit settings, read without loading the web stack (``gongkai serve`` builds
its options from them): the two budgets, the trusted proxies, what is never limited and
what counts as an expensive read. The middleware is ``ratelimit``.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from limits import RateLimitItem

DEFAULT_ENV: Final = "GONGKAI_RATE_LIMIT"
EXPENSIVE_ENV: Final = "GONGKAI_RATE_LIMIT_EXPENSIVE"
PROXIES_ENV: Final = "GONGKAI_TRUSTED_PROXIES"
# `gongkai serve` turns limits on with these unless told otherwise (a reader browsing
# pages makes a few requests a second; a script paging entries, one a second).
SERVE_DEFAULT: Final = "600/minute"
SERVE_EXPENSIVE: Final = "60/minute"
EXEMPT: Final = ("/healthz", "/readyz", "/metrics")
EXPENSIVE_PREFIXES: Final = (
    "/v1/entries",
    "/v1/proof/",
    "/v1/reports/",
    "/v1/documents/",
    "/v1/export",
    "/reports/",
)

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class RateLimitSettingError(ValueError):
    """A rate-limit setting that cannot be read; the message names it."""


@dataclass(frozen=True)
class RateLimits:
    default: RateLimitItem
    expensive: RateLimitItem
    trusted_proxies: tuple[IpNetwork, ...] = ()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> RateLimits | None:
        """The limits the environment sets, or None when ``GONGKAI_RATE_LIMIT`` is unset
        or ``off`` (the default for an app built in a test)."""
        default = environ.get(DEFAULT_ENV, "").strip()
        if not default or default == "off":
            return None
        expensive = environ.get(EXPENSIVE_ENV, "").strip() or default
        proxies = environ.get(PROXIES_ENV, "")
        return cls(
            _limit(DEFAULT_ENV, default),
            _limit(EXPENSIVE_ENV, expensive),
            parse_proxies(proxies.split(",") if proxies.strip() else ()),
        )


def _limit(name: str, text: str) -> RateLimitItem:
    from limits import parse

    try:
        return parse(text)
    except ValueError:
        raise RateLimitSettingError(
            f"{name}={text!r} is not a rate such as 600/minute or 10/second"
        ) from None


def parse_proxies(texts: Sequence[str]) -> tuple[IpNetwork, ...]:
    """Addresses or networks (``10.0.0.1``, ``10.0.0.0/8``) of trusted proxies."""
    try:
        return tuple(ipaddress.ip_network(text.strip(), strict=False) for text in texts)
    except ValueError as exc:
        raise RateLimitSettingError(f"{PROXIES_ENV}: {exc}") from None
