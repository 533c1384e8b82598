"""Demo: the office head publishes the 2025 annual report in January 2026 (Arts. 49–50:
by 31 January), as computed from the ledger at that moment."""

from __future__ import annotations

from datetime import UTC, datetime

from api.demo.office import DemoContext, Step
from api.views.inspection import Inspection

PUBLISH_2025 = datetime(2026, 1, 20, 2, 0, tzinfo=UTC)


def schedule(ctx: DemoContext) -> list[Step]:
    def publish() -> None:
        ctx.services.settle()  # the report is computed from the caught-up read models
        head = ctx.officers["office_head"][0]
        Inspection(ctx.services).publish_report(2025, head, PUBLISH_2025)

    return [Step(PUBLISH_2025, "publish the 2025 annual report", publish)]
