"""Demo: the office drafts the narrative sections of the 2025 annual report (一、五、六),
the office head approves them, and publishes the report in January 2026 (Art. 49: by
31 January), as computed from the ledger at that moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from api.demo.office import DemoContext, Step
from api.views import report_sections
from api.views.inspection import Inspection

PUBLISH_2025 = datetime(2026, 1, 20, 2, 0, tzinfo=UTC)
NARRATIVES = {
    1: "2025年，本机关坚持以公开为常态、不公开为例外，主动公开政府信息，依法办理政府信息"
    "公开申请，各项工作依照《中华人民共和国政府信息公开条例》有序开展。",
    5: "存在的主要问题：部分申请答复期限临近才办结。改进情况：建立到期提醒，按月通报办理进度。",
    6: "本年度依照《政府信息公开信息处理费管理办法》收取信息处理费的情况见下表；"
    "本年度未发生因政府信息公开工作被责任追究的情形。",
}


def schedule(ctx: DemoContext) -> list[Step]:
    def narratives() -> None:
        drafter, head = ctx.officers["drafter"][0], ctx.officers["office_head"][0]
        at = PUBLISH_2025 - timedelta(days=5)
        for section, text in NARRATIVES.items():
            drafted = report_sections.draft(ctx.services, 2025, section, text, drafter, at)
            at += timedelta(minutes=5)
            report_sections.approve(ctx.services, 2025, section, drafted["text_sha256"], head, at)

    def publish() -> None:
        ctx.services.settle()  # the report is computed from the caught-up read models
        head = ctx.officers["office_head"][0]
        Inspection(ctx.services).publish_report(2025, head, PUBLISH_2025)

    return [
        Step(PUBLISH_2025 - timedelta(days=5), "draft and approve the narratives", narratives),
        Step(PUBLISH_2025, "publish the 2025 annual report", publish),
    ]
