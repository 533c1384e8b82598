"""依申请公开登记 — the register of disclosure requests, as two read models.

``request_register`` is public: per request its number, date of receipt, status, answer
due date, answer date and whether it was late, and the Table 3 outcome with its
Chinese label. It holds no personal data: the applicant and the description are sealed
in the ledger and never reach a read model, and the applicant's pseudonym is not
copied either (it would let anyone link one person's requests).

``request_state`` is internal, for officers: the same requests with every clock
(supplement, consultation, fee), the extension, the remedies, and the handling officer
and unit (the officer who last acted as request handler) and, once answered, the
officer and unit who gave the answer, so a late answer is recorded against them
(考核与责任追究, Arts. 47, 52). Units come from ``Officer.Appointed`` entries.

Both follow the ``DisclosureRequest.*`` entries only; the due dates are those the
entries record (deadline-setting events and ``DeadlineRecomputed``), so a rebuild
reproduces them exactly. Queries are in ``projections.register_queries``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from domain.disclosure_request.outcomes import TABLE3_ROW
from ledger.backend import Cursor
from ledger.ledger import singleton_stream
from projections.runner import Projection, Tables
from verify.entry import Entry
from verify.roles import REQUIRED_ROLE

NAME = "register"
PREFIX = "DisclosureRequest."

# Show the applicant type only for organisations. PIPL protects natural persons; an
# organisation's category (commercial, research, public-interest, legal-services,
# other) is not personal information, and it shows the public which kinds of
# organisations use the right to information. For a natural person the row shows "—":
# the register never puts a label next to a person, and a person is recognised by
# nothing in the row. (The counts per applicant type are public anyway, in the annual
# report's Table 3.)
ORGANISATION_TYPES = frozenset(
    {"commercial", "research", "public-interest", "legal-services", "other"}
)

_PUBLIC = (
    "request_id TEXT PRIMARY KEY, number TEXT NOT NULL UNIQUE, year INTEGER NOT NULL, "
    "serial INTEGER NOT NULL, received_on TEXT NOT NULL, status TEXT NOT NULL, "
    "applicant_type TEXT, answer_due TEXT, answer_due_provisional INTEGER, "
    "answered_on TEXT, answered_late INTEGER, outcome TEXT, outcome_label TEXT, "
    "leaf_hash TEXT NOT NULL, log_index BIGINT NOT NULL"
)
_INTERNAL = (
    "request_id TEXT PRIMARY KEY, number TEXT NOT NULL UNIQUE, year INTEGER NOT NULL, "
    "serial INTEGER NOT NULL, channel TEXT NOT NULL, applicant_type TEXT NOT NULL, "
    "received_on TEXT NOT NULL, receipt_on TEXT, status TEXT NOT NULL, answer_due TEXT, "
    "answer_due_provisional INTEGER, extension_days INTEGER NOT NULL, supplement_due TEXT, "
    "consultation_party TEXT, payment_due TEXT, outcome TEXT, closed_on TEXT, late INTEGER, "
    "handling_officer TEXT NOT NULL, handling_unit TEXT, answered_by TEXT, answered_unit TEXT, "
    "reconsideration TEXT, "
    "lawsuit TEXT, lawsuit_after_reconsideration INTEGER, "
    "leaf_hash TEXT NOT NULL, log_index BIGINT NOT NULL"
)


def _columns(ddl: str) -> frozenset[str]:
    return frozenset(part.split()[0] for part in ddl.split(", "))


PUBLIC_COLUMNS, INTERNAL_COLUMNS = _columns(_PUBLIC), _columns(_INTERNAL)
_STOPPED = {"answer_due": None, "answer_due_provisional": None}

Changes = dict[str, Any]


def _due(data: dict[str, Any]) -> Changes:
    provisional = data["answer_due_provisional"]
    return {
        "answer_due": data["answer_due"],
        "answer_due_provisional": None if provisional is None else int(bool(provisional)),
    }


def _closed(status: str, data: dict[str, Any], on: str = "on") -> Changes:
    return {"status": status, "closed_on": data[on], "outcome": data.get("outcome"), **_STOPPED}


def _recomputed(data: dict[str, Any]) -> Changes:
    """The answer due date, and the supplement and payment periods where they moved."""
    moved: Changes = {n: data[n] for n in ("supplement_due", "payment_due") if n in data}
    return {**_due(data), **moved}


def _answered(data: dict[str, Any]) -> Changes:
    late = int(bool(data["late"]))
    return {
        **_closed("answered", data, "answered_on"),
        **_due(data),
        "answered_on": data["answered_on"],
        "late": late,
        "answered_late": late,
    }


# What each event changes; the values are those of the internal table, and the public
# table takes the columns it has.
_CHANGES: dict[str, Callable[[dict[str, Any]], Changes]] = {
    "ReceiptConfirmed": lambda d: {
        "status": "received",
        "receipt_on": d["confirmed_on"],
        **_due(d),
    },
    "SupplementRequested": lambda d: {
        "status": "awaiting_supplement",
        "supplement_due": d["supplement_due"],
        **_STOPPED,
    },
    "Supplemented": lambda d: {"status": "received", "supplement_due": None, **_due(d)},
    "DeemedAbandoned": lambda d: _closed("abandoned", d),
    "ConsultationStarted": lambda d: {
        "status": "consulting",
        "consultation_party": d["party"],
        **_STOPPED,
    },
    "ConsultationEnded": lambda d: {"status": "received", "consultation_party": None, **_due(d)},
    "Extended": lambda d: {"extension_days": d["days"], **_due(d)},
    "FeeNoticed": lambda d: {"status": "awaiting_fee", "payment_due": d["payment_due"], **_STOPPED},
    "FeePaid": lambda d: {"status": "received", "payment_due": None, **_due(d)},
    "DeemedWithdrawn": lambda d: _closed("deemed_withdrawn", d),
    "Answered": _answered,
    "WithdrawnByApplicant": lambda d: _closed("withdrawn", d),
    "ReconsiderationFiled": lambda d: {"reconsideration": "pending"},
    "ReconsiderationDecided": lambda d: {"reconsideration": d["result"]},
    "LawsuitFiled": lambda d: {
        "lawsuit": "pending",
        "lawsuit_after_reconsideration": int(bool(d["after_reconsideration"])),
    },
    "LawsuitDecided": lambda d: {"lawsuit": d["result"]},
    "FeeNoticeReceived": lambda d: {"payment_due": d["payment_due"]},
    "DeadlineRecomputed": _recomputed,
    "Reanswered": lambda d: {
        **_closed("answered", d, "answered_on"),
        "answered_on": d["answered_on"],
    },
}


class RequestRegister(Projection):
    name = NAME
    tables: ClassVar[dict[str, str]] = {
        "request_register": _PUBLIC,
        "request_state": _INTERNAL,
        "request_officer_units": "stream TEXT PRIMARY KEY, unit TEXT NOT NULL",
    }
    indexes = (
        "request_register(year, serial)",
        "request_register(status)",
        "request_state(status)",
        "request_state(handling_officer)",
    )

    def handle(self, cur: Cursor, t: Tables, index: int, entry: Entry) -> None:
        if entry.type == "Officer.Appointed":
            cur.execute(
                f"INSERT INTO {t['request_officer_units']} (stream, unit) VALUES (?, ?)",
                (entry.stream, str(entry.data["unit"])),
            )
            return
        if not entry.type.startswith(PREFIX):
            return
        event = entry.type.removeprefix(PREFIX)
        citation = {"leaf_hash": entry.leaf_hash().hex(), "log_index": index}
        if event == "Received":
            self._received(cur, t, entry, citation)
            return
        decide = _CHANGES.get(event)
        if decide is None:  # an event this register does not show
            return
        changes = {**decide(entry.data), **citation}
        if REQUIRED_ROLE.get(entry.type) == "request_handler":
            changes.update(self._handler(cur, t, entry))
        if event == "Answered":  # a late answer is recorded against who gave it
            changes["answered_by"] = changes["handling_officer"]
            changes["answered_unit"] = changes["handling_unit"]
        if "outcome" in changes:
            changes["outcome_label"] = TABLE3_ROW.get(str(changes["outcome"]))
        _update(cur, t["request_state"], entry.stream, changes, INTERNAL_COLUMNS)
        _update(cur, t["request_register"], entry.stream, changes, PUBLIC_COLUMNS)

    def _received(self, cur: Cursor, t: Tables, entry: Entry, citation: Changes) -> None:
        data = entry.data
        year, serial = (int(part) for part in str(data["number"]).split("-"))
        confirmed = data["channel"] in ("online", "fax")  # Art. 31
        common = {
            "request_id": entry.stream,
            "number": data["number"],
            "year": year,
            "serial": serial,
            "received_on": data["received_on"],
            "status": "awaiting_confirmation" if confirmed else "received",
            **_due(data),
            **citation,
        }
        kind = data["applicant_type"]
        public = {**common, "applicant_type": kind if kind in ORGANISATION_TYPES else None}
        internal = {
            **common,
            "channel": data["channel"],
            "applicant_type": kind,
            "receipt_on": None if confirmed else data["received_on"],
            "extension_days": 0,
            **self._handler(cur, t, entry),
        }
        _insert(cur, t["request_register"], public)
        _insert(cur, t["request_state"], internal)

    @staticmethod
    def _handler(cur: Cursor, t: Tables, entry: Entry) -> Changes:
        stream = singleton_stream(entry.log, f"officer:{entry.actor}")
        row = cur.execute(
            f"SELECT unit FROM {t['request_officer_units']} WHERE stream = ?", (stream,)
        ).fetchone()
        return {"handling_officer": entry.actor, "handling_unit": None if row is None else row[0]}


def _insert(cur: Cursor, table: str, row: Changes) -> None:
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cur.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(row.values()))


def _update(
    cur: Cursor, table: str, request_id: str, changes: Changes, columns: frozenset[str]
) -> None:
    kept = {column: value for column, value in changes.items() if column in columns}
    assignments = ", ".join(f"{column} = ?" for column in kept)
    cur.execute(
        f"UPDATE {table} SET {assignments} WHERE request_id = ?", (*kept.values(), request_id)
    )
