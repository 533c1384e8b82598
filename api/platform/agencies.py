"""Opening and creating the agencies of a platform, each as its own ``Services``."""

from __future__ import annotations

import os
from datetime import datetime

from api.platform.registry import Agency, Registry, agency_database_url
from api.platform.witness import register_log
from api.services import Services
from ledger.ledger import DATABASE_URL_ENV


def open_agency(registry: Registry, slug: str, platform_url: str | None = None) -> Services:
    """The agency's services over its own database and its own data directory."""
    url = platform_url if platform_url is not None else os.environ.get(DATABASE_URL_ENV)
    return Services.open(registry.agency_dir(slug), agency_database_url(url, registry, slug))


def create_agency(
    registry: Registry,
    agency: tuple[str, str, str, str],
    admin_name: str,
    at: datetime,
    platform_url: str | None = None,
) -> tuple[Agency, str, str]:
    """Register SLUG, ORIGIN, NAME, KIND and initialise its ledger (root and log keys,
    genesis, the agency, its first admin); the platform witness witnesses its log.
    Returns the agency, admin id, verifier key."""
    slug, origin, name, kind = agency
    entry = registry.add(slug, origin, name, kind, at)
    try:
        services = open_agency(registry, slug, platform_url)
    except Exception:
        registry.remove(slug)
        raise
    try:
        admin = services.office.initialise(origin, name, admin_name, at)
        vkey = services.ledger.vkey().to_text()
    except Exception:
        registry.remove(slug)
        raise
    finally:
        services.close()
    # the agency exists from here on: should this fail, the platform registers its log
    # when it starts (``open_witness``)
    register_log(registry, vkey)
    return entry, admin, vkey
