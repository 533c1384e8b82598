"""Demo requests (filled in by the requests workflow)."""

from __future__ import annotations

from api.demo import DemoContext, Step


def schedule(ctx: DemoContext) -> list[Step]:
    return []
