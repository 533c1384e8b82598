"""The annual report's narrative sections (国办公开办函〔2021〕30号): 一、总体情况,
五、存在的主要问题及改进情况 and 六、其他需要报告的事项 — drafted by an officer of the
office, approved by the office head, each step a signed entry; the report is published
only once all three are approved, and its publication carries their hashes.

A new draft of a section replaces the earlier one and needs its own approval; the
officer who drafted a text cannot approve it (``SELF_APPROVAL``, as for items).
One stream per year.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from domain.aggregate import Actor, Aggregate
from domain.checks import check_sha256, check_text
from domain.errors import RuleViolation
from ledger.events import Recorded

SECTIONS: Final = {
    1: "一、总体情况",
    5: "五、存在的主要问题及改进情况",
    6: "六、其他需要报告的事项",
}
MAX_LENGTH: Final = 20_000


@dataclass(frozen=True, slots=True)
class Section:
    number: int
    text: str
    text_sha256: str
    drafted_by: str
    approved_by: str | None = None


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ReportNarrative(Aggregate):
    """The drafts and approvals of one year's narrative sections."""

    aggregate_type = "ReportNarrative"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self._sections: dict[int, Section] = {}

    @property
    def sections(self) -> dict[int, Section]:
        return dict(self._sections)

    def draft(self, actor: Actor, at: datetime, *, year: int, section: int, text: str) -> None:
        """Raises RoleRequired, or RuleViolation: REPORT_SECTION_UNKNOWN, FIELD_REQUIRED,
        TEXT_BIDI_CONTROL, TEXT_TOO_LONG."""
        actor.require("drafter")
        number = _check_section(section)
        body = check_text(text, "text")
        if len(body) > MAX_LENGTH:
            raise RuleViolation(
                "TEXT_TOO_LONG", f"a section holds at most {MAX_LENGTH} characters", field="text"
            )
        self._record(
            "NarrativeDrafted",
            actor,
            at,
            year=year,
            section=number,
            title=SECTIONS[number],
            text=body,
            text_sha256=text_sha256(body),
        )

    def approve(self, actor: Actor, at: datetime, *, section: int, sha256: str) -> None:
        """Approve the current draft of ``section``, named by its hash (what was read).

        Raises RoleRequired, or RuleViolation: REPORT_SECTION_NOT_DRAFTED,
        REPORT_SECTION_CHANGED, SELF_APPROVAL, ALREADY_APPROVED."""
        actor.require("office_head")
        current = self._sections.get(_check_section(section))
        if current is None:
            raise RuleViolation(
                "REPORT_SECTION_NOT_DRAFTED", f"section {section} has no draft", section=section
            )
        if current.text_sha256 != check_sha256(sha256, "sha256"):
            raise RuleViolation(
                "REPORT_SECTION_CHANGED",
                "the draft was replaced after the text you read",
                current_sha256=current.text_sha256,
            )
        if actor.officer_id == current.drafted_by:
            raise RuleViolation(
                "SELF_APPROVAL",
                "the author of a version cannot approve it",
                officer=actor.officer_id,
                section=section,
            )
        if current.approved_by is not None:
            raise RuleViolation(
                "ALREADY_APPROVED", "this version is approved", approved_by=current.approved_by
            )
        self._record("NarrativeApproved", actor, at, section=section, text_sha256=sha256)

    def approved(self) -> dict[int, Section]:
        """Every section, approved. Raises RuleViolation(REPORT_NARRATIVE_NOT_APPROVED)."""
        missing = [n for n in SECTIONS if self._approved_by(n) is None]
        if missing:
            raise RuleViolation(
                "REPORT_NARRATIVE_NOT_APPROVED",
                "the narrative sections "
                + "、".join(SECTIONS[n] for n in missing)
                + " are not drafted and approved",
                sections=missing,
            )
        return {n: self._sections[n] for n in SECTIONS}

    def _approved_by(self, number: int) -> str | None:
        section = self._sections.get(number)
        return None if section is None else section.approved_by

    def _on_NarrativeDrafted(self, event: Recorded) -> None:
        d = event.data
        number = int(d["section"])
        self._sections[number] = Section(number, d["text"], d["text_sha256"], event.actor)

    def _on_NarrativeApproved(self, event: Recorded) -> None:
        number = int(event.data["section"])
        current = self._sections[number]
        self._sections[number] = Section(
            number, current.text, current.text_sha256, current.drafted_by, event.actor
        )


def _check_section(section: object) -> int:
    if not isinstance(section, int) or section not in SECTIONS:
        raise RuleViolation(
            "REPORT_SECTION_UNKNOWN",
            "the drafted sections are 1 (总体情况), 5 (问题及改进) and 6 (其他事项)",
            section=repr(section),
        )
    return section
