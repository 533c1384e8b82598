"""年度报告 inputs — the facts the annual report (OGI Regulation Arts. 49–50, template
国办公开办函〔2021〕30号) is computed from, one row per request, remedy, item and fee.

- ``rpt_requests``: applicant type (the Table 3 column), the Art. 31 date of receipt
  (NULL until an online or fax request's receipt is confirmed), and how and when it
  closed (answered, deemed abandoned, deemed withdrawn, withdrawn by the applicant)
  with its Table 3 outcome code;
- ``rpt_remedies``: each reconsideration and lawsuit (Table 4), filed and decided, about a
  request or not (``RemedyCase``: proactive disclosure, a third party's case);
- ``rpt_items``: each information item's category, first publication and withdrawal
  (Table 2);
- ``rpt_fees``: information processing fees paid (Art. 42);
- ``rpt_statistics``: the Table 2 figures the responsible units reported
  (``Statistics.FigureRecorded``), in log order.

The numbers are computed from these rows by ``domain.reporting.annual_report``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ledger.backend import Cursor, Row
from projections.runner import LIVE, Projection, Tables
from verify.entry import Entry

NAME = "report_inputs"
_CLOSINGS = {
    "DisclosureRequest.Answered": ("answered", "answered_on"),
    "DisclosureRequest.DeemedAbandoned": ("abandoned", "on"),
    "DisclosureRequest.DeemedWithdrawn": ("deemed_withdrawn", "on"),
    "DisclosureRequest.WithdrawnByApplicant": ("withdrawn", "on"),
}
_FILED = {
    "DisclosureRequest.ReconsiderationFiled": "reconsideration",
    "DisclosureRequest.LawsuitFiled": "lawsuit",
}
_DECIDED = {
    "DisclosureRequest.ReconsiderationDecided": "reconsideration",
    "DisclosureRequest.LawsuitDecided": "lawsuit",
}
_CASE_FILED, _CASE_DECIDED = "RemedyCase.Filed", "RemedyCase.Decided"
CONFIRMED_CHANNELS = ("online", "fax")  # Art. 31: received when receipt is confirmed


class ReportInputs(Projection):
    name = NAME
    tables: ClassVar[dict[str, str]] = {
        "rpt_requests": "stream TEXT PRIMARY KEY, number TEXT NOT NULL, "
        "applicant_type TEXT NOT NULL, receipt_on TEXT, closed_as TEXT, closed_on TEXT, "
        "outcome TEXT",
        "rpt_remedies": "stream TEXT NOT NULL, kind TEXT NOT NULL, "
        "after_reconsideration INTEGER NOT NULL, filed_on TEXT NOT NULL, decided_on TEXT, "
        "result TEXT NOT NULL, PRIMARY KEY (stream, kind)",
        "rpt_items": "stream TEXT PRIMARY KEY, category TEXT NOT NULL, published_on TEXT, "
        "withdrawn_on TEXT, withdrawal_reason TEXT",
        "rpt_fees": "idx BIGINT PRIMARY KEY, stream TEXT NOT NULL, paid_on TEXT NOT NULL, "
        "fee_fen BIGINT NOT NULL",
        "rpt_statistics": "idx BIGINT PRIMARY KEY, year INTEGER NOT NULL, row_key TEXT NOT NULL, "
        "unit TEXT NOT NULL, figure BIGINT NOT NULL, source TEXT NOT NULL",
    }

    def handle(self, cur: Cursor, t: Tables, index: int, entry: Entry) -> None:
        kind, data = entry.type, entry.data
        if kind == "Statistics.FigureRecorded":
            _figure(cur, t, index, data)
            return
        if kind == "DisclosureRequest.Received":
            receipt = None if data["channel"] in CONFIRMED_CHANNELS else data["received_on"]
            cur.execute(
                f"INSERT INTO {t['rpt_requests']} (stream, number, applicant_type, receipt_on) "
                "VALUES (?, ?, ?, ?)",
                (entry.stream, data["number"], data["applicant_type"], receipt),
            )
        elif kind == "DisclosureRequest.ReceiptConfirmed":
            cur.execute(
                f"UPDATE {t['rpt_requests']} SET receipt_on = ? WHERE stream = ?",
                (data["confirmed_on"], entry.stream),
            )
        elif kind in _CLOSINGS:
            closed_as, field = _CLOSINGS[kind]
            cur.execute(
                f"UPDATE {t['rpt_requests']} SET closed_as = ?, closed_on = ?, outcome = ? "
                "WHERE stream = ?",
                (closed_as, data[field], data.get("outcome"), entry.stream),
            )
        elif kind in _FILED or kind == _CASE_FILED:
            cur.execute(
                f"INSERT INTO {t['rpt_remedies']} (stream, kind, after_reconsideration, "
                "filed_on, result) VALUES (?, ?, ?, ?, 'pending')",
                (
                    entry.stream,
                    _FILED.get(kind) or data["kind"],
                    int(bool(data.get("after_reconsideration"))),
                    data["on"],
                ),
            )
        elif kind in _DECIDED or kind == _CASE_DECIDED:
            _decided(cur, t, entry)
        elif kind == "DisclosureRequest.FeePaid":
            cur.execute(
                f"INSERT INTO {t['rpt_fees']} (idx, stream, paid_on, fee_fen) VALUES (?,?,?,?)",
                (index, entry.stream, data["on"], int(data["fee_fen"])),
            )
        elif kind.startswith("InformationItem."):
            _item(cur, t, entry)


def _item(cur: Cursor, t: Tables, entry: Entry) -> None:
    data = entry.data
    if entry.type == "InformationItem.Drafted":
        cur.execute(
            f"INSERT INTO {t['rpt_items']} (stream, category) VALUES (?, ?)",
            (entry.stream, data["category"]),
        )
    elif entry.type == "InformationItem.Published":
        # 本年制发 counts an item once, in the year it was first published
        cur.execute(
            f"UPDATE {t['rpt_items']} SET published_on = COALESCE(published_on, ?) "
            "WHERE stream = ?",
            (data["published_on"], entry.stream),
        )
    elif entry.type == "InformationItem.Withdrawn":
        cur.execute(
            f"UPDATE {t['rpt_items']} SET withdrawn_on = ?, withdrawal_reason = ? WHERE stream = ?",
            (data["withdrawn_on"], data["reason"], entry.stream),
        )


# --- queries ------------------------------------------------------------------------


def requests(cur: Cursor) -> list[Row]:
    """(stream, number, applicant_type, receipt_on, closed_as, closed_on, outcome)."""
    return cur.execute(
        "SELECT stream, number, applicant_type, receipt_on, closed_as, closed_on, outcome "
        f"FROM {Tables(LIVE)['rpt_requests']} ORDER BY stream"
    ).fetchall()


def remedies(cur: Cursor) -> list[Row]:
    """(stream, kind, after_reconsideration, filed_on, decided_on, result)."""
    return cur.execute(
        "SELECT stream, kind, after_reconsideration, filed_on, decided_on, result "
        f"FROM {Tables(LIVE)['rpt_remedies']} ORDER BY stream, kind"
    ).fetchall()


def items(cur: Cursor) -> list[Row]:
    """(stream, category, published_on, withdrawn_on, withdrawal_reason)."""
    return cur.execute(
        "SELECT stream, category, published_on, withdrawn_on, withdrawal_reason "
        f"FROM {Tables(LIVE)['rpt_items']} ORDER BY stream"
    ).fetchall()


def fees(cur: Cursor) -> list[Row]:
    """(log index, stream, paid_on, fee_fen)."""
    return cur.execute(
        f"SELECT idx, stream, paid_on, fee_fen FROM {Tables(LIVE)['rpt_fees']} ORDER BY idx"
    ).fetchall()


def _decided(cur: Cursor, t: Tables, entry: Entry) -> None:
    data = entry.data
    decided = None if data["result"] == "pending" else data["on"]
    # a request's stream holds one remedy of each kind, a case's stream just its own
    kind = _DECIDED.get(entry.type)
    where = "stream = ?" if kind is None else "stream = ? AND kind = ?"
    cur.execute(
        f"UPDATE {t['rpt_remedies']} SET decided_on = ?, result = ? WHERE {where}",
        (decided, data["result"], entry.stream, *([] if kind is None else [kind])),
    )


def _figure(cur: Cursor, t: Tables, index: int, data: dict[str, Any]) -> None:
    cur.execute(
        f"INSERT INTO {t['rpt_statistics']} (idx, year, row_key, unit, figure, source) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (index, data["year"], data["row"], data["unit"], data["figure"], data["source"]),
    )


def statistics(cur: Cursor) -> list[Row]:
    """(year, row, unit, figure, source) of every recorded Table 2 figure, in log order."""
    return cur.execute(
        f"SELECT year, row_key, unit, figure, source FROM {Tables(LIVE)['rpt_statistics']} "
        "ORDER BY idx"
    ).fetchall()


def position_of(cur: Cursor) -> int:
    row = cur.execute("SELECT position FROM gk_positions WHERE name = ?", (NAME,)).fetchone()
    return int(row[0]) if row else 0
