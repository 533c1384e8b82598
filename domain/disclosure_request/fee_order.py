"""信息处理费 by items, in order of receipt (国办函〔2020〕109号 第四条).

Items are cumulated per applicant per natural month in the order the requests were
received: the n-th item of the month is charged by the band n falls in, so a request
received later never changes what an earlier one costs. A request counts as the items
its fee notice charged, or as one item while it has none (no notice, or still free).

Whose requests share a month is one query (``RequestIndex.applicant_month``); this
module only orders them, so the query can move to a private index of applicants
without touching the rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from domain.errors import RuleViolation


@dataclass(frozen=True, slots=True)
class MonthRequest:
    """One request of an applicant's natural month, as the fee rule sees it."""

    number: str
    received_on: date
    charged_items: int | None = None  # items an item fee notice charged

    @property
    def items(self) -> int:
        return 1 if self.charged_items is None else self.charged_items

    @property
    def order(self) -> tuple[date, int]:
        """Receipt order: the day received, then the number (given in recording order)."""
        return self.received_on, int(self.number.rsplit("-", 1)[1])


def items_before(month: Iterable[MonthRequest], this: MonthRequest) -> int:
    """Items of the month received before ``this`` (the month's count it starts from)."""
    return sum(other.items for other in month if other.order < this.order)


def check_receipt_order(month: Iterable[MonthRequest], this: MonthRequest, count: int) -> None:
    """More than one item on ``this`` would move requests received after it into dearer
    bands; once one of them has been charged that fee stands, so refuse (``FEE_ORDER``)."""
    if not isinstance(count, int) or count <= 1:
        return  # one item moves nothing; a malformed count is refused by the notice
    charged = sorted(
        other.number
        for other in month
        if other.order > this.order and other.charged_items is not None
    )
    if charged:
        raise RuleViolation(
            "FEE_ORDER",
            f"requests received later this month were charged already ({', '.join(charged)}): "
            "109号 counts items in order of receipt, so this request counts as one item",
            charged=charged,
            count=count,
        )
