"""Inspection and reporting over the ledger and its read models: decision replay,
officer and unit accountability, the annual report and its publication.

The API routes and the CLI both go through ``Inspection``: it reads the ledger and the
read models (never in a route), hands the rows to the pure domain functions
(``domain.reporting.replay``, ``.accountability``, ``.annual_report``) and, to
publish a report, runs get → call → save on the ``AnnualReport`` aggregate. Reads use
what is integrated and projected; callers settle first when they need the very latest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from api.clock import today
from api.errors import OfficerNotFound, ReadModelBusy, UnitNotFound
from api.services import Services
from api.views import report_sections
from domain.reporting import accountability as acc
from domain.reporting.annual_report import YearReport, annual_report, facts_from_rows
from domain.reporting.publication import AnnualReport
from domain.reporting.replay import replay
from domain.reporting.statistics import figures_from_rows
from ledger.backend import Cursor
from ledger.entry_status import LoggedEntry, check_entries, stream_entries
from ledger.errors import IntegrityFailure, ProofUnavailable
from ledger.events import Recorded
from ledger.ledger import singleton_stream
from projections import accountability as acc_rows
from projections import report_inputs
from verify.errors import VerifyError
from verify.note import verify_checkpoint

T = TypeVar("T")
CST = timedelta(hours=8)


@dataclass(frozen=True)
class ReportView:
    """A year's report as computed at one log position, with its checkpoint."""

    report: YearReport
    position: int
    checkpoint_note: str | None
    root_hash: str | None
    origin: str
    publications: tuple[dict[str, Any], ...]
    sections: dict[str, Any] = field(default_factory=dict)

    @property
    def matches_published(self) -> bool | None:
        """Whether the latest publication of this year carries these very figures."""
        if not self.publications:
            return None
        return bool(self.publications[-1]["report_sha256"] == self.report.sha256)

    def to_json(self) -> dict[str, Any]:
        checks = self.report.cross_checks()
        return {
            **self.report.body(),
            "sha256": self.report.sha256,
            "origin": self.origin,
            "cross_checks_hold": all(c.holds for c in checks),
            "cross_checks": [c.to_json() for c in checks],
            "checkpoint": {
                "tree_size": self.position,
                "root_hash": self.root_hash,
                "note": self.checkpoint_note,
            },
            "published": list(self.publications),
            "matches_published": self.matches_published,
            **self.sections,
        }


def recorded(logged: LoggedEntry) -> Recorded:
    """A logged entry as the aggregates replay it, with its log index and leaf hash."""
    entry = logged.parsed()
    at = datetime.strptime(entry.at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    return Recorded(
        entry.type, entry.data, entry.actor, at, entry.seq, logged.leaf_hash, logged.index
    )


def report_stream(origin: str, year: int) -> str:
    return singleton_stream(origin, f"annual-report:{year}")


class Inspection:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.ledger = services.ledger

    # --- decision replay ---------------------------------------------------------------

    def history(self, stream: str, as_of: int | None = None) -> dict[str, Any]:
        """The stream's timeline (as it stood at log index ``as_of``), every entry checked.

        Raises NothingToReplay (STREAM_NOT_FOUND)."""
        entries = stream_entries(self.ledger, stream)
        shown = [e for e in entries if as_of is None or e.index <= as_of]
        calendar = stream_entries(self.ledger, self.services.office.stream("calendar"))
        checkpoint, statuses = check_entries(self.ledger, shown)
        for status in statuses:  # shown as failed to the inspector, and degraded at once
            if dict(status.checks)["leaf"] != "ok":
                why = "was altered in the store: it no longer hashes to its leaf hash"
                failure = IntegrityFailure.entry_altered(stream, None, why, log_index=status.index)
                self.services.integrity_failed(failure)
        timeline = replay(
            stream,
            [recorded(e) for e in entries],
            [recorded(e) for e in calendar],
            {s.index: s.to_json() for s in statuses},
            as_of=as_of,
        )
        return {**timeline.to_json(), "checkpoint": checkpoint.to_json()}

    # --- accountability -------------------------------------------------------------------

    def officer_record(
        self, officer: str, start: date | None, end: date | None
    ) -> acc.OfficerRecord:
        """Every action of ``officer`` on CST dates start..end, with findings.

        Raises OfficerNotFound if the officer never held a key and never acted."""

        def read(cur: Cursor) -> acc.OfficerRecord:
            known = {str(r[0]): (str(r[1]), str(r[2])) for r in acc_rows.officers(cur)}
            actions = [
                acc.LoggedAction.from_row(r) for r in acc_rows.actions(cur, officer, start, end)
            ]
            if officer not in known and not actions:
                raise OfficerNotFound(f"no officer {officer}", officer=officer)
            return self._record(cur, officer, known.get(officer), actions, start, end)

        return self._consistent(acc_rows.position_of, read)

    def unit_record(self, unit: str, start: date | None, end: date | None) -> dict[str, Any]:
        """The records of every officer of ``unit`` (an agency unit id, or the unit name
        officers were appointed with). Raises UnitNotFound."""

        def read(cur: Cursor) -> list[acc.OfficerRecord]:
            names = {unit, acc_rows.unit_names(cur).get(unit, unit)}
            members = [r for r in acc_rows.officers(cur) if str(r[2]) in names]
            if not members:
                raise UnitNotFound(f"no officer belongs to unit {unit}", unit=unit)
            records = []
            for officer, name, unit_name in members:
                rows = acc_rows.actions(cur, str(officer), start, end)
                actions = [acc.LoggedAction.from_row(r) for r in rows]
                found = (str(name), str(unit_name))
                records.append(self._record(cur, str(officer), found, actions, start, end))
            return records

        records = self._consistent(acc_rows.position_of, read)
        return unit_json(unit, start, end, records)

    def _record(
        self,
        cur: Cursor,
        officer: str,
        known: tuple[str, str] | None,
        actions: list[acc.LoggedAction],
        start: date | None,
        end: date | None,
    ) -> acc.OfficerRecord:
        streams = sorted({a.stream for a in actions})
        facts = [acc.LoggedAction.from_row(r) for r in acc_rows.stream_facts(cur, streams)]
        calendar = [acc.recorded_year(r) for r in acc_rows.calendar_records(cur)]
        name, unit = known if known is not None else (None, None)
        return acc.officer_record(
            officer,
            actions,
            facts,
            calendar,
            name=name,
            unit=unit,
            start=start,
            end=end,
            position=acc_rows.position_of(cur),
            as_of=today() if end is None else min(end, today()),
        )

    # --- the annual report -------------------------------------------------------------

    def annual_report(self, year: int) -> ReportView:
        """The year's report from the report-inputs read model, citing its checkpoint."""

        def read(cur: Cursor) -> tuple[YearReport, int]:
            facts = facts_from_rows(
                report_inputs.requests(cur),
                report_inputs.remedies(cur),
                report_inputs.items(cur),
                report_inputs.fees(cur),
            )
            figures = figures_from_rows(report_inputs.statistics(cur))
            return annual_report(year, *facts, figures), report_inputs.position_of(cur)

        report, position = self._consistent(report_inputs.position_of, read)
        note, root = self._checkpoint(position)
        extra = report_sections.sections(self.services, year, report.fees_fen, today())
        published = self._published(year)
        return ReportView(report, position, note, root, self.ledger.origin, published, extra)

    def publish_report(self, year: int, as_officer: str, at: datetime) -> dict[str, Any]:
        """Record ``AnnualReport.Published`` for the report as computed now.

        Raises ReportCrossCheckFailed, RuleViolation, ProofUnavailable."""
        view = self.annual_report(year)
        if view.root_hash is None:
            raise ProofUnavailable(f"no signed checkpoint of size {view.position} to cite")
        office = self.services.office
        actor = office.actor(as_officer)
        stream = report_stream(self.ledger.origin, year)
        record = office.repo.load(AnnualReport, stream, stream, must_exist=False)
        record.publish(
            actor,
            at,
            report=view.report,
            tree_size=view.position,
            root_hash=view.root_hash,
            published_on=(at.astimezone(UTC) + CST).date(),
            narratives=report_sections.load_narrative(self.services, year),
            agency_kind=office.agency().guide.get("agency_kind", "department"),
        )
        saved = office.repo.save(record, stream)
        return {
            "year": year,
            "report_sha256": view.report.sha256,
            "tree_size": view.position,
            "stream": stream,
            "seq": saved[-1].entry.seq,
            "leaf_hash": saved[-1].leaf_hash,
        }

    def _published(self, year: int) -> tuple[dict[str, Any], ...]:
        result = []
        for logged in stream_entries(self.ledger, report_stream(self.ledger.origin, year)):
            entry = logged.parsed()
            result.append(
                {
                    "index": logged.index,
                    "leaf_hash": logged.leaf_hash,
                    "report_sha256": entry.data.get("report_sha256"),
                    "tree_size": entry.data.get("tree_size"),
                    "published_on": entry.data.get("published_on"),
                    "officer": entry.actor,
                    "due_on": entry.data.get("due_on"),
                    "late": entry.data.get("late"),
                }
            )
        return tuple(result)

    def _checkpoint(self, position: int) -> tuple[str | None, str | None]:
        if position == 0:
            return None, None
        try:
            note = self.ledger.checkpoint_note(position)
            root = verify_checkpoint(note, self.ledger.vkey()).root_hash.hex()
        except (ProofUnavailable, VerifyError):
            return None, None
        return note, root

    # --- consistent reads -----------------------------------------------------------------

    def _consistent(self, position: Callable[[Cursor], int], read: Callable[[Cursor], T]) -> T:
        """Run ``read`` so that it sees one projection position: a read model writes its
        rows and position in one transaction, so an unchanged position means no
        commit fell between the reads."""
        for _ in range(5):
            with self.ledger.backend.transaction() as cur:
                before = position(cur)
                result = read(cur)
                if position(cur) == before:
                    return result
        raise ReadModelBusy("the read model kept moving; try again")


def unit_json(
    unit: str, start: date | None, end: date | None, records: list[acc.OfficerRecord]
) -> dict[str, Any]:
    """One unit's accountability: its members' counts, all findings and actions."""
    findings = sorted((f for r in records for f in r.findings), key=lambda f: f.evidence[-1].index)
    actions = sorted((a for r in records for a in r.actions), key=lambda a: a.index)
    return {
        "unit": unit,
        "from": None if start is None else start.isoformat(),
        "to": None if end is None else end.isoformat(),
        "log_position": max((r.position for r in records), default=0),
        "members": [
            {
                "officer": r.officer,
                "name": r.name,
                "unit": r.unit,
                "action_count": len(r.actions),
                "finding_counts": {k: r.counts.get(k, 0) for k in acc.KINDS},
            }
            for r in records
        ],
        "action_count": len(actions),
        "finding_counts": {k: sum(r.counts.get(k, 0) for r in records) for k in acc.KINDS},
        "findings": [f.to_json() for f in findings],
        "actions": [{**a.to_json(), "actor": a.actor} for a in actions],
    }


def page_of_actions(record: dict[str, Any], cursor: int | None, limit: int) -> dict[str, Any]:
    """One page of a record's actions (log order; the cursor is the last log index shown).

    Counts, findings and ``entries_cited`` stay whole: they describe the period."""
    actions = [a for a in record["actions"] if cursor is None or a["index"] > cursor]
    page = actions[:limit]
    more = len(actions) > limit
    return {**record, "actions": page, "next_cursor": page[-1]["index"] if more else None}
