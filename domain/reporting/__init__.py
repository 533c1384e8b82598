"""Reporting over the ledger: the statutory annual report (``annual_report``, its
tables and publication), officer and unit accountability, and the replay of one
decision's history. Pure functions over rows the caller reads.

    report = annual_report(2026, requests=facts, remedies=..., items=..., fees=...)
    report.check()  # raises ReportCrossCheckFailed unless Table 3 adds up
    timeline = replay(stream, events, calendar_events, verification)
"""

from domain.reporting.annual_report import YearReport, annual_report
from domain.reporting.publication import AnnualReport
from domain.reporting.replay import Timeline, replay

__all__ = ["AnnualReport", "Timeline", "YearReport", "annual_report", "replay"]
