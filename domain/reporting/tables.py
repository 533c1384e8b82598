"""The layout of the annual report's tables (国办公开办函〔2021〕30号), with the labels
exactly as REFERENCE.md writes them, and their CSV form."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from domain.disclosure_request.outcomes import OUTCOMES

# --- Table 2 (主动公开政府信息情况) -------------------------------------------------------
TABLE2_TITLE: Final = "主动公开政府信息情况"
# the column labels exactly as the 2021 template prints them
ISSUED, REPEALED, IN_FORCE = "本年制发件数", "本年废止件数", "现行有效件数"
DECISIONS: Final = "本年处理决定数量"
FEE_AMOUNT: Final = "本年收费金额（单位：万元）"
# (category slug, row label, the Art. 20 item the template files it under)
TABLE2_DOCUMENT_ROWS: Final = (
    ("rules", "规章", "第二十条第（一）项"),
    ("normative_documents", "行政规范性文件", "第二十条第（一）项"),
)
TABLE2_DECISION_ROWS: Final = (
    ("licensing", "行政许可", "第二十条第（五）项"),
    ("penalties", "行政处罚", "第二十条第（六）项"),
    ("enforcement", "行政强制", "第二十条第（六）项"),
)
TABLE2_FEES_ROW: Final = ("fees", "行政事业性收费", "第二十条第（八）项")

# --- Table 3 (收到和处理政府信息公开申请情况) ---------------------------------------------
TABLE3_TITLE: Final = "收到和处理政府信息公开申请情况"
# (applicant_type recorded on DisclosureRequest.Received, column label), template order
APPLICANT_COLUMNS: Final = (
    ("natural-person", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("public-interest", "社会公益组织"),
    ("legal-services", "法律服务机构"),
    ("other", "其他"),
)
TOTAL: Final = "总计"
TABLE3_COLUMNS: Final = (*(label for _, label in APPLICANT_COLUMNS), TOTAL)
ORGANISATIONS: Final = "法人或其他组织"  # the group over columns 2–6
RECEIVED: Final = "一、本年新收政府信息公开申请数量"
CARRIED_IN: Final = "二、上年结转政府信息公开申请数量"
RESULTS: Final = "三、本年度办理结果"  # a heading: no numbers of its own
RESULTS_TOTAL: Final = "（七）总计"
CARRIED_OUT: Final = "四、结转下年度继续办理"
TABLE3_ROWS: Final = (
    RECEIVED,
    CARRIED_IN,
    *(outcome.row for outcome in OUTCOMES),
    RESULTS_TOTAL,
    CARRIED_OUT,
)

# --- Table 4 (政府信息公开行政复议、行政诉讼情况) -----------------------------------------
TABLE4_TITLE: Final = "政府信息公开行政复议、行政诉讼情况"
UPHELD, CORRECTED, OTHER_RESULT, PENDING = "结果维持", "结果纠正", "其他结果", "尚未审结"
TABLE4_COLUMNS: Final = (UPHELD, CORRECTED, OTHER_RESULT, PENDING, TOTAL)
RESULT_COLUMN: Final = {"upheld": 0, "corrected": 1, "other": 2, "pending": 3}
RECONSIDERATION: Final = "行政复议"
DIRECT_LAWSUIT: Final = "行政诉讼 未经复议直接起诉"
LAWSUIT_AFTER: Final = "行政诉讼 复议后起诉"
TABLE4_ROWS: Final = (RECONSIDERATION, DIRECT_LAWSUIT, LAWSUIT_AFTER)


@dataclass(frozen=True, slots=True)
class TableRow:
    """One template row: its label and its figures (None: not recorded in the ledger)."""

    label: str
    values: tuple[int | str | None, ...]  # str: an amount (Table 2 万元)
    key: str = ""
    columns: tuple[str, ...] = ()  # Table 2: each group of rows has its own columns
    article: str | None = None  # Table 2: the Art. 20 item the template files it under

    def to_json(self, columns: Sequence[str]) -> dict[str, Any]:
        named = self.columns or tuple(columns)
        result = {
            "label": self.label,
            "key": self.key,
            "values": dict(zip(named, self.values, strict=True)),
        }
        if self.article is not None:
            result["article"] = self.article
        return result


@dataclass(frozen=True, slots=True)
class Table:
    number: int
    title: str
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]

    def row(self, label: str) -> TableRow:
        """Raises KeyError for a label the table does not have."""
        for row in self.rows:
            if row.label == label:
                return row
        raise KeyError(label)

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "columns": list(self.columns),
            "rows": [row.to_json(self.columns) for row in self.rows],
        }


def to_csv(tables: Iterable[Table]) -> str:
    """One CSV record per template row: the label exactly as REFERENCE.md writes it, then
    the row's values (Table 3: the seven columns in template order; an empty field: a
    figure the ledger does not hold)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for table in tables:
        for row in table.rows:
            writer.writerow([row.label, *("" if v is None else v for v in row.values)])
    return buffer.getvalue()
