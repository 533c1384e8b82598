"""保管期限 — how long a record's personal data is kept before it is erased (PIPL Art. 47
(1)(2): erase once the retention period agreed or required has ended).

Periods are configuration: ``<data>/retention.toml`` (see README), read by the CLI and
handed here as a mapping; the defaults below apply to a class the file leaves out.

    [years]
    request = 10              # a closed request, no reconsideration or lawsuit
    request_with_remedy = 30  # reconsideration or lawsuit filed
    complaint = 10            # a complaint or report (投诉、举报), answered
    topic = 10                # a proposed topic (点题公开), declined or answered

Sources of the defaults: the periods 定期10年 and 定期30年 of 《机关文书档案归档范围和
文书档案保管期限规定》(国家档案局令第8号, 2006), Art. 8; which period a file takes is
the agency's own retention table (保管期限表), so set them to yours. The period runs
from the record's last dated step (the answer, the last remedy decision, a topic's
decision), and only closed records are ever due (``domain.privacy.due``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.errors import RuleViolation

DEFAULT_YEARS: dict[str, int] = {
    "request": 10,
    "request_with_remedy": 30,
    "complaint": 10,
    "topic": 10,
}
SOURCE = "国家档案局令第8号《机关文书档案归档范围和文书档案保管期限规定》第八条"


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """Years of retention per record class."""

    years: Mapping[str, int]

    @classmethod
    def from_mapping(cls, config: Mapping[str, Any] | None) -> RetentionPolicy:
        """From a parsed retention.toml (``[years]`` table); refuses unknown classes
        and periods that are not whole years ≥ 1 (``RETENTION_INVALID``)."""
        given = dict((config or {}).get("years", {}))
        unknown = sorted(set(given) - set(DEFAULT_YEARS))
        if unknown:
            raise RuleViolation(
                "RETENTION_INVALID",
                f"unknown record class {unknown[0]!r}: one of {sorted(DEFAULT_YEARS)}",
                record_class=unknown[0],
            )
        for name, value in given.items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise RuleViolation(
                    "RETENTION_INVALID",
                    f"{name} must be a whole number of years, at least 1",
                    record_class=name,
                )
        return cls({**DEFAULT_YEARS, **given})

    def ends(self, record_class: str, last_on: date) -> date:
        """The first day after the retention period of a record last touched ``last_on``."""
        years = self.years[record_class]
        try:
            return last_on.replace(year=last_on.year + years)
        except ValueError:  # 29 February
            return last_on.replace(year=last_on.year + years, day=28)
