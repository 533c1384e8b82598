"""Shared by the platform tests: closing a test platform and dropping its schemas."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import psycopg

from api.services import Services
from tests.conftest import POSTGRES_URL


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
