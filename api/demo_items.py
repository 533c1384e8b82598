"""Demo items (filled in by the items workflow)."""

from __future__ import annotations

from api.demo import DemoContext, Step


def schedule(ctx: DemoContext) -> list[Step]:
    return []
