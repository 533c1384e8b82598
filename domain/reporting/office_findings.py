"""考核与责任追究: findings on the office's own duties beside requests, for
``domain.reporting.accountability``:

- ``LATE_COMPLAINT_ANSWER``: a complaint or report (Art. 47) answered after the period
  the office set itself — found on the officer who answered it;
- ``LATE_ANNUAL_REPORT``: the annual report published after Art. 49's date (31 January
  for a department, 31 March for a local government) — found on the office head who
  published it.

Both read the ``late`` flag the entry recorded when it was signed. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from domain.reporting.accountability import Evidence, LoggedAction

KINDS: Final[dict[str, str]] = {
    "LATE_COMPLAINT_ANSWER": "逾期答复投诉、举报",
    "LATE_ANNUAL_REPORT": "逾期公布政府信息公开工作年度报告",
}
_DETAIL: Final = {
    "Complaint.Answered": ("LATE_COMPLAINT_ANSWER", ("answered_on",)),
    "AnnualReport.Published": ("LATE_ANNUAL_REPORT", ("year", "published_on", "due_on")),
}


def office_checks(action: LoggedAction) -> Iterable[tuple[str, dict[str, Any], tuple[Evidence]]]:
    found = _DETAIL.get(action.type)
    if found is not None and action.fact("late"):
        kind, fields = found
        yield kind, {k: action.fact(k) for k in fields}, (action.evidence(),)
