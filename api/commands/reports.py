"""The annual report's publication (政府信息公开工作年度报告, Arts. 49–50), declared once.

``POST /v1/reports/annual/{year}/publish`` and ``gongkai report publish YEAR`` both call
``publish``. It takes no body: the year is the route's path and the verb's argument, and
what is published is the report as computed now, with its hash and the checkpoint cited.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from api.services import Services
from api.views.inspection import Inspection


def publish(services: Services, year: int, actor: str, at: datetime) -> dict[str, Any]:
    """Record ``AnnualReport.Published`` for the year's report (office head).

    Raises ReportCrossCheckFailed, RuleViolation, ProofUnavailable."""
    return Inspection(services).publish_report(year, actor, at)
