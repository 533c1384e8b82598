"""考核与责任追究 — the accountability read model (OGI Regulation Arts. 47, 52, 53).

Every integrated entry becomes one row of ``acc_actions`` (log index, stream, seq, type,
actor, time, leaf hash), so an officer's actions in a period are read from here and
their count equals the ledger's entries with that actor in that period. Entries that
findings need (answers, deadlines, publications, secrecy reviews, withdrawals, remedies,
refused attempts) also keep the data fields findings read in ``facts``; the recorded
calendar years are kept in ``acc_calendar``. Officers'
names and units come from ``Officer.Appointed``; the officer id of a stream is known
from the ``Keyring.KeyRegistered`` entry of its holder (officer streams are singleton
streams named after the officer id). The findings themselves are computed from these
rows by ``domain.reporting.accountability``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

from ledger.backend import Cursor, Row
from ledger.ledger import singleton_stream
from projections.runner import LIVE, Projection, Tables
from verify.entry import Entry, is_sealed

NAME = "accountability"
CST = timedelta(hours=8)
_ACTION_COLUMNS = "idx, stream, seq, type, actor, at, leaf_hash, facts"

# The data fields the findings read, per entry type (nothing else is copied).
_DEADLINE = ("answer_due",)
FACT_FIELDS: dict[str, tuple[str, ...]] = {
    "DisclosureRequest.Received": ("number", "received_on", "channel", *_DEADLINE),
    "DisclosureRequest.ReceiptConfirmed": ("confirmed_on", *_DEADLINE),
    "DisclosureRequest.Supplemented": ("on", *_DEADLINE),
    "DisclosureRequest.SupplementRequested": ("on", "notice_due", "late"),
    "DisclosureRequest.ConsultationStarted": ("on",),
    "DisclosureRequest.ConsultationEnded": (
        "on",
        "reply_due",
        "overrun_days",
        "party",
        "reply",
        "deemed_consent",
        *_DEADLINE,
    ),
    "DisclosureRequest.FeeNoticed": ("on",),
    "DisclosureRequest.FeePaid": ("on", *_DEADLINE),
    "DisclosureRequest.DeadlineRecomputed": (
        *_DEADLINE,
        "notice_due",
        "notice_late",
        "reply_due",
        "overrun_days",
        "consultation_ended_on",
    ),
    "DisclosureRequest.Extended": ("on", "days", "reason", "notified_on", *_DEADLINE),
    "DisclosureRequest.LetterIssued": ("on", "kind"),
    "DisclosureRequest.ReasonablePeriodSet": ("on", "previous", *_DEADLINE),
    "DisclosureRequest.Answered": ("answered_on", "outcome", "late", *_DEADLINE),
    "DisclosureRequest.Reanswered": ("answered_on", "outcome"),
    "DisclosureRequest.DeemedAbandoned": ("on", "outcome"),
    "DisclosureRequest.DeemedWithdrawn": ("on", "outcome"),
    "DisclosureRequest.WithdrawnByApplicant": ("on",),
    "DisclosureRequest.ReconsiderationFiled": ("on",),
    "DisclosureRequest.ReconsiderationDecided": ("on", "result"),
    "DisclosureRequest.LawsuitFiled": ("on", "after_reconsideration"),
    "DisclosureRequest.LawsuitDecided": ("on", "result"),
    "InformationItem.Drafted": ("title", "doc_number", "content_sha256"),
    "InformationItem.Corrected": ("content_sha256",),
    "InformationItem.SecrecyReviewed": ("subject", "content_sha256", "result", "redacted_sha256"),
    "InformationItem.Published": ("content_sha256", "published_on", "publish_by", "late"),
    "InformationItem.Withdrawn": ("content_sha256", "reason", "withdrawn_on", "legal_basis"),
    "Officer.AttemptRefused": ("code", "stream", "command"),
    # whose record, which fields, why: never the data (those fields are sealed)
    "PersonalData.Opened": ("record", "number", "fields", "purpose", "legal_basis", "scope"),
    "PersonalData.Erased": ("record", "number", "fields", "legal_basis", "retention"),
    "Complaint.Answered": ("answered_on", "late"),
    "AnnualReport.Published": ("year", "published_on", "due_on", "late"),
}
CALENDAR = "Calendar.YearRecorded"


class Accountability(Projection):
    name = NAME
    tables: ClassVar[dict[str, str]] = {
        "acc_actions": "idx BIGINT PRIMARY KEY, stream TEXT NOT NULL, seq BIGINT NOT NULL, "
        "type TEXT NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL, leaf_hash TEXT NOT NULL, "
        "facts TEXT",
        "acc_officer_streams": "stream TEXT PRIMARY KEY, name TEXT NOT NULL, unit TEXT NOT NULL",
        "acc_holders": "holder TEXT PRIMARY KEY, stream TEXT NOT NULL",
        "acc_units": "unit_id TEXT PRIMARY KEY, name TEXT NOT NULL",
        "acc_calendar": "idx BIGINT PRIMARY KEY, year INTEGER NOT NULL, days TEXT NOT NULL",
    }
    indexes = ("acc_actions(actor, at)", "acc_actions(stream, idx)")

    def handle(self, cur: Cursor, t: Tables, index: int, entry: Entry) -> None:
        fields = FACT_FIELDS.get(entry.type)
        facts = None if fields is None else _facts(entry.data, fields)
        cur.execute(
            f"INSERT INTO {t['acc_actions']} ({_ACTION_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)",
            (
                index,
                entry.stream,
                entry.seq,
                entry.type,
                entry.actor,
                entry.at,
                entry.leaf_hash().hex(),
                facts,
            ),
        )
        if entry.type == "Officer.Appointed":
            data = entry.data
            cur.execute(
                f"INSERT INTO {t['acc_officer_streams']} (stream, name, unit) VALUES (?,?,?)",
                (entry.stream, str(data["officer_name"]), str(data["unit"])),
            )
        elif entry.type == "Keyring.KeyRegistered" and entry.data.get("purpose") == "signing":
            holder = str(entry.data["holder"])
            cur.execute(
                f"INSERT INTO {t['acc_holders']} (holder, stream) VALUES (?, ?) "
                "ON CONFLICT (holder) DO NOTHING",
                (holder, singleton_stream(entry.log, f"officer:{holder}")),
            )
        elif entry.type == CALENDAR:
            data = entry.data
            days = {"holidays": data["holidays"], "workdays": data["workdays"]}
            cur.execute(
                f"INSERT INTO {t['acc_calendar']} (idx, year, days) VALUES (?, ?, ?)",
                (index, int(data["year"]), json.dumps(days, separators=(",", ":"))),
            )
        elif entry.type == "Agency.UnitAdded":
            cur.execute(
                f"INSERT INTO {t['acc_units']} (unit_id, name) VALUES (?, ?)",
                (str(entry.data["unit_id"]), str(entry.data["unit_name"])),
            )


def _facts(data: dict[str, Any], fields: tuple[str, ...]) -> str:
    # sealed fields (personal data, classified titles) are never copied into read models
    kept = {k: data[k] for k in fields if k in data and not is_sealed(data[k])}
    return json.dumps(kept, separators=(",", ":"), ensure_ascii=False)


# --- queries ------------------------------------------------------------------------


def cst_bounds(start: date | None, end: date | None) -> tuple[str, str]:
    """Entry-timestamp bounds [low, high) of China Standard Time dates start..end."""
    # date.min starts before the first UTC instant, date.max has no next day: no bound
    low = "0000" if start is None or start == date.min else _utc_text(start)
    high = "9999" if end is None or end == date.max else _utc_text(end + timedelta(days=1))
    return low, high


def _utc_text(day: date) -> str:
    # isoformat pads the year to 4 digits (strftime's %Y does not for years before 1000)
    moment = datetime(day.year, day.month, day.day) - CST
    return moment.isoformat(timespec="microseconds") + "Z"


def actions(cur: Cursor, actor: str, start: date | None, end: date | None) -> list[Row]:
    """Every entry by ``actor`` recorded on China Standard Time dates start..end."""
    t = Tables(LIVE)
    low, high = cst_bounds(start, end)
    return cur.execute(
        f"SELECT {_ACTION_COLUMNS} FROM {t['acc_actions']} "
        "WHERE actor = ? AND at >= ? AND at < ? ORDER BY idx",
        (actor, low, high),
    ).fetchall()


def stream_facts(cur: Cursor, streams: Sequence[str], chunk: int = 200) -> list[Row]:
    """The fact-bearing entries of ``streams`` (any actor, any time), in log order."""
    t = Tables(LIVE)
    rows: list[Row] = []
    ordered = sorted(set(streams))
    for start in range(0, len(ordered), chunk):
        part = ordered[start : start + chunk]
        marks = ",".join("?" * len(part))
        rows.extend(
            cur.execute(
                f"SELECT {_ACTION_COLUMNS} FROM {t['acc_actions']} "
                f"WHERE stream IN ({marks}) AND facts IS NOT NULL",
                part,
            ).fetchall()
        )
    return sorted(rows, key=lambda r: int(r[0]))


def calendar_records(cur: Cursor) -> list[Row]:
    """(log index, year, holidays and workdays JSON) of every recorded calendar year."""
    t = Tables(LIVE)
    return cur.execute(f"SELECT idx, year, days FROM {t['acc_calendar']} ORDER BY idx").fetchall()


def officers(cur: Cursor) -> list[Row]:
    """(officer id, name, unit) of every officer with a signing key, by id."""
    t = Tables(LIVE)
    return cur.execute(
        f"SELECT h.holder, o.name, o.unit FROM {t['acc_holders']} h "
        f"JOIN {t['acc_officer_streams']} o ON o.stream = h.stream ORDER BY h.holder"
    ).fetchall()


def unit_names(cur: Cursor) -> dict[str, str]:
    """Unit id → name, as the agency registered its units."""
    t = Tables(LIVE)
    rows = cur.execute(f"SELECT unit_id, name FROM {t['acc_units']}").fetchall()
    return {str(r[0]): str(r[1]) for r in rows}


def position_of(cur: Cursor) -> int:
    row = cur.execute("SELECT position FROM gk_positions WHERE name = ?", (NAME,)).fetchone()
    return int(row[0]) if row else 0
