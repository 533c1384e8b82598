"""Answer outcomes of a disclosure request (依申请公开办理结果), OGI Regulation Arts. 35–39.

Each code is one row of the annual report's Table 3 (收到和处理政府信息公开申请情况,
国办公开办函〔2021〕30号, section 三、本年度办理结果), in the template's order; the label is
the row as REFERENCE.md writes it. Withholding is lawful only on the grounds of
Arts. 14, 15 and 16, and each ``withheld.*`` code names one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class Outcome:
    """One answer outcome: a stable code and its Table 3 row label."""

    code: str
    row: str


_WITHHELD = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"
_OTHER = "（六）其他处理"

OUTCOMES: Final[tuple[Outcome, ...]] = (
    Outcome("disclosed", "（一）予以公开"),
    Outcome("partially_disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    Outcome("withheld.state_secret", f"{_WITHHELD} 1.属于国家秘密"),
    Outcome("withheld.prohibited_by_law", f"{_WITHHELD} 2.其他法律行政法规禁止公开"),
    Outcome("withheld.security_stability", f"{_WITHHELD} 3.危及“三安全一稳定”"),
    Outcome("withheld.third_party_rights", f"{_WITHHELD} 4.保护第三方合法权益"),
    Outcome("withheld.internal_affairs", f"{_WITHHELD} 5.属于三类内部事务信息"),
    Outcome("withheld.process_information", f"{_WITHHELD} 6.属于四类过程性信息"),
    Outcome("withheld.enforcement_file", f"{_WITHHELD} 7.属于行政执法案卷"),
    Outcome("withheld.administrative_query", f"{_WITHHELD} 8.属于行政查询事项"),
    Outcome("unavailable.not_held", f"{_UNAVAILABLE} 1.本机关不掌握相关政府信息"),
    Outcome("unavailable.needs_creation", f"{_UNAVAILABLE} 2.没有现成信息需要另行制作"),
    Outcome("unavailable.still_unclear", f"{_UNAVAILABLE} 3.补正后申请内容仍不明确"),
    Outcome("not_processed.petition_complaint", f"{_NOT_PROCESSED} 1.信访举报投诉类申请"),
    Outcome("not_processed.duplicate", f"{_NOT_PROCESSED} 2.重复申请"),
    Outcome("not_processed.publication", f"{_NOT_PROCESSED} 3.要求提供公开出版物"),
    Outcome("not_processed.excessive", f"{_NOT_PROCESSED} 4.无正当理由大量反复申请"),
    Outcome(
        "not_processed.confirm_or_reissue",
        f"{_NOT_PROCESSED} 5.要求行政机关确认或重新出具已获取信息",
    ),
    Outcome(
        "other.no_supplement",
        f"{_OTHER} 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    Outcome(
        "other.unpaid_fee",
        f"{_OTHER} 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    Outcome("other.other", f"{_OTHER} 3.其他"),
)

OUTCOME_CODES: Final[tuple[str, ...]] = tuple(o.code for o in OUTCOMES)
TABLE3_ROW: Final[dict[str, str]] = {o.code: o.row for o in OUTCOMES}

# Outcomes under which information is actually provided (Art. 36 (一), (二); Art. 37).
PROVIDING: Final[frozenset[str]] = frozenset({"disclosed", "partially_disclosed"})
# Outcomes that close a request for the applicant's default (Art. 30; 国办函〔2020〕109号
# for the unpaid fee): the same rows the deemed-abandoned / deemed-withdrawn events count in.
NO_SUPPLEMENT: Final = "other.no_supplement"
UNPAID_FEE: Final = "other.unpaid_fee"
STILL_UNCLEAR: Final = "unavailable.still_unclear"


def row_of(code: str) -> str:
    """The Table 3 row label of an outcome code. Raises KeyError for an unknown code."""
    return TABLE3_ROW[code]
