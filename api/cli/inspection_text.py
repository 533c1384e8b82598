"""Plain-text renderings of a decision timeline and an accountability record, for the
terminal (``gongkai history``, ``gongkai accountability``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from domain.reporting.accountability import KINDS

_MARK = {"verified": "✓ verified", "pending": "… pending checkpoint", "failed": "✗ FAILED"}


def timeline_lines(history: Mapping[str, Any]) -> Iterator[str]:
    checkpoint = history["checkpoint"]
    as_of = history["as_of"]
    where = f" as of log index {as_of}" if as_of is not None else ""
    yield f"{history['kind']} {history['stream']}{where}: {history['entries']} entries"
    state = history["state"] or {}
    label = state.get("number") or state.get("doc_number") or state.get("title") or ""
    if label or state.get("status"):
        yield f"  {label}  status: {state.get('status')}"
    signed = "verified" if checkpoint["verified"] else f"NOT verified ({checkpoint['problem']})"
    yield f"  checked against checkpoint of tree size {checkpoint['tree_size']} ({signed})"
    yield ""
    for step in history["timeline"]:
        yield from _step_lines(step)


def _step_lines(step: Mapping[str, Any]) -> Iterator[str]:
    on = f" (claims {step['on']})" if step["on"] and step["on"] != step["recorded_on"] else ""
    yield f"#{step['index']}  seq {step['seq']}  {step['type']}"
    yield f"    at {step['at']}{on}  by {step['actor']} as {step['role']}"
    basis = step["legal_basis"]
    recorded = "; ".join(f"{k}: {v}" for k, v in basis["recorded"].items())
    if basis["articles"] or recorded:
        yield f"    basis: {basis['articles'] or '—'}" + (f"  [{recorded}]" if recorded else "")
    before, after = step["state_before"] or {}, step["state_after"] or {}
    changed = [k for k in after if k not in ("version", "status") and after[k] != before.get(k)]
    shown = ", ".join(changed[:6]) + (", …" if len(changed) > 6 else "")
    yield f"    state: {before.get('status', '—')} → {after.get('status', '—')}" + (
        f"  (changed: {shown})" if before and changed else ""
    )
    deadline = step["deadline"]
    if deadline:
        yield f"    deadline: {deadline_text(deadline)}"
    verification = step["verification"] or {"status": "failed", "problem": "not checked"}
    mark = _MARK.get(verification["status"], verification["status"])
    problem = f"  {verification['problem']}" if verification.get("problem") else ""
    yield f"    leaf {step['leaf_hash']}  {mark}{problem}"


def deadline_text(deadline: Mapping[str, Any]) -> str:
    status = deadline["status"]
    due = deadline.get("due")
    text = f"{deadline['kind']} {status}"
    if due:
        text += f", due {due}" + (" (provisional)" if deadline.get("provisional") else "")
    if "remaining" in deadline and status not in ("answered_late", "answered_on_time"):
        text += f", {deadline['remaining']} working day(s) left on {deadline['on']}"
    if deadline.get("reason"):
        text += f" ({deadline['reason']})"
    return text


def record_lines(record: Mapping[str, Any]) -> Iterator[str]:
    period = f"{record['from'] or '…'} to {record['to'] or '…'}"
    who = record.get("officer") or record.get("unit")
    name = f" {record['name']}" if record.get("name") else ""
    unit = f" ({record['unit']})" if record.get("officer") and record.get("unit") else ""
    yield f"{who}{name}{unit}: {record['action_count']} actions, {period}"
    yield f"  read model at log position {record['log_position']}"
    for member in record.get("members", ()):
        yield f"  member {member['officer']} {member['name']}: {member['action_count']} actions"
    counts = record["finding_counts"]
    yield "findings:"
    for kind, title in KINDS.items():
        yield f"  {counts.get(kind, 0):4d}  {kind:24s} {title}"
    for finding in record["findings"]:
        evidence = ", ".join(f"#{e['index']}" for e in finding["evidence"])
        detail = "; ".join(f"{k}={v}" for k, v in finding["detail"].items() if v is not None)
        subject = finding["subject"] or finding["stream"]
        who = finding["officer"]
        yield f"- {finding['kind']} {subject} by {who}: {detail}  [entries {evidence}]"
    by_type = record.get("actions_by_type")
    if by_type:
        yield "actions by type:"
        for kind, count in by_type.items():
            yield f"  {count:4d}  {kind}"
    yield from _openings(record.get("actions", ()))


def _openings(actions: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """Each opening or erasure of personal data: whose record, which fields, why."""
    rows = [a for a in actions if a.get("personal_data")]
    if rows:
        yield "personal data opened or erased:"
    for action in rows:
        facts = action["personal_data"]
        what = ",".join(facts.get("fields") or [])
        why = facts.get("purpose") or "erasure"
        yield (
            f"  #{action['index']} {action['recorded_on']} {action['type']} "
            f"{facts.get('number') or facts.get('record')} [{what}] {why}: "
            f"{facts.get('legal_basis')}"
        )
