"""考核与责任追究 — one officer's record over a period, with findings (OGI Regulation
Arts. 47, 52, 53: requests not answered as required, information not published as
required, 泄密, and what the regulation's reviews ask about).

Pure: the rows come from the accountability read model; each finding cites the ledger
entries that prove it (log index and leaf hash), so an inspector can export them as an
evidence bundle and check every one with an inclusion proof. Findings, each for an
action of the officer in the period (what follows from it may lie after the period):

- ``LATE_ANSWER``: an answer recorded as given after its due date (Art. 33);
- ``LATE_PUBLICATION``: an item published after its Art. 26 deadline;
- ``SECRECY_PASS_WITHDRAWN``: content the officer passed in secrecy review (Art. 17)
  that was later withdrawn for secrecy;
- ``DECISION_CORRECTED``: an answer (or deemed abandonment / withdrawal) later
  corrected in reconsideration or litigation (Art. 51);
- ``EXTENSION_GRANTED``: an Art. 33 extension the officer granted;
- ``ATTEMPT_REFUSED``: a command a rule refused, recorded on the officer's own stream
  (e.g. approving their own draft);
- ``BACKFILLED``: an entry whose claimed business date lies more than
  ``BACKFILL_WORKING_DAYS`` working days before the day it was recorded;
- the findings of ``request_findings`` (late supplement notice, consultation overrun,
  unanswered past due, never confirmed) and ``office_findings``.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Final

from domain.reporting.calendar_history import CalendarHistory, RecordedYear, recorded_year
from domain.reporting.office_findings import KINDS as OFFICE_KINDS
from domain.reporting.office_findings import office_checks
from domain.reporting.request_findings import KINDS as REQUEST_KINDS
from domain.reporting.request_findings import request_checks

__all__ = [
    "KINDS",
    "CalendarHistory",
    "Finding",
    "LoggedAction",
    "OfficerRecord",
    "RecordedYear",
    "findings",
    "officer_record",
    "recorded_year",
]

CST = timedelta(hours=8)
BACKFILL_WORKING_DAYS: Final = 2
KINDS: Final[dict[str, str]] = {
    "LATE_ANSWER": "逾期答复",
    "LATE_PUBLICATION": "超过第二十六条期限公开",
    "SECRECY_PASS_WITHDRAWN": "保密审查通过后因涉密撤回",
    "DECISION_CORRECTED": "答复被复议或诉讼纠正",
    "EXTENSION_GRANTED": "批准延长答复期限",
    "ATTEMPT_REFUSED": "被规则拒绝的操作",
    "BACKFILLED": "补录（业务日期早于记录日期两个工作日以上）",
    **REQUEST_KINDS,
    **OFFICE_KINDS,
}
# (entry type, the data field holding the date the step claims it happened on)
CLAIMED_DATES: Final[dict[str, str]] = {
    "DisclosureRequest.Received": "received_on",
    "DisclosureRequest.ReceiptConfirmed": "confirmed_on",
    "DisclosureRequest.Answered": "answered_on",
    "DisclosureRequest.Reanswered": "answered_on",
    "InformationItem.Published": "published_on",
}
_DECISIONS = frozenset(
    {
        "DisclosureRequest.Answered",
        "DisclosureRequest.DeemedAbandoned",
        "DisclosureRequest.DeemedWithdrawn",
    }
)
_REMEDY_FILED = {
    "DisclosureRequest.ReconsiderationDecided": "DisclosureRequest.ReconsiderationFiled",
    "DisclosureRequest.LawsuitDecided": "DisclosureRequest.LawsuitFiled",
}


@dataclass(frozen=True, slots=True)
class LoggedAction:
    """One ledger entry as the accountability read model keeps it."""

    index: int
    stream: str
    seq: int
    type: str
    actor: str
    at: str
    leaf_hash: str
    facts: Mapping[str, Any] | None = None

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> LoggedAction:
        """From (idx, stream, seq, type, actor, at, leaf_hash, facts JSON or None)."""
        idx, stream, seq, type_, actor, at, leaf, facts = row
        parsed = None if facts is None else json.loads(facts)
        return cls(int(idx), str(stream), int(seq), str(type_), str(actor), str(at), leaf, parsed)

    @property
    def recorded_on(self) -> date:
        """The China Standard Time date the entry was recorded on."""
        utc = datetime.strptime(self.at, "%Y-%m-%dT%H:%M:%S.%fZ")
        return (utc + CST).date()

    def fact(self, name: str) -> Any:
        return None if self.facts is None else self.facts.get(name)

    def evidence(self) -> Evidence:
        return Evidence(self.index, self.leaf_hash, self.type, self.stream, self.seq, self.at)

    def to_json(self) -> dict[str, Any]:
        shown = {
            "index": self.index,
            "leaf_hash": self.leaf_hash,
            "type": self.type,
            "stream": self.stream,
            "seq": self.seq,
            "at": self.at,
            "recorded_on": self.recorded_on.isoformat(),
        }
        if self.type.startswith("PersonalData.") and self.facts:
            shown["personal_data"] = dict(self.facts)  # whose, which fields, why; no data
        return shown


@dataclass(frozen=True, slots=True)
class Evidence:
    """A ledger entry a finding rests on: prove it with ``/v1/proof/inclusion?index=``."""

    index: int
    leaf_hash: str
    type: str
    stream: str
    seq: int
    at: str

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "leaf_hash": self.leaf_hash,
            "type": self.type,
            "stream": self.stream,
            "seq": self.seq,
            "at": self.at,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    officer: str
    stream: str
    subject: str | None
    detail: Mapping[str, Any]
    evidence: tuple[Evidence, ...]

    @property
    def title(self) -> str:
        return KINDS[self.kind]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "officer": self.officer,
            "stream": self.stream,
            "subject": self.subject,
            "detail": dict(self.detail),
            "evidence": [e.to_json() for e in self.evidence],
        }


@dataclass(frozen=True)
class OfficerRecord:
    """Everything one officer did in the period, and the findings on it."""

    officer: str
    name: str | None
    unit: str | None
    start: date | None
    end: date | None
    position: int
    actions: tuple[LoggedAction, ...]
    findings: tuple[Finding, ...]
    counts: Mapping[str, int] = field(default_factory=dict)

    def cited_indices(self) -> list[int]:
        """Log indices of every action and every entry a finding cites (some by other
        officers: a later withdrawal, a remedy's decision): what an evidence bundle of
        this record must hold."""
        cited = {a.index for a in self.actions}
        cited.update(e.index for f in self.findings for e in f.evidence)
        return sorted(cited)

    def to_json(self) -> dict[str, Any]:
        return {
            "officer": self.officer,
            "name": self.name,
            "unit": self.unit,
            "from": None if self.start is None else self.start.isoformat(),
            "to": None if self.end is None else self.end.isoformat(),
            "log_position": self.position,
            "action_count": len(self.actions),
            "actions_by_type": dict(sorted(Counter(a.type for a in self.actions).items())),
            "finding_counts": {kind: self.counts.get(kind, 0) for kind in KINDS},
            "findings": [f.to_json() for f in self.findings],
            "actions": [a.to_json() for a in self.actions],
            "entries_cited": self.cited_indices(),
        }


def officer_record(
    officer: str,
    actions: Sequence[LoggedAction],
    stream_facts: Iterable[LoggedAction],
    calendar: Sequence[RecordedYear],
    *,
    name: str | None = None,
    unit: str | None = None,
    start: date | None = None,
    end: date | None = None,
    position: int = 0,
    as_of: date | None = None,
) -> OfficerRecord:
    """The officer's record: ``actions`` are theirs in the period; ``stream_facts`` the
    fact-bearing entries (anyone's, any time) of the streams they acted on; ``as_of``
    the day requests still open are judged on (none: not judged)."""
    by_stream: dict[str, list[LoggedAction]] = {}
    for row in sorted(stream_facts, key=lambda r: r.index):
        by_stream.setdefault(row.stream, []).append(row)
    found = findings(officer, actions, by_stream, calendar, as_of)
    counts = Counter(f.kind for f in found)
    return OfficerRecord(
        officer, name, unit, start, end, position, tuple(actions), tuple(found), counts
    )


def findings(
    officer: str,
    actions: Sequence[LoggedAction],
    streams: Mapping[str, Sequence[LoggedAction]],
    calendar: Sequence[RecordedYear],
    as_of: date | None = None,
) -> list[Finding]:
    """Every finding on the officer's ``actions``, in log order of the action."""
    result: list[Finding] = []
    recorded = CalendarHistory(calendar)
    latest = recorded.before(sys.maxsize)
    for action in actions:
        if action.actor != officer:
            continue
        history = streams.get(action.stream, ())
        subject = _subject(history)
        checks = _checks(action, history, recorded)
        office = office_checks(action)
        for kind, detail, evidence in (
            *checks,
            *request_checks(action, history, latest, as_of),
            *office,
        ):
            stream = str(action.fact("stream") or action.stream)
            result.append(Finding(kind, officer, stream, subject, detail, evidence))
    return result


Check = tuple[str, dict[str, Any], tuple[Evidence, ...]]


def _checks(
    action: LoggedAction, history: Sequence[LoggedAction], calendar: CalendarHistory
) -> Iterable[Check]:
    kind = action.type
    if kind == "DisclosureRequest.Answered" and action.fact("late"):
        yield _late_answer(action, history)
    if kind == "InformationItem.Published" and action.fact("late"):
        yield _late_publication(action, history)
    if kind == "InformationItem.SecrecyReviewed":
        yield from _secrecy_withdrawn(action, history)
    if kind in _DECISIONS:
        yield from _corrected(action, history)
    if kind == "DisclosureRequest.Extended":
        detail = {k: action.fact(k) for k in ("on", "days", "reason", "answer_due")}
        yield "EXTENSION_GRANTED", detail, (action.evidence(),)
    if kind == "Officer.AttemptRefused":
        detail = {k: action.fact(k) for k in ("code", "command", "stream")}
        yield "ATTEMPT_REFUSED", detail, (action.evidence(),)
    backfill = _backfilled(action, calendar)
    if backfill is not None:
        yield backfill


def _before(history: Sequence[LoggedAction], action: LoggedAction) -> list[LoggedAction]:
    return [row for row in history if row.index < action.index]


def _late_answer(action: LoggedAction, history: Sequence[LoggedAction]) -> Check:
    # the entry that set the due date the answer missed
    setters = [r for r in _before(history, action) if r.fact("answer_due") is not None]
    evidence = (*(r.evidence() for r in setters[-1:]), action.evidence())
    detail = {k: action.fact(k) for k in ("answered_on", "answer_due", "outcome")}
    return "LATE_ANSWER", detail, evidence


def _late_publication(action: LoggedAction, history: Sequence[LoggedAction]) -> Check:
    origins = [
        r
        for r in _before(history, action)
        if r.type in ("InformationItem.Drafted", "InformationItem.Corrected")
    ]
    evidence = (*(r.evidence() for r in origins[-1:]), action.evidence())
    detail = {k: action.fact(k) for k in ("published_on", "publish_by", "content_sha256")}
    return "LATE_PUBLICATION", detail, evidence


def _secrecy_withdrawn(action: LoggedAction, history: Sequence[LoggedAction]) -> Iterable[Check]:
    if action.fact("subject") != "version" or action.fact("result") not in (
        "passed",
        "passed_with_redactions",
    ):
        return
    passed = {action.fact("content_sha256"), action.fact("redacted_sha256")} - {None}
    for row in history:
        if (
            row.index > action.index
            and row.type == "InformationItem.Withdrawn"
            and row.fact("reason") == "secrecy"
            and row.fact("content_sha256") in passed
        ):
            published = [
                r
                for r in history
                if action.index < r.index < row.index
                and r.type == "InformationItem.Published"
                and r.fact("content_sha256") == row.fact("content_sha256")
            ]
            evidence = (action.evidence(), *(r.evidence() for r in published), row.evidence())
            detail = {
                "content_sha256": row.fact("content_sha256"),
                "review_result": action.fact("result"),
                "withdrawn_on": row.fact("withdrawn_on"),
                "legal_basis": row.fact("legal_basis"),
            }
            yield "SECRECY_PASS_WITHDRAWN", detail, evidence


def _corrected(action: LoggedAction, history: Sequence[LoggedAction]) -> Iterable[Check]:
    for row in history:
        if row.index > action.index and row.type in _REMEDY_FILED:
            if row.fact("result") != "corrected":
                continue
            filed = [
                r for r in history if r.type == _REMEDY_FILED[row.type] and r.index < row.index
            ]
            evidence = (action.evidence(), *(r.evidence() for r in filed[-1:]), row.evidence())
            remedy = "reconsideration" if "Reconsideration" in row.type else "lawsuit"
            detail = {
                "decision": action.type.split(".", 1)[1],
                "outcome": action.fact("outcome"),
                "remedy": remedy,
                "decided_on": row.fact("on"),
            }
            yield "DECISION_CORRECTED", detail, evidence


def _backfilled(action: LoggedAction, calendar: CalendarHistory) -> Check | None:
    name = CLAIMED_DATES.get(action.type)
    claimed = None if name is None else action.fact(name)
    if not isinstance(claimed, str):
        return None
    claimed_on = date.fromisoformat(claimed)
    working = calendar.before(action.index).working_days_between(claimed_on, action.recorded_on)
    if working <= BACKFILL_WORKING_DAYS:
        return None
    detail = {
        "field": name,
        "claimed_on": claimed,
        "recorded_on": action.recorded_on.isoformat(),
        "working_days": working,
    }
    return "BACKFILLED", detail, (action.evidence(),)


def _subject(history: Sequence[LoggedAction]) -> str | None:
    """The request number or the item's document number / title, for people."""
    for row in history:
        if row.type == "DisclosureRequest.Received":
            return str(row.fact("number"))
        if row.type == "InformationItem.Drafted":
            title = row.fact("title")
            label = row.fact("doc_number") or (title if isinstance(title, str) else None)
            return None if label is None else str(label)
    return None
