"""Shared by the platform tests: two agencies made on a fresh platform, and the
platform closed with its schemas dropped."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime

import psycopg

from api.platform.agencies import create_agency
from api.platform.registry import Registry
from api.services import Services
from tests.conftest import POSTGRES_URL

AGENCIES = (("dept", "示范市教育局", "department"), ("city", "示范县人民政府", "local-government"))


def two_agencies(registry: Registry, at: datetime, base: str | None) -> tuple[str, str]:
    """A department and a local government, with slugs and origins of a fresh tag (on
    PostgreSQL at ``base``, else SQLite); their slugs."""
    tag = uuid.uuid4().hex[:8]
    for kind, name, level in AGENCIES:
        agency = (f"{kind}_{tag}", f"{tag}.{kind}.gov.cn/gk", name, level)
        create_agency(registry, agency, "管理员", at, base)
    return f"dept_{tag}", f"city_{tag}"


def close_platform(
    services: Mapping[str, Services], base: str | None, slugs: Iterable[str]
) -> None:
    """Close every agency's services; on PostgreSQL (``base`` set) drop their schemas."""
    for opened in services.values():
        opened.close()
    if base is not None:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            for slug in slugs:
                conn.execute(f'DROP SCHEMA IF EXISTS "agency_{slug}" CASCADE')
